"""The gettext catalogs: every string the site prints is extracted and translated in every
language, and the check says so, naming the file, when one is missing, empty or fuzzy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clemency.i18n import catalogs as i18n
from conftest import ROOT

LANGUAGES = ("km", "vi", "es")


def errors(problems):
    return [p for p in problems if p.level == "error"]


def test_the_real_catalogs_are_complete():
    problems = i18n.check_catalogs(ROOT, LANGUAGES)
    assert not errors(problems), "\n".join(p.format(ROOT) for p in problems)


def test_every_configured_language_has_a_catalog():
    assert set(i18n.catalog_languages(ROOT)) == set(LANGUAGES)


def test_outcomes_partners_and_settings_copy_are_extracted():
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in i18n.extract(ROOT) if m.id}
    assert {
        "Pardon granted",
        "Case in progress",
        "Get help",
        "Donate",
        "Volunteer",
        "Support us",
        "Immigrant post-conviction relief",
    } <= ids
    assert (
        "The governor pardoned the old conviction, so it can no longer be used as a reason to deport."
    ) in ids
    assert "Seattle Clemency Project" not in ids  # the site's name is never translated
    assert "get-help/" not in ids  # nor are addresses


def test_the_review_list_is_current(tmp_path):
    project = _project(tmp_path)
    i18n.write_review_list(project, LANGUAGES)
    assert i18n.review_path(project).read_text(encoding="utf-8") == i18n.review_path(ROOT).read_text(
        encoding="utf-8"
    ), "theme/translations/REVIEW.md is stale: run `invoke i18n-update`"


def _project(tmp_path: Path) -> Path:
    """What extraction reads, copied: babel.cfg, templates, vocabularies, settings, catalogs."""
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    shutil.copytree(ROOT / "theme" / "templates", tmp_path / "theme" / "templates")
    shutil.copytree(ROOT / "theme" / "translations", tmp_path / "theme" / "translations")
    shutil.copytree(ROOT / "content" / "data", tmp_path / "content" / "data")
    return tmp_path


@pytest.fixture
def project(tmp_path):
    return _project(tmp_path)


def test_a_new_template_string_fails_the_check_until_it_is_translated(project):
    partial = project / "theme" / "templates" / "partials" / "skip_link.html"
    partial.write_text(
        partial.read_text(encoding="utf-8") + '<p>{{ _("A brand new sentence") }}</p>\n', encoding="utf-8"
    )

    messages = [p.message for p in errors(i18n.check_catalogs(project, LANGUAGES))]
    assert any("messages.pot" in str(p.path) for p in i18n.check_catalogs(project, LANGUAGES))
    assert (
        sum(
            '"A brand new sentence" (from theme/templates/partials/skip_link.html) is not in the' in m
            for m in messages
        )
        == 3
    )
    assert any("is not in the Khmer catalog. Run `invoke i18n-update`" in m for m in messages)

    i18n.write_pot(project)
    i18n.update_catalogs(project, LANGUAGES)
    problems = errors(i18n.check_catalogs(project, LANGUAGES))
    assert [p.message for p in problems] == [
        f'"A brand new sentence" has no {name} translation yet. Translate it (add a `# review:` '
        "comment if a native speaker should check it)."
        for name in ("Khmer", "Vietnamese", "Spanish")
    ]
    assert all(p.line for p in problems)  # the line in the .po file

    for lang, text in (("km", "ប្រយោគថ្មី"), ("vi", "Một câu mới"), ("es", "Una frase nueva")):
        path = i18n.po_path(project, lang)
        catalog = i18n.read_catalog(path, locale=lang)
        catalog["A brand new sentence"].string = text
        i18n.write_catalog(catalog, path)
    assert not errors(i18n.check_catalogs(project, LANGUAGES))


def test_a_fuzzy_or_wrongly_formatted_translation_fails_the_check(project):
    path = i18n.po_path(project, "es")
    catalog = i18n.read_catalog(path, locale="es")
    catalog["Skip to main content"].flags.add("fuzzy")
    catalog["Photo: %(credit)s"].string = "Foto: %(autor)s"
    i18n.write_catalog(catalog, path)
    messages = [p.message for p in errors(i18n.check_catalogs(project, ["es"]))]
    assert any(
        m.startswith('"Skip to main content" is marked fuzzy, so the site shows it in English.')
        for m in messages
    )
    assert any(
        m.startswith('"Photo: %(credit)s": the Spanish translation\'s placeholders do not match')
        for m in messages
    )


def test_a_missing_catalog_is_reported(project):
    shutil.rmtree(project / "theme" / "translations" / "vi")
    problems = i18n.check_catalogs(project, LANGUAGES)
    assert any(
        p.message.startswith("the Vietnamese catalog is missing. Run `invoke i18n-update`") for p in problems
    )


def test_update_keeps_translations_and_review_comments(project):
    i18n.write_pot(project)
    before = i18n.po_path(project, "km").read_bytes()
    i18n.update_catalogs(project, LANGUAGES)
    assert i18n.po_path(project, "km").read_bytes() == before


def test_extract_leaves_an_unchanged_template_alone(project):
    pot = i18n.pot_path(project)
    before = pot.read_bytes()
    i18n.write_pot(project)
    assert pot.read_bytes() == before


def test_compile_writes_mo_files_outside_git(project):
    written = i18n.compile_catalogs(project, LANGUAGES)
    assert [p.relative_to(project).as_posix() for p in written] == [
        f".cache/translations/{lang}/LC_MESSAGES/messages.mo" for lang in LANGUAGES
    ]
    translations, known = i18n.load_translations(project, "es")
    assert translations.gettext("Get help") == "Obtenga ayuda"
    assert "Get help" in known


def test_a_language_added_to_the_settings_needs_its_catalog(project):
    settings = project / "pelicanconf.py"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace('LANGUAGES = ["en", "km", "vi", "es"]', 'LANGUAGES = ["en", "km", "vi", "es", "fr"]'),
        encoding="utf-8",
    )
    assert i18n.configured_languages(project) == ["km", "vi", "es", "fr"]
    problems = i18n.check_catalogs(project)
    assert [p.message for p in problems] == [
        "the French catalog is missing. Run `invoke i18n-update` to create it, then translate every string."
    ]
    i18n.update_catalogs(project)
    assert i18n.po_path(project, "fr").is_file()
    assert "## Français (French, `fr`): 0 to review" in i18n.review_path(project).read_text(encoding="utf-8")
