"""The checks over rendered pages, fed one page's facts at a time, in any order.

The pages are rendered (and read into facts, :mod:`dacu.checks.rendered.page_facts`)
by worker processes, whose results come back batch by batch; a reused page's
facts come from the cache. :meth:`PageChecks.add` takes each page's facts as
they come and keeps only what the checks across pages need:

- colours: the first page (in page order) of each distinct colour key, the
  only one :class:`PageColours` judges (the others repeat its findings);
- links: only those whose target is not already known to be produced (the
  pages, the theme's files, the images shown so far);
- prices: the step functions :class:`PriceConsistency` compares.

:meth:`PageChecks.finish` then adds the findings, as checking every page in
page order would: same findings, same order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from dacu.core import Findings, Settings
from dacu.model import Campaign, Page, PageEntry, Site, Venue
from dacu.checks.rendered.links import report_broken
from dacu.checks.rendered.page_colours import PageColours, ThemeColours
from dacu.checks.rendered.page_facts import copy_source
from dacu.checks.rendered.prices import PriceConsistency


def palette_owner(site: Site, page: PageEntry) -> Page | None:
    """The campaign or venue whose palette a page shows (None for the index)."""
    if page.kind == "campaign":
        campaign: Campaign = page.obj
        return campaign
    if page.kind == "venue":
        venue: Venue = page.obj
        if "palette" in venue.lines:  # its own palette; otherwise it shows the campaign's
            return venue
        return site.venue_campaign(venue)
    if page.kind == "product":
        return site.campaign_of(page.obj)
    return None


class PageChecks:
    """The colour, link and price checks over the pages of one build.

    ``produced`` are output paths known to be produced before any page is
    (every page's path, the theme's files); ``image_files(rel)`` the output
    paths an image shown by a page publishes; ``reported`` output paths
    whose problem another finding names (an unreadable image: no link finding).
    """

    def __init__(self, site: Site, settings: Settings, findings: Findings, theme: ThemeColours, now: Any,
                 produced: Iterable[str], image_files: Callable[[str], Iterable[str]],
                 reported: Iterable[str] = ()) -> None:
        self.site = site
        self.settings = settings
        self.findings = findings
        self.colours = PageColours(settings, findings, theme)
        self.prices = PriceConsistency(now)
        self._image_files = image_files
        self._produced = set(produced)
        self._skip = set(reported)
        self._images: set[str] = set()
        self._keys: dict[tuple[Any, ...], tuple[Any, ...]] = {}     # a page's colour inputs -> its colour key
        self._first: dict[tuple[Any, ...], tuple[int, Page, list[tuple[str, str]], set[str]]] = {}
        self._links: list[tuple[int, int, str, str, str, str]] = []  # links to check once every file is known

    def add(self, index: int, page: PageEntry, facts: dict[str, Any]) -> None:
        """The facts of ``page``, page number ``index`` of the build's page order."""
        for rel in facts["images"]:
            if rel not in self._images:
                self._images.add(rel)
                self._produced.update(self._image_files(rel))
        owner = palette_owner(self.site, page)
        if owner is not None:
            inline = tuple(tuple(c) for c in facts["inline"])
            memo = (id(owner), inline, tuple(facts["sheets"]))
            key = self._keys.get(memo)
            if key is None:
                key = self._keys[memo] = self.colours.key(owner.source, owner.palette, list(inline),
                                                          set(facts["sheets"]))
            first = self._first.get(key)
            if first is None or index < first[0]:
                self._first[key] = (index, owner, list(inline), set(facts["sheets"]))
        copy = copy_source(page)
        for source, pairs in ((copy, facts["copy"]), (page.source, facts["links"])):
            for order, (link, target) in enumerate(pairs):
                if target in self._skip or (target in self._produced and not target.startswith("../")):
                    continue
                self._links.append((index, order if source == copy else len(facts["copy"]) + order,
                                    page.path, source or page.source, link, target))
        self.prices.add(index, page.obj.sku if page.kind == "product" else None, facts)

    def finish(self, produced: set[str], reported: set[str], pages: Sequence[PageEntry], root: Path | None) -> None:
        """Add the findings; ``produced`` is every output file, ``reported`` as in :func:`check_links`."""
        for _, owner, inline, linked in sorted(self._first.values(), key=lambda first: first[0]):
            self.colours.check(owner.source, owner.line_of("palette"), owner.palette, inline, linked, owner.line_of)
        self.prices.report(self.findings, pages)
        for _, _, page, source, link, target in sorted(self._links):
            if target in reported:
                continue
            if target.startswith("../") or target not in produced:
                report_broken(self.findings, page, source, link, root)
