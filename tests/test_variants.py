"""Responsive variants: which widths, which files, and the cache that makes them once."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, features

from dacu.images import variants as vs


def photo(width: int, height: int) -> Image.Image:
    """An RGB test picture with some structure (flat images compress to nothing)."""
    image = Image.new("RGB", (width, height), (240, 236, 230))
    draw = ImageDraw.Draw(image)
    for i in range(12):
        x, y = width * i // 12, height * ((i * 7) % 12) // 12
        draw.ellipse((x, y, x + width // 5, y + height // 5), fill=(30 + i * 18, 90, 200 - i * 12))
    return image


def digest_of(image: Image.Image) -> str:
    return hashlib.sha256(image.tobytes()).hexdigest()


@pytest.mark.parametrize(("size", "plan"), [
    ((3000, 4000), [375, 750, 1125]),
    ((1125, 800), [375, 750, 1125]),
    ((800, 800), [375, 750]),            # within 20% of 750: the 750 variant serves it
    ((1000, 1000), [375, 750, 1000]),    # its own width: full detail for 3x phones, no upscale
    ((750, 1100), [375, 750]),
    ((300, 300), [300]),                 # smaller than every setting: only itself
    ((0, 0), []),
])
def test_plan_never_upscales(size, plan):
    assert vs.variant_plan(*size, [375, 750, 1125]) == plan


def test_variants_are_made_in_every_width_and_format(tmp_path):
    image = photo(1500, 2000)
    digest = digest_of(image)
    made = vs.make_variants(image, digest, [375, 750, 1125], ["webp", "jpeg"], tmp_path)
    assert [(v.format, v.width, v.height) for v in made] == [
        ("webp", 375, 500), ("jpeg", 375, 500), ("webp", 750, 1000), ("jpeg", 750, 1000),
        ("webp", 1125, 1500), ("jpeg", 1125, 1500)]
    for variant in made:
        assert variant.cache_path.parent == tmp_path / "variants" / digest[:2]
        assert variant.cache_path.name.startswith(f"{digest}-{variant.width}-")
        assert variant.size_bytes == variant.cache_path.stat().st_size > 0
        with Image.open(variant.cache_path) as out:
            assert out.size == (variant.width, variant.height)
            assert out.format == {"webp": "WEBP", "jpeg": "JPEG"}[variant.format]
            if out.format == "JPEG":  # the fallback: baseline with optimised tables (see ENCODINGS)
                assert not out.info.get("progressive")
    assert not list(tmp_path.rglob(".tmp-*")), "no half-written files are left behind"


def test_no_avif_unless_asked(tmp_path):
    made = vs.make_variants(photo(800, 800), "a" * 64, [375, 750], ["webp", "jpeg"], tmp_path)
    assert {v.format for v in made} == {"webp", "jpeg"}
    assert not list(tmp_path.rglob("*.avif"))


@pytest.mark.skipif(not features.check("avif"), reason="Pillow without AVIF")
def test_avif_when_asked(tmp_path):
    made = vs.make_variants(photo(800, 800), "b" * 64, [375, 1125], ["avif", "webp", "jpeg"], tmp_path)
    avif = [v for v in made if v.format == "avif"]
    assert [v.width for v in avif] == [375, 800] and avif[0].mime == "image/avif"
    with Image.open(avif[0].cache_path) as out:
        assert out.format == "AVIF" and out.size == (375, 375)


def test_the_cache_answers_without_decoding_and_nothing_is_made_twice(tmp_path, monkeypatch):
    image = photo(1200, 900)
    digest = digest_of(image)
    widths, formats = [375, 750, 1125], ["webp", "jpeg"]
    assert vs.cached_variants(digest, image.size, widths, formats, tmp_path) is None
    made = vs.make_variants(image, digest, widths, formats, tmp_path)
    assert vs.cached_variants(digest, image.size, widths, formats, tmp_path) == made

    saves = []
    monkeypatch.setattr(Image.Image, "save", lambda *a, **k: saves.append(a))
    assert vs.make_variants(image, digest, widths, formats, tmp_path) == made
    assert saves == []


def test_a_missing_file_is_remade_alone(tmp_path):
    image = photo(800, 600)
    made = vs.make_variants(image, "c" * 64, [375, 750], ["webp", "jpeg"], tmp_path)
    lost = made[1].cache_path
    lost.unlink()
    assert vs.cached_variants("c" * 64, image.size, [375, 750], ["webp", "jpeg"], tmp_path) is None
    before = {v.cache_path: v.cache_path.stat().st_mtime_ns for v in made if v.cache_path != lost}
    again = vs.make_variants(image, "c" * 64, [375, 750], ["webp", "jpeg"], tmp_path)
    assert [v.cache_path for v in again] == [v.cache_path for v in made] and lost.exists()
    assert {p: p.stat().st_mtime_ns for p in before} == before


def test_changed_encoding_parameters_never_reuse_old_files(tmp_path, monkeypatch):
    image = photo(800, 600)
    made = vs.make_variants(image, "d" * 64, [375], ["webp"], tmp_path)
    webp = vs.ENCODINGS["webp"]
    monkeypatch.setitem(vs.ENCODINGS, "webp", vs.Encoding(webp.pillow_format, webp.extension, webp.mime,
                                                          {**webp.params, "quality": 60}))
    assert vs.cached_variants("d" * 64, image.size, [375], ["webp"], tmp_path) is None
    remade = vs.make_variants(image, "d" * 64, [375], ["webp"], tmp_path)
    assert {v.cache_path for v in remade}.isdisjoint(v.cache_path for v in made)


def test_a_reduced_decode_gives_the_same_files_as_the_plan(tmp_path):
    """A JPEG decoded with draft() at half size: widths and heights follow the source."""
    source = io.BytesIO()
    photo(3000, 4001).save(source, "JPEG", quality=85)
    with Image.open(source) as jpeg:
        jpeg.draft("RGB", (1125, 1125))
        decoded = jpeg.convert("RGB")
    assert decoded.size == (1500, 2001)
    made = vs.make_variants(decoded, "e" * 64, [375, 750, 1125], ["jpeg"], tmp_path, src_size=(3000, 4001))
    assert [(v.width, v.height) for v in made] == [(375, 500), (750, 1000), (1125, 1500)]
    assert vs.cached_variants("e" * 64, (3000, 4001), [375, 750, 1125], ["jpeg"], tmp_path) == made


def test_a_decode_too_small_for_the_plan_is_refused(tmp_path):
    with pytest.raises(ValueError, match="narrower than the 1125 px variant"):
        vs.make_variants(photo(600, 800), "f" * 64, [375, 750, 1125], ["jpeg"], tmp_path, src_size=(3000, 4000))


def test_unknown_formats_are_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown image format"):
        vs.cached_variants("0" * 64, (800, 800), [375], ["gif"], tmp_path)


def test_output_names_sit_beside_the_source_in_assets():
    variant = vs.Variant("webp", 750, 750, Path("/cache/x.webp"), 1)
    assert vs.output_name("products/100012/main-1.jpg", variant) == "assets/products/100012/main-1.750.webp"
    jpeg = vs.Variant("jpeg", 375, 500, Path("/cache/x.jpg"), 1)
    assert vs.output_name("campaigns/double11/hero.v2.png", jpeg) == "assets/campaigns/double11/hero.v2.375.jpg"
