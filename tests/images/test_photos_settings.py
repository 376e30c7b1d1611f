"""PHOTOS_* settings: defaults in one place; a bad value is named, explained and replaced."""

from __future__ import annotations

from pathlib import Path

from clemency.images import fill_defaults, photo_settings
from clemency.images.settings import DEFAULT_QUALITY, DEFAULT_WIDTHS
from clemency.images.tones import css


def test_defaults_fill_only_what_is_missing():
    settings = fill_defaults({"PHOTOS_MAX_PIXELS": 10})
    assert settings["PHOTOS_MAX_PIXELS"] == 10
    assert settings["PHOTOS_WIDTHS"] == DEFAULT_WIDTHS
    result, warnings = photo_settings({}, Path("/project"))
    assert warnings == []
    assert result.cache_dir == Path("/project/.cache/photos")
    assert result.formats == ("avif", "webp", "jpeg")


def test_a_bad_value_is_logged_with_its_key_and_value_and_replaced():
    result, warnings = photo_settings(
        {"PHOTOS_QUALITY": {"webp": 500}, "PHOTOS_WIDTHS": "big", "PHOTOS_FORMATS": ["webp"]},
        Path("/project"),
    )
    assert result.quality["webp"] == DEFAULT_QUALITY["webp"] and result.widths == DEFAULT_WIDTHS
    assert len(warnings) == 3
    assert warnings[0].startswith("photos: PHOTOS_WIDTHS = 'big' is not a list of widths")
    assert "PHOTOS_FORMATS = ['webp'] must list" in warnings[1]
    assert "always 'jpeg' (the fallback); using the default" in warnings[1]
    assert warnings[2].startswith("photos: PHOTOS_QUALITY = {'webp': 500} is not a mapping")


def test_cache_pruning_is_configurable():
    result, warnings = photo_settings({"PHOTOS_CACHE_KEEP_BUILDS": 0}, Path("/project"))
    assert result.cache_keep_builds == 20
    assert warnings == [
        "photos: PHOTOS_CACHE_KEEP_BUILDS = 0 is not a number of builds; using the default 20."
    ]


def test_the_layout_widths_the_site_is_judged_at_are_on_the_ladder():
    hero = {328, 656, 736, 1152, 1472}  # 360/768/1440 px viewports, DPR 1 and 2 (2304: capped)
    card = {328, 656, 368, 736}  # 360 and 1440 px; 768 px wants 360/720, served by 368/736
    assert hero | card <= set(DEFAULT_WIDTHS)
    steps = [b / a for a, b in zip(DEFAULT_WIDTHS, DEFAULT_WIDTHS[1:], strict=False)]
    assert max(steps) < 1.3


def test_tones_css_is_in_step_with_the_palette():
    path = Path(__file__).resolve().parents[2] / "theme" / "static" / "css" / "tones.css"
    assert path.read_text(encoding="utf-8") == css()
