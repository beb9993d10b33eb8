#!/usr/bin/env python3
"""dacu's benchmark: one command, deterministic inputs, medians and ratios from one run on one machine.

    python bench/run.py                      # everything (about half an hour on 2 cores)
    python bench/run.py --quick              # smoke run: small inputs, 1 repetition
    python bench/run.py --only corpus        # one part: corpus | campaign | memory (repeatable)
    python bench/run.py --runs 5 --jobs 2    # more repetitions; pass --jobs to dacu

Parts (see bench/README.md for what each number means and the targets):

corpus    4,000 Markdown files of 1–2 KB built by dacu (as product long copy) and by
          Hugo, Eleventy and Pelican (as plain pages): cold builds side by side, plus
          dacu's rebuild with nothing changed and after one file changed.
campaign  10,000 products and 2,000 images: cold, cold with images cached, rebuild
          with nothing changed, after one product row / Markdown file / image changed,
          and the cost of 2,000 unchanged images in a warm build.
memory    peak memory of a cold build at 50,000 products.

Every tool runs as a subprocess, timed with time.perf_counter around it; "cold" means
outputs and caches removed first. Full runs write bench/results.json and the results
section of bench/README.md; --quick writes bench/work/results-quick.json only.
Speed and memory targets live here, as ratios measured side by side, never as timed
assertions in the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
sys.path.insert(0, str(BENCH))

import campaign  # noqa: E402
import corpus  # noqa: E402
import images as images_mod  # noqa: E402
import peers as peer_mod  # noqa: E402
from memory import sample_peak_memory  # noqa: E402
from report import git_revision, machine, markdown_report, print_table, update_readme  # noqa: E402

RESULTS = BENCH / "results.json"
QUICK_RESULTS = WORK / "results-quick.json"
README = BENCH / "README.md"
from report import PARTS  # noqa: E402

FULL = {"corpus_files": 4000, "products": 10_000, "images": 2000, "memory_products": 50_000, "image_sources": 400}
QUICK = {"corpus_files": 200, "products": 500, "images": 100, "memory_products": 2500, "image_sources": 40}

#: Limits. Ratios are dacu's median over the peer's median in the same run.
TARGETS = {
    "corpus_vs_eleventy": 1.0,        # dacu cold / Eleventy cold
    "corpus_vs_hugo": 2.0,            # dacu cold / Hugo cold
    "nochange_vs_hugo": 0.3,          # dacu no-change rebuild / Hugo cold
    "onefile_vs_hugo": 0.1,           # dacu one-file rebuild / Hugo cold
    "images_vs_eleventy_img": 0.8,    # dacu's build of 400 sources / Eleventy Image on the same
    "campaign_cold_cached_s": 6.0,    # 10,000 products, images cached, seconds
    "images_warm_cost_s": 1.0,        # 2,000 unchanged images in a warm build, seconds
    "memory_peak_bytes": 1e9,         # 50,000 products, bytes (1 GB = 1,000,000,000)
    "preview_median_ms": 150.0,       # preview, edit to screen, median of 20 edits
    "preview_worst_ms": 250.0,        # preview, edit to screen, worst of 20 edits
}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- running and timing ----------------------------------------------------------------

@dataclass
class Run:
    """One timed subprocess run."""

    seconds: float
    ok: bool
    pages: int | None = None
    error: str = ""
    cpu: float | None = None    # user + system CPU seconds of the process and its children


@dataclass
class Measure:
    """Several runs of one thing; the median of the successful ones."""

    name: str
    tool: str
    what: str
    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        good = [r.seconds for r in self.runs if r.ok]
        return statistics.median(good) if good else None

    @property
    def median_cpu(self) -> float | None:
        good = [r.cpu for r in self.runs if r.ok and r.cpu is not None]
        return statistics.median(good) if good else None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "tool": self.tool, "what": self.what, "median_s": _round(self.median),
                "runs_s": [_round(r.seconds) for r in self.runs], "median_cpu_s": _round(self.median_cpu), "ok": all(r.ok for r in self.runs) and bool(self.runs),
                "pages": next((r.pages for r in self.runs if r.pages is not None), None),
                "errors": [r.error for r in self.runs if r.error][:3]}


def _round(x: float | None, digits: int = 3) -> float | None:
    return None if x is None else round(x, digits)


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def peak_memory(cmd: list[str], cwd: Path) -> dict[str, Any]:
    """Peak memory of a dacu build (all its processes), judged like any dacu run."""
    data = sample_peak_memory(cmd, cwd)
    if "wrapper_error" in data:
        return {"ok": False, "error": f"wrapper failed: {_tail(data['wrapper_error'])}"}
    run = Dacu.judge(data["seconds"], data["rc"], data["stdout"], data["stderr"])
    return {"ok": run.ok, "error": run.error, "pages": run.pages, "seconds": _round(run.seconds),
            **{k: data[k] for k in ("maxrss_bytes", "tree_pss_bytes", "tree_rss_bytes", "max_processes", "samples")}}


def _tail(text: str, lines: int = 6) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


_last_cpu: list[float] = [0.0]


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Wall seconds of one subprocess run; its CPU seconds are left in ``_last_cpu[0]``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    _last_cpu[0] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, done


def _dacu_python() -> str:
    """sys.executable when it can import dacu, else the checkout's venv."""
    for candidate in (sys.executable, str(REPO / ".venv" / "bin" / "python")):
        if Path(candidate).exists() and subprocess.run([candidate, "-c", "import dacu"], capture_output=True).returncode == 0:
            return candidate
    return sys.executable


class Dacu:
    """Runs ``python build.py --source DIR build --format json`` and checks its answer."""

    def __init__(self, jobs: int | None) -> None:
        self.python = _dacu_python()
        self.jobs = jobs

    def command(self, root: Path, command: str = "build") -> list[str]:
        cmd = [self.python, str(REPO / "build.py"), "--source", str(root), "--now", campaign.NOW,
               command, "--format", "json"]
        if self.jobs:
            cmd += ["--jobs", str(self.jobs)]
        return cmd

    def build(self, root: Path) -> Run:
        seconds, done = timed(self.command(root), REPO)
        run = self.judge(seconds, done.returncode, done.stdout, done.stderr)
        run.cpu = _last_cpu[0]
        return run

    @staticmethod
    def judge(seconds: float, rc: int, stdout: str, stderr: str) -> Run:
        try:
            data = json.loads(stdout)
        except ValueError:
            return Run(seconds, False, error=f"exit {rc}, no JSON: {_tail(stderr)}")
        if not data.get("ok") or rc != 0:
            first = "; ".join(f"{f.get('rule')}: {f.get('message')}" for f in data.get("findings", [])
                              if f.get("severity") == "error")[:500]
            return Run(seconds, False, data.get("pages"), f"exit {rc}, not ok: {first or _tail(stderr)}")
        return Run(seconds, True, data.get("pages"))

    @staticmethod
    def clean(root: Path) -> None:
        for name in ("site", ".dacu"):
            shutil.rmtree(root / name, ignore_errors=True)
        for stray in root.glob(".site.*"):  # temporary output folders of an interrupted build
            shutil.rmtree(stray, ignore_errors=True)


def _count(root: Path, pattern: str) -> int:
    return sum(1 for _ in root.glob(pattern))


@dataclass
class PeerTool:
    """How one peer builds the corpus, cleans up after itself and counts its pages."""

    name: str
    args: list[str]
    outputs: list[str]
    pages_glob: str

    def clean(self, root: Path) -> None:
        for name in self.outputs:
            path = root / name
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            elif path.exists():
                path.unlink()

    def build(self, peer: peer_mod.Peer, root: Path) -> Run:
        seconds, done = timed([*peer.command, *self.args], root)
        if done.returncode != 0:
            return Run(seconds, False, error=f"exit {done.returncode}: {_tail(done.stderr or done.stdout)}",
                       cpu=_last_cpu[0])
        return Run(seconds, True, _count(root, self.pages_glob), cpu=_last_cpu[0])


PEER_TOOLS = {
    "hugo": PeerTool("hugo", ["--quiet"], ["public", "resources", ".hugo_build.lock"], "public/pages/*/index.html"),
    "eleventy": PeerTool("eleventy", ["--input=src", "--output=_site", "--quiet"], ["_site", ".cache"],
                         "_site/pages/*/index.html"),
    "pelican": PeerTool("pelican", ["content", "-o", "output", "-s", "pelicanconf.py", "-q"],
                        ["output", "__pycache__", "cache"], "output/pages/*.html"),
}


# -- the parts ---------------------------------------------------------------------

class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.size = QUICK if args.quick else FULL
        self.runs = args.runs if args.runs is not None else (1 if args.quick else 3)
        self.dacu = Dacu(args.jobs)
        self.peers: dict[str, peer_mod.Peer] = {}

    def repeat(self, measure: Measure, run: Callable[[int], Run], runs: int | None = None) -> Measure:
        for i in range(runs or self.runs):
            result = run(i)
            measure.runs.append(result)
            cpu = "" if result.cpu is None else f" (CPU {result.cpu:.2f} s)"
            state = f"{result.seconds:.2f} s{cpu}" + ("" if result.ok else f" FAILED: {result.error}")
            log(f"{measure.name} ({measure.tool}) run {len(measure.runs)}: {state}")
        return measure

    # -- corpus --
    def corpus(self) -> dict[str, Any]:
        n = self.size["corpus_files"]
        self.peers = self.peers or peer_mod.ensure_all(install=not self.args.no_install)
        available = [name for name in PEER_TOOLS if name in self.peers and self.peers[name].ok]
        log(f"corpus: writing {n} texts for dacu, {', '.join(available) or 'no peer'}")
        roots = corpus.generate(WORK, n, ["dacu", *available])
        measures: dict[str, Measure] = {f"cold_{t}": Measure("corpus cold", t, f"outputs and caches removed, {n} files")
                                        for t in ["dacu", *available]}
        # Cold builds round-robin (hugo, eleventy, pelican, dacu, hugo, ...), so that a burst
        # of load from the machine's other users spreads over all tools.
        for i in range(self.runs):
            for tool in [*available, "dacu"]:
                root = roots[tool]
                if tool == "dacu":
                    Dacu.clean(root)
                    self.repeat(measures["cold_dacu"], lambda _: self.dacu.build(root), 1)
                else:
                    PEER_TOOLS[tool].clean(root)
                    peer = self.peers[tool]
                    self.repeat(measures[f"cold_{tool}"], lambda _: PEER_TOOLS[tool].build(peer, root), 1)
        root = roots["dacu"]
        self.dacu.build(root)  # warm state (untimed)
        measures["nochange_dacu"] = self.repeat(Measure("corpus no-change rebuild", "dacu", "rebuild, nothing changed"),
                                                lambda _: self.dacu.build(root))
        target = root / "content" / "products" / f"{corpus.corpus_sku(n // 2)}.md"
        original = target.read_text(encoding="utf-8")

        def one_file(i: int) -> Run:
            campaign.change_markdown(target, i + 1, original)
            return self.dacu.build(root)

        measures["onefile_dacu"] = self.repeat(Measure("corpus one-file rebuild", "dacu",
                                                       "rebuild after one Markdown file changed"), one_file)
        target.write_text(original, encoding="utf-8")
        if "hugo" in available:
            hugo_root, hugo = roots["hugo"], self.peers["hugo"]
            PEER_TOOLS["hugo"].build(hugo, hugo_root)
            measures["nochange_hugo"] = self.repeat(
                Measure("corpus no-change rebuild", "hugo", "second build, public/ kept (for reference)"),
                lambda _: PEER_TOOLS["hugo"].build(hugo, hugo_root))
        med = {k: m.median for k, m in measures.items()}
        targets = [
            _ratio_target(f"{n:,}-file corpus cold: dacu / Eleventy", med.get("cold_dacu"), med.get("cold_eleventy"),
                          TARGETS["corpus_vs_eleventy"]),
            _ratio_target(f"{n:,}-file corpus cold: dacu / Hugo", med.get("cold_dacu"), med.get("cold_hugo"),
                          TARGETS["corpus_vs_hugo"]),
            _ratio_target("no-change rebuild: dacu / Hugo cold", med.get("nochange_dacu"), med.get("cold_hugo"),
                          TARGETS["nochange_vs_hugo"]),
            _ratio_target("one-file rebuild: dacu / Hugo cold", med.get("onefile_dacu"), med.get("cold_hugo"),
                          TARGETS["onefile_vs_hugo"]),
        ]
        docs_stats = corpus.stats(corpus.texts(n))
        return {"inputs": {"files": n, **docs_stats},
                "peers": {k: v.to_json() for k, v in self.peers.items()},
                "measures": {k: m.to_json() for k, m in measures.items()}, "targets": targets}

    # -- images --
    def images(self) -> dict[str, Any]:
        n = self.size["image_sources"]
        self.peers = self.peers or peer_mod.ensure_all(install=not self.args.no_install)
        log(f"images: drawing {n} unique sources (once) and writing the three sites")
        roots = images_mod.generate(WORK, n)
        pool = images_mod.source_pool(WORK, n)
        tools = [t for t in ("eleventy-img", "hugo") if self.peers.get(t) and self.peers[t].ok]
        measures = {t: Measure("images cold", t, f"{n} sources to {images_mod.WIDTHS} px WebP + JPEG q80")
                    for t in ["dacu", *tools]}
        measures["dacu"].what += " (the whole build: checks, variants, pages)"
        commands = {"eleventy-img": [*self.peers["eleventy-img"].command, "images.js", "src", "out"]
                    if "eleventy-img" in tools else [],
                    "hugo": [*self.peers["hugo"].command, "--quiet"] if "hugo" in tools else []}
        outputs = {"eleventy-img": ["out"], "hugo": ["public", "resources", ".hugo_build.lock"]}

        def peer_run(tool: str) -> Run:
            PeerTool(tool, [], outputs[tool], "").clean(roots[tool])
            seconds, done = timed(commands[tool], roots[tool])
            ok = done.returncode == 0
            return Run(seconds, ok, error="" if ok else f"exit {done.returncode}: {_tail(done.stderr or done.stdout)}",
                       cpu=_last_cpu[0])

        # Rounds interleaved (Eleventy Image, dacu, Hugo, ...); Hugo, several times slower than
        # both, runs in the first round only unless --hugo-image-runs asks for more.
        for i in range(self.runs):
            for tool in ["eleventy-img", "dacu", "hugo"]:
                if tool == "dacu":
                    Dacu.clean(roots["dacu"])
                    self.repeat(measures["dacu"], lambda _: self.dacu.build(roots["dacu"]), 1)
                elif tool in tools and (tool != "hugo" or i < self.args.hugo_image_runs):
                    self.repeat(measures[tool], lambda _: peer_run(tool), 1)
        log("images: the physical floor (one image alone, in this process)")
        floor = images_mod.floor(pool, samples=min(n, 40))
        med = {k: m.median for k, m in measures.items()}
        cpu = {k: m.median_cpu for k, m in measures.items()}
        cores = images_mod.cores()
        least = n * floor["total"] / cores
        sizes = {"dacu": images_mod.output_bytes(roots["dacu"] / "site", "assets/**/*.*"),
                 "eleventy-img": images_mod.output_bytes(roots["eleventy-img"] / "out", "*.*"),
                 "hugo": images_mod.output_bytes(roots["hugo"] / "public", "**/*_*.*")}
        derived = images_derived(n, floor, med, cpu, cores, least, sizes)
        notes = images_notes(n, derived, med, cores)
        targets = [_ratio_target(f"{n} images cold: dacu / Eleventy Image", med.get("dacu"), med.get("eleventy-img"),
                                 TARGETS["images_vs_eleventy_img"])]
        return {"inputs": {"sources": n, "size": images_mod.SIZE, "widths": images_mod.WIDTHS,
                           "quality": images_mod.QUALITY},
                "measures": {k: m.to_json() for k, m in measures.items()}, "derived": derived, "notes": notes,
                "targets": targets}

    # -- campaign --
    def campaign(self) -> dict[str, Any]:
        n, m = self.size["products"], self.size["images"]
        base = WORK / f"campaign-{n}"
        root, twin = base / "site", base / "site-noimages"
        log(f"campaign: writing {n} products, {m} images (drawing the pool if needed)")
        info = campaign.write_campaign(root, WORK, n, m)
        campaign.write_campaign(twin, WORK, n, m, with_images=False)
        build = lambda _=0: self.dacu.build(root)  # noqa: E731
        measures: dict[str, Measure] = {}

        def cold(_: int) -> Run:
            Dacu.clean(root)
            return build()

        measures["cold"] = self.repeat(Measure("campaign cold", "dacu", "nothing cached: images decoded and encoded"),
                                       cold, self.args.full_cold_runs)
        if not measures["cold"].runs[-1].ok:  # no warm state to measure from
            build()

        snapshot = self.prime_images_only(root, base)

        def cold_cached(_: int) -> Run:
            Dacu.clean(root)
            shutil.copytree(snapshot, root / ".dacu", symlinks=True)
            return build()

        measures["cold_cached"] = self.repeat(
            Measure("campaign cold, images cached", "dacu",
                    "site/ removed, .dacu/ restored from an images-only snapshot"), cold_cached)
        measures["nochange"] = self.repeat(Measure("campaign no-change rebuild", "dacu", "nothing changed"), build)

        def changed(name: str, what: str, change: Callable[[int], None]) -> None:
            def one(i: int) -> Run:
                change(i + 1)
                return build()
            measures[name] = self.repeat(Measure(f"campaign {what}", "dacu", f"rebuild after {what}"), one)
            if self.runs % 2:  # back to the generated state, warm
                change(0)
                build()

        changed("row", "one product row changed", lambda flip: campaign.change_row(root, n, flip))
        md_path = root / "content" / "products" / f"{info['markdown']}.md"
        md_text = md_path.read_text(encoding="utf-8")
        changed("markdown", "one Markdown file changed", lambda flip: campaign.change_markdown(md_path, flip, md_text))
        if m:
            changed("image", "one image changed",
                    lambda flip: campaign.change_image(root, info["image"], int(info["image_index"]), 3, flip))
        # The cost of the unchanged images in a warm build: the same site without its images,
        # both warm, runs interleaved (with, without, with, ...) so load drifts hit both alike.
        self.dacu.build(twin)
        with_images = Measure("campaign warm, with images", "dacu", f"no-change rebuild, {m} images")
        without = Measure("campaign warm, without images", "dacu", "the same site without assets/products (twin)")
        for i in range(self.runs):
            self.repeat(with_images, build, 1)
            self.repeat(without, lambda _: self.dacu.build(twin), 1)
        measures["warm_with_images"], measures["warm_without_images"] = with_images, without
        cost = (with_images.median - without.median
                if with_images.median is not None and without.median is not None else None)
        targets = [
            _abs_target(f"{n:,}-product campaign, cold, images cached (s)", measures["cold_cached"].median,
                        TARGETS["campaign_cold_cached_s"], "s"),
            _abs_target(f"{m:,} unchanged images in a warm build (s)", cost, TARGETS["images_warm_cost_s"], "s"),
        ]
        return {"inputs": {"products": n, "images": m, "products_with_images": campaign.imaged_products(m),
                           "long_copy_files": len(range(0, n, campaign.LONG_COPY_EVERY)),
                           "changed": {k: v for k, v in info.items() if not k.endswith("_index")}},
                "measures": {k: v.to_json() for k, v in measures.items()},
                "derived": {"images_warm_cost_s": _round(cost)}, "targets": targets}

    def prime_images_only(self, root: Path, base: Path) -> Path:
        """A snapshot of ``.dacu/`` that holds what the images leave there, and no page or Markdown results.

        Made by one build of the site with its long copy moved away, without a
        previous site/ and with only the encoded variants of the cold build kept:
        the image stage fills the cache (variants, image checks),
        the Markdown cache stays empty, and cached page data is of no use to a
        build without site/. Restored before each "cold, images cached" run, so
        that measure stays cold for everything but the images, whatever dacu
        decides to cache in .dacu/ later.
        """
        snapshot, hidden = base / "dacu-images-only", base / "long-copy-aside"
        shutil.rmtree(snapshot, ignore_errors=True)
        shutil.rmtree(hidden, ignore_errors=True)
        long_copy = root / "content" / "products"
        # Keep the encoded variants (.dacu/variants/, found by file name alone) so the
        # priming build does not encode 2,000 images again; everything else goes.
        shutil.rmtree(root / "site", ignore_errors=True)
        work_dir = root / ".dacu"
        for entry in work_dir.iterdir() if work_dir.is_dir() else []:
            if entry.name != "variants":
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
        os.replace(long_copy, hidden)
        try:
            log("campaign: priming an images-only cache (one build without the long copy)")
            run = self.dacu.build(root)
            if not run.ok:
                log(f"campaign: priming build failed: {run.error}")
        finally:
            os.replace(hidden, long_copy)
        shutil.rmtree(root / "site", ignore_errors=True)
        shutil.copytree(root / ".dacu", snapshot, symlinks=True)
        return snapshot

    # -- preview --
    def preview(self) -> dict[str, Any]:
        edits = 5 if self.args.quick else 20
        log(f"preview: {edits} edits of the example in Debian's Chromium (bench/serve_latency.py)")
        seconds, done = timed([self.dacu.python, str(BENCH / "serve_latency.py"), "--edits", str(edits), "--json"], REPO)
        try:
            result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            result = {"error": f"exit {done.returncode}: {_tail(done.stderr or done.stdout)}"}
        log(f"preview: {json.dumps(result)[:300]}")
        median = result.get("median_ms")
        worst = result.get("worst_ms")
        targets = [_abs_target(f"preview edit to screen, median of {edits} edits (ms)", median,
                               TARGETS["preview_median_ms"], "ms"),
                   _abs_target(f"preview edit to screen, worst of {edits} edits (ms)", worst,
                               TARGETS["preview_worst_ms"], "ms")]
        notes = [f"Edit to screen over {result.get('edits')} edits of the example ({result.get('pages')} pages): "
                 f"median {median} ms, worst {worst} ms, best {result.get('best_ms')} ms; the build's share "
                 f"median {result.get('build_median_ms')} ms, the server and browser "
                 f"{result.get('overhead_median_ms')} ms. All: {result.get('latencies_ms')}."
                 if median is not None else f"Preview measure failed: {result.get('error')}"]
        return {"inputs": {"edits": edits}, "measures": {}, "result": result, "notes": notes, "targets": targets,
                "runs": 1}

    # -- memory --
    def memory(self) -> dict[str, Any]:
        n, m = self.size["memory_products"], self.size["images"]
        root = WORK / f"memory-{n}" / "site"
        log(f"memory: writing {n} products, {m} images")
        campaign.write_campaign(root, WORK, n, m)
        Dacu.clean(root)
        log(f"memory: cold build of {n} products under the memory sampler")
        result = peak_memory(self.dacu.command(root), REPO)
        log(f"memory: {json.dumps(result)[:400]}")
        peak = max(result.get("maxrss_bytes", 0), result.get("tree_pss_bytes", 0)) if result.get("ok") else None
        targets = [_abs_target(f"{n:,} products, cold build: peak memory (bytes)", peak,
                               TARGETS["memory_peak_bytes"], "bytes")]
        return {"inputs": {"products": n, "images": m,
                           "long_copy_files": len(range(0, n, campaign.LONG_COPY_EVERY))},
                "measures": {"cold": result}, "targets": targets, "runs": 1}


def images_derived(n: int, floor: dict[str, float], med: dict[str, float | None], cpu: dict[str, float | None],
                   cores: int, least: float, sizes: dict[str, dict[str, int]]) -> dict[str, Any]:
    """The images part's numbers beside the physical floor (CPU time of one image in one process)."""
    dacu_cpu = cpu["dacu"] * 1000 / n if cpu.get("dacu") else None
    return {
        "floor_ms_per_image": _round(floor["total"] * 1000, 1),
        "floor_decode_ms": _round(floor["decode"] * 1000, 1),
        "floor_variants_ms": _round(floor["variants"] * 1000, 1),
        "least_wall_s": _round(least),
        "dacu_wall_over_floor": _round(med["dacu"] / least, 2) if med.get("dacu") else None,
        "dacu_cpu_ms_per_image": _round(dacu_cpu, 1),
        "dacu_cpu_over_floor": _round(dacu_cpu / (floor["total"] * 1000), 2) if dacu_cpu else None,
        "eleventy_img_cpu_ms_per_image": _round(cpu["eleventy-img"] * 1000 / n, 1) if cpu.get("eleventy-img") else None,
        "dacu_vs_hugo": _round(med["dacu"] / med["hugo"], 2) if med.get("dacu") and med.get("hugo") else None,
        "output_kb": {k: {ext: round(b / 1024) for ext, b in v.items()} for k, v in sizes.items() if v},
    }


def images_notes(n: int, d: dict[str, Any], med: dict[str, float | None], cores: int) -> list[str]:
    return [
        f"Physical floor: {d['floor_ms_per_image']} ms of CPU for one image in one process (decode "
        f"{d['floor_decode_ms']} ms, two resizes and four encodes {d['floor_variants_ms']} ms), so {n} images "
        f"on {cores} cores cannot take less than {_fmt(d['least_wall_s'])} s. dacu's whole build used "
        f"{d['dacu_cpu_ms_per_image']} ms of CPU per image = {d['dacu_cpu_over_floor']}× the floor (hashing, "
        f"checks, pages and start-up included); its wall time {_fmt(med.get('dacu'))} s was "
        f"{d['dacu_wall_over_floor']}× the least, the rest being the time other processes held the cores. "
        f"Eleventy Image used {d['eleventy_img_cpu_ms_per_image']} ms of CPU per image (libvips threads included).",
        f"dacu / Hugo: {d['dacu_vs_hugo']}× (no target). Output sizes (KB, all files): "
        + "; ".join(f"{k} {v}" for k, v in d["output_kb"].items()) + ".",
    ]


def _ratio_target(name: str, value: float | None, reference: float | None, limit: float) -> dict[str, Any]:
    ratio = value / reference if value is not None and reference else None
    return {"name": name, "kind": "ratio", "value": _round(ratio), "limit": limit,
            "pass": None if ratio is None else ratio <= limit,
            "over_by": None if ratio is None else _round(ratio / limit, 2)}


def _abs_target(name: str, value: float | None, limit: float, unit: str) -> dict[str, Any]:
    return {"name": name, "kind": unit, "value": _round(value), "limit": limit,
            "pass": None if value is None else value <= limit,
            "over_by": None if value is None else _round(value / limit, 2)}


# -- main ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog="See bench/README.md.")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 200 files, 500 products, 100 images, 2,500 products for memory, 1 run")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only this part (repeatable)")
    parser.add_argument("--runs", type=int, default=None, help="repetitions per measure (default 3; 1 with --quick)")
    parser.add_argument("--full-cold-runs", type=int, default=1,
                        help="repetitions of the campaign's fully cold build (images encoded; default 1)")
    parser.add_argument("--hugo-image-runs", type=int, default=1,
                        help="rounds of the images part in which Hugo runs too (default 1: it takes minutes)")
    parser.add_argument("--jobs", type=int, default=None, help="pass --jobs N to dacu")
    parser.add_argument("--no-install", action="store_true", help="do not install missing peers")
    args = parser.parse_args(argv)
    parts = args.only or list(PARTS)
    WORK.mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    out_path = QUICK_RESULTS if args.quick else RESULTS
    try:
        results = json.loads(out_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        results = {}
    results.setdefault("parts", {})
    for part in parts:
        before = [round(x, 2) for x in os.getloadavg()]
        rev_before = git_revision()
        started = time.perf_counter()
        data = getattr(bench, part)()
        data.update({"measured_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                     "quick": args.quick, "runs": data.pop("runs", bench.runs), "jobs": args.jobs,
                     "wall_s": round(time.perf_counter() - started, 1),
                     "load": {"before": before, "after": [round(x, 2) for x in os.getloadavg()]},
                     "dacu_git": {"before": rev_before, "after": git_revision()}})
        results["parts"][part] = data
        # Written after every part, so a long run that is interrupted keeps what it measured.
        if not bench.peers:
            bench.peers = peer_mod.ensure_all(install=False)
        results["machine"] = machine(bench.peers)
        results["targets"] = TARGETS
        out_path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print_table(results, parts)
    if not args.quick:
        update_readme(markdown_report(results))
        log(f"wrote {out_path.relative_to(REPO)} and the results section of {README.relative_to(REPO)}")
    else:
        log(f"wrote {out_path.relative_to(REPO)} (a quick run leaves bench/results.json and README alone)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
