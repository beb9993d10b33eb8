"""A product's variants (the other SKUs of its SPU): in sheet order, found without a pass per product."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Iterator

from dacu.core import Settings
from dacu.model.entities import Product
from dacu.model.site import Site


class _CountedProducts(dict[str, Product]):
    """The sheet's products, counting the passes over them."""

    passes = 0

    def values(self):  # type: ignore[no-untyped-def, override]
        self.passes += 1
        return super().values()

    def __iter__(self) -> Iterator[str]:
        self.passes += 1
        return super().__iter__()


def _product(sku: str, spu: str | None) -> Product:
    return Product(sku=sku, title=f"商品{sku}", brand="品牌", price=Decimal("99"), source="data/products.csv", spu=spu)


def test_variants_are_the_other_skus_of_the_spu_in_sheet_order() -> None:
    products = _CountedProducts({p.sku: p for p in [_product("1", "A"), _product("2", "B"), _product("3", "A"),
                                                       _product("4", None), _product("5", "A")]})
    site = Site(settings=Settings(root=Path(".")), campaigns=[], products=products)
    assert [p.sku for p in site.variants(products["3"])] == ["1", "5"]
    assert [p.sku for p in site.variants(products["2"])] == []
    assert site.variants(products["4"]) == []


def test_a_sheet_of_spus_is_read_once_for_every_products_variants() -> None:
    products = _CountedProducts({str(i): _product(str(i), f"spu{i % 50}") for i in range(2000)})
    site = Site(settings=Settings(root=Path(".")), campaigns=[], products=products)
    for product in list(dict.values(products)):
        assert len(site.variants(product)) == 39
    assert products.passes == 1   # one pass per product would be 2,000: quadratic in the sheet
