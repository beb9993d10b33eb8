"""Checks over rendered pages: links, the colours a page shows, the prices it shows."""

from typing import TYPE_CHECKING

from dacu.core.lazy import exports

if TYPE_CHECKING:
    from dacu.checks.rendered.links import check_links, page_links
    from dacu.checks.rendered.page_colours import PageColours, ThemeColourMemo, inline_colours, read_theme_colours
    from dacu.checks.rendered.prices import PricedPage, check_price_consistency, page_prices

__all__ = ["check_links", "page_links", "PageColours", "ThemeColourMemo", "inline_colours", "read_theme_colours",
           "PricedPage", "check_price_consistency", "page_prices"]

# each module is imported when one of its names is first used (dacu.core.lazy)
__getattr__ = exports(__name__, {
    "dacu.checks.rendered.links": ("check_links", "page_links"),
    "dacu.checks.rendered.page_colours": ("PageColours", "ThemeColourMemo", "inline_colours", "read_theme_colours"),
    "dacu.checks.rendered.prices": ("PricedPage", "check_price_consistency", "page_prices"),
})
