"""Image rules on images drawn with Pillow: main, detail, hero, text over images, weight."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Sequence

import pytest
from PIL import Image, ImageDraw

from dacu.checks.image_rules import (check_detail_image, check_hero, check_main_images, check_variant_weight,
                                check_weight)
from dacu.core.findings import Finding, Findings
from dacu.load.image_file import LoadedImage, open_image
from dacu.core.settings import Settings

SHEET = "content/products.csv"
PAGE = "content/double11/index.md"
Load = Callable[..., LoadedImage]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(root=tmp_path)


@pytest.fixture
def load(tmp_path: Path) -> Load:
    """Save a Pillow image under assets/ and open it as the pipeline does."""
    def make(image: Image.Image, rel: str = "products/100012/main-1.png", **options: object) -> LoadedImage:
        path = tmp_path / "assets" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, **options)
        return open_image(tmp_path / "assets", rel)
    return make


def of(findings: Findings, rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def product_shot(size: tuple[int, int] = (800, 800)) -> Image.Image:
    """A product (a red box) on a pure white background."""
    image = Image.new("RGB", size, "white")
    w, h = size
    ImageDraw.Draw(image).rectangle((w // 4, h // 4, 3 * w // 4, 3 * h // 4), fill=(230, 0, 18))
    return image


def main_check(settings: Settings, images: Sequence[LoadedImage | None], findings: Findings | None = None) -> Findings:
    findings = findings if findings is not None else Findings(language="en")
    check_main_images(findings, settings, images, sku="100012", file=SHEET, line=3)
    return findings


# -- main images -------------------------------------------------------------------------

def test_five_good_main_images_pass(settings: Settings, load: Load) -> None:
    images = [load(product_shot(), f"products/100012/main-{n}.png") for n in range(1, 6)]
    assert list(main_check(settings, images)) == []


def test_too_few_main_images(settings: Settings, load: Load) -> None:
    images = [load(product_shot(), f"products/100012/main-{n}.png") for n in range(1, 4)]
    [finding] = of(main_check(settings, images), "main-image-count")
    assert finding.severity == "warning"
    assert finding.message == ("SKU 100012 has 3 main images, needs 5 (front, back, packaging, two details): "
                               "add main-1.jpg … main-5.jpg under assets/products/100012/")
    assert (finding.file, finding.line, finding.key, finding.measured, finding.threshold) == (SHEET, 3, "100012", 3, 5)


def test_unreadable_main_image_still_counts(settings: Settings, load: Load) -> None:
    images: list[LoadedImage | None] = [load(product_shot(), f"products/100012/main-{n}.png") for n in range(1, 5)]
    findings = main_check(settings, images + [None])
    assert of(findings, "main-image-count") == []


def test_main_image_count_threshold(settings: Settings, load: Load) -> None:
    settings.thresholds["main-image-count"] = {"min_count": 1}
    assert of(main_check(settings, [load(product_shot())]), "main-image-count") == []


def test_main_image_not_square(settings: Settings, load: Load) -> None:
    img = load(product_shot((800, 900)))
    [finding] = of(main_check(settings, [img]), "main-image-square")
    assert finding.message == ("SKU 100012 main image assets/products/100012/main-1.png is 800 × 900 px, "
                               "not square (within 1%): crop it or pad it to a square canvas, e.g. 900 × 900 px")
    assert finding.image == "assets/products/100012/main-1.png"
    assert finding.measured == pytest.approx(0.1111, abs=1e-4)


def test_main_image_square_within_tolerance(settings: Settings, load: Load) -> None:
    assert of(main_check(settings, [load(product_shot((800, 805)))]), "main-image-square") == []


def test_exif_rotation_counts_for_squareness(settings: Settings, load: Load) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    img = load(product_shot((900, 800)), "products/100012/main-1.jpg", exif=exif)
    [finding] = of(main_check(settings, [img]), "main-image-square")
    assert "is 800 × 900 px" in finding.message


def test_main_image_too_small(settings: Settings, load: Load) -> None:
    img = load(product_shot((700, 700)))
    [finding] = of(main_check(settings, [img]), "main-image-size")
    assert finding.severity == "error"
    assert finding.message == ("SKU 100012 main image assets/products/100012/main-1.png is 700 × 700 px, "
                               "smaller than 800 × 800 px: export it at 800 × 800 px or more "
                               "(platforms enable zoom from there)")
    assert (finding.measured, finding.threshold) == (700, 800)


def test_main_image_size_threshold_from_settings(settings: Settings, load: Load) -> None:
    settings.thresholds["main-image-size"] = {"min_px": 400}
    assert of(main_check(settings, [load(product_shot((700, 700)))]), "main-image-size") == []


def test_white_background_fails_on_a_grey_edge(settings: Settings, load: Load) -> None:
    image = product_shot()
    image.paste((200, 200, 200), (0, 0, 40, 800))  # a grey band down the left side
    [finding] = of(main_check(settings, [load(image)]), "main-image-white-background")
    assert finding.message == (
        "SKU 100012 first main image assets/products/100012/main-1.png: only 72.9% of the border strip "
        "(2% wide) is near-white (every channel ≥ 250), needs 99%; the left edge is the worst (0%): "
        "shoot or cut out the product on pure white (#FFFFFF) and leave a white margin around it")
    assert finding.region == (0, 0, 16, 800)
    assert (finding.measured, finding.threshold) == (0.729, 0.99)


def test_white_background_only_judges_the_first_image(settings: Settings, load: Load) -> None:
    grey = load(Image.new("RGB", (800, 800), (128, 128, 128)), "products/100012/main-2.png")
    findings = main_check(settings, [load(product_shot()), grey])
    assert of(findings, "main-image-white-background") == []


def test_white_background_tolerates_jpeg_and_a_few_dark_pixels(settings: Settings, load: Load) -> None:
    image = product_shot()
    ImageDraw.Draw(image).rectangle((390, 790, 410, 799), fill="black")  # a shadow touching the edge
    img = load(image, "products/100012/main-1.jpg", quality=85)
    assert of(main_check(settings, [img]), "main-image-white-background") == []


def test_white_background_rule_can_be_off(settings: Settings, load: Load) -> None:
    img = load(Image.new("RGB", (800, 800), "black"))
    findings = main_check(settings, [img], Findings({"main-image-white-background": "off"}))
    assert of(findings, "main-image-white-background") == []


# -- detail images -------------------------------------------------------------------------

def detail_check(settings: Settings, img: LoadedImage) -> Findings:
    findings = Findings(language="en")
    check_detail_image(findings, settings, img, file=SHEET, key="detail_images[0]", line=3)
    return findings


def test_portrait_detail_image_passes(settings: Settings, load: Load) -> None:
    assert list(detail_check(settings, load(Image.new("RGB", (750, 1000)), "d.png"))) == []


def test_landscape_detail_image(settings: Settings, load: Load) -> None:
    [finding] = of(detail_check(settings, load(Image.new("RGB", (1000, 750)), "d.png")), "detail-image-portrait")
    assert finding.severity == "warning"
    assert finding.message == ("detail image assets/d.png is landscape (1000 × 750 px): detail pages stack "
                               "portrait slices top to bottom; re-cut it as a portrait slice, e.g. 750 × 1000 px")
    assert finding.key == "detail_images[0]"


def test_narrow_detail_image(settings: Settings, load: Load) -> None:
    [finding] = of(detail_check(settings, load(Image.new("RGB", (600, 900)), "d.png")), "detail-image-width")
    assert finding.message == ("detail image assets/d.png is 600 px wide, needs 750 px (it would be blurry "
                               "on a 2× phone): export it at 750 px wide or more")
    settings.thresholds["detail-image-width"] = {"min_px": 500}
    assert list(detail_check(settings, load(Image.new("RGB", (600, 900)), "d.png"))) == []


# -- heroes and text over them ---------------------------------------------------------------

BOX = (0.1, 0.5, 0.8, 0.3)


def hero_check(settings: Settings, img: LoadedImage, findings: Findings | None = None, *,
               text_color: str | None = "#FFFFFF", box: tuple[float, float, float, float] | None = BOX,
               large_text: bool = True) -> Findings:
    findings = findings if findings is not None else Findings(language="en")
    check_hero(findings, settings, img, text_color=text_color, text_box=box, file=PAGE, key="hero", line=12,
               large_text=large_text)
    return findings


def hero(colour: object = (40, 40, 40), size: tuple[int, int] = (750, 500)) -> Image.Image:
    return Image.new("RGB", size, colour)  # type: ignore[arg-type]


def test_hero_too_narrow(settings: Settings, load: Load) -> None:
    [finding] = of(hero_check(settings, load(hero(size=(600, 400)), "h.png")), "hero-image-width")
    assert finding.message == ("hero image assets/h.png is 600 px wide, needs 750 px: export the hero at "
                               "750 px wide or more (1125 px for 3× phones)")


def test_dark_plain_hero_with_white_title_passes(settings: Settings, load: Load) -> None:
    assert list(hero_check(settings, load(hero(), "h.png"))) == []


def test_white_title_over_a_light_area(settings: Settings, load: Load) -> None:
    image = hero()
    image.paste((0xF5, 0xE0, 0xC0), (0, 200, 750, 500))  # light sand under the whole grown box
    [finding] = of(hero_check(settings, load(image, "h.png")), "text-contrast")
    assert finding.severity == "error"
    assert finding.message == (
        "title #FFFFFF over the hero: contrast 1.28 at the 5th percentile (worst 1.28 at #F5E0C0; "
        "0% of pixels pass), needs 3.0: move text_box to a darker plain area, change text_color, "
        "or darken the image there")
    assert (finding.measured, finding.threshold) == (1.28, 3.0)
    # the box grown by 2% of the image on every side, in source pixels
    assert finding.region == (60, 240, 630, 170)
    assert (finding.file, finding.key, finding.line, finding.image) == (PAGE, "hero", 12, "assets/h.png")


def test_dark_title_over_a_dark_area_says_lighter(settings: Settings, load: Load) -> None:
    [finding] = of(hero_check(settings, load(hero(), "h.png"), text_color="#222222"), "text-contrast")
    assert "move text_box to a lighter plain area" in finding.message
    assert finding.message.endswith("or lighten the image there")


def test_small_text_needs_4_5(settings: Settings, load: Load) -> None:
    img = load(hero((118, 118, 118)), "h.png")  # white on #767676: 4.54
    assert of(hero_check(settings, img, large_text=False), "text-contrast") == []
    img = load(hero((130, 130, 130)), "h.png")  # white on #828282: 3.9
    assert of(hero_check(settings, img, large_text=True), "text-contrast") == []
    [finding] = of(hero_check(settings, img, large_text=False), "text-contrast")
    assert "needs 4.5" in finding.message


def striped(light_every: int) -> Image.Image:
    """A dark hero whose columns are light sand every ``light_every`` pixels."""
    image = hero()
    draw = ImageDraw.Draw(image)
    for x in range(0, 750, light_every):
        draw.line((x, 0, x, 499), fill=(0xF5, 0xE0, 0xC0))
    return image


def test_a_few_light_pixels_pass_at_the_5th_percentile(settings: Settings, load: Load) -> None:
    assert of(hero_check(settings, load(striped(50), "h.png")), "text-contrast") == []  # 2% light


def test_many_light_pixels_fail(settings: Settings, load: Load) -> None:
    [finding] = of(hero_check(settings, load(striped(10), "h.png")), "text-contrast")  # 10% light
    assert "contrast 1.28 at the 5th percentile (worst 1.28 at #F5E0C0; 90% of pixels pass)" in finding.message


def test_contrast_percentile_and_ratio_from_settings(settings: Settings, load: Load) -> None:
    settings.thresholds["text-contrast"] = {"percentile": 1}
    assert of(hero_check(settings, load(striped(50), "h.png")), "text-contrast") != []
    settings.thresholds["text-contrast"] = {"large_ratio": 1.2}
    assert of(hero_check(settings, load(striped(10), "h.png")), "text-contrast") == []


def test_no_text_no_text_checks(settings: Settings, load: Load) -> None:
    noisy = Image.effect_noise((750, 500), 100).convert("RGB")
    assert list(hero_check(settings, load(noisy, "h.png"), text_color=None)) == []
    assert list(hero_check(settings, load(noisy, "h.png"), box=None)) == []


def test_unparseable_text_colour(settings: Settings, load: Load) -> None:
    [finding] = of(hero_check(settings, load(hero(), "h.png"), text_color="whiteish"), "text-contrast")
    assert finding.message.startswith("title colour: 'whiteish' is not a CSS colour")


def test_large_hero_is_judged_at_display_size_but_reported_in_source_pixels(settings: Settings, load: Load) -> None:
    image = hero(size=(3000, 2000))
    image.paste((0xF5, 0xE0, 0xC0), (0, 800, 3000, 2000))
    [finding] = of(hero_check(settings, load(image, "h.jpg", quality=90)), "text-contrast")
    assert finding.region == (240, 960, 2520, 680)


# -- busy backgrounds ---------------------------------------------------------------------------

def gradient(size: tuple[int, int] = (750, 500), low: int = 20, high: int = 110) -> Image.Image:
    ramp = Image.linear_gradient("L").rotate(90).resize(size)  # dark to light, left to right
    return ramp.point(lambda v: low + v * (high - low) // 255).convert("RGB")


@pytest.mark.parametrize("image", [
    pytest.param(hero(), id="flat"),
    pytest.param(gradient(), id="gentle gradient"),
    pytest.param(gradient(low=0, high=255).resize((750, 500)), id="steep gradient"),
    pytest.param(Image.merge("RGB", [Image.effect_noise((750, 500), 3)] * 3).point(lambda v: v // 4), id="sensor noise"),
])
def test_calm_backgrounds_pass(settings: Settings, load: Load, image: Image.Image) -> None:
    assert of(hero_check(settings, load(image, "h.png")), "busy-background") == []


def stripes(width: int, light: int = 120) -> Image.Image:
    image = hero((10, 10, 10))
    draw = ImageDraw.Draw(image)
    for x in range(0, 750, 2 * width):
        draw.rectangle((x, 0, x + width - 1, 499), fill=(light, light, light))
    return image


def clutter() -> Image.Image:
    """Text-like clutter: rows of small dark glyph strokes on a mid background."""
    image = hero((90, 90, 90))
    draw = ImageDraw.Draw(image)
    for y in range(0, 500, 14):
        for x in range(0, 750, 9):
            draw.line((x, y, x + 4, y + 8), fill=(0, 0, 0), width=1)
    return image


@pytest.mark.parametrize("image", [
    pytest.param(Image.effect_noise((750, 500), 60).convert("RGB"), id="noise"),
    pytest.param(stripes(3), id="fine stripes"),
    pytest.param(stripes(20), id="stripes"),
    pytest.param(stripes(40, light=220), id="coarse stripes"),  # few edges: caught by the spread
    pytest.param(clutter(), id="text-like clutter"),
])
def test_busy_backgrounds_fail(settings: Settings, load: Load, image: Image.Image) -> None:
    [finding] = of(hero_check(settings, load(image, "h.png")), "busy-background")
    assert finding.severity == "warning"
    assert finding.region == (60, 240, 630, 170)
    assert set(finding.extra) == {"spread", "edge_density"}


def test_coarse_clutter_is_caught_by_the_spread_alone(settings: Settings, load: Load) -> None:
    [finding] = of(hero_check(settings, load(stripes(40, light=220), "h.png")), "busy-background")
    assert finding.extra["edge_density"] < 0.12 < 0.30 < finding.extra["spread"]
    assert (finding.measured, finding.threshold) == (finding.extra["spread"], 0.30)


def test_busy_message(settings: Settings, load: Load) -> None:
    [finding] = of(hero_check(settings, load(stripes(2), "h.png")), "busy-background")
    assert finding.message == (
        "the area under the title on assets/h.png is busy (lightness spread 0.43, max 0.30; edges 100% of "
        "pixels, max 12%): use a simple background behind words: move text_box to a plain or gently graded "
        "area, or blur or darken the image there")
    assert (finding.measured, finding.threshold) == (1.0, 0.12)


def test_busy_background_can_be_off(settings: Settings, load: Load) -> None:
    noisy = Image.effect_noise((750, 500), 60).convert("RGB")
    findings = hero_check(settings, load(noisy, "h.png"), Findings({"busy-background": "off"}))
    assert of(findings, "busy-background") == []
    assert of(findings, "text-contrast") != []


def test_busy_thresholds_from_settings(settings: Settings, load: Load) -> None:
    settings.thresholds["busy-background"] = {"max_spread": 1.0, "max_edge_density": 1.0}
    noisy = Image.effect_noise((750, 500), 60).convert("RGB")
    assert of(hero_check(settings, load(noisy, "h.png")), "busy-background") == []


# -- weight ---------------------------------------------------------------------------------------

def test_source_weight(settings: Settings, load: Load) -> None:
    img = load(Image.effect_noise((300, 300), 80).convert("RGB"), "heavy.png")
    findings = Findings(language="en")
    check_weight(findings, settings, img, file=PAGE, key="hero", line=12)
    assert list(findings) == []
    settings.thresholds["image-weight"] = {"max_source_mb": 0.05}
    check_weight(findings, settings, img, file=PAGE, key="hero", line=12)
    [finding] = findings
    assert finding.message == (f"assets/heavy.png is {img.size_bytes / 1024 / 1024:.1f} MB, over 0.05 MB: re-export "
                               "it with stronger compression or smaller dimensions (2000 px on the long side is plenty)")
    assert finding.threshold == 0.05


def test_variant_weight(settings: Settings) -> None:
    findings = Findings(language="en")
    for size in (100 * 1024, 450 * 1024):
        check_variant_weight(findings, settings, image="assets/h.jpg", variant_name="h-1125.webp",
                             size_bytes=size, file=PAGE, key="hero", line=12)
    [finding] = findings
    assert finding.rule == "image-weight"
    assert finding.message == ("h-1125.webp made from assets/h.jpg is 450 KB, over the 300 KB budget: re-export "
                               "the source with less detail or noise, or narrow the widths in [tool.dacu]")
    assert (finding.measured, finding.threshold, finding.image) == (450.0, 300.0, "assets/h.jpg")


# -- in Chinese, the default ------------------------------------------------------------------

def test_image_findings_are_chinese_by_default(settings: Settings, load: Load) -> None:
    images = [load(product_shot(), f"products/100012/main-{n}.png") for n in range(1, 4)]
    [count] = of(main_check(settings, images, Findings()), "main-image-count")
    assert count.message == ("SKU 100012 只有 3 张主图，需要 5 张（正面、背面、包装、两张细节）：请在 "
                             "assets/products/100012/ 下放入 main-1.jpg … main-5.jpg")
    image = hero()
    image.paste((0xF5, 0xE0, 0xC0), (0, 200, 750, 500))
    [contrast] = of(hero_check(settings, load(image, "h.png"), Findings()), "text-contrast")
    assert contrast.message == (
        "头图上的标题 #FFFFFF：第 5 百分位的对比度为 1.28（最差 1.28，在 #F5E0C0 处；0% 的像素达标），需要 3.0："
        "请把 text_box 移到更暗的纯色区域、修改 text_color，或把那里的图片压暗")
    [narrow] = of(hero_check(settings, load(hero(size=(600, 400)), "n.png"), Findings()), "hero-image-width")
    assert narrow.message == ("头图 assets/n.png 宽 600 px，需要 750 px：请以 750 px 或更宽的尺寸导出头图"
                              "（3 倍屏手机用 1125 px）")
    [colour] = of(hero_check(settings, load(hero(), "c.png"), Findings(), text_color="#12"), "text-contrast")
    assert colour.message == "标题颜色：'#12' 不是 CSS 颜色：请用 #RRGGBB、rgb()、hsl() 或颜色名"
