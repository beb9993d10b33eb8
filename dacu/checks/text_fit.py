"""``text-fit``: the hero's title and slogan fit their ``text_box`` on every phone.

The build knows the text, the box (fractions of the hero image) and the
image's aspect ratio, so it can size the text instead of letting the theme
cut it off. The default theme sets the title in ``8.4cqw`` and the slogan in
``4.4cqw`` of the hero's width; where that does not fit, :func:`fit_hero`
finds the largest common scale at which both fit at every width from
``min_width`` to ``max_width`` CSS px, and the theme uses those sizes. Below a
legible size (``min_title_px``, ``min_slogan_px`` at the narrowest width) the
text is reported with its box and what to change.

Text is measured with real font metrics when a CJK font is installed (Noto
Sans CJK, the font the theme's stack falls back to and that Android ships),
and otherwise estimated per character: a CJK or full-width character is 1 em,
any other character 0.55 em (0.6 em bold). Either way the build does not
depend on an installed font; measurements are held by a :class:`TextMeasure`
per build, never in module state.

Layout (mirrors ``.hero-text`` in the default theme's CSS): a column, the
title (line height 1.2, bold, letter spacing 0.02 em) and the slogan (semibold, line
height 1.35) 4 px apart, wrapped greedily: every CJK character is a break
opportunity, Latin words break at spaces (and anywhere when one word is
wider than the line). A 3% margin covers the metric differences between
Noto Sans CJK and PingFang SC.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

#: The fonts the measure looks for, regular and bold (Debian's fonts-noto-cjk).
FONT_DIR = Path("/usr/share/fonts/opentype/noto")
FONTS = {False: FONT_DIR / "NotoSansCJK-Regular.ttc", True: FONT_DIR / "NotoSansCJK-Bold.ttc"}
#: The theme's sizes as fractions of the hero's width (8.4cqw, 4.4cqw).
TITLE_SIZE, SLOGAN_SIZE = 0.084, 0.044
TITLE_LINE, SLOGAN_LINE, GAP_PX, TITLE_SPACING = 1.2, 1.35, 4.0, 0.02
#: Room kept for metric differences between fonts (PingFang SC on iPhones).
SAFETY = 0.97
_ESTIMATE = {False: 0.55, True: 0.6}


class TextMeasure:
    """Widths of text in em, from font metrics or the documented estimate; one per build."""

    def __init__(self, fonts: dict[bool, Path] | None = None) -> None:
        self._paths = fonts or FONTS
        self._loaded: dict[bool, Any] | None = None
        self._widths: dict[tuple[str, bool], float] = {}

    @property
    def _fonts(self) -> dict[bool, Any]:
        # Loaded on first use: most renderers (a rebuild of a few detail pages) never measure a hero.
        if self._loaded is None:
            self._loaded = {bold: _load_font(path) for bold, path in self._paths.items()}
        return self._loaded

    @property
    def metrics(self) -> bool:
        """True when widths come from a real font rather than the estimate."""
        return any(font is not None for font in self._fonts.values())

    def em(self, char: str, bold: bool = False) -> float:
        """The advance of one character in em."""
        key = (char, bold)
        if key not in self._widths:
            font = self._fonts.get(bold) or self._fonts.get(not bold)
            if font is not None:
                self._widths[key] = font.getlength(char) / 1000
            else:
                self._widths[key] = 1.0 if _is_wide(char) else _ESTIMATE[bold]
        return self._widths[key]


def _load_font(path: Path) -> Any:
    """The Simplified Chinese face of a Noto CJK collection, or None when it is not installed."""
    if not path.is_file():
        return None
    from PIL import ImageFont

    for index in range(10):
        try:
            font = ImageFont.truetype(str(path), 1000, index=index)
        except OSError:
            break
        if "SC" in " ".join(name for name in font.getname() if name):
            return font
    return None


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _tokens(text: str) -> list[str]:
    """Break opportunities: each wide character alone, Latin words with their following space."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if _is_wide(char):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        else:
            word += char
            if char == " ":
                tokens.append(word)
                word = ""
    if word:
        tokens.append(word)
    return tokens


def count_lines(text: str, size: float, width: float, measure: TextMeasure, bold: bool = False,
                spacing: float = 0.0) -> int:
    """Lines ``text`` takes at font ``size`` px in a column ``width`` px wide (greedy, like the browser)."""
    if not text:
        return 0

    def advance(part: str) -> float:
        return sum((measure.em(c, bold) + spacing) * size for c in part)

    lines, used = 1, 0.0
    for token in _tokens(text):
        need = advance(token.rstrip(" "))
        if used and used + need > width:
            lines, used = lines + 1, 0.0
        if need > width:  # one word wider than the line: broken anywhere (overflow-wrap: anywhere)
            for char in token:
                step = advance(char)
                if used and used + step > width:
                    lines, used = lines + 1, 0.0
                used += step
            continue
        used += advance(token)
    return lines


@dataclass(frozen=True)
class HeroFit:
    """The sizes that make a hero's text fit, as fractions of the hero's width, and whether they are legible."""

    title: float                      # font size / hero width (0.084 = 8.4cqw)
    slogan: float
    ok: bool                          # fits at a legible size at every width checked
    box_px: tuple[float, float]       # the box at the narrowest width, CSS px
    needed_h: float = 0.0             # box height (fraction of the image) the text needs at the legible sizes
    fitting_chars: int = 0            # title characters that fit at the legible sizes

    @property
    def shrunk(self) -> bool:
        """True when the theme's own sizes did not fit and smaller ones are used."""
        return self.title < TITLE_SIZE or self.slogan < SLOGAN_SIZE


def text_height(title: str, slogan: str, title_px: float, slogan_px: float, box_w: float,
                measure: TextMeasure) -> float:
    """The height the hero's text takes in a box ``box_w`` px wide."""
    width = box_w * SAFETY
    height = count_lines(title, title_px, width, measure, bold=True, spacing=TITLE_SPACING) * TITLE_LINE * title_px
    if slogan:
        height += GAP_PX + count_lines(slogan, slogan_px, width, measure, bold=True) * SLOGAN_LINE * slogan_px
    return height


def fit_hero(title: str, slogan: str, box: Sequence[float], aspect: float, measure: TextMeasure,
             params: dict[str, float]) -> HeroFit:
    """The largest sizes (at most the theme's) at which title and slogan fit ``box`` at every phone width.

    ``box`` is (x, y, w, h) as fractions of the image, ``aspect`` the image's
    height / width; ``params`` are the ``text-fit`` rule's thresholds. The
    title shrinks first, down to ``min_title_px`` at the narrowest width;
    then the slogan, down to ``min_slogan_px``.
    """
    _, _, box_w, box_h = box
    narrow = params["min_width"]

    def fits(title_size: float, slogan_size: float) -> bool:
        for view in (params["min_width"], params["max_width"]):
            used = text_height(title, slogan, title_size * view, slogan_size * view, box_w * view, measure)
            if used > box_h * view * aspect * SAFETY:
                return False
        return True

    least_title = min(TITLE_SIZE, params["min_title_px"] / narrow)
    least_slogan = min(SLOGAN_SIZE, params["min_slogan_px"] / narrow)
    title_size, slogan_size = TITLE_SIZE, SLOGAN_SIZE
    if not fits(title_size, slogan_size):
        largest = _largest(lambda size: fits(size, SLOGAN_SIZE), least_title, TITLE_SIZE)
        title_size = least_title if largest is None else largest
        if largest is None:
            slogan_size = _largest(lambda size: fits(least_title, size), least_slogan, SLOGAN_SIZE) or least_slogan
    ok = fits(title_size, slogan_size)
    box_px = (box_w * narrow, box_h * narrow * aspect)
    if ok:
        return HeroFit(title_size, slogan_size, True, box_px)
    needed = text_height(title, slogan, least_title * narrow, least_slogan * narrow, box_px[0], measure)
    chars = next((n for n in range(len(title), 0, -1)
                  if text_height(title[:n], slogan, least_title * narrow, least_slogan * narrow, box_px[0], measure)
                  <= box_px[1] * SAFETY), 0)
    return HeroFit(title_size, slogan_size, False, box_px, round(needed / SAFETY / (narrow * aspect) + 0.005, 2),
                   chars)


def _largest(fits: Any, low: float, high: float) -> float | None:
    """The largest size in [low, high] that fits (sizes that fit form an interval from below), or None."""
    if not fits(low):
        return None
    for _ in range(16):
        middle = (low + high) / 2
        low, high = (middle, high) if fits(middle) else (low, middle)
    return low


def check_text_fit(pages: Sequence[Any], aspect_of: Any, findings: Any, params: dict[str, float],
                   measure: TextMeasure) -> None:
    """``text-fit`` for every campaign and venue whose hero sets its title in a ``text_box``.

    ``pages`` are campaigns and venues; ``aspect_of(rel)`` is the height/width
    of an image (None when it could not be read: image-unreadable says so).
    """
    from dacu.core.i18n import msg

    for page in pages:
        hero = page.hero
        if hero is None or not hero.image or not hero.text_box:
            continue
        aspect = aspect_of(hero.image)
        if not aspect:
            continue
        slogan = getattr(page, "slogan", "") or ""
        fit = fit_hero(page.title, slogan, hero.text_box, aspect, measure, params)
        if fit.ok:
            continue
        width, height = fit.box_px
        advice = [msg("make text_box at least {needed:.2f} high (now {height:.2f})", needed=fit.needed_h,
                      height=hero.text_box[3])]
        if fit.fitting_chars:
            advice.append(msg("shorten the title to about {count} characters", count=fit.fitting_chars))
        else:
            advice.append(msg("shorten the title and slogan"))
        findings.add("text-fit", page.source,
                     msg('the hero title "{title}"{slogan} does not fit its text_box ({width:.0f} × {height:.0f} CSS px '
                         "on a {view:.0f} px wide phone) even at the smallest legible size ({title_px:.0f} px title, "
                         "{slogan_px:.0f} px slogan): {advice}", title=page.title,
                         slogan=msg(' with the slogan "{slogan}"', slogan=slogan) if slogan else "",
                         width=width, height=height, view=params["min_width"], title_px=params["min_title_px"],
                         slogan_px=params["min_slogan_px"], advice=_or(advice)),
                     key="hero.text_box", line=page.line_of("hero.text_box"), image=f"assets/{hero.image}",
                     measured=round(fit.needed_h, 2), threshold=round(hero.text_box[3], 2))


def _or(parts: list[Any]) -> Any:
    from dacu.core.i18n import msg

    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = msg("{first}, or {rest}", first=part, rest=joined)
    return joined
