"""Replaying the last run when nothing changed: inputs, output and moment all count."""

import subprocess
import sys

from sitekit import PRODUCTS, REPO_ROOT, write_valid_site

NOW = "2026-11-11T10:00"


def replayed(result):
    return "unchanged" in result.timings


def test_nothing_changed_replays_the_findings(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",50,曲面屏", ",0,曲面屏"))  # an out-of-stock warning
    first = scratch.build(now=NOW)
    again = scratch.build(now=NOW)
    assert replayed(again) and again.ok and again.pages == first.pages
    assert again.findings == first.findings
    strict = scratch.build(now=NOW, strict=True)
    assert replayed(strict) and not strict.ok   # the warning fails a strict run, replayed or not


def test_any_change_is_built(scratch):
    write_valid_site(scratch)
    scratch.build(now=NOW)
    scratch.write("content/products.csv", PRODUCTS.replace(",69,99,", ",59,99,"))
    result = scratch.build(now=NOW)
    assert not replayed(result) and result.rendered == 4


def test_a_change_inside_site_is_repaired(scratch):
    write_valid_site(scratch)
    scratch.build(now=NOW)
    page = scratch.root / "site/products/100013/index.html"
    page.write_text("edited by hand", encoding="utf-8")
    result = scratch.build(now=NOW)
    assert not replayed(result) and "edited by hand" not in page.read_text(encoding="utf-8")


def test_another_moment_between_the_same_boundaries_replays_and_a_new_state_does_not(scratch):
    write_valid_site(scratch)
    scratch.build(now="2026-11-11T10:00")
    assert replayed(scratch.build(now="2026-11-11T11:00"))
    assert not replayed(scratch.build(now="2026-11-11T00:30"))   # the flash sale runs


def test_a_check_replays_but_does_not_stand_in_for_a_build(scratch):
    write_valid_site(scratch)
    scratch.check(now=NOW)
    assert replayed(scratch.check(now=NOW))
    assert not replayed(scratch.build(now=NOW))


def test_another_language_builds_again_for_its_report(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",50,曲面屏", ",0,曲面屏"))  # a warning: a report
    scratch.build(now=NOW, language="zh")
    assert replayed(scratch.build(now=NOW, language="zh"))
    english = scratch.build(now=NOW, language="en")
    assert not replayed(english)
    assert 'lang="en"' in english.report.read_text(encoding="utf-8")
    assert replayed(scratch.build(now=NOW, language="en"))


def test_the_command_line_replays_without_loading_the_engine(scratch):
    write_valid_site(scratch)
    scratch.build(now=NOW, language=None)  # the site's language, as the command line uses it
    code = ("import sys; from dacu.cli.main import main; rc = main(['--source', sys.argv[1], '--now', '" + NOW + "', '-q']);"
            "print('engine loaded' if 'dacu.build' in sys.modules else 'engine not loaded'); sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, str(scratch.root)], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "engine not loaded"
