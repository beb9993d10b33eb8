"""The record's model part read product by product: a long copy edit unpickles only what its page shows.

Each product is its own pickle in ``.dacu/incremental-model.pickle``
(:mod:`dacu.incremental.shelf`); the results must stay those of a full build.
"""

from __future__ import annotations

import os
import pickle

import pytest

from sitekit import PRODUCTS, write_valid_site
from test_rebuild_record import COPY, NOW, assert_rebuilt_in_full_after_damage, assert_same_as_full

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


@pytest.mark.parametrize("damage", ["a product's bytes", "a product's index entry", "the products' bytes cut short"])
def test_a_damaged_product_in_the_record_is_dropped_with_a_warning_and_built_in_full(scratch, tmp_path, caplog,
                                                                                   damage):
    built_with_more(scratch)
    model = scratch.root / ".dacu/incremental-model.pickle"
    raw = model.read_bytes()   # the pickle's length, the pickle, the products' bytes
    size = int.from_bytes(raw[:8], "big")
    part, data = pickle.loads(raw[8:8 + size]), raw[8 + size:]
    index, _ = part["products"]
    if damage == "a product's bytes":
        offset, length = index["100012"]
        data = data[:offset] + b"\x80\x05garbage" + data[offset + 9:]
    elif damage == "a product's index entry":
        index["100012"] = None   # the entry of the product the edit's page shows, not an (offset, length) pair
    else:
        data = data[:-10]   # the file ends before the products it names
    head = pickle.dumps(part)
    model.write_bytes(len(head).to_bytes(8, "big") + head + data)
    assert_rebuilt_in_full_after_damage(scratch, caplog, tmp_path, "## 细节\n第二版\n")
    scratch.write(COPY, "## 细节\n第三版\n")  # the full build wrote a sound record again
    assert "incremental" in scratch.build(now=NOW).timings


# -- site/ checked by a stat of each recorded file and folder (dacu.output.tree_stamps) --------------------
def test_the_rebuild_stats_site_instead_of_walking_it(scratch, monkeypatch):
    import importlib

    replay = importlib.import_module("dacu.output.replay")  # the module (the package exports a function so named)
    built_with_more(scratch)
    scratch.write(COPY, "## 细节\n第二版\n")
    walked: list[str] = []
    original = replay._tree
    monkeypatch.setattr(replay, "_tree", lambda hasher, base, label, *a, **k: (walked.append(label),
                                                                               original(hasher, base, label, *a, **k)))
    first = scratch.build(now=NOW)
    scratch.write(COPY, "## 细节\n第三版\n")
    second = scratch.build(now=NOW)  # after a rebuild too: its record holds the stamps after its patch
    assert "incremental" in first.timings and "incremental" in second.timings
    assert "site" not in walked


@pytest.mark.parametrize("edit", ["added", "removed", "added to a new folder", "added, folder time kept"])
def test_a_hand_edit_in_site_is_noticed_without_the_walk(scratch, tmp_path, edit, monkeypatch):
    from dacu.output import tree_stamps

    # a clock whose ticks are as long as the racy window: the folders the rebuild writes stay racy however
    # long it takes to stamp them (a fine clock's time of a later change differs from the one stamped)
    monkeypatch.setattr(tree_stamps, "FINE_RACY_NS", 2_000_000_000)
    built_with_more(scratch)
    scratch.write(COPY, "## 细节\n第二版\n")
    assert "incremental" in scratch.build(now=NOW).timings  # the folder of the page it wrote is racy now
    if edit == "added":
        (scratch.root / "site/products/100013/notes.txt").write_text("mine", encoding="utf-8")
    elif edit == "removed":
        (scratch.root / "site/products/100020/index.html").unlink()
    elif edit == "added to a new folder":
        (scratch.root / "site/extra").mkdir()
        (scratch.root / "site/extra/notes.txt").write_text("mine", encoding="utf-8")
    else:  # the folder's time put back, as a coarse clock would leave it: its entries are compared
        folder = scratch.root / "site/products/100012"
        before = os.stat(folder)
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
        os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))
    scratch.write(COPY, "## 细节\n第三版\n")
    result = scratch.build(now=NOW)  # the full build decides what becomes of the file (docs/architecture.md)
    assert "incremental" not in result.timings and result.ok
    assert "第三版" in (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")
    if edit == "removed":
        assert_same_as_full(scratch, result, tmp_path)
