"""The built site as the checks see it: its files, its parsed pages and its own address."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .pages import Page, read_page
from .urls import SiteAddress, origin_of

HTML_SUFFIXES = {".html", ".htm"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}


def list_entries(folder: Path) -> list[tuple[str, os.stat_result]]:
    """Every file (and symlink) under `folder`: its relative path, sorted, and its lstat (one
    call each, kept for the checks); symlinks, to folders too, are listed, never followed."""
    found = []
    stack = [("", str(folder))]
    while stack:
        prefix, path = stack.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    found.append((prefix + entry.name, entry.stat(follow_symlinks=False)))
    return sorted(found, key=lambda item: item[0])


def list_files(folder: Path) -> list[str]:
    """Every file (and symlink) under `folder` as a sorted relative path, symlinks not followed."""
    return [rel for rel, _ in list_entries(folder)]


@dataclass
class Site:
    output_dir: Path
    site_url: str = ""
    allowed_origins: frozenset[str] = frozenset()
    forbidden: tuple[str, ...] = ()
    production: bool = True
    # Names shown with consent, read over when looking for forbidden ones (see forbidden.py).
    shown: tuple[str, ...] = ()
    files: list[Path] = field(init=False)
    rels: dict[Path, str] = field(init=False)  # each file's path relative to output_dir
    lstats: dict[Path, os.stat_result] = field(init=False)  # as the files were listed
    _resolved: dict[str, str | None] = field(init=False, default_factory=dict)
    resolvable: set[str] = field(init=False, default_factory=set)  # site paths known to resolve

    def __post_init__(self) -> None:
        self.output_dir = Path(self.output_dir)
        self.allowed_origins = frozenset(origin_of(entry) or entry.lower() for entry in self.allowed_origins)
        # Sorted, and symlinks not followed, so problems come out in the same order every run.
        entries = list_entries(self.output_dir)
        base = str(self.output_dir)
        self.files = [Path(f"{base}/{rel}") for rel, _ in entries]
        self.rels = {path: rel for path, (rel, _) in zip(self.files, entries, strict=True)}
        self.lstats = {path: lstat for path, (_, lstat) in zip(self.files, entries, strict=True)}

    def add(self, folder: str) -> list[Path]:
        """List the files of `folder` (relative), made since the site was listed: the new ones."""
        base = str(self.output_dir)
        added = []
        for rel, lstat in list_entries(self.output_dir / folder):
            path = Path(f"{base}/{folder}/{rel}")
            if path not in self.rels:
                added.append(path)
                self.rels[path], self.lstats[path] = f"{folder}/{rel}", lstat
        self.files = sorted([*self.files, *added], key=self.rels.__getitem__)
        for known in ("_file_rels", "_folders", "pages"):  # what was worked out from the old list
            self.__dict__.pop(known, None)
        self._resolved.clear()
        self.resolvable.clear()
        return added

    @cached_property
    def address(self) -> SiteAddress:
        return SiteAddress.parse(self.site_url)

    @cached_property
    def pages(self) -> dict[Path, Page]:
        """Every page parsed (for site-wide checks; per-file rules go through rules.py)."""
        return {p: read_page(p) for p in self.files if p.suffix.lower() in HTML_SUFFIXES}

    @property
    def images(self) -> list[Path]:
        return [p for p in self.files if p.suffix.lower() in IMAGE_SUFFIXES]

    @cached_property
    def _file_rels(self) -> frozenset[str]:
        return frozenset(self.rels.values())

    @cached_property
    def _folders(self) -> frozenset[str]:
        folders = {""}
        for rel in self._file_rels:
            parts = rel.split("/")[:-1]
            folders.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        return frozenset(folders)

    def resolve_file(self, site_path: str) -> str | None:
        """The file (rel path) a site path serves: folders serve their index.html; None if none."""
        if site_path not in self._resolved:
            self._resolved[site_path] = self._resolve(site_path)
        return self._resolved[site_path]

    def _resolve(self, site_path: str) -> str | None:
        bare = site_path.rstrip("/")
        if site_path.endswith("/") or not site_path or bare in self._folders:
            candidate = f"{bare}/index.html" if bare else "index.html"
        else:
            candidate = bare
        return candidate if candidate in self._file_rels else None

    def url_path(self, file: Path) -> str:
        return self.address.url_path(self.output_dir, file)

    def is_link(self, file: Path) -> bool:
        """Whether the file was a symbolic link when listed (stray.py reports it; never followed)."""
        lstat = self.lstats.get(file)
        return stat.S_ISLNK(lstat.st_mode) if lstat is not None else file.is_symlink()

    def rel(self, file: Path) -> str:
        return self.rels.get(file) or file.relative_to(self.output_dir).as_posix()
