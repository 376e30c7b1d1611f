"""The one gate, the same locally and in CI: sources first, then the built site's files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..content.catalog import DEFAULTS as STORIES_DEFAULTS
from ..content.catalog import load_site, today
from ..images.cards import CACHE_PATH as CARDS_CACHE_PATH
from ..images.settings import photo_settings
from ..problems import Problem
from ..site import search
from ..site.contact import LINK_SETTINGS
from ..sitecheck import check_files, check_output
from ..sitecheck.cache import CheckCache, config_key
from . import incremental, takedown
from .atomic import BuildResult, build_site
from .sources import read_project_settings

CACHE_DIR = Path(".cache") / "sitecheck"  # inside the project, beside the photo cache


def outbound_origins(settings: dict, entry_urls: list[str]) -> list[str]:
    """Sites we may link to: vocabulary entries' `url` (partners), share and social links,
    contact links, OUTBOUND_ORIGINS."""
    urls = list(entry_urls) + list(settings.get("OUTBOUND_ORIGINS", []))
    for group in ("SHARE_LINKS", "SOCIAL_LINKS", "CTAS"):
        urls += [item["url"] for item in settings.get(group, []) if "url" in item]
    urls += [str(settings.get(name) or "") for name in LINK_SETTINGS]
    return [u for u in urls if u.startswith(("http://", "https://"))]


def output_checker(
    settings: dict, also_forbidden: Iterable[str] = (), *, strict: bool = False, validate_html: bool = True
) -> Callable[[Path], list[Problem]]:
    """A check for build_site: every rule of sitecheck, with this site's names and origins.

    also_forbidden: addresses and names of stories being taken down (clemency.build.takedown).
    Results are cached in .cache/sitecheck/ by each file's bytes; strict hashes every file
    instead of trusting an unchanged inode, size and time (for `invoke check` and CI);
    validate_html=False leaves out the Nu HTML checker (the live preview's quick checks).
    """
    vocab, catalog, _ = load_site(settings)
    allowed = outbound_origins(settings, [getattr(e, "url", "") for v in vocab for e in v.entries.values()])
    forbidden = sorted({*catalog.forbidden_words(), *also_forbidden})
    production = not settings.get("STORIES_PREVIEW", False)
    site_url = settings.get("SITEURL", "")
    folder = Path(settings["PATH"]) / CACHE_DIR

    # What both checks are told of this site: its address, where it may link, the names.
    site = {
        "site_url": site_url,
        "allowed_origins": allowed,
        "forbidden": forbidden,
        "shown_names": sorted(catalog.shown_names),
        "production": production,
    }

    def check(output: Path, *, partial: str = "", late=None, begin_when=None) -> list[Problem]:
        cache = CheckCache(folder, profile=config_key(site_url, production), strict=strict)
        return check_output(
            output,
            **site,
            cache=cache,
            validate_html=validate_html,
            partial=partial,
            late=late,
            begin_when=begin_when,
        )

    def files(pages: Path, *, sitemap_of: Path | None = None) -> list[Problem]:
        return check_files(pages, **site, sitemap_of=sitemap_of)

    check.forbidden = tuple(forbidden)  # the live preview keeps a search index made under these
    check.files = files  # the per-file rules alone: the live preview's check of a text edit
    return check


def site_builder(
    settings_file: Path, output: Path, overrides: dict | None = None, *, strict: bool = False
) -> takedown.Build:
    """build(extra, forbidden) for clemency.build.takedown: build_site with this gate's check."""

    def build(extra: dict, forbidden: tuple[str, ...]) -> BuildResult:
        merged = {**(overrides or {}), **extra}
        settings = read_project_settings(settings_file, merged)
        return build_site(
            settings_file,
            output,
            settings_overrides=merged,
            check=output_checker(settings, forbidden, strict=strict),
            incremental=not strict and not extra,  # a takedown rebuilds every page
        )

    return build


def build_with_takedown(
    settings_file: Path, output: Path, overrides: dict | None = None, *, strict: bool = False
) -> takedown.Built:
    """Build and check; if that fails, take lost consent off output/ and raise BuildFailed."""
    settings = read_project_settings(settings_file, overrides)
    project = Path(settings["PATH"])
    cards_cache = settings.get("LANGUAGES_CACHE_PATH", CARDS_CACHE_PATH)
    cards = project / cards_cache if cards_cache else None
    stories_cache = settings.get("STORIES_CACHE_PATH", STORIES_DEFAULTS["STORIES_CACHE_PATH"])
    search_cache = settings.get("SEARCH_CACHE_PATH", search.CACHE)
    # A cache set to "" is off: it is no folder to empty (project / "" is the project itself).
    texts = tuple(project / folder for folder in (stories_cache, search_cache) if folder)
    texts += (search.kept_pages(project / search_cache),) if search_cache else ()
    caches = takedown.Caches(
        photo_settings(settings, project)[0].cache_dir,
        cards,
        project / CACHE_DIR,
        texts,
        (incremental.state_file(project),),
    )
    return takedown.build_or_take_down(
        site_builder(settings_file, output, overrides, strict=strict),
        stories=project / settings.get("STORIES_PATH", "stories"),
        output=Path(output),
        today=today(settings),
        caches=caches,
    )
