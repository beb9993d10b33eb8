"""once(): a fragment rendered once per build is reused only where it comes out the same."""

from __future__ import annotations

import re

from sitekit import write_valid_site

# A product page that shows a "card" of itself and of each related product, through once().
PRODUCT = """{% extends "base.html" %}{% block body %}
{% for p in [product] + related %}{% call once("test-card", p.sku) %}<a class="t" href="{{ product_url(p) }}">{{ p.sku }}</a>{% if p.main_images %}<img src="{{ image(p.main_images[0]).src }}">{% endif %}{% endcall %}
{% endfor %}{% endblock %}"""


def test_a_shared_card_keeps_each_pages_own_links(scratch):
    write_valid_site(scratch)
    scratch.write("themes/default/templates/product.html", PRODUCT)
    result = scratch.build()
    assert result.ok, [f.message for f in result.findings]
    first = (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")
    second = (scratch.root / "site/products/100013/index.html").read_text(encoding="utf-8")
    # its own card links to its own folder; the sibling's card to the sibling's
    assert '<a class="t" href="./">100012</a>' in first
    assert '<a class="t" href="../100013/">100013</a>' in first
    assert '<a class="t" href="./">100013</a>' in second
    assert '<a class="t" href="../100012/">100012</a>' in second


def test_the_images_of_a_reused_card_are_published(scratch):
    write_valid_site(scratch)
    scratch.write("themes/default/templates/product.html", PRODUCT)
    assert scratch.build().ok
    second = (scratch.root / "site/products/100013/index.html").read_text(encoding="utf-8")
    src = second.split('<img src="', 2)[2].split('"', 1)[0]  # the reused card of 100012
    assert (scratch.root / "site/products/100013" / src).resolve().is_file()




# Two fragments that each hold the same inner fragment, which links to one product's page.
NESTED = """{% extends "base.html" %}{% block body %}
{% call once("t-outer-a", "a") %}{% call once("t-inner", "x") %}<a class="n" href="{{ product_url("100013") }}">a</a>{% endcall %}{% endcall %}
{% call once("t-outer-b", "b") %}{% call once("t-inner", "x") %}<a class="n" href="{{ product_url("100013") }}">b</a>{% endcall %}{% endcall %}
{% endblock %}"""


def test_a_fragment_holding_a_reused_fragment_keeps_its_links(scratch):
    # On 100012 the inner fragment is rendered inside the first outer one and reused inside the second:
    # the second must still know it links into 100013/, so that 100013 renders it again for its own folder.
    write_valid_site(scratch)
    scratch.write("themes/default/templates/product.html", NESTED)
    assert scratch.build().ok
    first = (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")
    second = (scratch.root / "site/products/100013/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a class="n" href="([^"]*)">', first) == ["../100013/", "../100013/"]
    assert re.findall(r'<a class="n" href="([^"]*)">', second) == ["./", "./"]

# Fragments keyed by an object of the site (an offer: a dataclass, so not hashable) and by a
# list made anew on each page; the counter shows how often each call block really rendered.
KEYED = """{% extends "base.html" %}{% block body %}
{% for o in offers_for(product) %}{% call once("t-offer", o) %}[{{ counter.append(1) or counter|length }}]{% endcall %}{% endfor %}
{% call once("t-list", [product.sku[:3], {"a": 1}]) %}<{{ counter.append(1) or counter|length }}>{% endcall %}
{% endblock %}"""


def test_an_object_key_is_its_identity_within_the_build(scratch, monkeypatch):
    from dacu.render.renderer import Renderer, _memo_key
    kept: list[object] = []
    first, second = {"a": 1}, {"a": 1}
    assert _memo_key(["x", first], kept) == _memo_key(["x", first], kept) != _memo_key(["x", second], kept)
    assert _memo_key(("x", 1), kept) == ("x", 1) and kept == [first, first, second]
    write_valid_site(scratch)
    scratch.write("themes/default/templates/product.html", KEYED)
    counter: list[int] = []
    context = Renderer.context
    monkeypatch.setattr(Renderer, "context", lambda self, page: {**context(self, page), "counter": counter})
    assert scratch.build().ok
    pages = [p.read_text(encoding="utf-8").split("<body", 1)[1] for p in
             sorted((scratch.root / "site/products").glob("*/index.html"))]
    offers = {re.search(r"\n((?:\[\d+\])+)", page).group(1) for page in pages}  # type: ignore[union-attr]
    assert len(pages) > 1 and len(offers) == 1                    # rendered for the first page, reused on the rest
    # a dict made anew on every page is a new key each time: rendered on every page, never a wrong reuse
    assert len({re.search(r"<(\d+)>", page).group(1) for page in pages}) == len(pages)  # type: ignore[union-attr]


# A theme's own _macros.html whose top level reads the page: imported as Jinja2 does it, once per page.
PAGE_MACROS = """{% set here = page.path %}
{% macro picture(rel, alt, sizes="", eager=False, priority=False, cls="") %}<i data-here="{{ here }}">{{ alt }}</i>{% endmacro %}
{% macro show(states, state) %}{% endmacro %}
{% macro money(sku, amount, kind, cls="price") %}<b data-sku="{{ sku }}" data-price="{{ amount|yuan }}" data-price-kind="{{ kind }}">¥{{ amount|yuan }}</b>{% endmacro %}
{% macro strike(amount, sku) %}{% endmacro %}
{% macro price_line(p, detail=False) %}{{ money(p.sku, price_now(p).final, "final") }}{% endmacro %}
{% macro card(p) %}<li>{{ price_line(p) }}</li>{% endmacro %}
{% macro hero(h, title, slogan="") %}<h1>{{ title }}</h1>{% endmacro %}
{% macro og_image(rel) %}<meta data-og="{{ here }}">{% endmacro %}"""


def test_the_packaged_pieces_are_built_once_and_a_themes_own_per_page(scratch, monkeypatch):
    import jinja2
    built: list[str] = []
    make_module = jinja2.Template.make_module

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(self.name)
        return make_module(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "make_module", counted)
    write_valid_site(scratch)
    assert scratch.build().ok
    assert "_macros.html" not in built and "_sections.html" not in built   # built once, outside make_module

    built.clear()
    scratch.write("themes/default/templates/_macros.html", PAGE_MACROS)
    result = scratch.build()
    assert result.ok, [f.message for f in result.findings]
    pages = sorted((scratch.root / "site/products").glob("*/index.html"))
    assert built.count("_macros.html") >= 2 * len(pages)     # with the page's context, on every page
    for path in pages:   # each page's own top level: its own path
        html = path.read_text(encoding="utf-8")
        assert f'data-og="products/{path.parent.name}/index.html"' in html
        assert f'<i data-here="products/{path.parent.name}/index.html">' in html


def test_a_themes_copy_of_the_packaged_macros_gives_the_same_pages(scratch):
    """The packaged _sections.html imports _macros.html: the theme's copy, imported anew for each page.

    Built once and shared, _sections.html kept the names of the first page that imported it, and
    the product cards of every venue page linked relative to the landing page.
    """
    from dacu.render.theme import PACKAGE_THEMES

    write_valid_site(scratch)
    assert scratch.build().ok
    site = scratch.root / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.html") if "_report" not in p.parts}
    source = (PACKAGE_THEMES / "default" / "templates" / "_macros.html").read_text(encoding="utf-8")
    scratch.write("themes/default/templates/_macros.html", source)
    result = scratch.build()
    assert result.ok, [f.message for f in result.findings]
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.html") if "_report" not in p.parts}
    assert after == before and any(len(path.parts) > 2 for path in after)   # venue pages among them


def test_the_packaged_pieces_import_what_the_engine_says_they_do():
    """What a shared piece imports decides whether it may be shared; the engine lists it instead of parsing."""
    import jinja2
    import jinja2.meta

    from dacu.render.environment import _PACKAGED, PAGE_INDEPENDENT

    env = jinja2.Environment()
    for name, imports in PAGE_INDEPENDENT.items():
        source = (_PACKAGED / name).read_text(encoding="utf-8")
        assert set(jinja2.meta.find_referenced_templates(env.parse(source))) == set(imports), name
