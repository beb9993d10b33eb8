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
import shutil
import sys
import time
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


from tools import Dacu, Measure, PEER_TOOLS, PeerTool, Run, _last_cpu, _round, _tail, log, peak_memory, timed  # noqa: E402
from targets import images_derived, images_notes, _abs_target, _ratio_target  # noqa: E402



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
                 f"{result.get('overhead_median_ms')} ms; each step's median: {result.get('steps_median_ms')}; "
                 f"page reloads (not in place): {result.get('page_reloads')}. All: {result.get('latencies_ms')}."
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
