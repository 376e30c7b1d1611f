"""Alt text that is there but tells a listener little gets advice: a notice, never an error."""

from __future__ import annotations

import pytest

from clemency.content import catalog, names, vocab
from conftest import ROOT, TODAY, add_story, write_photo

VOCAB, _ = vocab.load(ROOT / "content" / "data")
EXAMPLE = '"Lena laughing at her kitchen table with her two daughters."'


@pytest.fixture(autouse=True)
def _staff_terminal(monkeypatch):
    """The advice as a staffer's own terminal prints it (a CI log masks the client's name)."""
    monkeypatch.setattr(names, "names_may_show", lambda: True)


def notices_for(project, alt: str) -> tuple[list[str], catalog.Catalog]:
    path = add_story(project, "photo_without_alt")
    write_photo(path.parent / "photo.png")
    path.write_text(path.read_text().replace("{src: photo.png}", f'{{src: photo.png, alt: "{alt}"}}'))
    cat = catalog.load(project / "stories", VOCAB, TODAY)
    assert [p for p in cat.problems if p.level == "error"] == []
    assert len(cat.published) == 1, "advice never keeps a story off the site"
    return [p.format(project) for p in cat.problems], cat


@pytest.mark.parametrize(
    ("alt", "advice"),
    [
        (
            "Photo of Vera at the courthouse steps",
            "the photo description starts with 'Photo of'; screen readers already say it is an image, "
            "so start with who is in it.\n    before: alt: Photo of Vera at the courthouse steps\n"
            "    after:  alt: Vera at the courthouse steps",
        ),
        (
            "an image of Vera hugging her son at the airport",
            "the photo description starts with 'an image of'; screen readers already say it is an "
            "image, so start with who is in it.\n"
            "    before: alt: an image of Vera hugging her son at the airport\n"
            "    after:  alt: Vera hugging her son at the airport",
        ),
        (
            "picture of Vera",
            "the photo description starts with 'picture of'; screen readers already "
            "say it is an image, so start with who is in it.\n    before: alt: picture of Vera\n"
            "    after:  alt: Vera",
        ),
        (
            "IMG_2041.JPG",
            "the photo description 'IMG_2041.JPG' looks like a file name; describe who "
            f"is in the photo and what they are doing, e.g. {EXAMPLE}",
        ),
        (
            "vera-courthouse.jpeg",
            "the photo description 'vera-courthouse.jpeg' looks like a file "
            f"name; describe who is in the photo and what they are doing, e.g. {EXAMPLE}",
        ),
        (
            "Vera smiling",
            "the photo description 'Vera smiling' has only 2 words; say who is in the "
            f"photo and what they are doing, in a sentence of at least 4 words, e.g. {EXAMPLE}",
        ),
        (
            "Photo without alt.",
            "the photo description repeats the title, so a listener hears it "
            f"twice; describe what the photo shows instead, e.g. {EXAMPLE}",
        ),
    ],
)
def test_alt_text_advice(project, alt, advice):
    found, cat = notices_for(project, alt)
    assert found == [f"stories/photo-without-alt/index.md:7: photo.alt: {advice}"]
    assert {p.level for p in cat.problems} == {"notice"}


def test_a_good_description_gets_no_advice(project):
    found, _ = notices_for(project, "Vera laughing on the courthouse steps with her lawyer")
    assert found == []
