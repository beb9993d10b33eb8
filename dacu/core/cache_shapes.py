"""The shapes of cached values: a value of any other shape is dropped, never used.

Each caller of :meth:`dacu.core.cache.Cache.get` passes the check for what it
stored, so a damaged or hand-edited ``cache.sqlite`` costs a rebuild of that
entry, never a crash or a wrong page.
"""

from __future__ import annotations

from typing import Any


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def page_facts(value: Any) -> bool:
    """What the checks read of a rendered page (:mod:`dacu.checks.rendered.page_facts`)."""
    return (isinstance(value, dict) and _strings(value.get("images")) and _strings(value.get("sheets"))
            and all(isinstance(value.get(name), list) and all(_pair(c) for c in value[name])
                    for name in ("copy", "links", "inline"))
            and isinstance(value.get("moments"), list)
            and all(isinstance(m, list) and len(m) == 2 and _int(m[0]) and _time(m[1]) for m in value["moments"])
            and isinstance(value.get("lows"), dict)
            and all(isinstance(sku, str) and _steps(steps) for sku, steps in value["lows"].items())
            and isinstance(value.get("model", []), list)
            and all(isinstance(i, list) and len(i) == 4 and all(p is None or _int(p) for p in i[:2])
                    and _amount(i[2]) and _amount(i[3]) for i in value.get("model", [])))


def _pair(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and _strings(value)


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _time(value: Any) -> bool:
    from datetime import datetime

    try:
        return isinstance(value, str) and datetime.fromisoformat(value).utcoffset() is not None
    except ValueError:
        return False


def _amount(value: Any) -> bool:
    from decimal import Decimal, InvalidOperation

    try:
        return isinstance(value, str) and not Decimal(value).is_nan()
    except InvalidOperation:
        return False


def _steps(value: Any) -> bool:
    """A step function: [first value, [[position, value], ...]], values amounts or None."""
    return (isinstance(value, list) and len(value) == 2 and (value[0] is None or _amount(value[0]))
            and isinstance(value[1], list)
            and all(isinstance(c, list) and len(c) == 2 and _int(c[0]) and (c[1] is None or _amount(c[1]))
                    for c in value[1])
            and all(a[0] < b[0] for a, b in zip(value[1], value[1][1:])))


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
