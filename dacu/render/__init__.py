"""Rendering: the theme, Jinja2, page keys, and producing every page."""

from dacu.render.theme import DEFAULT_THEME, PACKAGE_THEMES, Theme, load_theme
from dacu.render.page_keys import PageKeys, boundaries
from dacu.render.renderer import Environments, Renderer
from dacu.render.pages import PageOutput, Produced, produce_pages, render_page

__all__ = ["DEFAULT_THEME", "PACKAGE_THEMES", "Theme", "load_theme", "PageKeys", "boundaries", "Environments", "Renderer",
           "PageOutput", "Produced", "produce_pages", "render_page"]
