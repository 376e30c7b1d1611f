"""One real Pelican build with the photos plugin: what a visitor gets, and what never leaks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from photo_helpers import photo_text_named_jpg, photo_with_gps_xmp_and_comment
from PIL import Image

from clemency.images import find_metadata
from clemency.problems import ProblemsFound
from conftest import build_with_settings, copy_project

PLUGIN = "clemency.plugins.photos"

STORY = """---
title: {title}
date: 2026-01-10
summary: A fictional client.
client: {client}
outcome: conviction-vacated
{photo}consent: {{name: first, photo: {consent}, given: 2026-01-01, review: 2027-01-01}}
---
A story invented for the photo plugin's tests.
"""
PHOTO = "photo:\n  src: {src}\n  alt: A woman at her kitchen table.\n  credit: Test Photographer\n"


def add_story(project: Path, slug: str, *, client: str, photo: str = "", consent=True) -> Path:
    folder = project / "stories" / slug
    folder.mkdir(parents=True)
    (folder / "index.md").write_text(
        STORY.format(
            title=f"{client.split()[0]} kept her family together",
            client=client,
            consent=str(consent).lower(),
            photo=PHOTO.format(src=photo) if photo else "",
        ),
        encoding="utf-8",
    )
    return folder


def make_project(dest: Path) -> Path:
    copy_project(dest)
    rosa = add_story(dest, "rosa", client="Rosa Photogenic", photo="photo.jpg")
    shutil.move(photo_with_gps_xmp_and_comment(rosa), rosa / "photo.jpg")
    withheld = add_story(dest, "withheld", client="Wanda Placeholder", photo="photo.jpg", consent=False)
    Image.new("RGB", (300, 200), (1, 2, 3)).save(withheld / "photo.jpg", quality=100)
    add_story(dest, "no-photo", client="Nadia Nophoto")
    return dest


def build(project: Path, output: Path, **overrides) -> dict:
    overrides = {"PHOTOS_WIDTHS": (96, 160), "PHOTOS_SOCIAL_SIZE": (120, 63), **overrides}
    settings, _ = build_with_settings(project, output, **overrides)
    assert PLUGIN in settings["PLUGINS"]
    return settings


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("project"))
    settings = build(project, project / "output")
    return project, settings


def test_the_plugin_loads_and_reports(site):
    _project, settings = site
    report = settings["PHOTOS_REPORT"]  # Pelican only logs a plugin it cannot load
    assert report.summary() == "3 images: 0 reused, 3 generated, 0 failed"


def test_the_story_page_prints_an_eager_hero_picture(site):
    project, _ = site
    page = (project / "output" / "stories" / "rosa" / "index.html").read_text(encoding="utf-8")
    hero = re.findall(r"<picture.*?</picture>", page, re.S)[0]  # then related stories
    # The photo is 150 px wide: the ladder (96, 160) ends at 150, never upscaled.
    assert re.search(
        r'<source type="image/avif" srcset="/media/\w+-150\.avif 150w, '
        r'/media/\w+-96\.avif 96w" sizes="\(min-width: 74rem\) 72rem',
        hero,
    )
    assert '<source type="image/webp"' in hero
    assert 'width="150" height="100" alt="A woman at her kitchen table."' in hero
    assert 'loading="eager" fetchpriority="high"' in hero
    assert "Test Photographer" in page
    # Shared: the languages plugin's card, drawn on the photo's social crop, with the title.
    assert re.search(r'<meta property="og:image" content="[^"]*/cards/[0-9a-f]+\.jpg"', page)


def test_cards_load_lazily(site):
    project, _ = site
    listing = (project / "output" / "stories" / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r"<picture.*?</picture>", listing, re.S)
    assert len(cards) == 3
    assert all('sizes="(min-width: 74rem) 23rem,' in c for c in cards)
    assert any('loading="lazy"' in c for c in cards)


def test_every_image_file_is_free_of_metadata_and_no_original_is_published(site):
    project, _ = site
    output = project / "output"
    originals = {p.read_bytes() for p in (project / "stories").rglob("photo.jpg")}
    media = list((output / "media").iterdir())
    assert len(media) == 3 * (2 * 3 + 1)
    for path in output.rglob("*"):
        if path.suffix.lower() in (".jpg", ".jpeg", ".webp", ".avif", ".png", ".gif"):
            assert path.name != "photo.jpg", path
            assert path.read_bytes() not in originals, path
            if path.parent.name == "media":
                assert find_metadata(path) == [], path


def test_a_photo_without_consent_becomes_a_placeholder(site):
    project, settings = site
    page = (project / "output" / "stories" / "index.html").read_text(encoding="utf-8")
    card = re.search(
        r'<article class="scp-card">(?:(?!</article>).)*/stories/withheld/.*?</article>', page, re.S
    )[0]
    hero = re.findall(r"<picture.*?</picture>", card, re.S)[0]
    assert 'alt=""' in hero
    with Image.open(project / "output" / re.search(r'src="/([^"]+\.jpg)"', hero)[1]) as im:
        assert im.getpixel((5, 5)) != (1, 2, 3)


def test_a_rebuild_encodes_nothing(site, tmp_path):
    project, _ = site
    settings = build(project, tmp_path / "again")
    report = settings["PHOTOS_REPORT"]
    assert report.summary() == "3 images: 3 reused, 0 generated, 0 failed"
    assert report.encodes == 0
    assert len(list((tmp_path / "again" / "media").iterdir())) == 3 * (2 * 3 + 1)


def test_a_bad_photo_stops_the_build_naming_story_and_file(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    make_project(project)
    broken = add_story(project, "broken", client="Bea Textfile", photo="photo_text_named.jpg")
    photo_text_named_jpg(broken)
    with pytest.raises(ProblemsFound) as caught:
        build(project, project / "output")
    assert (
        "stories/broken/index.md: photo.src: 'photo_text_named.jpg' is not an image: it is a text file"
    ) in str(caught.value)


def test_translations_hidden_stories_and_drafts_all_get_pictures():
    from types import SimpleNamespace

    from clemency.plugins.photos import story_articles

    def article(name, story=True):
        return SimpleNamespace(name=name, story=object() if story else None)

    original, translation, hidden, draft, page = (
        article("original"),
        article("fr"),
        article("hidden"),
        article("draft"),
        article("page", story=False),
    )
    articles = SimpleNamespace(
        articles=[original],
        translations=[translation],
        hidden_articles=[hidden],
        hidden_translations=[],
        drafts=[draft],
        drafts_translations=[original],
    )
    pages = SimpleNamespace(pages=[page])
    found = story_articles([articles, pages])
    assert [a.name for a in found] == ["original", "fr", "hidden", "draft"]
