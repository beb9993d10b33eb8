"""``schedule``: phases in order without overlap, every window inside the campaign."""

from __future__ import annotations

from datetime import datetime

from dacu.core import Findings
from dacu.core.i18n import Message, msg
from dacu.model import Campaign, Site


def _t(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def check_schedule(site: Site, findings: Findings) -> None:
    """Every campaign's phases, flash sales, coupon, promotion and venue windows."""
    for campaign in site.campaigns:
        _check_campaign(campaign, findings)


def _check_campaign(c: Campaign, findings: Findings) -> None:
    def add(key: str, message: Message, file: str = c.source, line: int | None = None) -> None:
        findings.add("schedule", file, message, key=key, line=line or c.line_of(key))

    assert c.start is not None and c.end is not None
    first, last = c.start, c.end  # known here: the closure below sees them as set
    if c.end <= c.start:
        add("end", msg("the campaign ends ({end}) before it starts ({start}): correct start or end",
                       end=_t(c.end), start=_t(c.start)))
        return

    def inside(key: str, what: Message, start: datetime, end: datetime, file: str = c.source,
               line: int | None = None) -> None:
        if end <= start:
            add(f"{key}.end", msg("{what} ends ({end}) before it starts ({start}): correct its start or end",
                                  what=what, end=_t(end), start=_t(start)), file, line)
        elif start < first or end > last:
            add(key, msg("{what} ({start} – {end}) lies outside the campaign ({campaign_start} – {campaign_end}): "
                         "move it inside or widen the campaign", what=what, start=_t(start), end=_t(end),
                         campaign_start=_t(first), campaign_end=_t(last)), file, line)

    for i, phase in enumerate(c.phases):
        inside(f"phases[{i}]", msg("phase {name}", name=phase.name), phase.start, phase.end)
        if i and phase.end > phase.start:
            before = c.phases[i - 1]
            if phase.start < before.start:
                add(f"phases[{i}].start", msg("phase {name} starts before phase {before}: list phases in the order "
                                              "they run", name=phase.name, before=before.name))
            elif phase.start <= before.end:
                add(f"phases[{i}].start", msg("phase {name} starts at {start}, before phase {before} ends ({end}): "
                                              "phases must not overlap", name=phase.name, start=_t(phase.start),
                                              before=before.name, end=_t(before.end)))
    for i, sale in enumerate(c.flash_sales):
        inside(f"flash_sales[{i}]", msg("flash sale {n}", n=i + 1), sale.start, sale.end)
    for i, coupon in enumerate(c.coupons):
        if coupon.start or coupon.end:
            inside(f"coupons[{i}]", msg("coupon {name}", name=coupon.name), coupon.start or c.start, coupon.end or c.end)
    for i, promo in enumerate(c.promotions):
        if promo.start or promo.end:
            inside(f"promotions[{i}]", msg("promotion {n} ({type})", n=i + 1, type=promo.type),
                   promo.start or c.start, promo.end or c.end)
    for venue in c.venues:
        if venue.start or venue.end:
            key = "start" if venue.start else "end"
            inside(key, msg("venue {title}", title=venue.title), venue.start or c.start, venue.end or c.end,
                   venue.source, venue.line_of(key))
