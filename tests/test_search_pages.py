"""What Pagefind is given (clemency.site.search): the pages marked for the index, never a page
left unmarked, even when no page is marked (Pagefind would then index every page)."""

from __future__ import annotations

import json

from clemency.site import search

HIDDEN = "<html lang='en'><body><main><p>A hidden story's words, kept out of search.</p></main></body></html>"


def _page(folder, rel, html):
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def test_unmarked_pages_are_never_indexed(tmp_path):
    site = tmp_path / "site"
    _page(site, "hidden/index.html", HIDDEN)
    _page(
        site,
        "shown/index.html",
        "<html lang='en'><body><main data-pagefind-body><p>Quillon was released.</p></main></body></html>",
    )
    assert search.build_index(site, site, cache=tmp_path / "cache") == []
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["en"]["page_count"] == 1


def test_a_site_with_no_marked_page_fails_in_plain_words_and_indexes_nothing(tmp_path):
    site = tmp_path / "site"
    _page(site, "hidden/index.html", HIDDEN)
    errors = search.build_index(site, site, cache=tmp_path / "cache")
    assert len(errors) == 1 and errors[0].startswith("no page is marked for the search index")
    assert not (site / "pagefind").exists()
