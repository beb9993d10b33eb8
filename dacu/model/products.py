"""Loading products: every sheet in content/, merged, plus ``products/<sku>.md``.

Every problem is a ``product-data`` finding naming the sheet, the line (or
item) and the column; a duplicate SKU names both places. Products whose
required fields are broken are left out of the site, so one bad row does not
hide the findings of the others.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Mapping

from dacu.core import Findings, Settings
from dacu.core.parallel import Executor
from dacu.core.hints import did_you_mean
from dacu.load import IMAGE_SUFFIXES, Converter, Row, SheetError, find_sheets, parse_document, read_sheet, to_html_many
from dacu.core.limits import Limits
from dacu.load.guard import Refused, read_input
from dacu.load.markdown_safety import markdown_problems
from dacu.load.schema import Context, Count, Field, Invalid, Money, Number, Sku, Text
from dacu.model.entities import Product



class PipeList(Field):
    """``a|b|c`` in a cell, or a real list in JSON/YAML."""

    def __init__(self, item: Field | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.item = item

    def convert(self, value: Any, path: str, ctx: Context) -> list[Any]:
        if isinstance(value, list):
            parts = [str(v).strip() for v in value]
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            parts = [p.strip() for p in re.split(r"[|｜]", str(value))]
        else:
            raise Invalid(f"expected values separated by |, got {value!r}")
        parts = [p for p in parts if p]
        return [self.item.convert(p, path, ctx) for p in parts] if self.item else parts


class Flag(Field):
    """yes/no, 是/否, true/false, 1/0 (Excel writes TRUE/FALSE)."""

    _YES = {"yes", "y", "true", "1", "是", "有", "支持", "✓"}
    _NO = {"no", "n", "false", "0", "否", "无", "不支持", "✗"}

    def convert(self, value: Any, path: str, ctx: Context) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text.endswith(".0"):
            text = text[:-2]
        if text in self._YES:
            return True
        if text in self._NO:
            return False
        raise Invalid(f"expected yes or no (also 是/否, true/false, 1/0), got {value!r}")


class SheetSku(Sku):
    """Excel stores 100012 as a number (100012.0); a SKU is its digits."""

    def convert(self, value: Any, path: str, ctx: Context) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return super().convert(value, path, ctx)


COLUMNS: Mapping[str, Field] = {
    "sku": SheetSku(required=True),
    "spu": Text(),
    "title": Text(required=True),
    "brand": Text(required=True),
    "category": Text(),
    # price <= 0 is a price-anchor finding, so it is read here without a sign check
    "price": Money(positive=False, required=True),
    "original_price": Money(positive=False),
    "cost": Money(positive=False),
    "stock": Count(),
    "selling_points": PipeList(),
    "why_buy": Text(),
    "why_now": Text(),
    "review_rate": Number(low=0, high=1, as_float=True),
    "review_count": Count(),
    "free_shipping": Flag(),
    "cod": Flag(),
    "returns_7d": Flag(),
    "related": PipeList(SheetSku()),
}

# Operators often keep Chinese headers; these are read as the English columns.
ALIASES: Mapping[str, str] = {
    "商品编码": "sku", "货号": "sku", "SKU": "sku", "款号": "spu", "SPU": "spu",
    "标题": "title", "商品标题": "title", "品牌": "brand", "类目": "category", "分类": "category",
    "价格": "price", "售价": "price", "划线价": "original_price", "原价": "original_price",
    "成本": "cost", "库存": "stock", "卖点": "selling_points", "为什么买": "why_buy",
    "为什么现在买": "why_now", "好评率": "review_rate", "评价数": "review_count",
    "包邮": "free_shipping", "货到付款": "cod", "7天无理由退货": "returns_7d", "关联商品": "related",
}


def load_products(settings: Settings, findings: Findings, cache: Any = None,
                  executor: Executor | None = None, converter: Converter | None = None) -> dict[str, Product]:
    """All products by SKU, from every sheet and product Markdown file."""
    root, content, tz, limits = settings.root, settings.content_dir, settings.tz, settings.limits
    products: dict[str, Product] = {}
    for path in find_sheets(content):
        rel = path.relative_to(root).as_posix()
        try:
            sheet = read_sheet(path, limits, root)
        except SheetError as exc:
            findings.add("product-data", rel, f"{path.name} {exc}")
            continue
        except Refused as exc:
            findings.add("product-data", rel, exc.message)
            continue
        except OSError as exc:
            findings.add("product-data", rel, f"{path.name} cannot be read: {exc.strerror}")
            continue
        columns = _check_columns(sheet.columns, rel, findings)
        for row in sheet.rows:
            product = _product_from_row(row, columns, rel, tz, findings)
            if product is None:
                continue
            if product.sku in products:
                first = products[product.sku]
                findings.add("product-data", rel, f'SKU {product.sku} appears twice: here and in {first.source}'
                             f"{' line ' + str(first.row) if first.row else ''}; keep one row per SKU",
                             line=row.line, key=_key(row, "sku"))
                continue
            products[product.sku] = product
    _load_long_copy(root, content / "products", products, tz, findings, cache, executor, converter, limits)
    for product in products.values():
        product.main_images, product.detail_images = find_product_images(settings.assets_dir, product.sku)
    return products


def _key(row: Row, column: str) -> str:
    return column if row.line is not None else f"[{row.index}].{column}"


def _check_columns(columns: list[str], rel: str, findings: Findings) -> dict[str, str]:
    """Map each header to its column name; report unknown and missing headers."""
    mapping: dict[str, str] = {}
    for header in columns:
        name = ALIASES.get(header, header)
        name = name.lower() if name.lower() in COLUMNS else name
        if name in COLUMNS:
            mapping[header] = name
        elif header:
            findings.add("product-data", rel, f'unknown column "{header}": {did_you_mean(header, COLUMNS)}',
                         key=header, line=1 if rel.endswith(".csv") or rel.endswith(".xlsx") else None)
    missing = [c for c, f in COLUMNS.items() if f.required and c not in mapping.values()]
    if missing and columns:
        findings.add("product-data", rel, "the sheet has no column " + ", ".join(missing)
                     + ": add it to the header row", line=1 if rel.endswith((".csv", ".xlsx")) else None)
    return mapping


def _product_from_row(row: Row, columns: dict[str, str], rel: str, tz: Any,
                      findings: Findings) -> Product | None:
    ctx = Context(tz)
    values: dict[str, Any] = {}
    for header, raw in row.values.items():
        name = columns.get(header)
        if name is None or raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        converted = COLUMNS[name].run(raw, name, ctx)
        if converted is not None:
            values[name] = converted
    sku = values.get("sku", "")
    for path, message in ctx.problems:
        who = f"SKU {sku}: " if sku else ""
        findings.add("product-data", rel, f"{who}{message}", line=row.line, key=_key(row, path))
    missing = [c for c, f in COLUMNS.items() if f.required and c not in values
               and c in columns.values() and not any(p == c for p, _ in ctx.problems)]
    for column in missing:
        who = f"SKU {sku}" if sku else f"the product at {row.label}"
        findings.add("product-data", rel, f"{who} has no {column}: fill in the {column} cell",
                     line=row.line, key=_key(row, column))
    if any(c not in values for c, f in COLUMNS.items() if f.required):
        return None
    return Product(source=rel, row=row.line, **values)


def _load_long_copy(root: Path, folder: Path, products: dict[str, Product], tz: Any, findings: Findings, cache: Any,
                    executor: Executor | None = None, converter: Converter | None = None,
                    limits: Limits = Limits()) -> None:
    if not folder.is_dir():
        return
    bodies: list[tuple[Product, str]] = []  # converted together: in parallel when many
    for path in sorted(folder.glob("*.md")):
        rel = path.relative_to(root).as_posix()
        sku = path.stem
        product = products.get(sku)
        if product is None:
            findings.add("unknown-sku", rel, f"{path.name} is the long copy of SKU {sku}, which no product sheet has: "
                         "add the SKU to the sheet or rename the file to an existing SKU")
            continue
        try:
            doc = parse_document(read_input(root, path, limits.file_bytes).decode("utf-8"), limits.yaml_values)
        except UnicodeDecodeError:
            findings.add("front-matter", rel, "the file is not UTF-8: save it as UTF-8")
            continue
        except Refused as exc:
            findings.add("product-data", rel, exc.message)
            continue
        for line, key, message in doc.errors:
            findings.add("front-matter", rel, message, line=line, key=key or None)
        ctx = Context(tz)
        for key, raw in doc.data.items():
            if key == "sku":
                ctx.problem(key, f"sku comes from the file name ({sku}); remove the sku key")
            elif key not in COLUMNS:
                ctx.problem(key, f'unknown key "{key}": {did_you_mean(key, COLUMNS)}')
            elif raw is not None:
                converted = COLUMNS[key].run(raw, key, ctx)
                if converted is not None:
                    setattr(product, key, converted)
        for key, message in ctx.problems:
            findings.add("front-matter", rel, message, key=key, line=doc.lines.get(key))
        for line, message in markdown_problems(doc.body, doc.body_line):
            findings.add("product-data", rel, message, line=line)
        if doc.body.strip():
            bodies.append((product, doc.body))
        product.copy_source = rel
    for (product, _), html in zip(bodies, to_html_many([body for _, body in bodies], cache, executor, converter)):
        product.body_html = html


def _number(path: Path) -> tuple[int, str]:
    digits = re.findall(r"\d+", path.stem)
    return (int(digits[-1]) if digits else 0, path.name)


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
