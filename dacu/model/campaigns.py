"""Loading campaigns (``content/<campaign>/index.md``) and their venues.

The front matter schema lives here, written with :mod:`dacu.load.schema` fields;
every problem becomes a ``front-matter`` finding with the key's line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dacu.core import Findings, Settings
from dacu.core.i18n import msg
from dacu.load import Converter, Document, Parsed, parse_document, to_html
from dacu.core.i18n import msg
from dacu.core.limits import Limits
from dacu.load.guard import Refused, listed, read_input
from dacu.load.markdown_safety import markdown_problems
from dacu.model.entities import (Campaign, Coupon, FlashSale, Floor, Hero, Phase, Presale, Promotion, Scope, Venue,
                                 line_for)
from dacu.load.schema import (Box, Colour, Context, Count, Field, Flag, ListOf, MapOf, Money, Number, Pair,
                         Sku, Struct, Tagged, Text, Time)


class OneOrList(Field):
    """One value or a list of them (``category: 美妆个护`` or ``category: [美妆个护, 食品生鲜]``)."""

    def __init__(self, item: Field, **kw: Any) -> None:
        super().__init__(**kw)
        self.item = item

    def convert(self, value: Any, path: str, ctx: Context) -> list[Any]:
        values = value if isinstance(value, list) else [value]
        return [self.item.convert(v, path, ctx) for v in values]


PALETTE = Struct({"primary": Colour(), "accent": Colour(), "background": Colour(), "text": Colour()})
HERO = Struct({"image": Text(), "alt": Text(), "text_color": Colour(), "text_box": Box()},
              build=lambda **kw: Hero(**kw))
FLOOR = Struct({"title": Text(required=True), "category": Text(), "skus": ListOf(Sku())},
               build=lambda **kw: Floor(**kw))
PHASE = Struct({"name": Text(required=True), "start": Time(required=True), "end": Time(required=True)},
               build=lambda **kw: Phase(**kw))
SCOPE = Struct({"category": OneOrList(Text(required=True)), "brand": OneOrList(Text(required=True)),
                "skus": ListOf(Sku()), "exclude": ListOf(Sku())},
               build=lambda **kw: Scope(**kw))
# What every coupon and promotion may add: who it applies to, when, and whether it stacks.
_OFFER_FIELDS = {"scope": SCOPE, "start": Time(), "end": Time(), "exclusive": Flag()}
COUPON = Struct({"name": Text(required=True), "threshold": Money(positive=False, required=True),
                 "amount": Money(required=True), **_OFFER_FIELDS},
                build=lambda **kw: Coupon(**kw))
PRESALE = Struct({"sku": Sku(required=True), "price": Money(required=True), "deposit": Money(required=True),
                  "deduct": Money(required=True), "deposit_start": Time(required=True),
                  "deposit_end": Time(required=True), "balance_start": Time(required=True),
                  "balance_end": Time(required=True)},
                 build=lambda **kw: Presale(**kw))
FLASH_SALE = Struct({"start": Time(required=True), "end": Time(required=True),
                     "skus": ListOf(Sku(), required=True), "prices": MapOf(Sku(), Money())},
                    build=lambda **kw: FlashSale(**kw))


def _promotion(kind: str, **fields: Any) -> Struct:
    return Struct({**fields, **_OFFER_FIELDS}, build=lambda **kw: Promotion(type=kind, **kw))


PROMOTION = Tagged({
    "tiered": _promotion("tiered", tiers=ListOf(Pair(Money(positive=False), Money(), "[199, 25]"), required=True)),
    "percent_off": _promotion("percent_off", tiers=ListOf(Pair(Count(low=1), Number(low=0, high=1, rate=True), "[2, 0.8]"), required=True)),
    "n_free": _promotion("n_free", buy=Count(low=1, required=True), free=Count(low=1, required=True)),
    "add_on": _promotion("add_on", threshold=Money(positive=False, required=True), sku=Sku(required=True),
                         price=Money(required=True)),
    "gift": _promotion("gift", threshold=Money(required=True), gift=Text(required=True)),
    "bundle": _promotion("bundle", name=Text(required=True), skus=ListOf(Sku(), required=True), price=Money(required=True)),
})

_PAGE_FIELDS = {"title": Text(required=True), "hero": HERO, "floors": ListOf(FLOOR), "palette": PALETTE}
CAMPAIGN = Struct({
    **_PAGE_FIELDS,
    "slogan": Text(),
    "start": Time(required=True),
    "end": Time(required=True),
    "phases": ListOf(PHASE),
    "coupons": ListOf(COUPON),
    "promotions": ListOf(PROMOTION),
    "flash_sales": ListOf(FLASH_SALE),
    "presales": ListOf(PRESALE),
})
VENUE = Struct({**_PAGE_FIELDS, "start": Time(), "end": Time()})


def load_campaigns(settings: Settings, findings: Findings, cache: Any = None,
                   converter: Converter | None = None, parsed: Parsed | None = None) -> list[Campaign]:
    """Every ``content/<campaign>/index.md`` with its venues, in folder order (``parsed``: the session's last parses)."""
    campaigns = []
    root, content, tz, limits = settings.root, settings.content_dir, settings.tz, settings.limits
    for folder in sorted(p for p in content.iterdir() if p.is_dir() and p.name != "products"):
        index = folder / "index.md"
        if not listed(index):
            if any(folder.glob("*.md")):
                findings.add("front-matter", _rel(root, folder), msg(
                    "{folder}/ has venue pages but no index.md: add content/{folder}/index.md with the campaign's "
                    "title, start and end", folder=folder.name))
            continue
        campaign = _load_page(root, index, CAMPAIGN, tz, findings, Campaign, cache, converter, limits, parsed)
        if campaign is None:
            continue
        for venue_file in sorted(folder.glob("*.md")):
            if venue_file.name == "index.md":
                continue
            if "." in venue_file.stem:  # "index.html.md" would be published over the campaign's own page
                findings.add("front-matter", _rel(root, venue_file), msg(
                    "{name}: a venue's file name becomes its folder in the URL and must not contain a dot: rename it, "
                    "e.g. to {suggestion}.md", name=venue_file.name,
                    suggestion=venue_file.stem.replace(".", "-")), line=1)
                continue
            venue = _load_page(root, venue_file, VENUE, tz, findings, Venue, cache, converter, limits, parsed)
            if venue is not None:
                venue.campaign = campaign.slug
                if not venue.palette:
                    venue.palette = dict(campaign.palette)
                campaign.venues.append(venue)
        campaigns.append(campaign)
    return campaigns


def load_page_file(settings: Settings, path: Path, findings: Findings, cache: Any = None,
                   converter: Converter | None = None, parsed: Parsed | None = None) -> Campaign | Venue | None:
    """One campaign (``index.md``) or venue file read as :func:`load_campaigns` reads it, before it joins its
    campaign (a campaign without its venues and with its palette as written); None when it cannot be read."""
    schema, cls = (CAMPAIGN, Campaign) if path.name == "index.md" else (VENUE, Venue)
    page: Campaign | Venue | None = _load_page(settings.root, path, schema, settings.tz, findings, cls, cache,
                                               converter, settings.limits, parsed)
    return page


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _load_page(root: Path, path: Path, schema: Struct, tz: Any, findings: Findings, cls: type,
               cache: Any = None, converter: Converter | None = None, limits: Limits = Limits(),
               parsed: Parsed | None = None) -> Any:
    rel = _rel(root, path)
    try:
        text = read_input(root, path, limits.file_bytes).decode("utf-8")
    except Refused as exc:
        findings.add("front-matter", rel, exc.message)
        return None
    except UnicodeDecodeError:
        findings.add("front-matter", rel, msg("the file is not UTF-8: save it as UTF-8 (in most editors: Save with "
                                              "Encoding → UTF-8)"))
        return None
    doc = (parse_document(text, limits.yaml_values) if parsed is None else  # the preview: only the saved page again
           parsed.document(rel, text, limits.yaml_values))
    for line, key, message in doc.errors:
        findings.add("front-matter", rel, message, line=line, key=key or None)
    if doc.errors and not doc.data:
        return None
    if not doc.data and not doc.errors:
        if cls is Campaign:
            missing = msg('no front matter: start the file with a "---" block holding at least title, start and end')
        else:
            missing = msg('no front matter: start the file with a "---" block holding at least title')
        findings.add("front-matter", rel, missing, line=1)
        return None
    ctx = Context(tz)
    values = schema.convert_mapping(doc.data, "", ctx)
    _report(ctx, doc, rel, findings)
    if values is None:
        return None
    slug = path.parent.name if path.name == "index.md" else path.stem
    for line, message in markdown_problems(doc.body, doc.body_line):
        findings.add("front-matter", rel, message, line=line)
    body_html = to_html(doc.body, cache, converter) if doc.body.strip() else ""
    page = cls(slug=slug, source=rel, body_html=body_html, lines=doc.lines, **values)
    return page


def complete_palettes(campaigns: list[Campaign], defaults: dict[str, str]) -> None:
    """Fill the roles a palette leaves out: a venue's from its campaign's, a campaign's from the theme's.

    The spec promises a partial palette is completed from the theme's default
    palette (``defaults``: the theme's ``:root`` custom properties of the
    palette roles), so a template may use every role.
    """
    roles = list(PALETTE.fields)
    for campaign in campaigns:
        campaign.palette = {role: campaign.palette.get(role) or defaults[role] for role in roles
                            if campaign.palette.get(role) or role in defaults}
        for venue in campaign.venues:
            venue.palette = {**campaign.palette, **venue.palette}


def _report(ctx: Context, doc: Document, rel: str, findings: Findings) -> None:
    for path, message in ctx.problems:
        line = line_for(doc.lines, path) if path else (2 if doc.lines else None)
        findings.add("front-matter", rel, message, key=path or None, line=line)
