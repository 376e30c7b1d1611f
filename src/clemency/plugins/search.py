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
    "SEARCH_PAGEFIND_TIMEOUT": search.TIMEOUT,
    "SEARCH_KEEP_INDEX_OF": "",
    # The build makes the index itself, after Pelican, beside the site check (clemency.build).
    "SEARCH_INDEX_AFTER": False,
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
    # The index is made after the pages, elsewhere (clemency.build: beside the site check in a
    # build, just after showing a save in the live preview); here the last build's is linked.
    kept = settings.get("SEARCH_KEEP_INDEX_OF")
    if kept and search.link_index(Path(kept), output):
        log.debug("search: the last build's index is kept until the new one is made.")
        return
    if settings.get("SEARCH_INDEX_AFTER"):
        return
    for error in search.build_index(output, output, *search.options(settings)):
        log.error("search: %s", error)


def register() -> None:
    signals.initialized.connect(initialized)
    signals.finalized.connect(index_site)
