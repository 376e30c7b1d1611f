"""The live preview's first answer to a save that changed only a story's words.

A whole rebuild at 1,000 stories takes seconds, most of it spent on what one sentence does not
change. When a save touches only the words of published stories (their text, title, summary or
content notes: catalog.TEXT_FIELDS; no other field, no consent, no file added or gone, nothing
the check would warn of), the pages of those stories are rendered at once with what the last
good build left in this process (its articles, templates and writer), given the per-file checks
(forbidden names, origins, active code, preview markers) and put in place; the browser reloads.
The whole rebuild follows at once, as after any save, and checks everything (links too), and
brings up to date what else shows those words (cards on other pages, the share picture).
Anything else, or any doubt, and this step does nothing: the save waits for the whole rebuild,
as before. Used by the live preview only, never by build or publish.
"""

from __future__ import annotations

import copy
import dataclasses
import html
import shutil
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from ..content import catalog as catalog_module
from . import scratch

# Pelican's lists of articles (clemency.plugins.photos.ARTICLE_LISTS), drafts last: they are
# written with the draft's own arguments.
ARTICLE_LISTS = ("articles", "translations", "hidden_articles", "hidden_translations")
DRAFT_LISTS = ("drafts", "drafts_translations")
SETTING = "PREVIEW_LAST_BUILD"


class LastBuild:
    """What the last good build of this process left for a text edit: its generators, settings
    and the check it passed. The plugin offers them as Pelican runs (clemency.plugins.incremental);
    they count only once the build is swapped in (commit)."""

    def __init__(self) -> None:
        self._offered: tuple | None = None
        self.kept: tuple | None = None

    def offer(self, generators: Iterable, settings: dict) -> None:
        self._offered = (list(generators), settings)

    def release(self) -> None:
        """Before a build: forget the last one (one build's objects in memory, not two)."""
        self.kept = self._offered = None

    def commit(self, check: Callable) -> None:
        """After a good build: what it offered is what the next text edit renders with."""
        self.kept = (*self._offered, check) if self._offered else None
        self._offered = None


def show(last: LastBuild, saved: Iterable[Path], output: Path) -> list[str] | None:
    """Put the pages of the stories whose words alone `saved` changed into `output`; their paths
    (relative to it), or None if the save needs the whole rebuild (nothing is touched then)."""
    if last.kept is None:
        return None
    generators, settings, check = last.kept
    catalog = settings.get("STORIES_CATALOG")
    edits = _text_edits(catalog, settings, {Path(p).resolve() for p in saved})
    if not edits:
        return None
    articles = _articles_of(generators, edits)
    if articles is None:
        return None
    folder = scratch.make(output, "text")
    try:
        written = _render(generators, settings, articles, folder)
        if not written or any(not (output / rel).is_file() for rel in written):
            return None
        if check.files(folder, sitemap_of=output):
            return None  # the whole rebuild says what is wrong, with everything else
        for rel in written:
            (folder / rel).replace(output / rel)
        return written
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _text_edits(catalog, settings: dict, saved: set[Path]) -> dict | None:
    """The stories (file -> (Story, its html)) whose words alone changed, or None."""
    if catalog is None or not saved or not all(p.suffix == ".md" and p in catalog.published for p in saved):
        return None
    folders = {p.parent for p in saved}
    if len(folders) != 1:
        return None
    folder = folders.pop()
    # Every Markdown file of the folder is one the last build read: none was added.
    if {p.resolve() for p in folder.glob("*.md")} != {p for p in catalog.sources if p.parent == folder}:
        return None
    part = catalog_module.read_folder(
        folder,
        settings["STORIES_VOCABULARIES"],
        catalog_module.today(settings),
        tuple(settings["LANGUAGES"]),
        settings["DEFAULT_LANG"],
        settings["STORIES_PREVIEW"],
        settings.get("MARKDOWN", {}),
    )
    # Those of the folder whose words changed: a translation that takes its content notes from
    # the story changes with it.
    stories = catalog.text_edits(part)
    if not stories:
        return None
    return {path: (story, part.html[path]) for path, story in stories.items()}


def _articles_of(generators, edits: dict) -> list | None:
    """A copy of each edited story's article, with its new text; None if one is not found."""
    found = {}
    for generator in generators:
        for name in (*ARTICLE_LISTS, *DRAFT_LISTS):
            for article in getattr(generator, name, None) or ():
                path = Path(getattr(article, "source_path", "") or "/").resolve()
                if path in edits and getattr(article, "story", None) is not None:
                    found[path] = (generator, name in DRAFT_LISTS, article)
    if set(found) != set(edits):
        return None
    articles = []
    for path, (generator, draft, article) in found.items():
        story, text = edits[path]
        # The entries are the same keys (Catalog.text_edits): keep them as the build left them,
        # in the page's language.
        story = dataclasses.replace(story, terms=article.story.terms)
        edited = copy.copy(article)  # a new object: Pelican's memoised content is per object
        edited._content = text
        edited.story = story
        # As the reader gives them to Pelican (clemency.plugins.stories); the share picture,
        # which draws the title, stays the last build's until the whole rebuild makes its own.
        edited.title, edited._summary = story.title, html.escape(story.summary)
        words = {"title": edited.title, "summary": edited._summary}
        edited.metadata = {**article.metadata, "story": story, **words}
        articles.append((generator, draft, edited))
    return articles


def _render(generators, settings: dict, articles: list, folder: Path) -> list[str]:
    """Render each article's page into `folder` as the last build's ArticlesGenerator would."""
    from pelican.writers import Writer  # noqa: PLC0415 - only the preview, which runs Pelican

    writer_class = settings.get("LANGUAGES_WRITER") or Writer  # the build's (plugins/languages.py)
    writer = writer_class(str(folder), settings={**settings, "INCREMENTAL": None})
    written = []
    for generator, draft, article in articles:
        if not article.save_as:
            continue
        write = partial(writer.write_file, relative_urls=settings["RELATIVE_URLS"])
        extra = {"all_articles": generator.articles} if draft else {}
        write(
            article.save_as,
            generator.get_template(article.template),
            generator.context,
            article=article,
            category=getattr(article, "category", None),
            override_output=hasattr(article, "override_save_as"),
            url=article.url,
            blog=True,
            **extra,
        )
        written.append(article.save_as)
    return written
