"""Opening source images safely, once, as upright sRGB pixels.

Every image check and the variant pipeline start from :func:`open_image`, which
turns whatever an operator exported (a phone JPEG with an EXIF rotation, a
printer's CMYK file, a Display P3 PNG with transparency) into one predictable
thing: an upright RGB image in sRGB on white, with the file's size and SHA-256.
A file that cannot be used raises :class:`ImageProblem` with a message that
says what to change; the caller turns it into an ``image-unreadable`` finding.

Safety: the path is resolved (``..`` and symlinks followed) and refused unless
it stays inside assets/, *before* anything is opened, so content can never
publish a private file. ``Image.MAX_IMAGE_PIXELS`` is kept and its warning is
raised as an error, so a decompression bomb is refused rather than decoded.
Only raster formats a browser could show are opened: Pillow's EPS plugin
would run Ghostscript on untrusted input.
"""

from __future__ import annotations

import hashlib
import io
import stat
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

from dacu.core.limits import PATH_CHARS
from dacu.core.i18n import Message, msg
from dacu.load.guard import RealPaths

# Pillow is imported by the functions that decode, not by this module: a build
# whose images are all cached (a Markdown edit) never loads it.

#: The formats dacu decodes (MPO is the JPEG some cameras write).
FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "AVIF", "GIF", "TIFF", "BMP")
#: The file names of those formats: what counts as an image in a product's folder.
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".tif", ".tiff", ".bmp"})
_WHITE = (255, 255, 255)


@cache
def _openable() -> list[str]:
    from PIL import Image

    Image.init()  # register every plugin, so that open(formats=...) knows them all
    return [name for name in FORMATS if name in Image.OPEN]


@cache
def _srgb() -> Any:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


class ImageProblem(Exception):
    """An image that cannot be used; ``message`` says what to change (a :class:`Message`)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message

    @classmethod
    def unreadable(cls, shown: str, exc: OSError) -> ImageProblem:
        """A file the operating system will not read (permissions, a vanished disk)."""
        return cls(msg("{image} cannot be read ({reason}): check the file's permissions",
                       image=shown, reason=exc.strerror or str(exc)))


@dataclass
class LoadedImage:
    """A decoded source image.

    ``width`` and ``height`` are the source's pixels after the EXIF rotation.
    ``image`` is RGB in sRGB, alpha flattened on white; it has the same size
    unless the caller allowed a reduced JPEG decode (``decode_at_least``), so
    code that maps pixels back to the source uses :attr:`scale`.
    """

    rel: str                 # as written in the content, relative to assets/
    path: Path               # the resolved file
    size_bytes: int
    digest: str              # sha256 hex of the file's bytes
    width: int
    height: int
    image: Image.Image
    format: str | None = None

    @property
    def shown(self) -> str:
        """The path as findings show it: ``assets/<rel>``."""
        return shown_path(self.rel)

    @property
    def scale(self) -> float:
        """Decoded pixels per source pixel (1.0 unless decoded reduced)."""
        return self.image.width / self.width


def shown_path(rel: str) -> str:
    return "assets/" + rel.replace("\\", "/").lstrip("/")


def open_image(assets_dir: Path, rel: str, *, decode_at_least: int | None = None) -> LoadedImage:
    """Read ``assets_dir / rel`` once and decode it as upright sRGB RGB.

    ``decode_at_least``: a JPEG may be decoded at 1/2, 1/4 or 1/8 scale (libjpeg's
    cheap "draft" mode: a grainy 12 MP photo took 50 ms instead of 90 ms here,
    and the checks after it about half as long) as long as its upright width
    stays at least this many pixels (the widest variant); ``width``/``height`` still give the source's
    size. Leave it None to decode every pixel.

    Raises :class:`ImageProblem` for a path outside assets/, a missing or
    unreadable file, an unsupported, truncated or corrupt image, and a
    decompression bomb.
    """
    from PIL import Image, ImageCms, UnidentifiedImageError

    shown = shown_path(rel)
    path = resolve_asset(assets_dir, rel)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImageProblem.unreadable(shown, exc) from exc
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            source = Image.open(io.BytesIO(data), formats=_openable())
            width, height, image = _decode(source, decode_at_least)
    except UnidentifiedImageError as exc:
        raise ImageProblem(msg("{image} is not a JPEG, PNG, WebP, AVIF, GIF, TIFF or BMP image: "
                               "re-export it as JPEG or PNG", image=shown)) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageProblem(_bomb_message(shown, exc)) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError,
            ZeroDivisionError, MemoryError, ImageCms.PyCMSError) as exc:
        # Pillow reports broken files through a zoo of exception types.
        detail = str(exc).strip() or type(exc).__name__
        raise ImageProblem(msg("{image} is truncated or corrupt ({detail}): re-export it as JPEG or PNG",
                               image=shown, detail=detail)) from exc
    return LoadedImage(rel=rel, path=path, size_bytes=len(data), digest=hashlib.sha256(data).hexdigest(),
                       width=width, height=height, image=image, format=source.format)


def resolve_asset(assets_dir: Path, rel: str, paths: RealPaths | None = None) -> Path:
    """The existing file ``assets_dir / rel`` resolved, without opening it.

    Raises :class:`ImageProblem` exactly as :func:`open_image` does when ``..``,
    an absolute path or a symbolic link leads outside ``assets_dir``, for a
    folder and for a missing file (the image stage hashes files before it
    decides whether it needs to decode them). ``paths`` keeps the folders
    resolved between calls (the image stage's 2,000 sources of a campaign lie
    in 400 folders): a file that is not itself a symbolic link costs one
    ``lstat`` instead of one for each part of its path and of ``assets_dir``'s.
    """
    shown = shown_path(rel)
    if len(rel) > PATH_CHARS or any(len(part.encode("utf-8", "surrogateescape")) > 255 for part in Path(rel).parts):
        raise ImageProblem(msg("{image}: the path is over {limit} characters (or a name over 255 bytes): "
                               "use shorter folder and file names", image=shown[:120] + "…", limit=PATH_CHARS))
    paths = paths or RealPaths()
    root = Path(paths.folder(assets_dir))
    lexical = assets_dir / rel
    try:
        real, info = paths.real(lexical)
        path, kind = Path(real), info.st_mode
    except (OSError, ValueError):   # missing, a link loop, a NUL byte: resolved in full, which says why
        try:
            path = lexical.resolve()
        except (OSError, RuntimeError, ValueError) as exc:  # symlink loop, NUL byte
            raise ImageProblem(msg("{image} is not a usable path ({detail}): refer to the image relative to assets/",
                                   image=shown, detail=str(exc))) from exc
        try:
            kind = os.stat(path).st_mode
        except OSError:
            kind = 0
    if not path.is_relative_to(root):
        how = msg("through a symbolic link") if _lexically_inside(rel) else msg("through .. or an absolute path")
        raise ImageProblem(msg("{image} points outside assets/ ({how}): keep images inside assets/ "
                               "and refer to them relative to it", image=shown, how=how))
    if stat.S_ISDIR(kind):
        raise ImageProblem(msg("{image} is a folder, not an image: name the image file inside it", image=shown))
    if not stat.S_ISREG(kind):
        raise ImageProblem(msg("{image} does not exist: check the path (relative to assets/) "
                               "and the spelling and case of the file name", image=shown))
    return path


def _lexically_inside(rel: str) -> bool:
    """True when ``rel`` stays inside assets/ before symlinks are followed."""
    depth = 0
    for part in Path(rel).parts:
        if Path(part).is_absolute():
            return False
        depth += -1 if part == ".." else 0 if part == "." else 1
        if depth < 0:
            return False
    return True


def _decode(source: Image.Image, decode_at_least: int | None) -> tuple[int, int, Image.Image]:
    """(source width, source height, upright sRGB RGB image) of an opened file."""
    from PIL import ImageOps

    icc = source.info.get("icc_profile")
    orientation = source.getexif().get(0x0112, 1)  # EXIF Orientation
    swapped = orientation in (5, 6, 7, 8)          # rotated by 90 or 270 degrees
    width, height = (source.height, source.width) if swapped else source.size
    if decode_at_least and source.format in ("JPEG", "MPO"):
        # The smallest scale whose upright width still serves the widest variant,
        # the height in proportion: a wide banner need not keep its full height.
        wide = min(decode_at_least, width)
        tall = -(-wide * height // width)
        source.draft(source.mode, (tall, wide) if swapped else (wide, tall))
    if orientation == 1:
        source.load()  # loads the pixels: truncation shows here
        image = source  # exif_transpose would copy every pixel for nothing
    else:
        image = ImageOps.exif_transpose(source)
    return width, height, _to_srgb(image, icc)


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB in sRGB with any alpha flattened on white."""
    from PIL import Image

    alpha = None
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        alpha = rgba.getchannel("A")
        image = rgba.convert("RGB")  # a grey or palette profile no longer fits: drop it below
        icc = icc if _profile_space(icc) == "RGB" else None
    elif image.mode in ("I;16", "I;16L", "I;16B", "I"):
        # 16-bit greyscale: scale to 8 bits (convert() would clip at 255)
        image = image.convert("I").point(lambda v: v * (1 / 257)).convert("L")
    rgb = _apply_profile(image, icc)
    if alpha is not None:
        rgb = Image.composite(rgb, Image.new("RGB", rgb.size, _WHITE), alpha)
    # The pixels are sRGB now: the source's profile would make an encoder that
    # copies info (PNG does) tag them wrongly, and untagged means sRGB on the web.
    rgb.info.pop("icc_profile", None)
    return rgb


def _profile_space(icc: bytes | None) -> str | None:
    """The colour space an ICC profile's header names ("RGB", "CMYK", "GRAY")."""
    if not icc or len(icc) < 20:
        return None
    return icc[16:20].decode("ascii", "replace").strip()


def _apply_profile(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert to sRGB through the embedded profile (if it is not sRGB already)."""
    from PIL import ImageCms

    if icc and _profile_space(icc) in ("RGB", "CMYK", "GRAY"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            is_srgb = "srgb" in ImageCms.getProfileDescription(profile).lower()
            if not (is_srgb and image.mode == "RGB"):
                mode = {"RGB": "RGB", "CMYK": "CMYK", "GRAY": "L"}[_profile_space(icc) or ""]
                # Relative colorimetric with black point compensation: Photoshop's default.
                return ImageCms.profileToProfile(
                    image.convert(mode) if image.mode != mode else image, profile, _srgb(),
                    renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="RGB",
                    flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)  # type: ignore[return-value]
        except (ImageCms.PyCMSError, OSError, ValueError, KeyError):
            pass  # a broken profile: browsers ignore it too, so do the same
    return image if image.mode == "RGB" else image.convert("RGB")


def _bomb_message(shown: str, exc: Exception) -> Message:
    from PIL import Image

    match = re.search(r"\((\d+) pixels\)", str(exc))
    if match:
        return msg("{image} has {pixels:,} pixels, over the limit of {limit:,} that protects the build from "
                   "decompression bombs: export it smaller (2000 px on the long side is plenty)",
                   image=shown, pixels=int(match.group(1)), limit=Image.MAX_IMAGE_PIXELS)
    return msg("{image} is too large to decode safely, over the limit of {limit:,} pixels that protects the build "
               "from decompression bombs: export it smaller (2000 px on the long side is plenty)",
               image=shown, limit=Image.MAX_IMAGE_PIXELS)


