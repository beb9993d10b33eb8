"""The mistakes of a team's first hour: each one finding at the user's own line, or read correctly.

A copywriter's YAML slips (an unquoted colour, full-width punctuation, a tab,
0-prefixed SKUs, yes/no), a partial palette, a typo in a floor category, a
date-only end, selling points separated by Chinese commas, a template typo
that breaks every page, a bad sheet header. Messages are pinned in English
and, for the key ones, in Chinese (the default).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from dacu.build import build_site
from dacu.core.findings import Findings
from dacu.core.settings import Settings
from dacu.load.frontmatter import parse_document
from dacu.model.campaigns import load_campaigns
from dacu.model.products import load_products
from sitekit import CAMPAIGN, HEADER, PRODUCTS, write_valid_site

TZ = Settings(root=".").tz  # type: ignore[arg-type]


def findings_of(result):  # type: ignore[no-untyped-def]
    return [(f.rule, f.file, f.line, f.message) for f in result.findings]


def load_campaign(scratch, text: str, language: str = "en"):  # type: ignore[no-untyped-def]
    scratch.write("content/c/index.md", text)
    findings = Findings(language=language)
    campaigns = load_campaigns(Settings(root=scratch.root), findings)
    return campaigns, [(f.rule, f.line, f.key, f.message) for f in findings]


MINIMAL = "---\ntitle: 618\nstart: 2027-06-01\nend: 2027-06-20\n{extra}---\n"


# -- YAML slips ----------------------------------------------------------------------

def test_unquoted_colour_is_one_finding_at_its_line_in_both_languages(scratch):
    text = MINIMAL.format(extra="palette:\n  primary: #D81E5B\n")
    _, found = load_campaign(scratch, text)
    assert found == [("front-matter", 6, "palette.primary",
                      'primary: YAML reads #D81E5B as a comment, so primary is empty: quote it: "#D81E5B"')]
    _, found = load_campaign(scratch, text, language="zh")
    assert found == [("front-matter", 6, "palette.primary",
                      'primary：YAML 把 #D81E5B 当成了注释，primary 因此是空的：请加引号："#D81E5B"')]


def test_unquoted_colour_builds_with_one_finding(scratch):
    write_valid_site(scratch)
    scratch.write("content/double11/index.md", CAMPAIGN.replace('primary: "#E1251B"', "primary: #D81E5B"))
    result = scratch.check()
    assert [(f.rule, f.file, f.line) for f in result.findings] == [("front-matter", "content/double11/index.md", 7)]


def test_zero_prefixed_numbers_and_yes_no_are_read_as_written():
    doc = parse_document('---\nskus: [001234, 100012]\ngift: no\nexclusive: true\ncode: 0x1F\n---\n')
    assert doc.errors == []
    assert doc.data == {"skus": ["001234", 100012], "gift": "no", "exclusive": True, "code": 31}


def test_zero_prefixed_sku_in_a_floor_names_the_product(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS + "001234,,零零 手机壳,零零,配件,19,,,5,,,,,,,,,\n")
    scratch.write("content/double11/index.md",
                  CAMPAIGN.replace('skus: ["100012", "100013"]}\n---', 'skus: [100012, 001234]}\n---'))
    result = scratch.check()
    assert not [f for f in result.findings if f.rule == "unknown-sku"]


@pytest.mark.parametrize("extra, line, key, message", [
    ("slogan：全场五折\n", 5, "slogan",
     '"slogan" is followed by a full-width colon "：": YAML needs the ASCII colon and a space: write "slogan: "'),
    ("floors:\n  - {title: 爆款, skus: [\"100012\"，\"100013\"]}\n", 6, None,
     'a full-width comma "，" (or "、") separates items in [...]: YAML needs the ASCII comma ",", '
     'e.g. ["100012", "100013"]'),
    ("hero:\n\timage: a.jpg\n", 6, None, "this line is indented with a tab: YAML indents with spaces only; "
                                   "replace the tab with spaces"),
])
def test_yaml_slips_are_explained_at_their_line(scratch, extra, line, key, message):
    _, found = load_campaign(scratch, MINIMAL.format(extra=extra))
    assert found == [("front-matter", line, key, message)]


def test_full_width_colon_in_chinese(scratch):
    _, found = load_campaign(scratch, MINIMAL.format(extra="slogan：全场五折\n"), language="zh")
    assert found == [("front-matter", 5, "slogan",
                      '"slogan" 后面是全角冒号“：”：YAML 要用半角冒号加一个空格，请写成 "slogan: "')]


def test_full_width_punctuation_inside_text_is_fine(scratch):
    campaigns, found = load_campaign(scratch, MINIMAL.format(extra="slogan: 全场五折，满299减60：限时, Apple：新品\n"))
    assert found == [] and campaigns[0].slogan == "全场五折，满299减60：限时, Apple：新品"
    _, found = load_campaign(scratch, MINIMAL.format(extra="floors:\n  - {title: 爆款, category：手机}\n"))
    assert [(line, key) for _, line, key, _ in found] == [(6, "category")]


# -- dates -----------------------------------------------------------------------------

def test_a_date_only_end_is_the_end_of_that_day_and_start_its_beginning(scratch):
    campaigns, found = load_campaign(scratch, MINIMAL.format(
        extra="phases:\n  - {name: 预热, start: 2027-06-01, end: 2027-06-17}\n"))
    assert found == []
    campaign = campaigns[0]
    assert campaign.start == datetime(2027, 6, 1, 0, 0, 0, tzinfo=TZ)
    assert campaign.end == datetime(2027, 6, 20, 23, 59, 59, tzinfo=TZ)
    assert campaign.phases[0].end == datetime(2027, 6, 17, 23, 59, 59, tzinfo=TZ)


# -- SKU lists and selling points --------------------------------------------------------

def test_sku_lists_separated_by_chinese_commas_are_read(scratch):
    campaigns, found = load_campaign(scratch, MINIMAL.format(
        extra="floors:\n  - {title: 爆款, skus: 100012、100013，100014}\n"))
    assert found == [] and campaigns[0].floors[0].skus == ["100012", "100013", "100014"]


def test_selling_points_and_related_separated_by_chinese_commas(scratch):
    scratch.write("content/products.csv", "sku,title,brand,price,selling_points,related\n"
                                          "1,t,b,9,曲面屏，长续航、快充,2、3\n2,t,b,9,轻薄|续航，持久,1\n3,t,b,9,,\n")
    findings = Findings(language="en")
    products = load_products(Settings(root=scratch.root), findings)
    assert list(findings) == []
    assert products["1"].selling_points == ["曲面屏", "长续航", "快充"]
    assert products["1"].related == ["2", "3"]
    # with a | the | separates, and a Chinese comma is part of the point
    assert products["2"].selling_points == ["轻薄", "续航，持久"]


# -- one cause, one finding ----------------------------------------------------------------

def test_a_partial_palette_is_completed_from_the_theme(scratch):
    write_valid_site(scratch)
    scratch.write("content/double11/index.md", CAMPAIGN.replace('  accent: "#FFD200"\n', ""))
    result = scratch.build()
    assert result.ok, findings_of(result)
    html = (scratch.root / "site/double11/index.html").read_text(encoding="utf-8")
    assert "--accent:#FFD200" in html


def test_a_template_error_is_one_finding_at_the_template_line(scratch):
    write_valid_site(scratch)
    text, line = _macros_with_a_typo()
    scratch.write("themes/default/templates/_macros.html", text)
    result = build_site(scratch.root, write=False, language="en")
    assert [(f.rule, f.file, f.line) for f in result.findings] == [
        ("template", "themes/default/templates/_macros.html", line)]
    [finding] = result.findings
    assert finding.message.startswith("rendering ") and " pages more failed: UndefinedError: " in finding.message
    assert "'titel'" in finding.message


def _macros_with_a_typo() -> tuple[str, int]:
    """The default _macros.html with a typo in the product card (every page with a card breaks), and its line."""
    from dacu.render.theme import PACKAGE_THEMES

    lines = (PACKAGE_THEMES / "default/templates/_macros.html").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("{% macro card(p)"))
    lines.insert(start + 1, "{{ p.titel }}")
    return "\n".join(lines) + "\n", start + 2


def test_a_bad_sheet_header_is_one_finding(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(HEADER, HEADER.replace(",price,", ",prise,")))
    result = build_site(scratch.root, write=False, language="en")
    assert findings_of(result) == [(
        "product-data", "content/products.csv", 1,
        "the header row has no column price (销售价): name the columns in the header row, e.g. 商品编码, 商品名称, "
        '品牌, 销售价 (or sku, title, brand, price); it has columns dacu does not know: "prise" (did you mean '
        '"price"?)')]


def test_a_floor_category_no_product_has_is_unknown_sku_with_a_hint(scratch):
    write_valid_site(scratch)
    scratch.write("content/double11/index.md",
                  CAMPAIGN.replace("{title: 手机数码, category: 手机数码}", "{title: 手机数码, category: 手机数吗}"))
    result = scratch.check(language="zh")
    assert findings_of(result) == [(
        "unknown-sku", "content/double11/index.md", 26,
        '楼层 "手机数码" 的类目 "手机数吗" 没有任何商品，这个楼层不会显示：是不是想写 "手机数码"？')]


def test_yes_and_no_are_read_where_a_switch_is_asked_for(scratch):
    campaigns, found = load_campaign(scratch, MINIMAL.format(
        extra="promotions:\n  - {type: n_free, buy: 3, free: 1, exclusive: yes}\n"
              "coupons:\n  - {name: 店铺券, threshold: 199, amount: 20, exclusive: 否}\n"))
    assert found == []
    assert campaigns[0].promotions[0].exclusive is True and campaigns[0].coupons[0].exclusive is False
