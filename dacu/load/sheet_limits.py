"""Size limits of product sheets, checked before and while they are read.

An .xlsx file is a zip archive: 3 MB on disk can unpack to a gigabyte of
sheet XML. Its unpacked size is read from the archive's directory first
(zipfile never reads past the size an entry declares), so openpyxl only ever
sees a bounded workbook; rows and cells are counted as they are read.
"""

from __future__ import annotations

import io
from typing import Any

from dacu.core.i18n import Message, msg
from dacu.core.limits import Limits


class SheetTooBig(Exception):
    """A sheet past a limit; ``message`` says which and how to raise it."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def check_xlsx_size(data: bytes, limits: Limits) -> None:
    """Refuse a workbook whose parts unpack to more than ``limits.xlsx_bytes``."""
    import zipfile  # with a workbook only: a rebuild that reads no sheet does not pay its import

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: openpyxl says the file cannot be read
    if unpacked > limits.xlsx_bytes:
        raise SheetTooBig(msg("unpacks to {size} MB, over the limit of {limit} MB: delete unused sheets and "
                              "empty rows, or raise limits.xlsx_mb in [tool.dacu]",
                              size=unpacked // 1_000_000, limit=limits.xlsx_mb))


def count_cells(rows: list[Any], limits: Limits) -> None:
    """Refuse a sheet with more rows or cells than the limits allow."""
    if len(rows) > limits.sheet_rows:
        raise SheetTooBig(msg("has {rows} rows, over the limit of {limit}: split it into several products* "
                              "sheets, or raise limits.sheet_rows in [tool.dacu]", rows=len(rows), limit=limits.sheet_rows))
    cells = sum(len(row.values) for row in rows)
    if cells > limits.sheet_cells:
        raise SheetTooBig(msg("has {cells} cells, over the limit of {limit}: delete unused columns, or raise "
                              "limits.sheet_cells in [tool.dacu]", cells=cells, limit=limits.sheet_cells))
