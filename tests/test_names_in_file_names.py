"""Files a build makes for a story are named by hashes, never by the person.

Only the story's own address may carry a name, and only one consent allows. A photo named
after the client, a share card and a search fragment get names of hex digits: a name stays out
of caches, CDN logs and directory listings even when the page may show it.
"""

from __future__ import annotations

import re

import pytest

from clemency.content.names import fold
from conftest import TODAY, build, copy_project, write_photo

STORY = """---
title: Zorvath Quillon went home
date: 2026-01-10
summary: A fictional client whose pardon was granted.
client: Zorvath Quillon
outcome: pardon-granted
photo: {src: zorvath-quillon.jpg, alt: Zorvath Quillon reading at his kitchen table}
consent: {name: full, photo: true, given: 2026-01-01, review: 2027-01-01}
---
Zorvath Quillon's story, told with his consent.
"""
# What the build names by hash, and how: photo derivatives, share cards, Pagefind's files.
HASHED = {
    "media": re.compile(r"[0-9a-f]{16}-\d+\.(avif|webp|jpg)"),
    "cards": re.compile(r"[0-9a-f]{16}\.jpg"),
    "pagefind/fragment": re.compile(r"[a-z]{2,3}_[0-9a-f]{7,}\.pf_fragment"),
    "pagefind/index": re.compile(r"[a-z]{2,3}_[0-9a-f]{7,}\.pf_index"),
}


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    folder = project / "stories" / "zorvath-quillon"
    folder.mkdir()
    (folder / "index.md").write_text(STORY, encoding="utf-8")
    write_photo(folder / "zorvath-quillon.jpg", (480, 320))
    return build(project, STORIES_TODAY=TODAY, PHOTOS_WIDTHS=(96, 160), PHOTOS_SOCIAL_SIZE=(120, 63))


@pytest.mark.slow
@pytest.mark.parametrize("folder", HASHED)
def test_generated_files_are_named_by_hashes(output, folder):
    files = sorted(p.name for p in (output / folder).iterdir())
    assert files, f"the build made nothing in {folder}/"
    assert [f for f in files if not HASHED[folder].fullmatch(f)] == []


@pytest.mark.slow
def test_only_the_story_address_carries_the_name(output):
    address = re.compile(r"([a-z]{2,3}/)?stories/zorvath-quillon/index\.html")
    named = [
        p.relative_to(output).as_posix()
        for p in output.rglob("*")
        if p.is_file() and re.search(r"zorvath|quillon", fold(p.relative_to(output).as_posix()))
    ]
    assert named and [p for p in named if not address.fullmatch(p)] == []
