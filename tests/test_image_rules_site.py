"""Each image defect planted alone into the valid site: reported by its own slug, file and region."""

from io import BytesIO

import pytest
from PIL import Image, ImageDraw

from sitekit import CAMPAIGN, jpeg, write_valid_site

HERO = """hero:
  image: campaigns/d11/hero.jpg
  alt: 双11
  text_color: "#FFFFFF"
  text_box: [0.1, 0.1, 0.8, 0.3]
"""


def encode(image, fmt="JPEG"):
    out = BytesIO()
    image.save(out, fmt, quality=92)
    return out.getvalue()


def dark_hero(width=1125, height=800):
    return Image.new("RGB", (width, height), (40, 6, 10))


def busy_hero():
    image = dark_hero()
    draw = ImageDraw.Draw(image)
    for x in range(0, 1125, 6):  # fine light stripes: gravel-like detail behind the words
        draw.line([(x, 0), (x, 800)], fill=(120, 110, 100), width=2)
    return image


def light_hero():
    return Image.new("RGB", (1125, 800), (250, 235, 200))


def findings(scratch, now="2026-11-11T10:00"):
    return scratch.check(now=now).findings


def plant_hero(scratch, image):
    write_valid_site(scratch)
    scratch.write("content/double11/index.md", CAMPAIGN.replace("phases:", HERO + "phases:", 1))
    scratch.write("assets/campaigns/d11/hero.jpg", encode(image))


def test_the_valid_site_with_a_calm_dark_hero_has_no_finding(scratch):
    plant_hero(scratch, dark_hero())
    assert findings(scratch) == []


@pytest.mark.parametrize("image,rule,region", [
    (light_hero(), "text-contrast", (90, 64, 945, 272)),
    (busy_hero(), "busy-background", (90, 64, 945, 272)),
    (dark_hero(600, 427), "hero-image-width", None),
])
def test_hero_defects(scratch, image, rule, region):
    plant_hero(scratch, image)
    [finding] = findings(scratch)
    assert (finding.rule, finding.file, finding.image) == (rule, "content/double11/index.md", "assets/campaigns/d11/hero.jpg")
    assert finding.line is not None
    if region:
        assert finding.region is not None
        x, y, w, h = finding.region
        assert abs(x - region[0]) <= 12 and abs(y - region[1]) <= 12 and abs(w - region[2]) <= 24 and abs(h - region[3]) <= 24


def plant_main(scratch, name, data):
    write_valid_site(scratch)
    scratch.write(f"assets/products/100012/{name}", data)


@pytest.mark.parametrize("name,data,rule", [
    ("main-2.jpg", jpeg(900, 800), "main-image-square"),
    ("main-2.jpg", jpeg(600, 600), "main-image-size"),
    ("main-1.jpg", jpeg(800, 800, (200, 200, 210)), "main-image-white-background"),
    ("detail-01.jpg", jpeg(1000, 750, (240, 240, 240)), "detail-image-portrait"),
    ("detail-01.jpg", jpeg(600, 900, (240, 240, 240)), "detail-image-width"),
    ("main-3.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "image-unreadable"),
])
def test_product_image_defects(scratch, name, data, rule):
    plant_main(scratch, name, data)
    [finding] = findings(scratch)
    assert (finding.rule, finding.file, finding.line) == (rule, "content/products.csv", 2)
    assert finding.image == f"assets/products/100012/{name}"


def test_white_background_finding_has_the_failing_strip(scratch):
    plant_main(scratch, "main-1.jpg", jpeg(800, 800, (200, 200, 210)))
    [finding] = findings(scratch)
    assert finding.region is not None and finding.measured is not None and finding.measured < 0.99


def test_missing_main_images_are_counted(scratch):
    write_valid_site(scratch)
    (scratch.root / "assets/products/100012/main-5.jpg").unlink()
    [finding] = findings(scratch)
    assert (finding.rule, finding.severity, finding.measured, finding.threshold) == ("main-image-count", "warning", 4, 5)


def test_a_hero_outside_assets_is_never_read(scratch, tmp_path):
    write_valid_site(scratch)
    secret = scratch.root / "secret.jpg"
    secret.write_bytes(encode(dark_hero()))
    scratch.write("content/double11/index.md", CAMPAIGN.replace("phases:", HERO.replace(
        "campaigns/d11/hero.jpg", "../secret.jpg") + "phases:", 1))
    result = scratch.build(now="2026-11-11T10:00")
    [finding] = [f for f in result.findings if f.rule == "image-unreadable"]
    assert finding.message.startswith("assets/../secret.jpg points outside assets/")
    assert not result.ok and not (scratch.root / "site").exists()


def test_a_heavy_source_image_warns_by_its_setting(scratch):
    write_valid_site(scratch)
    scratch.write("pyproject.toml", "[tool.dacu.rules.image-weight]\nmax_source_mb = 0.001\n")
    weight = [f for f in findings(scratch) if f.rule == "image-weight"]
    assert weight and all(f.severity == "warning" and f.threshold == 0.001 for f in weight)


def test_findings_come_from_the_cache_on_a_warm_check(scratch):
    plant_main(scratch, "main-2.jpg", jpeg(900, 800))
    cold = findings(scratch)
    warm = findings(scratch)
    assert cold == warm and [f.rule for f in warm] == ["main-image-square"]


def test_a_variant_over_its_byte_budget_warns_in_a_build(scratch):
    plant_hero(scratch, busy_hero())
    scratch.write("pyproject.toml", "[tool.dacu.rules.image-weight]\nmax_variant_kb = 1\n"
                                    "[tool.dacu.rules]\nbusy-background = \"off\"\n")
    result = scratch.build(now="2026-11-11T10:00")
    weight = [f for f in result.findings if f.rule == "image-weight" and f.image == "assets/campaigns/d11/hero.jpg"]
    names = sorted(f.message.split(" ", 1)[0] for f in weight)
    assert names and "hero.1125.webp" in names and all(name.startswith("hero.") for name in names)
    assert {name.rsplit(".", 1)[1] for name in names} == {"webp", "jpg"}
    assert all(f.threshold == 1 and f.file == "content/double11/index.md" for f in weight)
    assert weight[0].message.endswith("over the 1 KB budget: re-export the source with less detail or noise, "
                                      "or narrow the widths in [tool.dacu]")


def test_image_findings_from_the_cache_speak_the_language_of_the_run(scratch):
    plant_main(scratch, "main-2.jpg", jpeg(900, 800))
    scratch.write("assets/products/100012/main-3.jpg", b"not a jpeg at all")
    square = "SKU 100012 main image assets/products/100012/main-2.jpg is 900 × 800 px, not square (within 1%)"
    broken = "assets/products/100012/main-3.jpg is not a JPEG, PNG, WebP, AVIF, GIF, TIFF or BMP image"

    def messages(language):
        return {f.rule: f.message for f in scratch.check(language=language).findings}

    chinese = messages("zh")  # cold: the checks run and their findings are cached
    assert chinese["main-image-square"].startswith(
        "SKU 100012 的主图 assets/products/100012/main-2.jpg 是 900 × 800 px，不是正方形（允许误差 1%）")
    assert chinese["image-unreadable"].startswith("assets/products/100012/main-3.jpg 不是 JPEG、PNG")
    english = messages("en")  # warm: every image finding comes from the cache
    assert english["main-image-square"].startswith(square) and english["image-unreadable"].startswith(broken)


def test_findings_of_an_image_worker_are_shown_in_the_language_of_the_run(scratch):
    from dacu.build import load
    from dacu.core.findings import Finding, Findings
    from dacu.images.stage import _stage_worker

    plant_main(scratch, "main-2.jpg", jpeg(900, 800))
    loaded = load(scratch.root.resolve())
    records, *_ = _stage_worker((loaded.settings, False, [loaded.site.products["100012"]]))
    for language, start in [("en", "SKU 100012 main image"), ("zh", "SKU 100012 的主图")]:
        shown = Findings(language=language)
        shown.extend(Finding.from_record(r) for r in records)
        assert [f.message[:len(start)] for f in shown if f.rule == "main-image-square"] == [start]
