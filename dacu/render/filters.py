"""What templates call besides the page's objects: Chinese dates, ink on a colour, time windows, offers.

Pure functions of their arguments (the build's moment is one of them), so a
theme's output depends only on what the page key covers.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Callable

import markupsafe
from markupsafe import Markup, escape

from dacu.core.colour import ColourError, contrast_ratio, parse_colour
from dacu.model import Campaign, Product
from dacu.model.timeline import moment, window_state
from dacu.pricing import Offer, Segment, applies


#: ``str(escape(text))`` for a str: MarkupSafe's own escaping (its C speedup where built) without the
#: ``Markup`` that ``escape`` makes around it, a Python call the hottest pieces of a page can skip.
escape_text: Callable[[str], str] = getattr(markupsafe, "_escape_inner", None) or (lambda text: str(escape(text)))


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


def live(plan: list[Segment], now: datetime) -> list[Segment]:
    """The segments of a price plan not yet over at ``now``; the first one open towards the past.

    A page only ever moves forward from the moment it was built (its script
    follows the clock), so stretches already over are left out: a page
    carries a price line per stretch, and ended ones would only weigh.
    """
    kept = [s for s in plan if s.end is None or s.end >= now]
    return [dataclasses.replace(kept[0], start=None), *kept[1:]] if kept else plan[-1:]


def offers_for(campaign: Campaign | None, product: Product) -> list[Offer]:
    """The campaign's promotions and coupons that apply to ``product``, in that order."""
    if campaign is None:
        return []
    offers: list[Offer] = [*campaign.promotions, *campaign.coupons]
    return [o for o in offers if applies(o, product)]


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
