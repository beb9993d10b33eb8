"""Every input is read through one guard: nothing from outside the site is read or published (issue 13, item 4)."""

from __future__ import annotations

import os

import pytest

from dacu.build import build_site
from sitekit import PRODUCTS, write_valid_site

SECRET = "root:x:0:0:secret-line\n"


@pytest.fixture
def outside(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "outside" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET)
    return path


def _published(root) -> str:  # type: ignore[no-untyped-def]
    site = root / "site"
    return "".join(p.read_text(errors="replace") for p in site.rglob("*") if p.is_file()) if site.exists() else ""


@pytest.mark.parametrize("link", ["content/products/100012.md", "content/double11/leak.md",
                                  "content/products-leak.csv", "themes/default/static/leak.txt",
                                  "themes/default/templates/product.html"])
def test_a_symlink_out_of_the_site_is_refused(scratch, outside, link: str) -> None:
    write_valid_site(scratch)
    path = scratch.root / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(outside)
    result = build_site(scratch.root, language="en")
    found = [f for f in result.findings if f.file == link]
    assert [f.message for f in found] == [f"{link} is a symbolic link to a file outside the site folder: "
                                          "copy the file into the site instead of linking to it"]
    assert not result.ok
    assert "secret-line" not in _published(scratch.root)
    assert all("secret-line" not in f.message for f in result.findings)


@pytest.mark.parametrize("link", ["content/products-gone.csv", "content/double11/gone.md"])
def test_a_dangling_symlink_is_a_finding_not_ignored(scratch, link: str) -> None:
    write_valid_site(scratch, images=False)
    (scratch.root / link).symlink_to(scratch.root / "nowhere.csv")
    result = build_site(scratch.root, write=False, language="en")
    assert any(f.file == link and "does not exist" in f.message for f in result.findings)


def test_a_symlink_inside_the_site_is_followed(scratch) -> None:
    write_valid_site(scratch)
    (scratch.root / "shared").mkdir()
    (scratch.root / "shared/products.csv").write_text(PRODUCTS, encoding="utf-8")
    (scratch.root / "content/products.csv").unlink()
    (scratch.root / "content/products.csv").symlink_to(scratch.root / "shared/products.csv")
    assert build_site(scratch.root).ok


def test_a_linked_folder_leading_out_of_the_site_is_refused(scratch, outside) -> None:
    """A file that is no link itself, in a folder that is one: the folder's real path decides."""
    write_valid_site(scratch)
    (outside.parent / "100012.md").write_text("---\ntitle: secret-line\n---\nsecret-line\n")
    products = scratch.root / "content/products"
    if products.exists():
        import shutil
        shutil.rmtree(products)
    products.symlink_to(outside.parent)
    result = build_site(scratch.root, language="en")
    assert any(f.file == "content/products/100012.md" and "outside the site folder" in f.message
               for f in result.findings)
    assert not result.ok
    assert "secret-line" not in _published(scratch.root)


def test_a_fifo_is_refused_not_read(scratch) -> None:
    write_valid_site(scratch, images=False)
    os.mkfifo(scratch.root / "content/double11/pipe.md")
    result = build_site(scratch.root, write=False, language="en")
    assert any("is not a regular file" in f.message for f in result.findings)


def test_a_dangling_symlink_added_after_a_build_is_not_replayed_away(scratch) -> None:  # type: ignore[no-untyped-def]
    from dacu.cli.main import main
    write_valid_site(scratch)
    assert main(["--source", str(scratch.root), "build"]) == 0
    (scratch.root / "content/products-gone.csv").symlink_to(scratch.root / "nowhere.csv")
    assert main(["--source", str(scratch.root), "build"]) == 1
