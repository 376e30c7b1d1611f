"""One real Pelican build of a small fixture site: what a visitor gets, and what never leaks."""

from __future__ import annotations

import pytest

from clemency.problems import ProblemsFound
from conftest import TODAY, add_story, build, copy_project, site_text


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    for fixture in ("valid_story", "pseudonym", "anonymous", "consent_withdrawn"):
        add_story(project, fixture)
    return build(project)


def test_story_page_shows_the_story_as_consent_allows(site):
    page = (site / "stories" / "valid-story" / "index.html").read_text()
    assert "Mara kept her family together" in page
    assert "Conviction vacated" in page
    assert "Ada Counsel" in page and "Counsel &amp; Partners" in page
    assert 'href="https://www.nwirp.org/"' in page
    assert "incarceration" in page


def test_pseudonym_page_says_the_name_was_changed(site):
    page = (site / "stories" / "pseudonym" / "index.html").read_text()
    assert "not this person's real name" in page


def test_anonymous_story_shows_no_name(site):
    pages = [
        path
        for path, text in site_text(site).items()
        if "A mother went home to her children" in text and "She went home." in text
    ]
    assert pages, "the anonymous story's page was not built"
    for path, text in site_text(site).items():
        assert "Hidden Personname" not in text, path
        assert "Personname" not in text, path


def test_withdrawn_story_appears_in_no_output_file(site):
    assert not (site / "stories" / "consent-withdrawn").exists()
    for path, text in site_text(site).items():
        assert "Withdrawnson" not in text, path
        assert "consent-withdrawn" not in text, path


def test_index_feed_and_listings_list_published_stories(site):
    text = site_text(site)
    for listing in ("index.html", "stories/index.html", "feeds/stories.atom.xml"):
        assert "Mara kept her family together" in text[listing], listing
    assert "Mara kept her family together" in text["stories/outcome/conviction-vacated/index.html"]


def test_pages_are_built(site):
    for slug in ("about", "get-help", "partners"):
        assert (site / slug / "index.html").is_file()
    partners = (site / "partners" / "index.html").read_text()
    assert "Khmer Anti-Deportation Advocacy Group" in partners


def test_a_story_with_problems_stops_the_build(tmp_path):
    project = copy_project(tmp_path)
    add_story(project, "valid_story")
    add_story(project, "unknown_field_atorney")
    add_story(project, "consent_expired")
    with pytest.raises(ProblemsFound) as caught:
        build(project)
    text = str(caught.value)
    assert text.startswith("2 problems to fix:")
    assert "unknown-field-atorney/index.md:7: atorney:" in text
    assert "consent.review: the client's consent review was due on 2026-03-01" in text
    assert "Yara" not in text and "Expired" not in text  # names never reach a (CI) log
    assert not (project / "output").exists()


DATED = "---\ntitle: {title}\ndate: 2026-01-01\nsummary: s\n---\nText of {title}.\n"


def test_folders_the_catalog_skips_are_not_built_and_staff_are_told(tmp_path):
    """One discovery: Pelican reads exactly the files the story catalog validates."""
    from clemency.build.atomic import build_site
    from clemency.build.sources import check_sources, read_project_settings

    project = copy_project(tmp_path)
    add_story(project, "valid_story")
    titles = {
        "_drafts/next/index.md": "Quillon Drafted",
        "_notes.md": "Quillon Noted",
        ".hidden/index.md": "Quillon Hidden",
        "valid-story/old/index.md": "Quillon Nested",
        "valid-story/old/extra.md": "Quillon Extra",
    }
    for path, title in titles.items():
        (project / "stories" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "stories" / path).write_text(DATED.format(title=title), encoding="utf-8")
    settings = read_project_settings(project / "pelicanconf.py", {"STORIES_TODAY": TODAY})
    problems, notices = check_sources(settings)
    assert [p for p in problems if p.level == "error"] == []
    assert "_drafts/: not read, its name starts with '_', which keeps a folder off the site." in notices
    assert "valid-story/old/: not read, a story's texts sit directly in its folder." in notices
    output = build_site(
        project / "pelicanconf.py", project / "output", settings_overrides={"STORIES_TODAY": TODAY}
    ).output
    text = "\n".join(site_text(output).values())
    assert "Mara kept her family together" in text
    assert "Quillon" not in text
