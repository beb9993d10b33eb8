"""What a campaign looks like at a moment: its phase, next boundary, flash sales.

Pure functions over the model, used by rendering (``--now``) and mirrored by
the theme's small script in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from dacu.model.entities import Campaign, FlashSale, Phase

UPCOMING, RUNNING, ENDED = "upcoming", "running", "ended"
FLASH_LABELS = {RUNNING: "已开抢", UPCOMING: "即将开始", ENDED: "已结束"}


@dataclass(frozen=True)
class Moment:
    """A campaign's state at ``now``."""

    now: datetime
    status: str                     # upcoming / running / ended
    phase: Phase | None             # the phase running now, if any
    next_phase: Phase | None        # the next phase to start
    boundary: datetime | None       # the next start or end the countdown counts to
    boundary_label: str             # what happens at the boundary


def window_state(start: datetime, end: datetime, now: datetime) -> str:
    """upcoming before ``start``, running until ``end`` (inclusive), then ended."""
    if now < start:
        return UPCOMING
    return RUNNING if now <= end else ENDED


def moment(campaign: Campaign, now: datetime) -> Moment:
    """The campaign's phase and next boundary at ``now``."""
    assert campaign.start is not None and campaign.end is not None
    status = window_state(campaign.start, campaign.end, now)
    phase = next((p for p in campaign.phases if p.start <= now <= p.end), None)
    upcoming = [p for p in campaign.phases if p.start > now]
    next_phase = min(upcoming, key=lambda p: p.start) if upcoming else None
    if status == UPCOMING:
        return Moment(now, status, None, next_phase, campaign.start, "活动开始")
    if status == ENDED:
        return Moment(now, status, None, None, None, "活动已结束")
    candidates: list[tuple[datetime, str]] = []
    if phase is not None:
        candidates.append((phase.end, f"{phase.name}结束"))
    if next_phase is not None:
        candidates.append((next_phase.start, f"{next_phase.name}开始"))
    candidates.append((campaign.end, "活动结束"))
    boundary, label = min(candidates, key=lambda c: c[0])
    return Moment(now, status, phase, next_phase, boundary, label)


def flash_state(sale: FlashSale, now: datetime) -> str:
    """已开抢 / 即将开始 / 已结束 as running / upcoming / ended."""
    return window_state(sale.start, sale.end, now)


def flash_price(campaign: Campaign, sku: str, now: datetime) -> Decimal | None:
    """The flash price of ``sku`` while one of its flash sales runs, else None."""
    for sale in campaign.flash_sales:
        if sku in sale.prices and flash_state(sale, now) == RUNNING:
            return sale.prices[sku]
    return None


def next_flash(campaign: Campaign, sku: str, now: datetime) -> tuple[FlashSale, Decimal] | None:
    """The next upcoming flash sale of ``sku`` with its price (for warm-up pages)."""
    upcoming = [s for s in campaign.flash_sales if sku in s.prices and flash_state(s, now) == UPCOMING]
    if not upcoming:
        return None
    sale = min(upcoming, key=lambda s: s.start)
    return sale, sale.prices[sku]
