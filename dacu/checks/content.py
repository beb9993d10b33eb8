"""The content rules, run together over the site model."""

from __future__ import annotations

from dacu.checks.products import check_products
from dacu.checks.promotions import check_promotions
from dacu.checks.references import check_references
from dacu.checks.schedule import check_schedule
from dacu.findings import Findings
from dacu.site import Site


def check_content(site: Site, findings: Findings) -> None:
    """Every content and promotion rule of the catalogue."""
    check_references(site, findings)
    check_products(site, site.settings, findings)
    check_promotions(site, findings)
    check_schedule(site, findings)
