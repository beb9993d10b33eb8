"""open_image: safe paths, broken files, bombs, EXIF rotation and colour management."""

from __future__ import annotations

import hashlib
import io
import os
import struct
from pathlib import Path

import pytest
from PIL import Image

from dacu.load.image_file import ImageProblem, LoadedImage, open_image, resolve_asset
from dacu.load.guard import RealPaths


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    (folder / "products" / "100012").mkdir(parents=True)
    return folder


def save(image: Image.Image, path: Path, **options: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, **options)
    return path


def linear_rgb_profile(description: str = "Linear RGB test") -> bytes:
    """A minimal ICC v2 display profile: sRGB primaries, but gamma 1.0 (linear light)."""
    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + bytes(4) + s15(x) + s15(y) + s15(z)

    text = description.encode("ascii") + b"\0"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)
    curve = b"curv" + bytes(4) + struct.pack(">I", 0)  # no entries: identity, gamma 1.0
    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
            (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)), (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
            (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)), (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        body += bytes(-len(body) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (struct.pack(">I", offset + len(data)) + bytes(4) + struct.pack(">I", 0x02100000)
              + b"mntrRGB XYZ " + bytes(12) + b"acsp" + bytes(28) + s15(0.9642) + s15(1.0) + s15(0.8249))
    return header + bytes(128 - len(header)) + struct.pack(">I", len(tags)) + table + data


def test_plain_png(assets: Path) -> None:
    path = save(Image.new("RGB", (40, 30), (230, 0, 18)), assets / "products/100012/main-1.png")
    img = open_image(assets, "products/100012/main-1.png")
    assert isinstance(img, LoadedImage)
    data = path.read_bytes()
    assert img.digest == hashlib.sha256(data).hexdigest()
    assert img.size_bytes == len(data)
    assert (img.width, img.height, img.image.mode, img.image.size) == (40, 30, "RGB", (40, 30))
    assert img.image.getpixel((5, 5)) == (230, 0, 18)
    assert img.path == path.resolve()
    assert img.shown == "assets/products/100012/main-1.png"
    assert img.format == "PNG"
    assert img.scale == 1


def test_exif_rotation_is_applied(assets: Path) -> None:
    stored = Image.new("RGB", (40, 20), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 20, 20))  # left half red as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    save(stored, assets / "phone.jpg", exif=exif, quality=95)
    img = open_image(assets, "phone.jpg")
    assert (img.width, img.height) == (20, 40)
    assert img.image.size == (20, 40)
    top, bottom = img.image.getpixel((10, 5)), img.image.getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60      # the stored left side is now the top
    assert bottom[2] > 200 and bottom[0] < 60


def test_cmyk_jpeg_becomes_rgb(assets: Path) -> None:
    image = Image.new("CMYK", (20, 10), (0, 0, 0, 0))       # paper white
    image.paste((0, 255, 255, 0), (10, 0, 20, 10))         # magenta + yellow = red
    save(image, assets / "print.jpg", quality=95)
    img = open_image(assets, "print.jpg")
    assert img.image.mode == "RGB"
    assert all(c >= 250 for c in img.image.getpixel((2, 5)))
    r, g, b = img.image.getpixel((15, 5))
    assert r > 200 and g < 50 and b < 50


def test_non_srgb_profile_is_converted(assets: Path) -> None:
    # 128 in linear light is 50% luminance, which sRGB encodes as 188
    save(Image.new("RGB", (10, 10), (128, 128, 128)), assets / "linear.png", icc_profile=linear_rgb_profile())
    img = open_image(assets, "linear.png")
    assert img.image.getpixel((3, 3)) == (188, 188, 188)
    assert "icc_profile" not in img.image.info  # variants must not be tagged with the old profile


def test_srgb_profile_is_left_alone(assets: Path) -> None:
    from PIL import ImageCms
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    save(Image.new("RGB", (10, 10), (128, 64, 32)), assets / "srgb.png", icc_profile=srgb)
    assert open_image(assets, "srgb.png").image.getpixel((3, 3)) == (128, 64, 32)


def test_broken_profile_is_ignored(assets: Path) -> None:
    save(Image.new("RGB", (10, 10), (128, 64, 32)), assets / "bad-icc.png", icc_profile=b"RGB junk" * 10)
    assert open_image(assets, "bad-icc.png").image.getpixel((3, 3)) == (128, 64, 32)


@pytest.mark.parametrize("mode, colour, expected", [
    ("RGBA", (255, 0, 0, 0), (255, 255, 255)),       # fully transparent: white
    ("RGBA", (0, 0, 0, 255), (0, 0, 0)),
    ("LA", (0, 128), (127, 127, 127)),                # half-transparent black over white
    ("L", 100, (100, 100, 100)),
])
def test_alpha_and_modes_flatten_to_rgb_on_white(assets: Path, mode: str, colour: object,
                                                 expected: tuple[int, int, int]) -> None:
    save(Image.new(mode, (8, 8), colour), assets / "a.png")  # type: ignore[arg-type]
    img = open_image(assets, "a.png")
    assert img.image.mode == "RGB"
    assert img.image.getpixel((4, 4)) == expected


def test_palette_gif_with_transparency(assets: Path) -> None:
    save(Image.new("P", (8, 8), 3), assets / "t.gif", transparency=3)
    assert open_image(assets, "t.gif").image.getpixel((1, 1)) == (255, 255, 255)


def test_16_bit_greyscale(assets: Path) -> None:
    save(Image.new("I;16", (8, 8), 65535), assets / "deep.png")
    assert open_image(assets, "deep.png").image.getpixel((1, 1)) == (255, 255, 255)


def test_reduced_jpeg_decode_keeps_source_size(assets: Path) -> None:
    save(Image.new("RGB", (2000, 1000), (10, 20, 30)), assets / "big.jpg")
    img = open_image(assets, "big.jpg", decode_at_least=400)
    assert (img.width, img.height) == (2000, 1000)
    assert img.image.size == (500, 250)    # the width serves a 400 px variant; 1/8 would be 250 < 400
    assert img.scale == 0.25


def test_reduced_decode_of_a_rotated_jpeg_keeps_its_upright_width(assets: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, shown portrait: the upright width is the stored height
    Image.new("RGB", (2000, 1000), (10, 20, 30)).save(assets / "turned.jpg", exif=exif)
    img = open_image(assets, "turned.jpg", decode_at_least=400)
    assert (img.width, img.height) == (1000, 2000)
    assert img.image.size == (500, 1000)   # 1/2: the upright width 500 >= 400; 1/4 would be 250


def test_missing_file(assets: Path) -> None:
    with pytest.raises(ImageProblem) as info:
        open_image(assets, "products/100012/main-9.jpg")
    assert str(info.value.message) == ("assets/products/100012/main-9.jpg does not exist: check the path "
                                  "(relative to assets/) and the spelling and case of the file name")


def test_folder_is_not_an_image(assets: Path) -> None:
    with pytest.raises(ImageProblem, match="is a folder, not an image"):
        open_image(assets, "products/100012")


def test_truncated_file(assets: Path) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 60).convert("RGB").save(buffer, "JPEG")
    path = assets / "products/100012/main-2.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(ImageProblem) as info:
        open_image(assets, "products/100012/main-2.jpg")
    message = str(info.value.message)
    assert message.startswith("assets/products/100012/main-2.jpg is truncated or corrupt (")
    assert message.endswith("): re-export it as JPEG or PNG")


def test_not_an_image(assets: Path) -> None:
    (assets / "notes.jpg").write_text("this is not a picture")
    with pytest.raises(ImageProblem) as info:
        open_image(assets, "notes.jpg")
    assert str(info.value.message) == ("assets/notes.jpg is not a JPEG, PNG, WebP, AVIF, GIF, TIFF or BMP image: "
                                  "re-export it as JPEG or PNG")


def test_eps_is_refused_without_running_ghostscript(assets: Path) -> None:
    (assets / "logo.eps").write_text("%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n")
    with pytest.raises(ImageProblem, match="is not a JPEG, PNG"):
        open_image(assets, "logo.eps")


@pytest.mark.parametrize("size", [(30, 30), (12, 12)])  # over 2x the limit (error) and over it (warning)
def test_decompression_bomb(assets: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    save(Image.new("RGB", size, "white"), assets / "bomb.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with pytest.raises(ImageProblem) as info:
        open_image(assets, "bomb.png")
    assert str(info.value.message) == (
        f"assets/bomb.png has {size[0] * size[1]:,} pixels, over the limit of 100 that protects the build "
        "from decompression bombs: export it smaller (2000 px on the long side is plenty)")


def test_symlink_out_of_assets_is_refused(assets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = save(Image.new("RGB", (10, 10)), tmp_path / "private" / "secret.png")
    (assets / "innocent.png").symlink_to(secret)
    (assets / "linked").symlink_to(secret.parent, target_is_directory=True)
    opened: list[object] = []
    monkeypatch.setattr(Image, "open", lambda *a, **k: opened.append(a))
    for rel in ("innocent.png", "linked/secret.png"):
        with pytest.raises(ImageProblem) as info:
            open_image(assets, rel)
        assert str(info.value.message) == (f"assets/{rel} points outside assets/ (through a symbolic link): "
                                      "keep images inside assets/ and refer to them relative to it")
    assert opened == []


@pytest.mark.parametrize("rel", ["../private/secret.png", "products/../../private/secret.png"])
def test_dotdot_out_of_assets_is_refused(assets: Path, tmp_path: Path, rel: str) -> None:
    save(Image.new("RGB", (10, 10)), tmp_path / "private" / "secret.png")
    with pytest.raises(ImageProblem) as info:
        open_image(assets, rel)
    assert "points outside assets/ (through .. or an absolute path)" in str(info.value.message)


def test_absolute_path_is_refused(assets: Path, tmp_path: Path) -> None:
    secret = save(Image.new("RGB", (10, 10)), tmp_path / "secret.png")
    with pytest.raises(ImageProblem, match="points outside assets/"):
        open_image(assets, str(secret))


def test_symlink_inside_assets_is_fine(assets: Path) -> None:
    save(Image.new("RGB", (10, 10), "red"), assets / "shared" / "logo.png")
    (assets / "products" / "100012" / "logo.png").symlink_to(assets / "shared" / "logo.png")
    assert open_image(assets, "products/100012/logo.png").image.getpixel((1, 1)) == (255, 0, 0)
    assert open_image(assets, "products/../shared/logo.png").width == 10


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(assets: Path) -> None:
    path = save(Image.new("RGB", (10, 10)), assets / "locked.png")
    path.chmod(0)
    try:
        with pytest.raises(ImageProblem, match="cannot be read .*check the file's permissions"):
            open_image(assets, "locked.png")
    finally:
        path.chmod(0o644)


def test_resolve_asset_checks_without_opening(assets: Path, tmp_path: Path) -> None:
    (assets / "broken.jpg").write_bytes(b"not decoded here")
    assert resolve_asset(assets, "broken.jpg") == (assets / "broken.jpg").resolve()
    with pytest.raises(ImageProblem, match="points outside assets/"):
        resolve_asset(assets, "../secret.png")
    with pytest.raises(ImageProblem, match="does not exist"):
        resolve_asset(assets, "gone.jpg")


def test_resolve_asset_with_its_folders_kept_resolves_as_alone(assets: Path, tmp_path: Path, monkeypatch) -> None:
    """The image stage keeps the folders of assets/ resolved between files: each answer (a path, or the
    problem's message) is the one a lone call gives, links and odd names included."""
    save(Image.new("RGB", (10, 10)), assets / "products" / "100012" / "main-1.jpg")
    save(Image.new("RGB", (10, 10)), assets / "shared" / "logo.png")
    save(Image.new("RGB", (10, 10)), tmp_path / "outside" / "secret.png")
    (assets / "products" / "100012" / "logo.png").symlink_to(assets / "shared" / "logo.png")
    (assets / "products" / "100012" / "out.png").symlink_to(tmp_path / "outside" / "secret.png")
    (assets / "linked").symlink_to(tmp_path / "outside")
    (assets / "inside").symlink_to(assets / "shared")
    (assets / "loop").symlink_to(assets / "loop")
    (assets / "file.txt").write_text("x")
    rels = ["products/100012/main-1.jpg", "products/100012/logo.png", "products/100012/out.png", "linked/secret.png",
            "inside/logo.png", "shared/logo.png", "products/100012/gone.jpg", "gone/main.jpg", "products/100012",
            "products//100012/main-1.jpg", "products/./100012/main-1.jpg", "products/../shared/logo.png",
            "../outside/secret.png", "loop/x.jpg", "loop", "file.txt/x.jpg", "bad\0name.jpg", "products/100012/"]

    def answer(rel: str, paths: RealPaths | None) -> object:
        try:
            return resolve_asset(assets, rel, paths)
        except ImageProblem as exc:
            return exc.message.to_record()
    paths = RealPaths()
    for _ in range(2):   # the second round from the kept folders only
        assert [answer(rel, paths) for rel in rels] == [answer(rel, None) for rel in rels]
    expected = (assets / "products/100012/main-1.jpg").resolve()
    resolved: list[object] = []
    realpath = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda *a, **k: resolved.append(a) or realpath(*a, **k))
    assert resolve_asset(assets, "products/100012/main-1.jpg", paths) == expected
    assert resolved == []   # assets/ and the file's folder were kept resolved
