"""Colour rules: ``palette-colours``, ``palette-contrast``, ``background-lightness``.

The page's colours are its palette plus every colour in the theme's CSS and
inline styles that the page uses; :func:`css_colours` finds those in a CSS
text, each with where it is used, so a finding can say which rule to change.

Translucent colours are judged as they show over white (a 10% red wash is a
pale pink), except text colours in :func:`check_palette_contrast`, which are
laid over their own background as WCAG requires; fully transparent ones,
``currentColor`` and the CSS-wide keywords are not colours of their own.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

import tinycss2
import tinycss2.ast

from dacu.core.colour import (RGB, ColourError, colour_families, contrast_partner, contrast_ratio, floor_ratio,
                              format_ratio, format_threshold, hex_of, hsl_lightness, parse_rgba, relative_luminance)
from dacu.core import Findings, Settings
from dacu.core.i18n import Message, msg

#: Functions whose whole value is one colour (any other function is searched inside).
_COLOUR_FUNCTIONS = {"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color"}
#: Properties in which a bare word such as ``red`` is a colour. Elsewhere it is
#: not: ``font-family: Red Hat``, ``animation-name: orange``, ``grid-area: red``.
_COLOUR_PROPERTY_WORDS = ("color", "background", "border", "outline", "shadow", "fill", "stroke",
                          "text-decoration", "text-emphasis", "column-rule", "caret", "accent", "scrollbar")
#: Functions whose bare words are colours whatever the property (``mask-image: linear-gradient(red, ...)``).
_COLOUR_WORD_FUNCTIONS = {"linear-gradient", "radial-gradient", "conic-gradient", "repeating-linear-gradient",
                          "repeating-radial-gradient", "repeating-conic-gradient", "color-mix", "light-dark",
                          "drop-shadow"}
_WHERE_SHOWN = 3  # places listed per colour in a message; the report's extra has them all


# -- finding colours in CSS -------------------------------------------------------------

def css_colours(css_text: str, where: str) -> list[tuple[str, str]]:
    """Every colour in a style sheet or an inline ``style`` value, with where it is used.

    Returns ``(colour, place)`` pairs in source order; ``colour`` is ``#RRGGBB``
    (``#RRGGBBAA`` when translucent), ``place`` is ``"<where>: <selector> { <property> }"``
    (``"<where>: <property>"`` for an inline style). Custom properties count
    where they are defined (``:root { --brand }``); ``var()`` fallbacks count too.
    """
    found: list[tuple[str, str]] = []
    if "{" in css_text:
        rules = tinycss2.parse_stylesheet(css_text, skip_comments=True, skip_whitespace=True)
        _walk_rules(rules, "", where, found)
    else:
        for item in tinycss2.parse_declaration_list(css_text, skip_comments=True, skip_whitespace=True):
            if item.type == "declaration":
                _declaration(item, f"{where}: {item.name}" if where else item.name, found)
    return found


def _walk_rules(rules: Iterable[Any], parent: str, where: str, found: list[tuple[str, str]]) -> None:
    for rule in rules:
        if rule.type == "qualified-rule":
            selector = " ".join(tinycss2.serialize(rule.prelude).split())
            if parent:  # CSS nesting: "&" stands for the parent selector
                selector = selector.replace("&", parent) if "&" in selector else f"{parent} {selector}"
            _walk_block(rule.content, selector, where, found)
        elif rule.type == "at-rule" and rule.content is not None:
            # @media / @supports / @layer wrap rules; @keyframes holds "50% {...}" rules
            name = f"@{rule.lower_at_keyword} {' '.join(tinycss2.serialize(rule.prelude).split())}".strip()
            inner = f"{parent} {name}".strip() if rule.lower_at_keyword == "keyframes" else parent
            _walk_block(rule.content, inner, where, found)


def _walk_block(content: list[Any], selector: str, where: str, found: list[tuple[str, str]]) -> None:
    """Declarations and nested rules (CSS nesting, @media inside a rule) of one block."""
    items = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    for item in items:
        if item.type == "declaration":
            place = f"{selector} {{ {item.name} }}" if selector else item.name
            _declaration(item, f"{where}: {place}" if where else place, found)
    _walk_rules([i for i in items if i.type in ("qualified-rule", "at-rule")], selector, where, found)


def _declaration(decl: Any, place: str, found: list[tuple[str, str]]) -> None:
    if decl.name.startswith("--"):
        # A custom property may hold anything ("--font: Red Hat"): a bare word is
        # a colour only when it is the whole value ("--brand: red").
        words = len([t for t in decl.value if t.type not in ("whitespace", "comment")]) == 1
    else:
        words = any(w in decl.lower_name for w in _COLOUR_PROPERTY_WORDS)
    for colour in _colours_in(decl.value, words):
        found.append((colour, place))


def _colours_in(tokens: Sequence[Any], words: bool) -> list[str]:
    """The colours among component values, searching inside functions and blocks."""
    out: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "hash" or (kind == "ident" and words) or (
                kind == "function" and token.lower_name in _COLOUR_FUNCTIONS):
            colour = _as_text(token)
            if colour:
                out.append(colour)
        elif kind == "function":  # var(), linear-gradient(), color-mix(), calc() ...
            out += _colours_in(token.arguments, words or token.lower_name in _COLOUR_WORD_FUNCTIONS)
        elif kind in ("() block", "[] block", "{} block"):
            out += _colours_in(token.content, words)
    return out


def _as_text(token: Any) -> str | None:
    """``#RRGGBB`` / ``#RRGGBBAA`` for a colour token; None for a non-colour or transparent."""
    try:
        rgb, alpha = parse_rgba(token)
    except ColourError:
        return None  # 'solid', 'none', currentColor, inherit ... or a bad hash
    if alpha <= 0:
        return None
    return hex_of(rgb) + (f"{round(alpha * 255):02X}" if alpha < 1 else "")


def _over(rgb: RGB, alpha: float, under: RGB = (255, 255, 255)) -> RGB:
    """A translucent colour as it shows over ``under``."""
    return tuple(round(c * alpha + u * (1 - alpha)) for c, u in zip(rgb, under))  # type: ignore[return-value]


def _solid(text: str, under: RGB = (255, 255, 255)) -> RGB:
    rgb, alpha = parse_rgba(text)
    return rgb if alpha >= 1 else _over(rgb, alpha, under)


def _places(places: list[str]) -> Message:
    more = len(places) - _WHERE_SHOWN
    if more > 0:
        return msg("{places} and {count} more", places=places[:_WHERE_SHOWN], count=more)
    return msg("{places}", places=places)


def _semicolons(parts: list[Message]) -> Message:
    """Messages joined by "; " (a list inside a list needs a stronger separator than a comma)."""
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = msg("{first}; {rest}", first=part, rest=joined)
    return joined


# -- palette-colours ----------------------------------------------------------------

def check_page_colours(findings: Findings, settings: Settings, *, file: str, palette: dict[str, str],
                       used: list[tuple[str, str]], line: int | None = None,
                       blame: Callable[[str], tuple[str, int | None, str]] | None = None) -> None:
    """palette-colours: at most ``max_families`` chromatic families in palette + used colours.

    ``palette`` maps a palette role to its colour; ``used`` holds the
    ``(colour, place)`` pairs of :func:`css_colours` for the CSS the page uses.
    The finding is filed where the first family over the limit comes from:
    ``blame(place)`` gives its (file, line, key) (a palette key, or the style
    sheet rule); without it, ``file`` and ``line`` with the key ``palette``.
    """
    params = settings.rule_params("palette-colours")
    limit = int(params["max_families"])
    places: dict[RGB, list[str]] = {}
    for colour, place in [(c, f"palette {name}") for name, c in palette.items()] + list(used):
        try:
            rgb = _solid(colour)
        except ColourError as exc:
            if place.startswith("palette "):
                name = place.removeprefix("palette ")
                findings.add("palette-colours", file, msg("palette {name}: {problem}", name=name, problem=str(exc)),
                             key=f"palette.{name}", line=line)
            continue
        at = places.setdefault(rgb, [])
        if place not in at:
            at.append(place)
    families = colour_families(places, max_chroma=params["neutral_chroma"], max_hue=params["family_hue"])
    if len(families) <= limit:
        return
    # One msg() per statement: Babel does not extract a msg() nested in another's arguments.
    colours = [[msg("{colour} ({places})", colour=hex_of(rgb), places=_places(places[rgb])) for rgb in family.colours]
               for family in families]
    listed = _semicolons([msg("{n}) {colours}", n=n, colours=members) for n, members in enumerate(colours, 1)])
    at_file, at_line, at_key = blame(places[families[limit].main][0]) if blame else (file, line, "palette")
    findings.add("palette-colours", at_file,
                 msg("the page uses {count} colour families, at most {limit}: {listed}: drop or merge colours so "
                     "that the palette, theme CSS and inline styles use at most {limit} (a tint or shade of a "
                     "colour counts as that colour; black, white and greys are free)",
                     count=len(families), limit=limit, listed=listed),
                 key=at_key, line=at_line, measured=len(families), threshold=limit,
                 extra={"families": [[{"colour": hex_of(rgb), "where": places[rgb]} for rgb in family.colours]
                                     for family in families]})


# -- palette-contrast ------------------------------------------------------------------

def check_palette_contrast(findings: Findings, settings: Settings, *, file: str,
                           pairs: list[tuple[str, str, Message | str, bool]], line: int | None = None) -> None:
    """palette-contrast: each (text colour, background colour, description, large text) pair passes WCAG AA."""
    params = settings.rule_params("palette-contrast")
    for text_colour, background, description, large in pairs:
        need = params["large_ratio"] if large else params["min_ratio"]
        try:
            bg = _solid(background)
            text = _solid(text_colour, under=bg)  # translucent text shows its background through
        except ColourError as exc:
            findings.add("palette-contrast", file, msg("{what}: {problem}", what=description, problem=str(exc)),
                         key="palette", line=line)
            continue
        ratio = contrast_ratio(text, bg)
        if ratio >= need:
            continue
        if relative_luminance(text) >= relative_luminance(bg):
            fix = msg("lighten the text colour or darken the background")
        else:
            fix = msg("darken the text colour or lighten the background")
        partner = contrast_partner(bg, like=text)
        if partner is not None and contrast_ratio(partner, bg) >= need:
            fix = msg("{fix}, e.g. text {partner} (lightness {partner_level:.0f} on the 0–240 scale, the partner "
                      "of the background's {level:.0f}: y ≥ 148 pairs with y − 148, y ≤ 92 with y + 148)",
                      fix=fix, partner=hex_of(partner), partner_level=hsl_lightness(partner) * 240,
                      level=hsl_lightness(bg) * 240)
        large_note = msg(", large text") if large else ""
        findings.add("palette-contrast", file,
                     msg("{what}: {text} on {background} has contrast {ratio}, needs {need} (WCAG AA{large}): {fix}",
                         what=description, text=hex_of(text), background=hex_of(bg), ratio=format_ratio(ratio),
                         need=format_threshold(need), large=large_note, fix=fix),
                     key="palette", line=line, measured=floor_ratio(ratio), threshold=need,
                     extra={"colours": [hex_of(text), hex_of(bg)]})


# -- background-lightness ----------------------------------------------------------------

def check_background_lightness(findings: Findings, settings: Settings, *, file: str,
                               backgrounds: list[tuple[str, str]], line: int | None = None) -> None:
    """background-lightness: no large background with HSL lightness in [low, high].

    ``backgrounds`` are ``(colour, place)`` pairs; a colour used in several
    places is reported once, naming them.
    """
    params = settings.rule_params("background-lightness")
    low, high = params["low"], params["high"]
    places: dict[RGB, list[str]] = {}
    for colour, place in backgrounds:
        try:
            rgb = _solid(colour)
        except ColourError:
            continue  # not a colour: palette-colours or the CSS itself says so
        at = places.setdefault(rgb, [])
        if place not in at:
            at.append(place)
    for rgb, at in places.items():
        lightness = hsl_lightness(rgb)
        if not low <= lightness <= high:
            continue
        nearer = low if lightness - low < high - lightness else high
        findings.add("background-lightness", file,
                     msg("background {colour} ({places}) has HSL lightness {lightness:.0%} ({level:.0f} on the 0–240 "
                         "scale), inside the {low:.0%}–{high:.0%} band that glares on a phone: choose a background "
                         "lighter than {high:.0%} or darker than {low:.0%}",
                         colour=hex_of(rgb), places=_places(at), lightness=lightness, level=lightness * 240,
                         low=low, high=high),
                     key="palette", line=line, measured=round(lightness, 3), threshold=nearer,
                     extra={"colours": [hex_of(rgb)], "band": [low, high]})
