"""The story cache: a folder's result is reused only while nothing it depends on changed, and
the cache follows consent (a story that loses it loses its entry)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from clemency.content import catalog, vocab
from conftest import ROOT, TODAY, add_story

VOCAB = vocab.load(ROOT / "content" / "data")[0]
MARKDOWN = {"extensions": ["markdown.extensions.extra"], "output_format": "html5"}


def load(project: Path, cache: Path, **kwargs):
    return catalog.load(project / "stories", VOCAB, TODAY, markdown=MARKDOWN, cache=cache, **kwargs)


def cached_bytes(cache: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(cache.iterdir())) if cache.is_dir() else b""


def test_a_second_load_reads_the_cache_and_gives_the_same_catalog(project, tmp_path):
    add_story(project, "valid_story")
    add_story(project, "pseudonym")
    cache = tmp_path / "cache"
    first = load(project, cache)
    assert len(list(cache.iterdir())) == 2
    again = load(project, cache)
    assert again.published.keys() == first.published.keys()
    assert [dataclasses.asdict(s) for s in again.published.values()] == [
        dataclasses.asdict(s) for s in first.published.values()
    ]
    assert again.html == first.html and "<p>" in next(iter(again.html.values()))
    assert again.forbidden_words() == first.forbidden_words()


def test_an_edit_is_seen_at_once(project, tmp_path):
    story = add_story(project, "valid_story")
    cache = tmp_path / "cache"
    load(project, cache)
    story.write_text(story.read_text().replace("Mara kept her family together", "Mara's new title"))
    (published,) = load(project, cache).published.values()
    assert published.title == "Mara's new title"


def test_a_new_date_or_vocabulary_is_not_answered_from_the_cache(project, tmp_path):
    add_story(project, "pseudonym")  # consent review 2027-01-01
    cache = tmp_path / "cache"
    assert load(project, cache).published
    later = catalog.load(project / "stories", VOCAB, TODAY.replace(year=2027, month=6), cache=cache)
    assert not later.published  # the review date passed: not from the cache
    other = vocab.load(ROOT / "content" / "data")[0]
    other.outcomes.pop("released-from-detention")
    assert not catalog.load(project / "stories", other, TODAY, cache=cache).published


def test_a_story_that_loses_consent_loses_its_cache_entry(project, tmp_path):
    story = add_story(project, "pseudonym")
    cache = tmp_path / "cache"
    load(project, cache)
    assert b"Lina" in cached_bytes(cache)
    story.write_text(story.read_text().replace("consent: {", "consent: {withdrawn: true, ", 1))
    assert not load(project, cache).published
    assert b"Lina" not in cached_bytes(cache)
    assert not any("lina" in p.name.lower() or "pseudonym" in p.name for p in cache.iterdir())


def test_a_deleted_story_loses_its_cache_entry(project, tmp_path):
    story = add_story(project, "valid_story")
    cache = tmp_path / "cache"
    load(project, cache)
    for file in story.parent.iterdir():
        file.unlink()
    story.parent.rmdir()
    load(project, cache)
    assert list(cache.iterdir()) == []


def test_load_site_answers_again_until_a_file_it_reads_changes(project):
    """A build loads the site twice (its check, then the stories plugin), the preview on each save:
    the second answer is the first one, but any edit, even one that keeps the file's size, is read."""
    from clemency.build.sources import read_project_settings

    story = add_story(project, "valid_story")
    settings = read_project_settings(project / "pelicanconf.py", {"STORIES_TODAY": TODAY})
    _, first, _ = catalog.load_site(settings)
    _, again, _ = catalog.load_site(dict(settings))
    assert again is first
    text = story.read_text()
    story.write_text(text.replace("Mara kept her family", "Mara kept his family"))  # same size
    assert story.stat().st_size == len(text.encode())
    _, edited, _ = catalog.load_site(dict(settings))
    assert edited is not first
    assert [s.title for s in edited.published.values()] == ["Mara kept his family together"]


def test_a_warm_process_reuses_unchanged_stories_from_memory(project, tmp_path, monkeypatch):
    story = add_story(project, "valid_story")
    cache = tmp_path / "cache"
    first = load(project, cache)
    for file in cache.iterdir():
        file.write_bytes(b"not a pickle")  # the disk copy is unreadable: only memory can answer
    read = []
    real = catalog._load_story
    monkeypatch.setattr(catalog, "_load_story", lambda *a, **k: read.append(a[0]) or real(*a, **k))
    again = load(project, cache)
    assert read == []  # answered from memory
    assert again.html == first.html and again.published.keys() == first.published.keys()
    story.write_text(story.read_text().replace("told with her consent", "told, with consent"))
    edited = load(project, cache)
    assert "told, with consent" in next(iter(edited.html.values()))


def test_a_story_copied_to_a_new_folder_is_its_own_story(project, tmp_path):
    """Two folders with the same files have the same key; each keeps its own paths."""
    add_story(project, "valid_story")
    cache = tmp_path / "cache"
    load(project, cache)
    add_story(project, "valid_story", slug="copied-story")
    both = load(project, cache)
    assert sorted(p.parent.name for p in both.published) == ["copied-story", "valid-story"]
