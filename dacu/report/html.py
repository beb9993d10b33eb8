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

Thumbnails: see :mod:`dacu.report.thumbnails`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any, Iterable, Mapping, Sequence

import jinja2

from dacu.core import RULES, Finding, Rule, write_atomic
from dacu.core.colour import ColourError, hex_of, parse_colour
from dacu.core.i18n import DEFAULT_LANGUAGE, Message, Translator, msg
from dacu.report.text import count_pages, severity_name, summary
from dacu.report.thumbnails import THUMBS, Thumb, make_thumbnails, norm_path, region_of, thumbnail_name  # noqa: F401

_THUMB_NAME = re.compile(r"^[0-9a-f]{16}\.jpg$")
SITE_GROUP = msg("Whole site")

#: (output page path, source file) or (output page path, source file, source line).
PageSource = tuple[str, str] | tuple[str, str, int | None]


# -- grouping ---------------------------------------------------------------------------

@dataclass
class Group:
    """The findings of one page (``page`` is its output path), or of the whole site (``page`` None)."""

    page: str | None
    sources: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


class _PageIndex:
    """Which page a finding's file (and line) produces; see the module doc."""

    def __init__(self, pages: Iterable[Sequence[Any]]) -> None:
        self.order: dict[str, list[str]] = {}                        # page -> its sources, in page order
        self.by_source: dict[str, list[tuple[str, int | None]]] = {}  # source -> (page, line)
        self.products: dict[str, str] = {}                           # sku -> product page
        normed: dict[str, str] = {}   # a sheet is the source of thousands of pages: its path normalised once
        for entry in pages:
            path, source = str(entry[0]), str(entry[1])
            line = entry[2] if len(entry) > 2 and isinstance(entry[2], int) else None
            sources = self.order.setdefault(path, [])
            if source not in sources:
                sources.append(source)
            if (norm := normed.get(source)) is None:
                norm = normed[source] = norm_path(source)
            self.by_source.setdefault(norm, []).append((path, line))
            parts = PurePosixPath(path).parts
            if len(parts) == 3 and parts[0] == "products" and parts[2] == "index.html":  # Site.product_page
                self.products[parts[1]] = path

    def page_of(self, finding: Finding) -> str | None:
        named_page = finding.extra.get("page") if isinstance(finding.extra, Mapping) else None
        if isinstance(named_page, str) and named_page in self.order:
            return named_page  # the check knew the page (e.g. a broken link found in it)
        here = self.by_source.get(norm_path(finding.file), [])
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
        hints = [finding.key, PurePosixPath(norm_path(finding.file)).stem]
        if isinstance(finding.image, str):
            parts = PurePosixPath(norm_path(finding.image)).parts
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
    findings = list(findings)
    if not findings:   # no group: the index of every page is not needed
        return []
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
    note: Message | None
    families: list[list[Swatch]]
    colours: list[Swatch]
    sample: tuple[str, str] | None     # (text, background) of a palette-contrast pair


@dataclass
class GroupView:
    anchor: str
    page: str | None
    title: Message | str
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


def _item(finding: Finding, thumbs: Mapping[str, Thumb | Message]) -> Item:
    extra = finding.extra if isinstance(finding.extra, Mapping) else {}
    region = region_of(finding.region)
    made = thumbs.get(thumbnail_name(finding) or "")
    if isinstance(made, Message) and finding.rule == "image-unreadable":
        made = msg("No thumbnail: the image cannot be opened.")  # the message already says why
    colours = _colours(extra)
    sample = (colours[0].colour, colours[1].colour) if finding.rule == "palette-contrast" and len(colours) == 2 \
        else None
    return Item(
        finding=finding,
        severity="error" if finding.severity == "error" else "warning",
        rule=str(finding.rule),
        known_rule=finding.rule in RULES,
        where=_where(finding),
        region=f"x {region[0]}, y {region[1]}, {region[2]} × {region[3]} px" if region else None,  # the same in Chinese
        measured=_number(finding.measured),
        threshold=_number(finding.threshold),
        thumb=made if isinstance(made, Thumb) else None,
        note=made if isinstance(made, Message) else None,
        families=_families(extra),
        colours=[] if sample else colours,
        sample=sample,
    )


def _page_title(page: str | None) -> Message | str:
    if page is None:
        return SITE_GROUP
    return "/" + page.removesuffix("index.html")


@cache
def _template(language: str) -> jinja2.Template:
    """The report template with ``_()`` in ``language`` (Jinja's i18n extension), and ``t`` for messages."""
    translate = Translator(language)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translate, newstyle=True)  # type: ignore[attr-defined]  # added by the extension
    env.filters["t"] = translate
    env.globals["severity_name"] = severity_name
    env.globals["count_pages"] = count_pages
    env.globals["summary"] = summary
    env.globals["language"] = translate.language
    source = resources.files("dacu.report").joinpath("template.html").read_text(encoding="utf-8")
    return env.from_string(source)


def render_report(groups: list[Group], thumbs: Mapping[str, Thumb | Message], *, title: Message | str | None = None,
                  language: str = DEFAULT_LANGUAGE) -> str:
    """The report's HTML for grouped findings and their thumbnails, in ``language`` (``zh`` or ``en``)."""
    views = [GroupView(f"group-{n}", g.page, _page_title(g.page), g.sources, [_item(f, thumbs) for f in g.findings])
             for n, g in enumerate(groups, 1)]
    errors = sum(v.errors for v in views)
    warnings = sum(v.warnings for v in views)
    used = {i.rule for v in views for i in v.items}
    rules: list[Rule] = [rule for slug, rule in RULES.items() if slug in used]
    return _template(language).render(
        title=title or msg("dacu report"), groups=views, errors=errors, warnings=warnings, total=errors + warnings,
        counts=summary(errors, warnings), pages=sum(v.page is not None for v in views), rules=rules)


def write_report(root: Path, findings: list[Finding], pages: Sequence[PageSource], dest: Path, *,
                 title: Message | str | None = None, language: str = DEFAULT_LANGUAGE) -> Path:
    """Write ``dest/index.html`` and its thumbnails in ``dest/thumbs/``; return the HTML's path.

    ``root`` is the site root (images are read from ``root/assets`` only);
    ``pages`` are (output page path, source file[, source line]) entries, see
    the module doc for how findings are grouped. The report is written in
    ``language`` (``zh`` or ``en``; the findings' messages are already in it).
    Thumbnails of earlier runs that no finding needs any more are removed.
    """
    dest.mkdir(parents=True, exist_ok=True)
    folder = dest / THUMBS
    thumbs = make_thumbnails(root, findings, folder)
    html = render_report(group_findings(findings, pages), thumbs, title=title, language=language)
    target = dest / "index.html"
    write_atomic(target, html)  # a phone reloading mid-write sees the old report or the new one
    _remove_stale(folder, {name for name, made in thumbs.items() if isinstance(made, Thumb)})
    return target


def _remove_stale(folder: Path, keep: set[str]) -> None:
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if _THUMB_NAME.match(path.name) and path.name not in keep and path.is_file():
            path.unlink(missing_ok=True)
