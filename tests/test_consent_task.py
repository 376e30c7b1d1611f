"""`invoke consent`, the reminder issue's text, `invoke clean`, and a takedown as staff see it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, add_story

NAMES = (
    "Mara",
    "Testwell",
    "Hidden",
    "Personname",
    "Yara",
    "Expired",
    "Zelda",
    "Withdrawnson",
    "Dana",
    "Soonreview",
)

TABLE = """\
Story                  Client              Name shown  Photo  Review      State
---------------------  ------------------  ----------  -----  ----------  -------------------------
stories/dana/          Dana Soonreview     full        yes    2026-06-20  ok, review in 19 days
stories/mara/          Mara Testwell       full        yes    2027-01-01  ok
stories/quiet-garden/  Hidden Personname   anonymous   no     2027-01-01  ok
stories/yara/          Yara Expired        full        no     2026-03-01  off the site: review past
stories/zelda/         Zelda Withdrawnson  -           -      -           off the site: withdrawn

Reviews due within 30 days or past: 2.
  2026-03-01  stories/yara/  off the site: review past
  2026-06-20  stories/dana/  ok, review in 19 days
Re-confirm consent with each client, then update consent.review.
"""


def run(project: Path, *args: str, ci: bool = False) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "STORIES_TODAY": "2026-06-01", **({"CI": "true"} if ci else {})}
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def staff_project(project: Path) -> Path:
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    add_story(project, "valid_story", "mara")
    add_story(project, "anonymous", "quiet-garden")
    add_story(project, "consent_expired", "yara")
    add_story(project, "consent_withdrawn", "zelda")
    soon = add_story(project, "valid_story", "dana")
    soon.write_text(
        soon.read_text()
        .replace("Mara Testwell", "Dana Soonreview")
        .replace("review: 2027-01-01", "review: 2026-06-20")
    )
    return project


def test_consent_lists_every_story_and_the_reviews_due(staff_project):
    listed = run(staff_project, "consent")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout == TABLE


def test_in_ci_the_consent_list_names_nobody(staff_project):
    listed = run(staff_project, "consent", ci=True)
    assert listed.returncode == 0, listed.stderr
    for name in NAMES:
        assert name not in listed.stdout, name
    assert "stories/d***/  D*** S***" in listed.stdout


def test_the_reminder_issue_lists_addresses_and_dates_and_no_name(staff_project):
    body = run(staff_project, "consent", "--due-markdown", ci=True).stdout
    assert "| `stories/yara/` | 2026-03-01 | off the site: review past |" in body
    assert "| `stories/dana/` | 2026-06-20 | ok, review in 19 days |" in body
    assert "zelda" not in body and "mara" not in body
    for name in NAMES:
        assert name not in body, name


def test_no_reminder_when_no_review_is_due(project):
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    add_story(project, "valid_story", "mara")
    reminder = run(project, "consent", "--due-markdown")
    assert (reminder.returncode, reminder.stdout) == (0, "")


def test_clean_removes_output_and_scratch_and_keeps_the_caches(staff_project):
    for folder in ("output", ".cache/build/tmp-1-x", ".cache/photos/files"):
        (staff_project / folder).mkdir(parents=True)
    assert run(staff_project, "clean").returncode == 0
    assert sorted(p.name for p in (staff_project / ".cache").iterdir()) == ["photos"]
    assert not (staff_project / "output").exists()
    assert run(staff_project, "clean", "--cache").returncode == 0
    assert not (staff_project / ".cache").exists()


def test_a_failed_build_that_takes_a_story_down_says_so(staff_project):
    for slug in ("yara", "zelda", "dana", "quiet-garden"):
        shutil.rmtree(staff_project / "stories" / slug)
    add_story(staff_project, "pseudonym", "nadia")
    first = run(staff_project, "build")
    assert first.returncode == 0, first.stderr
    assert (staff_project / "output" / "stories" / "mara" / "index.html").is_file()
    index = staff_project / "stories" / "mara" / "index.md"
    index.write_text(index.read_text().replace("review: 2027-01-01", "review: 2027-01-01\n  withdrawn: true"))
    nadia = staff_project / "stories" / "nadia" / "index.md"
    nadia.write_text(nadia.read_text().replace("title:", "tittle:"))
    second = run(staff_project, "build", ci=True)
    assert second.returncode == 1, second.stdout + second.stderr
    assert "\nTaken down: stories/m***/ (consent withdrawn)." in second.stderr
    assert "Mara" not in second.stderr and "Testwell" not in second.stderr
    assert not (staff_project / "output" / "stories" / "mara").exists()
    assert (staff_project / "output" / "stories" / "nadia" / "index.html").is_file()
