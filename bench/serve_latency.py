"""Edit-to-screen latency of the preview: file write -> updated DOM on a phone page.

    python bench/serve_latency.py [--edits 20] [--engine real|instant] [--json]

A copy of the example site (content/, assets/, pyproject.toml) is served by
the preview server in this process, on 127.0.0.1 only, and opened in Debian's
Chromium at iPhone 13 size through the printed (tokened) address. Each edit
puts a new marker into the campaign rules of content/double11/index.md; the
time runs from just before the write until the reloaded page's DOM (with the
marker) is parsed, as the browser's navigation timing records it (same
machine, same wall clock), so Playwright's own round trips do not count.

``--engine instant`` replaces the engine by a trivial one (Markdown to one
page, no checks, no images) to show what the server itself costs: watcher,
push, reload and page load.

The copy lives in bench/work/serve-latency/ and is kept between runs, so
the image cache in its .dacu/ makes every run after the first start fast.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from dacu.serve.server import PreviewServer  # noqa: E402

CHROMIUM = "/usr/lib/chromium/chromium"
PAGE = "content/double11/index.md"
URL_PATH = "/double11/"


def prepare(work: Path) -> Path:
    """A fresh copy of the example's inputs; the cache (.dacu) and site/ survive.

    Unless site/ lacks dacu's marker (a copied folder, or an older checkout's
    run): dacu rightly refuses to replace such a folder, so both go and the
    first build starts cold.
    """
    from dacu.core.output_folder import MARKER

    work.mkdir(parents=True, exist_ok=True)
    if (work / "site").exists() and not (work / "site" / MARKER).is_file():
        shutil.rmtree(work / "site", ignore_errors=True)
        shutil.rmtree(work / ".dacu", ignore_errors=True)
    for name in ("content", "assets", "themes"):
        shutil.rmtree(work / name, ignore_errors=True)
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, work / name)
    shutil.copy(REPO / "pyproject.toml", work / "pyproject.toml")
    return work


class InstantResult:
    def __init__(self, pages: int, seconds: float) -> None:
        self.ok, self.pages, self.seconds = True, pages, seconds
        self.findings: list[Any] = []


def instant_build(root: Path, **_: Any) -> InstantResult:
    """The floor: one page straight from the Markdown, written in place."""
    began = time.perf_counter()
    text = (root / PAGE).read_text(encoding="utf-8")
    page = root / "site" / "double11" / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("<!doctype html><html><head><meta charset=utf-8><title>bench</title></head>"
                    f"<body><pre>{html.escape(text)}</pre></body></html>", encoding="utf-8")
    return InstantResult(1, time.perf_counter() - began)


def measure(edits: int, engine: str) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    root = prepare(REPO / "bench" / "work" / "serve-latency")
    original = (root / PAGE).read_text(encoding="utf-8")
    log = io.StringIO()
    server = PreviewServer(root, build=instant_build if engine == "instant" else None, host="127.0.0.1",
                           port=0, err=log, watch_packaged_theme=False)
    began = time.perf_counter()
    first = server.first_build()
    first_seconds = time.perf_counter() - began
    if first.state != "ok":
        raise SystemExit(f"the example site does not build: {first.findings[:3]}")
    server.bind()
    server.start()
    latencies: list[float] = []
    builds: list[float] = []
    to_reload: list[float] = []  # write -> the browser starts reloading
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM)
            context = browser.new_context(**pw.devices["iPhone 13"])
            page = context.new_page()
            page.goto(server.url.replace("/?token=", f"{URL_PATH}?token="))
            page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol === 7")
            for n in range(edits):
                marker = f"latency-marker-{n}-{time.time_ns()}"
                generation = server.builder.status.generation
                text = original + f"\n8. {marker}\n"
                start_ms = time.time() * 1000
                (root / PAGE).write_text(text, encoding="utf-8")
                # textContent: innerText skips sections the theme renders lazily (content-visibility).
                page.wait_for_function("m => document.body && document.body.textContent.includes(m)",
                                       arg=marker, timeout=30_000)
                # The browser's own record of the reload: when it started, and when the
                # new DOM (with the marker) was parsed. Playwright's polling does not count.
                nav_start, dom_ready = page.evaluate(
                    "() => { const n = performance.getEntriesByType('navigation')[0];"
                    " return [performance.timeOrigin, performance.timeOrigin + n.domInteractive]; }")
                latencies.append(dom_ready - start_ms)
                to_reload.append(nav_start - start_ms)
                # Let the reload settle before the next edit, so each is measured alone.
                deadline = time.monotonic() + 30
                while server.builder.status.generation <= generation or server.builder.status.building:
                    if time.monotonic() > deadline:
                        raise SystemExit("no build after an edit")
                    time.sleep(0.01)
                builds.append(server.builder.status.seconds * 1000)
                page.wait_for_load_state("load")
                time.sleep(0.3)
            browser.close()
    finally:
        server.stop()
        (root / PAGE).write_text(original, encoding="utf-8")
    return {
        "engine": engine, "edits": edits, "pages": first.pages, "first_build_s": round(first_seconds, 2),
        "median_ms": round(statistics.median(latencies)), "worst_ms": round(max(latencies)),
        "best_ms": round(min(latencies)), "latencies_ms": [round(x) for x in latencies],
        "build_median_ms": round(statistics.median(builds)),
        "overhead_median_ms": round(statistics.median(l - b for l, b in zip(latencies, builds))),
        "reload_starts_median_ms": round(statistics.median(to_reload)),
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--engine", choices=("real", "instant"), default="real")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args.edits, args.engine)
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['engine']} engine, {result['pages']} pages, {result['edits']} edits "
          f"(first build {result['first_build_s']} s):")
    print(f"  edit -> screen: median {result['median_ms']} ms, worst {result['worst_ms']} ms, "
          f"best {result['best_ms']} ms")
    print(f"  of which the build: median {result['build_median_ms']} ms; "
          f"server + browser: median {result['overhead_median_ms']} ms")
    print(f"  the browser starts reloading after a median {result['reload_starts_median_ms']} ms")


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
