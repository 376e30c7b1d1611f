"""Pagefind's binary search files read as text, so the name scan sees every word they hold.

Pagefind writes its index, filter and meta files as gzip around b"pagefind_dcd" + CBOR. Read as
raw bytes, a short word sits right after its CBOR length byte, which for 1 to 23 bytes is a
letter (0x61-0x77, 'a'-'w'): "quillon" reads as "gquillon" and a whole-word search misses it.
Decoded, each string stands apart. Fragments (the same signature + JSON) are text already.
"""

from __future__ import annotations

import contextlib
import json
import re

import cbor2

SIGNATURE = b"pagefind_dcd"
_JSON_STRING = re.compile(r'"([^"]*)"')


def readable(data: bytes) -> bytes:
    """A decompressed Pagefind CBOR file as its strings, one space apart; other data unchanged."""
    if not data.startswith(SIGNATURE) or data[len(SIGNATURE) : len(SIGNATURE) + 1] == b"{":
        return data
    with contextlib.suppress(cbor2.CBORError, ValueError, RecursionError):
        return " ".join(_strings(cbor2.loads(data[len(SIGNATURE) :]))).encode("utf-8")
    return data  # not CBOR after all: scanned as bytes, as any other file


def _strings(value) -> list[str]:
    """Every string in a decoded CBOR value, depth first (map keys too)."""
    # Written as JSON (in C), the strings are each between quotes, in the same order; an index
    # is mostly numbers, which the walk below visits one by one (1.7 s of a story added at 1,000
    # stories, against 0.1 s). Bytes, or an escape (a quote, a backslash), take the walk.
    with contextlib.suppress(TypeError, ValueError, RecursionError):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        if "\\" not in text:
            return _JSON_STRING.findall(text)
    return _walk(value)


def _walk(value) -> list[str]:
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, bytes):
            found.append(item.decode("utf-8", errors="ignore"))
        elif isinstance(item, dict):
            stack.extend(reversed([v for pair in item.items() for v in pair]))
        elif isinstance(item, list | tuple):
            stack.extend(reversed(item))
    return found
