"""Adding the preview's script tag to a served page.

livereload's own injector only looks for a lowercase ``</head>`` in the
first chunk (64 KB) of a response, so a page with ``</HEAD>``, no head at all
or a long inline style block silently stops reloading. This looks through
the whole page, in any case, and always finds a place.
"""

from __future__ import annotations

import re

_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def inject(html: bytes, snippet: bytes) -> bytes:
    """``html`` with ``snippet`` before ``</head>``, else after ``<body>``, else at the end.

    Never at the very start: anything before ``<!doctype html>`` switches the
    browser to quirks mode and changes the layout being reviewed.
    """
    match = _HEAD_END.search(html)
    if match:
        return html[:match.start()] + snippet + html[match.start():]
    match = _BODY_START.search(html)
    if match:
        return html[:match.end()] + snippet + html[match.end():]
    return html + snippet
