"""Bad files stop the build with an error naming the story and the file; nothing crashes or hangs."""

from __future__ import annotations

import pytest
from photo_helpers import (
    photo_bomb,
    photo_text_named_jpg,
    photo_truncated,
    request,
    settings,
    upright_quadrants,
)
from PIL import Image

from clemency.images import build_pictures


def problems_for(tmp_path, photo, **overrides) -> list[str]:
    story = tmp_path / "stories" / "mara" / "index.md"
    report = build_pictures(
        [request(photo, story)], settings(tmp_path, **overrides), output=tmp_path / "site"
    )
    assert report.pictures == {}
    texts = [p.format(tmp_path) for p in report.problems]
    assert all(t.startswith("stories/mara/index.md: photo.src: '") for t in texts), texts
    return texts


def test_a_decompression_bomb_is_refused_from_its_header(tmp_path):
    (text,) = problems_for(tmp_path, photo_bomb(tmp_path))
    assert "claims 30000×30000 pixels, more than the 52 megapixel limit (PHOTOS_MAX_PIXELS)" in text
    assert "Resize it on your computer and replace the file." in text


def test_a_photo_over_the_pixel_limit_is_refused(tmp_path):
    path = tmp_path / "big.jpg"
    upright_quadrants((300, 200)).save(path)
    (text,) = problems_for(tmp_path, path, PHOTOS_MAX_PIXELS=50_000)
    assert "'../../big.jpg' claims 300×200 pixels, more than the 0.05 megapixel limit" in text


@pytest.mark.parametrize("size", [(8064, 6048), (8160, 6120)], ids=["48MP", "50MP"])
def test_a_photo_straight_off_a_48_or_50_megapixel_phone_is_taken(tmp_path, size):
    path = tmp_path / "stories" / "mara" / "phone.jpg"
    path.parent.mkdir(parents=True)
    Image.new("RGB", size, (120, 90, 60)).save(path, quality=50)
    report = build_pictures(
        [request(path, path.parent / "index.md")],
        settings(tmp_path, PHOTOS_FORMATS=("jpeg",)),
        output=tmp_path / "site",
    )
    assert report.problems == []
    hero = next(iter(report.pictures.values()))["hero"]
    assert not hero.is_placeholder and hero.width == 128


@pytest.mark.parametrize("workers", [0, 1], ids=["in-process", "worker-process"])
def test_a_truncated_photo_is_reported_as_damaged(tmp_path, workers):
    (text,) = problems_for(tmp_path, photo_truncated(tmp_path), PHOTOS_WORKERS=workers)
    assert "is damaged or incomplete" in text
    assert "Copy the original from the phone or camera again" in text


def test_a_text_file_named_jpg_is_reported(tmp_path):
    (text,) = problems_for(tmp_path, photo_text_named_jpg(tmp_path))
    assert "'../../photo_text_named.jpg' is not an image: it is a text file" in text


def test_an_empty_file_and_an_unsupported_format_are_reported(tmp_path):
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    assert "is an empty file" in problems_for(tmp_path, empty)[0]
    tiff = tmp_path / "scan.tif"
    Image.new("RGB", (30, 20)).save(tiff)
    assert "is a TIFF image; the site takes JPEG, PNG, WebP, GIF or HEIC" in (problems_for(tmp_path, tiff)[0])


def test_good_photos_still_come_out_when_another_is_bad(tmp_path):
    good = tmp_path / "good" / "photo.jpg"
    good.parent.mkdir()
    upright_quadrants().save(good)
    report = build_pictures(
        [request(good), request(photo_truncated(tmp_path), tmp_path / "bad" / "index.md")],
        settings(tmp_path),
        output=tmp_path / "site",
    )
    assert report.summary() == "2 images: 0 reused, 1 generated, 1 failed"
    assert len(report.problems) == 1 and list(report.pictures) == [good.parent / "index.md"]
