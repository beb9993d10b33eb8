"""The common shape of a value, converted without the general path of its field.

A product sheet converts every cell of every row (160,000 cells in a
10,000-row campaign), nearly all of them plain: a price written as digits,
a count, a SKU, a line of text. :func:`plain_reader` gives, for a field of
:mod:`dacu.load.schema`, a function that converts such a plain value in one
step and gives :data:`NOT_PLAIN` for anything else, which then goes through
the field's own ``run`` (with its messages). A plain value converts to
exactly what the field's ``convert`` gives it: the shapes taken here are
those for which every check of ``convert`` passes.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Callable

from dacu.core.limits import INTEGER_DIGITS, NUMBER_DIGITS
from dacu.load.schema import SKU_PATTERN, Count, Field, Flag, Money, Number, Sku, Text
from dacu.load.value_limits import control_character

#: What a plain reader gives for a value it does not take.
NOT_PLAIN = object()

# ASCII digits, at most INTEGER_DIGITS before the point and NUMBER_DIGITS in all: never out of range
_FRACTION = NUMBER_DIGITS - INTEGER_DIGITS
_AMOUNT = re.compile(rf"[0-9]{{1,{INTEGER_DIGITS}}}(?:\.[0-9]{{1,{_FRACTION}}})?")
_WHOLE = re.compile(rf"[0-9]{{1,{INTEGER_DIGITS}}}")

Reader = Callable[[Any], Any]


def _not_plain(value: Any) -> Any:
    return NOT_PLAIN


def _always(converted: Any) -> bool:
    return True


def _parsed(plain: Callable[[str], Any], parse: Callable[[str], Any], accept: Callable[[Any], bool]) -> Reader:
    """A reader of strings whose stripped text is ``plain``, parsed by ``parse`` when ``accept`` takes the result."""
    def read(value: Any) -> Any:
        if value.__class__ is str:
            text = value.strip()
            if plain(text):
                converted = parse(text)
                if accept(converted):
                    return converted
        return NOT_PLAIN
    return read


def _text(field: Text) -> Reader:
    return _parsed(lambda text: text and control_character(text) is None, str, _always)


def _sku(field: Sku) -> Reader:
    return _parsed(SKU_PATTERN.match, str, _always)


def _money(field: Money) -> Reader:
    return _parsed(_AMOUNT.fullmatch, Decimal, (lambda amount: amount > 0) if field.positive else _always)


def _count(field: Count) -> Reader:
    low = field.low
    return _parsed(_WHOLE.fullmatch, int, lambda number: number >= low)


def _number(field: Number) -> Reader:
    plain, as_float = _AMOUNT.fullmatch, field.as_float
    low = None if field.low is None else Decimal(str(field.low))
    high = None if field.high is None else Decimal(str(field.high))

    def read(value: Any) -> Any:
        if value.__class__ is str:
            text = value.strip()
            if plain(text):
                number = Decimal(text)
            elif text.endswith("%") and plain(text[:-1]):
                number = Decimal(text[:-1]) / 100   # 93% is 0.93
            else:
                return NOT_PLAIN
            if (low is None or number >= low) and (high is None or number <= high):
                return float(number) if as_float else number
        return NOT_PLAIN
    return read


def _flag(field: Flag) -> Reader:
    yes, no = field._YES, field._NO

    def read(value: Any) -> Any:
        if value.__class__ is str:
            text = value.strip().lower()
            if text.endswith(".0"):
                text = text[:-2]
            if text in yes:
                return True
            if text in no:
                return False
        return NOT_PLAIN
    return read


# most specific first: a subclass may convert differently, so only these exact classes are read here
_READERS: dict[type, Callable[[Any], Reader]] = {Text: _text, Sku: _sku, Money: _money, Count: _count,
                                                 Number: _number, Flag: _flag}


def plain_reader(field: Field, exact: tuple[type, ...] = ()) -> Reader:
    """The plain-value reader of ``field``: its class, or the first of ``exact`` it is, must be one read here.

    ``exact`` names subclasses known to convert plain strings as their base
    class does (a sheet's SKU only differs on Excel's floats).
    """
    kind = type(field)
    base = next((b for b in _READERS if kind is b or (kind in exact and issubclass(kind, b))), None)
    return _READERS[base](field) if base is not None else _not_plain
