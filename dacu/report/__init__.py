"""Findings for people: as text on the terminal and as the visual report."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from dacu.report.text import format_findings, summary

if TYPE_CHECKING:
    from dacu.report.html import write_report

__all__ = ["format_findings", "published", "summary", "write_report"]


def published(report: Path) -> Iterator[tuple[str, Path, bytes, str]]:
    """The report's files as site/ publishes them: (path under ``_report/``, file, bytes, content key)."""
    for path in sorted(report.parent.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield ("_report/" + path.relative_to(report.parent).as_posix(), path, data,
                   hashlib.blake2b(data, digest_size=16).hexdigest())


def __getattr__(name: str) -> object:
    # The visual report needs Pillow, NumPy and Jinja2 (half a second to
    # import); the command line answering from the last run's record needs
    # only the text, so the report module loads on first use.
    if name == "write_report":
        from dacu.report.html import write_report

        return write_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
