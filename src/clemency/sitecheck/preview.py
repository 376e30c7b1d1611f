"""Production pages are indexable and bannerless; preview pages are noindex and say so."""

from __future__ import annotations

from ..problems import Problem
from .pages import Page

NOINDEX = {"noindex", "none"}


def _noindex(page: Page) -> int | None:
    for line, content in page.robots:
        if NOINDEX & {word.strip() for word in content.split(",")}:
            return line
    return None


def check_page(path, page: Page, *, production: bool) -> list[Problem]:
    """A production page must be indexable and bannerless; a preview page noindex, with banner."""
    problems = []
    line = _noindex(page)
    if production:
        if line is not None:
            problems.append(Problem(path, (
                "a production page says <meta name=\"robots\" content=\"noindex\">, so "
                "search engines would drop it. That tag belongs only in preview builds: build "
                "with the production settings (publishconf.py)."
            ), line=line))
        for banner in page.preview_banners:
            problems.append(Problem(path, (
                "a production page shows the 'preview-banner'. Preview builds may hold stories "
                "whose consent is pending: never publish one. Build with publishconf.py."
            ), line=banner))
    else:
        if line is None:
            problems.append(Problem(path, (
                "a preview page lacks <meta name=\"robots\" content=\"noindex\">. Previews may "
                "hold stories whose consent is pending: every preview page must carry it."
            )))
        if not page.preview_banners:
            problems.append(Problem(path, (
                "a preview page lacks the visible 'preview-banner' (\"Preview — not public\"). "
                "Every preview page must show it so nobody mistakes it for the public site."
            )))
    return problems
