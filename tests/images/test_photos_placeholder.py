"""Placeholders: drawn when there is no publishable photo; a photo without consent is never read."""

from __future__ import annotations

import builtins
import os
from pathlib import Path

import PIL.Image
from photo_helpers import load, settings, story, upright_quadrants
from PIL import ImageStat

from clemency.images import build_pictures, request_for
from clemency.images.placeholder import PlaceholderSpec, draw, spec_for


def test_a_photo_without_consent_is_never_opened(tmp_path, monkeypatch):
    folder = tmp_path / "stories" / "mara"
    folder.mkdir(parents=True)
    secret = folder / "photo.jpg"
    upright_quadrants().save(secret)
    touched = []
    real_open, real_image_open, real_stat = builtins.open, PIL.Image.open, os.stat

    def spy(original):
        def wrapper(target, *args, **kwargs):
            if Path(str(getattr(target, "name", target))).name == "photo.jpg":
                touched.append(original.__name__)
            return original(target, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "open", spy(real_open))
    monkeypatch.setattr(PIL.Image, "open", spy(real_image_open))
    monkeypatch.setattr(os, "stat", spy(real_stat))
    report = build_pictures(
        [request_for(story(folder, secret, photo_consent=False))],
        settings(tmp_path),
        output=tmp_path / "site",
    )
    monkeypatch.undo()
    assert touched == []
    pictures = report.pictures[folder / "index.md"]
    assert all(p.is_placeholder and p.alt == "" for p in pictures.values())


def test_with_consent_the_photo_is_used(tmp_path):
    folder = tmp_path / "stories" / "mara"
    folder.mkdir(parents=True)
    upright_quadrants().save(folder / "photo.jpg")
    report = build_pictures(
        [request_for(story(folder, folder / "photo.jpg", photo_consent=True))],
        settings(tmp_path),
        output=tmp_path / "site",
    )
    hero = report.pictures[folder / "index.md"]["hero"]
    assert not hero.is_placeholder and hero.alt == "Mara at her kitchen table"


def test_a_story_without_photo_gets_its_placeholder_through_the_same_ladder(tmp_path):
    folder = tmp_path / "stories" / "mara"
    report = build_pictures(
        [request_for(story(folder, None, photo_consent=True))], settings(tmp_path), output=tmp_path / "site"
    )
    pictures = report.pictures[folder / "index.md"]
    hero = pictures["hero"]
    assert [s.type for s in hero.sources] == ["image/avif", "image/webp"]
    assert (hero.width, hero.height) == (128, 85)
    assert (pictures["social"].width, pictures["social"].height) == (120, 63)
    im = load(tmp_path / "site" / hero.src.lstrip("/"))
    assert len(im.getcolors(maxcolors=100_000)) > 20  # arcs and a sun, not a flat colour


def test_placeholders_are_light_fields_without_letters_that_differ_between_stories():
    size = (360, 240)
    one = draw(spec_for("sophy", "S", size))
    other = draw(spec_for("saray", "S", size))
    assert one.size == size and one.mode == "RGB"
    # A light field: most of it far brighter than the old charcoal grid (no dark bars).
    assert ImageStat.Stat(one.convert("L")).mean[0] > 190
    assert ImageStat.Stat(one.convert("L")).extrema[0][0] > 120
    # Two stories with the same initial do not look the same.
    assert one.tobytes() != other.tobytes()


def test_the_sun_rises_from_the_bottom_edge_and_the_top_is_quiet():
    im = draw(PlaceholderSpec("MT", 0, (300, 200)))
    field = im.getpixel((5, 5))
    bottom = [im.getpixel((x, 198)) for x in range(300)]
    assert any(sum(abs(a - b) for a, b in zip(px, field, strict=True)) > 60 for px in bottom)
