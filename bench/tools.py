"""The benchmark's tools: timing a command, its peak memory, dacu and the peer generators as commands."""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent

import campaign  # noqa: E402
import peers as peer_mod  # noqa: E402
from memory import sample_peak_memory  # noqa: E402


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
        # An installed dacu has its bytecode (pip compiles it at install): without it, a run under
        # PYTHONDONTWRITEBYTECODE compiles every module it imports again, about 0.2 s a rebuild.
        subprocess.run([self.python, "-m", "compileall", "-q", str(REPO / "dacu")], capture_output=True, check=False)

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
