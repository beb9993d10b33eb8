"""What a big build lets go of, and what it shares: the sheet's rows once the model is built,
one object per repeated sheet value, few results waiting ahead of the build's process, and a
worker's fragments after each batch (no sizes measured: bench/ measures memory)."""

from __future__ import annotations

import gc
import weakref
from decimal import Decimal
from typing import Any

from sitekit import HEADER, write_valid_site


def test_the_sheets_rows_are_let_go_once_the_model_is_built(scratch, monkeypatch):
    from dacu.build import load
    from dacu.model import products as products_module

    write_valid_site(scratch, images=False)
    read = products_module.read_sheet
    refs: list[weakref.ref[Any]] = []

    def read_and_watch(*args: Any, **kwargs: Any) -> Any:
        sheet = read(*args, **kwargs)
        refs.extend([weakref.ref(sheet), *(weakref.ref(row) for row in sheet.rows)])
        return sheet

    monkeypatch.setattr(products_module, "read_sheet", read_and_watch)
    loaded = load(scratch.root)
    gc.collect()
    assert len(loaded.site.products) == 2 and len(refs) == 3
    assert [ref() for ref in refs] == [None, None, None]


def test_products_share_one_object_for_each_value_the_sheet_repeats(scratch):
    from dacu.build import load

    scratch.write("content/products.csv", HEADER + "\n"
                  "100012,A1,手机甲,极光,手机数码,199,299,80,50,曲面屏|长续航,好,省,97%,1200,yes,no,yes,100013\n"
                  "100013,A2,手机乙,极光,手机数码,199.0,299,80,50,长续航,好,省,97%,1200,yes,no,yes,100012\n")
    scratch.write("content/double11/index.md", "---\ntitle: 双11\n---\n")
    products = load(scratch.root).site.products
    first, second = products["100012"], products["100013"]
    assert first.brand is second.brand and first.category is second.category
    assert first.selling_points[1] is second.selling_points[0]
    assert first.related[0] is second.sku and second.related[0] is first.sku
    assert first.original_price is second.original_price
    # equal amounts written differently stay as written
    assert first.price == second.price and (str(first.price), str(second.price)) == ("199", "199.0")
    assert first.related is not second.related   # a list stays the product's own


def test_a_value_pool_tells_types_and_texts_apart():
    from dacu.model.shared import ValuePool

    pool = ValuePool()
    one = pool(Decimal("1"))
    assert pool(Decimal("1.0")) is not one and pool(Decimal("1")) is one
    assert pool(1) == 1 and type(pool(1)) is int and pool("1") == "1" and pool(True) is True
    items = ["a", "b"]
    shared = pool(items)
    assert shared == items and shared is not items and pool(["a"])[0] is items[0]


class _Pool:
    """Runs each submitted chunk at once; counts what was submitted and not yet taken."""

    def __init__(self) -> None:
        self.waiting = 0
        self.most = 0

    def submit(self, fn: Any, chunk: Any) -> Any:
        from concurrent.futures import Future

        from dacu.core import parallel

        self.waiting += 1
        self.most = max(self.most, self.waiting)
        future: Future[Any] = Future()
        parallel._task.append(lambda item: item * 2)
        try:
            future.set_result(fn(chunk))
        finally:
            parallel._task.pop()
        pool = self

        class Taken:
            def result(self) -> Any:
                pool.waiting -= 1
                return future.result()
        return Taken()


def test_the_workers_run_only_a_few_chunks_ahead_of_the_caller():
    from dacu.core.parallel import _in_order

    pool = _Pool()
    results = list(_in_order(pool, list(range(100)), 3, 4))
    assert results == [n * 2 for n in range(100)]
    assert pool.most == 4


def test_slices_keep_neighbours_together():
    from dacu.core.parallel import slices

    assert slices(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    assert slices([], 3) == []


# A product page that shows a card (without links: the same on every page) of itself and of each related
# product, through once(), counting how often a card really renders.
COUNTED = """{% extends "base.html" %}{% block body %}
{% for p in [product] + related %}{% call once("test-card", p.sku) %}<b>{{ p.title }}</b>{{ counter.append(p.sku) or "" }}{% endcall %}
{% endfor %}{% endblock %}"""


class _InProcess:
    """An executor with two 'workers' that runs every batch here, so a test sees what a worker does."""

    def __init__(self, jobs: Any = None) -> None:
        self.workers = 2

    def map(self, fn: Any, items: Any, chunksize: int = 1) -> list[Any]:
        return [fn(item) for item in items]

    def stream(self, fn: Any, items: Any, chunksize: int = 1) -> Any:
        return (fn(item) for item in items)


def test_a_worker_forgets_each_batchs_fragments_and_renders_the_same_pages(scratch, monkeypatch):
    from dacu import build
    from dacu.render import pages
    from dacu.render.renderer import Renderer

    write_valid_site(scratch, images=False)
    scratch.write("themes/default/templates/product.html", COUNTED)
    counter: list[str] = []
    context = Renderer.context
    monkeypatch.setattr(Renderer, "context", lambda self, page: {**context(self, page), "counter": counter})
    assert scratch.build().ok
    once = sorted(counter)
    expected = {p: p.read_bytes() for p in (scratch.root / "site/products").glob("*/index.html")}
    counter.clear()
    monkeypatch.setattr(build, "LocalProcesses", _InProcess)
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pages, "BATCH_PAGES", 1)   # each page its own batch
    (scratch.root / ".dacu").rename(scratch.root / "old-cache")
    assert scratch.build().ok
    assert once == ["100012", "100013"]                               # one process: each card once
    assert sorted(counter) == ["100012", "100012", "100013", "100013"]  # forgotten after each page's batch
    assert {p: p.read_bytes() for p in (scratch.root / "site/products").glob("*/index.html")} == expected
