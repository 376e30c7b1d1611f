"""No inline scripts, event handlers or styles: the strict Content-Security-Policy blocks them."""

from __future__ import annotations

from ..problems import Problem
from .pages import Page


def check_page(path, page: Page) -> list[Problem]:
    """The page's inline code: scripts, event handlers, style attributes and style blocks."""
    problems = []
    for line in page.inline_scripts:
        problems.append(
            Problem(
                path,
                (
                    "inline <script> is blocked by the Content-Security-Policy (script-src 'self'). "
                    "Move the code into a .js file in the theme and load it with <script src>."
                ),
                line=line,
            )
        )
    for line, name in page.event_handlers:
        problems.append(
            Problem(
                path,
                (
                    f"the {name}= attribute is inline script, blocked by the Content-Security-Policy. "
                    "Attach the handler from a .js file instead."
                ),
                line=line,
            )
        )
    for line in page.style_attributes:
        problems.append(
            Problem(
                path,
                (
                    "style= attribute is blocked by the Content-Security-Policy (style-src 'self'). "
                    "Use a class from the theme's CSS instead."
                ),
                line=line,
            )
        )
    for line in page.style_blocks:
        problems.append(
            Problem(
                path,
                (
                    "<style> block is blocked by the Content-Security-Policy (style-src 'self'). "
                    "Move the rules into the theme's CSS files."
                ),
                line=line,
            )
        )
    return problems
