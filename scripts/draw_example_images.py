"""Draw the example campaign's pictures with Pillow: products and heroes.

The example site needs an image in every slot, and committing photographs
would be heavy and hard to license, so this script draws simple flat
"product shots" instead:

* every product in content/products.csv and content/products-extra.yaml gets
  ``assets/products/<sku>/main-1.jpg`` ... ``main-5.jpg`` (800 x 800: the
  front on pure white, then back, packaging and two close-ups) and portrait
  ``detail-01.jpg``, ``detail-02.jpg`` (750 x 1100, plus ``detail-03.jpg``
  for products with long copy in content/products/<sku>.md);
* every page in content/<campaign>/*.md with a ``hero`` gets its hero image,
  drawn so that the front matter's ``text_box`` lies on a flat dark area.

The output is deterministic: the same content gives the same files. Captions
use a CJK font when one is installed (fonts-noto-cjk); without one the images
are drawn without text.

    .venv/bin/python scripts/draw_example_images.py
"""

from __future__ import annotations

import csv
import functools
import glob
import math
import random
import re
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
ASSETS = ROOT / "assets"

SEED = 1111
SS = 2                        # draw at twice the size, then shrink: smooth edges
MAIN_SIZE = 800
DETAIL_SIZE = (750, 1100)
HERO_SIZE = (1125, 800)       # wider than a 2x phone screen (750 px)

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


# --- content ---------------------------------------------------------------

def load_products() -> list[dict[str, str]]:
    """Every product row of the sheets, values as text, sheets merged."""
    with open(CONTENT / "products.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    extra = CONTENT / "products-extra.yaml"
    if extra.exists():
        rows += yaml.safe_load(extra.read_text(encoding="utf-8")) or []
    products = []
    for row in rows:
        product = {key: "" if value is None else str(value) for key, value in row.items()}
        copy = CONTENT / "products" / f"{product['sku']}.md"
        if copy.exists():                  # long copy may override sheet fields
            product.update({key: str(value) for key, value in front_matter(copy).items()})
            product["long_copy"] = "yes"
        products.append(product)
    return products


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def truthy(value: str) -> bool:
    return value.strip().lower() in {"yes", "true", "1", "是"}


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


# --- product images ----------------------------------------------------------

class ProductArt:
    """Everything needed to draw one product's pictures."""

    def __init__(self, product: dict[str, str]):
        self.product = product
        self.sku = product["sku"]
        self.colour = product_colour(product)
        self.shape = CATEGORY_SHAPES.get(product.get("category", ""), "bag")
        self.points = [p.strip() for p in product.get("selling_points", "").split("|") if p.strip()]

    def rng(self, salt: str) -> random.Random:
        return random.Random(f"{SEED}-{self.sku}-{salt}")

    def draw(self, d, box, back=False):
        SHAPES[self.shape](d, box, self.colour, back, self.rng("shape" + str(back)))

    def canvas(self, size, background):
        image = Image.new("RGB", (size[0] * SS, size[1] * SS), background)
        return image, ImageDraw.Draw(image)

    def view(self, background: RGB, back=False, margin=0.18, shadow=True) -> Image.Image:
        """The product alone, centred on a square of ``background``."""
        image, d = self.canvas((MAIN_SIZE, MAIN_SIZE), background)
        side = MAIN_SIZE * SS
        lo, hi = side * margin, side * (1 - margin)
        if shadow:
            d.ellipse((lo + side * 0.04, hi - side * 0.02, hi - side * 0.04, hi + side * 0.05),
                      fill=shade(background, -0.07))
        self.draw(d, (lo, lo, hi, hi), back)
        return image

    def close_up(self, background: RGB, back: bool, zoom=2.3) -> Image.Image:
        big = self.view(background, back, shadow=False).resize(
            (round(MAIN_SIZE * SS * zoom),) * 2, Image.BICUBIC)
        fx, fy = FOCUS[self.shape]["back" if back else "front"]
        side = MAIN_SIZE * SS
        lo = side * 0.18 * zoom            # the drawing's box inside the zoomed view
        span = side * 0.64 * zoom
        cx, cy = lo + fx * span, lo + fy * span
        left = min(max(cx - side / 2, 0), big.width - side)
        top = min(max(cy - side / 2, 0), big.height - side)
        return big.crop((round(left), round(top), round(left) + side, round(top) + side))

    def caption(self, image: Image.Image, text: str) -> Image.Image:
        """A short selling point in a pill at the bottom left of a main image."""
        if not text or font(34) is None:
            return image
        d = ImageDraw.Draw(image)
        fill = dark_enough_for_white(shade(self.colour, -0.1))
        width = font(34).getlength(text) / SS
        d.rounded_rectangle((40 * SS, 690 * SS, (40 + width + 56) * SS, 756 * SS), 33 * SS, fill=fill)
        write(d, (68, 723), text, 34, WHITE, anchor="lm")
        return image

    def packaging(self) -> Image.Image:
        image, d = self.canvas((MAIN_SIZE, MAIN_SIZE), (244, 243, 241))
        s = SS
        box_colour = self.colour if luminance(self.colour) < 0.7 else shade(self.colour, -0.12)
        front = (150 * s, 250 * s, 560 * s, 660 * s)
        depth = 90 * s
        d.ellipse((150 * s, 630 * s, 680 * s, 690 * s), fill=(228, 226, 222))
        d.polygon([(front[0], front[1]), (front[0] + depth, front[1] - depth),
                   (front[2] + depth, front[1] - depth), (front[2], front[1])], fill=shade(box_colour, 0.2))
        d.polygon([(front[2], front[1]), (front[2] + depth, front[1] - depth),
                   (front[2] + depth, front[3] - depth), (front[2], front[3])], fill=shade(box_colour, -0.25))
        d.rectangle(front, fill=box_colour)
        panel = (front[0] + 60 * s, front[1] + 40 * s, front[2] - 60 * s, front[1] + 290 * s)
        d.rounded_rectangle(panel, 20 * s, fill=WHITE)
        self.draw(d, (panel[0] + 40 * s, panel[1] + 25 * s, panel[2] - 40 * s, panel[3] - 25 * s))
        ink = WHITE if luminance(box_colour) < 0.35 else INK
        write(d, ((front[0] + front[2]) / 2 / s, front[3] / s - 75), self.product["brand"], 44, ink,
              anchor="ma")
        return image

    def mains(self) -> list[Image.Image]:
        light = shade(self.colour, 0.9) if luminance(self.colour) < 0.8 else (236, 238, 242)
        return [
            self.view(WHITE),                                         # front on pure white
            self.view(light, back=True),                              # back
            self.packaging(),                                         # packaging
            self.caption(self.close_up((248, 248, 248), back=False), self.points[0] if self.points else ""),
            self.caption(self.close_up(light, back=True), self.points[1] if len(self.points) > 1 else ""),
        ]

    def details(self, long_copy: bool) -> list[Image.Image]:
        images = [self.detail_main_point(), self.detail_points()]
        if long_copy:
            images.append(self.detail_why_now())
        return images

    def detail_main_point(self) -> Image.Image:
        """Screen one: the main selling point, big, over the product."""
        w, h = DETAIL_SIZE
        image, d = self.canvas(DETAIL_SIZE, shade(self.colour, 0.92) if luminance(self.colour) < 0.8
                               else (238, 240, 244))
        header = dark_enough_for_white(self.colour)
        d.rectangle((0, 0, w * SS, 400 * SS), fill=header)
        write(d, (56, 64), f"{self.product['brand']} · {self.product.get('category', '')}", 32, GOLD)
        write(d, (56, 130), self.points[0] if self.points else self.product["brand"], 60, WHITE, width=640)
        size = 500
        self.draw(d, ((w - size) / 2 * SS, 450 * SS, (w + size) / 2 * SS, (450 + size) * SS))
        badges = [label for key, label in [("free_shipping", "包邮"), ("cod", "货到付款"),
                                           ("returns_7d", "7天无理由")] if truthy(self.product.get(key, ""))]
        x = 56
        for label in badges:
            fnt = font(30)
            width = fnt.getlength(label) / SS + 48 if fnt else 120
            d.rounded_rectangle((x * SS, 1000 * SS, (x + width) * SS, 1056 * SS), 28 * SS,
                                outline=CAMPAIGN_RED, width=3 * SS, fill=WHITE)
            write(d, (x + 24, 1028), label, 30, CAMPAIGN_RED, anchor="lm")
            x += width + 20
        return image

    def detail_points(self) -> Image.Image:
        """Screen two: why buy it, point by point, stacked top to bottom."""
        w, h = DETAIL_SIZE
        image, d = self.canvas(DETAIL_SIZE, (247, 245, 242))
        write(d, (56, 56), "为什么值得买", 56, INK)
        y = 160
        accent = dark_enough_for_white(self.colour, 4.6)
        for number, point in enumerate(self.points[:4], start=1):
            d.rounded_rectangle((40 * SS, y * SS, (w - 40) * SS, (y + 118) * SS), 24 * SS, fill=WHITE)
            d.ellipse((64 * SS, (y + 27) * SS, 128 * SS, (y + 91) * SS), fill=accent)
            write(d, (96, y + 59), str(number), 36, WHITE, anchor="mm")
            write(d, (156, y + 36), point, 40, INK, width=520)
            y += 140
        size = min(440, h - y - 60)
        self.draw(d, ((w - size) / 2 * SS, (h - size - 50) * SS, (w + size) / 2 * SS, (h - 50) * SS), back=True)
        return image

    def detail_why_now(self) -> Image.Image:
        """Screen three: why buy it now, on the campaign's red."""
        w, h = DETAIL_SIZE
        image, d = self.canvas(DETAIL_SIZE, HERO_DARK)
        for i in range(60):                           # red at the top, fading into dark
            d.rectangle((0, i * 10 * SS, w * SS, (i + 1) * 10 * SS), fill=mix(CAMPAIGN_RED, HERO_DARK, i / 60))
        write(d, (w / 2, 70), "双11 为什么现在买", 56, GOLD, anchor="ma")
        write(d, (w / 2, 190), f"¥{self.product['price']}", 110, WHITE, anchor="ma")
        if self.product.get("original_price"):
            fnt = font(40)
            text = f"日常价 ¥{self.product['original_price']}"
            write(d, (w / 2, 350), text, 40, (240, 200, 200), anchor="ma")
            if fnt:
                half = fnt.getlength(text) / SS / 2
                d.line(((w / 2 - half) * SS, 378 * SS, (w / 2 + half) * SS, 378 * SS), fill=(240, 200, 200),
                       width=3 * SS)
        write(d, (64, 460), self.product.get("why_now", ""), 44, WHITE, width=w - 128)
        size = 320
        d.ellipse(((w - size) / 2 * SS - 60 * SS, 740 * SS, (w + size) / 2 * SS + 60 * SS, 1180 * SS),
                  fill=shade(HERO_DARK, 0.08))
        self.draw(d, ((w - size) / 2 * SS, 750 * SS, (w + size) / 2 * SS, (750 + size) * SS))
        return image


def shrink(image: Image.Image) -> Image.Image:
    return image.resize((image.width // SS, image.height // SS), Image.LANCZOS)


def save(image: Image.Image, path: Path, quality: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    shrink(image).save(path, "JPEG", quality=quality, optimize=True, progressive=True)


def draw_products(products: list[dict[str, str]]) -> None:
    for product in products:
        art = ProductArt(product)
        folder = ASSETS / "products" / art.sku
        for number, image in enumerate(art.mains(), start=1):
            # main-1 at quality 90 keeps its white margin exactly 255 after compression
            save(image, folder / f"main-{number}.jpg", 90 if number == 1 else 85)
        for number, image in enumerate(art.details(product.get("long_copy") == "yes"), start=1):
            save(image, folder / f"detail-{number:02d}.jpg", 85)


# --- heroes -------------------------------------------------------------------

PLAIN_MARGIN = 0.05          # the flat dark area reaches this far beyond the text box


def draw_hero(text_box: list[float], motif: str, seed: str) -> Image.Image:
    """Campaign red fading into a flat dark area under ``text_box``.

    The dark area is the text box grown by PLAIN_MARGIN on every side; nothing
    is drawn on it, so white text over it has contrast above 15 everywhere.
    Decorations go only where they stay clear of it."""
    W, H = HERO_SIZE
    bx, by, bw, bh = text_box
    plain = (max(0.0, bx - PLAIN_MARGIN) * W, max(0.0, by - PLAIN_MARGIN) * H,
             min(1.0, bx + bw + PLAIN_MARGIN) * W, min(1.0, by + bh + PLAIN_MARGIN) * H)
    # the gradient, computed small and scaled up: it is smooth anyway
    step = 5
    small = Image.new("RGB", (W // step, H // step))
    pixels = small.load()
    fall = 0.32 * H
    for j in range(small.height):
        for i in range(small.width):
            x, y = (i + 0.5) * step, (j + 0.5) * step
            dx = max(plain[0] - x, 0, x - plain[2])
            dy = max(plain[1] - y, 0, y - plain[3])
            t = min(1.0, math.hypot(dx, dy) / fall)
            pixels[i, j] = mix(HERO_DARK, CAMPAIGN_RED, t * t * (3 - 2 * t))
    image = small.resize((W * SS, H * SS), Image.BILINEAR)
    d = ImageDraw.Draw(image)
    keep_out = [v * SS for v in (plain[0] - 20, plain[1] - 20, plain[2] + 20, plain[3] + 20)]
    rng = random.Random(f"{SEED}-hero-{seed}")

    def clear(x0, y0, x1, y1):
        return (x1 < keep_out[0] or x0 > keep_out[2] or y1 < keep_out[1] or y0 > keep_out[3]) \
            and x0 > 0 and y0 > 0 and x1 < W * SS and y1 < H * SS

    placed = 0
    for _ in range(2000):                               # confetti and rings
        if placed >= 46:
            break
        r = rng.uniform(6, 22) * SS
        x, y = rng.uniform(0, W * SS), rng.uniform(0, H * SS)
        if not clear(x - r, y - r, x + r, y + r):
            continue
        colour = rng.choice([GOLD, GOLD, WHITE, (255, 140, 120)])
        if rng.random() < 0.3:
            d.ellipse((x - r, y - r, x + r, y + r), outline=colour, width=3 * SS)
        else:
            a = rng.uniform(0, math.pi)
            pts = [(x + r * math.cos(a + k * math.pi / 2) * (1 if k % 2 else 0.45),
                    y + r * math.sin(a + k * math.pi / 2) * (1 if k % 2 else 0.45)) for k in range(4)]
            d.polygon(pts, fill=colour)
        placed += 1
    free = largest_free_strip(plain, W, H)
    MOTIFS.get(motif, lambda *a: None)(d, [v * SS for v in free], rng)
    return image



def largest_free_strip(plain, W, H):
    """The biggest rectangle beside the plain area: above, below, left or right."""
    gap = 30
    strips = [(0, 0, W, plain[1] - gap), (0, plain[3] + gap, W, H),
              (0, 0, plain[0] - gap, H), (plain[2] + gap, 0, W, H)]
    return max(strips, key=lambda s: max(0, s[2] - s[0]) * max(0, s[3] - s[1]))


def motif_digits(d, area, rng):
    """"11.11" in gold across the free strip, with a glow ring behind."""
    x0, y0, x1, y1 = area
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    size = min((y1 - y0) * 0.62, (x1 - x0) * 0.2) / SS
    r = (y1 - y0) * 0.46
    d.ellipse((cx - r * 2.2, cy - r, cx + r * 2.2, cy + r), outline=shade(GOLD, -0.1), width=4 * SS)
    fnt = font(round(size))
    if fnt:
        d.text((cx, cy), "11.11", font=fnt, fill=GOLD, anchor="mm")


def motif_devices(d, area, rng):
    """A phone and a small appliance in light colours: side by side in a wide
    strip, the phone above the appliance in a tall one."""
    x0, y0, x1, y1 = area
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    phone, appliance = (255, 214, 40), (250, 236, 230)
    if y1 - y0 > x1 - x0:
        h = min((y1 - y0) / 2.0, (x1 - x0) / 0.9)
        draw_phone(d, (cx - h * 0.5, cy - h * 0.95, cx + h * 0.5, cy - h * 0.05), phone, False, rng)
        draw_appliance(d, (cx - h * 0.4, cy + h * 0.1, cx + h * 0.4, cy + h * 0.9), appliance, False, rng)
        return
    h = min((x1 - x0) / 1.7, (y1 - y0) / 1.4)     # the pair is 1.5 h wide, 1.1 h tall
    draw_appliance(d, (cx - h * 0.15, cy - h * 0.35, cx + h * 0.75, cy + h * 0.55), appliance, False, rng)
    draw_phone(d, (cx - h * 0.75, cy - h * 0.55, cx - h * 0.05, cy + h * 0.45), phone, False, rng)


def motif_tags(d, area, rng):
    """Price tags hanging in a row, in gold and white."""
    x0, y0, x1, y1 = area
    count = 5
    slot = (x1 - x0) / count
    tag_h = (y1 - y0) * 0.62
    labels = ["清仓", "6折", "甩卖", "特价", "捡漏"]
    for k in range(count):
        cx = x0 + slot * (k + 0.5)
        top = y0 + (y1 - y0) * (0.12 + 0.12 * (k % 2))
        w = slot * 0.62
        colour = GOLD if k % 2 == 0 else WHITE
        d.line((cx, y0, cx, top + w * 0.2), fill=(255, 230, 160), width=3 * SS)
        d.polygon([(cx, top), (cx + w / 2, top + w * 0.35), (cx + w / 2, top + tag_h),
                   (cx - w / 2, top + tag_h), (cx - w / 2, top + w * 0.35)], fill=colour)
        d.ellipse((cx - w * 0.08, top + w * 0.2, cx + w * 0.08, top + w * 0.36), fill=HERO_DARK)
        fnt = font(round(w * 0.3 / SS))
        if fnt:
            d.text((cx, top + tag_h * 0.62), labels[k % len(labels)], font=fnt, fill=CAMPAIGN_RED, anchor="mm")


MOTIFS = {"digits": motif_digits, "devices": motif_devices, "tags": motif_tags}
VENUE_MOTIFS = {"index": "digits", "smart-life": "devices", "clearance": "tags"}


def draw_heroes() -> None:
    for page in sorted(CONTENT.glob("*/*.md")):
        if page.parent.name == "products":
            continue
        hero = front_matter(page).get("hero") or {}
        if not hero.get("image") or not hero.get("text_box"):
            continue
        motif = VENUE_MOTIFS.get(page.stem, "confetti")
        image = draw_hero(hero["text_box"], motif, f"{page.parent.name}/{page.stem}")
        save(image, ASSETS / hero["image"], 88)


def main() -> None:
    if font_file() is None:
        print("no CJK font found: drawing the images without captions")
    products = load_products()
    draw_products(products)
    draw_heroes()
    print(f"drew images for {len(products)} products and the heroes into {ASSETS}")


if __name__ == "__main__":
    main()
