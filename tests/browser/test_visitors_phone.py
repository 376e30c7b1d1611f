"""What a visitor on a phone gets, in real Chromium (Debian's): the story's heading and first
sentence in the first screen, the program's contact on Get help, search that finds a Khmer word
from the middle of a sentence, the language switcher on every kind of page, and paper without
navigation.

In CI (CI=true) these tests fail, never skip, when Chromium is missing.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from browser_support import chromium, serve
from conftest import ROOT, build
from theme import site_fixture
from theme.site_fixture import make_project

pytestmark = pytest.mark.browser

visitor_site = site_fixture.visitor_site
contact_site = site_fixture.contact_site

PHONE = {"width": 360, "height": 740}
STORY = "/stories/featured-full-name-two-partners/"  # no photo: the drawn header
PAGE_TYPES = {
    "home": "/",
    "story index": "/stories/",
    "story": STORY,
    "story with photo": "/stories/with-photo/",
    "story in one language": "/stories/first-name-only/",
    "outcome listing": "/stories/outcome/conviction-vacated/",
    "partner listing": "/stories/partner/khaag/",
    "page": "/about/",
    "get help": "/get-help/",
    "search": "/search/",
    "not found": "/404.html",
    "khmer home": "/km/",
    "khmer page": "/km/get-help/",
}
# A word from the middle of a sentence of Sophy's Khmer story (stories/sophy/index.km.md):
# "immigrated", inside "ពួកគេបានធ្វើអន្តោប្រវេសន៍ទៅកាន់អាមេរិក..." with no space around it.
KHMER_WORD = "អន្តោប្រវេសន៍"


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def base_url(visitor_site):
    with serve(visitor_site) as url:
        yield url


def phone(browser, **options):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, **options)
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith("http://127.0.0.1:") else route.abort()
        ),
    )
    return context, page


def test_the_first_phone_screen_shows_the_storys_heading_and_first_sentence(browser, base_url):
    context, page = phone(browser)
    try:
        page.goto(base_url + STORY)
        # The bottom of the heading, and of the first sentence of the story's text.
        bottoms = page.evaluate("""() => {
            const h1 = document.querySelector('h1').getBoundingClientRect().bottom;
            const p = document.querySelector('.scp-story__body p');
            const text = p.firstChild;
            const end = text.textContent.search(/[.!?](\\s|$)/) + 1;
            const range = document.createRange();
            range.setStart(text, 0);
            range.setEnd(text, end);
            return [h1, range.getBoundingClientRect().bottom, text.textContent.slice(0, end)];
        }""")
        heading, sentence, words = bottoms
        assert words == "Nadia’s story is invented for the theme’s tests."  # smartypants
        assert heading <= PHONE["height"] and sentence <= PHONE["height"], bottoms
        # One header row: the header is no taller than one 44 px row and its padding.
        header = page.locator("header.scp-header").bounding_box()
        assert header["height"] <= 80, header
    finally:
        context.close()


def test_get_help_shows_the_programs_contact_when_it_is_set(browser, contact_site):
    with serve(contact_site) as url:
        context, page = phone(browser)
        try:
            page.goto(url + "/get-help/")
            box = page.locator(".scp-urgent")
            assert box.locator("h2").inner_text() == "If someone was detained today"
            call = box.locator("a[href='tel:2065550142']").first
            assert call.is_visible() and call.inner_text() == "(206) 555-0142"
            target = call.bounding_box()
            assert target["height"] >= 44 and target["y"] + target["height"] <= PHONE["height"]
            for text in ("help@clemency.example", "Monday to Friday, 9 am to 5 pm", "1 Fictional Way"):
                assert page.get_by_text(text).first.is_visible(), text
            footer = page.locator("footer a[href='tel:2065550142']")
            assert footer.is_visible() and footer.bounding_box()["height"] >= 44
        finally:
            context.close()


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_kind_of_page_offers_every_language(browser, base_url, name):
    context, page = phone(browser)
    try:
        page.goto(base_url + PAGE_TYPES[name])
        page.locator("summary.scp-menu__toggle").click()  # a <details>: no script involved
        links = page.locator("nav.languages-switcher--menu a")
        assert [link.get_attribute("lang") for link in links.all()] == ["en", "km", "vi", "es"]
        assert all(link.is_visible() for link in links.all())
        # The same optical size: a Khmer label is not visibly smaller than the Latin ones.
        heights = [link.evaluate("a => a.getBoundingClientRect().height") for link in links.all()]
        assert max(heights) - min(heights) <= 8, heights
        khmer = links.nth(1)
        offset = khmer.evaluate("a => getComputedStyle(a).textUnderlineOffset")
        assert offset != "auto" and float(offset.rstrip("px")) >= 8  # below the subscripts
    finally:
        context.close()


def test_print_drops_navigation_and_prints_the_footer_in_ink(browser, base_url):
    context, page = phone(browser)
    try:
        page.goto(base_url + STORY)
        page.emulate_media(media="print")
        for selector in (".scp-nav", ".scp-menu", ".languages-switcher", ".scp-share"):
            assert all(not e.is_visible() for e in page.locator(selector).all()), selector
        ink = page.locator(".scp-footer__note").evaluate("e => getComputedStyle(e).color")
        assert ink == "rgb(0, 0, 0)"
        body = page.locator(".scp-story__body").bounding_box()["width"]
        assert body >= page.evaluate("document.documentElement.clientWidth") - 40
    finally:
        context.close()


@pytest.fixture(scope="module")
def sophy_site(tmp_path_factory):
    """The fixture site with Sophy's story and its Khmer translation from stories/."""
    project = make_project(tmp_path_factory.mktemp("sophy"))
    shutil.copytree(ROOT / "stories" / "sophy", project / "stories" / "sophy")
    return build(project, STORIES_TODAY=dt.date(2026, 12, 1))


def test_search_finds_a_khmer_word_from_the_middle_of_a_sentence(browser, sophy_site):
    source = (ROOT / "stories" / "sophy" / "index.km.md").read_text(encoding="utf-8")
    # The word is written inside a run of Khmer, with letters right before and after it.
    assert re.search(f"[\u1780-\u17ff]{KHMER_WORD}[\u1780-\u17ff]", source)
    with serve(sophy_site) as url:
        context, page = phone(browser)
        try:
            page.goto(url + "/km/search/?q=" + KHMER_WORD)
            page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
            links = page.eval_on_selector_all(
                ".pagefind-ui__result-link", "els => els.map(e => e.getAttribute('href'))"
            )
            assert "/km/stories/sophy/" in links
            # Pagefind speaks Khmer, from the catalogs.
            assert page.locator(".pagefind-ui__search-clear").inner_text() == "សម្អាត"
        finally:
            context.close()
