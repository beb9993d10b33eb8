"""Checks over rendered pages: links, the colours a page shows, the prices it shows."""

from dacu.checks.rendered.links import check_links, page_links
from dacu.checks.rendered.page_colours import PageColours, ThemeColourMemo, inline_colours, read_theme_colours
from dacu.checks.rendered.prices import PricedPage, check_price_consistency, page_prices

__all__ = ["check_links", "page_links", "PageColours", "ThemeColourMemo", "inline_colours", "read_theme_colours",
           "PricedPage", "check_price_consistency", "page_prices"]
