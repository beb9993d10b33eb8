"""once(): a fragment rendered once per build is reused only where it comes out the same."""

from __future__ import annotations

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

