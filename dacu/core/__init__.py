"""What every stage shares: findings, the rule catalogue, settings, the cache, a run's result.

Only light modules are exported here: the command line imports this package
when it answers from the last run's record. Colour science
(:mod:`dacu.core.colour`, NumPy) is imported from its module by the checks.
"""

from dacu.core.findings import Finding, Findings, Region, Severity
from dacu.core.rules import RULES, Rule
from dacu.core.settings import Settings, load_settings
from dacu.core.result import BuildResult, NoSite
from dacu.core.cache import Cache, cache_key

__all__ = ["Finding", "Findings", "Region", "Severity", "RULES", "Rule", "Settings", "load_settings",
           "BuildResult", "NoSite", "Cache", "cache_key"]
