"""Check the site's sources (stories, pages, vocabularies) without building: `invoke check`."""

from __future__ import annotations

from pathlib import Path

from pelican.settings import read_settings

from .plugins.stories import load_site
from .problems import Problem


def read_project_settings(settings_file: Path, overrides: dict | None = None) -> dict:
    return read_settings(str(settings_file), override=overrides or {})


def check_sources(settings: dict) -> tuple[list[Problem], list[str]]:
    """Every problem in every story and page, and the notices (withdrawn, drafts)."""
    _vocab, catalog, problems = load_site(settings)
    return problems, catalog.notices


def report(problems: list[Problem], root: Path) -> str:
    """The text `invoke check` prints: one line per problem, then a one-line verdict."""
    ordered = sorted(problems, key=lambda p: (str(p.path), p.line or 0))
    lines = [("" if p.level == "error" else "note: ") + p.format(root) for p in ordered]
    errors = [p for p in problems if p.level == "error"]
    files = len({Path(p.path) for p in errors})
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        fnoun = "file" if files == 1 else "files"
        lines.append(f"{len(errors)} {noun} to fix in {files} {fnoun}.")
    return "\n".join(lines)
