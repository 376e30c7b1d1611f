"""Every real story can be withdrawn: the production build succeeds and leaves no trace of it.

Finding: withdrawing Sophy failed the build because the editor's own code named "sophy" in a
comment. Nothing of the project (code, comments, fixtures shipped to the site) may name a client.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from clemency.content import frontmatter, names
from clemency.sitecheck.forbidden import VENDOR
from conftest import ROOT

STORIES = sorted(p.name for p in (ROOT / "stories").iterdir() if (p / "index.md").is_file())


def withdraw(index: Path) -> None:
    text = index.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^(\s+withdrawn:\s*)false\s*$", r"\1true", text)
    if not count:
        text, count = re.subn(r"(?m)^consent:\s*$", "consent:\n  withdrawn: true", text, count=1)
    assert count == 1, f"{index}: no consent block to withdraw"
    index.write_text(text, encoding="utf-8")


def readable(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":  # Pagefind stores its index compressed
        with contextlib.suppress(OSError, EOFError, zlib.error):
            data = gzip.decompress(data)
    return data.decode("utf-8", errors="ignore")


def test_there_are_stories_to_withdraw():
    assert len(STORIES) >= 2


@pytest.mark.parametrize("story", STORIES)
def test_withdrawing_a_story_builds_without_any_trace_of_it(tmp_path, story):
    for name in ("pelicanconf.py", "publishconf.py", "babel.cfg", "tasks.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("theme", "content", "stories"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    index = tmp_path / "stories" / story / "index.md"
    client = str(frontmatter.parse(index.read_text(encoding="utf-8")).meta["client"])
    withdraw(index)

    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "CI": "true",
        "HOME": os.environ.get("HOME", str(tmp_path)),
    }
    built = subprocess.run(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert story not in built.stdout + built.stderr  # the log names neither story nor client
    assert not any(w.casefold() in (built.stdout + built.stderr).casefold() for w in names.parts(client))

    output = tmp_path / "output"
    for other in set(STORIES) - {story}:  # not vacuous: the rest of the site is there
        assert (output / "stories" / other / "index.html").is_file(), other
    trace = names.pattern([*names.parts(client), story])
    leaks = [
        p.relative_to(output).as_posix()
        for p in sorted(output.rglob("*"))
        if p.is_file()
        and not VENDOR.match(p.relative_to(output).as_posix())
        and trace.search(names.fold(p.relative_to(output).as_posix() + "\n" + readable(p)))
    ]
    assert leaks == []
