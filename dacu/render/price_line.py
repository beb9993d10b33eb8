"""The packaged theme's price line, built in Python.

``price_line`` is the hottest macro of the default theme: every detail page
and every product card shows one, made of a dozen ``money`` pieces and time
windows. As Jinja2 macros it cost about half of a detail page's rendering
(each macro call and context function goes through Jinja2's call machinery);
these functions make the same markup directly. Only the packaged
``_macros.html`` calls them (through the template function
``price_line_markup``): a theme that overrides ``_macros.html`` keeps its own
macros.

Every value that is not a constant of this module is escaped: a SKU or an
offer's name comes from a sheet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable, Sequence

from markupsafe import Markup

from dacu.model import Product
from dacu.pricing import Segment
from dacu.render.filters import escape_text, zh_clock, zh_date

#: A price as text (the environment's ``yuan`` filter) and a time window's attributes (the template's ``window``).
Yuan = Callable[[Decimal], str]
Window = Callable[..., Markup]


def money(yuan: Yuan, sku: str, amount: Decimal, kind: str, cls: str = "price") -> str:
    """The ``money`` macro: a price as the price-consistency check reads it (docs/prices.md)."""
    price = escape_text(yuan(amount))
    return (f'<b class="{escape_text(cls)}" data-sku="{escape_text(sku)}" data-price="{price}" '
            f'data-price-kind="{escape_text(kind)}">¥{price}</b>')


def strike(yuan: Yuan, amount: Decimal, sku: str) -> str:
    """The ``strike`` macro: the strikethrough price (划线价), read out as 原价."""
    price = escape_text(yuan(amount))
    return (f'<s data-sku="{escape_text(sku)}" data-price="{price}" data-price-kind="reference">'
            f'<span class="vh">原价</span>¥{price}</s>')


def price_line(product: Product, plan: Sequence[Segment], detail: bool, yuan: Yuan, window: Window) -> Markup:
    """The ``price_line`` macro of the packaged ``_macros.html``: the product's price in each stretch of ``plan``."""
    sku = product.sku
    parts = ['<p class="pl">']
    for seg in plan:
        parts.append(f"<span{window(seg.start, seg.end, 'running')}>" if len(plan) > 1 else "<span>")
        parts.append(_segment(product, seg, detail, yuan, window))
        parts.append("</span>")
    if product.original_price:
        parts.append(" " + strike(yuan, product.original_price, sku))
    if product.member_price is not None and product.member_price < product.price:
        parts.append(f' <span class="mem">会员价{money(yuan, sku, product.member_price, "member", "mp")}</span>')
    parts.append("</p>")
    return Markup("".join(parts))


def _segment(product: Product, seg: Segment, detail: bool, yuan: Yuan, window: Window) -> str:
    """One stretch of the price line, inside its ``<span>``."""
    sku, q = product.sku, seg.quote
    parts: list[str] = []
    if q.presale:
        parts.append(f'<span class="tag">预售</span> 定金{money(yuan, sku, q.presale.deposit, "deposit", "dep")}'
                     f'抵¥{escape_text(yuan(q.presale.deduct))} 到手价{money(yuan, sku, q.final, "final")}')
    else:
        item_kind = "flash" if q.flash else "sale"
        if q.flash:
            parts.append('<span class="tag">秒杀</span> ')
        if q.final != q.item:
            parts.append("到手价" + money(yuan, sku, q.final, "final"))
            if detail:
                parts.append(" " + money(yuan, sku, q.item, item_kind, "was"))
        else:
            parts.append(money(yuan, sku, q.item, item_kind))
            if q.discounted:
                parts.append(f'<span class="vh">到手价{money(yuan, sku, q.final, "final", "fv")}</span>')
        if q.flash and not product.original_price:
            parts.append(" " + strike(yuan, product.price, sku))
    if seg.coming:
        at, price = seg.coming
        parts.append(f' <span class="coming"{window(at, None)}>{escape_text(zh_date(at))} {escape_text(zh_clock(at))}开抢 '
                     f'{money(yuan, sku, price, "flash", "cp")}</span>')
    if detail and q.discounted and not q.presale:
        parts.append(f'<span class="bd"> {_breakdown(q.steps(), yuan)}'
                     + ("（独享优惠，不与其他优惠同享）" if q.exclusive else "") + "</span>")
    return "".join(parts)


def _breakdown(steps: list[tuple[str, str, Decimal]], yuan: Yuan) -> str:
    """售价 ¥299 − 满199减25 ¥25 − 店铺券 ¥20 = 到手价 ¥254 (the labels are offers' names: escaped)."""
    parts = []
    for index, (kind, label, amount) in enumerate(steps):
        price = escape_text(yuan(amount))
        if kind in ("promotion", "coupon"):
            parts.append(f" − {escape_text(label)} ¥{price}")
        elif kind == "final":
            parts.append(f" = 到手价 ¥{price}")
        else:
            parts.append(f"{' ' if index else ''}{escape_text(label)} ¥{price}")
    return "".join(parts)


def price_line_function(plan_of: Callable[[Product], Sequence[Segment]], yuan: Yuan, window: Window
                        ) -> Callable[..., Markup]:
    """The template function ``price_line_markup(p, detail=False)`` of one page's campaign."""
    def price_line_markup(product: Product, detail: bool = False) -> Markup:
        return price_line(product, plan_of(product), detail, yuan, window)
    return price_line_markup
