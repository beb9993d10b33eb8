"""Colour rules: colours in CSS, colour families, palette contrast, background lightness."""

from __future__ import annotations

from pathlib import Path

import pytest

from dacu.checks.rendered.colour_rules import (check_background_lightness, check_page_colours, check_palette_contrast,
                                 css_colours)
from dacu.core.findings import Findings
from dacu.core.settings import Settings
from dacu.core.colour import contrast_partner, hex_of

PAGE = "content/double11/index.md"
PALETTE = {"primary": "#E1251B", "accent": "#FFD200", "background": "#FFFFFF", "text": "#222222"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(root=tmp_path)


# -- css_colours -----------------------------------------------------------------------------

def test_css_colours_with_where() -> None:
    css = """
    :root { --brand: #E60012; --wash: rgb(255 210 0 / 50%); --font: Red Hat; --plain: teal }
    body { font-family: Red Hat, sans-serif; color: #222; background: white url(bg.png) }
    .btn { background: linear-gradient(red, transparent 80%), var(--brand, hsl(0 100% 50%));
           border: 1px solid currentColor; color: inherit }
    @media (min-width: 600px) { .price { color: orange !important } }
    @keyframes pulse { 50% { box-shadow: 0 0 4px rgba(0, 0, 0, .3) } }
    .card { animation-name: orange; & .title { color: navy } }
    /* a comment with #FF0000 */
    """
    assert css_colours(css, "theme.css") == [
        ("#E60012", "theme.css: :root { --brand }"),
        ("#FFD20080", "theme.css: :root { --wash }"),
        ("#008080", "theme.css: :root { --plain }"),
        ("#222222", "theme.css: body { color }"),
        ("#FFFFFF", "theme.css: body { background }"),
        ("#FF0000", "theme.css: .btn { background }"),
        ("#FF0000", "theme.css: .btn { background }"),
        ("#FFA500", "theme.css: .price { color }"),
        ("#0000004C", "theme.css: @keyframes pulse 50% { box-shadow }"),
        ("#000080", "theme.css: .card .title { color }"),
    ]


def test_inline_style_colours() -> None:
    assert css_colours("color: #fff; background-color: hsl(120, 100%, 25%)", 'style on <a class="buy">') == [
        ("#FFFFFF", 'style on <a class="buy">: color'),
        ("#008000", 'style on <a class="buy">: background-color'),
    ]


def test_no_colours() -> None:
    assert css_colours("a { color: currentColor; background: transparent; border-color: inherit }", "x.css") == []
    assert css_colours("", "x.css") == []


# -- palette-colours ---------------------------------------------------------------------------

def test_palette_with_two_families_passes(settings: Settings) -> None:
    findings = Findings(language="en")
    used = [("#FF3B30", "theme.css: .tag { color }"), ("#F5F5F5", "theme.css: body { background }")]
    check_page_colours(findings, settings, file=PAGE, palette=PALETTE, used=used, line=5)
    assert list(findings) == []


def test_four_families_fail(settings: Settings) -> None:
    findings = Findings(language="en")
    used = [("#FF3B30", "theme.css: .tag { color }"), ("#1677FF", "theme.css: a { color }"),
            ("#00B578", "theme.css: .ok { background }"), ("#00B578", "theme.css: .ok2 { border-color }"),
            ("#333333", "theme.css: p { color }")]
    check_page_colours(findings, settings, file=PAGE, palette=PALETTE, used=used, line=5)
    [finding] = findings
    assert finding.rule == "palette-colours"
    assert finding.severity == "error"
    assert finding.message == (
        "the page uses 4 colour families, at most 3: "
        "1) #E1251B (palette primary), #FF3B30 (theme.css: .tag { color }); "
        "2) #FFD200 (palette accent); "
        "3) #1677FF (theme.css: a { color }); "
        "4) #00B578 (theme.css: .ok { background }, theme.css: .ok2 { border-color }): "
        "drop or merge colours so that the palette, theme CSS and inline styles use at most 3 "
        "(a tint or shade of a colour counts as that colour; black, white and greys are free)")
    assert (finding.measured, finding.threshold, finding.key, finding.line) == (4, 3, "palette", 5)
    assert finding.extra["families"][0] == [
        {"colour": "#E1251B", "where": ["palette primary"]},
        {"colour": "#FF3B30", "where": ["theme.css: .tag { color }"]},
    ]
    assert len(finding.extra["families"]) == 4


def test_neutrals_and_translucent_washes(settings: Settings) -> None:
    findings = Findings(language="en")
    used = [(f"#{g:02X}{g:02X}{g:02X}", "greys") for g in range(0, 256, 16)]
    used += [("#E1251B10", "theme.css: .wash { background }")]  # 6% red over white: a neutral blush
    check_page_colours(findings, settings, file=PAGE, palette={"primary": "#E1251B"}, used=used)
    assert list(findings) == []


def test_max_families_from_settings(settings: Settings) -> None:
    settings.thresholds["palette-colours"] = {"max_families": 1}
    findings = Findings(language="en")
    check_page_colours(findings, settings, file=PAGE, palette=PALETTE, used=[])
    [finding] = findings
    assert (finding.measured, finding.threshold) == (2, 1)


def test_family_tolerance_from_settings(settings: Settings) -> None:
    settings.thresholds["palette-colours"] = {"max_families": 1, "family_hue": 90}
    findings = Findings(language="en")
    check_page_colours(findings, settings, file=PAGE, palette=PALETTE, used=[])
    assert list(findings) == []


def test_bad_palette_colour(settings: Settings) -> None:
    findings = Findings(language="en")
    check_page_colours(findings, settings, file=PAGE, palette={"primary": "#E1251"}, used=[], line=7)
    [finding] = findings
    assert finding.message == "palette primary: '#E1251' is not a CSS colour: use #RRGGBB, rgb(), hsl() or a colour name"
    assert finding.key == "palette.primary"


def test_palette_rule_off() -> None:
    findings = Findings({"palette-colours": "off"}, language="en")
    settings = Settings(root=Path("."))
    used = [(c, "x") for c in ("#1677FF", "#00B578", "#8A2BE2")]
    check_page_colours(findings, settings, file=PAGE, palette=PALETTE, used=used)
    assert list(findings) == []


# -- palette-contrast ----------------------------------------------------------------------------

def test_contrast_pairs(settings: Settings) -> None:
    findings = Findings(language="en")
    pairs = [
        ("#222222", "#FFFFFF", "body text on background", False),
        ("#FFFFFF", "#E1251B", "price on primary", True),         # 4.6: fine for large text
        ("#767676", "#FFFFFF", "muted text on background", False),  # 4.54: passes AA
        ("#FFFFFF", "#FFD200", "button text on accent", False),
        ("#FFB300", "#E1251B", "badge on primary", True),
    ]
    check_palette_contrast(findings, settings, file=PAGE, pairs=pairs, line=5)
    assert [f.message for f in findings] == [
        "badge on primary: #FFB300 on #E1251B has contrast 2.61, needs 3.0 (WCAG AA, large text): "
        "lighten the text colour or darken the background",
        "button text on accent: #FFFFFF on #FFD200 has contrast 1.45, needs 4.5 (WCAG AA): "
        "lighten the text colour or darken the background",
    ]
    button = next(f for f in findings if f.message.startswith("button"))
    assert (button.measured, button.threshold, button.severity) == (1.45, 4.5, "error")
    assert button.extra["colours"] == ["#FFFFFF", "#FFD200"]


def test_failing_pair_suggests_the_148_partner(settings: Settings) -> None:
    """A red text on white: the partner of white (240) is lightness 92, in the text's own hue."""
    findings = Findings(language="en")
    check_palette_contrast(findings, settings, file=PAGE, pairs=[("#FF6666", "#FFFFFF", "price", False)])
    [finding] = findings
    partner = contrast_partner((255, 255, 255), like=(255, 102, 102))
    assert partner is not None and hex_of(partner) == "#C40000"
    assert ("e.g. text #C40000 (lightness 92 on the 0–240 scale, the partner of the background's 240: "
            "y ≥ 148 pairs with y − 148, y ≤ 92 with y + 148)") in finding.message
    zh = Findings()
    check_palette_contrast(zh, settings, file=PAGE, pairs=[("#FF6666", "#FFFFFF", "price", False)])
    assert "#C40000" in next(iter(zh)).message and "0–240" in next(iter(zh)).message


def test_dark_text_fix_says_darken(settings: Settings) -> None:
    findings = Findings(language="en")
    check_palette_contrast(findings, settings, file=PAGE, pairs=[("#999999", "#FFFFFF", "hint", False)])
    [finding] = findings
    assert "darken the text colour or lighten the background" in finding.message


def test_translucent_text_is_laid_over_its_background(settings: Settings) -> None:
    findings = Findings(language="en")
    # black at 40% over white shows as #999999: 2.85
    check_palette_contrast(findings, settings, file=PAGE, pairs=[("rgba(0,0,0,.4)", "#FFFFFF", "hint", False)])
    [finding] = findings
    assert finding.message.startswith("hint: #999999 on #FFFFFF has contrast 2.84")


def test_contrast_threshold_from_settings(settings: Settings) -> None:
    settings.thresholds["palette-contrast"] = {"min_ratio": 1.3}
    findings = Findings(language="en")
    check_palette_contrast(findings, settings, file=PAGE, pairs=[("#FFFFFF", "#FFD200", "x", False)])
    assert list(findings) == []


# -- background-lightness -------------------------------------------------------------------------

def test_mid_lightness_backgrounds_warn(settings: Settings) -> None:
    findings = Findings(language="en")
    backgrounds = [("#E1251B", "palette primary"), ("#FFFFFF", "palette background"), ("#222222", "footer"),
                   ("#808080", "theme.css: .band { background }"), ("#e1251b", "theme.css: .floor { background }"),
                   ("#FFD200", "palette accent")]
    check_background_lightness(findings, settings, file=PAGE, backgrounds=backgrounds, line=5)
    assert [f.message for f in findings] == [
        "background #808080 (theme.css: .band { background }) has HSL lightness 50% (120 on the 0–240 scale), "
        "inside the 38%–61% band that glares on a phone: choose a background lighter than 61% or darker than 38%",
        "background #E1251B (palette primary, theme.css: .floor { background }) has HSL lightness 49% "
        "(119 on the 0–240 scale), inside the 38%–61% band that glares on a phone: choose a background "
        "lighter than 61% or darker than 38%",
        # a fully saturated colour has HSL lightness 50%, so a yellow band glares too
        "background #FFD200 (palette accent) has HSL lightness 50% (120 on the 0–240 scale), inside the "
        "38%–61% band that glares on a phone: choose a background lighter than 61% or darker than 38%",
    ]
    assert all(f.severity == "warning" for f in findings)
    grey = next(iter(findings))
    assert (grey.measured, grey.threshold) == (0.502, 0.61)


def test_band_edges(settings: Settings) -> None:
    findings = Findings(language="en")
    # 0-240 scale: 91 is below the band, 148 above it
    check_background_lightness(findings, settings, file=PAGE,
                               backgrounds=[("hsl(0 100% 37.9%)", "a"), ("hsl(0 100% 61.7%)", "b")])
    assert list(findings) == []


def test_background_band_from_settings(settings: Settings) -> None:
    settings.thresholds["background-lightness"] = {"low": 0.2, "high": 0.3}
    findings = Findings(language="en")
    check_background_lightness(findings, settings, file=PAGE, backgrounds=[("#808080", "x"), ("#404040", "y")])
    [finding] = findings
    assert finding.message.startswith("background #404040 (y) has HSL lightness 25%")
