"""Colour maths for the colour and image checks: parsing, WCAG 2 contrast, OKLCH.

Everything here is a pure function of its arguments. Colours are sRGB triples
of ints 0-255 (what a designer types and what an 8-bit image holds).

- Parsing follows CSS Color 4 through tinycss2 (hex with 3, 4, 6 or 8 digits,
  ``rgb()``/``rgba()``, ``hsl()``/``hsla()``, ``hwb()``, ``oklab()``/``oklch()``,
  ``lab()``/``lch()`` and the 148 named colours); out-of-gamut values are clipped.
- Contrast is WCAG 2 exactly: relative luminance of linearised sRGB with the
  weights 0.2126/0.7152/0.0722, ratio (L1 + 0.05) / (L2 + 0.05). Ratios are
  never rounded before they are compared (WCAG: 4.499 fails 4.5);
  :func:`format_ratio` truncates for messages so a failing ratio never prints
  as the threshold.
- Colour families (the "three colours per page" rule) are judged by OKLCH hue,
  a perceptual space in which equal hue steps look equal, unlike HSL where
  yellow and blue of the same "lightness" look nothing alike. As the seed's
  harmony rule says, a colour made lighter, darker or less saturated stays
  one colour: a red, its pale tint and its dark shade are one family.

The numpy helpers at the end work on whole pixel arrays (H x W x 3, uint8).
"""

from __future__ import annotations

import colorsys
import math
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import tinycss2.color4 as css_color4

from dacu.core.i18n import Message, msg

if TYPE_CHECKING:
    import numpy as np

RGB = tuple[int, int, int]

#: Below this OKLCH chroma a colour reads as black, white or grey (a neutral).
#: #F5F5F5 has 0.000, beige #F5F5DC 0.034, #FFF0F0 0.016, navy #000080 0.187.
NEUTRAL_CHROMA = 0.03
#: Two chromatic colours are one family when their OKLCH hues differ by at most
#: this many degrees, whatever their lightness and chroma: #E60012 vs #FF3B30:
#: 0.8 deg; #E1251B vs its tint #FBC9C6: 6.9 deg, vs its shade #8A1610: 0.3 deg;
#: red #FF0000 vs red-orange #FF6600: 14 deg; vs orange #FF8000: 24 deg; vs
#: yellow #FFD200: 64 deg; navy #000080 vs sky blue #87CEEB: 38 deg.
FAMILY_HUE = 20.0


class ColourError(ValueError):
    """A CSS colour that cannot be read; ``message`` says what was given (a :class:`Message`)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


# -- parsing -------------------------------------------------------------------

def parse_rgba(text: str | object) -> tuple[RGB, float]:
    """A CSS colour (text, or a tinycss2 component value) as ((r, g, b), alpha).

    Raises :class:`ColourError` for anything that is not a concrete colour,
    including ``currentColor``, ``inherit`` and unsupported colour spaces.
    """
    try:
        parsed = css_color4.parse_color(text.strip() if isinstance(text, str) else text)
    except Exception as exc:  # tinycss2 asserts on some malformed input
        raise ColourError(msg("{text} is not a CSS colour", text=repr(text))) from exc
    if parsed is None or isinstance(parsed, str):
        raise ColourError(msg("{text} is not a CSS colour: use #RRGGBB, rgb(), hsl() or a colour name", text=repr(text)))
    channels = _to_srgb(parsed)
    if channels is None:
        raise ColourError(msg("{text} uses the {space} colour space: give it as #RRGGBB", text=repr(text),
                              space=str(parsed.space)))
    rgb = tuple(min(255, max(0, round(c * 255))) for c in channels)
    return rgb, parsed.alpha  # type: ignore[return-value]


def parse_colour(text: str | object) -> RGB:
    """A CSS colour as an sRGB triple, its alpha ignored (see :func:`parse_rgba`)."""
    return parse_rgba(text)[0]


def is_colour(text: str) -> bool:
    """True when ``text`` parses as a concrete CSS colour."""
    try:
        parse_rgba(text)
    except ColourError:
        return False
    return True


def hex_of(rgb: Sequence[int]) -> str:
    """``#RRGGBB`` in upper case, the way the messages and the report show colours."""
    return "#{:02X}{:02X}{:02X}".format(*(int(c) for c in rgb[:3]))


def _to_srgb(colour: css_color4.Color) -> tuple[float, float, float] | None:
    """Gamma-encoded sRGB 0..1 of a tinycss2 colour, or None for a space we do not map."""
    space = colour.space
    if space == "srgb":
        return tuple(c or 0.0 for c in colour.coordinates)  # type: ignore[return-value]
    if space in ("hsl", "hwb"):
        r, g, b = colour.to("srgb").coordinates
        return r, g, b
    if space in ("oklab", "oklch"):
        lightness, a, b = (c or 0.0 for c in colour.coordinates)
        if space == "oklch":
            a, b = a * math.cos(math.radians(b)), a * math.sin(math.radians(b))
        return oklab_to_srgb(lightness, a, b)
    if space in ("lab", "lch", "xyz-d50", "xyz-d65", "srgb-linear"):
        if space == "srgb-linear":
            return tuple(_encode(c or 0.0) for c in colour.coordinates)  # type: ignore[return-value]
        if space == "xyz-d65":
            x, y, z = (c or 0.0 for c in colour.coordinates)
        else:
            d50 = colour.to("xyz-d50").coordinates if space != "xyz-d50" else colour.coordinates
            x, y, z = _mul(_BRADFORD_D50_TO_D65, [c or 0.0 for c in d50])
        return tuple(_encode(c) for c in _mul(_XYZ_TO_LINEAR_SRGB, (x, y, z)))  # type: ignore[return-value]
    return None  # display-p3 and other wide-gamut spaces: rare in theme CSS


# -- WCAG 2 ------------------------------------------------------------------

def _linear(channel: float) -> float:
    """sRGB 0..1 to linear light. WCAG 2.0 printed 0.03928 as the knee; 2.2 and
    the sRGB standard use 0.04045. No 8-bit value lies between them (10/255 =
    0.0392, 11/255 = 0.0431), so both give identical results here."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _encode(linear: float) -> float:
    linear = min(1.0, max(0.0, linear))
    return linear * 12.92 if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055


def relative_luminance(rgb: Sequence[int]) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c / 255) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: Sequence[int], second: Sequence[int]) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21, unrounded (order does not matter)."""
    a, b = relative_luminance(first), relative_luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def format_ratio(ratio: float) -> str:
    """A ratio for a message: truncated (not rounded) to 2 places, so 4.497 shows
    as 4.49 rather than as a "failing 4.5"; trailing zeros dropped (21, 3.1)."""
    return f"{math.floor(ratio * 100 + 1e-9) / 100:.2f}".rstrip("0").rstrip(".")


def floor_ratio(ratio: float) -> float:
    """The ratio as :func:`format_ratio` shows it, as a number for ``measured``."""
    return math.floor(ratio * 100 + 1e-9) / 100


def format_threshold(value: float) -> str:
    """A threshold as people write it: 4.5, 3.0, 7.0."""
    return f"{value:.1f}" if value == round(value, 1) else f"{value:g}"


# -- HSL and OKLCH ------------------------------------------------------------

def hsl_lightness(rgb: Sequence[int]) -> float:
    """HSL lightness 0..1 (a colour picker's L; 0-240 scale = this x 240)."""
    return (max(rgb[:3]) + min(rgb[:3])) / 2 / 255


_LINEAR_SRGB_TO_LMS = ((0.4122214708, 0.5363325363, 0.0514459929),
                       (0.2119034982, 0.6806995451, 0.1073969566),
                       (0.0883024619, 0.2817188376, 0.6299787005))
_LMS_TO_OKLAB = ((0.2104542553, 0.7936177850, -0.0040720468),
                 (1.9779984951, -2.4285922050, 0.4505937099),
                 (0.0259040371, 0.7827717662, -0.8086757660))
_OKLAB_TO_LMS = ((1.0, 0.3963377774, 0.2158037573),
                 (1.0, -0.1055613458, -0.0638541728),
                 (1.0, -0.0894841775, -1.2914855480))
_LMS_TO_LINEAR_SRGB = ((4.0767416621, -3.3077115913, 0.2309699292),
                       (-1.2684380046, 2.6097574011, -0.3413193965),
                       (-0.0041960863, -0.7034186147, 1.7076147010))
_BRADFORD_D50_TO_D65 = ((0.9554734527042182, -0.023098536874261423, 0.0632593086610217),
                        (-0.028369706963208136, 1.0099954580106629, 0.021041398966943008),
                        (0.012314001688319899, -0.020507696433477912, 1.3303659366080753))
_XYZ_TO_LINEAR_SRGB = ((3.2409699419045226, -1.537383177570094, -0.4986107602930034),
                       (-0.9692436362808796, 1.8759675015077202, 0.04155505740717559),
                       (0.05563007969699366, -0.20397695888897652, 1.0569715142428786))


def _mul(matrix: Sequence[Sequence[float]], vector: Sequence[float]) -> tuple[float, float, float]:
    return tuple(sum(m * v for m, v in zip(row, vector)) for row in matrix)  # type: ignore[return-value]


def oklch(rgb: Sequence[int]) -> tuple[float, float, float]:
    """OKLCH of an sRGB colour: lightness 0..1, chroma (0..~0.32), hue in degrees.

    The hue of a neutral is meaningless; it is reported as 0.
    """
    lms = _mul(_LINEAR_SRGB_TO_LMS, [_linear(c / 255) for c in rgb[:3]])
    lightness, a, b = _mul(_LMS_TO_OKLAB, [math.copysign(abs(v) ** (1 / 3), v) for v in lms])
    chroma = math.hypot(a, b)
    hue = math.degrees(math.atan2(b, a)) % 360 if chroma > 1e-6 else 0.0
    return lightness, chroma, hue


def oklab_to_srgb(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    """Gamma-encoded sRGB 0..1 (clipped to the gamut) of an OKLab colour."""
    lms = [v ** 3 for v in _mul(_OKLAB_TO_LMS, (lightness, a, b))]
    return tuple(_encode(c) for c in _mul(_LMS_TO_LINEAR_SRGB, lms))  # type: ignore[return-value]


def is_neutral(rgb: Sequence[int], max_chroma: float = NEUTRAL_CHROMA) -> bool:
    """True for black, white, greys and near-greys (OKLCH chroma below ``max_chroma``)."""
    return oklch(rgb)[1] < max_chroma


def hue_distance(first: float, second: float) -> float:
    """The angle between two hues in degrees, 0..180 (359 and 1 are 2 apart)."""
    d = abs(first - second) % 360
    return min(d, 360 - d)


# -- colour families ------------------------------------------------------------

@dataclass
class Family:
    """Chromatic colours that read as one colour: one hue in several lightnesses or saturations."""

    colours: list[RGB]

    @property
    def main(self) -> RGB:
        """The family's first colour (the palette's, when it has one)."""
        return self.colours[0]


def same_family(first: Sequence[int], second: Sequence[int], *, max_hue: float = FAMILY_HUE) -> bool:
    """True when two chromatic colours have close OKLCH hues (lightness and chroma do not matter).

    The seed's harmony rule: "把色彩变淡或者加深，调整透明度或者饱和度" keeps one
    colour, so #E1251B, its tint #FBC9C6 and its shade #8A1610 are one family,
    while navy and sky blue (38 degrees apart) stay two.
    """
    return hue_distance(oklch(first)[2], oklch(second)[2]) <= max_hue


def colour_families(colours: Iterable[Sequence[int]], *, max_chroma: float = NEUTRAL_CHROMA,
                    max_hue: float = FAMILY_HUE) -> list[Family]:
    """Group the chromatic colours into families, in order of first appearance.

    Neutrals are left out. A colour joins the first family *all* of whose
    members are close to it (complete linkage), so a chain red -> red-orange ->
    orange -> yellow of small steps cannot merge red and yellow into one
    family. Duplicates are kept once.
    """
    families: list[Family] = []
    seen: set[RGB] = set()
    for colour in colours:
        rgb: RGB = tuple(int(c) for c in colour[:3])  # type: ignore[assignment]
        if rgb in seen or is_neutral(rgb, max_chroma):
            continue
        seen.add(rgb)
        for family in families:
            if all(same_family(rgb, member, max_hue=max_hue) for member in family.colours):
                family.colours.append(rgb)
                break
        else:
            families.append(Family([rgb]))
    return families


# -- contrast partners (the seed's 0-240 lightness scale) ----------------------------

#: The lightness step between the two colours of a contrast pair, on the 0-240 scale.
PAIR_STEP = 148


def contrast_partner(rgb: Sequence[int], like: Sequence[int] | None = None) -> RGB | None:
    """The seed's contrast partner of a colour: lightness y ≥ 148 pairs with y − 148, y ≤ 92 with y + 148.

    Lightness is HSL lightness on a colour picker's 0-240 scale; the partner
    has the hue and saturation of ``like`` (the colour to change, e.g. a text
    colour), by default those of ``rgb``. None for a colour of lightness
    93-147, which has no partner on the scale (such a colour should not be a
    background at all: ``background-lightness``).
    """
    level = hsl_lightness(rgb) * 240
    hue, _, saturation = colorsys.rgb_to_hls(*(c / 255 for c in (like or rgb)[:3]))
    if level >= PAIR_STEP:
        target = level - PAIR_STEP
    elif level <= 240 - PAIR_STEP:
        target = level + PAIR_STEP
    else:
        return None
    r, g, b = colorsys.hls_to_rgb(hue, target / 240, saturation)
    return round(r * 255), round(g * 255), round(b * 255)


# -- whole-pixel-array helpers (numpy) ---------------------------------------------

# numpy is imported by these functions, not by the module: only image checks and
# report thumbnails need it, and a Markdown edit's rebuild should not pay for it.

@cache
def _linear_lut() -> Any:
    """Linear light of each 8-bit sRGB value, so an image's luminance is 3 lookups."""
    import numpy as np

    return np.array([_linear(i / 255) for i in range(256)], dtype=np.float32)


def luminance_array(pixels: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of every pixel of an H x W x 3 uint8 array (float32)."""
    import numpy as np

    lin = _linear_lut()[pixels[..., :3]]
    return np.asarray(lin[..., 0] * 0.2126 + lin[..., 1] * 0.7152 + lin[..., 2] * 0.0722)


def lightness_array(pixels: np.ndarray) -> np.ndarray:
    """Perceptual lightness 0..1 of every pixel (cube root of luminance: OKLab's L
    for greys), so that equal steps look equal in dark and light areas."""
    import numpy as np

    return np.asarray(np.cbrt(luminance_array(pixels)))


def contrast_array(rgb: Sequence[int], pixels: np.ndarray) -> np.ndarray:
    """WCAG 2 contrast ratio between ``rgb`` and every pixel of an H x W x 3 array."""
    import numpy as np

    text = relative_luminance(rgb)
    lum = luminance_array(pixels)
    return np.asarray((np.maximum(lum, text) + 0.05) / (np.minimum(lum, text) + 0.05))
