"""Promotion arithmetic: ``promotion-tiers``, ``promotion-rules``, ``below-cost``."""

from __future__ import annotations

from decimal import Decimal

from dacu.core import Findings
from dacu.model import Campaign, Promotion, Site, promoted_skus, yuan
from dacu.pricing import zhe


def check_promotions(site: Site, findings: Findings) -> None:
    """Every campaign's tiers, offers and coupons, then the margin of its deepest offer."""
    for campaign in site.campaigns:
        for index, promo in enumerate(campaign.promotions):
            _check_one(site, campaign, promo, index, findings)
        for index, coupon in enumerate(campaign.coupons):
            if coupon.amount >= coupon.threshold and coupon.threshold > 0:
                findings.add("promotion-rules", campaign.source,
                             f"coupon {coupon.name}: 满{yuan(coupon.threshold)}减{yuan(coupon.amount)} gives away the whole "
                             "threshold: make the amount smaller than the threshold",
                             key=f"coupons[{index}].amount", line=campaign.line_of(f"coupons[{index}]"),
                             measured=float(coupon.amount), threshold=float(coupon.threshold))
        for index, sale in enumerate(campaign.flash_sales):
            for sku, price in sale.prices.items():
                product = site.products.get(sku)
                if product is not None and price >= product.price:
                    findings.add("price-anchor", campaign.source,
                                 f"flash price ¥{yuan(price)} of SKU {sku} is not below its sale price "
                                 f"¥{yuan(product.price)}: a flash sale must be cheaper",
                                 key=f"flash_sales[{index}].prices.{sku}",
                                 line=campaign.line_of(f"flash_sales[{index}].prices.{sku}"),
                                 measured=float(price), threshold=float(product.price))
        _check_below_cost(site, campaign, findings)


def _check_one(site: Site, campaign: Campaign, promo: Promotion, index: int, findings: Findings) -> None:
    key = f"promotions[{index}]"
    file = campaign.source

    def add(rule: str, sub: str, message: str, **kw: float) -> None:
        findings.add(rule, file, message, key=f"{key}.{sub}", line=campaign.line_of(f"{key}.{sub}"), **kw)

    if promo.type == "tiered":
        previous: tuple[Decimal, Decimal] | None = None
        for i, (threshold, discount) in enumerate(promo.tiers):
            label = f"tier {i + 1} (满{yuan(threshold)}减{yuan(discount)})"
            if discount >= threshold:
                add("promotion-tiers", f"tiers[{i}]", f"{label}: the discount is not below its threshold: "
                    "make it smaller than the amount spent")
                continue  # comparing rates with an impossible tier would only repeat this finding
            if previous is not None:
                prev_t, prev_d = previous
                if threshold <= prev_t:
                    add("promotion-tiers", f"tiers[{i}]", f"{label}: the threshold does not rise above the tier "
                        f"before (满{yuan(prev_t)}): order tiers from the smallest threshold up")
                else:
                    rate, prev_rate = discount / threshold, prev_d / prev_t
                    if rate <= prev_rate:
                        word = "the same as" if rate == prev_rate else "lower than"
                        add("promotion-tiers", f"tiers[{i}]",
                            f"{label} gives {_pct(rate)} off, {word} the {_pct(prev_rate)} of tier {i} "
                            f"(满{yuan(prev_t)}减{yuan(prev_d)}): raise the discount above "
                            f"{yuan(threshold * prev_rate)} so spending more saves more",
                            measured=round(float(rate), 4), threshold=round(float(prev_rate), 4))
            previous = (threshold, discount)
    elif promo.type == "percent_off":
        for i in range(1, len(promo.tiers)):
            (n0, r0), (n1, r1) = promo.tiers[i - 1], promo.tiers[i]
            if n1 <= n0 or r1 >= r0:
                add("promotion-rules", f"tiers[{i}]",
                    f"满{n1}件{zhe(r1)}折 after 满{n0}件{zhe(r0)}折: more pieces must give a deeper discount "
                    "(more pieces, lower rate)")
        for i, (_, rate) in enumerate(promo.tiers):
            if rate <= 0 or rate >= 1:
                add("promotion-rules", f"tiers[{i}]", f"rate {rate} is not a discount: use a rate between 0 and 1, e.g. 0.8 for 8折")
    elif promo.type == "n_free":
        if promo.free is not None and promo.buy is not None and promo.free >= promo.buy:
            add("promotion-rules", "free", f"满{promo.buy}件减{promo.free}件 gives every piece away: free must be less than buy")
    elif promo.type == "add_on":
        product = site.products.get(promo.sku or "")
        if product is not None and promo.price is not None and promo.price >= product.price:
            add("promotion-rules", "price", f"add-on price ¥{yuan(promo.price)} for SKU {promo.sku} is not below its price "
                f"¥{yuan(product.price)}: an add-on deal must be cheaper than buying the item",
                measured=float(promo.price), threshold=float(product.price))
    elif promo.type == "bundle":
        parts = [site.products[s] for s in promo.skus if s in site.products]
        if len(parts) == len(promo.skus) and promo.price is not None:
            total = sum((p.price for p in parts), Decimal(0))
            if promo.price >= total:
                add("promotion-rules", "price", f"bundle {promo.name} costs ¥{yuan(promo.price)}, not less than its parts "
                    f"bought alone (¥{yuan(total)}): price the bundle below ¥{yuan(total)}",
                    measured=float(promo.price), threshold=float(total))
        if len(promo.skus) < 2:
            add("promotion-rules", "skus", f"bundle {promo.name} has {len(promo.skus)} SKU: a bundle needs at least two")


def _pct(rate: Decimal) -> str:
    return f"{float(rate) * 100:.1f}%"


def deepest_offer(campaign: Campaign, sku: str, price: Decimal) -> tuple[Decimal, str] | None:
    """The lowest unit price the campaign's offers allow for one SKU, and the offer."""
    offers: list[tuple[Decimal, str]] = []
    for sale in campaign.flash_sales:
        if sku in sale.prices:
            offers.append((sale.prices[sku], f"flash price ¥{yuan(sale.prices[sku])}"))
    for promo in campaign.promotions:
        if promo.type == "tiered" and promo.tiers:
            t, d = max(promo.tiers, key=lambda tier: tier[1] / tier[0] if tier[0] else 0)
            if t > 0:
                offers.append((price * (1 - d / t), f"满{yuan(t)}减{yuan(d)}"))
        elif promo.type == "percent_off" and promo.tiers:
            n, rate = min(promo.tiers, key=lambda tier: tier[1])
            offers.append((price * Decimal(rate), f"满{n}件{zhe(rate)}折"))
        elif promo.type == "n_free" and promo.buy and promo.free is not None and promo.free < promo.buy:
            offers.append((price * (promo.buy - promo.free) / promo.buy, f"满{promo.buy}件减{promo.free}件"))
    if not offers:
        return None
    return min(offers, key=lambda o: o[0])


def _check_below_cost(site: Site, campaign: Campaign, findings: Findings) -> None:
    for sku in promoted_skus(site, campaign):
        product = site.products[sku]
        if product.cost is None or product.price <= 0:
            continue
        offer = deepest_offer(campaign, sku, product.price)
        if offer is None:
            continue
        unit, how = offer
        unit = unit.quantize(Decimal("0.01"))
        if unit < product.cost:
            file, line = product.location()
            findings.add("below-cost", file,
                         f"SKU {sku} sells at ¥{yuan(unit)} with {how} in {campaign.title}, below its cost "
                         f"¥{yuan(product.cost)}: loses ¥{yuan(product.cost - unit)} per unit",
                         key="cost", line=line, measured=float(unit), threshold=float(product.cost),
                         extra={"loss": float(product.cost - unit)})
