"""Checks on a built site, the last gate before visitors: pure Python, never imports Pelican.

Each check is its own module with `check(site) -> list[Problem]`; `check_output` runs them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..problems import Problem
from . import active, images, inline, links, origins, preview, stray, validity
from . import forbidden as forbidden_names
from .site import Site

__all__ = ["check_output"]


def check_output(
    output_dir: Path,
    *,
    site_url: str = "",
    allowed_origins: Iterable[str] = (),
    forbidden: Iterable[str] = (),
    shown_names: Iterable[str] = (),
    production: bool = True,
    validate_html: bool = True,
) -> list[Problem]:
    """Every problem in the built site, in file order; [] means it is safe to publish.

    allowed_origins: outbound link targets (partner sites), as origins or full URLs.
    forbidden: client names of unpublished stories, name parts consent hides, old addresses;
      no file may hold one.
    shown_names: names published with consent (full names, attorneys), which may contain a
      forbidden surname of someone else.
    production: False for preview builds, which must instead be noindex and show the banner.
    validate_html: False skips the Nu HTML Checker (Java), for quick checks in tests.
    """
    output_dir = Path(output_dir)
    if not output_dir.is_dir():
        return [Problem(output_dir, "there is no built site here. Build it first: invoke build")]
    site = Site(output_dir, site_url, frozenset(allowed_origins), tuple(forbidden), production,
                tuple(shown_names))
    problems: list[Problem] = []
    for module in (stray, links, origins, inline, active, images, forbidden_names, preview):
        problems += module.check(site)
    if validate_html:
        problems += validity.check(site)
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.message))
