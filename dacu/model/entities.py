"""The content model: what a campaign, a venue and a product are.

Loading turns content/ into these objects; checks, rendering and the dev
server read them. Money is :class:`~decimal.Decimal` (yuan) so that 0.1 + 0.2
prices add up; times are timezone-aware datetimes. ``lines`` maps a key path
such as ``"promotions[0].tiers"`` to its line in the source file, so a
finding can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Context, Decimal
from typing import Any


@dataclass
class Hero:
    """The full-width image at the top of a page, with text drawn over it."""

    image: str | None = None          # relative to assets/
    alt: str = ""
    text_color: str | None = None     # "#RRGGBB"
    text_box: tuple[float, float, float, float] | None = None  # x, y, w, h as fractions


@dataclass
class Phase:
    name: str
    start: datetime
    end: datetime


@dataclass
class Scope:
    """Which products an offer applies to (a product must match every key given).

    ``category``, ``brand`` and ``skus`` narrow; ``exclude`` removes SKUs.
    An empty scope is every product of the campaign.
    """

    category: list[str] = field(default_factory=list)
    brand: list[str] = field(default_factory=list)
    skus: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)


@dataclass
class Coupon:
    name: str
    threshold: Decimal
    amount: Decimal
    start: datetime | None = None
    end: datetime | None = None
    scope: Scope = field(default_factory=Scope)
    exclusive: bool = False


@dataclass
class Promotion:
    """One promotion mechanic; which fields are set depends on ``type``.

    tiered:      tiers = [(threshold yuan, discount yuan), ...]   满减
    percent_off: tiers = [(pieces, rate), ...]                   满M件打N折
    n_free:      buy, free                                       满M件减N件
    add_on:      threshold, sku, price                           加价购
    gift:        threshold, gift                                 满赠
    bundle:      name, skus, price                               套装
    """

    type: str
    tiers: list[tuple[Decimal, Decimal]] = field(default_factory=list)
    buy: int | None = None
    free: int | None = None
    threshold: Decimal | None = None
    sku: str | None = None
    price: Decimal | None = None
    gift: str | None = None
    name: str | None = None
    skus: list[str] = field(default_factory=list)
    scope: Scope = field(default_factory=Scope)
    start: datetime | None = None      # its own window inside the campaign (default: the campaign's)
    end: datetime | None = None
    exclusive: bool = False


@dataclass
class Presale:
    """A pre-sale (预售): a deposit (定金) that counts for ``deduct`` at the final payment (膨胀).

    The shopper pays ``deposit`` in the deposit window and ``price − deduct`` in
    the balance window: deposit + price − deduct in all.
    """

    sku: str
    price: Decimal
    deposit: Decimal
    deduct: Decimal
    deposit_start: datetime
    deposit_end: datetime
    balance_start: datetime
    balance_end: datetime


@dataclass
class FlashSale:
    """A flash-sale slot (秒杀): its window, SKUs and their flash prices."""

    start: datetime
    end: datetime
    skus: list[str]
    prices: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Floor:
    """A product floor (楼层): by category, or an explicit SKU list."""

    title: str
    category: str | None = None
    skus: list[str] = field(default_factory=list)


@dataclass
class Page:
    """What campaigns and venues share: a Markdown file with front matter."""

    slug: str
    source: str                       # path relative to the site root
    title: str
    hero: Hero | None = None
    floors: list[Floor] = field(default_factory=list)
    palette: dict[str, str] = field(default_factory=dict)
    body_html: str = ""
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int | None:
        """The source line of ``key`` or of its nearest parent key."""
        return line_for(self.lines, key)


@dataclass
class Venue(Page):
    """A sub-venue page (分会场) of a campaign."""

    campaign: str = ""
    start: datetime | None = None     # its own dates inside the campaign (default: the campaign's)
    end: datetime | None = None


@dataclass
class Campaign(Page):
    """A campaign and its landing page (主会场)."""

    slogan: str = ""
    start: datetime | None = None
    end: datetime | None = None
    phases: list[Phase] = field(default_factory=list)
    coupons: list[Coupon] = field(default_factory=list)
    promotions: list[Promotion] = field(default_factory=list)
    flash_sales: list[FlashSale] = field(default_factory=list)
    presales: list[Presale] = field(default_factory=list)
    venues: list[Venue] = field(default_factory=list)


@dataclass
class Product:
    """One SKU, merged from its sheet row and its optional Markdown long copy."""

    sku: str
    title: str
    brand: str
    price: Decimal
    source: str                       # sheet (or .md) relative to the site root
    row: int | None = None            # line in a CSV, row in a sheet
    spu: str | None = None
    category: str | None = None
    original_price: Decimal | None = None
    cost: Decimal | None = None
    stock: int | None = None
    selling_points: list[str] = field(default_factory=list)
    why_buy: str = ""
    why_now: str = ""
    review_rate: float | None = None
    review_count: int | None = None
    free_shipping: bool | None = None
    cod: bool | None = None
    returns_7d: bool | None = None
    related: list[str] = field(default_factory=list)
    member_price: Decimal | None = None     # 会员价: shown beside the 到手价, never in it
    price_7d_low: Decimal | None = None     # lowest price of the 7 days before: the base of a discount claim
    body_html: str = ""
    copy_source: str | None = None    # content/products/<sku>.md, when there is one
    main_images: list[str] = field(default_factory=list)    # relative to assets/
    detail_images: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def location(self) -> tuple[str, int | None]:
        """The file and line a finding about this product should point at."""
        return self.source, self.row


def yuan(amount: Decimal | float | int) -> str:
    """An amount as people write it: 199, 199.9, 19.90 → "19.9"."""
    # Pages show tens of prices each (hundreds of thousands in a big campaign): an int, or a
    # Decimal with at most two places (every amount a sheet gives), needs no rounding.
    if type(amount) is int:
        return str(amount)
    text = f"{amount:f}" if type(amount) is Decimal and amount.is_finite() else ""
    dot = text.find(".")
    if not text or (dot >= 0 and len(text) - dot > 3):
        # A wide context: the default 28 digits would overflow on the largest amounts the schema admits.
        text = f"{Decimal(str(amount)).quantize(Decimal('0.01'), context=Context(prec=60)):f}"
        dot = text.find(".")
    return text.rstrip("0").rstrip(".") if dot >= 0 else text


def line_for(lines: dict[str, int], key: str) -> int | None:
    """The line of ``key`` or of its nearest parent key ("a.b[2].c" → "a.b[2]" → ...)."""
    while key:
        if key in lines:
            return lines[key]
        cut = max(key.rfind("."), key.rfind("["))
        key = key[:cut] if cut > 0 else ""
    return None
