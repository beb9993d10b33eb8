"""The content and promotion rules, one planted defect at a time, by exact message."""

import pytest

from sitekit import CAMPAIGN, HEADER, PRODUCTS, write_valid_site


def findings_of(scratch, rule=None):
    result = scratch.check(now="2026-11-11T10:00", language="en")
    return [(f.rule, f.severity, f.file, f.line, f.key, f.message) for f in result.findings
            if rule is None or f.rule == rule]


def test_the_valid_site_has_no_finding(scratch):
    write_valid_site(scratch)
    assert findings_of(scratch) == []


def plant(scratch, old, new, file="content/double11/index.md"):
    write_valid_site(scratch)
    path = scratch.root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_flat_tier_is_reported_with_the_rates(scratch):
    plant(scratch, "[199, 25], [299, 60]", "[199, 25], [299, 37]")
    assert findings_of(scratch, "promotion-tiers") == [
        ("promotion-tiers", "error", "content/double11/index.md", 17, "promotions[0].tiers[2]",
         "tier 3 (满299减37) gives 12.4% off, lower than the 12.6% of tier 2 (满199减25): raise the discount "
         "above 37.56 so spending more saves more")]


def test_tier_thresholds_must_rise_and_discounts_stay_below_them(scratch):
    plant(scratch, "[[99, 10], [199, 25], [299, 60]]", "[[99, 100], [199, 25], [150, 60]]")
    messages = [f[5] for f in findings_of(scratch, "promotion-tiers")]
    assert messages == [
        "tier 1 (满99减100): the discount is not below its threshold: make it smaller than the amount spent",
        "tier 3 (满150减60): the threshold does not rise above the tier before (满199): order tiers from the smallest threshold up",
    ]


@pytest.mark.parametrize("old,new,message", [
    ("{type: n_free, buy: 3, free: 1}", "{type: n_free, buy: 3, free: 3}",
     "满3件减3件 gives every piece away: free must be less than buy"),
    ("tiers: [[2, 0.9], [3, 0.8]]", "tiers: [[2, 0.8], [3, 0.9]]",
     "满3件9折 after 满2件8折: more pieces must give a deeper discount (more pieces, lower rate)"),
    ('sku: "100013", price: 5}', 'sku: "100013", price: 69}',
     "add-on price ¥69 for SKU 100013 is not below its price ¥69: an add-on deal must be cheaper than buying the item"),
    ("price: 239}", "price: 268}",
     "bundle 情侣套装 costs ¥268, not less than its parts bought alone (¥268): price the bundle below ¥268"),
    ("threshold: 199, amount: 20}", "threshold: 199, amount: 199}",
     "coupon 店铺券: 满199减199 gives away the whole threshold: make the amount smaller than the threshold"),
])
def test_impossible_offers(scratch, old, new, message):
    plant(scratch, old, new)
    assert [f[5] for f in findings_of(scratch, "promotion-rules")] == [message]


def test_schedule_overlap_outside_and_reversed(scratch):
    plant(scratch, "{name: 高潮, start: 2026-11-10T00:00:00+08:00, end: 2026-11-11T23:59:59+08:00}",
          "{name: 高潮, start: 2026-10-30T00:00:00+08:00, end: 2026-11-13T23:59:59+08:00}\n"
          "  - {name: 返场, start: 2026-11-12T10:00:00+08:00, end: 2026-11-12T09:00:00+08:00}")
    assert [f[4:] for f in findings_of(scratch, "schedule")] == [
        ("phases[1]", "phase 高潮 (2026-10-30 00:00 – 2026-11-13 23:59) lies outside the campaign "
                      "(2026-10-25 00:00 – 2026-11-12 23:59): move it inside or widen the campaign"),
        ("phases[1].start", "phase 高潮 starts at 2026-10-30 00:00, before phase 预热 ends (2026-10-31 19:59): "
                            "phases must not overlap"),
        ("phases[2].end", "phase 返场 ends (2026-11-12 09:00) before it starts (2026-11-12 10:00): correct its start or end"),
    ]


def test_flash_sale_outside_campaign(scratch):
    plant(scratch, "{start: 2026-11-11T00:00:00+08:00, end: 2026-11-11T01:59:59+08:00",
          "{start: 2026-11-13T00:00:00+08:00, end: 2026-11-13T01:59:59+08:00")
    assert [f[5] for f in findings_of(scratch, "schedule")] == [
        "flash sale 1 (2026-11-13 00:00 – 2026-11-13 01:59) lies outside the campaign "
        "(2026-10-25 00:00 – 2026-11-12 23:59): move it inside or widen the campaign"]


def test_unknown_skus_everywhere(scratch):
    plant(scratch, 'skus: ["100012", "100013"]}\n---', 'skus: ["100012", "999999"]}\n---')
    (scratch.root / "content/products.csv").write_text(PRODUCTS.replace(",100013\n", ",100013|888\n"), encoding="utf-8")
    assert [f[2:] for f in findings_of(scratch, "unknown-sku")] == [
        ("content/double11/index.md", 27, "floors[1].skus[1]",
         "a floor names SKU 999999, which no product sheet has: add it to the sheet or correct the SKU"),
        ("content/products.csv", 2, "related",
         "the related list of SKU 100012 names SKU 888, which no product sheet has: add it to the sheet or correct the SKU"),
    ]


def test_price_anchor_and_non_positive_price(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,", ",199,199,").replace(",69,99,", ",0,99,"))
    assert [f[3:] for f in findings_of(scratch, "price-anchor")] == [
        (2, "original_price", "SKU 100012: strikethrough price ¥199 is not above the sale price ¥199: "
                              "raise original_price or leave it empty"),
        (3, "price", "SKU 100013 has price 0: a sale price must be more than 0"),
    ]


def test_flash_price_must_be_below_sale_price(scratch):
    plant(scratch, 'prices: {"100012": 159}', 'prices: {"100012": 199}')
    assert [f[5] for f in findings_of(scratch, "price-anchor")] == [
        "flash price ¥199 of SKU 100012 is not below its sale price ¥199: a flash sale must be cheaper"]


def test_below_cost_stacks_the_offers_and_counts_the_commission(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,80,", ",199,299,150,"))
    # lowest 到手价: the flash price ¥159 (no 满减 with a flash price; the ¥199 店铺券 is out of reach) → margin ¥9
    assert findings_of(scratch, "below-cost") == []
    scratch.write("pyproject.toml", "[tool.dacu]\ncommission = 0.08\n")
    # 159 × (1 − 8%) = 146.28 < 150
    assert findings_of(scratch, "below-cost") == [
        ("below-cost", "warning", "content/products.csv", 2, "cost",
         "SKU 100012 sells below its cost ¥150 in 双11测试会场 from 2026-11-11 00:00: 到手价 ¥159（秒杀价） = ¥159, "
         "less 8% commission, loses ¥3.72 per unit; exclude it from an offer (scope exclude) or raise its price")]


def test_below_cost_at_exactly_cost_says_so(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,80,", ",199,299,159,"))
    assert [f[5] for f in findings_of(scratch, "below-cost")] == [
        "SKU 100012 sells at exactly its cost ¥159 in 双11测试会场 from 2026-11-11 00:00: 到手价 ¥159（秒杀价） = ¥159, "
        "less 0% commission: it earns nothing; raise its price or narrow the offers"]


def test_review_stock_and_selling_points_warnings(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", HEADER + "\n"
                  "100012,A1,极光手机,极光,手机数码,199,299,80,0,,旗舰,,85%,40,yes,no,yes,100013\n"
                  + PRODUCTS.splitlines()[2] + "\n")
    assert [f[0:2] + f[4:] for f in findings_of(scratch) if f[2] == "content/products.csv"] == [
        ("review-eligibility", "warning", "review_count", "SKU 100012 is promoted in 双11测试会场 with 40 reviews, "
                                                          "fewer than 100: collect reviews first or promote another SKU"),
        ("review-eligibility", "warning", "review_rate", "SKU 100012 is promoted in 双11测试会场 with a positive-review "
                                                         "rate of 85%, under 90%: platforms hardly admit it to activities; "
                                                         "promote a better reviewed SKU"),
        ("selling-points", "warning", "selling_points", "the detail page of SKU 100012 lacks main selling point "
                                                        "(selling_points), why-now copy (why_now): the first screen "
                                                        "must say what it is, why buy it and why now"),
        ("out-of-stock", "warning", "stock", "SKU 100012 is promoted in 双11测试会场 but its stock is 0: "
                                             "its pages show 已售罄; restock it or take it out of the promotion"),
    ]


def test_promotions_in_plain_words():
    from decimal import Decimal as D

    from dacu.pricing import describe
    from dacu.model.entities import Promotion
    assert describe(Promotion("tiered", tiers=[(D(199), D(25)), (D(299), D(60))])) == "满199减25，满299减60"
    assert describe(Promotion("percent_off", tiers=[(2, D("0.9")), (3, D("0.75"))])) == "满2件9折，满3件7.5折"
    assert describe(Promotion("n_free", buy=3, free=1)) == "满3件减1件"
    assert describe(Promotion("bundle", name="情侣套装", price=D(399))) == "情侣套装价¥399"
    assert describe(Promotion("bundle", name="家庭组合", price=D(599))) == "家庭组合套装价¥599"
