"""Two clean production builds of the same sources, in two different folders, are byte-identical:
no absolute paths, times, random ids or hash-map order in anything a visitor gets."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from clemency.build import build_site
from clemency.reproducible import sort_pagefind_entry
from conftest import TODAY, add_story, copy_project, write_photo

pytestmark = pytest.mark.slow


def project_in(folder: Path) -> Path:
    folder.mkdir(parents=True)
    project = copy_project(folder)
    add_story(project, "pseudonym")
    add_story(project, "anonymous")
    story = add_story(project, "valid_story")
    write_photo(story.parent / "photo.jpg", size=(900, 600))
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("\n---\n", "\nphoto:\n  src: photo.jpg\n  alt: A kitchen "
                                  "table\n---\n", 1), encoding="utf-8")
    return project


def files(output: Path) -> dict[str, bytes]:
    return {p.relative_to(output).as_posix(): p.read_bytes()
            for p in sorted(output.rglob("*")) if p.is_file()}


def test_two_clean_builds_in_different_folders_are_byte_identical(tmp_path):
    outputs = []
    for name in ("first-clone", "second/clone"):
        project = project_in(tmp_path / name)
        outputs.append(build_site(project / "publishconf.py", project / "output",
                                  settings_overrides={"STORIES_TODAY": TODAY}).output)
    first, second = (files(o) for o in outputs)
    assert len(first) > 50 and "pagefind/pagefind-entry.json" in first
    assert sorted(first) == sorted(second)
    differ = sorted(name for name in first if first[name] != second[name])
    details = []
    for name in differ[:5]:
        try:
            a, b = first[name].decode().splitlines(), second[name].decode().splitlines()
            details.append("\n".join(difflib.unified_diff(a, b, name, name, lineterm="", n=0)))
        except UnicodeDecodeError:
            details.append(f"{name}: binary")
    assert differ == [], "\n".join(details)


def test_pagefinds_languages_are_written_in_one_order(tmp_path):
    entry = tmp_path / "pagefind" / "pagefind-entry.json"
    entry.parent.mkdir()
    entry.write_text('{"version":"1.5.2","languages":{"vi":{"page_count":1},"en":{"hash":"en_1",'
                     '"page_count":6},"km":{"wasm":null}},"include_characters":["_","‿"]}',
                     encoding="utf-8")
    assert sort_pagefind_entry(tmp_path)
    assert entry.read_text(encoding="utf-8") == (
        '{"version":"1.5.2","languages":{"en":{"hash":"en_1","page_count":6},"km":{"wasm":null},'
        '"vi":{"page_count":1}},"include_characters":["_","‿"]}')
    assert not sort_pagefind_entry(tmp_path)  # already sorted: left alone
