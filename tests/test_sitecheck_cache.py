"""The site check's cache: a result is reused only for the same bytes and the same configuration."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clemency.problems import Problem
from clemency.sitecheck import check_output, validity
from clemency.sitecheck.cache import CheckCache
from test_sitecheck import PARTNER, SITE_URL, WITHDRAWN, add_page, messages
from test_sitecheck import site as site

NEW_NAME = "Zorvath Quillon"  # a fictional client


def run(out: Path, folder: Path, **options) -> tuple[list[str], CheckCache]:
    cache = CheckCache(folder, strict=options.pop("strict", False))
    options = {
        "site_url": SITE_URL,
        "allowed_origins": [PARTNER],
        "forbidden": [WITHDRAWN],
        "validate_html": False,
        **options,
    }
    return messages(check_output(out, cache=cache, **options)), cache


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def test_an_unchanged_site_is_not_read_again_and_gives_the_same_answer(site, folder):
    planted = add_page(f'<p>{WITHDRAWN}</p><a href="/nowhere/">x</a>')(site)
    first, cache = run(site, folder)
    assert cache.computed > 0 and any(str(planted) in m for m in first)
    again, cache = run(site, folder)
    assert again == first  # known problems are reported from the cache, not dropped
    assert cache.computed == 0 and cache.reused > 0


def test_a_changed_page_is_checked_again_and_only_that_page(site, folder):
    page = add_page("<p>Fine.</p>")(site)
    assert run(site, folder)[0] == []
    page.write_text(page.read_text().replace("Fine.", '<span style="x">Not fine.</span>'))
    found, cache = run(site, folder)
    assert any("style= attribute" in m and str(page) in m for m in found)
    rules_for_one_page = 7  # links, ids, origins, inline, active, preview, names
    assert cache.computed == rules_for_one_page


def test_a_new_forbidden_name_is_searched_for_in_every_file(site, folder):
    page = add_page(f"<p>{NEW_NAME} won her case.</p>")(site)
    assert run(site, folder)[0] == []
    found, cache = run(site, folder, forbidden=[WITHDRAWN, NEW_NAME])
    assert [m for m in found if str(page) in m and "Z*** Q***" in m]
    files = sum(1 for p in site.rglob("*") if p.is_file())
    assert cache.computed == files  # the names rule, again, for every file; nothing else
    assert run(site, folder)[0] == []  # and back: the name is allowed again


def test_an_allowed_origin_change_is_judged_again(site, folder):
    page = add_page('<a href="https://ally.example/help">Ally</a>')(site)
    assert any(str(page) in m and "https://ally.example" in m for m in run(site, folder)[0])
    assert run(site, folder, allowed_origins=[PARTNER, "https://ally.example"])[0] == []
    assert any(str(page) in m for m in run(site, folder)[0])


def test_the_html_checker_sees_only_pages_it_has_not_seen(site, folder, monkeypatch):
    seen: list[list[Path]] = []

    def fake_prepare(pages, **_):
        seen.append(sorted(pages))
        found = {page: [["Stray end tag “span”.", 3]] if "span" in page.read_text() else [] for page in pages}
        return validity.Run(pages, found)

    monkeypatch.setattr(validity, "prepare", fake_prepare)
    run(site, folder, validate_html=True)
    pages = sorted(site.rglob("*.html"))
    assert seen.pop() == pages
    found, _ = run(site, folder, validate_html=True)
    assert seen.pop() == [] and found == []
    bad = add_page("<p>x</p></span>")(site)
    found, _ = run(site, folder, validate_html=True)
    assert seen.pop() == [bad]
    assert [m for m in found if str(bad) in m and "invalid HTML: Stray end tag" in m]
    assert run(site, folder, validate_html=True)[0] == found  # known errors stay reported
    assert seen.pop() == []


def test_strict_mode_reads_bytes_even_when_size_and_time_are_unchanged(site, folder):
    page = add_page("<p>Fine page.</p>")(site)
    run(site, folder)
    stat = page.stat()
    with page.open("r+b") as handle:  # same inode, same size, same time: only the bytes differ
        text = handle.read().replace(b"<p>Fine page.</p>", b"<p style=a>bc</p>")
        handle.seek(0)
        handle.write(text)
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert page.stat().st_size == stat.st_size
    found, _ = run(site, folder, strict=True)
    assert any("style= attribute" in m and str(page) in m for m in found)


def test_a_link_to_a_file_that_is_gone_is_reported_though_the_page_is_unchanged(site, folder):
    assert run(site, folder)[0] == []
    (site / "about" / "index.html").unlink()
    found, cache = run(site, folder)
    assert any("index.html:" in m and "'/about/' is broken" in m for m in found), found
    assert cache.computed == 0  # the page was not re-checked by rule, only read to say where


def test_checking_a_new_search_index_aside_keeps_what_is_known_of_the_site(site, folder, tmp_path):
    """An incremental build checks its new index in a folder of its own (partial): the site's
    pages checked before are not checked again on the next run."""
    assert run(site, folder)[0] == []
    aside = tmp_path / "aside"
    (aside / "pagefind").mkdir(parents=True)
    (aside / "pagefind" / "pagefind-entry.json").write_text('{"version": "1"}')
    run(aside, folder, partial="pagefind")
    again, cache = run(site, folder)
    assert again == [] and cache.computed == 0


def test_the_last_index_stands_in_unchecked_and_the_new_ones_check_forgets_what_it_held(
    site, folder, tmp_path
):
    index = site / "pagefind"
    index.mkdir(exist_ok=True)
    (index / "fragment-old.json").write_text(f'{{"content": "{WITHDRAWN}"}}')
    assert [m for m in run(site, folder)[0] if "pagefind/fragment-old.json" in m]  # checked: found
    found, cache = run(site, folder, unchecked="pagefind")
    assert found == []  # a stand-in, about to be replaced: not published, not checked
    aside = tmp_path / "aside"
    (aside / "pagefind").mkdir(parents=True)
    (aside / "pagefind" / "fragment-new.json").write_text('{"content": "A story."}')
    assert run(aside, folder, partial="pagefind")[0] == []
    cache = CheckCache(folder)
    assert sorted(rel for rel in cache.files if rel.startswith("pagefind/")) == ["pagefind/fragment-new.json"]
    assert WITHDRAWN.split()[-1].lower() not in (folder / f"results-{cache.profile}.json").read_text().lower()


def test_a_story_added_under_a_new_name_rechecks_no_file(site, folder):
    """Names shown with consent are read over only where they share a word with a withheld
    one: a new client's name that shares none cannot change what any file is found to hold."""
    assert run(site, folder, shown_names=["Mara Testwell"])[0] == []
    again, cache = run(site, folder, shown_names=["Mara Testwell", "Nadia Newname"])
    assert again == [] and cache.computed == 0
    # A shown name that shares a word with the withdrawn one may hide a match: every file again.
    _, cache = run(site, folder, shown_names=["Mara Testwell", "Paul Withdrawnson"])
    files = sum(1 for p in site.rglob("*") if p.is_file())
    assert cache.computed == files


def sitemap(out: Path, *paths: str) -> None:
    locs = "".join(f"<url><loc>{SITE_URL}/{p}</loc></url>" for p in paths)
    (out / "sitemap.xml").write_text(f'<?xml version="1.0"?><urlset>{locs}</urlset>')


def test_a_page_leaving_the_sitemap_is_judged_again_without_reading_any_page(site, folder):
    page = add_page("<p>Hidden on purpose.</p>", head='<meta name="robots" content="noindex">')(site)
    sitemap(site, "", "stories/planted/")
    found, _ = run(site, folder)
    assert [m for m in found if "noindex" in m and str(page) in m]  # listed, yet noindex
    sitemap(site, "")  # now left out on purpose (status: hidden): noindex is right
    found, cache = run(site, folder)
    assert not [m for m in found if str(page) in m]
    assert cache.computed == 1  # sitemap.xml, whose bytes changed (the names rule); no page


def test_a_folder_made_beside_the_check_joins_it_as_part_of_the_site(site, folder, tmp_path):
    """The search index, made by Pagefind while the pages are checked (`late`): its files are
    checked like the others (a withheld name, a stray file), and pages may link to them."""
    add_page('<script src="/pagefind/pagefind-ui.js" defer></script><p>Search.</p>')(site)
    made = tmp_path / "made" / "pagefind"

    def late():
        assert not (site / "pagefind").exists()  # the pages were read before it was there
        made.mkdir(parents=True)
        (made / "pagefind-ui.js").write_text("// the search UI")
        (made / "fragment.json").write_text(f'{{"content": "{WITHDRAWN}"}}')
        (made / "notes.md").write_text("a source file")
        made.rename(site / "pagefind")
        return "pagefind", []

    found, cache = run(site, folder, late=late)
    assert any("pagefind/fragment.json" in m and "withheld from this log" in m for m in found), found
    assert any("pagefind/notes.md" in m and "source or backup file" in m for m in found), found
    assert not any("pagefind-ui.js" in m for m in found), found  # the page's link resolves
    assert len(found) == 2
    assert "pagefind/fragment.json" in cache.files  # and remembered, as every file is

    def failed():
        return "", [Problem(site, "search: Pagefind failed (exit 1): no pages")]

    assert any("Pagefind failed" in m for m in run(site, folder, late=failed)[0])
