"""Where a URL found in the output points: a file of this site, another origin, or a scheme."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_PORTS = {"http": "80", "https": "443"}
CONTACT_SCHEMES = {"mailto", "tel", "sms"}


def origin_of(url: str) -> str:
    """`https://Example.org:443/a` -> `https://example.org`; '' if the URL has no host."""
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return ""
    scheme = (parts.scheme or "https").lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is not None and str(port) != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return f"{scheme}://{host}"


@dataclass(frozen=True)
class Target:
    """Where a URL points. kind: internal | external | contact | data | javascript | scheme."""

    kind: str
    path: str = ""  # internal: the site path after the base path, e.g. "stories/x/" ("" = home)
    fragment: str = ""
    origin: str = ""  # external: the other origin; scheme: the scheme
    outside_base: bool = False  # internal-looking, but above the site's base path


@dataclass(frozen=True)
class SiteAddress:
    """The site's own address, from site_url: origin plus an optional base path (GitHub project)."""

    origin: str = ""
    base: str = ""  # "" or "/repo", never a trailing slash
    # What each URL was found to be. A site writes the same URLs on page after page (every card
    # of a story on three listings in each language): a URL from the root ("/media/...") is
    # the same target from any page, a relative one is kept by the page it was written in.
    _resolved: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    @classmethod
    def parse(cls, site_url: str) -> SiteAddress:
        if not site_url:
            return cls()
        path = urlsplit(site_url).path.rstrip("/")
        return cls(origin_of(site_url), path)

    def url_path(self, output_dir: Path, file: Path) -> str:
        """The URL path a visitor uses for `file`, e.g. '/repo/stories/x/index.html'."""
        return f"{self.base}/{file.relative_to(output_dir).as_posix()}"

    def resolve(self, url: str, from_path: str) -> Target:
        """Classify `url` as written in the page whose URL path is `from_path`."""
        key = url if url.lstrip().startswith("/") else (url, from_path)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve(url, from_path)
        return found

    def _resolve(self, url: str, from_path: str) -> Target:
        url = url.strip()
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme in CONTACT_SCHEMES:
            return Target("contact", origin=scheme)
        if scheme == "data":
            return Target("data")
        if scheme == "javascript":
            return Target("javascript")
        if scheme and scheme not in DEFAULT_PORTS:
            return Target("scheme", origin=scheme)
        fragment = unquote(parts.fragment)
        if parts.netloc:
            origin = origin_of(url)
            path = parts.path or "/"
            inside = path == self.base or path.startswith(self.base + "/")
            if not self.origin or origin != self.origin or not inside:
                return Target("external", origin=origin)
        else:
            path = parts.path
            if not path:
                path = from_path  # "#top" or "?q": the page itself
            elif not path.startswith("/"):
                path = posixpath.join(posixpath.dirname(from_path), path)
            if self.base and not (path == self.base or path.startswith(self.base + "/")):
                return Target("internal", path=path, fragment=fragment, outside_base=True)
        trailing = path.endswith("/")
        normal = posixpath.normpath(unquote(path[len(self.base) :]) or "/")
        if normal.startswith("/.."):
            return Target("internal", path=path, fragment=fragment, outside_base=True)
        site_path = normal.lstrip("/")
        if trailing and site_path:
            site_path += "/"
        return Target("internal", path=site_path, fragment=fragment)


# One srcset candidate, as the spec's parse reads it when no descriptor holds a parenthesis: a
# URL ending in commas (no descriptors), or a URL and its descriptors up to the next comma.
_CANDIDATE = re.compile(r"[\s,]*(?:(\S*?),+(?!\S)|(\S+)[^,]*)")


def parse_srcset(value: str) -> list[str]:
    """The URLs of a srcset attribute, following the HTML spec's candidate parsing."""
    if "(" not in value and ")" not in value:  # every srcset the theme writes: read in C
        return [url for m in _CANDIDATE.finditer(value) for url in m.groups() if url]
    return _parse_srcset_by_hand(value)


def _parse_srcset_by_hand(value: str) -> list[str]:
    """parse_srcset, character by character: descriptors may nest commas in parentheses."""
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while i < n and (depth or value[i] != ","):
                depth += {"(": 1, ")": -1}.get(value[i], 0)
                i += 1
        if url:
            urls.append(url)
    return urls
