"""Rendering: the theme, Jinja2, page keys, and producing every page."""

from typing import TYPE_CHECKING

from dacu.core.lazy import exports

if TYPE_CHECKING:
    from dacu.render.theme import DEFAULT_THEME, PACKAGE_THEMES, Theme, load_theme
    from dacu.render.page_keys import PageKeys, boundaries
    from dacu.render.renderer import Environments, Renderer
    from dacu.render.pages import PageOutput, Prepared, Produced, prepare_pages, produce_pages, render_page

__all__ = ["DEFAULT_THEME", "PACKAGE_THEMES", "Theme", "load_theme", "PageKeys", "boundaries", "Environments", "Renderer",
           "PageOutput", "Prepared", "Produced", "prepare_pages", "produce_pages", "render_page"]

# each module is imported when one of its names is first used (dacu.core.lazy)
__getattr__ = exports(__name__, {
    "dacu.render.theme": ("DEFAULT_THEME", "PACKAGE_THEMES", "Theme", "load_theme"),
    "dacu.render.page_keys": ("PageKeys", "boundaries"),
    "dacu.render.renderer": ("Environments", "Renderer"),
    "dacu.render.pages": ("PageOutput", "Prepared", "Produced", "prepare_pages", "produce_pages", "render_page"),
})
