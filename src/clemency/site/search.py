"""The search index: Pagefind over the built pages, Khmer cut into words first.

Only elements marked `data-pagefind-body` (the story text, the help page) are indexed. Khmer,
written without spaces between words, is cut into words first (clemency.i18n.segment), in a
scratch copy of the pages, so the published pages stay as written. Never imports Pelican: the
search plugin runs it in a build, the live preview to refresh the index after showing a save.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import re
import shutil
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
PAGES_SUFFIX = "-pages"  # beside CACHE: the pages Pagefind read last, kept for the next build
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
    """The pages Pagefind reads: `site`'s marked pages with Khmer cut into words, and what went
    wrong making them. With a cache, in a folder kept beside it from build to build (only what
    changed is linked again: no folder made for each of a thousand stories, none deleted), used
    by one build at a time; without, in a scratch folder, gone after."""
    if cache is None:
        with tempfile.TemporaryDirectory(prefix="search-") as scratch:
            yield Path(scratch), _copy_pages(site, Path(scratch), None)
        return
    pages = kept_pages(cache)
    pages.mkdir(parents=True, exist_ok=True)
    with _one_at_a_time(pages):
        errors = _copy_pages(site, pages, cache)
        if not errors and not _only_these(site, pages):
            shutil.rmtree(pages)  # what was there cannot be told apart: made again from nothing
            pages.mkdir()
            errors = _copy_pages(site, pages, cache)
        yield pages, errors


def kept_pages(cache: Path) -> Path:
    """Where the pages Pagefind read last are kept, beside the cache of Khmer-cut pages."""
    return cache.parent / f"{cache.name}{PAGES_SUFFIX}"


def _copy_pages(site: Path, pages: Path, cache: Path | None) -> list[str]:
    try:
        segment.segmented_copy(site, pages, cache, keep=MARKED)
    except segment.SegmenterMissing as exc:
        return [str(exc)]
    if next(pages.rglob("*.html"), None) is None:
        return [
            "no page is marked for the search index (data-pagefind-body: the story template and "
            "the help page mark theirs). Restore the mark in the theme, or set "
            "SEARCH_PAGEFIND = False."
        ]
    return []


def _only_these(site: Path, pages: Path) -> bool:
    """Remove from `pages` the copies of pages `site` no longer has (a story taken down) and
    their empty folders; True if nothing else is left. (A page still there but no longer
    marked, a hidden story's, lost its copy in segmented_copy.)"""
    whole = True
    for folder, dirs, files in os.walk(pages, topdown=False):
        here = Path(folder)
        for name in files:
            copy = here / name
            if not name.endswith(".html") or not (site / copy.relative_to(pages)).is_file():
                try:
                    copy.unlink()
                except OSError:
                    whole = False
        for name in dirs:
            with contextlib.suppress(OSError):
                (here / name).rmdir()  # only if empty: the folder of a page no longer there
    return whole


@contextlib.contextmanager
def _one_at_a_time(folder: Path) -> Iterator[None]:
    """Hold `folder` for this build: the live preview and a build started beside it wait for
    each other here, not write the same copies at once."""
    with (folder.parent / f"{folder.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


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
