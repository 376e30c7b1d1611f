"""What Pagefind is given (clemency.site.search): the pages marked for the index, never a page
left unmarked, even when no page is marked (Pagefind would then index every page)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading

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


def _marked(text: str) -> str:
    return f"<html lang='en'><body><main data-pagefind-body><p>{text}</p></main></body></html>"


def _copies(pages) -> dict[str, int]:
    return {p.relative_to(pages).as_posix(): p.stat().st_ino for p in pages.rglob("*") if p.is_file()}


def test_the_pages_pagefind_reads_are_kept_and_only_what_changed_is_copied_again(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    _page(site, "stories/kept/index.html", _marked("Unchanged between the builds."))
    _page(site, "stories/gone/index.html", _marked("A story taken down before the next build."))
    _page(site, "stories/hidden/index.html", _marked("A story hidden before the next build."))
    with search.pages_to_index(site, cache) as (pages, errors):
        assert errors == []
        first = _copies(pages)
    assert set(first) == {f"stories/{s}/index.html" for s in ("kept", "gone", "hidden")}

    shutil.rmtree(site / "stories" / "gone")
    (site / "stories" / "hidden" / "index.html").unlink()
    _page(site, "stories/hidden/index.html", HIDDEN)  # the same address, no longer marked
    _page(site, "stories/new/index.html", _marked("Added since."))
    with search.pages_to_index(site, cache) as (again, errors):
        assert errors == [] and again == pages
        second = _copies(again)
        assert not (again / "stories" / "gone").exists()  # its folder too: it held a name
    assert set(second) == {"stories/kept/index.html", "stories/new/index.html"}
    assert second["stories/kept/index.html"] == first["stories/kept/index.html"]  # not copied again


def test_one_build_at_a_time_reads_the_kept_pages(tmp_path):
    """The live preview refreshing its index and a build started beside it take turns."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    _page(site, "story/index.html", _marked("Shared."))
    inside, turns = threading.Event(), []

    def second() -> None:
        with search.pages_to_index(site, cache):
            turns.append("second")

    with search.pages_to_index(site, cache):
        other = threading.Thread(target=second)
        other.start()
        inside.wait(0.5)  # time enough for the other to get in, if it could
        turns.append("first")
    other.join(10)
    assert turns == ["first", "second"]


def test_a_build_in_another_process_waits_for_the_kept_pages(tmp_path):
    """`invoke serve` and `invoke build` are two processes: the lock holds between them too."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    _page(site, "story/index.html", _marked("Shared."))
    holds = (
        "import sys; from pathlib import Path; from clemency.site import search\n"
        f"with search.pages_to_index(Path({str(site)!r}), Path({str(cache)!r})):\n"
        "    print('in', flush=True); sys.stdin.readline()"
    )
    entered = threading.Event()

    def ours() -> None:
        with search.pages_to_index(site, cache):
            entered.set()

    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True}
    with subprocess.Popen([sys.executable, "-c", holds], **pipes) as holder:
        assert holder.stdout.readline() == "in\n"
        waiting = threading.Thread(target=ours)
        waiting.start()
        held = not entered.wait(1.0)  # the other process holds the pages
        holder.stdin.write("done\n")
        holder.stdin.flush()
        assert entered.wait(30)  # and lets go of them when it is done
        waiting.join(10)
    assert held
