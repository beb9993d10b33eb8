"""The pipeline, end to end: load, model, check, render, write.

Everything is read and checked before anything is written; pages are
rendered into a temporary folder and swapped into site/ only when no error
was found (see :mod:`dacu.output.write`).
"""

from __future__ import annotations

import gc
import logging
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, NamedTuple

from dacu.core import BuildResult, Cache, Finding, Findings, Settings, file_signature, load_settings, require_site
from dacu.core.parallel import Executor, LocalProcesses
from dacu.core.progress import NoProgress, Progress
from dacu.model import Site, build_site_model, load_campaigns, load_products
from dacu.model.campaigns import complete_palettes
from dacu.model.products import ProductTable
from dacu.checks import check_content
from dacu.checks.rendered.page_checks import PageChecks
from dacu.checks.text_fit import TextMeasure, check_text_fit
from dacu.images import ImageSet, ImageStage
from dacu.render import Produced, Theme, boundaries as campaign_boundaries, load_theme, prepare_pages, produce_pages
from dacu.output import Output, forget, input_signature, record, replay
from dacu.output.replay import Stamp
from dacu.output.tree_stamps import FolderStamp
from dacu.session import Session
from dacu.core.i18n import DEFAULT_LANGUAGE
from dacu.core.i18n import Translator, msg
from dacu.core.usage import WRITE_REFUSED, UsageProblem, cannot_write
from dacu.incremental.rebuild import remember
from dacu.incremental.quick import rebuild_site, site_lock

log = logging.getLogger("dacu")


@dataclass
class Loaded:
    """A site read and checked, ready to render."""

    settings: Settings
    theme: Theme
    site: Site
    findings: Findings
    copies: dict[str, list[Finding]] = field(default_factory=dict)   # what reading each long copy found
    products: ProductTable = field(default_factory=ProductTable)   # finish(): the long copies' HTML, when deferred


def load(root: Path, cache: Cache | None = None, executor: Executor | None = None,
         language: str | None = None, session: Session | None = None, defer: bool = False) -> Loaded:
    """Read settings, theme, products and campaigns; build the site model; run the content checks.

    ``language`` (``zh`` or ``en``) overrides the site's ``language`` setting for messages. With
    ``defer`` the workers may still be converting the long copies: the products have their HTML after
    ``loaded.products.finish()``, which must be called (or ``finish(cancel=True)``) before other workers start.
    """
    require_site(root)
    findings = Findings(language=language or DEFAULT_LANGUAGE)
    settings = load_settings(root, findings)
    if language:
        settings.language = language
    findings.configure(settings.severities, settings.language)
    theme = load_theme(settings, findings)
    converter = session.markdown if session is not None else None
    parsed = session.parsed if session is not None else None  # kept only by a session that outlives the build
    products = load_products(settings, findings, cache, executor, converter, parsed, defer=defer)
    copies: dict[str, list[Finding]] = {rel: [] for rel in products.copies}
    for finding in findings:  # so far only reading found anything: a long copy's findings are its reading's
        if finding.file in copies:
            copies[finding.file].append(finding)
    try:
        campaigns = load_campaigns(settings, findings, cache, converter, parsed)
        complete_palettes(campaigns, theme.default_palette())
        site = build_site_model(settings, campaigns, products, findings)
        check_content(site, findings)
    except BaseException:
        products.finish(cancel=True)
        raise
    return Loaded(settings, theme, site, findings, copies, products)


def build_site(root: Path, *, now: datetime | None = None, strict: bool = False, write: bool = True,
               jobs: int | None = None, inputs: str | None = None, language: str | None = None,
               session: Session | None = None, progress: Progress | None = None,
               files: dict[str, Stamp] | None = None,
               on_result: Callable[[BuildResult], None] | None = None, quick: bool = True) -> BuildResult:
    """Check and build the site at ``root``; with ``write=False`` only check.

    ``progress`` hears what the build is doing (the command line shows it on a
    terminal; :mod:`dacu.core.progress`).

    ``jobs`` worker processes share the image, Markdown and page work
    (default: the core count). When nothing changed since the last run, its
    result is replayed (:mod:`dacu.output.replay`); ``inputs`` is the input
    signature when the caller already computed it (and found no record).
    Raises :class:`NoSite` when ``root`` has no content/; every problem with
    the content itself is a finding in the result. ``language`` (``zh`` or
    ``en``) overrides the site's ``language`` setting for every message.
    ``session`` keeps compiled templates and the like for the next build
    (:mod:`dacu.session`; the preview server passes its own); without one the
    build starts afresh. ``on_result`` hears the result as soon as site/ holds
    the build (or the build failed), before the records for the next run are
    saved: the preview tells the browsers meanwhile.
    """
    started = time.perf_counter()
    root = root.resolve()
    require_site(root)
    settings = load_settings(root, Findings())
    if language:
        settings.language = language
    moment = now.astimezone(settings.tz) if now else datetime.now(settings.tz)
    if inputs is None or files is None:
        files = {}
        inputs = input_signature(root, files)  # before reading: an edit during the build changes it
        replayed = replay(settings, inputs, moment, write=write, strict=strict, started=started)
        if replayed is not None:
            return replayed
    if write and quick:
        done = rebuild_site(root, settings, files, inputs, moment, strict=strict, session=session, started=started,
                            on_result=on_result)
        if done is not None:
            return done
    translate = Translator(settings.language)
    with site_lock(settings):
        collecting = gc.isenabled()   # _build turns the collector off once the pages are made
        try:
            forget(settings)
            cache = Cache(settings.work_dir, warn=lambda message: log.warning(translate(message)))
            try:
                result, boundaries, built = _build(root, cache, session or Session(parsed=None), now=moment,
                                                   strict=strict, write=write, jobs=jobs, started=started,
                                                   language=settings.language, progress=progress or NoProgress())
            finally:
                cache.close()
                if progress is not None:
                    progress.done()
            if on_result is not None:
                on_result(result)
            tree: tuple[dict[str, Stamp], dict[str, FolderStamp]] = ({}, {})  # site/'s stamps, for the next rebuild
            walked = built.walked
            if walked is not None:
                tree = walked[1], walked[2]
            output = record(settings, result, inputs, boundaries, moment, write=write and result.ok,
                            output=walked[0] if walked is not None else None, files=files, tree=tree)
            if write and result.ok and output is not None:
                remember(settings, files, boundaries, moment, built.loaded, built.images, built.produced, built.files,
                         built.reported, result, output, tree)
        except OSError as exc:  # a read-only folder, a full disk: site/ is as it was (the swap never ran)
            if exc.errno not in WRITE_REFUSED:
                raise
            raise UsageProblem(cannot_write(exc)) from None
        finally:
            if collecting:
                gc.enable()
    return result


class _Built(NamedTuple):
    """What a build made that its record keeps (:func:`dacu.incremental.rebuild.remember`)."""

    loaded: Loaded
    images: ImageSet
    produced: list[Produced]
    files: set[str]                  # every file of site/ the build wrote or kept
    reported: set[str]               # output paths a link to is not reported again (unreadable, unrendered)
    #: site/ as the swap left it, its signature and stamps (None: site/ was not replaced)
    walked: tuple[str, dict[str, Stamp], dict[str, FolderStamp]] | None


def _build(root: Path, cache: Cache, session: Session, *, now: datetime, strict: bool, write: bool, jobs: int | None,
           started: float, language: str, progress: Progress) -> tuple[BuildResult, list[datetime], _Built]:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        timings[stage] = round(time.perf_counter() - clock, 3)
        clock = time.perf_counter()

    executor = LocalProcesses(jobs)
    progress.stage(msg("Reading content"))
    # The workers convert the long copies while this process checks the images: neither shows their HTML.
    loaded = load(root, cache, executor, language=language, session=session, defer=True)
    lap("load")
    settings, findings = loaded.settings, loaded.findings
    moment = now
    try:
        output = Output(settings.output_dir, dry=not write, manifest=settings.work_dir / "manifest.json",
                        language=settings.language,
                        trash=settings.work_dir / "trash")
    except BaseException:
        loaded.products.finish(cancel=True)
        raise
    try:
        # check makes no variants: it publishes nothing, and they cost more than the checks
        images = ImageStage(settings, findings, cache, variants=write, refs=session.image_refs,
                            progress=progress).run(loaded.site, executor, before_workers=loaded.products.finish)
        _check_hero_text(loaded, images)
        # while the workers still convert the long copies: nothing of this shows their HTML
        prepared = prepare_pages(loaded.site, loaded.theme, images, moment, findings, session.environments)
        checks = _page_checks(loaded, images, session, moment)
        loaded.products.finish()
        lap("images")
        produced = produce_pages(loaded.site, loaded.theme, images, moment, output, cache, findings, executor,
                                 session.environments, progress, take=checks.add, prepared=prepared)
        lap("render")
        # From here to the end of build_site (publish, report, swap, records) the collector's passes would look
        # at the whole site model (a full pass over a 10,000-product campaign is about 0.1 s) for the few
        # objects in cycles these steps make (the report's template): they are collected after the build.
        gc.disable()
        _publish(loaded.theme, images, output)
        # a page a template error left unrendered has its finding; links to it are not reported again
        unrendered = {p.path for p in loaded.site.pages} - {item.page.path for item in produced}
        reported = set(images.unreadable_paths()) | unrendered
        checks.finish(output.files, reported, loaded.site.pages, settings.root)
        lap("publish")
        ok = not findings.failed(strict)
        report = _write_reports(root, loaded, list(findings), output if ok else None)
        lap("report")
        if ok:
            output.commit()
        else:
            output.discard()
        lap("swap")
    except BaseException:
        loaded.products.finish(cancel=True)
        output.discard()
        raise
    boundaries = sorted({t for c in loaded.site.campaigns for t in campaign_boundaries(c)})
    pages = len(produced)   # the pages this build published or would publish, each once
    return BuildResult(ok=ok, findings=list(findings), pages=pages, seconds=time.perf_counter() - started,
                       output=settings.output_dir, written=ok and write, settings=settings, report=report,
                       rendered=output.rendered, files_written=output.written, timings=timings), boundaries, \
        _Built(loaded, images, produced, set(output.files), reported, output.walked if ok and write else None)


def _check_hero_text(loaded: Loaded, images: ImageSet) -> None:
    """``text-fit``: the hero titles and slogans set in a text_box, with the sizes of their images."""
    def aspect_of(rel: str) -> float | None:
        ref = images.peek(rel)
        return ref.height / ref.width if ref is not None and ref.width else None

    pages = [p for c in loaded.site.campaigns for p in (c, *c.venues)]
    check_text_fit(pages, aspect_of, loaded.findings, loaded.settings.rule_params("text-fit"), TextMeasure())


def _write_reports(root: Path, loaded: Loaded, findings: list[Finding], output: Output | None) -> Path:
    """The visual report in .dacu/report/, and in site/_report/ of a build that succeeds."""
    from dacu.report import published, write_report  # its module loads Jinja2 and Pillow's helpers: only a full build needs it

    pages = [(p.path, p.source, getattr(p.obj, "row", None)) for p in loaded.site.pages]
    report = write_report(root, findings, pages, loaded.settings.work_dir / "report",
                          language=loaded.settings.language)
    if output is not None and not output.dry:
        for name, path, _, key in published(report):
            output.copy(path, name, key=key)
    return report


def _page_checks(loaded: Loaded, images: ImageSet, session: Session, now: datetime) -> PageChecks:
    """The colour, link and price checks over the rendered pages, fed as the pages come (:mod:`dacu.render.pages`)."""
    css = [(name, source) for name, (source, _) in loaded.theme.static.items() if name.endswith(".css")]
    theme = session.theme_colours.read(css, loaded.settings.root)
    static = [path for _, path in loaded.theme.static.values()]

    def image_files(rel: str) -> list[str]:
        ref = images.peek(rel)   # a page marked it used (dacu.render.pages), so it is published
        return images.outputs(ref) if ref is not None else []

    return PageChecks(loaded.site, loaded.settings, loaded.findings, theme, now,
                      [*(p.path for p in loaded.site.pages), *static], image_files, images.unreadable_paths())


def _publish(theme: Theme, images: ImageSet, output: Output) -> None:
    for source, path in theme.static.values():
        output.copy(source, path, key=path)  # fingerprinted: the name is the content
    # a prefix test of the path: Path.is_relative_to parses both paths (8,000 variants a campaign build)
    cache_dir = os.path.join(images.cache_dir, "") if images.cache_dir is not None else None
    for path, source in images.published().items():
        # Variants live in the cache under their source's hash and parameters and
        # are never rewritten in place, so they can be hard-linked; assets are copied.
        in_cache = cache_dir is not None and os.fspath(source).startswith(cache_dir)
        output.copy(source, path, key=source.name if in_cache else _file_key(source), link=in_cache)


def _file_key(path: Path) -> str:
    size, mtime = file_signature(path)
    return f"{path}:{size}:{mtime}"
