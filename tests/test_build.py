"""Atomic, reproducible builds: output/ changes only when a build and its checks succeed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from clemency.build.atomic import BuildResult, build_site
from clemency.problems import Problem, ProblemsFound
from clemency.site.reproducible import sort_pagefind_entry
from conftest import TODAY, add_story, copy_project, write_photo

# A minimal Pelican site: pages, one dated article, a static file, an Atom feed.
PELICANCONF = """
SITENAME = "Fixture site"
SITEURL = "https://fixture.example"
RELATIVE_URLS = False
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PATH = "content"
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = ["stories"]
STATIC_PATHS = ["static"]
THEME = "simple"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
"""
PAGES = {
    "pages/about.md": "Title: About\n\nWe help people stay with their families.\n",
    "pages/get-help.md": "Title: Get help\n\nCall us. Zoë answers in English and Español.\n",
    "stories/first.md": "Title: A fixture story\nDate: 2021-03-04 10:00\nCategory: pardon\n"
    "Tags: family, work\n\nA fictional person kept her job.\n",
}


def make_site(root: Path) -> Path:
    """Write the fixture site into `root`; return its settings file."""
    for name, text in PAGES.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, encoding="utf-8")
    (root / "content" / "static").mkdir()
    (root / "content" / "static" / "note.txt").write_text("static file\n")
    settings = root / "pelicanconf.py"
    settings.write_text(PELICANCONF, encoding="utf-8")
    return settings


def tree(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, by relative path, with a hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        )
        for p in sorted(folder.rglob("*"))
    }


def siblings(output: Path) -> list[str]:
    return sorted(p.name for p in output.parent.iterdir() if p.name.startswith(output.name + "."))


@pytest.fixture
def settings(tmp_path: Path) -> Path:
    return make_site(tmp_path)


@pytest.fixture
def built(settings: Path) -> Path:
    """A first good build in output/, so the tests can tell whether it was replaced."""
    output = settings.parent / "output"
    build_site(settings, output)
    (output / "from-the-last-good-build.txt").write_text("kept\n")
    return output


def test_a_good_build_replaces_output(built, settings):
    result = build_site(settings, built)
    assert isinstance(result, BuildResult) and result.output == built
    assert (built / "about" / "index.html").is_file()
    assert (built / "static" / "note.txt").is_file()
    assert not (built / "from-the-last-good-build.txt").exists()
    assert result.files == sum(1 for p in built.rglob("*") if p.is_file())
    assert siblings(built) == [], "temp and old folders are cleaned up"
    assert oct(built.stat().st_mode & 0o777) == oct(0o755)


def test_the_preview_swaps_first_and_deletes_the_last_build_just_after(built, settings):
    from clemency.build import scratch

    result = build_site(settings, built, delete_old_later=True)
    assert not (built / "from-the-last-good-build.txt").exists()  # the new build is in place
    assert (built / "about" / "index.html").is_file() and result.output == built
    deadline = time.monotonic() + 30
    while list(scratch.root(built).glob("old-*")):
        assert time.monotonic() < deadline, "the last build was never deleted"
        time.sleep(0.05)


def test_a_failed_check_leaves_output_unchanged(built, settings):
    before = tree(built)

    def check(folder: Path) -> list[Problem]:
        assert folder != built and (folder / "about" / "index.html").is_file()
        return [Problem(folder / "about" / "index.html", "planted problem")]

    with pytest.raises(ProblemsFound) as failure:
        build_site(settings, built, check=check)
    assert tree(built) == before
    assert siblings(built) == []
    [problem] = failure.value.problems
    assert Path(problem.path) == built / "about" / "index.html", "named as in output/"
    assert "output/about/index.html: planted problem" in str(failure.value)


def test_notices_from_the_check_do_not_stop_the_build(built, settings):
    notice = Problem("x", "just so you know", level="notice")
    result = build_site(settings, built, check=lambda folder: [notice])
    assert result.notices == (notice,)
    assert not (built / "from-the-last-good-build.txt").exists()


def test_an_error_pelican_only_logs_fails_the_build(built, settings):
    before = tree(built)
    with pytest.raises(ProblemsFound) as failure:
        build_site(settings, built, settings_overrides={"PLUGINS": ["no_such_plugin_here"]})
    assert "Cannot load plugin" in str(failure.value)
    assert tree(built) == before
    assert siblings(built) == []


def test_an_exception_in_pelican_leaves_output_unchanged(built, settings):
    before = tree(built)
    with pytest.raises(Exception, match="no_such_theme"):
        build_site(settings, built, settings_overrides={"THEME": "no_such_theme"})
    assert tree(built) == before
    assert siblings(built) == []


def test_a_first_build_creates_output(settings):
    output = settings.parent / "site" / "output"
    build_site(settings, output)
    assert (output / "index.html").is_file()
    assert siblings(output) == []


BUILD_IN_A_FRESH_PROCESS = textwrap.dedent("""
    import sys
    from pathlib import Path
    from clemency.build.atomic import build_site
    build_site(Path(sys.argv[1]), Path(sys.argv[2]))
""")


def build_in_subprocess(settings: Path, output: Path, hash_seed: str, tz: str) -> None:
    """Build in a fresh Python: another hash seed (set order), time zone and working folder."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "TZ": tz, "STORIES_TODAY": str(TODAY)}
    run = subprocess.run(
        [sys.executable, "-c", BUILD_IN_A_FRESH_PROCESS, str(settings), str(output)],
        cwd=settings.parent,
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]


@pytest.mark.slow
def test_two_builds_in_different_folders_are_byte_identical(tmp_path):
    first = make_site(tmp_path / "one" / "checkout")
    second = make_site(tmp_path / "two" / "elsewhere" / "checkout")
    build_in_subprocess(first, first.parent / "output", "1", "UTC")
    build_in_subprocess(second, second.parent / "public", "2", "Pacific/Auckland")
    one, two = tree(first.parent / "output"), tree(second.parent / "public")
    assert len(one) > 5
    assert one == two
    for path in (first.parent / "output").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert str(tmp_path).encode() not in data, f"{path.name} holds a build-machine path"


@pytest.mark.slow
def test_the_real_site_builds_byte_identical_in_two_folders(tmp_path):
    builds = []
    for number, folder, tz in ((1, "a/site", "UTC"), (2, "b/other/site", "Asia/Tokyo")):
        project = tmp_path / folder
        project.mkdir(parents=True)
        copy_project(project)
        for fixture in ("valid_story", "pseudonym", "anonymous", "consent_withdrawn"):
            add_story(project, fixture)
        story = project / "stories" / "valid-story" / "index.md"  # a photo: every image format
        write_photo(story.parent / "photo.jpg", size=(900, 600))
        story.write_text(
            story.read_text(encoding="utf-8").replace(
                "\n---\n", "\nphoto:\n  src: photo.jpg\n  alt: A kitchen table\n---\n", 1
            ),
            encoding="utf-8",
        )
        output = project / "output"
        build_in_subprocess(project / "publishconf.py", output, str(number), tz)
        builds.append(tree(output))
        for path in output.rglob("*"):
            assert not path.is_file() or str(tmp_path).encode() not in path.read_bytes(), path
    assert len(builds[0]) > 5 and "pagefind/pagefind-entry.json" in builds[0]
    assert any(name.endswith(".avif") for name in builds[0])
    assert builds[0] == builds[1]


def test_pagefinds_languages_are_written_in_one_order(tmp_path):
    """Pagefind writes its entry file's languages in hash-map order, which changes every run."""
    entry = tmp_path / "pagefind" / "pagefind-entry.json"
    entry.parent.mkdir()
    entry.write_text(
        '{"version":"1.5.2","languages":{"vi":{"page_count":1},"en":{"hash":"en_1",'
        '"page_count":6},"km":{"wasm":null}},"include_characters":["_","‿"]}',
        encoding="utf-8",
    )
    assert sort_pagefind_entry(tmp_path)
    assert entry.read_text(encoding="utf-8") == (
        '{"version":"1.5.2","languages":{"en":{"hash":"en_1","page_count":6},"km":{"wasm":null},'
        '"vi":{"page_count":1}},"include_characters":["_","‿"]}'
    )
    assert not sort_pagefind_entry(tmp_path)  # already sorted: left alone
