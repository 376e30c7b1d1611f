"""Reading a story folder is the slow part of a build (YAML, validation, Markdown, sanitising):
keep each folder's result and reuse it while nothing it depends on has changed.

The key covers the folder's Markdown files byte for byte, the other files' sizes and times (the
photo), everything else the result depends on (vocabularies, today's date, languages, preview,
Markdown settings, whether logs may show names) and this package's code. A cache follows
consent: only stories whose consent is in order are kept, a folder that loses it loses its
entry at once, and entries of folders that are gone are deleted. Files are named by a digest of
the folder's path, so no name appears in the cache's file names.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import sys
from pathlib import Path

KEPT_PER_FOLDER = 3  # a preview and a production build alternate without evicting each other
SUFFIX = ".pickle"
CLEAN = "clean.json"  # Clean's file, beside the folders' entries


@functools.cache
def _code() -> bytes:
    """This package's source files (path, size, time): a changed reader invalidates every entry."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(package)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    digest.update(sys.version.encode())
    return digest.digest()


def folder_digest(folder: Path) -> bytes:
    """A story folder's files: Markdown byte for byte, others (the photo) by size and time."""
    digest = hashlib.blake2b(digest_size=16)
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if not entry.is_file():
            continue
        digest.update(entry.name.encode() + b"\0")
        if entry.name.lower().endswith(".md"):
            digest.update(Path(entry.path).read_bytes())
        else:
            stat = entry.stat()
            digest.update(f"{stat.st_size}\0{stat.st_mtime_ns}".encode())
        digest.update(b"\n")
    return digest.digest()


def canonical(value: object) -> object:
    """`value` as plain data in a stable order (sets sorted, objects by their fields): its
    digest is the same in every process, whatever Python's hash seed."""
    if isinstance(value, str | int | float | bool | type(None) | bytes):
        return value
    if isinstance(value, dict):
        return sorted(([canonical(k), canonical(v)] for k, v in value.items()), key=repr)
    if isinstance(value, set | frozenset):
        return sorted((canonical(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if hasattr(value, "__dict__"):
        return [type(value).__qualname__, canonical(vars(value))]
    return repr(value)  # dates, paths: their repr is their value


class StoryCache:
    """get(folder) -> the cached result or None; put(folder, result or None); prune().

    A process that loads the site again and again (the live preview) also keeps the last load's
    results in memory, under the same keys: an unchanged story is not even unpickled again."""

    # (folder, key) -> result, of the stories the last load saw; the folder too, because two
    # folders with the same files (a story copied) have the same key, and results name paths.
    _memory: dict[tuple[Path, bytes], object] = {}

    def __init__(self, folder: Path | None, context: object) -> None:
        self.folder = folder
        stable = repr(canonical(context)).encode()
        self.context = hashlib.blake2b(stable + _code(), digest_size=16).digest()
        self.used: set[str] = set()
        self._keys: dict[Path, bytes] = {}
        self.digests: dict[Path, bytes] = {}  # each folder's folder_digest, as get() found it

    def _file(self, story: Path) -> Path:
        name = hashlib.blake2b(str(story.resolve()).encode(), digest_size=12).hexdigest()
        return self.folder / f"{name}{SUFFIX}"

    def _key(self, story: Path) -> bytes:
        self.digests[story] = folder_digest(story)
        return hashlib.blake2b(self.context + self.digests[story], digest_size=16).digest()

    def _entries(self, file: Path) -> dict:
        try:
            with file.open("rb") as stream:
                return pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            return {}

    def get(self, story: Path):
        if self.folder is None:
            return None
        file = self._file(story)
        self.used.add(file.name)
        key = self._keys[story] = self._key(story)
        if (story, key) in StoryCache._memory:
            return StoryCache._memory[story, key]
        found = self._entries(file).get(key)
        if found is not None:
            StoryCache._memory[story, key] = found
        return found

    def put(self, story: Path, result) -> None:
        """Keep `result` for the folder as it is now; None drops every entry of the folder."""
        if self.folder is None:
            return
        file = self._file(story)
        StoryCache._memory.pop((story, self._keys[story]), None)
        if result is None:
            with contextlib.suppress(FileNotFoundError):
                file.unlink()
            return
        StoryCache._memory[story, self._keys[story]] = result
        entries = self._entries(file)
        entries.pop(self._keys[story], None)
        entries[self._keys[story]] = result
        entries = dict(list(entries.items())[-KEPT_PER_FOLDER:])
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = file.with_suffix(".tmp")
        temp.write_bytes(pickle.dumps(entries, protocol=5))
        temp.replace(file)

    def prune(self) -> None:
        """Delete the entries of folders this load did not see (deleted or renamed stories)."""
        if self.folder is None or not self.folder.is_dir():
            return
        seen = set(self._keys.items())
        StoryCache._memory = {k: v for k, v in StoryCache._memory.items() if k in seen}
        for file in self.folder.iterdir():
            if file.name not in self.used and file.name != CLEAN:
                with contextlib.suppress(OSError):
                    file.unlink()


class Clean:
    """The story folders (by folder_digest, hex) a check of all stories found nothing in, kept
    while what it looks for (`key`, and this package's code) is the same: `digest in clean`,
    add(digest), save(). Only the folders this run asked about are kept."""

    def __init__(self, folder: Path | None, key: object) -> None:
        self.file = folder / CLEAN if folder is not None else None
        self.key = hashlib.blake2b(repr(canonical(key)).encode() + _code(), digest_size=16).hexdigest()
        self.known: set[str] = set()
        self.used: set[str] = set()
        with contextlib.suppress(OSError, ValueError, AttributeError):
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("key") == self.key:
                self.known = set(data.get("clean", []))

    def __contains__(self, digest: str | None) -> bool:
        if digest is None:
            return False
        self.used.add(digest)
        return digest in self.known

    def add(self, digest: str) -> None:
        self.used.add(digest)
        self.known.add(digest)

    def save(self) -> None:
        if self.file is None:
            return
        kept = sorted(self.known & self.used)
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temp = self.file.with_suffix(".tmp")
        temp.write_text(json.dumps({"key": self.key, "clean": kept}), encoding="utf-8")
        temp.replace(self.file)
