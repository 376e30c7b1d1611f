"""The controlled vocabularies: every YAML file in content/data/ whose `_schema:` block says
what its entries need and how they are shown.

A new vocabulary is data: a file with a `_schema:` block (see content/data/outcomes.yml) and a
schema field `Field(kind="vocab", vocab="<file name>")`. Validation, messages, the new-story
notes, the editor's menus and the staff guide's key lists all read the declaration from here;
so do the site's pages: `pages:` gives each entry that has stories its own listing page, in
every language, drawn with the theme's `template:` (`vocabulary.html` unless it names another).
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..problems import ERROR, NOTICE, Problem
from . import schema
from .models import VOCABULARY_MODELS, Entry
from .names import SLUG

SCHEMA_KEY = "_schema"
# What a `_schema:` block may say; `noun` and `required` it must.
SCHEMA_FIELDS = ("noun", "title", "required", "optional", "listed", "menu", "translate", "pages", "template")
DEFAULT_TEMPLATE = "vocabulary"  # theme/templates/vocabulary.html: any vocabulary's listing page
_EXAMPLE = '_schema:\n  noun: a topic\n  title: Topics\n  required: [label]\n  listed: "{label}"'


@dataclass(frozen=True)
class Vocabulary:
    """One file of content/data/: its declaration and its entries, in file order."""

    name: str  # the file name without .yml, as schema fields name it
    path: Path
    noun: str  # one entry with its article, for messages: "an outcome"
    title: str  # the heading of its key list in the staff guide
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    listed: str = ""  # how the guide and new-story notes show an entry: "{name} ({short_name})"
    menu: str = ""  # how the editor's menu shows an entry; `listed` when not given
    translate: tuple[str, ...] = ()  # fields visitors read in their language (gettext catalogs)
    pages: str = ""  # each entry's listing page, e.g. "stories/partner/{key}/"; "" for none
    template: str = DEFAULT_TEMPLATE  # the theme template of those pages, without .html
    entries: dict[str, object] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # key -> field -> text

    def listed_as(self, key: str) -> str:
        return self.listed.format_map(self.texts[key])

    def menu_label(self, key: str) -> str:
        return (self.menu or self.listed).format_map(self.texts[key])

    def name_of(self, entry) -> str:
        """An entry (perhaps in another language) as `listed:` shows it: a listing page's name."""
        return self.listed.format_map({f: getattr(entry, f, "") for f in (*self.required, *self.optional)})


class Vocabularies:
    """Every vocabulary by name; `vocab.partners` is the entries of partners.yml by key."""

    def __init__(self, vocabularies: dict[str, Vocabulary] | None = None):
        self.by_name: dict[str, Vocabulary] = dict(vocabularies or {})

    def __getattr__(self, name: str) -> dict[str, object]:
        by_name = self.__dict__.get("by_name", {})
        if name in by_name:
            return by_name[name].entries
        raise AttributeError(f"no vocabulary '{name}' (content/data/{name}.yml)")

    def __iter__(self) -> Iterator[Vocabulary]:
        return iter(self.by_name.values())

    def __contains__(self, name: str) -> bool:
        return name in self.by_name

    def __getitem__(self, name: str) -> Vocabulary:
        return self.by_name[name]

    def keys(self, name: str) -> list[str]:
        return list(self.by_name[name].entries) if name in self.by_name else []

    def entries(self, name: str) -> dict[str, object]:
        return self.by_name[name].entries if name in self.by_name else {}

    def noun(self, name: str) -> str:
        return self.by_name[name].noun if name in self.by_name else "a key"


def used_by_fields() -> list[str]:
    """The vocabularies story and page fields name, in schema order."""
    names: list[str] = []
    for f in _vocab_fields((*schema.STORY_FIELDS, *schema.PAGE_FIELDS)):
        if f.vocab not in names:
            names.append(f.vocab)
    return names


def _vocab_fields(fields) -> Iterator[schema.Field]:
    for f in fields:
        if f.kind == "vocab" and f.vocab:
            yield f
        yield from _vocab_fields(f.fields)


def load(data_dir: Path) -> tuple[Vocabularies, list[Problem]]:
    """Read every vocabulary: the files fields name, and any other file with a `_schema:` block."""
    problems: list[Problem] = []
    found: dict[str, Vocabulary] = {}
    needed = used_by_fields()
    names = needed + sorted(p.stem for p in data_dir.glob("*.yml") if p.stem not in needed)
    for name in names:
        path = data_dir / f"{name}.yml"
        data = _read(path, problems, needed=name in needed)
        if data is None:
            continue
        vocabulary = _declared(name, path, data.pop(SCHEMA_KEY), problems)
        if vocabulary is not None:
            _fill(vocabulary, data, problems)
            found[name] = vocabulary
    return Vocabularies(found), problems


def _read(path: Path, problems: list[Problem], needed: bool) -> dict | None:
    """The file's mapping if it is a vocabulary; None (with a problem if it should be one)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        problems.append(Problem(path, "this vocabulary file is missing; restore it from Git."))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(path, f"this file is not valid YAML: {exc}"))
        return None
    if not isinstance(data, dict):
        if needed:
            problems.append(Problem(path, "this file must be a list of 'key:' entries."))
        return None
    if SCHEMA_KEY not in data:
        if needed:  # a data file nothing names as a vocabulary may be something else
            problems.append(
                Problem(
                    path,
                    "this vocabulary has no `_schema:` block saying what "
                    "each entry needs. Add one at the top, like:\n" + _EXAMPLE,
                    field=SCHEMA_KEY,
                )
            )
        return None
    return data


def _declared(name: str, path: Path, block, problems: list[Problem]) -> Vocabulary | None:
    """The vocabulary the `_schema:` block declares, or None after saying what is wrong."""
    said: list[Problem] = []

    def problem(message: str, level: str = ERROR) -> None:
        said.append(Problem(path, message, field=SCHEMA_KEY, level=level))

    if not isinstance(block, dict):
        problem("should be a group of settings, each on its own indented line, like:\n" + _EXAMPLE)
        problems.extend(said)
        return None
    unknown = [key for key in block if key not in SCHEMA_FIELDS]
    for key in unknown:
        problem(
            f"'{key}' is not a setting a `_schema:` block has. Use: {', '.join(SCHEMA_FIELDS)}.", level=NOTICE
        )
    required, optional = _names(block.get("required")), _names(block.get("optional"))
    translate = _names(block.get("translate"))
    if not str(block.get("noun") or "").strip():
        problem("has no noun: add how messages name one entry, with its article, e.g. `noun: a topic`.")
    if not required:
        problem("has no required fields: list the fields every entry must fill in, e.g. `required: [label]`.")
    fields = (*required, *optional)
    listed = str(block.get("listed") or "").strip() or (f"{{{required[0]}}}" if required else "")
    menu = str(block.get("menu") or "").strip()
    for setting, template in (("listed", listed), ("menu", menu)):
        named_fields = _placeholders(template)
        if named_fields is None:
            problem(
                f"{setting}: '{template}' opens a {{ it does not close (or the reverse). "
                'Write each field name in braces, like "{label}".'
            )
        for named in named_fields or ():
            if named not in fields:
                problem(
                    f"{setting} shows {{{named}}}, which is not one of this file's fields "
                    f"({', '.join(fields)}). Use one of them, or add it to `optional:`."
                )
    for named in translate:
        if named not in fields:
            problem(
                f"translate names '{named}', which is not one of this file's fields "
                f"({', '.join(fields)}). Use one of them, or add it to `optional:`."
            )
    pages, template = _pages(block, problem)
    problems.extend(said)
    if any(p.level == ERROR for p in said):
        return None
    return Vocabulary(
        name,
        path,
        str(block["noun"]).strip(),
        str(block.get("title") or name.replace("_", " ").capitalize()).strip(),
        required,
        optional,
        listed,
        menu,
        translate,
        pages,
        template,
    )


_PAGES_EXAMPLE = "`pages: stories/topic/{key}/`"


def _pages(block: dict, problem) -> tuple[str, str]:
    """The `pages:` address pattern and `template:` name, after saying what is wrong with them."""
    pages = str(block.get("pages") or "").strip().lstrip("/")
    template = str(block.get("template") or DEFAULT_TEMPLATE).strip().removesuffix(".html")
    if pages and (_placeholders(pages) != ["key"] or not pages.endswith("/") or "://" in pages):
        problem(
            f"pages: '{pages}' should be the address of each entry's page, a folder with {{key}} "
            f"in it (the entry's key), like {_PAGES_EXAMPLE}."
        )
    if not template.replace("-", "_").isidentifier():
        problem(f"template: '{template}' should name a file of theme/templates/, like `vocabulary`.")
    return pages, template


def _names(value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return tuple(str(v).strip() for v in value or () if str(v).strip())


def _placeholders(template: str) -> list[str] | None:
    """The field names a `listed:` or `menu:` template shows; None if its braces do not pair."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(template) if name]
    except ValueError:
        return None


def _fill(vocabulary: Vocabulary, data: dict, problems: list[Problem]) -> None:
    """Check each entry against the declaration; keep the ones that pass."""
    path, fields = vocabulary.path, (*vocabulary.required, *vocabulary.optional)
    model = VOCABULARY_MODELS.get(vocabulary.name)
    for key, entry in data.items():
        key = str(key)
        if not isinstance(entry, dict):
            problems.append(Problem(path, "each entry needs fields under it.", field=key))
            continue
        if vocabulary.pages and not SLUG.fullmatch(key):
            problems.append(
                Problem(
                    path,
                    f"entry '{key}': its key is part of its page's address ({SCHEMA_KEY}: pages), "
                    "so it may hold only lower-case letters, digits and single hyphens, like "
                    "`case-pending`.",
                    field=key,
                )
            )
            continue
        missing = [name for name in vocabulary.required if not entry.get(name)]
        for name in missing:
            problems.append(Problem(path, f"entry '{key}' has no {name}; add one.", field=key))
        for name in entry:
            if name not in fields:
                problems.append(
                    Problem(
                        path,
                        f"entry '{key}' has '{name}', which this file's `_schema:` does not "
                        f"list, so nothing shows it. Fields: {', '.join(fields)}.",
                        field=key,
                        level=NOTICE,
                    )
                )
        if missing:
            continue
        texts = {name: str(entry.get(name) or "") for name in fields}
        vocabulary.texts[key] = texts
        vocabulary.entries[key] = _entry(model, key, texts)


def _entry(model, key: str, texts: dict[str, str]):
    """The theme's typed object for outcomes and partners (models.py); an Entry for the rest."""
    if model is None:
        return Entry(key, texts)
    names = [f.name for f in dataclasses.fields(model) if f.name != "key"]
    return model(key, **{name: texts.get(name, "") for name in names})
