"""Every internal link and asset resolves to a file in the output, and every #anchor exists."""

from __future__ import annotations

from ..problems import Problem
from .site import HTML_SUFFIXES, Site
from .urls import file_for

# Fragments a browser understands without a matching id.
BUILTIN_FRAGMENTS = {"", "top"}


def check(site: Site) -> list[Problem]:
    problems = []
    for path, ref in site.all_refs():
        if ref.kind == "submit":
            continue  # a static site has no form handler to find; origins.py checks where it goes
        target = site.address.resolve(ref.url, site.url_path(path))
        if target.kind != "internal":
            continue
        where = f"<{ref.tag} {ref.attr}>" if ref.tag != "css" else "url()"
        if target.outside_base:
            base = site.address.base or "/"
            problems.append(Problem(path, (
                f"{where} '{ref.url}' points outside the site, which lives under {base}. "
                "Build links with {{ SITEURL }} (or a relative path) so they stay inside it."
            ), line=ref.line))
            continue
        file = file_for(site.output_dir, target.path)
        if file is None:
            problems.append(Problem(path, (
                f"{where} '{ref.url}' is broken: no file /{target.path} in the output. "
                "Fix the address, or make sure the build writes that file."
            ), line=ref.line))
            continue
        fragment = target.fragment
        if fragment in BUILTIN_FRAGMENTS or file.suffix.lower() not in HTML_SUFFIXES:
            continue
        page = site.pages.get(file)
        if page is not None and fragment not in page.ids:
            problems.append(Problem(path, (
                f"{where} '{ref.url}' points at #{fragment}, but {site.rel(file)} has no element "
                f"with id=\"{fragment}\". Fix the anchor or add the id."
            ), line=ref.line))
    return problems
