"""Word breaks for scripts written without spaces (Khmer), so the search index holds words.

Khmer separates phrases, not words, with spaces: to Pagefind a whole phrase is one "word", and a
word from the middle of a sentence is never found. Before indexing, Khmer text is cut into
words with ICU's dictionary-based break iterator (PyICU); the search page cuts the visitor's
query the same way with the browser's ICU (`Intl.Segmenter`, theme/static/js/search.js).
Pure: no Pelican; clemency.plugins.search decides which files to cut.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from functools import cache
from pathlib import Path

from ..files import link_or_copy

# Scripts cut into words: Khmer and Khmer Symbols.
KHMER_RUN = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
# Text between tags, outside <script> and <style>: what a reader sees and Pagefind indexes.
_TAG_OR_TEXT = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>|<[^>]*>)", re.S | re.I)
DIGEST_CHARS = 32  # of a cache entry's name: the page's bytes, blake2b in hex


class SegmenterMissing(RuntimeError):
    """PyICU is not installed, so Khmer cannot be cut into words."""


@cache
def _iterator():
    try:
        import icu  # noqa: PLC0415 - PyICU, a compiled extension: loaded only when needed
    except ImportError as exc:
        raise SegmenterMissing(
            "PyICU is not installed, so Khmer search only finds whole phrases. Install ICU's "
            "development files (Debian: libicu-dev pkg-config g++) and run bin/setup."
        ) from exc
    return icu.BreakIterator.createWordInstance(icu.Locale("km"))


def khmer_words(run: str) -> list[str]:
    """One run of Khmer letters, cut into words by ICU's dictionary."""
    iterator = _iterator()
    iterator.setText(run)
    bounds = [0, *iterator]
    # ICU counts UTF-16 units; Khmer lies in the Basic Multilingual Plane, one unit a letter.
    return [run[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if run[a:b].strip()]


def segment_text(text: str) -> str:
    """`text` with a space between Khmer words; everything else as it was."""
    return KHMER_RUN.sub(lambda m: " ".join(khmer_words(m.group())), text)


def segment_html(html: str) -> str:
    """An HTML page with its Khmer text cut into words; tags, attributes and scripts untouched."""
    parts = _TAG_OR_TEXT.split(html)
    return "".join(part if i % 2 else segment_text(part) for i, part in enumerate(parts))


def has_khmer(text: str) -> bool:
    return KHMER_RUN.search(text) is not None


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except FileNotFoundError:
        return None


def segmented_copy(
    site: Path, scratch: Path, cache: Path | None = None, keep: re.Pattern | None = None
) -> int:
    """Copy every HTML page of `site` into `scratch`, Khmer cut into words; return how many
    pages had Khmer. Only HTML: that is all Pagefind reads. With a cache, `scratch` may hold the
    last build's copies: a page's copy that is still its cache entry is left as it is, any other
    file at its place replaced (files of pages no longer there are the caller's to remove).

    cache: a folder keeping each page's cut copy, named by the page file (inode, size, time)
    and by its bytes. A page a build took unchanged from the last one is the same file
    (clemency.build.unchanged), so it is linked from there without being read; a page written
    again with the same bytes (`invoke check` builds a whole site aside) is read, not cut again.
    Entries of pages no longer in the site are deleted (a story taken down takes its cut copy
    with it).
    keep: only pages this finds something in are copied (Pagefind's marker: it reads no other
    page); the cache remembers the others by an empty entry, so they are not read again.
    """
    cut, used, folders = 0, set(), set()
    by_file, by_bytes = _entries(cache)
    for page in site.rglob("*.html"):
        target = scratch / page.relative_to(site)
        if target.parent not in folders:
            if not target.parent.is_dir():  # kept from the last build, mostly: one stat
                target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        stat = page.stat()
        file_key = f"{stat.st_ino}-{stat.st_size}-{stat.st_mtime_ns}"
        name = by_file.get(file_key)
        if cache is not None and name is not None and _from_entry(cache / name, target):
            used.add(name)
            continue
        data = page.read_bytes()
        bytes_key = hashlib.blake2b(data, digest_size=DIGEST_CHARS // 2).hexdigest()
        name = f"{file_key}.{bytes_key}"
        if cache is not None and (same := by_bytes.get(bytes_key)) is not None:
            twin = f"{name}{Path(same).suffix}"  # this file's name for the same copy
            with contextlib.suppress(OSError):
                if same != twin:
                    os.link(cache / same, cache / twin)
                if _from_entry(cache / twin, target):
                    used.add(twin)
                    continue
        html = data.decode("utf-8")
        if keep is not None and not keep.search(html):
            if cache is not None:
                used.add(f"{name}.left")
                (cache / f"{name}.left").touch()
            with contextlib.suppress(FileNotFoundError):
                target.unlink()  # a copy of this page when it was marked
            continue
        if has_khmer(html):
            html = segment_html(html)
            cut += 1
        with contextlib.suppress(FileNotFoundError):
            target.unlink()  # linked to the cache: never written through
        target.write_text(html, encoding="utf-8")
        if cache is not None:
            with contextlib.suppress(OSError):
                link_or_copy(target, cache / f"{name}.html")
                used.add(f"{name}.html")
    for entry in [*by_file.values(), *by_bytes.values()]:
        if entry not in used:
            with contextlib.suppress(OSError):
                (cache / entry).unlink()
    return cut


def _entries(cache: Path | None) -> tuple[dict[str, str], dict[str, str]]:
    """The cache's entries ("<inode>-<size>-<time>.<digest>.html", or ".left" for a page left
    out), by page file and by bytes; names of any other form are listed to be deleted."""
    by_file: dict[str, str] = {}
    by_bytes: dict[str, str] = {}
    if cache is None:
        return by_file, by_bytes
    cache.mkdir(parents=True, exist_ok=True)
    for name in os.listdir(cache):  # noqa: PTH208 - names only
        file_key, _, rest = name.partition(".")
        bytes_key, _, kind = rest.partition(".")
        if kind in ("html", "left") and len(bytes_key) == DIGEST_CHARS:
            by_file[file_key] = by_bytes[bytes_key] = name
        else:
            by_file[name] = name  # an older form of entry: never used, so deleted
    return by_file, by_bytes


def _from_entry(entry: Path, target: Path) -> bool:
    """Put the cached copy `entry` at `target` (a link: unless it is there already); nothing
    for a page left out. False if the entry is gone."""
    if entry.suffix == ".left":
        with contextlib.suppress(FileNotFoundError):
            target.unlink()  # a copy of this page when it was marked
        return entry.exists()
    kept, cached = _stat(target), _stat(entry)
    if cached is None:
        return False
    if kept is not None and os.path.samestat(kept, cached):
        return True  # the copy made last time is still this page's
    if kept is not None:
        target.unlink()  # an older copy of this page, or of a page now left out
    link_or_copy(entry, target)
    return True
