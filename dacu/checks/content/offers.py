"""Offers as the pricing model reads them: ``offer-scope`` and ``presale``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from dacu.core import Findings
from dacu.core.hints import did_you_mean
from dacu.core.i18n import Message, msg
from dacu.model import Campaign, Site, yuan
from dacu.model.entities import Scope
from dacu.pricing import selected

#: Civil Code art. 586: a deposit (定金) may not exceed 20% of the price.
MAX_DEPOSIT = Decimal("0.2")


def check_offers(site: Site, findings: Findings) -> None:
    """Every coupon's and promotion's scope, and every pre-sale."""
    for campaign in site.campaigns:
        for index, coupon in enumerate(campaign.coupons):
            _check_scope(site, campaign, coupon.scope, f"coupons[{index}]", coupon.name, findings)
        for index, promo in enumerate(campaign.promotions):
            _check_scope(site, campaign, promo.scope, f"promotions[{index}]", promo.name or promo.type, findings)
        _check_presales(site, campaign, findings)


def _check_scope(site: Site, campaign: Campaign, scope: Scope, key: str, name: str, findings: Findings) -> None:
    def add(sub: str, message: Message) -> None:
        where = f"{key}.scope.{sub}" if sub else f"{key}.scope"
        findings.add("offer-scope", campaign.source, message, key=where, line=campaign.line_of(where))

    products = site.products.values()
    known = {"category": {p.category for p in products if p.category}, "brand": {p.brand for p in products}}
    wrong = False
    for field_name in ("category", "brand"):
        for value in getattr(scope, field_name):
            if value not in known[field_name]:
                wrong = True
                add(field_name, msg('offer {name}: no product has the {field} "{value}": {hint}; '
                                    "correct the scope or add the products to the sheet",
                                    name=name, field=field_name, value=value,
                                    hint=did_you_mean(value, known[field_name])))
    for field_name in ("skus", "exclude"):
        for value in getattr(scope, field_name):
            if value not in site.products:
                wrong = True
                add(field_name, msg("offer {name}: the scope names SKU {sku}, which no product sheet has: "
                                    "correct the SKU or add it to the sheet", name=name, sku=value))
    if not wrong and scope != Scope() and not selected(scope, site.products):
        add("", msg("offer {name}: its scope selects no product (every key of a scope must match): "
                    "loosen the scope or remove the offer", name=name))


def _check_presales(site: Site, campaign: Campaign, findings: Findings) -> None:
    assert campaign.start is not None and campaign.end is not None
    for index, presale in enumerate(campaign.presales):
        key = f"presales[{index}]"

        def add(sub: str, message: Message, **kw: float) -> None:
            findings.add("presale", campaign.source, message, key=f"{key}.{sub}",
                         line=campaign.line_of(f"{key}.{sub}"), **kw)

        limit = presale.price * MAX_DEPOSIT
        if presale.deposit > limit:
            add("deposit", msg("pre-sale of SKU {sku}: the deposit ¥{deposit} is {share:.0%} of the price ¥{price}, "
                               "more than the 20% the Civil Code (art. 586) allows: lower it to ¥{limit} or less",
                               sku=presale.sku, deposit=yuan(presale.deposit), price=yuan(presale.price),
                               share=float(presale.deposit / presale.price), limit=yuan(limit)),
                measured=float(presale.deposit), threshold=float(limit))
        if presale.deduct < presale.deposit:
            add("deduct", msg("pre-sale of SKU {sku}: the deposit ¥{deposit} counts for only ¥{deduct} at the final "
                              "payment: a deposit must count for at least itself (定金膨胀); raise deduct to "
                              "¥{deposit} or more", sku=presale.sku, deposit=yuan(presale.deposit),
                              deduct=yuan(presale.deduct)),
                measured=float(presale.deduct), threshold=float(presale.deposit))
        order = [("deposit_start", presale.deposit_start), ("deposit_end", presale.deposit_end),
                 ("balance_start", presale.balance_start), ("balance_end", presale.balance_end)]
        for (before_key, before), (after_key, after) in zip(order, order[1:]):
            if after <= before:
                add(after_key, msg("pre-sale of SKU {sku}: {after_key} ({after}) is not after {before_key} ({before}): "
                                   "the deposit window comes first, then the balance window",
                                   sku=presale.sku, after_key=after_key, after=_t(after),
                                   before_key=before_key, before=_t(before)))
                break
        else:
            if presale.deposit_start < campaign.start or presale.balance_end > campaign.end:
                add("deposit_start" if presale.deposit_start < campaign.start else "balance_end",
                    msg("pre-sale of SKU {sku} ({start} – {end}) lies outside the campaign ({campaign_start} – "
                        "{campaign_end}): move its windows inside or widen the campaign", sku=presale.sku,
                        start=_t(presale.deposit_start), end=_t(presale.balance_end),
                        campaign_start=_t(campaign.start), campaign_end=_t(campaign.end)))


def _t(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")
