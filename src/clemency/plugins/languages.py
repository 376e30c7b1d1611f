"""Languages plugin: the whole site in every language of LANGUAGES, from one Pelican run.

The default language lives at the root; every other language gets, under `<lang>/`, its home,
story index, search page, listings by outcome and partner, and Atom feed, written here with the
theme's own templates. Stories and pages are translated by files beside the original
(`index.km.md`, `about.km.md`): Pelican writes those at ARTICLE_LANG_URL and PAGE_LANG_URL.

What templates get (the theme's context contract, theme/README.md):

- `_()`, `ngettext()`, `{% trans %}`: the catalogs in theme/translations/, compiled in memory.
  The writer activates the language of each file it writes, so every template, partial and
  macro (imported with or without context) speaks the page's language.
- `language_links` on every page: the page's versions as `clemency.i18n.catalogs.LanguageLink`s
  (the hreflang alternates); `article.language_links`, `page.language_links` too.
- `language_choices` on every page, the 404 page included: every language of the site for the
  switcher, the page's version where one exists, else that language's home (`home_note`).
- On a page in another language than the default: `DEFAULT_LANG` is that language (as with
  pelican-i18n-subsites), and `INDEX_URL`, `STORIES_URL`, `SEARCH_URL`, `FEED_ALL_ATOM`,
  `pages`, `CTAS` (urls), `FEATURED_ARTICLES`, `OUTCOME_LISTINGS`, `PARTNER_LISTINGS`,
  `OUTCOMES`, `PARTNERS` and `articles` point at that language's versions. A story not yet
  translated is listed as its original, with `article.language_notice` (see `Untranslated`).
- Outcome labels and explanations and partner descriptions arrive translated (`story.outcome`).
- `article.locale_date` in the article's language (Babel); filters `format_date`, `format_number`.
- `article.social_card`: a 1200x630 share image with the title in the article's language.

It also adds hreflang alternates (and x-default) to the seo plugin's sitemap entries.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals
from pelican.generators import Generator

from ..content.models import Outcome, Partner
from ..i18n import catalogs as i18n
from ..images.cards import CACHE_PATH as CARDS_CACHE_PATH
from ..images.placeholder import scheme_for
from ..site import seo as discovery
from . import listed_in
from .incremental import SelectiveWriter

log = logging.getLogger(__name__)

DEFAULTS = {
    "LANGUAGES": ["en"],
    # Where a language's part of the site lives; the default language is at the root.
    "LANGUAGES_URL_PREFIX": "{lang}/",
    # Direct templates each language gets (404 stays one page, at the root).
    "LANGUAGES_DIRECT_TEMPLATES": ["index", "stories", "search"],
    # Each language's Atom feed of its stories, under its prefix.
    "LANGUAGES_FEED_ATOM": "feeds/stories.atom.xml",
    # Share images with the title in the page's language (clemency.images.cards).
    "LANGUAGES_SOCIAL_CARDS": True,
    "LANGUAGES_SOCIAL_CARDS_DIR": "cards",
    "LANGUAGES_CACHE_PATH": CARDS_CACHE_PATH,
}
# A keyword this plugin's own writes pass to the writer: the language of the file.
LANG_KEY = "languages_lang"


def _settings(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings


# ---------------------------------------------------------------------------------------------
# Gettext for templates


class Translator:
    """The gettext callables every template gets; `active(lang)` says which catalog answers."""

    def __init__(self, default: str, catalogs: dict[str, tuple]):
        self.default = default
        self.lang = default
        self.catalogs = catalogs  # lang -> (translations, message ids it translates)
        self.misses: dict[str, set[str]] = {}

    @contextmanager
    def active(self, lang: str):
        previous, self.lang = self.lang, lang
        try:
            yield self
        finally:
            self.lang = previous

    def _catalog(self, lang: str, message: str):
        entry = self.catalogs.get(lang)
        if entry is None or not message:
            return None
        translations, known = entry
        if message not in known:
            if message not in self.misses.setdefault(lang, set()):
                self.misses[lang].add(message)
                log.warning(
                    'languages: "%s" has no %s translation, so it is shown in English. '
                    "Run `invoke i18n-update` and translate it in %s.",
                    message,
                    i18n.language_name(lang, "en"),
                    i18n.po_path(Path(), lang).as_posix(),
                )
            return None
        return translations

    def translate(self, lang: str, message: str) -> str:
        translations = self._catalog(lang, message)
        if translations is None:
            return message
        # A string used both alone and with a plural form is stored once, as a plural entry.
        result = translations.gettext(message)
        return translations.ngettext(message, message, 1) if result is message else result

    def gettext(self, message: str) -> str:
        return self.translate(self.lang, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translations = self._catalog(self.lang, singular)
        if translations is None:
            return singular if n == 1 else plural
        return translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        translations = self._catalog(self.lang, message)
        return message if translations is None else translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        translations = self._catalog(self.lang, singular)
        if translations is None:
            return singular if n == 1 else plural
        return translations.npgettext(context, singular, plural, n)

    def install(self, env) -> None:
        env.install_gettext_callables(
            self.gettext, self.ngettext, newstyle=True, pgettext=self.pgettext, npgettext=self.npgettext
        )
        env.filters["format_date"] = self.format_date
        env.filters["format_number"] = self.format_number

    def format_date(self, value, format: str = "long", lang: str | None = None) -> str:
        return i18n.format_date(value, lang or self.lang, format)

    def format_number(self, value, lang: str | None = None) -> str:
        return i18n.format_number(value, lang or self.lang)


# ---------------------------------------------------------------------------------------------
# A story on another language's listing, before it is translated


class Untranslated:
    """A story listed on a language's pages that it has not been translated into yet.

    Everything is the original article's, except `story`, whose outcome and partners are in the
    page's language, and `language_notice` (for the `language_notice` macro): `lang`, `url`
    and `label` of the version that exists, and `language`, its name in the page's language.
    """

    def __init__(self, article, story, notice: dict):
        self._article = article
        self.story = story
        self.language_notice = notice

    def __getattr__(self, name):
        return getattr(self._article, name)

    def __repr__(self) -> str:
        return f"<Untranslated {self._article.url} for {self.language_notice['page_lang']}>"


@dataclasses.dataclass(frozen=True)
class LocalCategory:
    """An outcome listing in another language: what templates read of Pelican's Category."""

    name: str
    slug: str
    url: str
    save_as: str

    def __str__(self) -> str:
        return self.name


# ---------------------------------------------------------------------------------------------
# The per-language site


class LanguageSite:
    """Everything the plugin knows about one build's languages."""

    def __init__(self, settings: dict, translator: Translator):
        self.settings = settings
        self.translator = translator
        self.default = settings["DEFAULT_LANG"]
        self.languages = list(settings["LANGUAGES"])
        self.others = [lang for lang in self.languages if lang != self.default]
        self.prefix = settings["LANGUAGES_URL_PREFIX"]
        self.overlays: dict[str, dict] = {self.default: {}}
        # Any version's url -> {lang: url} of all versions of that page.
        self.versions: dict[str, dict[str, str]] = {}
        self.listings: dict[str, list[dict]] = {}  # lang -> pages this plugin writes
        self.feeds: dict[str, tuple[str, list]] = {}  # lang -> (save_as, articles)
        self.story_versions: list = []  # every published story article, in every language
        self.template_source = None  # a generator whose get_template() to use
        self.newest = None  # the newest story's date: an empty feed's "updated"
        self._outcomes: dict[tuple[str, str], Outcome] = {}
        self._partners: dict[tuple[str, str], Partner] = {}

    # -- vocabularies in a language

    def outcome(self, outcome: Outcome, lang: str) -> Outcome:
        if lang == self.default:
            return outcome
        key = (outcome.key, lang)
        if key not in self._outcomes:
            t = self.translator.translate
            self._outcomes[key] = Outcome(outcome.key, t(lang, outcome.label), t(lang, outcome.explanation))
        return self._outcomes[key]

    def partner(self, partner: Partner, lang: str) -> Partner:
        if lang == self.default or not partner.description:
            return partner
        key = (partner.key, lang)
        if key not in self._partners:
            self._partners[key] = dataclasses.replace(
                partner, description=self.translator.translate(lang, partner.description)
            )
        return self._partners[key]

    def localized_story(self, story, lang: str):
        return dataclasses.replace(
            story,
            outcome=self.outcome(story.outcome, lang),
            partners=[self.partner(p, lang) for p in story.partners],
        )

    # -- addresses

    def url(self, url: str, lang: str) -> str:
        return url if lang == self.default else i18n.prefixed(url, lang, self.prefix)

    def _group(self, versions: dict[str, str]) -> None:
        for url in versions.values():
            self.versions[url] = versions

    def links_for_url(self, url: str | None, lang: str) -> list[i18n.LanguageLink]:
        versions = self.versions.get(url or "", {}) if url is not None else {}
        return i18n.language_links(versions, lang, self.languages, self.default)

    def localized_link(self, url: str, lang: str) -> str:
        """A settings link ("get-help/", "support/#donate") to its version in `lang`, if any."""
        if lang == self.default or "://" in url or url.startswith(("mailto:", "tel:")):
            return url
        path, hash_, fragment = url.lstrip("/").partition("#")
        target = self.versions.get(path, {}).get(lang)
        return f"{target}{hash_}{fragment}" if target is not None else url

    # -- building the plan

    def plan(self, generators) -> None:
        """Link every page to its versions, then make each language's view of the site."""
        articles_gen = next((g for g in generators if hasattr(g, "articles")), None)
        pages_gen = next((g for g in generators if hasattr(g, "pages")), None)
        articles = list(getattr(articles_gen, "articles", []) or [])
        pages = list(getattr(pages_gen, "pages", []) or [])
        context = (articles_gen or pages_gen).context if (articles_gen or pages_gen) else {}
        # Templates come from the articles generator, whose environment compiled them already.
        self.template_source = articles_gen

        groups = [self._content_versions(c) for c in [*articles, *pages]]
        self.story_versions = [
            c
            for versions in groups[: len(articles)]
            for c in versions.values()
            if getattr(c, "story", None) is not None
        ]
        for versions in groups:
            self._group({lang: c.url for lang, c in versions.items()})
            for lang, content in versions.items():
                content.language_links = i18n.language_links(
                    {v.lang: v.url for v in versions.values()}, lang, self.languages, self.default
                )
                if hasattr(content, "date"):
                    content.locale_date = i18n.format_date(content.date, lang)
                if getattr(content, "modified", None) is not None:
                    content.locale_modified = i18n.format_date(content.modified, lang)

        s = self.settings
        roots = []  # (template, url, save_as) of the direct templates every language gets
        for name in s["LANGUAGES_DIRECT_TEMPLATES"]:
            save_as = s.get(f"{name.upper()}_SAVE_AS", f"{name}.html")
            if name in s.get("DIRECT_TEMPLATES", []) and save_as:
                roots.append((name, s.get(f"{name.upper()}_URL", f"{name}.html"), save_as))
        for _, url, _ in roots:
            self._group({lang: self.url(url, lang) for lang in self.languages})
        outcome_listings = context.get("OUTCOME_LISTINGS", [])
        partner_listings = context.get("PARTNER_LISTINGS", [])
        for listing in [*outcome_listings, *partner_listings]:
            self._group({lang: self.url(listing["url"], lang) for lang in self.languages})

        by_slug = {a.slug: versions for a, versions in zip(articles, groups, strict=False)}
        dates = [a.date for a in articles if getattr(a, "date", None) is not None]
        self.newest = max(dates) if dates else None
        for lang in self.others:
            self._plan_language(
                lang, context, articles, pages, by_slug, roots, outcome_listings, partner_listings
            )

    def _content_versions(self, content) -> dict:
        versions = {content.lang: content}
        for translation in getattr(content, "translations", []) or []:
            if translation.lang in self.languages:
                versions.setdefault(translation.lang, translation)
        return versions

    def _pick(self, versions: dict, lang: str):
        """The version in `lang`, else the default language's, else any."""
        return versions.get(lang) or versions.get(self.default) or next(iter(versions.values()))

    def _plan_language(
        self, lang, context, articles, pages, by_slug, roots, outcome_listings, partner_listings
    ) -> None:
        views: dict[str, object] = {}

        def view(article):
            if getattr(article, "story", None) is None:
                return article
            if article.slug not in views:
                versions = by_slug.get(article.slug, {article.lang: article})
                if lang in versions:
                    views[article.slug] = versions[lang]
                else:
                    notice = {
                        "lang": article.lang,
                        "url": article.url,
                        "label": i18n.native_label(article.lang),
                        "language": i18n.language_name(article.lang, lang),
                        "page_lang": lang,
                    }
                    views[article.slug] = Untranslated(
                        article, self.localized_story(article.story, lang), notice
                    )
            return views[article.slug]

        story_articles = [a for a in articles if getattr(a, "story", None) is not None]
        for versions in by_slug.values():
            translation = versions.get(lang)
            if translation is None:
                continue
            original = versions.get(self.default)
            translation.story.outcome = self.outcome(translation.story.outcome, lang)
            translation.story.partners = [self.partner(p, lang) for p in translation.story.partners]
            if original is not None:
                translation.related = [view(a) for a in getattr(original, "related", []) or []]
                category = getattr(original, "category", None)
                if category is not None:
                    translation.category = LocalCategory(
                        translation.story.outcome.label,
                        category.slug,
                        self.url(category.url, lang),
                        self.url(category.save_as, lang),
                    )

        listed = [view(a) for a in story_articles]
        localized_outcomes = []
        for listing in outcome_listings:
            outcome = self.outcome(listing["outcome"], lang)
            category = listing["category"]
            localized_outcomes.append(
                {
                    **listing,
                    "outcome": outcome,
                    "url": self.url(listing["url"], lang),
                    "category": LocalCategory(
                        outcome.label,
                        category.slug,
                        self.url(category.url, lang),
                        self.url(category.save_as, lang),
                    ),
                    "articles": [view(a) for a in listing["articles"]],
                }
            )
        localized_partners = []
        for listing in partner_listings:
            localized_partners.append(
                {
                    **listing,
                    "partner": self.partner(listing["partner"], lang),
                    "url": self.url(listing["url"], lang),
                    "save_as": self.url(listing["save_as"], lang),
                    "articles": [view(a) for a in listing["articles"]],
                }
            )

        page_versions = [self._content_versions(p) for p in pages]
        feed = self.url(self.settings["LANGUAGES_FEED_ATOM"], lang)
        overlay = {
            "DEFAULT_LANG": lang,
            "INDEX_URL": self.url(self.settings.get("INDEX_URL", ""), lang),
            "STORIES_URL": self.url(self.settings.get("STORIES_URL", "stories/"), lang),
            "SEARCH_URL": self.url(self.settings.get("SEARCH_URL", "search/"), lang),
            "FEED_ALL_ATOM": feed if self.settings.get("FEED_ALL_ATOM") else None,
            "FEED_ATOM": feed if self.settings.get("FEED_ATOM") else None,
            "pages": [self._pick(versions, lang) for versions in page_versions],
            "articles": listed,
            "CTAS": [
                {**cta, "url": self.localized_link(cta.get("url", ""), lang)}
                for cta in self.settings.get("CTAS", [])
            ],
            "FEATURED_ARTICLES": [view(a) for a in context.get("FEATURED_ARTICLES", [])],
            "OUTCOME_LISTINGS": localized_outcomes,
            "PARTNER_LISTINGS": localized_partners,
            "OUTCOMES": [self.outcome(o, lang) for o in context.get("OUTCOMES", [])],
            "PARTNERS": [self.partner(p, lang) for p in context.get("PARTNERS", [])],
        }
        self.overlays[lang] = overlay

        writes = []
        for name, url, save_as in roots:
            writes.append(
                {
                    "template": name,
                    "save_as": self.url(save_as, lang),
                    "url": self.url(url, lang),
                    "articles": listed,
                    "dates": listed,
                    "blog": True,
                    "page_name": self.url(save_as, lang).rsplit(".", 1)[0],
                }
            )
        for listing in localized_outcomes:
            writes.append(
                {
                    "template": "category",
                    "save_as": listing["category"].save_as,
                    "url": listing["url"],
                    "category": listing["category"],
                    "articles": listing["articles"],
                    "dates": listing["articles"],
                    "blog": True,
                    "page_name": listing["url"].rstrip("/"),
                }
            )
        for listing in localized_partners:
            writes.append(
                {
                    "template": "partner",
                    "save_as": listing["save_as"],
                    "url": listing["url"],
                    "partner": listing["partner"],
                    "articles": listing["articles"],
                    "page_name": listing["url"].rstrip("/"),
                }
            )
        self.listings[lang] = writes
        translated = [v[lang] for v in by_slug.values() if lang in v]
        translated.sort(key=lambda a: (a.date, a.slug), reverse=True)
        self.feeds[lang] = (feed, translated)

    # -- after every plugin has finished reading: sitemap and share images

    def add_sitemap_alternates(self) -> None:
        """Give the seo plugin's sitemap entries hreflang alternates, and list every version.

        Each page's versions follow it in LANGUAGES order, whatever order Pelican read the
        files in, so the sitemap is the same bytes from any checkout.
        """
        entries = self.settings.get("SEO_SITEMAP_ENTRIES")
        if entries is None or len(self.languages) < 2:
            return
        # The seo plugin's base for sitemap addresses (FEED_DOMAIN in a local build).
        base = (
            self.settings.get("SEO_FALLBACK_URL")
            or self.settings.get("SITE_ABSOLUTE_URL")
            or self.settings.get("SITEURL", "")
        )

        def absolute(url: str) -> str:
            return discovery.absolute(base, url)

        groups = {absolute(url): versions for url, versions in self.versions.items()}
        by_loc = {entry.loc: entry for entry in entries}
        result: dict[str, discovery.SitemapEntry] = {}
        for entry in entries:
            versions = groups.get(entry.loc)
            if not versions or len(versions) < 2:
                result.setdefault(entry.loc, entry)
                continue
            first = absolute(self._pick(versions, self.default))
            if first in result:
                continue  # listed already, after its default-language version
            lastmod = by_loc.get(first, entry).lastmod
            alternates = self._alternates(versions, absolute)
            for lang in self.languages:
                if lang in versions:
                    loc = absolute(versions[lang])
                    known = by_loc.get(loc)
                    result[loc] = discovery.SitemapEntry(loc, known.lastmod if known else lastmod, alternates)
        self.settings["SEO_SITEMAP_ENTRIES"] = list(result.values())

    def _alternates(self, versions: dict[str, str], absolute) -> dict[str, str]:
        alternates = {lang: absolute(url) for lang, url in versions.items()}
        if self.default in versions:
            alternates["x-default"] = absolute(versions[self.default])
        return alternates

    # -- the writer's hook

    def context_for(self, context: dict, lang: str, content, url: str | None) -> dict:
        links = getattr(content, "language_links", None) if content is not None else None
        if links is None:
            links = self.links_for_url(url if content is None else content.url, lang)
        choices = i18n.language_choices(links, lang, self.languages, self.default, self.homes)
        return {
            **context,
            **self.overlays.get(lang, {}),
            "language_links": links,
            "language_choices": choices,
        }

    @property
    def homes(self) -> dict[str, tuple[str, str]]:
        """Each language's home page and its name for it ("Home", in that language)."""
        index = self.settings.get("INDEX_URL", "")
        return {
            lang: (self.url(index, lang), self.translator.translate(lang, "Home")) for lang in self.languages
        }


# ---------------------------------------------------------------------------------------------
# Writer and generator


class LanguageWriter(SelectiveWriter):
    """Pelican's writer, rendering each file in its language (see the module docstring)."""

    site: LanguageSite  # set on the subclass made for each build

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        if self.reuses(name, kwargs):
            return None
        content = kwargs.get("article") or kwargs.get("page")
        lang = kwargs.pop(LANG_KEY, None) or getattr(content, "lang", None) or self.site.default
        if lang not in self.site.languages:
            lang = self.site.default
        local = self.site.context_for(context, lang, content, url)
        with self.site.translator.active(lang):
            return super().write_file(
                name, template, local, relative_urls, paginated, template_name, override_output, url, **kwargs
            )

    def write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
        **kwargs,
    ):
        """Each language's feed holds its own stories: Pelican's FEED_ALL_ATOM would add every
        translation to the default language's feed, so those are left to their languages."""
        self._feed_lang = kwargs.pop(LANG_KEY, None) or self.site.default
        elements = [e for e in elements if getattr(e, "lang", self._feed_lang) == self._feed_lang]
        try:
            return super().write_feed(elements, context, path, url, feed_type, override_output, feed_title)
        finally:
            self._feed_lang = None

    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        lang = getattr(self, "_feed_lang", None) or self.site.default
        # An empty feed (no story translated yet) would say it was updated now: say when the
        # newest story was, so two builds of the same sources are the same bytes.
        newest = self.site.newest
        latest = feed.latest_post_date
        feed.latest_post_date = lambda: latest() if feed.items or newest is None else newest
        feed.feed["language"] = lang
        if lang != self.site.default:
            home = self.site.url(self.site.settings.get("INDEX_URL", ""), lang)
            feed.feed["link"] = f"{self.site_url}/{home}"
        return feed


class LanguageSiteGenerator(Generator):
    """Writes each other language's home, story index, search page, listings and feed."""

    def generate_output(self, writer) -> None:
        site: LanguageSite | None = self.settings.get("LANGUAGES_SITE")
        if site is None:
            return
        templates = site.template_source or self
        for lang in site.others:
            for page in site.listings.get(lang, []):
                extra = {k: v for k, v in page.items() if k not in ("template", "save_as", "url")}
                writer.write_file(
                    page["save_as"],
                    templates.get_template(page["template"]),
                    self.context,
                    relative_urls=self.settings["RELATIVE_URLS"],
                    paginated={},
                    template_name=page["template"],
                    url=page["url"],
                    **{LANG_KEY: lang},
                    **extra,
                )
            if self.settings.get("FEED_ALL_ATOM") or self.settings.get("FEED_ATOM"):
                path, articles = site.feeds[lang]
                title = site.translator.translate(lang, "Stories")
                writer.write_feed(
                    articles,
                    {**self.context, **site.overlays[lang]},
                    path,
                    path,
                    feed_title=title,
                    **{LANG_KEY: lang},
                )


# ---------------------------------------------------------------------------------------------
# Signals


def _enabled(settings: dict) -> bool:
    return listed_in(settings, __name__)


def initialized(pelican) -> None:
    if not _enabled(pelican.settings):
        return
    settings = _settings(pelican.settings)
    default = settings["DEFAULT_LANG"]
    languages = settings["LANGUAGES"]
    if not isinstance(languages, (list, tuple)) or not all(isinstance(x, str) for x in languages):
        log.error(
            "languages: LANGUAGES must be a list of language codes like ['en', 'km'], not %r.", languages
        )
        languages = settings["LANGUAGES"] = [default]
    if default not in languages:
        log.error("languages: DEFAULT_LANG '%s' is not in LANGUAGES %r. Put it first.", default, languages)
    root = Path(settings["PATH"])
    catalogs = {}
    for lang in languages:
        if lang == default:
            continue
        path = i18n.po_path(root, lang)
        if not path.is_file():
            log.error(
                "languages: LANGUAGES has '%s' but %s does not exist. Run `invoke "
                "i18n-update` to create it, then translate it.",
                lang,
                path,
            )
            continue
        try:
            catalogs[lang] = i18n.load_translations(root, lang)
        except Exception as exc:  # noqa: BLE001 - Babel raises many kinds on a broken file
            log.error("languages: %s cannot be read (%s). Fix the line it names.", path, exc)
    settings["LANGUAGES_SITE"] = LanguageSite(settings, Translator(default, catalogs))


def install(generator) -> None:
    site = generator.settings.get("LANGUAGES_SITE")
    env = getattr(generator, "env", None)
    if site is None or env is None:
        return
    if not hasattr(env, "install_gettext_callables"):
        log.error(
            "languages: JINJA_ENVIRONMENT['extensions'] lacks 'jinja2.ext.i18n', which the "
            "templates' _() needs. Add it in pelicanconf.py."
        )
        return
    site.translator.install(env)


def plan(generators) -> None:
    generators = list(generators)
    if not generators:
        return
    site = generators[0].settings.get("LANGUAGES_SITE")
    if site is None:
        return
    for generator in generators:
        install(generator)  # again, last: after any plugin that installs other callables
    site.plan(generators)


def finish(pelican):
    """Runs after every plugin's all_generators_finalized (photos, seo): give the writer."""
    site = pelican.settings.get("LANGUAGES_SITE")
    if site is None:
        return None
    site.add_sitemap_alternates()
    if site.settings["LANGUAGES_SOCIAL_CARDS"]:
        make_cards(site)
    return type("LanguageWriter", (LanguageWriter,), {"site": site})


def make_cards(site: LanguageSite) -> None:
    """Give every story version `social_card`: drawn once, then linked from .cache/cards/."""
    from PIL import Image  # noqa: PLC0415 - Pillow's fonts load only when cards are wanted

    from ..images import cards as socialcard  # noqa: PLC0415
    from ..images.picture import Picture  # noqa: PLC0415

    settings = site.settings
    output = Path(settings["OUTPUT_PATH"])
    cache = Path(settings["PATH"]) / settings["LANGUAGES_CACHE_PATH"]
    folder = settings["LANGUAGES_SOCIAL_CARDS_DIR"].strip("/")
    media = output / str(settings.get("PHOTOS_OUTPUT_DIR", "media")).strip("/")
    site_url = (settings.get("SITEURL") or "").rstrip("/")
    base_path = urlsplit(site_url).path.rstrip("/")
    fonts = socialcard.Fonts.find()
    try:
        socialcard.require_raqm()
        for script in socialcard.FONT_FILES:
            fonts.path(script)
    except socialcard.CardError as exc:
        log.error("languages: cannot draw share images: %s", exc)
        return
    drawn, used = 0, set()
    for article in site.story_versions:
        story = article.story
        social = (getattr(article, "pictures", None) or {}).get("social")
        background = None
        if social is not None and not getattr(social, "is_placeholder", True):
            candidate = media / social.src.rsplit("/", 1)[-1]
            background = candidate if candidate.is_file() else None
        scheme = scheme_for(story.slug)
        name = (
            socialcard.card_key(
                story.title,
                article.lang,
                settings["SITENAME"],
                background.name if background else None,
                fonts,
                scheme,
            )
            + ".jpg"
        )
        cached = cache / name
        used.add(name)
        if not cached.is_file():
            image = Image.open(background) if background else None
            try:
                card = socialcard.render_card(
                    story.title, article.lang, site_name=settings["SITENAME"], background=image, scheme=scheme
                )
            finally:
                if image is not None:
                    image.close()
            socialcard.save_card(card, cached)
            drawn += 1
        target = output / folder / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(cached, target)
            except OSError:
                shutil.copyfile(cached, target)
        src = f"{base_path}/{folder}/{name}"
        article.social_card = Picture(
            sources=(),
            src=src,
            srcset="",
            sizes="",
            width=socialcard.SIZE[0],
            height=socialcard.SIZE[1],
            alt=story.title,
            url=f"{site_url}/{folder}/{name}" if "://" in site_url else src,
        )
    pruned = socialcard.prune_cache(cache, used)
    log.info(
        "languages: %d share images (%d drawn, %d no longer used deleted)",
        len(site.story_versions),
        drawn,
        pruned,
    )


def get_generators(pelican):
    return LanguageSiteGenerator


def register() -> None:
    signals.initialized.connect(initialized)
    signals.generator_init.connect(install)
    signals.all_generators_finalized.connect(plan)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(finish)
