"""The one way a build puts an existing file into the site: a hard link, or a copy where links
cannot be made (another file system). A linked file costs no bytes and no time, and keeps its
inode, so an unchanged file stays the same file from build to build."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: Path, target: Path) -> None:
    """Put `source` at `target` (which must not exist). Raises FileNotFoundError if `source`
    is missing."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:
        shutil.copyfile(source, target)
