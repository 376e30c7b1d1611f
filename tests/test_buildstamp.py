"""A build is skipped only when nothing it reads changed and output/ is what it left."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from clemency.build import stamp as buildstamp
from conftest import add_story


@pytest.fixture
def built(project: Path) -> tuple[Path, Path, str]:
    """A project with one story and an output folder stamped as its build."""
    add_story(project, "valid_story")
    output = project / "output"
    (output / "stories").mkdir(parents=True)
    (output / "index.html").write_text("<p>home</p>")
    inputs = buildstamp.fingerprint(project, project / "pelicanconf.py")
    buildstamp.record(project, output, inputs, files=1)
    return project, output, inputs


def fingerprint(project: Path, **overrides) -> str:
    return buildstamp.fingerprint(project, project / "pelicanconf.py", overrides)


def test_nothing_changed_is_up_to_date(built):
    project, output, inputs = built
    assert fingerprint(project) == inputs
    assert buildstamp.up_to_date(project, output, inputs) == 1


@pytest.mark.parametrize("change", ["story", "new photo", "theme", "settings", "vocabulary"])
def test_any_changed_input_means_a_build(built, change):
    project, _, inputs = built
    path = {
        "story": "stories/valid-story/index.md",
        "new photo": "stories/valid-story/p.jpg",
        "theme": "theme/templates/base.html",
        "settings": "pelicanconf.py",
        "vocabulary": "content/data/outcomes.yml",
    }[change]
    file = project / path
    file.write_bytes((file.read_bytes() if file.exists() else b"") + b"\n")
    assert fingerprint(project) != inputs


def test_other_settings_environment_or_day_mean_a_build(built, monkeypatch):
    project, _, inputs = built
    assert fingerprint(project, STORIES_PREVIEW=True) != inputs
    monkeypatch.setenv("SITEURL", "https://other.example")
    assert fingerprint(project) != inputs
    monkeypatch.delenv("SITEURL")

    tomorrow = dt.date.today() + dt.timedelta(days=1)

    class Tomorrow(dt.date):  # consent review dates pass at midnight
        @classmethod
        def today(cls):
            return tomorrow

    monkeypatch.setattr(buildstamp.dt, "date", Tomorrow)
    assert fingerprint(project) != inputs


def test_outputs_and_caches_are_not_inputs(built):
    project, _, inputs = built
    (project / ".cache").mkdir(exist_ok=True)
    (project / ".cache" / "x").write_text("cache")
    (project / "output.tmp-1234").mkdir()
    assert fingerprint(project) == inputs


@pytest.mark.parametrize("change", ["edited", "deleted", "added", "folder gone"])
def test_a_touched_output_means_a_build(built, change):
    project, output, inputs = built
    page = output / "index.html"
    if change == "edited":
        page.write_text("<p>hand edit</p>")
        os.utime(page, ns=(0, 0))
    elif change == "deleted":
        page.unlink()
    elif change == "added":
        (output / "extra.html").write_text("x")
    else:
        page.unlink()
        (output / "stories").rmdir()
        output.rmdir()
    assert buildstamp.up_to_date(project, output, inputs) is None


def test_a_failed_build_forgets_the_stamp(built):
    project, output, inputs = built
    buildstamp.forget(project)
    assert buildstamp.up_to_date(project, output, inputs) is None
