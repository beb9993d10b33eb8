"""Findings as text for the terminal, grouped by file."""

from __future__ import annotations

from itertools import groupby
from typing import Iterable

from dacu.core import Finding


def format_findings(findings: Iterable[Finding], color: bool = False) -> str:
    """Findings grouped by file, each with where, severity, rule and message."""
    out: list[str] = []
    items = sorted(findings, key=Finding.sort_key)
    for file, group in groupby(items, key=lambda f: f.file):
        out.append(_bold(file, color))
        for f in group:
            where = []
            if f.line is not None:
                where.append(f"line {f.line}")
            if f.key:
                where.append(f.key)
            place = f" ({', '.join(where)})" if where else ""
            sev = _paint(f.severity, "31" if f.severity == "error" else "33", color)
            out.append(f"  {sev} [{f.rule}]{place}: {f.message}")
            if f.image and f.region:
                out.append(f"      image {f.image}, region x={f.region[0]} y={f.region[1]} w={f.region[2]} h={f.region[3]}")
        out.append("")
    return "\n".join(out)


def summary(errors: int, warnings: int) -> str:
    """``2 errors, 1 warning``."""
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def _bold(text: str, color: bool) -> str:
    return _paint(text, "1", color)
