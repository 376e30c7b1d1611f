"""Nothing a build or a check prints in CI names a client whose consent hides the name.

CI logs of a public repository are public. Here `invoke build` and `invoke check` run as in CI,
with every log record of every logger printed (DEBUG), through each kind of failure and notice,
and not one line of what they print may hold the surname, in any case or spelling.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from clemency import logmask
from clemency.build import atomic
from clemency.content.names import fold
from conftest import ROOT, copy_project, write_photo

# Every record of every logger printed, as a CI log would keep it if logging were turned up.
LOUD_INVOKE = (
    "import logging, sys; logging.basicConfig(level=logging.DEBUG); "
    "from invoke.main import program; program.run(['invoke', *sys.argv[1:]])"
)
STORY = """---
title: {title}
date: 2026-01-10
summary: A fictional client whose pardon was granted.
client: Zorvath Quillon
outcome: pardon-granted
photo: {{src: {photo}, alt: A man reading at his kitchen table}}
consent: {{name: {level}, photo: true, given: 2026-01-01, review: {review}, withdrawn: {withdrawn}}}
---
{body}
"""


def write_story(
    folder: Path,
    *,
    level: str,
    title: str,
    photo: str,
    body: str,
    review: str = "2027-01-01",
    withdrawn: bool = False,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(
        STORY.format(
            title=title, photo=photo, level=level, review=review, withdrawn=str(withdrawn).lower(), body=body
        ),
        encoding="utf-8",
    )
    return folder / "index.md"


def invoke(project: Path, task: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", LOUD_INVOKE, task],
        cwd=project,
        text=True,
        capture_output=True,
        timeout=600,
        env={
            "PATH": "/usr/bin:/bin",
            "CI": "true",
            "PYTHONWARNINGS": "default",
            "STORIES_TODAY": "2026-06-01",
        },
    )
    return f"$ invoke {task} (exit {done.returncode})\n{done.stdout}\n{done.stderr}"


def test_a_log_record_and_its_exception_are_masked_as_they_are_made(monkeypatch):
    monkeypatch.setenv("CI", "true")
    logmask.cover(SimpleNamespace(published={}, unpublished_names={"Zorvath Quillon"}))
    recorder = atomic._ErrorRecorder()
    logger = logging.getLogger("pelican.test_names_in_logs")
    logger.addHandler(recorder)
    try:
        raise FileNotFoundError("stories/zorvath-quillon/quillon.jpg")
    except FileNotFoundError:
        logger.error("Could not process %s", "stories/zorvath-quillon/index.md", exc_info=True)
    finally:
        logger.removeHandler(recorder)
    (record,) = recorder.records
    shown = logging.Formatter().format(record)
    assert "Could not process stories/z***-q***/index.md" in shown and "q***.jpg" in shown
    problem = atomic._problem(Path("pelicanconf.py"), record).format()
    assert "stories/z***-q***/index.md" in problem and "q***.jpg" in problem
    assert not leaked(shown) and not leaked(problem)


def test_an_error_no_task_expected_prints_its_traceback_with_names_masked(monkeypatch, capsys):
    sys.path.insert(0, str(ROOT))
    try:
        import tasks  # the project's tasks.py, as invoke loads it
    finally:
        sys.path.remove(str(ROOT))
    assert sys.excepthook is tasks._masked_traceback  # every task, whatever it raises
    assert threading.excepthook.__module__ == "tasks"  # and every thread of one
    monkeypatch.setenv("CI", "true")
    logmask.cover(SimpleNamespace(published={}, unpublished_names={"Zorvath Quillon"}))
    try:
        raise OSError("cannot read stories/zorvath-quillon/index.md")
    except OSError as exc:
        tasks._masked_traceback(type(exc), exc, exc.__traceback__)
    printed = capsys.readouterr().err
    assert printed.startswith("Traceback (most recent call last):")
    assert "OSError: cannot read stories/z***-q***/index.md" in printed and not leaked(printed)


def leaked(text: str) -> bool:
    return "quillon" in fold(text)


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, str]:
    """What each step printed: a good build with notices, then one failure after another."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    gone = project / "stories" / "zorvath-quillon"  # withdrawn: the full name was its address
    write_story(
        gone,
        level="full",
        title="Zorvath Quillon went home",
        photo="quillon.jpg",
        body="Zorvath Quillon's story, withdrawn.",
        withdrawn=True,
    )
    write_photo(gone / "quillon.jpg", (1600, 1100))
    shown = project / "stories" / "zorvath"  # the first name only
    story = write_story(
        shown,
        level="first",
        title="Zorvath kept his family together",
        photo="photo.jpg",
        body="Zorvath's story, told with consent.\n\n<script>alert(1)</script>\n",
    )
    write_photo(shown / "photo.jpg", (300, 200))  # soft on large screens: a notice
    steps = {"notices: build": invoke(project, "build"), "notices: check": invoke(project, "check")}
    (shown / "photo.jpg").write_text("not a photo")
    steps["bad photo: build"] = invoke(project, "build")
    write_photo(shown / "photo.jpg", (300, 200))
    good = story.read_text(encoding="utf-8")
    story.write_text(good.replace("summary: A", "summary: [A"), encoding="utf-8")
    steps["broken front matter: build"] = invoke(project, "build")
    story.write_text(good.replace("review: 2027-01-01", "review: 2026-03-01"), encoding="utf-8")
    steps["expired review: build"] = invoke(project, "build")  # taken down already
    steps["expired review: check"] = invoke(project, "check")
    return steps


# What each step must have printed, so the test cannot pass on a step that never ran.
SAID = {
    "notices: build": [
        "Built ",
        "z***-q***: not published, consent was withdrawn",
        "Read file stories/z***-q***/index.md",
        "look soft on large screens",
        "the text was changed for safety",
    ],
    "notices: check": ["Every check passed", "z***-q***: not published, consent was withdrawn"],
    "bad photo: build": ["'photo.jpg' is not an image", "The build stopped"],
    "broken front matter: build": ["stories/z***/index.md:4: line 4", "Taken down: "],
    "expired review: build": ["consent review was due on 2026-03-01", "The build stopped"],
    "expired review: check": ["consent review was due on 2026-03-01", "1 is withdrawn"],
}


@pytest.mark.slow
@pytest.mark.parametrize("step", SAID)
def test_no_line_printed_names_the_client(printed, step):
    text = printed[step]
    for said in SAID[step]:
        assert said in text, f"{step}: expected {said!r} in:\n{text[-3000:]}"
    leaks = [line for line in text.splitlines() if leaked(line)]
    assert leaks == [], f"{step} printed the surname:\n" + "\n".join(leaks[:20])
