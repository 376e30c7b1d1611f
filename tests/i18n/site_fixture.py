"""The fixture site the language tests read: the real settings, theme, catalogs and pages, and
fictional stories named after what they test, built once per session with real Pelican.

Not a conftest.py, for the reason tests/theme/site_fixture.py gives: test modules import the
fixture from here.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import build_with_settings, copy_project

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"
TRANSLATED = "translated-into-khmer"
UNTRANSLATED = "not-yet-translated"
WITHDRAWN = "withdrawn-with-translations"
_BUILT: dict[Path, Built] = {}


@dataclass(frozen=True)
class Built:
    project: Path
    output: Path
    settings: dict

    def page(self, path: str) -> str:
        """The HTML a visitor gets at `path` ("km/stories/x/")."""
        file = self.output / path
        return (file / "index.html" if path.endswith("/") or not path else file).read_text(encoding="utf-8")


def build_language_site(dest: Path, **overrides) -> Built:
    copy_project(dest)
    for fixture in sorted(STORIES.iterdir()):
        shutil.copytree(fixture, dest / "stories" / fixture.name.replace("_", "-"))
    settings, output = build_with_settings(dest, SEARCH_PAGEFIND=False, **overrides)
    return Built(dest, output, settings)


@pytest.fixture(scope="session")
def language_site(tmp_path_factory) -> Built:
    key = tmp_path_factory.getbasetemp()
    if key not in _BUILT:
        _BUILT[key] = build_language_site(tmp_path_factory.mktemp("languages"))
    return _BUILT[key]
