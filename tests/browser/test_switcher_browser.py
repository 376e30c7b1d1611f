"""The language switcher in real Chromium (Debian's), driven by Playwright: a reader moves
between a story and its Khmer translation with the mouse or the keyboard, and Khmer is drawn
with a Khmer font from the machine, never one fetched from another site.

In CI (CI=true) these tests fail, never skip, when Chromium is missing.
"""

from __future__ import annotations

import json

import pytest

from browser_support import AXE, chromium, need, serve
from i18n import site_fixture
from i18n.site_fixture import TRANSLATED

pytestmark = pytest.mark.browser

language_site = site_fixture.language_site

ENGLISH = f"/stories/{TRANSLATED}/"
KHMER = f"/km/stories/{TRANSLATED}/"


@pytest.fixture(scope="module")
def base_url(language_site):
    with serve(language_site.output) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 800}, device_scale_factor=2)
    tab = context.new_page()
    tab.other_origins = []

    def only_loopback(route):
        if route.request.url.startswith("http://127.0.0.1:"):
            route.continue_()
        else:
            tab.other_origins.append(route.request.url)
            route.abort()

    tab.route("**/*", only_loopback)
    yield tab
    context.close()


def switcher_links(page):
    """The switcher a phone shows: in the Menu panel, opened first (no JavaScript needed)."""
    if not page.locator("details.scp-menu").evaluate("d => d.open"):
        page.locator("summary.scp-menu__toggle").click()
    return page.locator("nav.languages-switcher--menu a")


def test_a_reader_switches_to_khmer_and_back(page, base_url):
    page.goto(base_url + ENGLISH)
    assert page.locator("html").get_attribute("lang") == "en"
    links = switcher_links(page)
    assert links.all_inner_texts() == ["English", "ខ្មែរ", "Tiếng Việt · Trang chủ", "Español · Inicio"]
    khmer = links.filter(has_text="ខ្មែរ")
    assert (khmer.get_attribute("lang"), khmer.get_attribute("hreflang")) == ("km", "km")

    khmer.click()
    page.wait_for_url(base_url + KHMER)
    assert page.locator("html").get_attribute("lang") == "km"
    switcher_links(page)
    assert page.locator("nav.languages-switcher--menu").get_attribute("aria-label") == "ភាសា"
    assert page.locator("nav.languages-switcher--menu [aria-current=page]").inner_text() == "ខ្មែរ"
    assert page.locator("h1").inner_text().startswith("Dara បានត្រឡប់មកផ្ទះវិញ")

    switcher_links(page).filter(has_text="English").click()
    page.wait_for_url(base_url + ENGLISH)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.other_origins == []


def test_the_switcher_is_a_list_to_screen_readers_without_a_role(page, base_url):
    page.goto(base_url + KHMER)
    switcher_links(page)
    switcher = page.get_by_role("navigation", name="ភាសា")  # the hidden wide one is not counted
    assert switcher.locator("[role]").count() == 0  # no redundant role="list" (Nu warns)
    assert switcher.get_by_role("list").count() == 1
    assert switcher.get_by_role("listitem").count() == 4


def test_the_switcher_works_from_the_keyboard(page, base_url):
    page.goto(base_url + ENGLISH)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('scp-menu__toggle')"):
            page.keyboard.press("Enter")  # opens the Menu
        if page.evaluate("document.activeElement.textContent") == "ខ្មែរ":
            break
    else:
        pytest.fail("Tab never reached the Khmer link of the language switcher")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused switcher link shows no focus outline"
    page.keyboard.press("Enter")
    page.wait_for_url(base_url + KHMER)


def test_the_switcher_fits_a_phone_screen(page, base_url):
    page.goto(base_url + KHMER)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for box in (link.bounding_box() for link in switcher_links(page).all()):
        assert box["height"] >= 24 and box["width"] >= 24  # WCAG 2.2 target size


def test_khmer_is_drawn_with_a_khmer_font_from_the_machine(page, base_url):
    page.goto(base_url + KHMER)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    heading = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": heading})["fonts"]
    khmer = [f for f in fonts if "Khmer" in f["familyName"]]
    assert khmer, f"no Khmer font drew the heading: {fonts}"
    assert all(f["isCustomFont"] is False for f in khmer)  # the system's, not a web font
    assert page.other_origins == []


@pytest.mark.parametrize("path", [KHMER, "/km/", "/vi/get-help/", "/es/stories/"])
def test_pages_in_every_language_pass_axe(browser, base_url, path):
    need(AXE.is_file(), f"{AXE} is missing: run `npm ci` in the project folder")
    context = browser.new_context(viewport={"width": 360, "height": 800}, device_scale_factor=2)
    context.add_init_script(AXE.read_text(encoding="utf-8"))
    try:
        tab = context.new_page()
        tab.goto(base_url + path)
        result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    assert [
        f"{v['id']}: {v['help']} at {json.dumps([n['target'] for n in v['nodes'][:3]])}"
        for v in result["violations"]
    ] == []
