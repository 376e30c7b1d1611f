"""Assets plugin: the theme's CSS files become one hashed stylesheet, `CSS_URL` in templates.

The files are listed in layer order (tokens, base, layout, components, utilities, print) in
ASSETS_CSS_FILES, relative to the theme's static folder. The bundle is named by a hash of its
text, so hosts may cache it for a year: it is written to a folder that holds only hash-named
files (`theme/bundle/`), which `_headers` marks immutable (clemency.site.security.IMMUTABLE_PATHS).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from ..site import assets as stylesheet

log = logging.getLogger(__name__)

DEFAULTS = {
    "ASSETS_CSS_FILES": ["css/site.css"],
    "ASSETS_CSS_SAVE_AS": "theme/bundle/site.{hash}.css",
    "ASSETS_CSS_MINIFY": True,
}


def _settings(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings


def _css_files(settings: dict) -> list[Path]:
    static = Path(settings["THEME"]) / "static"
    files = []
    for name in settings["ASSETS_CSS_FILES"]:
        path = static / name
        if path.is_file():
            files.append(path)
        else:
            log.warning(
                "assets: ASSETS_CSS_FILES names '%s', which is not in %s; it was left out.", name, static
            )
    return files


def initialized(pelican) -> None:
    """Build the stylesheet text now, so every template knows its address before writing."""
    settings = _settings(pelican.settings)
    css = stylesheet.bundle(_css_files(settings), compress=settings["ASSETS_CSS_MINIFY"])
    save_as = settings["ASSETS_CSS_SAVE_AS"].format(hash=stylesheet.fingerprint(css))
    settings["ASSETS_CSS_TEXT"] = css
    settings["ASSETS_CSS_PATH"] = save_as
    settings["CSS_URL"] = f"{settings['SITEURL']}/{save_as}"


def finalized(pelican) -> None:
    settings = pelican.settings
    target = Path(settings["OUTPUT_PATH"]) / settings["ASSETS_CSS_PATH"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(settings["ASSETS_CSS_TEXT"], encoding="utf-8", newline="\n")


def register() -> None:
    signals.initialized.connect(initialized)
    signals.finalized.connect(finalized)
