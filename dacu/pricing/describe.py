"""Promotions in the words shoppers read: 满199减25, 满2件9折, 情侣套装价¥399.

Both the renderer (the ``describe`` filter) and the checks (messages about
an offer) show promotions this way, so it lives below both.
"""

from __future__ import annotations

from decimal import Decimal

from dacu.model import Promotion, yuan


def describe(promo: Promotion) -> str:
    """A promotion in the plain words shoppers read (满199减25, 满2件9折 ...)."""
    if promo.type == "tiered":
        return "，".join(f"满{yuan(t)}减{yuan(d)}" for t, d in promo.tiers)
    if promo.type == "percent_off":
        return "，".join(f"满{n}件{zhe(r)}折" for n, r in promo.tiers)
    if promo.type == "n_free":
        return f"满{promo.buy}件减{promo.free}件"
    if promo.type == "add_on":
        return f"满{yuan(promo.threshold or 0)}元加{yuan(promo.price or 0)}元换购"
    if promo.type == "gift":
        return f"满{yuan(promo.threshold or 0)}元赠{promo.gift}"
    if promo.type == "bundle":
        name = promo.name or ""
        return f"{name}{'价' if name.endswith('套装') else '套装价'}¥{yuan(promo.price or 0)}"
    return promo.type


def zhe(rate: Decimal) -> str:
    """A discount rate as Chinese 折: 0.8 → "8", 0.75 → "7.5"."""
    # 0.8 → 8, 0.75 → 7.5: Chinese discounts count tenths paid (8折 = 20% off).
    return yuan(Decimal(rate) * 10)
