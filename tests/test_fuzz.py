"""Generated front matter, sheets and Markdown: a finding or success, never an exception, never a script.

Hypothesis throws text built from the characters and constructs that broke
dacu before (aliases, tags, brackets, entities, URL schemes, huge numbers,
control characters) at the loaders and at whole builds. The ``ci`` profile
(the default) is derandomised and bounded to about a minute for the whole
module; ``HYPOTHESIS_PROFILE=long`` searches longer.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from dacu.build import build_site
from dacu.load.frontmatter import parse_document
from dacu.load.markdown import to_html
from dacu.load.sheets import SheetError, read_sheet
from dacu.load.guard import Refused
from scriptcheck import scripts_in
from sitekit import CAMPAIGN, PRODUCTS, write_valid_site
from conftest import ScratchSite

settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

# -- what to throw ------------------------------------------------------------------
PIECES = ["javascript:alert(1)", "JaVaScRiPt:", "java&#x09;script:", "&#106;avascript:", "javascript&#58;",
          "data:text/html,<script>x</script>", "vbscript:", "<script>alert(1)</script>", '" onclick="alert(1)',
          "onerror=alert(1)", "<img src=x onerror=alert(1)>", "{: onclick=\"x\" style=\"y\" }", "{: .ok #id }",
          "[a](", "](", "![", "[x]: ", "](http://ok/)", "<", ">", "&", "&amp;", "\x00", "\u202e", "\t", "\r\n",
          "*", "_", "`", "- ", "1. ", "> ", "    ", "|", "---", "# ", "\\", "1e99999999", "9" * 40, "-0", "nan",
          "&a ", "*a", "!!binary ", "!!python/object:os.system ", "[", "]", "{", "}", ": ", "'", '"', "%", "#",
          "价格", "¥199", "满199减20", "\ufeff"]
fragments = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=25).map("".join)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), fragments)
data = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(fragments, inner, max_size=4)), max_leaves=8)
KEYS = ["title", "slogan", "start", "end", "palette", "hero", "coupons", "promotions", "floors", "phases",
        "flash_sales", "rules", "sku", "price", "stock", "buy", "type", "tiers", "skus"]


def _yaml_value(value: object, depth: int = 0) -> str:
    """A YAML rendering that keeps odd text raw (unlike yaml.dump, which would quote it safely)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml_value(k)}: {_yaml_value(v, depth + 1)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v, depth + 1) for v in value) + "]"
    return str(value).replace("\n", " ")


front_matter = st.builds(
    lambda pairs, raw: "".join(f"{k}: {_yaml_value(v)}\n" for k, v in pairs) + raw,
    st.lists(st.tuples(st.sampled_from(KEYS), data), max_size=8), fragments)


# -- the loaders alone ----------------------------------------------------------------
@given(front_matter, fragments)
def test_front_matter_never_raises(yaml_text: str, body: str) -> None:
    doc = parse_document(f"---\n{yaml_text}\n---\n{body}")
    assert isinstance(doc.data, dict)


@given(fragments)
def test_markdown_never_keeps_a_script(text: str) -> None:
    assert scripts_in(to_html(text)) == []


@given(st.lists(st.lists(fragments, max_size=6), max_size=6), st.sampled_from([".csv", ".json", ".yaml"]))
def test_sheets_never_raise(tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], suffix: str) -> None:
    folder = tmp_path_factory.mktemp("sheet")
    path = folder / f"products{suffix}"
    if suffix == ".csv":
        path.write_text("\n".join([PRODUCTS.splitlines()[0]] + [",".join(r) for r in rows]), encoding="utf-8")
    else:
        path.write_text("[" + ", ".join(_yaml_value(dict(zip(KEYS, r))) for r in rows) + "]", encoding="utf-8")
    try:
        read_sheet(path, root=folder)
    except (SheetError, Refused):
        pass


# -- whole builds -------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScratchSite]:
    scratch = ScratchSite(tmp_path_factory.mktemp("fuzz") / "site-root")
    write_valid_site(scratch)
    # Problems as warnings: the build publishes, so the output can be searched for scripts.
    scratch.write("pyproject.toml", "".join(f'[tool.dacu.rules.{rule}]\nseverity = "warning"\n' for rule in
                                            ("front-matter", "product-data", "broken-link", "unknown-sku",
                                             "price-anchor", "schedule", "promotion-rules", "promotion-tiers")))
    yield scratch
    shutil.rmtree(scratch.root, ignore_errors=True)


def _no_script_published(root: Path) -> None:
    for page in (root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert scripts_in(html, _theme_scripts(html)) == [], page


def _theme_scripts(html: str) -> int:
    # The theme's own: its static script files and the JSON state block; anything in <main> is content.
    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    assert "<script" not in main
    return html.count("<script")


@settings(max_examples=15 if PROFILE == "ci" else 300)
@given(front_matter, fragments, fragments, st.lists(st.lists(fragments, max_size=4), max_size=3))
def test_builds_end_in_findings_or_pages_without_scripts(site: ScratchSite, yaml_text: str, rules: str,
                                                         copy: str, rows: list[list[str]]) -> None:
    site.write("content/double11/smart-life.md", f"---\ntitle: 会场\n{yaml_text}\n---\n{rules}\n")
    site.write("content/products/100013.md", f"---\n---\n{copy}\n")
    site.write("content/products-extra.csv", "\n".join([PRODUCTS.splitlines()[0]] + [",".join(r) for r in rows]))
    site.write("content/double11/index.md", CAMPAIGN + "\n" + rules + "\n")
    result = build_site(site.root, language="en")   # any exception fails the test
    assert result.findings is not None
    if result.ok:
        _no_script_published(site.root)
