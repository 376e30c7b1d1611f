"""One stylesheet from the theme's CSS files: concatenated in layer order, lightly minified, hashed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_SPACE = re.compile(r"\s+")
# Spaces around these never matter in CSS (":" does, in selectors like "a :hover").
_PUNCTUATION = re.compile(r"\s*([{};,>])\s*")


def minify(css: str) -> str:
    """Drop comments and needless whitespace; keeps every rule and value as written."""
    css = _COMMENT.sub("", css)
    css = _SPACE.sub(" ", css)
    css = _PUNCTUATION.sub(r"\1", css)
    return css.replace(";}", "}").strip() + "\n"


def bundle(files: list[Path], *, compress: bool = True) -> str:
    """The files' text in the given order, one stylesheet."""
    parts = [f.read_text(encoding="utf-8") for f in files]
    css = "\n".join(parts)
    return minify(css) if compress else css


def fingerprint(text: str, length: int = 10) -> str:
    """A short hash of the text, for a file name that changes when the content does."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]
