"""What the checks over rendered pages need of one page, read where it is rendered.

A page's HTML is read once, in the process that rendered it, into its
*facts*: its links resolved to output paths (split between its long copy
and the rest, as the link check blames them), the theme style sheets it
links, the colours of its own styles, the images it shows and its prices as
step functions (:mod:`dacu.checks.rendered.price_steps`). They depend only
on the page's HTML and what its key covers, so they are kept in the cache
under that key and a reused page is checked from them like a rendered one;
the build's process keeps none of them once :class:`dacu.checks.rendered.page_checks.PageChecks`
has taken what the checks across pages need.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from urllib.parse import urlsplit

from dacu.model import PageEntry
from dacu.checks.rendered.links import page_links, resolve
from dacu.checks.rendered.page_colours import inline_colours
from dacu.checks.rendered.price_markup import page_prices
from dacu.checks.rendered.prices import model_check
from dacu.checks.rendered.price_steps import price_facts


def copy_source(page: PageEntry) -> str | None:
    """The long copy file of a product page (its links are that file's), else None."""
    return getattr(page.obj, "copy_source", None) or None if page.kind == "product" else None


class PageFacts:
    """Reads pages into facts for one build (in each worker process alike).

    ``sheets`` maps the theme's published style sheets' output paths to their
    names; ``base_url`` is the site's (root-relative links resolve below its
    path); ``plan_of(page)`` is the pricing model's plan of a detail page's
    product (None for other pages).
    """

    def __init__(self, sheets: dict[str, str], base_url: str, plan_of: Callable[[PageEntry], Sequence[Any] | None],
                 style_colours: dict[tuple[str, str], list[tuple[str, str]]] | None = None,
                 price_attributes: dict[Any, Any] | None = None) -> None:
        self.sheets = sheets
        self.base_path = urlsplit(base_url).path or "/"
        self.plan_of = plan_of
        self.style_colours = {} if style_colours is None else style_colours
        self._times: dict[Any, Any] = {}   # price_facts' memo
        self.price_attributes = {} if price_attributes is None else price_attributes  # page_prices' memo

    def read(self, page: PageEntry, html: str, images: list[str]) -> dict[str, Any]:
        """The facts of ``page`` rendered as ``html``, showing ``images`` (JSON-friendly)."""
        links = page_links(html)
        copy = copy_source(page)
        written = set(page_links(page.obj.body_html)) if copy else set()
        targets = {link: resolve(page.path, link, self.base_path) for link in dict.fromkeys(links)}
        # the style sheets a page links bring their colours to it (read from the site's root, as before)
        sheets = {self.sheets[target] for target in
                  (targets[link] if self.base_path == "/" else resolve(page.path, link) for link in targets)
                  if target in self.sheets}
        facts: dict[str, Any] = {
            "copy": [[link, targets[link]] for link in targets if link in written],
            "links": [[link, targets[link]] for link in targets if link not in written],
            "sheets": sorted(sheets),
            "inline": [list(c) for c in inline_colours(html, self.style_colours)],
            "images": images,
            **price_facts(page_prices(html, self.price_attributes, getattr(page.obj, "body_html", "")), self._times),
        }
        plan = self.plan_of(page)
        if plan:
            model_check(facts, page.obj.sku, plan)
        return facts
