"""The visitor site the theme and browser tests read: the real theme, config and content, and
fictional stories named after what they test, built with real Pelican once per session.

No conftest.py here on purpose: a second conftest module would shadow tests/conftest.py for
the modules that `from conftest import ...`. Test modules import the fixtures from this one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from conftest import build, copy_project

STORIES = Path(__file__).resolve().parent / "fixtures" / "stories"
PRODUCTION_URL = "https://clemency.example"
# The program's contact for the "contact" build: fictional (555-01xx numbers, .example domains).
CONTACT = {
    "CONTACT_PHONE": "(206) 555-0142",
    "CONTACT_EMAIL": "help@clemency.example",
    "CONTACT_ADDRESS": "1 Fictional Way\nSpringfield, WA 98000",
    "CONTACT_HOURS": "Monday to Friday, 9 am to 5 pm",
    "CONTACT_LANGUAGES": ["en", "km", "es"],
    "CONTACT_FORM_URL": "https://forms.clemency.example/intake",
    "CONTACT_DONATION_URL": "https://give.clemency.example/",
    "CONTACT_VOLUNTEER_URL": "volunteer@clemency.example",
}
# Fixture pages are built once per session, whichever test module asks first.
_BUILT: dict[tuple[Path, str], Path] = {}


def make_project(dest: Path) -> Path:
    """A project in `dest`: the real settings, theme and pages, and the fixture stories."""
    copy_project(dest)
    (dest / "stories").rmdir()
    shutil.copytree(
        STORIES, dest / "stories", ignore=lambda folder, names: [n for n in names if n.startswith(".")]
    )
    for folder in list((dest / "stories").iterdir()):
        folder.rename(folder.with_name(folder.name.replace("_", "-")))
    photo = Image.new("RGB", (1600, 1067), (181, 86, 58))
    photo.paste((15, 76, 92), (0, 600, 1600, 1067))
    photo.save(dest / "stories" / "with-photo" / "photo.jpg", quality=85)
    return dest


def _build(project: Path, settings_file: str = "pelicanconf.py", **overrides) -> Path:
    return build(project, project / f"output-{Path(settings_file).stem}", settings_file, **overrides)


def _site(tmp_path_factory, kind: str) -> Path:
    base = tmp_path_factory.getbasetemp()
    key = (base, kind)
    if key not in _BUILT:
        project = make_project(tmp_path_factory.mktemp(f"visitor-{kind}"))
        # The three builds share one photo cache: each image is encoded once per session.
        shared = {"PHOTOS_CACHE_DIR": str(base / "visitor-photo-cache")}
        if kind == "local":
            _BUILT[key] = _build(project, **shared)
        elif kind == "production":
            _BUILT[key] = _build(
                project, "publishconf.py", SITEURL=PRODUCTION_URL, FEED_DOMAIN=PRODUCTION_URL, **shared
            )
        elif kind == "contact":
            _BUILT[key] = _build(project, **CONTACT, **shared)
        else:
            _BUILT[key] = _build(project, STORIES_PREVIEW=True, **shared)
    return _BUILT[key]


@pytest.fixture(scope="session")
def visitor_site(tmp_path_factory) -> Path:
    """The fixture site as `invoke build` makes it (local settings)."""
    return _site(tmp_path_factory, "local")


@pytest.fixture(scope="session")
def production_site(tmp_path_factory) -> Path:
    """The fixture site as `invoke publish` makes it (publishconf.py, a full SITEURL)."""
    return _site(tmp_path_factory, "production")


@pytest.fixture(scope="session")
def preview_site(tmp_path_factory) -> Path:
    """The fixture site as `invoke build --preview` makes it."""
    return _site(tmp_path_factory, "preview")


@pytest.fixture(scope="session")
def contact_site(tmp_path_factory) -> Path:
    """The fixture site with the program's contact set (CONTACT, fictional)."""
    return _site(tmp_path_factory, "contact")
