"""Loading products: every sheet in content/, merged, plus ``products/<sku>.md``.

Every problem is a ``product-data`` finding naming the sheet, the line (or
item) and the column (``工作表!column`` in a workbook); a duplicate SKU names
both places. Products whose required fields are broken are left out of the
site, so one bad row does not hide the findings of the others. Headers are
read by the names operators use (:mod:`dacu.model.sheet_headers`). A sheet
whose header lacks a required column is one finding; the SKUs it would have
held are not reported again wherever a page names them
(:attr:`ProductTable.incomplete`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Mapping

from dacu.core import Finding, Findings, Settings
from dacu.core.parallel import Executor, Later
from dacu.core.hints import closest, did_you_mean
from dacu.core.i18n import Message, msg
from dacu.load import Converter, Parsed, Row, Sheet, SheetError, find_sheets, read_sheet, to_html_later
from dacu.core.limits import Limits
from dacu.load.guard import InputGuard, Refused
from dacu.model.long_copy import LongCopy, read_long_copy
from dacu.load.plain_values import NOT_PLAIN, plain_reader
from dacu.load.schema import LIST_SEPARATORS, Context, Count, Field, Flag, Invalid, Money, Number, Sku, Text
from dacu.model.copy_reads import CopyReads, read_early
from dacu.model.product_images import ProductImages
from dacu.model.entities import Product
from dacu.model.shared import ValuePool
from dacu.model.sheet_headers import NAMES, chinese_name, column_for, header_score, normalise

#: Text items (selling points) without a | are separated by the marks people type in Chinese copy.
_TEXT_SEPARATORS = re.compile(r"\s*[，、；;]\s*")
_PIPE = re.compile(r"[|｜]")
_PIPES = re.compile(r"\s*[|｜]\s*")


class PipeList(Field):
    """``a|b|c`` in a cell, or a real list in JSON/YAML.

    Without a ``|``, items separated by ``，`` or ``、`` (or ``；``) are read as
    several (曲面屏，长续航 is two selling points); SKUs may also be separated
    by ASCII commas and semicolons.
    """

    def __init__(self, item: Field | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.item = item
        self.plain_item = plain_reader(item, exact=(SheetSku,)) if item is not None else None

    def convert(self, value: Any, path: str, ctx: Context) -> list[Any]:
        if isinstance(value, list):
            parts = [str(v).strip() for v in value]
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            text = str(value)
            if _PIPE.search(text):
                parts = _PIPES.split(text)
            else:
                parts = (LIST_SEPARATORS if self.item is not None else _TEXT_SEPARATORS).split(text)
        else:
            raise Invalid(msg("expected values separated by |, got {value}", value=repr(value)))
        parts = [p.strip() for p in parts if p.strip()]
        if self.item is None or self.plain_item is None:
            return parts
        plain, item = self.plain_item, self.item
        return [read if (read := plain(p)) is not NOT_PLAIN else item.convert(p, path, ctx) for p in parts]


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
    "review_rate": Number(low=0, high=1, as_float=True, rate=True),
    "review_count": Count(),
    "free_shipping": Flag(),
    "cod": Flag(),
    "returns_7d": Flag(),
    "related": PipeList(SheetSku()),
    # item-level member price (会员价), shown beside the 到手价; <= 0 is a price-anchor finding
    "member_price": Money(positive=False),
    "price_7d_low": Money(positive=False),   # the legal base of a discount claim without a 划线价
}

REQUIRED = [c for c, f in COLUMNS.items() if f.required]
#: Each column's reader of plain cells (digits, a SKU, text): the rest goes through the column's field.
PLAIN = {name: plain_reader(field, exact=(SheetSku,)) for name, field in COLUMNS.items()}


class ProductTable(dict[str, Product]):
    """Products by SKU, and the sheets that could not be read whole.

    ``incomplete`` names the sheets left out (unreadable, or a header without a
    required column): a SKU that no product has may be in them, so
    ``unknown-sku`` does not repeat what their one finding already says.
    """

    def __init__(self) -> None:
        super().__init__()
        self.incomplete: list[str] = []
        self.copies: dict[str, LongCopy] = {}   # each long copy file read, without its text
        self._html: tuple[list[Product], Later[str]] | None = None   # long copies still being converted

    def finish(self, cancel: bool = False) -> None:
        """Wait for the long copies' HTML (:func:`load_products` with ``defer``) and give it to the products;
        with ``cancel``, stop making it instead (a build that failed before it needed it)."""
        waiting, self._html = self._html, None
        if waiting is not None and cancel:
            waiting[1].cancel()
        elif waiting is not None:
            for product, html in zip(waiting[0], waiting[1].result()):
                product.body_html = html


def _is_header(cells: list[str]) -> int:
    return header_score(cells, COLUMNS, REQUIRED)


def load_products(settings: Settings, findings: Findings, cache: Any = None,
                  executor: Executor | None = None, converter: Converter | None = None,
                  parsed: Parsed | None = None, defer: bool = False) -> ProductTable:
    """All products by SKU, from every sheet and product Markdown file (``parsed``: the session's last parses).

    ``defer``: the long copies' HTML is still being made on return (:meth:`ProductTable.finish`)."""
    root, content, tz, limits = settings.root, settings.content_dir, settings.tz, settings.limits
    guard = InputGuard(root)
    # A worker reads a long copy before the sheets have made its product: onto a blank one, whose fields
    # the front matter sets are handed back (_read_one).
    early = read_early(content / "products",
                       lambda path: _read_one(root, guard, path, _blank_product(path.stem), tz, limits),
                       _body, executor, cache, converter)
    try:
        products = _load_products(settings, findings, cache, executor, converter, parsed, early)
        if not defer:
            products.finish()
        find = ProductImages(settings.assets_dir)
        for product in products.values():
            product.main_images, product.detail_images = find(product.sku)
    except BaseException:   # no worker left running (once the HTML is taken, there is none to stop)
        if early is not None:
            early.cancel()
        raise
    return products


def _load_products(settings: Settings, findings: Findings, cache: Any, executor: Executor | None,
                   converter: Converter | None, parsed: Parsed | None, early: CopyReads | None) -> ProductTable:
    root, content, tz, limits = settings.root, settings.content_dir, settings.tz, settings.limits
    products = ProductTable()
    shared = ValuePool()   # brands, prices, related SKUs: one object each however many rows repeat them
    for path in find_sheets(content):
        rel = path.relative_to(root).as_posix()
        try:
            sheet = read_sheet(path, limits, root, _is_header, parsed)
        except SheetError as exc:
            findings.add("product-data", rel, msg("{file} {problem}", file=path.name, problem=exc.message))
            products.incomplete.append(rel)
            continue
        except Refused as exc:
            findings.add("product-data", rel, exc.message)
            products.incomplete.append(rel)
            continue
        except OSError as exc:
            findings.add("product-data", rel, msg("{file} cannot be read: {reason}", file=path.name,
                                                  reason=exc.strerror or str(exc)))
            products.incomplete.append(rel)
            continue
        columns = _check_columns(sheet, rel, findings)
        if any(c not in columns.values() for c in REQUIRED):
            products.incomplete.append(rel)
            continue  # the header's one finding says what to fix; rows without the column would only repeat it
        if not sheet.rows:  # every page's SKUs would be unknown: one finding here instead
            findings.add("product-data", rel, msg("{file} has a header but no product rows: add one row per product "
                                                  "under the header", file=path.name))
            products.incomplete.append(rel)
            continue
        for row in sheet.rows:
            product = _product_from_row(row, columns, rel, tz, findings, sheet.worksheet, shared)
            if product is None:
                continue
            if product.sku in products:
                first = products[product.sku]
                where = msg("{file} line {line}", file=first.source, line=first.row) if first.row else first.source
                findings.add("product-data", rel, msg("SKU {sku} appears twice: here and in {where}; keep one row "
                                                      "per SKU", sku=product.sku, where=where),
                             line=row.line, key=_key(row, "sku", sheet.worksheet))
                continue
            products[product.sku] = product
    _load_long_copy(root, content / "products", products, tz, findings, cache, executor, converter, limits, early)
    return products


def _key(row: Row, column: str, worksheet: str | None = None) -> str:
    """The finding's key: the column, ``工作表!column`` in a workbook, ``[i].column`` in JSON."""
    if worksheet:
        return f"{worksheet}!{column}"
    return column if row.line is not None else f"[{row.index}].{column}"


def _named(column: str) -> Message:
    """``title (商品名称)``: a column with the Chinese name operators know it by."""
    chinese = chinese_name(column)
    return msg("{column} ({chinese})", column=column, chinese=chinese) if chinese else msg("{column}", column=column)


def _check_columns(sheet: Sheet, rel: str, findings: Findings) -> dict[str, str]:
    """Map each header to its column name; one finding for the header's unknown and missing names."""
    mapping: dict[str, str] = {}
    unknown: list[Message] = []
    for header in sheet.columns:
        name = column_for(header, COLUMNS)
        if name is not None:
            mapping[header] = name
        elif header:
            choices = [n for c, names in NAMES.items() if c in COLUMNS for n in names]
            close = closest(normalise(header), choices)
            if close:
                unknown.append(msg('"{header}" (did you mean "{choice}"?)', header=header, choice=close))
            else:
                unknown.append(msg('"{header}"', header=header))
    missing = [_named(c) for c in REQUIRED if c not in mapping.values()]
    line = sheet.header_line
    key = f"{sheet.worksheet}!" if sheet.worksheet else None
    if missing and sheet.columns:
        text = msg("the header row has no column {missing}: name the columns in the header row, e.g. "
                   "商品编码, 商品名称, 品牌, 销售价 (or sku, title, brand, price)", missing=missing)
        if unknown:
            text = msg("{problem}; it has columns dacu does not know: {unknown}", problem=text, unknown=unknown)
        findings.add("product-data", rel, _in_worksheet(text, sheet.worksheet), line=line, key=key)
    elif unknown:
        findings.add("product-data", rel, _in_worksheet(
            msg("unknown columns in the header row: {unknown}: rename them or remove them", unknown=unknown),
            sheet.worksheet), line=line, key=key)
    return mapping


def _in_worksheet(message: Message, worksheet: str | None) -> Message:
    return msg("worksheet {name}: {problem}", name=worksheet, problem=message) if worksheet else message


def _product_from_row(row: Row, columns: dict[str, str], rel: str, tz: Any,
                      findings: Findings, worksheet: str | None = None,
                      shared: ValuePool | None = None) -> Product | None:
    ctx = Context(tz)
    values: dict[str, Any] = {}
    for header, raw in row.values.items():
        name = columns.get(header)
        if name is None or raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        converted = PLAIN[name](raw)
        if converted is NOT_PLAIN:
            converted = COLUMNS[name].run(raw, name, ctx)
        if converted is not None:
            values[name] = shared(converted) if shared is not None else converted
    sku = values.get("sku", "")
    for path, message in ctx.problems:
        text = msg("SKU {sku}: {problem}", sku=sku, problem=message) if sku else message
        findings.add("product-data", rel, _in_worksheet(text, worksheet), line=row.line,
                     key=_key(row, path, worksheet))
    missing = [c for c, f in COLUMNS.items() if f.required and c not in values
               and c in columns.values() and not any(p == c for p, _ in ctx.problems)]
    for column in missing:
        who = msg("SKU {sku}", sku=sku) if sku else msg("the product at {place}", place=row.label)
        findings.add("product-data", rel, _in_worksheet(msg("{who} has no {column}: fill in the {column} cell",
                                                            who=who, column=column), worksheet),
                     line=row.line, key=_key(row, column, worksheet))
    if any(c not in values for c in REQUIRED):
        return None
    return Product(source=rel, row=row.line, **values)


def _body(read: _Read) -> str | None:
    """The Markdown of a long copy read, when there is any to convert."""
    return read[0].body if read[0].body is not None and read[0].body.strip() else None


def _load_long_copy(root: Path, folder: Path, products: ProductTable, tz: Any, findings: Findings, cache: Any,
                    executor: Executor | None = None, converter: Converter | None = None,
                    limits: Limits = Limits(), early: CopyReads | None = None) -> None:
    if early is None and not folder.is_dir():
        return
    files = early.files if early is not None else sorted(folder.glob("*.md"))
    if early is not None:   # read by the workers from the start (dacu.model.copy_reads)
        results = [read for path, read in zip(files, early.take(lambda path: path.stem in products))
                   if path.stem in products]
    else:
        guard = InputGuard(root)
        results = [_read_one(root, guard, path, products[path.stem], tz, limits) for path in files
                   if path.stem in products]
    reads = iter(results)
    bodies: list[tuple[Product, str, Path]] = []  # converted together: in parallel when many
    for path in files:
        rel = path.relative_to(root).as_posix()
        product = products.get(path.stem)
        if product is None:
            if not products.incomplete:
                findings.add("unknown-sku", rel, msg("{file} is the long copy of SKU {sku}, which no product sheet "
                                                     "has: add the SKU to the sheet or rename the file to an "
                                                     "existing SKU", file=path.name, sku=path.stem))
            continue
        copy, fields, found = next(reads)
        for key, value in fields.items():  # a worker set them on its own copy of the product
            setattr(product, key, value)
        findings.extend(found)
        products.copies[rel] = LongCopy(None, copy.front_matter, copy.refused, copy.body is not None, copy.keys)
        if copy.refused:
            products.incomplete.append(rel)
        if copy.body is not None and copy.body.strip():
            bodies.append((product, copy.body, path))
    # The workers convert while the build goes on with what does not show the HTML (ProductTable.finish).
    products._html = ([product for product, _, _ in bodies],
                      early.later([path for _, _, path in bodies]) if early is not None else
                      to_html_later([body for _, body, _ in bodies], cache, executor, converter))


#: What reading one long copy gave: the file, the product fields it set (with ``copy_source``), its findings.
_Read = tuple["LongCopy", dict[str, Any], list[Finding]]


def _blank_product(sku: str) -> Product:
    """A product of no sheet, to read a long copy onto before the sheets are read."""
    return Product(sku=sku, title="", brand="", price=Decimal(0), source="")


def _read_one(root: Path, guard: InputGuard, path: Path, product: Product, tz: Any, limits: Limits) -> _Read:
    found = Findings()   # handed back: the build's findings apply their severities and language
    copy = read_long_copy(root, path, product, tz, found, limits, guard)
    fields = {key: getattr(product, key) for key in copy.keys}
    if copy.body is not None:
        fields["copy_source"] = product.copy_source
    return copy, fields, list(found)


def apply_front_matter(doc: Any, path: Path, rel: str, product: Product, tz: Any, findings: Findings) -> list[str]:
    """Set on ``product`` the fields a long copy's front matter (``doc``, parsed) gives; the fields set.

    Each key is read as the sheet's column of that name reads it; every problem is a finding on ``rel``.
    """
    ctx = Context(tz)
    applied = []
    for key, raw in doc.data.items():
        if key == "sku":
            ctx.problem(key, msg("sku comes from the file name ({sku}); remove the sku key", sku=path.stem))
        elif key not in COLUMNS:
            ctx.problem(key, msg('unknown key "{key}": {hint}', key=key, hint=did_you_mean(key, COLUMNS)))
        elif raw is not None:
            converted = COLUMNS[key].run(raw, key, ctx)
            if converted is not None:
                setattr(product, key, converted)
                applied.append(key)
    for key, message in ctx.problems:
        findings.add("front-matter", rel, message, key=key, line=doc.lines.get(key))
    return applied
