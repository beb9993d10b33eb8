"""A save brings the rebuilt page into the open one in place (dacu/serve/update.js).

Browser tests (``-m browser``): the stub engine's pages in an iPhone-sized
Chromium, and update.js alone on pages set up by hand.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest

from serve_fixtures import Preview, browser_context_args, engine_preview, phone, preview, stub_site  # noqa: F401

PAGE = "content/double11/index.md"
TITLE = "# 双11全球好物节\n"


def ready(phone: Any) -> Any:
    phone.wait_for_function("() => window.__dacuPreview.inPlace")
    return phone


@pytest.mark.browser
def test_a_body_edit_updates_the_open_page_keeping_scroll_state_and_images(preview: Preview,  # noqa: F811
                                                                           phone: Any) -> None:  # noqa: F811
    ready(phone).evaluate("""() => {
        document.body.style.minHeight = '3000px'; window.scrollTo(0, 500); window.__kept = 42;
        document.getElementById('hero').setAttribute('data-state', 'running');   // what a theme's script does
    }""")
    hero = phone.evaluate_handle("() => document.getElementById('hero')")
    preview.edit(PAGE, TITLE + "第一行\n第二行改过了\n")
    phone.wait_for_function("() => document.getElementById('body').textContent.includes('第二行改过了')", timeout=5000)
    assert phone.evaluate("() => window.__kept") == 42                      # no reload
    assert phone.evaluate("() => window.scrollY") == 500                    # the reader stays where they were
    assert phone.evaluate("h => h === document.getElementById('hero')", hero)   # the image element kept
    assert phone.get_attribute("#hero", "data-state") == "running"          # and what the script made of it
    # the page now reads as a fresh load of the rebuilt page does
    fresh = phone.context.new_page()
    fresh.goto(phone.url)
    assert phone.inner_html("#body") == fresh.inner_html("#body")
    assert phone.inner_html("#title") == fresh.inner_html("#title")


@pytest.mark.browser
def test_a_head_edit_reloads_the_page(preview: Preview, phone: Any) -> None:  # noqa: F811
    ready(phone).evaluate("() => { window.__kept = 42; }")
    preview.edit(PAGE, "# 双11 新标题\n")                                     # <title> is in the head
    phone.wait_for_function("() => document.title === '双11 新标题'", timeout=5000)
    assert phone.evaluate("() => window.__kept") is None


@pytest.mark.browser
def test_fixing_a_broken_body_line_clears_the_overlay_in_place(preview: Preview, phone: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    ready(phone).evaluate("() => { window.__kept = 42; }")
    overlay = phone.locator("#dacu-preview .overlay")
    preview.edit(PAGE, TITLE + "正文\nBROKEN\n")
    expect(overlay).to_contain_text(f"{PAGE}:3", timeout=5000)
    preview.edit(PAGE, TITLE + "正文已修复\n")
    expect(phone.locator("#body")).to_have_text("正文已修复", timeout=5000)
    expect(overlay).to_have_count(0)
    assert phone.evaluate("() => window.__kept") == 42


# What differs between two loads of one page: the countdown's seconds, and the preview's tag (its build).
_COMPARABLE = """() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('[data-countdown]').forEach(e => e.remove());
    return body.innerHTML;
}"""


@pytest.mark.browser
def test_a_rules_edit_on_the_engines_landing_page_reads_as_a_fresh_load(engine_preview: Preview,  # noqa: F811
                                                                       page: Any) -> None:
    preview = engine_preview
    page.goto(preview.url.replace("/?token=", "/double11/?token="))
    page.wait_for_function("() => window.__dacuPreview.inPlace && window.LiveReload.connector.protocol === 7")
    scrolled = page.evaluate("() => { window.__kept = 42; window.scrollTo({top: 200, behavior: 'instant'}); return window.scrollY; }")
    assert scrolled > 0
    text = (preview.root / "content/double11/index.md").read_text(encoding="utf-8")
    preview.edit("content/double11/index.md", text + "2. 新加的规则：付尾款时间以页面为准。\n")
    page.wait_for_function("() => document.body.textContent.includes('新加的规则')", timeout=30_000)
    assert page.evaluate("() => [window.__kept, window.scrollY]") == [42, scrolled]
    fresh = page.context.new_page()
    fresh.goto(page.url)
    fresh.wait_for_load_state("load")
    assert page.evaluate(_COMPARABLE) == fresh.evaluate(_COMPARABLE)


def _load_update(page: Any, html: str) -> None:
    page.set_content(html)
    page.add_script_tag(content=resources.files("dacu.serve").joinpath("update.js").read_text(encoding="utf-8"))


def _apply(page: Any, before: str, after: str) -> bool:
    return bool(page.evaluate("""([b, a]) => {
        const u = window.__dacuUpdate;
        return u.apply(document, u.parse(b).doc, u.parse(a).doc);
    }""", [before, after]))


def _doc(body: str, head: str = "<title>t</title>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.browser
def test_only_what_the_build_changed_is_changed(page: Any) -> None:
    before = _doc('<p id="a" class="x">一</p><div id="cd" data-countdown="1">00:00</div><ol><li>1</li></ol>')
    after = _doc('<p id="a" class="y">一</p><div id="cd" data-countdown="1">00:00</div><ol><li>1</li><li>2</li></ol>')
    _load_update(page, before)
    page.evaluate("""() => {
        document.getElementById('cd').innerHTML = '<b>09</b>:<b>59</b>';   // a countdown's script at work
        document.getElementById('a').dataset.state = 'running';
    }""")
    assert _apply(page, before, after)
    assert page.inner_html("#cd") == "<b>09</b>:<b>59</b>"        # untouched by the build: as the script left it
    assert page.get_attribute("#a", "class") == "y"
    assert page.get_attribute("#a", "data-state") == "running"    # the script's attribute survives a class change
    assert page.inner_html("ol") == "<li>1</li><li>2</li>"


@pytest.mark.browser
def test_a_changed_script_or_head_asks_for_a_reload(page: Any) -> None:
    body = "<p>一</p><script>window.n = 1</script>"
    _load_update(page, _doc(body))
    assert not _apply(page, _doc(body), _doc("<p>一</p><script>window.n = 2</script>"))
    assert not _apply(page, _doc(body), _doc(body, head="<title>新</title>"))
    assert not _apply(page, _doc(body), _doc("<script>window.n = 1</script><p>一</p>"))   # a script moved
    assert _apply(page, _doc(body), _doc("<p>二</p><p>三</p><script>window.n = 1</script>"))
    assert page.inner_text("body") == "二\n\n三"
    assert page.evaluate("() => window.n") == 1                    # the script did not run again


@pytest.mark.browser
def test_a_new_element_the_themes_script_may_hold_asks_for_a_reload(page: Any) -> None:
    before = _doc('<nav data-floor-nav><a href="#f1">一</a></nav><p>一</p>')
    _load_update(page, before)
    # a new floor tab: the script found the tabs at load and would not know this one
    assert not _apply(page, before, _doc('<nav data-floor-nav><a href="#f1">一</a><a href="#f2">二</a></nav><p>一</p>'))
    assert _apply(page, before, _doc('<nav data-floor-nav><a href="#f1">一楼</a></nav><p>一</p>'))   # text only
    assert page.inner_text("nav") == "一楼"
    assert page.evaluate("() => document.querySelector('nav').hasAttribute('data-floor-nav')")
    # the preview's own review hooks are read afresh: no reason to reload
    assert _apply(page, _doc("<p>一</p>"), _doc('<p>一</p><p data-dacu-key="rules">二</p>'))


@pytest.mark.browser
def test_a_new_link_while_a_moment_is_under_review_asks_for_a_reload(page: Any) -> None:
    page.goto("about:blank?now=2026-11-11T00:00")
    _load_update(page, _doc("<p>一</p>"))
    assert not _apply(page, _doc("<p>一</p>"), _doc('<p>一</p><p><a href="/x/">二</a></p>'))


@pytest.mark.browser
def test_a_changed_link_while_a_moment_is_under_review_asks_for_a_reload(page: Any) -> None:
    # the theme's script added ?now= to every link once, at load: a link whose address the build
    # changed would lose the moment under review, where a fresh load keeps it
    page.goto("about:blank?now=2026-11-11T00:00")
    before = _doc('<p><a href="/x/">二</a></p>')
    _load_update(page, before)
    assert not _apply(page, before, _doc('<p><a href="/y/">二</a></p>'))
    assert _apply(page, before, _doc('<p><a href="/x/">三</a></p>'))           # its text only: in place


@pytest.mark.browser
def test_a_changed_attribute_the_themes_script_read_at_load_asks_for_a_reload(page: Any) -> None:
    # the floor tabs' targets are looked up once, at load: a tab pointing elsewhere would scroll-spy the old floor
    before = _doc('<nav data-floor-nav><a href="#f1">一</a></nav><p id="f1">一</p>')
    _load_update(page, before)
    assert not _apply(page, before, _doc('<nav data-floor-nav><a href="#f2">一</a></nav><p id="f1">一</p>'))
    # the countdown's steps are parsed once per element (el._steps): new steps need a new element
    steps = '<div data-countdown=\'[["2026-11-11T00:00+08:00","距开始",""]]\'>0</div>'
    moved = '<div data-countdown=\'[["2026-11-12T00:00+08:00","距开始",""]]\'>0</div>'
    _load_update(page, _doc(steps))
    assert not _apply(page, _doc(steps), _doc(moved))
    # an element that gains a data attribute the script looks for at load
    _load_update(page, _doc("<div>一</div>"))
    assert not _apply(page, _doc("<div>一</div>"), _doc("<div data-gallery>一</div>"))
