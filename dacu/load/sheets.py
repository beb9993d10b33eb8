"""Reading product sheets: CSV (UTF-8, UTF-8 with BOM, GBK), XLSX, JSON, YAML.

Each reader yields rows as ``(line_or_row_number, {column: value})``. Text
encodings are detected, never guessed silently: a CSV that is neither valid
UTF-8 nor valid GB18030 (the superset of GBK that Excel on Chinese Windows
writes) is a ``product-data`` finding, so Chinese titles are never mangled.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dacu.core.limits import Limits
from dacu.load.frontmatter import load_yaml
from dacu.load.guard import listed, read_input
from dacu.load.sheet_limits import SheetTooBig, check_xlsx_size, count_cells

SHEET_SUFFIXES = (".csv", ".xlsx", ".json", ".yaml", ".yml")


class SheetError(Exception):
    """A sheet that cannot be read at all; the message says what to do."""



@dataclass
class Row:
    """One product record: its values and where it is in the sheet.

    ``line`` is the CSV line, the Excel row number or the YAML line; JSON has
    no lines, so its records are named by ``index`` (0-based) only.
    """

    values: dict[str, Any]
    line: int | None
    index: int

    @property
    def label(self) -> str:
        return f"line {self.line}" if self.line is not None else f"item {self.index + 1}"


@dataclass
class Sheet:
    """The rows of one sheet and the columns its header names."""

    rows: list[Row] = field(default_factory=list)
    encoding: str | None = None
    columns: list[str] = field(default_factory=list)


def find_sheets(content: Path) -> list[Path]:
    """Product sheets directly in content/: ``products*.{csv,xlsx,json,yaml}``.

    The main sheet (``products.*``) comes first, then the others by name, so a
    duplicate SKU is always reported against the additional sheet.
    """
    sheets = [p for p in content.iterdir()
              if listed(p) and p.name.startswith("products") and p.suffix.lower() in SHEET_SUFFIXES]
    return sorted(sheets, key=lambda p: (p.stem != "products", p.name))


def read_sheet(path: Path, limits: Limits = Limits(), root: Path | None = None) -> Sheet:
    """Read one sheet by its suffix; raises :class:`SheetError`.

    The file is read through the input guard (:mod:`dacu.load.guard`, which
    raises :class:`~dacu.load.guard.Refused`) and within ``limits``.
    """
    suffix = path.suffix.lower()
    data = read_input(root if root is not None else path.parent, path, limits.file_bytes)
    try:
        if suffix == ".csv":
            sheet = _read_csv(data)
        elif suffix == ".xlsx":
            check_xlsx_size(data, limits)
            sheet = _read_xlsx(io.BytesIO(data), limits)
        elif suffix == ".json":
            sheet = _read_records(*_parse_json(data))
        else:
            sheet = _read_records(*_parse_yaml(data, limits.yaml_values))
        count_cells(sheet.rows, limits)
    except SheetTooBig as exc:
        raise SheetError(str(exc)) from None
    return sheet


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode sheet bytes: UTF-8 (with or without BOM), else GB18030 (GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise SheetError(f"starts with a UTF-8 mark but byte {exc.start + 3} is not UTF-8: save it again as CSV UTF-8") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 decodes every GBK file the same way and also covers the rare
        # characters (生僻字) that plain GBK lacks.
        return data.decode("gb18030"), "gbk"
    except UnicodeDecodeError as exc:
        raise SheetError(f"is neither UTF-8 nor GBK text (bad byte at offset {exc.start}): "
                         "in Excel use Save As → CSV UTF-8") from None


def _read_csv(data: bytes) -> Sheet:
    text, encoding = decode_text(data)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    sheet = Sheet(encoding=encoding)
    header: list[str] | None = None
    for record in _records(reader):
        line = reader.line_num
        if header is None:
            if not any(cell.strip() for cell in record):
                continue
            header = [cell.strip() for cell in record]
            sheet.columns = header
            continue
        if not any(cell.strip() for cell in record):
            continue  # Excel leaves blank rows at the end
        row = {header[i] if i < len(header) else f"column {i + 1}": cell for i, cell in enumerate(record)}
        sheet.rows.append(Row(row, line, len(sheet.rows)))
    if header is None:
        raise SheetError("is empty: the first row must name the columns (sku, title, brand, price, ...)")
    return sheet


def _records(reader: Any) -> Any:
    """The CSV reader's records, with a cell past the csv module's field limit as a :class:`SheetError`."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SheetError(f"line {reader.line_num + 1} cannot be read ({exc}): a cell is too long or "
                             "a quote is not closed; check that line") from None


def _read_xlsx(path: Any, limits: Limits = Limits()) -> Sheet:
    import openpyxl  # imported here: only sites with .xlsx sheets pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise SheetError(f"cannot be read as an Excel workbook ({type(exc).__name__}): save it again from Excel as .xlsx") from None
    try:
        ws = book.worksheets[0]
        ws.reset_dimensions()  # the file's own <dimension> may claim a million empty rows
        sheet = Sheet(encoding=None)
        header: list[str] | None = None
        cells = 0
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells += len(values)
            if number > limits.sheet_rows or cells > limits.sheet_cells:
                raise SheetError(f"has more than {limits.sheet_rows} rows or {limits.sheet_cells} cells: split it "
                                 "into several products*.xlsx sheets, or raise limits.sheet_rows and "
                                 "limits.sheet_cells in [tool.dacu]")
            if not any(v is not None and str(v).strip() for v in values):
                continue
            if header is None:
                header = [str(v).strip() if v is not None else "" for v in values]
                sheet.columns = header
                continue
            row = {header[i] if i < len(header) else f"column {i + 1}": v
                   for i, v in enumerate(values) if i < len(header) or v is not None}
            sheet.rows.append(Row(row, number, len(sheet.rows)))
        if header is None:
            raise SheetError("has an empty first sheet: the first row must name the columns")
        return sheet
    finally:
        book.close()


def _parse_json(data: bytes) -> tuple[Any, dict[str, int]]:
    text, _ = decode_text(data)
    try:
        return json.loads(text), {}
    except json.JSONDecodeError as exc:
        raise SheetError(f"is not valid JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise SheetError("nests lists and objects too deep: flatten them") from None
    except ValueError:  # an int past Python's 4,300-digit limit
        raise SheetError("holds a number with too many digits") from None


def _parse_yaml(data: bytes, max_values: int = Limits.yaml_values) -> tuple[Any, dict[str, int]]:
    text, _ = decode_text(data)
    value, lines, errors = load_yaml(text, max_values)
    if errors:
        line, _, message = errors[0]
        raise SheetError(f"is {message}" + (f" (line {line})" if line else ""))
    return value, lines


def _read_records(value: Any, lines: dict[str, int]) -> Sheet:
    if isinstance(value, dict) and isinstance(value.get("products"), list):
        value = value["products"]
        lines = {k.removeprefix("products"): v for k, v in lines.items()}
    if not isinstance(value, list):
        raise SheetError("must be a list of products (one object per product, with sku, title, brand, price)")
    sheet = Sheet()
    columns: dict[str, None] = {}
    for index, item in enumerate(value):
        line = lines.get(f"[{index}]")
        if not isinstance(item, dict):
            raise SheetError(f"item {index + 1} is not an object with sku, title, brand and price")
        columns.update(dict.fromkeys(str(k) for k in item))
        sheet.rows.append(Row({str(k): v for k, v in item.items()}, line, index))
    sheet.columns = list(columns)
    return sheet
