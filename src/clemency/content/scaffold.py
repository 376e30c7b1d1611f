"""`invoke new-story`: a story folder with every field present and explained in plain language."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from . import consent
from .schema import NAME_LEVELS, STORY_FIELDS, Field
from .vocab import Vocabularies
from .vocabdoc import labelled_keys


def _comment(text: str, indent: str) -> str:
    return "\n".join(f"{indent}# {line}" for line in textwrap.wrap(text, 88 - len(indent)))


def _value(f: Field, client: str, today: dt.date, level: str = "") -> str:
    if f.name == "client":
        return _quote(client)
    if f.name == "name" and f.choices == NAME_LEVELS:
        return level
    if f.name == "date":
        return today.isoformat()
    if f.name == "status":
        return "draft"
    if f.many and f.kind != "group":
        return "[]"
    if f.kind == "bool":
        return "false" if f.default is False else ""
    if f.kind == "focus":
        return "center"
    return '""' if f.default == "" else ""


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _keys(f: Field, vocab: Vocabularies | None) -> list[str]:
    """Comment lines listing a vocabulary's keys with what visitors see, under the field's hint."""
    if not vocab or f.kind != "vocab":
        return []
    keys = labelled_keys(vocab, f.vocab)
    if not keys:
        return []
    intro = (
        "Write one of these keys (after each, what visitors see):"
        if not f.many
        else "Write any of these keys in the brackets, separated by commas, e.g. "
        f"[{', '.join(key for key, _ in keys[:2])}]:"
    )
    return [f"# {intro}", *(f"#   {key}: {label}" for key, label in keys)]


def render(client: str, today: dt.date, level: str = "", vocab: Vocabularies | None = None) -> str:
    """The text of a new index.md: every field, a comment above each, nothing invented."""
    out = [
        "---",
        _comment(
            "New story. Fill in every field, then run `invoke check`: it lists "
            "what is still missing. Lines starting with # are notes for you and "
            "are never published.",
            "",
        ),
    ]
    skip = {"lang", "translation", "modified"}  # set automatically or only when editing later
    for f in STORY_FIELDS:
        if f.name in skip:
            continue
        required = "Required. " if f.required else "Optional. "
        out.append(_comment(required + f.hint, ""))
        out += _keys(f, vocab)
        if f.kind == "group":
            out.append(f"{f.name}:")
            for sub in f.fields:
                out.append(_comment(("Required. " if sub.required else "Optional. ") + sub.hint, "  "))
                value = _value(sub, client, today, level)
                out.append(f"  {sub.name}: {value}".rstrip())
        else:
            out.append(f"{f.name}: {_value(f, client, today)}".rstrip())
    out += [
        "---",
        "<!-- Write the story below this line, in plain paragraphs. A line starting "
        "with > becomes a pull quote. -->",
        "",
    ]
    return "\n".join(out)


def create(
    stories_dir: Path, client: str, today: dt.date, level: str, vocab: Vocabularies | None = None
) -> Path:
    """A new story folder, named only with what consent.name `level` lets visitors see."""
    if level not in NAME_LEVELS:
        raise ValueError(
            "Say how much of the client's name the signed consent form allows, "
            f"with --name {', '.join(NAME_LEVELS)}. For example: invoke "
            'new-story "Test Person" --name first'
        )
    base = consent.address(client, level)
    if level != "anonymous" and not base:
        raise ValueError(
            "the name has no letters a web address can use (a to z, 0 to 9). Run "
            "it again with the name written in Latin letters, or with --name "
            "anonymous."
        )
    folder = stories_dir / (base or f"story-{consent.folder_id()}")
    number = 2
    while folder.exists():  # another story has this address: a different person, same name
        folder = stories_dir / (f"{base}-{number}" if base else f"story-{consent.folder_id()}")
        number += 1
    path = folder / "index.md"
    folder.mkdir(parents=True)
    path.write_text(render(client, today, level, vocab), encoding="utf-8")
    return path
