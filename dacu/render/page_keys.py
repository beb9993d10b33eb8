"""What each page depends on, as one key: unchanged key, unchanged page.

A page's key hashes everything its template can show: the page's own
objects, the products it lists (with their image refs), its campaign, the
theme's files and the settings, and where the build's moment falls among the
campaign's time boundaries (phases, flash sales, coupons, promotions, pre-sales). Two builds whose
keys match render the same bytes, so an incremental build reuses the
previous page instead of rendering it. Templates see time only through that
discrete state (the live countdown is the browser's job), which is what
makes the key exact.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import operator
from datetime import datetime
from typing import Any, Iterable

from dacu.core.engine import engine_code
from dacu.model import Campaign, PageEntry, Product, Site, Venue, promoted_skus
from dacu.model.entities import Coupon, FlashSale, Phase, Promotion
from dacu.core import file_signature
from dacu.images import ImageSet
from dacu.render.theme import Theme


def _digest(value: Any) -> str:
    # repr, not JSON: the model is dataclasses of str, Decimal, datetime, lists
    # and dicts in load order, whose reprs are exact and several times faster.
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=16).hexdigest()


#: A product's fields but its long copy (what a tile can show), read in one call: a copy of the
#: product made with dataclasses.replace cost more than the digest itself.
_TILE_FIELDS = operator.attrgetter(*(f.name for f in dataclasses.fields(Product) if f.name != "body_html"))


def boundaries(campaign: Campaign) -> list[datetime]:
    """Every moment at which something on the campaign's pages changes state."""
    times: set[datetime] = {t for t in (campaign.start, campaign.end) if t is not None}
    windows: list[Phase | FlashSale | Coupon | Promotion | Venue] = [
        *campaign.phases, *campaign.flash_sales, *campaign.coupons, *campaign.promotions, *campaign.venues]
    for window in windows:
        times.update(t for t in (window.start, window.end) if t is not None)
    for presale in campaign.presales:
        times.update((presale.deposit_start, presale.deposit_end, presale.balance_start, presale.balance_end))
    return sorted(times)


class PageKeys:
    """Computes page keys for one build, each object digested once."""

    def __init__(self, site: Site, images: ImageSet, theme: Theme, now: datetime) -> None:
        self.site = site
        self.images = images
        self.now = now
        self._memo: dict[tuple[str, str], str] = {}
        settings = dataclasses.asdict(site.settings)
        settings.pop("root", None)
        headers = [(c.slug, c.title, c.slogan, c.start, c.end, [(v.slug, v.title) for v in c.venues])
                   for c in site.campaigns]
        files = sorted((name, file_signature(path), out) for name, (path, out) in theme.static.items())
        templates = sorted((str(p), file_signature(p)) for d in theme.template_dirs for p in d.rglob("*") if p.is_file())
        self.base = _digest([engine_code(), settings, headers, files, templates])

    def key(self, page: PageEntry) -> str:
        """The page's key: equal keys, equal HTML."""
        if page.kind == "index":
            return _digest([self.base, "index"])
        if page.kind == "campaign":
            campaign: Campaign = page.obj
            return _digest([self.base, "campaign", self._campaign(campaign, full=True),
                            [self._product(s) for s in promoted_skus(self.site, campaign)]])
        if page.kind == "venue":
            venue: Venue = page.obj
            campaign = self.site.venue_campaign(venue)
            skus = {p.sku: None for f in venue.floors for p in self.site.floor_products(f)}
            return _digest([self.base, "venue", self._object(venue), self._campaign(campaign),
                            [self._product(s) for s in skus]])
        product: Product = page.obj
        home = self.site.campaign_of(product)
        return _digest([self.base, "product", self._campaign(home) if home else None, self._product(product.sku, full=True),
                        [self._product(s) for s in self._shown(product)]])

    def _shown(self, product: Product) -> list[str]:
        """The SKUs a detail page shows beside its own product: its related products and variants."""
        return [s for s in (*product.related, *(v.sku for v in self.site.variants(product))) if s in self.site.products]

    def warm(self, pages: Iterable[PageEntry]) -> None:
        """Digest now what the detail pages' keys need besides the long copies' HTML.

        A build calls it while the workers still convert the long copies, so
        that :meth:`key` is left with each product's own HTML to digest.
        """
        for page in pages:
            if page.kind != "product":
                continue
            product: Product = page.obj
            home = self.site.campaign_of(product)
            if home:
                self._campaign(home)
            for sku in (product.sku, *self._shown(product)):
                self._product(sku)

    def _campaign(self, campaign: Campaign, full: bool = False) -> str:
        """A campaign as its landing page shows it (``full``), or as other pages use it.

        Venue and detail pages show the campaign's offers, times and palette,
        never its rules (the Markdown body), so editing the rules re-renders
        only the landing page.
        """
        memo = ("campaign-full" if full else "campaign", campaign.slug)
        if memo not in self._memo:
            data: Any = campaign
            if not full:
                data = dataclasses.replace(campaign, body_html="",
                                           venues=[dataclasses.replace(v, body_html="") for v in campaign.venues])
            state = bisect.bisect_right(boundaries(campaign), self.now)
            hero = self.images.peek(campaign.hero.image) if campaign.hero and campaign.hero.image else None
            self._memo[memo] = _digest([data, state, hero])
        return self._memo[memo]

    def _product(self, sku: str, full: bool = False) -> str:
        """A product as its own page shows it (``full``), or as a tile on other pages.

        A tile never shows the long copy, so editing a product's Markdown
        re-renders only its own detail page.
        """
        memo = ("product-full" if full else "product", sku)
        if memo not in self._memo:
            product = self.site.products[sku]
            if full:   # the tile's digest covers every other field and the images: each product repr'd once
                self._memo[memo] = _digest([self._product(sku), product.body_html])
            else:
                refs = [self.images.peek(rel) for rel in [*product.main_images, *product.detail_images]]
                self._memo[memo] = _digest([_TILE_FIELDS(product), refs])
        return self._memo[memo]

    def _object(self, obj: Any) -> str:
        return _digest(obj)
