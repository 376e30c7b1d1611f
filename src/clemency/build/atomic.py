"""Atomic builds: Pelican writes a fresh folder; it replaces output/ only if build and checks pass.

The fresh folder is scratch under .cache/build/ (clemency.build.scratch), never beside output/.

A failed build leaves the previous output/ untouched, byte for byte. Pelican only *logs* most
errors and goes on, so ERROR records from Pelican (and this project's plugins) fail the build.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from .. import logmask
from ..problems import ERROR, Problem, ProblemsFound, errors
from ..site import search
from . import incremental as pages_state
from . import scratch, stamp
from .unchanged import link_unchanged

LOGGERS = ("pelican", "clemency")


@dataclass(frozen=True)
class BuildResult:
    output: Path
    files: int
    seconds: float
    notices: tuple[Problem, ...] = ()  # problems below ERROR the check reported
    changed: tuple[str, ...] = ()  # files new or different from the last output (rel paths)
    # An incremental build: the pages rendered, and how many were taken from the last build.
    rendered: tuple[str, ...] = ()
    reused: int = 0


class _ErrorRecorder(logging.Handler):
    """Keeps every ERROR (and worse) record logged while Pelican runs."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def __enter__(self) -> _ErrorRecorder:
        for name in LOGGERS:
            logging.getLogger(name).addHandler(self)
        return self

    def __exit__(self, *exc_info) -> None:
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(self)


def build_site(
    settings_file: Path,
    output: Path,
    *,
    settings_overrides: dict | None = None,
    check: Callable[[Path], Iterable[Problem] | None] | None = None,
    incremental: bool = False,
    delete_old_later: bool = False,
) -> BuildResult:
    """Build with Pelican into a scratch folder, check it, then swap it in as `output`.

    Raises ProblemsFound if Pelican logged errors or `check` found errors; any other exception
    from Pelican propagates. Either way the temp folder is removed and `output` is untouched.
    incremental: pages whose inputs are unchanged since the last good build into `output` are
    linked from it, not rendered (clemency.build.incremental); otherwise every page is rendered.
    delete_old_later: the last output is deleted by a thread after the swap, not before this
    returns (a process that lives on, the live preview, shows the page sooner).
    check: clemency.build.gate.output_checker's; with a search index, it is also given the
    index's folder as it is made (late, begin_when: sitecheck.check_output).
    """
    from pelican import Pelican  # noqa: PLC0415 - importing Pelican is slow; sitecheck never does
    from pelican.settings import read_settings  # noqa: PLC0415

    started = time.perf_counter()
    settings_file = Path(settings_file).absolute()
    output = Path(output).absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    scratch.clear_stale(output)
    staging = scratch.make(output, "tmp")
    project = settings_file.parent
    pages = None
    overrides = {**(settings_overrides or {}), "OUTPUT_PATH": str(staging)}
    if incremental:
        stories = overrides.get("STORIES_PATH", "stories")
        rendered = {k: v for k, v in (settings_overrides or {}).items() if k not in pages_state.UNRENDERED}
        site = stamp.fingerprint(project, settings_file, rendered, leave_out=(stories,))
        pages = pages_state.Pages(pages_state.load(project, output), site, output)
    else:
        pages_state.forget(project, output)
    # A checked build makes its search index beside the site check, not before it (unless the
    # live preview keeps the last one for now: SEARCH_KEEP_INDEX_OF).
    index_late = check is not None and not overrides.get("SEARCH_KEEP_INDEX_OF")
    overrides["SEARCH_INDEX_AFTER"] = index_late
    try:
        settings = read_settings(str(settings_file), override={**overrides, "INCREMENTAL": pages})
        with _ErrorRecorder() as recorder:
            try:
                Pelican(settings).run()
            finally:
                _forget_memoised()
        if recorder.records:
            problems = [_problem(settings_file, r) for r in recorder.records]
            raise ProblemsFound(problems, root=settings_file.parent)
        changed, files = link_unchanged(staging, output)
        if index_late and settings.get("SEARCH_ENABLED"):
            found, index, more_files = _check_with_late_index(settings, settings_file, staging, output, check)
            changed, files = sorted({*changed, *index}), files + more_files
        else:
            found = check(staging) if check else None
        changed = tuple(changed)
        problems = [_moved(p, staging, output) for p in (found or ())]
        if errors(problems):
            raise ProblemsFound(problems, root=output.parent)
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        _swap(staging, output, later=delete_old_later)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if pages is not None:
        pages_state.save(project, output, pages, output)
    notices = tuple(p for p in problems if p.level != ERROR)
    seconds = time.perf_counter() - started
    if pages is None:
        return BuildResult(output, files, seconds, notices, changed)
    rendered = tuple(sorted(set(pages.keys) - pages.linked))
    return BuildResult(output, files, seconds, notices, changed, rendered, len(pages.linked))


def _forget_memoised() -> None:
    """Empty Pelican's memo of each article's content and summary. It is kept on the class, by
    article, and each article holds its build's whole context: in a process that builds again
    and again (the live preview) every build stayed in memory (+30 to 60 MB a save at 1,000
    stories)."""
    from pelican import contents  # noqa: PLC0415
    from pelican.utils import memoized  # noqa: PLC0415

    for cls in (contents.Content, *contents.Content.__subclasses__()):
        for value in vars(cls).values():
            if isinstance(value, memoized):
                value.cache.clear()


def _check_with_late_index(
    settings: dict, settings_file: Path, staging: Path, output: Path, check
) -> tuple[list[Problem], list[str], int]:
    """Check the site while Pagefind indexes its pages (each on its own core); the index joins
    the check when made, and is checked with the rest as one site: the problems, the index files
    changed since the last build into `output`, and how many there are."""
    aside = scratch.make(output, "search")
    command, timeout, cache = search.options(settings)
    made: dict = {}

    def join() -> tuple[str, list[Problem]]:
        """Wait for the index; link the files equal to the last build's; put it in the site."""
        failures = indexing.result()
        if failures:
            return "", [Problem(settings_file, f"search: {failure}") for failure in failures]
        made["index"] = link_unchanged(aside / search.INDEX, output / search.INDEX)
        (aside / search.INDEX).rename(staging / search.INDEX)
        return search.INDEX, []

    try:
        # The thread only waits on Pagefind, a process of its own. The file work before and
        # after (the copy it reads, Khmer cut into words; linking the files equal to the last
        # build's) is done here: in a thread beside the check, each of its small file
        # operations waited for the check to let go of Python's lock (11 s instead of 0.3 s,
        # and 10 s instead of 0.2 s, for a story added at 1,000).
        with search.pages_to_index(staging, cache) as (pages, unmade), ThreadPoolExecutor(1) as pool:
            indexing = pool.submit(search.index_pages, pages, aside, command, timeout, unmade)
            found = list(check(staging, late=join, begin_when=indexing.done))
            index = made.get("index")
        if index is None:
            return found, [], 0
        return found, [f"{search.INDEX}/{rel}" for rel in index.changed], index.files
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _problem(settings_file: Path, record: logging.LogRecord) -> Problem:
    message = record.getMessage().strip()
    if record.exc_info and record.exc_info[1] is not None:
        # The message was masked as the record was made (logmask); the exception's text is not.
        message += f" ({logmask.conceal(repr(record.exc_info[1]))})"
    return Problem(
        settings_file,
        (
            f"Pelican reported an error ({record.name}): {message} "
            "Fix it and build again; the last good site was kept."
        ),
    )


def _moved(problem: Problem, staging: Path, output: Path) -> Problem:
    """Name files as they would be in output/, not in the temp folder that is about to go."""
    try:
        relative = Path(problem.path).absolute().relative_to(staging)
    except ValueError:
        return problem
    return replace(problem, path=output / relative)  # keeps what the problem masks in logs


def _swap(staging: Path, output: Path, *, later: bool = False) -> None:
    """Move `staging` to `output`; the old output is renamed aside first and deleted last."""
    old = None
    if output.exists() or output.is_symlink():
        old = scratch.make(output, "old") / output.name
        output.rename(old)
    try:
        staging.rename(output)
    except BaseException:
        if old is not None:
            old.rename(output)
            old.parent.rmdir()
        raise
    if old is not None and later:
        threading.Thread(target=shutil.rmtree, args=(old.parent, True), daemon=True).start()
    elif old is not None:
        shutil.rmtree(old.parent, ignore_errors=True)
