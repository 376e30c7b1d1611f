"""Listings plugin: each vocabulary entry's stories on its own page, featured and related stories.

Every vocabulary whose `_schema:` says `pages:` (content/data/outcomes.yml, partners.yml, or any
new one) gets one page per entry that has stories, at that address, drawn by its `template:`.
Adds to every template: LISTINGS (vocabulary name -> a list of dicts with `vocabulary`,
`entry`, `name` (the entry as its `listed:` shows it), `url`, `save_as`, `template` and
`articles`, only entries with stories),
FEATURED_ARTICLES (home page) and `listing(vocabulary, entry)`: that entry's listing in the
page's language, or None; to each article: `related`. All are plain pages: no script.
A listing longer than LISTINGS_PAGE_SIZE stories is written in pages (clemency.site.pagination),
each given its stories as `articles` and itself as `pager`; the writer asks `pages_to_write`.
"""

from __future__ import annotations

import logging

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator, PelicanTemplateNotFound

from ..content.vocab import DEFAULT_TEMPLATE
from ..site import listings as relations
from ..site import pagination

log = logging.getLogger(__name__)

DEFAULTS = {
    "LISTINGS_FEATURED_COUNT": 3,
    "LISTINGS_RELATED_COUNT": 3,
    "LISTINGS_RELATED_WEIGHTS": relations.RELATED_WEIGHTS,
    # Stories a page of a listing shows (clemency.site.pagination); 0: every story on one page.
    "LISTINGS_PAGE_SIZE": 24,
    # The direct templates that are listings too, paged like each vocabulary entry's.
    "LISTINGS_PAGED_TEMPLATES": ["stories"],
}


def _settings(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    for key in ("LISTINGS_FEATURED_COUNT", "LISTINGS_RELATED_COUNT", "LISTINGS_PAGE_SIZE"):
        if not isinstance(settings[key], int) or settings[key] < 0:
            log.error("listings: %s must be a whole number of stories, not %r.", key, settings[key])
            settings[key] = DEFAULTS[key]
    weights = settings["LISTINGS_RELATED_WEIGHTS"]
    if not isinstance(weights, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and v > 0 for k, v in weights.items()
    ):
        log.error(
            "listings: LISTINGS_RELATED_WEIGHTS must map vocabulary names to whole numbers above 0, "
            'like {"partners": 2, "outcomes": 1}, not %r.',
            weights,
        )
        settings["LISTINGS_RELATED_WEIGHTS"] = DEFAULTS["LISTINGS_RELATED_WEIGHTS"]
    return settings


def attach(generator) -> None:
    """After the articles are read: related stories, featured stories and the listings."""
    settings = _settings(generator.settings)
    context = generator.context
    articles = [a for a in generator.articles if getattr(a, "story", None)]
    by_slug = {a.story.slug: a for a in articles}
    stories = [a.story for a in articles]

    alike = relations.Relations(stories, settings["LISTINGS_RELATED_WEIGHTS"])
    for article in articles:
        picks = alike.related(article.story, settings["LISTINGS_RELATED_COUNT"])
        article.related = [by_slug[s.slug] for s in picks]
        for translation in getattr(article, "translations", []):
            translation.related = article.related

    context["FEATURED_ARTICLES"] = [
        by_slug[s.slug] for s in relations.featured(stories, settings["LISTINGS_FEATURED_COUNT"])
    ]
    listed = [v for v in settings.get("STORIES_VOCABULARIES") or () if v.pages]
    templates = {vocabulary.name: _template(generator, vocabulary) for vocabulary in listed}
    listings = {
        vocabulary.name: [
            {
                "vocabulary": vocabulary.name,
                "entry": vocabulary.entries[key],
                "name": vocabulary.name_of(vocabulary.entries[key]),
                "url": vocabulary.pages.format(key=key),
                "save_as": vocabulary.pages.format(key=key) + "index.html",
                "template": templates[vocabulary.name],
                "articles": [by_slug[s.slug] for s in group],
            }
            for key, group in relations.by_term(stories, vocabulary.name, vocabulary.entries).items()
        ]
        for vocabulary in listed
    }
    hidden = [a for a in getattr(generator, "hidden_articles", []) if getattr(a, "story", None)]
    context["LISTINGS"] = _unique([*articles, *hidden], listings)


def _unique(articles, listings: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The listings, less any whose page would replace a story's (a hidden one's too) or another
    listing's (after an error that fails the build, naming the vocabulary and the fix)."""
    taken = {
        version.save_as: f"the story '{version.slug}'"
        for article in articles
        for version in [article, *getattr(article, "translations", [])]
    }
    kept: dict[str, list[dict]] = {}
    for name, items in listings.items():
        kept[name] = []
        for item in items:
            other = taken.get(item["save_as"])
            if other is not None:
                log.error(
                    "listings: content/data/%s.yml: _schema: pages: the page of '%s' (%s) would "
                    "replace the page of %s. Give this vocabulary addresses of its own, like "
                    "`pages: stories/%s/{key}/`.",
                    name,
                    item["entry"].key,
                    item["url"],
                    other,
                    name.removesuffix("s"),
                )
                continue
            taken[item["save_as"]] = f"'{item['entry'].key}' of content/data/{name}.yml"
            kept[name].append(item)
    return kept


def _template(generator, vocabulary) -> str:
    """The vocabulary's template, or (after an error that fails the build) the one any can use."""
    try:
        generator.get_template(vocabulary.template)
    except PelicanTemplateNotFound:
        log.error(
            "listings: content/data/%s.yml: _schema: template: theme/templates/%s.html does not "
            "exist. Name a template the theme has, or leave `template:` out for the one every "
            "vocabulary can use (vocabulary.html).",
            vocabulary.name,
            vocabulary.template,
        )
        return DEFAULT_TEMPLATE
    return vocabulary.template


class ListingGenerator(Generator):
    """Writes each listing page of the default language (the languages plugin writes the others)."""

    def generate_output(self, writer) -> None:
        for listings in self.context.get("LISTINGS", {}).values():
            for listing in listings:
                writer.write_file(
                    listing["save_as"],
                    self.get_template(listing["template"]),
                    self.context,
                    relative_urls=self.settings["RELATIVE_URLS"],
                    url=listing["url"],
                    listing=listing,
                    entry=listing["entry"],
                    articles=listing["articles"],
                    template_name=listing["template"],
                    page_name=listing["url"].rstrip("/"),
                )


def pages_to_write(settings: dict, name: str, url, template_name, kwargs: dict) -> list | None:
    """The pages (clemency.site.pagination.Page) a write of a listing becomes, each to be
    written with its `articles` and as `pager`; None if this write is not cut (not a listing,
    one page only, or a page already)."""
    if "pager" in kwargs or "articles" not in kwargs or not name:
        return None
    if "listing" not in kwargs and template_name not in settings.get("LISTINGS_PAGED_TEMPLATES", ()):
        return None
    size = settings.get("LISTINGS_PAGE_SIZE", 0)
    return pagination.split(kwargs["articles"], size, url or "", name)


def get_generators(pelican):
    return ListingGenerator


@pass_context
def _listing(context, vocabulary: str, entry) -> dict | None:
    return relations.listing_of(context.get("LISTINGS") or {}, vocabulary, entry.key)


def install(generator) -> None:
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["listing"] = _listing


def register() -> None:
    signals.generator_init.connect(install)
    signals.article_generator_finalized.connect(attach)
    signals.get_generators.connect(get_generators)
