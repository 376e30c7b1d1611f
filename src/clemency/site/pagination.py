"""Long listings in pages: the story index and each outcome's or partner's stories.

Pages are cut from the oldest story, in runs of `size`; the first page (the listing's own
address) holds the newest run, with the run before it while the newest is not full. So a new
story changes the first page only, and the page count (with every page's "page 2 of 9") once
every `size` stories: the other pages keep their bytes, and a build has no need to check them
again. A phone gets `size` to `2 * size - 1` cards a page, not every story of the site (2.3 MB
of HTML at 1,000 stories).

Page 1 is at the listing's address, page n at `<address>page/<n>/`, newest first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

FOLDER = "page"
_PAGE_URL = re.compile(rf"^(?P<base>.*?){FOLDER}/(?P<number>[1-9][0-9]*)/$")


@dataclass(frozen=True)
class Page:
    """One page of a listing: what the template gets as `pager`."""

    number: int  # 1: the newest stories, at the listing's own address
    count: int
    articles: list
    url: str
    save_as: str
    newer_url: str | None  # the page before (rel="prev"), None on the first
    older_url: str | None  # the page after (rel="next"), None on the last


def runs(items: Sequence, size: int) -> list[list]:
    """`items` (newest first) cut into pages, newest first: each `size` long, counted from the
    oldest, but the first, which takes the newest run and, while that is not full, the run
    before it. One page if `size` is 0 or more than there are items."""
    items = list(items)
    if size <= 0 or len(items) <= size:
        return [items]
    oldest_first = items[::-1]
    cut = [oldest_first[start : start + size] for start in range(0, len(items), size)]
    if len(cut[-1]) < size:
        cut[-2:] = [cut[-2] + cut[-1]]
    return [run[::-1] for run in reversed(cut)]


def page_url(url: str, number: int) -> str:
    """The address of page `number` of the listing at `url` ("stories/" -> "stories/page/2/")."""
    if number == 1:
        return url
    folder = url if url.endswith("/") or not url else url.rsplit(".", 1)[0] + "/"
    return f"{folder}{FOLDER}/{number}/"


def page_save_as(save_as: str, number: int) -> str:
    """The file of page `number` ("stories/index.html" -> "stories/page/2/index.html")."""
    if number == 1:
        return save_as
    folder, _, name = save_as.rpartition("/")
    base = f"{folder}/" if folder else ""
    if name != "index.html":
        base += name.rsplit(".", 1)[0] + "/"
    return f"{base}{FOLDER}/{number}/index.html"


def split(items: Sequence, size: int, url: str, save_as: str) -> list[Page]:
    """Every page of the listing of `items` (newest first) at `url`, saved as `save_as`."""
    cut = runs(items, size)
    urls = [page_url(url, n) for n in range(1, len(cut) + 1)]
    return [
        Page(
            number=n,
            count=len(cut),
            articles=run,
            url=urls[n - 1],
            save_as=page_save_as(save_as, n),
            newer_url=urls[n - 2] if n > 1 else None,
            older_url=urls[n] if n < len(cut) else None,
        )
        for n, run in enumerate(cut, start=1)
    ]


def listing_of(url: str) -> tuple[str, int]:
    """The listing's address and the page number of a page's address ("km/stories/page/3/" ->
    ("km/stories/", 3)); any other address is page 1 of itself."""
    found = _PAGE_URL.match(url)
    if found is None or found["number"] == "1":
        return url, 1
    return found["base"], int(found["number"])
