"""Reading product sheets: CSV (UTF-8, UTF-8 with BOM, GBK), XLSX, JSON, YAML.

Each reader yields rows as ``(line_or_row_number, {column: value})``. Text
encodings are detected, never guessed silently: a CSV that is neither valid
UTF-8 nor valid GB18030 (the superset of GBK that Excel on Chinese Windows
writes) is a ``product-data`` finding, so Chinese titles are never mangled.

Operators' sheets often carry a title row (merged across the columns) or a
note above the header, and workbooks exported from a platform often start
with a 填写说明 (how to fill in) worksheet: the caller passes a test that
recognises a header row, and the first worksheet with such a row is read,
from that row on. The worksheet's name is kept for the findings.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from dacu.core.i18n import Message, msg
from dacu.core.limits import Limits
from dacu.load.frontmatter import load_yaml
from dacu.load.guard import listed, read_input
from dacu.load.reuse import Parsed
from dacu.load.sheet_limits import SheetTooBig, check_xlsx_size, count_cells

SHEET_SUFFIXES = (".csv", ".xlsx", ".json", ".yaml", ".yml")


#: How well a row of cells looks like the header: 0 not at all, 1 partly (some
#: known column names), 2 fully (every required column). Given by the caller,
#: which knows the column names.
HeaderTest = Callable[[list[str]], int]
#: Rows looked at for the header: title rows and notes above it are skipped.
HEADER_SEARCH_ROWS = 20


class SheetError(Exception):
    """A sheet that cannot be read at all; the message says what to do."""

    def __init__(self, message: Message | str) -> None:
        super().__init__(message)
        self.message = message



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
    def label(self) -> Message:
        return msg("line {line}", line=self.line) if self.line is not None else msg("item {n}", n=self.index + 1)


@dataclass
class Sheet:
    """The rows of one sheet and the columns its header names."""

    rows: list[Row] = field(default_factory=list)
    encoding: str | None = None
    columns: list[str] = field(default_factory=list)
    header_line: int | None = None        # the line (or row) of the header, None for JSON/YAML
    worksheet: str | None = None          # the worksheet read, for a workbook


def find_sheets(content: Path) -> list[Path]:
    """Product sheets directly in content/: ``products*.{csv,xlsx,json,yaml}``.

    The main sheet (``products.*``) comes first, then the others by name, so a
    duplicate SKU is always reported against the additional sheet.
    """
    sheets = [p for p in content.iterdir()
              if listed(p) and p.name.startswith("products") and p.suffix.lower() in SHEET_SUFFIXES]
    return sorted(sheets, key=lambda p: (p.stem != "products", p.name))


def read_sheet(path: Path, limits: Limits = Limits(), root: Path | None = None,
               header: HeaderTest | None = None, parsed: Parsed | None = None) -> Sheet:
    """Read one sheet by its suffix; raises :class:`SheetError`.

    The file is read through the input guard (:mod:`dacu.load.guard`, which
    raises :class:`~dacu.load.guard.Refused`) and within ``limits``.
    ``header`` recognises the header row of a CSV or workbook (default: the
    first row that is not empty).
    """
    suffix = path.suffix.lower()
    data = read_input(root if root is not None else path.parent, path, limits.file_bytes)
    if parsed is not None:  # the preview: an unchanged sheet is not parsed again on every save
        return parsed.get("sheet", str(path), (data, limits, header), lambda: _parse_sheet(data, suffix, limits, header))
    return _parse_sheet(data, suffix, limits, header)


def _parse_sheet(data: bytes, suffix: str, limits: Limits, header: HeaderTest | None) -> Sheet:
    try:
        if suffix == ".csv":
            sheet = _read_csv(data, header)
        elif suffix == ".xlsx":
            check_xlsx_size(data, limits)
            sheet = _read_xlsx(io.BytesIO(data), limits, header)
        elif suffix == ".json":
            sheet = _read_records(*_parse_json(data))
        else:
            sheet = _read_records(*_parse_yaml(data, limits.yaml_values))
        count_cells(sheet.rows, limits)
    except SheetTooBig as exc:
        raise SheetError(exc.message) from None
    return sheet


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode sheet bytes: UTF-8 (with or without BOM), else GB18030 (GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise SheetError(msg("starts with a UTF-8 mark but byte {offset} is not UTF-8: save it again as CSV UTF-8",
                                 offset=exc.start + 3)) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 decodes every GBK file the same way and also covers the rare
        # characters (生僻字) that plain GBK lacks.
        return data.decode("gb18030"), "gbk"
    except UnicodeDecodeError as exc:
        raise SheetError(msg("is neither UTF-8 nor GBK text (bad byte at offset {offset}): "
                             "in Excel use Save As → CSV UTF-8", offset=exc.start)) from None


def _cells(values: Iterable[Any]) -> list[str]:
    return [str(v).strip() if v is not None else "" for v in values]


def _find_header(rows: list[tuple[int, list[str]]], header: HeaderTest | None) -> tuple[int, int]:
    """(index in ``rows`` of the header row, its score); ``rows`` are the first non-empty rows."""
    if header is None or not rows:
        return 0, 2
    scores = [header(cells) for _, cells in rows]
    for wanted in (2, 1):
        if wanted in scores:
            return scores.index(wanted), wanted
    return 0, 0


def _read_csv(data: bytes, header_test: HeaderTest | None = None) -> Sheet:
    text, encoding = decode_text(data)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    records = ((reader.line_num, record) for record in _records(reader))
    sheet = _rows_after_header(records, header_test, Sheet(encoding=encoding))
    if sheet is None:
        raise SheetError(msg("is empty: the first row must name the columns (sku, title, brand, price, ...)"))
    return sheet


def _rows_after_header(records: Iterable[tuple[int, Iterable[Any]]], header_test: HeaderTest | None,
                       sheet: Sheet) -> Sheet | None:
    """The sheet from ``(line, values)`` records: the header found among the first rows, the rows after it.

    None when there is no row with any value.
    """
    records = iter(records)
    head: list[tuple[int, list[str]]] = []
    kept: dict[int, list[Any]] = {}
    for line, values in records:
        values = list(values)
        cells = _cells(values)
        if not any(cells):
            continue
        head.append((line, cells))
        kept[line] = values
        if len(head) >= HEADER_SEARCH_ROWS or (header_test is not None and header_test(cells) == 2):
            break
    if not head:
        return None
    at, _ = _find_header(head, header_test)
    sheet.header_line, header = head[at]
    sheet.columns = header
    rest = [(line, kept[line]) for line, _ in head[at + 1:]]
    for line, values in [*rest, *records]:
        if not any(_cells(values)):
            continue  # Excel leaves blank rows at the end
        row = {header[i] if i < len(header) and header[i] else f"column {i + 1}": v
               for i, v in enumerate(values) if i < len(header) or v not in (None, "")}
        sheet.rows.append(Row(row, line, len(sheet.rows)))
    return sheet


def _records(reader: Any) -> Any:
    """The CSV reader's records, with a cell past the csv module's field limit as a :class:`SheetError`."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SheetError(msg("line {line} cannot be read ({reason}): a cell is too long or a quote is not "
                                 "closed; check that line", line=reader.line_num + 1, reason=str(exc))) from None


def _read_xlsx(path: Any, limits: Limits = Limits(), header_test: HeaderTest | None = None) -> Sheet:

    import openpyxl  # imported here: only sites with .xlsx sheets pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise SheetError(msg("cannot be read as an Excel workbook ({error}): save it again from Excel as .xlsx",
                             error=type(exc).__name__)) from None
    try:
        best: tuple[int, Any] | None = None   # (score, worksheet) of the best worksheet so far
        for ws in book.worksheets:
            ws.reset_dimensions()  # the file's own <dimension> may claim a million empty rows
            rows = _limited(ws, limits)
            head = [(n, _cells(v)) for n, v in _first_rows(rows)]
            if not head:
                continue
            _, score = _find_header(head, header_test)
            if best is None or score > best[0]:
                best = (score, ws)
            if score == 2:
                break  # e.g. a 填写说明 worksheet before the products is passed over
        if best is None:
            raise SheetError(msg("has no worksheet with any value: the first row must name the columns"))
        ws = best[1]
        sheet = _rows_after_header(_limited(ws, limits), header_test, Sheet(encoding=None, worksheet=ws.title))
        assert sheet is not None  # the worksheet has a row with a value
        return sheet
    except SheetError:
        raise
    except Exception as exc:  # damaged sheet XML, no worksheet: openpyxl raises many types while reading
        raise SheetError(f"cannot be read as an Excel workbook ({type(exc).__name__}): save it again from Excel "
                         "as .xlsx") from None
    finally:
        book.close()


def _limited(ws: Any, limits: Limits) -> Iterator[tuple[int, Any]]:
    """(row number, values) of a worksheet, within the sheet limits."""
    cells = 0
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells += len(values)
        if number > limits.sheet_rows or cells > limits.sheet_cells:
            raise SheetError(msg("has more than {rows} rows or {cells} cells: split it into several products*.xlsx "
                                 "sheets, or raise limits.sheet_rows and limits.sheet_cells in [tool.dacu]",
                                 rows=limits.sheet_rows, cells=limits.sheet_cells))
        yield number, values


def _first_rows(rows: Iterable[tuple[int, Any]]) -> list[tuple[int, Any]]:
    """The first non-empty rows of a worksheet, where its header is looked for."""
    found = []
    for number, values in rows:
        if any(v is not None and str(v).strip() for v in values):
            found.append((number, values))
            if len(found) >= HEADER_SEARCH_ROWS:
                break
    return found


def _parse_json(data: bytes) -> tuple[Any, dict[str, int]]:
    text, _ = decode_text(data)
    try:
        return json.loads(text), {}
    except json.JSONDecodeError as exc:
        raise SheetError(msg("is not valid JSON at line {line}: {reason}", line=exc.lineno, reason=exc.msg)) from None
    except RecursionError:
        raise SheetError(msg("nests lists and objects too deep: flatten them")) from None
    except ValueError:  # an int past Python's 4,300-digit limit
        raise SheetError(msg("holds a number with too many digits")) from None


def _parse_yaml(data: bytes, max_values: int = Limits.yaml_values) -> tuple[Any, dict[str, int]]:
    text, _ = decode_text(data)
    value, lines, errors = load_yaml(text, max_values)
    if errors:
        line, _, message = errors[0]
        if line:
            raise SheetError(msg("at line {line}: {problem}", line=line, problem=message))
        raise SheetError(message)
    return value, lines


def _read_records(value: Any, lines: dict[str, int]) -> Sheet:
    if isinstance(value, dict) and isinstance(value.get("products"), list):
        value = value["products"]
        lines = {k.removeprefix("products"): v for k, v in lines.items()}
    if not isinstance(value, list):
        raise SheetError(msg("must be a list of products (one object per product, with sku, title, brand, price)"))
    sheet = Sheet()
    columns: dict[str, None] = {}
    for index, item in enumerate(value):
        line = lines.get(f"[{index}]")
        if not isinstance(item, dict):
            raise SheetError(msg("item {n} is not an object with sku, title, brand and price", n=index + 1))
        columns.update(dict.fromkeys(str(k) for k in item))
        sheet.rows.append(Row({str(k): v for k, v in item.items()}, line, index))
    sheet.columns = list(columns)
    return sheet
