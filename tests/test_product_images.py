"""ProductImages lists assets/products once and finds what find_product_images finds, SKU by SKU."""

from __future__ import annotations

from dacu.model.product_images import ProductImages, find_product_images


def test_the_listing_gives_what_each_lookup_gives(tmp_path):
    folder = tmp_path / "products"
    (folder / "1001").mkdir(parents=True)
    for name in ("main-2.jpg", "main-1.jpg", "detail-1.png", "notes.txt"):
        (folder / "1001" / name).write_bytes(b"x")
    (folder / "Abc").mkdir()
    (folder / "Abc" / "main-1.jpg").write_bytes(b"x")
    (folder / "2002").write_text("a file, not a folder")
    find = ProductImages(tmp_path)
    for sku in ("1001", "Abc", "abc", "ABC", "2002", "3003", "", ".", "..", "a/b"):
        assert find(sku) == find_product_images(tmp_path, sku), sku
    assert find("1001") == (["products/1001/main-1.jpg", "products/1001/main-2.jpg"], ["products/1001/detail-1.png"])


def test_without_a_products_folder_every_sku_has_no_images(tmp_path):
    find = ProductImages(tmp_path)
    assert find.names is None and find("1001") == ([], [])
