"""The staff-facing commands, run as a staffer runs them: `invoke new-story`, `invoke check`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, add_story

INVOKE = [sys.executable, "-m", "invoke"]


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*INVOKE, *args], cwd=project, capture_output=True, text=True,
                          timeout=120, env={"PATH": "/usr/bin:/bin", "STORIES_TODAY": "2026-06-01"})


@pytest.fixture
def staff_project(project: Path) -> Path:
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    return project


def test_new_story_then_check_lists_exactly_what_is_missing(staff_project):
    created = run(staff_project, "new-story", "Test Person")
    assert created.returncode == 0, created.stderr
    assert "Created stories/test-person/index.md." in created.stdout
    text = (staff_project / "stories" / "test-person" / "index.md").read_text()
    assert 'client: "Test Person"' in text
    for field in ("title:", "summary:", "outcome:", "attorney:", "partners:", "photo:",
                  "consent:", "content_notes:", "alt:", "focus:", "review:", "withdrawn:"):
        assert f"\n{field}" in text or f"\n  {field}" in text, field

    checked = run(staff_project, "check")
    assert checked.returncode == 1
    lines = checked.stdout.strip().splitlines()
    assert [line.split(": ")[1] for line in lines[:-1]] == [
        "title", "summary", "outcome", "consent", "body"]
    assert lines[0].startswith("stories/test-person/index.md:5: title: is missing.")
    assert lines[-1] == "5 problems to fix in 1 file."


def test_new_story_never_overwrites(staff_project):
    run(staff_project, "new-story", "Test Person")
    story = staff_project / "stories" / "test-person" / "index.md"
    story.write_text("my work")
    again = run(staff_project, "new-story", "Test Person")
    assert again.returncode == 1
    assert "stories/test-person/index.md already exists; nothing was changed." in again.stderr
    assert story.read_text() == "my work"


def test_check_passes_and_mentions_withdrawn_stories(staff_project):
    add_story(staff_project, "valid_story")
    add_story(staff_project, "consent_withdrawn")
    checked = run(staff_project, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "note: consent-withdrawn: not published, consent was withdrawn." in checked.stdout
    # The sample settings have no contact: each empty one is named, without failing the check.
    assert ("launch blocker: pelicanconf.py: CONTACT_PHONE: is empty: the phone number a person "
            "in crisis calls.") in checked.stdout
    assert "not ready to launch: 6 launch blockers above." in checked.stdout
    assert run(staff_project, "check", "--launch").returncode == 1


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
