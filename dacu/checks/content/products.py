"""Per-product rules: ``price-anchor``, ``review-eligibility``, ``out-of-stock``, ``selling-points``."""

from __future__ import annotations

from dacu.core import Findings, Settings
from dacu.model import Site, promoted_skus, yuan


def check_products(site: Site, settings: Settings, findings: Findings) -> None:
    """Prices and copy of every product; reviews and stock of every promoted one."""
    for product in site.products.values():
        file, line = product.location()
        if product.price <= 0:
            findings.add("price-anchor", file, f"SKU {product.sku} has price {yuan(product.price)}: "
                         "a sale price must be more than 0", key="price", line=line,
                         measured=float(product.price), threshold=0)
        elif product.original_price is not None and product.original_price <= product.price:
            findings.add("price-anchor", file,
                         f"SKU {product.sku}: strikethrough price ¥{yuan(product.original_price)} is not above the "
                         f"sale price ¥{yuan(product.price)}: raise original_price or leave it empty",
                         key="original_price", line=line,
                         measured=float(product.original_price), threshold=float(product.price))
        missing = []
        if not product.selling_points:
            missing.append("main selling point (selling_points)")
        if not product.why_buy:
            missing.append("why-buy copy (why_buy)")
        if not product.why_now:
            missing.append("why-now copy (why_now)")
        if missing:
            findings.add("selling-points", product.copy_source or file,
                         f"the detail page of SKU {product.sku} has no " + ", no ".join(missing)
                         + ": the first screen must say what it is, why buy it and why now",
                         key="selling_points" if not product.selling_points else ("why_buy" if not product.why_buy else "why_now"),
                         line=None if product.copy_source else line)
    _check_promoted(site, settings, findings)


def _check_promoted(site: Site, settings: Settings, findings: Findings) -> None:
    params = settings.rule_params("review-eligibility")
    min_rate, min_count = params["min_rate"], params["min_count"]
    promoted: dict[str, str] = {}
    for campaign in site.campaigns:
        for sku in promoted_skus(site, campaign):
            promoted.setdefault(sku, campaign.title)
    for sku, title in promoted.items():
        product = site.products[sku]
        file, line = product.location()
        if product.review_rate is not None and float(product.review_rate) < min_rate:
            findings.add("review-eligibility", file,
                         f"SKU {sku} is promoted in {title} with a positive-review rate of {float(product.review_rate):.0%}, "
                         f"under {min_rate:.0%}: platforms hardly admit it to activities; promote a better reviewed SKU",
                         key="review_rate", line=line, measured=float(product.review_rate), threshold=min_rate)
        if product.review_count is not None and product.review_count < min_count:
            findings.add("review-eligibility", file,
                         f"SKU {sku} is promoted in {title} with {product.review_count} reviews, fewer than "
                         f"{min_count:g}: collect reviews first or promote another SKU",
                         key="review_count", line=line, measured=product.review_count, threshold=min_count)
        if product.stock == 0:
            findings.add("out-of-stock", file, f"SKU {sku} is promoted in {title} but its stock is 0: "
                         "restock it or take it out of the promotion", key="stock", line=line, measured=0)
