"""Markdown to HTML (campaign rules, product long copy), sanitised.

One Python-Markdown instance is reused with ``reset()``: building a new one
per file costs more than converting a short file. Every fragment that leaves
this module went through :func:`~dacu.load.markdown_safety.sanitise` (nh3),
also when it comes from the cache (a file anyone can edit); a text too long or
too deeply nested is shown as plain text instead (and reported by
:func:`~dacu.load.markdown_safety.markdown_problems`).
"""

from __future__ import annotations

import html as html_text
from typing import Any, Literal, Protocol

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from dacu.core.cache import cache_key
from dacu.core.limits import MARKDOWN_CHARS
from dacu.core.parallel import Executor, Later, batches, start
from dacu.load.markdown_inline import QuickInline
from dacu.load.markdown_lean import lean_blocks, lean_output, registered_priority
from dacu.load.markdown_safety import convertible, sanitise

#: Only what long copy and campaign rules use: tables (spec tables), sane lists,
#: and attribute lists (``{: .class #id }``; the sanitiser drops every other attribute).
_EXTENSIONS = ["tables", "sane_lists", "attr_list"]
_OUTPUT_FORMAT: Literal["html"] = "html"

class _OnlyWith(Treeprocessor):
    """A tree processor run only on a text holding ``char``: without it, the processor finds nothing to change.

    ``attr_list`` acts on ``{...}`` only, and a ``{`` in the tree comes from a ``{`` in the text (an escaped
    ``\\{`` becomes one after it). ``unescape`` restores backslash escapes, which need a ``\\`` in the text.
    Walking every element of every document for them was a tenth of Python-Markdown's time.
    """

    def __init__(self, md: markdown.Markdown, inner: Treeprocessor, char: str) -> None:
        super().__init__(md)
        self.inner, self.char, self.wanted = inner, char, True

    def run(self, root):  # type: ignore[no-untyped-def]
        return self.inner.run(root) if self.wanted else None

    def __getattr__(self, name: str) -> Any:
        """The wrapped processor's own attributes (inline patterns read ``unescape``'s ``RE``)."""
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)


class _Gate(Preprocessor):
    """Tells each :class:`_OnlyWith` whether the document holds its character (the first step of each document)."""

    def __init__(self, md: markdown.Markdown, gated: list[_OnlyWith]) -> None:
        super().__init__(md)
        self.gated = gated

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        for processor in self.gated:
            processor.wanted = processor.char in text
        return lines


_ONLY_WITH = {"attr_list": "{", "unescape": "\\"}


def _extensions() -> list[Any]:
    """The extensions of ``_EXTENSIONS`` made from their classes, as Python-Markdown makes them from their
    names (which it looks up among every installed package's entry points: 20 ms of importlib.metadata)."""
    from markdown.extensions.attr_list import AttrListExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension

    made = {"tables": TableExtension, "sane_lists": SaneListExtension, "attr_list": AttrListExtension}
    return [made[name]() for name in _EXTENSIONS]


def _make() -> markdown.Markdown:
    md = markdown.Markdown(extensions=_extensions(), output_format=_OUTPUT_FORMAT)
    # Copywriters paste text from chat tools and spreadsheets; a stray "<script>"
    # must show as text, never run on a shopping page. Without these two
    # processors Python-Markdown escapes raw HTML like any other text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    if all(hasattr(InlineProcessor, "_InlineProcessor__" + name)   # the private steps it drives
           for name in ("handleInline", "processPlaceholders", "applyPattern")):
        md.treeprocessors.register(QuickInline(md), "inline", 20)
    gated = []
    for name, char in _ONLY_WITH.items():
        priority = registered_priority(md.treeprocessors, name)
        gated.append(_OnlyWith(md, md.treeprocessors[name], char))
        md.treeprocessors.register(gated[-1], name, priority)
    md.preprocessors.register(_Gate(md, gated), "dacu_gate", 100)   # before normalize_whitespace (30)
    # Asked for every element (prettify, attr_list): Python-Markdown scans its list of about
    # fifty block-level tags each time. The extensions have added theirs by now.
    block_level = frozenset(md.block_level_elements)
    md.is_block_level = lambda tag: isinstance(tag, str) and tag.lower().rstrip("/") in block_level  # type: ignore[method-assign]
    lean_blocks(md)
    lean_output(md)
    return md


class Converter:
    """One Python-Markdown instance, reused with ``reset()``.

    Building one per file costs more than converting a short file, so the
    engine session keeps one across builds.
    """

    def __init__(self) -> None:
        self._made: markdown.Markdown | None = None

    @property
    def _md(self) -> markdown.Markdown:
        # Made on first use: a rebuild whose Markdown is all in the cache never needs one.
        if self._made is None:
            self._made = _make()
        return self._made

    def prepare(self) -> None:
        """Make the Python-Markdown instance now (worker processes forked after this share it)."""
        self._md  # noqa: B018  # the property makes it

    def convert(self, texts: list[str]) -> list[str]:
        """Each text as a sanitised HTML fragment."""
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> str:
        if not convertible(text):  # reported by markdown_problems(); never handed to Python-Markdown
            return "<p>" + html_text.escape(text[:MARKDOWN_CHARS]) + "</p>"
        self._md.reset()
        try:
            return sanitise(self._md.convert(text))
        except RecursionError:
            return "<p>" + html_text.escape(text) + "</p>"


class _Store(Protocol):
    def get(self, key: str) -> object: ...
    def put(self, key: str, value: object) -> None: ...


def to_html(text: str, cache: _Store | None = None, converter: Converter | None = None) -> str:
    """Render Markdown text to a sanitised HTML fragment; raw HTML comes out escaped.

    With a ``cache`` (see :mod:`dacu.core.cache`) the HTML is kept by the text's
    hash: Python-Markdown is most of a cold build's time on text-heavy sites.
    """
    return to_html_many([text], cache, converter=converter)[0]


def html_key(text: str) -> str:
    """The cache key of ``text``'s HTML: the engine's code (cache_key) and the converter's settings,
    either of which changes the HTML, and the text."""
    return "md:" + cache_key("markdown", _EXTENSIONS, _OUTPUT_FORMAT, "nh3", text)


def cached_html(cache: _Store, key: str) -> str | None:
    """The HTML the cache keeps under ``key`` (:func:`html_key`), or None.

    Sanitised again on the way out of the cache: nh3 is fast, and .dacu/ is a file anyone can edit.
    """
    html = cache.get(key)
    return sanitise(html) if isinstance(html, str) else None


#: Below this many uncached texts, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


def to_html_many(texts: list[str], cache: _Store | None = None, executor: Executor | None = None,
                 converter: Converter | None = None) -> list[str]:
    """:func:`to_html` for many texts; the uncached ones shared out by ``executor``.

    Python-Markdown is pure Python and most of a cold build of a text-heavy
    site (about 4 ms a page), so a cold build shares it out among the cores.
    """
    return to_html_later(texts, cache, executor, converter).result()


def to_html_later(texts: list[str], cache: _Store | None = None, executor: Executor | None = None,
                  converter: Converter | None = None) -> Later[str]:
    """:func:`to_html_many` begun: the workers convert while the caller goes on; ``result()`` is the HTML.

    The cache is read now and written when the results are taken, by the caller's process.
    """
    keys = [html_key(text) for text in texts] if cache is not None else [None] * len(texts)
    found = [cached_html(cache, k) if cache is not None and k else None for k in keys]
    missing = [i for i, html in enumerate(found) if html is None]
    if missing and converter is None:
        converter = Converter()

    def finish(converted: list[str]) -> list[str]:
        for i, html in zip(missing, converted):
            found[i] = html
        if cache is not None:
            for i in missing:
                cache.put(keys[i], found[i])  # type: ignore[arg-type]
        return found  # type: ignore[return-value]

    if executor is not None and executor.workers > 1 and len(missing) >= PARALLEL_FROM:
        chunks = batches(missing, executor.workers * 4)
        assert converter is not None
        converter.prepare()   # made before the workers fork: each inherits it instead of making its own
        job = start(executor, converter.convert, [[texts[i] for i in chunk] for chunk in chunks])
        order = [i for chunk in chunks for i in chunk]

        def collect() -> list[str]:
            htmls = dict(zip(order, (html for part in job.result() for html in part)))
            return finish([htmls[i] for i in missing])

        return Later(collect, job.cancel)
    converted = converter.convert([texts[i] for i in missing]) if converter is not None else []
    done = finish(converted)
    return Later(lambda: done)
