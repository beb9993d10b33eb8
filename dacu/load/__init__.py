"""Reading files safely: front matter, product sheets, Markdown, images."""

from typing import TYPE_CHECKING

from dacu.core.lazy import exports

if TYPE_CHECKING:
    from dacu.load.frontmatter import Document, parse_document
    from dacu.load.image_file import IMAGE_SUFFIXES, ImageProblem, LoadedImage, open_image, resolve_asset, shown_path
    from dacu.load.markdown import Converter, to_html, to_html_later, to_html_many
    from dacu.load.reuse import Parsed
    from dacu.load.schema import Invalid, parse_time
    from dacu.load.sheets import Row, Sheet, SheetError, find_sheets, read_sheet

__all__ = ["Document", "parse_document", "IMAGE_SUFFIXES", "ImageProblem", "LoadedImage", "open_image", "resolve_asset",
           "shown_path", "Converter", "Parsed", "to_html", "to_html_later", "to_html_many",
           "Invalid", "parse_time", "Row", "Sheet", "SheetError",
           "find_sheets", "read_sheet"]

# each module is imported when one of its names is first used (dacu.core.lazy)
__getattr__ = exports(__name__, {
    "dacu.load.frontmatter": ("Document", "parse_document"),
    "dacu.load.image_file": ("IMAGE_SUFFIXES", "ImageProblem", "LoadedImage", "open_image", "resolve_asset",
                             "shown_path"),
    "dacu.load.markdown": ("Converter", "to_html", "to_html_later", "to_html_many"),
    "dacu.load.reuse": ("Parsed",),
    "dacu.load.schema": ("Invalid", "parse_time"),
    "dacu.load.sheets": ("Row", "Sheet", "SheetError", "find_sheets", "read_sheet"),
})
