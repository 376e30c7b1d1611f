"""The one gate, the same locally and in CI: sources first, then the built site's files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .plugins.stories import load_site
from .problems import Problem
from .sitecheck import check_output
from .sitecheck.cache import CheckCache, config_key

CACHE_DIR = Path(".cache") / "sitecheck"  # inside the project, beside the photo cache


def outbound_origins(settings: dict, partner_urls: list[str]) -> list[str]:
    """Sites we may link to: partners, share links, our social accounts, OUTBOUND_ORIGINS."""
    urls = list(partner_urls) + list(settings.get("OUTBOUND_ORIGINS", []))
    for group in ("SHARE_LINKS", "SOCIAL_LINKS", "CTAS"):
        urls += [item["url"] for item in settings.get(group, []) if "url" in item]
    return [u for u in urls if u.startswith(("http://", "https://"))]


def output_checker(settings: dict, *, strict: bool = False,
                   validate_html: bool = True) -> Callable[[Path], list[Problem]]:
    """A check for build_site: every rule of sitecheck, with this site's names and origins.

    Results are cached in .cache/sitecheck/ by each file's bytes; strict hashes every file
    instead of trusting an unchanged inode, size and time (for `invoke check` and CI);
    validate_html=False leaves out the Nu HTML checker (the live preview's quick checks).
    """
    vocab, catalog, _ = load_site(settings)
    allowed = outbound_origins(settings, [p.url for p in vocab.partners.values()])
    forbidden = sorted(catalog.unpublished_names)
    production = not settings.get("STORIES_PREVIEW", False)
    site_url = settings.get("SITEURL", "")
    folder = Path(settings["PATH"]) / CACHE_DIR

    def check(output: Path) -> list[Problem]:
        cache = CheckCache(folder, profile=config_key(site_url, production), strict=strict)
        return check_output(output, site_url=site_url, allowed_origins=allowed,
                            forbidden=forbidden, production=production, cache=cache,
                            validate_html=validate_html)

    return check
