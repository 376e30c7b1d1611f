"""The one gate, the same locally and in CI: sources first, then the built site's files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .contact import LINK_SETTINGS
from .plugins.stories import load_site
from .problems import Problem
from .sitecheck import check_output


def outbound_origins(settings: dict, partner_urls: list[str]) -> list[str]:
    """Sites we may link to: partners, share and social links, contact links, OUTBOUND_ORIGINS."""
    urls = list(partner_urls) + list(settings.get("OUTBOUND_ORIGINS", []))
    for group in ("SHARE_LINKS", "SOCIAL_LINKS", "CTAS"):
        urls += [item["url"] for item in settings.get(group, []) if "url" in item]
    urls += [str(settings.get(name) or "") for name in LINK_SETTINGS]
    return [u for u in urls if u.startswith(("http://", "https://"))]


def output_checker(settings: dict) -> Callable[[Path], list[Problem]]:
    """A check for build_site: every rule of sitecheck, with this site's names and origins."""
    vocab, catalog, _ = load_site(settings)
    allowed = outbound_origins(settings, [p.url for p in vocab.partners.values()])
    forbidden = sorted(catalog.unpublished_names)
    production = not settings.get("STORIES_PREVIEW", False)

    def check(output: Path) -> list[Problem]:
        return check_output(output, site_url=settings.get("SITEURL", ""), allowed_origins=allowed,
                            forbidden=forbidden, production=production)

    return check
