"""One engine session: what outlives a build lives on it, and two sites share nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from conftest import REPO, ScratchSite
from sitekit import CAMPAIGN, PRODUCTS, jpeg, write_valid_site

from dacu.build import build_site
from dacu.session import Session

NOW = "2026-11-11T10:30:00+08:00"


def two_sites(base: Path) -> list[ScratchSite]:
    """Two different sites, both on the packaged default theme (the same template folders)."""
    first, second = ScratchSite(base / "first"), ScratchSite(base / "second")
    write_valid_site(first)
    write_valid_site(second)
    second.write("content/double11/index.md", CAMPAIGN.replace("双11测试会场", "第二个站点的会场")
                 .replace("满199减25还包邮", "满减叠加购物券"))
    return [first, second]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_sites_in_one_process_build_as_each_does_alone(tmp_path):
    session = Session()
    together = two_sites(tmp_path / "together")
    for site in together:
        result = build_site(site.root, now=datetime.fromisoformat(NOW), session=session)
        assert result.ok, [f.to_json() for f in result.findings]
    for site, alone in zip(together, two_sites(tmp_path / "alone")):
        subprocess.run([sys.executable, str(REPO / "build.py"), "--source", str(alone.root), "--now", NOW],
                       check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert files(site.root / "site") == files(alone.root / "site")
        # each site's compiled templates are in its own .dacu/, as when it is built alone
        assert sorted(files(site.root / ".dacu" / "templates")) == sorted(files(alone.root / ".dacu" / "templates"))
    assert files(together[0].root / "site")["double11/index.html"] != files(together[1].root / "site")["double11/index.html"]


def test_a_session_keeps_compiled_templates_between_builds_of_a_site(scratch):
    write_valid_site(scratch)
    session = Session()
    build_site(scratch.root, now=datetime.fromisoformat(NOW), session=session)
    (environment,) = session.environments._made.values()
    scratch.write("content/double11/index.md", CAMPAIGN.replace("双11测试会场", "改过的会场"))
    assert build_site(scratch.root, now=datetime.fromisoformat(NOW), session=session).ok
    assert list(session.environments._made.values()) == [environment]


def test_a_template_edited_between_two_builds_of_a_session_is_used_by_the_second(scratch):
    """Templates are checked against their files once a build (not at every use): an edit still shows."""
    write_valid_site(scratch)
    scratch.write("themes/default/templates/index.html", '{% extends "base.html" %}{% block body %}<i>one</i>{% endblock %}')
    session, now = Session(), datetime.fromisoformat(NOW)
    assert build_site(scratch.root, now=now, session=session).ok
    assert "<i>one</i>" in (scratch.root / "site/index.html").read_text(encoding="utf-8")
    (environment,) = session.environments._made.values()
    assert not environment.auto_reload   # within a build, a template's file is not looked at again
    page = scratch.write("themes/default/templates/index.html",
                         '{% extends "base.html" %}{% block body %}<i>two</i>{% endblock %}')
    os.utime(page, (page.stat().st_atime, page.stat().st_mtime + 5))   # a later time, whatever the clock's grain
    assert build_site(scratch.root, now=now, session=session).ok
    assert "<i>two</i>" in (scratch.root / "site/index.html").read_text(encoding="utf-8")


def rules_of(result) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return sorted((f.rule, f.image) for f in result.findings if f.image)


def test_a_session_replays_a_products_image_findings_until_one_of_its_images_changes(scratch):
    write_valid_site(scratch)
    scratch.write("assets/products/100012/main-2.jpg", jpeg(800, 600))   # not square
    session, now = Session(), datetime.fromisoformat(NOW)
    first = build_site(scratch.root, now=now, session=session, language="en")
    assert ("main-image-square", "assets/products/100012/main-2.jpg") in rules_of(first)
    assert session.image_refs.products   # remembered for the next save
    scratch.write("content/double11/index.md", CAMPAIGN.replace("双11测试会场", "改过的会场"))
    again = build_site(scratch.root, now=now, session=session, language="en")
    assert rules_of(again) == rules_of(first)   # replayed, not lost
    scratch.write("assets/products/100012/main-2.jpg", jpeg(800, 800))   # fixed
    fixed = build_site(scratch.root, now=now, session=session, language="en")
    assert ("main-image-square", "assets/products/100012/main-2.jpg") not in rules_of(fixed)


def test_a_session_makes_a_variant_again_when_it_left_the_cache(scratch):
    write_valid_site(scratch)
    session, now = Session(), datetime.fromisoformat(NOW)
    assert build_site(scratch.root, now=now, session=session).ok
    published = files(scratch.root / "site")
    for variant in (scratch.root / ".dacu" / "variants").rglob("*.webp"):
        variant.unlink()
    scratch.write("content/double11/index.md", CAMPAIGN.replace("双11测试会场", "改过的会场"))
    assert build_site(scratch.root, now=now, session=session).ok
    again = files(scratch.root / "site")
    assert sorted(p for p in again if p.endswith(".webp")) == sorted(p for p in published if p.endswith(".webp"))
    assert all(again[p] == published[p] for p in published if p.endswith(".webp"))


def test_a_session_parses_again_only_the_files_a_save_changed(scratch):
    write_valid_site(scratch, images=False)
    session, now = Session(), datetime.fromisoformat(NOW)
    build_site(scratch.root, now=now, session=session, language="en")
    assert session.parsed is not None
    before = dict(session.parsed._last)
    scratch.write("content/double11/index.md", CAMPAIGN.replace("双11测试会场", "改过的会场"))
    scratch.write("content/products.csv", PRODUCTS.replace(",199,299,", ",189,299,"))
    build_site(scratch.root, now=now, session=session, language="en")
    after = session.parsed._last
    unchanged = [name for name in before if after[name][1] is before[name][1]]
    assert unchanged == [("page", "content/double11/smart-life.md")]
    page = (scratch.root / "site" / "products" / "100012" / "index.html").read_text(encoding="utf-8")
    assert "改过的会场" in (scratch.root / "site" / "double11" / "index.html").read_text(encoding="utf-8")
    assert "189" in page



def test_a_save_of_a_pages_body_alone_parses_no_front_matter_and_shows_the_new_body(scratch):
    write_valid_site(scratch, images=False)
    session, now = Session(), datetime.fromisoformat(NOW)
    build_site(scratch.root, now=now, session=session, language="en")
    assert session.parsed is not None
    before = session.parsed._last[("page", "content/double11/index.md")][1]
    scratch.write("content/double11/index.md", CAMPAIGN + "\n正文里新加的一段话\n")
    result = build_site(scratch.root, now=now, session=session, language="en")
    assert session.parsed._last[("page", "content/double11/index.md")][1] is before   # the YAML was not parsed again
    assert "正文里新加的一段话" in (scratch.root / "site" / "double11" / "index.html").read_text(encoding="utf-8")
    fresh = ScratchSite(scratch.root.parent / "fresh")
    write_valid_site(fresh, images=False)
    fresh.write("content/double11/index.md", CAMPAIGN + "\n正文里新加的一段话\n")
    assert [f.to_json() for f in build_site(fresh.root, now=now, language="en").findings] == \
        [f.to_json() for f in result.findings]
    assert files(fresh.root / "site") == files(scratch.root / "site")


def test_the_front_matter_part_parses_as_the_whole_text_does():
    from dacu.load.frontmatter import parse_document, split_front_matter

    texts = [CAMPAIGN, "\ufeff" + CAMPAIGN, CAMPAIGN.replace("\n", "\r\n"), "no front matter\n", "---\ntitle: x\n",
             "---\ntitle: x\n---", "---\ntitle: x\n---  \nbody\n---\nmore\n", "---\ntitle: [x\n---\nbody\n",
             "---\n\ttitle: x\n---\nbody\n", "---\n- a\n---\nbody\n", ""]
    for text in texts:
        head, body = split_front_matter(text)
        whole, part = parse_document(text), parse_document(head)
        assert (part.data, part.lines, part.errors, part.body_line) == \
            (whole.data, whole.lines, whole.errors, whole.body_line), text
        assert (body or part.body) == whole.body, text
