"""Colour maths: parsing, WCAG 2 contrast, OKLCH, neutrals and families."""

from __future__ import annotations

import numpy as np
import pytest

from dacu.core.colour import (ColourError, colour_families, contrast_partner, hsl_lightness, contrast_array, contrast_ratio, floor_ratio,
                         format_ratio, format_threshold, hex_of, hsl_lightness, is_colour, is_neutral,
                         oklch, parse_colour, parse_rgba, relative_luminance, same_family)

WHITE, BLACK = (255, 255, 255), (0, 0, 0)


@pytest.mark.parametrize("text, rgb", [
    ("#E60012", (230, 0, 18)),
    ("#e60012", (230, 0, 18)),
    ("#f00", (255, 0, 0)),
    ("#FF000080", (255, 0, 0)),
    ("rgb(230, 0, 18)", (230, 0, 18)),
    ("rgba(230, 0, 18, 0.5)", (230, 0, 18)),
    ("rgb(230 0 18 / 50%)", (230, 0, 18)),
    ("hsl(120, 100%, 25%)", (0, 128, 0)),
    ("hsl(0deg 100% 50%)", (255, 0, 0)),
    ("red", (255, 0, 0)),
    ("RebeccaPurple", (102, 51, 153)),
    ("lightgoldenrodyellow", (250, 250, 210)),
    ("  navy ", (0, 0, 128)),
    ("oklch(0.628 0.2577 29.23)", (255, 0, 0)),
])
def test_parse(text: str, rgb: tuple[int, int, int]) -> None:
    assert parse_colour(text) == rgb


def test_parse_alpha() -> None:
    assert parse_rgba("#FF000080") == ((255, 0, 0), 128 / 255)
    assert parse_rgba("rgba(0, 0, 0, .25)")[1] == 0.25
    assert parse_rgba("transparent")[1] == 0


@pytest.mark.parametrize("text", ["currentColor", "inherit", "bogus", "#12345", "rgb(1, 2)", "", "12px"])
def test_not_a_colour(text: str) -> None:
    assert not is_colour(text)
    with pytest.raises(ColourError):
        parse_colour(text)


def test_wcag_test_vectors() -> None:
    assert round(contrast_ratio(parse_colour("#767676"), WHITE), 2) == 4.54
    assert round(contrast_ratio(WHITE, parse_colour("#FF0000")), 2) == 4.00
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert contrast_ratio(WHITE, BLACK) == contrast_ratio(BLACK, WHITE)
    assert contrast_ratio((90, 90, 90), (90, 90, 90)) == 1
    assert relative_luminance(WHITE) == pytest.approx(1)
    assert relative_luminance(BLACK) == 0


def test_ratio_formatting_never_rounds_up_to_a_pass() -> None:
    assert format_ratio(4.4999) == "4.49"
    assert format_ratio(4.5422) == "4.54"
    assert format_ratio(21.0) == "21"
    assert format_ratio(2.1) == "2.1"
    assert floor_ratio(2.999) == 2.99
    assert format_threshold(3.0) == "3.0"
    assert format_threshold(4.5) == "4.5"


def test_hsl_lightness() -> None:
    assert hsl_lightness(WHITE) == 1
    assert hsl_lightness(BLACK) == 0
    assert hsl_lightness((255, 0, 0)) == 0.5
    assert hsl_lightness(parse_colour("#E60012")) == pytest.approx(0.451, abs=0.001)


def test_oklch() -> None:
    lightness, chroma, hue = oklch((255, 0, 0))
    assert (round(lightness, 3), round(chroma, 3), round(hue, 1)) == (0.628, 0.258, 29.2)
    assert oklch(WHITE)[0] == pytest.approx(1, abs=1e-4)
    assert oklch(WHITE)[1] < 1e-4
    assert oklch(BLACK) == (0, 0, 0)


@pytest.mark.parametrize("text", ["#000000", "#FFFFFF", "#808080", "#222222", "#F5F5F5", "#FAFAF7", "#FFF0F0"])
def test_neutrals(text: str) -> None:
    assert is_neutral(parse_colour(text))


@pytest.mark.parametrize("text", ["#E60012", "#000080", "#FFD200", "#87CEEB", "#FFCCD0", "#3B2A20"])
def test_chromatic(text: str) -> None:
    assert not is_neutral(parse_colour(text))


def test_hex_of() -> None:
    assert hex_of((230, 0, 18)) == "#E60012"
    assert hex_of(np.array([1, 2, 3], dtype=np.uint8)) == "#010203"


def families_of(*texts: str) -> list[list[str]]:
    return [[hex_of(c) for c in f.colours] for f in colour_families(parse_colour(t) for t in texts)]


def test_families() -> None:
    assert families_of("#E60012", "#FF3B30") == [["#E60012", "#FF3B30"]]
    assert families_of("#FF0000", "#FFD200") == [["#FF0000"], ["#FFD200"]]
    # navy and sky blue: 38 degrees of hue apart: two colours to the eye
    assert families_of("#000080", "#87CEEB") == [["#000080"], ["#87CEEB"]]
    # one colour made lighter or darker stays one colour (seed 002: 把色彩变淡或者加深)
    assert families_of("#FF0000", "#8B0000") == [["#FF0000", "#8B0000"]]
    assert families_of("#E1251B", "#FBC9C6", "#8A1610") == [["#E1251B", "#FBC9C6", "#8A1610"]]
    assert families_of("#E60012", "#FF3B30", "#FBC9C6", "#8A1610") == [["#E60012", "#FF3B30", "#FBC9C6", "#8A1610"]]
    assert families_of("#FF0000", "#FF8000") == [["#FF0000"], ["#FF8000"]]
    # neutrals are left out; duplicates count once
    assert families_of("#FFFFFF", "#222222", "#E60012", "#e60012", "#F5F5F5") == [["#E60012"]]


def test_families_do_not_chain() -> None:
    """Small steps from red to orange must not merge the ends (complete linkage)."""
    steps = ["#FF0000", "#FF2A00", "#FF4D00", "#FF6A00", "#FF8000", "#FF9900"]
    groups = families_of(*steps)
    assert len(groups) >= 2
    assert not any("#FF0000" in g and "#FF9900" in g for g in groups)


def test_same_family_tolerances() -> None:
    red, orange = parse_colour("#FF0000"), parse_colour("#FF8000")
    assert not same_family(red, orange)
    assert same_family(red, orange, max_hue=30)


def test_contrast_partner_on_the_0_240_scale() -> None:
    """y ≥ 148 pairs with y − 148, y ≤ 92 with y + 148; 93-147 has no partner."""
    white_partner = contrast_partner((255, 255, 255))   # 240 -> 92
    assert white_partner is not None and round(hsl_lightness(white_partner) * 240) == 92
    navy_partner = contrast_partner((0, 0, 128))          # 60 -> 208, still blue
    assert navy_partner is not None and round(hsl_lightness(navy_partner) * 240) == 208
    assert navy_partner[2] > navy_partner[0]
    assert contrast_partner(parse_colour("#E1251B")) is None  # lightness 117: no partner


def test_contrast_array_matches_scalar() -> None:
    pixels = np.array([[[255, 255, 255], [118, 118, 118]], [[255, 0, 0], [0, 0, 0]]], dtype=np.uint8)
    ratios = contrast_array(WHITE, pixels)
    expected = [[contrast_ratio(WHITE, tuple(p)) for p in row] for row in pixels.tolist()]
    assert ratios == pytest.approx(np.array(expected), rel=1e-5)
