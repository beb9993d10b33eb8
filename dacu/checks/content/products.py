"""Per-product rules: ``price-anchor``, ``review-eligibility``, ``out-of-stock``, ``selling-points``."""

from __future__ import annotations

from dacu.core import Findings, Settings
from dacu.core.i18n import msg
from dacu.model import Site, promoted_skus, yuan


def check_products(site: Site, settings: Settings, findings: Findings) -> None:
    """Prices and copy of every product; reviews and stock of every promoted one."""
    for product in site.products.values():
        file, line = product.location()
        if product.price <= 0:
            findings.add("price-anchor", file, msg("SKU {sku} has price {price}: a sale price must be more than 0",
                                                   sku=product.sku, price=yuan(product.price)),
                         key="price", line=line, measured=float(product.price), threshold=0)
        elif product.original_price is not None and product.original_price <= product.price:
            findings.add("price-anchor", file,
                         msg("SKU {sku}: strikethrough price ¥{original} is not above the sale price ¥{price}: "
                             "raise original_price or leave it empty", sku=product.sku,
                             original=yuan(product.original_price), price=yuan(product.price)),
                         key="original_price", line=line,
                         measured=float(product.original_price), threshold=float(product.price))
        if product.member_price is not None and product.price > 0 and not 0 < product.member_price < product.price:
            findings.add("price-anchor", file,
                         msg("SKU {sku}: member price ¥{member} is not between 0 and the sale price ¥{price}: "
                             "a member price (会员价) must be below the sale price; lower member_price or leave it empty",
                             sku=product.sku, member=yuan(product.member_price), price=yuan(product.price)),
                         key="member_price", line=line,
                         measured=float(product.member_price), threshold=float(product.price))
        missing = []
        if not product.selling_points:
            missing.append(msg("main selling point (selling_points)"))
        if not product.why_buy:
            missing.append(msg("why-buy copy (why_buy)"))
        if not product.why_now:
            missing.append(msg("why-now copy (why_now)"))
        if missing:
            findings.add("selling-points", product.copy_source or file,
                         msg("the detail page of SKU {sku} lacks {missing}: the first screen must say what it is, "
                             "why buy it and why now", sku=product.sku, missing=missing),
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
                         msg("SKU {sku} is promoted in {campaign} with a positive-review rate of {rate:.0%}, under "
                             "{min_rate:.0%}: platforms hardly admit it to activities; promote a better reviewed SKU",
                             sku=sku, campaign=title, rate=float(product.review_rate), min_rate=min_rate),
                         key="review_rate", line=line, measured=float(product.review_rate), threshold=min_rate)
        if product.review_count is not None and product.review_count < min_count:
            findings.add("review-eligibility", file,
                         msg("SKU {sku} is promoted in {campaign} with {count} reviews, fewer than {min_count:g}: "
                             "collect reviews first or promote another SKU", sku=sku, campaign=title,
                             count=product.review_count, min_count=min_count),
                         key="review_count", line=line, measured=product.review_count, threshold=min_count)
        if product.stock == 0:
            findings.add("out-of-stock", file, msg("SKU {sku} is promoted in {campaign} but its stock is 0: its pages "
                                                   "show 已售罄; restock it or take it out of the promotion",
                                                   sku=sku, campaign=title),
                         key="stock", line=line, measured=0)
