"""The image stage: every image a page shows, opened once, checked, made into variants.

For each image the pages will show (product main and detail images, heroes)
the stage hashes the file, runs the image rules of its role and makes its
responsive variants (:mod:`dacu.images.variants`), decoding the file at most once
per build, and not at all when the cache (by content hash plus parameters)
already has the results. Rendering then asks for an :class:`ImageRef` per
image; the writer publishes exactly the files of the refs that pages used.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from dacu.core.cache_shapes import finding_records, image_info
from dacu.core import Cache, Finding, Findings, RULES, Settings, cache_key
from dacu.core.i18n import Message
from dacu.core.rules import IMAGES
from dacu.core.parallel import Executor, batches
from dacu.core.i18n import msg
from dacu.core.progress import NoProgress, Progress
from dacu.load import ImageProblem, LoadedImage, open_image, resolve_asset, shown_path
from dacu.load.guard import RealPaths
from dacu.model import Page, Product, Site
from dacu.checks import check_detail_image, check_hero, check_main_images, check_variant_weight, check_weight
from dacu.images import variants as vs
from dacu.images.refs import ImageRef, ImageSet
from dacu.images.memo import ProductOutcome, RefMemo, outcome_of, signature_of, still_there
from dacu.images.verify import ensure_folder, record_variants, verified

#: The rules of the catalogue's Images group: their thresholds enter the key of
#: cached image findings, so a new image rule or threshold invalidates them.
IMAGE_RULES = tuple(slug for slug, rule in RULES.items() if rule.group == IMAGES)

#: The width of the plain ``src`` fallback: a 2x phone screen.
FALLBACK_WIDTH = 750

@dataclass
class _Source:
    """One source file during the stage: digest, size, and the decoded image once needed."""

    rel: str
    path: Path | None = None
    digest: str | None = None
    size: tuple[int, int] | None = None
    problem: Message | None = None
    loaded: LoadedImage | None = None


class ImageStage:
    """Runs the image rules and makes variants, with results cached across builds."""

    def __init__(self, settings: Settings, findings: Findings, cache: Cache, variants: bool = True,
                 refs: RefMemo | None = None, progress: Progress | None = None) -> None:
        self.settings = settings
        self.progress: Progress = progress or NoProgress()
        self._memo: RefMemo = refs if refs is not None else RefMemo()
        self._refs = self._memo.refs
        self.findings = findings
        self.cache = cache
        self.variants = variants
        self.cache_dir = settings.work_dir
        self.images = ImageSet(settings.assets_dir, fallback=self._ref_only, cache_dir=self.cache_dir)
        self._params = {slug: settings.rule_params(slug) for slug in IMAGE_RULES}
        self.decoded = 0  # files decoded in this build (tests of the cache read it)
        self._paths = RealPaths()   # the folders of assets/ resolved once (resolve_asset)

    # -- the stage ------------------------------------------------------------------
    def run(self, site: Site, executor: Executor | None = None,
            before_workers: Callable[[], None] | None = None) -> ImageSet:
        """Check and prepare every image that the site's pages show.

        With an ``executor`` of several workers the products are shared out
        (decoding and encoding images is CPU-bound and Pillow holds the GIL for
        much of it); each worker returns its findings, refs and files.
        ``before_workers`` is called before they start (the build ends other work of its workers).
        """
        # Products are done here until one needs an image decoded: a warm build
        # (everything cached) never pays for starting worker processes.
        products = list(site.products.values())
        jobs = executor.workers if executor is not None else 1
        self.progress.stage(msg("Checking product images"), len(products))
        for index, product in enumerate(products):
            rest = [p for p in products[index:] if p.main_images or p.detail_images] if jobs > 1 and self.decoded else []
            if executor is not None and len(rest) >= 2 * jobs:
                if before_workers is not None:
                    before_workers()
                self._run_parallel(rest, executor)
                for other in products[index:]:
                    if not (other.main_images or other.detail_images):
                        self._product(other)  # only main-image-count: not worth a process
                self.progress.advance(len(products) - index)
                break
            self._product(product)
            self.progress.advance()
        for campaign in site.campaigns:
            for page in [campaign, *campaign.venues]:
                self._hero(page)
        return self.images

    def _product(self, product: Product) -> None:
        file, line = product.location()
        sku = product.sku
        if not product.main_images and not product.detail_images:
            # Only the count to check: cheaper than a cache lookup would be.
            check_main_images(self.findings, self.settings, [], sku=sku, file=file, line=line)
            return
        place = (sku, file)
        signature = signature_of(product, line, self.settings.assets_dir,
                                 (self.variants, self.settings.widths, self.settings.formats, self._params, self.cache_dir))
        known = self._memo.products.get(place)
        if known is not None and known[0] == signature and still_there(known[1].published):
            self._replay(known[1])
            return
        outer, self.findings = self.findings, Findings()  # every rule at its default: severities apply on merging
        try:
            self._check_product(product, file, line)
            outcome = outcome_of(product, list(self.findings), self.images)
        finally:
            found, self.findings = self.findings, outer
        self.findings.extend(found)
        if signature is not None:
            self._memo.products[place] = (signature, outcome)

    def _replay(self, outcome: ProductOutcome) -> None:
        self.findings.extend(outcome.findings)
        self.images.refs.update(outcome.refs)
        self.images.files.update(outcome.files)
        self.images.problems.update(outcome.problems)

    def _check_product(self, product: Product, file: str, line: int | None) -> None:
        sku = product.sku
        mains = [self._source(rel, file, sku, line) for rel in product.main_images]
        self._cached(("main", sku, file, line, [s.digest for s in mains]), lambda temp: check_main_images(
            temp, self.settings, [self._load(s, temp, file, sku, line) for s in mains], sku=sku, file=file, line=line))
        details = [self._source(rel, file, sku, line) for rel in product.detail_images]
        for source in details:
            if source.path is None:
                continue

            def detail(temp: Findings, s: _Source = source) -> None:
                img = self._load(s, temp, file, sku, line)
                if img is not None:
                    check_detail_image(temp, self.settings, img, file=file, key=sku, line=line)

            self._cached(("detail", sku, file, line, source.rel, source.digest), detail)
        for source in [*mains, *details]:
            self._finish(source, file, sku, line)

    def _hero(self, page: Page) -> None:
        hero = page.hero
        if hero is None or not hero.image:
            return
        line = page.line_of("hero.image")
        source = self._source(hero.image, page.source, "hero.image", line)
        if source.path is not None:
            def check(temp: Findings) -> None:
                img = self._load(source, temp, page.source, "hero.image", line)
                if img is not None:
                    check_hero(temp, self.settings, img, text_color=hero.text_color, text_box=hero.text_box,
                               file=page.source, key="hero", line=page.line_of("hero.text_box") or line)

            self._cached(("hero", page.source, line, source.rel, source.digest, hero.text_color, hero.text_box), check)
        self._finish(source, page.source, "hero.image", line)

    def _run_parallel(self, products: list[Product], executor: Executor) -> None:
        # Batches of about four products, handed out as workers free up: with a few
        # large batches one core sat idle while the other finished the last one
        # (seconds for a few hundred images).
        count = max(executor.workers * 4, len(products) // 4)
        tasks = [(self.settings, self.variants, chunk) for chunk in batches(products, count)]
        for found, refs, files, decoded in executor.map(_stage_worker, tasks):
            self.findings.extend(Finding.from_record(d) for d in found)
            self.images.refs.update(refs)
            self.images.files.update(files)
            self.decoded += decoded

    # -- one source file ---------------------------------------------------------------
    def _source(self, rel: str, file: str, key: str | None, line: int | None) -> _Source:
        """Resolve and hash ``rel``; what the cache knows of it (size, or why it is unreadable)."""
        source = _Source(rel)
        try:
            source.path = resolve_asset(self.settings.assets_dir, rel, self._paths)
            source.digest = self.cache.file_digest(source.path)
        except ImageProblem as exc:
            source.path, source.problem = None, exc.message
        except OSError as exc:
            source.path, source.problem = None, ImageProblem.unreadable(shown_path(rel), exc).message
        if source.path is None:
            assert source.problem is not None
            self.findings.add("image-unreadable", file, source.problem, key=key, line=line, image=shown_path(rel))
            self.images.problems.add(rel)
            return source
        info = self.cache.get(cache_key("info", source.digest), image_info)
        if info is not None:
            source.size = (info["w"], info["h"]) if "w" in info else None
            # The problem is kept as a message record, to be shown in the language of any later run
            # (an entry without one is decoded again).
            problem = info.get("problem")
            source.problem = Message.from_record(problem) if isinstance(problem, dict) else None
        return source

    def _load(self, source: _Source, temp: Findings, file: str, key: str | None, line: int | None) -> LoadedImage | None:
        """Decode ``source`` once (kept until its product is done); report it if unreadable."""
        if source.loaded is None and source.path is not None and source.problem is None:
            try:
                # Enough pixels for the largest variant; JPEG draft decoding skips the rest.
                source.loaded = open_image(self.settings.assets_dir, source.rel,
                                           decode_at_least=max(self.settings.widths))
                self.decoded += 1
                source.size = (source.loaded.width, source.loaded.height)
                self.cache.put(cache_key("info", source.digest), {"w": source.size[0], "h": source.size[1]})
            except ImageProblem as exc:
                source.problem = exc.message
                self.cache.put(cache_key("info", source.digest), {"problem": exc.message.to_record()})
        if source.problem and source.path is not None:
            temp.add("image-unreadable", file, source.problem, key=key, line=line, image=shown_path(source.rel))
            self.images.problems.add(source.rel)
        return source.loaded

    def _cached(self, parts: tuple[Any, ...], compute: Callable[[Findings], Any]) -> None:
        """The findings of one check call: from the cache, or computed and stored."""
        # Decoding depends on the widest variant (draft mode), so the widths are part of the key.
        key = cache_key("checks", parts, self._params, self.settings.widths, self.settings.formats)
        stored = self.cache.get(key, finding_records)
        # A finding stored without its source message could only be shown in the language it was made in.
        if stored is None or any(record.get("source") is None for record in stored):
            temp = Findings()  # every rule at its default: the site's severities apply on merging
            compute(temp)
            stored = [f.to_record() for f in temp]
            self.cache.put(key, stored)
        self.findings.extend(Finding.from_record(d) for d in stored)

    def _finish(self, source: _Source, file: str, key: str | None, line: int | None) -> None:
        """Weight check, variants and the ref; then drop the decoded pixels."""
        if source.path is None or source.digest is None:
            return
        if source.size is None and source.problem is None:
            self._load(source, Findings(), file, key, line)
        if source.problem is None and source.size is not None:
            limit = vs.too_tall(source.size, self.settings.widths, self.settings.formats)
            if limit is not None:   # the encoder would refuse it: say what to do instead of crashing
                self.findings.add("image-unreadable", file, msg(
                    "{image} is {width} × {height} px: too long to publish as a web image (at most {limit} px on a "
                    "side): cut it into slices", image=shown_path(source.rel), width=source.size[0],
                    height=source.size[1], limit=limit), key=key, line=line, image=shown_path(source.rel))
                self.images.problems.add(source.rel)
                source.loaded = None
                return
        if source.problem is None and source.size is not None:
            self._check_weight(source, file, key, line)
            self.images.refs[source.rel], files = self._make_ref(source)
            self._check_variant_weights(source, files, file, key, line)
        elif source.problem:
            self.images.problems.add(source.rel)  # known from the cache: reported by the cached checks
        source.loaded = None

    def _check_weight(self, source: _Source, file: str, key: str | None, line: int | None) -> None:
        assert source.path is not None and source.size is not None
        stub = LoadedImage(rel=source.rel, path=source.path, size_bytes=source.path.stat().st_size,
                           digest=source.digest or "", width=source.size[0], height=source.size[1],
                           image=None)  # type: ignore[arg-type]  # the weight needs no pixels
        check_weight(self.findings, self.settings, stub, file=file, key=key, line=line)

    def _check_variant_weights(self, source: _Source, files: dict[str, Path], file: str, key: str | None,
                               line: int | None) -> None:
        """image-weight for each variant made from ``source`` over its byte budget (a build makes them, a check does not)."""
        for name, path in files.items():
            if path != source.path:  # the source itself, published as it is, has its own limit
                check_variant_weight(self.findings, self.settings, image=shown_path(source.rel),
                                     variant_name=posixpath.basename(name), size_bytes=path.stat().st_size,
                                     file=file, key=key, line=line)

    def _make_ref(self, source: _Source) -> tuple[ImageRef, dict[str, Path]]:
        assert source.size is not None and source.path is not None and source.digest is not None
        memo = (source.rel, source.digest, str(source.path), self.variants, tuple(self.settings.widths),
                tuple(self.settings.formats), str(self.cache_dir))
        known = self._refs.get(memo)
        if known is None or not verified(known[1].values(), self.cache, self._variant_folder):
            known = self._refs[memo] = self._new_ref(source)
        self.images.files.update(known[1])
        return known

    def _new_ref(self, source: _Source) -> tuple[ImageRef, dict[str, Path]]:
        """The ref of a source, and its files to publish (output path → file)."""
        assert source.size is not None and source.path is not None and source.digest is not None
        width, height = source.size
        made = self._variants(source) if self.variants else []
        if not made:
            original = shown_path(source.rel)
            return ImageRef(source.rel, original, width, height), {original: source.path}
        files: dict[str, Path] = {}
        by_format: dict[str, list[tuple[str, int]]] = {}
        for variant in made:
            name = vs.output_name(source.rel, variant)
            files[name] = variant.cache_path
            by_format.setdefault(variant.format, []).append((name, variant.width))
        fallback = by_format.get("jpeg") or next(iter(by_format.values()))
        src = min(fallback, key=lambda item: (abs(item[1] - FALLBACK_WIDTH), item[1]))[0]
        # <source> order is the browser's preference: smallest files first.
        sources = tuple((vs.ENCODINGS[fmt].mime, tuple(by_format[fmt])) for fmt in ("avif", "webp") if fmt in by_format)
        return ImageRef(source.rel, src, width, height, srcset=tuple(fallback), sources=sources), files

    @property
    def _variant_folder(self) -> Path:
        return Path(self.cache_dir or self.settings.work_dir) / "variants"

    def _variants(self, source: _Source) -> list[vs.Variant]:
        assert source.size is not None and source.digest is not None
        widths, formats = self.settings.widths, self.settings.formats
        found = vs.cached_variants(source.digest, source.size, widths, formats, self.cache_dir)
        if found is not None and verified([v.cache_path for v in found], self.cache, self._variant_folder):
            return found
        if self._load(source, Findings(), "", None, None) is None:
            return []
        assert source.loaded is not None
        ensure_folder(self._variant_folder, self.cache)
        made = vs.make_variants(source.loaded.image, source.digest, widths, formats, self.cache_dir,
                                src_size=source.size)
        record_variants(made, self.cache)
        return made

    def _ref_only(self, rel: str) -> ImageRef:
        """A ref for an image that only a template names (no role, so no role checks)."""
        if rel in self.images.problems:  # already reported where the content names it
            return ImageRef(rel, shown_path(rel), 0, 0)
        source = self._source(rel, "(theme)", None, None)
        self._finish(source, "(theme)", None, None)
        return self.images.refs.get(rel) or ImageRef(rel, shown_path(rel), 0, 0)


def _stage_worker(task: tuple[Settings, bool, list[Product]]) -> tuple[list[dict[str, Any]], dict[str, ImageRef],
                                                                       dict[str, Path], int]:
    """One worker's share of the image stage (runs in a child process)."""
    settings, variants, products = task
    findings = Findings()
    cache = Cache(settings.work_dir)
    try:
        stage = ImageStage(settings, findings, cache, variants=variants)
        for product in products:
            stage._product(product)
    finally:
        cache.close()
    return [f.to_record() for f in findings], stage.images.refs, stage.images.files, stage.decoded

