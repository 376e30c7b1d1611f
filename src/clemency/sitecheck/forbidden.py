"""No page, feed or search index names a client whose story is withdrawn or unpublished."""

from __future__ import annotations

import contextlib
import gzip
import html
import re
import unicodedata
import zlib
from pathlib import Path

from ..problems import Problem

MAX_BYTES = 50_000_000  # larger files are media, not text
# Third-party code copied verbatim from pinned packages (the editor, the search UI): it holds no
# story text, and its dictionaries of words would match short first names by chance.
VENDOR = re.compile(r"^(admin/(\d+\.)?decap-cms\.js|([a-z]{2,3}/)?pagefind/pagefind[\w.-]*\.(js|css))$")


def fold(text: str) -> str:
    """Lower case, accents off, whitespace runs as one space: 'José  Ruíz' -> 'jose ruiz'."""
    if not text.isascii():  # plain ASCII has no accents to take off: the common, fast case
        text = unicodedata.normalize("NFKD", text)
        # Only the text's few distinct characters are looked up; the marks go in one regex pass.
        marks = "".join(re.escape(c) for c in set(text) if unicodedata.combining(c))
        if marks:
            text = re.sub(f"[{marks}]+", "", text)
    return re.sub(r"\s+", " ", text.casefold())


def slug(text: str) -> str:
    """'José Ruiz' -> 'jose-ruiz', as a story's folder or address would spell the name."""
    return re.sub(r"[\W_]+", "-", fold(text)).strip("-")


def masked(name: str) -> str:
    """'Maria Lopez' -> 'M*** L***': staff can tell who, CI logs (often public) cannot."""
    return " ".join(word[0] + "***" for word in name.split() if word)


def _pattern(needles: set[str]) -> re.Pattern[str]:
    needles = {n for n in needles if n.strip(" -")}  # an empty needle would match everywhere
    alternatives = "|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _text(data: bytes) -> str:
    if data[:2] == b"\x1f\x8b":  # gzip: Pagefind's index and fragments are stored compressed
        with contextlib.suppress(OSError, EOFError, zlib.error):
            data = gzip.decompress(data)
    raw = data.decode("utf-8", errors="ignore")
    return fold(raw + "\n" + html.unescape(raw))


class Names:
    """The forbidden names, matched by one combined pattern (then name by name, on a hit)."""

    def __init__(self, forbidden) -> None:
        self.names = [n for n in dict.fromkeys(n.strip() for n in forbidden) if slug(n)]
        self.patterns = [(name, _pattern({fold(name), slug(name)})) for name in self.names]
        needles = {needle for name in self.names for needle in (fold(name), slug(name))}
        self.any = _pattern(needles) if self.names else None

    def found(self, haystacks: list[str]) -> list[str]:
        """The names that occur in any haystack (folded text), in the order they were given."""
        hits = [h for h in haystacks if self.any is not None and self.any.search(h)]
        # The combined pattern only finds *that* some name occurs: overlapping names ("Ana",
        # "Ana Ruiz") are told apart by their own patterns, on the rare file that has a hit.
        return [name for name, pattern in self.patterns if any(pattern.search(h) for h in hits)]


def check_file(names: Names, path: Path, rel: str, data: bytes | None) -> list[Problem]:
    """The names a file mentions, in its address or (when `data` is given) its text."""
    if not names.names or VENDOR.match(rel):
        return []
    haystacks = [fold(rel)]
    if data is not None:
        haystacks.append(_text(data))
    return [Problem(path, (
        f"mentions {masked(name)} (name withheld from this log), whose story is "
        "withdrawn or not published. Remove the mention or the link, or the page; "
        "nothing about an unpublished story may reach visitors."
    )) for name in names.found(haystacks)]
