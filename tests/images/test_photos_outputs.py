"""Outputs: no metadata, no upscaling, a ladder ending at the source width, names by content."""

from __future__ import annotations

import io

from photo_helpers import load, photo_with_gps_xmp_and_comment, request, settings, upright_quadrants
from PIL import Image

from clemency.images import build_pictures, find_metadata
from clemency.images.metadata import find_metadata_bytes
from clemency.images.plan import crop_box, ladder


def test_no_output_carries_exif_gps_xmp_or_comments(tmp_path):
    source = photo_with_gps_xmp_and_comment(tmp_path)
    assert {"EXIF", "GPS position", "XMP", "comment"} <= set(find_metadata(source))
    report = build_pictures([request(source)], settings(tmp_path), output=tmp_path / "site")
    files = list((tmp_path / "site" / "media").iterdir())
    assert len(files) == report.files == 4 * 3 + 1
    for path in files:
        assert find_metadata(path) == [], path
        assert "icc_profile" not in load(path).info, path


def test_find_metadata_sees_exif_and_gps_in_every_output_format():
    exif = Image.Exif()
    exif[0x010F] = "Phonemaker"
    exif.get_ifd(0x8825)[1] = "N"
    for fmt in ("JPEG", "WEBP", "PNG", "AVIF"):
        buffer = io.BytesIO()
        Image.new("RGB", (16, 16)).save(buffer, fmt, exif=exif)
        found = find_metadata_bytes(buffer.getvalue())
        assert "EXIF" in found, fmt
        if fmt != "AVIF":  # EXIF inside AVIF is found, its GPS is not parsed
            assert "GPS position" in found, fmt


def test_the_original_is_never_copied_into_the_site(tmp_path):
    source = tmp_path / "photo.jpg"
    upright_quadrants((400, 300)).save(source, quality=95)
    build_pictures([request(source)], settings(tmp_path), output=tmp_path / "site")
    original = source.read_bytes()
    written = [path for path in (tmp_path / "site").rglob("*") if path.is_file()]
    assert len(written) >= 4, "the pipeline wrote no pictures to compare against"
    for path in written:
        assert path.read_bytes() != original, path


def test_a_small_photo_is_never_upscaled_and_its_ladder_ends_at_its_width(tmp_path):
    source = tmp_path / "small.jpg"
    upright_quadrants((90, 60)).save(source)
    report = build_pictures([request(source)], settings(tmp_path), output=tmp_path / "site")
    pictures = next(iter(report.pictures.values()))
    assert [entry.split()[1] for entry in pictures["hero"].srcset.split(", ")] == ["90w", "64w", "48w"]
    for pic in pictures.values():
        assert (pic.width, pic.height) == ((90, 60) if pic is not pictures["social"] else (90, 47))
        for entry in pic.srcset.split(", "):
            url, width = entry.split()
            with Image.open(tmp_path / "site" / url.lstrip("/")) as im:
                assert im.width == int(width[:-1]) <= 90


def test_a_photo_too_small_for_large_screens_gets_a_notice(tmp_path):
    source = tmp_path / "small.jpg"
    upright_quadrants((900, 600)).save(source)
    report = build_pictures([request(source)], settings(tmp_path, PHOTOS_WIDTHS=(320, 1840)), output=None)
    assert report.problems == []
    (notice,) = report.notices
    assert notice.level == "notice"
    assert notice.format(tmp_path) == (
        "index.md: photo.src: 'small.jpg' gives images only 900 px wide; they will look soft on "
        "large screens. A photo at least 1840 px wide looks sharp everywhere."
    )


def test_ladder_and_crop_rules():
    assert ladder((320, 640, 960), 2000) == [320, 640, 960]
    assert ladder((320, 640, 960), 960) == [320, 640, 960]
    assert ladder((320, 640, 960), 700) == [320, 640, 700]
    assert ladder((320, 640, 960), 200) == [200]
    assert crop_box((4032, 3024), (3, 2)) == (0, 168, 4032, 2856)
    assert crop_box((4032, 3024), (3, 2), (0.5, 0.0)) == (0, 0, 4032, 2688)
    assert crop_box((3024, 4032), (3, 2), (0.5, 0.3)) == (0, 202, 3024, 2218)
    assert crop_box((1000, 400), (3, 2), (1.0, 0.5)) == (400, 0, 1000, 400)


def test_names_follow_content_and_settings(tmp_path):
    source = tmp_path / "photo.jpg"
    upright_quadrants().save(source)

    def names(**overrides):
        report = build_pictures([request(source)], settings(tmp_path, **overrides), output=None)
        return next(iter(report.pictures.values()))["hero"]

    first = names()
    assert names().srcset == first.srcset
    changed = names(PHOTOS_QUALITY={"jpeg": 60})
    assert changed.srcset != first.srcset  # JPEG names change ...
    assert changed.sources == first.sources  # ... AVIF and WebP keep theirs
    upright_quadrants().rotate(180).save(source)
    assert names().srcset != first.srcset
