"""Responsive image variants: the widths and formats a phone picks from.

A source image is published as a set of smaller copies (375, 750 and 1125 px
wide by default, never upscaled) in WebP with a JPEG fallback, and AVIF when
the site asks for it. The browser chooses one through ``srcset``/``sizes``,
so a phone downloads what its screen needs instead of the designer's export.

Variants are cached in ``.dacu/variants/`` under the SHA-256 of the source
file's bytes plus a key of the encoding parameters: an unchanged image is
never decoded twice, and a change of quality or resampling writes new files
instead of reusing stale ones. :func:`cached_variants` answers from the file
names alone (no decoding); :func:`make_variants` encodes what is missing.

Measured with Pillow 13 on a 2-core machine (bench/images.py): for an 800 px
photo-like source, decoding takes about 7 ms, each cascaded LANCZOS step about
10 ms, the 750 px WebP (method 1) about 30 ms and its JPEG about 10 ms.
AVIF costs several times WebP and is opt-in. The cache makes this a
once-per-image cost.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from PIL import Image

from dacu.core import atomic_file
from dacu.core.engine import engine_code

#: Bump when the pipeline changes in a way the parameters below do not show.
PIPELINE_VERSION = 2
#: The resampling filter, by its name in ``PIL.Image.Resampling`` (Pillow is imported only to encode).
RESAMPLE = "LANCZOS"


@dataclass(frozen=True)
class Encoding:
    """How one output format is written."""

    pillow_format: str
    extension: str
    mime: str
    params: dict[str, Any]


# Settings chosen by measurement (bench/images.py ``encoder_settings``; 750 px, quality 80, one core):
# on photo-like sources WebP method 1 took 29 ms for 98 KB against 143 ms for 103 KB
# at method 4 (PSNR 36.0 against 36.2 dB); on flat product drawings 20 ms for 6.7 KB
# against 52 ms for 5.2 KB. JPEG is the fallback of the few browsers without WebP:
# optimised Huffman tables cost 5 ms and save 8-28%; progressive cost 12 ms more for
# 3% on photographs and was larger on drawings.
ENCODINGS: dict[str, Encoding] = {
    "webp": Encoding("WEBP", "webp", "image/webp", {"quality": 80, "method": 1}),
    "jpeg": Encoding("JPEG", "jpg", "image/jpeg", {"quality": 80, "optimize": True}),
    "avif": Encoding("AVIF", "avif", "image/avif", {"quality": 60, "speed": 6}),
}


@dataclass(frozen=True)
class Variant:
    """One produced file: a source image at one width in one format."""

    format: str          # "webp" | "jpeg" | "avif"
    width: int
    height: int
    cache_path: Path
    size_bytes: int

    @property
    def mime(self) -> str:
        return ENCODINGS[self.format].mime


def variant_plan(width: int, height: int, widths: list[int]) -> list[int]:
    """The widths to produce for a ``width`` x ``height`` source, ascending.

    Every configured width the source can fill, never an upscale; a source
    narrower than the largest setting also gets its own width, so its full
    detail is served to the screens that can use it, unless it is within
    20% of the widest variant already planned (an 800 px main image next to
    a 750 px variant would cost a third more encoding for no visible gain).
    """
    if width <= 0 or height <= 0 or not widths:
        return []
    plan = sorted({w for w in widths if w <= width})
    if width < max(widths) and width not in plan and (not plan or width > plan[-1] * 1.2):
        plan.append(width)
    return plan


#: The largest width or height each format can encode (WebP's is in its bitstream; JPEG's and AVIF's are 65,535).
MAX_SIDE = {"webp": 16_383, "jpeg": 65_535, "avif": 65_535}


def too_tall(src_size: tuple[int, int], widths: list[int], formats: list[str]) -> int | None:
    """The side limit a variant of this source would pass in one of ``formats``, or None."""
    for width in variant_plan(*src_size, widths):
        height = variant_height(src_size, width)
        for fmt in formats:
            if max(width, height) > MAX_SIDE[fmt]:
                return MAX_SIDE[fmt]
    return None


def variant_height(src_size: tuple[int, int], width: int) -> int:
    """The height of the ``width`` variant, keeping the source's aspect ratio."""
    src_width, src_height = src_size
    return max(1, round(width * src_height / src_width))


def params_key(fmt: str) -> str:
    """8 hex digits naming the encoding parameters of ``fmt`` (part of the cache file name)."""
    encoding = ENCODINGS[fmt]
    text = repr((engine_code(), PIPELINE_VERSION, RESAMPLE, encoding.pillow_format, sorted(encoding.params.items())))
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def cache_file(cache_dir: Path, digest: str, width: int, fmt: str, key: str | None = None) -> Path:
    """``cache_dir/variants/<digest[:2]>/<digest>-<width>-<params key>.<ext>`` (``key``: ``params_key(fmt)``)."""
    encoding = ENCODINGS[fmt]
    # One path parsed instead of three joins: 8,000 variants a campaign build
    return Path(f"{cache_dir}/variants/{digest[:2]}/{digest}-{width}-{key or params_key(fmt)}.{encoding.extension}")


def cached_variants(digest: str, src_size: tuple[int, int], widths: list[int], formats: list[str],
                    cache_dir: Path) -> list[Variant] | None:
    """Every variant of the source from the cache, or None when one is missing.

    Looks at file names and sizes only: nothing is decoded.
    """
    _check_formats(formats)
    found = []
    keys = {fmt: params_key(fmt) for fmt in formats}  # a hash each: once per source, not per variant
    for width in variant_plan(*src_size, widths):
        for fmt in formats:
            path = cache_file(cache_dir, digest, width, fmt, keys[fmt])
            try:
                size = path.stat().st_size
            except OSError:
                return None
            if size == 0:
                return None
            found.append(Variant(fmt, width, variant_height(src_size, width), path, size))
    return found


def make_variants(image: Image.Image, digest: str, widths: list[int], formats: list[str], cache_dir: Path,
                  *, src_size: tuple[int, int] | None = None) -> list[Variant]:
    """Encode every variant of ``image`` that the cache lacks; return them all.

    ``image`` is RGB in sRGB and upright (EXIF orientation applied). It may
    be a reduced decode of the source (JPEG ``draft()``) as long as it is at
    least as wide as the largest variant; ``src_size`` then gives the
    source's own size, so that the plan and the heights match
    :func:`cached_variants` exactly.
    """
    from PIL import Image

    _check_formats(formats)
    src_size = src_size or image.size
    plan = variant_plan(*src_size, widths)
    if plan and image.width < plan[-1]:
        raise ValueError(f"the decoded image is {image.width} px wide, narrower than the {plan[-1]} px variant: "
                         "decode it at least that wide")
    if image.mode != "RGB":
        image = image.convert("RGB")
    missing = {(width, fmt) for width in plan for fmt in formats
               if not _present(cache_file(cache_dir, digest, width, fmt))}
    current = image
    # Widest first, each from the previous one: a cascade of LANCZOS steps
    # looks the same as resizing every width from the source and costs half.
    for width in reversed(plan if missing else []):
        size = (width, variant_height(src_size, width))
        if current.size != size:
            current = current.resize(size, Image.Resampling[RESAMPLE])
        for fmt in formats:
            if (width, fmt) in missing:
                _write_atomic(current, cache_file(cache_dir, digest, width, fmt), ENCODINGS[fmt])
    made = cached_variants(digest, src_size, widths, formats, cache_dir)
    assert made is not None  # every file was just written
    return made


def output_name(rel: str, variant: Variant) -> str:
    """The variant's path in site/: ``products/1/main-1.jpg`` → ``assets/products/1/main-1.750.webp``."""
    path = PurePosixPath(rel.replace("\\", "/").lstrip("/"))
    name = f"{path.stem}.{variant.width}.{ENCODINGS[variant.format].extension}"
    folder = str(path.parent)
    return f"assets/{name}" if folder == "." else f"assets/{folder}/{name}"


def _check_formats(formats: list[str]) -> None:
    unknown = [f for f in formats if f not in ENCODINGS]
    if unknown:
        raise ValueError(f"unknown image format(s) {', '.join(unknown)}: use {', '.join(ENCODINGS)}")


def _present(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _write_atomic(image: Image.Image, path: Path, encoding: Encoding) -> None:
    """Write through a temporary file, so an interrupted build never leaves half a variant in the cache."""
    with atomic_file(path) as handle:
        image.save(handle, encoding.pillow_format, **encoding.params)
