"""The pure helpers and the template parts of the languages plugin: dates and numbers per
locale, language links, gettext that follows the page's language, and the switcher, hreflang
and "not translated yet" templates rendered on their own (string in, string out)."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from jinja2 import Environment, FileSystemLoader

from clemency.content import vocab
from clemency.content.models import Outcome
from clemency.i18n import catalogs as i18n
from clemency.i18n.translator import Translator
from clemency.i18n.views import LanguageSite, Untranslated
from conftest import ROOT

DAY = dt.date(2026, 10, 15)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "October 15, 2026"),
        ("km", "15 តុលា 2026"),
        ("vi", "15 tháng 10, 2026"),
        ("es", "15 de octubre de 2026"),
    ],
)
def test_dates_are_written_as_each_language_writes_them(lang, expected):
    assert i18n.format_date(DAY, lang) == expected
    assert i18n.format_date(dt.datetime(2026, 10, 15, 23, 0), lang) == expected


def test_numbers_use_each_languages_separators():
    assert i18n.format_number(12345.5, "en") == "12,345.5"
    assert i18n.format_number(12345.5, "es") == "12.345,5"
    assert i18n.format_number(12345.5, "vi") == "12.345,5"


def test_languages_are_named_in_themselves_and_in_each_other():
    assert [i18n.native_label(x) for x in ("en", "km", "vi", "es")] == [
        "English",
        "ខ្មែរ",
        "Tiếng Việt",
        "Español",
    ]
    assert i18n.native_label("fr") == "Français"  # from Babel, capitalised
    assert i18n.language_name("en", "km") == "អង់គ្លេស"
    assert i18n.language_name("en", "es") == "inglés"


def test_language_links_follow_the_sites_language_order():
    links = i18n.language_links(
        {"km": "km/about/", "en": "about/", "xx": "xx/about/"}, "km", ["en", "km", "vi", "es"], "en"
    )
    assert [(x.lang, x.url, x.current, x.is_default) for x in links] == [
        ("en", "about/", False, True),
        ("km", "km/about/", True, False),
    ]


def test_prefixed_addresses():
    assert i18n.prefixed("stories/", "km") == "km/stories/"
    assert i18n.prefixed("", "vi") == "vi/"
    assert i18n.prefixed("/about/", "es", "{lang}/site/") == "es/site/about/"


@pytest.fixture(scope="module")
def translator():
    catalogs = {lang: i18n.load_translations(ROOT, lang) for lang in ("km", "vi", "es")}
    return Translator("en", catalogs)


def test_gettext_answers_in_the_active_language(translator):
    assert translator.gettext("Stories") == "Stories"
    with translator.active("km"):
        assert translator.gettext("Stories") == "រឿងរ៉ាវ"
        with translator.active("es"):
            assert translator.gettext("Stories") == "Historias"
        assert translator.gettext("Stories") == "រឿងរ៉ាវ"
    assert translator.gettext("Stories") == "Stories"


def test_plural_forms_follow_each_language(translator):
    with translator.active("es"):
        assert translator.ngettext("Partner", "Partners", 1) == "Organización aliada"
        assert translator.ngettext("Partner", "Partners", 2) == "Organizaciones aliadas"
        # Used alone too ("Partner" above a partner's listing): its singular form.
        assert translator.gettext("Partner") == "Organización aliada"
    with translator.active("km"):
        assert translator.ngettext("Attorney", "Attorneys", 3) == "មេធាវី"


def test_a_missing_translation_falls_back_to_english_and_is_reported_once(translator, caplog):
    with caplog.at_level(logging.WARNING, logger="clemency.i18n.translator"), translator.active("vi"):
        assert translator.gettext("A string nobody translated") == "A string nobody translated"
        translator.gettext("A string nobody translated")
    assert "A string nobody translated" in translator.misses["vi"]
    assert [r.getMessage() for r in caplog.records] == [
        'languages: "A string nobody translated" has no Vietnamese translation, so it is shown '
        "in English. Run `invoke i18n-update` and translate it in "
        "theme/translations/vi/LC_MESSAGES/messages.po."
    ]


@pytest.fixture(scope="module")
def env(translator):
    environment = Environment(
        loader=FileSystemLoader(ROOT / "theme" / "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
    )
    translator.install(environment)
    environment.globals.update(SITEURL="", absolute_url=lambda url: f"https://example.org/{url}")
    return environment


LINKS = i18n.language_links({"en": "stories/a/", "km": "km/stories/a/"}, "km", ["en", "km", "vi", "es"], "en")


HOMES = {"en": ("", "Home"), "km": ("km/", "ទំព័រដើម"), "vi": ("vi/", "Trang chủ"), "es": ("es/", "Inicio")}


def test_the_switcher_names_each_version_in_its_own_language(env, translator):
    choices = i18n.language_choices(LINKS, "km", ["en", "km", "vi", "es"], "en", HOMES)
    with translator.active("km"):
        html = env.get_template("partials/language_switcher.html").render(
            language_choices=choices, switcher_variant="menu"
        )
    assert '<nav class="languages-switcher languages-switcher--menu" aria-label="ភាសា">' in html
    assert (
        '<a class="languages-switcher__link" href="/stories/a/" lang="en" hreflang="en">English</a>'
    ) in html
    assert (
        '<a class="languages-switcher__link" href="/km/stories/a/" lang="km" hreflang="km" '
        'aria-current="page">ខ្មែរ</a>'
    ) in html
    # No Vietnamese version: the link leads to the Vietnamese home and says so, in Vietnamese.
    assert (
        '<a class="languages-switcher__link languages-switcher__link--home" href="/vi/" '
        'lang="vi" hreflang="vi">Tiếng Việt<span class="languages-switcher__note"> · '
        "Trang chủ</span></a>"
    ) in html


def test_a_page_in_one_language_offers_every_language_but_no_alternates(env):
    one = LINKS[:1]
    choices = i18n.language_choices(one, "en", ["en", "km", "vi", "es"], "en", HOMES)
    assert [(c.lang, c.url, c.current, c.home_note) for c in choices] == [
        ("en", "stories/a/", False, ""),
        ("km", "km/", False, "ទំព័រដើម"),
        ("vi", "vi/", False, "Trang chủ"),
        ("es", "es/", False, "Inicio"),
    ]
    assert env.get_template("partials/hreflang.html").render(language_links=one).strip() == ""
    assert env.get_template("partials/hreflang.html").render().strip() == ""


def test_hreflang_alternates_include_x_default(env):
    html = env.get_template("partials/hreflang.html").render(language_links=LINKS)
    assert html.split() == [
        "<link",
        'rel="alternate"',
        'hreflang="en"',
        'href="https://example.org/stories/a/">',
        "<link",
        'rel="alternate"',
        'hreflang="km"',
        'href="https://example.org/km/stories/a/">',
        "<link",
        'rel="alternate"',
        'hreflang="x-default"',
        'href="https://example.org/stories/a/">',
    ]


def test_the_not_translated_notice_speaks_the_pages_language(env, translator):
    article = SimpleNamespace(
        language_notice={
            "lang": "en",
            "url": "stories/a/",
            "label": "English",
            "language": i18n.language_name("en", "km"),
            "page_lang": "km",
        }
    )
    macro = env.get_template("macros/languages.html").module.language_notice
    with translator.active("km"):
        html = str(macro(article))
        assert str(macro(SimpleNamespace(language_notice=None))).strip() == ""
    assert html.strip() == (
        '<p class="languages-notice" lang="km">មិនទាន់បានបកប្រែជាភាសាខ្មែរនៅឡើយទេ។ '
        '<a class="languages-notice__link" href="/stories/a/" hreflang="en">'
        "អានជាភាសាអង់គ្លេស</a></p>"
    )


def test_an_untranslated_story_is_the_original_with_a_notice():
    story = SimpleNamespace(title="Original")
    article = SimpleNamespace(url="stories/a/", title="Original", lang="en")
    view = Untranslated(article, story, {"lang": "en", "page_lang": "km"})
    assert (view.url, view.title, view.lang, view.story) == ("stories/a/", "Original", "en", story)
    assert view.language_notice["page_lang"] == "km"


def test_settings_links_go_to_the_pages_version_in_that_language(translator):
    site = LanguageSite(
        {"DEFAULT_LANG": "en", "LANGUAGES": ["en", "km", "vi"], "LANGUAGES_URL_PREFIX": "{lang}/"}, translator
    )
    site._group({"en": "support/", "km": "km/support/"})
    assert site.localized_link("support/#donate", "km") == "km/support/#donate"
    assert site.localized_link("support/#donate", "vi") == "support/#donate"  # no Vietnamese yet
    assert site.localized_link("https://www.nwirp.org/", "km") == "https://www.nwirp.org/"
    assert site.localized_link("support/", "en") == "support/"


def test_outcomes_are_translated_as_data(translator):
    vocabularies, _ = vocab.load(ROOT / "content" / "data")
    site = LanguageSite(
        {
            "DEFAULT_LANG": "en",
            "LANGUAGES": ["en", "km"],
            "LANGUAGES_URL_PREFIX": "{lang}/",
            "STORIES_VOCABULARIES": vocabularies,
        },
        translator,
    )
    outcome = Outcome(
        "case-pending",
        "Case in progress",
        "The legal work is still going on; the story will be updated when there is a decision.",
    )
    assert site.entry("outcomes", outcome, "en") is outcome
    assert site.entry("outcomes", outcome, "km").label == "សំណុំរឿងកំពុងដំណើរការ"
    assert site.entry("outcomes", outcome, "km").key == "case-pending"


def test_the_plugin_stays_out_of_builds_that_leave_it_out():
    from clemency.plugins import languages

    class FakePelican:
        settings = {"PLUGINS": ["clemency.plugins.stories"], "DEFAULT_LANG": "en"}

    languages.initialized(FakePelican)
    assert "LANGUAGES_SITE" not in FakePelican.settings
