"""Every input becomes upright sRGB pixels: orientation, CMYK, 16-bit, alpha, animation, HEIC."""

from __future__ import annotations

from pathlib import Path

import pytest
from photo_helpers import (
    BLUE,
    PAGE,
    RED,
    close,
    load,
    photo_16bit_grey,
    photo_16bit_rgb,
    photo_animated,
    photo_cmyk,
    photo_heic,
    photo_rotated_exif,
    photo_transparent,
    quadrant_colours,
    request,
    settings,
    upright_quadrants,
)
from PIL import Image

from clemency.images import build_pictures


def outputs(report, tmp_path: Path, slot="hero") -> dict[str, Image.Image]:
    """The slot's largest image in each format, opened from the built site."""
    pic = next(iter(report.pictures.values()))[slot]
    urls = [pic.src] + [s.srcset.split(",")[0].split()[0] for s in pic.sources]
    return {url.rsplit(".", 1)[1]: load(tmp_path / "site" / url.lstrip("/")) for url in urls}


def build_one(tmp_path: Path, photo: Path, **overrides):
    report = build_pictures([request(photo)], settings(tmp_path, **overrides), output=tmp_path / "site")
    assert not report.problems, report.problems
    return report


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_baked_into_the_pixels(tmp_path, orientation):
    report = build_one(tmp_path, photo_rotated_exif(tmp_path, orientation))
    expected = quadrant_colours(upright_quadrants())
    for fmt, im in outputs(report, tmp_path).items():
        assert im.size == (128, 85), fmt
        got = quadrant_colours(im)
        assert all(close(g, e, 40) for g, e in zip(got, expected, strict=True)), (fmt, got)


@pytest.mark.parametrize("ext", ["png", "webp"])
def test_exif_orientation_is_applied_in_png_and_webp_too(tmp_path, ext):
    report = build_one(tmp_path, photo_rotated_exif(tmp_path, 6, ext))
    expected = quadrant_colours(upright_quadrants())
    for fmt, im in outputs(report, tmp_path).items():
        got = quadrant_colours(im)
        assert all(close(g, e, 40) for g, e in zip(got, expected, strict=True)), (fmt, got)


def test_cmyk_jpeg_comes_out_as_rgb_with_the_same_colour(tmp_path):
    report = build_one(tmp_path, photo_cmyk(tmp_path))
    for fmt, im in outputs(report, tmp_path).items():
        assert im.mode == "RGB", fmt
        assert close(im.convert("RGB").getpixel((10, 10)), (255, 0, 0), 40), fmt


def test_16_bit_grey_png_keeps_its_brightness(tmp_path):
    report = build_one(tmp_path, photo_16bit_grey(tmp_path))
    for fmt, im in outputs(report, tmp_path).items():
        assert close(im.convert("RGB").getpixel((10, 10)), (128, 128, 128), 6), fmt


def test_16_bit_rgb_png_keeps_its_colour(tmp_path):
    report = build_one(tmp_path, photo_16bit_rgb(tmp_path))
    for fmt, im in outputs(report, tmp_path).items():
        assert close(im.convert("RGB").getpixel((10, 10)), (255, 128, 0), 20), fmt


def test_transparency_is_flattened_onto_the_page_colour(tmp_path):
    report = build_one(tmp_path, photo_transparent(tmp_path))
    for fmt, im in outputs(report, tmp_path).items():
        assert im.mode == "RGB", fmt
        assert close(im.getpixel((5, 40)), PAGE, 12), fmt
        assert close(im.getpixel((im.width - 5, 40)), BLUE, 30), fmt


def test_an_animation_gives_its_first_frame(tmp_path):
    report = build_one(tmp_path, photo_animated(tmp_path))
    for fmt, im in outputs(report, tmp_path).items():
        assert close(im.convert("RGB").getpixel((10, 10)), RED, 40), fmt


@pytest.mark.parametrize("orientation", [1, 6, 3])
def test_heic_from_an_iphone_is_read_upright(tmp_path, orientation):
    report = build_one(tmp_path, photo_heic(tmp_path, orientation))
    expected = quadrant_colours(upright_quadrants())
    for fmt, im in outputs(report, tmp_path).items():
        got = quadrant_colours(im)
        assert all(close(g, e, 40) for g, e in zip(got, expected, strict=True)), (fmt, got)
