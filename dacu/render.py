"""Rendering pages with Jinja2 through the theme.

Autoescape is on and undefined names fail (StrictUndefined): a typo in a
template is a ``template`` finding with the template's file and line, never a
page with a silent hole. Links are relative to the page, so site/ works from
any folder of any host.
"""

from __future__ import annotations

import posixpath
import traceback
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable

import jinja2

from dacu.checks.promotions import describe
from dacu.findings import Findings
from dacu.images import ImageRef, ImageSet
from dacu.model import Campaign, Product, Venue, yuan
from dacu.site import PageEntry, Site
from dacu.theme import Theme
from dacu.timeline import FLASH_LABELS, flash_price, flash_state, moment, next_flash

TEMPLATES = {"index": "index.html", "campaign": "campaign.html", "venue": "venue.html", "product": "product.html"}


def make_environment(theme: Theme) -> jinja2.Environment:
    """The Jinja2 environment of a theme: site templates first, then the default ones."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yuan"] = yuan
    env.filters["describe"] = describe
    env.filters["zh_time"] = zh_time
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    return env


def zh_time(moment_: datetime | None, with_date: bool = True) -> str:
    """11月11日 00:00 (the form Chinese promotion pages use)."""
    if moment_ is None:
        return ""
    clock = moment_.strftime("%H:%M")
    return f"{moment_.month}月{moment_.day}日 {clock}" if with_date else clock


@dataclass
class Renderer:
    """Renders the site's pages one by one; collects template findings."""

    site: Site
    theme: Theme
    images: ImageSet
    now: datetime
    findings: Findings

    def __post_init__(self) -> None:
        self.env = make_environment(self.theme)

    def render(self, page: PageEntry) -> str | None:
        """The page's HTML, or None after a ``template`` finding."""
        name = TEMPLATES[page.kind]
        try:
            template = self.env.get_template(name)
            return template.render(self.context(page))
        except jinja2.TemplateSyntaxError as exc:
            self._template_error(page, exc.filename or name, exc.lineno, exc.message or str(exc))
        except jinja2.TemplateNotFound as exc:
            self._template_error(page, name, None, f"template {exc.name} not found in the theme")
        except Exception as exc:  # a template bug must not crash the build
            where, line = _template_frame(exc, name)
            self._template_error(page, where, line, f"{type(exc).__name__}: {exc}")
        return None

    def _template_error(self, page: PageEntry, template: str, line: int | None, message: str) -> None:
        file = self._template_file(template)
        self.findings.add("template", file, f"rendering {page.path} failed: {message}", line=line)

    def _template_file(self, template: str) -> str:
        root = self.site.settings.root
        path = template if "/" in template else next(
            (str(d / template) for d in self.theme.template_dirs if (d / template).is_file()), template)
        try:
            return str(posixpath.relpath(path, root)) if path.startswith(str(root)) else f"(default theme) {template.rsplit('/', 1)[-1]}"
        except ValueError:
            return template

    # -- context --------------------------------------------------------------
    def context(self, page: PageEntry) -> dict[str, Any]:
        """Everything a template of this page kind can use (see docs/themes.md)."""
        here = posixpath.dirname(page.path)
        ctx: dict[str, Any] = {
            "site": self.site,
            "settings": self.site.settings,
            "page": page,
            "now": self.now,
            "url": self._url_for(here),
            "image": self._image_for(here),
            "static": lambda name: self._rel(here, self.theme.static_url(name)),
            "home_url": self._rel(here, "index.html"),
            "campaigns": self.site.campaigns,
            "campaign_url": lambda c: self._rel(here, self.site.campaign_page(c)),
            "venue_url": lambda v: self._rel(here, self.site.venue_page(v)),
            "product_url": lambda p: self._rel(here, self.site.product_page(p.sku if isinstance(p, Product) else p)),
            "buy_url": lambda p: self.site.settings.buy_url.replace("{sku}", p.sku),
            "flash_labels": FLASH_LABELS,
            "palette": {},
        }
        if page.kind == "campaign":
            ctx.update(self._campaign(page.obj))
        elif page.kind == "venue":
            ctx.update(self._venue(page.obj))
        elif page.kind == "product":
            ctx.update(self._product(page.obj))
        return ctx

    def _campaign(self, campaign: Campaign) -> dict[str, Any]:
        return {
            "campaign": campaign,
            "moment": moment(campaign, self.now),
            "palette": campaign.palette,
            "floors": [(f, self.site.floor_products(f)) for f in campaign.floors],
            "flash_sales": [(s, flash_state(s, self.now), [self.site.products[k] for k in s.skus if k in self.site.products])
                            for s in campaign.flash_sales],
            "price_now": lambda p: self._price_now(campaign, p),
        }

    def _venue(self, venue: Venue) -> dict[str, Any]:
        campaign = next(c for c in self.site.campaigns if c.slug == venue.campaign)
        return {
            "venue": venue,
            "campaign": campaign,
            "moment": moment(campaign, self.now),
            "palette": venue.palette,
            "floors": [(f, self.site.floor_products(f)) for f in venue.floors],
            "price_now": lambda p: self._price_now(campaign, p),
        }

    def _product(self, product: Product) -> dict[str, Any]:
        campaign = self.site.campaign_of(product)
        related = [self.site.products[s] for s in product.related if s in self.site.products and s != product.sku]
        coming = next_flash(campaign, product.sku, self.now) if campaign else None
        return {
            "product": product,
            "campaign": campaign,
            "moment": moment(campaign, self.now) if campaign else None,
            "palette": campaign.palette if campaign else {},
            "related": related[: self.site.settings.related_limit],
            "variants": self.site.variants(product),
            "flash_price": flash_price(campaign, product.sku, self.now) if campaign else None,
            "coming_flash": coming,
            "promotions": campaign.promotions if campaign else [],
            "coupons": campaign.coupons if campaign else [],
            "price_now": lambda p: self._price_now(campaign, p) if campaign else p.price,
        }

    def _price_now(self, campaign: Campaign, product: Product) -> Decimal:
        flash = flash_price(campaign, product.sku, self.now)
        return flash if flash is not None else product.price

    # -- URLs -----------------------------------------------------------------
    @staticmethod
    def _rel(here: str, target: str) -> str:
        """A link from the page folder ``here`` to the output path ``target``."""
        folder, name = posixpath.split(target)
        link = posixpath.relpath(folder or ".", here or ".")
        if name == "index.html":
            return "./" if link == "." else link + "/"
        return name if link == "." else f"{link}/{name}"

    def _url_for(self, here: str) -> Callable[[str], str]:
        return lambda target: self._rel(here, target)

    def _image_for(self, here: str) -> Callable[[str], dict[str, Any]]:
        def image(rel: str) -> dict[str, Any]:
            ref: ImageRef = self.images.ref(rel)
            return {
                "src": self._rel(here, ref.path),
                "width": ref.width,
                "height": ref.height,
                "srcset": ", ".join(f"{self._rel(here, p)} {w}w" for p, w in ref.srcset),
                "sources": [(mime, ", ".join(f"{self._rel(here, p)} {w}w" for p, w in srcset)) for mime, srcset in ref.sources],
            }
        return image


def _template_frame(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """The innermost template file and line of an exception raised while rendering."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".j2", ".jinja")):
            return frame.filename, frame.lineno
    return fallback, None
