"""Where the theme's links point, decided here and printed by the templates (the links plugin).

A link a setting gives (a call to action, the intake form), the call to action the header leads
with, a page found by its slug, the main menu. Each reads the page's own context, so a page in
another language gets that language's versions. Pure: never imports Pelican.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def href(url: str, site_url: str) -> str:
    """A link a setting gives, as an href: a site path ("get-help/") under SITEURL; a full
    address ("https://...", "mailto:...", "tel:...") as it is."""
    if "://" in url or url.startswith(("mailto:", "tel:")):
        return url
    return f"{site_url}/{url.lstrip('/')}"


def header_cta(ctas: Iterable[dict], key: str | None) -> dict | None:
    """The call to action the header and the home page lead with (HEADER_CTA), if shown."""
    return next((cta for cta in ctas if cta.get("key") == key), None)


def page_named(pages: Iterable, slug: str):
    """The page whose slug is `slug` among `pages`, or None."""
    return next((page for page in pages if getattr(page, "slug", None) == slug), None)


def page_url(pages: Iterable, slug: str, site_url: str) -> str:
    """The address of the page `slug` among `pages`; "" if there is none."""
    page = page_named(pages, slug)
    return f"{site_url}/{page.url}" if page is not None else ""


def menu(pages: Iterable, slugs: Iterable[str], labels: Mapping[str, str] | None) -> list[dict]:
    """The main menu: `{key, page, label}` for each slug of MENU_PAGES that is a page, in order;
    `label` is the shorter label MENU_LABELS gives (to translate when printed), or ""."""
    pages = list(pages)
    items = []
    for key in slugs:
        page = page_named(pages, key)
        if page is not None:
            items.append({"key": key, "page": page, "label": (labels or {}).get(key, "")})
    return items
