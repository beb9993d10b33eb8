"""Product sheets: encodings, formats, merging and product-data findings."""

import json

import openpyxl
import pytest

from dacu.core.findings import Findings
from dacu.model.products import load_products
from dacu.core.settings import Settings
from sitekit import HEADER, PRODUCTS



def load(scratch):
    findings = Findings(language="en")
    products = load_products(Settings(root=scratch.root), findings)
    return products, [(f.rule, f.file, f.line, f.key, f.message) for f in findings]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_excel_encoding_keeps_chinese_titles(scratch, encoding):
    scratch.write("content/products.csv", PRODUCTS, encoding=encoding)
    products, findings = load(scratch)
    assert findings == []
    assert products["100012"].title == "极光 X1 5G手机 8+256G 曲面屏 学生游戏拍照"
    assert products["100012"].selling_points == ["曲面屏", "长续航"]
    assert products["100012"].review_rate == pytest.approx(0.97)
    assert products["100012"].returns_7d is True and products["100012"].cod is False


def test_sku_keeps_leading_zeros(scratch):
    scratch.write("content/products.csv", "sku,title,brand,price\n000123,标题,牌,9.9\n")
    products, findings = load(scratch)
    assert list(products) == ["000123"] and findings == []


def test_not_utf8_nor_gbk_is_a_finding(scratch):
    scratch.write("content/products.csv", b"sku,title,brand,price\n1,\xff\xfe\xfa,b,1\n")
    _, findings = load(scratch)
    assert findings == [("product-data", "content/products.csv", None, None,
                         "products.csv is neither UTF-8 nor GBK text (bad byte at offset 24): "
                         "in Excel use Save As → CSV UTF-8")]


def test_xlsx_first_sheet_with_numeric_cells(scratch):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["sku", "title", "brand", "price", "stock", "free_shipping"])
    sheet.append([100012, "极光手机", "极光", 199.0, 5, True])
    book.create_sheet("ignored").append(["sku"])
    book.save(scratch.root / "content" / "products.xlsx")
    products, findings = load(scratch)
    assert findings == []
    product = products["100012"]
    assert (product.title, str(product.price), product.stock, product.free_shipping) == ("极光手机", "199", 5, True)


def test_json_and_yaml_sheets_merge_and_duplicates_name_both_places(scratch):
    scratch.write("content/products.csv", PRODUCTS)
    scratch.write("content/products-more.json", json.dumps([{"sku": "200001", "title": "T", "brand": "B", "price": 5}]))
    scratch.write("content/products-yaml.yaml", "- {sku: '100012', title: 重复, brand: B, price: 5}\n")
    products, findings = load(scratch)
    assert set(products) == {"100012", "100013", "200001"}
    assert findings == [("product-data", "content/products-yaml.yaml", 1, "sku",
                         "SKU 100012 appears twice: here and in content/products.csv line 2; keep one row per SKU")]


def test_every_bad_row_is_reported_with_line_and_column(scratch):
    scratch.write("content/products.csv", HEADER + "\n"
                  "100012,,,,,abc,,,,-1,,,,2.5,,maybe,,\n"
                  "100013,,标题,,,99,,,,,,,,,,,,\n")
    products, findings = load(scratch)
    assert products == {}
    assert findings == [  # sorted by file, line, then column
        ("product-data", "content/products.csv", 2, "brand", "SKU 100012 has no brand: fill in the brand cell"),
        ("product-data", "content/products.csv", 2, "cod", "SKU 100012: cod: expected yes or no (also 是/否, true/false, 1/0), got 'maybe'"),
        ("product-data", "content/products.csv", 2, "price", "SKU 100012: price: expected an amount in yuan such as 199 or 199.90, got 'abc'"),
        ("product-data", "content/products.csv", 2, "review_count", "SKU 100012: review_count: expected a whole number, got '2.5'"),
        ("product-data", "content/products.csv", 2, "title", "SKU 100012 has no title: fill in the title cell"),
        ("product-data", "content/products.csv", 3, "brand", "SKU 100013 has no brand: fill in the brand cell"),
    ]


def test_unknown_column_has_a_hint_and_chinese_headers_are_understood(scratch):
    scratch.write("content/products.csv", "商品编码,标题,品牌,价格,orignal_price\n1,t,b,9,10\n")
    products, findings = load(scratch)
    assert "1" in products
    assert findings == [("product-data", "content/products.csv", 1, None,
                         'unknown columns in the header row: "orignal_price" (did you mean "original_price"?): '
                         "rename them or remove them")]


def test_missing_required_column_names_it_in_english_and_chinese(scratch):
    scratch.write("content/products.csv", "sku,title,brand\n1,t,b\n")
    _, findings = load(scratch)
    assert findings == [("product-data", "content/products.csv", 1, None,
                         "the header row has no column price (销售价): name the columns in the header row, e.g. "
                         "商品编码, 商品名称, 品牌, 销售价 (or sku, title, brand, price)")]
    findings = Findings()   # Chinese, the default
    load_products(Settings(root=scratch.root), findings)
    assert [f.message for f in findings] == ["表头缺少 price（销售价） 列：请在表头写明列名，例如 商品编码、商品名称、品牌、"
                                             "销售价（或 sku、title、brand、price）"]


def test_long_copy_markdown_overrides_fields(scratch):
    scratch.write("content/products.csv", PRODUCTS)
    scratch.write("content/products/100012.md", "---\nwhy_now: 今晚0点开抢\nwhy_nwo: x\n---\n## 细节\n- 好\n")
    scratch.write("content/products/999.md", "copy")
    products, findings = load(scratch)
    assert products["100012"].why_now == "今晚0点开抢"
    assert "<h2>细节</h2>" in products["100012"].body_html
    assert ("front-matter", "content/products/100012.md", 3, "why_nwo", 'unknown key "why_nwo": did you mean "why_now"?') in findings
    assert ("unknown-sku", "content/products/999.md", None, None, "999.md is the long copy of SKU 999, which no product "
            "sheet has: add the SKU to the sheet or rename the file to an existing SKU") in findings


def test_long_copies_read_by_workers_give_what_one_process_gives(scratch, monkeypatch, tmp_path):
    """Reading, front matter and Markdown shared out among worker processes from the start of the load
    (before the sheets are read), one file a task: same fields, HTML and findings, cold and from the cache."""
    from dacu.core import Cache
    from dacu.core.parallel import LocalProcesses
    from dacu.model import copy_reads
    scratch.write("content/products.csv", PRODUCTS)
    scratch.write("content/products/100012.md", "---\nwhy_now: 今晚0点开抢\nwhy_nwo: x\n---\n## 细节\n- 好\n")
    scratch.write("content/products/100013.md", "---\nprice: [1\n---\n正文 *强调*\n")
    scratch.write("content/products/100014.md", "   \n")
    scratch.write("content/products/999.md", "copy")

    def read(jobs: int, cache: Cache | None = None) -> tuple[dict[str, tuple[str, str, str]],
                                                          list[tuple[str, str, int | None, str]]]:
        findings = Findings(language="en")
        table = load_products(Settings(root=scratch.root), findings, cache, executor=LocalProcesses(jobs), defer=True)
        table.finish()
        fields = {sku: (p.why_now, p.body_html, p.copy_source) for sku, p in table.items()}
        return fields, [(f.rule, f.file, f.line, f.message) for f in findings]

    alone = read(1)
    monkeypatch.setattr(copy_reads, "PARALLEL_FROM", 1)
    monkeypatch.setattr(copy_reads, "READ_FILES", 1)
    monkeypatch.setattr(copy_reads, "CONVERT_TEXTS", 1)
    assert read(2) == alone
    cache = Cache(tmp_path / "work")
    assert read(2, cache) == alone   # cold: the workers' HTML put in the cache
    cache.flush()
    from dacu.load.markdown import Converter

    def refuse(self: Converter, texts: list[str]) -> list[str]:
        raise AssertionError("converted again: " + repr(texts))

    monkeypatch.setattr(Converter, "convert", refuse)
    assert read(2, cache) == alone   # warm: the HTML from the cache, nothing converted
    cache.close()
    assert alone[0]["100012"][0] == "今晚0点开抢" and "<h2>细节</h2>" in alone[0]["100012"][1]
    assert {(rule, file) for rule, file, _, _ in alone[1]} >= {("front-matter", "content/products/100012.md"),
                                                               ("front-matter", "content/products/100013.md"),
                                                               ("unknown-sku", "content/products/999.md")}


def test_a_fork_that_fails_while_the_long_copies_are_read_leaves_no_worker_and_the_collector_as_it_was(
        scratch, monkeypatch):
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from dacu.core.parallel import LocalProcesses
    from dacu.model import copy_reads
    scratch.write("content/products.csv", PRODUCTS)
    for sku in ("100012", "100013", "100014"):
        scratch.write(f"content/products/{sku}.md", "## 细节\n正文\n")
    monkeypatch.setattr(copy_reads, "PARALLEL_FROM", 1)
    monkeypatch.setattr(copy_reads, "READ_FILES", 1)
    submitted = []
    submit = ProcessPoolExecutor.submit

    def fork_fails_at_the_second(self, *args, **kwargs):
        submitted.append(args)
        if len(submitted) == 2:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return submit(self, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", fork_fails_at_the_second)
    if LocalProcesses(2).workers <= 1:
        pytest.skip("no fork here: the long copies are read in this process")
    with pytest.raises(BlockingIOError):
        load_products(Settings(root=scratch.root), Findings(language="en"), executor=LocalProcesses(2))
    assert gc.get_freeze_count() == 0
    assert multiprocessing.active_children() == []


def test_images_are_found_in_order(scratch):
    scratch.write("content/products.csv", PRODUCTS)
    for name in ["main-10.jpg", "main-2.jpg", "main-1.jpg", "detail-02.png", "detail-01.jpg", "notes.txt"]:
        scratch.write(f"assets/products/100012/{name}", b"x")
    products, _ = load(scratch)
    assert products["100012"].main_images == ["products/100012/main-1.jpg", "products/100012/main-2.jpg",
                                              "products/100012/main-10.jpg"]
    assert products["100012"].detail_images == ["products/100012/detail-01.jpg", "products/100012/detail-02.png"]
