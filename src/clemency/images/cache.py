"""The photo cache: files named by content hash, and an index of what each source and job gave.

Layout of PHOTOS_CACHE_DIR (safe to delete; CI keeps it between runs):
  files/<2 chars>/<name>   every output ever made, named by a hash of source bytes + settings
  index.json               sources: digest -> header facts; jobs: key -> tones, byte sizes and
                           a recent build that used them (PHOTOS_CACHE_KEEP_BUILDS prunes
                           other versions of a photo in use; a photo the build did not use
                           loses all its images at once, so nothing of a withdrawn story stays);
                           stat: path -> (size, mtime, ctime, inode, digest), which only spares
                           re-hashing an untouched file. Validity is always the content hash.
  builds                   how many builds used this cache
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from ..files import link_or_copy
from .decode import SourceInfo, digest_bytes, read_bytes
from .render import cache_file

INDEX_VERSION = 1


class PhotoCache:
    def __init__(self, root: Path):
        self.root = root
        self.files = root / "files"
        self.index_path = root / "index.json"
        self.index = self._load()
        self.changed = False

    def _load(self) -> dict:
        empty = {"version": INDEX_VERSION, "stat": {}, "sources": {}, "jobs": {}}
        try:
            index = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return empty
        if not isinstance(index, dict) or index.get("version") != INDEX_VERSION:
            return empty
        return {**empty, **index}

    def save(self) -> None:
        if not self.changed:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        temporary = self.index_path.with_name(f".index.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.index, separators=(",", ":")), encoding="utf-8")
        temporary.replace(self.index_path)
        self.changed = False

    # Sources: the digest of a file's bytes, and what its header said.

    def digest(self, path: Path) -> tuple[str, bytes | None]:
        """The file's content digest, and its bytes when they had to be read."""
        stat = path.stat()
        fingerprint = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        known = self.index["stat"].get(str(path))
        if known and known[:4] == fingerprint:
            return known[4], None
        data = read_bytes(path)
        digest = digest_bytes(data)
        self.index["stat"][str(path)] = [*fingerprint, digest]
        self.changed = True
        return digest, data

    def source_info(self, digest: str) -> SourceInfo | None:
        known = self.index["sources"].get(digest)
        if not known:
            return None
        return SourceInfo(
            known["format"], tuple(known["size"]), tuple(known["stored_size"]), known["orientation"]
        )

    def remember_source(self, digest: str, info: SourceInfo) -> None:
        self.index["sources"][digest] = {
            "format": info.format,
            "size": list(info.size),
            "stored_size": list(info.stored_size),
            "orientation": info.orientation,
        }
        self.changed = True

    # Jobs: what a finished job gave.

    def job(self, key: str) -> dict | None:
        return self.index["jobs"].get(key)

    def remember_job(self, key: str, digest: str, tones: tuple[str, ...], sizes: dict[str, int]) -> None:
        self.index["jobs"][key] = {"digest": digest, "tones": list(tones), "sizes": sizes}
        self.changed = True

    def prune(self, used: set[str], keep_builds: int) -> int:
        """Count this build; forget jobs unused for `keep_builds` builds and delete their files."""
        # Images of a source (photo or placeholder) this build did not use go at once, whatever
        # keep_builds says: a story withdrawn or unpublished leaves nothing here (CI saves it).
        builds = self._count_build()
        jobs = self.index["jobs"]
        sources = {jobs[key]["digest"] for key in used & jobs.keys()}
        # A mark is renewed only once it is half way to stale, so a build that changes nothing
        # rewrites the index only every keep_builds / 2 builds.
        renew = builds - max(1, keep_builds // 2)
        for key in used & jobs.keys():
            if jobs[key].get("used", 0) <= renew:
                jobs[key]["used"] = builds
                self.changed = True
        stale = [
            k
            for k, job in jobs.items()
            if job.get("used", builds) <= builds - keep_builds or job.get("digest") not in sources
        ]
        return self._drop(stale)

    def forget_files(self, names: set[str]) -> int:
        """Forget every job that made one of `names` and delete all its files (a takedown)."""
        return self._drop(
            [k for k, job in self.index["jobs"].items() if names & job["sizes"].keys()], also=names
        )

    def _drop(self, keys: list[str], also: set[str] = frozenset()) -> int:
        """Forget these jobs; delete their files (and `also`) that no other job made."""
        if not keys and not also:
            return 0
        jobs = self.index["jobs"]
        doomed = {name for key in keys for name in jobs.pop(key)["sizes"]} | set(also)
        doomed -= {name for job in jobs.values() for name in job["sizes"]}
        for name in doomed:
            with contextlib.suppress(FileNotFoundError):
                self.path(name).unlink()
        kept = self._digests()
        self.index["sources"] = {d: s for d, s in self.index["sources"].items() if d in kept}
        self.index["stat"] = {p: s for p, s in self.index["stat"].items() if s[4] in kept}
        self.changed = True
        return len(doomed)

    def _count_build(self) -> int:
        """This build's number, kept in its own small file so the index need not be rewritten."""
        counter = self.root / "builds"
        try:
            builds = int(counter.read_text(encoding="ascii")) + 1
        except (OSError, ValueError):
            builds = 1
        self.root.mkdir(parents=True, exist_ok=True)
        counter.write_text(str(builds), encoding="ascii")
        return builds

    def _digests(self) -> set[str]:
        return {job["digest"] for job in self.index["jobs"].values() if "digest" in job}

    def forget_job(self, key: str) -> None:
        if self.index["jobs"].pop(key, None) is not None:
            self.changed = True

    def path(self, name: str) -> Path:
        return cache_file(self.files, name)


def publish(cache: PhotoCache, names: set[str], folder: Path) -> tuple[int, list[str]]:
    """Link `names` from the cache into `folder`, delete the rest; (files added, names missing)."""
    # A name already there is the same content (names are hashes), so it stays. Anything else,
    # e.g. the files of a story whose consent was withdrawn, must not stay published.
    folder.mkdir(parents=True, exist_ok=True)
    present = set(os.listdir(folder))  # noqa: PTH208 - names only, fast for 10k files
    for stale in present - names:
        with contextlib.suppress(FileNotFoundError):
            (folder / stale).unlink()
    added, missing = 0, []
    for name in sorted(names - present):
        source = cache.path(name)
        try:
            link_or_copy(source, folder / name)
        except FileNotFoundError:
            missing.append(name)
            continue
        added += 1
    return added, missing
