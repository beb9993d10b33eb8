"""``unknown-sku``: every SKU a page names exists in some product sheet."""

from __future__ import annotations

from typing import Iterator

from dacu.core import Findings
from dacu.model import Campaign, Page, Site


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


def check_references(site: Site, findings: Findings) -> None:
    """Report every campaign, venue, flash-sale, promotion and related SKU that no sheet has."""
    known = site.products

    def report(file: str, key: str, line: int | None, sku: str, what: str) -> None:
        findings.add("unknown-sku", file, f"{what} names SKU {sku}, which no product sheet has: "
                     "add it to the sheet or correct the SKU", key=key, line=line)

    for campaign in site.campaigns:
        for key, sku in _campaign_references(campaign):
            if sku not in known:
                report(campaign.source, key, campaign.line_of(key), sku, key.split("[")[0].replace("_", " "))
        for i, sale in enumerate(campaign.flash_sales):
            for sku in sale.skus:
                if sku in known and sku not in sale.prices:
                    findings.add("promotion-rules", campaign.source,
                                 f"flash sale {i + 1} lists SKU {sku} without a flash price: add it under prices",
                                 key=f"flash_sales[{i}].prices", line=campaign.line_of(f"flash_sales[{i}]"))
        for venue in campaign.venues:
            for key, sku in _page_references(venue):
                if sku not in known:
                    report(venue.source, key, venue.line_of(key), sku, "floors")
    for product in known.values():
        for sku in product.related:
            if sku not in known:
                report(product.source, "related", product.row, sku, f"the related list of SKU {product.sku}")
            elif sku == product.sku:
                findings.add("unknown-sku", product.source, f"SKU {product.sku} lists itself as related: "
                             "recommend other products", key="related", line=product.row)
