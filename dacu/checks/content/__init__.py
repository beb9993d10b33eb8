"""The content rules, run together over the site model (:func:`check_content`).

The package imports its modules on first use (dacu.core.lazy): the rebuild after
a campaign's rules edit judges their discount claims alone and imports only
:mod:`dacu.checks.content.claims`.
"""

from typing import TYPE_CHECKING

from dacu.core.lazy import exports

if TYPE_CHECKING:
    from dacu.checks.content.catalogue import check_content

__all__ = ["check_content"]

# each module is imported when one of its names is first used (dacu.core.lazy)
__getattr__ = exports(__name__, {
    "dacu.checks.content.catalogue": ("check_content",),
})
