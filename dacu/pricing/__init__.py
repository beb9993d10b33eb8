"""Prices and offers as shoppers meet them: a promotion in plain words."""

from dacu.pricing.describe import describe, zhe

__all__ = ["describe", "zhe"]
