"""The peer generators dacu is compared with: find them, install them when missing.

* Hugo from the Debian package (``apt-get install -y hugo``);
* Eleventy from npm, into ``bench/work/node_modules``;
* Eleventy Image 6 from npm (``@11ty/eleventy-img@6``, sharp with its prebuilt
  libvips inside the npm packages), for the images part;
* Pelican (and Python-Markdown) from PyPI, into the venv ``bench/work/pelican-venv``.

A peer that cannot be installed is recorded with the reason and left out;
the benchmark goes on without it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WORK = BENCH / "work"


@dataclass
class Peer:
    """One peer generator: how to run it and which version it is, or why it is missing."""

    name: str
    ok: bool = False
    version: str = ""
    command: list[str] = field(default_factory=list)   # the program (and fixed arguments)
    error: str = ""
    installed_now: bool = False

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def _run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]


def _tail(text: str, lines: int = 5) -> str:
    return " | ".join(text.strip().splitlines()[-lines:])


def _log(message: str) -> None:
    print(f"[peers] {message}", file=sys.stderr, flush=True)


def hugo(install: bool = True) -> Peer:
    peer = Peer("hugo")
    exe = shutil.which("hugo")
    if exe is None and install:
        if shutil.which("apt-get") is None:
            peer.error = "hugo is not installed and there is no apt-get"
            return peer
        _log("installing hugo (apt-get install -y hugo)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        done = _run(["apt-get", "install", "-y", "hugo"], env=env)
        if done.returncode != 0:  # the package lists may be missing or stale
            _run(["apt-get", "update"], env=env)
            done = _run(["apt-get", "install", "-y", "hugo"], env=env)
        exe = shutil.which("hugo")
        if exe is None:
            peer.error = f"apt-get install -y hugo failed: {_tail(done.stderr or done.stdout)}"
            return peer
        peer.installed_now = True
    if exe is None:
        peer.error = "hugo is not installed"
        return peer
    done = _run([exe, "version"])
    peer.ok = done.returncode == 0
    peer.version = done.stdout.strip()
    peer.command = [exe]
    if not peer.ok:
        peer.error = f"hugo version failed: {_tail(done.stderr)}"
    return peer


def _npm_package(peer: Peer, spec: str, package: Path, present: Path, install: bool) -> str | None:
    """Install the npm package ``spec`` into bench/work/node_modules when ``present`` is missing.

    Returns node's path, or None with ``peer.error`` set; ``peer.version`` is
    the installed package's version and node's.
    """
    node = shutil.which("node")
    if node is None:
        peer.error = "node is not installed (apt-get install -y nodejs npm)"
        return None
    if not present.exists() and install:
        npm = shutil.which("npm")
        if npm is None:
            peer.error = "npm is not installed (apt-get install -y npm)"
            return None
        WORK.mkdir(parents=True, exist_ok=True)
        if not (WORK / "package.json").exists():
            (WORK / "package.json").write_text('{"private": true, "name": "dacu-bench-work"}\n', encoding="utf-8")
        _log(f"installing {spec} (npm install {spec} into bench/work/node_modules)")
        done = _run([npm, "install", "--no-audit", "--no-fund", spec], cwd=WORK)
        if done.returncode != 0 or not present.exists():
            peer.error = f"npm install {spec} failed: {_tail(done.stderr or done.stdout)}"
            return None
        peer.installed_now = True
    if not present.exists():
        peer.error = f"{spec} is not installed in bench/work/node_modules"
        return None
    try:
        node_version = _run([node, "--version"]).stdout.strip()
        peer.version = f"{json.loads(package.read_text(encoding='utf-8'))['version']} (node {node_version})"
    except (OSError, ValueError, KeyError) as exc:
        peer.version = f"unknown ({exc})"
    return node


def eleventy(install: bool = True) -> Peer:
    peer = Peer("eleventy")
    exe = WORK / "node_modules" / ".bin" / "eleventy"
    node = _npm_package(peer, "@11ty/eleventy", WORK / "node_modules" / "@11ty" / "eleventy" / "package.json",
                        exe, install)
    if node is not None:
        peer.command, peer.ok = [node, str(exe)], True
    return peer


def eleventy_img(install: bool = True) -> Peer:
    """Eleventy Image 6 (sharp with its prebuilt libvips, both from npm): run as ``node script.js``."""
    peer = Peer("eleventy-img")
    package = WORK / "node_modules" / "@11ty" / "eleventy-img" / "package.json"
    node = _npm_package(peer, "@11ty/eleventy-img@6", package, package, install)
    if node is not None:
        sharp = WORK / "node_modules" / "sharp" / "package.json"
        try:
            peer.version += f", sharp {json.loads(sharp.read_text(encoding='utf-8'))['version']}"
        except (OSError, ValueError, KeyError):
            pass
        peer.command, peer.ok = [node], True
    return peer


def pelican(install: bool = True) -> Peer:
    peer = Peer("pelican")
    venv = WORK / "pelican-venv"
    exe = venv / "bin" / "pelican"
    if not exe.exists() and install:
        _log("installing Pelican (pip install pelican markdown into bench/work/pelican-venv)")
        WORK.mkdir(parents=True, exist_ok=True)
        done = _run([sys.executable, "-m", "venv", str(venv)])
        if done.returncode != 0:
            peer.error = f"python -m venv failed: {_tail(done.stderr)}"
            return peer
        done = _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "pelican", "markdown"])
        if done.returncode != 0 or not exe.exists():
            peer.error = f"pip install pelican markdown failed: {_tail(done.stderr or done.stdout)}"
            return peer
        peer.installed_now = True
    if not exe.exists():
        peer.error = "Pelican is not installed in bench/work/pelican-venv"
        return peer
    done = _run([str(exe), "--version"])
    markdown = _run([str(venv / "bin" / "python"), "-c", "import markdown; print(markdown.__version__)"])
    peer.ok = done.returncode == 0
    peer.version = f"{done.stdout.strip()} (Python-Markdown {markdown.stdout.strip() or '?'})"
    peer.command = [str(exe)]
    if not peer.ok:
        peer.error = f"pelican --version failed: {_tail(done.stderr)}"
    return peer


def ensure_all(install: bool = True) -> dict[str, Peer]:
    """Every peer, installed when missing (unless ``install`` is false)."""
    peers = {}
    for find in (hugo, eleventy, pelican, eleventy_img):
        try:
            peer = find(install)
        except OSError as exc:  # e.g. not allowed to run apt-get
            peer = Peer(find.__name__, error=f"{type(exc).__name__}: {exc}")
        peers[peer.name] = peer
        _log(f"{peer.name}: {peer.version}" if peer.ok else f"{peer.name}: not available ({peer.error})")
    return peers


if __name__ == "__main__":
    print(json.dumps({n: p.to_json() for n, p in ensure_all().items()}, indent=2))
