"""Image rules: main images (主图), detail slices (详情图), heroes (头图) and weight.

Each function judges one role of image with the thresholds of its rules
(``settings.rule_params(slug)``) and adds findings; none raises for a bad
image. Regions are (x, y, w, h) in the *source* image's pixels, whatever
size the pixels were judged at.

Text over a hero is judged at the size a shopper sees it: the hero scaled to
750 px wide (full width on a 375 pt phone at 2x), so a 12 MP photo costs the
same as a small one and fine grain the phone cannot show does not count.

``busy-background`` uses two measures of the lightness (cube root of WCAG
luminance, 0..1, so that equal steps look equal) under the text box:

spread
    the lightness range (95th minus 5th percentile) inside each 32 x 32 px
    cell (about one character at phone size), averaged over the cells. A
    gradient, however steep across the box, varies little inside one cell;
    blotchy clutter (big stripes, bokeh, leaves) varies a lot.
edge density
    the share of pixels where the lightness changes by more than 0.03 per
    pixel (Sobel): grain, gravel, grass, text and wires.

Calibration (display scale; skimage 0.26 sample photos; box in fractions):

    region (photo: box x y w h)                 spread  edges  verdict
    rocket.jpg night sky (.16 .03 .22 .24)       0.03   0.000  calm
    camera.png sky (.56 .02 .40 .16)             0.01   0.000  calm
    astronaut.png wall (.60 0 .12 .30)           0.05   0.000  calm
    chelsea.png bokeh (.85 0 .15 .40)            0.12   0.014  calm
    motorcycle_left.png floor (.05 .86 .9 .13)   0.13   0.042  calm
    coffee.png wood table (0 0 .25 .45)          0.20   0.264  busy
    camera.png grass+tripod (.35 .75 .6 .24)     0.33   0.575  busy
    astronaut.png suit (.05 .55 .6 .3)           0.36   0.326  busy
    grass.png (whole)                            0.43   0.749  busy
    gravel.png (whole)                           0.43   0.641  busy
    brick.png (whole)                            0.25   0.254  busy
    text.png handwriting (whole)                 0.22   0.205  busy
    page.png printed text (0 .2 1 .55)           0.44   0.356  busy
    chelsea.png fur (.30 0 .35 .25)              0.29   0.613  busy
    motorcycle_left.png shelves (.62 0 .38 .45)  0.50   0.440  busy
    astronaut.png flag (0 0 .12 .5)              0.42   0.211  busy
    rocket.jpg towers (0 .3 .3 .7)               0.20   0.242  busy
    synthetic flat 600 x 200                     0.00   0.000  calm
    synthetic gradient 40..220 across 600 px     0.03   0.000  calm
    synthetic uniform noise                      0.56   0.928  busy
    synthetic stripes 4 px black/white           1.00   0.498  busy
    synthetic stripes 40 px black/white          0.78   0.047  busy (spread only)

Every calm region has edges <= 0.042 and every busy one >= 0.205, hence
``max_edge_density`` 0.12 in the gap. Spread separates less well (calm up to
0.13, busy from 0.20), so ``max_spread`` stays at a lenient 0.30: it catches
coarse clutter with few edges, such as 40 px stripes, and leaves soft bokeh
and lit floors alone. Each row is ``busyness(_display_pixels(img, region))``
with the box grown by no margin; the photos are the ``skimage/data`` folder of
the scikit-image 0.26 wheel (only unzipped to calibrate: dacu does not depend
on it).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:
    import numpy as np

# numpy and Pillow are imported by the functions that read pixels: a build whose
# image checks all come from the cache never loads them.

from dacu.core.colour import (ColourError, contrast_array, contrast_ratio, floor_ratio, format_ratio,
                         format_threshold, hex_of, lightness_array, parse_colour)
from dacu.core import Findings, Region, Settings
from dacu.core.i18n import Message, msg
from dacu.load import LoadedImage

#: Width at which text over an image is judged: full width on a 2x phone.
DISPLAY_WIDTH = 750
#: Side of the cells whose lightness range is the "spread" (about one character).
CELL = 32
#: A lightness change per pixel above this is an edge (JPEG noise stays far below).
EDGE_STEP = 0.03
_KB = 1024
_MB = 1024 * 1024
#: The sides of the border strip of a main image, as messages name them.
_EDGES = {"top": msg("the top edge"), "bottom": msg("the bottom edge"),
          "left": msg("the left edge"), "right": msg("the right edge")}


# -- main images (主图) -------------------------------------------------------------

def check_main_images(findings: Findings, settings: Settings, images: Sequence[LoadedImage | None], *,
                      sku: str, file: str, line: int | None) -> None:
    """main-image-count, -square, -size and (first image) -white-background.

    ``images`` are the product's main images in order; an image that could not
    be loaded is passed as None: it still counts towards main-image-count
    (image-unreadable reports it) and is otherwise skipped.
    """
    min_count = int(settings.rule_params("main-image-count")["min_count"])
    # nothing made when the rule is off (a site without product images: 8,000 messages made and dropped)
    if len(images) < min_count and findings.severity_of("main-image-count") != "off":
        text = (msg("SKU {sku} has {count} main image, needs {min_count} (front, back, packaging, two details): "
                    "add main-1.jpg … main-{min_count}.jpg under assets/products/{sku}/",
                    sku=sku, count=len(images), min_count=min_count) if len(images) == 1 else
                msg("SKU {sku} has {count} main images, needs {min_count} (front, back, packaging, two details): "
                    "add main-1.jpg … main-{min_count}.jpg under assets/products/{sku}/",
                    sku=sku, count=len(images), min_count=min_count))
        findings.add("main-image-count", file, text, key=sku, line=line, measured=len(images), threshold=min_count)
    tolerance = settings.rule_params("main-image-square")["tolerance"]
    min_px = int(settings.rule_params("main-image-size")["min_px"])
    for img in images:
        if img is None:
            continue
        w, h = img.width, img.height
        off = abs(w - h) / max(w, h)
        if off > tolerance:
            side = max(w, h)
            findings.add("main-image-square", file,
                         msg("SKU {sku} main image {image} is {width} × {height} px, not square (within "
                             "{tolerance:.0%}): crop it or pad it to a square canvas, e.g. {side} × {side} px",
                             sku=sku, image=img.shown, width=w, height=h, tolerance=tolerance, side=side),
                         key=sku, line=line, image=img.shown, measured=round(off, 4), threshold=tolerance)
        if min(w, h) < min_px:
            findings.add("main-image-size", file,
                         msg("SKU {sku} main image {image} is {width} × {height} px, smaller than {min_px} × {min_px} "
                             "px: export it at {min_px} × {min_px} px or more (platforms enable zoom from there)",
                             sku=sku, image=img.shown, width=w, height=h, min_px=min_px),
                         key=sku, line=line, image=img.shown, measured=min(w, h), threshold=min_px)
    if images and images[0] is not None and findings.severity_of("main-image-white-background") != "off":
        _check_white_background(findings, settings, images[0], sku=sku, file=file, line=line)


def _check_white_background(findings: Findings, settings: Settings, img: LoadedImage, *,
                            sku: str, file: str, line: int | None) -> None:
    """The border ring of the first main image must be (nearly all) near-white."""
    import numpy as np

    params = settings.rule_params("main-image-white-background")
    strip, need, min_channel = params["strip"], params["share"], params["min_channel"]
    w, h = img.image.size
    sy, sx = max(1, math.ceil(round(strip * h, 6))), max(1, math.ceil(round(strip * w, 6)))
    sides = {  # each side's strip in decoded pixels: (x, y, w, h)
        "top": (0, 0, w, sy), "bottom": (0, h - sy, w, sy),
        "left": (0, 0, sx, h), "right": (w - sx, 0, sx, h),
    }
    # Only the strips are read (a 12 MP image's interior never leaves Pillow).
    white = {name: np.asarray(img.image.crop((x, y, x + bw, y + bh))).min(axis=2) >= min_channel
             for name, (x, y, bw, bh) in sides.items()}
    shares = {name: float(mask.mean()) for name, mask in white.items()}
    # The ring counts each pixel once: leave out of the bottom, left and right
    # strips what an earlier strip already holds (corners; overlaps in tiny images).
    b0 = max(sy, h - sy) - (h - sy)
    r0 = max(sx, w - sx) - (w - sx)
    middle = slice(sy, max(sy, h - sy))
    ring = [white["top"], white["bottom"][b0:], white["left"][middle], white["right"][middle, r0:]]
    share = sum(int(part.sum()) for part in ring) / sum(part.size for part in ring)
    if share >= need:
        return
    worst = min(shares, key=shares.__getitem__)
    findings.add("main-image-white-background", file,
                 msg("SKU {sku} first main image {image}: only {share} of the border strip ({strip:.0%} wide) is "
                     "near-white (every channel ≥ {min_channel:g}), needs {need}; {edge} is the worst ({worst}): "
                     "shoot or cut out the product on pure white (#FFFFFF) and leave a white margin around it",
                     sku=sku, image=img.shown, share=_percent(share), strip=strip, min_channel=min_channel,
                     need=_percent(need), edge=_EDGES[worst], worst=_percent(shares[worst])),
                 key=sku, line=line, image=img.shown, region=_to_source(img, sides[worst]),
                 measured=math.floor(share * 1000) / 1000, threshold=need)


# -- detail slices (详情图) and heroes (头图) ------------------------------------------

def check_detail_image(findings: Findings, settings: Settings, img: LoadedImage, *,
                       file: str, key: str | None, line: int | None) -> None:
    """detail-image-portrait and detail-image-width."""
    w, h = img.width, img.height
    if w > h:
        findings.add("detail-image-portrait", file,
                     msg("detail image {image} is landscape ({width} × {height} px): detail pages stack portrait "
                         "slices top to bottom; re-cut it as a portrait slice, e.g. 750 × 1000 px",
                         image=img.shown, width=w, height=h),
                     key=key, line=line, image=img.shown, measured=round(w / h, 3), threshold=1.0)
    min_px = int(settings.rule_params("detail-image-width")["min_px"])
    if w < min_px:
        findings.add("detail-image-width", file,
                     msg("detail image {image} is {width} px wide, needs {min_px} px (it would be blurry on a "
                         "2× phone): export it at {min_px} px wide or more", image=img.shown, width=w, min_px=min_px),
                     key=key, line=line, image=img.shown, measured=w, threshold=min_px)


def check_hero(findings: Findings, settings: Settings, img: LoadedImage, *, text_color: str | None,
               text_box: tuple[float, float, float, float] | None, file: str, key: str | None,
               line: int | None, large_text: bool = True, label: Message | str = msg("title")) -> None:
    """hero-image-width; with a text colour and box also text-contrast and busy-background.

    ``text_box`` is (x, y, w, h) as fractions of the image; ``label`` names the
    text in messages. A box that lies outside the image is left to the
    content checks.
    """
    min_px = int(settings.rule_params("hero-image-width")["min_px"])
    if img.width < min_px:
        findings.add("hero-image-width", file,
                     msg("hero image {image} is {width} px wide, needs {min_px} px: export the hero at "
                         "{min_px} px wide or more (1125 px for 3× phones)", image=img.shown, width=img.width,
                         min_px=min_px),
                     key=key, line=line, image=img.shown, measured=img.width, threshold=min_px)
    contrast_on = findings.severity_of("text-contrast") != "off"
    busy_on = findings.severity_of("busy-background") != "off"
    if not text_color or not text_box or not (contrast_on or busy_on):
        return
    margin = settings.rule_params("text-contrast")["margin"]
    region = _grown_box(img, text_box, margin)
    if region is None:
        return
    pixels = _display_pixels(img, region)
    if contrast_on:
        _check_contrast(findings, settings, img, pixels, region, text_color=text_color, large_text=large_text,
                        label=label, file=file, key=key, line=line)
    if busy_on:
        _check_busy(findings, settings, img, pixels, region, label=label, file=file, key=key, line=line)


def _check_contrast(findings: Findings, settings: Settings, img: LoadedImage, pixels: np.ndarray,
                    region: Region, *, text_color: str, large_text: bool, label: Message | str,
                    file: str, key: str | None, line: int | None) -> None:
    import numpy as np

    params = settings.rule_params("text-contrast")
    need = params["large_ratio"] if large_text else params["min_ratio"]
    try:
        text = parse_colour(text_color)
    except ColourError as exc:
        findings.add("text-contrast", file, msg("{label} colour: {problem}", label=label, problem=exc.message),
                     key=key, line=line, image=img.shown)
        return
    ratios = contrast_array(text, pixels).ravel()
    at = float(np.percentile(ratios, params["percentile"], method="lower"))
    if at >= need:
        return
    worst = int(np.argmin(ratios))
    worst_rgb = pixels.reshape(-1, 3)[worst]
    passing = float((ratios >= need).mean())
    # Light text wants a darker area and the other way round.
    light_text = contrast_ratio(text, (0, 0, 0)) > contrast_ratio(text, (255, 255, 255))
    darker = msg("darker") if light_text else msg("lighter")
    darken = msg("darken") if light_text else msg("lighten")
    findings.add("text-contrast", file,
                 msg("{label} {colour} over the hero: contrast {ratio} at the {percentile} percentile (worst "
                     "{worst} at {worst_colour}; {passing}% of pixels pass), needs {need}: move text_box to a "
                     "{darker} plain area, change text_color, or {darken} the image there",
                     label=label, colour=hex_of(text), ratio=format_ratio(at), percentile=_ordinal(params["percentile"]),
                     worst=format_ratio(float(ratios[worst])), worst_colour=hex_of(worst_rgb),
                     passing=int(passing * 100), need=format_threshold(need), darker=darker, darken=darken),
                 key=key, line=line, image=img.shown, region=region, measured=floor_ratio(at), threshold=need,
                 extra={"text_color": hex_of(text)})  # the report tints the pixels that fail against it


def _check_busy(findings: Findings, settings: Settings, img: LoadedImage, pixels: np.ndarray,
                region: Region, *, label: Message | str, file: str, key: str | None, line: int | None) -> None:
    params = settings.rule_params("busy-background")
    max_spread, max_edges = params["max_spread"], params["max_edge_density"]
    spread, edges = busyness(pixels)
    if spread <= max_spread and edges <= max_edges:
        return
    # measured/threshold carry the measure that is furthest over its limit
    by_edges = edges / max_edges >= spread / max_spread if max_edges and max_spread else edges > max_edges
    findings.add("busy-background", file,
                 msg("the area under the {label} on {image} is busy (lightness spread {spread:.2f}, max "
                     "{max_spread:.2f}; edges {edges:.0%} of pixels, max {max_edges:.0%}): use a simple background "
                     "behind words: move text_box to a plain or gently graded area, or blur or darken the image there",
                     label=label, image=img.shown, spread=spread, max_spread=max_spread, edges=edges,
                     max_edges=max_edges),
                 key=key, line=line, image=img.shown, region=region,
                 measured=round(edges if by_edges else spread, 3),
                 threshold=max_edges if by_edges else max_spread,
                 extra={"spread": round(spread, 3), "edge_density": round(edges, 3)})


def busyness(pixels: np.ndarray) -> tuple[float, float]:
    """(spread, edge density) of an H x W x 3 uint8 array at display scale (see module doc)."""
    import numpy as np

    lightness = lightness_array(pixels).astype(np.float32)
    h, w = lightness.shape
    ch, cw = min(CELL, h), min(CELL, w)
    rows, cols = h // ch, w // cw
    top, left = (h - rows * ch) // 2, (w - cols * cw) // 2  # drop the remainder evenly
    cells = (lightness[top:top + rows * ch, left:left + cols * cw]
             .reshape(rows, ch, cols, cw).transpose(0, 2, 1, 3).reshape(rows, cols, ch * cw))
    low, high = np.percentile(cells, [5, 95], axis=2)
    spread = float((high - low).mean())
    if h < 3 or w < 3:
        return spread, 0.0
    # Sobel on the interior only: the outermost pixels have no neighbours to compare.
    lt = lightness
    gx = (2 * (lt[1:-1, 2:] - lt[1:-1, :-2]) + (lt[:-2, 2:] - lt[:-2, :-2]) + (lt[2:, 2:] - lt[2:, :-2])) / 8
    gy = (2 * (lt[2:, 1:-1] - lt[:-2, 1:-1]) + (lt[2:, 2:] - lt[:-2, 2:]) + (lt[2:, :-2] - lt[:-2, :-2])) / 8
    edges = float((np.hypot(gx, gy) > EDGE_STEP).mean())
    return spread, edges


# -- weight -------------------------------------------------------------------------

def check_weight(findings: Findings, settings: Settings, img: LoadedImage, *,
                 file: str, key: str | None, line: int | None) -> None:
    """image-weight for a source file over ``max_source_mb`` (1 MB = 1024 KB)."""
    limit = settings.rule_params("image-weight")["max_source_mb"]
    size_mb = img.size_bytes / _MB
    if size_mb > limit:
        findings.add("image-weight", file,
                     msg("{image} is {size:.1f} MB, over {limit:g} MB: re-export it with stronger compression "
                         "or smaller dimensions (2000 px on the long side is plenty)",
                         image=img.shown, size=size_mb, limit=limit),
                     key=key, line=line, image=img.shown, measured=round(size_mb, 2), threshold=limit)


def check_variant_weight(findings: Findings, settings: Settings, *, image: str, variant_name: str,
                         size_bytes: int, file: str, key: str | None, line: int | None) -> None:
    """image-weight for a produced variant over ``max_variant_kb``.

    ``image`` is the source as findings show it (``assets/...``); ``variant_name``
    the produced file's name, e.g. ``main-1-750.webp``.
    """
    limit = settings.rule_params("image-weight")["max_variant_kb"]
    size_kb = size_bytes / _KB
    if size_kb > limit:
        findings.add("image-weight", file,
                     msg("{variant} made from {image} is {size:.0f} KB, over the {limit:g} KB budget: re-export "
                         "the source with less detail or noise, or narrow the widths in [tool.dacu]",
                         variant=variant_name, image=image, size=size_kb, limit=limit),
                     key=key, line=line, image=image, measured=round(size_kb, 1), threshold=limit)


# -- helpers ----------------------------------------------------------------------------

def _grown_box(img: LoadedImage, box: Sequence[float], margin: float) -> Region | None:
    """The text box grown by ``margin`` (a fraction of the image's size), in source pixels."""
    x, y, w, h = (float(v) for v in box)

    def px(fraction: float, size: int, edge: Callable[[float], int]) -> int:
        return edge(round(fraction * size, 6))  # 0.92 * 1000 is 920.0000000000001: not 921

    x0, y0 = max(0, px(x - margin, img.width, math.floor)), max(0, px(y - margin, img.height, math.floor))
    x1 = min(img.width, px(x + w + margin, img.width, math.ceil))
    y1 = min(img.height, px(y + h + margin, img.height, math.ceil))
    if w <= 0 or h <= 0 or x1 <= x0 or y1 <= y0:
        return None
    return (x0, y0, x1 - x0, y1 - y0)


def _display_pixels(img: LoadedImage, region: Region) -> np.ndarray:
    """The region's pixels (H x W x 3 uint8) at the size a 2x phone shows them."""
    import numpy as np
    from PIL import Image

    x, y, w, h = region
    s = img.scale
    crop = img.image.crop((math.floor(x * s), math.floor(y * s), math.ceil((x + w) * s), math.ceil((y + h) * s)))
    factor = min(1.0, DISPLAY_WIDTH / img.width)  # never enlarge: that would invent smoothness
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    if crop.size != size:
        crop = crop.resize(size, Image.Resampling.BOX)  # area average, as a browser downscales
    return np.asarray(crop)


def _to_source(img: LoadedImage, box: Region) -> Region:
    """A box in decoded pixels as a box in the source's pixels."""
    s = img.scale
    if s == 1:
        return box
    x, y, w, h = box
    return (round(x / s), round(y / s), round(w / s), round(h / s))


def _percent(share: float) -> str:
    """A share as a percentage, truncated so that 98.96% never shows as a passing 99%."""
    value = math.floor(share * 1000 + 1e-9) / 10
    return f"{value:.1f}".rstrip("0").rstrip(".") + "%"


def _ordinal(n: float) -> Message:
    """5th, 21st, 2.5th: an English ordinal (Chinese says 第 5 around it)."""
    text = f"{n:g}"
    if text.endswith(("11", "12", "13")) or not text[-1] in "123" or "." in text:
        return msg("{n}th", n=text)
    return {"1": msg("{n}st", n=text), "2": msg("{n}nd", n=text), "3": msg("{n}rd", n=text)}[text[-1]]
