"""What templates call besides the page's objects: Chinese dates, ink on a colour, prices over time.

Pure functions of their arguments (the build's moment is one of them), so a
theme's output depends only on what the page key covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from markupsafe import Markup, escape

from dacu.core.colour import ColourError, contrast_ratio, parse_colour
from dacu.model import Campaign, Product
from dacu.model.timeline import moment, window_state


def zh_time(moment_: datetime | None, with_date: bool = True) -> str:
    """11月11日 00:00 (the form Chinese promotion pages use)."""
    if moment_ is None:
        return ""
    clock = moment_.strftime("%H:%M")
    return f"{moment_.month}月{moment_.day}日 {clock}" if with_date else clock


def zh_date(moment_: datetime | None) -> str:
    """11月11日."""
    return f"{moment_.month}月{moment_.day}日" if moment_ else ""


def zh_clock(moment_: datetime | None) -> str:
    """0点, 10点, 10:30: how flash-sale slots are named (0点开抢)."""
    if moment_ is None:
        return ""
    return f"{moment_.hour}点" if moment_.minute == 0 else moment_.strftime("%H:%M")


def ink(colour: str | None) -> str:
    """The neutral (#FFFFFF or #000000) that reads best on ``colour``: text on a palette colour."""
    try:
        rgb = parse_colour(colour or "")
    except ColourError:
        return "#FFFFFF"
    return "#FFFFFF" if contrast_ratio(rgb, (255, 255, 255)) >= contrast_ratio(rgb, (0, 0, 0)) else "#000000"


def iso_time(moment_: datetime) -> str:
    """ISO 8601 that every browser's ``Date.parse`` reads (milliseconds only when needed)."""
    return moment_.isoformat(timespec="milliseconds" if moment_.microsecond else "seconds")


#: The gap between a window's inclusive end and the next window's start.
_TICK = timedelta(milliseconds=1)


@dataclass(frozen=True)
class PriceSegment:
    """What a product's price is during one stretch of time (see :meth:`Renderer.price_plan`).

    ``start``/``end`` are inclusive, None for open-ended. A flash segment
    carries the flash price; the regular segment before a flash sale carries
    it as ``coming`` (the warm-up's "11月11日 0点开抢 ¥1999").
    """

    start: datetime | None
    end: datetime | None
    price: Decimal
    flash: bool
    state: str                                  # at the build's moment: upcoming / running / ended
    coming: tuple[datetime, Decimal] | None = None


def window_attrs(start: datetime | None, end: datetime | None, now: datetime, show: str = "") -> Markup:
    """The data attributes of a time window, in its state at ``now``.

    The theme's script keeps ``data-state`` current in the browser; with
    ``show`` ("running", "upcoming ended" ...) the element is ``hidden``
    outside those states, on the server as in the browser.
    """
    state = window_state(start or now, end or now, now)
    attrs = [f'data-start="{iso_time(start)}"' if start else "", f'data-end="{iso_time(end)}"' if end else "",
             f'data-state="{state}"']
    if show:
        attrs.append(f'data-show="{escape(show)}"' + ("" if state in show.split() else " hidden"))
    return Markup(" " + " ".join(a for a in attrs if a))


def price_plan(campaign: Campaign | None, product: Product, now: datetime) -> list[PriceSegment]:
    """The product's price over time: regular, flash, regular ... (one regular segment without flash sales).

    A flash sale that starts before the previous one of the same SKU ended is
    left out: the earlier one's price holds until it ends.
    """
    sales = sorted(((s.start, s.end, s.prices[product.sku]) for s in (campaign.flash_sales if campaign else [])
                    if product.sku in s.prices), key=lambda sale: sale[0])
    segments: list[PriceSegment] = []
    after: datetime | None = None   # the end of the last flash sale so far
    for start, end, price in sales:
        if after is not None and start <= after:
            continue
        gap_start = after + _TICK if after else None
        segments.append(PriceSegment(gap_start, start - _TICK, product.price, False,
                                     window_state(gap_start or now, start - _TICK, now), (start, price)))
        segments.append(PriceSegment(start, end, price, True, window_state(start, end, now)))
        after = end
    last_start = after + _TICK if after else None
    segments.append(PriceSegment(last_start, None, product.price, False, window_state(last_start or now, now, now)))
    return segments


def countdown_steps(campaign: Campaign) -> list[tuple[str, str, str]]:
    """(boundary, label, running phase) for every boundary of the campaign, in time order.

    At a moment ``t`` the countdown counts to the first boundary at or after
    ``t``; the steps are :func:`~dacu.model.timeline.moment` evaluated just before
    each boundary, so the browser needs no phase logic of its own.
    """
    if campaign.start is None or campaign.end is None:
        return []
    phases = campaign.phases
    bounds = sorted({campaign.start, campaign.end, *(p.start for p in phases), *(p.end for p in phases)})
    steps: list[tuple[str, str, str]] = []
    for bound in bounds:
        state = moment(campaign, bound - timedelta(microseconds=1))
        if state.boundary is None:
            continue
        step = (iso_time(state.boundary), state.boundary_label, state.phase.name if state.phase else "")
        if step not in steps:
            steps.append(step)
    return steps


def variant_labels(group: list[Product]) -> dict[str, str]:
    """A short label per SKU of one SPU: the title words its siblings lack ("12GB+512GB 冰川蓝")."""
    words = {p.sku: p.title.split() for p in group}
    labels = {}
    for product in group:
        others = {w for q in group if q is not product for w in words[q.sku]}
        own = [w for w in words[product.sku] if w not in others]
        labels[product.sku] = " ".join(own[:2]) or product.title
    return labels
