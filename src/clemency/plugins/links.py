"""Links plugin: the theme's links, decided in Python (clemency.site.links), printed by templates.

Templates get the filter `href` (a link a setting gives, as an address) and `header_cta()`,
`help_url()` and `menu_items()`, each read from the page's own context (its language's CTAS and
pages).
"""

from __future__ import annotations

from jinja2 import pass_context
from pelican import signals

from ..site import links


@pass_context
def _href(context, url: str) -> str:
    return links.href(url, context.get("SITEURL", ""))


@pass_context
def _header_cta(context) -> dict | None:
    return links.header_cta(context.get("CTAS", []), context.get("HEADER_CTA"))


@pass_context
def _help_url(context) -> str:
    help_page = getattr(context.get("CONTACT"), "help_page", "")
    return links.page_url(context.get("pages", []), help_page, context.get("SITEURL", ""))


@pass_context
def _menu_items(context) -> list[dict]:
    return links.menu(context.get("pages", []), context.get("MENU_PAGES") or [], context.get("MENU_LABELS"))


def install(generator) -> None:
    env = getattr(generator, "env", None)
    if env is not None:
        env.filters["href"] = _href
        env.globals.update({"header_cta": _header_cta, "help_url": _help_url, "menu_items": _menu_items})


def register() -> None:
    signals.generator_init.connect(install)
