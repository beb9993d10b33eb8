"""The pipeline, end to end: load, model, check, render, write.

Everything is read and checked before anything is written; pages are
rendered into a temporary folder and swapped into site/ only when no error
was found (see :mod:`dacu.write`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from dacu.cache import Cache
from dacu.campaigns import load_campaigns
from dacu.checks.content import check_content
from dacu.checks.links import check_links, page_links
from dacu.findings import Finding, Findings
from dacu.images import ImageSet, ImageStage
from dacu.products import load_products
from dacu.render import Renderer
from dacu.settings import Settings, load_settings
from dacu.site import Site, build_site_model
from dacu.theme import Theme, load_theme
from dacu.write import Output


class NoSite(Exception):
    """The folder is not a dacu site (no content/): a usage error, not a finding."""


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

    def to_json(self) -> dict[str, object]:
        """The JSON object of ``--format json`` (cli.md)."""
        return {"ok": self.ok, "findings": [f.to_json() for f in self.findings],
                "pages": self.pages, "seconds": round(self.seconds, 3)}


@dataclass
class Loaded:
    """A site read and checked, ready to render."""

    settings: Settings
    theme: Theme
    site: Site
    findings: Findings


def load(root: Path) -> Loaded:
    """Read settings, theme, products and campaigns; build the site model; run the content checks."""
    if not (root / "content").is_dir():
        raise NoSite(f"{root} has no content/ folder: run dacu in a site folder or pass --source DIR")
    findings = Findings()
    settings = load_settings(root, findings)
    findings.configure(settings.severities)
    theme = load_theme(settings, findings)
    products = load_products(root, settings.tz, findings)
    campaigns = load_campaigns(root, settings.tz, findings)
    site = build_site_model(settings, campaigns, products, findings)
    check_content(site, findings)
    return Loaded(settings, theme, site, findings)


def build_site(root: Path, *, now: datetime | None = None, strict: bool = False, write: bool = True) -> BuildResult:
    """Check and build the site at ``root``; with ``write=False`` only check.

    Raises :class:`NoSite` when ``root`` has no content/; every problem with
    the content itself is a finding in the result.
    """
    started = time.perf_counter()
    root = root.resolve()
    loaded = load(root)
    settings, findings = loaded.settings, loaded.findings
    moment = now.astimezone(settings.tz) if now else datetime.now(settings.tz)
    cache = Cache(settings.work_dir)
    output = Output(settings.output_dir, dry=not write)
    try:
        images = ImageStage(settings, findings, cache).run(loaded.site)
        pages = _render(loaded, images, moment, output)
        _publish(loaded.theme, images, output)
        check_links(pages, output.files, findings)
        ok = not findings.failed(strict)
        if ok:
            output.commit()
        else:
            output.discard()
    except BaseException:
        output.discard()
        raise
    finally:
        cache.close()
    return BuildResult(ok=ok, findings=list(findings), pages=len(pages), seconds=time.perf_counter() - started,
                       output=settings.output_dir, written=ok and write, settings=settings)


def _render(loaded: Loaded, images: ImageSet, now: datetime, output: Output) -> list[tuple[str, str, list[str]]]:
    renderer = Renderer(loaded.site, loaded.theme, images, now, loaded.findings)
    pages = []
    for page in loaded.site.pages:
        html = renderer.render(page)
        if html is None:
            continue
        output.write(page.path, html)
        pages.append((page.path, page.source, page_links(html)))
    return pages


def _publish(theme: Theme, images: ImageSet, output: Output) -> None:
    for source, path in theme.static.values():
        output.copy(source, path)
    for path, source in images.published().items():
        output.copy(source, path)
