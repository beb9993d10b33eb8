"""Markdown files with YAML front matter, parsed with the line of every key.

PyYAML's node tree carries marks; walking it next to the constructed data
gives a ``"hero.image" -> line`` map so findings can point at the line the
copywriter has to edit. Timestamps stay strings here (the schema parses them
in the site's time zone), and duplicate keys are reported rather than
silently taking the last one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from dacu.core.limits import Limits
from dacu.load.yaml_guard import check_node, compose, construct, refuse_binary

_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^---[ \t]*\r?$\n?)", re.S | re.M)


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text (we parse them with a time zone)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:binary", refuse_binary)


@dataclass
class Document:
    """A parsed Markdown file: front matter data, key lines and the body."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1            # line of the body's first line in the file
    errors: list[tuple[int | None, str, str]] = field(default_factory=list)  # (line, key, message)


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
            return Document(body=text, errors=[(1, "", 'front matter starts with "---" but has no closing "---" line')])
        return Document(body=text)
    yaml_text = match.group(1)
    doc = Document(body=text[match.end():], body_line=text[: match.end()].count("\n") + 1)
    try:
        node = compose(yaml_text, _Loader)
    except yaml.YAMLError as exc:
        # The context mark (where the unclosed construct began) is where users look first.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None  # +1 for 1-based, +1 for the opening ---
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context", None)
        reason = f"{context}, {problem}" if context else problem
        doc.errors.append((line, "", f"the front matter is not valid YAML: {reason}"))
        return doc
    if node is None:
        return doc
    if not isinstance(node, yaml.MappingNode):
        doc.errors.append((2, "", "the front matter must be a mapping of keys (key: value), not a list or a single value"))
        return doc
    too_big = check_node(node, max_values)
    if too_big is not None:
        doc.errors.append((too_big[0] + 2, "", too_big[1]))
        return doc
    _walk(node, "", doc, offset=2)
    loader = _Loader("")
    try:
        doc.data = construct(loader, node)
    except yaml.YAMLError as exc:  # e.g. an unhashable key
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or exc
        doc.errors.append((mark.line + 2 if mark else None, "", f"the front matter is not valid YAML: {problem}"))
    return doc


def _walk(node: yaml.Node, path: str, doc: Document, offset: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            line = key_node.start_mark.line + offset
            if key in seen:
                doc.errors.append((line, child, f'the key "{key}" appears twice; the second would silently replace the first'))
            seen.add(key)
            doc.lines[child] = line
            _walk(value_node, child, doc, offset)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            doc.lines[child] = item.start_mark.line + offset
            _walk(item, child, doc, offset)


def load_yaml(text: str, max_values: int = Limits.yaml_values) -> tuple[Any, dict[str, int], list[tuple[int | None, str, Any]]]:
    """Parse a whole YAML file (a product sheet): data, key lines, errors."""
    try:
        node = compose(text, _Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, {}, [(mark.line + 1 if mark else None, "", f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    if node is None:
        return None, {}, []
    too_big = check_node(node, max_values)
    if too_big is not None:
        return None, {}, [(too_big[0] + 1, "", too_big[1])]
    doc = Document()
    _walk(node, "", doc, offset=1)
    try:
        return construct(_Loader(""), node), doc.lines, doc.errors
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, {}, [(mark.line + 1 if mark else None, "", f"not valid YAML: {getattr(exc, 'problem', None) or exc}")]
