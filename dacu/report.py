"""The visual report: every finding, grouped by page, with thumbnails and swatches.

``check`` writes it to ``.dacu/report/index.html`` and ``build`` also to
``site/_report/index.html``, so a reviewer can read it on a phone. It is one
self-contained HTML file (inline CSS, no script, no web fonts) plus JPEG
thumbnails in ``thumbs/`` beside it.

Grouping. A finding belongs to the page its file produces. ``pages`` lists
(output path, source file) pairs, optionally with the source line as a third
item (a product page comes from one row of a sheet that produces many pages);
list a page once per file it is built from. For each finding:

1. ``extra["page"]``, when a check names the page outright and it is listed;
2. the pages built from its file: if there is one, that page;
3. if there are several (a product sheet), the one whose line is the
   finding's line, else the product page the finding names (below);
4. if its file produces no page (``content/products/<sku>.md`` long copy, an
   extra sheet), the product page the finding names;
5. otherwise the "Whole site" group: settings, themes, and whatever cannot be
   pinned to one page (shown once, rather than repeated on every page).

A finding names a product when its key is a SKU (image findings use the SKU
as key), its image lies in ``assets/products/<sku>/``, or its file is named
``<sku>.*``, and ``products/<sku>/index.html`` is one of the pages.

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
import os
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping, Sequence

import jinja2
import numpy as np
from PIL import Image, ImageDraw

from dacu.colour import RGB, ColourError, contrast_array, hex_of, parse_colour
from dacu.findings import Finding, Region
from dacu.imaging import ImageProblem, LoadedImage, open_image
from dacu.report_text import summary
from dacu.rules import RULES, Rule

#: Widest thumbnail in pixels (a phone shows it at about 360 CSS px, at 2x+ it stays sharp enough).
THUMB_WIDTH = 480
#: Tallest thumbnail as a multiple of its width: a long detail slice is shown
#: as a window around the region (or its top) rather than as a thin strip.
MAX_ASPECT = 2.0
OUTLINE = (230, 0, 38)
HALO = (255, 255, 255)
TINT = np.array([255, 0, 255], dtype=np.float32)
TINT_ALPHA = 0.6
THUMBS = "thumbs"
_THUMB_NAME = re.compile(r"^[0-9a-f]{16}\.jpg$")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}(?![0-9A-Fa-f])")
SITE_GROUP = "Whole site"

#: (output page path, source file) or (output page path, source file, source line).
PageSource = tuple[str, str] | tuple[str, str, int | None]


# -- grouping ---------------------------------------------------------------------------

@dataclass
class Group:
    """The findings of one page (``page`` is its output path), or of the whole site (``page`` None)."""

    page: str | None
    sources: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _norm(path: object) -> str:
    return PurePosixPath(str(path).replace("\\", "/")).as_posix()


class _PageIndex:
    """Which page a finding's file (and line) produces; see the module doc."""

    def __init__(self, pages: Iterable[Sequence[Any]]) -> None:
        self.order: dict[str, list[str]] = {}                        # page -> its sources, in page order
        self.by_source: dict[str, list[tuple[str, int | None]]] = {}  # source -> (page, line)
        self.products: dict[str, str] = {}                           # sku -> product page
        for entry in pages:
            path, source = str(entry[0]), str(entry[1])
            line = entry[2] if len(entry) > 2 and isinstance(entry[2], int) else None
            sources = self.order.setdefault(path, [])
            if source not in sources:
                sources.append(source)
            self.by_source.setdefault(_norm(source), []).append((path, line))
            parts = PurePosixPath(path).parts
            if len(parts) == 3 and parts[0] == "products" and parts[2] == "index.html":  # Site.product_page
                self.products[parts[1]] = path

    def page_of(self, finding: Finding) -> str | None:
        named_page = finding.extra.get("page") if isinstance(finding.extra, Mapping) else None
        if isinstance(named_page, str) and named_page in self.order:
            return named_page  # the check knew the page (e.g. a broken link found in it)
        here = self.by_source.get(_norm(finding.file), [])
        paths = list(dict.fromkeys(path for path, _ in here))
        if len(paths) == 1:
            return paths[0]
        named = self._product_named(finding)
        if not paths:
            return named
        if finding.line is not None:
            on_line = list(dict.fromkeys(path for path, line in here if line == finding.line))
            if len(on_line) == 1:
                return on_line[0]
        return named if named in paths else None

    def _product_named(self, finding: Finding) -> str | None:
        hints = [finding.key, PurePosixPath(_norm(finding.file)).stem]
        if isinstance(finding.image, str):
            parts = PurePosixPath(_norm(finding.image)).parts
            if len(parts) > 3 and parts[:2] == ("assets", "products"):
                hints.insert(0, parts[2])
        for hint in hints:
            if isinstance(hint, str) and hint in self.products:
                return self.products[hint]
        return None


def group_findings(findings: Iterable[Finding], pages: Iterable[Sequence[Any]]) -> list[Group]:
    """Findings by page: the whole-site group first, then pages in the order given.

    Within a group, errors come before warnings, then by file, line and key.
    """
    index = _PageIndex(pages)
    found: dict[str | None, list[Finding]] = {}
    for finding in findings:
        found.setdefault(index.page_of(finding), []).append(finding)
    order = [None, *index.order, *(p for p in found if p is not None and p not in index.order)]
    groups = []
    for page in order:
        if page in found:
            items = sorted(found[page], key=_order)
            groups.append(Group(page, list(index.order.get(page, [])) if page else [], items))
    return groups


def _order(finding: Finding) -> tuple[Any, ...]:
    """Errors first, then file, line, key, rule; tolerant of fields of unexpected types."""
    line = finding.line if isinstance(finding.line, int) else 0
    return (finding.severity != "error", str(finding.file), line, str(finding.key or ""),
            str(finding.rule), str(finding.message))


# -- thumbnails ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Thumb:
    """A thumbnail written beside the report."""

    src: str            # relative to the report, "thumbs/<hash>.jpg"
    width: int
    height: int
    caption: str
    outlined: bool
    tinted: bool


def _region(value: object) -> Region | None:
    """A usable (x, y, w, h), or None for anything else (wrong length, not numbers, empty)."""
    try:
        x, y, w, h = (int(round(float(v))) for v in value)  # type: ignore[union-attr]
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
    parts = [finding.image, repr(_region(finding.region)), str(finding.rule)]
    tint = _tint_spec(finding)
    if tint is not None:
        parts.append(f"{hex_of(tint[0])}<{tint[1]!r}")
    return hashlib.sha256("\0".join(parts).encode("utf-8", "replace")).hexdigest()[:16] + ".jpg"


def _open(root: Path, image: str) -> LoadedImage:
    shown = _norm(image)
    if not shown.startswith("assets/"):
        raise ImageProblem(f"{image} is not under assets/")
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
    clip = _clip(_region(finding.region), img.width, img.height)
    wx, wy, ww, wh = _window(img.width, img.height, clip)
    s = img.scale  # decoded pixels per source pixel (a JPEG may be decoded reduced)
    crop = img.image.crop((math.floor(wx * s), math.floor(wy * s),
                           math.ceil((wx + ww) * s), math.ceil((wy + wh) * s)))
    tw = max(1, min(THUMB_WIDTH, ww))  # never enlarged
    th = max(1, round(wh * tw / ww))
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
    caption = f"{img.width} × {img.height} px"
    if (ww, wh) != (img.width, img.height):
        caption += f", showing y {wy}–{wy + wh}"
    return Thumb(f"{THUMBS}/{out.name}", tw, th, caption, box is not None, tint is not None)


def _tint(thumb: Image.Image, box: tuple[int, int, int, int], text: RGB, need: float) -> Image.Image:
    """Blend magenta into the pixels of ``box`` whose contrast with ``text`` is below ``need``."""
    x0, y0, x1, y1 = box
    pixels = np.array(thumb.convert("RGB"))
    area = pixels[y0:y1, x0:x1]
    failing = contrast_array(text, area) < need
    blended = area[failing].astype(np.float32) * (1 - TINT_ALPHA) + TINT * TINT_ALPHA
    area[failing] = np.round(blended).astype(np.uint8)
    return Image.fromarray(pixels)


def _outline(thumb: Image.Image, box: tuple[int, int, int, int]) -> None:
    """A red stroke centred on the region's edge, with a thin white halo on both sides."""
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


def make_thumbnails(root: Path, findings: Iterable[Finding], folder: Path) -> dict[str, Thumb | str]:
    """Thumbnails of every finding with an image, by :func:`thumbnail_name`: a :class:`Thumb`,
    or a note saying why there is none. Each image is decoded once and dropped after its findings."""
    by_image: dict[str, list[Finding]] = {}
    for finding in findings:
        if thumbnail_name(finding):
            by_image.setdefault(str(finding.image), []).append(finding)
    made: dict[str, Thumb | str] = {}
    for image, group in by_image.items():
        try:
            img: LoadedImage | None = _open(root, image)
            problem = ""
        except ImageProblem as exc:
            img, problem = None, f"No thumbnail: {exc.message}"
        for finding in group:
            name = thumbnail_name(finding)
            if name is None or name in made:
                continue
            if img is None:
                made[name] = problem
                continue
            folder.mkdir(parents=True, exist_ok=True)
            try:
                made[name] = _draw_thumbnail(img, finding, folder / name)
            except Exception as exc:  # a thumbnail is a convenience: it must never stop the report
                made[name] = f"No thumbnail: it could not be drawn ({type(exc).__name__})"
    return made


# -- swatches -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Swatch:
    """A colour chip. ``colour`` is always ``#RRGGBB`` (it goes into a style attribute)."""

    colour: str
    where: tuple[str, ...] = ()


def _swatch(item: object) -> Swatch | None:
    colour: object = item
    where: object = ()
    if isinstance(item, Mapping):
        colour = item.get("colour", item.get("color"))
        where = item.get("where", ())
    if not isinstance(colour, str):
        return None
    try:
        # Re-serialised from the parsed value, so nothing but #RRGGBB reaches the CSS.
        hex_colour = hex_of(parse_colour(colour))
    except ColourError:
        return None
    places = (where,) if isinstance(where, str) else tuple(str(w) for w in where) \
        if isinstance(where, (list, tuple)) else ()
    return Swatch(hex_colour, places)


def _families(extra: Mapping[str, Any]) -> list[list[Swatch]]:
    """palette-colours' ``extra["families"]``: a list of families, each a list of {colour, where}."""
    families = extra.get("families")
    if not isinstance(families, (list, tuple)):
        return []
    out = []
    for family in families:
        members = family if isinstance(family, (list, tuple)) else [family]
        row = [s for s in map(_swatch, members) if s is not None]
        if row:
            out.append(row)
    return out


def _colours(extra: Mapping[str, Any]) -> list[Swatch]:
    colours = extra.get("colours")
    if not isinstance(colours, (list, tuple)):
        return []
    return [s for s in map(_swatch, colours) if s is not None]


# -- the page -------------------------------------------------------------------------------

@dataclass
class Item:
    """One finding as the template shows it."""

    finding: Finding
    severity: str
    rule: str
    known_rule: bool
    where: str
    region: str | None
    measured: str | None
    threshold: str | None
    thumb: Thumb | None
    note: str | None
    families: list[list[Swatch]]
    colours: list[Swatch]
    sample: tuple[str, str] | None     # (text, background) of a palette-contrast pair


@dataclass
class GroupView:
    anchor: str
    page: str | None
    title: str
    sources: list[str]
    items: list[Item]

    @property
    def errors(self) -> int:
        return sum(i.severity == "error" for i in self.items)

    @property
    def warnings(self) -> int:
        return len(self.items) - self.errors


def _number(value: object) -> str | None:
    """A measured value or threshold as people read it: 5, 4.49, 0.985."""
    if value is None:
        return None
    if isinstance(value, float) and math.isfinite(value):
        # 6 significant digits: never rounds a floored ratio such as 4.49 up to its limit
        return str(int(value)) if value.is_integer() else f"{value:.6g}"
    return str(value)


def _where(finding: Finding) -> str:
    try:
        return finding.where()
    except TypeError:
        return str(finding.file)


def _item(finding: Finding, thumbs: Mapping[str, Thumb | str]) -> Item:
    extra = finding.extra if isinstance(finding.extra, Mapping) else {}
    region = _region(finding.region)
    made = thumbs.get(thumbnail_name(finding) or "")
    if isinstance(made, str) and finding.rule == "image-unreadable":
        made = "No thumbnail: the image cannot be opened."  # the message already says why
    colours = _colours(extra)
    sample = (colours[0].colour, colours[1].colour) if finding.rule == "palette-contrast" and len(colours) == 2 \
        else None
    return Item(
        finding=finding,
        severity="error" if finding.severity == "error" else "warning",
        rule=str(finding.rule),
        known_rule=finding.rule in RULES,
        where=_where(finding),
        region=f"x {region[0]}, y {region[1]}, {region[2]} × {region[3]} px" if region else None,
        measured=_number(finding.measured),
        threshold=_number(finding.threshold),
        thumb=made if isinstance(made, Thumb) else None,
        note=made if isinstance(made, str) else None,
        families=_families(extra),
        colours=[] if sample else colours,
        sample=sample,
    )


def _page_title(page: str | None) -> str:
    if page is None:
        return SITE_GROUP
    return "/" + page.removesuffix("index.html")


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    source = resources.files("dacu").joinpath("report_template.html").read_text(encoding="utf-8")
    return env.from_string(source)


def render_report(groups: list[Group], thumbs: Mapping[str, Thumb | str], *, title: str = "dacu report") -> str:
    """The report's HTML for grouped findings and their thumbnails."""
    views = [GroupView(f"group-{n}", g.page, _page_title(g.page), g.sources, [_item(f, thumbs) for f in g.findings])
             for n, g in enumerate(groups, 1)]
    errors = sum(v.errors for v in views)
    warnings = sum(v.warnings for v in views)
    used = {i.rule for v in views for i in v.items}
    rules: list[Rule] = [rule for slug, rule in RULES.items() if slug in used]
    return _template().render(
        title=title, groups=views, errors=errors, warnings=warnings, total=errors + warnings,
        counts=summary(errors, warnings), pages=sum(v.page is not None for v in views), rules=rules)


def write_report(root: Path, findings: list[Finding], pages: Sequence[PageSource], dest: Path, *,
                 title: str = "dacu report") -> Path:
    """Write ``dest/index.html`` and its thumbnails in ``dest/thumbs/``; return the HTML's path.

    ``root`` is the site root (images are read from ``root/assets`` only);
    ``pages`` are (output page path, source file[, source line]) entries, see
    the module doc for how findings are grouped. Thumbnails of earlier runs
    that no finding needs any more are removed.
    """
    dest.mkdir(parents=True, exist_ok=True)
    folder = dest / THUMBS
    thumbs = make_thumbnails(root, findings, folder)
    html = render_report(group_findings(findings, pages), thumbs, title=title)
    target = dest / "index.html"
    temp = dest / ".index.html.tmp"
    temp.write_text(html, encoding="utf-8")
    os.replace(temp, target)  # a phone reloading mid-write sees the old report or the new one
    _remove_stale(folder, {name for name, made in thumbs.items() if isinstance(made, Thumb)})
    return target


def _remove_stale(folder: Path, keep: set[str]) -> None:
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if _THUMB_NAME.match(path.name) and path.name not in keep and path.is_file():
            path.unlink(missing_ok=True)
