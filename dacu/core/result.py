"""What a build or check reports: kept light, so the command line can answer
from the last build's record without importing the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dacu.core.findings import Finding
from dacu.core.i18n import msg
from dacu.core.settings import CONTENT_DIR, Settings
from dacu.core.usage import UsageProblem


class NoSite(UsageProblem):
    """The folder is not a dacu site (no content/): a usage error, not a finding."""


def require_site(root: Path) -> None:
    """Raise :class:`NoSite` unless ``root`` has a content/ folder."""
    if not (root / CONTENT_DIR).is_dir():
        raise NoSite(msg("{root} has no {content}/ folder: run dacu in a site folder or pass --source DIR",
                         root=str(root.resolve()), content=CONTENT_DIR))


@dataclass
class BuildResult:
    """What a build or check did: its findings, page count and time."""

    ok: bool
    findings: list[Finding]
    pages: int
    seconds: float
    output: Path
    written: bool = False
    settings: Settings | None = field(default=None, repr=False)
    report: Path | None = None              # .dacu/report/index.html
    rendered: int = 0                       # pages rendered (the others were unchanged)
    files_written: int = 0                  # files written or copied into site/ (not reused)
    timings: dict[str, float] = field(default_factory=dict)   # seconds per stage (shown with -v)

    def to_json(self) -> dict[str, object]:
        """The JSON object of ``--format json`` (cli.md)."""
        return {"ok": self.ok, "findings": [f.to_json() for f in self.findings],
                "pages": self.pages, "seconds": round(self.seconds, 3)}
