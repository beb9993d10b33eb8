"""The packaged price line, made in Python: the markup of the Jinja2 macro it replaced, escaped, and only for the packaged theme."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import jinja2
from markupsafe import Markup

from dacu.model import yuan
from dacu.render.filters import zh_clock, zh_date
from dacu.render.price_line import price_line
from dacu.render.theme import PACKAGE_THEMES
from sitekit import write_valid_site

#: The packaged macros as they were in Jinja2 before price_line moved to Python: the reference.
REFERENCE = """
{%- macro money(sku, amount, kind, cls="price") %}<b class="{{ cls }}" data-sku="{{ sku }}" data-price="{{ amount|yuan }}" data-price-kind="{{ kind }}">¥{{ amount|yuan }}</b>{% endmacro %}
{% macro strike(amount, sku) %}<s data-sku="{{ sku }}" data-price="{{ amount|yuan }}" data-price-kind="reference"><span class="vh">原价</span>¥{{ amount|yuan }}</s>{% endmacro %}
{% macro price_line(p, detail=False) -%}
{% set plan = price_plan(p) %}
<p class="pl">
{%- for seg in plan %}{% set q = seg.quote %}<span{% if plan|length > 1 %}{{ window(seg.start, seg.end, "running") }}{% endif %}>
{%- if q.presale %}<span class="tag">预售</span> 定金{{ money(p.sku, q.presale.deposit, "deposit", "dep") }}抵¥{{ q.presale.deduct|yuan }} 到手价{{ money(p.sku, q.final, "final") }}
{%- else %}
{%- if q.flash %}<span class="tag">秒杀</span> {% endif -%}
{%- if q.final != q.item %}到手价{{ money(p.sku, q.final, "final") }}{% if detail %} {{ money(p.sku, q.item, "flash" if q.flash else "sale", "was") }}{% endif %}
{%- else %}{{ money(p.sku, q.item, "flash" if q.flash else "sale") }}{% if q.discounted %}<span class="vh">到手价{{ money(p.sku, q.final, "final", "fv") }}</span>{% endif %}{% endif %}
{%- if q.flash and not p.original_price %} {{ strike(p.price, p.sku) }}{% endif %}
{%- endif %}
{%- if seg.coming %} <span class="coming"{{ window(seg.coming[0], none) }}>{{ seg.coming[0]|zh_date }} {{ seg.coming[0]|zh_clock }}开抢 {{ money(p.sku, seg.coming[1], "flash", "cp") }}</span>{% endif %}
{%- if detail and q.discounted and not q.presale %}<span class="bd"> {% for kind, label, amount in q.steps() %}{% if kind in ("promotion", "coupon") %} − {{ label }} ¥{{ amount|yuan }}{% elif kind == "final" %} = 到手价 ¥{{ amount|yuan }}{% else %}{{ " " if not loop.first }}{{ label }} ¥{{ amount|yuan }}{% endif %}{% endfor %}{% if q.exclusive %}（独享优惠，不与其他优惠同享）{% endif %}</span>{% endif -%}
</span>{% endfor %}
{%- if p.original_price %} {{ strike(p.original_price, p.sku) }}{% endif %}
{%- if p.member_price is not none and p.member_price < p.price %} <span class="mem">会员价{{ money(p.sku, p.member_price, "member", "mp") }}</span>{% endif %}
</p>
{%- endmacro %}"""

T0 = datetime(2026, 11, 11, 0, 0, tzinfo=timezone(timedelta(hours=8)))
SCRIPT = "<script>alert(1)</script>"


def window(start: datetime | None = None, end: datetime | None = None, show: str = "") -> Markup:
    """A stand-in for the renderer's ``window()``: Markup, as the real one."""
    return Markup(' data-w="{}|{}|{}"').format(start, end, show)


def reference_line(product: Any, plan: list[Any], detail: bool) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(yuan=yuan, zh_date=zh_date, zh_clock=zh_clock)
    module = env.from_string(REFERENCE).make_module({"price_plan": lambda p: plan, "window": window})
    return str(module.price_line(product, detail))


def quote(presale: bool, flash: bool, final_below: bool, discounted: bool, exclusive: bool, label: str) -> Any:
    item = Decimal("299") if not flash else Decimal("199.9")
    final = item - Decimal("25.5") if final_below else item
    steps = [("flash" if flash else "sale", "秒杀价" if flash else "售价", item),
             ("promotion", label, Decimal("20")), ("coupon", "店铺券", Decimal("5.5")), ("final", "到手价", final)]
    return SimpleNamespace(
        presale=SimpleNamespace(deposit=Decimal("50"), deduct=Decimal("100")) if presale else None,
        flash=flash, item=item, final=final, discounted=discounted, exclusive=exclusive, steps=lambda: steps)


def test_every_branch_makes_the_markup_of_the_jinja_macro():
    checked = 0
    for presale, flash, below, discounted, exclusive, coming, original, member, detail, two in itertools.product(
            *[(False, True)] * 10):
        product = SimpleNamespace(sku="10 012", price=Decimal("329"),
                                  original_price=Decimal("399.99") if original else None,
                                  member_price=Decimal("289") if member else None)
        segment = SimpleNamespace(start=None, end=T0, quote=quote(presale, flash, below, discounted, exclusive, "满199减20"),
                                  coming=(T0 + timedelta(hours=10, minutes=30), Decimal("188")) if coming else None)
        plan = [segment, SimpleNamespace(start=T0, end=None, quote=quote(False, True, True, True, False, "满减"),
                                         coming=None)] if two else [segment]
        made = price_line(product, plan, detail, yuan, window)
        assert isinstance(made, Markup)
        assert str(made) == reference_line(product, plan, detail), (presale, flash, below, discounted, exclusive,
                                                                     coming, original, member, detail, two)
        checked += 1
    assert checked == 1024


def test_a_script_in_a_sheet_value_stays_text():
    """An offer's name and a SKU come from sheets: escaped wherever the line shows them."""
    product = SimpleNamespace(sku=f'1"{SCRIPT}', price=Decimal("329"), original_price=Decimal("399"),
                              member_price=Decimal("289"))
    plan = [SimpleNamespace(start=None, end=None, quote=quote(False, False, True, True, True, SCRIPT),
                            coming=(T0, Decimal("188")))]
    made = str(price_line(product, plan, True, yuan, window))
    assert "<script>" not in made and '1"' not in made
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ¥20" in made
    assert 'data-sku="1&#34;&lt;script&gt;alert(1)&lt;/script&gt;"' in made
    assert made == reference_line(product, plan, True)


def test_a_themes_own_price_line_is_used_on_its_pages(scratch):
    """A theme that overrides _macros.html gets its own macro, not the packaged Python one."""
    write_valid_site(scratch, images=False)
    packaged = (PACKAGE_THEMES / "default" / "templates" / "_macros.html").read_text(encoding="utf-8")
    start = packaged.index("{% macro price_line(")
    end = packaged.index("{%- endmacro %}", start)
    own = packaged[:start] + '{% macro price_line(p, detail=False) -%}\n<p class="own">{{ p.sku }} {{ detail }}</p>\n' \
        + packaged[end:]
    scratch.write("themes/default/templates/_macros.html", own)
    result = scratch.build()
    assert result.ok, [f.message for f in result.findings]
    detail = (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")
    assert '<p class="own">100012 True</p>' in detail and '<p class="pl">' not in detail
    landing = next(p for p in (scratch.root / "site").rglob("index.html") if 'class="card"' in p.read_text("utf-8"))
    assert '<p class="own">' in landing.read_text("utf-8") and '<p class="pl">' not in landing.read_text("utf-8")
