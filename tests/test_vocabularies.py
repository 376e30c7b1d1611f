"""A vocabulary is data: a file in content/data/ with a `_schema:` block, and a schema field."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import pytest

from clemency.build.atomic import build_site
from clemency.content import catalog, scaffold, schema, vocab, vocabdoc
from clemency.editor import config as cms
from clemency.problems import ProblemsFound
from conftest import ROOT, TODAY, add_story, build

TOPICS = """\
# What a story is about. A story's `topics:` list uses these keys.
_schema:
  noun: a topic
  title: Topics
  required: [label]
  optional: [explanation]
  listed: "{label}"
family:
  label: Family kept together
housing:
  label: Finding a home
  explanation: Housing after release.
"""
TOPICS_FIELD = schema.Field(
    "topics", "vocab", "Topics", "What the story is about.", vocab="topics", many=True, default=[]
)


@pytest.fixture
def topics_field(monkeypatch):
    """The story schema with one more field, `topics:`, wherever a module holds the schema."""
    fields = (*schema.STORY_FIELDS, TOPICS_FIELD)
    holders = [
        m
        for name, m in list(sys.modules.items())
        if name.startswith("clemency") and getattr(m, "STORY_FIELDS", None) is schema.STORY_FIELDS
    ]
    for module in holders:
        monkeypatch.setattr(module, "STORY_FIELDS", fields)
    # Adding a field means deciding whether translations write it: that is the field, not the
    # vocabulary (see editor/config.py's STORY_I18N).
    monkeypatch.setitem(cms.STORY_I18N, "topics", "none")
    return fields


def with_pages(data: Path, pages: str, more_entries: str = "") -> None:
    """topics.yml whose `_schema:` gives each entry a page at `pages`."""
    schema = TOPICS.replace('  listed: "{label}"\n', f'  listed: "{{label}}"\n  pages: {pages}\n')
    (data / "topics.yml").write_text(schema + more_entries, encoding="utf-8")


def with_topics(project: Path, topics: str) -> Path:
    index = add_story(project, "valid_story")
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("content_notes:", f"topics: {topics}\ncontent_notes:", 1), encoding="utf-8")
    return index


def test_a_new_vocabulary_file_and_field_work_everywhere_without_code(project, topics_field):
    data = project / "content" / "data"
    (data / "topics.yml").write_text(TOPICS, encoding="utf-8")
    words, problems = vocab.load(data)
    assert problems == []
    assert list(words.topics) == ["family", "housing"]
    assert words.topics["housing"].explanation == "Housing after release."

    with_topics(project, "[housing, famly]")
    cat = catalog.load(project / "stories", words, TODAY)
    (problem,) = [p.format(project) for p in cat.problems]
    assert problem == (
        "stories/valid-story/index.md:12: topics[1]: 'famly' is not a topic we know. Did you "
        "mean 'family'? Known: family, housing (content/data/topics.yml)."
    )

    notes = scaffold.render("Test Person", dt.date(2026, 6, 1), "first", words)
    assert "#   family: Family kept together\n#   housing: Finding a home\ntopics: []\n" in notes

    (form,) = [
        f
        for f in cms.decap_config(words, languages=("en",))["collections"][0]["fields"]
        if f["name"] == "topics"
    ]
    assert form["widget"] == "select" and form["multiple"] is True
    assert form["options"] == [
        {"label": "Family kept together", "value": "family"},
        {"label": "Finding a home", "value": "housing"},
    ]

    guide = project / "guide.md"
    shutil.copy(ROOT / "docs" / "adding-a-story.md", guide)
    assert vocabdoc.refresh(guide, words) is True
    assert (
        "- `khaag`: Khmer Anti-Deportation Advocacy Group (KhAAG)\n\n"
        "**Topics** (write keys in the list after `topics:`):\n\n"
        "- `family`: Family kept together\n- `housing`: Finding a home\n\n<!-- keys:end -->"
        in guide.read_text(encoding="utf-8")
    )


def test_a_story_with_known_topics_is_published(project, topics_field):
    data = project / "content" / "data"
    (data / "topics.yml").write_text(TOPICS, encoding="utf-8")
    with_topics(project, "[housing]")
    cat = catalog.load(project / "stories", vocab.load(data)[0], TODAY)
    assert cat.problems == []
    assert len(cat.published) == 1


@pytest.mark.slow
def test_a_new_vocabulary_with_pages_gets_a_listing_page_per_entry_in_every_language(project, topics_field):
    data = project / "content" / "data"
    with_pages(data, "stories/topic/{key}/")
    with_topics(project, "[housing]")
    output = build(project)
    page = (output / "stories" / "topic" / "housing" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Finding a home</h1>" in page and 'href="/stories/valid-story/"' in page
    assert not (output / "stories" / "topic" / "family").exists()  # no story, no page
    for lang in ("km", "vi", "es"):  # every language, each in its own words around the entry
        local = (output / lang / "stories" / "topic" / "housing" / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in local and "Finding a home" in local
    assert "/stories/topic/housing/</loc>" in (output / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_vocabulary_template_the_theme_lacks_fails_the_build_with_the_fix(project):
    partners = project / "content" / "data" / "partners.yml"
    partners.write_text(partners.read_text(encoding="utf-8").replace("template: partner", "template: partnr"))
    add_story(project, "valid_story")
    with pytest.raises(ProblemsFound) as failed:
        build_site(project / "pelicanconf.py", project / "output")
    assert (
        "listings: content/data/partners.yml: _schema: template: theme/templates/partnr.html does not "
        "exist. Name a template the theme has, or leave `template:` out for the one every vocabulary "
        "can use (vocabulary.html)." in str(failed.value)
    )
    assert not (project / "output").exists()  # nothing published


@pytest.mark.slow
@pytest.mark.parametrize("status", ["published", "hidden"])
def test_a_vocabulary_page_that_would_replace_a_story_fails_the_build_with_the_fix(
    project, topics_field, status
):
    data = project / "content" / "data"
    with_pages(data, "stories/{key}/", "valid-story:\n  label: Same address as a story\n")
    index = with_topics(project, "[valid-story]")
    # A hidden story is listed nowhere, but its page is at its address: another story's listing
    # may not take it either.
    other = add_story(project, "valid_story", slug="other-story")
    other.write_text(index.read_text(encoding="utf-8").replace("title:", "title: Other", 1), encoding="utf-8")
    index.write_text(index.read_text(encoding="utf-8").replace("outcome:", f"status: {status}\noutcome:", 1))
    with pytest.raises(ProblemsFound) as failed:
        build_site(project / "pelicanconf.py", project / "output")
    assert (
        "listings: content/data/topics.yml: _schema: pages: the page of 'valid-story' "
        "(stories/valid-story/) would replace the page of the story 'valid-story'. Give this "
        "vocabulary addresses of its own, like `pages: stories/topic/{key}/`." in str(failed.value)
    )


def test_a_key_that_is_part_of_an_address_must_be_a_plain_slug(project):
    data = project / "content" / "data"
    with_pages(data, "stories/topic/{key}/", "../story-0001:\n  label: Somewhere else\n")
    words, problems = vocab.load(data)
    assert [p.format(project) for p in problems] == [
        "content/data/topics.yml: ../story-0001: entry '../story-0001': its key is part of its "
        "page's address (_schema: pages), so it may hold only lower-case letters, digits and "
        "single hyphens, like `case-pending`."
    ]
    assert list(words.topics) == ["family", "housing"]


def test_a_vocabulary_pages_address_without_its_key_is_explained(project):
    data = project / "content" / "data"
    with_pages(data, "stories/topics/")
    words, problems = vocab.load(data)
    assert [p.format(project) for p in problems] == [
        "content/data/topics.yml: _schema: pages: 'stories/topics/' should be the address of each "
        "entry's page, a folder with {key} in it (the entry's key), like `pages: stories/topic/{key}/`."
    ]
    assert "topics" not in words


def test_a_vocabulary_file_without_its_schema_block_says_how_to_write_one(project, topics_field):
    data = project / "content" / "data"
    (data / "topics.yml").write_text(
        TOPICS.split("family:")[0].split("_schema:")[0] + "family:\n  label: Family\n", encoding="utf-8"
    )
    _, problems = vocab.load(data)
    (problem,) = [p.format(project) for p in problems]
    assert problem.startswith(
        "content/data/topics.yml: _schema: this vocabulary has no `_schema:` block saying what "
        "each entry needs. Add one at the top, like:\n_schema:\n  noun: a topic\n"
    )


def test_a_schema_block_that_shows_a_field_it_lacks_names_the_fix(project):
    data = project / "content" / "data"
    (data / "topics.yml").write_text(
        TOPICS.replace('listed: "{label}"', 'listed: "{lable}"'), encoding="utf-8"
    )
    words, problems = vocab.load(data)
    assert [p.format(project) for p in problems] == [
        "content/data/topics.yml: _schema: listed shows {lable}, which is not one of this "
        "file's fields (label, explanation). Use one of them, or add it to `optional:`."
    ]
    assert "topics" not in words


def test_a_listing_template_with_an_unclosed_brace_is_explained(project):
    data = project / "content" / "data"
    (data / "topics.yml").write_text(
        TOPICS.replace('listed: "{label}"', 'listed: "{label"'), encoding="utf-8"
    )
    _, problems = vocab.load(data)
    assert [p.format(project) for p in problems] == [
        "content/data/topics.yml: _schema: listed: '{label' opens a { it does not close (or the "
        'reverse). Write each field name in braces, like "{label}".'
    ]


def test_an_entry_without_a_required_field_is_named_with_the_fix(project):
    data = project / "content" / "data"
    (data / "topics.yml").write_text(TOPICS + "school:\n  explanation: No label yet.\n", encoding="utf-8")
    words, problems = vocab.load(data)
    assert [p.format(project) for p in problems] == [
        "content/data/topics.yml: school: entry 'school' has no label; add one."
    ]
    assert list(words.topics) == ["family", "housing"]


def test_the_theme_still_reads_outcomes_and_partners_as_typed_objects():
    words, problems = vocab.load(ROOT / "content" / "data")
    assert problems == []
    assert words.outcomes["case-pending"].label == "Case in progress"
    assert words.partners["khaag"].short_name == "KhAAG"
    assert words.noun("outcomes") == "an outcome"


def test_a_data_file_no_field_names_and_without_a_schema_block_is_left_alone(project):
    data = project / "content" / "data"
    (data / "contacts.yml").write_text("office:\n  phone: 555-0100\n", encoding="utf-8")
    words, problems = vocab.load(data)
    assert problems == []
    assert "contacts" not in words
