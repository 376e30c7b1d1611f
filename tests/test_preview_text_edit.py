"""The live preview's first answer to a save that changed only a story's text
(clemency.build.textedit): that story's page at once, the same bytes the whole rebuild then
makes, and nothing at all for any other save, or for a text the per-file checks refuse."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from pathlib import Path

import pytest
from pelican.contents import Article

from clemency.build import preview, textedit
from clemency.build.atomic import build_site
from clemency.build.gate import output_checker
from clemency.build.sources import read_project_settings
from clemency.content.catalog import TEXT_FIELDS, Catalog
from clemency.content.models import Consent, Story
from clemency.problems import ProblemsFound
from conftest import TODAY, add_story, copy_project, output_files

pytestmark = pytest.mark.slow

PAGE = "stories/valid-story/index.html"
KHMER = "---\ntitle: ម៉ារ៉ា\nsummary: រឿងរបស់ម៉ារ៉ា។\n---\nរឿងរបស់ម៉ារ៉ា។\n"


class Preview:
    """What `invoke serve` does on each save, without the server: build, keep, show."""

    def __init__(self, project: Path) -> None:
        self.project, self.output = project, project / "output"
        self.last = textedit.LastBuild()
        self.overrides = {
            "STORIES_TODAY": TODAY,
            "STORIES_PREVIEW": True,
            "SEARCH_PAGEFIND": False,
            textedit.SETTING: self.last,
        }

    def rebuild(self):
        self.last.release()
        settings = read_project_settings(self.project / "pelicanconf.py", self.overrides)
        check = output_checker(settings, validate_html=False)
        result = build_site(
            self.project / "pelicanconf.py",
            self.output,
            settings_overrides=self.overrides,
            check=check,
            incremental=True,
        )
        self.last.commit(check)
        return result

    def show(self, *saved: Path):
        return textedit.show(self.last, saved, self.output)


@pytest.fixture
def site(tmp_path: Path) -> Preview:
    project = copy_project(tmp_path)
    add_story(project, "valid_story")
    add_story(project, "consent_withdrawn")
    (project / "stories" / "valid-story" / "index.km.md").write_text(KHMER, encoding="utf-8")
    running = Preview(project)
    running.rebuild()
    return running


def test_a_text_edit_shows_its_page_at_once_as_the_whole_rebuild_then_makes_it(site):
    story = site.project / "stories" / "valid-story" / "index.md"
    before = output_files(site.output)
    story.write_text(story.read_text().replace("told with her consent", "told, live, with her consent"))

    assert site.show(story) == [PAGE]
    shown = output_files(site.output)
    assert b"told, live, with her consent" in shown[PAGE][1]
    # Only that page was touched; the rest of the site is the same files.
    assert [rel for rel in shown if shown[rel] != before.get(rel)] == [PAGE]

    site.rebuild()  # the whole rebuild that follows every save makes the very same page
    assert output_files(site.output)[PAGE][1] == shown[PAGE][1]
    assert preview.changed_pages([PAGE]) == {"/stories/valid-story/"}


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("title: Mara kept her family together", "title: Mara kept her family close", b"family close"),
        ("summary: A fictional client", "summary: A made-up client", b"A made-up client"),
        ("content_notes: [incarceration]", "content_notes: [detention]", b"detention"),
    ],
    ids=["title", "summary", "content notes"],
)
def test_a_title_summary_or_content_notes_edit_shows_on_its_page_at_once(site, old, new, shown):
    """The story's own page, with the title in its heading and the tab's title too; the cards
    that show it on other pages, and its share picture, come with the whole rebuild."""
    story = site.project / "stories" / "valid-story" / "index.md"
    before = output_files(site.output)
    _edit(story, old, new)

    shown_pages = site.show(story)
    assert shown_pages is not None and PAGE in shown_pages
    page = (site.output / PAGE).read_bytes()
    assert shown in page
    if old.startswith("title"):
        assert b"<title>Mara kept her family close" in page
        assert b"data-pagefind-ignore>Mara kept her family close</h1>" in page
        # Only the share picture's description still says the old title: the picture draws it.
        assert all(b"image" in line for line in page.splitlines() if b"family together" in line)
    after = output_files(site.output)
    assert sorted(rel for rel in after if after[rel] != before.get(rel)) == sorted(shown_pages)
    # Content notes the Khmer translation takes from the story: its page shows them at once too.
    assert sorted(shown_pages) == sorted({PAGE, *(["km/" + PAGE] if "content" in old else [])})

    site.rebuild()
    rebuilt = output_files(site.output)
    assert shown in rebuilt["stories/index.html"][1] or not old.startswith(("title", "summary"))
    if not old.startswith("title"):  # the share picture draws the title: a new one only then
        assert [rebuilt[rel][1] for rel in shown_pages] == [after[rel][1] for rel in shown_pages]


def test_a_translation_text_edit_shows_that_language_page(site):
    khmer = site.project / "stories" / "valid-story" / "index.km.md"
    khmer.write_text(KHMER + "\nប្រាប់។\n", encoding="utf-8")

    shown = site.show(khmer)
    assert shown is not None and len(shown) == 1 and shown[0].startswith("km/")
    page = (site.output / shown[0]).read_text(encoding="utf-8")
    assert "ប្រាប់" in page
    site.rebuild()
    assert (site.output / shown[0]).read_text(encoding="utf-8") == page


def test_a_translations_title_edit_shows_on_that_language_page(site):
    khmer = site.project / "stories" / "valid-story" / "index.km.md"
    khmer.write_text(KHMER.replace("title: ម៉ារ៉ា", "title: ម៉ារ៉ា ថ្មី"), encoding="utf-8")

    shown = site.show(khmer)
    assert shown is not None and len(shown) == 1 and shown[0].startswith("km/")
    assert "<title>ម៉ារ៉ា ថ្មី" in (site.output / shown[0]).read_text(encoding="utf-8")


def test_a_hidden_storys_text_edit_shows_on_its_page_too(tmp_path):
    """A hidden story (status: hidden) has a page, listed nowhere: the text edit renders it."""
    project = copy_project(tmp_path)
    story = add_story(project, "pseudonym")
    story.write_text(story.read_text().replace("outcome:", "status: hidden\noutcome:"))
    hidden = Preview(project)
    hidden.rebuild()
    page = "stories/pseudonym/index.html"
    assert b"noindex" in (hidden.output / page).read_bytes()
    text = story.read_text()
    body = text.split("\n---\n", 1)[1].strip().splitlines()[0]
    story.write_text(text.replace(body, body + " Still hidden, now longer."))
    assert hidden.show(story) == [page]
    shown = (hidden.output / page).read_bytes()
    assert b"Still hidden, now longer." in shown
    hidden.rebuild()
    assert (hidden.output / page).read_bytes() == shown


def test_a_title_with_the_surname_consent_keeps_off_waits_for_the_whole_rebuild(tmp_path):
    """A story whose consent allows the first name only: a title with the surname is no quick
    edit, and the page keeps its old title; the same save with the first name shows at once."""
    project = copy_project(tmp_path)
    story = add_story(project, "first_name_only_surname_in_body")
    _edit(story, "Abel Surnamely grew up", "Abel grew up")
    unnamed = Preview(project)
    unnamed.rebuild()
    page = f"stories/{story.parent.name}/index.html"
    before = (unnamed.output / page).read_bytes()
    _edit(story, "title: First name only", "title: Abel Surnamely kept going")
    assert unnamed.show(story) is None
    assert (unnamed.output / page).read_bytes() == before
    _edit(story, "title: Abel Surnamely kept going", "title: Abel kept going")
    assert unnamed.show(story) == [page]
    assert b"Abel kept going" in (unnamed.output / page).read_bytes()


def test_a_drafts_text_edit_puts_its_text_nowhere(tmp_path):
    """A draft (status: draft) has no page, on the preview too: its text edit shows nothing,
    and no file of the site holds its text, before or after the rebuild."""
    project = copy_project(tmp_path)
    story = add_story(project, "valid_story")
    story.write_text(story.read_text().replace("outcome:", "status: draft\noutcome:"))
    drafts = Preview(project)
    drafts.rebuild()
    before = output_files(drafts.output)
    story.write_text(story.read_text().replace("told with her consent", "told, in draft, with her consent"))

    assert not drafts.show(story)
    assert output_files(drafts.output) == before
    drafts.rebuild()
    assert not [rel for rel, (_, data) in output_files(drafts.output).items() if b"in draft" in data]


def _edit(path: Path, old: str, new: str) -> Path:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


# Every save here needs the whole rebuild: a field, consent, a name, a file added, two stories,
# a text the site check or the sanitiser would speak about. Each leaves output/ untouched.
REFUSED = {
    "a field": lambda s: [_edit(s / "valid-story" / "index.md", "date: 2026-01-10", "date: 2026-01-11")],
    "an attorney": lambda s: [_edit(s / "valid-story" / "index.md", "Ben Advocate", "Bea Advocate")],
    "a withdrawn client's name in the title": lambda s: [
        _edit(s / "valid-story" / "index.md", "title: Mara kept", "title: Zelda Withdrawnson kept")
    ],
    "consent withdrawn": lambda s: [
        _edit(s / "valid-story" / "index.md", "review: 2027-01-01", "review: 2027-01-01\n  withdrawn: true")
    ],
    "the name consent allows": lambda s: [_edit(s / "valid-story" / "index.md", "name: full", "name: first")],
    "a withdrawn client's name in the text": lambda s: [
        _edit(
            s / "valid-story" / "index.md", "told with her consent", "told with Zelda Withdrawnson's consent"
        )
    ],
    "a script in the text": lambda s: [
        _edit(s / "valid-story" / "index.md", "told with her consent.", "told.\n\n<script>alert(1)</script>")
    ],
    "a translation added": lambda s: [
        (s / "valid-story" / "index.md"),
        _write(s / "valid-story" / "index.es.md", "---\ntitle: Mara\n---\nTexto.\n"),
    ],
    "two stories at once": lambda s: [
        _edit(s / "valid-story" / "index.md", "told with her consent", "told"),
        _edit(s / "consent-withdrawn" / "index.md", "Text about", "Words on"),
    ],
    "a withdrawn story's text": lambda s: [
        _edit(s / "consent-withdrawn" / "index.md", "Text about", "Words on")
    ],
    "a file that is not a text": lambda s: [_write(s / "valid-story" / "notes.txt", "a note")],
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


@pytest.mark.parametrize("save", sorted(REFUSED))
def test_any_other_save_waits_for_the_whole_rebuild(site, save):
    before = output_files(site.output)
    saved = REFUSED[save](site.project / "stories")
    assert site.show(*saved) is None
    assert output_files(site.output) == before


def test_a_name_that_lost_consent_keeps_the_text_off_the_page_until_it_is_gone(site):
    """The per-file check decides, not the kind of edit: the same save without the name shows."""
    story = site.project / "stories" / "valid-story" / "index.md"
    text = story.read_text()
    story.write_text(text.replace("told with her consent", "told with Zelda Withdrawnson's consent"))
    assert site.show(story) is None
    assert b"Withdrawnson" not in (site.output / PAGE).read_bytes()
    story.write_text(text.replace("told with her consent", "told with Zelda's consent"))
    assert site.show(story) == [PAGE]


def test_nothing_is_shown_early_after_a_build_that_failed(site):
    story = site.project / "stories" / "valid-story" / "index.md"
    text = story.read_text()
    story.write_text(text.replace("outcome: conviction-vacated", "outcome: pardonned"))
    with pytest.raises(ProblemsFound):
        site.rebuild()
    story.write_text(text.replace("told with her consent", "told, fixed"))
    assert site.show(story) is None  # the next whole build must pass first


def test_only_the_words_of_a_story_count_as_a_text_edit():
    """Generated from the model: a change to any field of Story but its words (TEXT_FIELDS:
    text, title, summary, content notes) is not one; a change to any of those is."""
    path = Path("/site/stories/x/index.md")
    story = Story(
        slug="x",
        path=path,
        lang="en",
        title="T",
        date=dt.date(2026, 1, 1),
        summary="S",
        client="Mara Testwell",
        body="Text.",
        consent=Consent("full", True, dt.date(2026, 1, 1), dt.date(2027, 1, 1)),
    )
    last = Catalog(published={path: story}, states={path: "published"}, sources={path})
    edited = dataclasses.replace(story, body="Other text.")
    assert last.text_edits(Catalog(published={path: edited}, states={path: "published"})) == {path: edited}
    for field in dataclasses.fields(Story):
        changed = dataclasses.replace(edited, **{field.name: _other(getattr(story, field.name))})
        part = Catalog(published={path: changed}, states={path: "published"})
        if field.name in TEXT_FIELDS:
            assert last.text_edits(part) == {path: changed}, field.name
        else:
            assert last.text_edits(part) is None, field.name


def _other(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, str):
        return value + "?"
    if isinstance(value, dt.date):
        return value + dt.timedelta(days=1)
    if isinstance(value, Path):
        return value.with_name("other.md")
    if isinstance(value, list | dict):
        return [*value, "more"] if isinstance(value, list) else {**value, "more": []}
    if isinstance(value, Consent):
        return dataclasses.replace(value, withdrawn=True)
    return "something else"


def test_the_browsers_reload_only_the_pages_a_build_changed():
    state = preview.PreviewState()

    def pages(*files: str) -> list[str]:
        state.publish(preview.Outcome(pages=preview.changed_pages(files)))
        return state.event(state.build - 1).split(" ")[1:]

    assert pages("stories/x/index.html", "feeds/all.atom.xml") == ["/stories/x/"]
    assert pages("theme/css/site.css") == ["*"]  # a stylesheet shows on every page
    state.publish(preview.Outcome(error="broken"))
    assert state.event(state.build - 1).split(" ")[1:] == ["*"]
    assert pages() == ["*"]  # the good build after a failed one: every page too
    assert pages("pagefind/pagefind.js", "index.html") == ["/"]
    # A browser told late about two builds (the text edit, then the whole rebuild) hears of both.
    pages("stories/x/index.html")
    pages("about/index.html")
    assert state.event(state.build - 2) == f"{state.build} /about/ /stories/x/"
    assert state.event(0).split(" ")[1:] == ["*"]  # long ago (a stylesheet since): every page


def test_a_long_preview_session_keeps_one_build_in_memory_not_every_one(site):
    """Pelican memoises each article's content on its class; each article holds its build's
    whole context. Saves after saves must not pile builds up in the preview's process."""
    story = site.project / "stories" / "valid-story" / "index.md"

    def articles_alive() -> int:
        gc.collect()
        return sum(1 for o in gc.get_objects() if isinstance(o, Article))

    counts = []
    for n in range(3):
        story.write_text(story.read_text() + f"\nSave {n}.\n")
        site.rebuild()
        counts.append(articles_alive())
    assert counts[0] > 0 and counts[2] == counts[1] == counts[0], counts
