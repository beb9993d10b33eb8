"""The site model: every page to produce, its URL and what it lists.

Built from the loaded campaigns and products before anything is rendered,
so URL collisions and unknown references are found first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from dacu.core import Findings, Settings
from dacu.core.i18n import msg
from dacu.model.entities import Campaign, Floor, Product, Venue

# Top-level folders of site/ that dacu writes itself.
RESERVED = {"assets", "static", "products", "_report", "_dacu"}


@dataclass
class PageEntry:
    """One page to write: its kind, output path and the object it shows."""

    kind: str                         # index / campaign / venue / product
    path: str                         # output path inside site/, e.g. "double11/index.html"
    source: str                       # what it is built from, relative to the root
    obj: Any = None

    @property
    def url(self) -> str:
        """The page's URL path (directory style)."""
        return self.path.removesuffix("index.html")


@dataclass
class Site:
    """Everything that will be built, with the lookups rendering needs."""

    settings: Settings
    campaigns: list[Campaign]
    products: dict[str, Product]
    pages: list[PageEntry] = field(default_factory=list)
    _home: dict[str, Campaign] | None = field(default=None, repr=False)
    _spus: dict[str, list[Product]] | None = field(default=None, repr=False)

    def product_page(self, sku: str) -> str:
        return f"products/{sku}/index.html"

    def campaign_page(self, campaign: Campaign) -> str:
        return f"{campaign.slug}/index.html"

    def venue_page(self, venue: Venue) -> str:
        return f"{venue.campaign}/{venue.slug}/index.html"

    def floor_products(self, floor: Floor) -> list[Product]:
        """A floor's products: its explicit SKUs, or every product of its category."""
        if floor.skus:
            return [self.products[s] for s in floor.skus if s in self.products]
        if floor.category:
            return [p for p in self.products.values() if p.category == floor.category]
        return []

    def campaign_of(self, product: Product) -> Campaign | None:
        """The campaign whose pages show ``product`` (the first one, in folder order)."""
        return self.homes().get(product.sku, self.campaigns[0] if self.campaigns else None)

    def homes(self) -> dict[str, Campaign]:
        """The campaign of each SKU some campaign's pages show (:meth:`campaign_of`), worked out once."""
        if self._home is None:
            self._home = {}
            for campaign in reversed(self.campaigns):
                self._home.update(dict.fromkeys(promoted_skus(self, campaign), campaign))
        return self._home

    def venue_campaign(self, venue: Venue) -> Campaign:
        """The campaign a venue belongs to."""
        return next(c for c in self.campaigns if c.slug == venue.campaign)

    def variants(self, product: Product) -> list[Product]:
        """Other SKUs of the same SPU (variants), in sheet order."""
        if not product.spu:
            return []
        if self._spus is None:   # one pass over the sheet, not one per product shown (N² for a sheet of SPUs)
            self._spus = {}
            for other in self.products.values():
                if other.spu:
                    self._spus.setdefault(other.spu, []).append(other)
        return [p for p in self._spus.get(product.spu, ()) if p.sku != product.sku]


def promoted_skus(site: Site, campaign: Campaign) -> dict[str, None]:
    """Every SKU a campaign's pages show, in page order (an ordered set)."""
    skus: dict[str, None] = {}
    for page in [campaign, *campaign.venues]:
        for floor in page.floors:
            skus.update(dict.fromkeys(p.sku for p in site.floor_products(floor)))
    for sale in campaign.flash_sales:
        skus.update(dict.fromkeys(s for s in sale.skus if s in site.products))
    for promo in campaign.promotions:
        skus.update(dict.fromkeys(s for s in [*promo.skus, promo.sku] if s and s in site.products))
    return skus


def build_site_model(settings: Settings, campaigns: list[Campaign], products: dict[str, Product],
                     findings: Findings) -> Site:
    """Lay out every page and report URLs that collide or take a reserved name."""
    site = Site(settings=settings, campaigns=campaigns, products=products)
    for campaign in campaigns:
        if campaign.slug.lower() in RESERVED:
            findings.add("url-collision", campaign.source,
                         msg('the campaign folder "{folder}" is a name dacu uses for its own files ({names}): '
                             "rename the folder", folder=campaign.slug, names=sorted(RESERVED)))
    lay_out(site)
    _report_collisions(site, findings)
    return site


def lay_out(site: Site) -> None:
    """Every page of ``site`` into ``site.pages``, in build order (a campaign under a reserved name has none)."""
    site.pages = [PageEntry("index", "index.html", "content/")]
    for campaign in site.campaigns:
        if campaign.slug.lower() in RESERVED:
            continue
        site.pages.append(PageEntry("campaign", site.campaign_page(campaign), campaign.source, campaign))
        for venue in campaign.venues:
            site.pages.append(PageEntry("venue", site.venue_page(venue), venue.source, venue))
    for product in site.products.values():
        site.pages.append(PageEntry("product", site.product_page(product.sku), product.source, product))


def _report_collisions(site: Site, findings: Findings) -> None:
    # Case-insensitive: site/ is often published from or to macOS and Windows.
    seen: dict[str, PageEntry] = {}
    for page in site.pages:
        key = str(PurePosixPath(page.path)).lower()
        if key in seen:
            first = seen[key]
            findings.add("url-collision", page.source,
                         msg("{path} is also produced from {other}: rename one of them so their URLs differ",
                             path=page.path, other=first.source))
        else:
            seen[key] = page
