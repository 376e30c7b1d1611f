"""Production pages are indexable and bannerless; preview pages are noindex and say so."""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path
from urllib.parse import urlsplit

from ..problems import Problem
from .pages import Page

NOINDEX = {"noindex", "none"}
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


def _noindex(page: Page) -> int | None:
    for line, content in page.robots:
        if NOINDEX & {word.strip() for word in content.split(",")}:
            return line
    return None


def sitemap_paths(output_dir: Path) -> frozenset[str]:
    """The paths the sitemap lists ("/stories/x"), read once per check."""
    sitemap = Path(output_dir) / "sitemap.xml"
    if not sitemap.is_file():
        return frozenset()
    return frozenset(
        urlsplit(html.unescape(loc)).path.rstrip("/")
        for loc in _LOC.findall(sitemap.read_text(encoding="utf-8", errors="replace"))
    )


def unlisted(rel: str, listed: frozenset[str]) -> bool:
    """A page the sitemap leaves out on purpose (status: hidden): noindex is right for it."""
    address = rel.removesuffix("index.html").rstrip("/")
    if not address or not listed:
        return False
    return f"/{address}" not in _endings(listed)


@functools.lru_cache(maxsize=4)
def _endings(listed: frozenset[str]) -> frozenset[str]:
    """Every '/'-ending of every listed path ('/site/stories/x' -> '/stories/x', '/x', ...), so
    a page's address under any SITEURL path is looked up at once, not against every path."""
    endings = set()
    for loc in listed:
        parts = loc.split("/")
        endings.update("/" + "/".join(parts[i:]) for i in range(1, len(parts)))
    return frozenset(endings)


def check_page(path, page: Page, *, production: bool, hidden: bool = False) -> list[Problem]:
    """A production page must be indexable (unless hidden) and bannerless; a preview page
    noindex, with the banner. `hidden`: the sitemap leaves the page out on purpose."""
    problems = []
    line = _noindex(page)
    if production:
        if line is not None and not hidden:
            problems.append(
                Problem(
                    path,
                    (
                        'a production page says <meta name="robots" content="noindex">, so '
                        "search engines would drop it, yet it is listed in the sitemap. That tag "
                        "belongs only in preview builds and on hidden pages (status: hidden), which "
                        "no sitemap lists: build with the production settings (publishconf.py)."
                    ),
                    line=line,
                )
            )
        for banner in page.preview_banners:
            problems.append(
                Problem(
                    path,
                    (
                        "a production page shows the 'preview-banner'. Preview builds may hold stories "
                        "whose consent is pending: never publish one. Build with publishconf.py."
                    ),
                    line=banner,
                )
            )
    else:
        if line is None:
            problems.append(
                Problem(
                    path,
                    (
                        'a preview page lacks <meta name="robots" content="noindex">. Previews may '
                        "hold stories whose consent is pending: every preview page must carry it."
                    ),
                )
            )
        if not page.preview_banners:
            problems.append(
                Problem(
                    path,
                    (
                        "a preview page lacks the visible 'preview-banner' (\"Preview — not public\"). "
                        "Every preview page must show it so nobody mistakes it for the public site."
                    ),
                )
            )
    return problems
