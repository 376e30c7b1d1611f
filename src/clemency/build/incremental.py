"""Incremental builds: a page is taken from the last good build instead of rendered again when
nothing it shows has changed since.

What a page shows is summed up in a key:
- a story's page (each language): its folder (texts byte for byte, the photo's size and time),
  the cards of the stories it shows as related, and the sizes of the listings it links to;
- a page after the first of a long listing (clemency.site.pagination): the cards of the stories
  it shows, and which page of how many it is (the first, with the browse links and their
  counts, is keyed like the pages below);
- every other page the writer renders (home, listings, pages, 404): every story's card and the
  listings' make-up;
- and, for all of them, the site key: every input of the build except the story folders
  (settings, theme, pages, vocabularies, code, packages, today's date).
A story's card is what other pages print of it: its title, address, summary, fields and photo
in each language, never its text. So an edited sentence re-renders that story's pages only, an
edited title the pages that show its card too, and a theme change everything.

A page is reused only when the last good build recorded the same key for it and its file in
output/ is still that build's (same inode, size and time); otherwise it is rendered. Files
the writer does not render (feeds, sitemap, search index, images) are always made again. Pure:
no Pelican; the writer asks `reuse` before rendering, and the build saves the state after the
swap.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..content.storycache import canonical, folder_digest
from . import textedit

STATE = Path(".cache") / "build" / "pages.json"
VERSION = 1
# Settings overrides that change no page the writer renders (the preview's search index, and
# what it keeps of the last build for a text edit).
UNRENDERED = frozenset({"SEARCH_KEEP_INDEX_OF", textedit.SETTING})


def digest(*parts: object) -> str:
    return hashlib.blake2b(repr(canonical(parts)).encode(), digest_size=16).hexdigest()


def card(versions: Iterable) -> str:
    """What other pages show of a story (every language's version), never its text."""
    shown = []
    for version in versions:
        story = version.story
        photo = story.published_photo
        stat = photo.src.stat() if photo is not None and photo.src.is_file() else None
        shown.append(
            (
                version.lang,
                version.url,
                version.save_as,
                version.title,
                str(getattr(version, "summary", "")),
                replace(story, body=""),
                (stat.st_size, stat.st_mtime_ns) if stat else None,
            )
        )
    return digest(sorted(shown, key=repr))


class Pages:
    """Decides, page by page, whether the last good build's file can stand for a new render."""

    def __init__(self, previous: dict | None, site: str, output: Path) -> None:
        self.site = site
        self.output = Path(output)
        same = previous is not None and previous.get("site") == site and previous.get("version") == VERSION
        self.previous: dict[str, list] = previous.get("pages", {}) if same else {}
        self.keys: dict[str, str] = {}  # every page keyed in this build: what the state records
        self.story_pages: dict[str, str] = {}
        self.cards: dict[str, str] = {}  # story slug -> card()
        self.others = ""
        self.linked: set[str] = set()
        self.folders: set[Path] = set()  # made in staging already

    def plan(
        self, groups: dict[str, list], listing_sizes: dict[str, int], shown: object = (), digests=None
    ) -> None:
        """groups: story slug -> its versions (articles, every language); listing_sizes:
        "<vocabulary>:<key>" ("outcomes:pardon-granted") -> how many stories that listing shows (a story's
        page links to a listing that holds another story); shown: anything else listings show (the
        featured stories); digests: story folder -> folder_digest, if the catalog made them."""
        digests = digests or {}
        cards = self.cards = {slug: card(versions) for slug, versions in groups.items()}
        self.others = digest(sorted(cards.items()), sorted(listing_sizes.items()), shown)
        for versions in groups.values():
            story = versions[0].story
            folder = digests.get(story.folder) or folder_digest(story.folder)
            listings = [f"{name}:{e.key}" for name, entries in story.terms.items() for e in entries]
            # A story's page says only whether a listing holds more than this story ("More
            # stories with ..."), never how many (theme/README.md): a story added elsewhere in its
            # listing changes its page only when that crosses one.
            sizes = [min(listing_sizes.get(name) or 0, 2) for name in listings]
            for version in versions:
                related = [cards.get(r.slug) for r in getattr(version, "related", None) or ()]
                self.story_pages[version.save_as] = digest(folder, related, sizes, version.save_as)

    def key(self, name: str, page=None) -> str:
        """`page`: the clemency.site.pagination.Page that `name` is, if a listing's."""
        if page is not None and page.number > 1:
            shown = [self.cards.get(getattr(a, "slug", None)) for a in page.articles]
            return digest(shown, page.number, page.count, name)
        return self.story_pages.get(name) or digest(self.others, name)

    def reuse(self, name: str, staging: Path, page=None) -> bool:
        """True if `name` was linked into `staging` from output/ (then do not render it). Asked
        again for the same page, the same answer: a linked file is never written through."""
        if name in self.linked or name in self.keys:
            return name in self.linked
        key = self.keys[name] = self.key(name, page)
        recorded = self.previous.get(name)
        if not recorded or recorded[0] != key:
            return False
        old = self.output / name
        try:
            stat = old.stat()
        except OSError:
            return False
        if [stat.st_ino, stat.st_size, stat.st_mtime_ns] != recorded[1:]:
            return False  # output/ changed since the state was written: render to be sure
        target = staging / name
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        os.link(old, target)
        self.linked.add(name)
        return True


def state_file(project: Path) -> Path:
    return Path(project) / STATE


def load(project: Path, output: Path) -> dict | None:
    """The state of the last good build into `output`, or None."""
    try:
        state = json.loads(state_file(project).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return state if state.get("output") == str(Path(output).resolve()) else None


def save(project: Path, output: Path, pages: Pages, folder: Path) -> None:
    """Record each keyed page's key and its file as it now is in `folder` (soon output/)."""
    recorded = {}
    for name, key in pages.keys.items():
        with contextlib.suppress(OSError):
            stat = (folder / name).stat()
            recorded[name] = [key, stat.st_ino, stat.st_size, stat.st_mtime_ns]
    path = state_file(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {"version": VERSION, "site": pages.site, "output": str(Path(output).resolve()), "pages": recorded}
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(state), "utf-8")
    temp.replace(path)


def forget(project: Path, output: Path) -> None:
    """A build that renders every page into `output`: the state of the last build there is
    void. The state of another folder (output/, when `invoke check` builds aside) stays."""
    if load(project, output) is not None:
        with contextlib.suppress(OSError):
            state_file(project).unlink()
