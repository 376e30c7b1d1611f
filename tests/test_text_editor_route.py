"""The text-editor route: key lists that stay true, check's last line, notes never published."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clemency.build.sources import summary
from clemency.content import catalog, scaffold, vocab, vocabdoc
from clemency.content.catalog import load_site
from conftest import ROOT, TODAY, add_story, build, copy_project

VOCAB, _ = vocab.load(ROOT / "content" / "data")
GUIDE = ROOT / "docs" / "adding-a-story.md"


def test_the_guide_lists_every_outcome_and_partner_key_with_its_label():
    text = GUIDE.read_text(encoding="utf-8")
    assert vocabdoc.refreshed(text, VOCAB) == text, "run `invoke docs-keys` to update the guide"
    assert "- `conviction-vacated`: Conviction vacated\n" in text
    assert "- `khaag`: Khmer Anti-Deportation Advocacy Group (KhAAG)\n" in text


def test_a_new_outcome_changes_the_guide_when_the_task_runs(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "content" / "data", data)
    with (data / "outcomes.yml").open("a", encoding="utf-8") as f:
        f.write("asylum-granted:\n  label: Asylum granted\n  explanation: Safe at last.\n")
    guide = tmp_path / "guide.md"
    shutil.copy(GUIDE, guide)
    assert vocabdoc.refresh(guide, vocab.load(data)[0]) is True
    assert "- `asylum-granted`: Asylum granted\n<!-- " not in guide.read_text()
    assert "- `case-pending`: Case in progress\n- `asylum-granted`: Asylum granted\n" in guide.read_text()


def test_the_scaffold_lists_the_keys_with_what_visitors_see():
    text = scaffold.render("Test Person", dt.date(2026, 6, 1), "first", VOCAB)
    assert (
        "# Write one of these keys (after each, what visitors see):\n#   pardon-granted: Pardon granted\n"
    ) in text
    assert '#   case-pending: Case in progress\noutcome: ""\n' in text
    assert (
        "# Write any of these keys in the brackets, separated by commas, e.g. [nwirp, khaag]:\n"
        "#   nwirp: Northwest Immigrant Rights Project (NWIRP)\n"
        "#   khaag: Khmer Anti-Deportation Advocacy Group (KhAAG)\npartners: []\n"
    ) in text


def test_notes_in_the_story_never_reach_the_page(tmp_path):
    project = copy_project(tmp_path)
    add_story(project, "body_with_notes")
    page = (build(project) / "stories" / "body-with-notes" / "index.html").read_text()
    assert "told with her consent" in page and "She came home in May." in page
    for note in ("<!--", "Write the story below", "daughter", "check the month"):
        assert note not in page, note


def test_a_note_that_is_never_closed_is_an_error(project):
    index = add_story(project, "valid_story", "mara")
    index.write_text(index.read_text() + "\n<!-- ask Mara about the date\n\nMore of the story.\n")
    cat = catalog.load(project / "stories", VOCAB, TODAY)
    assert [p.format(project) for p in cat.problems] == [
        "stories/mara/index.md:23: body: line 23 opens a note with <!-- but never closes it, so "
        "the story after it would be hidden; end the note with -->."
    ]


def run_check(project: Path) -> list[str]:
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    done = subprocess.run(
        [sys.executable, "-m", "invoke", "check"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "STORIES_TODAY": TODAY.isoformat()},
    )
    return [done.returncode, *done.stdout.strip().splitlines()]


@pytest.mark.slow
def test_check_never_says_ready_to_publish_while_a_story_is_a_draft(project):
    add_story(project, "valid_story")
    draft = add_story(project, "pseudonym")
    draft.write_text(draft.read_text().replace("---\n", "---\nstatus: draft\n", 1))
    add_story(project, "consent_withdrawn")
    code, *lines = run_check(project)
    assert code == 0, lines
    assert lines[-1] == (
        "1 story will be published, 1 is a draft or hidden, 0 are waiting on "
        "consent and 1 is withdrawn. Every check passed; the stories not yet "
        "published need the notes above."
    )
    assert not any("ready to publish" in line for line in lines)


@pytest.mark.slow
def test_check_says_ready_to_publish_only_when_every_story_is(project):
    add_story(project, "valid_story")
    code, *lines = run_check(project)
    assert (code, lines[-1]) == (
        0,
        "1 story will be published, 0 are drafts or hidden and 0 are "
        "waiting on consent. Every check passed, but the site is not "
        "ready to launch: 6 launch blockers above.",
    )
    # Once the program's contact is filled in (it is translated too, so here without a build):
    catalog = load_site({"PATH": str(project), "DEFAULT_LANG": "en", "STORIES_TODAY": TODAY})[1]
    assert summary(catalog, checks_passed=True, launch_blockers=0) == (
        "1 story will be published, 0 are drafts or hidden and 0 are waiting on consent. Every "
        "check passed: ready to publish."
    )


def test_check_counts_stories_waiting_on_consent(project):
    add_story(project, "valid_story")
    add_story(project, "consent_missing")
    code, *lines = run_check(project)
    assert (code, lines[-1]) == (
        1,
        "1 story will be published, 0 are drafts or hidden and 1 is "
        "waiting on consent. Fix the problems above first.",
    )
