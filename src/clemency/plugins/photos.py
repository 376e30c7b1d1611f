"""Photos plugin: gives every story article `pictures` = {"hero", "card", "social"} (Pictures).

After every story is read and before any page is written, it hands all stories (translations,
hidden stories and drafts too) to clemency.images.build_pictures, which makes what the cache
lacks over every core and links the files into OUTPUT_PATH/<PHOTOS_OUTPUT_DIR>/. A bad photo
stops the build with a ProblemsFound naming the story and the file. Settings: PHOTOS_* (see
clemency/images/settings.py). The Picture contract is clemency.images.picture.Picture.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from ..images import build_pictures, fill_defaults, photo_settings, request_for
from ..images.placeholder import scheme_for
from ..problems import ProblemsFound
from ..progress import reporter

log = logging.getLogger(__name__)

ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
PROGRESS_EVERY = 2.0  # seconds between progress lines on long runs


def story_articles(generators) -> list:
    """Every article that carries a story, each once."""
    seen: dict[int, object] = {}
    for generator in generators:
        for name in ARTICLE_LISTS:
            for article in getattr(generator, name, None) or ():
                if getattr(article, "story", None) is not None:
                    seen.setdefault(id(article), article)
    return list(seen.values())


def make_pictures(generators) -> None:
    generators = list(generators)
    if not generators:
        return
    settings = generators[0].settings
    fill_defaults(settings)
    project = Path(settings["PATH"])
    photo, warnings = photo_settings(settings, project)
    for warning in warnings:
        log.warning(warning)
    articles = story_articles(generators)
    # request_for asks for published_photo only: a photo without consent is never opened.
    requests = [
        request_for(article.story, id(article), publish=bool(getattr(article, "save_as", "")))
        for article in articles
    ]
    site_url = settings.get("SITEURL") or ""
    report = build_pictures(
        requests,
        photo,
        output=Path(settings["OUTPUT_PATH"]),
        base_url=urlsplit(site_url).path.rstrip("/"),
        absolute_url=site_url if "://" in site_url else "",
        progress=reporter("photos: images made", log.info, PROGRESS_EVERY),
    )
    settings["PHOTOS_REPORT"] = report
    for notice in report.notices:
        log.warning("photos: %s", notice.format(project))
    if report.problems:
        raise ProblemsFound(report.problems, project)
    for article in articles:
        article.pictures = report.pictures[id(article)]
        # The story page draws its no-photo header in the placeholder's colours.
        article.placeholder_scheme = scheme_for(article.story.slug)
    log.info(
        "photos: %s (%d files encoded, %d linked, %.1f s)",
        report.summary(),
        report.encodes,
        report.linked,
        report.seconds,
    )


def register() -> None:
    signals.all_generators_finalized.connect(make_pictures)
