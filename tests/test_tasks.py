"""The staff-facing commands, run as a staffer runs them: `invoke new-story`, `invoke check`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, add_story

INVOKE = [sys.executable, "-m", "invoke"]


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*INVOKE, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "STORIES_TODAY": "2026-06-01"},
    )


@pytest.fixture
def staff_project(project: Path) -> Path:
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    return project


def test_new_story_then_check_lists_exactly_what_is_missing(staff_project):
    created = run(staff_project, "new-story", "Test Person", "--name", "full")
    assert created.returncode == 0, created.stderr
    assert "Created stories/test-person/index.md" in created.stdout
    text = (staff_project / "stories" / "test-person" / "index.md").read_text()
    assert 'client: "Test Person"' in text and "\n  name: full\n" in text
    for field in (
        "title:",
        "summary:",
        "outcome:",
        "attorney:",
        "partners:",
        "photo:",
        "consent:",
        "content_notes:",
        "alt:",
        "focus:",
        "review:",
        "withdrawn:",
    ):
        assert f"\n{field}" in text or f"\n  {field}" in text, field

    checked = run(staff_project, "check")
    assert checked.returncode == 1
    lines = [line for line in checked.stdout.strip().splitlines() if not line.startswith("note: ")]
    assert [line.split(": ")[1] for line in lines[:-2]] == [
        "title",
        "summary",
        "outcome",
        "consent.photo",
        "consent.given",
        "consent.review",
        "body",
    ]
    # Until consent is recorded, a log (CI's are public) masks the name in the folder too.
    assert lines[0].startswith("stories/t***-p***/index.md:5: title: is missing.")
    assert lines[-2] == "7 problems to fix in 1 file."
    assert lines[-1] == (
        "0 stories will be published, 0 are drafts or hidden, 0 are waiting on "
        "consent and 1 has problems to fix. Fix the problems above first."
    )


@pytest.mark.parametrize(
    ("level", "folder"), [("full", "jose-perez"), ("first", "jose"), ("pseudonym", "jose-perez")]
)
def test_new_story_folder_holds_only_what_consent_shows(staff_project, level, folder):
    created = run(staff_project, "new-story", "José Pérez", "--name", level)
    assert created.returncode == 0, created.stderr
    index = staff_project / "stories" / folder / "index.md"
    assert f"\n  name: {level}\n" in index.read_text()
    assert [p.name for p in (staff_project / "stories").iterdir()] == [folder]


def test_anonymous_new_story_gets_a_neutral_address(staff_project):
    created = run(staff_project, "new-story", "Zorvath Quillon", "--name", "anonymous")
    assert created.returncode == 0, created.stderr
    (folder,) = (staff_project / "stories").iterdir()
    assert re.fullmatch(r"story-[0-9a-f]{6}", folder.name)
    assert "\n  name: anonymous\n" in (folder / "index.md").read_text()


def test_new_story_asks_for_the_name_level(staff_project):
    created = run(staff_project, "new-story", "Zorvath Quillon")
    assert created.returncode == 1
    assert "with --name full, first, pseudonym, anonymous" in created.stderr
    assert not list((staff_project / "stories").iterdir())


def test_new_story_never_overwrites(staff_project):
    run(staff_project, "new-story", "Test Person", "--name", "first")
    story = staff_project / "stories" / "test" / "index.md"
    story.write_text("my work")
    again = run(staff_project, "new-story", "Test Person", "--name", "first")
    assert again.returncode == 0, again.stderr
    # Another person with the same shown name gets the next free address.
    assert "Created stories/test-2/index.md" in again.stdout
    assert story.read_text() == "my work"


def test_check_passes_and_mentions_withdrawn_stories(staff_project):
    add_story(staff_project, "valid_story")
    add_story(staff_project, "consent_withdrawn")
    checked = run(staff_project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "note: consent-withdrawn: not published, consent was withdrawn." in checked.stdout
    # The sample settings have no contact: each empty one is named, without failing the check.
    assert (
        "launch blocker: pelicanconf.py: CONTACT_PHONE: is empty: the phone number a person in crisis calls."
    ) in checked.stdout
    assert "not ready to launch: 6 launch blockers above." in checked.stdout
    assert run(staff_project, "check", "--launch").returncode == 1


def test_check_says_which_line_of_a_story_lost_unsafe_html(staff_project):
    story = add_story(staff_project, "valid_story")
    with story.open("a", encoding="utf-8") as f:
        f.write('\n<iframe srcdoc="<script>alert(1)</script>"></iframe>\n')
    line = (
        story.read_text(encoding="utf-8")
        .splitlines()
        .index('<iframe srcdoc="<script>alert(1)</script>"></iframe>')
        + 1
    )
    checked = run(staff_project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (
        f"stories/valid-story/index.md:{line}: body: the text was changed for safety: <iframe> was removed."
    ) in checked.stdout


def test_task_menu_reads_as_a_menu():
    menu = subprocess.run([*INVOKE, "-l"], cwd=ROOT, capture_output=True, text=True).stdout
    for name in ("build", "serve", "check", "new-story", "publish", "clean", "test"):
        assert f"  {name} " in menu, name


def test_the_project_plugins_load():
    """Pelican only logs 'Cannot load plugin' and goes on; make that a test failure."""
    from pelican.plugins._utils import load_plugins
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    loaded = load_plugins(settings)
    assert len(loaded) == len(settings["PLUGINS"])


def test_sample_stories_pass_the_check():
    copy = subprocess.run([*INVOKE, "check"], cwd=ROOT, capture_output=True, text=True)
    assert copy.returncode == 0, copy.stdout + copy.stderr
