"""Every vocabulary's keys with their labels, written from content/data/ so lists stay true.

The staff guide (docs/adding-a-story.md) holds the list between two marker lines; `invoke
docs-keys` rewrites it, and a test fails when it no longer matches the vocabularies.
"""

from __future__ import annotations

from pathlib import Path

from . import schema
from .vocab import Vocabularies

START = "<!-- keys:start (written by `invoke docs-keys` from content/data/; do not edit) -->"
END = "<!-- keys:end -->"


def labelled_keys(vocab: Vocabularies, name: str) -> list[tuple[str, str]]:
    """(key, what visitors see) for each entry of the vocabulary `name`, in file order."""
    if name not in vocab:
        return []
    vocabulary = vocab[name]
    return [(key, vocabulary.listed_as(key)) for key in vocabulary.entries]


def markdown(vocab: Vocabularies) -> str:
    """The block between the markers: for each story field that takes keys, one bullet per key."""
    out = [START]
    for f in schema.STORY_FIELDS:
        if f.kind != "vocab" or f.vocab not in vocab:
            continue
        where = f"write keys in the list after `{f.name}:`" if f.many else f"write one key after `{f.name}:`"
        out += ["", f"**{vocab[f.vocab].title}** ({where}):", ""]
        out += [f"- `{key}`: {label}" for key, label in labelled_keys(vocab, f.vocab)]
    return "\n".join([*out, "", END])


def refreshed(text: str, vocab: Vocabularies) -> str:
    """`text` with the block between the markers replaced by the current list."""
    before, found, rest = text.partition(START)
    if not found or END not in rest:
        raise ValueError(f"the markers {START!r} and {END!r} are missing")
    return before + markdown(vocab) + rest.split(END, 1)[1]


def refresh(path: Path, vocab: Vocabularies) -> bool:
    """Rewrite the list in `path`; True if it changed."""
    text = path.read_text(encoding="utf-8")
    new = refreshed(text, vocab)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
