"""A product's 到手价 over time: one segment per stretch where it does not change.

Pages show every segment with its window and let the theme's script show the
one running now (as with flash-sale states); checks take the lowest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from dacu.model.entities import Campaign, Product
from dacu.model.timeline import window_state
from dacu.pricing.offers import Offer, applies, offer_window, presale_of
from dacu.pricing.quote import Quote, quote

#: The gap between a window's inclusive end and the next window's start.
TICK = timedelta(milliseconds=1)


@dataclass(frozen=True)
class Segment:
    """The 到手价 during one stretch of time; ``start``/``end`` inclusive, None when open-ended.

    ``coming`` is the next flash sale of the SKU after a regular stretch, as
    (its start, its flash price): the warm-up's "11月11日 0点开抢 ¥1999".
    """

    start: datetime | None
    end: datetime | None
    quote: Quote
    coming: tuple[datetime, Decimal] | None = None

    def state(self, now: datetime) -> str:
        """upcoming / running / ended at ``now``."""
        return window_state(self.start or now, self.end or now, now)


def boundaries(campaign: Campaign | None, product: Product) -> list[datetime]:
    """Every moment at which the product's 到手价 may change (a window starts, or ends + 1 ms)."""
    if campaign is None or campaign.start is None or campaign.end is None:
        return []
    windows = [(campaign.start, campaign.end)]
    windows += [(s.start, s.end) for s in campaign.flash_sales if product.sku in s.prices]
    offers: list[Offer] = [*campaign.promotions, *campaign.coupons]
    windows += [offer_window(o, campaign) for o in offers if applies(o, product)]
    presale = presale_of(campaign, product.sku)
    if presale is not None:
        windows.append((presale.deposit_start, presale.balance_end))
    return sorted({t for start, end in windows for t in (start, end + TICK)})


def price_plan(campaign: Campaign | None, product: Product) -> list[Segment]:
    """The product's 到手价 from before the campaign to after it; adjacent equal prices merged."""
    bounds = boundaries(campaign, product)
    if not bounds:
        # no campaign window: nothing runs, the quote does not depend on the moment
        return [Segment(None, None, quote(campaign, product, datetime(2000, 1, 1, tzinfo=timezone.utc)))]
    starts: list[datetime | None] = [None, *bounds]
    segments: list[Segment] = []
    for i, start in enumerate(starts):
        at = start if start is not None else bounds[0] - TICK
        end = bounds[i] - TICK if i < len(bounds) else None
        current = quote(campaign, product, at)
        if segments and _same(segments[-1].quote, current):
            segments[-1] = Segment(segments[-1].start, end, segments[-1].quote)
        else:
            segments.append(Segment(start, end, current))
    return [_with_coming(campaign, s) for s in segments]


def _same(a: Quote, b: Quote) -> bool:
    """Equal as a page shows them: the prices and the offers that made them."""
    return (a.final, a.item, a.flash, a.promotion_cut, a.coupon_cut, a.presale is None) == \
        (b.final, b.item, b.flash, b.promotion_cut, b.coupon_cut, b.presale is None) and \
        a.promotion is b.promotion and a.coupon is b.coupon


def _with_coming(campaign: Campaign | None, segment: Segment) -> Segment:
    if campaign is None or segment.quote.flash or segment.end is None:
        return segment
    sku = segment.quote.sku
    later = [s for s in campaign.flash_sales if sku in s.prices and s.start > segment.end]
    if not later:
        return segment
    sale = min(later, key=lambda s: s.start)
    return Segment(segment.start, segment.end, segment.quote, (sale.start, sale.prices[sku]))


def lowest(campaign: Campaign | None, product: Product) -> Segment:
    """The segment with the lowest 到手价 (the earliest of equals)."""
    return min(price_plan(campaign, product), key=lambda s: s.quote.final)


def quote_at(plan: list[Segment], now: datetime) -> Quote:
    """The quote of the segment running at ``now``."""
    for segment in plan:
        if segment.state(now) == "running":
            return segment.quote
    return plan[-1].quote
