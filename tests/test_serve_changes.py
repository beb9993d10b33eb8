"""Which rebuild a changed path needs: one table of cases (dacu.serve.changes)."""

from __future__ import annotations

from typing import Any

import pytest

from dacu.serve.changes import Change, Kind, Layout, Reload, classify, plan

# (path, options, kind, scope fields, why the case matters)
CASES: list[tuple[str, dict[str, Any], Kind, dict[str, str | None]]] = [
    # content pages: one campaign, or one venue
    ("content/double11/index.md", {}, Kind.PAGE, {"campaign": "double11", "venue": None}),
    ("content/double11/smart-life.md", {}, Kind.PAGE, {"campaign": "double11", "venue": "smart-life"}),
    ("content/double11/index.md", {"deleted": True}, Kind.FULL, {}),       # its URL and links go
    ("content/about.md", {}, Kind.FULL, {}),                                 # not a page type today
    ("content/double11/notes/x.md", {}, Kind.FULL, {}),
    ("content/double11/todo.txt", {}, Kind.IGNORE, {}),                      # the engine reads no .txt
    # products: a sheet, or one product's long copy
    ("content/products.csv", {}, Kind.PRODUCTS, {"sku": None}),
    ("content/products-extra.yaml", {}, Kind.PRODUCTS, {"sku": None}),
    ("content/products.xlsx", {}, Kind.PRODUCTS, {"sku": None}),
    ("content/Products.JSON", {}, Kind.PRODUCTS, {"sku": None}),
    ("content/products.csv", {"deleted": True}, Kind.FULL, {}),            # its SKUs leave every page
    ("content/products/100012.md", {}, Kind.PRODUCTS, {"sku": "100012"}),
    ("content/products/100012.md", {"deleted": True}, Kind.PRODUCTS, {"sku": "100012"}),
    ("content/double11/products.csv", {}, Kind.IGNORE, {}),                  # sheets live in content/ only
    ("content/~$products.xlsx", {}, Kind.IGNORE, {}),                        # Excel's lock file
    # theme: templates, CSS, other static files; other themes do not matter
    ("themes/default/templates/product.html", {}, Kind.TEMPLATE, {"template": "product.html"}),
    ("themes/default/templates/partials/card.html", {}, Kind.TEMPLATE, {"template": "partials/card.html"}),
    ("themes/default/templates/product.html", {"deleted": True}, Kind.FULL, {}),
    ("themes/default/static/css/dacu.css", {}, Kind.CSS, {}),
    ("themes/default/static/css/dacu.css", {"deleted": True}, Kind.STATIC, {}),  # links break: reload
    ("themes/default/static/js/countdown.js", {}, Kind.STATIC, {}),
    ("themes/default/theme.toml", {}, Kind.FULL, {}),
    ("themes/other/templates/product.html", {}, Kind.IGNORE, {}),
    ("themes/red/templates/base.html", {"layout": Layout(theme="red")}, Kind.TEMPLATE, {"template": "base.html"}),
    # images: variants, checks and the pages that show them
    ("assets/products/100012/main-1.jpg", {}, Kind.IMAGE,
     {"image": "products/100012/main-1.jpg", "sku": "100012", "campaign": None}),
    ("assets/campaigns/double11/hero.JPG", {}, Kind.IMAGE,
     {"image": "campaigns/double11/hero.JPG", "campaign": "double11", "sku": None}),
    ("assets/logo.png", {}, Kind.IMAGE, {"image": "logo.png", "sku": None, "campaign": None}),
    ("assets/icons/cart.svg", {}, Kind.STATIC, {"image": "icons/cart.svg"}),
    # settings
    ("pyproject.toml", {}, Kind.SETTINGS, {}),
    ("docs/pyproject.toml", {}, Kind.IGNORE, {}),
    # folders: created, renamed or removed, with files no event names
    ("content/double12", {"folder": True}, Kind.FULL, {}),
    ("assets/products/100099", {"folder": True}, Kind.FULL, {}),
    ("themes/default/templates", {"folder": True}, Kind.FULL, {}),
    ("themes/other", {"folder": True}, Kind.IGNORE, {}),
    ("site/double11", {"folder": True}, Kind.IGNORE, {}),
    # never input: output, cache, VCS, tools, editor litter
    ("site/double11/index.html", {}, Kind.IGNORE, {}),
    ("public/index.html", {"layout": Layout(output="public")}, Kind.IGNORE, {}),
    (".dacu/cache/abc.webp", {}, Kind.IGNORE, {}),
    (".git/index", {}, Kind.IGNORE, {}),
    (".venv/lib/python3.11/site.py", {}, Kind.IGNORE, {}),
    ("content/__pycache__/x.pyc", {}, Kind.IGNORE, {}),
    ("node_modules/x/index.js", {}, Kind.IGNORE, {}),
    ("content/double11/.index.md.swp", {}, Kind.IGNORE, {}),
    ("content/double11/index.md~", {}, Kind.IGNORE, {}),
    ("content/double11/#index.md#", {}, Kind.IGNORE, {}),
    ("content/double11/.#index.md", {}, Kind.IGNORE, {}),
    ("content/double11/4913", {}, Kind.IGNORE, {}),
    ("content/double11/index.md.tmp", {}, Kind.IGNORE, {}),
    ("assets/.DS_Store", {}, Kind.IGNORE, {}),
    ("assets/Thumbs.db", {}, Kind.IGNORE, {}),
    ("README.md", {}, Kind.IGNORE, {}),
    ("build.py", {}, Kind.IGNORE, {}),
    ("../elsewhere/content/x.md", {}, Kind.IGNORE, {}),
    ("/etc/passwd", {}, Kind.IGNORE, {}),
]


@pytest.mark.parametrize(("path", "options", "kind", "scope"), CASES,
                         ids=[f"{c[0]}{'-' + '-'.join(c[1]) if c[1] else ''}" for c in CASES])
def test_classify(path: str, options: dict[str, Any], kind: Kind, scope: dict[str, str | None]) -> None:
    change = classify(path, **options)
    assert change.kind is kind, change.why
    for name, value in scope.items():
        assert getattr(change, name) == value, name


@pytest.mark.parametrize(("kind", "reload"), [
    (Kind.IGNORE, Reload.NONE), (Kind.CSS, Reload.CSS), (Kind.PAGE, Reload.PAGE),
    (Kind.IMAGE, Reload.PAGE), (Kind.TEMPLATE, Reload.PAGE), (Kind.SETTINGS, Reload.PAGE),
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
    assert not batch.full
    assert batch.describe() == "content/double11/index.md and 1 more"


def test_plan_of_stylesheets_only_swaps_them() -> None:
    batch = plan([classify("themes/default/static/css/dacu.css"), classify("themes/default/static/css/x/y.css")])
    assert batch.reload is Reload.CSS
    assert batch.css_paths == ["css/dacu.css", "css/x/y.css"]


def test_plan_with_settings_is_full() -> None:
    assert plan([classify("content/products.csv"), classify("pyproject.toml")]).full


def test_plan_of_ignored_paths_is_empty() -> None:
    batch = plan([classify("site/index.html"), classify(".git/HEAD")])
    assert not batch
    assert batch.reload is Reload.NONE
