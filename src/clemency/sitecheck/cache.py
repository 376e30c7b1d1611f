"""What the site check already knows: each file's results, keyed by its bytes and each rule's setup.

A result is reused only when the file's bytes (by BLAKE2 digest) and everything else the rule
reads (its configuration, the site check's own code) are the same as when it was computed, so a
cache hit is never a guess. Hashing every photo of a large site on every run would cost seconds,
so a file's digest is remembered with its inode, size and modification time (as git's index and
the photo cache do); `strict=True` hashes every file anyway.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

FORMAT = 2  # bump when the layout of the cache file changes


@cache
def code_version() -> str:
    """A digest of the site check's own source: a changed rule never reuses an old result."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def config_key(*parts) -> str:
    """A short, stable key for a rule's configuration (JSON-able parts)."""
    text = json.dumps([code_version(), *parts], sort_keys=True, default=sorted)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class CheckCache:
    """Results per file (`rel path -> {digest, rule key -> value}`) and per page digest (HTML)."""

    def __init__(self, folder: Path | None, *, profile: str = "site", strict: bool = False):
        self.folder = Path(folder) if folder else None
        self.profile = profile  # one file per kind of build: preview and production pages differ
        self.strict = strict
        self.files: dict[str, dict] = {}
        self.stats: dict[str, list] = {}  # rel -> [dev, ino, size, mtime_ns, digest]
        self.validity: dict[str, list] = {}  # page digest -> HTML checker messages
        self.computed = 0  # rule results computed in this run (tests count them)
        self.reused = 0
        self.changed = False  # anything to write back
        self._load()

    @property
    def _file(self) -> Path | None:
        return self.folder / f"results-{self.profile}.json" if self.folder else None

    def _load(self) -> None:
        if self._file is None:
            return
        try:
            signature = _signature(self._file)
        except OSError:
            return
        known = _KEPT.get(self._file)
        if known is not None and known[0] == signature:  # this process wrote or read it last
            self.files, self.stats, self.validity = known[1]
            return
        with contextlib.suppress(OSError, ValueError):
            data = json.loads(self._file.read_text("utf-8"))
            if data.get("format") == FORMAT:
                self.files = _unpack(data["files"], data["strings"])
                self.stats = data["stats"]
                self.validity = data["validity"]
                _KEPT[self._file] = (signature, (self.files, self.stats, self.validity))

    def digest(self, rel: str, path: Path, stat: os.stat_result | None = None) -> tuple[str, bytes | None]:
        """The file's digest, and its bytes when they had to be read for it."""
        stat = stat or path.stat()
        signature = [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]
        known = self.stats.get(rel)
        if not self.strict and known is not None and known[:4] == signature:
            return known[4], None
        data = path.read_bytes()
        digest = file_digest(data)
        self.stats[rel] = [*signature, digest]
        self.changed = True
        return digest, data

    def entry(self, rel: str, digest: str) -> dict:
        """The results known for this file's bytes (a fresh, empty record if they changed)."""
        entry = self.files.get(rel)
        if entry is None or entry.get("digest") != digest:
            entry = self.files[rel] = {"digest": digest}
            self.changed = True
        return entry

    def keep_only(self, rels: Iterable[str], *, only_under: str = "", except_under: str = "") -> None:
        """Forget files that are gone, so the cache never outgrows the site. only_under: forget
        only files of this folder; except_under: keep every file of this folder."""
        keep = set(rels)

        def kept(rel: str) -> bool:
            if rel in keep:
                return True
            if only_under and not rel.startswith(f"{only_under}/"):
                return True
            return bool(except_under) and rel.startswith(f"{except_under}/")

        files = {k: v for k, v in self.files.items() if kept(k)}
        stats = {k: v for k, v in self.stats.items() if kept(k)}
        self.changed |= len(files) != len(self.files) or len(stats) != len(self.stats)
        self.files, self.stats = files, stats
        live = {v["digest"] for v in self.files.values()}
        self.validity = {k: v for k, v in self.validity.items() if k in live}

    def save(self) -> None:
        if self._file is None or not (self.changed or self.computed):
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        files, strings = _pack(self.files)
        data = {
            "format": FORMAT,
            "files": files,
            "strings": strings,
            "stats": self.stats,
            "validity": self.validity,
        }
        # Written aside and renamed: a killed run never leaves a half-written cache behind.
        fd, temp = tempfile.mkstemp(prefix="results-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # dumps, not dump: only dumps uses the C encoder (ten times faster here).
                handle.write(json.dumps(data, separators=(",", ":")))
            Path(temp).replace(self._file)
            _KEPT[self._file] = (_signature(self._file), (self.files, self.stats, self.validity))
        except BaseException:
            with contextlib.suppress(OSError):
                Path(temp).unlink()
            raise


# What a warm process (the live preview) last read or wrote of each cache file, while the file is
# still that one: a save is not read back from disk (0.1 to 0.5 s at 1,000 stories). Results
# are knowledge keyed by bytes and configuration, so sharing them between checks is safe.
_KEPT: dict[Path, tuple[tuple, tuple[dict, dict, dict]]] = {}


def _signature(path: Path) -> tuple:
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


# Pages of one site link to the same few thousand paths (a listing links every story and each of
# its photos' sizes), so the paths are stored once, and each page's "paths" as numbers.
def _pack(files: dict[str, dict]) -> tuple[dict[str, dict], list[str]]:
    numbers: dict[str, int] = {}
    packed = {}
    for rel, entry in files.items():
        packed[rel] = {
            key: (
                {**value, "paths": [numbers.setdefault(p, len(numbers)) for p in value["paths"]]}
                if isinstance(value, dict) and "paths" in value
                else value
            )
            for key, value in entry.items()
        }
    return packed, list(numbers)


def _unpack(files: dict[str, dict], strings: list[str]) -> dict[str, dict]:
    for entry in files.values():
        for value in entry.values():
            if isinstance(value, dict) and "paths" in value:
                value["paths"] = [strings[n] for n in value["paths"]]
    return files
