"""The per-file rules of the site check, run in one pass over each file and cached by its bytes.

Each rule reads one file (its bytes, its parsed page or its stylesheet references) and returns
problems or facts that depend only on that file and the rule's configuration. The HTML of a page
is parsed at most once for all rules, and not at all when every result is already cached.
To add a rule: write `check_*(...)` in its own module and list it in `per_file_rules`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ..content.names import WithheldNames
from ..problems import Problem
from . import active, forbidden, images, inline, links, origins, preview
from .cache import config_key
from .pages import Page, Ref, parse_css, parse_page
from .site import HTML_SUFFIXES, IMAGE_SUFFIXES, Site


class FileView:
    """One file as the rules see it; its bytes are read, and its HTML parsed, once at most."""

    def __init__(self, path: Path, rel: str, size: int, data: bytes | None = None):
        self.path, self.rel, self.size, self._data = path, rel, size, data
        self.suffix = path.suffix.lower()

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = self.path.read_bytes()
        return self._data

    @cached_property
    def text(self) -> str:
        return self.data.decode("utf-8", errors="replace")

    @cached_property
    def page(self) -> Page:
        return parse_page(self.path, self.text)

    @cached_property
    def refs(self) -> list[Ref]:
        """Every URL the file holds: a page's attributes, or a stylesheet's url() and @import."""
        return self.page.refs if self.suffix in HTML_SUFFIXES else parse_css(self.text)


@dataclass(frozen=True)
class Rule:
    """name: its cache key's prefix; suffixes: the files it reads (None: all); facts: its result
    is data for a later step (links), not problems; pick(rel, result): the problems of a result
    that holds more than one answer (each as the site may be when the file is looked up)."""

    name: str
    config: str  # a key of everything besides the file that the result depends on
    run: Callable[[FileView], object]
    suffixes: frozenset[str] | None = None
    facts: bool = False
    pick: Callable[[str, object], object] | None = None

    def problems(self, rel: str, result):
        return self.pick(rel, result) if self.pick else result

    def applies(self, suffix: str) -> bool:
        return self.suffixes is None or suffix in self.suffixes

    @property
    def key(self) -> str:
        return f"{self.name}:{self.config}"


PAGES = frozenset(HTML_SUFFIXES)
WITH_REFS = frozenset(HTML_SUFFIXES | {".css"})


def per_file_rules(site: Site, sitemap_of: Path | None = None) -> list[Rule]:
    """The rules, each configured for this site (its address, allowed origins, names, kind);
    sitemap_of: the folder whose sitemap lists the pages (default: the site's)."""
    names = WithheldNames(site.forbidden, site.shown)
    listed = preview.sitemap_paths(sitemap_of or site.output_dir)
    address = site.site_url
    return [
        Rule("links", config_key(address), lambda f: _encode_links(site, f), WITH_REFS, True),
        Rule("ids", config_key(), lambda f: sorted(f.page.ids), PAGES, True),
        Rule(
            "origins",
            config_key(address, sorted(site.allowed_origins)),
            lambda f: encode(origins.check_refs(site, f.path, f.refs)),
            WITH_REFS,
        ),
        Rule("inline", config_key(), lambda f: encode(inline.check_page(f.path, f.page)), PAGES),
        Rule("active", config_key(), lambda f: encode(active.check_page(f.path, f.page)), PAGES),
        # Whether a page is in the sitemap (listed, or hidden on purpose) changes as stories
        # come and go: both answers are kept, and the sitemap of this check picks one.
        Rule(
            "preview",
            config_key(site.production),
            lambda f: {
                state: encode(preview.check_page(f.path, f.page, production=site.production, hidden=hidden))
                for state, hidden in (("listed", False), ("hidden", True))
            },
            PAGES,
            pick=lambda rel, both: both["hidden" if preview.unlisted(rel, listed) else "listed"],
        ),
        Rule("images", config_key(), lambda f: encode(images.check_image(f.path)), frozenset(IMAGE_SUFFIXES)),
        Rule(
            "names",
            config_key(names.key),
            lambda f: encode(forbidden.check_file(names, f.path, f.rel, f.data if _has_text(f) else None)),
        ),
    ]


def _has_text(view: FileView) -> bool:
    return view.suffix not in IMAGE_SUFFIXES and view.size <= forbidden.MAX_BYTES


def _encode_links(site: Site, view: FileView) -> dict:
    problems, found = links.targets(site, view.path, view.refs)
    return {"problems": encode(problems), **links.summary(found)}


def encode(problems: list[Problem]) -> list[list]:
    """Problems as JSON-able rows; the file they name is the file they were found in."""
    return [[p.message, p.line, p.field, p.level, list(p.conceal), list(p.conceal_path)] for p in problems]


def decode(path: Path, rows: list[list]) -> list[Problem]:
    return [
        Problem(path, message, field, line, level, tuple(conceal), tuple(conceal_path))
        for message, line, field, level, conceal, conceal_path in rows
    ]
