"""Which URLs may appear in a published page.

Only ``http``, ``https``, ``mailto``, ``tel`` and relative URLs: anything
else (``javascript:``, ``data:``, ``vbscript:`` …) could run a script. The
check reads a URL the way a browser does: entities decoded, tabs, newlines
and leading control characters ignored, the scheme compared without case.
"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_IGNORED = re.compile(r"[\x00-\x20\x7f]")       # browsers drop these inside and around a URL's scheme
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.I)


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in ``url`` (lower case), or None for a relative URL."""
    text = _IGNORED.sub("", html.unescape(url))
    match = _SCHEME.match(text)
    return match.group(1).lower() if match else None


def unsafe_url(url: str) -> bool:
    """True when ``url`` has a scheme that is not http, https, mailto or tel."""
    scheme = url_scheme(url)
    return scheme is not None and scheme not in SAFE_SCHEMES
