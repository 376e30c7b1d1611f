"""Long listings come in pages: each story once, newest first, and a new story changes the first
page of a listing only (its other pages keep their bytes, so no build checks them again)."""

from __future__ import annotations

import re
import shutil

import pytest

from clemency.site import pagination
from clemency.sitecheck import check_output
from conftest import add_story, build, copy_project

LANGS = ("", "km/", "vi/", "es/")


@pytest.mark.parametrize("size", range(1, 14))
def test_every_story_once_newest_first_in_pages_of_the_size(size):
    for count in range(0, 120):
        items = list(range(count, 0, -1))  # newest first
        pages = pagination.runs(items, size)
        assert [i for page in pages for i in page] == items
        if count <= size:
            assert len(pages) == 1
            continue
        assert len(pages) == count // size
        assert all(len(page) == size for page in pages[1:])
        assert size <= len(pages[0]) <= 2 * size - 1


@pytest.mark.parametrize("size", range(1, 14))
def test_a_new_story_changes_the_first_page_only_but_once_every_size(size):
    changed_count = 0
    for count in range(0, 120):
        before = pagination.runs(list(range(count, 0, -1)), size)
        after = pagination.runs(list(range(count + 1, 0, -1)), size)
        if len(after) == len(before):
            assert after[1:] == before[1:]
        else:
            changed_count += 1
            assert len(after) == len(before) + 1
            assert (count + 1) % size == 0
    assert changed_count == 120 // size - 1  # at 2, 3, 4... times the size


def test_no_pages_when_the_size_is_zero():
    assert pagination.runs(range(50), 0) == [list(range(50))]


@pytest.mark.parametrize(
    ("url", "save_as"),
    [
        ("stories/", "stories/index.html"),
        ("km/stories/outcome/pardon-granted/", "km/stories/outcome/pardon-granted/index.html"),
        ("stories.html", "stories.html"),
    ],
)
def test_each_page_has_its_own_address_and_file(url, save_as):
    pages = pagination.split(list(range(10, 0, -1)), 3, url, save_as)
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[0].url == url and pages[0].save_as == save_as
    for page in pages[1:]:
        assert page.url.endswith(f"page/{page.number}/")
        assert page.save_as == f"{page.url}index.html"
        assert pagination.listing_of(page.url) == (
            pages[0].url.rsplit(".", 1)[0].rstrip("/") + "/",
            page.number,
        )
    assert [p.newer_url for p in pages] == [None, pages[0].url, pages[1].url]
    assert [p.older_url for p in pages] == [pages[1].url, pages[2].url, None]
    assert pagination.listing_of(url) == (url, 1)


NAMES = ["Ana Quintero", "Bao Lindqvist", "Chea Morrow", "Dara Solberg", "Emil Vantreck", "Fern Oyelaran"]


def _add(project, name: str, month: int) -> None:
    first = name.split()[0]
    path = add_story(project, "valid_story", first.lower())
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^date: .*$", f"date: 2025-{month:02d}-01", text)
    text = text.replace("Mara Testwell", name).replace("Mara", first)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def six_stories(tmp_path):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    for month, name in enumerate(NAMES, start=1):
        _add(project, name, month)
    return project


def _cards(page: str) -> list[str]:
    return re.findall(r'class="scp-card__link" href="/stories/([a-z]+)/"', page)


def _listings(output) -> dict[str, str]:
    """Every listing page (the story index, each outcome's and partner's) by its path."""
    return {
        p.relative_to(output).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(output.rglob("index.html"))
        if re.search(r"stories/(index|page/|outcome/|partner/)", p.relative_to(output).as_posix())
    }


def test_a_listing_longer_than_a_page_is_in_pages_in_every_language(six_stories):
    output = build(six_stories, LISTINGS_PAGE_SIZE=2)
    for lang in LANGS:
        first = (output / f"{lang}stories/index.html").read_text(encoding="utf-8")
        second = (output / f"{lang}stories/page/2/index.html").read_text(encoding="utf-8")
        third = (output / f"{lang}stories/page/3/index.html").read_text(encoding="utf-8")
        assert not (output / f"{lang}stories/page/4").exists()
        # every story once, newest first
        assert [*_cards(first), *_cards(second), *_cards(third)] == [
            "fern",
            "emil",
            "dara",
            "chea",
            "bao",
            "ana",
        ]
        # the browse links (with their counts, which every new story changes) on the first only
        assert "scp-browse" in first and "scp-browse" not in second
        # each page its own title, address and language versions
        assert re.search(r"<title>[^<]*\((Page|ទំព័រទី|Trang|Página) 2 [^<]*\)", second)
        assert f'rel="canonical" href="http://127.0.0.1:8000/{lang}stories/page/2/"' in second
        for other in LANGS:
            assert f'href="http://127.0.0.1:8000/{other}stories/page/2/"' in second
        assert f'href="/{lang}stories/" rel="prev"' in second
        assert f'href="/{lang}stories/page/3/" rel="next"' in second
        assert f'href="/{lang}stories/page/2/" rel="next"' in first and 'rel="prev"' not in first
    # an outcome's listing too: all six stories share the fixture's outcome
    outcome = output / "stories/outcome/conviction-vacated"
    assert _cards((outcome / "page/3/index.html").read_text(encoding="utf-8")) == ["bao", "ana"]
    problems = check_output(output, site_url="http://127.0.0.1:8000", production=False, validate_html=False)
    assert [p.format() for p in problems if "is broken" in p.message or "points at #" in p.message] == []


def test_one_page_and_no_page_links_at_the_default_size(six_stories):
    output = build(six_stories)
    assert not (output / "stories/page").exists()
    page = (output / "stories/index.html").read_text(encoding="utf-8")
    assert len(_cards(page)) == 6
    assert "scp-pager" not in page


def test_a_new_story_changes_the_first_page_of_each_listing_only(six_stories, tmp_path):
    before = _listings(build(six_stories, tmp_path / "before", LISTINGS_PAGE_SIZE=2))
    _add(six_stories, "Gus Pellegrino", 7)
    after = _listings(build(six_stories, tmp_path / "after", LISTINGS_PAGE_SIZE=2))
    assert set(after) == set(before)  # 7 stories: still three pages of each
    changed = {path for path in after if after[path] != before[path]}
    assert changed == {path for path in after if "/page/" not in path}
    assert any("/page/" in path for path in after)
    shutil.rmtree(tmp_path / "before")
