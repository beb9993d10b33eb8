"""Markdown to HTML (campaign rules, product long copy).

One Python-Markdown instance is reused with ``reset()``: building a new one
per file costs more than converting a short file.
"""

from __future__ import annotations

from typing import Protocol

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


class _Store(Protocol):
    def get(self, key: str) -> object: ...
    def put(self, key: str, value: object) -> None: ...


def to_html(text: str, cache: _Store | None = None) -> str:
    """Render Markdown text to an HTML fragment; raw HTML comes out escaped.

    With a ``cache`` (see :mod:`dacu.cache`) the HTML is kept by the text's
    hash: Python-Markdown is most of a cold build's time on text-heavy sites.
    """
    key = None
    if cache is not None:
        import hashlib  # here: the uncached path stays import-light
        key = "md:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
        found = cache.get(key)
        if isinstance(found, str):
            return found
    _md.reset()
    html = _md.convert(text)
    if cache is not None and key is not None:
        cache.put(key, html)
    return html
