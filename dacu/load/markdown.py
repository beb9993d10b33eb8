"""Markdown to HTML (campaign rules, product long copy), sanitised.

One Python-Markdown instance is reused with ``reset()``: building a new one
per file costs more than converting a short file.

Copy is untrusted: whatever a copywriter or a sheet writes must not put a
script into a shopping page. Raw HTML is escaped (Python-Markdown's HTML
processors are removed), and the HTML Markdown produces goes through
``nh3`` (the ammonia sanitiser) with an allow-list: the tags Markdown makes,
``class`` and ``id`` (the only ``{: ...}`` attributes kept), ``text-align``
in table cells, and links and images only to ``http``, ``https``,
``mailto``, ``tel`` and relative URLs, whatever their case or entity
encoding. Pathological nesting (lists, quotes, brackets) is refused before
Markdown sees it, because Python-Markdown's time grows much faster than the
text there: :func:`markdown_problems` says where.
"""

from __future__ import annotations

import hashlib
import html
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol

import markdown
import nh3

from dacu.core.i18n import Message, msg
from dacu.core.limits import MARKDOWN_CHARS, MARKDOWN_DEPTH
from dacu.core.urls import SAFE_SCHEMES, unsafe_url

_EXTENSIONS = ["tables", "sane_lists", "attr_list"]

_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "img", "em", "strong", "code", "pre",
         "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td"}
_ATTRIBUTES = {"*": {"class", "id"}, "a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"},
               "th": {"style"}, "td": {"style"}}


def _make() -> markdown.Markdown:
    md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")
    # Copywriters paste text from chat tools and spreadsheets; a stray "<script>"
    # must show as text, never run on a shopping page. Without these two
    # processors Python-Markdown escapes raw HTML like any other text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_md = _make()


def sanitise(fragment: str) -> str:
    """Keep only what Markdown makes, and safe URLs (see the module docstring)."""
    return nh3.clean(fragment, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=set(SAFE_SCHEMES),
                     filter_style_properties={"text-align"}, link_rel=None, strip_comments=True)


class _Store(Protocol):
    def get(self, key: str) -> object: ...
    def put(self, key: str, value: object) -> None: ...


# -- limits --------------------------------------------------------------------------
_PREFIX = re.compile(r"[ \t]*((?:(?:>|[-*+]|\d{1,9}[.)])[ \t]+|>)*)")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)


def _too_deep(text: str) -> int | None:
    """The 1-based line where lists, quotes or brackets nest deeper than the limit, or None."""
    brackets = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            brackets = 0  # a blank line ends a paragraph: brackets cannot span it
            continue
        prefix = _PREFIX.match(line)
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        depth = indent // 4 + len(_MARKER.findall(prefix.group(1) if prefix else ""))
        if depth > MARKDOWN_DEPTH:
            return number
        for char in line:
            if char in "[(":
                brackets += 1
                if brackets > MARKDOWN_DEPTH:
                    return number
            elif char in "])" and brackets:
                brackets -= 1
    return None


def markdown_problems(text: str, first_line: int = 1) -> list[tuple[int, Message]]:
    """What to change in Markdown ``text`` (whose first line is ``first_line`` of its file).

    Too much text or nesting (the page is then not rendered from it), and
    links or images whose URL is dropped because it could run a script.
    """
    if len(text) > MARKDOWN_CHARS:
        return [(first_line, msg("the text is {size} characters long, over the limit of {limit}: "
                                 "split it or shorten it", size=len(text), limit=MARKDOWN_CHARS))]
    deep = _too_deep(text)
    if deep is not None:
        return [(first_line + deep - 1, msg("lists, quotes or brackets nest more than {limit} levels deep here: "
                                            "flatten them", limit=MARKDOWN_DEPTH))]
    problems = []
    for match in _LINK.finditer(text):
        url = match.group(1) or match.group(2) or ""
        if unsafe_url(url):
            line = first_line + text.count("\n", 0, match.start())
            problems.append((line, msg('the link "{url}" was removed: only http, https, mailto, tel and relative '
                                       "links are published", url=url[:80])))
    return problems


def _convert(text: str) -> str:
    if len(text) > MARKDOWN_CHARS or _too_deep(text) is not None:
        # Reported by markdown_problems(); shown as plain text, never handed to Markdown.
        return "<p>" + html.escape(text[:MARKDOWN_CHARS]) + "</p>"
    _md.reset()
    try:
        return sanitise(_md.convert(text))
    except RecursionError:
        return "<p>" + html.escape(text) + "</p>"


# -- converting ----------------------------------------------------------------------
def to_html(text: str, cache: _Store | None = None) -> str:
    """Render Markdown text to a sanitised HTML fragment; raw HTML comes out escaped.

    With a ``cache`` (see :mod:`dacu.core.cache`) the HTML is kept by the text's
    hash: Python-Markdown is most of a cold build's time on text-heavy sites.
    What comes back from the cache is sanitised again (nh3 is fast): the cache
    is a file anyone can edit.
    """
    key = None
    if cache is not None:
        key = _key(text)
        found = cache.get(key)
        if isinstance(found, str):
            return sanitise(found)
    out = _convert(text)
    if cache is not None and key is not None:
        cache.put(key, out)
    return out


def _key(text: str) -> str:
    return "md-safe:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def _convert_all(texts: list[str]) -> list[str]:
    return [_convert(text) for text in texts]


#: Below this many uncached texts, starting worker processes costs more than it saves.
PARALLEL_FROM = 200


def to_html_many(texts: list[str], cache: _Store | None = None, jobs: int = 1) -> list[str]:
    """:func:`to_html` for many texts; the uncached ones in ``jobs`` processes.

    Python-Markdown is pure Python and most of a cold build of a text-heavy
    site (about 4 ms a page), so a cold build shares it out among the cores.
    """
    keys = [_key(text) for text in texts] if cache is not None else [None] * len(texts)
    found: list[str | None] = []
    for k in keys:
        value = cache.get(k) if cache is not None and k else None
        found.append(sanitise(value) if isinstance(value, str) else None)
    missing = [i for i, html_ in enumerate(found) if html_ is None]
    if jobs > 1 and len(missing) >= PARALLEL_FROM:
        chunks = [missing[i::jobs * 4] for i in range(jobs * 4)]
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with ProcessPoolExecutor(jobs, mp_context=context) as pool:
            results = pool.map(_convert_all, [[texts[i] for i in chunk] for chunk in chunks])
            for chunk, htmls in zip(chunks, results):
                for i, html_ in zip(chunk, htmls):
                    found[i] = html_
    else:
        for i, html_ in zip(missing, _convert_all([texts[i] for i in missing])):
            found[i] = html_
    if cache is not None:
        for i in missing:
            cache.put(keys[i], found[i])  # type: ignore[arg-type]
    return found  # type: ignore[return-value]
