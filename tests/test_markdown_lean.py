"""The lean block parser, prettifier and serializer give Python-Markdown's own output."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.serializers import to_html_string

from dacu.load.markdown import _EXTENSIONS, _make
from dacu.load.markdown_lean import _needs, serialize

#: Pieces that make every block processor meet: headings of both kinds, rules, quotes, lists, code,
#: tables, reference definitions, attribute lists.
BLOCK_PIECES = ["\n", "\n\n", "# ", "## ", "###### ", "#", "===", "---", "***", "___", "- - -", "> ", ">",
                "[r]: http://x.cn", '[r]: <u> "t"', "[r]", "[R][r]", "|", " | ", ":--", "    ", "\t", "- ", "1. ",
                "2) ", "* ", "+ ", "*", "_", "-", "=", "中文", "**粗**", "[a](u)", "{: .c }", "\\", "`", "&", "<", " "]


def _reference() -> markdown.Markdown:
    md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BLOCK_PIECES), max_size=40).map("".join))
def test_generated_blocks_give_python_markdowns_html(text):
    assert _make().convert(text) == _reference().convert(text)


def test_every_block_test_that_needs_a_character_is_skipped_without_it():
    md = _make()
    skipped = {name for name, processor in zip([i.name for i in md.parser.blockprocessors._priority],
                                               list(md.parser.blockprocessors)) if _needs(name, processor)}
    # the names are read after the registry is sorted (list() sorts it)
    assert skipped == {"table", "hashheader", "setextheader", "hr", "quote", "reference"}


def _tree() -> etree.Element:
    root = etree.Element("div")
    p = etree.SubElement(root, "p", {"class": "a&b", "id": 'x"<y>'})
    p.text = "1 < 2 & 3 > 0 &amp; &#20013;"
    p.tail = "\n"
    br = etree.SubElement(p, "br")
    br.tail = "after & <br>"
    img = etree.SubElement(root, "img", {"src": "a.png", "alt": ""})
    img.tail = "t"
    etree.SubElement(root, "input", {"checked": "checked", "value": "value"})
    script = etree.SubElement(root, "script")
    script.text = "if (a < b && c) {}"
    return root


@pytest.mark.parametrize("odd", ["none", "comment", "qname", "deep", "plain"])
def test_the_serializer_writes_python_markdowns_bytes(odd):
    root = _tree()
    if odd == "none":
        etree.SubElement(root, "p").set("hidden", None)  # type: ignore[arg-type]
    elif odd == "comment":
        root.append(etree.Comment("c"))
    elif odd == "qname":
        etree.SubElement(root, etree.QName("http://x", "p"))  # type: ignore[arg-type]
    elif odd == "deep":
        parent = root
        for _ in range(600):
            parent = etree.SubElement(parent, "em")
            parent.text = "x"
    assert serialize(root) == to_html_string(root)
