"""`invoke serve` in real Chromium: the production policy blocks nothing while live reload works,
a broken save shows what is wrong (file and line), and the next good save brings the page back."""

from __future__ import annotations

import contextlib
import gzip
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser_support import chromium
from conftest import ROOT, TODAY, add_story

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WATCH_CSP = """
window.__csp = window.__csp || [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
"""
STORY = "/stories/valid-story/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(project: Path):
    """`invoke serve` on a free loopback port, in a copy of the project with one story."""
    shutil.copy(ROOT / "tasks.py", project / "tasks.py")
    story = add_story(project, "valid_story")
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "STORIES_TODAY": TODAY.isoformat()}
    server = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + STORY, timeout=2).close()
            break
        except OSError:
            assert server.poll() is None, server.stdout.read()
            time.sleep(0.3)
    try:
        yield base, story
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_the_preview_reloads_under_the_production_policy_and_shows_a_broken_save(preview):
    base, story = preview
    with chromium() as browser:
        page = browser.new_page()
        page.add_init_script(WATCH_CSP)
        page.goto(base + STORY)
        assert "Content-Security-Policy" in page.content()  # the production <meta> policy
        assert page.locator("meta[name=robots][content*=noindex]").count() == 1
        assert page.locator(".preview-banner").count() >= 1
        page.wait_for_function(
            f"() => performance.getEntriesByName('{base}/_preview/reload.js').length === 1"
        )

        text = story.read_text()
        with page.expect_navigation(timeout=120_000):
            story.write_text(text.replace("told with her consent", "told with her consent, live"))
        assert "told with her consent, live" in page.content()

        with page.expect_navigation(timeout=120_000):
            story.write_text(text.replace("outcome: conviction-vacated", "outcome: pardonned"))
        error = page.locator("#preview-error").inner_text()
        assert "stories/valid-story/index.md:6" in error and "pardonned" in error
        assert "Traceback" not in error

        with page.expect_navigation(timeout=120_000):
            story.write_text(text)
        assert page.locator("#preview-error").count() == 0
        assert "told with her consent." in page.content()
        assert page.evaluate("window.__csp") == []


def _indexed(output: Path, word: bytes) -> bool:
    for fragment in (output / "pagefind" / "fragment").glob("*"):
        with contextlib.suppress(OSError, gzip.BadGzipFile, EOFError):
            if word in gzip.decompress(fragment.read_bytes()):
                return True
    return False


def test_a_save_is_shown_first_and_searchable_a_moment_later(preview, project):
    base, story = preview
    story.write_text(
        story.read_text().replace("told with her consent", "told with her zanzibarquill consent")
    )
    deadline = time.monotonic() + 60
    while b"zanzibarquill" not in urllib.request.urlopen(base + STORY, timeout=5).read():
        assert time.monotonic() < deadline, "the saved edit never reached the page"
        time.sleep(0.05)
    deadline = time.monotonic() + 60
    while not _indexed(project / "output", b"zanzibarquill"):
        assert time.monotonic() < deadline, "the saved edit never reached the search index"
        time.sleep(0.2)
    # The index that was swapped in is whole: Pagefind's entry file and its script are there.
    assert (project / "output" / "pagefind" / "pagefind.js").is_file()
    assert (project / "output" / "pagefind" / "pagefind-entry.json").is_file()


def test_two_browsers_on_different_pages_only_the_saved_storys_page_reloads(preview, project):
    """A staffer with the story open in one tab and another page in a second: a text edit
    reloads the story's tab (first for the quick text edit, perhaps again for the whole
    rebuild), and never the other tab, which keeps where its reader was."""
    base, story = preview
    with chromium() as browser:
        other = browser.new_page()
        other.goto(base + "/about/")
        other.wait_for_function(
            f"() => performance.getEntriesByName('{base}/_preview/reload.js').length === 1"
        )
        other.evaluate("window.__stayed = true")
        page = browser.new_page()
        page.goto(base + STORY)
        page.wait_for_function(
            f"() => performance.getEntriesByName('{base}/_preview/reload.js').length === 1"
        )
        with page.expect_navigation(timeout=120_000):
            story.write_text(
                story.read_text().replace("told with her consent", "told with her quillwort consent")
            )
        deadline = time.monotonic() + 60
        while not _indexed(project / "output", b"quillwort"):  # the whole rebuild is in place
            assert time.monotonic() < deadline, "the whole rebuild never finished"
            time.sleep(0.2)
        page.wait_for_timeout(1500)  # time for its event to reach both tabs
        assert "quillwort" in page.content()
        assert other.evaluate("window.__stayed === true")  # never reloaded
