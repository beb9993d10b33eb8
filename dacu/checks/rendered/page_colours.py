"""The colour rules over rendered pages: palette + theme CSS + inline styles.

``palette-colours`` counts the colour families a page shows: its palette, the
colours of the theme's style sheets (a palette role's default in the theme,
``:root { --primary }``, is replaced by the page's own palette) and every
inline ``style`` and ``<style>`` in its HTML. ``palette-contrast`` checks the
palette's text on its background and every theme rule that sets both a text
colour and a background, with ``var(--role)`` resolved through the palette.
``background-lightness`` looks at the palette background and the backgrounds
of page-sized elements. Each distinct combination is judged once, so a theme
problem is reported once per campaign rather than once per product page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tinycss2

from dacu.core import Findings, Settings, file_signature
from dacu.checks.rendered.colour_rules import (check_background_lightness, check_page_colours,
                                               check_palette_contrast, css_colours)

_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
_VAR = re.compile(r"var\(\s*--([\w-]+)\s*(?:,\s*([^)]+))?\)")
#: Selectors whose background fills the screen (the domain's "large background").
LARGE = re.compile(r"^(html|body|main|header|footer|section|\.page[\w-]*|\.wrap[\w-]*|\.floor[\w-]*|\.hero[\w-]*)$")
#: Font sizes from which text is "large" in WCAG terms (24 px, or 18.66 px bold).
_LARGE_TEXT = re.compile(r"font-size\s*:\s*(\d+(?:\.\d+)?)px")


@dataclass
class _Rule:
    selector: str
    declarations: dict[str, str] = field(default_factory=dict)


@dataclass
class ThemeColours:
    """What the theme's style sheets say about colour, parsed once per build."""

    used: list[tuple[str, str]]            # (colour, place) of every colour in the CSS
    rules: list[_Rule]                     # selectors with their colour declarations
    defaults: dict[str, str]               # custom properties defined in the CSS


class ThemeColourMemo:
    """Theme colours read in one engine session, by file, size and modification time.

    The preview server keeps its session across rebuilds, so an unchanged
    stylesheet is parsed once, not on every save.
    """

    def __init__(self) -> None:
        self._read: dict[tuple[Any, ...], ThemeColours] = {}

    def read(self, css_files: list[tuple[str, Path]]) -> ThemeColours:
        """:func:`read_theme_colours`, remembered."""
        memo = tuple((name, str(path), file_signature(path)) for name, path in css_files)
        if memo not in self._read:
            self._read[memo] = read_theme_colours(css_files)
        return self._read[memo]


def read_theme_colours(css_files: list[tuple[str, Path]]) -> ThemeColours:
    """Colours, colour rules and custom properties of the theme's CSS files."""
    used: list[tuple[str, str]] = []
    rules: list[_Rule] = []
    defaults: dict[str, str] = {}
    for name, path in css_files:
        text = path.read_text(encoding="utf-8", errors="replace")
        used += css_colours(text, name)
        for node in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if node.type != "qualified-rule":
                continue
            selector = tinycss2.serialize(node.prelude).strip()
            rule = _Rule(selector)
            for decl in tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True):
                if decl.type == "declaration":
                    value = tinycss2.serialize(decl.value).strip()
                    rule.declarations[decl.lower_name] = value
                    if decl.lower_name.startswith("--") and selector == ":root":
                        defaults[decl.lower_name[2:]] = value
            rules.append(rule)
    return ThemeColours(used, rules, defaults)


class PageColours:
    """Runs the three colour rules over each rendered page."""

    def __init__(self, settings: Settings, findings: Findings, theme: ThemeColours) -> None:
        self.settings = settings
        self.findings = findings
        self.theme = theme
        self._done: set[Any] = set()

    def check(self, file: str, line: int | None, palette: dict[str, str], inline: list[tuple[str, str]]) -> None:
        """The colour rules for one page whose palette is declared in ``file``.

        ``inline`` are the colours of the page's own ``<style>`` and ``style``
        attributes (:func:`inline_colours`).
        """
        roles = {f"--{role}" for role in palette}
        used = [(c, p) for c, p in [*self.theme.used, *inline] if not _defines_role(p, roles)]
        key = (file, tuple(sorted(palette.items())), tuple(sorted(set(c for c, _ in used))))
        if key in self._done:
            return
        self._done.add(key)
        check_page_colours(self.findings, self.settings, file=file, palette=palette, used=used, line=line)
        if (file, "palette") not in self._done:  # the pairs depend on the palette and theme only
            self._done.add((file, "palette"))
            self._pairs(file, line, palette)

    def _pairs(self, file: str, line: int | None, palette: dict[str, str]) -> None:
        variables = {**self.theme.defaults, **palette}
        pairs: list[tuple[str, str, str, bool]] = []
        backgrounds: list[tuple[str, str]] = []
        if "text" in palette and "background" in palette:
            pairs.append((palette["text"], palette["background"], "palette text on background", False))
        if "background" in palette:
            backgrounds.append((palette["background"], "palette background"))
        for rule in self.theme.rules:
            decls = rule.declarations
            background = _resolve(decls.get("background-color") or _first_colour(decls.get("background")), variables)
            text = _resolve(decls.get("color"), variables)
            if background and text:
                size = _LARGE_TEXT.search(f"font-size:{decls.get('font-size', '')}")
                large = bool(size and float(size.group(1)) >= 24)
                pairs.append((text, background, f"theme {rule.selector} {{ color on background }}", large))
            if background and any(LARGE.match(s.strip()) for s in rule.selector.split(",")):
                backgrounds.append((background, f"theme {rule.selector} {{ background }}"))
        check_palette_contrast(self.findings, self.settings, file=file, pairs=pairs, line=line)
        check_background_lightness(self.findings, self.settings, file=file, backgrounds=backgrounds, line=line)


def inline_colours(page_html: str) -> list[tuple[str, str]]:
    """The colours of a page's ``<style>`` blocks and ``style`` attributes, with where."""
    used: list[tuple[str, str]] = []
    for block in _STYLE_BLOCK.findall(page_html):
        used += css_colours(html.unescape(block), "page <style>")
    for value in _STYLE_ATTR.findall(page_html):
        used += css_colours(html.unescape(value), "inline style")
    return used


def _defines_role(place: str, roles: set[str]) -> bool:
    """A theme's default for a palette role that this page's palette replaces."""
    return any(place.endswith(f"{{ {role} }}") or place.endswith(f": {role}") for role in roles)


def _first_colour(value: str | None) -> str | None:
    if not value:
        return None
    match = _VAR.search(value) or re.search(r"#[0-9a-fA-F]{3,8}\b", value)
    return match.group(0) if match else None


def _resolve(value: str | None, variables: dict[str, str], depth: int = 0) -> str | None:
    """``var(--primary)`` → the palette's colour (following nested variables)."""
    if not value or depth > 5:
        return None
    match = _VAR.fullmatch(value.strip())
    if match:
        name, fallback = match.group(1), match.group(2)
        return _resolve(variables.get(name) or fallback, variables, depth + 1)
    value = value.strip()
    if value.startswith("#") or value.startswith(("rgb", "hsl")) or value.isalpha():
        return None if value in ("transparent", "inherit", "currentColor", "none", "initial", "unset") else value
    return None
