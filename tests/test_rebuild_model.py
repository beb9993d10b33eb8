"""The record's model part read product by product: a long copy edit unpickles only what its page shows.

Each product is its own pickle in ``.dacu/incremental-model.pickle``
(:mod:`dacu.incremental.shelf`); the results must stay those of a full build.
"""

from __future__ import annotations

import logging
import pickle

from sitekit import PRODUCTS, write_valid_site
from test_rebuild_record import COPY, NOW, assert_same_as_full

#: Four more products, none related to 100012 and without an SPU (so not its variants).
MORE = "".join(f"1000{n},,台灯 {n},明亮,家居,59,79,20,10,护眼,柔光,今晚截止,0.9,100,yes,no,yes,\n"
               for n in range(20, 24))


def built_with_more(scratch):  # type: ignore[no-untyped-def]
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",A1,", ",,").replace(",A2,", ",,") + MORE)
    scratch.write(COPY, "## 细节\n第一版\n")
    assert scratch.build(now=NOW).ok
    return scratch


def test_a_long_copy_edit_reads_only_the_products_its_page_shows(scratch, tmp_path, monkeypatch):
    from dacu.incremental import shelf

    built_with_more(scratch)
    read: list[str] = []
    original = shelf.ProductShelf.__getitem__

    def counted(self, sku):  # type: ignore[no-untyped-def]
        read.append(sku)
        return original(self, sku)

    monkeypatch.setattr(shelf.ProductShelf, "__getitem__", counted)
    scratch.write(COPY, "## 细节\n第二版\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and result.rendered == 1
    assert set(read) == {"100012", "100013"}  # the product and its related one, not the lamps
    monkeypatch.setattr(shelf.ProductShelf, "__getitem__", original)
    assert_same_as_full(scratch, result, tmp_path)


def test_a_campaign_text_edit_reads_every_product_and_gives_a_full_builds_result(scratch, tmp_path):
    built_with_more(scratch)
    text = (scratch.root / "content/double11/index.md").read_text(encoding="utf-8")
    scratch.write("content/double11/index.md", text + "\n再加一条规则说明。\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings
    assert_same_as_full(scratch, result, tmp_path)


def test_a_damaged_product_in_the_record_is_dropped_with_a_warning_and_built_in_full(scratch, tmp_path, caplog):
    built_with_more(scratch)
    model = scratch.root / ".dacu/incremental-model.pickle"
    part = pickle.loads(model.read_bytes())
    index, data = part["products"]
    offset, length = index["100012"]
    part["products"] = (index, data[:offset] + b"\x80\x05garbage" + data[offset + 9:])
    model.write_bytes(pickle.dumps(part))
    scratch.write(COPY, "## 细节\n第二版\n")
    with caplog.at_level(logging.WARNING, logger="dacu"):
        result = scratch.build(now=NOW)
    assert "dacu: .dacu/incremental.pickle was damaged: it was deleted and the site is built in full" in caplog.text
    assert "incremental" not in result.timings and result.ok
    assert_same_as_full(scratch, result, tmp_path)
    scratch.write(COPY, "## 细节\n第三版\n")  # the full build wrote a sound record again
    assert "incremental" in scratch.build(now=NOW).timings
