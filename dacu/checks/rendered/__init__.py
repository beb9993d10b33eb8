"""Checks over rendered pages: links, and the colours a page shows."""

from dacu.checks.rendered.links import check_links, page_links
from dacu.checks.rendered.page_colours import PageColours, ThemeColourMemo, inline_colours, read_theme_colours

__all__ = ["check_links", "page_links", "PageColours", "ThemeColourMemo", "inline_colours", "read_theme_colours"]
