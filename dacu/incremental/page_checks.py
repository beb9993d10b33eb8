"""What the checks of a produced page read from it, shared by the full build and the rebuild from the record."""

from __future__ import annotations

from dacu.checks import page_links
from dacu.checks.rendered.links import resolve as resolve_link
from dacu.model import Campaign, Page, PageEntry, Site, Venue
from dacu.render import Produced, Theme


def link_sources(item: Produced) -> list[tuple[str, str, list[str]]]:
    """A product page's links from its long copy belong to content/products/<sku>.md, the rest to its sheet."""
    copy = getattr(item.page.obj, "copy_source", None) if item.page.kind == "product" else None
    if not copy:
        return [(item.page.path, item.page.source, item.links)]
    written = set(page_links(item.page.obj.body_html))
    return [(item.page.path, copy, [link for link in item.links if link in written]),
            (item.page.path, item.page.source, [link for link in item.links if link not in written])]


def style_sheets(theme: Theme) -> dict[str, str]:
    """The theme's published style sheets: output path -> name."""
    return {output: name for name, (_, output) in theme.static.items() if name.endswith(".css")}


def linked_sheets(sheets: dict[str, str], path: str, links: list[str]) -> set[str]:
    """The style sheets a page at ``path`` links (only they bring colours to it)."""
    return {sheets[target] for target in (resolve_link(path, link) for link in links) if target in sheets}


def palette_owner(site: Site, page: PageEntry) -> Page | None:
    """The campaign or venue whose palette a page shows (None for the index)."""
    if page.kind == "campaign":
        campaign: Campaign = page.obj
        return campaign
    if page.kind == "venue":
        venue: Venue = page.obj
        if "palette" in venue.lines:  # its own palette; otherwise it shows the campaign's
            return venue
        return site.venue_campaign(venue)
    if page.kind == "product":
        return site.campaign_of(page.obj)
    return None
