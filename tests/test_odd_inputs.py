"""Odd inputs end in a finding or a usage error, never a traceback (issue 13, items 5 and 9)."""

from __future__ import annotations

import re
from io import BytesIO
from urllib.parse import unquote

import pytest
from PIL import Image

from dacu.build import build_site
from dacu.cli.main import main
from sitekit import CAMPAIGN, jpeg, write_valid_site


def errors(root) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in build_site(root, language="en").findings if f.severity == "error"]


def test_a_venue_named_like_a_page_is_a_finding(scratch) -> None:  # type: ignore[no-untyped-def]
    write_valid_site(scratch)
    scratch.write("content/double11/index.html.md", "---\ntitle: 会场\n---\n")
    assert any("must not contain a dot" in m for m in errors(scratch.root))


@pytest.mark.parametrize("image", ["/".join(["a" * 250] * 20) + ".jpg", "b" * 300 + ".jpg"])
def test_over_long_asset_paths_are_findings(scratch, image: str) -> None:  # type: ignore[no-untyped-def]
    write_valid_site(scratch)
    scratch.write("content/double11/index.md", CAMPAIGN.replace(
        "title: 双11测试会场", f"title: 双11测试会场\nhero: {{image: {image}, alt: 主图}}"))
    assert any("the path is over 1024 characters" in m for m in errors(scratch.root))


@pytest.mark.parametrize("size", [(1, 100_000), (800, 40_000)])
def test_an_image_too_long_for_webp_is_a_finding(scratch, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    write_valid_site(scratch)
    out = BytesIO()
    Image.new("L", size, 240).save(out, "PNG")
    scratch.write("assets/products/100012/detail-03.png", out.getvalue())
    assert any("too long to publish as a web image (at most 16383 px on a side)" in m for m in errors(scratch.root))


def test_image_names_with_spaces_hash_and_percent_are_encoded(scratch) -> None:  # type: ignore[no-untyped-def]
    write_valid_site(scratch)
    (scratch.root / "assets/products/100012/main-1.jpg").unlink()
    scratch.write("assets/products/100012/main-1 a#b%c,d.jpg", jpeg(800, 800))
    result = build_site(scratch.root)
    assert result.ok, [f.message for f in result.findings]
    html = (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")
    urls = re.findall(r'(?:src|href)="([^"]*main-1[^"]*)"', html)
    urls += [part.split()[0] for s in re.findall(r'srcset="([^"]*main-1[^"]*)"', html) for part in s.split(",")]
    assert urls and all(" " not in u and "#" not in u and "," not in u for u in urls)
    for url in urls:
        target = (scratch.root / "site/products/100012" / unquote(url)).resolve()
        assert target.is_file(), url


@pytest.mark.parametrize("now", ["0001-01-01T00:00+14:00", "9999-12-31T23:59-12:00", "2026-11-11T00:00+08:61"])
def test_an_impossible_now_is_a_usage_error(scratch, capsys, now: str) -> None:  # type: ignore[no-untyped-def]
    write_valid_site(scratch, images=False)
    assert main(["--source", str(scratch.root), "--lang", "en", "--now", now, "check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("dacu: --now") and "Traceback" not in err


def test_an_offset_past_59_minutes_is_a_finding(scratch) -> None:  # type: ignore[no-untyped-def]
    write_valid_site(scratch, images=False)
    scratch.write("content/double11/index.md", CAMPAIGN.replace("end: 2026-11-12T23:59:59+08:00",
                                                                "end: 2026-11-12T23:59:59+08:61"))
    assert any("the offset +08:61 is not a time zone offset" in m for m in errors(scratch.root))


def test_control_characters_in_titles_are_findings(scratch) -> None:  # type: ignore[no-untyped-def]
    write_valid_site(scratch, images=False)
    scratch.write("content/double11/index.md", CAMPAIGN.replace("title: 双11测试会场", 'title: "双11\\0测试"'))
    scratch.write("content/products.json", '[{"sku": "200001", "title": "标\\u0000题", "brand": "b", "price": 1}]')
    found = errors(scratch.root)
    assert sum("control character U+0000" in m for m in found) == 2
