"""Reading files safely: front matter, product sheets, Markdown, images."""

from dacu.load.frontmatter import Document, parse_document
from dacu.load.image_file import IMAGE_SUFFIXES, ImageProblem, LoadedImage, open_image, resolve_asset, shown_path
from dacu.load.markdown import Converter, to_html, to_html_many
from dacu.load.reuse import Parsed
from dacu.load.schema import Invalid, parse_time
from dacu.load.sheets import Row, Sheet, SheetError, find_sheets, read_sheet

__all__ = ["Document", "parse_document", "IMAGE_SUFFIXES", "ImageProblem", "LoadedImage", "open_image", "resolve_asset",
           "shown_path", "Converter", "Parsed", "to_html", "to_html_many", "Invalid", "parse_time", "Row", "Sheet", "SheetError",
           "find_sheets", "read_sheet"]
