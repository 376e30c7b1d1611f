"""Khmer cut into words for the search index (clemency.i18n.segment): ICU's dictionary breaks, text
only (never tags, attributes or scripts), other scripts untouched."""

from __future__ import annotations

from clemency.i18n import segment

# "They immigrated to America legally", one unspaced run, from Sophy's Khmer story.
PHRASE = "ពួកគេបានធ្វើអន្តោប្រវេសន៍ទៅកាន់អាមេរិកដោយស្របច្បាប់"


def test_a_khmer_phrase_is_cut_into_its_words():
    words = segment.segment_text(PHRASE).split(" ")
    assert "អន្តោប្រវេសន៍" in words  # "immigration", from the middle of the phrase
    assert "អាមេរិក" in words  # "America"
    assert "".join(words) == PHRASE  # nothing lost or added but spaces


def test_latin_text_and_markup_are_left_as_they_are():
    html = (
        '<p title="ពួកគេបាន">Sophy ពួកគេបានធ្វើ, 1980.</p>'
        '<script type="application/ld+json">{"name": "ពួកគេបាន"}</script>'
    )
    cut = segment.segment_html(html)
    assert cut.startswith('<p title="ពួកគេបាន">Sophy ')
    assert cut.endswith('<script type="application/ld+json">{"name": "ពួកគេបាន"}</script>')
    assert ", 1980.</p>" in cut and cut.count(" ") > html.count(" ")


def test_only_pages_with_khmer_are_rewritten(tmp_path):
    site, scratch = tmp_path / "site", tmp_path / "scratch"
    (site / "km").mkdir(parents=True)
    (site / "index.html").write_text("<p>English only</p>", encoding="utf-8")
    (site / "km" / "index.html").write_text(f"<p>{PHRASE}</p>", encoding="utf-8")
    assert segment.segmented_copy(site, scratch) == 1
    assert (scratch / "index.html").read_text(encoding="utf-8") == "<p>English only</p>"
    assert "អន្តោប្រវេសន៍ ទៅ" in (scratch / "km" / "index.html").read_text(encoding="utf-8")
    assert (site / "km" / "index.html").read_text(encoding="utf-8") == f"<p>{PHRASE}</p>"


def test_a_cached_cut_copy_is_reused_only_for_the_same_file(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "km").mkdir(parents=True)
    page = site / "km" / "index.html"
    page.write_text(f"<p>{PHRASE}</p>", encoding="utf-8")
    assert segment.segmented_copy(site, tmp_path / "one", cache) == 1
    assert segment.segmented_copy(site, tmp_path / "two", cache) == 0  # nothing cut again
    assert "អន្តោប្រវេសន៍ ទៅ" in (tmp_path / "two" / "km" / "index.html").read_text(encoding="utf-8")
    page.unlink()
    page.write_text("<p>ទៅកាន់អាមេរិក</p>", encoding="utf-8")  # a new file: cut afresh
    assert segment.segmented_copy(site, tmp_path / "three", cache) == 1
    assert " អាមេរិក</p>" in (tmp_path / "three" / "km" / "index.html").read_text(encoding="utf-8")
    assert len(list(cache.iterdir())) == 1  # the old page's copy is gone with it


def test_only_pages_pagefind_reads_are_copied_and_the_others_are_not_read_again(tmp_path, monkeypatch):
    from pathlib import Path

    from clemency.site.search import MARKED

    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "stories").mkdir(parents=True)
    (site / "stories" / "index.html").write_text("<ul><li>every story's card</li></ul>", encoding="utf-8")
    (site / "story.html").write_text(f"<main data-pagefind-body><p>{PHRASE}</p></main>", encoding="utf-8")
    assert segment.segmented_copy(site, tmp_path / "one", cache, keep=MARKED) == 1
    assert [p.name for p in (tmp_path / "one").rglob("*.html")] == ["story.html"]
    read = []
    for reader in ("read_text", "read_bytes"):
        real = getattr(Path, reader)
        spy = lambda self, *a, real=real, **k: read.append(self) or real(self, *a, **k)  # noqa: E731
        monkeypatch.setattr(Path, reader, spy)
    assert segment.segmented_copy(site, tmp_path / "two", cache, keep=MARKED) == 0
    assert read == []  # neither page read again: one linked from the cache, one known unmarked
    assert [p.name for p in (tmp_path / "two").rglob("*.html")] == ["story.html"]
    assert "data-pagefind-body" in (tmp_path / "two" / "story.html").read_text(encoding="utf-8")


def test_a_page_written_again_with_the_same_bytes_is_not_cut_again(tmp_path, monkeypatch):
    """`invoke check` builds the whole site aside: every page a new file, most with the bytes the
    last build's had. Their cut copies are found by those bytes, and the next build's by its."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    (site / "km").mkdir(parents=True)
    page = site / "km" / "index.html"
    page.write_text(f"<p>{PHRASE}</p>", encoding="utf-8")
    assert segment.segmented_copy(site, tmp_path / "one", cache) == 1
    first = (tmp_path / "one" / "km" / "index.html").read_text(encoding="utf-8")
    page.unlink()
    page.write_text(f"<p>{PHRASE}</p>", encoding="utf-8")  # a new file, the same bytes
    cuts = []
    real = segment.segment_html
    monkeypatch.setattr(segment, "segment_html", lambda html: cuts.append(html) or real(html))
    assert segment.segmented_copy(site, tmp_path / "two", cache) == 0
    assert cuts == []
    assert (tmp_path / "two" / "km" / "index.html").read_text(encoding="utf-8") == first
    assert len(list(cache.iterdir())) == 1  # one entry, under the new file's name
    assert segment.segmented_copy(site, tmp_path / "two", cache) == 0  # and found by it


def test_a_cache_of_an_older_form_is_emptied(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    (site / "index.html").write_text("<p>English only</p>", encoding="utf-8")
    cache.mkdir()
    (cache / "123-45-678.html").write_text("<p>a copy under an older name</p>", encoding="utf-8")
    (cache / "123-45-679.html.left").touch()  # the older name of a page left out
    segment.segmented_copy(site, tmp_path / "one", cache)
    assert [p.name for p in cache.iterdir()] != []
    assert not (cache / "123-45-678.html").exists() and not (cache / "123-45-679.html.left").exists()
