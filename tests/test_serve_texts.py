"""The preview's overlay and review mode speak the user's language: Chinese by default, English on request.

The server renders the texts from the message catalogue and puts them into
every page's preview script tag; the browser tests (``-m browser``) read
them back from the overlay and the review tab.
"""

from __future__ import annotations

import html
import io
import json
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest

from dacu.serve.server import PreviewServer
from dacu.serve.texts import client_texts
from serve_fixtures import Preview, StubBuild, stub_site  # noqa: F401

PAGE = "content/double11/index.md"


def texts_of(snippet: bytes) -> dict[str, str]:
    match = re.search(rb'data-texts="([^"]*)"', snippet)
    assert match, snippet
    return json.loads(html.unescape(match.group(1).decode("utf-8")))


def server_for(root: Path, build: Any = None, **options: Any) -> PreviewServer:
    options = {"watch": False, **options}
    return PreviewServer(root, build=build or StubBuild(), host="127.0.0.1", port=0, err=io.StringIO(),
                         watch_packaged_theme=False, **options)


def test_the_texts_in_both_languages() -> None:
    chinese, english = client_texts("zh"), client_texts("en")
    assert chinese["failed"] == "构建失败" and english["failed"] == "Build failed"
    assert (chinese["errors_one"], chinese["errors_other"]) == ("{n} 个错误", "{n} 个错误")
    assert (english["errors_one"], english["errors_other"]) == ("{n} error", "{n} errors")
    assert (chinese["tab"], english["tab"]) == ("审 {n}", "Review {n}")
    assert chinese["kept"] == "页面显示的仍是上一次成功的构建；改好后保存，这里会自动消失。"
    assert english["unplaced_other"] == "{n} findings are not drawn on this page."
    assert set(chinese) == set(english)


def test_every_page_carries_the_texts_of_the_site_or_of_lang(stub_site: Path) -> None:  # noqa: F811
    assert texts_of(server_for(stub_site).snippet())["failed"] == "构建失败"          # the default
    assert texts_of(server_for(stub_site, language="en").snippet())["failed"] == "Build failed"
    (stub_site / "pyproject.toml").write_text('[tool.dacu]\nlanguage = "en"\n', encoding="utf-8")
    assert texts_of(server_for(stub_site).snippet())["close"] == "Close"              # the site's setting
    assert texts_of(server_for(stub_site, language="zh").snippet())["close"] == "关闭"  # --lang wins


def test_the_preview_builds_in_the_language_asked_for(stub_site: Path) -> None:  # noqa: F811
    asked: list[str | None] = []
    stub = StubBuild()

    def build(root: Path, *, now: Any = None, strict: bool = False, write: bool = True,
              language: str | None = None) -> Any:
        asked.append(language)
        return stub(root, now=now, strict=strict, write=write)

    server_for(stub_site, build, language="en").first_build()
    server_for(stub_site, build).first_build()
    assert asked == ["en", None]  # without --lang the build reads the site's own setting


# -- in the browser ----------------------------------------------------------------------

@pytest.fixture
def browser_context_args(browser_context_args: dict, iphone: dict) -> dict:
    return {**browser_context_args, **iphone}


@contextmanager
def open_preview(language: str | None, root: Path, page: Any) -> Iterator[Preview]:
    """A preview (--lang ``language``) open on an iPhone-sized page."""
    stub = StubBuild()
    server = server_for(root, stub, language=language, watch=True)
    server.first_build()
    server.bind()
    server.start()
    preview = Preview(server, stub, root)
    try:
        page.goto(preview.url.replace("/?token=", "/double11/?token="))
        page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol === 7")
        preview.wait_for(lambda: len(server.hub.sockets) == 1)
        yield preview
    finally:
        server.stop()


@pytest.mark.browser
@pytest.mark.parametrize("language,title,tab,unplaced", [
    (None, "构建失败 · 1 个错误", "审 2", "有 1 个问题没有标在这个页面上。"),
    ("en", "Build failed · 1 error", "Review 2", "1 finding is not drawn on this page."),
])
def test_the_overlay_and_review_mode_in_each_language(stub_site: Path, page: Any, language: str | None,  # noqa: F811
                                                      title: str, tab: str, unplaced: str) -> None:
    from playwright.sync_api import expect

    with open_preview(language, stub_site, page) as preview:
        preview.edit(PAGE, "# 双11\nBROKEN\n")
        overlay = page.locator("#dacu-preview .overlay")
        expect(overlay.locator("h2")).to_have_text(title, timeout=5000)
        expect(overlay.locator(".close")).to_have_attribute("aria-label", "关闭" if language is None else "Close")
        overlay.locator(".close").click()
        preview.edit(PAGE, "# 双11\nBROKEN\nWARN-IMAGE\n")
        toggle = page.locator("#dacu-preview .tab")
        expect(toggle).to_have_text(tab, timeout=5000)
        page.locator("#dacu-preview .overlay .close").click()
        toggle.click()
        expect(page.locator("#dacu-preview .toast")).to_contain_text(unplaced)


def test_the_terminal_and_a_crash_speak_the_language_too(stub_site: Path) -> None:  # noqa: F811
    from dacu.serve.builder import Builder

    chinese, english = server_for(stub_site), server_for(stub_site, language="en")
    chinese.first_build()
    english.first_build()
    assert re.search(r"\d\d:\d\d:\d\d 已构建 2 个页面，用时 \d+\.\d\d 秒$", chinese.err.getvalue().strip())
    assert re.search(r"\d\d:\d\d:\d\d built 2 pages in \d+\.\d\d s$", english.err.getvalue().strip())

    def crash(root: Path, **_: Any) -> Any:
        raise KeyError("boom")

    for language, start in [("zh", "dacu 在构建时崩溃了（KeyError: 'boom'）"),
                            ("en", "dacu crashed while building (KeyError: 'boom')")]:
        status = Builder(stub_site, crash, language=language, log=lambda text: None).build_now()
        assert status.findings[0]["message"].startswith(start)
