"""The YAML mistakes people make in front matter, explained at their line.

PyYAML's own messages ("mapping values are not allowed here", "found
character '\\t' that cannot start any token") describe the parser, not the
mistake, and some mistakes parse without error into something else: an
unquoted colour ``primary: #D81E5B`` is an empty value and a comment. Each
pitfall found here is one ``front-matter`` finding at the user's line, with
the text to write instead.

Two YAML 1.1 surprises are avoided by reading the way YAML 1.2 does
(:data:`YAML12_RESOLVERS`): ``001234`` stays the text ``001234`` (YAML 1.1
reads it as the octal number 668, which would turn a SKU into another), and
``yes``/``no``/``on``/``off`` stay words (only ``true``/``false`` are
booleans; the fields that take a yes/no read the words themselves).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from dacu.core.i18n import Message, msg

Pitfall = tuple[int, str, Message]  # (line in the file, key, message)

_TAB_INDENT = re.compile(r"^( *)\t")
# "title：双11" or "- {name：预热": an ASCII key followed by a full-width colon
_FULL_WIDTH_COLON = re.compile(r"(?:^\s*(?:-\s+)?|[{,]\s*)([A-Za-z_][\w-]*)\s*：")
# a full-width comma between two ASCII items of a flow list: [99，10], ["100012"，"100013"]
_FULL_WIDTH_COMMA = re.compile(r"""[A-Za-z0-9"'\]}]\s*[，、]\s*[A-Za-z0-9"'\[{]""")
_COMMENTED_COLOUR = re.compile(r"^\s*(#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?)\b")


def _resolvers() -> dict[Any, list[tuple[str, Any]]]:
    """SafeLoader's implicit resolvers, minus timestamps, YAML 1.1 octal/sexagesimal ints and yes/no booleans."""
    replaced = {
        "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        "tag:yaml.org,2002:int": re.compile(r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+)$"),
    }
    table: dict[Any, list[tuple[str, Any]]] = {}
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items():
        kept = []
        for tag, regexp in resolvers:
            if tag == "tag:yaml.org,2002:timestamp":
                continue  # the schema parses times in the site's time zone
            kept.append((tag, replaced.get(tag, regexp)))
        table[first] = kept
    return table


#: Implicit resolvers with YAML 1.2's readings of 0-prefixed numbers and yes/no.
YAML12_RESOLVERS = _resolvers()


def text_pitfalls(text: str, offset: int) -> list[Pitfall]:
    """Tabs, full-width colons and commas, line by line; ``offset`` is the file line of the text's first line."""
    found: list[Pitfall] = []
    for number, line in enumerate(text.splitlines(), start=offset):
        if _TAB_INDENT.match(line):
            found.append((number, "", msg("this line is indented with a tab: YAML indents with spaces only; "
                                          "replace the tab with spaces")))
            continue
        code = _unquoted(line)
        colon = next((m for m in _FULL_WIDTH_COLON.finditer(code)
                      if m.group(0)[0] not in "{," or _innermost(code, m.start() + 1) == "{"), None)
        if colon:
            key = colon.group(1)
            found.append((number, key, msg('"{key}" is followed by a full-width colon "：": YAML needs the ASCII '
                                           'colon and a space: write "{key}: "', key=key)))
            continue
        if any(_in_list(code, m.start() + 1) for m in _FULL_WIDTH_COMMA.finditer(code)):
            found.append((number, "", msg('a full-width comma "，" (or "、") separates items in [...]: YAML needs '
                                          'the ASCII comma ",", e.g. ["100012", "100013"]')))
    return found


def _in_list(code: str, at: int) -> bool:
    """True when position ``at`` of a line is directly inside a flow list ``[...]`` (not a ``{...}`` value).

    ``{title: 爆款, skus: 100012、100013}`` is a value the schema reads as a
    list of SKUs; inside ``[...]`` YAML would make one item of the two.
    """
    return _innermost(code, at) == "["


def _innermost(code: str, at: int) -> str:
    """The flow bracket (``[`` or ``{``) that position ``at`` of a line is directly inside, or ""."""
    stack: list[str] = []
    for char in code[:at]:
        if char in "[{":
            stack.append(char)
        elif char in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else ""


def _unquoted(line: str) -> str:
    """The line with quoted text blanked out (the quotes kept) and its comment cut: pitfalls are in the YAML only."""
    out, quote = [], ""
    for index, char in enumerate(line):
        if quote:
            out.append(char if char == quote else " ")
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            out.append(char)
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            break
        else:
            out.append(char)
    return "".join(out)


def commented_colour(node: yaml.Node, lines: list[str], offset: int) -> str | None:
    """The colour of ``key: #D81E5B`` when ``node`` is the empty value YAML made of it, else None.

    ``lines`` are the YAML text's lines; ``offset`` turns a mark's line into the file line.
    """
    if not (isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and node.value == ""):
        return None
    row = node.start_mark.line
    if row >= len(lines):
        return None
    match = _COMMENTED_COLOUR.match(lines[row][node.start_mark.column:])
    return match.group(1) if match else None


def colour_pitfall(key: str, colour: str, line: int) -> Pitfall:
    """The finding for an unquoted colour that YAML read as a comment."""
    leaf = key.rsplit(".", 1)[-1]
    return (line, key, msg('{key}: YAML reads {colour} as a comment, so {key} is empty: quote it: "{colour}"',
                           key=leaf, colour=colour))
