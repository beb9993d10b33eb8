"""Markdown to HTML (campaign rules, product long copy).

One Python-Markdown instance is reused with ``reset()``: building a new one
per file costs more than converting a short file.
"""

from __future__ import annotations

import markdown

_EXTENSIONS = ["tables", "sane_lists", "attr_list"]


def _make() -> markdown.Markdown:
    md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
    # Copywriters paste text from chat tools and spreadsheets; a stray "<script>"
    # must show as text, never run on a shopping page. Without these two
    # processors Python-Markdown escapes raw HTML like any other text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_md = _make()


def to_html(text: str) -> str:
    """Render Markdown text to an HTML fragment; raw HTML comes out escaped."""
    _md.reset()
    return _md.convert(text)
