"""The model: campaigns, venues and products loaded from content/, the site built from them, time."""

from typing import TYPE_CHECKING

from dacu.core.lazy import exports

if TYPE_CHECKING:
    from dacu.model.entities import Campaign, Page, Product, Promotion, Venue, yuan
    from dacu.model.campaigns import load_campaigns
    from dacu.model.products import load_products
    from dacu.model.site import PageEntry, Site, build_site_model, promoted_skus

__all__ = ["Campaign", "Page", "Product", "Promotion", "Venue", "yuan", "load_campaigns", "load_products",
           "PageEntry", "Site", "build_site_model", "promoted_skus"]

# each module is imported when one of its names is first used (dacu.core.lazy)
__getattr__ = exports(__name__, {
    "dacu.model.entities": ("Campaign", "Page", "Product", "Promotion", "Venue", "yuan"),
    "dacu.model.campaigns": ("load_campaigns",),
    "dacu.model.products": ("load_products",),
    "dacu.model.site": ("PageEntry", "Site", "build_site_model", "promoted_skus"),
})
