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
import random
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

from example_art import (  # the drawing vocabulary: colours, text, product shapes
    CAMPAIGN_RED,
    CATEGORY_SHAPES,
    FOCUS,
    GOLD,
    HERO_DARK,
    INK,
    RGB,
    SEED,
    SHAPES,
    SS,
    WHITE,
    dark_enough_for_white,
    font,
    font_file,
    luminance,
    mix,
    product_colour,
    shade,
    write,
)
from example_heroes import VENUE_MOTIFS, draw_hero  # the heroes: a flat dark area under the text box

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
ASSETS = ROOT / "assets"

MAIN_SIZE = 800
DETAIL_SIZE = (750, 1100)

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
