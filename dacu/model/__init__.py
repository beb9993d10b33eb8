"""The model: campaigns, venues and products loaded from content/, the site built from them, time."""

from dacu.model.entities import Campaign, Page, Product, Promotion, Venue, yuan
from dacu.model.campaigns import load_campaigns
from dacu.model.products import load_products
from dacu.model.site import PageEntry, Site, build_site_model, promoted_skus

__all__ = ["Campaign", "Page", "Product", "Promotion", "Venue", "yuan", "load_campaigns", "load_products",
           "PageEntry", "Site", "build_site_model", "promoted_skus"]
