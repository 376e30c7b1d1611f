"""Languages plugin: the whole site in every language of LANGUAGES, from one Pelican run.

The default language lives at the root; every other language gets, under `<lang>/`, its home,
story index, search page, each vocabulary's listing pages, and Atom feed, written here with the
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
  `pages`, `CTAS` (urls), `FEATURED_ARTICLES`, `LISTINGS`, `VOCABULARIES` and `articles` point
  at that language's versions. A story not yet
  translated is listed as its original, with `article.language_notice` (see `Untranslated`).
- Vocabulary entries arrive with the fields their `_schema:` translates in the page's language
  (`story.outcome.label`, `story.terms`, `VOCABULARIES`, `LISTINGS`).
- `article.locale_date` in the article's language (Babel); filters `format_date`, `format_number`.
- `article.social_card`: a 1200x630 share image with the title in the article's language.

It also adds hreflang alternates (and x-default) to the seo plugin's sitemap entries.

This module only connects Pelican to the parts that do the work: the translator
(`clemency.i18n.translator`), each language's view of the site (`clemency.i18n.views`), the
sitemap's alternates (`clemency.site.seo.with_alternates`) and the share images
(`clemency.images.sharecards`). What stays here is Pelican's own: its writer, which renders each
file in its language, and a generator for the other languages' listings and feeds.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from ..i18n import catalogs as i18n
from ..i18n.translator import Translator
from ..i18n.views import LanguageSite
from ..images import sharecards
from ..images.cards import CACHE_PATH as CARDS_CACHE_PATH
from ..site import seo as discovery
from . import listed_in, listings
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
        pages = listings.pages_to_write(self.settings, name, url, template_name, kwargs)
        if pages is not None:  # a listing: each page is a write of its own (and may be reused)
            for page in pages:
                self.write_file(
                    page.save_as,
                    template,
                    context,
                    relative_urls,
                    paginated,
                    template_name,
                    override_output,
                    page.url,
                    **{**kwargs, "articles": page.articles, "dates": page.articles, "pager": page},
                )
            return None
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
    settings = site.settings
    if settings.get("SEO_SITEMAP_ENTRIES") is not None:
        # The seo plugin's base for sitemap addresses (FEED_DOMAIN in a local build).
        base = (
            settings.get("SEO_FALLBACK_URL")
            or settings.get("SITE_ABSOLUTE_URL")
            or settings.get("SITEURL", "")
        )
        settings["SEO_SITEMAP_ENTRIES"] = discovery.with_alternates(
            settings["SEO_SITEMAP_ENTRIES"], site.versions, site.languages, site.default, base
        )
    if settings["LANGUAGES_SOCIAL_CARDS"]:
        sharecards.make_cards(site)
    # The writer of this build; the live preview renders a text edit with it too (textedit.py).
    settings["LANGUAGES_WRITER"] = type("LanguageWriter", (LanguageWriter,), {"site": site})
    return settings["LANGUAGES_WRITER"]


def get_generators(pelican):
    return LanguageSiteGenerator


def register() -> None:
    signals.initialized.connect(initialized)
    signals.generator_init.connect(install)
    signals.all_generators_finalized.connect(plan)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(finish)
