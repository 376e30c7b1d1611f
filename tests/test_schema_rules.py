"""Each schema rule against a fixture story named after the behaviour it shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from clemency.content import catalog, vocab
from conftest import ROOT, TODAY, add_story, write_photo

VOCAB, _ = vocab.load(ROOT / "content" / "data")


def load(project: Path, *fixtures: str, preview: bool = False) -> catalog.Catalog:
    for name in fixtures:
        add_story(project, name)
    return catalog.load(
        project / "stories", VOCAB, TODAY, languages=("en", "km", "vi", "es"), preview=preview
    )


def messages(cat: catalog.Catalog) -> list[str]:
    return [p.format(cat_root(cat)) for p in cat.problems if p.level == "error"]


def cat_root(cat):
    return Path(next(iter(cat.problems)).path).parents[2] if cat.problems else None


def test_valid_story_is_published_with_everything_the_theme_needs(project):
    cat = load(project, "valid_story")
    assert cat.problems == []
    (story,) = cat.published.values()
    assert story.slug == "valid-story"
    assert story.display_name == "Mara Testwell"
    assert story.outcome.label == "Conviction vacated"
    assert [a.name for a in story.attorneys] == ["Ada Counsel", "Ben Advocate"]
    assert [p.short_name for p in story.partners] == ["NWIRP", "KhAAG"]
    assert story.content_notes == ["incarceration"]


def test_unknown_field_suggests_the_right_name(project):
    cat = load(project, "unknown_field_atorney")
    assert messages(cat) == [
        "stories/unknown-field-atorney/index.md:7: atorney: 'atorney' is not a field a story "
        "can have. Did you mean 'attorney'? Known fields: title, date, summary, client, outcome, "
        "attorney, partners, photo, consent, content_notes, featured, tags, status, lang, "
        "translation, modified."
    ]


def test_unknown_outcome_and_partner_suggest_known_keys(project):
    cat = load(project, "unknown_outcome_pardonned")
    found = messages(cat)
    assert found[0] == (
        "stories/unknown-outcome-pardonned/index.md:6: outcome: 'pardonned' is not an outcome "
        "we know. Did you mean 'pardon-granted'? Known: pardon-granted, conviction-vacated, "
        "record-cleared, removal-terminated, status-restored, released-from-detention, "
        "case-pending (content/data/outcomes.yml)."
    )
    assert "partners[0]: 'nwrip' is not a partner we know. Did you mean 'nwirp'?" in found[1]


def test_every_missing_required_field_is_reported_in_one_run(project):
    cat = load(project, "missing_required_fields")
    fields = sorted(p.field for p in cat.problems)
    assert fields == ["outcome", "summary", "title"]
    assert all("is missing" in p.message for p in cat.problems)
    assert not cat.published


def test_all_problems_of_all_stories_come_back_together(project):
    cat = load(project, "missing_required_fields", "unknown_field_atorney", "future_date")
    assert {Path(p.path).parent.name for p in cat.problems} == {
        "missing-required-fields",
        "unknown-field-atorney",
        "future-date",
    }


def test_malformed_yaml_names_the_line(project):
    cat = load(project, "malformed_yaml")
    (problem,) = cat.problems
    assert problem.line == 2
    assert problem.message == (
        "line 2: the text after `title:` contains a colon (:), which is read as the start of "
        "another field; put the whole text in double quotes.\n"
        "    before: title: Broken: colon without quotes\n"
        '    after:  title: "Broken: colon without quotes"'
    )


def test_file_without_front_matter(project):
    (problem,) = load(project, "no_front_matter").problems
    assert problem.message.startswith("the file does not start with front matter")


def test_wrong_types_are_explained(project):
    cat = load(project, "wrong_types")
    by_field = {p.field: p.message for p in cat.problems}
    assert by_field["title"] == (
        "has a list, but title is a single value. Keep one value, without the leading '- '."
    )
    assert by_field["date"] == "'yesterday' is not a date. Write it as YYYY-MM-DD, e.g. 2026-03-01."
    assert by_field["featured"] == "'maybe' should be true or false."


def test_future_date_is_refused(project):
    (problem,) = load(project, "future_date").problems
    assert problem.field == "date"
    assert problem.message == (
        "2031-01-01 is in the future. Use the publication date, today (2026-06-01) at the latest."
    )


def test_photo_that_does_not_exist(project):
    (problem,) = load(project, "photo_missing_file").problems
    assert problem.message == (
        "there is no file 'portrait.jpg' in photo-missing-file/. The folder has no photo yet."
    )


def test_photo_typo_suggests_the_file_that_is_there(project):
    path = add_story(project, "photo_missing_file")
    write_photo(path.parent / "portrait.jpeg")
    cat = catalog.load(project / "stories", VOCAB, TODAY)
    assert "Did you mean 'portrait.jpeg'?" in cat.problems[0].message


@pytest.mark.parametrize(
    "fixture, expected",
    [
        ("photo_path_escapes_folder", "points outside the story's folder"),
        ("photo_absolute_path", "is a path on a computer"),
    ],
)
def test_photo_path_must_stay_in_the_story_folder(project, fixture, expected):
    (problem,) = load(project, fixture).problems
    assert problem.field == "photo.src" and expected in problem.message


def test_photo_needs_alt_text_unless_decorative(project):
    path = add_story(project, "photo_without_alt")
    write_photo(path.parent / "photo.png")
    (problem,) = catalog.load(project / "stories", VOCAB, TODAY).problems
    assert problem.field == "photo.alt"
    path.write_text(path.read_text().replace("{src: photo.png}", "{src: photo.png, decorative: true}"))
    assert catalog.load(project / "stories", VOCAB, TODAY).problems == []


def test_file_that_is_not_utf8(project):
    (problem,) = load(project, "not_utf8").problems
    assert problem.line == 5
    assert "not saved as UTF-8" in problem.message


def test_empty_body(project):
    (problem,) = load(project, "empty_body").problems
    assert problem.field == "body"
    assert problem.message.startswith("the story has no text")


def test_two_stories_with_the_same_address(project):
    add_story(project, "pseudonym", slug="Mara")
    add_story(project, "valid_story", slug="mara")
    cat = catalog.load(project / "stories", VOCAB, TODAY)
    assert [p.message for p in cat.problems] == [
        "the folder name 'Mara' is used in the story's web address, so it may only hold "
        "lowercase letters, digits and hyphens. Rename the folder to 'mara'.",
        "two stories have the address 'mara': this folder and Mara/. Rename one of the folders.",
    ]


def test_story_file_outside_a_folder(project):
    (project / "stories" / "loose.md").write_text("---\ntitle: x\n---\n")
    (problem,) = catalog.load(project / "stories", VOCAB, TODAY).problems
    assert problem.message == (
        "stories live in a folder of their own. Move this file to stories/loose/index.md."
    )


def test_missing_consent_is_an_error_and_blocks_publication(project):
    cat = load(project, "consent_missing")
    (problem,) = cat.problems
    assert problem.field == "consent" and problem.level == "error"
    assert not cat.published
    assert "Xena Noconsent" in cat.unpublished_names


def test_expired_consent_says_what_to_do(project):
    cat = load(project, "consent_expired")
    (problem,) = cat.problems
    assert problem.message == (
        "the client's consent review was due on 2026-03-01: re-confirm "
        "with the client, then update consent.review."
    )
    assert not cat.published


def test_withdrawn_consent_is_a_notice_not_an_error(project):
    cat = load(project, "consent_withdrawn")
    assert cat.problems == []
    assert cat.notices == ["consent-withdrawn: not published, consent was withdrawn."]
    assert not cat.published and "Zelda Withdrawnson" in cat.unpublished_names


def test_preview_shows_stories_awaiting_consent_but_never_withdrawn_ones(project):
    cat = load(project, "consent_expired", "consent_withdrawn", preview=True)
    assert [s.slug for s in cat.published.values()] == ["consent-expired"]
    assert all(p.level == "warning" for p in cat.problems)


def test_first_name_consent_never_shows_the_surname(project):
    cat = load(project, "first_name_only_surname_in_body")
    (problem,) = cat.problems
    assert problem.field == "body"
    assert problem.message == (
        "consent.name is 'first', so the client's surname may appear nowhere in the story, in "
        "any spelling or case; this holds S***. Remove it, or record consent for the full name."
    )


def test_name_levels_control_what_visitors_see(project):
    cat = load(project, "pseudonym", "anonymous", "valid_story")
    shown = {s.slug: (s.display_name, s.name_changed, s.initials) for s in cat.published.values()}
    assert shown == {
        "pseudonym": ("Lina Changed", True, "LC"),
        "anonymous": ("", False, ""),
        "valid-story": ("Mara Testwell", False, "MT"),
    }


def test_translation_inherits_the_person_and_may_translate_the_photo_text(project):
    index = add_story(project, "valid_story")
    write_photo(index.parent / "photo.jpg")
    index.write_text(
        index.read_text().replace(
            "content_notes:",
            "photo: {src: photo.jpg, alt: Mara reading at home, caption: At home}\ncontent_notes:",
        )
    )
    (index.parent / "index.es.md").write_text(
        "---\ntitle: Mara mantuvo unida a su familia\nsummary: Una clienta ficticia.\n"
        "photo: {alt: Mara leyendo en casa}\nstatus: published\n---\nLa historia de Mara.\n"
    )
    cat = catalog.load(project / "stories", VOCAB, TODAY, languages=("en", "es"))
    assert cat.problems == []
    spanish = cat.story_for(index.parent / "index.es.md")
    assert spanish.lang == "es" and spanish.translation
    assert spanish.client == "Mara Testwell" and spanish.consent.given.isoformat() == "2026-01-01"
    assert spanish.photo.alt == "Mara leyendo en casa" and spanish.photo.caption == "At home"
    assert spanish.photo.src.name == "photo.jpg"


def test_translation_of_a_draft_stays_a_draft(project):
    index = add_story(project, "valid_story")
    index.write_text(index.read_text().replace("content_notes:", "status: draft\ncontent_notes:"))
    (index.parent / "index.km.md").write_text("---\ntitle: Khmer title\nstatus: published\n---\nText.\n")
    cat = catalog.load(project / "stories", VOCAB, TODAY, languages=("en", "km"))
    assert {s.lang: s.status for s in cat.published.values()} == {"en": "draft", "km": "draft"}


def test_translation_cannot_change_consent(project):
    index = add_story(project, "valid_story")
    (index.parent / "index.vi.md").write_text(
        "---\ntitle: T\nconsent: {name: full, photo: true, given: 2026-01-01, review: 2030-01-01}\n---\nX\n"
    )
    cat = catalog.load(project / "stories", VOCAB, TODAY, languages=("en", "vi"))
    (problem,) = cat.problems
    assert problem.message == (
        "a translation cannot change consent: it comes from index.md. Remove it from this file."
    )
