"""Share images with a Khmer title: shaped by raqm, drawn with Noto Sans Khmer, and compared with
a committed reference image within a tolerance (fonts and FreeType differ a little between
machines). Regenerate the reference with CLEMENCY_WRITE_REFERENCES=1 after a deliberate change,
and look at it before committing."""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageFont, ImageStat, features

from clemency.images import cards as socialcard

REFERENCE = Path(__file__).resolve().parent / "reference" / "social_card_km.png"
# A fictional title: Latin and Khmer, with subscript consonants (្រ is drawn before its base).
TITLE = "Dara បានត្រឡប់មកផ្ទះវិញ ជាមួយកូនស្រីរបស់គាត់"
SITE = "Seattle Clemency Project"
# Mean difference per channel (0-255). Shifting the card by one pixel costs about 1.5;
# drawing the same title without shaping costs about 5.7.
TOLERANCE = 1.0


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    assert a.size == b.size and a.mode == b.mode
    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / len(a.getbands())


@pytest.fixture(scope="module")
def khmer_card() -> Image.Image:
    return socialcard.render_card(TITLE, "km", site_name=SITE)


def test_pillow_has_complex_text_layout():
    assert features.check("raqm"), "Pillow was built without raqm: Khmer would be drawn unshaped"


def test_noto_sans_khmer_is_found():
    assert socialcard.Fonts.find().path("khmer").name.startswith("NotoSansKhmer")


def test_the_khmer_card_matches_its_reference(khmer_card):
    if os.environ.get("CLEMENCY_WRITE_REFERENCES") == "1":
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        # 128 colours keep the file small and differ from the card by ~0.04 on average.
        khmer_card.quantize(128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
            REFERENCE, optimize=True
        )
    with Image.open(REFERENCE) as reference:
        difference = mean_difference(khmer_card, reference.convert("RGB"))
    assert difference <= TOLERANCE, (
        f"the Khmer card differs from {REFERENCE.name} by {difference:.2f} on average"
    )


def test_the_reference_would_catch_unshaped_khmer():
    fonts = dataclasses.replace(socialcard.Fonts.find(), engine=ImageFont.Layout.BASIC)
    unshaped = socialcard.render_card(TITLE, "km", site_name=SITE, fonts=fonts)
    with Image.open(REFERENCE) as reference:
        assert mean_difference(unshaped, reference.convert("RGB")) > 3 * TOLERANCE


def test_a_card_is_1200_by_630_and_the_same_bytes_every_time(tmp_path, khmer_card):
    assert khmer_card.size == socialcard.SIZE == (1200, 630)
    socialcard.save_card(khmer_card, tmp_path / "a.jpg")
    socialcard.save_card(socialcard.render_card(TITLE, "km", site_name=SITE), tmp_path / "b.jpg")
    assert (tmp_path / "a.jpg").read_bytes() == (tmp_path / "b.jpg").read_bytes()
    with Image.open(tmp_path / "a.jpg") as saved:
        assert saved.format == "JPEG" and not saved.getexif() and "exif" not in saved.info


def test_a_card_over_a_photo_keeps_the_photo_and_darkens_behind_the_title():
    photo = Image.new("RGB", (1600, 900), (240, 200, 120))
    card = socialcard.render_card("Un indulto", "es", site_name=SITE, background=photo)
    top, bottom = card.getpixel((1150, 20)), card.getpixel((1150, 610))
    assert sum(top) > sum(bottom) > 0  # the scrim grows toward the title


def test_scripts_are_split_into_runs_each_drawn_with_a_font_that_has_them():
    runs = socialcard.runs("ការលើកលែងទោស Sophy នៅ 16 ឆ្នាំ")
    assert [(r.text, r.script) for r in runs] == [
        ("ការលើកលែងទោស ", "khmer"),
        ("Sophy ", "latin"),
        ("នៅ ", "khmer"),
        ("16 ", "latin"),
        ("ឆ្នាំ", "khmer"),
    ]


def test_khmer_breaks_only_between_clusters():
    pieces = socialcard.clusters("គ្រួសារ")  # a consonant with a subscript and a vowel sign
    assert pieces == ["គ្រួ", "សា", "រ"]
    assert not any(p.startswith(("\u17d2", "\u17b6")) for p in pieces)


def test_a_long_title_without_spaces_wraps_inside_the_card():
    layout = socialcard.Layout(socialcard.Fonts.find(), 60, "km")
    lines = layout.lines("ការលើកលែងទោស" * 8, 1040)
    assert len(lines) > 1
    assert all(layout.width(line) <= 1040 for line in lines)


def test_a_too_long_title_is_cut_with_an_ellipsis():
    fonts = socialcard.Fonts.find()
    _, lines = socialcard.fit_title("word " * 200, "en", fonts, 1040, 300)
    assert len(lines) <= socialcard.MAX_LINES and lines[-1].endswith("…")


def test_the_cache_key_follows_everything_that_changes_the_pixels():
    fonts = socialcard.Fonts.find()
    key = socialcard.card_key(TITLE, "km", SITE, None, fonts)
    assert len(key) == 16
    assert key == socialcard.card_key(TITLE, "km", SITE, None, fonts)
    for changed in (
        (TITLE + "!", "km", SITE, None),
        (TITLE, "vi", SITE, None),
        (TITLE, "km", "Other", None),
        (TITLE, "km", SITE, "abc-1200.jpg"),
    ):
        assert socialcard.card_key(*changed, fonts) != key


def test_a_missing_font_is_a_clear_error():
    with pytest.raises(socialcard.CardError, match="fonts-noto-core"):
        socialcard.Fonts({}).path("khmer")


def test_the_png_reference_is_small():
    buffer = io.BytesIO(REFERENCE.read_bytes())
    with Image.open(buffer) as reference:
        assert reference.size == (1200, 630)
    assert REFERENCE.stat().st_size < 100_000


def test_without_a_photo_stories_share_their_own_light_field_with_ink_text():
    one = socialcard.render_card("Un indulto", "es", site_name=SITE, scheme=0)
    other = socialcard.render_card("Un indulto", "es", site_name=SITE, scheme=2)
    assert one.tobytes() != other.tobytes()
    assert sum(one.getpixel((20, 300))) > 600  # a light field, not the old dark teal
