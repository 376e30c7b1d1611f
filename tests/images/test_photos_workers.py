"""Worker processes: a crash or a hang becomes a problem naming the story; the build goes on."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from photo_helpers import request, settings

from clemency.images import build_pictures
from clemency.images import pipeline as pipeline_module
from clemency.images.render import run_job


def misbehaving_job(job, threads=1):
    """Runs in the worker: stories with initials CR crash it, HG hang it, others work."""
    initials = job.placeholder.initials if job.placeholder else ""
    if initials == "CR":
        os._exit(3)
    if initials == "HG":
        time.sleep(60)
    return run_job(job, threads)


def placeholder_request(tmp_path, slug: str, initials: str):
    base = request(None, tmp_path / slug / "index.md")
    return type(base)(base.key, base.story_path, slug, initials, None)


@pytest.fixture
def misbehaving_workers(monkeypatch):
    monkeypatch.setattr(pipeline_module, "run_job", misbehaving_job)


def test_a_worker_crash_fails_only_its_story(tmp_path, misbehaving_workers):
    requests = [
        placeholder_request(tmp_path, "fine", "OK"),
        placeholder_request(tmp_path, "crashing", "CR"),
        placeholder_request(tmp_path, "also-fine", "AF"),
    ]
    report = build_pictures(requests, settings(tmp_path, PHOTOS_WORKERS=2), output=tmp_path / "site")
    assert report.summary() == "3 images: 0 reused, 2 generated, 1 failed"
    (problem,) = report.problems
    assert problem.format(tmp_path) == (
        "crashing/index.md: the placeholder image made the image decoder crash. Export it again "
        "as JPEG and replace the file."
    )


def test_a_hung_worker_is_stopped_after_the_timeout(tmp_path, misbehaving_workers):
    started = time.monotonic()
    report = build_pictures(
        [placeholder_request(tmp_path, "hanging", "HG")],
        settings(tmp_path, PHOTOS_WORKERS=1, PHOTOS_TIMEOUT=2),
        output=tmp_path / "site",
    )
    assert time.monotonic() - started < 20
    (problem,) = report.problems
    assert "took longer than 2 seconds (PHOTOS_TIMEOUT) and was stopped" in problem.message


def _children() -> dict[int, bytes]:
    """This process's child processes, as Linux lists them: pid -> command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            parent = int((entry / "stat").read_text("utf-8").rsplit(")", 1)[1].split()[1])
            if parent == os.getpid():
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except (OSError, ValueError, IndexError):
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="reads Linux's /proc")
def test_no_worker_process_outlives_the_photos(tmp_path):
    """The process workers are forked from is stopped with them: it held 30 MB for the rest of
    the build, beside the site check's Java (a cold build of 1,000 stories went over 500 MB)."""
    before = set(_children())
    report = build_pictures(
        [placeholder_request(tmp_path, "fine", "OK"), placeholder_request(tmp_path, "also", "AF")],
        settings(tmp_path, PHOTOS_WORKERS=2),
        output=tmp_path / "site",
    )
    assert report.summary() == "2 images: 0 reused, 2 generated, 0 failed"
    lingering = {pid: line for pid, line in _children().items() if pid not in before}
    # Python's resource tracker (12 MB) may stay: it lives as long as the pool's semaphores.
    assert all(b"resource_tracker" in line for line in lingering.values()), lingering
