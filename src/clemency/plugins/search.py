"""Search plugin: indexes the built stories with Pagefind when Pelican has written the site.

Only elements marked `data-pagefind-body` (the story text, the help page) are indexed. Khmer,
written without spaces between words, is cut into words first (clemency.i18n.segment), in a scratch
copy of the pages, so the published pages stay as written. The search page loads Pagefind's own
UI as an optional enhancement; without JavaScript it lists every story instead.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import tempfile
from pathlib import Path

from pelican import signals

from ..i18n import segment
from ..site.reproducible import sort_pagefind_entry

log = logging.getLogger(__name__)

DEFAULTS = {
    "SEARCH_PAGEFIND": True,
    "SEARCH_PAGEFIND_COMMAND": [sys.executable, "-m", "pagefind"],
    "SEARCH_PAGEFIND_TIMEOUT": 120,
}


def _settings(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings


def initialized(pelican) -> None:
    settings = _settings(pelican.settings)
    # Templates link the search page and its scripts only when there will be an index.
    settings["SEARCH_ENABLED"] = bool(settings["SEARCH_PAGEFIND"]) and "search" in settings.get(
        "DIRECT_TEMPLATES", []
    )


def index_site(pelican) -> None:
    settings = pelican.settings
    if not settings.get("SEARCH_ENABLED"):
        return
    output = Path(settings["OUTPUT_PATH"])
    with tempfile.TemporaryDirectory(prefix="search-") as scratch:
        site = output
        try:
            if segment.segmented_copy(output, Path(scratch)):
                site = Path(scratch)
        except segment.SegmenterMissing as exc:
            log.error("search: %s", exc)
        _run_pagefind(settings, site, output)
    if not (output / "pagefind" / "pagefind.js").is_file():
        log.error("search: Pagefind ran but wrote no index in %s/pagefind/.", output)
        return
    sort_pagefind_entry(output)  # two builds of the same sources must be the same bytes


def _run_pagefind(settings: dict, site: Path, output: Path) -> None:
    command = [
        *settings["SEARCH_PAGEFIND_COMMAND"],
        "--site",
        str(site),
        "--output-path",
        str((output / "pagefind").resolve()),
        "--silent",
    ]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=settings["SEARCH_PAGEFIND_TIMEOUT"]
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.error(
            "search: could not run Pagefind (%s): %s. Install it with "
            "`pip install pagefind pagefind-bin`, or set SEARCH_PAGEFIND = False.",
            " ".join(command),
            exc,
        )
        return
    if result.returncode != 0:
        log.error(
            "search: Pagefind failed (exit %d): %s",
            result.returncode,
            (result.stderr or result.stdout).strip(),
        )


def register() -> None:
    signals.initialized.connect(initialized)
    signals.finalized.connect(index_site)
