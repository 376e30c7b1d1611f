"""A story's body before Markdown: notes for staff (<!-- ... -->) are dropped, never published."""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

COMMENT = re.compile(r"<!--.*?-->", re.S)
_OPEN = "<!--"


def strip_comments(text: str) -> str:
    """The text without its closed <!-- notes -->, which are for the team, not for visitors."""
    return COMMENT.sub("", text)


def unclosed_comment_line(text: str) -> int | None:
    """0-based line of a `<!--` that is never closed: a browser would hide everything after it."""
    rest = strip_comments(text)
    if _OPEN not in rest:
        return None
    # Find the same opening in the original text: the first one whose note never ends.
    position = 0
    while True:
        start = text.index(_OPEN, position)
        end = text.find("-->", start + len(_OPEN))
        if end == -1:
            return text.count("\n", 0, start)
        position = end + 3


class _DropComments(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return strip_comments("\n".join(lines)).split("\n")


class DropComments(Extension):
    """Markdown extension: remove <!-- notes --> before any other processing sees them."""

    def extendMarkdown(self, md) -> None:
        # Before raw HTML blocks are stashed (priority 20), so a note is never kept as HTML.
        md.preprocessors.register(_DropComments(md), "clemency_drop_comments", 40)
