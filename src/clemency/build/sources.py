"""Check the site's sources (stories, pages, vocabularies) without building: `invoke check`."""

from __future__ import annotations

from pathlib import Path

from pelican.settings import read_settings

from ..content.catalog import Catalog, load_site
from ..problems import ERROR, Problem


def read_project_settings(settings_file: Path, overrides: dict | None = None) -> dict:
    return read_settings(str(settings_file), override=overrides or {})


def check_sources(settings: dict) -> tuple[list[Problem], list[str]]:
    """Every problem in every story and page, and the notices (withdrawn, drafts)."""
    problems, notices, _catalog = check_stories(settings)
    return problems, notices


def check_stories(settings: dict) -> tuple[list[Problem], list[str], Catalog]:
    """As check_sources, with the catalog that says what the next build publishes."""
    _vocab, catalog, problems = load_site(settings)
    return problems, catalog.notices, catalog


def summary(catalog: Catalog, checks_passed: bool, launch_blockers: int = 0) -> str:
    """The last line of `invoke check`: what the next build publishes, and what it leaves out."""
    published = catalog.count("published")
    parts = [
        _count(published, "story will be published", "stories will be published"),
        _count(catalog.count("draft-or-hidden"), "is a draft or hidden", "are drafts or hidden"),
        _count(catalog.count("waiting-on-consent"), "is waiting on consent", "are waiting on consent"),
    ]
    for state, one, many in (
        ("withdrawn", "is withdrawn", "are withdrawn"),
        ("has-problems", "has problems to fix", "have problems to fix"),
    ):
        if catalog.count(state):
            parts.append(_count(catalog.count(state), one, many))
    text = ", ".join(parts[:-1]) + " and " + parts[-1]
    pending = sum(catalog.count(s) for s in ("draft-or-hidden", "waiting-on-consent", "has-problems"))
    if not checks_passed:
        return f"{text}. Fix the problems above first."
    if pending:
        return f"{text}. Every check passed; the stories not yet published need the notes above."
    if launch_blockers:
        return (
            f"{text}. Every check passed, but the site is not ready to launch: "
            f"{_count(launch_blockers, 'launch blocker', 'launch blockers')} above."
        )
    return f"{text}. Every check passed: ready to publish."


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one}" if number == 1 else f"{number} {many}"


def report(problems: list[Problem], root: Path) -> str:
    """The text `invoke check` prints: one line per problem, then a one-line verdict."""
    ordered = sorted(problems, key=lambda p: (str(p.path), p.line or 0))
    lines = [("" if p.level == ERROR else "note: ") + p.format(root) for p in ordered]
    errors = [p for p in problems if p.level == ERROR]
    files = len({Path(p.path) for p in errors})
    if errors:
        noun = "problem" if len(errors) == 1 else "problems"
        fnoun = "file" if files == 1 else "files"
        lines.append(f"{len(errors)} {noun} to fix in {files} {fnoun}.")
    return "\n".join(lines)
