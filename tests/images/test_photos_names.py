"""The photo pipeline's problems and notices can reach a CI log, often public: names masked.

A photo's file name and the story's folder can carry the client's name; they are masked as the
story check masks its own problems (tests/test_consent_names.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from photo_helpers import settings, story

from clemency.content.models import Consent
from clemency.content.names import fold
from clemency.images import build_pictures, request_for
from clemency.problems import ProblemsFound
from conftest import TODAY, build, copy_project, write_photo

CLIENT = "Zorvath Quillon"


def leaked(text: str) -> bool:
    """The surname in any case or accents (masks keep only its first letter)."""
    return "quillon" in fold(text)


def photo_story(folder: Path, photo: Path, level: str = "first"):
    made = story(folder, photo, photo_consent=True)
    return dataclasses.replace(
        made, client=CLIENT, consent=Consent(level, True, dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    )


def photo_problems(tmp_path: Path, name: str, write) -> list[str]:
    folder = tmp_path / "stories" / "zorvath-quillon"
    folder.mkdir(parents=True)
    photo = folder / name
    write(photo)
    report = build_pictures(
        [request_for(photo_story(folder, photo))], settings(tmp_path), output=tmp_path / "site"
    )
    return [p.format(tmp_path) for p in report.problems + report.notices]


@pytest.mark.parametrize(
    ("name", "write", "says"),
    [
        ("zorvath-quillon.jpg", lambda p: p.write_text("not a photo"), "is not an image"),
        ("Quillon portrait.jpg", lambda p: write_photo(p, (80, 60)), "look soft on large screens"),
        ("quillon.jpg", lambda p: None, "is missing"),
    ],
)
def test_photo_problems_mask_the_name_in_ci(tmp_path, monkeypatch, name, write, says):
    monkeypatch.setenv("CI", "true")
    (line,) = photo_problems(tmp_path, name, write)
    assert says in line and line.startswith("stories/zorvath-q***/index.md: photo.src: '")
    assert not leaked(line) and "zorvath'" not in line.lower(), line


def test_a_staffers_terminal_shows_the_photo_it_names(tmp_path, monkeypatch):
    class Terminal:
        def isatty(self):
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", Terminal())
    (line,) = photo_problems(tmp_path, "quillon.jpg", lambda p: None)
    assert line.startswith("stories/zorvath-quillon/index.md: photo.src: 'quillon.jpg' is missing")


def test_a_build_stopped_by_a_photo_masks_its_file_name(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    project = copy_project(tmp_path)
    folder = project / "stories" / "zorvath-quillon"
    folder.mkdir()
    (folder / "quillon.jpg").write_text("not a photo")
    (folder / "index.md").write_text(
        "---\ntitle: A family kept together\ndate: 2026-01-10\nsummary: A fictional client.\n"
        f"client: {CLIENT}\noutcome: pardon-granted\n"
        "photo: {src: quillon.jpg, alt: A man reading at his kitchen table}\n"
        "consent: {name: full, photo: true, given: 2026-01-01, review: 2027-01-01}\n---\nStory.\n"
    )
    with pytest.raises(ProblemsFound) as caught:
        build(project, STORIES_TODAY=TODAY)
    assert "photo.src: 'q***.jpg' is not an image" in str(caught.value), str(caught.value)
