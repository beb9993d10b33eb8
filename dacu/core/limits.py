"""How much work one input may cause: every limit in one place (docs/settings.md).

Small files can ask for unbounded work: a 1 KB YAML "billion laughs", a
3 MB workbook of 1 GB of sheet XML, ``1e99999999``, a list nested 2,000
deep. Each reader checks its limit before the work and reports a finding
(at the file and line) when an input goes past it; the build never hangs,
runs out of memory or ends in a traceback.

The limits a large catalogue may reach are settings (``[tool.dacu.limits]``);
the others are far beyond any real page and fixed.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

#: Lists, quotes and brackets nested in Markdown (Python-Markdown's time explodes past a few dozen).
MARKDOWN_DEPTH = 32
#: Characters of one Markdown text (a campaign's rules, a product's long copy).
MARKDOWN_CHARS = 1_000_000
#: Nesting of lists and mappings in front matter and YAML/JSON sheets.
DATA_DEPTH = 64
#: Significant digits of a number anywhere in the content (a price, a stock, a rate).
NUMBER_DIGITS = 20
#: Digits before the point (a trillion yuan has 13): sums of such amounts stay exact in Decimal.
INTEGER_DIGITS = 15
#: Characters of a path below the site root (most file systems stop at 255 a name, 4,096 a path).
PATH_CHARS = 1024


@dataclass(frozen=True)
class Limits:
    """The settable limits (``[tool.dacu.limits]``); the defaults suit a 100,000-product catalogue."""

    file_mb: int = 100          # one content file (Markdown, sheet, venue), in MB
    sheet_rows: int = 200_000   # rows of one product sheet
    sheet_cells: int = 10_000_000   # cells of one product sheet (rows × columns)
    xlsx_mb: int = 1_000        # an .xlsx sheet's unpacked size, in MB
    yaml_values: int = 1_000_000    # values one YAML document holds, each alias counted where it is used

    @property
    def file_bytes(self) -> int:
        return self.file_mb * 1_000_000

    @property
    def xlsx_bytes(self) -> int:
        return self.xlsx_mb * 1_000_000

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]
