"""A package's exports imported on first use (PEP 562), so importing one module of a package pays for that module.

A package ``__init__`` that imports all its modules makes ``from
dacu.load.schema import parse_time`` load Markdown, YAML, Pillow's helpers
and the worker pool too. With :func:`exports` the package names its exports
by module; each module is imported when one of its names is first read (a
rebuild after a Markdown edit then imports only what it runs). The package
keeps ``if TYPE_CHECKING:`` imports of the same names for the type checker.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, Callable


def exports(package: str, modules: dict[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package``: each name in ``modules`` (module -> names) from its module, once."""
    owner = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str) -> Any:
        module = owner.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # the next read is a plain attribute
        return value

    return __getattr__
