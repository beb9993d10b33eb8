"""What in a page could run a script: <script> elements, on* attributes, script URLs."""

from __future__ import annotations

from html.parser import HTMLParser

from dacu.core.urls import url_scheme


class _Scan(HTMLParser):
    def __init__(self, allow_scripts: int) -> None:
        super().__init__(convert_charrefs=True)
        self.allow_scripts = allow_scripts   # the theme's own <script> elements
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            if self.allow_scripts <= 0:
                self.found.append("<script>")
            self.allow_scripts -= 1
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            elif name in ("href", "src", "action", "formaction", "srcset", "poster") and value and _runs(value):
                self.found.append(f"{tag} {name}={value}")


def _runs(url: str) -> bool:
    """A URL that runs a script when followed or loaded (the theme's empty favicon ``data:,`` does not)."""
    scheme = url_scheme(url)
    return scheme in ("javascript", "vbscript") or (scheme == "data" and url.strip() != "data:,")


def scripts_in(html: str, theme_scripts: int = 0) -> list[str]:
    """Everything in ``html`` that could run a script, beyond the theme's own ``<script>`` elements."""
    scan = _Scan(theme_scripts)
    scan.feed(html)
    scan.close()
    return scan.found


def theme_script_count(html: str) -> int:
    """The theme's own scripts in a page: its static script files and the page-state block it writes."""
    return html.count("<script")
