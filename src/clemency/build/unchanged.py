"""Keep unchanged output files as the same files: a new build links them from the last one.

After Pelican has written a fresh build, every file whose bytes equal the previous output's is
replaced by a hard link to that file. The new folder still swaps in atomically, but an unchanged
page keeps its inode and time, so whatever watches output/ (the site check's cache, a sync to
a host) sees exactly the files that changed. Never imports Pelican.
"""

from __future__ import annotations

import filecmp
import os
from pathlib import Path
from typing import NamedTuple


class Linked(NamedTuple):
    changed: list[str]  # files new or different from the last build's (rel paths, sorted)
    files: int  # every file of the new build


def link_unchanged(new: Path, old: Path) -> Linked:
    """Link files of `new` that equal their twin in `old`; say which others there are."""
    changed = []
    filecmp.clear_cache()
    if not old.is_dir():
        every = sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file())
        return Linked(every, len(every))
    count = 0
    for parent, _dirs, files in os.walk(new):
        count += len(files)
        for name in files:
            fresh = Path(parent) / name
            rel = fresh.relative_to(new)
            twin = old / rel
            if fresh.is_symlink() or not twin.is_file() or twin.is_symlink():
                changed.append(rel.as_posix())
                continue
            if os.path.samestat(fresh.stat(), twin.stat()):
                continue  # already the same file (photos are linked from their cache)
            if not filecmp.cmp(fresh, twin, shallow=False):
                changed.append(rel.as_posix())
                continue
            temp = fresh.with_name(f".{name}.link")
            os.link(twin, temp)
            temp.replace(fresh)
    return Linked(sorted(changed), count)
