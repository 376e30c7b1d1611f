"""Check one story's front matter against the schema and the story rules, in plain language.

Every problem is collected (never raised) so a staffer sees all of them in one run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from ..problems import ERROR, NOTICE, Problem
from . import consent as consent_rules
from . import names
from .frontmatter import Document
from .models import Attorney, Consent, Photo, Story
from .schema import GROUPS_WITH, STORY_FIELDS, Field, text_values
from .storytext import strip_comments, unclosed_comment_line
from .vocab import Vocabularies
from .yamlhelp import example

FOCUS_WORDS = {
    "center": (0.5, 0.5),
    "centre": (0.5, 0.5),
    "middle": (0.5, 0.5),
    "top": (0.5, 0.0),
    "bottom": (0.5, 1.0),
    "left": (0.0, 0.5),
    "right": (1.0, 0.5),
    "top left": (0.0, 0.0),
    "top right": (1.0, 0.0),
    "bottom left": (0.0, 1.0),
    "bottom right": (1.0, 1.0),
}
_PERCENT_PAIR = re.compile(r"^\s*(\d{1,3}(?:\.\d+)?)%\s+(\d{1,3}(?:\.\d+)?)%\s*$")
STORY_NAMES = {f.name for f in STORY_FIELDS}
# Alt text advice: words a screen reader already says, and what a camera names a file.
_REDUNDANT_START = re.compile(r"^(?:an? |the )?(?:photo|image|picture|photograph|pic) of\s+", re.I)
_FILE_NAME = re.compile(r"^\S+\.(?:jpe?g|png|webp|gif|heic|heif|tiff?|avif)$|^(?:IMG|DSC|PXL)[_-]?\d+", re.I)
_ALT_EXAMPLE = "Lena laughing at her kitchen table with her two daughters."
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def did_you_mean(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(str(word), known, n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


class _Checker:
    """Walks a front-matter dict along the schema, collecting problems with their line numbers."""

    def __init__(self, doc: Document, path: Path, vocab: Vocabularies):
        self.doc, self.path, self.vocab = doc, path, vocab
        self.problems: list[Problem] = []

    def problem(self, name: str, message: str, level: str = ERROR) -> None:
        line = self.doc.lines.get(name) or self.doc.lines.get(name.split("[")[0].split(".")[0])
        self.problems.append(Problem(self.path, message, field=name, line=line, level=level))

    def unknown_keys(self, data: dict, fields: tuple[Field, ...], prefix: str = "") -> None:
        known = [f.name for f in fields]
        for key in data:
            group = None if prefix else self.group_above(key, data)
            if key not in known and group:
                self.problem(
                    key,
                    f"`{key}:` belongs under `{group}:`; indent it by two spaces "
                    "like the lines above." + example(f"{key}: {data[key]}", f"  {key}: {data[key]}"),
                )
                continue
            if key not in known:
                self.problem(
                    f"{prefix}{key}",
                    f"'{key}' is not a field a story can have.{did_you_mean(key, known)} "
                    f"Known fields{' of ' + prefix.rstrip('.') if prefix else ''}: "
                    f"{', '.join(known)}.",
                )

    def group_above(self, key: str, data: dict) -> str | None:
        """The group nearest above a top-level `key` that has a field of that name."""
        line = self.doc.lines.get(key, 0)
        groups = [
            (self.doc.lines.get(g, 0), g)
            for g in GROUPS_WITH.get(key, ())
            if g in data and self.doc.lines.get(g, 0) < line
        ]
        return max(groups)[1] if groups else None

    def value(self, f: Field, raw, name: str):
        """Return the checked value of one field, or None after recording a problem."""
        if f.many:
            items = raw if isinstance(raw, list) else [raw]
            out = []
            for i, item in enumerate(items):
                item_name = f"{name}[{i}]" if isinstance(raw, list) else name
                checked = self.single(f, item, item_name)
                if checked is not None:
                    out.append(checked)
            return out
        if isinstance(raw, list):
            self.problem(
                name,
                f"has a list, but {f.label.lower()} is a single value. "
                "Keep one value, without the leading '- '.",
            )
            return None
        return self.single(f, raw, name)

    def single(self, f: Field, raw, name: str):
        kind = f.kind
        if kind in ("text", "longtext", "image"):
            if isinstance(raw, dict | list):
                self.problem(
                    name,
                    f"should be text, but has {_shape(raw)}. Write it on one "
                    "line after the colon, in quotes if it contains ':'.",
                )
                return None
            text = "" if raw is None else str(raw).strip()
            if f.max_length and len(text) > f.max_length:
                self.problem(
                    name, f"is {len(text)} characters long; the limit is {f.max_length}. Shorten it."
                )
            return text
        if kind == "date":
            if isinstance(raw, dt.datetime):
                return raw.date()
            if isinstance(raw, dt.date):
                return raw
            if isinstance(raw, str) and _ISO_DATE.match(raw.strip()):
                try:  # a quoted date ('2030-01-01') is still the date it spells
                    return dt.date.fromisoformat(raw.strip())
                except ValueError:
                    self.problem(name, f"'{raw}' is not a real date. Check the month (01-12) and the day.")
                    return None
            self.problem(name, f"'{raw}' is not a date. Write it as YYYY-MM-DD, e.g. 2026-03-01.")
            return None
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            self.problem(name, f"'{raw}' should be true or false.")
            return None
        if kind == "choice":
            if str(raw) in f.choices:
                return str(raw)
            hint = did_you_mean(raw, list(f.choices))
            self.problem(
                name, f"'{raw}' is not one of the allowed values.{hint} Use one of: {', '.join(f.choices)}."
            )
            return None
        if kind == "vocab":
            known = self.vocab.keys(f.vocab)
            if isinstance(raw, str) and raw in known:
                return raw
            noun = self.vocab.noun(f.vocab)
            self.problem(
                name,
                f"'{raw}' is not {noun} we know.{did_you_mean(raw, known)} "
                f"Known: {', '.join(known)} (content/data/{f.vocab}.yml).",
            )
            return None
        if kind == "focus":
            return parse_focus(raw, lambda msg: self.problem(name, msg))
        if kind == "group":
            if not isinstance(raw, dict):
                subs = ", ".join(s.name for s in f.fields)
                self.problem(
                    name, f"should be a group of fields ({subs}), each on its own indented line under it."
                )
                return None
            self.unknown_keys(raw, f.fields, prefix=f"{name}.")
            out = {}
            for sub in f.fields:
                sub_name = f"{name}.{sub.name}"
                if raw.get(sub.name) is None or raw.get(sub.name) == "":
                    # Written at the top level by mistake: already explained as belonging here.
                    misplaced = sub.name in self.doc.meta and sub.name not in STORY_NAMES
                    if sub.required and not misplaced:
                        self.problem(sub_name, f"is missing. {sub.hint}")
                    continue
                out[sub.name] = self.value(sub, raw[sub.name], sub_name)
            return out
        raise ValueError(f"unknown field kind {kind}")


def _entries(vocab: Vocabularies, f: Field, value):
    """The vocabulary entries a checked vocab field names (a list when the field takes many)."""
    entries = vocab.entries(f.vocab)
    return [entries[key] for key in value] if f.many else entries[value]


def _blank_group(raw) -> bool:
    """A group left as the scaffold wrote it (every value empty) counts as not filled in."""
    return isinstance(raw, dict) and all(
        v in (None, "", [], False) or (k == "focus" and v == "center") for k, v in raw.items()
    )


def _shape(raw) -> str:
    return "a list" if isinstance(raw, list) else "a group of fields"


def parse_focus(raw, report) -> tuple[float, float] | None:
    if raw is None or raw == "":
        return (0.5, 0.5)
    text = str(raw).strip().lower()
    words = " ".join(sorted(text.split(), key=lambda w: w not in ("top", "bottom")))
    if words in FOCUS_WORDS:
        return FOCUS_WORDS[words]
    match = _PERCENT_PAIR.match(text)
    if match:
        x, y = float(match[1]), float(match[2])
        if x <= 100 and y <= 100:
            return (x / 100, y / 100)
    report(
        f"'{raw}' is not a focal point. Use center, top, bottom, left, right, "
        "top left, ... or two percentages from the top-left corner, like '50% 30%'."
    )
    return None


def check_story(
    doc: Document,
    path: Path,
    slug: str,
    vocab: Vocabularies,
    today: dt.date,
    lang: str = "en",
    translation: bool = False,
) -> tuple[Story | None, list[Problem]]:
    c = _Checker(doc, path, vocab)
    meta = doc.meta
    for line, message in doc.notices:
        c.problems.append(Problem(path, message, line=line, level=NOTICE))
    c.unknown_keys(meta, STORY_FIELDS)
    values: dict = {}
    for f in STORY_FIELDS:
        raw = meta.get(f.name)
        if raw is None or raw == "" or raw == [] or _blank_group(raw):
            if f.required and f.name != "consent":
                known = f" Known: {', '.join(vocab.keys(f.vocab))}." if f.vocab else ""
                c.problem(f.name, f"is missing. {f.hint}{known}")
            continue
        values[f.name] = c.value(f, raw, f.name)

    story_date = values.get("date")
    if isinstance(story_date, dt.date) and story_date > today:
        c.problem(
            "date", f"{story_date} is in the future. Use the publication date, today ({today}) at the latest."
        )

    body = doc.body
    unclosed = unclosed_comment_line(body)
    if unclosed is not None:
        c.problems.append(
            Problem(
                path,
                f"line {doc.body_line + unclosed} opens a note with <!-- "
                "but never closes it, so the story after it would be "
                "hidden; end the note with -->.",
                field="body",
                line=doc.body_line + unclosed,
            )
        )
    if not strip_comments(body).strip():
        c.problems.append(
            Problem(
                path,
                "the story has no text. Write the story below the closing '---' line.",
                field="body",
                line=doc.body_line,
            )
        )

    consent = _consent(values.get("consent"), meta, c, today)
    photo = _photo(values.get("photo"), path.parent, c, consent, values.get("title") or "")
    client = values.get("client") or ""
    level = consent.name if consent else "first"
    if consent:
        _check_hidden_names(client, level, meta, body, c)

    # Consent problems do not stop the story being read: the catalog decides whether it is shown.
    if any(p.level == ERROR and not p.field.startswith("consent") for p in c.problems):
        return None, c.problems
    terms: dict[str, list] = {}
    for f in STORY_FIELDS:
        if f.kind == "vocab" and f.name in values:
            chosen = _entries(vocab, f, values[f.name])
            for entry in chosen if isinstance(chosen, list) else [chosen]:
                if entry not in terms.setdefault(f.vocab, []):
                    terms[f.vocab].append(entry)
    story = Story(
        slug=slug,
        path=path,
        lang=lang,
        title=values["title"],
        date=values["date"],
        summary=values["summary"],
        client=client,
        body=body,
        consent=consent,
        attorneys=[Attorney(a["name"], a.get("firm", "")) for a in values.get("attorney") or []],
        terms=terms,
        photo=photo,
        content_notes=values.get("content_notes") or [],
        tags=values.get("tags") or [],
        status=values.get("status") or "published",
        translation=translation,
        featured=bool(values.get("featured")),
        modified=values.get("modified"),
        display_name=consent_rules.display_name(client, level),
        initials=consent_rules.initials(client, level),
        name_changed=level == "pseudonym",
    )
    return story, c.problems


def _consent(values: dict | None, meta: dict, c: _Checker, today: dt.date) -> Consent | None:
    if meta.get("consent") in (None, "") or _blank_group(meta.get("consent")):
        c.problem(
            "consent",
            "there is no consent record, so this story cannot be published. "
            "Get the client's signed consent form, then fill in consent: "
            "name, photo, given, review.",
        )
        return None
    if not values or not all(
        k in values and values[k] is not None for k in ("name", "photo", "given", "review")
    ):
        return None
    consent = Consent(
        values["name"],
        values["photo"],
        values["given"],
        values["review"],
        bool(values.get("withdrawn", False)),
    )
    if consent.given > today:
        c.problem(
            "consent.given", f"{consent.given} is in the future. Use the date the consent form was signed."
        )
    if consent.review < consent.given:
        c.problem(
            "consent.review",
            f"{consent.review} is before the consent was given ({consent.given}). Use a later date.",
        )
    return consent


def alt_text_advice(alt: str, title: str) -> str | None:
    """Advice on a photo description that is there but tells a listener little; None if fine."""
    text = alt.strip()
    if _FILE_NAME.match(text):
        return (
            f"the photo description '{text}' looks like a file name; describe who is in the "
            f'photo and what they are doing, e.g. "{_ALT_EXAMPLE}"'
        )
    prefix = _REDUNDANT_START.match(text)
    if prefix:
        rest = text[prefix.end() :]
        return (
            f"the photo description starts with '{prefix[0].strip()}'; screen readers already "
            "say it is an image, so start with who is in it."
            + example(f"alt: {text}", f"alt: {rest[:1].upper()}{rest[1:]}")
        )
    if _words(text) == _words(title):
        return (
            "the photo description repeats the title, so a listener hears it twice; describe "
            f'what the photo shows instead, e.g. "{_ALT_EXAMPLE}"'
        )
    count = len(text.split())
    if count < 4:
        return (
            f"the photo description '{text}' has only {count} "
            f"{'word' if count == 1 else 'words'}; say who is in the photo and what they are "
            f'doing, in a sentence of at least 4 words, e.g. "{_ALT_EXAMPLE}"'
        )
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _photo(values: dict | None, folder: Path, c: _Checker, consent: Consent | None, title: str = ""):
    if not values or not values.get("src"):
        return None
    src = values["src"]
    if Path(src).is_absolute() or src.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", src):
        c.problem(
            "photo.src",
            f"'{src}' is a path on a computer. Put the photo in the story's "
            "folder and write just its file name, e.g. photo.jpg.",
        )
        return None
    target = (folder / src).resolve()
    if folder.resolve() not in target.parents:
        c.problem(
            "photo.src",
            f"'{src}' points outside the story's folder. Copy the photo into "
            f"{folder.name}/ and write just its file name.",
        )
        return None
    if not target.is_file():
        nearby = sorted(
            p.name
            for p in folder.iterdir()
            if p.is_file()
            and p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".heif")
        )
        hint = did_you_mean(src, nearby) or (
            f" Photos in the folder: {', '.join(nearby)}." if nearby else " The folder has no photo yet."
        )
        c.problem("photo.src", f"there is no file '{src}' in {folder.name}/.{hint}")
        return None
    decorative = bool(values.get("decorative"))
    alt = values.get("alt") or ""
    shown = consent is None or consent.photo
    if not decorative and not alt and shown:
        c.problem(
            "photo.alt",
            "the photo has no description. Add alt: describing who is in "
            "the photo and what they are doing, or set decorative: true.",
        )
    advice = alt_text_advice(alt, title) if alt and not decorative and shown else None
    if advice:
        c.problem("photo.alt", advice, level=NOTICE)
    return Photo(
        target,
        alt,
        decorative,
        values.get("caption") or "",
        values.get("credit") or "",
        values.get("focus") or (0.5, 0.5),
    )


def _check_hidden_names(client: str, level: str, meta: dict, body: str, c: _Checker) -> None:
    """Every string that can reach a page, walked from the schema, against the hidden name."""
    hidden = consent_rules.hidden_names(client, level)
    if not hidden:
        return
    why = (
        "consent.name is 'anonymous', so no part of the client's name"
        if level == "anonymous"
        else "consent.name is 'first', so the client's surname"
    )
    for where, text in [*text_values(meta), ("body", body)]:
        found = names.mentioned(hidden, text)
        if found:
            shown = ", ".join(names.masked(w) for w in found)
            # Only ever written in lower case: perhaps a word like "hope", not the name Hope.
            everyday = not names.mentioned(found, re.sub(r"\b[a-z]+\b", "", text))
            hint = (
                " If it is an everyday word here (a client called Hope, and 'hope' in a "
                "sentence), say it another way: the check cannot tell the two apart."
                if everyday
                else ""
            )
            c.problem(
                where,
                f"{why} may appear nowhere in the story, in any spelling or case; this "
                f"holds {shown}. Remove it, or record consent for the full name."
                f"{hint}",
            )
