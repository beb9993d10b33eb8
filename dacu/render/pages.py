"""Producing the pages: reuse what is unchanged, render the rest (in parallel).

Each page's key (:mod:`dacu.render.page_keys`) decides: an unchanged page is taken over
from the previous build, the others are rendered, by worker processes when
there are many (Jinja2 rendering is pure Python and CPU-bound). What the
checks need from a page is read where it is rendered, into its facts
(:mod:`dacu.checks.rendered.page_facts`: links, colours, images, prices),
kept in the cache by page key, so a reused page is checked like a new one.
The facts of each page are handed to the caller as its batch comes back
(``take``) and not kept: the build's process never holds every page's.
"""

from __future__ import annotations

import gc
import json

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Protocol

from dacu.core.cache_shapes import page_facts
from dacu.core import Cache, Finding, Findings, cache_key
from dacu.core.i18n import Message, msg
from dacu.model import PageEntry, Site
from dacu.checks.rendered.page_facts import PageFacts, copy_source
from dacu.core.parallel import Executor, slices
from dacu.images import ImageSet
from dacu.render.page_keys import PageKeys
from dacu.render.renderer import Environments, Renderer
from dacu.render.theme import Theme

if TYPE_CHECKING:
    from dacu.core.progress import Progress


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
#: Pages per batch of the workers: small enough that results come back (and are let go) steadily.
BATCH_PAGES = 100

#: What a page's facts go to: (its number in the site's page order, the page, its facts).
Take = Callable[[int, PageEntry, dict[str, Any]], None]


@dataclass
class Produced:
    """One page of the build, rendered now or reused: its key and the links its long copy wrote."""

    page: PageEntry
    key: str = ""                      # the page's key (dacu.render.page_keys)
    copy_links: list[str] = field(default_factory=list)   # links written in its long copy (product pages)


def style_sheets(theme: Theme) -> dict[str, str]:
    """The theme's published style sheets: output path -> name."""
    return {output: name for name, (_, output) in theme.static.items() if name.endswith(".css")}


def page_facts_reader(renderer: Renderer) -> PageFacts:
    """Reads the pages ``renderer`` makes into facts (the plan of a detail page's product as the page showed it)."""
    site = renderer.site

    def plan_of(page: PageEntry) -> Any:
        return renderer.plan(site.campaign_of(page.obj), page.obj) if page.kind == "product" else None

    return PageFacts(style_sheets(renderer.theme), site.settings.base_url, plan_of, renderer.style_colours,
                     renderer.price_attributes)


@dataclass
class Prepared:
    """What producing the pages needs that the long copies' HTML leaves unchanged (:func:`prepare_pages`)."""

    keys: PageKeys
    renderer: Renderer


def _page_keys(site: Site, images: ImageSet, theme: Theme, now: datetime) -> PageKeys:
    """The page keys, reading the image refs as the image stage left them: a page rendered in this process
    (or in a worker, before the key of the next page of its batch) adds the refs of images only a template
    names (ImageSet.ref), and a key made after it must not see them."""
    return PageKeys(site, replace(images, refs=dict(images.refs)), theme, now)


def prepare_pages(site: Site, theme: Theme, images: ImageSet, now: datetime, findings: Findings,
                  environments: Environments | None = None) -> Prepared:
    """The templates compiled and the keys' parts digested that do not show a long copy's HTML.

    A build calls it while the workers still convert the long copies (the
    build's process would wait idle for them), then :func:`produce_pages`.
    """
    keys = _page_keys(site, images, theme, now)
    keys.warm(site.pages)
    renderer = Renderer(site, theme, images, now, findings, environments)
    renderer.load_templates()
    return Prepared(keys, renderer)


def produce_pages(site: Site, theme: Theme, images: ImageSet, now: datetime, output: PageOutput, cache: Cache,
                  findings: Findings, executor: Executor | None = None,
                  environments: Environments | None = None, progress: Progress | None = None,
                  take: Take | None = None, prepared: Prepared | None = None) -> list[Produced]:
    """Every page of ``site`` in ``output``; returns them in page order (``progress`` hears of each).

    ``take`` gets each page's facts (rendered or reused) as soon as they are there; ``prepared``
    is :func:`prepare_pages` of the same site, when the caller made it before the long copies' HTML.
    """
    from dacu.core.progress import NoProgress   # a rebuild from the record renders without one

    progress = progress or NoProgress()
    keys = prepared.keys if prepared is not None else _page_keys(site, images, theme, now)
    produced: dict[int, Produced] = {}
    todo: list[tuple[int, str]] = []

    def done(index: int, key: str, facts: dict[str, Any]) -> None:
        page = site.pages[index]
        for rel in facts["images"]:
            images.ref(rel)
        produced[index] = Produced(page, key, [link for link, _ in facts["copy"]] if copy_source(page) else [])
        if take is not None:
            take(index, page, facts)

    for index, page in enumerate(site.pages):
        if not output.dry and page.path not in output.previous:
            todo.append((index, ""))   # nothing to take over: its key is made where it is rendered
            continue
        key = keys.key(page)
        facts = cache.get(cache_key("page", key), page_facts) if output.dry or output.previous.get(page.path) == key else None
        if facts is not None and output.reuse(page.path, key):
            done(index, key, facts)
        else:
            todo.append((index, key))
    renderer = prepared.renderer if prepared is not None else Renderer(site, theme, images, now, findings, environments)
    progress.stage(msg("Making pages"), len(todo))
    parallel = executor is not None and executor.workers > 1 and len(todo) >= PARALLEL_FROM
    if parallel:
        assert executor is not None
        results: Iterable[list[_Result]] = _render_parallel(renderer, keys, output, todo, executor, progress)
    else:
        results = [_render_some(renderer, keys, output, todo, progress)]
    broken: dict[tuple[str, int | None, str], list[tuple[int, str]]] = {}   # a template error -> the pages it broke
    found_at: dict[int, list[Finding]] = {}
    collecting = gc.isenabled()
    try:
        for number, batch in enumerate(results):
            if number == 0 and parallel:
                # The workers are forked by now (all at the first batch's submit), with the collector on.
                # Here, taking the batches makes no garbage in cycles, but it makes enough objects to
                # trigger the collector's passes: 0.3-0.5 s of a 10,000-page build in this process, a full
                # pass over everything made since the workers forked about once a second, freeing nothing.
                gc.disable()
            _take(batch, site, output, cache, done, broken, found_at)
    finally:
        if collecting:
            gc.enable()
    for index in sorted(found_at):   # in page order, however the batches were dealt
        findings.extend(found_at[index])
    _report_template_errors({cause: [page for _, page in sorted(pages)] for cause, pages in broken.items()}, findings)
    return [produced[index] for index in sorted(produced)]


def _take(batch: list[_Result], site: Site, output: PageOutput, cache: Cache,
          done: Callable[[int, str, dict[str, Any]], None], broken: dict[tuple[str, int | None, str],
                                                                      list[tuple[int, str]]],
          found_at: dict[int, list[Finding]]) -> None:
    """One batch of rendered pages: their template errors into ``broken``, other findings into ``found_at``,
    their facts to ``done`` and the cache."""
    for index, key, facts, found in batch:
        for finding in found:
            if finding.rule == "template" and "error" in finding.extra:
                error = json.dumps(finding.extra["error"], sort_keys=True, ensure_ascii=False)
                broken.setdefault((finding.file, finding.line, error), []).append((index, finding.extra["page"]))
            else:
                found_at.setdefault(index, []).append(finding)
        if facts is None:
            continue  # a template finding says why
        output.claimed(site.pages[index].path, key)
        output.rendered += 1
        cache.put(cache_key("page", key), facts)
        done(index, key, facts)


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


def render_page(renderer: Renderer, page: PageEntry, reader: PageFacts | None = None
                ) -> tuple[str | None, dict[str, Any] | None, list[Any]]:
    """One page's HTML (None when a template failed), its facts for the checks, its template findings."""
    own = renderer.findings
    renderer.findings = Findings()  # this page's template findings, handed back with it
    renderer.images.page_used = set()
    try:
        html = renderer.render(page)
        found = list(renderer.findings)
    finally:
        renderer.findings = own
    facts = None
    if html is not None:
        facts = (reader or page_facts_reader(renderer)).read(page, html, sorted(renderer.images.page_used))
    return html, facts, found


_Result = tuple[int, str, "dict[str, Any] | None", list[Any]]   # (index, key, facts or None, findings)


def _render_some(renderer: Renderer, keys: PageKeys, output: PageOutput, todo: list[tuple[int, str]],
                 progress: Progress | None = None) -> list[_Result]:
    """Render pages into the output folder; (index, key, facts or None, findings) each (a key not made yet,
    "", is made here)."""
    reader = page_facts_reader(renderer)
    results = []
    for index, key in todo:
        page = renderer.site.pages[index]
        key = key or keys.key(page)
        html, facts, found = render_page(renderer, page, reader)
        if html is not None:
            output.put(page.path, html)
        results.append((index, key, facts, found))
        if progress is not None:
            progress.advance()
    return results


def _render_parallel(renderer: Renderer, keys: PageKeys, output: PageOutput, todo: list[tuple[int, str]],
                     executor: Executor, progress: Progress) -> Iterator[list[_Result]]:
    """The pages rendered by the workers, a batch at a time as they come back."""
    output.prepare()  # the folder exists before the workers write into it
    renderer.load_templates()   # compiled once here, not in every worker
    # The workers use the site model, images and compiled templates as they
    # are (a local executor forks) instead of unpickling them, which would
    # cost more than rendering.
    # Runs of neighbouring pages (a product's page and those of its related
    # products), so that a worker can forget a batch's fragments when it is
    # done (see Renderer.forget_batch); the workers take the next batch as
    # they finish one, which keeps both busy to the end.
    # The last pages go in quarter batches, so that no worker waits long for the other's last batch.
    size = max(1, min(BATCH_PAGES, len(todo) // (executor.workers * 4)))
    tail = len(todo) - min(len(todo), executor.workers * size)
    chunks = slices(todo[:tail], size) + slices(todo[tail:], max(1, size // 4))

    def render_batch(part: list[tuple[int, str]]) -> list[_Result]:
        try:
            return _render_some(renderer, keys, output, part)
        finally:
            renderer.forget_batch()

    for batch in executor.stream(render_batch, chunks):
        progress.advance(len(batch))
        yield batch
