"""The name scan reads Pagefind's binary index word by word, as the search box would find them.

Pagefind stores each word of the index as a CBOR string: a length byte that is often a letter
('g' for seven letters), then the word. Read as raw text, "gquillon" hides "quillon" from a
whole-word search; decoded, every word stands apart.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest

from clemency.sitecheck import forbidden
from clemency.sitecheck.pagefind import SIGNATURE, readable
from clemency.sitecheck.site import Site

PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
    "</head><body><main><h1>{title}</h1><p>{text}</p></main></body></html>"
)


def pagefind_site(folder: Path, text: str) -> Path:
    """Two published stories, indexed by the pinned Pagefind exactly as the search plugin runs it."""
    for slug, title, body in (
        ("zorvath", "Zorvath went home", "Zorvath's story, with consent."),
        ("amara", "Amara kept her family together", text),
    ):
        page = folder / "stories" / slug / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(title=title, text=body), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(folder), "--silent"],
        check=True,
        timeout=120,
        capture_output=True,
    )
    return folder


def scan(folder: Path) -> list[str]:
    """The site-relative files the name scan flags, for the surname consent keeps hidden."""
    site = Site(folder, forbidden=("Quillon",), shown=())
    return [site.rel(Path(p.path)) for p in forbidden.check(site)]


def index_files(folder: Path) -> list[Path]:
    return sorted((folder / "pagefind" / "index").glob("*.pf_index"))


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> Path:
    return pagefind_site(tmp_path_factory.mktemp("clean"), "Amara's story, told with consent.")


def test_a_clean_site_passes(clean_site):
    assert index_files(clean_site) and scan(clean_site) == []


def test_a_surname_planted_in_the_binary_index_is_found_there(clean_site, tmp_path):
    site = Path(shutil.copytree(clean_site, tmp_path / "site"))
    index = index_files(site)[0]
    words = cbor2.loads(gzip.decompress(index.read_bytes())[len(SIGNATURE) :])
    # A word entry as Pagefind writes one: the word, then where it occurs.
    words[0].append(["quillon", words[0][0][1], words[0][0][2]])
    index.write_bytes(gzip.compress(SIGNATURE + cbor2.dumps(words)))
    assert b"gquillon" in gzip.decompress(index.read_bytes())  # the length byte is a 'g'
    assert scan(site) == [index.relative_to(site).as_posix()]


def test_a_page_naming_the_surname_is_found_in_the_page_and_every_search_file(tmp_path):
    site = pagefind_site(tmp_path, "Amara met Quillon at the hearing.")
    flagged = scan(site)
    assert "stories/amara/index.html" in flagged
    assert any(f.startswith("pagefind/fragment/") for f in flagged)
    assert any(f.startswith("pagefind/index/") for f in flagged), flagged


def test_other_files_are_read_unchanged():
    assert readable(b"<p>Quillon</p>") == b"<p>Quillon</p>"
    fragment = SIGNATURE + b'{"url":"/stories/amara/"}'
    assert readable(fragment) == fragment
    assert readable(SIGNATURE + b"\xff\xff") == SIGNATURE + b"\xff\xff"


def test_the_quick_read_of_an_index_finds_every_string_the_walk_finds_in_order():
    """Pagefind's index read through JSON (quick) gives the strings the walk over every value
    gives, in the same order: generated values of the index's shapes, any script, quotes and
    backslashes (which take the walk), bytes (the same), and numbers everywhere."""
    import random

    from clemency.sitecheck import pagefind

    rng = random.Random(7)
    letters = "abcxyz éüñ ម៉ារ៉ា Nguyễn \"' \\ -"

    def value(depth: int):
        kind = rng.random()
        if depth > 4 or kind < 0.3:
            return rng.randrange(10**6)
        if kind < 0.55:
            return "".join(rng.choice(letters) for _ in range(rng.randrange(12)))
        if kind < 0.6:
            return rng.choice([b"raw", True, None, 1.5])
        if kind < 0.85:
            return [value(depth + 1) for _ in range(rng.randrange(6))]
        keys = ["".join(rng.choice("abcé") for _ in range(3)) for _ in range(rng.randrange(4))]
        return {key: value(depth + 1) for key in keys}

    for _ in range(3000):
        item = value(0)
        assert pagefind._strings(item) == pagefind._walk(item)
        raw = SIGNATURE + cbor2.dumps(item)
        assert readable(raw) == " ".join(pagefind._walk(cbor2.loads(raw[len(SIGNATURE) :]))).encode()
