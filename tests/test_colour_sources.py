"""Colour findings at the file that brought the colour; only the style sheets a page links count."""

from __future__ import annotations

from sitekit import write_valid_site

BASE_LINK = "<link rel=\"stylesheet\" href=\"{{ static('css/dacu.css') }}\">"


def _link_extra(scratch) -> None:  # type: ignore[no-untyped-def]
    from dacu.render.theme import PACKAGE_THEMES

    base = (PACKAGE_THEMES / "default/templates/base.html").read_text(encoding="utf-8")
    assert BASE_LINK in base
    scratch.write("themes/default/templates/base.html",
                  base.replace(BASE_LINK, BASE_LINK + "\n<link rel=\"stylesheet\" href=\"{{ static('css/extra.css') }}\">"))


def colour_findings(result):  # type: ignore[no-untyped-def]
    return [(f.rule, f.file, f.line, f.key) for f in result.findings
            if f.rule in ("palette-colours", "palette-contrast", "background-lightness")]


def test_a_red_with_its_tint_and_shade_passes(scratch):
    write_valid_site(scratch)
    scratch.write("themes/default/static/css/extra.css",
                  ":root{--tint:#FBC9C6;--shade:#8A1610}\n.note{color:var(--shade);background:var(--tint)}\n")
    _link_extra(scratch)
    assert colour_findings(scratch.check()) == []


def test_a_fourth_family_from_a_linked_sheet_is_filed_at_its_rule(scratch):
    write_valid_site(scratch)
    scratch.write("themes/default/static/css/extra.css", "/* links */\n\n.more a{color:#1677FF}\n.ok{color:#00B578}\n")
    _link_extra(scratch)
    assert colour_findings(scratch.check()) == [
        ("palette-colours", "themes/default/static/css/extra.css", 4, ".ok { color }")]


def test_a_sheet_no_page_links_brings_no_colour(scratch):
    write_valid_site(scratch)
    scratch.write("themes/default/static/css/unused.css", ".more a{color:#1677FF}\n.x{color:#00B578}\n")
    assert colour_findings(scratch.check()) == []


def test_a_fourth_family_from_the_palette_is_filed_at_its_key(scratch):
    from sitekit import CAMPAIGN

    write_valid_site(scratch)
    scratch.write("content/double11/index.md", CAMPAIGN.replace('text: "#222222"', 'text: "#1677FF"')
                  .replace('background: "#FFFFFF"', 'background: "#CCF2DD"'))
    found = [f for f in colour_findings(scratch.check()) if f[0] == "palette-colours"]
    assert found == [("palette-colours", "content/double11/index.md", 10, "palette.text")]


def test_a_sheet_with_its_own_failing_pair_is_filed_at_its_rule(scratch):
    write_valid_site(scratch)
    scratch.write("themes/default/static/css/extra.css", ".badge{\n  color:#FFFFFF;\n  background:#FFD9D6}\n")
    _link_extra(scratch)
    assert colour_findings(scratch.check()) == [
        ("palette-contrast", "themes/default/static/css/extra.css", 1, "palette")]
