"""The colour rules over built pages: a planted fourth colour, bad pairs, glaring backgrounds."""

from sitekit import CAMPAIGN, write_valid_site


def colour_findings(scratch):
    return [f for f in scratch.check(now="2026-11-11T10:00", language="en").findings
            if f.rule in ("palette-colours", "palette-contrast", "background-lightness")]


def test_the_default_theme_with_the_valid_palette_passes(scratch):
    write_valid_site(scratch)
    assert colour_findings(scratch) == []


def test_a_fourth_colour_family_in_a_theme_stylesheet(scratch):
    write_valid_site(scratch)
    scratch.write("themes/default/static/css/extra.css", ".badge-running { color: #1AAD19; }\n.tag { color: #0066FF }\n")
    from test_colour_sources import _link_extra

    assert [f for f in colour_findings(scratch) if f.rule == "palette-colours"] == []  # no page links it yet
    _link_extra(scratch)
    [finding] = [f for f in colour_findings(scratch) if f.rule == "palette-colours"]
    # filed at the rule that brought the fourth family
    assert (finding.file, finding.line, finding.key) == ("themes/default/static/css/extra.css", 2, ".tag { color }")
    assert finding.measured == 4 and finding.threshold == 3
    assert "#1AAD19 (css/extra.css: .badge-running { color })" in finding.message
    assert "#0066FF (css/extra.css: .tag { color })" in finding.message
    assert [[c["colour"] for c in family] for family in finding.extra["families"]][-2:] == [["#1AAD19"], ["#0066FF"]]


def test_an_inline_style_in_markdown_is_dropped_so_adds_no_colour(scratch):
    # attr_list keeps class and id only (issue 13): copy cannot restyle or script a page.
    write_valid_site(scratch)
    scratch.write("content/double11/index.md", CAMPAIGN.replace(
        "## 活动规则", '## 活动规则 {: style="color: #00A0E9; background: #1AAD19" }'))
    assert [f for f in colour_findings(scratch) if f.rule == "palette-colours"] == []


def test_one_family_in_two_shades_counts_once(scratch):
    write_valid_site(scratch)
    scratch.write("themes/default/static/css/extra.css", ".sale { color: #FF3B30 }\n")  # #E60012's family
    assert colour_findings(scratch) == []


def test_palette_text_on_background_contrast(scratch):
    write_valid_site(scratch)
    scratch.write("content/double11/index.md", CAMPAIGN.replace('text: "#222222"', 'text: "#999999"'))
    [finding] = [f for f in colour_findings(scratch) if f.message.startswith("palette text")]
    assert (finding.rule, finding.key, finding.line) == ("palette-contrast", "palette", 6)
    assert finding.message == ("palette text on background: #999999 on #FFFFFF has contrast 2.84, needs 4.5 "
                               "(WCAG AA): darken the text colour or lighten the background, e.g. text #626262 "
                               "(lightness 92 on the 0–240 scale, the partner of the background's 240: "
                               "y ≥ 148 pairs with y − 148, y ≤ 92 with y + 148)")


def test_mid_lightness_page_background_warns(scratch):
    write_valid_site(scratch)
    scratch.write("content/double11/index.md", CAMPAIGN.replace('background: "#FFFFFF"', 'background: "#3C8CDC"')
                  .replace('text: "#222222"', 'text: "#000000"'))
    rules = {f.rule: f for f in colour_findings(scratch)}
    assert rules["background-lightness"].severity == "warning"
    assert rules["background-lightness"].message.startswith(
        "background #3C8CDC (palette background")
    assert "has HSL lightness 55% (132 on the 0–240 scale)" in rules["background-lightness"].message
