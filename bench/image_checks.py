"""Cold and warm `check` of a site with N product images (default 1,000).

    python bench/image_checks.py [--images 1000] [--runs 3]

The site (bench/work/image-checks/) has N/5 products with five 800 × 800
main images each, drawn with Pillow (deterministic). Cold: .dacu/ removed
first, so every image is decoded and checked; warm: nothing changed, so the
findings come from the cache by content hash. Each run is a fresh process
(`python build.py check --format json`), as a user would run it.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work" / "image-checks"


def make_site(images: int) -> Path:
    products = images // 5
    marker = WORK / f".made-{images}"
    if marker.exists():
        return WORK
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "content").mkdir(parents=True)
    rng = random.Random(7)
    rows = ["sku,title,brand,category,price,selling_points,why_buy,why_now"]
    for n in range(products):
        sku = f"{300000 + n}"
        rows.append(f"{sku},商品{n},牌子,类目{n % 5},{rng.randint(20, 500)},卖点,因为,现在")
        folder = WORK / "assets" / "products" / sku
        folder.mkdir(parents=True)
        for k in range(1, 6):
            image = Image.new("RGB", (800, 800), (255, 255, 255))
            colour = tuple(rng.randint(0, 200) for _ in range(3))
            ImageDraw.Draw(image).ellipse([200, 200, 600, 600], fill=colour)
            image.save(folder / f"main-{k}.jpg", quality=85)
    (WORK / "content" / "products.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    marker.touch()
    return WORK


def check(root: Path) -> float:
    began = time.perf_counter()
    proc = subprocess.run([sys.executable, str(REPO / "build.py"), "--source", str(root), "check", "--format", "json"],
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - began
    data = json.loads(proc.stdout)
    assert data["ok"], data["findings"][:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = make_site(args.images)
    cold, warm = [], []
    for _ in range(args.runs):
        shutil.rmtree(root / ".dacu", ignore_errors=True)
        cold.append(check(root))
        warm.append(check(root))
    print(f"{args.images} images: cold check median {statistics.median(cold):.2f} s, "
          f"warm check median {statistics.median(warm):.2f} s (each a fresh process, {args.runs} runs)")


if __name__ == "__main__":
    main()
