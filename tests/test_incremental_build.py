"""Builds after a change: exactly the files that depend on it are rewritten, unchanged files stay
the same files (hard links), and the result equals a clean build byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from clemency.build.atomic import build_site
from conftest import TODAY, add_story, copy_project

pytestmark = pytest.mark.slow

STORIES = ("valid_story", "pseudonym", "anonymous")
# Pagefind's entry file lists its languages in hash-map order (a known issue of its own), so
# these tests leave search out and compare everything else.
OVERRIDES = {"STORIES_TODAY": TODAY, "SEARCH_PAGEFIND": False}


def build(project: Path, output: Path):
    return build_site(project / "pelicanconf.py", output, settings_overrides=OVERRIDES)


def files(output: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of a build: (inode, bytes) by path."""
    return {
        p.relative_to(output).as_posix(): (p.stat().st_ino, p.read_bytes())
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    for fixture in STORIES:
        add_story(project, fixture)
    return project


def test_editing_a_story_rewrites_its_page_and_the_feed_and_nothing_else(project, tmp_path):
    output = project / "output"
    build(project, output)
    before = files(output)
    story = project / "stories" / "valid-story" / "index.md"
    story.write_text(story.read_text().replace("told with her consent", "told, with consent"))

    result = build(project, output)
    after = files(output)
    rewritten = sorted(rel for rel in after if after[rel][0] != before.get(rel, (None,))[0])
    assert rewritten == ["feeds/stories.atom.xml", "stories/valid-story/index.html"]
    assert list(result.changed) == rewritten
    assert b"told, with consent" in after["stories/valid-story/index.html"][1]

    clean = files(build(project, tmp_path / "clean").output)
    assert {rel: data for rel, (_, data) in after.items()} == {rel: data for rel, (_, data) in clean.items()}


def test_withdrawing_a_story_removes_every_file_a_clean_build_would_not_have(project, tmp_path):
    output = project / "output"
    build(project, output)
    assert (output / "stories" / "pseudonym" / "index.html").is_file()
    story = project / "stories" / "pseudonym" / "index.md"
    story.write_text(story.read_text().replace("consent: {", "consent: {withdrawn: true, ", 1))
    build(project, output)
    clean = build(project, tmp_path / "clean").output
    assert sorted(files(output)) == sorted(files(clean))
    assert not (output / "stories" / "pseudonym").exists()
    assert {rel: data for rel, (_, data) in files(output).items()} == {
        rel: data for rel, (_, data) in files(clean).items()
    }
