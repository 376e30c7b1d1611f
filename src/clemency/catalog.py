"""Read every story folder once: validate, merge translations, and decide what may be published."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import consent as consent_rules
from . import frontmatter
from .models import Story
from .problems import Problem
from .schema import TRANSLATION_INHERITED_ONLY
from .validate import check_story
from .vocab import Vocabularies

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TRANSLATION_FILE = re.compile(r"^index\.([a-z]{2,3})\.md$")


@dataclass
class Catalog:
    """What the build publishes, keyed by the story file's resolved path."""

    published: dict[Path, Story] = field(default_factory=dict)
    # Story files that must produce no output at all (withdrawn, no or expired consent, invalid).
    unpublished: set[Path] = field(default_factory=set)
    # Names that must appear in no output file, because their story is not published.
    unpublished_names: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # Every Markdown file the catalog read: the build reads exactly these (one discovery).
    sources: set[Path] = field(default_factory=set)
    # Folders under stories/ the catalog does not read, relative to it (e.g. "_drafts").
    skipped_folders: list[str] = field(default_factory=list)

    def story_for(self, path: Path) -> Story | None:
        return self.published.get(Path(path).resolve())

    def reads(self, path: Path) -> bool:
        return Path(path).resolve() in self.sources

    def is_unpublished(self, path: Path) -> bool:
        return Path(path).resolve() in self.unpublished


def load(stories_dir: Path, vocab: Vocabularies, today: dt.date, *, languages=("en",),
         default_lang: str = "en", preview: bool = False) -> Catalog:
    """Load all stories. In a preview, stories awaiting consent are shown (never withdrawn ones)."""
    catalog = Catalog()
    if not stories_dir.is_dir():
        return catalog
    seen_slugs: dict[str, Path] = {}
    for entry in sorted(stories_dir.iterdir()):
        if entry.name.startswith((".", "_")):
            if entry.is_dir():
                _skip_folder(catalog, stories_dir, entry, "its name starts with "
                             f"'{entry.name[0]}', which keeps a folder off the site")
            continue
        if entry.is_file() and entry.suffix.lower() == ".md":
            catalog.sources.add(entry.resolve())
            catalog.problems.append(Problem(entry, "stories live in a folder of their own. Move "
                                            f"this file to stories/{_slugify(entry.stem)}/index.md."))
            continue
        if not entry.is_dir():
            continue
        _load_folder(entry, vocab, today, languages, default_lang, preview, seen_slugs, catalog)
    return catalog


def _skip_folder(catalog: Catalog, stories_dir: Path, folder: Path, why: str) -> None:
    catalog.skipped_folders.append(folder.relative_to(stories_dir).as_posix())
    if any(folder.rglob("*.md")):
        catalog.notices.append(f"{folder.relative_to(stories_dir).as_posix()}/: not read, {why}.")


def _load_folder(folder, vocab, today, languages, default_lang, preview, seen_slugs, catalog):
    index = folder / "index.md"
    md_files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".md" and p.is_file())
    catalog.sources.update(p.resolve() for p in md_files)
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        _skip_folder(catalog, folder.parent, sub, "a story's texts sit directly in its folder")
    if not index.is_file():
        if md_files:
            catalog.problems.append(Problem(md_files[0], "a story's main file must be called "
                                            f"index.md. Rename it to {folder.name}/index.md."))
        return
    slug = folder.name
    key = _slugify(slug)
    if key in seen_slugs:
        other = seen_slugs[key].parent.name
        catalog.problems.append(Problem(index, f"two stories have the address '{key}': this "
                                        f"folder and {other}/. Rename one of the folders."))
        return
    seen_slugs[key] = index
    if not SLUG.match(slug):
        catalog.problems.append(Problem(index, f"the folder name '{slug}' is used in the story's "
                                        "web address, so it may only hold lowercase letters, "
                                        f"digits and hyphens. Rename the folder to '{key}'."))
        return

    original_doc = _read(index, catalog)
    if original_doc is None:
        catalog.unpublished.add(index.resolve())
        return
    story, problems = check_story(original_doc, index, slug, vocab, today, lang=default_lang)
    client = str(original_doc.meta.get("client") or "").strip()
    raw_consent = original_doc.meta.get("consent")
    withdrawn = isinstance(raw_consent, dict) and raw_consent.get("withdrawn") is True
    translations = [p for p in md_files if p.name != "index.md"]

    if withdrawn:
        # Withdrawing is a normal action: no error, the story simply disappears everywhere.
        _hide(catalog, [index, *translations], client)
        catalog.notices.append(f"{index.parent.name}: not published, consent was withdrawn.")
        return

    state = consent_rules.state(story.consent, today) if story else None
    if story and state == consent_rules.EXPIRED:
        level = "warning" if preview else "error"
        problems.append(Problem(
            index, f"{story.client}'s consent review was due on {story.consent.review}: "
                   "re-confirm with the client, then update consent.review.",
            field="consent.review", line=original_doc.lines.get("consent.review"), level=level))
    if preview:
        problems = [_soften(p) if p.field.startswith("consent") else p for p in problems]
    catalog.problems.extend(problems)
    awaiting_consent = state in (consent_rules.MISSING, consent_rules.EXPIRED)
    if story is None or (awaiting_consent and not preview):
        _hide(catalog, [index, *translations], client)
        return
    catalog.published[index.resolve()] = story
    if story.status == "draft":
        catalog.notices.append(f"{slug}: a draft, so not published. Set status: published "
                               "when it is ready.")

    for path in translations:
        match = TRANSLATION_FILE.match(path.name)
        if not match or match[1] not in languages:
            catalog.problems.append(Problem(path, "translations are named index.<language>.md, "
                                            f"with a language of {', '.join(languages)}: e.g. "
                                            "index.km.md."))
            continue
        _load_translation(path, match[1], original_doc, story, vocab, today, catalog)


def _load_translation(path, lang, original_doc, original, vocab, today, catalog):
    doc = _read(path, catalog)
    if doc is None:
        catalog.unpublished.add(path.resolve())
        return
    for name in TRANSLATION_INHERITED_ONLY:
        if name in doc.meta:
            catalog.problems.append(Problem(path, f"a translation cannot change {name}: it comes "
                                            "from index.md. Remove it from this file.",
                                            field=name, line=doc.lines.get(name)))
    merged = dict(original_doc.meta)
    merged.update({k: v for k, v in doc.meta.items() if k not in TRANSLATION_INHERITED_ONLY})
    # A translation may translate the photo's alt text and caption; the file stays the original's.
    if isinstance(doc.meta.get("photo"), dict) and isinstance(original_doc.meta.get("photo"), dict):
        merged["photo"] = {**original_doc.meta["photo"], **doc.meta["photo"]}
    merged["consent"] = original_doc.meta.get("consent")
    doc.meta = merged
    story, problems = check_story(doc, path, original.slug, vocab, today, lang=lang,
                                  translation=True)
    catalog.problems.extend(p for p in problems if not p.field.startswith("consent"))
    if story is None:
        catalog.unpublished.add(path.resolve())
        return
    story.consent = original.consent
    if original.status != "published":  # a draft original keeps every language a draft
        story.status = original.status
    catalog.published[path.resolve()] = story


def _read(path: Path, catalog: Catalog):
    try:
        return frontmatter.parse(frontmatter.read_text(path))
    except frontmatter.FrontMatterError as exc:
        catalog.problems.append(Problem(path, exc.message, line=exc.line))
        return None


def _hide(catalog: Catalog, paths: list[Path], client: str) -> None:
    catalog.unpublished.update(p.resolve() for p in paths)
    if client:
        catalog.unpublished_names.add(client)


def _soften(problem: Problem) -> Problem:
    return Problem(problem.path, problem.message, problem.field, problem.line, level="warning")


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "story"
