"""Deterministic synthetic campaign sites: many products, a few thousand small images.

``write_campaign(root, products=10_000, images=2_000)`` writes a dacu site:

* ``content/products.csv``: ``products`` valid rows (SKU 400000 + i), every
  row passing the content rules (prices above cost, strikethrough price above
  price, reviews and stock enough for promotion);
* ``content/products/<sku>.md``: long copy for every fifth product (the
  Markdown texts of :mod:`corpus`, 1–2 KB each);
* ``assets/products/<sku>/main-1.jpg … main-5.jpg`` for the first
  ``images // 5`` products (400 products for 2,000 images); the rest have no
  images. Images are 800 × 800 JPEGs drawn with Pillow (main-1 on a white
  background, as the rules ask), about 20–40 KB each;
* ``content/double11/index.md`` (6 floors of 12 SKUs, a flash sale) and three
  venues (4 floors of 12 SKUs each), so products appear on landing pages too;
* ``pyproject.toml`` with ``main-image-count = "off"`` (the products without
  images would otherwise each raise the same warning).

Images are drawn once into a pool (``bench/work/images-<n>/``) and copied
into each site, so regenerating a site does not redraw them.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from corpus import SEED, campaign_md, dacu_pyproject, make_text, product_row, products_csv, venue_md

IMAGES_PER_PRODUCT = 5
IMAGE_SIZE = 800
GENERATOR_VERSION = 1      # bump when the drawings change, so pools are redrawn
LONG_COPY_EVERY = 5
NOW = "2026-11-01T12:00:00+08:00"   # every dacu build of the benchmark runs "as at" this moment


def sku(i: int) -> str:
    return str(400000 + i)


def imaged_products(images: int) -> int:
    return images // IMAGES_PER_PRODUCT


# -- images -------------------------------------------------------------------------

def draw_main(i: int, k: int, variant: int = 0) -> "Image.Image":  # noqa: F821
    """Main image ``k`` (1–5) of product ``i``; ``variant`` != 0 draws a changed version."""
    from PIL import Image, ImageDraw

    rng = random.Random(SEED * 31 + i * 10 + k + 7919 * variant)
    size = IMAGE_SIZE
    if k == 1:  # the front on pure white, with a wide white margin (main-image-white-background)
        background = (255, 255, 255)
    else:
        background = tuple(rng.randint(170, 250) for _ in range(3))
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    colour = tuple(rng.randint(20, 200) for _ in range(3))
    margin = 120
    x0, y0 = rng.randint(margin, 300), rng.randint(margin, 300)
    x1, y1 = rng.randint(500, size - margin), rng.randint(500, size - margin)
    shape = rng.choice(["rect", "ellipse", "rounded"])
    if shape == "rect":
        draw.rectangle((x0, y0, x1, y1), fill=colour)
    elif shape == "ellipse":
        draw.ellipse((x0, y0, x1, y1), fill=colour)
    else:
        draw.rounded_rectangle((x0, y0, x1, y1), radius=60, fill=colour)
    accent = tuple(min(255, c + 50) for c in colour)
    for _ in range(rng.randint(2, 5)):
        cx, cy, r = rng.randint(x0, x1), rng.randint(y0, y1), rng.randint(15, 60)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=accent)
    draw.text((x0 + 20, y1 - 40), f"{sku(i)}-{k}", fill=(255, 255, 255))
    return image


def save_main(path: Path, i: int, k: int, variant: int = 0) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    draw_main(i, k, variant).save(path, "JPEG", quality=85)


def image_pool(work: Path, images: int) -> Path:
    """The pool of ``images`` source images (drawn once, reused while the generator is unchanged)."""
    pool = work / f"images-{images}"
    stamp = pool / "stamp.json"
    want = {"version": GENERATOR_VERSION, "images": images, "size": IMAGE_SIZE}
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return pool
    if pool.exists():
        shutil.rmtree(pool)
    for i in range(imaged_products(images)):
        for k in range(1, IMAGES_PER_PRODUCT + 1):
            save_main(pool / "products" / sku(i) / f"main-{k}.jpg", i, k)
    stamp.write_text(json.dumps(want))
    return pool


# -- the site -----------------------------------------------------------------------

def rows(n: int) -> list[dict[str, str]]:
    out = []
    for i in range(n):
        title = make_text(i).title
        out.append(product_row(i, sku(i), title, n, sku))
    return out


def _floors(start: int, count: int, size: int, n: int, step: int) -> list[list[str]]:
    return [[sku((start + f * size * step + j * step) % n) for j in range(size)] for f in range(count)]


def write_campaign(root: Path, work: Path, products: int, images: int, *, with_images: bool = True) -> dict[str, str]:
    """Write the campaign site at ``root``; returns the SKUs the change measures edit."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "products").mkdir(parents=True)
    (root / "assets").mkdir()
    table = rows(products)
    (root / "content" / "products.csv").write_text(products_csv(table), encoding="utf-8")
    for i in range(0, products, LONG_COPY_EVERY):
        (root / "content" / "products" / f"{sku(i)}.md").write_text(make_text(i).body, encoding="utf-8")
    # Landing page: floors mixing products with and without images; a flash sale on three of them.
    imaged = imaged_products(images)
    floors = _floors(0, 3, 12, products, 1) + _floors(max(imaged, 36), 3, 12, products, 7)
    flash = {sku(i): int(int(table[i]["price"]) * 0.85) for i in (1, 2, 3)}
    campaign = root / "content" / "double11"
    campaign.mkdir()
    (campaign / "index.md").write_text(campaign_md(floors, flash), encoding="utf-8")
    for v, name in enumerate(["数码会场", "家电会场", "清仓会场"]):
        venue_floors = _floors(40 + v * 500, 4, 12, products, 3 + v)
        (campaign / f"venue-{v + 1}.md").write_text(venue_md(name, venue_floors), encoding="utf-8")
    (root / "pyproject.toml").write_text(dacu_pyproject({"main-image-count": "off"}), encoding="utf-8")
    if with_images and images:
        shutil.copytree(image_pool(work, images) / "products", root / "assets" / "products")
    md_i = LONG_COPY_EVERY * 2
    return {"row": sku(7), "markdown": sku(md_i), "image": f"products/{sku(3)}/main-3.jpg",
            "row_index": "7", "image_index": "3"}


# -- the changes of the rebuild measures (each call makes a real change; two calls restore) --

def change_row(root: Path, products: int, flip: int) -> None:
    """Product row 7: price one yuan up (flip odd) or back (flip even)."""
    table = rows(products)
    if flip % 2:
        table[7]["price"] = str(int(table[7]["price"]) + 1)
    (root / "content" / "products.csv").write_text(products_csv(table), encoding="utf-8")


def change_markdown(path: Path, flip: int, original: str) -> None:
    """Append a sentence (flip odd) or restore the original text (flip even)."""
    path.write_text(original + ("\n追加一句：本周下单再送运费险。\n" if flip % 2 else ""), encoding="utf-8")


def change_image(root: Path, rel: str, i: int, k: int, flip: int) -> None:
    """Redraw one main image with other colours (flip odd) or as it was (flip even)."""
    save_main(root / "assets" / rel, i, k, variant=flip % 2)


if __name__ == "__main__":
    import sys
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    here = Path(__file__).resolve().parent / "work"
    print(write_campaign(here / f"campaign-{n}" / "site", here, n, m))
