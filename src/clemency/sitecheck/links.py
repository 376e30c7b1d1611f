"""Every internal link and asset resolves to a file in the output, and every #anchor exists.

In two steps, so that an unchanged page is never parsed again: `targets` reads one file's
references and `summary` keeps what must exist (cacheable: it depends only on the file and the
site's address); `all_found` looks that up among the files and ids of this build. Only a page
with something missing is read again, by `check_targets`, to say where and what.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..problems import Problem
from .pages import Ref
from .site import HTML_SUFFIXES, Site

# Fragments a browser understands without a matching id.
BUILTIN_FRAGMENTS = {"", "top"}


def _where(ref: Ref) -> str:
    return f"<{ref.tag} {ref.attr}>" if ref.tag != "css" else "url()"


def targets(site: Site, path, refs: list[Ref]) -> tuple[list[Problem], list[list]]:
    """Problems found in the file alone, and its internal targets [site path, fragment, line,
    where, url] for `check_targets`."""
    problems, found = [], []
    from_path = site.url_path(path)
    for ref in refs:
        if ref.kind == "submit":
            continue  # a static site has no form handler to find; origins.py checks where it goes
        target = site.address.resolve(ref.url, from_path)
        if target.kind != "internal":
            continue
        if target.outside_base:
            base = site.address.base or "/"
            problems.append(
                Problem(
                    path,
                    (
                        f"{_where(ref)} '{ref.url}' points outside the site, which lives under {base}. "
                        "Build links with {{ SITEURL }} (or a relative path) so they stay inside it."
                    ),
                    line=ref.line,
                )
            )
            continue
        found.append([target.path, target.fragment, ref.line, _where(ref), ref.url])
    return problems, found


def summary(found: list[list]) -> dict:
    """What `found` needs to exist, without lines or wording: small enough to cache for every page.

    paths: every site path linked; anchors: [path, fragment] pairs whose fragment must be an id.
    """
    paths = sorted({site_path for site_path, *_ in found})
    anchors = sorted({(p, f) for p, f, *_ in found if f not in BUILTIN_FRAGMENTS})
    return {"paths": paths, "anchors": [list(pair) for pair in anchors]}


def all_found(site: Site, known: dict, ids: Mapping[str, frozenset[str]]) -> bool:
    """True if every path and anchor in a page's summary exists in this build."""
    if not site.resolvable.issuperset(known["paths"]):
        unknown = set(known["paths"]) - site.resolvable
        if any(site.resolve_file(p) is None for p in unknown):
            return False
        site.resolvable.update(unknown)
    for site_path, fragment in known["anchors"]:
        rel = site.resolve_file(site_path)
        if rel.lower().endswith(tuple(HTML_SUFFIXES)) and fragment not in ids.get(rel, (fragment,)):
            return False
    return True


def check_targets(site: Site, path, found: list[list], ids: Mapping[str, frozenset[str]]) -> list[Problem]:
    """Each target of one file exists in this build; `ids` holds every page's ids by rel path."""
    problems = []
    for site_path, fragment, line, where, url in found:
        rel = site.resolve_file(site_path)
        if rel is None:
            problems.append(
                Problem(
                    path,
                    (
                        f"{where} '{url}' is broken: no file /{site_path} in the output. "
                        "Fix the address, or make sure the build writes that file."
                    ),
                    line=line,
                )
            )
            continue
        if fragment in BUILTIN_FRAGMENTS or not rel.lower().endswith(tuple(HTML_SUFFIXES)):
            continue
        page_ids = ids.get(rel)
        if page_ids is not None and fragment not in page_ids:
            problems.append(
                Problem(
                    path,
                    (
                        f"{where} '{url}' points at #{fragment}, but {rel} has no element "
                        f'with id="{fragment}". Fix the anchor or add the id.'
                    ),
                    line=line,
                )
            )
    return problems
