"""The live preview sees every save: one made while the first build ran, before the watch was
listening, is built as soon as it listens; later saves are built as they come."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from clemency.build import preview


def run_watch(folder: Path, since: float, until_builds: int):
    builds: list[float] = []
    stop = threading.Event()

    def rebuild() -> None:
        builds.append(time.time())
        if len(builds) >= until_builds:
            stop.set()

    thread = threading.Thread(
        target=preview.watch, args=([folder], rebuild, preview.PreviewState(), stop, since), daemon=True
    )
    thread.start()
    return builds, stop, thread


def test_a_save_made_before_the_watch_listened_is_built(tmp_path):
    started = time.time()
    (tmp_path / "index.md").write_text("saved while the first build ran")
    builds, stop, thread = run_watch(tmp_path, started, until_builds=1)
    thread.join(timeout=10)
    stop.set()
    assert len(builds) == 1


def test_nothing_saved_since_the_first_build_builds_nothing_until_a_save(tmp_path):
    story = tmp_path / "index.md"
    story.write_text("before")
    builds, stop, thread = run_watch(tmp_path, time.time() + 1, until_builds=1)
    time.sleep(1.2)  # the watch is listening, and found nothing new
    assert builds == []
    story.write_text("after")
    thread.join(timeout=10)
    stop.set()
    assert len(builds) == 1
