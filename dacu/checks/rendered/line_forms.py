"""The forms of markup the price markup scan reads without tokenizing it (:mod:`dacu.checks.rendered.price_markup`).

The scan reads a page line by line and remembers what each line does to
the open elements. Most of the lines a page has of its own are *plain*:
every ``<`` in them starts a tag that the scan's tokenizer reads whole (or
is text), and no attribute in them bears on a price. What a plain line does
follows from its tags' names alone, which many lines share
(:func:`plain_tags`, :func:`names_effect`); plain markup that closes every
element it opens and nothing else is *neutral* (:func:`neutral`): a page
reads the same without it. A *clean* line, one whose attribute values hold
no ``<`` or ``>``, reads as its form without its text and with slots for
the ``data-sku`` and ``data-price`` values it copies into its prices
(:func:`clean_form`), so a product's price line reads as its neighbours'.
"""

from __future__ import annotations

import re
from typing import Any

WS = r"[\t\n\r\f ]"     # the white space html.parser (and the scan's tokenizer) allows inside a tag
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})

#: Markup every '<' of which starts a tag that the tokenizer reads whole, or none: text, start tags and end tags,
#: no attribute of the names that bear on a price (those the scan reads, in any case), no script or style, no '<'
#: in an attribute value (so that every '<' followed by a name is a tag). Possessive: markup it does not take costs
#: no backtracking.
_PLAIN = re.compile(
    rf"""(?:[^<]++|<(?![a-zA-Z/!?])|<(?!(?i:script|style)(?={WS}|/|>))[a-zA-Z][a-zA-Z0-9-]*(?={WS}|/|>)"""
    rf"""(?:{WS}+(?!(?i:hidden|data-(?:start|end|show|sku|price|price-kind))(?![^\s/>="'<]))"""
    rf"""[^\s/>="'<][^\s/>="'<]*(?:=(?:"[^"<]*"|'[^'<]*'|[^\s"'=<>`]+))?)*{WS}*>"""
    r"""|</[a-zA-Z][-.a-zA-Z0-9:_]*\s*>)*+""")
#: The tags' names in plain or clean markup (an end tag's after its '/').
_NAMES = re.compile(r"<(/?[a-zA-Z][-.a-zA-Z0-9:_]*)")
#: Markup as plain, but with any attributes and self-closed tags, and no '<' or '>' in an attribute value: every
#: '>' in it ends a tag or is text.
_CLEAN = re.compile(
    rf"""(?:[^<]++|<(?![a-zA-Z/!?])|<(?!(?i:script|style)(?={WS}|/|>))[a-zA-Z][a-zA-Z0-9-]*(?={WS}|/|>)"""
    rf"""(?:{WS}+[^\s/>="'<][^\s/>="'<]*(?:=(?:"[^"<>]*"|'[^'<>]*'|[^\s"'=<>`]+))?)*{WS}*/?>"""
    r"""|</[a-zA-Z][-.a-zA-Z0-9:_]*\s*>)*+""")
#: Text after a '>' (in clean markup, never inside a tag), and the values a price copies as they are (no quote,
#: no entity, no '<' or '>').
_TEXT = re.compile(r">[^<]+")
_VALUE = re.compile(r'(data-(?:sku|price)=")([^"&<>]*)(?=")')
#: What stands for the values in a form (a line with a NUL has no form, so a slot is never a value).
SLOTS = tuple(f"\0{i}\0" for i in range(32))


def close(end: str, names: list[str], nodes: list[Any]) -> None:
    """An end tag as html.parser takes it: it closes the innermost open element of its name and all inside it."""
    if names and names[-1] == end:
        names.pop()
    elif end in names:
        del names[len(names) - 1 - names[::-1].index(end):]
    else:
        return      # nothing of that name is open: ignored
    while nodes and nodes[-1][0] >= len(names):
        nodes.pop()


def plain_tags(line: str) -> list[str] | None:
    """The tags' names of a plain line (an end tag's after its '/'), None if it is not plain or closes a tag
    itself."""
    if "/>" in line or _PLAIN.fullmatch(line) is None:
        return None
    return _NAMES.findall(line)


def names_effect(tags: list[str]) -> tuple[list[Any], list[str], list[Any]] | tuple[()] | None:
    """What the scan reads from plain markup whose tags are ``tags``: the end tags that close elements opened
    before it and the elements it leaves open (``()`` when neither), or None when it closes an element opened
    before it while one of its own is open."""
    names: list[str] = []
    steps: list[Any] = []
    for tag in tags:
        if tag[0] == "/":
            end = tag[1:].lower()
            if end in names:
                close(end, names, [])
            elif names:
                return None
            else:
                steps.append(end)
        elif (tag := tag.lower()) not in VOID:
            names.append(tag)
    return (steps, names, []) if steps or names else ()


def neutral(markup: str) -> bool:
    """Whether ``markup`` does nothing to the prices around it: it is plain, closes every element it opens and
    nothing else, and does not end in a '<' that could start a tag with what follows."""
    if markup.endswith("<"):
        return False
    tags = plain_tags(markup)
    if tags is None:
        return False
    if " ".join(tags).islower():    # the usual markup, each end tag closing the innermost element: said quickly
        names: list[str] = []
        push, pop = names.append, names.pop
        for tag in tags:
            if tag[0] != "/":
                if tag not in VOID:
                    push(tag)
            elif not names or pop() != tag[1:]:
                break
        else:
            return not names
    return names_effect(tags) == ()


def clean_form(line: str) -> tuple[str, list[str]] | None:
    """A clean line's form (its text after each '>' dropped, each value of ``data-sku`` and ``data-price`` a
    slot) and the values, in the order of :data:`SLOTS`; None for another line."""
    if "\0" in line or _CLEAN.fullmatch(line) is None:
        return None
    parts = _VALUE.split(_TEXT.sub(">", line))
    values = parts[2::3]
    if len(values) > len(SLOTS):
        return None
    parts[2::3] = SLOTS[: len(values)]
    return "".join(parts), values
