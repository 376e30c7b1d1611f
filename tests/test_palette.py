"""One palette: the colours Python draws with (icons, share cards, placeholders, photo tones) are
the theme's CSS custom properties, so a page and its share image never disagree."""

from __future__ import annotations

import re

from clemency.images import palette, tones
from conftest import ROOT

CSS = ROOT / "theme" / "static" / "css"


def custom_properties(path) -> dict[str, str]:
    """The light scheme's custom properties of a CSS file (the first declaration of each)."""
    found: dict[str, str] = {}
    for name, value in re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{6})\b", path.read_text(encoding="utf-8")):
        found.setdefault(name, value.lower())
    return found


def test_every_brand_colour_is_its_css_custom_property():
    tokens = custom_properties(CSS / "tokens.css")
    for name, colour in palette.CSS_PROPERTIES.items():
        assert tokens.get(name) == colour, f"{name}: {tokens.get(name)} in tokens.css, {colour} in palette.py"


def test_each_placeholder_field_is_the_field_of_a_story_page_without_a_photo():
    tokens = custom_properties(CSS / "tokens.css")
    for number, (field, _arcs, _sun) in enumerate(palette.PLACEHOLDER_SCHEMES):
        assert tokens[f"--scp-field-{number}"] == field


def test_each_tone_is_its_class_in_tones_css():
    css = (CSS / "tones.css").read_text(encoding="utf-8")
    for name, colour in palette.TONES:
        assert f".{tones.CLASS_PREFIX}{name} {{ background-color: {colour}; }}" in css


def test_the_palette_reads_as_rgb_for_pillow():
    assert palette.rgb(palette.TEAL) == (15, 76, 92)
    assert palette.rgb(palette.PAGE) == (255, 253, 249)
