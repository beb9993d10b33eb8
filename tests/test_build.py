"""The pipeline end to end: pages, themes, the swap into site/, escaping."""

import hashlib
import os

from sitekit import PRODUCTS, write_valid_site


def tree(folder):
    """Every file under ``folder`` with its SHA-256 and mtime: byte-for-byte identity."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_builds_every_page_with_relative_links(scratch):
    write_valid_site(scratch)
    result = scratch.build(now="2026-11-11T10:00")
    assert result.ok and result.pages == 5, [f.message for f in result.findings]
    site = scratch.root / "site"
    for page in ["index.html", "double11/index.html", "double11/smart-life/index.html",
                 "products/100012/index.html", "products/100013/index.html"]:
        assert (site / page).is_file(), page
    landing = (site / "double11/index.html").read_text(encoding="utf-8")
    assert 'href="../products/100012/"' in landing
    assert 'href="smart-life/"' in landing
    assert list((site / "static/css").glob("dacu.*.css")), "theme CSS is fingerprinted"


def test_a_detail_page_with_long_copy_counts_as_one_page(scratch):
    """Its links come from two files (the sheet and the long copy); it is still one page, also when replayed."""
    write_valid_site(scratch)
    scratch.write("content/products/100012.md", "## 细节\n第一版\n")
    result = scratch.build(now="2026-11-11T10:00")
    pages = [p for p in (scratch.root / "site").rglob("*.html") if "_report" not in p.parts]
    assert result.ok and result.pages == len(pages) == 5
    assert scratch.build(now="2026-11-11T10:00").pages == 5


def test_error_leaves_site_exactly_as_it_was(scratch):
    write_valid_site(scratch)
    assert scratch.build().ok
    before = tree(scratch.root / "site")
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,", ",199,99,"))  # an error finding
    result = scratch.build()
    assert not result.ok and not result.written
    assert tree(scratch.root / "site") == before
    assert [p.name for p in scratch.root.iterdir() if p.name.startswith(".site")] == [], "no temporary folder left"


def test_check_writes_nothing(scratch):
    write_valid_site(scratch)
    result = scratch.check()
    assert result.ok and result.pages == 5
    assert not (scratch.root / "site").exists()


def test_title_with_script_is_escaped(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace("极光 X1 5G手机", "<script>alert(1)</script>手机"))
    scratch.write("content/double11/index.md", (scratch.root / "content/double11/index.md").read_text(encoding="utf-8")
                  + "\n<script>alert(2)</script>\n")
    assert scratch.build().ok
    detail = (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")
    landing = (scratch.root / "site/double11/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in detail + landing
    assert "&lt;script&gt;alert(1)&lt;/script&gt;手机" in detail
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in landing


def test_gbk_sheet_builds_with_titles_intact(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS, encoding="gbk")
    assert scratch.build().ok
    detail = (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")
    assert "极光 X1 5G手机 8+256G 曲面屏 学生游戏拍照" in detail


def test_site_template_overrides_the_default_one_by_one(scratch):
    write_valid_site(scratch)
    scratch.write("themes/default/templates/index.html", '{% extends "base.html" %}{% block body %}<p>自定义首页</p>{% endblock %}')
    assert scratch.build().ok
    assert "自定义首页" in (scratch.root / "site/index.html").read_text(encoding="utf-8")
    assert "双11测试会场" in (scratch.root / "site/double11/index.html").read_text(encoding="utf-8")


def test_template_error_is_a_finding_with_file_and_line(scratch):
    write_valid_site(scratch)
    scratch.write("themes/default/templates/index.html", "<p>\n{{ no_such_name }}</p>")
    result = scratch.build(language="en")
    assert not result.ok
    [finding] = [f for f in result.findings if f.rule == "template"]
    assert (finding.file, finding.line) == ("themes/default/templates/index.html", 2)
    assert finding.message == "rendering index.html failed: UndefinedError: 'no_such_name' is undefined"
    [chinese] = [f for f in scratch.build(language="zh").findings if f.rule == "template"]
    assert chinese.message == "渲染 index.html 失败：UndefinedError: 'no_such_name' is undefined"


def test_only_used_assets_are_published_and_paths_cannot_leave_assets(scratch):
    from sitekit import jpeg
    write_valid_site(scratch)
    scratch.write("assets/products/100012/main-1.jpg", jpeg(800, 800))
    scratch.write("assets/unused/big.jpg", jpeg(100, 100))
    assert scratch.build().ok
    site = scratch.root / "site"
    assert not (site / "assets/unused").exists()
    assert any((site / "assets/products/100012").iterdir())


def test_url_collision_and_reserved_names(scratch):
    write_valid_site(scratch)
    scratch.write("content/static/index.md", "---\ntitle: t\nstart: 2026-11-01\nend: 2026-11-02\n---\n")
    result = scratch.check(language="en")
    assert [(f.rule, f.file, f.message) for f in result.findings if f.rule == "url-collision"] == [
        ("url-collision", "content/static/index.md", 'the campaign folder "static" is a name dacu uses for its own '
         "files (_dacu, _report, assets, products, static): rename the folder")]


def test_a_site_without_themes_or_settings_builds(scratch):
    write_valid_site(scratch)
    assert not (scratch.root / "themes").exists() and not (scratch.root / "pyproject.toml").exists()
    assert scratch.build().ok


def test_broken_link_in_markdown_is_reported(scratch):
    write_valid_site(scratch)
    scratch.write("content/double11/index.md", (scratch.root / "content/double11/index.md").read_text(encoding="utf-8")
                  + "\n[规则详情](rules/missing.html)\n")
    result = scratch.check(language="en")
    assert [(f.rule, f.file, f.message) for f in result.findings] == [
        ("broken-link", "content/double11/index.md",
         "double11/index.html links to rules/missing.html, which is not produced: fix the link in the content or template")]


def test_site_is_replaced_not_merged(scratch):
    write_valid_site(scratch)
    assert scratch.build().ok
    scratch.write("site/stale.html", "old")   # dacu's folder (it has the marker): replaced whole
    scratch.write("content/double11/smart-life.md", "---\ntitle: 新会场\n---\n")
    assert scratch.build().ok
    assert not (scratch.root / "site/stale.html").exists()
    assert os.listdir(scratch.root / "site")


def test_check_writes_the_report_into_the_work_folder_and_build_into_site(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",50,曲面屏", ",0,曲面屏"))  # a warning
    result = scratch.check()
    report = scratch.root / ".dacu/report/index.html"
    assert result.report == report and "out-of-stock" in report.read_text(encoding="utf-8")
    assert not (scratch.root / "site").exists()
    assert scratch.build().ok
    assert "out-of-stock" in (scratch.root / "site/_report/index.html").read_text(encoding="utf-8")


def test_a_failed_build_updates_the_report_but_not_site(scratch):
    write_valid_site(scratch)
    assert scratch.build().ok
    before = tree(scratch.root / "site")
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,", ",199,99,"))
    assert not scratch.build().ok
    assert tree(scratch.root / "site") == before
    assert "price-anchor" in (scratch.root / ".dacu/report/index.html").read_text(encoding="utf-8")
