"""No page, feed or search index names a client whose story is withdrawn or unpublished."""

from __future__ import annotations

import contextlib
import gzip
import html
import re
import unicodedata
import zlib

from ..problems import Problem
from .site import IMAGE_SUFFIXES, Site

MAX_BYTES = 50_000_000  # larger files are media, not text
# Third-party code copied verbatim from pinned packages (the editor, the search UI): it holds no
# story text, and its dictionaries of words would match short first names by chance.
VENDOR = re.compile(r"^(admin/(\d+\.)?decap-cms\.js|([a-z]{2,3}/)?pagefind/pagefind[\w.-]*\.(js|css))$")


def fold(text: str) -> str:
    """Lower case, accents off, whitespace runs as one space: 'José  Ruíz' -> 'jose ruiz'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
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


def check(site: Site) -> list[Problem]:
    names = [n for n in dict.fromkeys(n.strip() for n in site.forbidden) if slug(n)]
    if not names:
        return []
    patterns = [(name, _pattern({fold(name), slug(name)})) for name in names]
    problems = []
    for path in site.files:
        if path.is_symlink() or path.stat().st_size > MAX_BYTES or VENDOR.match(site.rel(path)):
            continue
        haystacks = [fold(site.rel(path))]
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            haystacks.append(_text(path.read_bytes()))
        for name, pattern in patterns:
            if any(pattern.search(h) for h in haystacks):
                problems.append(Problem(path, (
                    f"mentions {masked(name)} (name withheld from this log), whose story is "
                    "withdrawn or not published. Remove the mention or the link, or the page; "
                    "nothing about an unpublished story may reach visitors."
                )))
    return problems
