"""The hero's title and slogan are never clipped on a phone (360 and 430 CSS px wide), in Chromium.

On the example's landing page and venues, and on a long-title fixture that
the build shrinks to fit; a title too long to fit at a legible size is a
``text-fit`` finding instead (tests/test_text_fit.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, Page

from conftest import ScratchSite
from sitekit import CAMPAIGN, write_valid_site
from test_text_fit import hero_jpeg

pytestmark = pytest.mark.browser

LONG_TITLE = "双11全球好物节 美妆个护超级品类日 爆款直降"
LONG_SLOGAN = "跨店满299减60 · 大牌低至6折 · 前1小时第二件半价"

CLIPPED = """() => {
  const box = document.querySelector('.hero-text');
  if (!box) return 'no .hero-text';
  const outer = box.getBoundingClientRect();
  const cut = [...box.children].filter(el => {
    const r = el.getBoundingClientRect();
    return r.top < outer.top - 0.5 || r.bottom > outer.bottom + 0.5 || r.left < outer.left - 0.5
      || r.right > outer.right + 0.5 || el.scrollWidth > el.clientWidth + 1;
  }).map(el => el.tagName + ' ' + el.textContent);
  return box.scrollHeight > box.clientHeight + 1 ? ['box overflows', ...cut] : cut;
}"""


@pytest.fixture(scope="module")
def long_title_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = ScratchSite(tmp_path_factory.mktemp("long-title"))
    write_valid_site(site)
    site.write("assets/campaigns/double11/hero.jpg", hero_jpeg())
    hero = ("hero:\n  image: campaigns/double11/hero.jpg\n  alt: 双11\n  text_color: \"#FFFFFF\"\n"
            "  text_box: [0.06, 0.45, 0.88, 0.45]\nphases:")
    site.write("content/double11/index.md", CAMPAIGN.replace("title: 双11测试会场", f"title: {LONG_TITLE}")
               .replace(_slogan_line(), f"slogan: {LONG_SLOGAN}").replace("phases:", hero, 1))
    result = site.build()
    assert result.ok, [f.to_json() for f in result.findings if f.severity == "error"]
    return site.root / "site"


def _slogan_line() -> str:
    return next(line for line in CAMPAIGN.splitlines() if line.startswith("slogan: "))


@pytest.fixture
def page_at(browser: Browser) -> Iterator:  # type: ignore[type-arg]
    contexts = []

    def open_at(width: int) -> Page:
        context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True)
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [360, 430])
@pytest.mark.parametrize("path", ["double11/", "double11/smart-life/", "double11/clearance/"])
def test_example_hero_text_is_not_clipped(example_builder, serve_dir, page_at, width, path):  # type: ignore[no-untyped-def]
    page = page_at(width)
    page.goto(serve_dir(example_builder()) + path)
    page.wait_for_load_state("load")
    assert page.evaluate(CLIPPED) == []


@pytest.mark.parametrize("width", [360, 390, 430])
def test_long_title_is_shrunk_to_fit_and_stays_legible(long_title_site, serve_dir, page_at, width):  # type: ignore[no-untyped-def]
    page = page_at(width)
    page.goto(serve_dir(long_title_site) + "double11/")
    page.wait_for_load_state("load")
    assert page.evaluate(CLIPPED) == []
    title_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.hero h1')).fontSize)")
    slogan_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.hero-text p')).fontSize)")
    assert title_px >= 20 and slogan_px >= 14
    assert title_px < 0.084 * width       # smaller than the theme's own 8.4cqw: it would not have fitted


def test_full_page_screenshot_shows_the_floors(example_builder, serve_dir, page_at, tmp_path):  # type: ignore[no-untyped-def]
    """A long screenshot (长截图) renders every floor: no content-visibility skipping them."""
    page = page_at(390)
    page.goto(serve_dir(example_builder()) + "double11/")
    page.wait_for_load_state("load")
    skipped = page.evaluate("""() => [...document.querySelectorAll('.floor, .prose')]
        .filter(el => getComputedStyle(el).contentVisibility !== 'visible').length""")
    assert skipped == 0
    shot = tmp_path / "long.png"
    page.screenshot(path=str(shot), full_page=True)
    from PIL import Image

    with Image.open(shot) as image:
        last_floor = page.evaluate("document.querySelectorAll('.floor')[document.querySelectorAll('.floor').length-1]"
                                   ".getBoundingClientRect().top + scrollY")
        strip = image.crop((0, int(last_floor * 2), image.width, int(last_floor * 2) + 400)).convert("L")
        assert strip.getextrema()[0] < 200   # something is drawn there, not a blank band
