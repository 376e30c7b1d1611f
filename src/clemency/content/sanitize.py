"""Story and page text to safe HTML: Markdown, then an allowlist sanitiser (nh3, Rust's ammonia).

Markdown lets staff type raw HTML, and templates print the result with `|safe`, so everything
the theme's Markdown does not need is removed here, before any template sees it. `removals`
says what went, in words, so `invoke check` can tell staff their text changed. Never imports
Pelican.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import nh3
from markdown import Markdown

from ..problems import NOTICE, Problem
from .storytext import DropComments

# What Markdown with markdown.extensions.extra (tables, footnotes, abbreviations, definition
# lists, fenced code, attribute lists, Markdown in HTML) and smarty writes, plus the few tags
# staff type by hand; figure/figcaption for a captioned picture.
TAGS = frozenset(
    {
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "br",
        "hr",
        "blockquote",
        "div",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "em",
        "strong",
        "b",
        "i",
        "code",
        "pre",
        "sub",
        "sup",
        "del",
        "abbr",
        "span",
        "a",
        "img",
        "figure",
        "figcaption",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
    }
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "span": {"lang", "dir"},  # a phrase in another language, for screen readers
    "sup": {"id"},
    "li": {"id"},
    **{f"h{level}": {"id"} for level in range(1, 7)},
}
# Classes and ids only as footnotes (markdown.extensions.footnotes) and heading anchors
# (`## Donate {#donate}`) write them; a duplicate of a theme id fails the HTML check.
CLASSES = {"div": {"footnote"}, "a": {"footnote-ref", "footnote-backref"}}
HEADING_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
IDS = {
    "sup": re.compile(r"fnref\d*:[\w-]+"),
    "li": re.compile(r"fn:[\w-]+"),
    **{f"h{level}": HEADING_ID for level in range(1, 7)},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed with everything inside them, not just the tags.
DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "textarea",
        "select",
        "title",
        "xmp",
        "noembed",
        "noframes",
        "plaintext",
    }
)


@dataclass(frozen=True)
class Removal:
    """One thing the sanitiser took out: a tag, an attribute of a tag, or a comment."""

    what: str  # "<iframe>", "onclick= on <img>", "an HTML comment"
    needles: tuple[str, ...]  # text to look for in the source, best first, to find the line

    def __str__(self) -> str:
        return self.what


@dataclass(frozen=True)
class Cleaned:
    html: str
    removals: tuple[Removal, ...]


def render_markdown(body: str, config: Mapping) -> str:
    """Markdown to HTML with the site's MARKDOWN settings (front matter is already stripped)."""
    config = dict(config)
    # Markdown's own "meta" extension would swallow a body whose first line looks like "Note: ".
    # <!-- notes --> are the staff's own: dropped before Markdown, never published.
    config["extensions"] = [e for e in config.get("extensions", []) if e != "markdown.extensions.meta"] + [
        DropComments()
    ]
    return Markdown(**config).convert(body)


def clean(html: str, *, images: Collection[str] = ()) -> Cleaned:
    """Keep only the allowlisted tags, attributes and addresses; say what was removed.

    images: the only <img src> values kept (the story's own processed photos); others go.
    """
    allowed_images = frozenset(images)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src" and value not in allowed_images:
            return None
        if attribute == "id" and not (tag in IDS and IDS[tag].fullmatch(value)):
            return None
        return value

    tags = set(TAGS) if allowed_images else set(TAGS - {"img"})
    safe = nh3.clean(
        html,
        tags=tags,
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes=ATTRIBUTES,
        attribute_filter=keep,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
        allowed_classes=CLASSES,
    )
    return Cleaned(safe, tuple(_removed(html, safe)))


def rendered(body: str, config: Mapping) -> Cleaned:
    """clean(render_markdown(body, config)), remembered: a build asks for the same text's HTML
    for its checks and for its page, and a live preview asks again after every save."""
    try:
        key = json.dumps(config, sort_keys=True)
    except TypeError:  # extensions given as objects: render every time
        return clean(render_markdown(body, config))
    return _rendered(body, key)


@functools.lru_cache(maxsize=512)
def _rendered(body: str, config: str) -> Cleaned:
    return clean(render_markdown(body, json.loads(config)))


def _removed(before: str, after: str) -> list[Removal]:
    """What `before` holds that `after` lacks, by tag, attribute and comment counts."""
    old, new = _Inventory.of(before), _Inventory.of(after)
    removals = []
    gone_tags = old.tags - new.tags
    for tag in gone_tags:
        values = tuple(v for (t, _name, v) in old.attributes if t == tag and len(v) > 2)
        removals.append(Removal(f"<{tag}>", (f"<{tag}", *values)))
    for tag, name, value in old.attributes - new.attributes:
        if tag in gone_tags:
            continue  # the whole tag went; saying so once is enough
        shown = f" '{_short(value)}'" if name in _Inventory.URL_ATTRIBUTES else ""
        removals.append(
            Removal(f"{name}={shown} on <{tag}>", (value, f"{name}=") if shown else (f"{name}=", value))
        )
    if old.comments:
        removals.append(Removal("an HTML comment", ("<!--",)))
    return list(dict.fromkeys(removals))


def _short(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "..."


class _Inventory(HTMLParser):
    """Counts of tags and (tag, attribute, value) in a fragment, to compare before and after."""

    URL_ATTRIBUTES = {"href", "src"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str, str]] = Counter()
        self.comments = 0

    @classmethod
    def of(cls, html: str) -> _Inventory:
        inventory = cls()
        inventory.feed(html)
        inventory.close()
        return inventory

    def handle_starttag(self, tag, attrs) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if name == "class":
                for word in (value or "").split():
                    self.attributes[(tag, "class", word)] += 1
            else:
                self.attributes[(tag, name, value or "")] += 1

    def handle_comment(self, data) -> None:
        self.comments += 1


def source_line(body: str, needles: Collection[str], first_line: int) -> int | None:
    """The file line (1-based) of the first body line holding a needle, case-insensitive."""
    lines = [text.casefold() for text in body.splitlines()]
    for needle in (n.casefold() for n in needles if n):
        for number, text in enumerate(lines):
            if needle in text:
                return first_line + number
    return None


def text_changes(path: Path, body: str, body_line: int, markdown: Mapping) -> list[Problem]:
    """One notice per thing the sanitiser removes from this file's text, with its line."""
    return removal_notices(path, body, body_line, rendered(body, markdown).removals)


def removal_notices(path: Path, body: str, body_line: int, removals: Iterable[Removal]) -> list[Problem]:
    """The notices of text_changes, for removals already known."""
    return [
        Problem(
            path,
            (
                f"the text was changed for safety: {removal} was removed. The site shows only plain "
                "formatting (headings, lists, emphasis, links to web or email addresses, quotes, tables); "
                "the photo goes in the photo: field. Remove it from the text to silence this note."
            ),
            field="body",
            line=source_line(body, removal.needles, body_line),
            level=NOTICE,
        )
        for removal in removals
    ]
