"""The cache: a rebuild encodes nothing (counted, not timed), even from a fresh clone."""

from __future__ import annotations

import shutil

from photo_helpers import request, settings, upright_quadrants

from clemency.images import build_pictures


def two_stories(tmp_path):
    photos = []
    for slug, colour in (("mara", (200, 80, 40)), ("sophy", (20, 90, 160))):
        path = tmp_path / "stories" / slug / "photo.jpg"
        path.parent.mkdir(parents=True)
        im = upright_quadrants()
        im.paste(colour, (0, 0, 40, 40))
        im.save(path)
        photos.append(path)
    return photos


def test_a_second_build_encodes_nothing(tmp_path):
    requests = [request(p) for p in two_stories(tmp_path)] + [request(None, tmp_path / "x.md")]
    first = build_pictures(requests, settings(tmp_path), output=tmp_path / "site")
    assert first.summary() == "3 images: 0 reused, 3 generated, 0 failed"
    assert first.encodes == 3 * (4 * 3 + 1)
    again = build_pictures(requests, settings(tmp_path), output=tmp_path / "site2")
    assert again.summary() == "3 images: 3 reused, 0 generated, 0 failed"
    assert again.encodes == 0
    assert again.pictures == first.pictures
    assert sorted(p.name for p in (tmp_path / "site2" / "media").iterdir()) == sorted(
        p.name for p in (tmp_path / "site" / "media").iterdir()
    )


def test_a_fresh_clone_with_the_cache_restored_encodes_nothing(tmp_path):
    photos = two_stories(tmp_path)
    build_pictures([request(p) for p in photos], settings(tmp_path), output=tmp_path / "site")
    clone = tmp_path / "clone"
    shutil.copytree(tmp_path / "stories", clone / "stories")  # new inodes and file times
    shutil.copytree(tmp_path / "cache", clone / "cache")
    report = build_pictures(
        [request(clone / "stories" / p.parent.name / "photo.jpg") for p in photos],
        settings(clone),
        output=clone / "site",
    )
    assert (report.reused, report.encodes) == (2, 0)


def test_a_lost_index_costs_no_encoding_either(tmp_path):
    photos = two_stories(tmp_path)
    build_pictures([request(p) for p in photos], settings(tmp_path), output=tmp_path / "site")
    (tmp_path / "cache" / "index.json").unlink()
    report = build_pictures([request(p) for p in photos], settings(tmp_path), output=tmp_path / "site")
    assert (report.generated, report.encodes) == (2, 0)


def test_a_new_focus_remakes_only_that_storys_images(tmp_path):
    wide = tmp_path / "wide.jpg"
    upright_quadrants((400, 150)).save(wide)
    build_pictures([request(wide)], settings(tmp_path), output=None)
    report = build_pictures([request(wide, focus=(0.1, 0.5))], settings(tmp_path), output=None)
    assert report.summary() == "1 image: 0 reused, 1 generated, 0 failed"


def test_replacing_one_photo_remakes_only_its_images(tmp_path):
    photos = two_stories(tmp_path)
    build_pictures([request(p) for p in photos], settings(tmp_path), output=tmp_path / "site")
    upright_quadrants().rotate(90).save(photos[0])  # a new photo for the first story
    report = build_pictures([request(p) for p in photos], settings(tmp_path), output=tmp_path / "site")
    assert report.summary() == "2 images: 1 reused, 1 generated, 0 failed"


def test_files_of_a_story_that_left_the_site_are_removed(tmp_path):
    photos = two_stories(tmp_path)
    site = tmp_path / "site"
    build_pictures([request(p) for p in photos], settings(tmp_path), output=site)
    report = build_pictures([request(photos[1])], settings(tmp_path), output=site)
    names = {p.name for p in (site / "media").iterdir()}
    assert len(names) == report.files == 4 * 3 + 1
    hero = next(iter(report.pictures.values()))["hero"]
    assert hero.src.rsplit("/", 1)[1] in names


def test_a_photo_no_story_publishes_leaves_the_cache_at_the_next_build(tmp_path):
    photos = two_stories(tmp_path)
    options = {"PHOTOS_CACHE_KEEP_BUILDS": 20}
    build_pictures([request(p) for p in photos], settings(tmp_path, **options), output=None)
    files = tmp_path / "cache" / "files"
    assert len(list(files.rglob("*.*"))) == 2 * (4 * 3 + 1)
    withdrawn = photos[0].read_bytes()
    # The first story is withdrawn: one build later nothing made from its photo is cached.
    report = build_pictures([request(photos[1])], settings(tmp_path, **options), output=None)
    assert report.pruned == 4 * 3 + 1
    assert len(list(files.rglob("*.*"))) == 4 * 3 + 1
    index = (tmp_path / "cache" / "index.json").read_text()
    assert "mara" not in index, "no path of the withdrawn story's photo stays in the index"
    assert all(p.read_bytes() != withdrawn for p in (tmp_path / "cache").rglob("*") if p.is_file())
    again = build_pictures([request(photos[1])], settings(tmp_path, **options), output=None)
    assert (again.encodes, again.pruned) == (0, 0)


def test_other_versions_of_a_photo_in_use_stay_for_keep_builds(tmp_path):
    wide = tmp_path / "wide.jpg"
    upright_quadrants((400, 150)).save(wide)
    options = {"PHOTOS_CACHE_KEEP_BUILDS": 2}
    build_pictures([request(wide)], settings(tmp_path, **options), output=None)
    moved = [request(wide, focus=(0.1, 0.5))]
    first = build_pictures(moved, settings(tmp_path, **options), output=None)
    assert first.pruned == 0, "the old crop stays: the focus may be moved back"
    second = build_pictures(moved, settings(tmp_path, **options), output=None)
    assert second.pruned > 0
