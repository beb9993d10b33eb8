"""Reading one long copy file, ``content/products/<sku>.md``: its front matter and its Markdown.

A module of its own so that a rebuild after a long copy edit reads the file
without importing the product sheets' loader (its columns, the sheets'
readers): that is needed only for a copy whose front matter sets fields
(:func:`dacu.model.products.apply_front_matter`), and most have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dacu.core import Findings
from dacu.core.i18n import msg
from dacu.core.limits import Limits
from dacu.load import parse_document
from dacu.load.guard import InputGuard, Refused
from dacu.load.markdown_safety import markdown_problems
from dacu.model.entities import Product


@dataclass
class LongCopy:
    """What reading one long copy file gave: its Markdown (None when unreadable) and whether it set fields."""

    body: str | None
    front_matter: bool = False
    refused: bool = False
    read: bool = False            # kept after the body is dropped: the file was read (UTF-8, within limits)
    keys: tuple[str, ...] = ()    # the product fields its front matter set


def read_long_copy(root: Path, path: Path, product: Product, tz: Any, findings: Findings,
                   limits: Limits = Limits(), guard: InputGuard | None = None) -> LongCopy:
    """Read ``content/products/<sku>.md`` into ``product`` (front matter fields, ``copy_source``).

    The Markdown body is returned, not converted (a build converts many
    together); every problem of the file is a finding on it.
    """
    rel = path.relative_to(root).as_posix()
    try:
        data = (guard or InputGuard(root)).read(path, limits.file_bytes)
        doc = parse_document(data.decode("utf-8"), limits.yaml_values)
    except UnicodeDecodeError:
        findings.add("front-matter", rel, msg("the file is not UTF-8: save it as UTF-8"))
        return LongCopy(None)
    except Refused as exc:
        findings.add("product-data", rel, exc.message)
        return LongCopy(None, refused=True)
    for line, key, message in doc.errors:
        findings.add("front-matter", rel, message, line=line, key=key or None)
    applied: list[str] = []
    if doc.data:   # fields of the product: read as the sheets' columns read them
        from dacu.model.products import apply_front_matter

        applied = apply_front_matter(doc, path, rel, product, tz, findings)
    for line, message in markdown_problems(doc.body, doc.body_line):
        findings.add("product-data", rel, message, line=line)
    product.copy_source = rel
    return LongCopy(doc.body, front_matter=bool(doc.data) or bool(doc.errors), keys=tuple(applied))
