"""Promotion arithmetic: ``promotion-tiers``, ``promotion-rules``, ``below-cost``, flash ``price-anchor``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from dacu.core import Findings
from dacu.core.i18n import Message, msg
from dacu.model import Campaign, Promotion, Site, promoted_skus, yuan
from dacu.pricing import lowest, margin, zhe


def check_promotions(site: Site, findings: Findings) -> None:
    """Every campaign's tiers, offers and coupons, then the margin of its lowest 到手价."""
    for campaign in site.campaigns:
        for index, promo in enumerate(campaign.promotions):
            _check_one(site, campaign, promo, index, findings)
        for index, coupon in enumerate(campaign.coupons):
            if coupon.amount >= coupon.threshold and coupon.threshold > 0:
                findings.add("promotion-rules", campaign.source,
                             msg("coupon {name}: 满{threshold}减{amount} gives away the whole threshold: make the "
                                 "amount smaller than the threshold", name=coupon.name,
                                 threshold=yuan(coupon.threshold), amount=yuan(coupon.amount)),
                             key=f"coupons[{index}].amount", line=campaign.line_of(f"coupons[{index}]"),
                             measured=float(coupon.amount), threshold=float(coupon.threshold))
        for index, sale in enumerate(campaign.flash_sales):
            for sku, price in sale.prices.items():
                product = site.products.get(sku)
                if product is not None and price >= product.price:
                    findings.add("price-anchor", campaign.source,
                                 msg("flash price ¥{flash} of SKU {sku} is not below its sale price ¥{price}: "
                                     "a flash sale must be cheaper", flash=yuan(price), sku=sku,
                                     price=yuan(product.price)),
                                 key=f"flash_sales[{index}].prices.{sku}",
                                 line=campaign.line_of(f"flash_sales[{index}].prices.{sku}"),
                                 measured=float(price), threshold=float(product.price))
        _check_below_cost(site, campaign, findings)


def _check_one(site: Site, campaign: Campaign, promo: Promotion, index: int, findings: Findings) -> None:
    key = f"promotions[{index}]"
    file = campaign.source

    def add(rule: str, sub: str, message: Message, **kw: float) -> None:
        findings.add(rule, file, message, key=f"{key}.{sub}", line=campaign.line_of(f"{key}.{sub}"), **kw)

    if promo.type == "tiered":
        previous: tuple[Decimal, Decimal] | None = None
        for i, (threshold, discount) in enumerate(promo.tiers):
            label = msg("tier {n} (满{threshold}减{discount})", n=i + 1, threshold=yuan(threshold),
                        discount=yuan(discount))
            if discount >= threshold:
                add("promotion-tiers", f"tiers[{i}]", msg("{tier}: the discount is not below its threshold: "
                                                          "make it smaller than the amount spent", tier=label))
                continue  # comparing rates with an impossible tier would only repeat this finding
            if previous is not None:
                prev_t, prev_d = previous
                if threshold <= prev_t:
                    add("promotion-tiers", f"tiers[{i}]",
                        msg("{tier}: the threshold does not rise above the tier before (满{before}): order tiers "
                            "from the smallest threshold up", tier=label, before=yuan(prev_t)))
                else:
                    rate, prev_rate = discount / threshold, prev_d / prev_t
                    if rate <= prev_rate:
                        values = dict(tier=label, rate=float(rate), before_rate=float(prev_rate), n=i,
                                      before=yuan(prev_t), before_discount=yuan(prev_d),
                                      needed=yuan(threshold * prev_rate))
                        if rate == prev_rate:
                            message = msg("{tier} gives {rate:.1%} off, the same as the {before_rate:.1%} of tier {n} "
                                          "(满{before}减{before_discount}): raise the discount above {needed} so "
                                          "spending more saves more", **values)
                        else:
                            message = msg("{tier} gives {rate:.1%} off, lower than the {before_rate:.1%} of tier {n} "
                                          "(满{before}减{before_discount}): raise the discount above {needed} so "
                                          "spending more saves more", **values)
                        add("promotion-tiers", f"tiers[{i}]", message,
                            measured=round(float(rate), 4), threshold=round(float(prev_rate), 4))
            previous = (threshold, discount)
    elif promo.type == "percent_off":
        for i in range(1, len(promo.tiers)):
            (n0, r0), (n1, r1) = promo.tiers[i - 1], promo.tiers[i]
            if n1 <= n0 or r1 >= r0:
                add("promotion-rules", f"tiers[{i}]",
                    msg("满{n1}件{zhe1}折 after 满{n0}件{zhe0}折: more pieces must give a deeper discount "
                        "(more pieces, lower rate)", n1=n1, zhe1=zhe(r1), n0=n0, zhe0=zhe(r0)))
        for i, (_, rate) in enumerate(promo.tiers):
            if rate <= 0 or rate >= 1:
                add("promotion-rules", f"tiers[{i}]",
                    msg("rate {rate} is not a discount: use a rate between 0 and 1, e.g. 0.8 for 8折", rate=rate))
    elif promo.type == "n_free":
        if promo.free is not None and promo.buy is not None and promo.free >= promo.buy:
            add("promotion-rules", "free", msg("满{buy}件减{free}件 gives every piece away: free must be less than buy",
                                               buy=promo.buy, free=promo.free))
    elif promo.type == "add_on":
        product = site.products.get(promo.sku or "")
        if product is not None and promo.price is not None and promo.price >= product.price:
            add("promotion-rules", "price",
                msg("add-on price ¥{add_on} for SKU {sku} is not below its price ¥{price}: an add-on deal must be "
                    "cheaper than buying the item", add_on=yuan(promo.price), sku=promo.sku, price=yuan(product.price)),
                measured=float(promo.price), threshold=float(product.price))
    elif promo.type == "bundle":
        parts = [site.products[s] for s in promo.skus if s in site.products]
        if len(parts) == len(promo.skus) and promo.price is not None:
            total = sum((p.price for p in parts), Decimal(0))
            if promo.price >= total:
                add("promotion-rules", "price",
                    msg("bundle {name} costs ¥{price}, not less than its parts bought alone (¥{total}): price the "
                        "bundle below ¥{total}", name=promo.name, price=yuan(promo.price), total=yuan(total)),
                    measured=float(promo.price), threshold=float(total))
        if len(promo.skus) < 2:
            add("promotion-rules", "skus", msg("bundle {name} has {count} SKU: a bundle needs at least two",
                                               name=promo.name, count=len(promo.skus)))


def _check_below_cost(site: Site, campaign: Campaign, findings: Findings) -> None:
    """The lowest 到手价 of every promoted SKU over the campaign, less the commission, against its cost."""
    commission = site.settings.commission
    skus = {**promoted_skus(site, campaign), **{p.sku: None for p in campaign.presales if p.sku in site.products}}
    for sku in skus:
        product = site.products[sku]
        if product.cost is None or product.price <= 0:
            continue
        segment = lowest(campaign, product)
        final = segment.quote.final
        earned = margin(final, product.cost, commission)
        if earned > 0:
            continue
        file, line = product.location()
        when = segment.start or campaign.start
        if earned == 0:
            message = msg("SKU {sku} sells at exactly its cost ¥{cost} in {campaign} from {when}: 到手价 {formula}, "
                          "less {commission:.0%} commission: it earns nothing; raise its price or narrow the offers",
                          sku=sku, cost=yuan(product.cost), campaign=campaign.title, when=_t(when),
                          formula=segment.quote.formula(), commission=commission)
        else:
            message = msg("SKU {sku} sells below its cost ¥{cost} in {campaign} from {when}: 到手价 {formula}, "
                          "less {commission:.0%} commission, loses ¥{loss} per unit; exclude it from an offer "
                          "(scope exclude) or raise its price", sku=sku, cost=yuan(product.cost),
                          campaign=campaign.title, when=_t(when), formula=segment.quote.formula(),
                          commission=commission, loss=yuan(-earned))
        findings.add("below-cost", file, message, key="cost", line=line, measured=float(final),
                     threshold=float(product.cost), extra={"loss": float(-earned)})


def _t(moment: Any) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""
