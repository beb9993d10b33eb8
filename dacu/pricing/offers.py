"""Which offers apply to a product (scope) and when they run (windows).

An offer is a coupon or a promotion. Its scope narrows the products it
applies to (every key given must match; ``exclude`` removes SKUs); its window
is its own ``start``/``end``, or the campaign's where it has none.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Union

from dacu.model.entities import Campaign, Coupon, Presale, Product, Promotion, Scope
from dacu.model.timeline import RUNNING, window_state

Offer = Union[Coupon, Promotion]

#: Promotions that lower the price of one unit bought alone (the others need more pieces or a set).
UNIT_TYPES = ("tiered", "percent_off")


def in_scope(scope: Scope, product: Product) -> bool:
    """Whether ``product`` matches every key of ``scope`` and is not excluded."""
    if product.sku in scope.exclude:
        return False
    if scope.category and product.category not in scope.category:
        return False
    if scope.brand and product.brand not in scope.brand:
        return False
    return not scope.skus or product.sku in scope.skus


def applies(offer: Offer, product: Product) -> bool:
    """Whether ``offer`` applies to ``product``: its scope, and a bundle's own SKUs."""
    if isinstance(offer, Promotion) and offer.type == "bundle" and product.sku not in offer.skus:
        return False
    return in_scope(offer.scope, product)


def offer_window(offer: Offer, campaign: Campaign) -> tuple[datetime, datetime]:
    """The offer's own start and end, the campaign's where it has none."""
    assert campaign.start is not None and campaign.end is not None
    return offer.start or campaign.start, offer.end or campaign.end


def offer_state(offer: Offer, campaign: Campaign, now: datetime) -> str:
    """upcoming / running / ended at ``now``."""
    start, end = offer_window(offer, campaign)
    return window_state(start, end, now)


def running(offer: Offer, campaign: Campaign, now: datetime) -> bool:
    """Whether the offer can be used at ``now``."""
    return offer_state(offer, campaign, now) == RUNNING


def unit_cut(promo: Promotion, amount: Decimal) -> Decimal:
    """What a spend-level promotion takes off one unit costing ``amount`` (0 when no tier is reached).

    满减: the largest discount of a tier whose threshold the amount reaches.
    满M件打N折: a tier of one piece (全场五折 is ``[[1, 0.5]]``) discounts one unit.
    """
    if promo.type == "tiered":
        return max((d for t, d in promo.tiers if t <= amount), default=Decimal(0))
    if promo.type == "percent_off":
        rates = [Decimal(rate) for pieces, rate in promo.tiers if pieces <= 1]
        return round_yuan(amount * (1 - min(rates))) if rates else Decimal(0)
    return Decimal(0)


def presale_of(campaign: Campaign, sku: str) -> Presale | None:
    """The campaign's pre-sale of ``sku``, if any (the first one listed)."""
    return next((p for p in campaign.presales if p.sku == sku), None)


def presale_total(presale: Presale) -> Decimal:
    """What a pre-sale costs in all: deposit + price − deduct (定金膨胀)."""
    return presale.deposit + presale.price - presale.deduct


def round_yuan(amount: Decimal) -> Decimal:
    """To the fen (0.01), half up: how platforms round a discounted price."""
    return Decimal(amount).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


def selected(scope: Scope, products: dict[str, Product]) -> list[Product]:
    """The products of ``products`` a scope selects (for checks: a scope that selects nothing)."""
    return [p for p in products.values() if in_scope(scope, p)]
