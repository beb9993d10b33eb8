"""Peak memory of a command and all its worker processes (bench/run.py's memory part)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from typing import Any


# -- peak memory --------------------------------------------------------------------

_WRAPPER = textwrap.dedent("""\
    import json, resource, subprocess, sys, time
    started = time.perf_counter()
    done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"rc": done.returncode, "seconds": seconds, "maxrss_kb": usage.ru_maxrss,
                      "stdout": done.stdout.decode("utf-8", "replace"),
                      "stderr": done.stderr.decode("utf-8", "replace")[-4000:]}))
""")


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return kids


def _proc_kb(pid: int, path: str, key: str) -> int:
    try:
        with open(f"/proc/{pid}/{path}") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def sample_peak_memory(cmd: list[str], cwd: Path) -> dict[str, Any]:
    """Run ``cmd`` under a fresh wrapper process; its peak memory, three ways.

    * ``maxrss``: ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` in the wrapper: the peak
      resident set of the largest single process of the build (workers included,
      but not summed);
    * ``tree_pss`` / ``tree_rss``: the process tree's total proportional / resident
      set size, sampled every 0.1 s: what several worker processes take together
      (PSS counts pages shared between forked workers once).
    """
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, *cmd], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    peak = {"pss": 0, "rss": 0, "processes": 0, "samples": 0}

    def sample() -> None:
        while proc.poll() is None:
            pids, todo = [], _children(proc.pid)
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo += _children(pid)
            pss = sum(_proc_kb(p, "smaps_rollup", "Pss:") for p in pids)
            rss = sum(_proc_kb(p, "status", "VmRSS:") for p in pids)
            peak["pss"] = max(peak["pss"], pss)
            peak["rss"] = max(peak["rss"], rss)
            peak["processes"] = max(peak["processes"], len(pids))
            peak["samples"] += 1
            time.sleep(0.1)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, err = proc.communicate()
    thread.join()
    try:
        data = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"wrapper_error": err[-2000:]}
    return {**data, "maxrss_bytes": data["maxrss_kb"] * 1024, "tree_pss_bytes": peak["pss"] * 1024,
            "tree_rss_bytes": peak["rss"] * 1024, "max_processes": peak["processes"], "samples": peak["samples"]}
