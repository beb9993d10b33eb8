"""Edit-to-screen latency of the preview: file write -> updated DOM on a phone page.

    python bench/serve_latency.py [--edits 20] [--engine real|instant] [--json]

A copy of the example site (content/, assets/, pyproject.toml) is served by
the preview server in this process, on 127.0.0.1 only, and opened in Debian's
Chromium at iPhone 13 size through the printed (tokened) address. Each edit
puts a new marker into the campaign rules of content/double11/index.md; the
time runs from just before the write until the page's DOM holds the marker,
by the browser's own clock (same machine, same wall clock), so Playwright's
own round trips do not count: a mutation observer the bench puts into every
page notes when the open page, updated in place, first holds it; when the
page reloaded instead, the new document's navigation timing (DOM parsed)
counts. Each edit's timeline (save -> watcher -> build -> message -> the
browser asks -> DOM) comes from the moments the watcher, builder and hub
keep and from the browser's resource timing.

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


# Installed in every document the bench opens: when the DOM first holds the marker the
# bench set (an in-place update changes the open page; no navigation records it).
_OBSERVER = """
window.__benchSeen = null;
new MutationObserver(function () {
  var m = window.__benchMarker;
  if (m && window.__benchSeen === null && document.body && document.body.textContent.indexOf(m) >= 0)
    window.__benchSeen = performance.timeOrigin + performance.now();
}).observe(document, {childList: true, subtree: true, characterData: true});
"""

# The browser's side of one edit, on its own clock (the machine's wall clock): a new document
# (navigation start, DOM parsed) or the open one updated in place (the fetch of the rebuilt page,
# and when the DOM first held the marker).
_BROWSER = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  const f = performance.getEntriesByType('resource').filter(e => e.name === location.href).pop();
  return {origin: performance.timeOrigin, dom: performance.timeOrigin + n.domInteractive,
          fetched: performance.timeOrigin + n.responseEnd,
          seen: window.__benchSeen,
          fetch: f ? [performance.timeOrigin + f.startTime, performance.timeOrigin + f.responseEnd] : null};
}"""


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
    steps: dict[str, list[float]] = {}
    reloads = 0
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM)
            context = browser.new_context(**pw.devices["iPhone 13"])
            context.add_init_script(_OBSERVER)
            page = context.new_page()
            page.goto(server.url.replace("/?token=", f"{URL_PATH}?token="))
            page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol === 7")
            page.wait_for_load_state("load")
            time.sleep(0.3)
            for n in range(edits):
                marker = f"latency-marker-{n}-{time.time_ns()}"
                generation = server.builder.status.generation
                text = original + f"\n8. {marker}\n"
                page.evaluate("m => { window.__benchMarker = m; window.__benchSeen = null; }", marker)
                start_ms = time.time() * 1000
                (root / PAGE).write_text(text, encoding="utf-8")
                # textContent: innerText skips sections the theme renders lazily (content-visibility).
                page.wait_for_function("m => document.body && document.body.textContent.includes(m)",
                                       arg=marker, timeout=30_000)
                seen = page.evaluate(_BROWSER)
                if seen["origin"] > start_ms:   # a new document: the browser reloaded the page
                    reloads += 1
                    latencies.append(seen["dom"] - start_ms)
                    asked = [seen["origin"], seen["fetched"]]
                else:                           # the open page was updated in place
                    latencies.append(seen["seen"] - start_ms)
                    asked = seen["fetch"]
                # Let the reload settle before the next edit, so each is measured alone.
                deadline = time.monotonic() + 30
                while server.builder.status.generation <= generation or server.builder.status.building:
                    if time.monotonic() > deadline:
                        raise SystemExit("no build after an edit")
                    time.sleep(0.01)
                status = server.builder.status
                builds.append(status.seconds * 1000)
                moments = [start_ms, (server.watcher.last_plan_at if server.watcher else 0) * 1000,
                           status.started_at * 1000, status.finished_at * 1000, server.hub.last_sent_at * 1000,
                           *asked, latencies[-1] + start_ms]
                for name, (a, b) in zip(STEPS, zip(moments, moments[1:])):
                    steps.setdefault(name, []).append(b - a)
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
        "steps_median_ms": {name: round(statistics.median(values), 1) for name, values in steps.items()},
        "page_reloads": reloads,
        "cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
    }


#: The timeline of one edit, each step from the end of the one before.
STEPS = ("save -> watcher hands over", "-> build starts", "build", "-> message sent",
         "-> browser asks for the page", "-> page received", "-> DOM holds the marker")


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
    print(f"  page reloads: {result['page_reloads']} of {result['edits']} (the others updated in place); "
          f"load average {result['load_average']}")
    for name, value in result["steps_median_ms"].items():
        print(f"    {name}: median {value} ms")


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
