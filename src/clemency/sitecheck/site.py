"""The built site as the checks see it: its files, its parsed pages and its own address."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .pages import Page, read_page
from .urls import SiteAddress, origin_of

HTML_SUFFIXES = {".html", ".htm"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}


def list_files(folder: Path) -> list[Path]:
    """Every file (and symlink) under `folder`, sorted, without following symlinked folders."""
    found = []
    for parent, dirs, files in os.walk(folder):
        base = Path(parent)
        found += [base / name for name in files]
        # os.walk lists a symlink to a folder among the folders and does not enter it.
        found += [base / name for name in dirs if (base / name).is_symlink()]
    return sorted(found)


@dataclass
class Site:
    output_dir: Path
    site_url: str = ""
    allowed_origins: frozenset[str] = frozenset()
    forbidden: tuple[str, ...] = ()
    production: bool = True
    files: list[Path] = field(init=False)

    def __post_init__(self) -> None:
        self.output_dir = Path(self.output_dir)
        self.allowed_origins = frozenset(
            origin_of(entry) or entry.lower() for entry in self.allowed_origins
        )
        # Sorted, and symlinks not followed, so problems come out in the same order every run.
        self.files = list_files(self.output_dir)

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
        return frozenset(self.rel(p) for p in self.files)

    @cached_property
    def _folders(self) -> frozenset[str]:
        folders = {""}
        for rel in self._file_rels:
            parts = rel.split("/")[:-1]
            folders.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        return frozenset(folders)

    def resolve_file(self, site_path: str) -> str | None:
        """The file (rel path) a site path serves: folders serve their index.html; None if none."""
        bare = site_path.rstrip("/")
        if site_path.endswith("/") or not site_path or bare in self._folders:
            candidate = f"{bare}/index.html" if bare else "index.html"
        else:
            candidate = bare
        return candidate if candidate in self._file_rels else None

    def url_path(self, file: Path) -> str:
        return self.address.url_path(self.output_dir, file)

    def rel(self, file: Path) -> str:
        return file.relative_to(self.output_dir).as_posix()
