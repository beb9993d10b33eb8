"""Images side by side: dacu's image stage, Eleventy Image (sharp/libvips) and Hugo (Lanczos).

The same 400 unique 800 × 800 JPEG sources (drawn here: gradients, noise,
blurred shapes and grain, so most of them compress like photographs) made into
375 and 750 px WebP and JPEG at quality 80 by each tool, cold (outputs and
caches removed), in interleaved rounds:

* **dacu**: a site whose 400 products show one source each, built with
  ``widths = [375, 750]``: the whole build (hashing, the image checks,
  variants, 403 pages), as a user runs it;
* **Eleventy Image** (``@11ty/eleventy-img@6``, sharp 0.33 with its prebuilt
  libvips from npm): ``Image(src, {widths, formats: ["webp", "jpeg"], ...})``
  over every file with ``Promise.all``, ``useCache: false``;
* **Hugo** (Debian's 0.111): one page whose template calls ``.Resize`` with
  ``Lanczos`` for each width and format of each source in ``assets/``.

The **physical floor** is the cost of one image measured alone, in one
process, without anything else running in it: decode the source, resize to
750 and 375 px (each from the previous), encode both widths in both formats
with dacu's settings. ``400 × floor / cores`` is the least the stage can take
on this machine; the report gives how close dacu runs to it.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import statistics
import time
from pathlib import Path

SOURCES = 400
SIZE = 800
WIDTHS = [375, 750]
QUALITY = 80
GENERATOR_VERSION = 1
NOW = "2026-11-01T12:00:00+08:00"


# -- the sources ---------------------------------------------------------------------

def draw_source(i: int) -> "Image.Image":  # noqa: F821
    """Source ``i``: unique, deterministic, most of them photo-like (gradients, grain, soft shapes)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter

    rng = np.random.default_rng(20261111 + i)
    y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) / SIZE
    angle = rng.uniform(0, np.pi)
    ramp = np.cos(angle) * x + np.sin(angle) * y
    start, end = rng.uniform(0, 255, 3), rng.uniform(0, 255, 3)
    pixels = start + (end - start) * ramp[..., None]
    image = Image.fromarray(pixels.clip(0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(4, 12))):  # objects: soft after the blur below
        x0, y0 = rng.integers(0, SIZE - 100, 2)
        w, h = rng.integers(60, 420, 2)
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape([int(x0), int(y0), int(x0 + w), int(y0 + h)], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(1.5, 6))))
    # Grain like a phone photo's: the detail that makes a JPEG cost what a photograph costs.
    sigma = 4 + (i % 5) * 3
    grain = rng.normal(0, sigma, (SIZE, SIZE, 1)).astype(np.float32)
    noisy = np.asarray(image, dtype=np.float32) + grain + rng.normal(0, sigma / 3, (SIZE, SIZE, 3))
    return Image.fromarray(noisy.clip(0, 255).astype(np.uint8), "RGB")


def source_pool(work: Path, n: int = SOURCES) -> Path:
    """``work/image-sources-<n>/src-<i>.jpg``, drawn once while the generator is unchanged."""
    pool = work / f"image-sources-{n}"
    stamp = pool / "stamp.json"
    want = {"version": GENERATOR_VERSION, "sources": n, "size": SIZE}
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return pool
    shutil.rmtree(pool, ignore_errors=True)
    pool.mkdir(parents=True)
    for i in range(n):
        draw_source(i).save(pool / f"src-{i:04d}.jpg", "JPEG", quality=90)
    stamp.write_text(json.dumps(want))
    return pool


# -- the three sites -----------------------------------------------------------------

def write_dacu(root: Path, pool: Path, n: int) -> None:
    """400 products, one source each as the main image; only the image rules that fit these sources."""
    from corpus import dacu_pyproject, product_row, products_csv

    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    sku = lambda i: str(500000 + i)  # noqa: E731
    rows = [product_row(i, sku(i), f"图片测试商品 第{i + 1}款", n, sku) for i in range(n)]
    (root / "content" / "products.csv").write_text(products_csv(rows), encoding="utf-8")
    for i in range(n):
        dest = root / "assets" / "products" / sku(i) / "main-1.jpg"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(pool / f"src-{i:04d}.jpg", dest)
    rules = {"main-image-count": "off", "main-image-white-background": "off"}
    text = dacu_pyproject(rules).replace("[tool.dacu.rules]", f"widths = {WIDTHS}\n\n[tool.dacu.rules]")
    (root / "pyproject.toml").write_text(text, encoding="utf-8")


ELEVENTY_SCRIPT = """\
// Eleventy Image over every source, all at once (as its documentation shows).
const Image = require("@11ty/eleventy-img");
const fs = require("fs");
const path = require("path");
const src = process.argv[2], out = process.argv[3];
const files = fs.readdirSync(src).filter((f) => f.endsWith(".jpg")).map((f) => path.join(src, f));
Promise.all(files.map((f) => Image(f, {
  widths: %(widths)s, formats: ["webp", "jpeg"], outputDir: out, useCache: false,
  sharpWebpOptions: {quality: %(quality)d}, sharpJpegOptions: {quality: %(quality)d},
}))).then((all) => console.log(JSON.stringify({images: all.length})))
  .catch((e) => { console.error(e); process.exit(1); });
"""


def write_eleventy(root: Path, pool: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    (root / "images.js").write_text(ELEVENTY_SCRIPT % {"widths": json.dumps(WIDTHS), "quality": QUALITY},
                                    encoding="utf-8")
    (root / "src").symlink_to(pool.resolve())


HUGO_CONFIG = f"""\
baseURL = "https://bench.example.com/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "section"]
[imaging]
resampleFilter = "Lanczos"
quality = {QUALITY}
"""
HUGO_INDEX = """\
<!doctype html><html><body>
{{ range resources.Match "images/*.jpg" }}{{ $src := . }}{{ range slice %(widths)s }}{{ $w := . }}{{ range slice "webp" "jpg" }}{{ with $src.Resize (printf "%%dx %%s Lanczos q%(quality)d" $w .) }}<img src="{{ .RelPermalink }}" width="{{ .Width }}">{{ end }}{{ end }}{{ end }}
{{ end }}</body></html>
"""


def write_hugo(root: Path, pool: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    (root / "layouts").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "content").mkdir()
    (root / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    widths = " ".join(str(w) for w in WIDTHS)
    (root / "layouts" / "index.html").write_text(HUGO_INDEX % {"widths": widths, "quality": QUALITY},
                                                 encoding="utf-8")
    (root / "assets" / "images").symlink_to(pool.resolve())


def generate(work: Path, n: int = SOURCES) -> dict[str, Path]:
    """The source pool and the three sites built from it."""
    pool = source_pool(work, n)
    base = work / f"images-{n}"
    roots = {"dacu": base / "dacu", "eleventy-img": base / "eleventy-img", "hugo": base / "hugo"}
    write_dacu(roots["dacu"], pool, n)
    write_eleventy(roots["eleventy-img"], pool)
    write_hugo(roots["hugo"], pool)
    return roots


# -- the physical floor --------------------------------------------------------------

def floor(pool: Path, samples: int = 40, repeat: int = 3) -> dict[str, float]:
    """Median CPU seconds of one image's decode + resizes + encodes with dacu's settings, in one process.

    Uses dacu's own decoding (:func:`dacu.load.open_image`, as the stage
    calls it) and variant encoding (:func:`dacu.images.variants.make_variants`)
    into a throwaway cache folder.
    """
    import tempfile

    from dacu.images import variants as vs
    from dacu.load import open_image

    files = sorted(pool.glob("src-*.jpg"))[:samples]
    timings: dict[str, list[float]] = {"decode": [], "variants": [], "total": [], "wall": []}
    for _ in range(repeat):
        for path in files:
            with tempfile.TemporaryDirectory() as tmp:
                # CPU time of this process: on a machine shared with other work the wall
                # clock also counts the time other processes held the core.
                wall, started = time.perf_counter(), time.process_time()
                loaded = open_image(path.parent, path.name, decode_at_least=max(WIDTHS))
                decoded = time.process_time()
                vs.make_variants(loaded.image, loaded.digest, WIDTHS, ["webp", "jpeg"], Path(tmp),
                                 src_size=(loaded.width, loaded.height))
                done = time.process_time()
                wall = time.perf_counter() - wall
            timings["decode"].append(decoded - started)
            timings["variants"].append(done - decoded)
            timings["total"].append(done - started)
            timings["wall"].append(wall)
    return {k: statistics.median(v) for k, v in timings.items()}


def output_bytes(root: Path, pattern: str) -> dict[str, int]:
    """Total bytes of the produced files by extension (WebP, JPEG)."""
    sizes: dict[str, int] = {}
    for path in root.glob(pattern):
        if path.is_file():
            ext = path.suffix.lower().lstrip(".").replace("jpeg", "jpg")
            sizes[ext] = sizes.get(ext, 0) + path.stat().st_size
    return sizes


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def encoder_settings(pool: Path, samples: int = 40) -> list[dict[str, object]]:
    """Milliseconds, bytes and PSNR of the 750 px variant per encoder setting, on ``samples`` sources.

    How dacu's encoder settings were chosen: the time each option costs
    against the bytes it saves.
    """
    from PIL import Image

    images = []
    for path in sorted(pool.glob("src-*.jpg"))[:samples]:
        with Image.open(path) as im:
            images.append(im.convert("RGB").resize((750, 750), Image.Resampling.LANCZOS))
    import numpy as np

    options = [("WEBP", {"quality": QUALITY, "method": m}) for m in (0, 1, 2, 4, 6)]
    options += [("JPEG", {"quality": QUALITY, **extra}) for extra in
                ({}, {"optimize": True}, {"progressive": True}, {"progressive": True, "optimize": True})]
    rows = []
    for fmt, params in options:
        seconds, size, errors = 0.0, 0, []
        for image in images:
            buffer = io.BytesIO()
            started = time.perf_counter()
            image.save(buffer, fmt, **params)
            seconds += time.perf_counter() - started
            size += buffer.tell()
            buffer.seek(0)
            with Image.open(buffer) as back:
                diff = np.asarray(back.convert("RGB"), dtype=np.float32) - np.asarray(image, dtype=np.float32)
            errors.append(float(np.mean(diff * diff)))
        psnr = 10 * np.log10(255 ** 2 / statistics.mean(errors))
        rows.append({"format": fmt, "params": params, "ms_per_image": seconds * 1000 / len(images),
                     "kb_per_image": size / 1024 / len(images), "psnr_db": float(psnr)})
    return rows
