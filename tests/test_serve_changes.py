"""What a changed path means for the preview: one table of cases (dacu.serve.changes)."""

from __future__ import annotations

from typing import Any

import pytest

from dacu.serve.changes import Change, Kind, Layout, Reload, classify, plan

# (path, options, kind): what a save means to someone using the preview
CASES: list[tuple[str, dict[str, Any], Kind]] = [
    # what the build reads: a rebuild and a page reload
    ("content/double11/index.md", {}, Kind.INPUT),
    ("content/double11/smart-life.md", {}, Kind.INPUT),
    ("content/double11/index.md", {"deleted": True}, Kind.INPUT),
    ("content/products.csv", {}, Kind.INPUT),
    ("content/products-extra.yaml", {}, Kind.INPUT),
    ("content/Products.JSON", {}, Kind.INPUT),
    ("content/products/100012.md", {}, Kind.INPUT),
    ("themes/default/templates/product.html", {}, Kind.INPUT),
    ("themes/default/static/js/countdown.js", {}, Kind.INPUT),
    ("themes/red/templates/base.html", {"layout": Layout(theme="red")}, Kind.INPUT),
    ("assets/products/100012/main-1.jpg", {}, Kind.INPUT),
    ("assets/icons/cart.svg", {}, Kind.INPUT),
    ("content/double12", {"folder": True}, Kind.INPUT),
    ("assets/products/100099", {"folder": True}, Kind.INPUT),
    # a stylesheet: swapped in place; gone, the page reloads
    ("themes/default/static/css/dacu.css", {}, Kind.CSS),
    ("themes/default/static/css/dacu.css", {"deleted": True}, Kind.INPUT),
    # settings: the server reads the theme and output folder again
    ("pyproject.toml", {}, Kind.SETTINGS),
    # never a build: what the engine does not read, output, cache, VCS, tools, editor litter
    ("content/double11/todo.txt", {}, Kind.IGNORE),
    ("content/double11/products.csv", {}, Kind.IGNORE),
    ("content/~$products.xlsx", {}, Kind.IGNORE),
    ("themes/other/templates/product.html", {}, Kind.IGNORE),
    ("themes/other", {"folder": True}, Kind.IGNORE),
    ("docs/pyproject.toml", {}, Kind.IGNORE),
    ("site/double11", {"folder": True}, Kind.IGNORE),
    ("site/double11/index.html", {}, Kind.IGNORE),
    ("public/index.html", {"layout": Layout(output="public")}, Kind.IGNORE),
    (".dacu/cache/abc.webp", {}, Kind.IGNORE),
    (".git/index", {}, Kind.IGNORE),
    (".venv/lib/python3.11/site.py", {}, Kind.IGNORE),
    ("content/__pycache__/x.pyc", {}, Kind.IGNORE),
    ("node_modules/x/index.js", {}, Kind.IGNORE),
    ("content/double11/.index.md.swp", {}, Kind.IGNORE),
    ("content/double11/index.md~", {}, Kind.IGNORE),
    ("content/double11/#index.md#", {}, Kind.IGNORE),
    ("content/double11/.#index.md", {}, Kind.IGNORE),
    ("content/double11/4913", {}, Kind.IGNORE),
    ("content/double11/index.md.tmp", {}, Kind.IGNORE),
    ("assets/.DS_Store", {}, Kind.IGNORE),
    ("assets/Thumbs.db", {}, Kind.IGNORE),
    ("README.md", {}, Kind.IGNORE),
    ("build.py", {}, Kind.IGNORE),
    ("../elsewhere/content/x.md", {}, Kind.IGNORE),
    ("/etc/passwd", {}, Kind.IGNORE),
]


@pytest.mark.parametrize(("path", "options", "kind"), CASES,
                         ids=[f"{c[0]}{'-' + '-'.join(c[1]) if c[1] else ''}" for c in CASES])
def test_classify(path: str, options: dict[str, Any], kind: Kind) -> None:
    change = classify(path, **options)
    assert change.kind is kind, change.why


@pytest.mark.parametrize(("kind", "reload"), [
    (Kind.IGNORE, Reload.NONE), (Kind.CSS, Reload.CSS), (Kind.INPUT, Reload.PAGE), (Kind.SETTINGS, Reload.PAGE),
])
def test_reload_follows_kind(kind: Kind, reload: Reload) -> None:
    assert Change(kind, "x").reload is reload


def test_plan_merges_a_batch_into_one_build() -> None:
    batch = plan([
        classify("content/double11/index.md"),
        classify("content/double11/.index.md.swp"),
        classify("content/double11/index.md"),       # saved twice in the burst
        classify("themes/default/static/css/dacu.css"),
    ])
    assert [c.path for c in batch.changes] == ["content/double11/index.md", "themes/default/static/css/dacu.css"]
    assert batch.reload is Reload.PAGE            # a page changed: the CSS swap is not enough
    assert not batch.settings
    assert batch.describe() == "content/double11/index.md and 1 more"


def test_plan_of_stylesheets_only_swaps_them() -> None:
    batch = plan([classify("themes/default/static/css/dacu.css"), classify("themes/default/static/css/x/y.css")])
    assert batch.reload is Reload.CSS
    assert batch.css_paths == ["css/dacu.css", "css/x/y.css"]


def test_plan_with_settings_reads_the_layout_again() -> None:
    assert plan([classify("content/products.csv"), classify("pyproject.toml")]).settings


def test_plan_of_ignored_paths_is_empty() -> None:
    batch = plan([classify("site/index.html"), classify(".git/HEAD")])
    assert not batch
    assert batch.reload is Reload.NONE
