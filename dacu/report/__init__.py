"""Findings for people: as text on the terminal and as the visual report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dacu.report.text import format_findings, summary

if TYPE_CHECKING:
    from dacu.report.html import write_report

__all__ = ["format_findings", "summary", "write_report"]


def __getattr__(name: str) -> object:
    # The visual report needs Pillow, NumPy and Jinja2 (half a second to
    # import); the command line answering from the last run's record needs
    # only the text, so the report module loads on first use.
    if name == "write_report":
        from dacu.report.html import write_report

        return write_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
