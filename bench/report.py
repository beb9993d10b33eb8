"""The machine a run was on, and its results as Markdown (bench/run.py's reporting)."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path
from typing import Any

import peers as peer_mod

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
README = BENCH / "README.md"
START, END = "<!-- bench-results:start -->", "<!-- bench-results:end -->"
PARTS = ("corpus", "images", "campaign", "memory", "preview")


# -- the machine --------------------------------------------------------------------

def machine(peers: dict[str, peer_mod.Peer]) -> dict[str, Any]:
    info: dict[str, Any] = {"nproc": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)),
                            "python": platform.python_version(), "platform": platform.platform()}
    try:
        meminfo = Path("/proc/meminfo").read_text()
        kb = int(next(line for line in meminfo.splitlines() if line.startswith("MemTotal")).split()[1])
        info["memory_gib"] = round(kb / 1024 ** 2, 1)
    except (OSError, StopIteration, ValueError):
        info["memory_gib"] = None
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                           if line.startswith("model name"))
    except (OSError, StopIteration):
        info["cpu"] = platform.processor() or "unknown"
    try:
        import importlib.metadata as md
        info["dacu"] = md.version("dacu")
    except Exception:  # noqa: BLE001
        info["dacu"] = "?"
    info["git"] = git_revision()
    info["peers"] = {name: (p.version if p.ok else f"not available: {p.error}") for name, p in peers.items()}
    return info


def git_revision() -> str:
    """The checkout's commit, and whether dacu/ has uncommitted changes (the engine that was measured)."""
    rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "dacu"],
                           capture_output=True, text=True)
    if rev.returncode != 0:
        return "?"
    return rev.stdout.strip() + (" + uncommitted changes in dacu/" if dirty.stdout.strip() else "")


def _engine_tree(revision: str | None) -> str | None:
    """The git tree of dacu/ at a recorded revision: commits that touch only docs or bench/ leave it alone."""
    if not revision or " " in revision or revision == "?":
        return revision  # uncommitted changes: compare the text as it was recorded
    done = subprocess.run(["git", "-C", str(REPO), "rev-parse", f"{revision}:dacu"], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else revision


# -- reporting ----------------------------------------------------------------------

def _fmt_s(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def _fmt_value(t: dict[str, Any]) -> tuple[str, str]:
    if t["kind"] == "ratio":
        return ("—" if t["value"] is None else f"{t['value']:.2f}×"), f"≤ {t['limit']:g}×"
    if t["kind"] == "ms":
        return ("—" if t["value"] is None else f"{t['value']:.0f} ms"), f"≤ {t['limit']:g} ms"
    if t["kind"] == "bytes":
        return ("—" if t["value"] is None else f"{t['value'] / 1e6:,.0f} MB"), f"≤ {t['limit'] / 1e6:,.0f} MB"
    return ("—" if t["value"] is None else f"{t['value']:.2f} s"), f"≤ {t['limit']:g} s"


def _verdict(t: dict[str, Any]) -> str:
    if t["pass"] is None:
        return "n/a"
    return "met" if t["pass"] else f"MISSED ({t['over_by']:.2f}× the limit)"


def markdown_report(results: dict[str, Any]) -> str:
    lines = []
    mach = results.get("machine", {})
    lines += [f"Machine: {mach.get('nproc')} cores ({mach.get('usable_cpus')} usable), "
              f"{mach.get('memory_gib')} GiB, {mach.get('cpu')}; Python {mach.get('python')}; "
              f"dacu {mach.get('dacu')}.", ""]
    for name, version in mach.get("peers", {}).items():
        lines.append(f"- {name}: {version}")
    lines.append("")
    for part in PARTS:
        data = results.get("parts", {}).get(part)
        if not data:
            continue
        load = data.get("load", {})
        lines += [f"### {part} — {data.get('measured_at', '?')}"
                  + (" (quick smoke run)" if data.get("quick") else ""), "",
                  f"Runs per measure: {data.get('runs')}" + (" (median shown)" if data.get("runs", 1) > 1 else "")
                  + f"; wall time of the part "
                  f"{data.get('wall_s')} s; load average (1, 5, 15 min) before/after: "
                  f"{load.get('before')} / {load.get('after')} on a machine shared with other work.", ""]
        rev = data.get("dacu_git", {})
        if rev:
            changed = _engine_tree(rev.get("before")) != _engine_tree(rev.get("after"))
            lines += [f"dacu measured: {rev.get('before')}"
                      + (f", {rev.get('after')} at the end (the engine changed during this part)" if changed else "")
                      + ".", ""]
        if part == "memory":
            c = data["measures"]["cold"]
            lines += ["| measure | value |", "|---|---|"]
            if c.get("ok"):
                lines += [f"| build time | {_fmt_s(c.get('seconds'))} s ({c.get('pages')} pages) |",
                          f"| peak RSS of the largest process (ru_maxrss) | {c['maxrss_bytes'] / 1e6:,.0f} MB |",
                          f"| peak PSS of the process tree (sampled) | {c['tree_pss_bytes'] / 1e6:,.0f} MB |",
                          f"| peak RSS of the process tree (sampled) | {c['tree_rss_bytes'] / 1e6:,.0f} MB |",
                          f"| processes at most | {c.get('max_processes')} |"]
            else:
                lines.append(f"| build | FAILED: {c.get('error')} |")
        elif data["measures"]:
            lines += ["| measure | tool | median (s) | runs (s) | CPU (s) | pages |", "|---|---|---|---|---|---|"]
            for m in data["measures"].values():
                runs = ", ".join(_fmt_s(x) for x in m["runs_s"])
                flag = "" if m["ok"] else " (failed: " + "; ".join(m["errors"])[:200] + ")"
                lines.append(f"| {m.get('name', '')}: {m['what']} | {m['tool']} | {_fmt_s(m['median_s'])}{flag} | "
                             f"{runs} | {_fmt_s(m.get('median_cpu_s'))} | "
                             f"{m.get('pages') if m.get('pages') is not None else ''} |")
            if data.get("derived") and part == "campaign":
                for key, value in data["derived"].items():
                    lines.append(f"| {key} (derived: with − without images) | dacu | {_fmt_s(value)} | | | |")
        for note in data.get("notes", []):
            lines += ["", note]
        lines += ["", "| target | measured | limit | verdict |", "|---|---|---|---|"]
        for t in data["targets"]:
            value, limit = _fmt_value(t)
            lines.append(f"| {t['name']} | {value} | {limit} | {_verdict(t)} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def update_readme(report: str) -> None:
    if not README.exists():
        return
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        text = text.rstrip() + f"\n\n## Results\n\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{report}{END}{tail}", encoding="utf-8")


def print_table(results: dict[str, Any], parts: list[str]) -> None:
    subset = {**results, "parts": {p: results["parts"][p] for p in parts if p in results["parts"]}}
    print(markdown_report(subset))
