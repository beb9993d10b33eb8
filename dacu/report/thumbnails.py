"""Thumbnails for the visual report: the image, the failing region outlined.

Thumbnails. One per (image, finding), at most :data:`THUMB_WIDTH` px wide,
named by a hash of image, region and rule (plus, for text-contrast, the text
colour and threshold the tint depends on), so names are stable between runs.
The region is outlined in red with a white halo (visible on red and white
images alike); for text-contrast, every pixel under the region whose WCAG
contrast with the text colour is below the threshold is tinted magenta. A
region that lies outside the image gives a thumbnail without an outline; an
image that cannot be opened gives a note instead of a thumbnail. Nothing about
a finding's shape can stop the report from being written.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePosixPath
from typing import Iterable, Mapping

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# numpy and Pillow are imported where a thumbnail is drawn: a report without
# image findings (every Markdown edit) never loads them.

from dacu.core import Finding, RULES, Region
from dacu.core.colour import RGB, ColourError, contrast_array, hex_of, parse_colour
from dacu.core.i18n import Message, msg
from dacu.load import ImageProblem, LoadedImage, open_image

#: Widest thumbnail in pixels (a phone shows it at about 360 CSS px, at 2x+ it stays sharp enough).
THUMB_WIDTH = 480
#: Tallest thumbnail as a multiple of its width: a long detail slice is shown
#: as a window around the region (or its top) rather than as a thin strip.
MAX_ASPECT = 2.0
OUTLINE = (230, 0, 38)
HALO = (255, 255, 255)
TINT = (255, 0, 255)
TINT_ALPHA = 0.6
_HEX = re.compile(r"#[0-9A-Fa-f]{6}(?![0-9A-Fa-f])")
THUMBS = "thumbs"


def norm_path(path: object) -> str:
    """A path as the report compares paths: POSIX separators."""
    return PurePosixPath(str(path).replace("\\", "/")).as_posix()


# -- thumbnails ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Thumb:
    """A thumbnail written beside the report."""

    src: str            # relative to the report, "thumbs/<hash>.jpg"
    width: int
    height: int
    caption: Message
    outlined: bool
    tinted: bool


def region_of(value: object) -> Region | None:
    """A usable (x, y, w, h), or None for anything else (wrong length, not numbers, empty)."""
    try:
        x, y, w, h = (int(round(float(v))) for v in value)  # type: ignore[attr-defined]  # anything: checked by the except
    except (TypeError, ValueError, OverflowError):
        return None
    return (x, y, w, h) if w > 0 and h > 0 else None


def _clip(region: Region | None, width: int, height: int) -> Region | None:
    """The part of ``region`` inside a width x height image, or None when nothing is."""
    if region is None:
        return None
    x, y, w, h = region
    x0, y0, x1, y1 = max(0, x), max(0, y), min(width, x + w), min(height, y + h)
    return (x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def _tint_spec(finding: Finding) -> tuple[RGB, float] | None:
    """(text colour, threshold) for tinting a text-contrast finding, if they can be known.

    The colour is ``extra["text_color"]`` when the check provides it, else the
    first #RRGGBB of the message ("title #FFFFFF over the hero: ...").
    """
    if finding.rule != "text-contrast":
        return None
    extra = finding.extra if isinstance(finding.extra, Mapping) else {}
    candidates = [extra.get("text_color"), extra.get("text_colour")]
    if isinstance(finding.message, str):
        candidates.extend(_HEX.findall(finding.message)[:1])
    threshold = finding.threshold
    if not isinstance(threshold, (int, float)) or not math.isfinite(threshold) or threshold <= 1:
        threshold = RULES["text-contrast"].thresholds["min_ratio"]
    for colour in candidates:
        if isinstance(colour, str):
            try:
                return parse_colour(colour), float(threshold)
            except ColourError:
                continue
    return None


def thumbnail_name(finding: Finding) -> str | None:
    """The stable file name of a finding's thumbnail in ``thumbs/``, or None without an image."""
    if not isinstance(finding.image, str) or not finding.image:
        return None
    parts = [finding.image, repr(region_of(finding.region)), str(finding.rule)]
    tint = _tint_spec(finding)
    if tint is not None:
        parts.append(f"{hex_of(tint[0])}<{tint[1]!r}")
    return hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()[:16] + ".jpg"


def _open(root: Path, image: str) -> LoadedImage:
    shown = norm_path(image)
    if not shown.startswith("assets/"):
        raise ImageProblem(msg("{image} is not under assets/", image=image))
    # open_image refuses anything that resolves outside assets/, so a finding can never expose a file.
    return open_image(root / "assets", shown.removeprefix("assets/"), decode_at_least=THUMB_WIDTH)


def _window(width: int, height: int, clip: Region | None) -> Region:
    """The part of the image to show (source px): all of it, or a band around the region of a tall one."""
    tallest = max(1, round(width * MAX_ASPECT))
    if height <= tallest:
        return (0, 0, width, height)
    centre = clip[1] + clip[3] / 2 if clip else tallest / 2
    top = int(min(max(0.0, centre - tallest / 2), height - tallest))
    return (0, top, width, tallest)


def _draw_thumbnail(img: LoadedImage, finding: Finding, out: Path) -> Thumb:
    """Write the thumbnail of ``finding`` on ``img`` to ``out``."""
    clip = _clip(region_of(finding.region), img.width, img.height)
    wx, wy, ww, wh = _window(img.width, img.height, clip)
    s = img.scale  # decoded pixels per source pixel (a JPEG may be decoded reduced)
    crop = img.image.crop((math.floor(wx * s), math.floor(wy * s),
                           math.ceil((wx + ww) * s), math.ceil((wy + wh) * s)))
    tw = max(1, min(THUMB_WIDTH, ww))  # never enlarged
    th = max(1, round(wh * tw / ww))
    from PIL import Image

    thumb = crop.resize((tw, th), Image.Resampling.LANCZOS) if crop.size != (tw, th) else crop.copy()
    box = None
    if clip is not None:
        k = tw / ww
        x0, y0 = math.floor(clip[0] * k), math.floor((clip[1] - wy) * k)
        x1, y1 = math.ceil((clip[0] + clip[2]) * k), math.ceil((clip[1] + clip[3] - wy) * k)
        x0, y0, x1, y1 = max(0, x0), max(0, y0), min(tw, x1), min(th, y1)
        if x1 > x0 and y1 > y0:
            box = (x0, y0, x1, y1)
    tint = _tint_spec(finding) if box else None
    if box and tint:
        thumb = _tint(thumb, box, *tint)
    if box:
        _outline(thumb, box)
    thumb.save(out, "JPEG", quality=85, subsampling=0, optimize=True)  # 4:4:4 keeps the red line crisp
    caption = (msg("{width} × {height} px", width=img.width, height=img.height) if (ww, wh) == (img.width, img.height)
               else msg("{width} × {height} px, showing y {top}–{bottom}", width=img.width, height=img.height,
                        top=wy, bottom=wy + wh))
    return Thumb(f"{THUMBS}/{out.name}", tw, th, caption, box is not None, tint is not None)


def _tint(thumb: Image.Image, box: tuple[int, int, int, int], text: RGB, need: float) -> Image.Image:
    """Blend magenta into the pixels of ``box`` whose contrast with ``text`` is below ``need``."""
    import numpy as np
    from PIL import Image

    x0, y0, x1, y1 = box
    pixels = np.array(thumb.convert("RGB"))
    area = pixels[y0:y1, x0:x1]
    failing = contrast_array(text, area) < need
    blended = area[failing].astype(np.float32) * (1 - TINT_ALPHA) + np.array(TINT, dtype=np.float32) * TINT_ALPHA
    area[failing] = np.round(blended).astype(np.uint8)
    return Image.fromarray(pixels)


def _outline(thumb: Image.Image, box: tuple[int, int, int, int]) -> None:
    """A red stroke centred on the region's edge, with a thin white halo on both sides."""
    from PIL import ImageDraw

    x0, y0, x1, y1 = box
    stroke = max(3, round(thumb.width / 160))
    half = stroke // 2
    draw = ImageDraw.Draw(thumb)
    outer = (x0 - half - 1, y0 - half - 1, x1 - 1 + half + 1, y1 - 1 + half + 1)
    draw.rectangle(outer, outline=HALO, width=1)
    inner = (x0 - half + stroke, y0 - half + stroke, x1 - 1 + half - stroke, y1 - 1 + half - stroke)
    if inner[2] >= inner[0] and inner[3] >= inner[1]:
        draw.rectangle(inner, outline=HALO, width=1)
    draw.rectangle((x0 - half, y0 - half, x1 - 1 + half, y1 - 1 + half), outline=OUTLINE, width=stroke)


def make_thumbnails(root: Path, findings: Iterable[Finding], folder: Path) -> dict[str, Thumb | Message]:
    """Thumbnails of every finding with an image, by :func:`thumbnail_name`: a :class:`Thumb`,
    or a note saying why there is none. Each image is decoded once and dropped after its findings."""
    by_image: dict[str, list[Finding]] = {}
    for finding in findings:
        if thumbnail_name(finding):
            by_image.setdefault(str(finding.image), []).append(finding)
    made: dict[str, Thumb | Message] = {}
    for image, group in by_image.items():
        try:
            img: LoadedImage | None = _open(root, image)
            problem: Message | None = None
        except ImageProblem as exc:
            img, problem = None, msg("No thumbnail: {problem}", problem=exc.message)
        for finding in group:
            name = thumbnail_name(finding)
            if name is None or name in made:
                continue
            if img is None:
                made[name] = problem or msg("No thumbnail")  # problem is set whenever img is None
                continue
            folder.mkdir(parents=True, exist_ok=True)
            try:
                made[name] = _draw_thumbnail(img, finding, folder / name)
            except Exception as exc:  # a thumbnail is a convenience: it must never stop the report
                made[name] = msg("No thumbnail: it could not be drawn ({error})", error=type(exc).__name__)
    return made
