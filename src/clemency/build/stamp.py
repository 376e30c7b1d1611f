"""Is output/ already the build of these inputs? A stamp of the last good build says.

The stamp holds a fingerprint of everything a build reads (the project's files except output and
caches, the settings overrides, the environment variables the settings read, today's date, which
decides consent review, and the installed packages) and a manifest of the output it made (each
file's path, inode, size and time). If both still match, building again would give the same
checked site, so `invoke build` can say so at once. Never imports Pelican.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from ..content.storycache import canonical

STAMP = Path(".cache") / "build-stamp.json"
# Folders of the project a build never reads (outputs, caches, tools, tests, docs).
NOT_INPUTS = {
    ".git",
    ".cache",
    ".venv",
    "node_modules",
    "output",
    "tests",
    "bench",
    "docs",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".github",
}
# Environment variables the settings files or the build read.
ENVIRONMENT = ("SITEURL", "STORIES_TODAY", "TZ", "VNU_JAR", "JAVA_HOME")


def _entries(folder: str, skip=frozenset(), top_skip=frozenset()):
    """(relative path, stat) of every file under `folder`, in a stable order; symlinks not
    followed; folders named in `skip` (or starting with "output" or a dot) left out, and the
    top-level folders in `top_skip`."""
    stack = [("", folder)]
    while stack:
        prefix, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_dir(follow_symlinks=False):
                    if prefix == "" and entry.name in top_skip:
                        continue
                    if not skip or (entry.name not in skip and not entry.name.startswith(("output", "."))):
                        stack.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    yield prefix + entry.name, entry.stat(follow_symlinks=False)


def fingerprint(
    project: Path, settings_file: Path, overrides: dict | None = None, *, leave_out: Iterable[str] = ()
) -> str:
    """A digest of every input of a build of `project` with these settings; leave_out: top-level
    folders of the project not to read (the stories, for clemency.build.incremental)."""
    digest = hashlib.blake2b(digest_size=16)
    code = Path(__file__).resolve().parent.parent  # this package, wherever it is installed
    for root in dict.fromkeys((Path(project).resolve(), code)):
        top_skip = frozenset(leave_out) if root != code else frozenset()
        for rel, stat in _entries(str(root), NOT_INPUTS, top_skip):
            digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    packages = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    environment = {name: os.environ.get(name) for name in ENVIRONMENT}
    facts = [
        str(Path(settings_file).resolve()),
        repr(canonical(overrides or {})),
        environment,
        dt.date.today().isoformat(),
        sys.version,
        packages,
    ]
    digest.update(json.dumps(facts, default=str).encode())
    return digest.hexdigest()


def manifest(output: Path) -> str | None:
    """A digest of the output's files as they are on disk; None if there is no output."""
    if not output.is_dir():
        return None
    digest = hashlib.blake2b(digest_size=16)
    for rel, stat in _entries(str(output)):
        digest.update(f"{rel}\0{stat.st_ino}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _stamp_file(project: Path) -> Path:
    return Path(project) / STAMP


def up_to_date(project: Path, output: Path, inputs: str) -> int | None:
    """The number of files in output/ if it is the checked build of `inputs`; else None."""
    try:
        stamp = json.loads(_stamp_file(project).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if stamp.get("inputs") != inputs or stamp.get("output") != str(Path(output).resolve()):
        return None
    if manifest(Path(output)) != stamp.get("manifest"):
        return None
    return stamp.get("files")


def record(project: Path, output: Path, inputs: str, files: int) -> None:
    """Remember that output/ is the checked build of `inputs`."""
    path = _stamp_file(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = {
        "inputs": inputs,
        "output": str(Path(output).resolve()),
        "manifest": manifest(Path(output)),
        "files": files,
    }
    path.write_text(json.dumps(stamp), "utf-8")


def forget(project: Path) -> None:
    """After a failed build: the next one must run in full."""
    with contextlib.suppress(OSError):
        _stamp_file(project).unlink()
