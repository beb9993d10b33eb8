"""Producing the pages: reuse what is unchanged, render the rest (in parallel).

Each page's key (:mod:`dacu.render.page_keys`) decides: an unchanged page is taken over
from the previous build, the others are rendered, by worker processes when
there are many (Jinja2 rendering is pure Python and CPU-bound). What the
checks need from a page (its links, inline colours, the images it shows) is
kept in the cache by page key, so a reused page is checked like a new one.
"""

from __future__ import annotations

import json

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from dacu.core.cache_shapes import page_meta
from dacu.core import Cache, Findings, cache_key
from dacu.core.i18n import Message, msg
from dacu.core.progress import NoProgress, Progress
from dacu.model import PageEntry, Site
from dacu.checks import inline_colours, page_links, page_prices
from dacu.core.parallel import Executor, batches
from dacu.images import ImageSet
from dacu.render.page_keys import PageKeys
from dacu.render.renderer import Environments, Renderer
from dacu.render.theme import Theme

class PageOutput(Protocol):
    """Where pages go: the build's output folder (:class:`dacu.output.Output`).

    Rendering only needs these few operations, so it does not depend on how
    the output is written and swapped into site/.
    """

    dry: bool
    rendered: int
    previous: dict[str, str]

    def reuse(self, path: str, key: str) -> bool: ...
    def put(self, path: str, data: str) -> None: ...
    def claimed(self, path: str, key: str) -> None: ...
    def prepare(self) -> None: ...


#: Below this many pages to render, starting worker processes costs more than it saves.
PARALLEL_FROM = 300


@dataclass
class Produced:
    """One page of the build, rendered now or reused: what the checks need."""

    page: PageEntry
    links: list[str]
    inline: list[tuple[str, str]]
    prices: list[list[Any]]            # the price markup (dacu.checks.rendered.prices)
    key: str = ""                      # the page's key (dacu.render.page_keys)
    images: list[str] = field(default_factory=list)   # the images it shows


def produce_pages(site: Site, theme: Theme, images: ImageSet, now: datetime, output: PageOutput, cache: Cache,
                  findings: Findings, executor: Executor | None = None,
                  environments: Environments | None = None, progress: Progress | None = None) -> list[Produced]:
    """Every page of ``site`` in ``output``; returns them in page order (``progress`` hears of each)."""
    progress = progress or NoProgress()
    keys = PageKeys(site, images, theme, now)
    metas: dict[int, dict[str, Any]] = {}
    page_keys: dict[int, str] = {}
    todo: list[tuple[int, str]] = []
    for index, page in enumerate(site.pages):
        key = page_keys[index] = keys.key(page)
        meta = cache.get(cache_key("page", key), page_meta) if output.dry or output.previous.get(page.path) == key else None
        if meta is not None and output.reuse(page.path, key):
            metas[index] = meta
        else:
            todo.append((index, key))
    renderer = Renderer(site, theme, images, now, findings, environments)
    progress.stage(msg("Making pages"), len(todo))
    if executor is not None and executor.workers > 1 and len(todo) >= PARALLEL_FROM:
        results = _render_parallel(renderer, output, todo, executor)
        progress.advance(len(todo))
    else:
        results = _render_some(renderer, output, todo, progress)
    broken: dict[tuple[str, int | None, str], list[str]] = {}   # a template error -> the pages it broke
    for index, key, meta, found in results:
        for finding in found:
            if finding.rule == "template" and "error" in finding.extra:
                error = json.dumps(finding.extra["error"], sort_keys=True, ensure_ascii=False)
                broken.setdefault((finding.file, finding.line, error), []).append(finding.extra["page"])
            else:
                findings.extend([finding])
        if meta is None:
            continue  # a template finding says why
        output.claimed(site.pages[index].path, key)
        output.rendered += 1
        cache.put(cache_key("page", key), meta)
        metas[index] = meta
    _report_template_errors(broken, findings)
    produced = []
    for index in sorted(metas):
        meta = metas[index]
        for rel in meta["images"]:
            images.ref(rel)
        produced.append(Produced(site.pages[index], meta["links"], [tuple(c) for c in meta["inline"]],
                                 meta["prices"], page_keys[index], list(meta["images"])))
    return produced


def _report_template_errors(broken: dict[tuple[str, int | None, str], list[str]], findings: Findings) -> None:
    """One finding per template error at the template's line, however many pages it broke."""
    for (file, line, error), pages in broken.items():
        problem = json.loads(error)
        if isinstance(problem, dict):
            problem = Message.from_record(problem)
        if len(pages) == 1:
            message = msg("rendering {page} failed: {problem}", page=pages[0], problem=problem)
        else:
            message = msg("rendering {page} and {count} pages more failed: {problem}", page=pages[0],
                          count=len(pages) - 1, problem=problem)
        findings.add("template", file, message, line=line, extra={"page": pages[0], "pages": len(pages)})


def render_page(renderer: Renderer, page: PageEntry) -> tuple[str | None, dict[str, Any] | None, list[Any]]:
    """One page's HTML (None when a template failed), what the checks need of it, its template findings."""
    own = renderer.findings
    renderer.findings = Findings()  # this page's template findings, handed back with it
    renderer.images.page_used = set()
    try:
        html = renderer.render(page)
        found = list(renderer.findings)
    finally:
        renderer.findings = own
    meta = None
    if html is not None:
        meta = {"links": page_links(html), "inline": inline_colours(html, renderer.style_colours),
                "prices": page_prices(html, renderer.price_attributes), "images": sorted(renderer.images.page_used)}
    return html, meta, found


def _render_some(renderer: Renderer, output: PageOutput, todo: list[tuple[int, str]],
                 progress: Progress | None = None) -> list[tuple[int, str, dict[str, Any] | None, list[Any]]]:
    """Render pages into the output folder; (index, key, meta or None, findings) each."""
    results = []
    for index, key in todo:
        page = renderer.site.pages[index]
        html, meta, found = render_page(renderer, page)
        if html is not None:
            output.put(page.path, html)
        results.append((index, key, meta, found))
        if progress is not None:
            progress.advance()
    return results


def _render_parallel(renderer: Renderer, output: PageOutput, todo: list[tuple[int, str]],
                     executor: Executor) -> list[tuple[int, str, dict[str, Any] | None, list[Any]]]:
    output.prepare()  # the folder exists before the workers write into it
    # The workers use the site model, images and compiled templates as they
    # are (a local executor forks) instead of unpickling them, which would
    # cost more than rendering.
    chunks = batches(todo, executor.workers * 4)
    return [r for chunk in executor.map(lambda part: _render_some(renderer, output, part), chunks) for r in chunk]
