"""A campaign or venue page whose Markdown text alone changed: what the rebuild from the record re-reads.

The rules of a campaign (the Markdown under ``content/<campaign>/index.md``'s
front matter) show only on its landing page, a venue's text on the venue's
page and, through the campaign's key, the landing page
(:mod:`dacu.render.page_keys`: detail and venue pages use the campaign
without its texts). When the file, read again, gives the page it gave
before in everything but that text (same front matter, same lines), only
the findings its text gives (Markdown problems; for a campaign, the discount
claims of its rules, which ``price-claim`` reads) and those pages can change.
Anything else, and the rebuild runs in full.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from dacu.core import Finding, Findings, Settings
from dacu.model import Campaign, PageEntry, Site, Venue

_TEXT_PAGES = ("campaign", "venue")


def is_page_text(name: str) -> bool:
    """``content/<campaign>/<page>.md``: a campaign's or venue's file (by its input label)."""
    parts = name.split("/")
    return (len(parts) == 3 and parts[0] == "content" and parts[1] not in (".", "products")
            and parts[2].endswith(".md"))


def reread_text(root: Path, settings: Settings, theme: Any, site: Site, rel: str, findings: list[Finding],
                bodies: dict[str, str], cache: Any, converter: Any, parsed: Any) -> list[PageEntry] | None:
    """Read ``rel`` again. When only its Markdown text changed: the recorded page gets the new HTML
    (also into ``bodies``, by file), ``findings`` (in place) the findings reading it gives now instead
    of those it gave, and the result is the landing and venue pages of its campaign (their keys say
    which changed); None when anything else changed (the full build decides)."""
    from dacu.model.campaigns import complete_palettes, load_page_file

    entry = next((p for p in site.pages if p.source == rel and p.kind in _TEXT_PAGES), None)
    if entry is None:
        return None
    old: Campaign | Venue = entry.obj
    found = Findings(settings.severities, settings.language)
    new = load_page_file(settings, root / rel, found, cache, converter, parsed)
    if new is None or type(new) is not type(old):
        return None
    probe: Campaign | Venue
    if isinstance(new, Campaign):
        campaign: Campaign = entry.obj
        alone = dataclasses.replace(new, venues=[])
        complete_palettes([alone], theme.default_palette())  # as load_campaigns leaves it, venues aside
        alone.venues = campaign.venues
        probe = alone
    else:
        campaign = site.venue_campaign(entry.obj)
        # as load_campaigns completes a venue: from the campaign's palette as written, then the completed one
        written = load_page_file(settings, root / campaign.source, Findings(), cache, converter, parsed)
        if written is None:
            return None
        probe = new
        probe.campaign = campaign.slug
        if not probe.palette:
            probe.palette = dict(written.palette)
        probe.palette = {**campaign.palette, **probe.palette}
    if dataclasses.replace(probe, body_html=old.body_html) != old:
        return None  # the front matter says something else now: other pages may show it
    findings[:] = [f for f in findings if not (f.rule == "front-matter" and f.file == rel)]
    findings += list(found)  # all the findings reading a page file gives are front-matter findings on it
    old.body_html = bodies[rel] = new.body_html
    if isinstance(new, Campaign):
        _judge_rules(settings, site, campaign, findings)
    return [p for p in site.pages if p.kind in _TEXT_PAGES
            and (p.obj is campaign or any(p.obj is venue for venue in campaign.venues))]


def _judge_rules(settings: Settings, site: Site, campaign: Campaign, findings: list[Finding]) -> None:
    """The discount claims of the campaign's rules judged again: the text is copy price-claim reads."""
    from dacu.checks.content.claims import check_rules_claims

    findings[:] = [f for f in findings
                   if not (f.rule == "price-claim" and f.file == campaign.source and f.key == "rules")]
    claims = Findings(settings.severities, settings.language)
    check_rules_claims(site, campaign, claims)
    findings += list(claims)
