"""Where a product's images are: ``assets/products/<sku>/main-*.jpg`` and ``detail-*.jpg``."""

from __future__ import annotations

import os
import re
from pathlib import Path

from dacu.load import IMAGE_SUFFIXES


class ProductImages:
    """:func:`find_product_images` for every product of a sheet, with ``assets/products`` listed once.

    Most products of a big sheet have no images (8,000 of the campaign's 10,000): for a SKU
    that no entry of the listing names, one set lookup instead of a ``stat`` and three path joins.
    """

    def __init__(self, assets: Path) -> None:
        self.assets = assets
        try:
            # lower case: a case-insensitive file system finds the folder ``ABC`` as ``abc``
            self.names: set[str] | None = {name.lower() for name in os.listdir(assets / "products")}
        except OSError:
            self.names = None   # not listable: every product is looked up on its own

    def __call__(self, sku: str) -> tuple[list[str], list[str]]:
        """The product's main and detail images (relative to assets/), in order."""
        if (self.names is not None and sku.isascii() and sku not in ("", ".", "..") and "/" not in sku
                and "\\" not in sku and sku.lower() not in self.names):
            return [], []   # no such folder: is_dir() would say so
        return find_product_images(self.assets, sku)


def find_product_images(assets: Path, sku: str) -> tuple[list[str], list[str]]:
    """The product's main and detail images (relative to assets/), in order."""
    folder = assets / "products" / sku
    if not folder.is_dir():
        return [], []
    files = [p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES]
    main = sorted((p for p in files if p.stem.startswith("main-")), key=_number)
    detail = sorted((p for p in files if p.stem.startswith("detail-")), key=_number)
    return ([p.relative_to(assets).as_posix() for p in main],
            [p.relative_to(assets).as_posix() for p in detail])


def _number(path: Path) -> tuple[int, str]:
    digits = re.findall(r"\d+", path.stem)
    return (int(digits[-1]) if digits else 0, path.name)
