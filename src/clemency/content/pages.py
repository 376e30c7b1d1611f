"""Read and check the site's own pages (content/pages/*.md): YAML front matter, like stories."""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem
from . import frontmatter
from .schema import PAGE_FIELDS
from .validate import did_you_mean


def check_page(path: Path) -> tuple[frontmatter.Document | None, list[Problem]]:
    try:
        doc = frontmatter.parse(frontmatter.read_text(path))
    except frontmatter.FrontMatterError as exc:
        return None, [Problem(path, exc.message, line=exc.line)]
    problems = []
    known = [f.name for f in PAGE_FIELDS]
    for key in doc.meta:
        if key not in known:
            problems.append(
                Problem(
                    path,
                    f"'{key}' is not a field a page can have.{did_you_mean(key, known)}",
                    field=key,
                    line=doc.lines.get(key),
                )
            )
    for f in PAGE_FIELDS:
        if f.required and not doc.meta.get(f.name):
            problems.append(Problem(path, f"is missing. {f.hint}", field=f.name))
    return doc, problems
