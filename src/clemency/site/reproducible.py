"""Output that is the same bytes for the same sources: tools' hash-map order sorted away."""

from __future__ import annotations

import json
from pathlib import Path

PAGEFIND_ENTRY = Path("pagefind") / "pagefind-entry.json"


def sort_pagefind_entry(output: Path) -> bool:
    """Sort the `languages` of Pagefind's entry file (Pagefind writes them in random order).

    Returns True if the file was rewritten. The search UI looks languages up by key, so their
    order means nothing to it; the file is read fresh on every search (no hash in its name).
    """
    path = Path(output) / PAGEFIND_ENTRY
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    entry = json.loads(text)
    if not isinstance(entry.get("languages"), dict):
        return False
    entry["languages"] = dict(sorted(entry["languages"].items()))
    sorted_text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
    if sorted_text == text:
        return False
    path.write_text(sorted_text, encoding="utf-8")
    return True
