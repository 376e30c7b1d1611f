"""What search engines and sharing sites read: absolute URLs, sitemap, robots.txt, manifest,
JSON-LD and share links. Plain functions of plain values; the seo plugin feeds them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from ..i18n.catalogs import hreflang, language_links


def absolute_base(site_url: str, fallback: str) -> str:
    """SITEURL when it is a full address (production), else the fallback (the local preview)."""
    base = site_url if "://" in (site_url or "") else fallback
    return (base or "").rstrip("/")


def absolute(base: str, url: str) -> str:
    """A full address for a site-relative URL such as 'stories/sophy/'; full ones pass through."""
    if "://" in url or url.startswith(("mailto:", "data:")):
        return url
    return f"{base}/{url.lstrip('/')}"


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: dt.date | None = None
    # hreflang -> full URL, including this entry's own language, once translations exist.
    alternates: dict[str, str] = field(default_factory=dict)


def sitemap_xml(entries: Iterable[SitemapEntry]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for entry in entries:
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(entry.loc)}</loc>")
        if entry.lastmod:
            lines.append(f"    <lastmod>{entry.lastmod.isoformat()}</lastmod>")
        for lang, href in sorted(entry.alternates.items()):
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(href)}/>'
            )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def with_alternates(
    entries: Iterable[SitemapEntry],
    versions: dict[str, dict[str, str]],
    languages: Iterable[str],
    default: str,
    base: str,
) -> list[SitemapEntry]:
    """The sitemap's entries, each page with its hreflang alternates and followed by its other
    versions, in LANGUAGES order whatever order they were read in (the same bytes from any
    checkout). versions: any version's site-relative URL -> {lang: url} of all versions."""
    entries, languages = list(entries), list(languages)
    if len(languages) < 2:
        return entries

    def full(url: str) -> str:
        return absolute(base, url)

    groups = {full(url): group for url, group in versions.items()}
    by_loc = {entry.loc: entry for entry in entries}
    result: dict[str, SitemapEntry] = {}
    for entry in entries:
        group = groups.get(entry.loc)
        if not group or len(group) < 2:
            result.setdefault(entry.loc, entry)
            continue
        first = full(group.get(default) or next(iter(group.values())))
        if first in result:
            continue  # listed already, after its default-language version
        lastmod = by_loc.get(first, entry).lastmod
        alternates = hreflang(language_links(group, default, languages, default), full)
        for lang in languages:
            if lang in group:
                loc = full(group[lang])
                known = by_loc.get(loc)
                result[loc] = SitemapEntry(loc, known.lastmod if known else lastmod, alternates)
    return list(result.values())


def robots_txt(sitemap_url: str, *, allow: bool = True) -> str:
    """Crawl everything (production) or nothing (previews), and where the sitemap is."""
    rule = "Allow: /" if allow else "Disallow: /"
    return f"User-agent: *\n{rule}\n\nSitemap: {sitemap_url}\n"


def manifest(
    *,
    name: str,
    short_name: str,
    description: str,
    lang: str,
    theme_color: str,
    background_color: str,
    icons: list[dict],
) -> str:
    data = {
        "name": name,
        "short_name": short_name,
        "description": description,
        "lang": lang,
        "start_url": "./",
        "scope": "./",
        "display": "browser",
        "theme_color": theme_color,
        "background_color": background_color,
        "icons": icons,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def organization(
    *, name: str, url: str, logo: str, description: str = "", same_as: Iterable[str] = ()
) -> dict:
    data = {
        "@type": "Organization",
        "@id": f"{url}/#organization",
        "name": name,
        "url": f"{url}/",
        "logo": {"@type": "ImageObject", "url": logo, "width": 512, "height": 512},
    }
    if description:
        data["description"] = description
    same_as = list(same_as)
    if same_as:
        data["sameAs"] = same_as
    return data


def article(
    *,
    headline: str,
    description: str,
    url: str,
    published: dt.date,
    modified: dt.date | None,
    lang: str,
    image: str | None,
    org: dict,
    section: str = "",
) -> dict:
    data = {
        "@type": "Article",
        "headline": headline,
        "description": description,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": lang,
        "datePublished": published.isoformat(),
        "dateModified": (modified or published).isoformat(),
        "author": {"@id": org["@id"]},
        "publisher": {"@id": org["@id"]},
    }
    if image:
        data["image"] = [image]
    if section:
        data["articleSection"] = section
    return data


def breadcrumbs(items: list[tuple[str, str]]) -> dict:
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": url}
            for i, (name, url) in enumerate(items, start=1)
        ],
    }


def jsonld(*nodes: dict) -> str:
    """JSON for a <script type="application/ld+json">, safe to print inside HTML."""
    data = {"@context": "https://schema.org", "@graph": list(nodes)}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</script>" (or "<!--") inside the data would end the element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def share_links(templates: Iterable[dict], *, url: str, title: str) -> list[dict]:
    """Plain links to share a page: each template's {url} and {title} filled in, encoded."""
    values = {"url": quote(url, safe=""), "title": quote(title, safe="")}
    return [
        {"name": t["name"], "key": t.get("key", t["name"].lower()), "url": t["url"].format(**values)}
        for t in templates
    ]
