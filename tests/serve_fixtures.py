"""Fixtures for the preview server tests: a stub engine, a running server, clients.

The stub engine builds a tiny site the way the real one does (pages from
Markdown, fingerprinted CSS, built elsewhere and swapped in only when no
error was found), so the server is tested without depending on the engine.
A line containing BROKEN is an error finding at its line; WARN-IMAGE is a
warning about the page's hero image, with a region (for review mode).

Import the fixtures you use into the test module explicitly, e.g.
``from serve_fixtures import preview, stub_site  # noqa: F401``.
"""

from __future__ import annotations

import asyncio
import hashlib
import html
import io
import http.client
import json
import os
import queue
import shutil
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from tornado.httpclient import HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from dacu.serve.server import PreviewServer
from dacu.serve.watch import Watcher

PAGE = """\
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/{css}">
</head>
<body>
<h1 id="title">{title}</h1>
<div id="body">{body}</div>
<img id="hero" src="/assets/hero.jpg" alt="" width="300" height="100">
</body>
</html>
"""


@dataclass(frozen=True)
class StubFinding:
    rule: str
    severity: str
    file: str
    message: str
    line: int | None = None
    image: str | None = None
    region: tuple[int, int, int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "file": self.file}
        if self.line is not None:
            out["line"] = self.line
        if self.image is not None:
            out["image"] = self.image
        if self.region is not None:
            out["region"] = list(self.region)  # in the source's pixels: <img width height> says 300 × 100
        out["message"] = self.message
        return out


@dataclass
class StubResult:
    ok: bool
    findings: list[StubFinding]
    pages: int
    seconds: float
    output: Path


@dataclass
class StubBuild:
    """``build_site`` for tests: records its calls, can be slowed down."""

    delay: float = 0.0
    calls: list[dict[str, Any]] = field(default_factory=list)
    started: threading.Event = field(default_factory=threading.Event)
    gate: threading.Event | None = None   # when set up, each build waits until the test opens it

    def __call__(self, root: Path, *, now: Any = None, strict: bool = False, write: bool = True) -> StubResult:
        self.calls.append({"at": time.perf_counter()})
        self.started.set()
        began = time.perf_counter()
        if self.gate is not None:
            self.gate.wait(10)
        if self.delay:
            time.sleep(self.delay)
        findings: list[StubFinding] = []
        pages: dict[str, str] = {}
        css_source = root / "themes" / "default" / "static" / "css" / "site.css"
        css = css_source.read_bytes() if css_source.exists() else b""
        css_name = f"static/css/site.{hashlib.sha256(css).hexdigest()[:8]}.css"
        for md in sorted((root / "content").rglob("*.md")):
            rel = md.relative_to(root).as_posix()
            lines = md.read_text(encoding="utf-8").splitlines() or [""]
            for number, line in enumerate(lines, 1):
                if "BROKEN" in line:
                    findings.append(StubFinding("front-matter", "error", rel,
                                                "BROKEN is not allowed: remove it", line=number))
                if "WARN-IMAGE" in line:
                    findings.append(StubFinding("text-contrast", "warning", rel, "the title melts into the hero",
                                                line=number, image="hero.jpg", region=(150, 50, 150, 50)))
            out = md.relative_to(root / "content").with_suffix("")
            page = (out.parent if out.name == "index" else out) / "index.html"
            pages[page.as_posix()] = PAGE.format(title=html.escape(lines[0].lstrip("# ")), css=css_name,
                                                 body=html.escape("\n".join(lines[1:])))
        if not any(f.severity == "error" for f in findings):
            _swap(root / "site", pages, {css_name: css, "assets/hero.jpg": b"\xff\xd8not really a jpeg"})
        return StubResult(ok=not any(f.severity == "error" for f in findings), findings=findings, pages=len(pages),
                          seconds=time.perf_counter() - began, output=root / "site")


def _swap(target: Path, pages: dict[str, str], files: dict[str, bytes]) -> None:
    # Built beside site/ and swapped in with two renames, as dacu.output.write does.
    tmp = target.parent / f".{target.name}.tmp-{uuid.uuid4().hex[:8]}"
    for rel, text in pages.items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text(text, encoding="utf-8")
    for rel, data in files.items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_bytes(data)
    old = target.parent / f".{target.name}.old-{uuid.uuid4().hex[:8]}"
    if target.exists():
        os.replace(target, old)
    os.replace(tmp, target)
    shutil.rmtree(old, ignore_errors=True)


@pytest.fixture
def stub_site(tmp_path: Path) -> Path:
    """A site root with one campaign page, one product page and a theme stylesheet."""
    root = tmp_path / "shop"
    files = {
        "content/double11/index.md": "# 双11全球好物节\n全场五折还包邮\n",
        "content/products/100012.md": "# 极光 X1\n曲面屏\n",
        "themes/default/static/css/site.css": "h1 { color: rgb(0, 0, 0); }\n",
        "assets/hero.jpg": "not really a jpeg",
        "pyproject.toml": "[tool.dacu]\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


@dataclass
class Preview:
    """A running preview server and helpers to talk to it."""

    server: PreviewServer
    stub: StubBuild
    root: Path

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def url(self) -> str:
        """The address as printed, token included."""
        return self.server.url

    @property
    def log(self) -> str:
        """What the server printed on its terminal (stderr)."""
        assert isinstance(self.server.err, io.StringIO)
        return self.server.err.getvalue()

    @property
    def cookie(self) -> str:
        access = self.server.access
        return f"{access.cookie_name}={access.token}"

    def get(self, path: str, *, cookie: bool = True, method: str = "GET",
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """A raw request (the path is sent exactly as given): status, headers, body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            all_headers = dict(headers or {})
            if cookie and self.server.access.token:
                all_headers["Cookie"] = self.cookie
            conn.request(method, path, headers=all_headers)
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def status(self) -> dict[str, Any]:
        code, _, body = self.get("/_dacu/status.json")
        assert code == 200, code
        result: dict[str, Any] = json.loads(body)
        return result

    def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("timed out waiting for the preview")
            time.sleep(0.01)

    def wait_for_generation(self, generation: int, timeout: float = 10.0) -> dict[str, Any]:
        assert self.server.builder.wait_for(lambda s: s.generation >= generation and not s.building, timeout), \
            "timed out waiting for the build"
        return self.status()

    @property
    def watcher(self) -> Watcher:
        assert self.server.watcher is not None
        return self.server.watcher

    def edit(self, rel: str, text: str) -> None:
        """Save a file the way most editors do (write a temp file, rename over)."""
        path = self.root / rel
        tmp = path.with_name(f".{path.name}.tmp-save")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)


def start_preview(root: Path, stub: StubBuild, *, token: bool = True) -> PreviewServer:
    # The terminal log goes to a buffer: tests read it through server.log.
    server = PreviewServer(root, build=stub, host="127.0.0.1", port=0, token=token, err=io.StringIO(),
                           watch_packaged_theme=False)  # the stub reads no theme of dacu's
    server.first_build()
    server.bind()
    server.start()
    return server


@pytest.fixture
def preview(stub_site: Path) -> Iterator[Preview]:
    """A preview of ``stub_site`` on a free loopback port, with the token on."""
    stub = StubBuild()
    server = start_preview(stub_site, stub)
    yield Preview(server, stub, stub_site)
    server.stop()


class ReloadClient:
    """A livereload protocol client (what livereload.js does), in its own thread."""

    def __init__(self, port: int, cookie: str | None) -> None:
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._conn: WebSocketClientConnection | None = None
        headers = {"Cookie": cookie} if cookie else {}
        self._request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers=headers)

    def connect(self, timeout: float = 5.0) -> dict[str, Any]:
        """Connect and shake hands; returns the server's hello (raises on a refusal)."""
        return asyncio.run_coroutine_threadsafe(self._connect(), self._loop).result(timeout)

    async def _connect(self) -> dict[str, Any]:
        self._conn = await websocket_connect(self._request)
        await self._conn.write_message(json.dumps(
            {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        hello = json.loads(await self._conn.read_message() or "{}")
        await self._conn.write_message(json.dumps({"command": "info", "url": "http://test/", "plugins": {}}))
        asyncio.get_running_loop().create_task(self._read())
        return dict(hello)

    async def _read(self) -> None:
        assert self._conn is not None
        while (message := await self._conn.read_message()) is not None:
            self.messages.put(json.loads(message))

    def next(self, timeout: float = 10.0) -> dict[str, Any]:
        return self.messages.get(timeout=timeout)

    def close(self) -> None:
        if self._conn is not None:
            self._loop.call_soon_threadsafe(self._conn.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


@pytest.fixture
def reload_client(preview: Preview) -> Iterator[ReloadClient]:
    """A connected reload client, registered with the server."""
    client = ReloadClient(preview.port, preview.cookie)
    client.connect()
    preview.wait_for(lambda: len(preview.server.hub.sockets) == 1)
    yield client
    client.close()


@pytest.fixture
def engine_preview(scratch: Any) -> Iterator[Preview]:
    """The sitekit site served with dacu's own build_site."""
    import io

    from dacu.serve.server import PreviewServer
    from sitekit import write_valid_site

    write_valid_site(scratch)
    server = PreviewServer(scratch.root, host="127.0.0.1", port=0, err=io.StringIO(), watch_packaged_theme=False)
    assert server.first_build().state == "ok", server.builder.status.findings
    server.bind()
    server.start()
    yield Preview(server, StubBuild(), scratch.root)
    server.stop()


# -- in a phone-sized browser -------------------------------------------------------

@pytest.fixture
def browser_context_args(browser_context_args: dict, iphone: dict) -> dict:
    return {**browser_context_args, **iphone}


@pytest.fixture
def phone(preview: Preview, page: Any) -> Any:
    """The preview open on an iPhone-sized page, through the printed (tokened) address."""
    page.goto(preview.url.replace("/?token=", "/double11/?token="))
    assert page.url.endswith("/double11/")          # the token traded for a cookie
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol === 7")
    preview.wait_for(lambda: len(preview.server.hub.sockets) == 1)
    return page
