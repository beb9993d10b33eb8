"""One object for each value a product sheet repeats.

A sheet of 50,000 products names a few brands and categories, a few
thousand prices and selling points, and each SKU again in the related
lists of its neighbours; read cell by cell, each of these is its own
string or :class:`~decimal.Decimal`. The site model lives as long as the
build, in the build's process and (copied page by page as they touch it)
in every worker, so the loader hands each product the one object of each
distinct value instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

#: Immutable value types shared by equal text: ``Decimal("1.0")`` and ``Decimal("1")`` are equal but
#: print differently, so a value is keyed by its type and its text, never by equality alone.
_SHARED_TYPES = (str, Decimal, int, float)


class ValuePool:
    """Gives back, for each value, the first equal one it was given (same type, same text)."""

    def __init__(self) -> None:
        self._values: dict[tuple[type, str], Any] = {}

    def __call__(self, value: Any) -> Any:
        """``value``, or the equal one seen before; a list gets its items shared (the list stays its own)."""
        kind = type(value)
        if kind is list:
            return [self(item) for item in value]
        if kind not in _SHARED_TYPES:
            return value
        return self._values.setdefault((kind, value if kind is str else str(value)), value)
