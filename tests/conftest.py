"""Shared fixtures: scratch sites written from strings, built example sites, a browser.

Browser tests run in Debian's Chromium (never a downloaded one): pytest-playwright
is pointed at /usr/lib/chromium/chromium, with phones emulated per test module.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from typing import Callable, Iterator

import pytest

from dacu.build import BuildResult, build_site
from dacu.load.schema import parse_time
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/lib/chromium/chromium")


# -- scratch sites -------------------------------------------------------------
class ScratchSite:
    """A site in ``tmp_path``: write files from inline strings, then build it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content").mkdir(parents=True, exist_ok=True)

    def write(self, rel: str, text: str | bytes, encoding: str = "utf-8") -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding=encoding)
        return path

    def build(self, now: str | None = None, write: bool = True, strict: bool = False,
              language: str | None = "en") -> BuildResult:
        """Build the site; messages in English (their source text) unless ``language`` asks otherwise.

        ``language=None`` leaves it to the site (Chinese unless its settings say ``en``).
        """
        moment = parse_time(now, ZoneInfo("Asia/Shanghai")) if now else None
        return build_site(self.root, now=moment, write=write, strict=strict, language=language)

    def check(self, now: str | None = None, language: str | None = "en") -> BuildResult:
        return self.build(now=now, write=False, language=language)


@pytest.fixture
def scratch(tmp_path: Path) -> ScratchSite:
    return ScratchSite(tmp_path / "site-root")


def copy_example(dest: Path) -> Path:
    """A copy of the repository's example site (content, assets, themes, settings)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "assets", "themes"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "pyproject.toml", dest / "pyproject.toml")
    return dest


@pytest.fixture(scope="session")
def example_builder(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str | None], Path]:
    """``build(now)`` → the site/ folder of the example built as at ``now`` (cached per moment)."""

    @functools.cache
    def build(now: str | None = "2026-11-11T10:30:00+08:00") -> Path:
        root = copy_example(tmp_path_factory.mktemp("example"))
        result = ScratchSite(root).build(now=now)
        assert result.ok, [f.to_json() for f in result.findings if f.severity == "error"]
        return root / "site"

    return build


# -- serving a built site --------------------------------------------------------
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """``serve(folder)`` → base URL of a static server on 127.0.0.1 (one per folder)."""
    servers: dict[Path, tuple[http.server.ThreadingHTTPServer, str]] = {}

    def serve(folder: Path) -> str:
        if folder not in servers:
            handler = functools.partial(_Quiet, directory=str(folder))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[folder] = (server, f"http://127.0.0.1:{server.server_address[1]}/")
        return servers[folder][1]

    yield serve
    for server, _ in servers.values():
        server.shutdown()


# -- the browser ---------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "args": ["--disable-background-networking", "--disable-component-update", "--no-first-run"]}


@pytest.fixture(scope="session")
def iphone(playwright) -> dict:  # type: ignore[no-untyped-def]
    """Context options of an iPhone 13 (390 × 664 CSS px at 3×)."""
    return dict(playwright.devices["iPhone 13"])


@pytest.fixture(scope="session")
def pixel(playwright) -> dict:  # type: ignore[no-untyped-def]
    """Context options of a Pixel 7."""
    return dict(playwright.devices["Pixel 7"])
