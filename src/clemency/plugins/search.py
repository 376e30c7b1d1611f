"""Search plugin: indexes the built stories with Pagefind when Pelican has written the site
(clemency.site.search does the work). The search page loads Pagefind's own UI as an optional
enhancement; without JavaScript it lists every story instead.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from ..site import search

log = logging.getLogger(__name__)

DEFAULTS = {
    "SEARCH_PAGEFIND": True,
    "SEARCH_PAGEFIND_COMMAND": list(search.COMMAND),
    "SEARCH_PAGEFIND_TIMEOUT": 120,
    "SEARCH_KEEP_INDEX_OF": "",
    # Pages cut into Khmer words, kept by inode between builds (clemency.i18n.segment).
    "SEARCH_CACHE_PATH": search.CACHE,
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
    # The live preview shows a save first and indexes it just after (clemency.build.preview):
    # it passes the last build's folder when that index holds no name the check now forbids.
    kept = settings.get("SEARCH_KEEP_INDEX_OF")
    if kept and search.link_index(Path(kept), output):
        log.info("search: the last build's index is kept for now; it is refreshed in a moment.")
        return
    cache = Path(settings["PATH"]) / settings["SEARCH_CACHE_PATH"] if settings["SEARCH_CACHE_PATH"] else None
    for error in search.build_index(
        output, output, settings["SEARCH_PAGEFIND_COMMAND"], settings["SEARCH_PAGEFIND_TIMEOUT"], cache
    ):
        log.error("search: %s", error)


def register() -> None:
    signals.initialized.connect(initialized)
    signals.finalized.connect(index_site)
