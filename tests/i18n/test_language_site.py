"""The whole site in four languages, built with real Pelican from fictional stories: a story and
its Khmer translation link to each other, each language has its own home, listings and feed,
and consent holds in every language."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from PIL import Image

from i18n import site_fixture
from i18n.site_fixture import TRANSLATED, UNTRANSLATED, WITHDRAWN

pytestmark = pytest.mark.slow

language_site = site_fixture.language_site

ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')
SWITCHER = re.compile(r'<nav class="languages-switcher[ "].*?</nav>', re.S)
SWITCH_LINK = re.compile(
    r'<a class="languages-switcher__link( languages-switcher__link--home)?" '
    r'href="([^"]+)" lang="([^"]+)" hreflang="([^"]+)"( aria-current="page")?>'
    r'([^<]+)(?:<span class="languages-switcher__note"> · ([^<]+)</span>)?</a>'
)


def alternates(html: str) -> dict[str, str]:
    """hreflang -> path: full in production, site-relative or on FEED_DOMAIN in local builds."""
    return {lang: urlsplit(href).path for lang, href in ALTERNATE.findall(html)}


def switcher(html: str, homes: bool = False) -> list[tuple]:
    """The switcher's links to this page's versions (or, with `homes`, to languages' homes)."""
    found = SWITCHER.search(html)
    if not found:
        return []
    links = SWITCH_LINK.findall(found.group())
    if homes:
        return [(href, lang, note) for home, href, lang, _, _, _, note in links if home]
    return [
        (href, lang, hreflang, bool(current), label)
        for home, href, lang, hreflang, current, label, _ in links
        if not home
    ]


def test_the_plugin_loads(language_site):
    assert "LANGUAGES_SITE" in language_site.settings, "clemency.plugins.languages did not load"


def test_a_story_and_its_khmer_translation_are_both_built(language_site):
    english = language_site.page(f"stories/{TRANSLATED}/")
    khmer = language_site.page(f"km/stories/{TRANSLATED}/")
    assert '<html lang="en"' in english
    assert '<html lang="km"' in khmer
    assert "Dara came home to his daughters" in english
    assert "Dara បានត្រឡប់មកផ្ទះវិញ ជាមួយកូនស្រីរបស់គាត់" in khmer


def test_they_are_linked_both_ways_with_hreflang(language_site):
    english = language_site.page(f"stories/{TRANSLATED}/")
    khmer = language_site.page(f"km/stories/{TRANSLATED}/")
    expected = {
        "en": f"/stories/{TRANSLATED}/",
        "km": f"/km/stories/{TRANSLATED}/",
        "x-default": f"/stories/{TRANSLATED}/",
    }
    assert alternates(english) == expected
    assert alternates(khmer) == expected
    assert switcher(english) == [
        (f"/stories/{TRANSLATED}/", "en", "en", True, "English"),
        (f"/km/stories/{TRANSLATED}/", "km", "km", False, "ខ្មែរ"),
    ]
    assert switcher(khmer) == [
        (f"/stories/{TRANSLATED}/", "en", "en", False, "English"),
        (f"/km/stories/{TRANSLATED}/", "km", "km", True, "ខ្មែរ"),
    ]
    # No Vietnamese or Spanish version yet: those lead to their homes, and say so.
    assert switcher(english, homes=True) == [("/vi/", "vi", "Trang chủ"), ("/es/", "es", "Inicio")]


def test_a_story_in_one_language_links_the_other_languages_homes_and_has_no_alternates(language_site):
    page = language_site.page(f"stories/{UNTRANSLATED}/")
    assert switcher(page) == [(f"/stories/{UNTRANSLATED}/", "en", "en", True, "English")]
    assert switcher(page, homes=True) == [
        ("/km/", "km", "ទំព័រដើម"),
        ("/vi/", "vi", "Trang chủ"),
        ("/es/", "es", "Inicio"),
    ]
    assert alternates(page) == {}
    assert not (language_site.output / "km" / "stories" / UNTRANSLATED).exists()


def test_the_khmer_page_speaks_khmer(language_site):
    khmer = language_site.page(f"km/stories/{TRANSLATED}/")
    assert "រំលងទៅខ្លឹមសារចម្បង" in khmer  # the skip link
    assert "បានទទួលការលើកលែងទោស" in khmer  # the outcome label, from outcomes.yml
    assert "អភិបាលរដ្ឋបានលើកលែងទោស" in khmer  # and its explanation
    assert '<time datetime="2026-03-05">5 មីនា 2026</time>' in khmer  # Babel's Khmer date
    assert 'href="/km/stories/"' in khmer and 'href="/km/get-help/"' in khmer
    assert "Pardon granted" not in khmer


def test_every_interface_string_was_found_in_every_catalog(language_site):
    misses = language_site.settings["LANGUAGES_SITE"].translator.misses
    assert not any(misses.values()), misses


def test_each_language_has_its_home_story_index_listings_and_feed(language_site):
    for lang in ("km", "vi", "es"):
        for path in (
            "",
            "stories/",
            "search/",
            "stories/outcome/pardon-granted/",
            "stories/partner/khaag/",
            "about/",
            "get-help/",
            "partners/",
        ):
            page = language_site.page(f"{lang}/{path}")
            assert f'<html lang="{lang}"' in page, f"{lang}/{path}"
        feed = ElementTree.parse(language_site.output / lang / "feeds" / "stories.atom.xml")
        assert feed.getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == lang


def test_a_language_listing_shows_each_story_in_that_language_if_it_can(language_site):
    listing = language_site.page("km/stories/")
    assert f'href="/km/stories/{TRANSLATED}/"' in listing
    assert "Dara បានត្រឡប់មកផ្ទះវិញ" in listing
    # Not translated yet: the English version, with its badge in Khmer.
    assert f'href="/stories/{UNTRANSLATED}/"' in listing
    assert "Linh&#39;s case is still in progress" in listing
    assert "សំណុំរឿងកំពុងដំណើរការ" in listing


def test_each_feed_lists_the_stories_in_its_language(language_site):
    feed = (language_site.output / "km" / "feeds" / "stories.atom.xml").read_text(encoding="utf-8")
    assert f"/km/stories/{TRANSLATED}/" in feed
    assert UNTRANSLATED not in feed
    english = ElementTree.parse(language_site.output / "feeds" / "stories.atom.xml").getroot()
    assert english.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    links = [link.get("href") for link in english.iter("{http://www.w3.org/2005/Atom}link")]
    assert f"/stories/{TRANSLATED}/" in links and f"/stories/{UNTRANSLATED}/" in links
    assert not [link for link in links if link.startswith(("/km/", "/vi/", "/es/"))]


def test_the_sitemap_lists_every_version_with_its_alternates(language_site):
    sitemap = ElementTree.parse(language_site.output / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entries = {
        u.findtext("s:loc", namespaces=ns): {
            link.get("hreflang"): link.get("href") for link in u.findall("x:link", ns)
        }
        for u in sitemap.findall("s:url", ns)
    }
    story = next(loc for loc in entries if loc.endswith(f"/km/stories/{TRANSLATED}/"))
    base = story[: -len(f"/km/stories/{TRANSLATED}/")]
    assert entries[story] == {
        "en": f"{base}/stories/{TRANSLATED}/",
        "km": story,
        "x-default": f"{base}/stories/{TRANSLATED}/",
    }
    assert entries[f"{base}/km/"]["vi"] == f"{base}/vi/"
    assert entries[f"{base}/stories/{UNTRANSLATED}/"] == {}


def test_a_withdrawn_story_is_absent_in_every_language(language_site):
    for path in language_site.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert "Withdrawnperson" not in text, path
            assert WITHDRAWN not in text, path
    assert not list(language_site.output.rglob(f"*{WITHDRAWN}*"))


def test_consent_holds_in_every_language(language_site):
    # consent.name is "first": the surname appears in no version of the story.
    for path in language_site.output.rglob("*.html"):
        assert "Testperson" not in path.read_text(encoding="utf-8"), path


def test_photos_are_published_once_not_per_language(language_site):
    khmer = language_site.page(f"km/stories/{TRANSLATED}/")
    assert re.search(r'<img src="/media/\w+-\d+\.jpg"', khmer)
    for lang in ("km", "vi", "es"):
        assert not (language_site.output / lang / "media").exists()


def test_each_version_gets_a_share_card_with_its_own_title(language_site):
    site = language_site.settings["LANGUAGES_SITE"]
    cards = {a.lang: a.social_card for a in site.story_versions if a.slug == TRANSLATED}
    assert set(cards) == {"en", "km"}
    assert cards["en"].src != cards["km"].src
    for card in cards.values():
        with Image.open(language_site.output / card.src.lstrip("/")) as image:
            assert image.size == (1200, 630)
            assert not image.getexif()


# ---------------------------------------------------------------------------------------------
# What a visitor, a search engine and a sharer get in each language

CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')
HREF = re.compile(r'<a [^>]*?href="([^"]+)"')
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
CARD = re.compile(r'<article class="scp-card">.*?</article>', re.S)


def canonical(html: str) -> str:
    (href,) = CANONICAL.findall(html)
    return urlsplit(href).path


def meta(html: str, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)
    assert found, name
    return found.group(1)


def jsonld(html: str) -> dict[str, dict]:
    (text,) = JSONLD.findall(html)
    return {node["@type"]: node for node in json.loads(text)["@graph"]}


def cards(html: str) -> dict[str, str]:
    """Each story card on a listing, by the address it links to."""
    return {
        re.search(r'class="scp-card__link" href="([^"]+)"', card).group(1): card
        for card in CARD.findall(html)
    }


def test_each_language_home_is_canonical_to_itself(language_site):
    assert canonical(language_site.page("")) == "/"
    for lang in ("km", "vi", "es"):
        home = language_site.page(f"{lang}/")
        assert canonical(home) == f"/{lang}/", lang
        assert urlsplit(meta(home, "og:url")).path == f"/{lang}/", lang


def test_the_brand_and_breadcrumb_lead_to_the_home_in_the_pages_language(language_site):
    brand = re.compile(r'<a class="scp-header__brand" href="([^"]+)">')
    home = re.compile(r'<a class="scp-breadcrumbs__link" href="([^"]+)">')
    assert brand.findall(language_site.page(f"stories/{TRANSLATED}/")) == ["/"]
    assert home.findall(language_site.page(f"stories/{TRANSLATED}/"))[0] == "/"
    khmer = language_site.page(f"km/stories/{TRANSLATED}/")
    assert brand.findall(khmer) == ["/km/"]
    assert home.findall(khmer)[:2] == ["/km/", "/km/stories/"]
    for lang in ("km", "vi", "es"):
        for path in ("", "stories/", "search/", "about/", "stories/outcome/pardon-granted/"):
            assert brand.findall(language_site.page(f"{lang}/{path}")) == [f"/{lang}/"], path


def test_a_language_page_links_to_english_only_for_stories_not_translated_yet(language_site):
    english_only = {f"/stories/{UNTRANSLATED}/"}
    for lang in ("km", "vi", "es"):
        for path in (
            "",
            "stories/",
            "search/",
            "about/",
            "get-help/",
            "partners/",
            "stories/outcome/pardon-granted/",
            "stories/partner/khaag/",
        ):
            page = language_site.page(f"{lang}/{path}")
            page = SWITCHER.sub("", page)  # the switchers link every language
            for href in HREF.findall(page):
                if href.startswith("/") and not href.startswith(f"/{lang}/"):
                    # The story translated into Khmer is English on the Vietnamese pages.
                    allowed = english_only | ({f"/stories/{TRANSLATED}/"} if lang != "km" else set())
                    assert href in allowed, f"{lang}/{path} links to {href}"


def test_a_card_for_a_story_not_yet_translated_says_so_in_the_pages_language(language_site):
    listing = cards(language_site.page("km/stories/"))
    untranslated = listing[f"/stories/{UNTRANSLATED}/"]
    assert '<h2 class="scp-card__title" lang="en">' in untranslated
    assert '<p class="scp-card__summary" lang="en">' in untranslated
    assert (
        '<p class="languages-notice" lang="km">មិនទាន់បានបកប្រែជាភាសាខ្មែរនៅឡើយទេ។ '
        f'<a class="languages-notice__link" href="/stories/{UNTRANSLATED}/" hreflang="en">' in untranslated
    )
    translated = listing[f"/km/stories/{TRANSLATED}/"]
    assert "languages-notice" not in translated and ' lang="' not in translated
    # In English every story is in the page's language: no notice, no lang of its own.
    for card in cards(language_site.page("stories/")).values():
        assert "languages-notice" not in card and ' lang="' not in card
    # Spanish: not even the story translated into Khmer is in Spanish.
    spanish = cards(language_site.page("es/stories/"))
    assert all("languages-notice" in card for card in spanish.values())


def test_share_links_are_named_in_the_pages_language(language_site):
    khmer = language_site.page(f"km/stories/{TRANSLATED}/")
    assert 'scp-share__link--email" href="mailto:' in khmer
    assert re.search(r'scp-share__link--email" href="[^"]+">អ៊ីមែល</a>', khmer)
    assert re.search(r'scp-share__link--facebook" href="[^"]+">Facebook</a>', khmer)


def test_a_shared_story_shows_its_card_with_the_title_in_its_language(language_site):
    site = language_site.settings["LANGUAGES_SITE"]
    drawn = {a.lang: a.social_card.src for a in site.story_versions if a.slug == TRANSLATED}
    for lang, path in (("en", f"stories/{TRANSLATED}/"), ("km", f"km/stories/{TRANSLATED}/")):
        page = language_site.page(path)
        assert meta(page, "og:image") == meta(page, "twitter:image") == drawn[lang]
        assert drawn[lang].startswith("/cards/")
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
        assert urlsplit(jsonld(page)["Article"]["image"][0]).path == drawn[lang]


def test_json_ld_speaks_the_pages_language(language_site):
    khmer = jsonld(language_site.page(f"km/stories/{TRANSLATED}/"))
    assert khmer["Article"]["inLanguage"] == "km"
    trail = [
        (item["name"], urlsplit(item["item"]).path) for item in khmer["BreadcrumbList"]["itemListElement"]
    ]
    assert trail[0][1] == "/km/" and trail[1] == ("រឿងរ៉ាវ", "/km/stories/")
    assert trail[2][1] == f"/km/stories/{TRANSLATED}/"
    english = jsonld(language_site.page(f"stories/{TRANSLATED}/"))
    assert [urlsplit(item["item"]).path for item in english["BreadcrumbList"]["itemListElement"]] == [
        "/",
        "/stories/",
        f"/stories/{TRANSLATED}/",
    ]
    for lang in ("en", "km", "vi", "es"):
        website = jsonld(language_site.page("" if lang == "en" else f"{lang}/"))["WebSite"]
        assert website["inLanguage"] == lang
        assert urlsplit(website["url"]).path == ("/" if lang == "en" else f"/{lang}/")
