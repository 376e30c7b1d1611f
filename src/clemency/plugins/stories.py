"""Stories plugin: validates every story before Pelican writes anything, and gates consent.

Stories whose consent is missing, expired or withdrawn are read as `status: skip`, so they reach
no page, listing, feed or sitemap. Each published article gets `article.story` (a models.Story).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from pathlib import Path

from pelican import signals
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Category
from pelican.utils import SafeDatetime

from .. import logmask
from ..content import sanitize
from ..content.catalog import load_site
from ..content.pages import check_page
from ..problems import ERROR, ProblemsFound, errors
from . import listed_in

log = logging.getLogger(__name__)


def initialized(pelican) -> None:
    settings = pelican.settings
    if not listed_in(settings, __name__):
        return
    vocab, catalog, problems = load_site(settings)
    logmask.cover(catalog)  # before Pelican logs a path: CI logs never name a client
    for notice in catalog.notices:
        log.info("stories: %s", notice)
    for problem in problems:
        if problem.level != ERROR:
            log.warning("stories: %s", problem.format(Path(settings["PATH"])))
    if errors(problems):
        raise ProblemsFound(errors(problems), Path(settings["PATH"]))
    settings["STORIES_CATALOG"] = catalog
    # One discovery: Pelican walks no folder the catalog skips (and reads only its files).
    excluded = [f"{settings['STORIES_PATH']}/{folder}" for folder in catalog.skipped_folders]
    settings["ARTICLE_EXCLUDES"] = [*settings.get("ARTICLE_EXCLUDES", []), *excluded]
    settings["STORIES_VOCABULARIES"] = vocab  # what each vocabulary declares (listings, languages)
    settings["VOCABULARIES"] = {v.name: list(v.entries.values()) for v in vocab}  # for templates
    count = len({s.slug for s in catalog.published.values()})
    log.info("stories: %d published, %d not published", count, len({p.parent for p in catalog.unpublished}))


class ClemencyReader(MarkdownReader):
    """Markdown with YAML front matter, for stories and pages alike."""

    def read(self, source_path):
        path = Path(source_path)
        catalog = self.settings.get("STORIES_CATALOG")
        if catalog is not None and (catalog.is_unpublished(path) or self._unread_story(path)):
            return "", {"status": "skip", "title": "", "date": SafeDatetime(1970, 1, 1)}
        story = catalog.story_for(path) if catalog else None
        if story is not None:
            text = catalog.html_for(path)  # rendered once, when the catalog read it
            return text if text is not None else self._html(story.body), self._story_metadata(story)
        doc, _ = check_page(path)
        if doc is None:  # validated already in `initialized`; only reached when run standalone
            return "", {"status": "skip", "title": ""}
        meta = {k: v for k, v in doc.meta.items()}
        if "summary" in meta:
            meta["summary"] = html.escape(str(meta["summary"]))
        if "translation" in meta:
            meta["translation"] = "true" if meta["translation"] else "false"
        return self._html(doc.body), meta

    def _unread_story(self, path: Path) -> bool:
        """A file under stories/ the catalog did not read (a _folder, a subfolder): not built."""
        stories = (Path(self.settings["PATH"]) / self.settings["STORIES_PATH"]).resolve()
        catalog = self.settings["STORIES_CATALOG"]
        return not catalog.reads(path) and path.resolve().is_relative_to(stories)

    def _html(self, body: str) -> str:
        # Templates print this with |safe: only what the allowlist keeps gets through.
        return sanitize.rendered(body, self.settings["MARKDOWN"]).html

    def _story_metadata(self, story) -> dict:
        meta = {
            "title": story.title,
            "date": SafeDatetime.combine(story.date, dt.time()),
            "summary": html.escape(story.summary),
            "slug": story.slug,
            "lang": story.lang,
            "status": story.status,
            "category": Category(story.outcome.label, self.settings),
            "story": story,
        }
        if story.translation:
            meta["translation"] = "true"
        if story.modified:
            meta["modified"] = SafeDatetime.combine(story.modified, dt.time())
        if story.tags:
            meta["tags"] = self.process_metadata("tags", ", ".join(story.tags))
        return meta


def add_reader(readers) -> None:
    if not listed_in(readers.settings, __name__):
        return
    for ext in ClemencyReader.file_extensions:
        readers.reader_classes[ext] = ClemencyReader


def register() -> None:
    signals.initialized.connect(initialized)
    signals.readers_init.connect(add_reader)
