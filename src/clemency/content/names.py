"""One rule for a person's name wherever it may show: folding, addresses, matching and masking.

Every comparison of a name with text goes through `fold`, so "José Pérez", "Jose Perez" and
"JOSÉ PÉREZ" are one name everywhere: in the story check, the site check and the logs.
"""

from __future__ import annotations

import functools
import html
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator

# Latin letters that Unicode does not split into a base letter and an accent.
_UNSPLIT = str.maketrans(
    {"đ": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "þ": "th", "ð": "d"}
)
# Found first, then replaced: str.translate looks up every character of a long non-ASCII page
# (0.12 s for a 2.5 MB listing), a regex only finds the few there are (0.007 s).
_UNSPLIT_FOUND = re.compile("[" + "".join(map(chr, _UNSPLIT)) + "]")
# Particles that name no one on their own ("Maria de la Cruz"): checking them would flag every
# Spanish or Vietnamese sentence, while the rest of the name is still checked.
PARTICLES = frozenset(
    {
        "al",
        "bin",
        "binti",
        "da",
        "das",
        "de",
        "del",
        "della",
        "der",
        "di",
        "do",
        "dos",
        "du",
        "el",
        "la",
        "le",
        "van",
        "von",
        "y",
    }
)
# A name is a whole word: no letter or digit (of any script) right before or after it; a
# hyphen, underscore or apostrophe is an edge, so "quillon" is found in "zorvath-quillon" and
# in "Quillon's", never in "Quillons".
_BEFORE, _AFTER = r"(?<![^\W_])", r"(?![^\W_])"


def _ranges(codes: list[int]) -> str:
    """A regex character class body for these code points, as runs: 'a-z0-9'."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs)


@functools.cache
def _marks() -> re.Pattern[str]:
    """Accents and other combining marks, removed in one regex pass (C speed) after NFKD; marks
    outside the Basic Multilingual Plane belong to historic scripts and stay."""
    return re.compile(f"[{_ranges([c for c in range(0x10000) if unicodedata.combining(chr(c))])}]+")


def fold(text: str) -> str:
    """Lower case, accents off, whitespace runs as one space: 'José  Ruíz' -> 'jose ruiz'."""
    if text.isascii():
        return _one_space(text.lower())
    text = _marks().sub("", unicodedata.normalize("NFKD", text.casefold()))
    return _one_space(_UNSPLIT_FOUND.sub(lambda found: _UNSPLIT[ord(found.group())], text))


def _one_space(text: str) -> str:
    """Each run of whitespace as one space, the runs at either end too: what a regex sub of \\s+
    gives (the same characters are whitespace), in a third of its time on a page of HTML."""
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    return f"{' ' if text[0].isspace() else ''}{inner}{' ' if text[-1].isspace() else ''}"


# A web address's part as slugify makes it: a story's folder, a vocabulary key with pages.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str) -> str:
    """The web-address form of a name or title: 'José Ruiz' -> 'jose-ruiz' ('' if no letters)."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def parts(name: str) -> list[str]:
    """The words of a name that identify someone: 'José Pérez-Ruiz' -> José, Pérez, Ruiz."""
    words = [w for w in re.split(r"[\s\-‐‑]+", name.strip()) if w]
    return [w for w in dict.fromkeys(words) if len(slugify(w)) > 1 and slugify(w) not in PARTICLES]


def masked(name: str) -> str:
    """'Maria Lopez' -> 'M*** L***': staff can tell who, CI logs (often public) cannot."""
    return " ".join(word[0] + "***" for word in name.split() if word)


def pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """A search for any of `words` as a whole word, in text that went through `fold`."""
    alternatives = _alternatives(words)
    return re.compile(rf"{_BEFORE}(?:{alternatives}){_AFTER}") if alternatives else None


def _alternatives(words: Iterable[str]) -> str:
    """`words`, folded, as one regex alternation, longest first ('' if none)."""
    needles = {fold(w).strip() for w in words} - {""}
    return "|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True))


def finder(words: Iterable[str]) -> Callable[[str], Iterator[str]] | None:
    """What `pattern(words).finditer` finds, as the texts found, in half its time on a page: a
    search for the words alone lets re skip ahead to their first letters, and the edge before a
    find is looked at after (a letter or digit there: the search goes on from the next one)."""
    alternatives = _alternatives(words)
    if not alternatives:
        return None
    search = re.compile(rf"(?:{alternatives}){_AFTER}").search

    def finditer(text: str) -> Iterator[str]:
        position = 0
        while found := search(text, position):
            start = found.start()
            if start and text[start - 1].isalnum():  # [^\W_], as _BEFORE says
                position = start + 1
                continue
            yield found.group()
            position = found.end()

    return finditer


def mentioned(words: Iterable[str], text: str) -> list[str]:
    """Which of `words` occur in `text` (any case or accents, whole words, markup decoded)."""
    words = list(words)
    found = pattern(words)
    if found is None or not text:
        return []
    folded = fold(html.unescape(text))
    hits = {m.group(0) for m in found.finditer(folded)}
    return [w for w in words if fold(w).strip() in hits]


def conceal(text: str, words: Iterable[str], *, capitalized: bool = False) -> str:
    """`text` with each name part in `words` masked: 'stories/zorvath-quillon/' -> 'stories/z***-q***/'.

    capitalized: in a sentence, mask only words written with a capital (as names are) or
    joined into an address by '-' or '/', so a client called Will or Hope leaves "will" and
    "hope" readable in a message.
    """
    needles = _needles(frozenset(words))
    if not needles:
        return text

    def mask(m: re.Match[str]) -> str:
        word = m.group(0)
        if fold(word) not in needles:
            return word
        joined = text[m.start() - 1 : m.start()] in ("-", "/") or text[m.end() : m.end() + 1] in ("-", "/")
        if capitalized and not (word[0].isupper() or joined):
            return word
        return word[0] + "***"

    return re.sub(r"[^\W_]+", mask, text)


@functools.lru_cache(maxsize=16)
def _needles(words: frozenset[str]) -> frozenset[str]:
    # Every log line of a build is masked with the same few thousand names: split them once.
    return frozenset(fold(part) for word in words for part in parts(word))


def names_may_show() -> bool:
    """True on a staffer's own terminal: it may show names; a CI log (often public) never does."""
    return not os.environ.get("CI") and sys.stderr.isatty()


_LETTER = re.compile(r"[^\W_]")
_WORDS = re.compile(r"[\W_]+")


class WithheldNames:
    """The withheld names, every spelling of them in one pattern, and the names shown with consent
    (another client's full name, an attorney), which are read over: a withheld surname inside
    them belongs to someone else."""

    def __init__(self, forbidden, shown=()) -> None:
        self.names = [n for n in dict.fromkeys(n.strip() for n in forbidden) if _LETTER.search(n)]
        self.forms: dict[str, str] = {}  # every spelling that counts (folded) -> the name
        for name in self.names:
            hyphenated = re.sub(r"[\W_]+", "-", fold(name)).strip("-")  # an address, any script
            for form in (fold(name).strip(), slugify(name), hyphenated):
                if form:
                    self.forms.setdefault(form, name)
        self.search = finder(self.forms)
        self.spelled = frozenset(c for form in self.forms for c in form)  # for _text
        # Only a shown name that shares a word with a withheld one can change what is found (both
        # are whole words: overlapping, they share one), so only those key a cached result: a
        # story added under a new name re-checks no file.
        words = {w for form in self.forms for w in _WORDS.split(form) if w}
        self.shown_names = sorted(
            name for name in {fold(n) for n in shown} - set(self.forms) if words & set(_WORDS.split(name))
        )
        self.shown = pattern(self.shown_names)

    @property
    def key(self) -> tuple:
        """What a cached result depends on besides the file."""
        return (sorted(self.forms), self.shown_names)

    def found(self, haystacks: list[str]) -> list[str]:
        """The withheld names that occur in any haystack (folded text), sorted."""
        if self.search is None:
            return []
        if self.shown is not None:
            haystacks = [self.shown.sub(" ", h) for h in haystacks]
        return sorted({self.forms[found] for h in haystacks for found in self.search(h)})
