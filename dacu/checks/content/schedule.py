"""``schedule``: phases in order without overlap, every window inside the campaign."""

from __future__ import annotations

from datetime import datetime

from dacu.core import Findings
from dacu.model import Campaign, Site


def _t(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def check_schedule(site: Site, findings: Findings) -> None:
    """Every campaign's phases, flash sales and coupon windows."""
    for campaign in site.campaigns:
        _check_campaign(campaign, findings)


def _check_campaign(c: Campaign, findings: Findings) -> None:
    def add(key: str, message: str) -> None:
        findings.add("schedule", c.source, message, key=key, line=c.line_of(key))

    assert c.start is not None and c.end is not None
    first, last = c.start, c.end  # known here: the closure below sees them as set
    if c.end <= c.start:
        add("end", f"the campaign ends ({_t(c.end)}) before it starts ({_t(c.start)}): correct start or end")
        return

    def inside(key: str, what: str, start: datetime, end: datetime) -> None:
        if end <= start:
            add(f"{key}.end", f"{what} ends ({_t(end)}) before it starts ({_t(start)}): correct its start or end")
        elif start < first or end > last:
            add(key, f"{what} ({_t(start)} – {_t(end)}) lies outside the campaign "
                f"({_t(first)} – {_t(last)}): move it inside or widen the campaign")

    for i, phase in enumerate(c.phases):
        inside(f"phases[{i}]", f"phase {phase.name}", phase.start, phase.end)
        if i and phase.end > phase.start:
            before = c.phases[i - 1]
            if phase.start < before.start:
                add(f"phases[{i}].start", f"phase {phase.name} starts before phase {before.name}: "
                    "list phases in the order they run")
            elif phase.start <= before.end:
                add(f"phases[{i}].start", f"phase {phase.name} starts at {_t(phase.start)}, before phase "
                    f"{before.name} ends ({_t(before.end)}): phases must not overlap")
    for i, sale in enumerate(c.flash_sales):
        inside(f"flash_sales[{i}]", f"flash sale {i + 1}", sale.start, sale.end)
    for i, coupon in enumerate(c.coupons):
        if coupon.start or coupon.end:
            inside(f"coupons[{i}]", f"coupon {coupon.name}", coupon.start or c.start, coupon.end or c.end)
