"""Takedown: a failed build still takes every story that lost consent off the site.

After each good build, the sources of the stories whose consent allowed them are kept in
.cache/build/last-good/. When a later build fails (for any reason: a typo in another story, an
expired review date), output/ is rebuilt from that copy without the stories whose consent is now
withdrawn, missing, unreadable, past review or narrowed. If even that build fails, every file of
output/ that names such a story (its address or its client) is deleted, with the media only those
files used. Either way the cached photos and share cards of those stories go too.

Pure: no Pelican. The caller passes the build as a function, so this module only decides what
goes and checks that it went.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from ..content import names
from ..content.consent import OK, surnames
from ..content.consent_records import Record, read_all, read_record
from ..images.cache import PhotoCache
from ..sitecheck import forbidden
from ..sitecheck.site import IMAGE_SUFFIXES, Site
from . import scratch

SNAPSHOT = "last-good"
# build(overrides, forbidden): builds into output/ with these settings overrides, checking that no
# file names any of `forbidden`; raises on failure and leaves output/ as it was.
Build = Callable[[dict, tuple[str, ...]], object]
T = TypeVar("T")


@dataclass(frozen=True)
class Down:
    """A story to take off the site, and why (no name: this is said in CI logs)."""

    record: Record
    reason: str

    @property
    def needles(self) -> tuple[str, ...]:
        """What no file may mention any more: the story's address, its client's name and their
        surname alone, as the site check of every build asks of a story that is down (the
        rebuild's check reads over a name shown with consent that shares it)."""
        # The address, not the bare folder name: that may be an everyday word ('hope').
        client = self.record.client
        return tuple(n for n in (self.record.address, client, *(surnames(client) if client else ())) if n)

    @property
    def words(self) -> tuple[str, ...]:
        """Each word of the name and the folder: Pagefind's binary index stores words apart."""
        text = names.fold(f"{self.record.client} {self.record.folder}")
        return tuple(w for w in re.split(r"[\W_]+", text) if len(w) > 1)

    def line(self) -> str:
        return f"{self.record.masked_address()} ({self.reason})"


@dataclass(frozen=True)
class Caches:
    """Where the build caches photo derivatives, share cards and site-check results (None: no
    such cache)."""

    photos: Path | None = None
    cards: Path | None = None
    checks: Path | None = None
    # Caches holding story text (the story cache, the search's cut pages): emptied, then remade.
    texts: tuple[Path, ...] = ()
    # Files naming every page (the incremental build's state): deleted, then remade.
    files: tuple[Path, ...] = ()


NO_CACHES = Caches()


class BuildFailed(Exception):
    """The build failed; `takedown` says what was taken off the site anyway ('' if nothing)."""

    def __init__(self, cause: BaseException, takedown: str):
        super().__init__(str(cause))
        self.cause = cause
        self.takedown = takedown


def snapshot_path(output: Path) -> Path:
    return scratch.root(output) / SNAPSHOT


@dataclass(frozen=True)
class Built:
    """A good build, and what it took off the site since the last one ('' if nothing)."""

    result: object
    takedown: str = ""


def build_or_take_down(
    build: Build, *, stories: Path, output: Path, today: dt.date, caches: Caches = NO_CACHES
) -> Built:
    """Build; on success keep a snapshot of its stories, on failure take down and raise BuildFailed."""
    snapshot = snapshot_path(output)
    lost = lost_consent(snapshot, stories, today) if snapshot.is_dir() else []
    try:
        result = build({}, ())
    except Exception as exc:
        raise BuildFailed(
            exc, take_down(build, stories=stories, output=output, today=today, caches=caches)
        ) from exc
    save_snapshot(stories, output, today)
    return Built(result, f"Taken down: {_listed(lost)}." if lost else "")


def save_snapshot(stories: Path, output: Path, today: dt.date) -> Path:
    """Keep the sources of every story whose consent allows it, for a later takedown.

    A story folder whose files are those the snapshot holds (same names, sizes and times: a copy
    keeps the time) is left as it is; any other is copied afresh and swapped in, one folder at
    a time; a folder whose story lost consent or is gone is deleted."""
    target = snapshot_path(output)
    if not target.is_dir():
        return _fresh_snapshot(stories, output, today)
    allowed = {record.folder for record in read_all(stories, today) if record.state == OK}
    for folder in [p for p in target.iterdir() if p.name not in allowed]:
        _remove(folder)
    for name in sorted(allowed):
        if _same_files(stories / name, target / name):
            continue
        fresh = scratch.make(output, "snapshot")
        try:
            copy = partial(_copy_unless_kept, source_root=stories, kept_root=target)
            shutil.copytree(stories / name, fresh / name, symlinks=True, copy_function=copy)
            _replace(fresh / name, target / name, output)
        except OSError:  # e.g. the story changed under the copy: no snapshot of it, not a stale one
            _remove(target / name)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    return target


def _fresh_snapshot(stories: Path, output: Path, today: dt.date) -> Path:
    fresh = scratch.make(output, "snapshot")
    target = snapshot_path(output)
    try:
        for record in read_all(stories, today):
            if record.state == OK:
                shutil.copytree(stories / record.folder, fresh / record.folder, symlinks=True)
        _replace(fresh, target, output)
    except OSError:  # e.g. another build swapped its snapshot in first: keep that one, but
        shutil.rmtree(fresh, ignore_errors=True)  # without any story that lost consent
        if target.is_dir():
            _forget(target, lost_consent(target, stories, today))
    return target


def _same_files(source: Path, kept: Path) -> bool:
    """Whether `kept` holds the files of `source` as they are now (names, sizes, times)."""

    def listing(folder: Path) -> dict[str, tuple[int, int]] | None:
        found = {}
        for parent, _dirs, files in os.walk(folder):
            for file in files:
                path = Path(parent) / file
                try:
                    stat = path.lstat()
                except OSError:
                    return None
                found[path.relative_to(folder).as_posix()] = (stat.st_size, stat.st_mtime_ns)
        return found

    if not kept.is_dir():
        return False
    now = listing(source)
    return now is not None and now == listing(kept)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _copy_unless_kept(source: str, destination: str, *, source_root: Path, kept_root: Path) -> None:
    """Copy a story's file into the new snapshot, or link the last snapshot's copy of it when
    that is the same file (same size and time: copy2 keeps the time). Snapshot files are never
    edited, so linking them is safe; the staffer's own files are only ever copied."""
    kept = kept_root / Path(source).relative_to(source_root)
    with contextlib.suppress(OSError):
        now, then = Path(source).stat(), kept.stat()
        if (now.st_size, now.st_mtime_ns) == (then.st_size, then.st_mtime_ns):
            os.link(kept, destination)
            return
    shutil.copy2(source, destination)


def lost_consent(snapshot: Path, stories: Path, today: dt.date) -> list[Down]:
    """The snapshot's stories that may no longer be public, judged by their consent now."""
    downs = []
    for folder in sorted(p for p in snapshot.iterdir() if p.is_dir()):
        then = read_record(folder, today)
        now = read_record(stories / folder.name, today)
        reason = _reason(then, now) if (stories / folder.name).is_dir() else "story removed"
        if reason:
            downs.append(Down(then if then.client else now, reason))
    return downs


def _reason(then: Record, now: Record) -> str:
    if now.state != OK:
        return now.reason()
    if then.state != OK:
        return then.reason()
    if now.level != then.level:
        return "consent for the name changed"
    if then.photo and not now.photo:
        return "consent for the photo withdrawn"
    return ""


def take_down(
    build: Build, *, stories: Path, output: Path, today: dt.date, caches: Caches = NO_CACHES
) -> str:
    """After a failed build: remove what lost consent from output/; one line saying what."""
    snapshot = snapshot_path(output)
    if snapshot.is_dir():
        downs = lost_consent(snapshot, stories, today)
    else:  # no good build was recorded here: take down whatever lacks consent now
        downs = [Down(r, r.reason()) for r in read_all(stories, today) if r.state != OK]
    if not downs:
        return ""
    listed = _listed(downs)
    needles = tuple(n for d in downs for n in d.needles)
    for file in caches.files:  # they name every page, the lost stories' too; remade next build
        file.unlink(missing_ok=True)
    if snapshot.is_dir():
        left_out = [*downs, *naming_them(snapshot, downs, needles, today)]
        try:
            _rebuild(build, snapshot, left_out, needles, output)
        except Exception as exc:  # noqa: BLE001 - any failure: fall back to deleting files
            why = f"it could not be rebuilt without them ({_short(exc)})"
        else:
            return (
                f"Taken down: {_listed(left_out)}. {output.name}/ now holds the last good site without them."
            )
    else:
        why = "there is no record of the last good build to rebuild it from"
    removed = scrub(output, needles, tuple(w for d in downs for w in d.words), caches)
    _forget(snapshot, downs)
    if not removed:
        return ""
    return (
        f"Taken down: {listed}. {output.name}/ is the last good site minus {len(removed)} "
        f"files that named them, since {why}; pages that listed them are gone until the "
        "build is fixed."
    )


NAMES_ONE_TAKEN_DOWN = "its text names a story taken down"


def naming_them(snapshot: Path, downs: list[Down], needles: tuple[str, ...], today: dt.date) -> list[Down]:
    """The snapshot's other stories whose text names one taken down (its address, its client,
    their surname): the last good site is rebuilt without them too, or its check would refuse
    their pages and every page naming the story would be deleted instead (home, lists)."""
    gone = {d.record.folder for d in downs}
    mentions = _matcher(needles, ())
    naming = []
    for folder in sorted(p for p in snapshot.iterdir() if p.is_dir() and p.name not in gone):
        text = "\n".join(_text(source) for source in sorted(folder.glob("*.md")))
        if mentions("", text):
            naming.append(Down(read_record(folder, today), NAMES_ONE_TAKEN_DOWN))
    return naming


def _rebuild(build: Build, snapshot: Path, downs: list[Down], needles: tuple[str, ...], output: Path) -> None:
    """Build the snapshot's stories minus `downs` into output/; on success it is the snapshot."""
    work = scratch.make(output, "takedown")
    try:
        copy = work / "stories"
        gone = {d.record.folder for d in downs}
        shutil.copytree(
            snapshot,
            copy,
            symlinks=True,
            ignore=lambda folder, names: gone if Path(folder) == snapshot else (),
        )
        build({"ARTICLE_PATHS": [str(copy)], "STORIES_PATH": str(copy)}, needles)
        _replace(copy, snapshot, output)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def scrub(
    output: Path, needles: tuple[str, ...], words: tuple[str, ...] = (), caches: Caches = NO_CACHES
) -> list[Path]:
    """Delete every file of `output` naming a needle (in binary data: a word), and its media."""
    if not output.is_dir() or not needles:
        return []
    site = Site(output)
    texts = {p: _text(p) for p in site.files if not p.is_symlink() and p.suffix.lower() not in IMAGE_SUFFIXES}
    mentions = _matcher(needles, words)
    doomed = {p for p in site.files if mentions(site.rel(p), texts.get(p, ""))}
    if not doomed:
        return []
    kept_text = "\n".join(t for p, t in texts.items() if p not in doomed)
    doomed_text = "\n".join(t for p, t in texts.items() if p in doomed)
    # A story's images are named by hashes, in folders of such images (media/, cards/). In a
    # folder holding an image a deleted page used, every image no remaining file uses goes:
    # that includes the ones no page names (the photo a share card was drawn over).
    used = {p for p in site.images if names.fold(p.name) in doomed_text}
    folders = {p.parent for p in used} | {p.parent for p in doomed if p in site.images}
    for path in site.images:
        if path.parent in folders and names.fold(path.name) not in kept_text:
            doomed.add(path)
    media = {p.name for p in doomed if p.suffix.lower() in IMAGE_SUFFIXES}
    for path in doomed:
        path.unlink(missing_ok=True)
    _forget_cached(media, caches)
    return sorted(doomed)


def _forget_cached(media: set[str], caches: Caches) -> None:
    """Delete cached copies of deleted images: the caches name them as output/ does."""
    if media and caches.photos is not None and caches.photos.is_dir():
        cache = PhotoCache(caches.photos)
        cache.forget_files(media)
        cache.save()
    if caches.cards is not None and caches.cards.is_dir():
        for name in media:
            (caches.cards / name).unlink(missing_ok=True)
    if caches.checks is not None:
        # Its results are keyed by the deleted files' paths, which name the story: start afresh.
        shutil.rmtree(caches.checks, ignore_errors=True)
    for folder in caches.texts:
        shutil.rmtree(folder, ignore_errors=True)


def _matcher(needles: tuple[str, ...], words: tuple[str, ...]) -> Callable[[str, str], bool]:
    """names(rel, text): whether a file's path or text names a needle, or in binary data a word."""
    spellings = {s for n in needles for s in (names.fold(n), names.slugify(n)) if s.strip()}
    pattern = names.pattern(spellings)
    loose = {names.fold(w) for w in words} | spellings

    def mentions(rel: str, text: str) -> bool:
        if pattern is None:
            return False
        if pattern.search(names.fold(rel)):
            return True
        if not text or forbidden.VENDOR.match(rel):
            return False
        # Binary data (Pagefind's CBOR index) holds words apart, each after a length byte that
        # may be a letter, so word boundaries miss them: there any occurrence of a word counts.
        return bool(pattern.search(text)) or ("\x00" in text and any(w in text for w in loose))

    return mentions


def _text(path: Path) -> str:
    """The file's text as the site check reads it (gzip opened), folded; NULs kept for _names."""
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    if data[:2] == b"\x1f\x8b" or b"\x00" in data:
        return forbidden._text(data) + "\x00"
    return forbidden._text(data)


def _forget(snapshot: Path, downs: list[Down]) -> None:
    """Nothing of a story taken down stays in the snapshot."""
    for down in downs:
        shutil.rmtree(snapshot / down.record.folder, ignore_errors=True)


def _replace(fresh: Path, target: Path, output: Path) -> None:
    """Put the folder `fresh` where `target` is; the old one is deleted."""
    if target.exists():
        aside = scratch.make(output, "old") / target.name
        target.rename(aside)
        fresh.rename(target)
        shutil.rmtree(aside.parent, ignore_errors=True)
    else:
        fresh.rename(target)


def _listed(downs: list[Down]) -> str:
    return ", ".join(d.line() for d in downs)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
