"""The pricing model: scope, windows, stacking and the 到手价, case by case.

Each case is one a shopper could check by hand: a product, the campaign's
offers, a moment, and the 到手价 with the breakdown that produced it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest

from dacu.model.entities import Campaign, Coupon, FlashSale, Presale, Product, Promotion, Scope, yuan
from dacu.pricing import applies, lowest, margin, offer_state, price_plan, quote

T0 = datetime.fromisoformat("2026-10-25T00:00:00+08:00")
END = datetime.fromisoformat("2026-11-12T23:59:59+08:00")
PEAK = datetime.fromisoformat("2026-11-11T10:30:00+08:00")
WARM = datetime.fromisoformat("2026-10-28T12:00:00+08:00")


def product(price: int | str = 299, sku: str = "1", category: str = "手机数码", brand: str = "极光",
            **kw: object) -> Product:
    return Product(sku=sku, title=f"商品{sku}", brand=brand, price=D(str(price)), source="content/products.csv",
                   category=category, **kw)  # type: ignore[arg-type]


def campaign(coupons=(), promotions=(), flash=(), presales=()) -> Campaign:  # type: ignore[no-untyped-def]
    return Campaign(slug="c", source="content/c/index.md", title="双11", start=T0, end=END,
                    coupons=list(coupons), promotions=list(promotions), flash_sales=list(flash),
                    presales=list(presales))


def tiered(*tiers: tuple[int, int], **kw: object) -> Promotion:
    return Promotion(type="tiered", tiers=[(D(t), D(d)) for t, d in tiers], **kw)  # type: ignore[arg-type]


def coupon(name: str, threshold: int, amount: int, **kw: object) -> Coupon:
    return Coupon(name=name, threshold=D(threshold), amount=D(amount), **kw)  # type: ignore[arg-type]


MANJIAN = tiered((99, 10), (199, 25), (299, 60))
SHOP = coupon("店铺券", 199, 20)
BEAUTY = coupon("美妆券", 299, 40, scope=Scope(category=["美妆个护"]))
BRAND_LATE = coupon("星耀品牌券", 99, 10, scope=Scope(brand=["星耀"]),
                    start=datetime.fromisoformat("2026-11-10T00:00:00+08:00"))
HALF = Promotion(type="percent_off", tiers=[(1, D("0.5"))])      # 全场五折: 满1件5折
FLASH = FlashSale(start=datetime.fromisoformat("2026-11-11T10:00:00+08:00"),
                  end=datetime.fromisoformat("2026-11-11T11:59:59+08:00"), skus=["1"], prices={"1": D(199)})

# (case, campaign, product, moment, 到手价, breakdown formula)
CASES = [
    ("no offers: the sale price", campaign(), product(299), PEAK, "299", "¥299 = ¥299"),
    ("满减 takes the largest tier reached", campaign(promotions=[MANJIAN]), product(299), PEAK, "239",
     "¥299 − ¥60（满299减60） = ¥239"),
    ("below the first tier nothing comes off", campaign(promotions=[MANJIAN]), product(89), PEAK, "89", "¥89 = ¥89"),
    ("满减 then a coupon the rest reaches", campaign([SHOP], [MANJIAN]), product(299), PEAK, "219",
     "¥299 − ¥60（满299减60） − ¥20（店铺券） = ¥219"),
    ("a coupon counts on the amount after the promotion", campaign([SHOP], [MANJIAN]), product(219), PEAK, "194",
     "¥219 − ¥25（满199减25） = ¥194"),
    ("the best one coupon, never two", campaign([SHOP, coupon("大额券", 199, 30)], [MANJIAN]), product(299), PEAK,
     "209", "¥299 − ¥60（满299减60） − ¥30（大额券） = ¥209"),
    ("a category coupon skips other categories", campaign([BEAUTY]), product(459), PEAK, "459", "¥459 = ¥459"),
    ("a category coupon on its category", campaign([BEAUTY]), product(459, category="美妆个护"), PEAK, "419",
     "¥459 − ¥40（美妆券） = ¥419"),
    ("a brand coupon before its own start", campaign([BRAND_LATE]), product(129, brand="星耀"), WARM, "129",
     "¥129 = ¥129"),
    ("a brand coupon in its window", campaign([BRAND_LATE]), product(129, brand="星耀"), PEAK, "119",
     "¥129 − ¥10（星耀品牌券） = ¥119"),
    ("exclude removes a SKU", campaign([coupon("店铺券", 99, 10, scope=Scope(exclude=["1"]))]), product(129), PEAK,
     "129", "¥129 = ¥129"),
    ("a flash price takes no 满减, a coupon still", campaign([SHOP], [MANJIAN], [FLASH]), product(299), PEAK, "179",
     "¥199（秒杀价） − ¥20（店铺券） = ¥179"),
    ("outside its slot the flash price is gone", campaign([SHOP], [MANJIAN], [FLASH]), product(299), WARM, "219",
     "¥299 − ¥60（满299减60） − ¥20（店铺券） = ¥219"),
    ("an exclusive offer alone beats the combination",
     campaign([SHOP], [MANJIAN, Promotion(type="percent_off", tiers=[(1, D("0.6"))], exclusive=True)]),
     product(599), PEAK, "359.4", "¥599 − ¥239.6（满1件6折） = ¥359.4"),
    ("the combination beats a weaker exclusive offer",
     campaign([SHOP], [MANJIAN, Promotion(type="percent_off", tiers=[(1, D("0.9"))], exclusive=True)]),
     product(599), PEAK, "519", "¥599 − ¥60（满299减60） − ¥20（店铺券） = ¥519"),
    ("an exclusive offer outside its own dates",
     campaign([], [Promotion(type="percent_off", tiers=[(1, D("0.5"))], exclusive=True,
                             start=datetime.fromisoformat("2026-11-01T00:00:00+08:00"),
                             end=datetime.fromisoformat("2026-11-03T23:59:59+08:00"))]),
     product(100), PEAK, "100", "¥100 = ¥100"),
    ("an exclusive coupon alone, on the sale price",
     campaign([SHOP, coupon("新人券", 99, 50, exclusive=True)], [MANJIAN]), product(129), PEAK, "79",
     "¥129 − ¥50（新人券） = ¥79"),
    ("全场五折", campaign(promotions=[HALF]), product(250), PEAK, "125", "¥250 − ¥125（满1件5折） = ¥125"),
    ("pre-sale: deposit + price − deduct",
     campaign(presales=[Presale(sku="1", price=D(899), deposit=D(50), deduct=D(100), deposit_start=T0,
                                deposit_end=datetime.fromisoformat("2026-11-10T23:59:59+08:00"),
                                balance_start=datetime.fromisoformat("2026-11-11T00:00:00+08:00"),
                                balance_end=datetime.fromisoformat("2026-11-11T23:59:59+08:00"))]),
     product(999), PEAK, "849", "¥50（定金）+ ¥899 − ¥100（定金抵扣）= ¥849"),
    ("a member price stays beside the 到手价", campaign([SHOP]), product(299, member_price=D(259)), PEAK, "279",
     "¥299 − ¥20（店铺券） = ¥279"),
    ("before the campaign nothing runs", campaign([SHOP], [MANJIAN]), product(299), T0 - timedelta(days=1), "299",
     "¥299 = ¥299"),
]


@pytest.mark.parametrize("name, camp, prod, now, final, formula", CASES, ids=[c[0] for c in CASES])
def test_stacking(name, camp, prod, now, final, formula):  # type: ignore[no-untyped-def]
    q = quote(camp, prod, now)
    assert q.final == D(final)
    assert q.formula() == formula


def test_member_price_is_reported_beside():
    q = quote(campaign([SHOP]), product(299, member_price=D(259)), PEAK)
    assert q.member == D(259) and q.final == D(279)


def test_breakdown_steps_read_as_the_detail_page_shows_them():
    q = quote(campaign([SHOP], [MANJIAN]), product(299), PEAK)
    assert [(kind, label, yuan(amount)) for kind, label, amount in q.steps()] == [
        ("sale", "售价", "299"), ("promotion", "满299减60", "60"), ("coupon", "店铺券", "20"), ("final", "到手价", "219")]


def test_scope_keys_must_all_match():
    both = coupon("券", 99, 10, scope=Scope(category=["美妆个护"], brand=["兰溪"]))
    assert applies(both, product(category="美妆个护", brand="兰溪"))
    assert not applies(both, product(category="美妆个护", brand="澄光"))
    assert applies(coupon("券", 99, 10, scope=Scope(skus=["1", "2"])), product(sku="2"))
    bundle = Promotion(type="bundle", name="套装", skus=["1", "2"], price=D(100))
    assert applies(bundle, product(sku="1")) and not applies(bundle, product(sku="3"))


def test_offer_states_follow_their_own_window():
    camp = campaign([BRAND_LATE])
    assert offer_state(BRAND_LATE, camp, WARM) == "upcoming"
    assert offer_state(BRAND_LATE, camp, PEAK) == "running"
    assert offer_state(BRAND_LATE, camp, END + timedelta(seconds=1)) == "ended"


def test_price_plan_changes_where_an_offer_or_a_flash_slot_does():
    camp = campaign([SHOP], [MANJIAN], [FLASH])
    plan = price_plan(camp, product(299))
    assert [(s.start and s.start.isoformat(), yuan(s.quote.final)) for s in plan] == [
        (None, "299"),
        ("2026-10-25T00:00:00+08:00", "219"),
        ("2026-11-11T10:00:00+08:00", "179"),
        ("2026-11-11T11:59:59.001000+08:00", "219"),
        ("2026-11-12T23:59:59.001000+08:00", "299"),
    ]
    assert plan[1].coming == (FLASH.start, D(199))
    assert lowest(camp, product(299)).quote.final == D(179)


def test_seed_000_store_wide_half_price_with_commission():
    """Seed 000: 79 items at 2.5×, 2× and 1.76× their cost under 全场五折, 8% commission."""
    camp = campaign(promotions=[HALF])
    items = [(D(100) * D(m), D(100)) for m, n in (("2.5", 55), ("2", 22), ("1.76", 2)) for _ in range(n)]
    finals = [lowest(camp, product(price)).quote.final for price, _ in items]
    assert sorted(set(finals)) == [D(88), D(100), D(125)]
    without = [margin(f, cost) for f, (_, cost) in zip(finals, items)]
    assert (sum(m > 0 for m in without), sum(m == 0 for m in without), sum(m < 0 for m in without)) == (55, 22, 2)
    with_commission = [margin(f, cost, 0.08) for f, (_, cost) in zip(finals, items)]
    # the 2× items now lose the commission: 100 × 0.92 − 100 = −8; the 1.76× lose 88 × 0.92 − 100 = −19.04
    assert sorted(set(with_commission)) == [D("-19.04"), D(-8), D(15)]
    assert sum(m < 0 for m in with_commission) == 24


CLAIMS = [
    ("大牌低至6折", [("低至6折", "rate", "0.6")]),
    ("5折起", [("5折起", "rate", "0.5")]),
    ("全场五折还包邮", [("全场五折", "rate", "0.5")]),
    ("全场5折", [("全场5折", "rate", "0.5")]),
    ("低至¥99", [("低至¥99", "price", "99")]),
    ("爆款99元起", [("99元起", "price", "99")]),
    ("冬装低至６折 低至￥19.9", [("低至６折", "rate", "0.6"), ("低至￥19.9", "price", "19.9")]),
    ("七五折起", [("七五折起", "rate", "0.75")]),
    ("低至5折起", [("低至5折", "rate", "0.5")]),
    ("满299减60 好评率97%", []),
]


@pytest.mark.parametrize("text, claims", CLAIMS, ids=[c[0] for c in CLAIMS])
def test_claims_as_copywriters_write_them(text, claims):  # type: ignore[no-untyped-def]
    from dacu.pricing.claims import find_claims
    assert [(c.text, c.kind, str(c.bound)) for c in find_claims(text)] == claims


def test_a_text_without_a_claim_mark_is_not_searched():  # type: ignore[no-untyped-def]
    """may_claim's quick test agrees with the patterns: every claim holds one of its marks, and a text that
    holds none (most titles and selling points) has no claim."""
    from dacu.pricing.claims import _PATTERNS, find_claims, may_claim, normalise
    for text, claims in CLAIMS:
        assert may_claim(text) or not claims
    for pattern, _ in _PATTERNS:   # every pattern matches a mark literally
        assert any(mark in pattern.pattern for mark in ("折", "¥", "元")), pattern.pattern
    assert not may_claim("曲面屏 长续航 6 低至 99") and find_claims("曲面屏 长续航 6 低至 99") == []
    assert may_claim("低至￥19.9") and normalise("低至￥19.9") == "低至¥19.9"
