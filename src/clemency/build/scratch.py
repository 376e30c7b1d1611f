"""The build's scratch space: one hidden folder, .cache/build/, beside output/.

Each build works in a folder named after its process id, so a later build can tell the scratch
of a killed build (its process is gone) from that of a build still running, and delete it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

FOLDER = Path(".cache") / "build"
# A process id can be reused after a reboot or in a fresh CI container; scratch this old is
# stale whatever its id says (no build takes a day).
STALE_SECONDS = 24 * 3600


def root(output: Path) -> Path:
    """The scratch folder for builds of `output`: on its file system, so a rename is atomic."""
    return Path(output).absolute().parent / FOLDER


def make(output: Path, kind: str) -> Path:
    """A new, empty scratch folder for this process, e.g. .cache/build/tmp-4242-x1y2."""
    folder = root(output)
    folder.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{kind}-{os.getpid()}-", dir=folder))


def clear_stale(output: Path) -> list[Path]:
    """Delete scratch left by builds that were killed; return what was deleted."""
    folder = root(output)
    if not folder.is_dir():
        return []
    removed = []
    for entry in folder.iterdir():
        pid = _pid(entry.name)
        if pid is None or pid == os.getpid():
            continue
        if _alive(pid) and time.time() - entry.lstat().st_mtime < STALE_SECONDS:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def _pid(name: str) -> int | None:
    """The process id in a scratch name like 'tmp-4242-x1y2'; None for kept folders."""
    parts = name.split("-")
    return int(parts[1]) if len(parts) >= 3 and parts[1].isdigit() else None


def _alive(pid: int) -> bool:
    if os.name != "posix":  # elsewhere os.kill(pid, 0) would end the process; rely on age
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
