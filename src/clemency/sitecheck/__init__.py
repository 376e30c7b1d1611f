"""Checks on a built site, the last gate before visitors: pure Python, never imports Pelican.

One pass over the files: each file's per-file rules (rules.py) run together, from one read and
one parse, and their results are cached by the file's bytes (cache.py); then the few checks that
need the whole site (stray files, link targets) and the HTML checker, for pages it has not seen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..problems import Problem
from . import links, stray, validity
from .cache import CheckCache, config_key
from .rules import FileView, decode, per_file_rules
from .site import HTML_SUFFIXES, Site

__all__ = ["check_files", "check_output"]


def check_output(
    output_dir: Path,
    *,
    site_url: str = "",
    allowed_origins: Iterable[str] = (),
    forbidden: Iterable[str] = (),
    shown_names: Iterable[str] = (),
    production: bool = True,
    validate_html: bool = True,
    cache: CheckCache | Path | None = None,
    partial: str = "",
    unchecked: str = "",
    late: Callable[[], tuple[str, list[Problem]]] | None = None,
    begin_when: Callable[[], bool] | None = None,
) -> list[Problem]:
    """Every problem in the built site, in file order; [] means it is safe to publish.

    allowed_origins: outbound link targets (partner sites), as origins or full URLs.
    forbidden: client names of unpublished stories, name parts consent hides, old addresses;
      no file may hold one.
    shown_names: names published with consent (full names, attorneys), which may contain a
      forbidden surname of someone else.
    production: False for preview builds, which must instead be noindex and show the banner.
    validate_html: False skips the Nu HTML Checker (Java), for quick checks in tests.
    cache: a folder (or CheckCache) for results already known; None checks everything afresh.
    partial: `output_dir` holds only this folder of a site (e.g. "pagefind": a new search index,
      made aside): the cache forgets files of that folder that are gone, and keeps the rest.
    unchecked: a folder of `output_dir` (e.g. "pagefind") whose files count for links but are
      checked apart (an index kept in place while its successor is checked aside with
      `partial`); what the cache knows of them is kept for that check.
    late: a folder still being made (the search index, beside this check): called when the
      other files have been read, it puts the folder in place and returns its name and what went
      wrong making it; its files are then checked with the rest, as one site.
    begin_when: the HTML checker begins once this is true (when Pagefind, running beside the
      check, is done: both at once would take some 400 MB at 1,000 stories), or after `late`.
    """
    output_dir = Path(output_dir)
    if not output_dir.is_dir():
        return [Problem(output_dir, "there is no built site here. Build it first: invoke build")]
    site = Site(
        output_dir, site_url, frozenset(allowed_origins), tuple(forbidden), production, tuple(shown_names)
    )
    if not isinstance(cache, CheckCache):
        cache = CheckCache(cache, profile=config_key(site_url, production))
    checked = _checked(site, site.files, unchecked)
    # The HTML checker (Java) is made ready first and runs beside the rules, each on a core of
    # its own, from the moment `begin_when` allows.
    digests = {
        rel: cache.digest(rel, path, site.lstats.get(path))[0] for path, rel in checked if _is_page(rel)
    }
    validation = _start_validity(site, cache, digests) if validate_html else None
    begin = validation[0].begin if validation else None
    entries, rules = {}, per_file_rules(site)
    problems = _run_all(site, rules, cache, checked, entries, digests, begin, begin_when)
    if late is not None:
        folder, made = late()
        if begin is not None:
            begin()
        problems += made
        if folder:
            problems += _run_all(site, rules, cache, _checked(site, site.add(folder), unchecked), entries, {})
    problems += stray.check(site)
    problems += _links(site, rules, entries)
    if validation is not None:
        problems += _validity(site, cache, digests, *validation)
    cache.keep_only(entries, only_under=partial, except_under=unchecked)
    cache.save()
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.message))


def check_files(
    folder: Path,
    *,
    site_url: str = "",
    allowed_origins: Iterable[str] = (),
    forbidden: Iterable[str] = (),
    shown_names: Iterable[str] = (),
    production: bool = True,
    sitemap_of: Path | None = None,
) -> list[Problem]:
    """The per-file rules alone (names, origins, inline and active code, preview markers, image
    metadata) on every file under `folder`, a few pages laid out as in the site: what the live
    preview asks of a page it shows before the whole rebuild, which then checks everything.
    Nothing is cached or left out, and links wait for that check. sitemap_of: the site whose
    sitemap says which pages are hidden on purpose (default: `folder`)."""
    site = Site(
        Path(folder), site_url, frozenset(allowed_origins), tuple(forbidden), production, tuple(shown_names)
    )
    rules = [rule for rule in per_file_rules(site, sitemap_of) if not rule.facts]
    problems = []
    for path in site.files:
        view = FileView(path, site.rel(path), site.lstats[path].st_size)
        for rule in rules:
            if site.is_link(path) or not rule.applies(view.suffix):
                continue
            problems += decode(path, rule.problems(view.rel, rule.run(view)))
    return problems + stray.check(site)


def _checked(site: Site, files: list[Path], unchecked: str) -> list[tuple[Path, str]]:
    """The files the per-file rules read, with their paths relative to the site."""
    return [
        (path, site.rel(path))
        for path in files
        if not site.is_link(path)  # never followed; stray.py reports it
        and not (unchecked and site.rel(path).startswith(f"{unchecked}/"))
    ]


def _run_all(
    site: Site, rules, cache: CheckCache, checked, entries: dict, digests: dict, begin=None, when=None
) -> list[Problem]:
    """Every per-file rule on every file of `checked`; each file's results go into `entries`.
    begin: called once, as soon as `when()` is true (at once if there is no `when`)."""
    problems = []
    applicable: dict[str, list] = {}  # suffix -> the rules that read such files
    for path, rel in checked:
        if begin is not None and (when is None or when()):
            begin()
            begin = None
        suffix = path.suffix.lower()
        if suffix not in applicable:
            applicable[suffix] = [rule for rule in rules if rule.applies(suffix)]
        entries[rel] = _run_rules(
            applicable[suffix], cache, path, rel, site.lstats.get(path), digests.get(rel)
        )
        problems += [
            p
            for rule in rules
            if not rule.facts and rule.key in entries[rel]
            for p in decode(path, rule.problems(rel, entries[rel][rule.key]))
        ]
    return problems


def _is_page(rel: str) -> bool:
    return Path(rel).suffix.lower() in HTML_SUFFIXES


def _run_rules(applicable, cache: CheckCache, path: Path, rel: str, stat=None, digest=None) -> dict:
    """The file's results for every rule that applies, computed only where none is known.
    stat: the file's, as the site was listed (a plain file's lstat is its stat); digest: its
    digest, if known already."""
    stat = stat or path.stat()
    digest, data = (digest, None) if digest else cache.digest(rel, path, stat)
    entry = cache.entry(rel, digest)
    view = FileView(path, rel, stat.st_size, data)
    for rule in applicable:
        if rule.key in entry:
            cache.reused += 1
            continue
        for stale in [k for k in entry if k.startswith(f"{rule.name}:")]:
            del entry[stale]  # the same rule under an older configuration
        entry[rule.key] = rule.run(view)
        cache.computed += 1
    return entry


def _links(site: Site, rules, entries: dict[str, dict]) -> list[Problem]:
    """Internal links and anchors, looked up among the files and ids of this build."""
    links_key = next(r.key for r in rules if r.name == "links")
    ids_key = next(r.key for r in rules if r.name == "ids")
    ids = {rel: frozenset(entry[ids_key]) for rel, entry in entries.items() if ids_key in entry}
    problems = []
    for rel, entry in entries.items():
        if links_key in entry:
            path = site.output_dir / rel
            problems += decode(path, entry[links_key]["problems"])
            if not links.all_found(site, entry[links_key], ids):  # read it again, to say where
                found = links.targets(site, path, FileView(path, rel, 0).refs)[1]
                problems += links.check_targets(site, path, found, ids)
    return problems


def _start_validity(site: Site, cache: CheckCache, pages: dict[str, str]):
    """Start the Nu HTML Checker on the pages (rel -> digest) whose bytes it has not seen."""
    unseen: dict[str, Path] = {}
    for rel, digest in pages.items():
        if digest not in cache.validity:
            unseen.setdefault(digest, site.output_dir / rel)  # identical pages: checked once
    scratch = cache.folder / "scratch" if cache.folder else None
    return validity.prepare(list(unseen.values()), scratch=scratch), unseen


def _validity(
    site: Site, cache: CheckCache, pages: dict[str, str], run, unseen: dict[str, Path]
) -> list[Problem]:
    """The checker's verdict on every page: its new answers, and those the cache knew."""
    found = run.result()
    if isinstance(found, Problem):  # no Java or no checker: the site as a whole is unchecked
        return [Problem(site.output_dir, found.message)]
    for digest, path in unseen.items():
        cache.validity[digest] = found[path]
        cache.changed = True
    return [
        p
        for rel, digest in pages.items()
        for p in validity.problems(site.output_dir / rel, cache.validity[digest])
    ]
