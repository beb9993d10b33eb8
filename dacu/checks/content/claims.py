"""``price-claim``: every discount claim in the copy is backed by a 到手价.

A claim (低至6折, 5折起, 全场五折, 低至¥99, 99元起) in a title, slogan, hero
alt text, floor or venue title, selling point or the campaign rules is true
when at least one product it covers reaches it at its lowest 到手价 over the
campaign: a 折 claim measured against the product's 划线价, or its
``price_7d_low`` where it shows none (规范促销行为暂行规定, 2020).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterator

from dacu.core import Findings
from dacu.core.i18n import Message, msg
from dacu.model import Campaign, Page, Product, Site, promoted_skus, yuan
from dacu.pricing import lowest, zhe
from dacu.pricing.claims import Claim, find_claims, may_claim


@dataclass(frozen=True)
class Copy:
    """A piece of copy that may carry claims, with where it is and which products it speaks for."""

    text: str
    file: str
    key: str
    line: int | None
    campaign: Campaign | None
    products: tuple[Product, ...]


def check_claims(site: Site, findings: Findings) -> None:
    """Report every claim that no product it covers backs."""
    for copy in _copies(site):
        for claim in find_claims(copy.text):
            _judge(claim, copy, findings)


def check_rules_claims(site: Site, campaign: Campaign, findings: Findings) -> None:
    """Report the claims of ``campaign``'s rules alone (the rebuild after an edit of its Markdown text)."""
    for copy in _rules_copies(site, campaign, _promoted(site, campaign)):
        for claim in find_claims(copy.text):
            _judge(claim, copy, findings)


def _promoted(site: Site, campaign: Campaign) -> tuple[Product, ...]:
    return tuple(site.products[s] for s in promoted_skus(site, campaign))


def _rules_copies(site: Site, campaign: Campaign, everything: tuple[Product, ...]) -> Iterator[Copy]:
    for line, text in _rules_lines(site, campaign):
        yield Copy(text, campaign.source, "rules", line, campaign, everything)


def _copies(site: Site) -> Iterator[Copy]:
    for campaign in site.campaigns:
        everything = _promoted(site, campaign)
        yield from _page_copies(site, campaign, campaign, everything)
        if campaign.slogan:
            yield Copy(campaign.slogan, campaign.source, "slogan", campaign.line_of("slogan"), campaign, everything)
        yield from _rules_copies(site, campaign, everything)
        for venue in campaign.venues:
            shown = tuple({p.sku: p for f in venue.floors for p in site.floor_products(f)}.values())
            yield from _page_copies(site, campaign, venue, shown)
    for product in site.products.values():
        # only the texts that can hold a claim: 10,000 products have 40,000 texts, nearly none of them a claim
        texts = [(key, text) for key, text in [("title", product.title),
                                               *(("selling_points", point) for point in product.selling_points)]
                 if may_claim(text)]
        if texts:
            home = site.campaign_of(product)
            for key, text in texts:
                yield Copy(text, product.source, key, product.row, home, (product,))


def _page_copies(site: Site, campaign: Campaign, page: Page, products: tuple[Product, ...]) -> Iterator[Copy]:
    yield Copy(page.title, page.source, "title", page.line_of("title"), campaign, products)
    if page.hero and page.hero.alt:
        yield Copy(page.hero.alt, page.source, "hero.alt", page.line_of("hero.alt"), campaign, products)
    for index, floor in enumerate(page.floors):
        key = f"floors[{index}].title"
        yield Copy(floor.title, page.source, key, page.line_of(key), campaign, tuple(site.floor_products(floor)))


def _judge(claim: Claim, copy: Copy, findings: Findings) -> None:
    finals = [(p, lowest(copy.campaign, p).quote.final) for p in copy.products]
    if not finals:
        return
    def add(message: Message, **kw: object) -> None:
        findings.add("price-claim", copy.file, message, key=copy.key, line=copy.line, **kw)

    if claim.kind == "price":
        product, final = min(finals, key=lambda pf: pf[1])
        if final > claim.bound:
            add(msg('"{claim}" ({key}): no product it covers reaches ¥{bound}; the lowest 到手价 is ¥{final} '
                    "(SKU {sku}): lower a price to ¥{bound} or change the claim",
                    claim=claim.text, key=copy.key, bound=yuan(claim.bound), final=yuan(final), sku=product.sku),
                measured=float(final), threshold=float(claim.bound))
        return
    measured: list[tuple[Product, Decimal, Decimal, Message | None]] = []
    for p, final in finals:
        base_price, name = _base(p)
        if base_price is not None:
            measured.append((p, final, base_price, name))
    if not measured:
        add(msg('"{claim}" ({key}) cannot be checked: none of its products has a 划线价 (original_price) or a '
                "price_7d_low to measure the discount against; fill one in", claim=claim.text, key=copy.key),
            at_most="warning")
        return
    product, final, base, base_name = min(measured, key=lambda m: m[1] / m[2])
    rate = final / base
    if rate > claim.bound:
        add(msg('"{claim}" ({key}): no product it covers reaches {bound}折; the closest is SKU {sku} at ¥{final}, '
                "{rate}折 of its {base_name} ¥{base}: lower its price to ¥{needed} or change the claim",
                claim=claim.text, key=copy.key, bound=zhe(claim.bound), sku=product.sku, final=yuan(final),
                rate=zhe(rate.quantize(Decimal("0.01"))), base_name=base_name, base=yuan(base),
                needed=yuan(base * claim.bound)),
            measured=round(float(rate), 4), threshold=float(claim.bound))


def _base(product: Product) -> tuple[Decimal | None, Message | None]:
    """What a discount is measured against: the 划线价, else the 7-day low."""
    if product.original_price is not None and product.original_price > 0:
        return product.original_price, msg("划线价 (original_price)")
    if product.price_7d_low is not None and product.price_7d_low > 0:
        return product.price_7d_low, msg("lowest price of the 7 days before (price_7d_low)")
    return None, None


def _rules_lines(site: Site, campaign: Campaign) -> Iterator[tuple[int, str]]:
    """The lines of the campaign's rules (the Markdown after the front matter), numbered as in the file."""
    try:
        lines = (site.settings.root / campaign.source).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return
    fences = [i for i, line in enumerate(lines) if line.strip() == "---"][:2]
    start = fences[1] + 1 if len(fences) == 2 and fences[0] == 0 else 0
    for number in range(start, len(lines)):
        yield number + 1, lines[number]
