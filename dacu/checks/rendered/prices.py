"""``price-consistency``: no page shows a product cheaper than its detail page does at the same moment.

Read from the rendered pages, not the model, so a theme override that prints
a lower price is caught: every price a page shows carries the price markup
(``data-sku``, ``data-price``, ``data-price-kind``; docs/prices.md). A price
inside a time window (``data-start``/``data-end`` with ``data-show``) is
shown only while the theme's script shows it, so each page is compared at
every moment one of the pages' windows starts or ends, from the build's
moment on.

Each page comes to the check as its step functions
(:func:`dacu.checks.rendered.price_steps.price_facts`, made where the page
is rendered), in any order: :class:`PriceConsistency` keeps, per SKU, its
detail page's step function and each distinct step function other pages
show it with, and compares them once every page is in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable, Protocol, Sequence

from dacu.core import Findings
from dacu.core.i18n import msg
from dacu.model import yuan
from dacu.checks.rendered.price_markup import PriceRecord
from dacu.checks.rendered.price_markup import page_prices as page_prices  # the interface the build calls
from dacu.checks.rendered.price_steps import (Interval, Steps, below, first_moment, instant, plan_steps,
                                              price_facts)


@dataclass(frozen=True)
class PricedPage:
    """One rendered page for the check: its output path, source, own SKU (detail pages) and prices."""

    path: str
    source: str
    sku: str | None
    prices: list[PriceRecord]


class _Place(Protocol):
    """A page as findings name it."""

    @property
    def path(self) -> str: ...
    @property
    def source(self) -> str: ...


def model_check(facts: dict[str, Any], sku: str, plan: Sequence[Any]) -> None:
    """Add to a detail page's ``facts`` the stretches where it shows its SKU below the 到手价 of ``plan``."""
    shown = facts["lows"].get(sku)
    facts["model"] = below(shown, plan_steps(plan)) if shown is not None else []


def _frozen(steps: Steps) -> tuple[Any, ...]:
    return (steps[0], tuple((position, value) for position, value in steps[1]))


def _thawed(steps: tuple[Any, ...]) -> Steps:
    return [steps[0], [list(change) for change in steps[1]]]


class PriceConsistency:
    """``price-consistency`` over pages given one at a time (:meth:`add`), judged by :meth:`report`."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self._moments: dict[int, tuple[int, str]] = {}      # instant -> (first page, ISO text there)
        self._details: dict[str, tuple[int, tuple[Any, ...]]] = {}    # SKU -> (detail page, lowest there)
        self._shown: dict[str, dict[tuple[Any, ...], list[int]]] = {}  # SKU -> lowest elsewhere -> pages
        self._model: list[tuple[int, str, Interval]] = []    # detail pages below the 到手价

    def add(self, index: int, sku: str | None, facts: dict[str, Any]) -> None:
        """Page number ``index`` (its place in the build's page order), whose own SKU is ``sku`` (detail pages)."""
        for at, text in facts["moments"]:
            seen = self._moments.get(at)
            if seen is None or index < seen[0]:   # shown as the first page in page order gives it
                self._moments[at] = (index, text)
        for shown_sku, steps in facts["lows"].items():
            frozen = _frozen(steps)
            if shown_sku == sku:
                self._details[shown_sku] = (index, frozen)
            else:
                self._shown.setdefault(shown_sku, {}).setdefault(frozen, []).append(index)
        if sku is not None:
            self._model += [(index, sku, interval) for interval in facts.get("model", [])]

    def report(self, findings: Findings, pages: Sequence[_Place]) -> None:
        """The findings, at the first moment each page undercuts; ``pages[index]`` is page number ``index``."""
        start = instant(self.now)
        moments = sorted([(start, None), *((at, text) for at, (_, text) in self._moments.items() if at > start)])
        positions = [2 * at for at, _ in moments]
        found: list[tuple[int, int, int, str, Any, Any]] = []
        below_model: set[int] = set()
        for index, sku, interval in self._model:   # each page's stretches in time order: the first one counts
            at = first_moment(positions, interval) if index not in below_model else None
            if at is not None:
                below_model.add(index)
                found.append((at, 0, index, sku, interval[2], interval[3]))
        amounts: dict[str, Decimal] = {}

        def amount(text: str) -> Decimal:
            if text not in amounts:
                amounts[text] = Decimal(text)
            return amounts[text]

        for sku, shown in self._shown.items():
            detail = self._details.get(sku)
            if detail is None:
                continue
            for steps, indices in shown.items():
                if steps == detail[1]:
                    continue
                # the stretches come in time order: the first one a moment falls in gives the first moment
                hit = next(((at, interval) for interval in below(_thawed(steps), _thawed(detail[1]), amount)
                            for at in [first_moment(positions, interval)] if at is not None), None)
                if hit is not None:
                    at, interval = hit
                    found += [(at, 1, index, sku, interval[2], interval[3]) for index in indices]
        for at, kind, index, sku, shown_text, bound in sorted(found):
            page, text = pages[index], moments[at][1]
            moment = (datetime.fromisoformat(text) if text is not None else self.now).strftime("%Y-%m-%d %H:%M:%S")
            if kind == 0:
                message = msg("{page} shows SKU {sku} at ¥{shown} at {moment}, below the 到手价 ¥{final} its offers "
                              "give then: make the template show the price of price_plan()", page=page.path,
                              sku=sku, shown=yuan(Decimal(shown_text)), moment=moment, final=yuan(Decimal(bound)))
            else:
                message = msg("{page} shows SKU {sku} at ¥{shown} at {moment}, below the ¥{detail} its detail "
                              "page shows then: no spot may undercut the detail page; make the template show "
                              "the price of price_plan() or correct the override", page=page.path, sku=sku,
                              shown=yuan(Decimal(shown_text)), moment=moment, detail=yuan(Decimal(bound)))
            findings.add("price-consistency", page.source, message, key=page.path, extra={"page": page.path, "sku": sku})


def check_price_consistency(pages: list[PricedPage], now: datetime, findings: Findings,
                            plan_of: Callable[[str], Sequence[Any] | None] | None = None) -> None:
    """Report a page that shows a product below its detail page, and a detail page below the 到手价.

    ``plan_of(sku)`` is the pricing model's plan of a product (:func:`dacu.pricing.price_plan`), when known.
    """
    check = PriceConsistency(now)
    memo: dict[Any, Any] = {}
    for index, page in enumerate(pages):
        facts = price_facts(page.prices, memo)
        plan = plan_of(page.sku) if plan_of is not None and page.sku else None
        if page.sku and plan:
            model_check(facts, page.sku, plan)
        check.add(index, page.sku, facts)
    check.report(findings, pages)
