"""Takedown: a story that lost consent leaves output/ and .cache even when the build fails."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from clemency.build import scratch, takedown
from clemency.build.gate import build_with_takedown
from clemency.build.takedown import BuildFailed
from clemency.content.consent_records import read_record
from clemency.images.decode import digest_bytes
from clemency.sitecheck.forbidden import fold
from conftest import TODAY, add_story, copy_project, write_photo

ZORVATH = """\
---
title: A fictional family stays together
date: 2026-01-12
summary: A fictional client, kept in Seattle with his children.
client: Zorvath Quillon
outcome: pardon-granted
photo: {src: photo.jpg, alt: A man smiling in a park}
consent: {name: full, photo: true, given: 2026-01-01, review: REVIEW}
---
Zorvath Quillon's story, told with his consent.
"""
NADIA = """\
---
title: Nadia went home to her daughters
date: 2026-01-14
summary: A fictional client whose pardon came through.
client: Nadia Fictive
outcome: OUTCOME
consent: {name: first, photo: false, given: 2026-01-01, review: 2027-06-01}
---
Nadia's story, told with her consent.
"""


def settings_file(project: Path) -> Path:
    return project / "pelicanconf.py"


def make_project(root: Path, review: str = "2027-01-01") -> Path:
    project = copy_project(root)
    add_story(project, "valid_story", "mara")
    folder = project / "stories" / "zorvath"
    folder.mkdir()
    (folder / "index.md").write_text(ZORVATH.replace("REVIEW", review), encoding="utf-8")
    write_photo(folder / "photo.jpg", size=(900, 600), colour=(180, 30, 140))
    (project / "stories" / "nadia").mkdir()
    write_nadia(project, "pardon-granted")
    return project


def write_nadia(project: Path, outcome: str) -> None:
    (project / "stories" / "nadia" / "index.md").write_text(
        NADIA.replace("OUTCOME", outcome), encoding="utf-8"
    )


def withdraw(project: Path) -> None:
    index = project / "stories" / "zorvath" / "index.md"
    index.write_text(index.read_text().replace("review: 2027-01-01}", "review: 2027-01-01, withdrawn: true}"))


def build(project: Path, today: dt.date = TODAY):
    return build_with_takedown(settings_file(project), project / "output", {"STORIES_TODAY": today})


def story_media(project: Path) -> dict[str, bytes]:
    """Zorvath's published images (every size and format of his photo) and his share card."""
    output = project / "output"
    digest = digest_bytes((project / "stories" / "zorvath" / "photo.jpg").read_bytes())
    jobs = json.loads((project / ".cache" / "photos" / "index.json").read_text())["jobs"]
    names = {f"media/{n}" for job in jobs.values() if job["digest"] == digest for n in job["sizes"]}
    page = (output / "stories" / "zorvath" / "index.html").read_text()
    names |= set(re.findall(r"/(cards/[\w.-]+\.jpg)", page))
    assert len(names) > 5 and any(n.startswith("cards/") for n in names)
    assert all(n in page for n in names if n.endswith(".avif")), "the page shows the photo"
    return {name: (output / name).read_bytes() for name in names}


def every_file(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def assert_gone(folder: Path, media: dict[str, bytes]) -> None:
    """Nothing in `folder` names Zorvath Quillon, his address, or holds his photo or card."""
    import gzip

    for path in every_file(folder):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # Pagefind's compressed index and fragments
            data = gzip.decompress(data)
        text = fold(data.decode("utf-8", errors="ignore") + path.as_posix())
        for needle in ("zorvath", "quillon"):
            assert needle not in text, f"{path} names {needle}"
        for name, content in media.items():
            assert data != content, f"{path} is {name} of the withdrawn story"


@pytest.fixture(scope="module")
def last_good(tmp_path_factory):
    """A project built once; each test copies it."""
    project = make_project(tmp_path_factory.mktemp("project"))
    build(project)
    return project, story_media(project)


@pytest.fixture
def project(last_good, tmp_path):
    import shutil

    source, media = last_good
    shutil.copytree(source, tmp_path / "p", symlinks=True)
    return tmp_path / "p", media


def test_a_withdrawal_is_taken_down_when_another_story_breaks_the_build(project):
    project, media = project
    output = project / "output"
    withdraw(project)
    write_nadia(project, "pardonned")  # a typo: this build must fail
    with pytest.raises(BuildFailed) as failure:
        build(project)
    assert "pardonned" in str(failure.value.cause)
    assert failure.value.takedown.startswith("Taken down: stories/z***/ (consent withdrawn).")
    assert "Quillon" not in failure.value.takedown
    assert_gone(output, media)
    assert_gone(project / ".cache", media)
    # The rest of the last good site is still there, the broken story as it last built.
    assert "Mara kept her family together" in (output / "index.html").read_text()
    assert (output / "stories" / "nadia" / "index.html").is_file()
    assert (output / "km" / "index.html").is_file()
    assert "Mara" in (output / "feeds" / "stories.atom.xml").read_text()


def test_a_story_naming_a_withdrawn_client_by_surname_alone_comes_down_too(project):
    """Nadia's story, published while Zorvath's full name was, says "the Quillon family". Once
    he withdraws, it may not stay up either: the last good site is rebuilt without both, and
    keeps everything else (the home page and lists, without their cards)."""
    project, media = project
    output = project / "output"
    index = project / "stories" / "nadia" / "index.md"
    index.write_text(index.read_text() + "\nThe Quillon family came to every hearing.\n")
    build(project)  # the last good site now names the Quillon family on Nadia's page
    withdraw(project)
    with pytest.raises(BuildFailed) as failure:  # the check refuses that page now
        build(project)
    assert failure.value.takedown == (
        "Taken down: stories/z***/ (consent withdrawn), stories/n***/ (its text names a story "
        "taken down). output/ now holds the last good site without them."
    )
    assert_gone(output, media)
    assert not (output / "stories" / "nadia").exists()
    assert "Mara kept her family together" in (output / "index.html").read_text()
    assert "Nadia" not in (output / "index.html").read_text()


def test_a_review_date_that_passes_takes_the_story_down(tmp_path):
    project = make_project(tmp_path, review="2026-06-20")
    build(project)
    media = story_media(project)
    with pytest.raises(BuildFailed) as failure:
        build(project, today=dt.date(2026, 6, 21))
    assert failure.value.takedown.startswith("Taken down: stories/z***/ (consent review was due 2026-06-20).")
    assert_gone(project / "output", media)
    assert_gone(project / ".cache", media)
    assert (project / "output" / "stories" / "mara" / "index.html").is_file()


def test_when_the_last_good_site_cannot_be_rebuilt_its_files_are_deleted(project):
    project, media = project
    output = project / "output"
    withdraw(project)
    about = project / "content" / "pages" / "about.md"
    about.write_text("no front matter: every build fails now\n")
    with pytest.raises(BuildFailed) as failure:
        build(project)
    line = failure.value.takedown
    assert line.startswith("Taken down: stories/z***/ (consent withdrawn).")
    assert "files that named them" in line
    assert_gone(output, media)
    assert_gone(project / ".cache", media)
    # Pages that never named the story stay; those that listed it (the home page) are gone.
    assert (output / "about" / "index.html").is_file()
    assert (output / "get-help" / "index.html").is_file()
    assert list((output / "media").iterdir()), "the other stories' images stay"
    assert not (output / "index.html").exists()


def test_a_failed_build_with_consent_unchanged_leaves_output_as_it_was(project):
    project, _ = project
    output = project / "output"
    before = {p: p.read_bytes() for p in every_file(output)}
    write_nadia(project, "pardonned")
    with pytest.raises(BuildFailed) as failure:
        build(project)
    assert failure.value.takedown == ""
    assert {p: p.read_bytes() for p in every_file(output)} == before


def test_each_reason_to_take_a_story_down(tmp_path):
    snapshot, stories = tmp_path / "snapshot", tmp_path / "stories"
    consent = "consent: {name: full, photo: true, given: 2026-01-01, review: 2027-01-01}"
    cases = {
        "kept": consent,
        "withdrawn": consent.replace("}", ", withdrawn: true}"),
        "missing": "",
        "unreadable": "consent: {name: full, photo: maybe, given: 2026-01-01, review: soon}",
        "expired": consent.replace("2027-01-01", "2026-05-31"),
        "narrowed": consent.replace("name: full", "name: first"),
        "no-photo": consent.replace("photo: true", "photo: false"),
        "broken-yaml": "consent: {name: full\n",
    }
    for slug, block in cases.items():
        for root, text in ((snapshot, consent), (stories, block)):
            (root / slug).mkdir(parents=True)
            (root / slug / "index.md").write_text(f"---\nclient: Zed Fictive\n{text}\n---\nBody\n")
    (snapshot / "deleted").mkdir()
    (snapshot / "deleted" / "index.md").write_text(f"---\n{consent}\n---\n")
    reasons = {d.record.folder: d.reason for d in takedown.lost_consent(snapshot, stories, TODAY)}
    assert reasons == {
        "withdrawn": "consent withdrawn",
        "missing": "no consent record",
        "unreadable": "consent record unreadable",
        "expired": "consent review was due 2026-05-31",
        "narrowed": "consent for the name changed",
        "no-photo": "consent for the photo withdrawn",
        "broken-yaml": "consent record unreadable",
        "deleted": "story removed",
    }


def test_a_withdrawal_wins_over_a_broken_record(tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "index.md").write_text("---\nconsent: {withdrawn: true, name: nonsense}\n---\n")
    assert read_record(tmp_path / "s", TODAY).state == "withdrawn"


def test_scratch_of_a_killed_build_is_removed_by_the_next(tmp_path):
    output = tmp_path / "output"
    root = scratch.root(output)
    root.mkdir(parents=True)
    dead = root / "tmp-999999999-abcd"  # no such process
    dead.mkdir()
    (dead / "index.html").write_text("half written")
    mine = scratch.make(output, "tmp")
    kept = root / takedown.SNAPSHOT
    kept.mkdir()
    assert scratch.clear_stale(output) == [dead]
    assert not dead.exists() and mine.is_dir() and kept.is_dir()
    assert not list(tmp_path.glob("output.*")), "nothing beside output/"


def test_a_good_build_leaves_nothing_of_a_withdrawn_story_in_the_caches(project):
    project, media = project
    cache = project / ".cache"
    assert any(p.read_bytes() in media.values() for p in every_file(cache)), "cached before"
    assert (cache / "build" / takedown.SNAPSHOT / "zorvath").is_dir()
    withdraw(project)
    assert build(project).takedown == "Taken down: stories/z***/ (consent withdrawn)."
    assert_gone(project / "output", media)
    assert_gone(cache, media)
    assert list((cache / "cards").iterdir()) and list((cache / "photos" / "files").rglob("*.*"))


def test_the_snapshot_keeps_unchanged_files_and_never_shares_a_staffers_file(tmp_path):
    project = copy_project(tmp_path)
    story = add_story(project, "valid_story")
    output = project / "output"
    output.mkdir()
    first = takedown.save_snapshot(project / "stories", output, TODAY) / "valid-story" / "index.md"
    kept_inode = first.stat().st_ino
    assert kept_inode != story.stat().st_ino  # a copy: editing the story never edits the snapshot
    again = takedown.save_snapshot(project / "stories", output, TODAY) / "valid-story" / "index.md"
    assert again.stat().st_ino == kept_inode  # unchanged: the same copy, not copied again
    story.write_text(story.read_text().replace("Mara kept", "Mara still kept"))
    edited = takedown.save_snapshot(project / "stories", output, TODAY) / "valid-story" / "index.md"
    assert "Mara still kept" in edited.read_text()
    assert edited.stat().st_ino not in (kept_inode, story.stat().st_ino)


def test_the_snapshot_follows_each_story_folder_added_edited_or_removed(tmp_path):
    project = copy_project(tmp_path)
    kept = add_story(project, "valid_story")
    output = project / "output"
    output.mkdir()
    snapshot = takedown.save_snapshot(project / "stories", output, TODAY)
    unchanged = (snapshot / "valid-story" / "index.md").stat().st_ino
    added = add_story(project, "pseudonym")
    snapshot = takedown.save_snapshot(project / "stories", output, TODAY)
    assert sorted(p.name for p in snapshot.iterdir()) == ["pseudonym", "valid-story"]
    assert (snapshot / "valid-story" / "index.md").stat().st_ino == unchanged
    added.write_text(added.read_text().replace("Lina's story.", "Lina's story, edited."))
    kept.unlink()
    kept.parent.rmdir()
    snapshot = takedown.save_snapshot(project / "stories", output, TODAY)
    assert [p.name for p in snapshot.iterdir()] == ["pseudonym"]
    assert "edited" in (snapshot / "pseudonym" / "index.md").read_text()


def test_a_takedown_with_caches_turned_off_deletes_no_file_of_the_project(project):
    """SEARCH_CACHE_PATH = "" and STORIES_CACHE_PATH = "" turn those caches off. A takedown that
    cannot rebuild empties the caches that hold story text: with them off, not the project."""
    project, _media = project
    withdraw(project)
    (project / "content" / "pages" / "about.md").write_text("no front matter: every build fails now\n")
    off = {"STORIES_TODAY": TODAY, "SEARCH_CACHE_PATH": "", "STORIES_CACHE_PATH": ""}
    with pytest.raises(BuildFailed) as failure:
        build_with_takedown(settings_file(project), project / "output", off)
    assert "files that named them" in failure.value.takedown  # the takedown that empties caches
    assert settings_file(project).is_file()
    assert (project / "stories" / "nadia" / "index.md").is_file()
    assert (project / "stories" / "mara" / "index.md").is_file()
