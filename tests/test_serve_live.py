"""The preview server end to end: saves, rebuilds, reloads, overlays.

A real server runs in a thread on a free loopback port with a stub engine
(serve_fixtures.StubBuild). The protocol tests speak livereload's WebSocket
protocol directly; the browser tests (``-m browser``) open the preview in
Chromium at iPhone 13 size.
"""

from __future__ import annotations

import queue
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from serve_fixtures import (Preview, ReloadClient, StubBuild, browser_context_args, engine_preview,  # noqa: F401
                            phone, preview, reload_client, start_preview, stub_site)

PAGE = "content/double11/index.md"
STATUS = "/_dacu/status.json"


def messages_until(client: ReloadClient, predicate: Any, timeout: float = 10.0) -> list[dict[str, Any]]:
    """Every message up to and including the first that matches ``predicate``."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while True:
        seen.append(client.next(timeout=max(0.01, deadline - time.monotonic())))
        if predicate(seen[-1]):
            return seen


def is_page_reload(m: dict[str, Any]) -> bool:
    return m["command"] == "reload" and m["path"] != STATUS and not m["liveCSS"]


def test_a_save_rebuilds_and_reloads(preview: Preview, reload_client: ReloadClient) -> None:  # noqa: F811
    preview.edit(PAGE, "# 双11 第二版\n")
    messages_until(reload_client, is_page_reload)
    status = preview.status()
    assert status["state"] == "ok" and status["generation"] == 2
    assert "第二版".encode() in preview.get("/double11/")[2]
    assert status["trigger"] == PAGE   # the terminal and the overlay say which save it was


def test_every_save_reloads_even_in_quick_succession(preview: Preview,  # noqa: F811
                                                     reload_client: ReloadClient) -> None:
    # livereload's own server drops a reload less than 3 s after the previous one.
    for n in range(3):
        preview.edit(PAGE, f"# 版本 {n}\n")
        messages_until(reload_client, is_page_reload)
        assert f"版本 {n}".encode() in preview.get("/double11/")[2]


def test_broken_edit_shows_findings_keeps_pages_and_recovers(preview: Preview,  # noqa: F811
                                                             reload_client: ReloadClient) -> None:
    good = (preview.root / "site" / "double11" / "index.html").read_bytes()
    preview.edit(PAGE, "# 双11\n正文\nBROKEN\n")
    seen = messages_until(reload_client, lambda m: m["path"] == STATUS)
    assert not any(is_page_reload(m) for m in seen)    # site/ did not change: nothing to reload
    status = preview.status()
    assert status["state"] == "failed"
    assert status["findings"] == [{"rule": "front-matter", "severity": "error", "file": PAGE, "line": 3,
                                   "message": "BROKEN is not allowed: remove it"}]
    assert (preview.root / "site" / "double11" / "index.html").read_bytes() == good
    assert "双11全球好物节".encode() in preview.get("/double11/")[2]   # the last good page, still served
    assert f"{PAGE}:3: BROKEN is not allowed" in preview.log

    preview.edit(PAGE, "# 双11 修好了\n")
    messages_until(reload_client, is_page_reload)
    assert preview.status()["state"] == "ok" and preview.status()["findings"] == []
    assert "修好了".encode() in preview.get("/double11/")[2]


def test_css_is_swapped_without_a_page_reload(preview: Preview, reload_client: ReloadClient) -> None:  # noqa: F811
    preview.edit("themes/default/static/css/site.css", "h1 { color: rgb(200, 0, 0); }\n")
    seen = messages_until(reload_client, lambda m: m["liveCSS"])
    assert seen[-1]["path"] == "css/site.css"
    assert not any(is_page_reload(m) for m in seen)


def test_several_files_saved_at_once_cost_one_build(preview: Preview,  # noqa: F811
                                                    reload_client: ReloadClient) -> None:
    for sku in ("100012", "100013", "100014"):
        preview.edit(f"content/products/{sku}.md", f"# {sku}\n")
    messages_until(reload_client, is_page_reload)
    assert preview.watcher.wait_woken(2, timeout=10)        # every save has been seen
    assert preview.server.builder.wait_idle(timeout=10)
    assert len(preview.stub.calls) == 2  # the first build and one rebuild
    assert preview.status()["trigger"].endswith("and 2 more")


def test_ignored_files_do_not_build(preview: Preview) -> None:  # noqa: F811
    (preview.root / "content" / "double11" / ".index.md.swp").write_text("x")
    (preview.root / "content" / "double11" / "index.md~").write_text("x")
    (preview.root / "site" / "double11" / "extra.html").write_text("x")
    (preview.root / "README.md").write_text("x")
    assert preview.watcher.wait_woken(2, timeout=10)        # the watcher has looked since
    assert preview.server.builder.wait_idle(timeout=10)
    assert len(preview.stub.calls) == 1


def test_settings_change_rebuilds_everything(preview: Preview, reload_client: ReloadClient) -> None:  # noqa: F811
    time.sleep(0.05)  # a different modification time than the original file's
    (preview.root / "pyproject.toml").write_text('[tool.dacu]\nbase_url = "https://shop.example/"\n')
    messages_until(reload_client, is_page_reload)
    assert preview.status()["trigger"] == "pyproject.toml"


@pytest.fixture
def slow_preview(stub_site: Path) -> Iterator[Preview]:  # noqa: F811
    stub = StubBuild()
    server = start_preview(stub_site, stub)
    stub.delay = 0.6  # after the first build
    yield Preview(server, stub, stub_site)
    server.stop()


def test_quick_saves_are_coalesced(slow_preview: Preview) -> None:
    for n in range(6):  # an editor saving on every keystroke, during a slow build
        slow_preview.edit(PAGE, f"# 第{n}版\n")
        time.sleep(0.1)
    slow_preview.wait_for(lambda: "第5版".encode() in slow_preview.get("/double11/")[2], timeout=10)
    assert slow_preview.watcher.wait_woken(2, timeout=10)
    assert slow_preview.server.builder.wait_idle(timeout=10)
    assert len(slow_preview.stub.calls) <= 3  # first build, the one running, one for the rest


def test_serving_never_waits_for_a_build(preview: Preview) -> None:  # noqa: F811
    preview.stub.gate = gate = threading.Event()   # the next build holds until the page was served
    preview.stub.started.clear()
    try:
        preview.edit(PAGE, "# 慢\n")
        assert preview.stub.started.wait(5)
        status, _, body = preview.get("/double11/")
        assert status == 200 and "双11全球好物节".encode() in body   # the last good page, while building
        assert preview.status()["building"] is True
    finally:
        gate.set()
    assert preview.server.builder.wait_for(lambda s: s.generation == 2 and not s.building, timeout=10)


def test_an_engine_crash_is_shown_and_survived(preview: Preview,  # noqa: F811
                                               reload_client: ReloadClient) -> None:
    real = preview.stub.__class__.__call__

    def crash(self: StubBuild, root: Path, **kwargs: Any) -> Any:
        if "CRASH" in (root / PAGE).read_text(encoding="utf-8"):
            raise ZeroDivisionError("division by zero")
        return real(self, root, **kwargs)

    preview.server.builder._build = crash.__get__(preview.stub)
    preview.edit(PAGE, "# CRASH\n")
    messages_until(reload_client, lambda m: m["path"] == STATUS)
    finding = preview.status()["findings"][0]
    assert finding["rule"] == "internal-error" and "ZeroDivisionError" in finding["message"]
    assert "Traceback" in preview.log
    preview.edit(PAGE, "# 恢复\n")
    messages_until(reload_client, is_page_reload)
    assert preview.status()["state"] == "ok"


def test_other_servers_do_not_receive_our_reloads(preview: Preview, stub_site: Path,  # noqa: F811
                                                  reload_client: ReloadClient, tmp_path: Path) -> None:
    import shutil
    other_root = tmp_path / "other"
    shutil.copytree(stub_site, other_root, ignore=shutil.ignore_patterns("site"))
    other = start_preview(other_root, StubBuild())
    try:
        listener = ReloadClient(other.port, f"{other.access.cookie_name}={other.access.token}")
        listener.connect()
        preview.edit(PAGE, "# 只给第一个\n")
        messages_until(reload_client, is_page_reload)
        with pytest.raises(queue.Empty):
            listener.next(timeout=0.5)
        listener.close()
    finally:
        other.stop()


# -- in a phone-sized browser -------------------------------------------------------

@pytest.mark.browser
def test_phone_sees_a_markdown_edit_without_reloading_by_hand(preview: Preview, phone: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    assert phone.viewport_size == {"width": 390, "height": 664}
    preview.edit(PAGE, "# 双11 手机上看到了\n")
    expect(phone.locator("#title")).to_have_text("双11 手机上看到了", timeout=5000)


@pytest.mark.browser
def test_phone_overlay_for_a_broken_edit_clears_with_the_fix(preview: Preview, phone: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    overlay = phone.locator("#dacu-preview .overlay")
    preview.edit(PAGE, "# 双11\n正文\nBROKEN\n")
    expect(overlay).to_be_visible(timeout=5000)
    expect(overlay).to_contain_text(f"{PAGE}:3")
    expect(overlay).to_contain_text("front-matter")
    expect(overlay).to_contain_text("BROKEN is not allowed: remove it")
    expect(phone.locator("#title")).to_have_text("双11全球好物节")   # the last good page
    box = overlay.bounding_box()
    assert box is not None and box["width"] <= 390                   # fits the phone

    assert preview.get("/double11/")[0] == 200                       # the server survived
    preview.edit(PAGE, "# 双11 已修复\n")
    expect(phone.locator("#title")).to_have_text("双11 已修复", timeout=5000)
    expect(overlay).to_have_count(0)


@pytest.mark.browser
def test_phone_overlay_shows_on_opening_a_broken_preview(preview: Preview, page: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    preview.edit(PAGE, "# 双11\nBROKEN\n")
    preview.wait_for(lambda: preview.server.builder.status.state == "failed")
    page.goto(preview.url.replace("/?token=", "/double11/?token="))
    expect(page.locator("#dacu-preview .overlay")).to_contain_text(f"{PAGE}:2")


@pytest.mark.browser
def test_phone_css_swap_keeps_the_page(preview: Preview, phone: Any) -> None:  # noqa: F811
    phone.evaluate("() => { window.__kept = 42; window.scrollTo(0, 0); }")
    preview.edit("themes/default/static/css/site.css", "h1 { color: rgb(200, 0, 0); }\n")
    phone.wait_for_function("() => getComputedStyle(document.getElementById('title')).color === 'rgb(200, 0, 0)'",
                            timeout=5000)
    assert phone.evaluate("() => window.__kept") == 42                # not reloaded
    assert phone.locator('link[rel="stylesheet"]').count() == 1       # the old sheet is gone


@pytest.mark.browser
def test_phone_review_mode_outlines_the_image_of_a_finding(preview: Preview, phone: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    preview.edit(PAGE, "# 双11\nWARN-IMAGE\n")
    tab = phone.locator("#dacu-preview .tab")
    expect(tab).to_have_text("审 1", timeout=5000)
    # out of the text column: a round button in the bottom-right corner, not a tab over every line's start
    box, width = tab.bounding_box(), phone.viewport_size["width"]
    assert box and box["x"] > width / 2 and box["x"] + box["width"] <= width and box["height"] >= 44
    expect(phone.locator("#dacu-review .mark")).to_have_count(0)
    tab.click()
    marks = phone.locator("#dacu-review .mark")
    expect(marks).to_have_count(2)                                    # the image and its region
    hero = phone.locator("#hero").bounding_box()
    outline = marks.first.bounding_box()
    assert hero and outline and abs(outline["x"] - hero["x"]) < 1 and abs(outline["width"] - hero["width"]) < 1
    region = marks.nth(1).bounding_box()
    assert region and abs(region["x"] - (hero["x"] + hero["width"] / 2)) < 1   # x = 150 of 300 px
    phone.locator("#dacu-review .label").click()
    expect(phone.locator("#dacu-preview .toast")).to_contain_text("the title melts into the hero")
    tab.click()
    expect(phone.locator("#dacu-review .mark")).to_have_count(0)


# -- with the real engine ------------------------------------------------------------

def test_real_engine_edit_break_and_fix(engine_preview: Preview) -> None:
    preview = engine_preview
    client = ReloadClient(preview.port, preview.cookie)
    client.connect()
    preview.wait_for(lambda: len(preview.server.hub.sockets) == 1)
    try:
        text = (preview.root / PAGE).read_text(encoding="utf-8")
        preview.edit(PAGE, text.replace("title: 双11测试会场", "title: 双11改过的会场"))
        messages_until(client, is_page_reload, timeout=30)
        assert "双11改过的会场".encode() in preview.get("/double11/")[2]

        preview.edit(PAGE, text.replace("start: 2026-10-25T00:00:00+08:00", "start: 明天"))
        messages_until(client, lambda m: m["path"] == STATUS, timeout=30)
        status = preview.status()
        assert status["state"] == "failed"
        broken = [f for f in status["findings"] if f["severity"] == "error"]
        assert broken and broken[0]["file"] == PAGE and broken[0]["line"] == 4 and broken[0]["message"]
        assert "双11改过的会场".encode() in preview.get("/double11/")[2]   # the last good page

        preview.edit(PAGE, text)
        messages_until(client, is_page_reload, timeout=30)
        assert preview.status()["state"] == "ok"
        assert "双11测试会场".encode() in preview.get("/double11/")[2]
    finally:
        client.close()
