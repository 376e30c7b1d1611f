"""The editor's "review copy" button: `invoke review-copy` for one story, through the guard.

The guard (clemency.editor.guard) answers the action `reviewCopy` itself; decap-server never sees
it. The story must be a folder of stories/ with an index.md and the language one of the site's;
the copy is then made in a process of its own (`python -m clemency.editor.review`), so a slow or
failing build never stops the guard, and staff read one plain sentence, never a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from .guard import ActionFailed, Refused, path_refusal

ACTION = "reviewCopy"
STORIES = "stories"
TIMEOUT = 300.0  # a one-story build and a PDF take seconds; this only stops a stuck one
_ONE_AT_A_TIME = threading.Lock()  # two copies of one story would write the same file


def checked(root: Path, params: dict) -> tuple[str, str]:
    """(story folder, language) of a request, or Refused: only stories/<folder>/ of this project."""
    from ..i18n.catalogs import project_languages  # noqa: PLC0415 - Babel, only when asked

    story, lang = params.get("story"), params.get("lang")
    if not isinstance(story, str) or not story or "/" in story:
        raise Refused(f"review copy: {story!r} is not the folder name of a story")
    refusal = path_refusal(root, (STORIES,), f"{STORIES}/{story}")
    if refusal:
        raise Refused(f"review copy: {refusal}")
    if not (root / STORIES / story / "index.md").is_file():
        raise Refused(f"review copy: there is no story {STORIES}/{story}/")
    languages = project_languages(root)
    lang = languages[0] if lang is None else lang
    if lang not in languages:
        raise Refused(f"review copy: {lang!r} is not one of the site's languages ({', '.join(languages)})")
    return story, lang


def answer(root: Path, params: dict, *, timeout: float = TIMEOUT) -> dict:
    """Make the review copy a request asks for; its file names (from the project) and its page."""
    story, lang = checked(root, params)
    command = [sys.executable, "-m", __name__, str(root), story, lang]
    how = f"Run `invoke review-copy {story} --lang {lang}` in the project folder to see why."
    with _ONE_AT_A_TIME:
        try:
            done = subprocess.run(
                command, cwd=root, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise ActionFailed(f"the review copy of {story} took too long and was stopped. {how}") from None
    lines = done.stdout.strip().splitlines()
    try:
        made = json.loads(lines[-1])
    except (IndexError, ValueError):
        made = {"error": f"the review copy of {story} could not be made. {how}"}
    if "error" in made:
        raise ActionFailed(made["error"])
    html = Path(made["html"])
    try:
        page = html.read_text(encoding="utf-8")
    except OSError:
        raise ActionFailed(
            f"the review copy of {story} was made but cannot be read ({_shown(root, html)}). {how}"
        ) from None
    return {
        "path": _shown(root, html),
        "pdf": _shown(root, Path(made["pdf"])) if made["pdf"] else None,
        "html": page,
    }


def _shown(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def main(argv: list[str]) -> int:
    """Make one review copy; print one line of JSON: the files made, or the reason why not."""
    from ..build.reviewcopy import ReviewCopyError, make  # noqa: PLC0415 - Pelican: child only
    from ..content.catalog import today  # noqa: PLC0415
    from ..problems import ProblemsFound  # noqa: PLC0415

    root, story, lang = argv
    try:
        made = make(Path(root), story, lang, today=today({}))
    except ReviewCopyError as exc:
        print(json.dumps({"error": str(exc)}))
        return 1
    except ProblemsFound as exc:
        print(json.dumps({"error": f"{exc}\nFix these, then make the review copy again."}))
        return 1
    print(json.dumps({"html": str(made.html), "pdf": str(made.pdf) if made.pdf else None}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
