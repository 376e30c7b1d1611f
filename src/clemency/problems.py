"""A problem a staffer must fix, worded as help: file, field, what is wrong, how to fix it."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from .content import names

# How much a problem stops. ERROR: check and build fail, the last good site stays (or, for a
# story that lost consent, is taken down). WARNING: what would be an error in production, in a
# preview (e.g. a consent review due): shown, and the preview goes on. NOTICE: said once; the
# build goes on (a draft, a withdrawn story, a photo too small for large screens).
ERROR, WARNING, NOTICE = "error", "warning", "notice"
LEVELS = (ERROR, WARNING, NOTICE)


@dataclass(frozen=True)
class Problem:
    path: Path | str
    message: str  # what is wrong and how to fix it, in plain language
    field: str = ""
    line: int | None = None
    level: str = ERROR  # one of LEVELS
    # Names masked when the problem is printed where a CI log may keep it: every name in
    # `conceal` in the message, every name part in `conceal_path` in the file's path.
    conceal: tuple[str, ...] = ()
    conceal_path: tuple[str, ...] = ()

    def where(self, root: Path | None = None) -> str:
        path = Path(self.path)
        if root is not None:
            with contextlib.suppress(ValueError):  # outside the project: keep the full path
                path = path.resolve().relative_to(root.resolve())
        location = path.as_posix()
        if self.conceal_path and not names.names_may_show():
            location = names.conceal(location, self.conceal_path)
        if self.line:
            location += f":{self.line}"
        return location

    def format(self, root: Path | None = None) -> str:
        field = f" {self.field}:" if self.field else ""
        message = self.message
        if self.conceal and not names.names_may_show():
            message = names.conceal(message, self.conceal, capitalized=True)
        return f"{self.where(root)}:{field} {message}"


class ProblemsFound(Exception):
    """Raised when a build must stop; carries every problem so all are reported in one run."""

    def __init__(self, problems: list[Problem], root: Path | None = None):
        self.problems = problems
        self.root = root
        ordered = sorted(problems, key=lambda p: (str(p.path), p.line or 0))
        lines = [p.format(root) for p in ordered]
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} to fix:\n" + "\n".join(f"  - {line}" for line in lines))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == ERROR]
