"""Incremental builds: unchanged pages are reused, changed ones rendered, output identical."""

import hashlib

import pytest

from sitekit import PRODUCTS, write_valid_site

NOW = "2026-11-11T10:00"


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "_report" not in p.parts}


def test_a_rebuild_with_nothing_changed_renders_and_writes_nothing(scratch):
    write_valid_site(scratch)
    first = scratch.build(now=NOW)
    assert first.rendered == 5 and first.files_written > 5
    site = scratch.root / "site"
    stat = site.stat()
    again = scratch.build(now=NOW)
    assert again.ok and (again.rendered, again.files_written) == (0, 0)
    assert (site.stat().st_ino, site.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)


def test_a_later_moment_in_the_same_state_reuses_pages(scratch):
    write_valid_site(scratch)
    scratch.build(now="2026-11-11T10:00")
    assert scratch.build(now="2026-11-11T11:00").rendered == 0      # same phase, no flash sale running
    assert scratch.build(now="2026-11-11T00:30").rendered > 0       # the flash sale runs


def test_one_product_row_renders_its_page_and_the_pages_that_list_it(scratch):
    write_valid_site(scratch)
    scratch.build(now=NOW)
    scratch.write("content/products.csv", PRODUCTS.replace(",69,99,", ",59,99,"))  # 100013's price
    result = scratch.build(now=NOW)
    # its own page, 100012 (lists it as related), the landing page and the venue (floors): not the index
    assert result.ok and result.rendered == 4


def test_a_products_long_copy_renders_only_its_own_page(scratch):
    write_valid_site(scratch)
    scratch.write("content/products/100012.md", "## 细节\n第一版\n")
    scratch.build(now=NOW)
    scratch.write("content/products/100012.md", "## 细节\n第二版\n")
    result = scratch.build(now=NOW)
    assert result.rendered == 1
    assert "第二版" in (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")


def test_a_deleted_output_file_is_produced_again(scratch):
    write_valid_site(scratch)
    scratch.build(now=NOW)
    (scratch.root / "site/products/100013/index.html").unlink()
    result = scratch.build(now=NOW)
    assert result.ok and (scratch.root / "site/products/100013/index.html").is_file()


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_output_cold_warm_and_with_any_number_of_jobs(scratch, tmp_path, jobs):
    write_valid_site(scratch)
    scratch.build(now=NOW)
    reference = snapshot(scratch.root / "site")
    for path in [scratch.root / "site", scratch.root / ".dacu"]:
        import shutil
        shutil.rmtree(path)
    from dacu.build import build_site
    from dacu.load.schema import parse_time
    from zoneinfo import ZoneInfo
    moment = parse_time(NOW, ZoneInfo("Asia/Shanghai"))
    assert build_site(scratch.root, now=moment, jobs=jobs).ok          # cold
    assert snapshot(scratch.root / "site") == reference
    (scratch.root / ".dacu/manifest.json").unlink()                     # warm cache, full render
    assert build_site(scratch.root, now=moment, jobs=jobs).ok
    assert snapshot(scratch.root / "site") == reference


def test_the_example_builds_to_the_same_bytes_cold_warm_and_in_parallel(tmp_path):
    """The example, cold with 2 jobs and with 1, then warm with each: every byte equal."""
    import shutil
    from zoneinfo import ZoneInfo

    from conftest import copy_example
    from dacu.build import build_site
    from dacu.load.schema import parse_time

    moment = parse_time("2026-11-11T10:30", ZoneInfo("Asia/Shanghai"))
    one, two = copy_example(tmp_path / "one"), copy_example(tmp_path / "two")
    assert build_site(two, now=moment, jobs=2).ok
    assert build_site(one, now=moment, jobs=1).ok
    reference = snapshot(one / "site")
    assert snapshot(two / "site") == reference
    for root, jobs in [(one, 2), (two, 1)]:
        shutil.rmtree(root / "site")  # the cache stays: a warm build
        assert build_site(root, now=moment, jobs=jobs).ok
        assert snapshot(root / "site") == reference


def test_parallel_rendering_and_markdown_give_the_same_bytes(scratch, monkeypatch):
    """Worker processes for pages and Markdown (thresholds lowered) change nothing in the output."""
    import shutil
    from zoneinfo import ZoneInfo

    from dacu.load import markdown as markup
    from dacu.render import pages
    from dacu.build import build_site
    from dacu.load.schema import parse_time

    write_valid_site(scratch)
    for sku in ("100012", "100013"):
        scratch.write(f"content/products/{sku}.md", f"## {sku}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    moment = parse_time(NOW, ZoneInfo("Asia/Shanghai"))
    assert build_site(scratch.root, now=moment, jobs=1).ok
    reference = snapshot(scratch.root / "site")
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    monkeypatch.setattr(markup, "PARALLEL_FROM", 1)
    for path in [scratch.root / "site", scratch.root / ".dacu"]:
        shutil.rmtree(path)
    result = build_site(scratch.root, now=moment, jobs=2)
    assert result.ok and result.rendered == 5
    assert snapshot(scratch.root / "site") == reference


def test_the_example_rebuilt_from_the_record_has_the_bytes_of_a_cold_build(tmp_path):
    """A long copy edited after a build: the rebuild from the incremental record equals a cold build."""
    import shutil
    from zoneinfo import ZoneInfo

    from conftest import copy_example
    from dacu.build import build_site
    from dacu.load.schema import parse_time

    moment = parse_time("2026-11-11T10:30", ZoneInfo("Asia/Shanghai"))
    root = copy_example(tmp_path / "warm")
    assert build_site(root, now=moment, jobs=2).ok
    copy = sorted((root / "content/products").glob("*.md"))[0]
    copy.write_text(copy.read_text(encoding="utf-8") + "\n追加一句：本周下单再送运费险。\n", encoding="utf-8")
    result = build_site(root, now=moment)
    assert result.ok and "incremental" in result.timings and result.rendered == 1
    cold = tmp_path / "cold"
    shutil.copytree(root, cold, ignore=shutil.ignore_patterns("site", ".dacu"))
    assert build_site(cold, now=moment, jobs=1).ok
    assert snapshot(root / "site") == snapshot(cold / "site")
