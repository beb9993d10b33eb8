"""Markdown files with YAML front matter, parsed with the line of every key.

PyYAML's node tree carries marks; walking it next to the constructed data
gives a ``"hero.image" -> line`` map so findings can point at the line the
copywriter has to edit. Timestamps stay strings here (the schema parses them
in the site's time zone), duplicate keys are reported rather than silently
taking the last one, and YAML is read the way YAML 1.2 does (``001234`` stays
text, ``yes`` stays a word; :mod:`dacu.load.yaml_pitfalls`). The mistakes
people make in YAML (tabs, full-width colons and commas, an unquoted colour
read as a comment) are explained at their line instead of PyYAML's message.

PyYAML is imported by :mod:`dacu.load.front_matter_yaml` when a file has
front matter: a rebuild after a long copy edit without any pays no YAML import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dacu.core.i18n import Message, msg
from dacu.core.limits import Limits

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^---[ \t]*\r?$\n?)", re.S | re.M)

Problem = tuple[int | None, str, Message]  # (line, key, message)


@dataclass
class Document:
    """A parsed Markdown file: front matter data, key lines and the body."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1            # line of the body's first line in the file
    errors: list[Problem] = field(default_factory=list)


def split_front_matter(text: str) -> tuple[str, str]:
    """``text`` as (the part up to and with the closing ``---`` line, the body after it).

    :func:`parse_document` of the first part gives the same data, lines and
    problems as of the whole text, with an empty body. Without a closed front
    matter the first part is the whole text.
    """
    text = text.lstrip("\ufeff")
    match = _FENCE.match(text)
    return (text[:match.end()], text[match.end():]) if match else (text, "")


def parse_document(text: str, max_values: int = Limits.yaml_values) -> Document:
    """Split ``text`` into front matter and body and parse the front matter.

    Problems are returned in ``Document.errors`` (never raised): a YAML syntax
    error with its line, a front matter that is not a mapping, duplicate keys,
    more than ``max_values`` values or nesting past the limit
    (:mod:`dacu.load.yaml_guard`).
    """
    text = text.lstrip("\ufeff")
    match = _FENCE.match(text)
    if not match:
        if text.startswith("---"):
            return Document(body=text, errors=[(1, "", msg('front matter starts with "---" but has no closing "---" line'))])
        return Document(body=text)
    from dacu.load.front_matter_yaml import parse_front_matter

    doc = Document(body=text[match.end():], body_line=text[: match.end()].count("\n") + 1)
    parse_front_matter(match.group(1), doc, max_values)
    return doc


def load_yaml(text: str, max_values: int = Limits.yaml_values) -> tuple[Any, dict[str, int], list[Problem]]:
    """Parse a whole YAML file (a product sheet): data, key lines, errors."""
    from dacu.load.front_matter_yaml import load_yaml as load

    return load(text, max_values)
