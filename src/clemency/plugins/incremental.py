"""Incremental plugin: the writer takes unchanged pages from the last good build
(clemency.build.incremental decides; this connects it to Pelican).

Active only when the build passes INCREMENTAL (a clemency.build.incremental.Pages): `invoke
build` and the preview do, `invoke publish`, `invoke check` and CI never (they render all).
The live preview also keeps this build's articles for its next text edit (PREVIEW_LAST_BUILD,
clemency.build.textedit).
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.writers import Writer

from ..build import textedit
from . import listed_in


class SelectiveWriter(Writer):
    """Pelican's writer, except that a page whose key is unchanged is linked, not rendered."""

    def write_file(self, name, template, context, *args, **kwargs):
        if self.reuses(name, kwargs):
            return None
        return super().write_file(name, template, context, *args, **kwargs)

    def reuses(self, name, kwargs) -> bool:
        """True if `name` was taken from the last build (subclasses ask before their own work)."""
        pages = self.settings.get("INCREMENTAL")
        if pages is None or not name or kwargs.get("paginated"):
            return False
        _plan(self.settings, pages)
        return pages.reuse(name, Path(self.output_path), kwargs.get("pager"))


def _plan(settings: dict, pages) -> None:
    """Key every story page, once per build, when every plugin has set what pages show."""
    generators = settings.get("INCREMENTAL_GENERATORS")
    if generators is None:
        return
    settings["INCREMENTAL_GENERATORS"] = None
    articles = next((g for g in generators if hasattr(g, "articles")), None)
    groups: dict[str, list] = {}
    for article in [*getattr(articles, "articles", []), *getattr(articles, "hidden_articles", [])]:
        if getattr(article, "story", None) is None:
            continue
        versions = [article, *(t for t in getattr(article, "translations", []) if getattr(t, "story", None))]
        groups[article.slug] = versions
    context = articles.context if articles else {}
    sizes = {
        f"{name}:{item['entry'].key}": len(item["articles"])
        for name, items in context.get("LISTINGS", {}).items()
        for item in items
    }
    featured = [a.slug for a in context.get("FEATURED_ARTICLES", [])]
    catalog = settings.get("STORIES_CATALOG")
    pages.plan(groups, sizes, featured, getattr(catalog, "digests", None))


def remember(generators) -> None:
    if not generators:
        return
    settings = generators[0].settings
    if not listed_in(settings, __name__):
        return
    if settings.get("INCREMENTAL") is not None:
        settings["INCREMENTAL_GENERATORS"] = generators
    last = settings.get(textedit.SETTING)
    if last is not None:  # the live preview renders a text edit with this build's articles
        last.offer(generators, settings)


def register() -> None:
    signals.all_generators_finalized.connect(remember)
