"""``broken-link``: every link and image in the produced pages points at a produced file."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import unquote, urlsplit

from dacu.core import Findings
from dacu.core.i18n import msg

#: What a page's links are read from: each match's value, the second group's a srcset (the reference reading,
#: which :func:`_values` gives without visiting each character of the page).
_ATTR = re.compile(r'\s(?:href|src)="([^"]*)"|\ssrcset="([^"]*)"')
_NAMES = (('href="', False), ('src="', False), ('srcset="', True))


def _values(markup: str) -> list[tuple[int, str, bool]]:
    """``_ATTR.finditer(markup)`` as (position, value, srcset), found with ``str.find``.

    The pattern starts with any white space, so the regex engine tries every
    position of the page; the names it continues with are found far faster
    by ``find``. A name counts where ``\\s`` (``str.isspace``) comes before
    it, its value has an end quote, and it starts after the last match's end,
    as the regex scans on from there.
    """
    found = []
    for name, srcset in _NAMES:
        at = markup.find(name, 1)
        while at > 0:
            found.append((at, name, srcset))
            at = markup.find(name, at + 1)
    found.sort()
    values = []
    end = 0
    for at, name, srcset in found:
        if at > end and markup[at - 1].isspace():
            start = at + len(name)
            close = markup.find('"', start)
            if close >= 0:
                values.append((at - 1, markup[start:close], srcset))
                end = close + 1
    return values


def page_links(markup: str) -> list[str]:
    """Every local URL in ``href``, ``src`` and ``srcset`` of a page."""
    links = []
    for _, value, srcset in _values(markup):
        if not srcset:
            links.append(html.unescape(value))
        else:
            links += [part.strip().split(" ")[0] for part in html.unescape(value).split(",") if part.strip()]
    return [link for link in links if _is_local(link)]


#: A scheme as urlsplit reads it (a letter, then letters, digits, '+', '-' or '.', up to the first ':').
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def _is_local(link: str) -> bool:
    if ":" not in link:  # no scheme: most links of a page, decided without urlsplit
        return bool(link) and not link.startswith(("#", "//", "?"))
    if _SCHEME.match(link):  # https:, data:...: urlsplit would find this scheme
        return False
    parts = urlsplit(link)
    return not (parts.scheme or parts.netloc or link.startswith("#") or not parts.path)


_NOT_PLAIN = re.compile(r"[:?#%\t\r\n]|^//|^[\x00-\x20]")


def _plain(link: str) -> bool:
    """Whether ``link`` is its own path: ``urlsplit`` finds no scheme, host, query or fragment in it, strips
    nothing from it, and ``unquote`` leaves it as it is (most links of a page; urlsplit is slow)."""
    return _NOT_PLAIN.search(link) is None


def resolve(page: str, link: str, base_path: str = "/") -> str:
    """The output path a link of ``page`` points at (directory links → index.html).

    A root-relative link (``/double11/``) is read from the site's root, below
    the path of ``base_url`` (``/campaigns/`` for https://example.com/campaigns/).
    """
    path = link if _plain(link) else unquote(urlsplit(link).path)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return "../" + path  # outside the published site
        target = posixpath.normpath(path[len(base_path):] or ".")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/") or target == ".":
        target = posixpath.join(target, "index.html") if target != "." else "index.html"
    return target


def check_links(pages: Iterable[tuple[str, str, Sequence[Sequence[str]]]], produced: set[str], findings: Findings,
                reported: set[str] = frozenset(),  # type: ignore[assignment]
                root: Path | None = None) -> None:
    """``pages`` yields (output path, source file, [(link, target), ...]); report links to nothing.

    Each link comes with the output path it points at (:func:`resolve`).
    ``reported`` are output paths whose problem another finding already names
    (an unreadable image): a link to them is not reported again. With ``root``,
    a finding on a Markdown file gives the line where the link is written.
    """
    for page, source, pairs in pages:
        for link, target in pairs:
            if target in reported:
                continue
            if target.startswith("../") or target not in produced:
                report_broken(findings, page, source, link, root)


def report_broken(findings: Findings, page: str, source: str, link: str, root: Path | None = None) -> None:
    """``broken-link``: ``page`` (made from ``source``) links to ``link``, which is not produced."""
    findings.add("broken-link", source, msg("{page} links to {link}, which is not produced: "
                                            "fix the link in the content or template", page=page, link=link),
                 key=link, line=_line_of(root, source, link), extra={"page": page})


def _line_of(root: Path | None, source: str, link: str) -> int | None:
    """The first line of a Markdown source that holds ``link``, or None."""
    if root is None or not source.endswith(".md"):
        return None
    try:
        lines = (root / source).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, start=1) if link in line), None)

