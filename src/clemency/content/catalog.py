"""Read every story folder once: validate, merge translations, and decide what may be published."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ..problems import ERROR, WARNING, Problem
from . import consent as consent_rules
from . import frontmatter, names, sanitize, storycache
from . import vocab as vocab_module
from .models import Story
from .pages import check_page
from .schema import NAME_LEVELS, PAGE_FIELDS, STORY_FIELDS, TRANSLATION_INHERITED_ONLY, text_values
from .validate import check_story
from .vocab import Vocabularies

# What the next build does with a story: shown to visitors, kept off the site for now (draft or
# hidden), off until consent is recorded or re-confirmed, off for good, or off until fixed.
STATES = ("published", "draft-or-hidden", "waiting-on-consent", "withdrawn", "has-problems")
# A story's words. Its own page prints them from the story itself, so the live preview shows a
# save of these on that page at once (clemency.build.textedit); the whole rebuild that follows
# brings what else shows them (the cards on other pages, the share picture) up to date.
TEXT_FIELDS = ("body", "title", "summary", "content_notes")
TRANSLATION_FILE = re.compile(r"^index\.([a-z]{2,3})\.md$")
_CLIENT_LINE = re.compile(r"(?m)^client:[ \t]*(.+?)[ \t]*$")


@dataclass
class Catalog:
    """What the build publishes, keyed by the story file's resolved path."""

    published: dict[Path, Story] = field(default_factory=dict)
    # Story files that must produce no output at all (withdrawn, no or expired consent, invalid).
    unpublished: set[Path] = field(default_factory=set)
    # Names that must appear in no output file, because their story is not published.
    unpublished_names: set[str] = field(default_factory=set)
    # Words no output file may hold either: the name parts consent keeps hidden (of every story)
    # and the old addresses (folder names) of stories that are not published.
    withheld: set[str] = field(default_factory=set)
    # Names the site shows with consent (full names, attorneys): a withheld surname inside one
    # of them is another person's name, not a leak.
    shown_names: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # Each story folder's index.md -> what the next build does with it (a STATES value).
    states: dict[Path, str] = field(default_factory=dict)
    # Every Markdown file the catalog read: the build reads exactly these (one discovery).
    sources: set[Path] = field(default_factory=set)
    # Folders under stories/ the catalog does not read, relative to it (e.g. "_drafts").
    skipped_folders: list[str] = field(default_factory=list)
    # Each published file's text as the site prints it (Markdown rendered, then sanitised), and
    # a notice for each thing the sanitiser removed; only when load() was given the settings.
    html: dict[Path, str] = field(default_factory=dict)
    text_notices: list[Problem] = field(default_factory=list)
    # Each story folder -> storycache.folder_digest of its files, when load() used a cache.
    digests: dict[Path, bytes] = field(default_factory=dict)

    def merge(self, other: Catalog) -> None:
        """Add what `other` (one folder's part) holds."""
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(mine, dict | set):
                mine.update(value)
            else:
                mine.extend(value)

    def count(self, state: str) -> int:
        return sum(1 for s in self.states.values() if s == state)

    def story_for(self, path: Path) -> Story | None:
        return self.published.get(_resolved(path))

    def html_for(self, path: Path) -> str | None:
        """The file's text as the site prints it, if load() rendered it."""
        return self.html.get(_resolved(path))

    def reads(self, path: Path) -> bool:
        return _resolved(path) in self.sources

    def is_unpublished(self, path: Path) -> bool:
        return _resolved(path) in self.unpublished

    def text_edits(self, part: Catalog) -> dict[Path, Story] | None:
        """If `part`, one published story folder read again (read_folder), differs from what this
        catalog holds of it only in what its stories' own pages print of their words (TEXT_FIELDS:
        text, title, summary, content notes): those stories (file -> Story); else None.

        Anything else (any other field, consent, a name, a file added or gone, a problem or a
        notice) is None: only a whole build may decide what it changes."""
        if part.problems or part.text_notices or not part.published:
            return None
        folder = next(iter(part.published)).parent
        if set(part.published) != {p for p in self.published if p.parent == folder}:
            return None
        if any(self.states.get(index) != state for index, state in part.states.items()):
            return None
        for name in ("unpublished", "unpublished_names", "withheld", "shown_names"):
            if not getattr(part, name) <= getattr(self, name):
                return None
        if not set(part.notices) <= set(self.notices):
            return None
        edits = {}
        for path, story in part.published.items():
            last = self.published[path]
            if _all_but_text(story) != _all_but_text(last):
                return None
            if any(getattr(story, name) != getattr(last, name) for name in TEXT_FIELDS):
                edits[path] = story
        return edits

    def forbidden_words(self) -> list[str]:
        """What no built file may hold: unpublished clients' names, and the withheld words that
        are not also part of a name the site shows with consent (another client called Nguyen)."""
        return sorted(self.unpublished_names | self.not_shown(self.withheld))

    def not_shown(self, words) -> set[str]:
        """The words that are no part of a name the site shows with consent."""
        shown = {names.fold(w) for n in self.shown_names for w in names.parts(n)}
        return {w for w in words if names.fold(w) not in shown}


def _all_but_text(story: Story) -> Story:
    """The story without its words (TEXT_FIELDS), its vocabulary entries by key: a build gives a
    translation the entries in its language (clemency.i18n.views), which a fresh read has not yet."""
    keys = {name: [entry.key for entry in entries] for name, entries in story.terms.items()}
    return dataclasses.replace(story, **{name: None for name in TEXT_FIELDS}, terms=keys)


@functools.lru_cache(maxsize=1 << 16)
def _resolved(path: Path | str) -> Path:
    # Pelican asks about each of its files several times a build: resolve each path once.
    return Path(path).resolve()


def load(
    stories_dir: Path,
    vocab: Vocabularies,
    today: dt.date,
    *,
    languages=("en",),
    default_lang: str = "en",
    preview: bool = False,
    markdown: Mapping | None = None,
    cache: Path | None = None,
) -> Catalog:
    """Load all stories. In a preview, stories awaiting consent are shown (never withdrawn ones).

    markdown: the site's MARKDOWN settings; given, each published text is rendered and sanitised
    (catalog.html, catalog.text_notices). cache: a folder where each story folder's result is
    kept, keyed by its files and everything else it depends on (clemency.content.storycache).
    """
    catalog = Catalog()
    folders = storycache.StoryCache(
        cache, (vocab, today, languages, default_lang, preview, markdown, names.names_may_show())
    )
    if not stories_dir.is_dir():
        return catalog
    seen_slugs: dict[str, Path] = {}
    for entry in sorted(stories_dir.iterdir()):
        if entry.name.startswith((".", "_")):
            if entry.is_dir():
                _skip_folder(
                    catalog,
                    stories_dir,
                    entry,
                    f"its name starts with '{entry.name[0]}', which keeps a folder off the site",
                )
            continue
        if entry.is_file() and entry.suffix.lower() == ".md":
            folder = names.slugify(entry.stem) or "story"
            catalog.sources.add(_resolved(entry))
            catalog.problems.append(
                _unread(
                    Problem(
                        entry,
                        "stories live in a folder of their own. Move this file to "
                        f"stories/{folder}/index.md.",
                    ),
                    entry,
                )
            )
            continue
        if not entry.is_dir():
            continue
        index = _check_folder(entry, seen_slugs, catalog)
        if index is None:
            continue
        part = folders.get(entry)
        if part is None:
            part = read_folder(entry, vocab, today, languages, default_lang, preview, markdown)
            # Only stories whose consent is in order are kept: a cache follows consent.
            folders.put(entry, part if part.states.get(index) in ("published", "draft-or-hidden") else None)
        catalog.merge(part)
        if entry in folders.digests:
            catalog.digests[entry] = folders.digests[entry]
    folders.prune()
    _check_mentions_of_stories_down(catalog, cache)
    return catalog


def withheld_of_stories_down(catalog: Catalog) -> names.WithheldNames | None:
    """The clients of the stories not published, their surnames and the stories' addresses, as
    a search (None when every story is published); names shown with consent are read over."""
    down = [i for i, s in catalog.states.items() if s not in ("published", "draft-or-hidden")]
    if not down:
        return None
    surnames = {w for c in catalog.unpublished_names for w in consent_rules.surnames(c)}
    words = catalog.not_shown({i.parent.name for i in down} | surnames)  # as forbidden_words
    return names.WithheldNames([*catalog.unpublished_names, *words], catalog.shown_names)


def _check_mentions_of_stories_down(catalog: Catalog, cache: Path | None = None) -> None:
    """A published text that names a story not published (its client, their surname, its
    address) is an error in that file, at the field and line, before anything is built. The
    site check would refuse the page too, but staff edit the story, not the page.
    cache: the stories' cache folder, where the folders found clean are kept (storycache.Clean)."""
    withheld = withheld_of_stories_down(catalog)
    if withheld is None:
        return
    digests = {folder.name: digest.hex() for folder, digest in catalog.digests.items()}
    clean = storycache.Clean(cache, withheld.key)
    folders: dict[Path, list[Path]] = {}
    for path in sorted(catalog.published):
        folders.setdefault(path.parent, []).append(path)
    for folder, paths in folders.items():
        digest = digests.get(folder.name)
        if digest in clean:
            continue
        found = [p for p in map(partial(_mention_of_story_down, withheld=withheld), paths) if p]
        catalog.problems += found
        if digest and not found:
            clean.add(digest)
    clean.save()


def _mention_of_story_down(
    path: Path, withheld: names.WithheldNames, fields: tuple = STORY_FIELDS
) -> Problem | None:
    """The first field (or line of the text) of a published file that names a story down;
    fields: the schema of its front matter (a story's, or PAGE_FIELDS for a page)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    doc = frontmatter.parse(text)
    for where, value in text_values(doc.meta, fields):  # a client's own name is not among them
        if found := withheld.found([names.fold(value)]):
            line = doc.lines.get(where.split("[")[0].split(".")[0])
            break
    else:
        if not (found := withheld.found([names.fold(doc.body)])):
            return None
        rows = text.splitlines()[doc.body_line - 1 :]
        where = "body"  # at the line that names them, or where the text starts (across lines)
        line = doc.body_line + next((n for n, row in enumerate(rows) if withheld.found([names.fold(row)])), 0)
    return Problem(
        path,
        (
            f"mentions {', '.join(names.masked(n) for n in found)} (withheld from this log): the "
            "name, surname or address of a client whose story is not published (withdrawn, or "
            "waiting on consent). Remove the mention; nothing consent withholds may reach visitors."
        ),
        field=where,
        line=line,
    )


def read_folder(
    folder: Path, vocab, today: dt.date, languages, default_lang: str, preview: bool, markdown: Mapping | None
) -> Catalog:
    """One story folder's part of the catalog (see `load`; the folder's name is checked there)."""
    part = Catalog()
    _load_story(folder, folder / "index.md", vocab, today, languages, default_lang, preview, part)
    if markdown is not None:
        _render(part, markdown)
    return part


def _render(part: Catalog, markdown: Mapping) -> None:
    for path, story in sorted(part.published.items()):
        cleaned = sanitize.rendered(story.body, markdown)
        part.html[path] = cleaned.html
        body_line = frontmatter.parse(frontmatter.read_text(path)).body_line
        part.text_notices += sanitize.removal_notices(story.path, story.body, body_line, cleaned.removals)


def _skip_folder(catalog: Catalog, stories_dir: Path, folder: Path, why: str) -> None:
    catalog.skipped_folders.append(folder.relative_to(stories_dir).as_posix())
    if any(folder.rglob("*.md")):
        catalog.notices.append(f"{folder.relative_to(stories_dir).as_posix()}/: not read, {why}.")


def _check_folder(folder: Path, seen_slugs: dict, catalog: Catalog) -> Path | None:
    """The folder's index.md if it may be read as a story; else say why (and return None)."""
    index = folder / "index.md"
    md_files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".md" and p.is_file())
    catalog.sources.update(map(_resolved, md_files))
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        _skip_folder(catalog, folder.parent, sub, "a story's texts sit directly in its folder")
    if not index.is_file():
        if md_files:
            catalog.problems.append(
                _unread(
                    Problem(
                        md_files[0],
                        f"a story's main file must be called index.md. Rename it to {folder.name}/index.md.",
                    ),
                    md_files[0],
                )
            )
        return None
    slug = folder.name
    key = names.slugify(slug) or "story"
    if key in seen_slugs:
        other = seen_slugs[key].parent.name
        catalog.problems.append(
            _unread(
                Problem(
                    index,
                    f"two stories have the address '{key}': this folder and {other}/. Rename one "
                    "of the folders.",
                ),
                index,
                seen_slugs[key],
            )
        )
        return None
    seen_slugs[key] = index
    if not names.SLUG.fullmatch(slug):
        catalog.problems.append(
            _unread(
                Problem(
                    index,
                    f"the folder name '{slug}' is used in the story's web address, so it may only "
                    f"hold lowercase letters, digits and hyphens. Rename the folder to '{key}'.",
                ),
                index,
            )
        )
        return None
    return index


def _load_story(folder, index, vocab, today, languages, default_lang, preview, catalog):
    slug = folder.name
    md_files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".md" and p.is_file())
    original_doc = _read(index, catalog)
    if original_doc is None:
        catalog.unpublished.add(_resolved(index))
        catalog.withheld.add(slug)
        catalog.states[index] = "has-problems"
        return
    story, problems = check_story(original_doc, index, slug, vocab, today, lang=default_lang)
    client = str(original_doc.meta.get("client") or "").strip()
    raw_consent = original_doc.meta.get("consent")
    withdrawn = isinstance(raw_consent, dict) and raw_consent.get("withdrawn") is True
    level = raw_consent.get("name") if isinstance(raw_consent, dict) else None
    level = level if level in NAME_LEVELS else None
    translations = [p for p in md_files if p.name != "index.md"]
    hidden = consent_rules.hidden_names(client, level or "first")
    catalog.withheld.update(hidden)

    if withdrawn:
        # Withdrawing is a normal action: no error, the story simply disappears everywhere.
        _hide(catalog, [index, *translations], client, slug)
        catalog.notices.append(
            f"{_for_log(slug, names.parts(client))}: not published, consent was withdrawn."
        )
        catalog.states[index] = "withdrawn"
        return

    state = consent_rules.state(story.consent, today) if story else None
    if story and state == consent_rules.EXPIRED:
        level_of_problem = WARNING if preview else ERROR
        problems.append(
            Problem(
                index,
                f"the client's consent review was due on {story.consent.review}: "
                "re-confirm with the client, then update consent.review.",
                field="consent.review",
                line=original_doc.lines.get("consent.review"),
                level=level_of_problem,
            )
        )
    if level:
        wrong_address = consent_rules.address_problem(
            slug, client, level, str(original_doc.meta.get("title") or "")
        )
        if wrong_address:
            problems.append(Problem(index, wrong_address, field="folder"))
    if preview:
        problems = [_soften(p) if p.field.startswith("consent") else p for p in problems]
    # Logs (CI's are often public) never name the person: the message masks every part of the
    # name, the path the parts consent keeps hidden (all of them until consent is in order).
    path_words = hidden if _consent_in_order(raw_consent, today) else names.parts(client)
    conceal = _concealer(client, path_words)
    catalog.problems.extend(conceal(p) for p in problems)
    awaiting_consent = state in (consent_rules.MISSING, consent_rules.EXPIRED)
    misnamed = any(p.field == "folder" for p in problems)
    if story is None or misnamed or (awaiting_consent and not preview):
        _hide(catalog, [index, *translations], client, slug)
        catalog.states[index] = (
            "waiting-on-consent"
            if story is not None and not misnamed and awaiting_consent
            else "has-problems"
        )
        return
    catalog.published[_resolved(index)] = story
    catalog.states[index] = "published" if story.status == "published" else "draft-or-hidden"
    if level in ("full", "pseudonym"):
        catalog.shown_names.add(story.display_name)
    catalog.shown_names.update(a.name for a in story.attorneys)
    if story.status == "draft":
        catalog.notices.append(
            f"{_for_log(slug, path_words)}: a draft, so not published. Set "
            "status: published when it is ready."
        )

    for path in translations:
        match = TRANSLATION_FILE.match(path.name)
        if not match or match[1] not in languages:
            catalog.problems.append(
                Problem(
                    path,
                    "translations are named index.<language>.md, "
                    f"with a language of {', '.join(languages)}: e.g. "
                    "index.km.md.",
                )
            )
            continue
        _load_translation(path, match[1], original_doc, story, vocab, today, catalog, conceal)


def _load_translation(path, lang, original_doc, original, vocab, today, catalog, conceal):
    doc = _read(path, catalog, original.client)
    if doc is None:
        catalog.unpublished.add(_resolved(path))
        return
    for name in TRANSLATION_INHERITED_ONLY:
        if name in doc.meta:
            catalog.problems.append(
                Problem(
                    path,
                    f"a translation cannot change {name}: it comes from index.md. Remove it from this file.",
                    field=name,
                    line=doc.lines.get(name),
                )
            )
    merged = dict(original_doc.meta)
    merged.update({k: v for k, v in doc.meta.items() if k not in TRANSLATION_INHERITED_ONLY})
    # A translation may translate the photo's alt text and caption; the file stays the original's.
    if isinstance(doc.meta.get("photo"), dict) and isinstance(original_doc.meta.get("photo"), dict):
        merged["photo"] = {**original_doc.meta["photo"], **doc.meta["photo"]}
    merged["consent"] = original_doc.meta.get("consent")
    doc.meta = merged
    story, problems = check_story(doc, path, original.slug, vocab, today, lang=lang, translation=True)
    catalog.problems.extend(conceal(p) for p in problems if not p.field.startswith("consent"))
    if story is None:
        catalog.unpublished.add(_resolved(path))
        return
    story.consent = original.consent
    if original.status != "published":  # a draft original keeps every language a draft
        story.status = original.status
    catalog.published[_resolved(path)] = story


def _read(path: Path, catalog: Catalog, client: str = ""):
    try:
        return frontmatter.parse(frontmatter.read_text(path))
    except frontmatter.FrontMatterError as exc:
        # Unreadable, so consent is unknown: mask the name (read from its line, if it is
        # there) in the message and the folder alike.
        client = client or _client_line(path)
        catalog.problems.append(
            Problem(
                path, exc.message, line=exc.line, conceal=(client,), conceal_path=tuple(names.parts(client))
            )
        )
        if client:
            catalog.unpublished_names.add(client)
        return None


def _unread(problem: Problem, *paths: Path) -> Problem:
    """A problem found before the story is read: mask the names on the files' client lines."""
    clients = [c for c in map(_client_line, paths) if c]
    return dataclasses.replace(
        problem, conceal=tuple(clients), conceal_path=tuple(w for c in clients for w in names.parts(c))
    )


def _client_line(path: Path) -> str:
    text = path.read_bytes().decode("utf-8", errors="replace")
    found = _CLIENT_LINE.search(text)
    return found[1].strip().strip("\"'").strip() if found else ""


def _hide(catalog: Catalog, paths: list[Path], client: str, address: str) -> None:
    """A story that is not published: its files, address and name reach no page. Whatever the
    consent said, the surname alone is withheld too (a full-consent story, withdrawn, named its
    client in full). The first name alone is not added: it is as often an everyday word (Hope,
    Will); a story whose address is the first name withholds it as its address."""
    catalog.unpublished.update(map(_resolved, paths))
    catalog.withheld.add(address)
    if client:
        catalog.unpublished_names.add(client)
        catalog.withheld.update(consent_rules.surnames(client))


def _consent_in_order(raw, today: dt.date) -> bool:
    """The consent record is complete and current (whatever else is wrong with the story)."""
    if not isinstance(raw, dict) or raw.get("name") not in NAME_LEVELS or raw.get("withdrawn"):
        return False
    given, review = raw.get("given"), raw.get("review")
    return (
        isinstance(raw.get("photo"), bool)
        and isinstance(given, dt.date)
        and isinstance(review, dt.date)
        and review >= today
    )


def _for_log(folder: str, words: list[str]) -> str:
    return folder if names.names_may_show() else names.conceal(folder, words)


def _concealer(client: str, path_words: list[str]):
    def conceal(problem: Problem) -> Problem:
        return dataclasses.replace(problem, conceal=(client,), conceal_path=tuple(path_words))

    return conceal


def _soften(problem: Problem) -> Problem:
    return Problem(problem.path, problem.message, problem.field, problem.line, level=WARNING)


DEFAULTS = {
    "STORIES_PATH": "stories",
    "STORIES_DATA_PATH": "content/data",
    "STORIES_PREVIEW": False,
    "STORIES_TODAY": None,  # a date, for tests; otherwise today (consent review dates need it)
    # Each story folder's validated, rendered result, reused while nothing it depends on changed.
    "STORIES_CACHE_PATH": ".cache/stories",
    "LANGUAGES": ["en"],
}


def settings_with_defaults(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings


def today(settings: dict) -> dt.date:
    value = settings.get("STORIES_TODAY") or os.environ.get("STORIES_TODAY")
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if value else dt.date.today()


def load_site(settings: dict):
    """Read vocabularies, stories and pages; return (vocab, catalog, problems).

    A build asks twice (its site check, then the stories plugin) and the live preview on every
    save: while no file it reads has changed (by path, inode, size and times) and the settings it
    reads are the same, the last answer is given again instead of reading a thousand stories.
    """
    settings_with_defaults(settings)
    key = _load_key(settings)
    if _last_load and _last_load[0] == key:
        vocab, catalog, problems = _last_load[1]
        return vocab, catalog, list(problems)
    loaded = _load_site(settings)
    _last_load[:] = [key, loaded]
    return loaded[0], loaded[1], list(loaded[2])


_last_load: list = []  # [key, (vocab, catalog, problems)] of the last load_site in this process


def _load_key(settings: dict) -> tuple:
    root = Path(settings["PATH"])
    read = [settings["STORIES_PATH"], settings["STORIES_DATA_PATH"], *settings.get("PAGE_PATHS", [])]
    options = (
        repr(settings.get("MARKDOWN", {})),
        settings.get("STORIES_CACHE_PATH"),
        tuple(settings["LANGUAGES"]),
        settings["DEFAULT_LANG"],
        settings["STORIES_PREVIEW"],
        today(settings),
        names.names_may_show(),
    )
    return (str(root.resolve()), tuple(read), options, tuple(_signature(root / folder) for folder in read))


def _signature(folder: Path) -> tuple:
    """Every file and folder under `folder`: name, inode, size, times of change (ns)."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return ()
    for entry in entries:
        stat = entry.stat(follow_symlinks=False)
        found.append((entry.name, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))
        if entry.is_dir(follow_symlinks=False):
            found.append(_signature(Path(entry.path)))
    return tuple(found)


def _load_site(settings: dict):
    root = Path(settings["PATH"])
    vocab, problems = vocab_module.load(root / settings["STORIES_DATA_PATH"])
    markdown = settings.get("MARKDOWN", {})
    cache = settings.get("STORIES_CACHE_PATH")
    catalog = load(
        root / settings["STORIES_PATH"],
        vocab,
        today(settings),
        languages=tuple(settings["LANGUAGES"]),
        default_lang=settings["DEFAULT_LANG"],
        preview=settings["STORIES_PREVIEW"],
        markdown=markdown,
        cache=root / cache if cache else None,
    )
    problems += catalog.problems
    problems += catalog.text_notices
    withheld = withheld_of_stories_down(catalog)
    for page_dir in settings.get("PAGE_PATHS", []):
        for path in sorted((root / page_dir).rglob("*.md")):
            doc, page_problems = check_page(path)
            problems += page_problems
            if doc is not None:
                problems += sanitize.text_changes(path, doc.body, doc.body_line, markdown)
                if withheld is not None and (named := _mention_of_story_down(path, withheld, PAGE_FIELDS)):
                    problems.append(named)
    return vocab, catalog, problems
