"""The default theme's pages as HTML: the anatomy from data, time, images, budgets, escaping.

The example is built as at three moments (warm-up, peak, after the end);
scratch sites check that sections without data are left out.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dacu.checks.rendered.colour_rules import css_colours
from dacu.core.colour import colour_families, is_neutral, parse_colour
from dacu.model.entities import Campaign, FlashSale, Phase, Product
from dacu.pricing import price_plan
from dacu.render.filters import countdown_steps, window_attrs
from dacu.render.theme import PACKAGE_THEMES
from sitekit import CAMPAIGN, write_valid_site
from theme_fixtures import AFTER, DETAIL, LANDING, PEAK, VENUE, WARM_UP, Node, example_at, page, parse_html  # noqa: F401

THEME = PACKAGE_THEMES / "default"
CSS = (THEME / "static/css/dacu.css").read_text(encoding="utf-8")
JS = (THEME / "static/js/dacu.js").read_text(encoding="utf-8")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def visible_text(node: Node, cls: str) -> list[str]:
    """Texts of the elements of class ``cls`` below ``node`` that are not hidden."""
    return [n.text() for n in node.find_all(cls=cls) if not n.hidden]


def slots(doc: Node) -> list[tuple[str, list[str]]]:
    """(slot heading, visible state labels) of each flash-sale slot."""
    return [(slot.find(cls="slot-h").find("span").text(), visible_text(slot, "st")) for slot in doc.find_all(cls="slot")]


def card_for(doc: Node, sku: str) -> Node:
    return next(li for li in doc.find_all("li", cls="card") if li.find("a").attrs["href"].endswith(f"/{sku}/"))


def visible_prices(node: Node) -> list[str]:
    return [p.text(shown=True) for p in node.find_all("p", cls="pl") if not p.hidden]


# -- the landing page (主会场) ----------------------------------------------------------

def test_landing_page_has_the_campaign_anatomy_in_order(example_at):
    html = (example_at(PEAK) / LANDING).read_text(encoding="utf-8")
    doc = parse_html(html)
    hero = doc.find("header", cls="hero")
    box = hero.find(cls="hero-text")
    assert box.find("h1").text() == "双11全球好物节" and box.find("p").text() == "跨店满299减60 · 大牌低至6折"
    assert box.attrs["style"] == "left:6.00%;top:54.00%;width:88.00%;height:34.00%;color:#FFFFFF"
    assert doc.find(cls="period").text() == "活动时间：10月25日 00:00 – 11月12日 23:59"
    assert [c.text(shown=True) for c in doc.find_all("li", cls="coupon")] == [
        "¥20 满199元可用 · 店铺券 10月25日–11月12日有效",
        "¥100 满999元可用 · 家电品类券 · 限家用电器 10月25日–11月12日有效",
        "¥150 满2000元可用 · 星澜品牌券 · 限星澜品牌 11月10日–11月11日 23:59前有效",
        "¥40 满399元可用 · 高潮跨店券 11月10日–11月11日 23:59前有效"]
    promos = [li.text(shown=True) for li in doc.find(cls="promos").find_all("li")]
    assert promos[:4] == [
        "满减 满99减10，满199减25，满299减60 10月25日 00:00 – 11月12日 23:59 进行中",
        "多件折 满2件9折，满3件8折 · 限指定商品 10月25日 00:00 – 11月12日 23:59 进行中",
        "买多免单 满3件减1件 · 限指定商品 10月25日 00:00 – 11月12日 23:59 进行中",
        "多件折 满1件5折 · 限指定商品 · 不与其他优惠同享 10月31日 20:00 – 11月3日 23:59 已结束"]
    nav = doc.find("nav", cls="fnav")
    assert [(a.attrs["href"], a.text()) for a in nav.find_all("a")] == [
        ("#floor-1", "爆款推荐"), ("#floor-2", "手机数码"), ("#floor-3", "家用电器"),
        ("#floor-4", "美妆个护"), ("#floor-5", "食品生鲜"), ("#floor-6", "服饰鞋包")]
    for n in range(1, 7):
        assert doc.find("section", id=f"floor-{n}").find_all("li", cls="card")
    assert [a.attrs["href"] for a in doc.find(cls="venues").find_all("a")] == ["clearance/", "smart-life/"]
    assert doc.find("section", cls="prose").find("h2").text() == "活动规则"
    # top to bottom as domain.md lists them
    order = ['class="hero"', 'class="cd"', 'id="coupons-h"', 'id="promos-h"', 'id="flash-h"',
             'class="fnav"', 'id="floor-1"', 'id="venues-h"', "<h2>活动规则</h2>"]
    assert [html.index(marker) for marker in order] == sorted(html.index(marker) for marker in order)


def test_the_campaign_period_and_the_offers_period_are_on_every_page_that_shows_prices(example_at):
    site = example_at(PEAK)
    assert "活动时间：10月25日 00:00 – 11月12日 23:59" in page(site, VENUE).text()
    assert "活动时间：10月25日 00:00 – 11月12日 23:59" in page(site, DETAIL).find("section", id="offers").text()


@pytest.mark.parametrize(("moment", "expected"), [
    (WARM_UP, [("11月11日 0点场", ["即将开始"]), ("11月11日 10点场", ["即将开始"]), ("11月11日 20点场", ["即将开始"])]),
    (PEAK, [("11月11日 0点场", ["已结束"]), ("11月11日 10点场", ["已开抢"]), ("11月11日 20点场", ["即将开始"])]),
    (AFTER, [("11月11日 0点场", ["已结束"]), ("11月11日 10点场", ["已结束"]), ("11月11日 20点场", ["已结束"])]),
])
def test_flash_sale_states_at_three_moments(example_at, moment, expected):
    doc = page(example_at(moment), LANDING)
    assert slots(doc) == expected
    running = [s.attrs["data-start"] for s in doc.find_all(cls="slot") if s.attrs["data-state"] == "running"]
    assert running == (["2026-11-11T10:00:00+08:00"] if moment == PEAK else [])


def test_countdown_at_three_moments(example_at):
    warm = page(example_at(WARM_UP), LANDING).find(cls="cd")
    assert warm.find("span", cls="cd-phase").text() == "预热进行中"
    assert "距预热结束还剩" in warm.text() and warm.find(cls="cd-time").text() == "3天07:59:59"
    peak = page(example_at(PEAK), LANDING)
    assert "距高潮结束还剩" in peak.find(cls="cd").text() and peak.find(cls="cd-time").text() == "13:29:59"
    assert peak.find(cls="cd-over").hidden
    after = page(example_at(AFTER), LANDING)
    assert after.find(cls="cd").hidden and after.find(cls="cd-over").text() == "活动已结束"
    assert not after.find(cls="cd-over").hidden


def test_warm_up_shows_the_coming_flash_price_and_the_peak_the_live_one(example_at):
    warm = card_for(page(example_at(WARM_UP), LANDING).find("section", id="floor-1"), "100011")
    # ¥2299 − 满299减60 − 店铺券 ¥20 = ¥2219, and the coming flash price
    assert visible_prices(warm) == ["到手价¥2219 11月11日 0点开抢 ¥1999 原价¥2699"]
    peak = page(example_at(PEAK), LANDING).find("section", id="floor-1")
    # the 10点场 runs: flash ¥249 takes no 满减, the ¥199 店铺券 still: ¥229
    assert visible_prices(card_for(peak, "100021")) == ["秒杀 到手价¥229 原价¥459"]
    # its 0点场 is over: ¥2299 − ¥60 − 星澜品牌券 ¥150 (from 11月10日) = ¥2089
    assert visible_prices(card_for(peak, "100011")) == ["到手价¥2089 原价¥2699"]
    detail = page(example_at(PEAK), "products/100021/index.html").find("section", cls="buy-price")
    assert visible_prices(detail) == ["秒杀 到手价¥229 ¥249 售价 ¥329 秒杀价 ¥249 − 店铺券 ¥20 = 到手价 ¥229 原价¥459"]


def test_after_the_end_the_detail_page_says_so_and_drops_the_offers(example_at):
    doc = page(example_at(AFTER), DETAIL)
    offers = doc.find("section", id="offers")
    assert offers.find("ul", cls="promos").hidden
    assert [li.text() for li in doc.find("ul", cls="chips").find_all("li") if not li.hidden] == ["活动已结束"]
    assert [p.text() for p in offers.find_all("p") if not p.hidden] == ["双11全球好物节活动已结束"]
    assert visible_prices(doc.find("section", cls="buy-price")) == ["¥2299 原价¥2699"]


def test_an_ended_coupon_stays_in_place_marked_as_ended(example_at):
    """The strip keeps its height as coupons end, so nothing below it shifts."""
    def coupons(moment: str) -> list[str]:
        return [c.text(shown=True) for c in page(example_at(moment), LANDING).find_all("li", cls="coupon")]
    assert coupons(PEAK)[-1] == "¥40 满399元可用 · 高潮跨店券 11月10日–11月11日 23:59前有效"
    assert coupons(AFTER) == ["¥20 满199元可用 · 店铺券 已结束", "¥100 满999元可用 · 家电品类券 · 限家用电器 已结束",
                              "¥150 满2000元可用 · 星澜品牌券 · 限星澜品牌 已结束", "¥40 满399元可用 · 高潮跨店券 已结束"]


# -- the detail page (详情页) ------------------------------------------------------------

def test_detail_page_anatomy(example_at):
    doc = page(example_at(PEAK), DETAIL)
    gallery = doc.find("section", cls="gallery")
    imgs = gallery.find_all("img")
    assert len(imgs) == 5 and gallery.find(cls="g-count").text() == "1/5"
    assert gallery.find(cls="g-track").attrs["tabindex"] == "0"   # a scrollable region must be focusable
    price = doc.find("section", cls="buy-price")
    assert visible_prices(price) == [
        "到手价¥2089 ¥2299 售价 ¥2299 − 满299减60 ¥60 − 星澜品牌券 ¥150 = 到手价 ¥2089 原价¥2699"]
    # only the offers that apply to 100011: no bundle, no 家电品类券, no offer scoped to other SKUs
    assert [li.text() for li in price.find("ul", cls="chips").find_all("li") if not li.hidden] == [
        "满99减10，满199减25，满299减60", "满99元加15元换购", "满199元赠织暖羊毛手套一副",
        "券 满199减20", "券 满2000减150", "券 满399减40"]
    assert doc.find("h1").text().startswith("星澜X20 5G手机 8GB+256GB 曜石黑")
    assert [li.text() for li in doc.find("ul", cls="badges").find_all("li")] == ["包邮", "货到付款", "7天无理由退货"]
    answers = doc.find("section", cls="answers")
    assert answers.find(cls="sp").text() == "旗舰芯片满帧畅玩"
    assert [dt.text() for dt in answers.find_all("dt")] == ["为什么买", "为何现在买"]
    assert "旧机最高抵800元" in answers.text() and "前1000名加赠65W快充头" in answers.text()
    variants = doc.find("ul", cls="variants")
    assert variants.find("span", aria_current="page").text(shown=True) == "8GB+256GB 曜石黑 ¥2089"
    # 100013 is on pre-sale: ¥100 deposit + ¥3199 − ¥200 = ¥3099
    assert [(a.attrs["href"], a.text(shown=True)) for a in variants.find_all("a")] == [
        ("../100012/", "12GB+512GB 冰川蓝 ¥2589"), ("../100013/", "16GB+1TB 晨曦白 ¥3099")]
    assert len(doc.find("section", cls="details").find_all("img")) == 3
    related = doc.find("section", aria_labelledby="related-h")
    links = [a.attrs["href"] for a in related.find_all("a")]
    assert 1 <= len(links) <= 5 and all(re.fullmatch(r"\.\./\d+/", link) for link in links)
    bar = doc.find(cls="buybar")
    assert bar.find("a", cls="buy").attrs["href"] == "https://item.example.com/100011"
    assert bar.find("a", cls="home").attrs["href"] == "../../double11/"


def test_a_bundle_shows_only_on_its_products(example_at):
    site = example_at(PEAK)
    assert "情侣羽绒服套装" in page(site, "products/100051/index.html").find("section", id="offers").text()
    assert "情侣羽绒服套装" not in page(site, DETAIL).find("section", id="offers").text()


def test_venue_page_links_back_to_the_landing_page(example_at):
    doc = page(example_at(PEAK), VENUE)
    assert doc.find("h1").text() == "智能生活馆"
    assert doc.find(cls="back").find("a").attrs["href"] == "../"
    assert [a.text() for a in doc.find("nav", cls="fnav").find_all("a")] == ["智能新品", "数码好物", "智能家电"]
    assert "../" in [a.attrs["href"] for a in doc.find("footer").find_all("a")]


# -- images ---------------------------------------------------------------------------------

def all_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_img_has_alt_width_and_height(example_at):
    site = example_at(PEAK)
    count = 0
    for path in all_pages(site):
        for img in page(site, str(path.relative_to(site))).find_all("img"):
            count += 1
            assert img.attrs.get("alt"), f"{path}: {img.attrs}"
            assert int(img.attrs["width"]) > 0 and int(img.attrs["height"]) > 0, f"{path}: {img.attrs}"
            assert (site / path.parent / img.attrs["src"]).resolve().is_file()
    assert count > 300


def test_responsive_sources_and_lazy_loading(example_at):
    site = example_at(PEAK)
    landing = page(site, LANDING)
    eager = [img for img in landing.find_all("img") if img.attrs.get("loading") != "lazy"]
    assert len(eager) == 1 and eager[0].attrs["fetchpriority"] == "high" and eager[0].attrs["loading"] == "eager"
    assert eager[0].parent.parent.tag == "header"   # <header class="hero"><picture><img>
    source = landing.find("header").find("source")
    assert source.attrs["type"] == "image/webp"
    assert source.attrs["srcset"] == ("../assets/campaigns/double11/hero.375.webp 375w, "
                                      "../assets/campaigns/double11/hero.750.webp 750w, "
                                      "../assets/campaigns/double11/hero.1125.webp 1125w")
    assert eager[0].attrs["src"] == "../assets/campaigns/double11/hero.750.jpg"
    detail = page(site, DETAIL)
    imgs = detail.find_all("img")
    assert imgs[0].attrs.get("fetchpriority") == "high" and imgs[0].attrs["loading"] == "eager"
    assert all(img.attrs.get("loading") == "lazy" for img in imgs[1:])


# -- colour, type and the head ------------------------------------------------------------------

def test_theme_css_uses_only_palette_properties_and_neutrals():
    defaults = re.match(r"/\*.*?\*/\s*:root\{([^}]*)\}", CSS, re.S)
    assert defaults, "the theme's default palette comes first"
    palette_defaults = {"#E1251B", "#FFD200"}  # the default palette's primary and accent
    stray = [(colour, where) for colour, where in css_colours(CSS, "dacu.css")
             if not is_neutral(parse_colour(colour[:7])) and colour[:7] not in palette_defaults]
    assert stray == []
    for template in (THEME / "templates").glob("*.html"):
        # the one literal: white, the hero's text colour when the content names none
        text = template.read_text(encoding="utf-8").replace("'#FFFFFF'", "")
        assert not re.search(r"#[0-9A-Fa-f]{3,8}\b", text), template


def test_a_page_shows_at_most_three_colour_families(example_at):
    html = (example_at(PEAK) / LANDING).read_text(encoding="utf-8")
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    inline = re.findall(r'style="([^"]*)"', html)
    colours = [c for c, _ in css_colours(CSS, "css")] + [c for c, _ in css_colours(style.group(1), "page")]
    colours += [c for text in inline for c, _ in css_colours(text, "inline")]
    assert len(colour_families(parse_colour(c[:7]) for c in colours)) <= 3


def test_type_is_the_system_cjk_stack_and_never_below_14px():
    assert '"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC"' in CSS
    assert "@font-face" not in CSS and "@import" not in CSS
    sizes = [int(px) for px in re.findall(r"font(?:-size)?:[^;}]*?(\d+)px", CSS)]
    assert sizes and min(sizes) >= 14


def test_head_has_language_title_description_and_open_graph(example_at):
    site = example_at(PEAK)
    for path in (LANDING, DETAIL, VENUE, "index.html"):
        doc = page(site, path)
        assert doc.find("html").attrs["lang"] == "zh-CN"
        assert doc.find("title").text()
        metas = {m.attrs.get("name") or m.attrs.get("property"): m.attrs.get("content") for m in doc.find_all("meta")}
        assert metas["description"] and metas["og:title"] and metas["og:description"], path
        assert metas["og:url"].startswith("https://example.com/")
        assert doc.find("link", rel="canonical").attrs["href"] == metas["og:url"]
    landing = {m.attrs.get("property"): m.attrs.get("content") for m in page(site, LANDING).find_all("meta")}
    assert landing["og:image"] == "https://example.com/assets/campaigns/double11/hero.750.jpg"


def test_static_files_are_fingerprinted(example_at):
    doc = page(example_at(PEAK), LANDING)
    assert re.fullmatch(r"\.\./static/css/dacu\.[0-9a-f]{8}\.css", doc.find("link", rel="stylesheet").attrs["href"])
    script = doc.find("script", src=True)
    assert re.fullmatch(r"\.\./static/js/dacu\.[0-9a-f]{8}\.js", script.attrs["src"])
    # the last element of the body: it runs before the first paint, on the parsed page
    assert [n for n in doc.find("body").children if isinstance(n, Node)][-1] is script


# -- budgets ----------------------------------------------------------------------------------

def minified(js: str) -> str:
    """A conservative minification (comments and indentation only): an upper bound for a real minifier."""
    js = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    js = re.sub(r"^\s*//.*$|\s+//[^\n\"']*$", "", js, flags=re.M)
    return "\n".join(line.strip() for line in js.splitlines() if line.strip())


def test_landing_page_budgets(example_at):
    site = example_at(PEAK)
    html = (site / LANDING).read_bytes()
    doc = parse_html(html.decode("utf-8"))
    css = [site / "double11" / link.attrs["href"] for link in doc.find_all("link", rel="stylesheet")]
    js = [site / "double11" / script.attrs["src"] for script in doc.find_all("script", src=True)]
    js_bytes = sum(p.stat().st_size for p in js)
    total = len(html) + sum(p.stat().st_size for p in css) + js_bytes
    assert total <= 100 * 1024, f"HTML + CSS + JS is {total} bytes"
    assert js_bytes <= 8 * 1024
    assert len(minified(JS).encode()) <= 5 * 1024


def test_the_script_is_vanilla():
    assert not re.search(r"\b(import|require|jQuery|\$\()", minified(JS))


# -- data-driven sections, escaping -------------------------------------------------------------

MINIMAL = """\
---
title: 年货节
start: 2027-01-10T00:00:00+08:00
end: 2027-01-20T23:59:59+08:00
floors:
  - {title: 手机数码, category: 手机数码}
---
"""


def test_sections_without_data_are_left_out(scratch):
    write_valid_site(scratch, images=False)
    scratch.write("content/double11/index.md", MINIMAL)
    scratch.root.joinpath("content/double11/smart-life.md").unlink()
    result = scratch.build(now="2027-01-01T12:00")
    assert result.ok, [f.to_json() for f in result.findings if f.severity == "error"]
    html = (scratch.root / "site/double11/index.html").read_text(encoding="utf-8")
    doc = parse_html(html)
    assert doc.find("header", cls="hero-plain").find("h1").text() == "年货节"
    for absent in ('id="coupons-h"', 'id="promos-h"', 'id="flash-h"', 'class="fnav"', 'id="venues-h"',
                   'class="sec prose"', "<img"):
        assert absent not in html, absent
    assert doc.find("section", id="floor-1").find_all("li", cls="card")
    assert "距活动开始还剩" in doc.find(cls="cd").text()
    detail = (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")
    assert 'class="gallery"' not in detail and 'class="details"' not in detail and "<img" not in detail


def test_any_site_in_the_content_format_renders_the_anatomy(scratch):
    write_valid_site(scratch)
    result = scratch.build(now="2026-11-11T00:30")
    assert result.ok, [f.to_json() for f in result.findings if f.severity == "error"]
    doc = page(scratch.root / "site", LANDING)
    assert slots(doc) == [("11月11日 0点场", ["已开抢"])]
    assert visible_prices(card_for(doc, "100012")) == ["秒杀 ¥159到手价¥159 原价¥299"]
    assert doc.find(cls="cd-phase").text() == "高潮进行中"
    detail = page(scratch.root / "site", "products/100012/index.html")
    assert "情侣套装" in detail.find("section", id="offers").text()
    assert len(detail.find("section", cls="gallery").find_all("img")) == 5


def test_content_is_escaped(scratch):
    write_valid_site(scratch, images=False)
    hostile = 'title: "双11 <script>alert(1)</script> & \\"引号\\""'
    scratch.write("content/double11/index.md", CAMPAIGN.replace("title: 双11测试会场", hostile)
                  .replace("slogan: 满199减25还包邮", "slogan: <b>五折</b>"))
    result = scratch.build(now="2026-11-11T10:00")
    assert result.ok, [f.to_json() for f in result.findings if f.severity == "error"]
    html = (scratch.root / "site/double11/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>五折" not in html
    assert "双11 &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;引号&#34;" in html
    assert parse_html(html).find("h1").text() == '双11 <script>alert(1)</script> & "引号"'


# -- the context the theme adds (dacu.render.renderer) ---------------------------------------------------------

def t(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def campaign(**kw) -> Campaign:  # type: ignore[no-untyped-def]
    return Campaign(slug="c", source="content/c/index.md", title="c", start=t("2026-11-01T00:00:00"),
                    end=t("2026-11-12T23:59:59"), **kw)


def test_countdown_steps_mirror_the_timeline():
    c = campaign(phases=[Phase("预热", t("2026-11-01T00:00:00"), t("2026-11-05T23:59:59")),
                         Phase("高潮", t("2026-11-10T00:00:00"), t("2026-11-11T23:59:59"))])
    assert countdown_steps(c) == [
        ("2026-11-01T00:00:00+08:00", "活动开始", ""),
        ("2026-11-05T23:59:59+08:00", "预热结束", "预热"),
        ("2026-11-10T00:00:00+08:00", "高潮开始", ""),
        ("2026-11-11T23:59:59+08:00", "高潮结束", "高潮"),
        ("2026-11-12T23:59:59+08:00", "活动结束", "")]


def test_price_plan_alternates_regular_and_flash_prices():
    from decimal import Decimal
    c = campaign(flash_sales=[FlashSale(t("2026-11-11T20:00:00"), t("2026-11-11T21:59:59"), ["1"], {"1": Decimal(79)}),
                              FlashSale(t("2026-11-11T00:00:00"), t("2026-11-11T01:59:59"), ["1"], {"1": Decimal(69)})])
    product = Product(sku="1", title="x", brand="b", price=Decimal(99), source="p.csv")
    plan = price_plan(c, product)
    ms = timedelta(milliseconds=1)
    assert [(s.start, s.end, s.quote.final, s.quote.flash, s.state(t("2026-11-11T00:30:00"))) for s in plan] == [
        (None, t("2026-11-11T00:00:00") - ms, 99, False, "ended"),
        (t("2026-11-11T00:00:00"), t("2026-11-11T01:59:59"), 69, True, "running"),
        (t("2026-11-11T01:59:59") + ms, t("2026-11-11T20:00:00") - ms, 99, False, "upcoming"),
        (t("2026-11-11T20:00:00"), t("2026-11-11T21:59:59"), 79, True, "upcoming"),
        (t("2026-11-11T21:59:59") + ms, None, 99, False, "upcoming")]
    assert plan[0].coming == (t("2026-11-11T00:00:00"), 69)
    assert [s.quote.final for s in price_plan(None, product)] == [99]


def test_window_attributes_carry_the_state_at_the_build_moment():
    start, end = t("2026-11-11T10:00:00"), t("2026-11-11T11:59:59")
    assert window_attrs(start, end, t("2026-11-11T09:00:00"), "running") == (
        ' data-start="2026-11-11T10:00:00+08:00" data-end="2026-11-11T11:59:59+08:00"'
        ' data-state="upcoming" data-show="running" hidden')
    assert window_attrs(None, end - timedelta(milliseconds=1), t("2026-11-11T09:00:00")) == (
        ' data-end="2026-11-11T11:59:58.999+08:00" data-state="running"')


def test_the_example_theme_overrides_a_template_a_block_and_the_tokens(example_at):
    site = example_at(PEAK)
    assert page(site, "index.html").find("h1").text() == "双11 全部会场"        # themes/double11/templates/index.html
    sheets = [link.attrs["href"] for link in page(site, LANDING).find_all("link", rel="stylesheet")]
    assert [re.sub(r"\.[0-9a-f]{8}\.", ".", s) for s in sheets] == ["../static/css/dacu.css",
                                                                   "../static/css/double11.css"]
    tokens = (site / sheets[1].removeprefix("../")).read_text(encoding="utf-8")
    assert tokens.count("--band:") == 1 and "--max:600px" in tokens
