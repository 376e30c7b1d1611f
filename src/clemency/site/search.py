"""The search index: Pagefind over the built pages, Khmer cut into words first.

Only elements marked `data-pagefind-body` (the story text, the help page) are indexed. Khmer,
written without spaces between words, is cut into words first (clemency.i18n.segment), in a
scratch copy of the pages, so the published pages stay as written. Never imports Pelican: the
search plugin runs it in a build, the live preview to refresh the index after showing a save.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..i18n import segment
from .reproducible import sort_pagefind_entry

INDEX = "pagefind"
# Pagefind indexes only the elements so marked, and, once a page has one, no page without one:
# only marked pages are given to it (the same index, without reading the listings), and a site
# with none fails, rather than have Pagefind index every page, hidden stories' too.
MARKED = re.compile(r"data-pagefind-body", re.I)
CACHE = ".cache/search"  # pages cut into Khmer words, kept between builds
TIMEOUT = 120  # s


def _command() -> tuple[str, ...]:
    """Pagefind's own binary (pagefind-bin), without the Python start-up of `python -m pagefind`."""
    spec = importlib.util.find_spec("pagefind_bin")
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "pagefind"
        if os.access(binary, os.X_OK):
            return (str(binary),)
    return (sys.executable, "-m", "pagefind")


COMMAND = _command()


def options(settings: dict) -> tuple[Sequence[str], float, Path | None]:
    """build_index's command, timeout and cache, from a build's settings (the search plugin's)."""
    cache = settings.get("SEARCH_CACHE_PATH", CACHE)
    return (
        settings.get("SEARCH_PAGEFIND_COMMAND", COMMAND),
        settings.get("SEARCH_PAGEFIND_TIMEOUT", TIMEOUT),
        Path(settings["PATH"]) / cache if cache else None,
    )


def build_index(
    site: Path,
    into: Path,
    command: Sequence[str] = COMMAND,
    timeout: float = TIMEOUT,
    cache: Path | None = None,
) -> list[str]:
    """Index the HTML pages of `site` into `into`/pagefind/; return what went wrong (plain words).
    cache: where the Khmer-cut copies of pages are kept between builds (segment.segmented_copy)."""
    with pages_to_index(site, cache) as (pages, errors):
        return index_pages(pages, into, command, timeout, errors)


@contextlib.contextmanager
def pages_to_index(site: Path, cache: Path | None = None) -> Iterator[tuple[Path, list[str]]]:
    """The pages Pagefind reads, `site`'s with Khmer cut into words (a scratch copy, gone after),
    and what went wrong making them."""
    errors = []
    # Beside the cache, so its copies are links, not copies.
    with tempfile.TemporaryDirectory(prefix="search-", dir=cache.parent if cache else None) as scratch:
        pages = site
        try:
            segment.segmented_copy(site, Path(scratch), cache, keep=MARKED)
            pages = Path(scratch)
            if next(pages.rglob("*.html"), None) is None:
                errors.append(
                    "no page is marked for the search index (data-pagefind-body: the story "
                    "template and the help page mark theirs). Restore the mark in the theme, or "
                    "set SEARCH_PAGEFIND = False."
                )
        except segment.SegmenterMissing as exc:
            errors.append(str(exc))
        yield pages, errors


def index_pages(
    pages: Path, into: Path, command: Sequence[str] = COMMAND, timeout: float = TIMEOUT, errors=()
) -> list[str]:
    """Pagefind over `pages` (from pages_to_index) into `into`/pagefind/; what went wrong, after
    `errors` (pages_to_index's). Only a subprocess: a thread may run it beside other work."""
    if next(Path(pages).rglob("*.html"), None) is None:
        return list(errors)  # pages_to_index said why; Pagefind would only add that it found none
    errors = [*errors, *_run_pagefind(command, pages, Path(into) / INDEX, timeout)]
    if not errors and not (Path(into) / INDEX / "pagefind.js").is_file():
        errors.append(f"Pagefind ran but wrote no index in {into}/{INDEX}/.")
    if not errors:
        sort_pagefind_entry(into)  # two builds of the same sources must be the same bytes
    return errors


def _run_pagefind(command: Sequence[str], site: Path, index: Path, timeout: float) -> list[str]:
    run = [*command, "--site", str(site), "--output-path", str(index.resolve()), "--silent"]
    try:
        result = subprocess.run(run, capture_output=True, text=True, check=False, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [
            f"could not run Pagefind ({' '.join(run)}): {exc}. Install it with "
            "`pip install pagefind pagefind-bin`, or set SEARCH_PAGEFIND = False."
        ]
    if result.returncode != 0:
        return [f"Pagefind failed (exit {result.returncode}): {(result.stderr or result.stdout).strip()}"]
    return []


def link_index(previous: Path, into: Path) -> bool:
    """Link the index of the last build (`previous`/pagefind/) into `into`; False if there is none."""
    source = Path(previous) / INDEX
    if not (source / "pagefind.js").is_file():
        return False
    for folder, _dirs, files in os.walk(source):
        target = Path(into) / INDEX / Path(folder).relative_to(source)
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(Path(folder) / name, target / name)
    return True
