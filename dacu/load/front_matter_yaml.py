"""The YAML half of :mod:`dacu.load.frontmatter`: front matter and YAML files parsed with PyYAML.

Imported only when a file has front matter (or is a YAML sheet): PyYAML's
import is a tenth of a one-file rebuild.
"""

from __future__ import annotations

from typing import Any

import yaml

from dacu.core.i18n import Message, msg
from dacu.core.limits import Limits
from dacu.load.frontmatter import Document, Problem
from dacu.load.yaml_guard import check_node, compose, construct, refuse_binary
from dacu.load.yaml_pitfalls import YAML12_RESOLVERS, colour_pitfall, commented_colour, text_pitfalls


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps timestamps as text (we parse them with a time zone), with YAML 1.2 numbers and booleans."""


_Loader.yaml_implicit_resolvers = YAML12_RESOLVERS
_Loader.add_constructor("tag:yaml.org,2002:binary", refuse_binary)


def parse_front_matter(yaml_text: str, doc: Document, max_values: int) -> None:
    """The front matter ``yaml_text`` (from the file's second line) parsed into ``doc``: data, lines, errors."""
    # Tabs and full-width punctuation: explained at their line, and the data is
    # not used (what YAML made of such a line would only add confusing findings).
    pitfalls: list[Problem] = list(text_pitfalls(yaml_text, offset=2))
    try:
        node = compose(yaml_text, _Loader)
    except yaml.YAMLError as exc:
        doc.errors += pitfalls or [_syntax_error(exc, offset=2, what=msg("the front matter"))]
        return
    if pitfalls:
        doc.errors += pitfalls
        return
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        doc.errors.append((2, "", msg("the front matter must be a mapping of keys (key: value), not a list or a single value")))
        return
    too_big = check_node(node, max_values)
    if too_big is not None:
        doc.errors.append((too_big[0] + 2, "", too_big[1]))
        return
    _walk(node, "", doc, offset=2, source=yaml_text.splitlines())
    loader = _Loader("")
    try:
        doc.data = construct(loader, node)
    except yaml.YAMLError as exc:  # e.g. an unhashable key
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        doc.errors.append((mark.line + 2 if mark else None, "",
                           msg("the front matter is not valid YAML: {reason}", reason=str(problem))))


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
