"""The validated story, as plugins and templates see it (the context contract's data half)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Outcome:
    key: str
    label: str
    explanation: str


@dataclass(frozen=True)
class Partner:
    key: str
    name: str
    short_name: str
    url: str
    description: str = ""


@dataclass(frozen=True)
class Entry:
    """An entry of any other vocabulary: `entry.key`, and each declared field as `entry.<field>`."""

    key: str
    fields: dict[str, str] = field(default_factory=dict, compare=False)

    def __getattr__(self, name: str) -> str:
        fields = self.__dict__.get("fields", {})
        if name in fields:
            return fields[name]
        raise AttributeError(name)

    def __getitem__(self, name: str) -> str:
        return self.fields[name] if name != "key" else self.key


# The vocabularies whose entries templates and plugins read as typed objects (theme/README.md);
# every other vocabulary's entries are `Entry`s. Fields come from each file's `_schema:`.
VOCABULARY_MODELS: dict[str, type] = {"outcomes": Outcome, "partners": Partner}


@dataclass(frozen=True)
class Attorney:
    name: str
    firm: str = ""


@dataclass(frozen=True)
class Photo:
    """A story photo; `src` is an absolute path inside the story folder."""

    src: Path
    alt: str
    decorative: bool = False
    caption: str = ""
    credit: str = ""
    # Focal point as fractions of width and height (0.0 = left/top, 1.0 = right/bottom).
    focus: tuple[float, float] = (0.5, 0.5)


@dataclass(frozen=True)
class Consent:
    name: str  # full | first | pseudonym | anonymous
    photo: bool
    given: dt.date
    review: dt.date
    withdrawn: bool = False


@dataclass
class Story:
    """One story folder, validated. Everything a template prints about the person comes from here."""

    slug: str
    path: Path  # the index*.md file
    lang: str
    title: str
    date: dt.date
    summary: str
    client: str
    body: str
    consent: Consent | None
    # Vocabulary name -> the entries the story's fields chose ("outcomes" -> [Outcome], "partners"
    # -> [Partner, ...], and so for any vocabulary a schema field names), in the page's language.
    terms: dict[str, list] = field(default_factory=dict)
    attorneys: list[Attorney] = field(default_factory=list)
    photo: Photo | None = None
    content_notes: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    status: str = "published"
    translation: bool = False
    featured: bool = False
    modified: dt.date | None = None
    # How visitors see the person, per consent.name; see consent.display_name.
    display_name: str = ""
    initials: str = ""
    name_changed: bool = False

    @property
    def outcome(self) -> Outcome:
        return self.terms["outcomes"][0]

    @property
    def partners(self) -> list[Partner]:
        return self.terms.get("partners", [])

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def published_photo(self) -> Photo | None:
        """The photo only if consent allows it; otherwise None, and a placeholder is drawn."""
        if self.photo is None or self.consent is None or not self.consent.photo:
            return None
        return self.photo
