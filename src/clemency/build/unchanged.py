"""Keep unchanged output files as the same files: a new build links them from the last one.

After Pelican has written a fresh build, every file whose bytes equal the previous output's is
replaced by a hard link to that file. The new folder still swaps in atomically, but an unchanged
page keeps its inode and time, so whatever watches output/ (the site check's cache, a sync to
a host) sees exactly the files that changed. Never imports Pelican.
"""

from __future__ import annotations

import filecmp
import os
import stat
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
    # Plain os calls, not pathlib: a 1,000-story site has some 11,000 files to look at.
    new_root, old_root = str(new), str(old)
    for parent, _dirs, files in os.walk(new_root):
        count += len(files)
        folder = os.path.relpath(parent, new_root)
        prefix = "" if folder == "." else folder + os.sep
        for name in files:
            fresh, rel = parent + os.sep + name, prefix + name
            twin = old_root + os.sep + rel
            mine = os.lstat(fresh)
            try:
                theirs = os.lstat(twin)
            except FileNotFoundError:
                theirs = None
            if stat.S_ISLNK(mine.st_mode) or theirs is None or not stat.S_ISREG(theirs.st_mode):
                changed.append(rel.replace(os.sep, "/"))
                continue
            if os.path.samestat(mine, theirs):
                continue  # already the same file (photos are linked from their cache)
            if not filecmp.cmp(fresh, twin, shallow=False):
                changed.append(rel.replace(os.sep, "/"))
                continue
            temp = f"{parent}{os.sep}.{name}.link"
            os.link(twin, temp)
            os.replace(temp, fresh)  # noqa: PTH105 - strings: see above
    return Linked(sorted(changed), count)
