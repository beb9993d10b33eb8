"""Python-Markdown's block parser, prettifier and serializer with less work per block and element.

Each piece gives exactly what Python-Markdown's own gives (tests compare them on
the corpus and on generated Markdown); only the work done to get it is less:

- the block processors are read from their registry once, not rebuilt as a list
  for every block (a tenth of the block parser's time);
- a block processor whose test needs a character (``|`` for a table, ``#`` for a
  heading, ``>`` for a quote, ...) is not asked about a block without it (most
  blocks of long copy are paragraphs, which every test was tried on; the table
  test split each of them into rows);
- the prettifier looks up each tag's block level in a table;
- the serializer writes the elements Markdown makes (string tags and attributes)
  in one recursive function, handing anything else to Python-Markdown's.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any, Callable
from xml.etree.ElementTree import HTML_EMPTY

import markdown
from markdown import serializers
from markdown.serializers import to_html_string
from markdown.treeprocessors import PrettifyTreeprocessor

# Python-Markdown's own escaping (private, not in its type stubs).
_escape_cdata: Callable[[str], str] = getattr(serializers, "_escape_cdata")  # noqa: B009
_escape_attrib_html: Callable[[str], str] = getattr(serializers, "_escape_attrib_html")  # noqa: B009
#: The serializer serialize() follows (Python-Markdown 3.11) writes only these attributes bare; with an
#: older one (without the table) its own serializer stays.
BOOLEAN_ATTRIBUTES: dict[str, frozenset[str]] = getattr(serializers, "BOOLEAN_ATTRIBUTES", {})


#: What a block must hold for a block processor's test to pass, each from the processor's regular expression
#: (the one given, which is checked: another Python-Markdown keeps its own test) or, for tables, from its code
#: (a table without a "|" has no row). Most blocks of long copy are paragraphs, tried against all of them.
_NEEDS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "table": (None, ("|",)),
    "hashheader": (r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)", ("#",)),
    "setextheader": (r"^.*?\n(?:=+|-+)[ ]*(\n|$)", ("\n=", "\n-")),
    "hr": (r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$",
           ("-", "_", "*")),
    "quote": (r"(^|\n)[ ]{0,3}>[ ]?(.*)", (">",)),
    # Its test passes every block and its run puts back a block without a definition, returning False.
    "reference": (r'^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?((["\'])(.*)\4[ ]*|\((.*)\)[ ]*)?$',
                  ("]:",)),
}


def _needs(name: str, processor: Any) -> tuple[str, ...] | None:
    """The characters without which the stock processor ``name`` cannot match a block; None: always test it
    (another class or another regex than the one the characters were read from)."""
    from markdown import blockprocessors as stock
    from markdown.extensions.tables import TableProcessor

    kinds = {"table": TableProcessor, "hashheader": stock.HashHeaderProcessor,
             "setextheader": stock.SetextHeaderProcessor, "hr": stock.HRProcessor,
             "quote": stock.BlockQuoteProcessor, "reference": stock.ReferenceProcessor}
    if name not in _NEEDS or type(processor) is not kinds[name]:
        return None
    pattern, needs = _NEEDS[name]
    regex = getattr(processor, "SEARCH_RE", None) or getattr(processor, "RE", None)
    if pattern is not None and getattr(regex, "pattern", None) != pattern:
        return None
    return needs


def lean_blocks(md: markdown.Markdown) -> None:
    """Give ``md``'s block parser the shortcuts of this module (once its extensions are registered)."""
    parser: Any = md.parser
    listed = list(parser.blockprocessors)   # sorts the registry by priority: its names are then in that order
    names = [item.name for item in parser.blockprocessors._priority]
    processors = [(processor, _needs(name, processor)) for name, processor in zip(names, listed)]

    def parse_blocks(parent: Any, blocks: list[str]) -> None:
        # Python-Markdown's BlockParser.parseBlocks over the processors listed once, each skipped
        # for a block without what its test needs (the test would say no).
        while blocks:
            for processor, needs in processors:
                if needs is not None:
                    block = blocks[0]
                    for chars in needs:
                        if chars in block:
                            break
                    else:
                        continue
                if processor.test(parent, blocks[0]):
                    if processor.run(parent, blocks) is not False:
                        break

    parser.parseBlocks = parse_blocks


def lean_output(md: markdown.Markdown) -> None:
    """Give ``md`` the lean prettifier and serializer of this module."""
    if "prettify" in md.treeprocessors and type(md.treeprocessors["prettify"]) is PrettifyTreeprocessor:
        md.treeprocessors.register(LeanPrettify(md), "prettify", registered_priority(md.treeprocessors, "prettify"))
    if BOOLEAN_ATTRIBUTES and md.output_format == "html":
        md.serializer = serialize


def registered_priority(registry: Any, name: str) -> float:
    """The priority ``name`` was registered with in Python-Markdown's ``registry``."""
    return float(next(item.priority for item in registry._priority if item.name == name))


class _Known(dict[Any, bool]):
    """Whether a tag is block-level, asked of Python-Markdown once per tag."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__()
        self.md = md

    def __missing__(self, tag: Any) -> bool:
        known = self[tag] = self.md.is_block_level(tag)
        return known


class LeanPrettify(PrettifyTreeprocessor):
    """Python-Markdown's prettifier, with each tag's block level looked up in a table."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.known = _Known(md)

    def _prettifyETree(self, elem: etree.Element) -> None:
        known = self.known
        tag = elem.tag
        if known[tag] and tag not in ("code", "pre"):
            text = elem.text
            if (not text or not text.strip()) and len(elem) and known[elem[0].tag]:
                elem.text = "\n"
            for child in elem:
                if known[child.tag]:
                    self._prettifyETree(child)
        tail = elem.tail
        if not tail or not tail.strip():
            elem.tail = "\n"


class _Unusual(Exception):
    """An element the lean serializer leaves to Python-Markdown's (a comment, a namespaced tag, ...)."""


#: Deeper than this, the lean serializer hands the tree to Python-Markdown's, which is not recursive.
_DEEPEST = 200
_SPECIAL = re.compile("[&<>]").search
_BOOLEAN = BOOLEAN_ATTRIBUTES.get("html", frozenset())


def serialize(root: etree.Element) -> str:
    """``root`` as Python-Markdown's ``to_html_string`` writes it (the same bytes)."""
    parts: list[str] = []
    try:
        _write(root, parts.append, 0)
    except _Unusual:
        return to_html_string(root)
    return "".join(parts)


def _write(element: etree.Element, write: Callable[[str], None], depth: int) -> None:
    """Python-Markdown's ``_serialize_html`` for an element with a string tag and string attributes."""
    tag = element.tag
    if not isinstance(tag, str) or depth > _DEEPEST:
        raise _Unusual
    items = element.items()
    if items:
        write("<" + tag)
        for key, value in sorted(items):
            if not isinstance(key, str) or not isinstance(value, str):
                raise _Unusual
            value = _escape_attrib_html(value)
            if key == value and key in _BOOLEAN:
                write(" " + value)
            else:
                write(f' {key}="{value}"')
        write(">")
    else:
        write(f"<{tag}>")
    text = element.text
    if text:
        if tag.lower() in ("script", "style"):
            write(text)
        else:
            write(_escape_cdata(text) if _SPECIAL(text) else text)
    for child in element:
        _write(child, write, depth + 1)
    if tag.lower() not in HTML_EMPTY:
        write(f"</{tag}>")
    tail = element.tail
    if tail:
        write(_escape_cdata(tail) if _SPECIAL(tail) else tail)
