"""Values small and plain enough to compute with and publish: numbers, times, text.

``1e99999999`` is a valid Decimal, but turning it into an int writes a
hundred million digits, and an amount past 28 digits overflows Decimal
arithmetic. No price, stock or rate needs more than
:data:`~dacu.core.limits.NUMBER_DIGITS` significant digits or more than
:data:`~dacu.core.limits.INTEGER_DIGITS` digits before the point.
"""

from __future__ import annotations

import re
from datetime import datetime
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


_OFFSET = re.compile(r"([+-])(\d\d):?(\d\d)$")
#: The years a campaign time may have (time zone and countdown arithmetic stay far from datetime's limits).
YEARS = (1970, 9000)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def bad_offset(text: str) -> Message | None:
    """What is wrong with a time's UTC offset: Python reads +08:61 as +09:01, so it is refused."""
    offset = _OFFSET.search(text)
    if offset and (int(offset.group(2)) > 14 or int(offset.group(3)) > 59):
        return msg("the offset {offset} is not a time zone offset: use one such as +08:00", offset=offset.group(0))
    return None


def bad_year(moment: datetime) -> Message | None:
    """Times near year 1 or 9999 overflow as soon as a time zone or a countdown is applied."""
    if YEARS[0] <= moment.year <= YEARS[1]:
        return None
    return msg("the year {year} is out of range: use a time between {first} and {last}",
               year=moment.year, first=YEARS[0], last=YEARS[1])


def control_character(text: str) -> Message | None:
    """NUL and other control characters are invisible in an editor and break pages and feeds."""
    found = _CONTROL.search(text)
    if found is None:
        return None
    return msg("contains the control character U+{code}: delete it", code=f"{ord(found.group(0)):04X}")
