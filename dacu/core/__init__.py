"""What every stage shares: findings, the rule catalogue, settings, the cache, a run's result.

Only light modules are exported here: the command line imports this package
when it answers from the last run's record. Colour science
(:mod:`dacu.core.colour`, NumPy) and the worker pool (:mod:`dacu.core.parallel`,
multiprocessing) are imported from their modules by the stages that use them.
"""

from dacu.core.findings import Finding, Findings, Region, Severity
from dacu.core.rules import RULES, Rule
from dacu.core.settings import Settings, load_settings
from dacu.core.result import BuildResult, NoSite, require_site
from dacu.core.cache import Cache, cache_key
from dacu.core.files import atomic_file, file_signature, write_atomic

__all__ = ["Finding", "Findings", "Region", "Severity", "RULES", "Rule", "Settings", "load_settings",
           "BuildResult", "NoSite", "require_site", "Cache", "cache_key", "atomic_file", "file_signature", "write_atomic"]
