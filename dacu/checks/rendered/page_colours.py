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
from typing import Any, Callable

import tinycss2

from dacu.core import Findings, Settings, file_signature
from dacu.core.i18n import Message, msg
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
    file: str = ""                         # the style sheet's name, e.g. css/dacu.css
    line: int | None = None


@dataclass
class ThemeColours:
    """What the theme's style sheets say about colour, parsed once per build."""

    used: list[tuple[str, str]]            # (colour, place) of every colour in the CSS
    rules: list[_Rule]                     # selectors with their colour declarations
    defaults: dict[str, str]               # custom properties defined in the CSS
    files: dict[str, str] = field(default_factory=dict)   # sheet name -> file a finding names
    lines: dict[tuple[str, str], int] = field(default_factory=dict)  # (sheet, selector) -> line

    def blame(self, place: str) -> tuple[str, int | None, str] | None:
        """(file, line, key) of the style sheet rule a colour's ``place`` names, or None for another place."""
        sheet, _, rest = place.partition(": ")
        if sheet not in self.files:
            return None
        selector = rest.rsplit(" { ", 1)[0]
        return self.files[sheet], self.lines.get((sheet, selector)), rest


class ThemeColourMemo:
    """Theme colours read in one engine session, by file, size and modification time.

    The preview server keeps its session across rebuilds, so an unchanged
    stylesheet is parsed once, not on every save.
    """

    def __init__(self) -> None:
        self._read: dict[tuple[Any, ...], ThemeColours] = {}

    def read(self, css_files: list[tuple[str, Path]], root: Path | None = None) -> ThemeColours:
        """:func:`read_theme_colours`, remembered."""
        memo = (str(root), *((name, str(path), file_signature(path)) for name, path in css_files))
        if memo not in self._read:
            self._read[memo] = read_theme_colours(css_files, root)
        return self._read[memo]


def read_theme_colours(css_files: list[tuple[str, Path]], root: Path | None = None) -> ThemeColours:
    """Colours, colour rules and custom properties of the theme's CSS files.

    A finding caused by a style sheet names it: its path from ``root`` (the
    site), or ``(default theme) css/dacu.css`` for the packaged theme's.
    """
    used: list[tuple[str, str]] = []
    rules: list[_Rule] = []
    defaults: dict[str, str] = {}
    files: dict[str, str] = {}
    lines: dict[tuple[str, str], int] = {}
    for name, path in css_files:
        files[name] = (path.relative_to(root).as_posix() if root is not None and path.is_relative_to(root)
                       else f"(default theme) {name}")
        text = path.read_text(encoding="utf-8", errors="replace")
        used += css_colours(text, name)
        for node in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if node.type != "qualified-rule":
                continue
            selector = tinycss2.serialize(node.prelude).strip()
            rule = _Rule(selector, file=name, line=node.source_line)
            lines.setdefault((name, " ".join(selector.split())), node.source_line)
            for decl in tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True):
                if decl.type == "declaration":
                    value = tinycss2.serialize(decl.value).strip()
                    rule.declarations[decl.lower_name] = value
                    if decl.lower_name.startswith("--") and selector == ":root":
                        defaults[decl.lower_name[2:]] = value
            rules.append(rule)
    return ThemeColours(used, rules, defaults, files, lines)


class PageColours:
    """Runs the three colour rules over each rendered page."""

    def __init__(self, settings: Settings, findings: Findings, theme: ThemeColours) -> None:
        self.settings = settings
        self.findings = findings
        self.theme = theme
        self._done: set[Any] = set()

    def check(self, file: str, line: int | None, palette: dict[str, str], inline: list[tuple[str, str]],
              linked: set[str] | None = None, line_of: Callable[[str], int | None] | None = None) -> None:
        """The colour rules for one page whose palette is declared in ``file``.

        ``inline`` are the colours of the page's own ``<style>`` and ``style``
        attributes (:func:`inline_colours`); ``linked`` the names of the theme
        style sheets the page links (None: all of them): a sheet no page links
        brings no colour. ``line_of(key)`` is the line of a front matter key,
        so a finding a palette colour causes points at its own line.
        """
        key, used = self._used(file, palette, inline, linked)
        if key in self._done:
            return
        self._done.add(key)

        def blame(place: str) -> tuple[str, int | None, str]:
            if place.startswith("palette "):
                role = place.removeprefix("palette ")
                return file, (line_of(f"palette.{role}") if line_of else None) or line, f"palette.{role}"
            return self.theme.blame(place) or (file, line, "palette")

        check_page_colours(self.findings, self.settings, file=file, palette=palette, used=used, line=line,
                           blame=blame)
        rules = [r for r in self.theme.rules if linked is None or r.file in linked]
        if (file, "palette", len(rules)) not in self._done:  # the pairs depend on the palette and theme only
            self._done.add((file, "palette", len(rules)))
            self._pairs(file, line, palette, rules)

    def key(self, file: str, palette: dict[str, str], inline: list[tuple[str, str]],
            linked: set[str] | None = None) -> tuple[Any, ...]:
        """What :meth:`check` judges a page by: pages with equal keys get the same findings, from the first of them."""
        return self._used(file, palette, inline, linked)[0]

    def _used(self, file: str, palette: dict[str, str], inline: list[tuple[str, str]],
              linked: set[str] | None) -> tuple[tuple[Any, ...], list[tuple[str, str]]]:
        """The page's key and the (colour, place) pairs it shows, palette roles' theme defaults left out."""
        roles = {f"--{role}" for role in palette}
        sheets = [(c, p) for c, p in self.theme.used if linked is None or p.partition(": ")[0] in linked]
        used = [(c, p) for c, p in [*sheets, *inline] if not _defines_role(p, roles)]
        return (file, tuple(sorted(palette.items())), tuple(sorted(set(c for c, _ in used)))), used

    def _pairs(self, file: str, line: int | None, palette: dict[str, str], rules: list[_Rule]) -> None:
        """Contrast and background lightness: against the palette's file, or the style sheet whose own colours fail."""
        variables = {**self.theme.defaults, **palette}
        pairs: dict[tuple[str, int | None], list[tuple[str, str, Message | str, bool]]] = {(file, line): []}
        backgrounds: dict[tuple[str, int | None], list[tuple[str, str]]] = {(file, line): []}
        if "text" in palette and "background" in palette:
            pairs[(file, line)].append((palette["text"], palette["background"], msg("palette text on background"), False))
        if "background" in palette:
            backgrounds[(file, line)].append((palette["background"], "palette background"))
        for rule in rules:
            decls = rule.declarations
            # a rule that uses a palette role is the palette's concern; one with its own colours, the sheet's
            uses_palette = any(f"var(--{role}" in value for value in decls.values() for role in palette)
            where = (file, line) if uses_palette else (self.theme.files.get(rule.file, file), rule.line)
            background = _resolve(decls.get("background-color") or _first_colour(decls.get("background")), variables)
            text = _resolve(decls.get("color"), variables)
            if background and text:
                size = _LARGE_TEXT.search(f"font-size:{decls.get('font-size', '')}")
                large = bool(size and float(size.group(1)) >= 24)
                pairs.setdefault(where, []).append(
                    (text, background, msg("theme {selector} {{ color on background }}", selector=rule.selector), large))
            if background and any(LARGE.match(s.strip()) for s in rule.selector.split(",")):
                backgrounds.setdefault(where, []).append((background, f"theme {rule.selector} {{ background }}"))
        for (at, at_line), found in pairs.items():
            check_palette_contrast(self.findings, self.settings, file=at, pairs=found, line=at_line)
        for (at, at_line), found_backgrounds in backgrounds.items():
            check_background_lightness(self.findings, self.settings, file=at, backgrounds=found_backgrounds,
                                       line=at_line)


def inline_colours(page_html: str, memo: dict[tuple[str, str], list[tuple[str, str]]] | None = None
                   ) -> list[tuple[str, str]]:
    """The colours of a page's ``<style>`` blocks and ``style`` attributes, with where.

    ``memo`` (kept by the caller for one build) remembers the colours of each
    distinct style text: most pages of a build share their palette's ``<style>``.
    """
    memo = {} if memo is None else memo
    used: list[tuple[str, str]] = []
    for where, texts in (("page <style>", _STYLE_BLOCK.findall(page_html)),
                         # its match holds 'style="': where the page has none, the pattern need not try
                         # every white space of the page
                         ("inline style", _STYLE_ATTR.findall(page_html) if 'style="' in page_html else [])):
        for text in texts:
            found = memo.get((text, where))
            if found is None:
                found = memo[(text, where)] = css_colours(html.unescape(text), where)
            used += found
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
