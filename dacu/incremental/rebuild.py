"""A rebuild from the record: re-read only the changed files, re-render only the pages that read them.

Handled today:

- long copy files (``content/products/<sku>.md``) edited in place, read
  before and now, whose front matter sets the same fields to the same
  values as before (a changed field can change what other pages show).
  Such an edit changes only the product's Markdown HTML, which only its own
  detail page shows (:mod:`dacu.render.page_keys`: tiles leave the long
  copy out);
- campaign and venue files (``content/<campaign>/*.md``) whose Markdown
  text alone changed (:mod:`dacu.incremental.page_edit`): the landing page
  and the venue's page, as their keys say.

The rebuild re-reads the files, re-renders those pages, checks them
(template, links at their new lines; colours, prices, images and the
sheet's links must be as recorded, or the build runs in full) and keeps
every other finding from the record, so findings, report and ``site/``
bytes are those of a full build. Any other change, a damaged or missing
record, another engine, a moved time boundary or an edited ``site/``: the
full pipeline runs (``None``).
"""

from __future__ import annotations

import bisect
import dataclasses
import json
import logging
import pickle
import posixpath
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dacu.core import BuildResult, Cache, Finding, Findings, Settings, cache_key
from dacu.core.cache_shapes import page_facts
from dacu.core.engine import engine_code, engine_files
from dacu.core.i18n import Translator
from dacu.incremental import record as records
from dacu.incremental.page_edit import is_page_text, reread_text
from dacu.incremental.record import CopyRecord, PageRecord, Record
from dacu.incremental.shelf import DamagedRecord
from dacu.model.site import PageEntry, lay_out
from dacu.output.patch import Patch
from dacu.output.replay import (RACY_NS, Stamp, label_path, output_label, output_signature, same_stamp,
                                signature_of)
from dacu.output.tree_stamps import FolderStamp, restamp, unchanged_tree

if TYPE_CHECKING:
    from dacu.session import Session

log = logging.getLogger("dacu")
_COPY_PREFIX = "content/products/"

#: The rebuild from the record renders in this process, about 3.5 ms a page on the corpus; the full build
#: shares the pages among the cores, about 1.2 ms a page of the whole site. Past a quarter of the pages
#: changed (a branch checked out, a batch of long copies replaced), the full build is the quicker one.
QUICK_SHARE = 4
#: ... but a small site's few edits always take the rebuild from the record.
QUICK_FILES = 16


def remember(settings: Settings, files: dict[str, Stamp], boundaries: list[datetime], now: datetime,
             loaded: Any, images: Any, produced: list[Any], output_files: set[str], reported: set[str],
             result: BuildResult, output: str,
             tree: tuple[dict[str, Stamp], dict[str, FolderStamp]] | None = None) -> None:
    """Save the record of a build that wrote the whole site (see :mod:`dacu.incremental.record`).

    ``tree`` holds the stamps of site/'s files and folders behind ``output`` (its signature), when known.
    """
    products = loaded.site.products
    copies: dict[str, tuple[Any, ...]] = {}
    for rel, copy in getattr(products, "copies", {}).items():
        # the file's stem (Path(rel).stem, without making 4,000 paths)
        copies[rel] = CopyRecord(sku=posixpath.splitext(posixpath.basename(rel))[0],
                                 findings=[f.to_record() for f in loaded.copies.get(rel, [])],
                                 front_matter=copy.front_matter, read=copy.read, keys=copy.keys)
    pages: dict[str, tuple[Any, ...]] = {item.page.path: PageRecord(item.key, item.copy_links) for item in produced}
    state = Record(engine=engine_code(), root=settings.root, language=settings.language, files=dict(files),
                   engine_files=engine_files(), output=output, state=bisect.bisect_right(boundaries, now),
                   boundaries=list(boundaries),
                   loaded=(loaded.settings, loaded.theme, loaded.site), images=dataclasses.replace(images, fallback=None),
                   copies=copies, pages=pages, findings=[f.to_record() for f in result.findings],
                   produced=sorted(output_files), reported=sorted(reported), page_count=result.pages,
                   report=str(result.report) if result.report else None)
    if tree is not None and tree[1]:
        state.outputs, state.folders = tree
    bodies = {sku: product.body_html for sku, product in products.items()}
    try:
        for product in products.values():
            product.body_html = ""
        records.save(settings.work_dir, state)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, OSError):
        records.drop(settings.work_dir)  # only a cache of the build: without it the next build runs in full
    finally:
        for sku, body in bodies.items():
            products[sku].body_html = body


def changed_files(root: Path, record: Record, files: dict[str, Stamp]) -> set[str]:
    """Input labels added, removed or changed since the record."""
    before = record.files
    # equal stamps first: the path (and a racy file's digest) only for the few that differ
    try:   # the stamps compared as sets of (label, stamp) pairs, in C: 4,000 in the corpus
        differ = {name for name, _ in files.items() ^ before.items()}
    except TypeError:   # a damaged record's stamp that is not a tuple of numbers: compared one by one
        differ = {name for name in files.keys() | before.keys() if files.get(name) != before.get(name)}
    return {name for name in differ if not same_stamp(files.get(name), before.get(name), label_path(root, name))}


def rebuild(root: Path, settings: Settings, files: dict[str, Stamp], now: datetime, *, strict: bool,
            session: Session | None, started: float) -> tuple[BuildResult, list[datetime], str | None] | None:
    """Rebuild from the record when every change is one it handles (the result, the campaigns' time
    boundaries, the signature of site/ as written); None: run the full build.

    Call under the site lock. ``files`` are the inputs as
    :func:`dacu.output.input_signature` saw them before anything was read.
    """
    record = records.load(settings.work_dir, settings.language, files)
    if record is None or record.root != root or record.language != settings.language:
        return None
    if bisect.bisect_right(record.boundaries, now) != record.state:
        return None  # a time boundary was crossed: pages show another state
    changed = changed_files(root, record, files)
    if not changed:
        return None
    try:
        if not all(_is_placed(name, record) for name in changed):
            return None
    except DamagedRecord:
        records.damaged(settings.work_dir, settings.language)
        return None
    if len(changed) > max(QUICK_FILES, len(record.pages) // QUICK_SHARE):
        return None  # many edits: the full build, on every core, is quicker
    if not records.load_model(settings.work_dir, record, settings.language):
        return None
    # site/ touched since: the full build's manifest decides what to write again
    outputs: dict[str, Stamp] = {}
    folders: dict[str, FolderStamp] = {}
    if record.outputs is not None and record.folders is not None:   # a stat of each recorded file and folder
        still = unchanged_tree(settings.output_dir, record.outputs, record.folders, RACY_NS)
        if still is None:
            return None
        outputs, folders = dict(record.outputs), still
    elif output_signature(settings.output_dir, outputs, folders) != record.output:   # an older record: the walk
        return None
    patch = Patch(settings.output_dir, settings.work_dir / "manifest.json")
    manifest = patch.read_manifest()
    if manifest is None:
        return None
    translate = Translator(settings.language)
    cache = Cache(settings.work_dir, warn=lambda message: log.warning(translate(message)))
    try:
        return _rebuild(root, settings, record, files, changed, now, strict, session, started, cache, patch, manifest,
                        (outputs, folders))
    except DamagedRecord:
        records.damaged(settings.work_dir, settings.language)
        return None
    finally:
        cache.close()


def _is_placed(name: str, record: Record) -> bool:
    """A change the rebuild can place: a long copy, or a campaign's or venue's file, edited in place."""
    return name in record.files and (_is_copy(name, record) or is_page_text(name))


def _is_copy(name: str, record: Record) -> bool:
    copy = records.copy_record(record, name)
    return (name.startswith(_COPY_PREFIX) and "/" not in name[len(_COPY_PREFIX):] and copy is not None
            and copy.read and name in record.files)


def _rebuild(root: Path, settings: Settings, record: Record, files: dict[str, Stamp], changed: set[str],
             now: datetime, strict: bool, session: Session | None, started: float, cache: Cache, patch: Patch,
             manifest: dict[str, list[object]], tree: tuple[dict[str, Stamp], dict[str, FolderStamp]]
             ) -> tuple[BuildResult, list[datetime], str | None] | None:
    from dacu.checks import check_links
    from dacu.load import Converter, to_html_many
    from dacu.model.long_copy import read_long_copy
    from dacu.render import Environments, PageKeys, Renderer, render_page

    converter = session.markdown if session is not None else Converter()
    _, theme, site = record.loaded
    images = record.images
    findings = [Finding.from_record(f) for f in record.findings]
    rendered: list[tuple[Any, str, str, dict[str, Any]]] = []
    # campaign and venue texts first: the renderer and the keys below read the pages as they are now
    texts: dict[str, Any] = {}
    page_texts = sorted(name for name in changed if is_page_text(name))
    if page_texts:
        lay_out(site)  # what a campaign's text shows on is found among all pages (a long copy edit needs none)
    for rel in page_texts:
        shown = reread_text(root, settings, theme, site, rel, findings, record.bodies, cache, converter,
                            session.parsed if session is not None else None)
        if shown is None:
            return None
        texts.update((page.path, page) for page in shown)
    renderer = Renderer(site, theme, images, now, Findings(settings.severities, settings.language),
                        session.environments if session is not None else Environments())
    keys = PageKeys(site, images, theme, now)

    def render(page: PageEntry, rechecked: str) -> tuple[Any, str, str, dict[str, Any]] | None:
        """The page rendered again, when what the checks across pages read of it is as recorded:
        its colours, prices, images and links, but for the ``rechecked`` ones (the links of the edited file)."""
        before = records.page_record(record, page.path)
        old = cache.get(cache_key("page", before.key), page_facts) if before is not None else None
        if before is None or old is None:
            return None
        key = keys.key(page)
        html, facts, template = render_page(renderer, page)
        if html is None or facts is None or template:
            return None  # a template problem: the full build reports it as it does
        if _json(_crossing(facts, rechecked)) != _json(_crossing(old, rechecked)):
            return None  # the checks across pages run in full
        return page, key, html, facts

    for path, page in texts.items():
        known = records.page_record(record, path)
        if known is not None and keys.key(page) == known.key:
            continue  # this page does not show the edited text
        done = render(page, "links")
        if done is None:
            return None
        page, key, html, facts = done
        links = Findings(settings.severities, settings.language)
        check_links([(path, page.source, facts["links"])], set(record.produced), links, set(record.reported),
                    settings.root)
        findings = [f for f in findings if not (f.rule == "broken-link" and f.extra.get("page") == path)]
        findings += list(links)  # the page's links, at their lines in its file as it is now
        record.pages[path] = PageRecord(key, [])
        rendered.append((page, key, html, facts))
    for rel in sorted(changed - {name for name in changed if is_page_text(name)}):
        copy = records.copy_record(record, rel)
        if copy is None:
            return None
        product = site.products.get(copy.sku)
        if product is None or product.copy_source != rel:
            return None
        found = Findings(settings.severities, settings.language)
        probe = dataclasses.replace(product)
        read = read_long_copy(root, root / rel, probe, settings.tz, found, settings.limits)
        if read.body is None or sorted(read.keys) != sorted(copy.keys) or probe != product:
            return None  # unreadable now, or other fields: what other pages show may change
        product.body_html = to_html_many([read.body], cache, None, converter)[0] if read.body.strip() else ""
        stale = {Finding.from_record(f) for f in copy.findings}
        findings = [f for f in findings if f not in stale and not (f.rule == "broken-link" and f.file == rel)]
        findings += list(found)
        record.copies[rel] = CopyRecord(copy.sku, [f.to_record() for f in found], read.front_matter, True, read.keys)
        path = site.product_page(product.sku)
        done = render(PageEntry("product", path, product.source, product), "copy")  # as lay_out makes it
        if done is None:
            return None
        page, key, html, facts = done
        links = Findings(settings.severities, settings.language)
        check_links([(path, rel, facts["copy"])], set(record.produced), links, set(record.reported), settings.root)
        findings += list(links)
        record.pages[path] = PageRecord(key, [link for link, _ in facts["copy"]])
        rendered.append((page, key, html, facts))
    collected = Findings(settings.severities, settings.language)
    collected.extend(findings)
    result_findings = list(collected)
    ok = not collected.failed(strict)
    report = _report(root, settings, site, result_findings, record, patch, manifest)
    if ok:
        for page, key, html, facts in rendered:
            if manifest.get(page.path, [None])[0] != key:
                patch.put(page.path, html.encode("utf-8"), key)
            cache.put(cache_key("page", key), facts)
        patch.commit(manifest)
        record.files = dict(files)
        record.findings = [f.to_record() for f in result_findings]
        record.output = _signature_after(settings.output_dir, tree, patch)
        record.outputs, record.folders = tree
        records.save(settings.work_dir, record, model=False)  # the model part is as it was
    return BuildResult(ok=ok, findings=result_findings, pages=record.page_count,
                       seconds=time.perf_counter() - started, output=settings.output_dir, written=ok,
                       settings=settings, report=report, rendered=len(rendered), files_written=patch.written,
                       timings={"incremental": round(time.perf_counter() - started, 3)}), record.boundaries, \
        record.output if ok else None


def _signature_after(output: Path, tree: tuple[dict[str, Stamp], dict[str, FolderStamp]], patch: Patch) -> str:
    """site/'s signature after the patch, its stamps into ``tree``: from those before it, unless a file was added."""
    outputs, folders = tree
    labels = {output_label(path): stat for path, stat in patch.stats.items()}
    if not all(label in outputs for label in labels) or not restamp(output, folders, [*patch.stats, *patch.removed],
                                                                    RACY_NS):
        outputs.clear()  # a new file: its place in the walk's order is the walk's to say
        folders.clear()
        return output_signature(output, outputs, folders)
    outputs.update(labels)
    for path in patch.removed:
        outputs.pop(output_label(path), None)
    return signature_of(outputs)


def _crossing(facts: dict[str, Any], rechecked: str) -> dict[str, Any]:
    """A page's facts but for the ``rechecked`` links (``copy``: those its long copy wrote; ``links``: the rest)."""
    return {name: value for name, value in facts.items() if name != rechecked}


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _report(root: Path, settings: Settings, site: Any, findings: list[Finding], record: Record, patch: Patch,
            manifest: dict[str, list[object]]) -> Path | None:
    """The visual report, written again only when the findings changed; its changed files into the patch."""
    report = Path(record.report) if record.report else None
    if [f.to_record() for f in findings] == record.findings and report is not None and report.is_file():
        return report
    from dacu.report import published, write_report

    if not site.pages:
        lay_out(site)
    pages = [(p.path, p.source, getattr(p.obj, "row", None)) for p in site.pages]
    report = write_report(root, findings, pages, settings.work_dir / "report", language=settings.language)
    now = set()
    for name, _, data, key in published(report):
        now.add(name)
        if manifest.get(name, [None])[0] != key:
            patch.put(name, data, key)
    for name in manifest:
        if name.startswith("_report/") and name not in now:
            patch.remove(name)
    return report
