"""Each story's share image in each of its languages: drawn once (clemency.images.cards), kept in
.cache/cards/ by what it shows, and linked into the site; `article.social_card` says where.

`site` is the languages plugin's `clemency.i18n.views.LanguageSite`: its settings and every
version of every published story. Never imports Pelican.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image

from ..files import link_or_copy
from . import cards as socialcard
from .picture import Picture
from .placeholder import scheme_for

log = logging.getLogger(__name__)


def make_cards(site) -> None:
    """Give every story version `social_card`: drawn once, then linked from .cache/cards/."""
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
            link_or_copy(cached, target)
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
