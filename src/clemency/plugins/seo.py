"""SEO plugin: what search engines and sharing sites read.

Writes sitemap.xml (hreflang-ready), robots.txt, site.webmanifest, favicon.ico, app icons and
the default share card at the top of the site; gives templates `SITE_ABSOLUTE_URL` and the
functions `absolute_url(url)`, `full_url(url)`, `social_image(article)`, `share_links(article)`,
`site_jsonld()` and `story_jsonld(article)`. Previews (STORIES_PREVIEW) are kept out of search engines.

The JSON-LD speaks the page's language: `inLanguage`, the home and the Stories address come from
the page's context (`DEFAULT_LANG`, `INDEX_URL`, `STORIES_URL`, which the languages plugin sets
for each language), and the breadcrumb's "Stories" goes through the page's gettext.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from ..i18n.catalogs import hreflang, language_links
from ..images import brand, cards, palette
from ..images.cards import SIZE as SHARE_SIZE
from ..site import seo as discovery

log = logging.getLogger(__name__)

DEFAULTS = {
    "SEO_SITEMAP_SAVE_AS": "sitemap.xml",
    "SEO_ROBOTS_SAVE_AS": "robots.txt",
    "SEO_MANIFEST_SAVE_AS": "site.webmanifest",
    "SEO_SHORT_NAME": "",
    "SEO_DESCRIPTION": "",
    "SEO_THEME_COLOR": palette.TEAL,
    "SEO_BACKGROUND_COLOR": palette.PAGE,
    "SEO_SHARE_CARD": "share-card.png",
    "SEO_ICONS_CACHE_PATH": ".cache/icons",  # "" draws them every build
    # Direct templates that are pages worth finding; 404 never is.
    "SEO_SITEMAP_TEMPLATES": ["index", "stories", "search"],
    "SHARE_LINKS": [],
    "SOCIAL_LINKS": [],
}


def _settings(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    for key in ("SHARE_LINKS", "SOCIAL_LINKS"):
        for item in settings[key]:
            if not (isinstance(item, dict) and item.get("name") and item.get("url")):
                log.error("seo: each entry of %s needs a 'name' and a 'url'; got %r.", key, item)
    return settings


def initialized(pelican) -> None:
    settings = _settings(pelican.settings)
    # Pages name their full address (canonical, og:url, hreflang, sitemap): SITEURL in
    # production; in a local build FEED_DOMAIN, the preview server, which pelicanconf.py lists
    # in OUTBOUND_ORIGINS so the site check allows links to it.
    settings["SITE_ABSOLUTE_URL"] = discovery.absolute_base(
        settings.get("SITEURL", ""), settings.get("FEED_DOMAIN") or ""
    )
    if not settings["SITE_ABSOLUTE_URL"]:
        log.warning(
            "seo: neither SITEURL nor FEED_DOMAIN is a full address, so canonical and "
            "share links will be relative. Set SITEURL in publishconf.py."
        )


def _date(value) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


class Helpers:
    """The functions templates call; one per build, bound to its settings."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.base = settings["SITE_ABSOLUTE_URL"]

    def absolute_url(self, url: str = "") -> str:
        """A full address: on SITEURL in production, on FEED_DOMAIN in a local build."""
        return discovery.absolute(self.base, url or "")

    full_url = absolute_url

    def share_image_url(self, url: str) -> str:
        """og:image: a full address only on a public SITEURL. The site check accepts no other
        site's address for a share image, and a local build has no public one."""
        site = self.settings.get("SITEURL", "")
        if "://" in site or "://" in url:
            return discovery.absolute(site, url)
        return url if url.startswith("/") else f"{site.rstrip('/')}/{url}"

    def organization(self) -> dict:
        s = self.settings
        return discovery.organization(
            name=s["SITENAME"],
            url=self.base,
            logo=self.full_url("icon-512.png"),
            description=s["SEO_DESCRIPTION"],
            same_as=[link["url"] for link in s["SOCIAL_LINKS"]],
        )

    def social_image(self, article=None) -> dict:
        """The share image: a story's card with its title in its language (languages plugin),
        else its social picture (photos plugin), else the site's share card."""
        social = getattr(article, "social_card", None)
        if social is None or not getattr(social, "url", None):
            pictures = getattr(article, "pictures", None) or {}
            social = pictures.get("social") if isinstance(pictures, dict) else None
        if social is not None and getattr(social, "url", None):
            return {
                "url": self.share_image_url(social.url),
                "width": social.width,
                "height": social.height,
                "alt": getattr(social, "alt", "") or "",
                "type": "image/jpeg",
            }
        width, height = SHARE_SIZE
        return {
            "url": self.share_image_url(self.settings["SEO_SHARE_CARD"]),
            "width": width,
            "height": height,
            "alt": self.settings["SITENAME"],
            "type": "image/png",
        }

    def share_links(self, article) -> list[dict]:
        return discovery.share_links(
            self.settings["SHARE_LINKS"], url=self.full_url(article.url), title=article.title
        )

    def site_jsonld(self, lang: str | None = None, home_url: str = "") -> Markup:
        """Organization and WebSite; `lang` and `home_url`: the page's language and its home."""
        org = self.organization()
        website = {
            "@type": "WebSite",
            "url": self.full_url(home_url),
            "name": self.settings["SITENAME"],
            "inLanguage": lang or self.settings["DEFAULT_LANG"],
            "publisher": {"@id": org["@id"]},
        }
        return Markup(discovery.jsonld(org, website))

    def story_jsonld(
        self, article, home_url: str = "", stories_url: str | None = None, stories_title: str | None = None
    ) -> Markup:
        """Organization, Article and BreadcrumbList: home, Stories and the story, in the
        language of the page (`home_url`, `stories_url` and `stories_title` are that page's)."""
        org = self.organization()
        story = getattr(article, "story", None)
        url = self.full_url(article.url)
        node = discovery.article(
            headline=article.title,
            description=story.summary if story else "",
            url=url,
            published=_date(article.date),
            modified=_date(getattr(article, "modified", None)),
            lang=article.lang,
            image=self.full_url(self.social_image(article)["url"]),
            org=org,
            section=story.outcome.label if story else "",
        )
        if stories_url is None:
            stories_url = self.settings.get("STORIES_URL", "stories/")
        trail = discovery.breadcrumbs(
            [
                (self.settings["SITENAME"], self.full_url(home_url)),
                (stories_title or self.settings.get("STORIES_TITLE", "Stories"), self.full_url(stories_url)),
                (article.title, url),
            ]
        )
        return Markup(discovery.jsonld(org, node, trail))


def _gettext(context, message: str) -> str:
    """`message` in the page's language, through the gettext templates call (if installed)."""
    gettext = context.resolve("gettext") if "gettext" in context else None
    return str(context.call(gettext, message)) if callable(gettext) else message


def install_helpers(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    helpers = Helpers(generator.settings)

    @pass_context
    def site_jsonld(context) -> Markup:
        return helpers.site_jsonld(lang=context.get("DEFAULT_LANG"), home_url=context.get("INDEX_URL") or "")

    @pass_context
    def story_jsonld(context, article) -> Markup:
        return helpers.story_jsonld(
            article,
            home_url=context.get("INDEX_URL") or "",
            stories_url=context.get("STORIES_URL"),
            stories_title=_gettext(context, "Stories"),
        )

    env.globals.update(
        {
            "absolute_url": helpers.absolute_url,
            "social_image": helpers.social_image,
            "full_url": helpers.full_url,
            "share_links": helpers.share_links,
            "site_jsonld": site_jsonld,
            "story_jsonld": story_jsonld,
        }
    )


def _entry(helpers: Helpers, content) -> discovery.SitemapEntry:
    alternates = {}
    translations = getattr(content, "translations", [])
    if translations:  # with the languages plugin, every version of a page (site.seo.with_alternates)
        versions = {c.lang: c.url for c in [content, *translations]}
        links = language_links(versions, content.lang, list(versions), default="")
        alternates = hreflang(links, helpers.full_url)
    lastmod = _date(getattr(content, "modified", None) or getattr(content, "date", None))
    return discovery.SitemapEntry(helpers.full_url(content.url), lastmod, alternates)


def collect(generators) -> None:
    """Every public address, once all content is read; written out when the build finishes."""
    settings = generators[0].settings
    helpers = Helpers(settings)
    context = generators[0].context
    entries = []
    for name in settings["SEO_SITEMAP_TEMPLATES"]:
        if name in settings.get("DIRECT_TEMPLATES", []) and settings.get(f"{name.upper()}_SAVE_AS", True):
            url = settings.get(f"{name.upper()}_URL", "" if name == "index" else f"{name}.html")
            entries.append(discovery.SitemapEntry(helpers.full_url(url)))
    for generator in generators:
        for attr in ("articles", "translations", "pages", "translations_pages"):
            for content in getattr(generator, attr, None) or []:
                entries.append(_entry(helpers, content))
    for listings in context.get("LISTINGS", {}).values():
        for listing in listings:
            entries.append(discovery.SitemapEntry(helpers.full_url(listing["url"])))
    unique = {e.loc: e for e in entries}
    settings["SEO_SITEMAP_ENTRIES"] = list(unique.values())


def finalized(pelican) -> None:
    settings = pelican.settings
    output = Path(settings["OUTPUT_PATH"])
    helpers = Helpers(settings)
    entries = settings.get("SEO_SITEMAP_ENTRIES", [])
    (output / settings["SEO_SITEMAP_SAVE_AS"]).write_text(
        discovery.sitemap_xml(entries), encoding="utf-8", newline="\n"
    )
    (output / settings["SEO_ROBOTS_SAVE_AS"]).write_text(
        discovery.robots_txt(
            helpers.full_url(settings["SEO_SITEMAP_SAVE_AS"]), allow=not settings.get("STORIES_PREVIEW")
        ),
        encoding="utf-8",
        newline="\n",
    )
    # Drawn once, then linked from the cache beside the photos' (.cache/icons/).
    cached = settings["SEO_ICONS_CACHE_PATH"]
    icons_cache = Path(settings["PATH"]) / cached if cached else None
    try:
        site = (settings["SITENAME"], settings.get("SITE_TAGLINE", ""))
        brand.write_icons(output, *site, icons_cache, settings["DEFAULT_LANG"])
    except cards.CardError as exc:
        log.error("seo: cannot draw the site's share card: %s", exc)
    icons = [
        {"src": "icon-192.png", "sizes": "192x192", "type": "image/png"},
        {"src": "icon-512.png", "sizes": "512x512", "type": "image/png"},
        {"src": "icon-maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
    ]
    (output / settings["SEO_MANIFEST_SAVE_AS"]).write_text(
        discovery.manifest(
            name=settings["SITENAME"],
            short_name=settings["SEO_SHORT_NAME"] or settings["SITENAME"],
            description=settings["SEO_DESCRIPTION"],
            lang=settings["DEFAULT_LANG"],
            theme_color=settings["SEO_THEME_COLOR"],
            background_color=settings["SEO_BACKGROUND_COLOR"],
            icons=icons,
        ),
        encoding="utf-8",
        newline="\n",
    )


def register() -> None:
    signals.initialized.connect(initialized)
    signals.generator_init.connect(install_helpers)
    signals.all_generators_finalized.connect(collect)
    signals.finalized.connect(finalized)
