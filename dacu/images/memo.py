"""What an engine session remembers of the image stage between builds.

The preview server keeps one session for its life; after a save that
touches no image of a product, the product's whole image outcome (findings,
refs, files to publish) is replayed: no path is resolved, hashed or looked
up in the cache again. One ``stat`` per image says whether its file is the
one remembered, one per variant that the variant is still in the cache.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dacu.core import Finding
from dacu.model import Product

if TYPE_CHECKING:
    from dacu.images.refs import ImageRef, ImageSet


@dataclass
class RefMemo:
    """Refs by source content and parameters (``refs``: variants are not looked up
    again), and each product's outcome by its SKU and sheet (``products``)."""

    refs: dict[tuple[Any, ...], tuple[ImageRef, dict[str, Path]]] = field(default_factory=dict)
    products: dict[tuple[str, str], tuple[tuple[Any, ...], ProductOutcome]] = field(default_factory=dict)


@dataclass(frozen=True)
class ProductOutcome:
    """The image stage's results for one product, as a session replays them."""

    findings: tuple[Finding, ...]
    refs: tuple[tuple[str, ImageRef], ...]
    files: tuple[tuple[str, Path], ...]
    problems: frozenset[str]
    published: tuple[tuple[str, int, int], ...]   # the files to publish, with their size and mtime


def signature_of(product: Product, line: int | None, assets_dir: Path, parameters: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """What a product's image outcome depends on: its line, its images' files, the stage's parameters.

    None when an image is missing or unusable: the stage reports it, and it is not remembered.
    """
    files = []
    for rel in (*product.main_images, *product.detail_images):
        try:
            st = os.stat(os.path.join(assets_dir, rel))
        except (OSError, ValueError):
            return None
        files.append((rel, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns))
    return (line, tuple(product.main_images), tuple(product.detail_images), tuple(files), repr(parameters))


def outcome_of(product: Product, found: list[Finding], images: ImageSet) -> ProductOutcome:
    """What the stage made for ``product`` (``found``: the findings it added)."""
    rels = [*product.main_images, *product.detail_images]
    refs = [(rel, images.refs[rel]) for rel in rels if rel in images.refs]
    paths = [p for _, ref in refs for p in (ref.path, *(p for p, _ in ref.srcset),
                                           *(p for _, s in ref.sources for p, _ in s))]
    files = [(p, images.files[p]) for p in dict.fromkeys(paths) if p in images.files]
    published = []
    for _, path in files:
        try:
            st = os.stat(path)
        except OSError:
            continue
        published.append((str(path), st.st_size, st.st_mtime_ns))
    return ProductOutcome(tuple(found), tuple(refs), tuple(files),
                          frozenset(rel for rel in rels if rel in images.problems), tuple(published))


def still_there(files: tuple[tuple[str, int, int], ...]) -> bool:
    """Every file as it was when remembered (a variant removed or rewritten since is looked at again)."""
    for path, size, mtime in files:
        try:
            st = os.stat(path)
        except OSError:
            return False
        if st.st_size != size or st.st_mtime_ns != mtime:
            return False
    return True
