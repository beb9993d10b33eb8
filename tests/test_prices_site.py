"""Offers and prices end to end, on a site in the content format (not the example).

A category coupon shows only on its category's detail pages; every 到手价 on a
detail page and a card is the stacking order computed by hand; false claims,
an excessive deposit and a scope naming a missing category stop the build;
a sold-out product shows 已售罄 and no buy link; a theme override that
undercuts the detail page is caught from the rendered markup.
"""

from __future__ import annotations

import json

import pytest

from dacu.cli.main import main
from sitekit import HEADER
from theme_fixtures import Node, page

NOW = "2026-11-11T10:30:00+08:00"

CAMPAIGN = """\
---
title: 双11好物节
slogan: 满299减60 大牌低至7折
start: 2026-10-25T00:00:00+08:00
end: 2026-11-12T23:59:59+08:00
coupons:
  - {name: 店铺券, threshold: 199, amount: 20}
  - {name: 家电品类券, threshold: 299, amount: 30, scope: {category: 家用电器}}
  - {name: 极光品牌券, threshold: 99, amount: 10, scope: {brand: 极光}, start: 2026-11-10T00:00:00+08:00}
promotions:
  - {type: tiered, tiers: [[99, 10], [199, 25], [299, 60]]}
presales:
  - {sku: "100014", price: 899, deposit: 50, deduct: 100,
     deposit_start: 2026-10-25T00:00:00+08:00, deposit_end: 2026-11-10T23:59:59+08:00,
     balance_start: 2026-11-11T00:00:00+08:00, balance_end: 2026-11-11T23:59:59+08:00}
flash_sales:
  - {start: 2026-11-11T10:00:00+08:00, end: 2026-11-11T11:59:59+08:00, skus: ["100013"], prices: {"100013": 79}}
floors:
  - {title: 手机数码, category: 手机数码}
  - {title: 家用电器, category: 家用电器}
  - {title: 美妆个护, category: 美妆个护}
---
活动规则以页面为准。
"""

PRODUCTS = HEADER + ",member_price,price_7d_low\n" + "\n".join([
    "100012,,极光 X1 5G手机,极光,手机数码,299,399,100,50,曲面屏,旗舰,双11直降,97%,1200,yes,no,yes,,,",
    "100013,,极光 降噪耳机,极光,手机数码,99,129,30,30,降噪,音质,加购更省,96%,800,yes,no,yes,,,",
    "100014,,极光 平板,极光,手机数码,999,1299,500,20,大屏,轻薄,预售,96%,800,yes,no,yes,,,",
    "100021,,暖宅 空气炸锅,暖宅,家用电器,329,459,148,10,大容量,少油,直降,95%,900,yes,no,yes,,,",
    "100022,,暖宅 暖风机,暖宅,家用电器,259,,115,0,速热,静音,直降,95%,900,yes,no,yes,,,279",
    "100031,,柔肌 面膜,柔肌,美妆个护,79,129,30,100,补水,温和,囤货,95%,900,yes,no,yes,,69,",
]) + "\n"

# The stacking order at NOW, by hand (item price → one 满减 tier → one coupon the rest reaches):
HAND = {
    "100012": "219",   # 299 − 60 (满299) = 239; 店铺券 −20 beats 极光品牌券 −10
    "100013": "79",    # flash 79: no 满减 with a flash price; no coupon reaches 79
    "100014": "849",   # pre-sale: 50 + 899 − 100
    "100021": "249",   # 329 − 60 = 269: 家电品类券 needs 299, 店铺券 −20
    "100022": "214",   # 259 − 25 (满199) = 234 − 店铺券 20
    "100031": "79",    # below every threshold: the sale price (会员价 69 shown beside, not in it)
}


def write_site(scratch, campaign: str = CAMPAIGN) -> None:  # type: ignore[no-untyped-def]
    scratch.write("content/double11/index.md", campaign)
    scratch.write("content/products.csv", PRODUCTS)
    scratch.write("pyproject.toml", '[tool.dacu]\nbuy_url = "https://item.example.com/{sku}"\n'
                                    '[tool.dacu.rules]\nmain-image-count = "off"\n')


def shown_price(node: Node, sku: str) -> str:
    """The 到手价 a shopper sees for ``sku`` inside ``node`` now (final where shown, else the sale price)."""
    prices = [n for n in node.find_all(data_sku=sku) if not n.hidden and "data-price-kind" in n.attrs]
    kinds = {n.attrs["data-price-kind"]: n.attrs["data-price"] for n in prices}
    return kinds.get("final") or kinds["sale"]


def test_the_done_when_scenario(scratch):
    write_site(scratch)
    result = scratch.build(now=NOW, language="en")
    assert result.ok, [f.message for f in result.findings if f.severity == "error"]
    site = scratch.root / "site"
    landing = page(site, "double11/index.html")
    for sku, final in HAND.items():
        detail = page(site, f"products/{sku}/index.html")
        assert shown_price(detail.find("section", cls="buy-price"), sku) == final, sku
        card = next(li for li in landing.find_all("li", cls="card") if li.find("a").attrs["href"].endswith(f"/{sku}/"))
        assert shown_price(card, sku) == final, sku
    # the category coupon on its category's detail pages, and on no other
    for sku in HAND:
        offers = page(site, f"products/{sku}/index.html").find_all("section", id="offers")
        text = offers[0].text() if offers else ""
        assert ("家电品类券" in text) == (sku in ("100021", "100022")), sku
        assert ("极光品牌券" in text) == (sku in ("100012", "100013", "100014")), sku
    # the breakdown, the member price, the pre-sale
    phone = page(site, "products/100012/index.html").find("section", cls="buy-price").text(shown=True)
    assert "售价 ¥299 − 满299减60 ¥60 − 店铺券 ¥20 = 到手价 ¥219" in phone
    mask = page(site, "products/100031/index.html").find("section", cls="buy-price")
    assert mask.find(data_price_kind="member").attrs["data-price"] == "69" and "会员价" in mask.text()
    presale = page(site, "products/100014/index.html").find("section", cls="presale").text()
    assert "定金¥50抵¥100" in presale and "到手价¥849" in presale and "定金不予退还" in presale
    # sold out: 已售罄 and no live buy link
    heater = page(site, "products/100022/index.html")
    assert "已售罄" in heater.find("section", cls="buy-price").text()
    assert not heater.find_all("a", cls="buy") and heater.find(cls="buybar").find(cls="buy").text() == "已售罄"
    assert "https://item.example.com/100022" not in (site / "products/100022/index.html").read_text(encoding="utf-8")


def test_every_price_carries_the_markup(scratch):
    write_site(scratch)
    assert scratch.build(now=NOW).ok
    for path in (scratch.root / "site").rglob("index.html"):
        for node in page(scratch.root / "site", path.relative_to(scratch.root / "site").as_posix()).iter():
            if "data-price-kind" in node.attrs:
                assert node.attrs["data-price-kind"] in ("sale", "reference", "final", "flash", "member", "deposit")
                assert node.attrs["data-sku"] in HAND
                assert node.attrs["data-price"].replace(".", "", 1).isdigit()


def test_false_claim_big_deposit_and_missing_category_stop_the_build(scratch, capsys):
    broken = (CAMPAIGN.replace("大牌低至7折", "大牌低至5折").replace("deposit: 50,", "deposit: 270,")
              .replace("deduct: 100,", "deduct: 300,").replace("{category: 家用电器}", "{category: 家用电气}"))
    write_site(scratch, broken)
    code = main(["check", "--source", str(scratch.root), "--now", NOW, "--format", "json", "--lang", "en"])
    assert code == 1
    findings = [(f["rule"], f["file"], f.get("key")) for f in json.loads(capsys.readouterr().out)["findings"]]
    assert ("price-claim", "content/double11/index.md", "slogan") in findings
    assert ("presale", "content/double11/index.md", "presales[0].deposit") in findings
    assert ("offer-scope", "content/double11/index.md", "coupons[1].scope.category") in findings


def test_claim_messages_name_the_closest_product(scratch):
    write_site(scratch, CAMPAIGN.replace("大牌低至7折", "大牌低至5折"))
    [finding] = [f for f in scratch.check(now=NOW, language="en").findings if f.rule == "price-claim"]
    # 100012 reaches ¥219 of ¥399 (5.49折), 100021 ¥249 of ¥459 (5.42折): the closest
    assert finding.message == ('"低至5折" (slogan): no product it covers reaches 5折; the closest is SKU 100021 at '
                               "¥249, 5.4折 of its 划线价 (original_price) ¥459: lower its price to ¥229.5 or change "
                               "the claim")
    assert finding.line == 3


def test_a_template_override_that_undercuts_the_detail_page_is_caught(scratch):
    write_site(scratch)
    scratch.write("themes/default/templates/_macros.html", _undercutting_macros())
    result = scratch.build(now=NOW, language="en")
    assert not result.ok
    found = [f for f in result.findings if f.rule == "price-consistency"]
    assert found and all(f.severity == "error" for f in found)
    assert any("double11/index.html shows SKU 100012 at ¥109.5" in f.message and "below the ¥219" in f.message
               for f in found)


def _undercutting_macros() -> str:
    """The default theme's macros with a card that prints half the 到手价 as the 到手价."""
    from dacu.render.theme import PACKAGE_THEMES
    source = (PACKAGE_THEMES / "default" / "templates" / "_macros.html").read_text(encoding="utf-8")
    return source.replace("{{ price_line(p) }}",
                          '<b data-sku="{{ p.sku }}" data-price="{{ (price_now(p).final / 2)|yuan }}" '
                          'data-price-kind="final">¥{{ (price_now(p).final / 2)|yuan }}</b>')


def test_consistency_is_judged_at_every_moment_a_window_turns():
    """A card whose cheaper price only shows from 00:00 is caught at 00:00, though hidden when built."""
    from datetime import datetime

    from dacu.checks.rendered.prices import PricedPage, check_price_consistency, page_prices
    from dacu.core.findings import Findings
    detail = '<p><b data-sku="1" data-price="100" data-price-kind="final">¥100</b></p>'
    card = ('<p><span data-start="2026-11-11T00:00:00+08:00" data-show="running" hidden>'
            '<b data-sku="1" data-price="90" data-price-kind="final">¥90</b></span>'
            '<span data-end="2026-11-10T23:59:59+08:00" data-show="running">'
            '<b data-sku="1" data-price="100" data-price-kind="sale">¥100</b></span>'
            '<span data-start="2026-11-12T00:00:00+08:00">11月12日开抢 '
            '<b data-sku="1" data-price="50" data-price-kind="flash">¥50</b></span></p>')   # announced, not paid now
    findings = Findings(language="en")
    pages = [PricedPage("products/1/index.html", "content/products.csv", "1", page_prices(detail)),
             PricedPage("c/index.html", "content/c/index.md", None, page_prices(card))]
    check_price_consistency(pages, datetime.fromisoformat("2026-11-10T12:00:00+08:00"), findings)
    assert [(f.rule, f.file, f.key, f.message) for f in findings] == [
        ("price-consistency", "content/c/index.md", "c/index.html",
         "c/index.html shows SKU 1 at ¥90 at 2026-11-11 00:00:00, below the ¥100 its detail page shows then: no spot "
         "may undercut the detail page; make the template show the price of price_plan() or correct the override")]


@pytest.mark.parametrize("category,english,chinese", [
    ("家用电气", 'offer 家电品类券: no product has the category "家用电气" (did you mean "家用电器"?): correct the scope or '
                "add the products to the sheet",
     "优惠「家电品类券」：没有商品的类目是“家用电气”（是不是想写 \"家用电器\"？）：请更正适用范围，或在商品表中补上这些商品"),
    ("服装", 'offer 家电品类券: no product has the category "服装" (the categories in the sheet: 家用电器, 手机数码, 美妆个护): correct the '
            "scope or add the products to the sheet",
     "优惠「家电品类券」：没有商品的类目是“服装”（商品表里可用的类目：家用电器、手机数码、美妆个护）：请更正适用范围，或在商品表中补上这些商品"),
])
def test_an_unknown_scope_category_says_which_categories_there_are(scratch, category, english, chinese):
    write_site(scratch, CAMPAIGN.replace("{category: 家用电器}", "{category: %s}" % category))
    [found] = [f.message for f in scratch.check(now=NOW, language="en").findings if f.rule == "offer-scope"]
    assert found == english
    [found] = [f.message for f in scratch.check(now=NOW, language="zh").findings if f.rule == "offer-scope"]
    assert found == chinese


@pytest.mark.parametrize("sheet", [PRODUCTS.splitlines()[0] + "\n", "\x00\xff\xfe" * 100])
def test_an_unreadable_or_header_only_sheet_is_one_finding(scratch, sheet):
    write_site(scratch)
    (scratch.root / "content/products.csv").write_bytes(sheet.encode("latin-1") if "\x00" in sheet
                                                        else sheet.encode("utf-8"))
    findings = scratch.check(now=NOW, language="en").findings
    assert [(f.rule, f.file) for f in findings if f.severity == "error"] == [("product-data", "content/products.csv")]
