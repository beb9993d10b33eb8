"""The drawing vocabulary of scripts/draw_example_images.py: colours, text, product shapes.

Kept apart from the script so that it reads as what it draws, in order;
every function here is deterministic given its random generator.
"""

from __future__ import annotations

import functools
import glob
import re
from pathlib import Path

from PIL import ImageDraw, ImageFont

SEED = 1111                   # every random choice of the drawings derives from it
SS = 2                        # draw at twice the size, then shrink: smooth edges
RGB = tuple[int, int, int]
WHITE: RGB = (255, 255, 255)
INK: RGB = (34, 34, 34)
CAMPAIGN_RED: RGB = (225, 37, 27)
GOLD: RGB = (255, 210, 0)
HERO_DARK: RGB = (40, 6, 9)   # white on it: contrast about 18

# Colour words that operators put in titles, first match wins; products
# without one take their category's colour.
COLOUR_WORDS: dict[str, RGB] = {
    "曜石黑": (38, 38, 44), "深空黑": (30, 32, 38), "冰川蓝": (64, 128, 196),
    "晨曦白": (238, 232, 222), "月光白": (240, 240, 242), "星空灰": (88, 92, 104),
    "奶油白": (243, 232, 210), "银白": (208, 212, 218), "象牙白": (240, 233, 218),
    "月岩灰": (118, 120, 128), "酒红": (128, 24, 42), "樱花粉": (240, 168, 184),
    "水蓝": (84, 170, 222), "瓷白": (236, 238, 240), "清新绿": (104, 178, 116),
    "云朵白": (244, 244, 246), "琥珀金": (204, 142, 48), "燕麦白": (226, 212, 186),
    "荧光黄": (212, 228, 36), "驼色": (178, 134, 88), "深灰": (68, 70, 78),
    "坚果": (150, 98, 56), "红虾": (214, 72, 48), "牛奶": (58, 132, 204),
    "龙井": (84, 146, 76), "苹果": (200, 36, 40), "零食": (236, 140, 36),
}
CATEGORY_COLOURS: dict[str, RGB] = {
    "手机数码": (60, 64, 76), "家用电器": (220, 220, 224), "美妆个护": (236, 180, 190),
    "食品生鲜": (214, 120, 48), "服饰鞋包": (70, 90, 140),
}
CATEGORY_SHAPES = {
    "手机数码": "phone", "家用电器": "appliance", "美妆个护": "bottle",
    "食品生鲜": "bag", "服饰鞋包": "shirt",
}


# --- colours and text --------------------------------------------------------

def mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))  # type: ignore[return-value]


def shade(colour: RGB, amount: float) -> RGB:
    """Lighten towards white (amount > 0) or darken towards black (< 0)."""
    return mix(colour, WHITE if amount > 0 else (0, 0, 0), abs(amount))


def luminance(colour: RGB) -> float:
    def channel(c: int) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def dark_enough_for_white(colour: RGB, ratio: float = 7.0) -> RGB:
    """The colour, darkened until white text on it reaches ``ratio``."""
    while 1.05 / (luminance(colour) + 0.05) < ratio:
        colour = shade(colour, -0.1)
    return colour


def product_colour(product: dict[str, str]) -> RGB:
    for word, colour in COLOUR_WORDS.items():
        if word in product["title"]:
            return colour
    return CATEGORY_COLOURS.get(product.get("category", ""), (120, 120, 130))


@functools.cache
def font_file() -> tuple[str, int] | None:
    """A CJK font and the index of its Simplified Chinese face, if installed."""
    candidates = [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        *sorted(glob.glob("/usr/share/fonts/**/*CJK*.tt[cf]", recursive=True)),
        *sorted(glob.glob("/usr/share/fonts/**/wqy*.tt[cf]", recursive=True)),
    ]
    for path in candidates:
        for index in range(5):
            try:
                name = ImageFont.truetype(path, 12, index=index).getname()[0]
            except OSError:
                break
            if " SC" in name or "wqy" in path.lower():
                return path, index
        if Path(path).exists():
            return path, 0
    return None


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont | None:
    found = font_file()
    return ImageFont.truetype(found[0], size * SS, index=found[1]) if found else None


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Break between Chinese characters, but never inside "1999元"-like numbers."""
    lines, line = [], ""
    for token in re.findall(r"[0-9A-Za-z.%+¥×/-]+|.", text):
        if fnt.getlength(line + token) > width and line:
            lines.append(line)
            line = token.lstrip()
        else:
            line += token
    return lines + [line] if line else lines


def write(d: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int,
          fill: RGB, width: float | None = None, anchor: str = "la") -> float:
    """Draw (wrapped) text at 1x coordinates; return the y below it.

    Without a CJK font nothing is drawn, but the space is still taken so the
    layout stays the same."""
    fnt = font(size)
    x, y = xy
    line_height = size * 1.35
    if fnt is None:
        return y + line_height
    lines = wrap(text, fnt, width * SS) if width else [text]
    for line in lines:
        d.text((x * SS, y * SS), line, font=fnt, fill=fill, anchor=anchor)
        y += line_height
    return y


# --- product shapes ----------------------------------------------------------
# Each shape draws one product view fitted into box (x0, y0, x1, y1), in
# canvas pixels. Light products get a darker outline so they show on white.

def _outline(colour: RGB) -> RGB:
    return shade(colour, -0.35)


def _line_width(height: float) -> int:
    return max(2, round(height / 120))


def draw_phone(d, box, colour, back, rng):
    x0, y0, x1, y1 = box
    h = y1 - y0
    w = h * 0.5
    left = (x0 + x1) / 2 - w / 2
    r = w * 0.14
    d.rounded_rectangle((left, y0, left + w, y1), r, fill=colour,
                        outline=_outline(colour), width=_line_width(h))
    if back:
        module = (left + w * 0.08, y0 + w * 0.08, left + w * 0.55, y0 + w * 0.62)
        d.rounded_rectangle(module, w * 0.1, fill=shade(colour, -0.18))
        mx0, my0, mx1, my1 = module
        size = (mx1 - mx0) * 0.34
        for cx, cy in [(mx0 + size * 0.75, my0 + size * 0.75), (mx0 + size * 0.75, my1 - size * 0.75),
                       (mx1 - size * 0.7, my0 + size * 0.75)]:
            d.ellipse((cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2), fill=(20, 20, 26),
                      outline=(150, 150, 160), width=_line_width(h))
            d.ellipse((cx - size / 6, cy - size / 6, cx + size / 6, cy + size / 6), fill=(60, 70, 110))
        fx, fy = mx1 - size * 0.7, my1 - size * 0.75
        d.ellipse((fx - size / 5, fy - size / 5, fx + size / 5, fy + size / 5), fill=(255, 244, 200))
        d.rounded_rectangle((left + w * 0.36, y1 - h * 0.14, left + w * 0.64, y1 - h * 0.12),
                            h * 0.01, fill=shade(colour, 0.3 if luminance(colour) < 0.4 else -0.3))
        return
    inset = w * 0.045
    screen = (left + inset, y0 + inset, left + w - inset, y1 - inset)
    d.rounded_rectangle(screen, r * 0.8, fill=(22, 24, 34))
    sx0, sy0, sx1, sy1 = screen
    # a wallpaper of two discs in the product colour, and a clock
    for cx, cy, rad, tint in [(sx1 - w * 0.3, sy1 - h * 0.2, w * 0.26, 0.15),
                              (sx0 + w * 0.22, sy1 - h * 0.1, w * 0.17, 0.45)]:
        d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), fill=shade(colour, tint) if luminance(colour) < 0.6
                  else shade(colour, -0.25 - tint / 3))
    d.rounded_rectangle((sx0 + w * 0.12, sy0 + h * 0.14, sx0 + w * 0.62, sy0 + h * 0.19), h * 0.01, fill=WHITE)
    d.rounded_rectangle((sx0 + w * 0.12, sy0 + h * 0.215, sx0 + w * 0.45, sy0 + h * 0.235), h * 0.01,
                        fill=(170, 170, 180))
    cx, cy, rad = (sx0 + sx1) / 2, sy0 + h * 0.03, w * 0.025
    d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), fill=(0, 0, 0))


def draw_appliance(d, box, colour, back, rng):
    x0, y0, x1, y1 = box
    h = (y1 - y0) * 0.94
    w = h * 0.86
    left = (x0 + x1) / 2 - w / 2
    d.rounded_rectangle((left + w * 0.1, y0 + h, left + w * 0.22, y1), h * 0.01, fill=(60, 60, 66))
    d.rounded_rectangle((left + w * 0.78, y0 + h, left + w * 0.9, y1), h * 0.01, fill=(60, 60, 66))
    body = (left, y0, left + w, y0 + h)
    d.rounded_rectangle(body, w * 0.1, fill=colour, outline=_outline(colour), width=_line_width(h))
    band = shade(colour, 0.35) if luminance(colour) < 0.5 else shade(colour, -0.12)
    d.rounded_rectangle((left + w * 0.06, y0 + h * 0.05, left + w * 0.94, y0 + h * 0.3), w * 0.06, fill=band)
    if back:
        for i in range(6):
            top = y0 + h * (0.4 + i * 0.075)
            d.rounded_rectangle((left + w * 0.18, top, left + w * 0.82, top + h * 0.035), h * 0.015,
                                fill=shade(colour, -0.3))
        d.rectangle((left + w * 0.32, y0 + h * 0.88, left + w * 0.68, y0 + h * 0.95), fill=(248, 248, 248),
                    outline=(160, 160, 160), width=_line_width(h) // 2)
        return
    d.rounded_rectangle((left + w * 0.14, y0 + h * 0.1, left + w * 0.56, y0 + h * 0.25), w * 0.03,
                        fill=(24, 28, 36))
    d.rounded_rectangle((left + w * 0.19, y0 + h * 0.14, left + w * 0.42, y0 + h * 0.21), w * 0.01,
                        fill=(255, 120, 60))
    cx, cy, rad = left + w * 0.76, y0 + h * 0.175, h * 0.085
    d.ellipse((cx - rad, cy - rad, cx + rad, cy + rad), fill=shade(colour, -0.3))
    d.ellipse((cx - rad * 0.72, cy - rad * 0.72, cx + rad * 0.72, cy + rad * 0.72), fill=(236, 236, 238))
    d.line((cx, cy, cx + rad * 0.5, cy - rad * 0.5), fill=CAMPAIGN_RED, width=_line_width(h) * 2)
    window = (left + w * 0.2, y0 + h * 0.42, left + w * 0.8, y0 + h * 0.78)
    d.rounded_rectangle(window, w * 0.06, fill=(46, 40, 40), outline=shade(colour, -0.25), width=_line_width(h))
    d.rounded_rectangle((left + w * 0.35, y0 + h * 0.84, left + w * 0.65, y0 + h * 0.9), h * 0.03,
                        fill=shade(colour, -0.35))


def draw_bottle(d, box, colour, back, rng):
    x0, y0, x1, y1 = box
    h = y1 - y0
    cx = (x0 + x1) / 2
    w = h * 0.44
    cap_colour = (196, 164, 92) if luminance(colour) > 0.35 else (236, 236, 238)
    d.rounded_rectangle((cx - w * 0.34, y0, cx + w * 0.34, y0 + h * 0.22), w * 0.06, fill=cap_colour,
                        outline=_outline(cap_colour), width=_line_width(h))
    d.rectangle((cx - w * 0.24, y0 + h * 0.22, cx + w * 0.24, y0 + h * 0.3), fill=shade(colour, -0.15))
    body = (cx - w / 2, y0 + h * 0.29, cx + w / 2, y1)
    d.rounded_rectangle(body, w * 0.16, fill=colour, outline=_outline(colour), width=_line_width(h))
    label = (cx - w * 0.38, y0 + h * (0.45 if not back else 0.38), cx + w * 0.38, y1 - h * 0.1)
    d.rounded_rectangle(label, w * 0.05, fill=(252, 250, 246), outline=shade(colour, -0.2),
                        width=_line_width(h) // 2 or 1)
    lx0, ly0, lx1, ly1 = label
    if back:
        for i in range(9):
            y = ly0 + (ly1 - ly0) * (0.08 + i * 0.06)
            d.line((lx0 + w * 0.08, y, lx1 - w * (0.08 + 0.2 * (i % 3 == 2)), y), fill=(150, 150, 150),
                   width=_line_width(h) // 2 or 1)
        x = lx0 + w * 0.12
        while x < lx1 - w * 0.12:            # a barcode
            bar = rng.choice([1, 1, 2, 3]) * _line_width(h) / 2
            d.rectangle((x, ly1 - (ly1 - ly0) * 0.3, x + bar, ly1 - (ly1 - ly0) * 0.08), fill=(20, 20, 20))
            x += bar + rng.choice([1, 2]) * _line_width(h) / 2
        return
    d.rectangle((lx0, ly0 + (ly1 - ly0) * 0.18, lx1, ly0 + (ly1 - ly0) * 0.32), fill=shade(colour, -0.35))
    for i, width in enumerate([0.6, 0.45, 0.5]):
        y = ly0 + (ly1 - ly0) * (0.5 + i * 0.13)
        d.line((cx - w * width / 2, y, cx + w * width / 2, y), fill=(140, 140, 140), width=_line_width(h))


def draw_bag(d, box, colour, back, rng):
    x0, y0, x1, y1 = box
    h = y1 - y0
    cx = (x0 + x1) / 2
    w = h * 0.74
    outline = _outline(colour)
    d.polygon([(cx - w * 0.42, y0 + h * 0.07), (cx + w * 0.42, y0 + h * 0.07), (cx + w * 0.5, y1 - h * 0.05),
               (cx + w * 0.46, y1), (cx - w * 0.46, y1), (cx - w * 0.5, y1 - h * 0.05)],
              fill=colour, outline=outline, width=_line_width(h))
    seal = shade(colour, -0.2)
    d.rectangle((cx - w * 0.42, y0, cx + w * 0.42, y0 + h * 0.07), fill=seal)
    teeth = 14
    for i in range(teeth):                   # the zigzag edge of the heat seal
        a = cx - w * 0.42 + i * w * 0.84 / teeth
        d.polygon([(a, y0 + h * 0.07), (a + w * 0.84 / teeth, y0 + h * 0.07), (a + w * 0.42 / teeth, y0 + h * 0.1)],
                  fill=seal)
    if back:
        table = (cx - w * 0.32, y0 + h * 0.28, cx + w * 0.32, y0 + h * 0.78)
        d.rectangle(table, fill=(252, 252, 250), outline=(40, 40, 40), width=_line_width(h))
        tx0, ty0, tx1, ty1 = table
        for i in range(1, 6):
            y = ty0 + (ty1 - ty0) * i / 6
            d.line((tx0, y, tx1, y), fill=(40, 40, 40), width=_line_width(h) // 2 or 1)
        d.line(((tx0 + tx1) / 2, ty0 + (ty1 - ty0) / 6, (tx0 + tx1) / 2, ty1), fill=(40, 40, 40),
               width=_line_width(h) // 2 or 1)
        return
    window = (cx - w * 0.26, y0 + h * 0.2, cx + w * 0.26, y0 + h * 0.58)
    d.ellipse(window, fill=(250, 240, 220), outline=shade(colour, -0.3), width=_line_width(h))
    wx0, wy0, wx1, wy1 = window
    for _ in range(14):                      # what is inside: nuts, shrimps, apples...
        px = rng.uniform(wx0 + w * 0.1, wx1 - w * 0.1)
        py = rng.uniform(wy0 + h * 0.08, wy1 - h * 0.08)
        rad = w * rng.uniform(0.035, 0.06)
        d.ellipse((px - rad, py - rad * 0.8, px + rad, py + rad * 0.8), fill=shade(colour, rng.uniform(-0.3, 0.1)))
    d.rounded_rectangle((cx - w * 0.36, y0 + h * 0.66, cx + w * 0.36, y0 + h * 0.86), w * 0.04,
                        fill=(252, 248, 240))
    d.line((cx - w * 0.24, y0 + h * 0.73, cx + w * 0.24, y0 + h * 0.73), fill=shade(colour, -0.4),
           width=_line_width(h) * 2)
    d.line((cx - w * 0.16, y0 + h * 0.8, cx + w * 0.16, y0 + h * 0.8), fill=(150, 150, 150), width=_line_width(h))


def draw_shirt(d, box, colour, back, rng):
    x0, y0, x1, y1 = box
    h = y1 - y0
    cx = (x0 + x1) / 2
    pts = [(-0.09, 0.03), (-0.28, 0.08), (-0.47, 0.72), (-0.36, 0.76), (-0.27, 0.36), (-0.28, 1.0),
           (0.28, 1.0), (0.27, 0.36), (0.36, 0.76), (0.47, 0.72), (0.28, 0.08), (0.09, 0.03)]
    d.polygon([(cx + u * h, y0 + v * h) for u, v in pts], fill=colour, outline=_outline(colour),
              width=_line_width(h))
    quilt = shade(colour, -0.22) if luminance(colour) > 0.08 else shade(colour, 0.18)
    for v in (0.22, 0.36, 0.5, 0.64, 0.78, 0.92):   # the stitched channels of a down jacket
        half = 0.21 if v < 0.3 else 0.27
        d.line((cx - half * h, y0 + v * h, cx + half * h, y0 + v * h), fill=quilt, width=_line_width(h))
    d.rounded_rectangle((cx - 0.11 * h, y0, cx + 0.11 * h, y0 + 0.08 * h), 0.02 * h, fill=shade(colour, -0.12),
                        outline=_outline(colour), width=_line_width(h))
    if back:
        d.rectangle((cx - 0.04 * h, y0 + 0.09 * h, cx + 0.04 * h, y0 + 0.13 * h), fill=(250, 250, 250))
        return
    d.line((cx, y0 + 0.02 * h, cx, y0 + h), fill=shade(colour, -0.45) if luminance(colour) > 0.08
           else (170, 170, 176), width=_line_width(h) * 2)
    d.rounded_rectangle((cx - 0.012 * h, y0 + 0.1 * h, cx + 0.012 * h, y0 + 0.17 * h), 0.006 * h,
                        fill=(200, 200, 206))


SHAPES = {"phone": draw_phone, "appliance": draw_appliance, "bottle": draw_bottle,
          "bag": draw_bag, "shirt": draw_shirt}

# Where a close-up (main-4, main-5) looks, as fractions of the drawing, by view.
FOCUS = {
    "phone": {"front": (0.5, 0.3), "back": (0.42, 0.2)},
    "appliance": {"front": (0.6, 0.25), "back": (0.5, 0.6)},
    "bottle": {"front": (0.5, 0.3), "back": (0.5, 0.75)},
    "bag": {"front": (0.5, 0.4), "back": (0.5, 0.5)},
    "shirt": {"front": (0.5, 0.2), "back": (0.5, 0.2)},
}
