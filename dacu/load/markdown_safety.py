"""What Markdown may publish, and how much of it dacu will convert.

Copy is untrusted: whatever a copywriter or a sheet writes must not put a
script into a shopping page. Raw HTML is escaped (:mod:`dacu.load.markdown`
removes Python-Markdown's HTML processors), and the HTML Markdown produces
goes through ``nh3`` (the ammonia sanitiser, in Rust) with an allow-list:
the tags Markdown makes, ``class`` and ``id`` (the only ``{: ...}``
attributes kept), ``text-align`` in table cells, and links and images only to
``http``, ``https``, ``mailto``, ``tel`` and relative URLs, whatever their
case or entity encoding.

Pathological nesting (lists, quotes, brackets) and over-long texts are
refused before Markdown sees them, because Python-Markdown's time grows much
faster than the text there (5,000 nested ``[`` took 19 s):
:func:`markdown_problems` says where, :func:`convertible` says whether.
"""

from __future__ import annotations

import re
from typing import Any

import nh3

from dacu.core.i18n import Message, msg
from dacu.core.limits import MARKDOWN_CHARS, MARKDOWN_DEPTH
from dacu.core.urls import SAFE_SCHEMES, unsafe_url

_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "img", "em", "strong", "code", "pre",
         "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td"}
_ATTRIBUTES = {"*": {"class", "id"}, "a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"},
               "th": {"style"}, "td": {"style"}}


_OPTIONS: dict[str, Any] = {"tags": _TAGS, "attributes": _ATTRIBUTES, "url_schemes": set(SAFE_SCHEMES),
                            "filter_style_properties": {"text-align"}, "link_rel": None, "strip_comments": True}
#: Made once (nh3 0.2.18 and later): ``nh3.clean`` builds the same cleaner again on every call, a fifth of its time.
_CLEANER = nh3.Cleaner(**_OPTIONS) if hasattr(nh3, "Cleaner") else None


def sanitise(fragment: str) -> str:
    """Keep only what Markdown makes, and safe URLs (see the module docstring)."""
    if _CLEANER is not None:
        return _CLEANER.clean(fragment)
    return nh3.clean(fragment, **_OPTIONS)


_PREFIX = re.compile(r"[ \t]*((?:(?:>|[-*+]|\d{1,9}[.)])[ \t]+|>)*)")
_MARKER = re.compile(r">|[-*+]|\d{1,9}[.)]")
# An inline URL may hold balanced parentheses (javascript:alert(1)); a definition starts its own line
# (spaces, not \s: that would reach back over the newline to the line before).
_LINK = re.compile(r"\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)|^[ \t]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)


def _too_deep(text: str) -> int | None:
    """The 1-based line where lists, quotes or brackets nest deeper than the limit, or None."""
    # Brackets only count up on "[" and "(": with no more of them in the whole text than the
    # limit, no line can exceed it, and the character loop below (most of this check's time) is skipped.
    count_brackets = text.count("[") + text.count("(") > MARKDOWN_DEPTH
    brackets = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            brackets = 0  # a blank line ends a paragraph: brackets cannot span it
            continue
        prefix = _PREFIX.match(line)
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        depth = indent // 4 + len(_MARKER.findall(prefix.group(1) if prefix else ""))
        if depth > MARKDOWN_DEPTH:
            return number
        if not count_brackets:
            continue
        for char in line:
            if char in "[(":
                brackets += 1
                if brackets > MARKDOWN_DEPTH:
                    return number
            elif char in "])" and brackets:
                brackets -= 1
    return None


def convertible(text: str) -> bool:
    """Whether Python-Markdown may convert ``text`` in time bounded by its length."""
    return len(text) <= MARKDOWN_CHARS and _too_deep(text) is None


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
