"""A page's prices over time as step functions: what ``price-consistency`` compares across pages.

The check compares, at every moment a price window on any page turns, the
lowest price each page shows per SKU with its detail page's (and the detail
page's with the pricing model's 到手价). A page's lowest price per SKU only
changes where one of its own windows turns, so each page is reduced, where
it is rendered, to one small step function per SKU it shows
(:func:`price_facts`): what the parent needs of it, whatever moments the
other pages bring.

A time is an instant in microseconds since the epoch. A *position* on the
time line is ``2 × instant`` for the instant itself and ``2 × instant + 1``
for the stretch just after it, so that the script's comparisons (a window
``[start, end]`` runs from ``start`` to ``end`` inclusive) become integer
comparisons: at position ``p`` a window is upcoming while ``p < 2 × start``
and running while ``p <= 2 × end``. A step function is ``[first, changes]``:
its value before the first change, then ``[position, value]`` pairs, each
value holding from its position to the next change; a value is an amount as
written (a string) or None (not shown). Everything here is JSON-friendly, so
it is kept in the cache with the page.
"""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, Iterator, Sequence

from dacu.checks.rendered.price_markup import PriceRecord

#: The kinds of price every shopper can pay (a member price is for members, a deposit is part of a price).
PAID = ("sale", "flash", "final")
TICK = timedelta(milliseconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)
_BEFORE = -(1 << 62)   # a position before every other
_TICK_US = TICK // timedelta(microseconds=1)

Steps = list[Any]          # [first value, [[position, value], ...]]
Interval = list[Any]       # [start position or None, end position (exclusive) or None, value, value]


def instant(moment: datetime) -> int:
    """Microseconds since the epoch (``moment`` carries its offset)."""
    return (moment - _EPOCH) // _US


def _times(text: str | None, memo: dict[Any, Any]) -> tuple[int, datetime] | None:
    """The instant and datetime of a window's time text; None when empty or not a time with an offset."""
    if text not in memo:
        try:
            moment = datetime.fromisoformat(text) if text else None
        except ValueError:
            moment = None
        memo[text] = (instant(moment), moment) if moment is not None and moment.utcoffset() is not None else None
    found: tuple[int, datetime] | None = memo[text]
    return found


def _state(start: int | None, end: int | None, position: int) -> str:
    if start is not None and position < 2 * start:
        return "upcoming"
    return "running" if end is None or position <= 2 * end else "ended"


def _changes(windows: Sequence[tuple[int | None, int | None]]) -> list[int]:
    """The positions at which any of these windows turns."""
    return sorted({p for start, end in windows for p in (None if start is None else 2 * start,
                                                         None if end is None else 2 * end + 1) if p is not None})


def _compress(values: list[Any], positions: list[int]) -> Steps:
    """``values[0]`` before ``positions[0]``, ``values[i + 1]`` from ``positions[i]``: as a step function."""
    changes = [[p, v] for p, v, before in zip(positions, values[1:], values) if v != before]
    return [values[0], changes]


def _condition(condition: list[str], memo: dict[Any, Any]) -> tuple[frozenset[str], Any, Any, list[tuple[int, str]]]:
    """A ``data-show`` condition read: its states, its window's instants, and the moments it brings in order."""
    key = (condition[0], condition[1], condition[2])    # a tuple: apart from the memo's time texts (str or None)
    read = memo.get(key)
    if read is None:
        states, start, end = key
        begin, finish = _times(start, memo), _times(end, memo)
        brought = []
        if begin:
            brought.append((begin[0], begin[1].isoformat()))
        if finish:
            brought.append((finish[0] + _TICK_US, (finish[1] + TICK).isoformat()))
        read = memo[key] = (frozenset(states.split()), begin and begin[0], finish and finish[0], brought)
    return read


def price_facts(records: list[PriceRecord], memo: dict[Any, Any] | None = None) -> dict[str, Any]:
    """What ``price-consistency`` needs of one page: its moments and its lowest paid price per SKU over time.

    ``moments`` are the instants at which a ``data-show`` window of a shown
    price starts or ends (+1 ms), each once, in the order the page gives
    them, as ``[instant, ISO text]``; ``lows`` maps each SKU to the step
    function of the lowest price a shopper can pay for it on this page.
    ``memo`` remembers parsed time texts and conditions (pages repeat their
    windows).
    """
    memo = {} if memo is None else memo
    prices = []
    moments: dict[int, str] = {}
    changes: set[int] = set()
    for sku, amount, kind, conditions, hidden, own in records:
        if kind not in PAID or hidden:
            continue
        read = memo.get(("amount", amount), False)     # a 2-tuple: apart from the conditions and time texts
        if read is False:
            read = memo[("amount", amount)] = _amount(amount)
        if read is None:
            continue
        value, written = read
        windows = []
        for condition in conditions:
            states, start, end, brought = _condition(condition, memo)
            windows.append((states, start, end))
            for at, text in brought:
                if at not in moments:
                    moments[at] = text
        window = None
        if own:
            begin, finish = _times(own[0], memo), _times(own[1], memo)
            window = (begin and begin[0], finish and finish[0])
        prices.append((sku, value, written, windows, window))
        for _, start, end in windows if window is None else [*windows, (None, *window)]:
            if start is not None:
                changes.add(2 * start)
            if end is not None:
                changes.add(2 * end + 1)
    positions = sorted(changes)
    probes = [_BEFORE, *positions]
    lows: dict[str, list[Any]] = {}
    at_probes = tuple(probes)
    for sku, value, text, windows, own in prices:    # each price over every probe: the first lowest stays
        column = lows.get(sku)
        if column is None:
            column = lows[sku] = [None] * len(probes)
        key = (tuple(windows), own, at_probes)     # a 3-tuple whose first item is a tuple: apart from the conditions
        shown = memo.get(key)
        if shown is None:
            shown = memo[key] = _shown(windows, own, probes)
        for at in shown:
            low = column[at]
            if low is None or value < low[0]:
                column[at] = (value, text)
    return {"moments": [[t, text] for t, text in moments.items()],
            "lows": {sku: _compress([v and v[1] for v in column], positions) for sku, column in lows.items()}}


def _amount(amount: str) -> tuple[Decimal, str] | None:
    """A price's amount as a number and as text, or None when it is no number (nor comparable: NaN)."""
    try:
        value = Decimal(amount)
    except InvalidOperation:
        return None
    return None if value.is_nan() else (value, str(value))


def _shown(windows: list[tuple[frozenset[str], int | None, int | None]], own: tuple[int | None, int | None] | None,
           probes: list[int]) -> tuple[int, ...]:
    """The indices of the ``probes`` at which a price inside these windows (and its own) is shown."""
    return tuple(at for at, position in enumerate(probes)
                 if not (own and _state(own[0], own[1], position) != "running")
                 and not (windows and not all(_state(start, end, position) in states
                                              for states, start, end in windows)))


def plan_steps(plan: Sequence[Any]) -> Steps:
    """The pricing model's 到手价 over time: the first running segment of ``plan``, else its last (as quote_at)."""
    windows = [(None if s.start is None else instant(s.start), None if s.end is None else instant(s.end))
               for s in plan]
    positions = _changes(windows)
    values = []
    for position in [_BEFORE, *positions]:
        running = next((s for s, w in zip(plan, windows) if _state(*w, position) == "running"), plan[-1])
        values.append(str(running.quote.final))
    return _compress(values, positions)


def value_at(steps: Steps, position: int) -> Any:
    """The step function's value at ``position``."""
    first, changes = steps
    at = bisect.bisect_right(changes, position, key=lambda change: change[0]) - 1
    return first if at < 0 else changes[at][1]


def _pieces(a: Steps, b: Steps) -> Iterator[tuple[int | None, int | None, Any, Any]]:
    """(start, end, value of a, value of b) over the stretches where neither changes."""
    positions = sorted({p for p, _ in a[1]} | {p for p, _ in b[1]})
    starts: list[int | None] = [None, *positions]
    ends: list[int | None] = [*positions, None]
    for start, end in zip(starts, ends):
        probe = _BEFORE if start is None else start
        yield start, end, value_at(a, probe), value_at(b, probe)


def below(shown: Steps, bound: Steps, amount: Any = Decimal) -> list[Interval]:
    """The stretches where ``shown`` is a price below ``bound`` (both shown): ``[start, end, shown, bound]``."""
    out = []
    for start, end, low, limit in _pieces(shown, bound):
        if low is not None and limit is not None and amount(low) < amount(limit):
            out.append([start, end, low, limit])
    return out


def first_moment(positions: list[int], interval: Interval) -> int | None:
    """The index of the first of the sorted moment ``positions`` inside ``interval``, or None."""
    start, end = interval[0], interval[1]
    at = 0 if start is None else bisect.bisect_left(positions, start)
    if at < len(positions) and (end is None or positions[at] < end):
        return at
    return None
