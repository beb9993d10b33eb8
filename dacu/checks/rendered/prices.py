"""``price-consistency``: no page shows a product cheaper than its detail page does at the same moment.

Read from the rendered pages, not the model, so a theme override that prints
a lower price is caught: every price a page shows carries the price markup
(``data-sku``, ``data-price``, ``data-price-kind``; docs/prices.md). A price
inside a time window (``data-start``/``data-end`` with ``data-show``) is
shown only while the theme's script shows it, so each page is compared at
every moment one of its windows starts or ends, from the build's moment on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable

from dacu.core import Findings
from dacu.core.i18n import msg
from dacu.model import yuan
from dacu.checks.rendered.price_markup import PriceRecord
from dacu.checks.rendered.price_markup import page_prices as page_prices  # the interface the build calls

#: The kinds of price every shopper can pay (a member price is for members, a deposit is part of a price).
PAID = ("sale", "flash", "final")
_TICK = timedelta(milliseconds=1)


@dataclass(frozen=True)
class PricedPage:
    """One rendered page for the check: its output path, source, own SKU (detail pages) and prices."""

    path: str
    source: str
    sku: str | None
    prices: list[PriceRecord]


def _time(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class _Price:
    """A price a shopper pays (sale, flash or final), its times parsed once."""

    sku: str
    amount: Decimal
    conditions: tuple[tuple[frozenset[str], datetime | None, datetime | None], ...]
    own: tuple[datetime | None, datetime | None] | None


def _parse(records: list[PriceRecord], times: dict[str | None, datetime | None]) -> list[_Price]:
    """The prices a shopper pays; ``times`` remembers each time text read (pages repeat their windows)."""
    def time_of(text: str | None) -> datetime | None:
        if text not in times:
            times[text] = _time(text)
        return times[text]

    prices = []
    for sku, amount, kind, conditions, hidden, own in records:
        if kind not in PAID or hidden:
            continue
        try:
            value = Decimal(amount)
        except InvalidOperation:
            continue
        prices.append(_Price(sku, value, tuple((frozenset(states.split()), time_of(start), time_of(end))
                                               for states, start, end in conditions),
                             (time_of(own[0]), time_of(own[1])) if own else None))
    return prices


def _state(begin: datetime | None, finish: datetime | None, at: datetime) -> str:
    return "upcoming" if begin and at < begin else "running" if not finish or at <= finish else "ended"


def _shown(price: _Price, at: datetime) -> bool:
    """Whether the price is on screen at ``at`` as a price to pay now."""
    if price.own and _state(*price.own, at) != "running":
        return False
    return all(_state(begin, finish, at) in states for states, begin, finish in price.conditions)


def _lowest(prices: list[_Price], at: datetime) -> dict[str, Decimal]:
    """The lowest price a shopper can pay, per SKU, that the page shows at ``at``."""
    low: dict[str, Decimal] = {}
    for price in prices:
        if not _shown(price, at):
            continue
        if price.sku not in low or price.amount < low[price.sku]:
            low[price.sku] = price.amount
    return low


def moments(pages: Iterable[list[_Price]], now: datetime) -> list[datetime]:
    """The build's moment and every later moment at which a price window of these pages starts or ends."""
    times = {now}
    for prices in pages:
        for price in prices:
            for _, begin, finish in price.conditions:
                times.update(t for t in (begin, finish + _TICK if finish else None) if t is not None and t > now)
    return sorted(times)


def check_price_consistency(pages: list[PricedPage], now: datetime, findings: Findings,
                            expected: Callable[[str, datetime], Decimal | None] | None = None) -> None:
    """Report a page that shows a product below its detail page, and a detail page below the 到手价.

    ``expected(sku, moment)`` is the pricing model's 到手价, when known.
    """
    times: dict[str | None, datetime | None] = {}
    parsed = {page.path: _parse(page.prices, times) for page in pages}
    details = {p.sku: p for p in pages if p.sku}
    reported: set[tuple[str, str]] = set()
    for at in moments(parsed.values(), now):
        lows = {path: _lowest(prices, at) for path, prices in parsed.items()}   # every SKU of each page, once
        detail_low = {sku: lows[page.path].get(sku) for sku, page in details.items()}
        for sku, page in details.items():
            shown, model = detail_low[sku], expected(sku, at) if expected else None
            if shown is not None and model is not None and shown < model and (page.path, sku) not in reported:
                reported.add((page.path, sku))
                findings.add("price-consistency", page.source,
                             msg("{page} shows SKU {sku} at ¥{shown} at {moment}, below the 到手价 ¥{final} its offers "
                                 "give then: make the template show the price of price_plan()", page=page.path,
                                 sku=sku, shown=yuan(shown), moment=at.strftime("%Y-%m-%d %H:%M:%S"), final=yuan(model)),
                             key=page.path, extra={"page": page.path, "sku": sku})
        for page in pages:
            for sku, shown in lows[page.path].items():
                low = detail_low.get(sku)
                if sku == page.sku or low is None or (page.path, sku) in reported:
                    continue
                if shown < low:
                    reported.add((page.path, sku))
                    findings.add("price-consistency", page.source,
                                 msg("{page} shows SKU {sku} at ¥{shown} at {moment}, below the ¥{detail} its detail "
                                     "page shows then: no spot may undercut the detail page; make the template show "
                                     "the price of price_plan() or correct the override", page=page.path, sku=sku,
                                     shown=yuan(shown), moment=at.strftime("%Y-%m-%d %H:%M:%S"), detail=yuan(low)),
                                 key=page.path, extra={"page": page.path, "sku": sku})
