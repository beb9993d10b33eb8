"""The pricing keys of the content format: offer scope, windows, exclusive, pre-sales, sheet columns, commission."""

from __future__ import annotations

from decimal import Decimal

from dacu.core.findings import Findings
from dacu.core.settings import Settings, load_settings
from dacu.model.campaigns import load_campaigns
from dacu.model.products import load_products
from sitekit import HEADER

OFFERS = """\
---
title: t
start: 2026-10-25T00:00:00+08:00
end: 2026-11-12T23:59:59+08:00
coupons:
  - {name: 美妆券, threshold: 299, amount: 40, scope: {category: 美妆个护}}
  - {name: 星耀品牌券, threshold: 99, amount: 10, scope: {brand: [星耀, 极光]}, start: 2026-11-10T00:00:00+08:00}
promotions:
  - {type: percent_off, tiers: [[2, 0.9]], scope: {skus: ["100012"], exclude: ["100013"]}, exclusive: true,
     start: 2026-11-01T00:00:00+08:00, end: 2026-11-03T23:59:59+08:00}
presales:
  - {sku: "100014", price: 899, deposit: 50, deduct: 100,
     deposit_start: 2026-10-25T00:00:00+08:00, deposit_end: 2026-11-10T23:59:59+08:00,
     balance_start: 2026-11-11T00:00:00+08:00, balance_end: 2026-11-11T23:59:59+08:00}
---
"""


def test_offer_keys_are_read(scratch):
    scratch.write("content/c/index.md", OFFERS)
    findings = Findings(language="en")
    [campaign] = load_campaigns(Settings(root=scratch.root), findings)
    assert list(findings) == []
    beauty, brand = campaign.coupons
    assert beauty.scope.category == ["美妆个护"] and brand.scope.brand == ["星耀", "极光"]
    assert brand.start.isoformat() == "2026-11-10T00:00:00+08:00" and brand.end is None
    [promo] = campaign.promotions
    assert promo.exclusive and promo.scope.skus == ["100012"] and promo.scope.exclude == ["100013"]
    assert promo.end.isoformat() == "2026-11-03T23:59:59+08:00"
    [presale] = campaign.presales
    assert (presale.sku, presale.price, presale.deposit, presale.deduct) == ("100014", 899, 50, 100)


def test_unknown_offer_keys_keep_their_hint(scratch):
    scratch.write("content/c/index.md", OFFERS.replace("scope: {category:", "scope: {categroy:")
                  .replace("exclusive: true", "exclusiv: true").replace("deduct: 100", "deduc: 100"))
    findings = Findings(language="en")
    load_campaigns(Settings(root=scratch.root), findings)
    messages = {(f.key, f.message) for f in findings}
    assert ("coupons[0].scope.categroy", 'unknown key "categroy": did you mean "category"?') in messages
    assert ("promotions[0].exclusiv", 'unknown key "exclusiv": did you mean "exclusive"?') in messages
    assert ("presales[0].deduc", 'unknown key "deduc": did you mean "deduct"?') in messages


def test_member_price_and_7_day_low_columns(scratch):
    scratch.write("content/products.csv", HEADER + ",member_price,price_7d_low\n"
                  "100012,,极光 X1,极光,手机数码,199,299,80,50,,,,,,,,,,189,209\n")
    findings = Findings(language="en")
    products = load_products(Settings(root=scratch.root), findings)
    assert list(findings) == []
    assert products["100012"].member_price == Decimal(189) and products["100012"].price_7d_low == Decimal(209)


def test_commission_setting(scratch):
    scratch.write("pyproject.toml", "[tool.dacu]\ncommission = 0.08\n")
    assert load_settings(scratch.root, Findings()).commission == 0.08
    scratch.write("pyproject.toml", "[tool.dacu]\ncommission = 8\n")
    findings = Findings(language="en")
    assert load_settings(scratch.root, findings).commission == 0
    [finding] = findings
    assert finding.key == "tool.dacu.commission" and "0.08 for 8%" in finding.message
