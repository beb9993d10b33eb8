"""Small files cannot ask for unbounded work, and never end in a traceback (issue 13, items 3, 5, 9)."""

from __future__ import annotations

import io
import zipfile

import pytest

from dacu.build import build_site
from dacu.cli.main import main
from dacu.load.frontmatter import parse_document
from dacu.model import yuan
from sitekit import CAMPAIGN, HEADER, PRODUCTS, write_valid_site

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def check_en(scratch):  # type: ignore[no-untyped-def]
    return build_site(scratch.root, write=False, language="en")


def messages(result, rule: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in result.findings if rule is None or f.rule == rule]


def test_a_yaml_alias_bomb_in_front_matter_is_a_finding() -> None:
    doc = parse_document("---\ntitle: x\n" + LAUGHS + "---\n")
    [(line, _, message)] = doc.errors
    assert "more than 1000000 values once its aliases" in str(message)


def test_a_self_referencing_alias_is_a_finding() -> None:
    [(line, _, message)] = parse_document("---\ntitle: &t [*t]\n---\n").errors
    assert line == 2 and "refers to the value that contains it" in str(message)


@pytest.mark.parametrize("value", ["[" * 5000 + "]" * 5000, "!!binary aGVsbG8=", "9" * 5000])
def test_runaway_yaml_values_are_errors_not_tracebacks(value: str) -> None:
    doc = parse_document(f"---\ntitle: {value}\n---\n")
    assert doc.errors and not doc.data


def test_a_yaml_sheet_bomb_and_deep_json_are_product_data_findings(scratch) -> None:
    write_valid_site(scratch, images=False)
    scratch.write("content/products-bomb.yaml", LAUGHS + "products: [*i]\n")
    scratch.write("content/products-deep.json", "[" * 5000 + "]" * 5000)
    scratch.write("content/products-big.json", '[{"sku": "1", "price": ' + "9" * 5000 + "}]")
    result = check_en(scratch)
    found = " | ".join(messages(result, "product-data"))
    assert "values once its aliases" in found and "too deep" in found and "too many digits" in found


@pytest.mark.parametrize("stock,price", [("1e99999999", "199"), ("50", "1e99999999"), ("50", "1e30"),
                                         ("5" * 5000, "199")])
def test_huge_numbers_in_a_sheet_are_findings(scratch, stock: str, price: str) -> None:
    write_valid_site(scratch, images=False)
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,80,50,", f",{price},299,80,{stock},"))
    result = check_en(scratch)
    assert any("too many digits" in m for m in messages(result, "product-data")), messages(result)
    assert not messages(result, "template")


def test_yuan_of_the_largest_amount_does_not_overflow() -> None:
    from decimal import Decimal
    assert yuan(Decimal("999999999999999.99")) == "999999999999999.99"
    assert yuan(Decimal("1e26")) == "100000000000000000000000000"


def test_a_csv_cell_past_the_field_limit_is_a_finding(scratch) -> None:
    write_valid_site(scratch, images=False)
    scratch.write("content/products.csv", PRODUCTS + '100014,A3,"' + "长" * 200_000 + '",极光,手机数码,1,2,,1\n')
    assert any("a cell is too long" in m for m in messages(check_en(scratch), "product-data"))


def _xlsx(sheet_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return out.getvalue()


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_unopened(scratch) -> None:
    write_valid_site(scratch, images=False)
    scratch.write("pyproject.toml", "[tool.dacu.limits]\nxlsx_mb = 1\n")
    scratch.write("content/products-more.xlsx", _xlsx(b"<x>" + b" " * 3_000_000 + b"</x>"))
    assert any("unpacks to 3 MB, over the limit of 1 MB" in m for m in messages(check_en(scratch), "product-data"))


def test_sheet_rows_are_limited_and_the_limit_is_settable(scratch) -> None:
    write_valid_site(scratch, images=False)
    scratch.write("pyproject.toml", "[tool.dacu.limits]\nsheet_rows = 1\n")
    assert any("over the limit of 1" in m for m in messages(check_en(scratch), "product-data"))
    scratch.write("pyproject.toml", '[tool.dacu.limits]\nsheet_rows = 0\nrows = 5\n')
    found = messages(check_en(scratch), "settings")
    assert any("limits.sheet_rows must be a whole number of at least 1" in m for m in found)
    assert any('unknown limit "rows"' in m for m in found)


@pytest.mark.parametrize("settings,expected", [
    ("[tool.dacu.rules.main-image-size]\nmin_px = inf\n", "min_px must be a number"),
    ("[tool.dacu.rules.main-image-size]\nmin_px = nan\n", "min_px must be a number"),
    (f"[tool.dacu.rules.main-image-size]\nmin_px = {10 ** 400}\n", "min_px must be a number"),
    ("tool = 5\n", "[tool.dacu] must be a table"),
    ('[tool.dacu]\ntheme = "/etc"\n', 'theme = "/etc" is not a folder name'),
    ('[tool.dacu]\ntheme = "../../etc"\n', "is not a folder name"),
])
def test_odd_settings_are_findings(scratch, capsys, settings: str, expected: str) -> None:
    write_valid_site(scratch, images=False)
    scratch.write("pyproject.toml", settings)
    assert main(["--source", str(scratch.root), "--lang", "en", "check"]) == 1
    assert expected in capsys.readouterr().out


def test_nul_bytes_and_binary_in_titles_never_reach_a_page(scratch) -> None:
    write_valid_site(scratch, images=False)
    scratch.write("content/double11/index.md", CAMPAIGN.replace("title: 双11测试会场", "title: !!binary 5Y+MMTE="))
    result = check_en(scratch)
    assert any("!!binary values are not allowed" in m for m in messages(result, "front-matter"))


@pytest.mark.parametrize("text", ["- {sku: !!timestamp nope}\n", "- {sku: !!int x}\n", "- {? [a]: 1}\n"])
def test_yaml_constructor_errors_in_a_sheet_are_findings(scratch, text: str) -> None:
    write_valid_site(scratch, images=False)
    scratch.write("content/products-x.yaml", text)
    assert any("products-x.yaml" in f.file for f in check_en(scratch).findings if f.rule == "product-data")
