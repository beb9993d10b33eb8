"""Markdown files with YAML front matter, parsed with the line of every key.

PyYAML's node tree carries marks; walking it next to the constructed data
gives a ``"hero.image" -> line`` map so findings can point at the line the
copywriter has to edit. Timestamps stay strings here (the schema parses them
in the site's time zone), duplicate keys are reported rather than silently
taking the last one, and YAML is read the way YAML 1.2 does (``001234`` stays
text, ``yes`` stays a word; :mod:`dacu.load.yaml_pitfalls`). The mistakes
people make in YAML (tabs, full-width colons and commas, an unquoted colour
read as a comment) are explained at their line instead of PyYAML's message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from dacu.core.i18n import Message, msg
from dacu.load.yaml_pitfalls import YAML12_RESOLVERS, colour_pitfall, commented_colour, text_pitfalls
from dacu.core.limits import Limits
from dacu.load.yaml_guard import check_node, compose, construct, refuse_binary

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^---[ \t]*\r?$\n?)", re.S | re.M)


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text (we parse them with a time zone), with YAML 1.2 numbers and booleans."""


_Loader.yaml_implicit_resolvers = YAML12_RESOLVERS

Problem = tuple[int | None, str, Message]  # (line, key, message)
_Loader.add_constructor("tag:yaml.org,2002:binary", refuse_binary)


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
    yaml_text = match.group(1)
    doc = Document(body=text[match.end():], body_line=text[: match.end()].count("\n") + 1)
    # Tabs and full-width punctuation: explained at their line, and the data is
    # not used (what YAML made of such a line would only add confusing findings).
    pitfalls: list[Problem] = list(text_pitfalls(yaml_text, offset=2))
    try:
        node = compose(yaml_text, _Loader)
    except yaml.YAMLError as exc:
        doc.errors += pitfalls or [_syntax_error(exc, offset=2, what=msg("the front matter"))]
        return doc
    if pitfalls:
        doc.errors += pitfalls
        return doc
    if node is None:
        return doc
    if not isinstance(node, yaml.MappingNode):
        doc.errors.append((2, "", msg("the front matter must be a mapping of keys (key: value), not a list or a single value")))
        return doc
    too_big = check_node(node, max_values)
    if too_big is not None:
        doc.errors.append((too_big[0] + 2, "", too_big[1]))
        return doc
    _walk(node, "", doc, offset=2, source=yaml_text.splitlines())
    loader = _Loader("")
    try:
        doc.data = construct(loader, node)
    except yaml.YAMLError as exc:  # e.g. an unhashable key
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        doc.errors.append((mark.line + 2 if mark else None, "",
                           msg("the front matter is not valid YAML: {reason}", reason=str(problem))))
    return doc


def _syntax_error(exc: yaml.YAMLError, offset: int, what: Message) -> Problem:
    # The context mark (where the unclosed construct began) is where users look first.
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    line = mark.line + offset if mark is not None else None  # +1 for 1-based (+1 for an opening ---)
    problem = getattr(exc, "problem", None) or str(exc)
    if "'\\t'" in problem:  # "found character '\t' that cannot start any token": a tab after "key:" or "-"
        return (line, "", msg("{what} has a tab on this line: YAML separates keys, values and list items with "
                              "spaces only; replace the tab with spaces", what=what))
    context = getattr(exc, "context", None)
    reason = f"{context}, {problem}" if context else problem
    return (line, "", msg("{what} is not valid YAML: {reason}", what=what, reason=reason))


def _walk(node: yaml.Node, path: str, doc: Document, offset: int, source: list[str]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            line = key_node.start_mark.line + offset
            if key in seen:
                doc.errors.append((line, child, msg('the key "{key}" appears twice; the second would silently '
                                                    'replace the first', key=key)))
            seen.add(key)
            doc.lines[child] = line
            colour = commented_colour(value_node, source, offset)
            if colour:
                doc.errors.append(colour_pitfall(child, colour, line))
            _walk(value_node, child, doc, offset, source)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            doc.lines[child] = item.start_mark.line + offset
            _walk(item, child, doc, offset, source)


def load_yaml(text: str, max_values: int = Limits.yaml_values) -> tuple[Any, dict[str, int], list[Problem]]:
    """Parse a whole YAML file (a product sheet): data, key lines, errors."""
    pitfalls: list[Problem] = list(text_pitfalls(text, offset=1))
    try:
        node = compose(text, _Loader)
    except yaml.YAMLError as exc:
        return None, {}, pitfalls or [_syntax_error(exc, offset=1, what=msg("the file"))]
    if pitfalls:
        return None, {}, pitfalls
    if node is None:
        return None, {}, []
    too_big = check_node(node, max_values)
    if too_big is not None:
        return None, {}, [(too_big[0] + 1, "", too_big[1])]
    doc = Document()
    _walk(node, "", doc, offset=1, source=text.splitlines())
    try:
        return construct(_Loader(""), node), doc.lines, doc.errors
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        return None, {}, [(mark.line + 1 if mark else None, "",
                           msg("{what} is not valid YAML: {reason}", what=msg("the file"), reason=str(problem)))]
