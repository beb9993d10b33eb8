"""The shapes of cached values: a value of any other shape is dropped, never used.

Each caller of :meth:`dacu.core.cache.Cache.get` passes the check for what it
stored, so a damaged or hand-edited ``cache.sqlite`` costs a rebuild of that
entry, never a crash or a wrong page.
"""

from __future__ import annotations

from typing import Any


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def page_meta(value: Any) -> bool:
    """What a rendered page recorded: its links, images, inline colours and prices (an older record has none)."""
    return (isinstance(value, dict) and _strings(value.get("links")) and _strings(value.get("images"))
            and isinstance(value.get("prices"), list)
            and isinstance(value.get("inline"), list)
            and all(isinstance(c, list) and len(c) == 2 and _strings(c) for c in value["inline"]))


def image_info(value: Any) -> bool:
    """An image's size, or why it cannot be read."""
    if not isinstance(value, dict):
        return False
    if "w" in value:
        return all(isinstance(value.get(k), int) and not isinstance(value.get(k), bool) and value[k] > 0
                   for k in ("w", "h"))
    return isinstance(value.get("problem"), (str, dict))


def finding_records(value: Any) -> bool:
    """Findings as :meth:`dacu.core.findings.Finding.to_record` wrote them."""
    from dacu.core.findings import Finding

    if not isinstance(value, list):
        return False
    try:
        for record in value:
            Finding.from_record(record)
    except Exception:  # any damage to a record: recompute the checks
        return False
    return True
