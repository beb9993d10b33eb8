"""Operators' sheets as Taobao, JD and Excel give them: Chinese headers, title rows, several worksheets."""

from __future__ import annotations

import openpyxl
import pytest

from dacu.core.findings import Findings
from dacu.core.settings import Settings
from dacu.model.products import load_products



def load(scratch, language: str = "en"):  # type: ignore[no-untyped-def]
    findings = Findings(language=language)
    products = load_products(Settings(root=scratch.root), findings)
    return products, [(f.rule, f.file, f.line, f.key, f.message) for f in findings]


def test_taobao_and_jd_headers_are_read(scratch):
    scratch.write("content/products.csv",
                  "商家编码,宝贝标题,品牌名称,一口价（元）,吊牌价,库存数量,成本价,类目,*好评率,评价数量,是否包邮\n"
                  "100012,极光 X1 手机,极光,199,299,50,80,手机数码,97%,1200,是\n")
    products, findings = load(scratch)
    assert findings == []
    product = products["100012"]
    assert (product.title, product.brand, str(product.price), str(product.original_price), product.stock) == (
        "极光 X1 手机", "极光", "199", "299", 50)
    assert product.free_shipping is True and product.review_rate == pytest.approx(0.97)


@pytest.mark.parametrize("header", ["商品编码,商品名称,品牌,销售价,吊牌价,库存数量",
                                    "SKU编码,商品标题,品牌,售价,市场价,库存"])
def test_common_header_sets(scratch, header):
    scratch.write("content/products.csv", header + "\n1,标题,牌,9.9,19.9,3\n")
    products, findings = load(scratch)
    assert findings == [] and products["1"].original_price is not None and products["1"].stock == 3


def test_a_title_row_above_the_csv_header_is_skipped(scratch):
    scratch.write("content/products.csv", "618活动商品表,,,\n,,,\nsku,title,brand,price\n1,t,b,9\n")
    products, findings = load(scratch)
    assert findings == [] and products["1"].row == 4


def _workbook(path, sheets):  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows, merge in sheets:
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
        if merge:
            ws.merge_cells(merge)
    book.save(path)


def test_xlsx_with_instructions_first_and_a_merged_title_row(scratch):
    _workbook(scratch.root / "content/products.xlsx", [
        ("填写说明", [["请按模板填写，带*为必填"], ["商品编码：唯一"]], None),
        ("商品表", [["618 美妆会场商品", None, None, None, None],
                    ["商品编码", "商品名称", "品牌", "销售价", "好评率"],
                    ["A1", "玉泽 修护面霜", "玉泽", 129, 0.98],
                    ["A2", "玉泽 精华", "玉泽", "九十", 95]], "A1:E1"),
    ])
    products, findings = load(scratch)
    assert list(products) == ["A1"]
    assert findings == [
        ("product-data", "content/products.xlsx", 4, "商品表!price",
         "worksheet 商品表: SKU A2: price: expected an amount in yuan such as 199 or 199.90, got '九十'"),
        ("product-data", "content/products.xlsx", 4, "商品表!review_rate",
         "worksheet 商品表: SKU A2: review_rate: a rate is at most 1, got 95: write 95% or 0.95 (95% = 0.95)"),
    ]


def test_review_rate_95_in_chinese(scratch):
    scratch.write("content/products.csv", "sku,title,brand,price,review_rate\n1,t,b,9,95\n")
    _, findings = load(scratch, language="zh")
    assert findings == [("product-data", "content/products.csv", 2, "review_rate",
                         "SKU 1：review_rate：比例最大是 1，这里是 95：请写成 95% 或 0.95（95% = 0.95）")]


def test_percent_off_written_as_zhe_says_what_to_write(scratch):
    from dacu.model.campaigns import load_campaigns

    scratch.write("content/c/index.md", "---\ntitle: t\nstart: 2027-06-01\nend: 2027-06-20\npromotions:\n"
                                        "  - {type: percent_off, tiers: [[2, 9折]]}\n---\n")
    for language, message in [
        ("en", "tiers[0]: write 9折 as 0.9: a rate is the share of the price paid (0.8 = 8折)"),
        ("zh", "tiers[0]：请把 9折 写成 0.9：比例是实付价占原价的比例（0.8 = 8折）"),
    ]:
        findings = Findings(language=language)
        load_campaigns(Settings(root=scratch.root), findings)
        assert [(f.line, f.message) for f in findings] == [(6, message)]
