"""Shared fixtures: fixture stories copied into a throwaway project, and the project's paths."""

from __future__ import annotations

import datetime as dt
import shutil
import weakref
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"
# Fixture stories are judged as if built on this day, so consent dates never drift into the past.
TODAY = dt.date(2026, 6, 1)


def copy_project(dest: Path) -> Path:
    """A minimal project in `dest`: the real config, theme and vocabularies, and no stories."""
    for name in ("pelicanconf.py", "publishconf.py", "babel.cfg"):
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "theme", dest / "theme")
    shutil.copytree(ROOT / "content", dest / "content")
    (dest / "stories").mkdir()
    return dest


def add_story(project: Path, fixture: str, slug: str | None = None) -> Path:
    """Copy tests/fixtures/stories/<fixture> into project/stories/<slug> (slug: dashes)."""
    slug = slug or fixture.replace("_", "-")
    target = project / "stories" / slug
    shutil.copytree(FIXTURE_STORIES / fixture, target)
    return target / "index.md"


def write_photo(path: Path, size=(60, 40), colour=(200, 80, 40)) -> Path:
    Image.new("RGB", size, colour).save(path)
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def build(
    project: Path, output: Path | None = None, settings_file: str = "pelicanconf.py", **overrides
) -> Path:
    """Build `project` with real Pelican, as `invoke build` does; return the output folder."""
    return build_with_settings(project, output, settings_file, **overrides)[1]


def build_with_settings(
    project: Path, output: Path | None = None, settings_file: str = "pelicanconf.py", **overrides
) -> tuple[dict, Path]:
    """The same build; also return the settings as the plugins left them."""
    from pelican import Pelican
    from pelican.settings import read_settings

    output = output or project / "output"
    settings = read_settings(
        str(project / settings_file),
        override={"OUTPUT_PATH": str(output), "STORIES_TODAY": TODAY, **overrides},
    )
    Pelican(settings).run()  # _unplug_pelican_plugins disconnects its plugins after the test
    return settings, output


def output_files(output: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of a build: (inode, bytes) by path."""
    return {
        p.relative_to(output).as_posix(): (p.stat().st_ino, p.read_bytes())
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def site_text(output: Path) -> dict[str, str]:
    """Every text file a visitor could fetch, by its path in the site."""
    return {
        p.relative_to(output).as_posix(): p.read_text(encoding="utf-8")
        for p in output.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".txt", ".json", ".js", ".css", ".webmanifest")
    }


def _pelican_receivers() -> dict:
    from blinker import Signal
    from pelican.plugins import signals

    return {s: set(s.receivers) for s in vars(signals).values() if isinstance(s, Signal)}


@pytest.fixture(scope="session")
def _pelican_receivers_at_start() -> dict:
    return _pelican_receivers()


@pytest.fixture(autouse=True)
def _unplug_pelican_plugins(_pelican_receivers_at_start):
    """Pelican's signals are global: plugins one test's build connected would run in every later
    build in this process, even one with other PLUGINS. Disconnect them after each test."""
    yield
    for signal, receivers in _pelican_receivers().items():
        for receiver_id in receivers - _pelican_receivers_at_start.get(signal, set()):
            ref = signal.receivers[receiver_id]
            receiver = ref() if isinstance(ref, weakref.ref) else ref
            if receiver is not None:
                signal.disconnect(receiver)


@pytest.fixture(autouse=True)
def _forget_masked_names():
    """Names a test's builds masked in logs (clemency.logmask) are not masked in the next test's."""
    from clemency import logmask

    yield
    logmask.forget()
