"""Findings as text for the terminal, grouped by file, in the user's language."""

from __future__ import annotations

from itertools import groupby
from typing import Iterable

from dacu.core import Finding
from dacu.core.i18n import DEFAULT_LANGUAGE, Message, Translator, msg


def format_findings(findings: Iterable[Finding], color: bool = False, language: str = DEFAULT_LANGUAGE) -> str:
    """Findings grouped by file, each with where, severity, rule and message."""
    translate = Translator(language)
    out: list[str] = []
    items = sorted(findings, key=Finding.sort_key)
    for file, group in groupby(items, key=lambda f: f.file):
        out.append(_bold(file, color))
        for f in group:
            sev = _paint(translate(severity_name(f.severity)), "31" if f.severity == "error" else "33", color)
            place = _place(f)
            line = (msg("{severity} [{rule}] ({place}): {message}", severity=sev, rule=f.rule, place=place,
                        message=f.message) if place else
                    msg("{severity} [{rule}]: {message}", severity=sev, rule=f.rule, message=f.message))
            out.append("  " + translate(line))
            if f.image and f.region:
                x, y, w, h = f.region
                out.append("      " + translate(msg("image {image}, region x={x} y={y} w={w} h={h}",
                                                    image=f.image, x=x, y=y, w=w, h=h)))
        out.append("")
    return "\n".join(out)


def _place(finding: Finding) -> Message | str | None:
    """``line 2, original_price``: where in the file, as the terminal shows it."""
    if finding.line is not None and finding.key:
        return msg("line {line}, {key}", line=finding.line, key=finding.key)
    if finding.line is not None:
        return msg("line {line}", line=finding.line)
    return finding.key or None


def severity_name(severity: str) -> Message:
    """``error`` or ``warning`` as a word of the user's language."""
    return msg("error") if severity == "error" else msg("warning")


def count_errors(n: int) -> Message:
    """``1 error``, ``2 errors`` (``2 个错误``)."""
    return msg("{n} error", n=n) if n == 1 else msg("{n} errors", n=n)


def count_warnings(n: int) -> Message:
    """``1 warning``, ``2 warnings`` (``2 个警告``)."""
    return msg("{n} warning", n=n) if n == 1 else msg("{n} warnings", n=n)


def count_pages(n: int) -> Message:
    """``1 page``, ``5 pages`` (``5 个页面``)."""
    return msg("{n} page", n=n) if n == 1 else msg("{n} pages", n=n)


def summary(errors: int, warnings: int) -> Message:
    """``2 errors, 1 warning`` (``2 个错误，1 个警告``)."""
    return msg("{errors}, {warnings}", errors=count_errors(errors), warnings=count_warnings(warnings))


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def _bold(text: str, color: bool) -> str:
    return _paint(text, "1", color)
