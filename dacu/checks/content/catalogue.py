"""The content rules, run together over the site model."""

from __future__ import annotations

from dacu.checks.content.claims import check_claims
from dacu.checks.content.offers import check_offers
from dacu.checks.content.products import check_products
from dacu.checks.content.promotions import check_promotions
from dacu.checks.content.references import check_references
from dacu.checks.content.schedule import check_schedule
from dacu.core.findings import Findings
from dacu.model.site import Site


def check_content(site: Site, findings: Findings) -> None:
    """Every content and promotion rule of the catalogue."""
    check_references(site, findings)
    check_products(site, site.settings, findings)
    check_promotions(site, findings)
    check_schedule(site, findings)
    check_offers(site, findings)
    check_claims(site, findings)
