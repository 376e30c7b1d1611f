"""No page, feed or search index names a client whose story is withdrawn or unpublished, a part of
a name consent hides, or the old address of such a story. One file at a time, for rules.py."""

from __future__ import annotations

import contextlib
import gzip
import html
import re
import string
import zlib
from pathlib import Path

from ..content.names import WithheldNames, fold, masked
from ..problems import Problem
from . import pagefind
from .site import IMAGE_SUFFIXES, Site

MAX_BYTES = 50_000_000  # larger files are media, not text
# Third-party code copied verbatim from pinned packages (the editor, the search UI, and their
# WebAssembly): it holds no story text, and its dictionaries of words would match short first
# names by chance.
VENDOR = re.compile(
    r"^(admin/(\d+\.)?decap-cms\.js|admin/[0-9a-f]+\.wasm"
    r"|([a-z]{2,3}/)?pagefind/(pagefind[\w.-]*\.(js|css)|wasm\.[\w-]+\.pagefind))$"
)


# Character references as html.unescape finds them (its own pattern).
_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
_PUNCTUATION = frozenset(string.punctuation)


def _text(data: bytes, spelled: frozenset[str] | None = None) -> str:
    """The file's text, folded, as it is written and as it reads once its character references
    (&#39;, &eacute;) are decoded. spelled: every character a withheld name is spelled with;
    when no reference in the file decodes to anything but punctuation outside it (&amp;, &lt;,
    &quot;), the decoded text can hold no name the written one lacks and is not searched."""
    if data[:2] == b"\x1f\x8b":  # gzip: Pagefind's index and fragments are stored compressed
        with contextlib.suppress(OSError, EOFError, zlib.error):
            data = gzip.decompress(data)
    data = pagefind.readable(data)  # its binary index holds each word after a length byte
    raw = data.decode("utf-8", errors="ignore")
    if spelled is not None and _only_punctuation(raw, spelled):
        return fold(raw)
    return fold(raw + "\n" + html.unescape(raw))


def _only_punctuation(raw: str, spelled: frozenset[str]) -> bool:
    """Whether every reference in `raw` decodes to punctuation no withheld name is spelled with.
    Such a character is no letter, no space and no mark that could join letters into a name;
    where the decoded text has it, the written text has '&...;', which parts words alike."""
    for reference in set(_REFERENCE.findall(raw)):
        decoded = html.unescape("&" + reference)
        if not all(c in _PUNCTUATION and c not in spelled for c in decoded):
            return False
    return True


def check_file(names: WithheldNames, path: Path, rel: str, data: bytes | None) -> list[Problem]:
    """The withheld names a file holds, in its address or (when `data` is given) its text."""
    if names.search is None or VENDOR.match(rel):
        return []
    haystacks = [fold(rel)]
    if data is not None:
        haystacks.append(_text(data, names.spelled))
    return [
        Problem(
            path,
            (
                f"mentions {masked(name)} (withheld from this log): the name of a client whose "
                "story is withdrawn or not published, a part of a name their consent keeps off "
                "the site, or the old address of such a story. Remove the mention, the link or "
                "the page; nothing consent withholds may reach visitors."
            ),
            conceal_path=tuple(names.names),
        )
        for name in names.found(haystacks)
    ]


def check(site: Site) -> list[Problem]:
    """Every file of the site, uncached (rules.py runs check_file with the cache)."""
    names = WithheldNames(site.forbidden, site.shown)
    problems = []
    for path in site.files:
        if path.is_symlink():
            continue
        text = path.suffix.lower() not in IMAGE_SUFFIXES and path.stat().st_size <= MAX_BYTES
        problems += check_file(names, path, site.rel(path), path.read_bytes() if text else None)
    return problems
