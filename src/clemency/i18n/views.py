"""Each language's view of the site: what a page in Khmer, Vietnamese or Spanish lists and links.

`LanguageSite` groups every page with its versions (its hreflang alternates), and plans each
other language's part of the site: its home, story index, search page, each vocabulary's listing
pages (an outcome's stories, a partner's), and feed, listing a story not translated yet as its
original (`Untranslated`), with every vocabulary entry in the page's language (the fields its
`_schema:` says to translate). The languages plugin hands it Pelican's articles and pages and
writes what it planned. Never imports Pelican.
"""

from __future__ import annotations

import dataclasses

from ..content.models import Entry
from ..site import pagination
from . import catalogs as i18n
from .translator import Translator


def pick(versions: dict, lang: str, default: str):
    """The version in `lang`, else the default language's, else any."""
    return versions.get(lang) or versions.get(default) or next(iter(versions.values()))


class Untranslated:
    """A story listed on a language's pages that it has not been translated into yet.

    Everything is the original article's, except `story`, whose vocabulary entries are in the
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
        # Vocabulary name -> the fields its `_schema:` says visitors read in their language.
        vocabularies = settings.get("STORIES_VOCABULARIES") or ()
        self.vocabularies = {v.name: v for v in vocabularies}
        self._entries: dict[tuple[str, str, str], object] = {}

    # -- vocabularies in a language

    def entry(self, vocabulary: str, entry, lang: str):
        """A vocabulary entry with the fields its `_schema:` translates in `lang`."""
        fields = self.vocabularies[vocabulary].translate if vocabulary in self.vocabularies else ()
        if lang == self.default or not fields:
            return entry
        key = (vocabulary, entry.key, lang)
        if key not in self._entries:
            t = self.translator.translate
            texts = {name: t(lang, getattr(entry, name)) for name in fields if getattr(entry, name)}
            if isinstance(entry, Entry):
                self._entries[key] = Entry(entry.key, {**entry.fields, **texts})
            else:  # the typed entries of models.VOCABULARY_MODELS
                self._entries[key] = dataclasses.replace(entry, **texts)
        return self._entries[key]

    def terms(self, terms: dict[str, list], lang: str) -> dict[str, list]:
        return {name: [self.entry(name, e, lang) for e in entries] for name, entries in terms.items()}

    def localized_story(self, story, lang: str):
        return dataclasses.replace(story, terms=self.terms(story.terms, lang))

    # -- addresses

    def url(self, url: str, lang: str) -> str:
        return url if lang == self.default else i18n.prefixed(url, lang, self.prefix)

    def _group(self, versions: dict[str, str]) -> None:
        for url in versions.values():
            self.versions[url] = versions

    def links_for_url(self, url: str | None, lang: str) -> list[i18n.LanguageLink]:
        if url is None:
            return i18n.language_links({}, lang, self.languages, self.default)
        listing, number = pagination.listing_of(url)
        versions = self.versions.get(url) or {}
        if not versions and number > 1:  # a listing's page: the same page of each version (every
            # language lists every story, so each has as many pages)
            versions = {
                other: pagination.page_url(address, number)
                for other, address in self.versions.get(listing, {}).items()
            }
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
        listings = context.get("LISTINGS", {})
        for listing in [item for items in listings.values() for item in items]:
            self._group({lang: self.url(listing["url"], lang) for lang in self.languages})

        by_slug = {a.slug: versions for a, versions in zip(articles, groups, strict=False)}
        dates = [a.date for a in articles if getattr(a, "date", None) is not None]
        self.newest = max(dates) if dates else None
        for lang in self.others:
            self._plan_language(lang, context, articles, pages, by_slug, roots, listings)

    def _content_versions(self, content) -> dict:
        versions = {content.lang: content}
        for translation in getattr(content, "translations", []) or []:
            if translation.lang in self.languages:
                versions.setdefault(translation.lang, translation)
        return versions

    def _pick(self, versions: dict, lang: str):
        return pick(versions, lang, self.default)

    def _plan_language(self, lang, context, articles, pages, by_slug, roots, listings) -> None:
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
            translation.story.terms = self.terms(translation.story.terms, lang)
            category = getattr(translation, "category", None)
            if category is not None:  # a story's category (its feed entry's) is its outcome
                translation.category = type(category)(translation.story.outcome.label, category.settings)
            if original is not None:
                translation.related = [view(a) for a in getattr(original, "related", []) or []]

        listed = [view(a) for a in story_articles]
        localized = {
            name: [
                {
                    **listing,
                    "entry": (entry := self.entry(name, listing["entry"], lang)),
                    "name": self.vocabularies[name].name_of(entry),
                    "url": self.url(listing["url"], lang),
                    "save_as": self.url(listing["save_as"], lang),
                    "articles": [view(a) for a in listing["articles"]],
                }
                for listing in items
            ]
            for name, items in listings.items()
        }

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
            "LISTINGS": localized,
            "VOCABULARIES": {
                name: [self.entry(name, e, lang) for e in entries]
                for name, entries in context.get("VOCABULARIES", {}).items()
            },
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
        for listing in [item for items in localized.values() for item in items]:
            writes.append(
                {
                    "template": listing["template"],
                    "save_as": listing["save_as"],
                    "url": listing["url"],
                    "listing": listing,
                    "entry": listing["entry"],
                    "articles": listing["articles"],
                    "page_name": listing["url"].rstrip("/"),
                }
            )
        self.listings[lang] = writes
        translated = [v[lang] for v in by_slug.values() if lang in v]
        translated.sort(key=lambda a: (a.date, a.slug), reverse=True)
        self.feeds[lang] = (feed, translated)

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
