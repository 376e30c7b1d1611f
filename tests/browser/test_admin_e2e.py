"""The story editor end to end, in real Chromium: /admin/ of a built fixture site, decap-server on
loopback writing into that site's folder, a story created through the form, checked and built.

Set CLEMENCY_SCREENSHOTS=docs/images to refresh the staff guide's screenshots from this run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from browser_support import chromium, loopback_context, need, serve
from clemency.build.sources import check_sources, read_project_settings
from clemency.editor import server as cms_server
from conftest import ROOT, TODAY, add_story, build, copy_project

pytestmark = pytest.mark.browser

DECAP_DIST = ROOT / "node_modules" / "decap-cms" / "dist"
SCREENSHOT_WIDTH = 1000
REFUSED_SAVE = {"undefined", "Object"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """A built fixture site served on loopback, with the guarded decap-server editing its folder."""
    need(
        (DECAP_DIST / "decap-cms.js").is_file() and cms_server.decap_server_command(ROOT) is not None,
        "the editor's browser tests need node_modules/decap-cms and decap-server: run `npm ci`",
    )
    project = copy_project(tmp_path_factory.mktemp("editor-site"))
    add_story(project, "valid_story")
    cms_port = _free_port()
    # The site is served before it is built: its address goes into the editor's settings.
    with serve(project / "output") as site_url:
        backend = cms_server.EditorBackend(project, cms_port, frozenset({site_url}), log=print)
        build(project, **_site_settings(cms_port, site_url, backend.key))
        try:
            backend.start(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            yield {"project": project, "url": site_url, "cms_port": cms_port, "key": backend.key}
        finally:
            backend.stop()


def _site_settings(cms_port: int, site_url: str, key: str) -> dict:
    return {
        "ADMIN_LOCAL_BACKEND_PORT": cms_port,
        "ADMIN_PREVIEW_URL": site_url,
        "ADMIN_DECAP_DIST": str(DECAP_DIST),
        "ADMIN_LOCAL_BACKEND_KEY": key,
    }


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser, editor):
    """A fresh browser profile (no saved drafts) logged in to the local editor."""
    errors: list[str] = []
    with loopback_context(browser, viewport={"width": SCREENSHOT_WIDTH, "height": 760}) as context:
        page = context.new_page()
        # A refused save ends in an unhandled rejection inside Decap, reported as "undefined" (a
        # missing field) or "Object" (a save stopped by files.js); the tests check those refusals.
        page.on("pageerror", lambda exc: None if str(exc) in REFUSED_SAVE else errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{editor['url']}/admin/")
        page.get_by_role("button", name="Login").click()
        page.get_by_text("Mara kept her family together").wait_for()
        yield page
        assert context.other_origins == []
    assert errors == [], errors


def field(page, label: str):
    """The input for a form label (the editor's own language column when there are several)."""
    target = page.locator(f'label:text-is("{label}")').first.get_attribute("for")
    return page.locator(f"[id='{target}']")


def choose(page, label: str, typed: str) -> None:
    box = field(page, label)
    box.click()
    box.type(typed)
    page.keyboard.press("Enter")


def publish(page) -> None:
    page.get_by_role("button", name="Publish").first.click()
    page.get_by_text("Publish now").click()


def fill_story(page, *, client: str, alt: str | None, consent: bool, photo: Path | None) -> None:
    field(page, "Title").fill("Lena came home to her daughters")
    field(page, "Date").fill("2026-05-20")
    field(page, "Summary").fill("A fictional client whose deportation case was closed.")
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Lena's story, told with her consent.")
    field(page, "Client's name").fill(client)
    choose(page, "Outcome", "Deportation case closed")
    if photo:
        page.get_by_role("button", name="Choose an image").first.click()
        page.locator("input[type=file]").first.set_input_files(str(photo))
        page.get_by_role("button", name="Choose selected").click()
        page.get_by_role("button", name="Remove image").wait_for()
    if alt is not None:
        field(page, "Description (alt text)").fill(alt)
    if consent:
        choose(page, "Name shown", "full")
        field(page, "Photo allowed").click()
        field(page, "Consent signed on").fill("2026-05-01")
        field(page, "Re-confirm consent by").fill("2027-05-01")


def screenshot(page, name: str, tmp_path: Path, *, target=None) -> Path:
    """Take a screenshot; with CLEMENCY_SCREENSHOTS set, also store a small copy for the guide."""
    path = tmp_path / name
    (target or page).screenshot(path=str(path))
    keep = os.environ.get("CLEMENCY_SCREENSHOTS")
    if keep:
        image = Image.open(path).convert("RGB")
        if image.width > SCREENSHOT_WIDTH:
            image = image.resize((SCREENSHOT_WIDTH, round(image.height * SCREENSHOT_WIDTH / image.width)))
        small = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=0)
        dest = Path(keep) / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        small.save(dest, optimize=True)
    return path


def photo_file(tmp_path: Path) -> Path:
    path = tmp_path / "portrait.jpg"
    Image.new("RGB", (160, 120), (176, 92, 48)).save(path, quality=85)
    return path


def test_the_editor_lists_the_stories_from_the_generated_config(page, tmp_path):
    assert page.get_by_role("link", name="Stories").first.is_visible()
    assert page.get_by_role("link", name="Pages").first.is_visible()
    page.wait_for_load_state("networkidle")
    screenshot(page, "editor-story-list.png", tmp_path)
    page.get_by_role("link", name="Pages").first.click()
    page.get_by_text("About the program").click()  # content/pages/about.md, not about.en.md
    assert field(page, "Title").input_value() == "About the program"


@pytest.mark.parametrize(
    ("locale", "login", "contents"),
    [
        ("es-ES", "Iniciar sesión", "Contenido"),
        ("vi-VN", "Đăng nhập", "Nội dung"),
        ("km-KH", "Login", "Contents"),  # Decap has no Khmer: English
    ],
)
def test_the_editor_speaks_the_staffers_language_when_decap_has_it(browser, editor, locale, login, contents):
    with loopback_context(browser, locale=locale) as context:
        page = context.new_page()
        page.goto(f"{editor['url']}/admin/")
        page.get_by_role("button", name=login).click()
        page.get_by_role("link", name=contents).first.wait_for()
        assert context.other_origins == []


def test_file_names_match_the_site_in_both_directions(page):
    mapping = page.evaluate("""() => {
      const a = window.ClemencyAdmin;
      return [a.toRepo('stories/mara/index.en.md'), a.toCms('stories/mara/index.md'),
              a.toCms('stories/mara/index.km.md'), a.toRepo('stories/mara/index.km.md'),
              a.toRepo('stories/mara/photo.en.jpg'), a.toCms('content/pages/about.md'),
              a.translationOnly('---\\ntitle: T\\ndate: 2026-01-01\\nconsent:\\n  name: full\\n'
                                + 'content_notes: []\\n---\\nText', ['title', 'content_notes']),
              a.translationOnly('---\\ndate: 2026-01-01\\n---\\n', ['title'])];
    }""")
    assert mapping[:6] == [
        "stories/mara/index.md",
        "stories/mara/index.en.md",
        "stories/mara/index.km.md",
        "stories/mara/index.km.md",
        "stories/mara/photo.en.jpg",
        "content/pages/about.en.md",
    ]
    assert mapping[6] == {"raw": "---\ntitle: T\n---\nText", "empty": False}
    assert mapping[7]["empty"] is True


def test_a_story_made_in_the_form_is_saved_checked_and_built(page, editor, tmp_path):
    project = editor["project"]
    photo = photo_file(tmp_path)
    page.goto(f"{editor['url']}/admin/#/collections/stories/new")
    field(page, "Title").wait_for()
    fill_story(
        page, client="Lena Fictional", alt="Lena laughing at her kitchen table.", consent=True, photo=photo
    )
    screenshot(page, "editor-new-story.png", tmp_path)
    field(page, "Description (alt text)").scroll_into_view_if_needed()
    screenshot(page, "editor-photo.png", tmp_path)
    field(page, "Re-confirm consent by").scroll_into_view_if_needed()
    screenshot(page, "editor-consent.png", tmp_path)
    publish(page)

    # The editor names the folder (the story's address) after the title, never the client.
    story = project / "stories" / "lena-came-home-to-her-daughters"
    _wait_for(
        page,
        lambda: (
            (story / "index.md").is_file()
            and (story / "portrait.jpg").is_file()
            and (story / "index.md").read_text(encoding="utf-8").rstrip().endswith("consent.")
        ),
    )
    # Once saved, the editor opens the story at its own address.
    page.wait_for_function(f"() => location.hash.includes('/entries/{story.name}/')")
    text = (story / "index.md").read_text(encoding="utf-8")
    assert "title: Lena came home to her daughters" in text
    assert "src: portrait.jpg" in text and "alt: Lena laughing at her kitchen table." in text
    assert "date: 2026-05-20" in text and "review: 2027-05-01" in text
    assert (story / "portrait.jpg").read_bytes() == photo.read_bytes()
    assert sorted(p.name for p in story.iterdir()) == ["index.md", "portrait.jpg"]

    settings = read_project_settings(project / "pelicanconf.py", {"STORIES_TODAY": TODAY})
    problems, _notices = check_sources(settings)
    assert [p for p in problems if p.level == "error"] == [], problems

    # The preview server rebuilds on save (invoke cms); here the test rebuilds the served folder.
    output = build(project, **_site_settings(editor["cms_port"], editor["url"], editor["key"]))
    built = (output / "stories" / story.name / "index.html").read_text(encoding="utf-8")
    assert "Lena came home to her daughters" in built
    page.reload()
    field(page, "Title").wait_for()
    if page.locator("iframe").count() == 0:  # hidden when a translation column is shown
        page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe").first.frame_locator("iframe")
    preview.get_by_text("Lena came home to her daughters").first.wait_for()
    screenshot(page, "editor-preview.png", tmp_path)
    visitor = page.context.new_page()
    visitor.goto(f"{editor['url']}/stories/{story.name}/")
    assert "Lena came home to her daughters" in visitor.title() + visitor.content()
    screenshot(visitor, "site-story-page.png", tmp_path)


def _story_files(project: Path) -> set[Path]:
    return {p.relative_to(project) for p in (project / "stories").rglob("*") if p.is_file()}


def test_the_form_refuses_a_photo_without_a_description(page, editor, tmp_path):
    before = _story_files(editor["project"])
    page.goto(f"{editor['url']}/admin/#/collections/stories/new")
    field(page, "Title").wait_for()
    fill_story(page, client="Nadia Nodescription", alt=None, consent=True, photo=photo_file(tmp_path))
    publish(page)
    message = page.get_by_text(
        "A photo needs a description unless it is decorative: say who is "
        "in it and what they are doing, or switch on Decorative."
    )
    message.first.wait_for()
    message.first.scroll_into_view_if_needed()
    screenshot(page, "editor-alt-missing.png", tmp_path)
    page.wait_for_timeout(1000)
    assert _story_files(editor["project"]) == before


def test_a_new_story_opens_in_english_only_with_consent_first_and_not_saved(page, editor):
    page.goto(f"{editor['url']}/admin/#/collections/stories/new")
    field(page, "Title").wait_for()
    assert page.locator("label:text-is('Title')").count() == 1  # no second language column
    labels = page.locator("label").all_text_contents()
    assert labels[0].startswith("Consent"), labels[:3]
    assert page.get_by_text("Not saved", exact=True).is_visible()
    assert page.get_by_text("Saved", exact=True).count() == 0
    # Plain words: a conditional field is explained, not marked "(optional)".
    alt = page.locator("label", has_text="Description (alt text)").first.text_content()
    assert "optional" not in alt
    assert page.get_by_text("Required unless the photo is decorative.").first.is_visible()
    assert page.get_by_text("(optional)").count() > 0  # truly optional fields still say so
    for jargon in ("Rich Text", "Markdown", "Changes saved", "Fill in from another locale"):
        assert page.get_by_text(jargon, exact=True).count() == 0, jargon


def test_an_existing_story_shows_dates_as_written_and_languages_by_name(page, editor):
    page.goto(f"{editor['url']}/admin/#/collections/stories/entries/valid-story/index")
    field(page, "Title").wait_for()
    assert field(page, "Date").input_value() == "2026-01-10"
    assert field(page, "Re-confirm consent by").input_value() == "2027-01-01"
    assert page.get_by_text("Writing in Khmer").first.is_visible()
    assert page.get_by_text("Writing in KM").count() == 0
    assert page.get_by_text("Saved", exact=True).first.is_visible()


def test_the_form_refuses_a_story_without_consent(page, editor, tmp_path):
    before = _story_files(editor["project"])
    page.goto(f"{editor['url']}/admin/#/collections/stories/new")
    field(page, "Title").wait_for()
    fill_story(page, client="Omar Noconsent", alt=None, consent=False, photo=None)
    publish(page)
    page.get_by_text("Name shown is required").first.wait_for()
    assert page.get_by_text("Consent signed on is required").first.is_visible()
    field(page, "Name shown").scroll_into_view_if_needed()
    screenshot(page, "editor-consent-missing.png", tmp_path)
    page.wait_for_timeout(1000)
    assert _story_files(editor["project"]) == before


def _wait_for(page, condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the editor to write the story")
        # Waiting in the page, not in time.sleep: Playwright answers the context's routes
        # (browser_support.loopback_context) only while the test is inside one of its calls.
        page.wait_for_timeout(200)


def test_a_translation_is_saved_beside_the_story_only_when_finished(page, editor, tmp_path):
    project = editor["project"]
    story = project / "stories" / "valid-story"
    page.goto(f"{editor['url']}/admin/#/collections/stories/entries/valid-story/index")
    field(page, "Title").wait_for()
    khmer = page.locator("label:text-is('Title')").nth(1).get_attribute("for")
    page.locator(f"[id='{khmer}']").fill("ម៉ារ៉ា​រក្សា​គ្រួសារ​របស់​នាង")
    publish(page)
    page.get_by_text("The Khmer version is not finished").first.wait_for()
    screenshot(page, "editor-translation.png", tmp_path)
    assert not (story / "index.km.md").exists()

    summary = page.locator("label:text-is('Summary')").nth(1).get_attribute("for")
    page.locator(f"[id='{summary}']").fill("អតិថិជន​ប្រឌិត។")
    page.locator("[contenteditable=true]").nth(1).click()
    page.keyboard.type("រឿង​របស់​ម៉ារ៉ា។")
    publish(page)
    _wait_for(
        page,
        lambda: (
            (story / "index.km.md").is_file()
            and (story / "index.km.md").read_text(encoding="utf-8").endswith("\n")
        ),
    )
    translation = (story / "index.km.md").read_text(encoding="utf-8")
    assert translation.startswith("---\ntitle: ម៉ារ៉ា")
    for inherited in ("consent:", "date:", "client:", "outcome:", "photo:"):
        assert inherited not in translation
    assert sorted(p.name for p in story.glob("index*.md")) == ["index.km.md", "index.md"]

    settings = read_project_settings(project / "pelicanconf.py", {"STORIES_TODAY": TODAY})
    problems, _notices = check_sources(settings)
    assert [p for p in problems if p.level == "error"] == [], problems
    output = build(
        project, output=tmp_path / "site", **_site_settings(editor["cms_port"], editor["url"], editor["key"])
    )
    assert "ម៉ារ៉ា" in (output / "km" / "stories" / "valid-story" / "index.html").read_text()


def test_the_review_copy_is_made_from_the_story_page(page, editor, monkeypatch, tmp_path):
    monkeypatch.setenv("STORIES_TODAY", TODAY.isoformat())  # the backend's copy judges consent
    page.goto(f"{editor['url']}/admin/#/collections/stories/entries/valid-story/index")
    field(page, "Title").wait_for()
    page.get_by_label("Review copy in").select_option(label="English")
    page.get_by_role("button", name="Make a review copy for the client").click()
    opened = page.get_by_role("link", name="Open the review copy to print")
    opened.wait_for(timeout=300_000)
    assert page.get_by_text("Saved in the project folder as review-copies/valid-story.en.html").is_visible()
    screenshot(page, "editor-review-copy.png", tmp_path)
    copy = editor["project"] / "review-copies" / "valid-story.en.html"
    with page.context.expect_page() as new_tab:
        opened.click()
    tab = new_tab.value
    tab.get_by_text("Mara kept her family together").first.wait_for()
    assert tab.get_by_text("Signature").first.is_visible()
    assert "Mara kept her family together" in copy.read_text(encoding="utf-8")
    page.goto(f"{editor['url']}/admin/#/collections/stories")
    assert page.get_by_role("button", name="Make a review copy for the client").count() == 0
