"""The price a shopper pays (到手价) for one unit at a moment, with its breakdown.

The stacking order (docs/prices.md):

1. the item-level price: the flash price during its slot, else the sale
   price (a member price is shown beside the 到手价, never in it);
2. the best one spend-level promotion that applies and runs (for one unit:
   a 满减 tier the price reaches, or a one-piece 满件折 such as 全场五折);
   a flash price takes no promotion (秒杀商品不参与满减);
3. the best one coupon that applies, runs and whose threshold the amount
   after the promotion reaches;
4. each exclusive offer is compared alone, on the sale price, against that
   combination; the lower price wins (a tie keeps the combination).

A pre-sale product's 到手价, from its deposit window to the end of its
balance window, is deposit + price − deduct.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from dacu.model.entities import Campaign, Coupon, Presale, Product, Promotion, yuan
from dacu.model.timeline import flash_price, window_state, RUNNING
from dacu.pricing.describe import describe
from dacu.pricing.offers import UNIT_TYPES, applies, presale_of, presale_total, round_yuan, running, unit_cut

ZERO = Decimal(0)


@dataclass(frozen=True)
class Quote:
    """The 到手价 of one unit of ``sku`` at a moment, and what produced it."""

    sku: str
    sale: Decimal                      # the sale price (售价)
    item: Decimal                      # the item-level price: the flash price in its slot, else the sale price
    final: Decimal                     # 到手价
    flash: bool = False
    promotion: Promotion | None = None
    promotion_cut: Decimal = ZERO
    coupon: Coupon | None = None
    coupon_cut: Decimal = ZERO
    exclusive: bool = False            # an exclusive offer alone gave the lowest price
    presale: Presale | None = None
    member: Decimal | None = None      # 会员价, beside the 到手价

    @property
    def discounted(self) -> bool:
        """Whether the 到手价 differs from the sale price (pages then show both)."""
        return self.final != self.sale

    def steps(self) -> list[tuple[str, str, Decimal]]:
        """The breakdown as (kind, label, amount): 售价 − 满减 − 券 = 到手价.

        Kinds: ``sale``, ``flash``, ``promotion``, ``coupon``, ``presale``,
        ``deposit``, ``deduct``, ``final``; a promotion or coupon amount is
        what it takes off.
        """
        if self.presale is not None:
            p = self.presale
            return [("presale", "预售价", p.price), ("deposit", "定金", p.deposit),
                    ("deduct", f"定金抵{yuan(p.deduct)}", p.deduct), ("final", "到手价", self.final)]
        steps = [("sale", "售价", self.sale)]
        if self.flash:
            steps.append(("flash", "秒杀价", self.item))
        if self.promotion is not None and self.promotion_cut:
            steps.append(("promotion", promotion_label(self.promotion, self.item), self.promotion_cut))
        if self.coupon is not None and self.coupon_cut:
            steps.append(("coupon", self.coupon.name, self.coupon_cut))
        steps.append(("final", "到手价", self.final))
        return steps

    def formula(self) -> str:
        """The breakdown in one line, as pages and messages show it: ¥299 − ¥25（满199减25）− ¥20（店铺券）= ¥254."""
        if self.presale is not None:
            p = self.presale
            return f"¥{yuan(p.deposit)}（定金）+ ¥{yuan(p.price)} − ¥{yuan(p.deduct)}（定金抵扣）= ¥{yuan(self.final)}"
        parts = [f"¥{yuan(self.item)}" + ("（秒杀价）" if self.flash else "")]
        for kind, label, amount in self.steps():
            if kind in ("promotion", "coupon"):
                parts.append(f"− ¥{yuan(amount)}（{label}）")
        return " ".join(parts) + f" = ¥{yuan(self.final)}"


def promotion_label(promo: Promotion, amount: Decimal) -> str:
    """The tier of a promotion one unit at ``amount`` uses (满199减25), or the whole promotion."""
    if promo.type == "tiered":
        reached = [(t, d) for t, d in promo.tiers if t <= amount]
        if reached:
            t, d = max(reached, key=lambda tier: tier[1])
            return f"满{yuan(t)}减{yuan(d)}"
    return describe(promo)


def quote(campaign: Campaign | None, product: Product, now: datetime) -> Quote:
    """The 到手价 of one unit of ``product`` at ``now`` under ``campaign``'s offers."""
    member = product.member_price if product.member_price is not None and product.member_price < product.price else None
    if campaign is None or campaign.start is None or campaign.end is None:
        return Quote(product.sku, product.price, product.price, product.price, member=member)
    presale = presale_of(campaign, product.sku)
    if presale is not None and window_state(presale.deposit_start, presale.balance_end, now) == RUNNING:
        return Quote(product.sku, product.price, presale.price, presale_total(presale), presale=presale, member=member)
    flash = flash_price(campaign, product.sku, now)
    item = flash if flash is not None else product.price
    promotions = [p for p in campaign.promotions if p.type in UNIT_TYPES and applies(p, product)
                  and running(p, campaign, now)]
    coupons = [c for c in campaign.coupons if applies(c, product) and running(c, campaign, now)]
    best = _combine(product, item, flash is not None,
                    [p for p in promotions if not p.exclusive], [c for c in coupons if not c.exclusive], member)
    for promo in (p for p in promotions if p.exclusive):
        cut = unit_cut(promo, product.price)
        alone = Quote(product.sku, product.price, product.price, product.price - cut, promotion=promo,
                      promotion_cut=cut, exclusive=True, member=member)
        if cut and alone.final < best.final:
            best = alone
    for coupon in (c for c in coupons if c.exclusive and c.threshold <= product.price):
        cut = min(coupon.amount, product.price)
        alone = Quote(product.sku, product.price, product.price, product.price - cut, coupon=coupon,
                      coupon_cut=cut, exclusive=True, member=member)
        if alone.final < best.final:
            best = alone
    return best


def _combine(product: Product, item: Decimal, flash: bool, promotions: list[Promotion], coupons: list[Coupon],
             member: Decimal | None) -> Quote:
    """Item-level price, then the best promotion, then the best coupon the rest reaches."""
    promotion, promotion_cut = None, ZERO
    if not flash:
        for promo in promotions:
            cut = unit_cut(promo, item)
            if cut > promotion_cut:
                promotion, promotion_cut = promo, cut
    after = item - promotion_cut
    coupon, coupon_cut = None, ZERO
    for candidate in coupons:
        cut = min(candidate.amount, after)
        if candidate.threshold <= after and cut > coupon_cut:
            coupon, coupon_cut = candidate, cut
    return Quote(product.sku, product.price, item, round_yuan(after - coupon_cut), flash=flash, promotion=promotion,
                 promotion_cut=promotion_cut, coupon=coupon, coupon_cut=coupon_cut, member=member)


def margin(final: Decimal, cost: Decimal, commission: float = 0.0) -> Decimal:
    """What one unit sold at ``final`` earns over ``cost`` after the platform's ``commission`` (a fraction)."""
    return round_yuan(final * (1 - Decimal(str(commission))) - cost)
