"""Listings plugin: stories by partner (/stories/partner/<key>/), by outcome, featured, related.

Adds to every template: FEATURED_ARTICLES (home page), OUTCOME_LISTINGS and PARTNER_LISTINGS
(lists of dicts with `outcome` or `partner`, `url` and `articles`), and `partner_listing(partner)`:
that partner's entry of the page's PARTNER_LISTINGS, or None; to each article: `related`.
Outcome listings are Pelican's category pages (a story's outcome is its category); partner
listings are written by this plugin with the `partner` template. All are plain pages: no script.
"""

from __future__ import annotations

import logging

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from ..site import listings as relations

log = logging.getLogger(__name__)

DEFAULTS = {
    "LISTINGS_PARTNER_URL": "stories/partner/{key}/",
    "LISTINGS_PARTNER_SAVE_AS": "stories/partner/{key}/index.html",
    "LISTINGS_FEATURED_COUNT": 3,
    "LISTINGS_RELATED_COUNT": 3,
}


def _settings(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    for key in ("LISTINGS_FEATURED_COUNT", "LISTINGS_RELATED_COUNT"):
        if not isinstance(settings[key], int) or settings[key] < 0:
            log.error("listings: %s must be a whole number of stories, not %r.", key, settings[key])
            settings[key] = DEFAULTS[key]
    return settings


def attach(generator) -> None:
    """After the articles are read: related stories, featured stories and the listings."""
    settings = _settings(generator.settings)
    context = generator.context
    articles = [a for a in generator.articles if getattr(a, "story", None)]
    by_slug = {a.story.slug: a for a in articles}
    stories = [a.story for a in articles]

    alike = relations.Relations(stories)
    for article in articles:
        picks = alike.related(article.story, settings["LISTINGS_RELATED_COUNT"])
        article.related = [by_slug[s.slug] for s in picks]
        for translation in getattr(article, "translations", []):
            translation.related = article.related

    context["FEATURED_ARTICLES"] = [
        by_slug[s.slug] for s in relations.featured(stories, settings["LISTINGS_FEATURED_COUNT"])
    ]

    outcomes = []
    for category, members in generator.categories:
        listed = [a for a in members if getattr(a, "story", None)]
        if listed:
            outcomes.append(
                {
                    "outcome": listed[0].story.outcome,
                    "url": category.url,
                    "category": category,
                    "articles": listed,
                }
            )
    order = {o.key: i for i, o in enumerate(context.get("OUTCOMES", []))}
    context["OUTCOME_LISTINGS"] = sorted(outcomes, key=lambda o: order.get(o["outcome"].key, 99))

    partners = {p.key: p for p in context.get("PARTNERS", [])}
    context["PARTNER_LISTINGS"] = [
        {
            "partner": partners[key],
            "url": settings["LISTINGS_PARTNER_URL"].format(key=key),
            "save_as": settings["LISTINGS_PARTNER_SAVE_AS"].format(key=key),
            "articles": [by_slug[s.slug] for s in group],
        }
        for key, group in relations.by_partner(stories, partners).items()
    ]


class PartnerListingGenerator(Generator):
    """Writes one page per partner that has stories, with the theme's `partner` template."""

    def generate_output(self, writer) -> None:
        template = self.get_template("partner")
        for listing in self.context.get("PARTNER_LISTINGS", []):
            writer.write_file(
                listing["save_as"],
                template,
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=listing["url"],
                listing=listing,
                partner=listing["partner"],
                articles=listing["articles"],
                template_name="partner",
                page_name=listing["url"].rstrip("/"),
            )


def get_generators(pelican):
    return PartnerListingGenerator


@pass_context
def _partner_listing(context, partner) -> dict | None:
    return relations.listing_of(context.get("PARTNER_LISTINGS") or [], partner.key)


def install(generator) -> None:
    env = getattr(generator, "env", None)
    if env is not None:
        env.globals["partner_listing"] = _partner_listing


def register() -> None:
    signals.generator_init.connect(install)
    signals.article_generator_finalized.connect(attach)
    signals.get_generators.connect(get_generators)
