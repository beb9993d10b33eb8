"""The faster runtime pieces (dacu.render.runtime) and the fragments' reuse rule give Jinja2's own results."""

from __future__ import annotations

import itertools

import jinja2
from markupsafe import Markup, escape

from dacu.render.links import folders_holding, relative_link
from dacu.render.runtime import FastContext, fast_escape, speed_up

TEMPLATE = """{% macro plain(a, b) %}[{{ a }}|{{ b }}]{% endmacro %}
{%- macro defaults(a, b="<b>", c=none) %}({{ a }},{{ b }},{{ c }}){% endmacro %}
{%- macro calls() %}{{ caller(1) }}{% endmacro %}
{%- macro rest(a) %}{{ a }}{{ varargs|join(",") }}{{ kwargs|dictsort }}{% endmacro %}
{%- macro wraps(a, b=2) %}<{{ a }}{{ b }}{{ caller(a) }}>{% endmacro %}
{%- macro explicit(a, caller=none) %}{{ a }}{{ caller is none }}{% endmacro %}
{{ plain("<x>", 3) }}{{ plain(markup, none) }}{{ defaults("&") }}{{ defaults(1, c=2) }}{{ defaults(1, "'", 3) }}
{%- call(n) calls() %}<{{ n }}>{% endcall %}{{ rest(1, 2, 3, k="v") }}{{ defaults(b=1, a=2) }}{{ defaults(1, c="&") }}
{%- call(n) wraps(1) %}[{{ n }}]{% endcall %}{% call(n) wraps(b="<", a=0) %}{{ n }}{% endcall %}{{ explicit(1) }}
{{- explicit(2, caller=plain) }}
{{ text }}{{ markup }}{{ number }}{{ decimal }}{{ none }}{{ html_object }}{{ plain_fn("<a>") }}{{ with_ctx() }}
{{ method("x") }}{{ callable_object("&") }}{{ plain_fn(undefined_name is defined) }}{{ [1, "<"] }}
{%- set parts %}<i>{{ text }}</i>{% endset %}{{ parts }}{{ parts|upper }}"""


class _Html:
    def __html__(self) -> str:
        return "<em>safe</em>"


class _Callable:
    def __call__(self, text: str) -> str:
        return text * 2

    def method(self, text: str) -> str:
        return f"<{text}>"


@jinja2.pass_context
def _with_ctx(context: jinja2.runtime.Context) -> str:
    return f"<{context['text']}>"


def _render(fast: bool) -> str:
    class Template(jinja2.Template):
        @classmethod
        def from_code(cls, environment, code, globals, uptodate=None):  # type: ignore[no-untyped-def]
            made = super().from_code(environment, code, globals, uptodate)
            return speed_up(made) if fast else made

    env = jinja2.Environment(autoescape=True, trim_blocks=True, undefined=jinja2.StrictUndefined)
    if fast:
        env.template_class = Template
        env.context_class = FastContext
    from decimal import Decimal
    return env.from_string(TEMPLATE).render(
        text="a<b>&'\"", markup=Markup("<b>ok</b>"), number=7, decimal=Decimal("19.90"), html_object=_Html(),
        plain_fn=lambda v: f"{v}<", with_ctx=_with_ctx, method=_Callable().method, callable_object=_Callable())


def test_the_fast_runtime_renders_what_jinja2_does():
    assert _render(fast=True) == _render(fast=False)
    assert "a&lt;b&gt;&amp;&#39;&#34;" in _render(fast=True)


def test_a_macro_called_wrongly_fails_as_in_jinja2():
    import pytest
    for call in ["defaults(1, d=2)", "defaults(1, 2, 3, 4)", "defaults(1, a=2)", "plain(1, 2, caller=x)"]:
        errors = []
        for fast in (True, False):
            env = jinja2.Environment(autoescape=True)
            if fast:
                env.context_class = FastContext
            template = env.from_string(TEMPLATE.split("\n{{", 1)[0] + "{{ " + call + " }}")
            if fast:
                speed_up(template)
            with pytest.raises(TypeError) as caught:
                template.render(x=1)
            errors.append(str(caught.value))
        assert errors[0] == errors[1]


def test_fast_escape_is_markupsafes():
    for value in ["", "plain", "<&>'\"", Markup("<b>"), 3, 2.5, None, _Html(), ["<"]]:
        assert fast_escape(value) == escape(value) and isinstance(fast_escape(value), Markup)


def test_a_fragment_is_reused_only_where_its_links_come_out_the_same():
    # Pages in sibling folders (one parent, as once()'s memo keys them): a target outside both folders
    # links the same from each; the rule of the fragments' reuse must never say "same" when it is not.
    folders = ["a/1", "a/2", "a/1x", "b/c/1", "b/c/2", "b/d/1"]
    targets = ["index.html", "a/index.html", "a/1/index.html", "a/1/p.jpg", "a/2/x/y.webp", "a/1x/index.html",
               "b/c/1/index.html", "b/c/index.html", "b/index.html", "static/css/x.css", "a/1", "b/c/2/z/index.html"]
    for here, other in itertools.permutations(folders, 2):
        if here.rsplit("/", 1)[0] != other.rsplit("/", 1)[0]:
            continue
        for chosen in itertools.combinations(targets, 2):
            holding = folders_holding(list(chosen))
            same = all(relative_link(here, t) == relative_link(other, t) for t in chosen)
            if here not in holding and other not in holding:
                assert same, (here, other, chosen)


def test_a_macro_escapes_as_the_autoescape_block_it_is_called_in():
    # Jinja2 decides a macro's result by the caller's autoescape setting (its eval context), not the
    # definition's: a theme's {% autoescape false %} block must come out as Jinja2 writes it.
    for source in ['{% macro m() %}<b>{{ v }}</b>{% endmacro %}'
                   '{% autoescape false %}{{ m()|e }}|{{ m() ~ "<" }}{% endautoescape %}',
                   '{% autoescape false %}{% macro m() %}<b>{{ v }}</b>{% endmacro %}'
                   '{% autoescape true %}{{ m() }}{% endautoescape %}{% endautoescape %}']:
        out = []
        for fast in (False, True):
            env = jinja2.Environment(autoescape=True)
            if fast:
                env.context_class = FastContext
            template = env.from_string(source)
            if fast:
                speed_up(template)
            out.append(template.render(v="<i>"))
        assert out[1] == out[0]
