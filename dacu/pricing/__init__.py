"""Prices and offers as shoppers meet them: scope, windows, stacking, the 到手价.

One model read by pages, checks and the report, so no two places disagree
(docs/prices.md). Pure functions over the site model.
"""

from dacu.pricing.describe import describe, zhe
from dacu.pricing.offers import (Offer, applies, in_scope, offer_state, offer_window, presale_of, presale_total,
                                 round_yuan, running, selected, unit_cut)
from dacu.pricing.plan import Segment, boundaries, lowest, price_plan, quote_at
from dacu.pricing.quote import Quote, margin, promotion_label, quote

__all__ = ["describe", "zhe", "Offer", "applies", "in_scope", "offer_state", "offer_window", "presale_of",
           "presale_total", "round_yuan", "running", "selected", "unit_cut", "Segment", "boundaries", "lowest",
           "price_plan", "quote_at", "Quote", "margin", "promotion_label", "quote"]
