"""Read each output HTML page once into what the checks need: references, ids and markers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .active import findings as active_findings
from .urls import parse_srcset

# Elements whose URL the browser fetches as soon as the page loads.
LOADED = {
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("script", "src"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
    ("image", "href"),
    ("image", "xlink:href"),
}
FOLLOWED = {("a", "href"), ("area", "href")}
SRCSET = {"srcset"}
# <link rel> values a browser does not fetch by itself; every other rel loads (stylesheet, icon...).
LINK_NOT_LOADED = {
    "alternate",
    "author",
    "canonical",
    "help",
    "license",
    "next",
    "prev",
    "search",
    "me",
    "bookmark",
    "external",
    "nofollow",
    "noopener",
    "noreferrer",
    "tag",
    "privacy-policy",
    "terms-of-service",
}
# og:image and friends: fetched by other sites' crawlers when a page is shared.
SHARED_IMAGE_META = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image"}
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
# Tags whose reading needs all their attributes at hand: <link rel>, <script src/type>, <meta>.
_READ_WHOLE = frozenset({"link", "script", "meta"})
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Ref:
    """A URL written in a page. kind: load | follow | submit | share."""

    url: str
    kind: str
    tag: str
    attr: str
    line: int


@dataclass
class Page:
    path: Path
    refs: list[Ref] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    inline_scripts: list[int] = field(default_factory=list)  # line numbers
    event_handlers: list[tuple[int, str]] = field(default_factory=list)
    style_attributes: list[int] = field(default_factory=list)
    style_blocks: list[int] = field(default_factory=list)
    robots: list[tuple[int, str]] = field(default_factory=list)
    preview_banners: list[int] = field(default_factory=list)
    active: list[tuple[int, str]] = field(default_factory=list)  # (line, why), see active.py


class _Reader(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_starttag(self, tag, attrs):
        page, line = self.page, self.getpos()[0]
        if reasons := active_findings(tag, attrs):
            page.active.extend((line, reason) for reason in reasons)
        # Only these tags' meaning hangs on another of their attributes (rel, src, type, name).
        values = {name: (value or "") for name, value in attrs} if tag in _READ_WHOLE else {}
        for name, value in attrs:
            value = value or ""
            if name == "id" or (name == "name" and tag == "a"):
                page.ids.add(value)
            elif name == "style":
                page.style_attributes.append(line)
            elif name.startswith("on"):
                page.event_handlers.append((line, name))
            elif name == "class" and "preview-banner" in value.split():
                page.preview_banners.append(line)
            kind = self._kind(tag, name, values)
            if kind and value.strip():
                urls = parse_srcset(value) if name in SRCSET else [value]
                page.refs.extend(Ref(url, kind, tag, name, line) for url in urls)
        if tag == "script" and "src" not in values:
            if values.get("type", "").strip().lower() not in DATA_SCRIPT_TYPES:
                page.inline_scripts.append(line)
        elif tag == "style":
            page.style_blocks.append(line)
        elif tag == "meta":
            self._meta(values, line)

    @staticmethod
    def _kind(tag: str, name: str, values: dict[str, str]) -> str:
        if (tag, name) in LOADED:
            return "load"
        if (tag, name) in FOLLOWED:
            return "follow"
        if tag == "form" and name == "action":
            return "submit"
        if tag == "link" and name == "href":
            rels = set(values.get("rel", "").lower().split())
            return "follow" if rels and rels <= LINK_NOT_LOADED else "load"
        return ""

    def _meta(self, values: dict[str, str], line: int) -> None:
        page = self.page
        key = (values.get("property") or values.get("name") or "").strip().lower()
        content = values.get("content", "")
        if key in SHARED_IMAGE_META and content.strip():
            page.refs.append(Ref(content, "share", "meta", key, line))
        elif key in ("robots", "googlebot"):
            page.robots.append((line, content.lower()))
        if values.get("http-equiv", "").lower() == "refresh":
            match = REFRESH_URL.search(content)
            if match:
                page.refs.append(Ref(match.group(1), "follow", "meta", "http-equiv=refresh", line))


def read_page(path: Path) -> Page:
    return parse_page(path, path.read_text(encoding="utf-8", errors="replace"))


def parse_page(path: Path, text: str) -> Page:
    """The page's references, ids and markers, in one pass of the HTML parser."""
    page = Page(path)
    reader = _Reader(page)
    reader.feed(text)
    reader.close()
    return page


# CSS: comments out, then url(...) and @import "..." references.
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def css_refs(path: Path) -> list[Ref]:
    """Every url() and @import in a stylesheet, as references the browser loads."""
    return parse_css(path.read_text("utf-8", "replace"))


def parse_css(text: str) -> list[Ref]:
    """Every url() and @import in a stylesheet's text."""
    text = CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)  # keep line numbers
    refs = []
    for pattern in (CSS_URL, CSS_IMPORT):
        for match in pattern.finditer(text):
            url = next((g for g in match.groups() if g is not None), "")
            if url.strip():
                line = text.count("\n", 0, match.start()) + 1
                refs.append(Ref(url, "load", "css", "url", line))
    return refs
