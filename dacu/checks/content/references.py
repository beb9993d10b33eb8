"""``unknown-sku``: every SKU a page names exists in some product sheet; every floor category has products.

A sheet that could not be read whole already has its finding; the SKUs a
page names are then not reported again (they may be in that sheet).
"""

from __future__ import annotations

from typing import Iterator

from dacu.core import Findings
from dacu.core.hints import did_you_mean
from dacu.core.i18n import Message, msg
from dacu.model import Campaign, Page, Site


#: What names a SKU, by the front matter key it is under.
_WHAT = {"floors": msg("a floor"), "flash_sales": msg("a flash sale"), "promotions": msg("a promotion"),
         "presales": msg("a pre-sale")}


def _page_references(page: Page) -> Iterator[tuple[str, str]]:
    for i, floor in enumerate(page.floors):
        for j, sku in enumerate(floor.skus):
            yield f"floors[{i}].skus[{j}]", sku


def _campaign_references(campaign: Campaign) -> Iterator[tuple[str, str]]:
    yield from _page_references(campaign)
    for i, sale in enumerate(campaign.flash_sales):
        for j, sku in enumerate(sale.skus):
            yield f"flash_sales[{i}].skus[{j}]", sku
        for sku in sale.prices:
            if sku not in sale.skus:
                yield f"flash_sales[{i}].prices.{sku}", sku
    for i, promo in enumerate(campaign.promotions):
        if promo.sku:
            yield f"promotions[{i}].sku", promo.sku
        for j, sku in enumerate(promo.skus):
            yield f"promotions[{i}].skus[{j}]", sku
    for i, presale in enumerate(campaign.presales):
        yield f"presales[{i}].sku", presale.sku


def check_references(site: Site, findings: Findings) -> None:
    """Report every campaign, venue, flash-sale, promotion and related SKU that no sheet has."""
    known = site.products
    # SKUs may be in a sheet that could not be read: its own finding comes first
    incomplete = bool(getattr(known, "incomplete", None))

    def report(file: str, key: str, line: int | None, sku: str, what: Message | str) -> None:
        if incomplete:
            return
        findings.add("unknown-sku", file, msg("{what} names SKU {sku}, which no product sheet has: "
                                              "add it to the sheet or correct the SKU", what=what, sku=sku),
                     key=key, line=line)

    for campaign in site.campaigns:
        for key, sku in _campaign_references(campaign):
            if sku not in known:
                report(campaign.source, key, campaign.line_of(key), sku, _WHAT.get(key.split("[")[0], key))
        for i, sale in enumerate(campaign.flash_sales):
            for sku in sale.skus:
                if sku in known and sku not in sale.prices:
                    findings.add("promotion-rules", campaign.source,
                                 msg("flash sale {n} lists SKU {sku} without a flash price: add it under prices",
                                     n=i + 1, sku=sku),
                                 key=f"flash_sales[{i}].prices", line=campaign.line_of(f"flash_sales[{i}]"))
        for page in [campaign, *campaign.venues]:
            if page is not campaign:
                for key, sku in _page_references(page):
                    if sku not in known:
                        report(page.source, key, page.line_of(key), sku, _WHAT["floors"])
            if not incomplete:
                _check_categories(site, page, findings)
    for product in known.values():
        for sku in product.related:
            if sku not in known:
                report(product.source, "related", product.row, sku,
                       msg("the related list of SKU {sku}", sku=product.sku))
            elif sku == product.sku:
                findings.add("unknown-sku", product.source, msg("SKU {sku} lists itself as related: "
                                                                "recommend other products", sku=product.sku),
                             key="related", line=product.row)


def _check_categories(site: Site, page: Page, findings: Findings) -> None:
    """A floor by category that no product has would silently vanish from the page."""
    categories = {p.category for p in site.products.values() if p.category}
    for i, floor in enumerate(page.floors):
        if floor.skus or not floor.category or floor.category in categories:
            continue
        key = f"floors[{i}].category"
        if categories:
            hint = did_you_mean(floor.category, categories,
                                msg("the categories are {categories}", categories=sorted(categories)))
        else:
            hint = msg("no product has a category yet: fill the category column of the sheet")
        findings.add("unknown-sku", page.source,
                     msg('floor "{title}" lists category "{category}", which no product has, so the floor would '
                         "not be shown: {hint}", title=floor.title, category=floor.category, hint=hint),
                     key=key, line=page.line_of(key))
