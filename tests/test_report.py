"""The visual report: grouping by page, thumbnails with outlines and tinting, swatches, escaping."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from dacu.build import BuildResult, load
from dacu.checks.rendered.colour_rules import check_page_colours
from dacu.core.findings import Finding, Findings
from dacu.report.html import group_findings, make_thumbnails, thumbnail_name, write_report
from dacu.core.settings import Settings
from sitekit import CAMPAIGN, PRODUCTS, write_valid_site

NOW = "2026-11-11T10:00"
CAMPAIGN_FILE = "content/double11/index.md"
VENUE_FILE = "content/double11/smart-life.md"
HERO = """\
hero:
  image: campaigns/double11/hero.png
  text_color: "#FFFFFF"
  text_box: [0.05, 0.1, 0.5, 0.3]
"""
PLANTED = ("text-contrast", "main-image-white-background", "price-anchor")
LIGHT, DARK = (235, 235, 235), (20, 20, 60)


def png(image: Image.Image) -> bytes:
    out = BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def hero_image() -> Image.Image:
    """1000 × 500: light grey (white text fails on it) with a dark block from x 400 to 700."""
    image = Image.new("RGB", (1000, 500), LIGHT)
    ImageDraw.Draw(image).rectangle((400, 0, 699, 499), fill=DARK)
    return image


def grey_main_image() -> Image.Image:
    """A product shot on grey rather than white: main-image-white-background."""
    image = Image.new("RGB", (800, 800), (200, 200, 200))
    ImageDraw.Draw(image).rectangle((200, 200, 600, 600), fill=(200, 30, 30))
    return image


def palette_finding(root: Path) -> Finding:
    """A real palette-colours finding (four families), made by the colour check itself."""
    findings = Findings()
    check_page_colours(findings, Settings(root=root), file=CAMPAIGN_FILE, line=5,
                       palette={"primary": "#E1251B", "accent": "#FFD200", "link": "#0A84FF"},
                       used=[("#2E7D32", "theme.css .badge"), ("#FF3B30", "inline style on 爆款推荐")])
    [finding] = findings
    return finding


def page_sources(root: Path) -> list[tuple[str, str, int | None]]:
    """(page, source, row) as the build would pass them: product pages come from one sheet row."""
    return [(p.path, p.source, getattr(p.obj, "row", None)) for p in load(root).site.pages]


@pytest.fixture
def defects(scratch):  # type: ignore[no-untyped-def]
    """A scratch site with a hero that fails text contrast, a grey main image and a bad price anchor."""
    write_valid_site(scratch)
    scratch.write("content/double11/index.md", CAMPAIGN.replace("phases:", HERO + "phases:", 1))
    scratch.write("assets/campaigns/double11/hero.png", png(hero_image()))
    scratch.write("assets/products/100013/main-1.jpg", png(grey_main_image()))  # PNG bytes: dacu sniffs
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,", ",199,150,"))  # 100012, row 2
    return scratch


@pytest.fixture
def report(defects):  # type: ignore[no-untyped-def]
    """The checked scratch site plus hand-made findings, and its written report."""
    result: BuildResult = defects.check(now=NOW)
    # Only the planted defects: the theme and other checks change while this one stays put.
    planted = [f for f in result.findings if f.rule in PLANTED]
    assert sorted(f.rule for f in planted) == sorted(PLANTED), [f.to_json() for f in result.findings]
    findings = [*planted, palette_finding(defects.root),
                Finding("settings", "warning", "pyproject.toml", "unknown key [tool.dacu] colour", key="colour"),
                Finding("front-matter", "error", VENUE_FILE, '<script>alert("x")</script> & more',
                        key="<b>title</b>", line=2)]
    dest = defects.root / ".dacu" / "report"
    index = write_report(defects.root, findings, page_sources(defects.root), dest, language="en")
    return {"root": defects.root, "dest": dest, "html": index.read_text(encoding="utf-8"),
            "findings": findings}


def one(findings: list[Finding], rule: str) -> Finding:
    [finding] = [f for f in findings if f.rule == rule]
    return finding


def sections(html: str) -> dict[str, str]:
    """The HTML of each page group, by its data-page ("" for the whole site)."""
    parts = re.split(r'(?=<section class="group")', html)[1:]
    return {re.search(r'data-page="([^"]*)"', p).group(1): p for p in parts}  # type: ignore[union-attr]


def thumb(report: dict, finding: Finding) -> Image.Image:  # type: ignore[type-arg]
    name = thumbnail_name(finding)
    assert name and f'src="thumbs/{name}"' in report["html"]
    return Image.open(report["dest"] / "thumbs" / name).convert("RGB")


def is_red(rgb: tuple[int, ...]) -> bool:
    r, g, b = rgb[:3]
    return r > 170 and g < 90 and b < 100


# -- grouping ------------------------------------------------------------------------

def test_findings_are_grouped_by_the_page_their_file_and_row_produce(report) -> None:  # type: ignore[no-untyped-def]
    groups = sections(report["html"])
    assert list(groups)[0] == "", "the whole-site group comes first"
    assert set(groups) == {"", "double11/index.html", "double11/smart-life/index.html",
                           "products/100012/index.html", "products/100013/index.html"}
    assert 'data-rule="text-contrast"' in groups["double11/index.html"]
    assert 'data-rule="palette-colours"' in groups["double11/index.html"]
    assert 'data-rule="front-matter"' in groups["double11/smart-life/index.html"]
    # both come from content/products.csv: the row (line) and the SKU key pick the page
    assert 'data-rule="price-anchor"' in groups["products/100012/index.html"]
    assert 'data-rule="main-image-white-background"' in groups["products/100013/index.html"]
    assert 'data-rule="main-image-white-background"' not in groups["products/100012/index.html"]
    assert 'data-rule="settings"' in groups[""]


def test_grouping_rules() -> None:
    pages = [("index.html", "content/"), ("double11/index.html", "content/double11/index.md"),
             ("products/100012/index.html", "content/products.csv", 2),
             ("products/100013/index.html", "content/products.csv", 3)]
    sheet = "content/products.csv"
    cases = {
        Finding("schedule", "error", "content/double11/index.md", "m", line=9): "double11/index.html",
        Finding("price-anchor", "error", sheet, "m", key="price", line=3): "products/100013/index.html",
        Finding("main-image-size", "error", sheet, "m", key="100012"): "products/100012/index.html",
        Finding("selling-points", "warning", "content/products/100013.md", "m", key="why_buy"):
            "products/100013/index.html",
        Finding("image-weight", "warning", "content/extra.yaml", "m", image="assets/products/100012/a.jpg"):
            "products/100012/index.html",
        Finding("broken-link", "error", sheet, "m", key="/x/", extra={"page": "products/100013/index.html"}):
            "products/100013/index.html",
        Finding("product-data", "error", sheet, "m", line=99): None,  # a row that makes no page
        Finding("settings", "error", "pyproject.toml", "m"): None,
    }
    placed = {f: g.page for g in group_findings(list(cases), pages) for f in g.findings}
    assert placed == cases


# -- thumbnails ------------------------------------------------------------------------

def test_thumbnail_outlines_the_region_and_tints_failing_contrast(report) -> None:  # type: ignore[no-untyped-def]
    finding = one(report["findings"], "text-contrast")
    x, y, w, h = finding.region
    image = thumb(report, finding)
    assert image.width <= 480
    k = image.width / 1000
    assert image.height == round(500 * k)

    def at(sx: float, sy: float) -> tuple[int, int, int]:
        return image.getpixel((int(sx * k), int(sy * k)))  # type: ignore[return-value]

    top, left = int(y * k), int(x * k)
    assert is_red(image.getpixel((int(150 * k), top))), "top edge of the region"
    assert is_red(image.getpixel((left, int((y + h / 2) * k)))), "left edge of the region"
    r, g, b = at(200, y + h / 2)
    assert r > 200 and b > 200 and g < 150, "white text on light grey fails: tinted magenta"
    assert max(at(550, y + h / 2)) < 100, "white text on the dark block passes: not tinted"
    r, g, b = at(200, 400)
    assert abs(r - g) < 12 and abs(b - g) < 12 and r > 200, "outside the region: untouched"
    assert "pixels below the contrast threshold" in report["html"]


def test_thumbnail_of_a_white_background_finding(report) -> None:  # type: ignore[no-untyped-def]
    finding = one(report["findings"], "main-image-white-background")
    x, y, w, h = finding.region
    image = thumb(report, finding)
    k = image.width / 800
    assert is_red(image.getpixel((image.width // 2, int((y + h) * k) - 1))), "bottom edge of the border strip"
    assert not is_red(image.getpixel((image.width // 2, int((y + h) * k) + 8)))


def test_thumbnail_names_are_stable_and_stale_ones_removed(report) -> None:  # type: ignore[no-untyped-def]
    before = sorted(p.name for p in (report["dest"] / "thumbs").iterdir())
    assert before and all(re.fullmatch(r"[0-9a-f]{16}\.jpg", n) for n in before)
    keep = one(report["findings"], "text-contrast")
    write_report(report["root"], [keep], [], report["dest"], language="en")
    assert sorted(p.name for p in (report["dest"] / "thumbs").iterdir()) == [thumbnail_name(keep)]
    assert thumbnail_name(keep) in before


def test_any_finding_shape_gives_a_report(defects, tmp_path) -> None:  # type: ignore[no-untyped-def]
    defects.write("assets/bad.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
    hero = "assets/campaigns/double11/hero.png"
    outside = Finding("text-contrast", "error", CAMPAIGN_FILE, "title #FFFFFF over the hero",
                      image=hero, region=(5000, 5000, 10, 10), measured=1.2, threshold=4.5)
    odd = [
        outside,
        Finding("image-unreadable", "error", CAMPAIGN_FILE, "missing", image="assets/nope.jpg"),
        Finding("image-unreadable", "error", CAMPAIGN_FILE, "corrupt", image="assets/bad.jpg"),
        Finding("image-unreadable", "error", CAMPAIGN_FILE, "escape", image="assets/../pyproject.toml"),
        Finding("image-unreadable", "error", CAMPAIGN_FILE, "elsewhere", image="content/products.csv"),
        Finding("busy-background", "warning", CAMPAIGN_FILE, "short region", image=hero, region=(1, 2)),  # type: ignore[arg-type]
        Finding("busy-background", "warning", CAMPAIGN_FILE, "nan", image=hero,
                region=(float("nan"), 0, 10, 10), measured=float("nan")),  # type: ignore[arg-type]
        Finding("busy-background", "warning", CAMPAIGN_FILE, "empty region", image=hero, region=(10, 10, 0, -5)),
        Finding("text-contrast", "error", CAMPAIGN_FILE, "no colour named", image=hero, region=(0, 0, 100, 100)),
        Finding("palette-colours", "error", CAMPAIGN_FILE, "bad extra", measured="four",  # type: ignore[arg-type]
                extra={"families": [["red;background:url(//evil)", {"colour": "red"}, 7], "x", None]}),
        Finding("palette-colours", "error", CAMPAIGN_FILE, "families not a list", extra={"families": 3}),
        Finding("no-such-rule", "warning", "", "", key="", line="12"),  # type: ignore[arg-type]
    ]
    html = write_report(defects.root, odd, page_sources(defects.root), tmp_path / "r", language="en").read_text(encoding="utf-8")
    for finding in odd:
        assert f'data-rule="{finding.rule}"' in html
    assert "evil" not in html, "a colour that is not a colour never reaches the CSS"
    assert "background:#FF0000" in html
    assert html.count("No thumbnail") == 4
    made = make_thumbnails(defects.root, [outside], tmp_path / "t")
    [drawn] = made.values()
    assert not isinstance(drawn, str) and not drawn.outlined and not drawn.tinted
    image = Image.open(tmp_path / "t" / thumbnail_name(outside)).convert("RGB")  # type: ignore[operator]
    assert not any(is_red(px) for px in image.get_flattened_data()), "a region outside the image is not drawn"


# -- swatches, escaping, empty ------------------------------------------------------------

def test_swatches_for_colour_families(report) -> None:  # type: ignore[no-untyped-def]
    page = sections(report["html"])["double11/index.html"]
    article = page[page.index('data-rule="palette-colours"'):]
    article = article[:article.index("</article>")]
    assert article.count('class="family"') == 4
    for colour in ("#E1251B", "#FF3B30", "#FFD200", "#0A84FF", "#2E7D32"):
        assert f'style="background:{colour}"' in article
    families = article.split('class="family"')[1:]
    [red] = [f for f in families if 'style="background:#E1251B"' in f]
    assert 'style="background:#FF3B30"' in red, "one red family: both reds side by side"
    assert "inline style on 爆款推荐" in article
    assert "<dt>Measured</dt><dd>4</dd>" in article and "<dt>Threshold</dt><dd>3</dd>" in article


def test_each_finding_shows_where_values_and_its_rule(report) -> None:  # type: ignore[no-untyped-def]
    html = report["html"]
    finding = one(report["findings"], "text-contrast")
    assert f"<code>{finding.where()}</code>" in html
    assert 'href="#rule-text-contrast"' in html and 'id="rule-text-contrast"' in html
    rules = html[html.index('id="rules"'):]
    assert "Move text_box to a calmer" in rules, "the rule's fix"
    assert "Text drawn over an image keeps a WCAG 2 contrast ratio" in rules, "the rule's summary"
    assert "error" in html[:html.index("<nav")] and "warning" in html[:html.index("<nav")]


def test_everything_is_escaped(report) -> None:  # type: ignore[no-untyped-def]
    html = report["html"]
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more" in html
    assert "&lt;b&gt;title&lt;/b&gt;" in html


def test_empty_report_says_so(tmp_path) -> None:  # type: ignore[no-untyped-def]
    index = write_report(tmp_path, [], [("index.html", "content/")], tmp_path / "report", language="en")
    html = index.read_text(encoding="utf-8")
    assert "No findings: every check passed." in html
    assert "<article" not in html
    assert not list((tmp_path / "report").glob("thumbs/*"))


def test_the_report_is_chinese_by_default_and_english_on_request(tmp_path) -> None:  # type: ignore[no-untyped-def]
    findings = [Finding("settings", "warning", "pyproject.toml", "m1", key="colour"),
                Finding("settings", "error", "pyproject.toml", "m2", key="them")]
    chinese = write_report(tmp_path, findings, [], tmp_path / "zh").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in chinese and "<title>dacu 检查报告</title>" in chinese
    assert "1 个错误，1 个警告。" in chinese and "有错误时构建会中止，请先修正错误。" in chinese
    assert "<h2>整个站点</h2>" in chinese and "<h2>规则说明</h2>" in chinese
    assert '<span class="badge error">错误</span>' in chinese and "<dt>位置</dt>" in chinese
    assert "（内容，默认级别：错误）" in chinese and "[tool.dacu] 设置中的键都认识，值的类型也正确。" in chinese
    assert "原因：写错的设置会被悄悄忽略。" in chinese
    english = write_report(tmp_path, findings, [], tmp_path / "en", language="en").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "<title>dacu report</title>" in english
    assert "1 error, 1 warning." in english and "<h2>Whole site</h2>" in english
    assert "(Content, default error)" in english and "Why: A mistyped setting would be ignored silently." in english
    empty = write_report(tmp_path, [], [], tmp_path / "empty").read_text(encoding="utf-8")
    assert "没有发现问题：所有检查都通过了。" in empty


# -- on a phone ---------------------------------------------------------------------------

@pytest.mark.browser
def test_report_fits_an_iphone_screen(report, browser, iphone, tmp_path) -> None:  # type: ignore[no-untyped-def]
    long = Finding("busy-background", "warning", "content/" + "very-long-folder-name/" * 8 + "index.md",
                   "x" * 400, key="hero." + "k" * 120, line=12, image="assets/campaigns/double11/hero.png",
                   region=(0, 0, 1000, 500), measured=0.45678, threshold=0.3)
    findings = [*report["findings"], long]
    index = write_report(report["root"], findings, page_sources(report["root"]), report["dest"], language="en")
    context = browser.new_context(**iphone)
    try:
        page = context.new_page()
        page.goto(index.as_uri())
        sizes = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert sizes[1] == 390 and sizes[0] <= sizes[1], sizes
        images = page.locator("img")
        assert images.count() >= 3
        for n in range(images.count()):  # thumbnails load lazily: bring each into view
            images.nth(n).scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete", arg=images.nth(n).element_handle())
            assert images.nth(n).evaluate("img => img.naturalWidth") > 0
    finally:
        context.close()
