"""``text-fit``: the hero's title and slogan fit their text_box, or the build says what to change."""

from __future__ import annotations

import functools
from io import BytesIO

import pytest
from PIL import Image, ImageDraw

from dacu.build import build_site
from dacu.checks.text_fit import (SLOGAN_SIZE, TITLE_SIZE, TextMeasure, count_lines, fit_hero)
from dacu.core.rules import RULES
from sitekit import CAMPAIGN, write_valid_site

PARAMS = dict(RULES["text-fit"].thresholds)


@functools.cache
def hero_jpeg(width: int = 1125, height: int = 900) -> bytes:
    """A dark, calm hero (a gentle gradient) that passes the contrast and busyness rules under white text."""
    image = Image.new("RGB", (width, height), (120, 10, 20))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        draw.line([(0, y), (width, y)], fill=(110 + y * 20 // height, 8, 18))
    out = BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.mark.parametrize("fonts", [None, {False: "/nonexistent.ttc", True: "/nonexistent.ttc"}])
def test_measure_with_metrics_or_the_documented_estimate(fonts):
    from pathlib import Path

    measure = TextMeasure({k: Path(v) for k, v in fonts.items()} if fonts else None)
    assert measure.em("双") == pytest.approx(1.0, abs=0.01)
    if not measure.metrics:
        assert measure.em("A") == 0.55 and measure.em("A", bold=True) == 0.6
    # ten CJK characters at 20 px fill exactly 200 px: one line in 200, two in 199
    assert count_lines("全场五折还包邮全场五", 20, 200.5, measure) == 1
    assert count_lines("全场五折还包邮全场五", 20, 199, measure) == 2


def test_a_short_title_keeps_the_theme_sizes():
    fit = fit_hero("双11全球好物节", "全场五折还包邮", (0.06, 0.55, 0.88, 0.30), 0.8, TextMeasure(), PARAMS)
    assert fit.ok and not fit.shrunk and (fit.title, fit.slogan) == (TITLE_SIZE, SLOGAN_SIZE)


def test_a_longer_title_is_shrunk_to_fit_at_a_legible_size():
    fit = fit_hero("双11全球好物节 美妆个护超级品类日 爆款直降", "全场五折还包邮", (0.06, 0.45, 0.88, 0.45), 0.8,
                   TextMeasure(), PARAMS)
    assert fit.ok and fit.shrunk
    assert 20 / 360 <= fit.title < TITLE_SIZE


def site_with_hero(scratch, title: str, box: str):  # type: ignore[no-untyped-def]
    write_valid_site(scratch)
    scratch.write("assets/campaigns/double11/hero.jpg", hero_jpeg())
    hero = f"hero:\n  image: campaigns/double11/hero.jpg\n  alt: 双11\n  text_color: \"#FFFFFF\"\n  text_box: {box}\nphases:"
    scratch.write("content/double11/index.md", CAMPAIGN.replace("title: 双11测试会场", f"title: {title}")
                  .replace("phases:", hero, 1))


def test_the_build_shrinks_a_long_title_in_the_page(scratch):
    site_with_hero(scratch, "双11全球好物节 美妆个护超级品类日 爆款直降", "[0.06, 0.45, 0.88, 0.45]")
    result = scratch.build()
    assert result.ok, [f.to_json() for f in result.findings]
    html = (scratch.root / "site/double11/index.html").read_text(encoding="utf-8")
    assert "--hero-title:" in html and "cqw" in html


def test_a_title_too_long_for_its_box_is_one_finding_with_what_to_change(scratch):
    title = "双11全球好物节 美妆个护超级品类日 爆款直降 低至5折 限时抢购 错过再等一年"
    site_with_hero(scratch, title, "[0.06, 0.70, 0.88, 0.20]")
    result = build_site(scratch.root, write=False, language="en")
    [finding] = [f for f in result.findings if f.rule == "text-fit"]
    assert (finding.file, finding.line, finding.key) == ("content/double11/index.md", 15, "hero.text_box")
    slogan = next(line for line in CAMPAIGN.splitlines() if line.startswith("slogan: "))[len("slogan: "):]
    assert finding.message.startswith(f'the hero title "{title}" with the slogan "{slogan}" does not fit its '
                                      "text_box (317 × 58 CSS px on a 360 px wide phone) even at the smallest "
                                      "legible size (20 px title, 14 px slogan): make text_box at least ")
    assert "high (now 0.20), or shorten the title to about" in finding.message
    zh = build_site(scratch.root, write=False)
    [finding] = [f for f in zh.findings if f.rule == "text-fit"]
    assert finding.message.startswith(f'头图标题 "{title}"')
