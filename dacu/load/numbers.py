"""Numbers small enough to compute with.

``1e99999999`` is a valid Decimal, but turning it into an int writes a
hundred million digits, and an amount past 28 digits overflows Decimal
arithmetic. No price, stock or rate needs more than
:data:`~dacu.core.limits.NUMBER_DIGITS` significant digits or more than
:data:`~dacu.core.limits.INTEGER_DIGITS` digits before the point.
"""

from __future__ import annotations

from decimal import Decimal

from dacu.core.i18n import Message, msg
from dacu.core.limits import INTEGER_DIGITS, NUMBER_DIGITS


def out_of_range(number: Decimal) -> bool:
    """True when ``number`` (finite) has too many digits to be a price, stock or rate."""
    digits = number.as_tuple().digits
    return len(digits) > NUMBER_DIGITS or (number != 0 and number.adjusted() >= INTEGER_DIGITS) \
        or (number != 0 and number.adjusted() < -NUMBER_DIGITS)


def too_many_digits() -> Message:
    """What to change when :func:`out_of_range` is true."""
    return msg("the number has too many digits: use at most {integer} digits before the point and {digits} in all",
               integer=INTEGER_DIGITS, digits=NUMBER_DIGITS)
