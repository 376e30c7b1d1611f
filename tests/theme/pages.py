"""Read built pages the way the tests need: tags with attributes, visible text, JSON-LD."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Tag:
    name: str
    attrs: dict[str, str]
    text: str = ""


@dataclass
class Page:
    path: Path
    html: str
    tags: list[Tag] = field(default_factory=list)
    text: str = ""

    def find(self, name: str, **attrs: str) -> list[Tag]:
        found = []
        for tag in self.tags:
            if tag.name != name:
                continue
            if all(
                (tag.attrs.get(k.rstrip("_").replace("_", "-")) or "") == v
                or (k == "class_" and v in (tag.attrs.get("class") or "").split())
                for k, v in attrs.items()
            ):
                found.append(tag)
        return found

    def meta(self, key: str) -> str | None:
        for tag in self.find("meta"):
            if key in (tag.attrs.get("property"), tag.attrs.get("name")):
                return tag.attrs.get("content")
        return None

    def jsonld(self) -> list[dict]:
        nodes = []
        for tag in self.find("script", type="application/ld+json"):
            nodes += json.loads(tag.text)["@graph"]
        return nodes

    def headings(self) -> list[tuple[int, str]]:
        return [
            (int(t.name[1]), t.text.strip())
            for t in self.tags
            if t.name in ("h1", "h2", "h3", "h4", "h5", "h6")
        ]


class _Reader(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.open: list[Tag] = []
        self.texts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        node = Tag(tag, {k: v or "" for k, v in attrs})
        self.page.tags.append(node)
        if tag in ("script", "style", "title", "noscript"):
            self.hidden += 1
        if tag not in VOID:
            self.open.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i].name == tag:
                del self.open[i:]
                break
        if tag in ("script", "style", "title", "noscript"):
            self.hidden -= 1

    def handle_data(self, data):
        for node in self.open:
            node.text += data
        if not self.hidden:
            self.texts.append(data)


def read(path: Path) -> Page:
    page = Page(path, path.read_text(encoding="utf-8"))
    reader = _Reader(page)
    reader.feed(page.html)
    page.text = " ".join(" ".join(reader.texts).split())
    return page
