"""No page, feed or search index names a client whose story is withdrawn or unpublished."""

from __future__ import annotations

import contextlib
import gzip
import html
import re
import zlib

from ..content.names import fold, masked, pattern, slugify
from ..problems import Problem
from . import pagefind
from .site import IMAGE_SUFFIXES, Site

_LETTER = re.compile(r"[^\W_]")
MAX_BYTES = 50_000_000  # larger files are media, not text
# Third-party code copied verbatim from pinned packages (the editor, the search UI, and their
# WebAssembly): it holds no story text, and its dictionaries of words would match short first
# names by chance.
VENDOR = re.compile(r"^(admin/(\d+\.)?decap-cms\.js|admin/[0-9a-f]+\.wasm"
                    r"|([a-z]{2,3}/)?pagefind/(pagefind[\w.-]*\.(js|css)|wasm\.[\w-]+\.pagefind))$")


def _text(data: bytes) -> str:
    if data[:2] == b"\x1f\x8b":  # gzip: Pagefind's index and fragments are stored compressed
        with contextlib.suppress(OSError, EOFError, zlib.error):
            data = gzip.decompress(data)
    data = pagefind.readable(data)  # its binary index holds each word after a length byte
    raw = data.decode("utf-8", errors="ignore")
    return fold(raw + "\n" + html.unescape(raw))


def check(site: Site) -> list[Problem]:
    """Each file that holds a withheld name, a part of one, or the old address of a story."""
    withheld = [n for n in dict.fromkeys(n.strip() for n in site.forbidden) if _LETTER.search(n)]
    forms = {}  # every spelling that counts as the name (folded), to the name it spells
    for name in withheld:
        hyphenated = re.sub(r"[\W_]+", "-", fold(name)).strip("-")  # as an address, any script
        for form in (fold(name).strip(), slugify(name), hyphenated):
            if form:
                forms.setdefault(form, name)
    search = pattern(forms)
    if search is None:
        return []
    # Names the site shows with consent (another client's full name, an attorney) are read over:
    # a withheld surname inside them belongs to someone else.
    shown = pattern({fold(n) for n in site.shown} - set(forms))
    problems = []
    for path in site.files:
        if path.is_symlink() or path.stat().st_size > MAX_BYTES or VENDOR.match(site.rel(path)):
            continue
        haystacks = [fold(site.rel(path))]
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            haystacks.append(_text(path.read_bytes()))
        if shown is not None:
            haystacks = [shown.sub(" ", h) for h in haystacks]
        found = {forms[m.group(0)] for h in haystacks for m in search.finditer(h)}
        for name in sorted(found):
            problems.append(Problem(path, (
                f"mentions {masked(name)} (withheld from this log): the name of a client whose "
                "story is withdrawn or not published, a part of a name their consent keeps off "
                "the site, or the old address of such a story. Remove the mention, the link or "
                "the page; nothing consent withholds may reach visitors."
            ), conceal_path=tuple(withheld)))
    return problems
