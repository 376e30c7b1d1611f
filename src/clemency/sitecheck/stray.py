"""No sources, originals, drafts, caches or dotfiles in the output: only what visitors need."""

from __future__ import annotations

from ..problems import Problem
from .site import Site

SOURCE_SUFFIXES = {
    ".md",
    ".markdown",
    ".mdown",
    ".rst",
    ".yml",
    ".yaml",
    ".py",
    ".pyc",
    ".toml",
    ".ini",
    ".cfg",
    ".j2",
    ".jinja",
    ".env",
    ".sh",
    ".bak",
    ".orig",
    ".swp",
    ".tmp",
    ".log",
}
# Original photos come straight off a phone or camera and may carry location data.
ORIGINAL_PHOTO_SUFFIXES = {
    ".heic",
    ".heif",
    ".tif",
    ".tiff",
    ".dng",
    ".raw",
    ".cr2",
    ".nef",
    ".arw",
    ".psd",
}
CACHE_FOLDERS = {"__pycache__", "node_modules", "cache", "drafts", "Thumbs.db"}
ALLOWED_DOT_NAMES = {".well-known"}


def check(site: Site) -> list[Problem]:
    problems = []
    for path in site.files:
        parts = site.rel(path).split("/")
        suffix = path.suffix.lower()
        if site.is_link(path):
            message = "is a symbolic link. The output must hold plain files; copy the file instead."
        elif any(p.startswith(".") and p not in ALLOWED_DOT_NAMES for p in parts):
            message = (
                "is a hidden (dot) file or sits in a hidden folder. It has no business on "
                "the public site: remove it from the theme or content, or stop copying it."
            )
        elif any(p in CACHE_FOLDERS for p in parts):
            folder = next(p for p in parts if p in CACHE_FOLDERS)
            message = (
                f"sits in a '{folder}' folder, which is a cache or draft area, not part of "
                "the public site. Stop copying it into the output (check STATIC_PATHS)."
            )
        elif suffix in ORIGINAL_PHOTO_SUFFIXES:
            message = (
                "is an original photo file. Only the photo pipeline's stripped copies may "
                "be published: remove it from STATIC_PATHS."
            )
        elif suffix in SOURCE_SUFFIXES or path.name.endswith("~"):
            message = (
                "is a source or backup file, not a page. Sources stay in the repository: "
                "remove it from STATIC_PATHS or the theme's static folder."
            )
        else:
            continue
        problems.append(Problem(path, message))
    return problems
