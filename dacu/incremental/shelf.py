"""The products of the record's model part, each unpickled when first asked for.

A long copy edit re-renders one detail page, which shows its product, its
related products and variants, and its campaign: a few of the site's
products. Unpickling all of them cost a fresh-process rebuild of the
4,000-product corpus 90 ms (more than rendering the page), so the model
part keeps each product as its own pickle behind an index
(:func:`pack`), and :class:`ProductShelf` reads one on first use. Every
mapping operation gives what the whole dict would: membership and order
come from the index, and iterating the values reads every product (a
category floor or a variant lookup does; the detail page of the corpus
does not).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from dacu.model.entities import Product


def pack(products: Mapping[str, Product]) -> tuple[dict[str, tuple[int, int]], bytes]:
    """Each product pickled on its own: the index (SKU -> offset, length, in the dict's order) and the bytes."""
    index: dict[str, tuple[int, int]] = {}
    chunks: list[bytes] = []
    offset = 0
    for sku, product in products.items():
        data = pickle.dumps(product, protocol=pickle.HIGHEST_PROTOCOL)
        index[sku] = (offset, len(data))
        chunks.append(data)
        offset += len(data)
    return index, b"".join(chunks)


class DamagedRecord(Exception):
    """A product's bytes in the record could not be read back (its SKU is the argument)."""


class ProductShelf(Mapping[str, Product]):
    """The site's products by SKU, read from ``data`` through ``index`` on first use.

    ``load`` turns one product's bytes into the product (the record's safe
    unpickler); damaged bytes raise :class:`DamagedRecord`, where reading the whole part would have
    failed.
    """

    def __init__(self, index: dict[str, tuple[int, int]], data: bytes | memoryview,
                 load: Callable[[bytes | memoryview], Any]) -> None:
        self._index = index
        self._data = memoryview(data)
        self._load = load
        self._read: dict[str, Product] = {}

    def __getitem__(self, sku: str) -> Product:
        product = self._read.get(sku)
        if product is None:
            entry = self._index[sku]   # KeyError: not a product of the site, as the dict says
            try:
                # unpacked in here: a damaged entry (not an offset and a length) is damage too, not a crash
                offset, length = entry
                product = self._load(self._data[offset:offset + length])
            except Exception as exc:  # noqa: BLE001 -- anything damaged bytes can raise while unpickling
                raise DamagedRecord(sku) from exc
            if not isinstance(product, Product) or product.sku != sku:
                raise DamagedRecord(sku)
            self._read[sku] = product
        return product

    def __contains__(self, sku: object) -> bool:
        return sku in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def read(self) -> list[str]:
        """The SKUs read so far (tests)."""
        return list(self._read)
