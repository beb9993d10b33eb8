"""Rendering pages with Jinja2 through the theme.

Autoescape is on and undefined names fail (StrictUndefined): a typo in a
template is a ``template`` finding with the template's file and line, never a
page with a silent hole. Links are relative to the page, so site/ works from
any folder of any host.
"""

from __future__ import annotations

import contextlib
import posixpath
import traceback
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from dacu.core import Findings
from dacu.core.i18n import Message, msg
from dacu.model import Campaign, PageEntry, Product, Site, Venue
from dacu.model.timeline import FLASH_LABELS, flash_state, moment, next_flash, window_state
from dacu.pricing import Segment, applies, offer_window, presale_of, price_plan, quote_at
from dacu.pricing import quote as price_quote
from dacu.images import ImageRef, ImageSet
from dacu.render.environment import PAGE_INDEPENDENT, Environments as Environments, page_names, render_names  # Environments: pages and the session import it from here
from dacu.render.links import folders_holding, relative_link
from dacu.render.filters import countdown_steps, live, offers_for, variant_labels, window_attrs
from dacu.render.price_line import price_line_function
from dacu.render.theme import Theme

if TYPE_CHECKING:
    from dacu.checks.text_fit import TextMeasure

TEMPLATES = {"index": "index.html", "campaign": "campaign.html", "venue": "venue.html", "product": "product.html"}


@dataclass
class Renderer:
    """Renders the site's pages one by one; collects template findings."""

    site: Site
    theme: Theme
    images: ImageSet
    now: datetime
    findings: Findings
    environments: Environments | None = None   # the session's; a new one when not given

    def __post_init__(self) -> None:
        self.env = (self.environments or Environments()).get(self.theme, self.site.settings.work_dir)
        self._moments: dict[str, Any] = {}
        self._measure: TextMeasure | None = None   # made when a hero is fitted (a detail page has none)
        self._steps: dict[str, list[tuple[str, str, str]]] = {}
        # Fragments a theme renders once per build through once(): each with the
        # images it showed (a page that reuses it still marks them as used), the
        # folder it was rendered for, the folders that hold its link targets (what a reuse checks) and
        # the targets (a fragment that holds it reused learns them).
        self._fragments: dict[tuple[Any, ...],
                              tuple[Markup, tuple[str, ...], str, frozenset[str], tuple[str, ...]]] = {}
        self._targets: list[str] | None = None  # link targets of the fragment being rendered
        self._plans: dict[tuple[str, str], list[Segment]] = {}
        self._keys: list[Any] = []    # objects once() keys by identity, kept alive so no other takes their id
        self._windows: dict[tuple[Any, ...], Markup] = {}
        self._links: dict[tuple[str, str], str] = {}    # (parent of the page folder, target) -> link; see _link
        self._pricings: dict[str | None, dict[str, Any]] = {}   # the pricing functions of each campaign's pages
        # the colours of each distinct style text of the pages (checks.inline_colours): one palette, many pages
        self.style_colours: dict[tuple[str, str], list[tuple[str, str]]] = {}
        # what each tag's attribute text gave the price markup scan (checks.page_prices): pages repeat them
        self.price_attributes: dict[tuple[str, str], Any] = {}

    def _moment(self, campaign: Campaign) -> Any:
        """The campaign's state at the build's moment (once per build, not once per page)."""
        if campaign.slug not in self._moments:
            self._moments[campaign.slug] = moment(campaign, self.now)
        return self._moments[campaign.slug]

    def _countdown_steps(self, campaign: Campaign) -> list[tuple[str, str, str]]:
        """:func:`countdown_steps` once per campaign and build, not once per page."""
        if campaign.slug not in self._steps:
            self._steps[campaign.slug] = countdown_steps(campaign)
        return self._steps[campaign.slug]

    def _once(self, here: str, campaign: str | None) -> Callable[..., Markup]:
        """The template function ``once(kind, key)``: render a call block once per build and reuse it.

        A fragment (a product card) is the same on every page that shows it,
        but for its links, which are relative to the page's folder. So it is
        shared among pages in sibling folders (``products/1/``, ``products/2/``)
        of the same campaign (whose prices it shows), and reused only where
        every link it made comes out the same from the new folder: a card that
        links into its own page's folder is rendered again there. Everything
        else it shows (the product, its images, the build's moment and prices)
        is fixed for the build.
        """
        folder = posixpath.dirname(here) if here else None

        def once(kind: str, key: Any, caller: Callable[[], str]) -> Markup:
            memo = (kind, _memo_key(key, self._keys), campaign, folder)
            hit = self._fragments.get(memo)
            if hit is not None:
                html, used, made_in, inside, targets = hit
                # here and made_in are sibling folders (the memo's folder; the root folder has its own):
                # a link to a target inside neither of them comes out the same from both.
                if made_in == here or (here not in inside and made_in not in inside):
                    for rel in used:
                        self.images.ref(rel)
                    if self._targets is not None:   # reused inside a fragment: the outer one holds these links too
                        self._targets.extend(targets)
                    return html
            outer, self.images.page_used = self.images.page_used, set()
            outer_targets, self._targets = self._targets, []
            try:
                html = Markup(caller())
            finally:
                inner_used, self.images.page_used = self.images.page_used, outer
                outer.update(inner_used)
                inner_targets, self._targets = self._targets or [], outer_targets
                if outer_targets is not None:  # a fragment inside a fragment: the outer one made these links too
                    outer_targets.extend(inner_targets)
            if hit is None:
                targets = tuple(dict.fromkeys(inner_targets))
                self._fragments[memo] = (html, tuple(sorted(inner_used)), here, folders_holding(targets), targets)
            return html
        return once

    def forget_batch(self) -> None:
        """Let go of what the pages rendered so far keep for the next ones: fragments, price plans, memos.

        A worker calls it after each batch of pages (:mod:`dacu.render.pages`):
        a batch is a run of neighbouring pages, which share most of their
        fragments among themselves, so keeping them for the whole build would
        only hold a copy of every product card in every worker. Everything
        forgotten is made again, the same, when a later page needs it.
        """
        for memo in (self._fragments, self._plans, self._links, self.style_colours, self.price_attributes):
            memo.clear()   # cleared in place: the page facts reader holds the last two
        self._keys.clear()

    def plan(self, campaign: Campaign | None, product: Product) -> list[Segment]:
        """The product's 到手价 over time under ``campaign`` (once per build: cards repeat on many pages)."""
        key = (campaign.slug if campaign else "", product.sku)
        if key not in self._plans:
            self._plans[key] = price_plan(campaign, product)
        return self._plans[key]

    def _window(self, start: datetime | None = None, end: datetime | None = None, show: str = "") -> Markup:
        """The template function ``window()``: :func:`window_attrs` once per window and build (pages repeat them)."""
        key = (start, end, show)
        if key not in self._windows:
            self._windows[key] = window_attrs(start, end, self.now, show)
        return self._windows[key]

    def _pricing(self, campaign: Campaign | None) -> dict[str, Any]:
        """What templates need to show prices and offers (docs/themes.md, docs/prices.md), once per campaign and build."""
        key = campaign.slug if campaign else None
        if key not in self._pricings:
            self._pricings[key] = self._pricing_functions(campaign)
        return self._pricings[key]

    def _pricing_functions(self, campaign: Campaign | None) -> dict[str, Any]:
        # the stretches still to come: time only moves forward from the build's moment
        def plan_now(p: Product) -> list[Segment]:
            return live(self.plan(campaign, p), self.now)

        return {
            "price_plan": plan_now,
            "price_now": lambda p: quote_at(self.plan(campaign, p), self.now),
            "quote_at": lambda p, at: price_quote(campaign, p, at),
            "offers_for": lambda p: offers_for(campaign, p),
            "offer_window": lambda o: offer_window(o, campaign) if campaign else (None, None),
            "presale_of": lambda p: presale_of(campaign, p.sku) if campaign else None,
            # the packaged _macros.html's price_line, made in Python (dacu.render.price_line)
            "price_line_markup": price_line_function(plan_now, self.env.filters["yuan"], self._window),
        }

    def load_templates(self) -> None:
        """Compile the page templates and the packaged pieces they import, before workers fork: each compiled its own."""
        for name in (*TEMPLATES.values(), "base.html", *PAGE_INDEPENDENT):
            with contextlib.suppress(Exception):   # a broken or missing one is reported by render(), for each page
                self.env.get_template(name)

    def render(self, page: PageEntry) -> str | None:
        """The page's HTML, or None after a ``template`` finding."""
        name = TEMPLATES[page.kind]
        try:
            template = self.env.get_template(name)
            context = self.context(page)
            names = page_names(self.env)
            with names.enter(self.env, context):
                return render_names(template, names.names)
        except jinja2.TemplateSyntaxError as exc:
            self._template_error(page, exc.filename or name, exc.lineno, exc.message or str(exc))
        except jinja2.TemplateNotFound as exc:
            self._template_error(page, name, None, msg("template {name} not found in the theme", name=str(exc.name)))
        except Exception as exc:  # a template bug must not crash the build
            where, line = _template_frame(exc, name)
            self._template_error(page, where, line, f"{type(exc).__name__}: {exc}")
        return None

    def _template_error(self, page: PageEntry, template: str, line: int | None, problem: Message | str) -> None:
        """A ``template`` finding; ``problem`` is a message, or Jinja's or Python's own words for the error."""
        file = self._template_file(template)
        # "page" and "error" let the pages stage report one cause once, naming how many pages it broke
        error = problem.to_record() if isinstance(problem, Message) else problem
        self.findings.add("template", file, msg("rendering {page} failed: {problem}", page=page.path, problem=problem),
                          line=line, extra={"page": page.path, "error": error})

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
            "static": lambda name: self._link(here, self.theme.static_url(name)),
            "home_url": self._rel(here, "index.html"),
            "campaigns": self.site.campaigns,
            "campaign_url": lambda c: self._link(here, self.site.campaign_page(c)),
            "venue_url": lambda v: self._link(here, self.site.venue_page(v)),
            "product_url": lambda p: self._link(here, self.site.product_page(p.sku if isinstance(p, Product) else p)),
            # The SKU is percent-encoded: a sheet's value must not change the URL's scheme or host.
            "buy_url": lambda p: self.site.settings.buy_url.replace("{sku}", quote(p.sku, safe="")),
            "flash_labels": FLASH_LABELS,
            "palette": {},
            # added for the default theme (docs/themes.md)
            "tz_offset": self.now.isoformat()[-6:] if self.now.utcoffset() is not None else "",
            "absolute_url": self._absolute_url,
            "window": self._window,
            "state_at": lambda start=None, end=None: window_state(start or self.now, end or self.now, self.now),
            "countdown_steps": [],
            "hero_fit": self._hero_fit,
            **self._pricing(None),
        }
        if page.kind == "campaign":
            ctx.update(self._campaign(page.obj))
        elif page.kind == "venue":
            ctx.update(self._venue(page.obj))
        elif page.kind == "product":
            ctx.update(self._product(page.obj))
        shown = ctx.get("campaign")
        ctx["once"] = self._once(here, shown.slug if shown is not None else None)
        return ctx

    def _campaign(self, campaign: Campaign) -> dict[str, Any]:
        return {
            "campaign": campaign,
            "moment": self._moment(campaign),
            "palette": campaign.palette,
            "floors": [(f, self.site.floor_products(f)) for f in campaign.floors],
            "flash_sales": [(s, flash_state(s, self.now), [self.site.products[k] for k in s.skus if k in self.site.products])
                            for s in campaign.flash_sales],
            "countdown_steps": self._countdown_steps(campaign),
            **self._pricing(campaign),
        }

    def _venue(self, venue: Venue) -> dict[str, Any]:
        campaign = self.site.venue_campaign(venue)
        return {
            "venue": venue,
            "campaign": campaign,
            "moment": self._moment(campaign),
            "palette": venue.palette,
            "floors": [(f, self.site.floor_products(f)) for f in venue.floors],
            "countdown_steps": self._countdown_steps(campaign),
            **self._pricing(campaign),
        }

    def _product(self, product: Product) -> dict[str, Any]:
        campaign = self.site.campaign_of(product)
        variants = self.site.variants(product)
        related = [self.site.products[s] for s in product.related if s in self.site.products and s != product.sku]
        coming = next_flash(campaign, product.sku, self.now) if campaign else None
        return {
            "product": product,
            "campaign": campaign,
            "moment": self._moment(campaign) if campaign else None,
            "palette": campaign.palette if campaign else {},
            "related": related[: self.site.settings.related_limit],
            "variants": variants,
            "coming_flash": coming,
            # only the offers that apply to this product (scope, bundle SKUs)
            "promotions": [p for p in campaign.promotions if applies(p, product)] if campaign else [],
            "coupons": [c for c in campaign.coupons if applies(c, product)] if campaign else [],
            "countdown_steps": self._countdown_steps(campaign) if campaign else [],
            "variant_labels": variant_labels([product, *variants]),
            **self._pricing(campaign),
        }

    def _hero_fit(self, hero: Any, title: str, slogan: str = "") -> dict[str, str]:
        """Font sizes (CSS) for the hero's title and slogan that fit its text_box; {} when the theme's own fit.

        See :mod:`dacu.checks.text_fit`: the same computation reports ``text-fit``.
        """
        ref = self.images.peek(hero.image) if hero and hero.image else None
        if ref is None or not ref.width or not hero.text_box:
            return {}
        from dacu.checks.text_fit import TextMeasure, fit_hero

        if self._measure is None:
            self._measure = TextMeasure()
        fit = fit_hero(title, slogan or "", hero.text_box, ref.height / ref.width, self._measure,
                       self.site.settings.rule_params("text-fit"))
        if not fit.shrunk:
            return {}
        return {"title": f"{fit.title * 100:.2f}cqw", "slogan": f"{fit.slogan * 100:.2f}cqw"}

    # -- URLs -----------------------------------------------------------------
    def _link(self, here: str, target: str) -> str:
        """:meth:`_rel`, noting the target while a shared fragment renders (see :meth:`_once`)."""
        if self._targets is not None:
            self._targets.append(target)
        # Percent-encoded: an image named "main 1 #2 100%.jpg" must stay one URL (a space splits a srcset,
        # "#" starts a fragment, "%" an escape, "," the next srcset candidate).
        if not here or target.startswith(here + "/"):
            return quote(self._rel(here, target), safe=_URL_SAFE)
        # the same from every page folder beside this one (see links.folders_holding): the style sheet,
        # the script, the campaign's pages are linked alike from thousands of detail pages
        key = (here.rpartition("/")[0], target)
        link = self._links.get(key)
        if link is None:
            link = self._links[key] = quote(self._rel(here, target), safe=_URL_SAFE)
        return link

    _rel = staticmethod(relative_link)

    def _absolute_url(self, target: str) -> str:
        """``https://base/target`` for canonical and Open Graph URLs; "" when base_url is not absolute."""
        base = self.site.settings.base_url
        return base + target.removesuffix("index.html") if base.startswith(("http://", "https://")) else ""

    def _url_for(self, here: str) -> Callable[[str], str]:
        return lambda target: self._link(here, target)

    def _image_for(self, here: str) -> Callable[[str], dict[str, Any]]:
        def image(rel: str) -> dict[str, Any]:
            ref: ImageRef = self.images.ref(rel)
            return {
                "src": self._link(here, ref.path),
                "width": ref.width,
                "height": ref.height,
                "path": ref.path,
                "srcset": ", ".join(f"{self._link(here, p)} {w}w" for p, w in ref.srcset),
                "sources": [(mime, ", ".join(f"{self._link(here, p)} {w}w" for p, w in srcset)) for mime, srcset in ref.sources],
            }
        return image


def _memo_key(key: Any, kept: list[Any]) -> Any:
    """``key`` as a dictionary key: an unhashable object of the site (an offer) by its identity.

    Such an object is appended to ``kept``, so its id is not reused by another during the build.
    """
    if isinstance(key, (list, tuple)):   # (a tuple of hashable items is equal to its copy here)
        return tuple([_memo_key(k, kept) for k in key])
    if type(key).__hash__ is not None:   # no TypeError raised and caught for every offer of every page
        try:
            hash(key)
            return key
        except TypeError:   # a hashable type holding an unhashable value
            pass
    kept.append(key)
    return ("object", id(key))


#: Characters left as they are in a link: RFC 3986 unreserved, "/" and sub-delimiters except "," (srcset).
_URL_SAFE = "/-._~!$&'()*+;=:@"


def _template_frame(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """The innermost template file and line of an exception raised while rendering."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".j2", ".jinja")):
            return frame.filename, frame.lineno
    return fallback, None
