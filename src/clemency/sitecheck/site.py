"""The built site as the checks see it: its files, its parsed pages and its own address."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .pages import Page, Ref, css_refs, read_page
from .urls import SiteAddress, origin_of

HTML_SUFFIXES = {".html", ".htm"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}


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

    def __post_init__(self) -> None:
        self.output_dir = Path(self.output_dir)
        self.allowed_origins = frozenset(
            origin_of(entry) or entry.lower() for entry in self.allowed_origins
        )
        # Sorted, and symlinks not followed, so problems come out in the same order every run.
        self.files = sorted(p for p in self.output_dir.rglob("*") if p.is_file() or p.is_symlink())

    @cached_property
    def address(self) -> SiteAddress:
        return SiteAddress.parse(self.site_url)

    @cached_property
    def pages(self) -> dict[Path, Page]:
        return {p: read_page(p) for p in self.files if p.suffix.lower() in HTML_SUFFIXES}

    @cached_property
    def stylesheets(self) -> dict[Path, list[Ref]]:
        return {p: css_refs(p) for p in self.files if p.suffix.lower() == ".css"}

    @property
    def images(self) -> list[Path]:
        return [p for p in self.files if p.suffix.lower() in IMAGE_SUFFIXES]

    def url_path(self, file: Path) -> str:
        return self.address.url_path(self.output_dir, file)

    def rel(self, file: Path) -> str:
        return file.relative_to(self.output_dir).as_posix()

    def all_refs(self):
        """(file, ref) for every URL in every page and stylesheet."""
        for path, page in self.pages.items():
            for ref in page.refs:
                yield path, ref
        for path, refs in self.stylesheets.items():
            for ref in refs:
                yield path, ref
