"""Bounded YAML: no alias bombs, no recursion, no runaway nesting or numbers.

PyYAML composes a document into a node graph in time linear in the text,
but an alias reuses a whole subtree, so 1 KB of nested aliases ("billion
laughs") stands for 10^9 values, and ``&a [*a]`` for infinitely many.
Everything after composing (the key-line walk, the schema, the pages) visits
the values as a tree, so :func:`check_node` measures the expanded tree on
the graph (each node once, memoised) before anything walks it: too deep,
recursive or too many values is an error at the line where it starts.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from dacu.core.i18n import Message, msg
from dacu.core.limits import DATA_DEPTH


class _TooBig(Exception):
    def __init__(self, node: yaml.Node, message: Message) -> None:
        super().__init__(str(message))
        self.node, self.message = node, message


def check_node(node: yaml.Node, max_values: int) -> tuple[int, Message] | None:
    """(0-based line, what to change) when ``node`` is too deep, recursive or too big; else None."""
    sizes: dict[int, int] = {}
    try:
        total = _size(node, 0, sizes, set(), max_values)
    except _TooBig as exc:
        return exc.node.start_mark.line, exc.message
    if total > max_values:
        return node.start_mark.line, _too_many(max_values)
    return None


def _too_many(limit: int) -> Message:
    return msg("the YAML holds more than {limit} values once its aliases (*name) are expanded: write the values "
               "out, or raise limits.yaml_values in [tool.dacu] if it really is that big", limit=limit)


def _size(node: yaml.Node, depth: int, sizes: dict[int, int], open_: set[int], limit: int) -> int:
    if depth > DATA_DEPTH:
        raise _TooBig(node, msg("lists and mappings nest more than {limit} levels deep here: flatten them",
                                limit=DATA_DEPTH))
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_:
        raise _TooBig(node, msg("an alias (*name) refers to the value that contains it, so the value never ends: "
                                "write it out instead"))
    if isinstance(node, yaml.SequenceNode):
        children: list[yaml.Node] = node.value
    elif isinstance(node, yaml.MappingNode):
        children = [n for pair in node.value for n in pair]
    else:
        sizes[key] = 1
        return 1
    open_.add(key)
    total = 1
    for child in children:
        total += _size(child, depth + 1, sizes, open_, limit)
        if total > limit:
            raise _TooBig(node, _too_many(limit))
    open_.discard(key)
    sizes[key] = total
    return total


def _nesting(text: str) -> int:
    """The deepest nesting of flow brackets and block markers, read cheaply before PyYAML does.

    PyYAML's scanner slows quadratically with flow depth (5,000 ``[`` take
    seconds) before its parser runs out of stack, so depth is measured first.
    Quoted text is skipped roughly: a bracket inside quotes never makes a
    document deeper than it is, only (rarely) reported as deeper.
    """
    deepest = flow = 0
    quote = ""
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        lead = re.match(r"(?:[-?:][ ]+)*", stripped)  # always matches, perhaps nothing
        block = (len(line) - len(stripped)) // 2 + (len(lead.group(0)) if lead else 0) // 2
        deepest = max(deepest, block + flow)
        for char in stripped:
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                flow += 1
                deepest = max(deepest, block + flow)
            elif char in "]}" and flow:
                flow -= 1
        quote = ""
    return deepest


def compose(text: str, loader: type) -> yaml.Node | None:
    """``yaml.compose``, with runaway nesting turned into a YAML error at the start."""
    if _nesting(text) > DATA_DEPTH * 2:
        raise yaml.YAMLError(str(msg("lists and mappings nest more than {limit} levels deep: flatten them",
                                     limit=DATA_DEPTH)))
    try:
        return yaml.compose(text, Loader=loader)
    except RecursionError:
        raise yaml.YAMLError(str(msg("lists and mappings nest more than {limit} levels deep: flatten them",
                                     limit=DATA_DEPTH))) from None


def construct(loader: Any, node: yaml.Node) -> Any:
    """The data of a checked node; raises :class:`yaml.YAMLError` for values Python cannot hold."""
    try:
        return loader.construct_document(node)
    except (ValueError, OverflowError):  # an int past Python's 4,300-digit limit
        raise yaml.YAMLError("a number has too many digits") from None
    except yaml.YAMLError:
        raise
    except Exception as exc:  # an unhashable key ([a, b]: 1), a tag on the wrong text (!!timestamp nope)
        raise yaml.YAMLError(f"a value cannot be read ({type(exc).__name__}): check the tags (!!...) and keys") from None


def refuse_binary(loader: Any, node: yaml.Node) -> Any:
    """``!!binary`` is bytes, never text a page can show: an error at its line."""
    raise yaml.constructor.ConstructorError(None, None, "!!binary values are not allowed: write the text itself",
                                            node.start_mark)
