"""Only files inside site/: traversal, symlinks, listings, methods (dacu.serve.files)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from dacu.serve.files import content_type, resolve
from dacu.serve.inject import inject
from serve_fixtures import Preview, preview, stub_site  # noqa: F401  (fixtures)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/site with pages, a folder without index, and secrets beside it."""
    root = tmp_path / "root"
    site = root / "site"
    (site / "double11").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "double11" / "index.html").write_text("campaign")
    (site / "assets").mkdir()
    (site / "assets" / "hero.jpg").write_bytes(b"jpeg")
    (site / "empty").mkdir()
    (site / ".site.tmp-1234").mkdir()
    (site / ".site.tmp-1234" / "index.html").write_text("half built")
    (root / "content").mkdir()
    (root / "content" / "products.csv").write_text("sku,cost\n100012,80\n")
    (root / "secret.txt").write_text("secret")
    (site / "out-file").symlink_to(root / "secret.txt")
    (site / "out-dir").symlink_to(root / "content", target_is_directory=True)
    (site / "home.html").symlink_to(site / "index.html")  # inside: allowed
    return site


@pytest.mark.parametrize(("url", "expected"), [
    ("/", "index.html"),
    ("/index.html", "index.html"),
    ("/double11/", "double11/index.html"),
    ("/assets/hero.jpg", "assets/hero.jpg"),
    ("/assets/%68ero.jpg", "assets/hero.jpg"),          # plain percent-encoding is fine
    ("/home.html", "index.html"),                        # a symlink that stays inside
])
def test_files_inside_resolve(tree: Path, url: str, expected: str) -> None:
    target = resolve(tree, url)
    assert target is not None and target.file == (tree / expected).resolve()


@pytest.mark.parametrize("url", [
    "/../secret.txt",
    "/double11/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/..%2Fcontent/products.csv",
    "/%2e%2e%2fsecret.txt",
    "/..\\secret.txt",
    "/%5c..%5csecret.txt",
    "/index.html%00.jpg",
    "/out-file",                       # symlink to a file outside site/
    "/out-dir/products.csv",           # symlink to a folder outside site/
    "/empty/",                         # a folder without index.html: no listing
    "/empty",
    "/.site.tmp-1234/index.html",      # the build's scratch folder
    "/missing.html",
    "/C:/Windows/win.ini",
    "relative/path",
    "/%ff%fe",                         # not UTF-8
])
def test_refused_or_missing(tree: Path, url: str) -> None:
    assert resolve(tree, url) is None


def test_folder_without_slash_redirects(tree: Path) -> None:
    target = resolve(tree, "/double11")
    assert target is not None and target.redirect == "/double11/" and target.file is None


def test_no_site_yet(tmp_path: Path) -> None:
    assert resolve(tmp_path / "site", "/") is None


def test_site_itself_may_be_a_symlink(tree: Path, tmp_path: Path) -> None:
    link = tmp_path / "current"
    link.symlink_to(tree, target_is_directory=True)
    target = resolve(link, "/double11/")
    assert target is not None and target.file == (tree / "double11" / "index.html").resolve()


@pytest.mark.parametrize(("name", "expected"), [
    ("a.html", "text/html; charset=utf-8"), ("a.css", "text/css; charset=utf-8"),
    ("a.webp", "image/webp"), ("a.avif", "image/avif"), ("a.JPG", "image/jpeg"),
    ("a.unknown-thing", "application/octet-stream"),
])
def test_content_types(name: str, expected: str) -> None:
    assert content_type(Path(name)) == expected


@pytest.mark.parametrize(("page", "expected"), [
    (b"<html><head><title>x</title></head><body></body></html>",
     b"<html><head><title>x</title>[S]</head><body></body></html>"),
    (b"<HTML><HEAD></HEAD ><BODY></BODY></HTML>", b"<HTML><HEAD>[S]</HEAD ><BODY></BODY></HTML>"),
    (b"<!doctype html><body class=a><p>x", b"<!doctype html><body class=a>[S]<p>x"),
    (b"<!doctype html><p>no head, no body", b"<!doctype html><p>no head, no body[S]"),
    (b"<html><head><style>" + b"x" * 100_000 + b"</style></head>",   # past livereload's 64 KB
     b"<html><head><style>" + b"x" * 100_000 + b"</style>[S]</head>"),
])
def test_script_injection(page: bytes, expected: bytes) -> None:
    assert inject(page, b"[S]") == expected


# -- through the server -----------------------------------------------------------

@pytest.fixture
def secrets_beside(preview: Preview) -> Preview:  # noqa: F811
    (preview.root / "secret.txt").write_text("cost price 80")
    site = preview.root / "site"
    (site / "leak").symlink_to(preview.root / "content", target_is_directory=True)
    (site / "leak.csv").symlink_to(preview.root / "secret.txt")
    (site / "nolisting").mkdir()
    (site / "nolisting" / "a.txt").write_text("a")
    return preview


@pytest.mark.parametrize("raw", [
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fpyproject.toml",
    "/double11/..%2f..%2fsecret.txt",
    "/leak/double11/index.md",
    "/leak.csv",
    "/nolisting/",
    "/nolisting",
    "/..\\secret.txt",
])
def test_server_answers_404(secrets_beside: Preview, raw: str) -> None:
    status, _, body = secrets_beside.get(raw)
    assert status == 404
    assert b"cost price" not in body and b"a.txt" not in body


def test_server_serves_pages_and_files(preview: Preview) -> None:  # noqa: F811
    status, headers, body = preview.get("/double11/")
    assert status == 200 and "双11全球好物节".encode() in body
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    assert b'src="/_dacu/client.js"' in body
    status, headers, body = preview.get("/assets/hero.jpg")
    assert status == 200 and headers["content-type"] == "image/jpeg" and body.startswith(b"\xff\xd8")
    assert preview.get("/assets/hero.jpg", headers={"If-None-Match": headers["etag"]})[0] == 304
    assert headers["cache-control"] == "no-cache"   # an image keeps its name when it changes: always asked again


def test_fingerprinted_static_files_are_kept_by_the_browser(preview: Preview) -> None:  # noqa: F811
    # The name is the content: a reload after a save takes the style sheet from the browser's cache.
    _, _, page = preview.get("/double11/")
    (sheet,) = re.findall(rb'href="(/static/css/site\.[0-9a-f]{8}\.css)"', page)
    status, headers, _ = preview.get(sheet.decode())
    assert status == 200 and headers["cache-control"] == "max-age=31536000, immutable"


def test_server_redirects_folder_to_slash(preview: Preview) -> None:  # noqa: F811
    status, headers, _ = preview.get("/double11?now=2026-11-11T10:00")
    assert status == 302 and headers["location"] == "/double11/?now=2026-11-11T10:00"


def test_head_sends_no_body(preview: Preview) -> None:  # noqa: F811
    status, headers, body = preview.get("/double11/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_no_writes(preview: Preview, method: str) -> None:  # noqa: F811
    before = sorted(p.relative_to(preview.root).as_posix() for p in preview.root.rglob("*"))
    status, _, _ = preview.get("/double11/index.html", method=method)
    assert status == 405
    assert sorted(p.relative_to(preview.root).as_posix() for p in preview.root.rglob("*")) == before


def test_missing_page_is_a_404_that_still_reloads(preview: Preview) -> None:  # noqa: F811
    status, _, body = preview.get("/double12/")
    assert status == 404 and b"/_dacu/client.js" in body


def test_folder_whose_index_is_gone_lists_nothing(preview: Preview) -> None:  # noqa: F811
    folder = preview.root / "site" / "double11"
    os.remove(folder / "index.html")
    (folder / "price-list.txt").write_text("100012 cost 80")
    status, _, body = preview.get("/double11/")
    assert status == 404 and b"price-list" not in body
