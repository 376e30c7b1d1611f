"""Tasks for the site: `invoke -l` lists them. Run them from the project folder."""

from __future__ import annotations

import shutil
import sys
import threading
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"
CACHE = ROOT / ".cache"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000


def _masked_traceback(kind, error, trace) -> None:
    """An error no task expected, with its traceback, every name the build learned masked (a CI
    log is often public; clemency.logmask): what `python` would print, less the names."""
    import traceback  # noqa: PLC0415

    from clemency import logmask  # noqa: PLC0415

    print(logmask.conceal("".join(traceback.format_exception(kind, error, trace))), end="", file=sys.stderr)


sys.excepthook = _masked_traceback
# The same for a thread's (the preview's search refresh, the checks beside the search index).
threading.excepthook = lambda args: _masked_traceback(args.exc_type, args.exc_value, args.exc_traceback)


def _fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)


def _show_progress() -> None:
    """Long work (photos) says how far it is and ends with its one-line summary."""
    import logging  # noqa: PLC0415

    photos = logging.getLogger("clemency.plugins.photos")
    if not photos.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        photos.addHandler(handler)
        photos.setLevel(logging.INFO)


def _build(
    settings_file: Path, output: Path = OUTPUT, *, takedown: bool = True, strict: bool = False, **overrides
) -> None:
    """Build atomically and check the new folder; if the build fails, take down lost consent.

    output/ itself is not rebuilt when nothing the build reads has changed since its last good
    build (clemency.build.stamp); strict: check every file's bytes (check and publish).
    """
    from clemency import logmask  # noqa: PLC0415 - keeps `invoke -l` fast
    from clemency.build import stamp  # noqa: PLC0415

    stamped = output == OUTPUT
    inputs = stamp.fingerprint(ROOT, settings_file, overrides)
    if stamped and (files := stamp.up_to_date(ROOT, output, inputs)) is not None:
        print(
            f"Nothing changed since the last build: {output.name}/ is up to date "
            f"({files} files, all site checks passed)."
        )
        return

    from clemency.build.gate import build_with_takedown, site_builder  # noqa: PLC0415
    from clemency.build.takedown import BuildFailed  # noqa: PLC0415
    from clemency.problems import ProblemsFound  # noqa: PLC0415

    # A line starting "Taken down: " means output/ lost stories that lost consent; CI deploys
    # that site even when the build or the tests failed (.github/workflows/ci.yml).
    kept = f"The build stopped; the last good site in {output.name}/ is unchanged."
    taken_down = ""
    if stamped:
        stamp.forget(ROOT)
    _show_progress()
    try:
        if takedown:
            built = build_with_takedown(settings_file, output, overrides, strict=strict)
            result, taken_down = built.result, built.takedown
        else:
            result = site_builder(settings_file, output, overrides, strict=strict)({}, ())
    except ProblemsFound as exc:
        _fail(f"{exc}\n{kept}")
    except BuildFailed as failure:
        cause = failure.cause
        said = (
            str(cause)
            if isinstance(cause, ProblemsFound)
            else logmask.conceal(f"The build failed unexpectedly ({type(cause).__name__}: {cause}).")
        )
        _fail(f"{said}\n{failure.takedown or kept}")
    if stamped:
        stamp.record(ROOT, output, inputs, result.files)
    print(
        f"Built {result.files} files ({len(result.changed)} new or changed"
        f"{_reused(result)}) into {output.name}/ in {result.seconds:.1f} s; all site checks passed."
    )
    if taken_down:
        print(taken_down)


def _reused(result) -> str:
    return f"; {result.reused} unchanged pages reused, not rendered" if result.reused else ""


@task
def build(c, preview=False):
    """Build the site into output/ (a failed build keeps the last good site, minus lost consent)."""
    _build(DEV_SETTINGS, STORIES_PREVIEW=preview)


@task
def publish(c):
    """Build the production site (publishconf.py) into output/."""
    _build(PUBLISH_SETTINGS, strict=True)


@task(help={"launch": "also fail while a launch blocker (an empty contact setting) remains"})
def check(c, launch=False):
    """Check stories and pages, then build the production site aside and check every file."""
    import tempfile  # noqa: PLC0415

    from clemency.build.sources import (  # noqa: PLC0415
        check_stories,
        read_project_settings,
        report,
        summary,
    )
    from clemency.i18n.catalogs import check_catalogs  # noqa: PLC0415
    from clemency.plugins.editor import hosted_editor_gaps  # noqa: PLC0415
    from clemency.problems import errors  # noqa: PLC0415
    from clemency.site import contact  # noqa: PLC0415

    settings = read_project_settings(PUBLISH_SETTINGS)
    problems, notices, catalog = check_stories(settings)
    problems += check_catalogs(ROOT)
    problems += contact.problems(settings, DEV_SETTINGS.name)
    for notice in [*notices, hosted_editor_gaps(settings)]:
        if notice:
            print(f"note: {notice}")
    if problems:
        print(report(problems, ROOT))
    if errors(problems):
        print(summary(catalog, checks_passed=False))
        raise SystemExit(1)
    print("Stories and pages: no problems found. Building the production site to check its files...")
    with tempfile.TemporaryDirectory(prefix="check-") as scratch:
        try:
            _build(PUBLISH_SETTINGS, Path(scratch) / "site", takedown=False, strict=True)
        except SystemExit:
            print(summary(catalog, checks_passed=False), file=sys.stderr)
            raise
    blockers = contact.launch_blockers(settings, DEV_SETTINGS.name)
    for blocker in blockers:
        print(f"launch blocker: {blocker.format()}")
    print(summary(catalog, checks_passed=True, launch_blockers=len(blockers)))
    if blockers and launch:
        raise SystemExit(1)


@task(
    help={
        "client": 'the client\'s name, as it may be published, e.g. "Test Person"',
        "name": "how much of the name consent allows: full, first, pseudonym or anonymous",
    }
)
def new_story(c, client, name=""):
    """Start a new story, in a folder named only with what consent lets visitors see."""
    from clemency.content.catalog import today  # noqa: PLC0415
    from clemency.content.scaffold import create  # noqa: PLC0415
    from clemency.content.vocab import load  # noqa: PLC0415

    try:
        path = create(ROOT / "stories", client, today({}), name, load(ROOT / "content" / "data")[0])
    except ValueError as exc:
        _fail(str(exc))
    print(f"Created {path.relative_to(ROOT).as_posix()}: its folder name is the story's web address.")
    print("Fill in the fields, put the photo in the same folder, then run: invoke check")


@task(
    help={
        "story": "the story's folder in stories/, e.g. sophy",
        "lang": "the client's language: en, km, vi or es (default en)",
        "output": "where to write the page (default review-copies/<story>.<lang>.html)",
    }
)
def review_copy(c, story, lang="en", output=""):
    """Print the story as visitors will see it, with the consent in plain words, for the client."""
    from clemency.build.reviewcopy import ReviewCopyError, make  # noqa: PLC0415
    from clemency.content.catalog import today  # noqa: PLC0415
    from clemency.problems import ProblemsFound  # noqa: PLC0415

    try:
        made = make(ROOT, story, lang, Path(output) if output else None, today=today({}))
    except ReviewCopyError as exc:
        _fail(str(exc))
    except ProblemsFound as exc:
        _fail(f"{exc}\nFix these, then make the review copy again.")

    def shown(path: Path) -> str:
        return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)

    print(f"Wrote {shown(made.html)}{' and ' + shown(made.pdf) if made.pdf else ''}.")
    if not made.pdf:
        print("No PDF: Chromium is not installed. Open the page in a browser and print it.")
    print(
        "Read it with the client, have them sign it, and keep it with the consent form. It is "
        "not part of the website."
    )


@task
def docs_keys(c):
    """Rewrite the vocabularies' keys in docs/adding-a-story.md from content/data/."""
    from clemency.content import vocab, vocabdoc  # noqa: PLC0415

    keys, _ = vocab.load(ROOT / "content" / "data")
    guide = ROOT / "docs" / "adding-a-story.md"
    changed = vocabdoc.refresh(guide, keys)
    print(f"{guide.relative_to(ROOT).as_posix()}: {'updated' if changed else 'already up to date'}.")


@task
def serve(c, port=PORT):
    """Preview the site at http://127.0.0.1:8000; it rebuilds and reloads when a file is saved."""
    import time  # noqa: PLC0415

    from jinja2 import FileSystemBytecodeCache  # noqa: PLC0415

    from clemency.build import preview, textedit  # noqa: PLC0415
    from clemency.build.atomic import build_site  # noqa: PLC0415
    from clemency.build.gate import output_checker  # noqa: PLC0415
    from clemency.build.sources import read_project_settings  # noqa: PLC0415
    from clemency.problems import ProblemsFound  # noqa: PLC0415

    overrides = {"STORIES_PREVIEW": True}
    # Compiled templates are kept between rebuilds (keyed by each template's source).
    (CACHE / "jinja").mkdir(parents=True, exist_ok=True)
    jinja = read_project_settings(DEV_SETTINGS)["JINJA_ENVIRONMENT"]
    overrides["JINJA_ENVIRONMENT"] = {**jinja, "bytecode_cache": FileSystemBytecodeCache(CACHE / "jinja")}

    lock = threading.Lock()  # one build into output/ at a time, the search refresh included
    search_index = preview.SearchIndex(OUTPUT, lock)
    last = overrides[textedit.SETTING] = textedit.LastBuild()

    def rebuild() -> preview.Outcome:
        """One build in this warm process, with the quick per-file checks; the error, if any.
        The page is shown first; its search index follows a moment later."""
        last.release()
        try:
            settings = read_project_settings(DEV_SETTINGS, overrides)
            check = output_checker(settings, validate_html=False)
            with lock:
                keep = search_index.keep_for(check.forbidden)
                result = build_site(
                    DEV_SETTINGS,
                    OUTPUT,
                    settings_overrides={**overrides, "SEARCH_KEEP_INDEX_OF": keep},
                    check=check,
                    incremental=True,
                    delete_old_later=True,
                )
                search_index.built(check.forbidden, bool(keep), check)
                last.commit(check)
        except ProblemsFound as exc:
            print(f"{exc}\nFix the problems above; the preview shows them until the next save.")
            return preview.Outcome(error=str(exc))
        except Exception as exc:  # noqa: BLE001 - the preview must outlive any broken save
            message = f"The build failed: {exc}. Undo the last change, or ask for help with it."
            print(message)
            return preview.Outcome(error=message)
        changed = f"{len(result.changed)} files new or changed{_reused(result)}"
        print(f"Rebuilt in {result.seconds:.1f} s ({changed}).")
        return preview.Outcome(pages=preview.changed_pages(result.changed))

    def text_edit(saved: set[Path]) -> preview.Outcome | None:
        """A save that changed only a story's text: its page at once, before the rebuild."""
        started = time.perf_counter()
        try:
            with lock:
                shown = textedit.show(last, saved, OUTPUT)
        except Exception:  # noqa: BLE001 - the rebuild that follows says what is wrong
            return None
        if shown is None:
            return None
        print(f"Showing the new text ({time.perf_counter() - started:.2f} s); rebuilding the rest...")
        return preview.Outcome(pages=preview.changed_pages(shown))

    state = preview.PreviewState()
    started = time.time()
    state.publish(rebuild())
    server = preview.serve(OUTPUT, state, HOST, int(port))
    print(f"Preview: http://{HOST}:{port}/  (Ctrl+C to stop)")
    stop = threading.Event()
    watched = [ROOT / name for name in ("stories", "content", "theme", "pelicanconf.py")]
    try:
        preview.watch(watched, rebuild, state, stop, since=started, first=text_edit)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


@task
def cms(c, port=PORT, cms_port=8081):
    """Edit stories in the browser at http://127.0.0.1:8000/admin/, with the live preview."""
    from clemency.editor.server import run  # noqa: PLC0415

    raise SystemExit(run(ROOT, host=HOST, port=int(port), cms_port=int(cms_port)))


@task
def i18n_extract(c):
    """Collect every interface string into theme/translations/messages.pot."""
    from clemency.i18n import catalogs as i18n  # noqa: PLC0415

    print(i18n.write_pot(ROOT).relative_to(ROOT))


@task
def i18n_update(c):
    """Add new strings to each language's catalog (then translate them); refresh REVIEW.md."""
    from clemency.i18n import catalogs as i18n  # noqa: PLC0415

    for path in i18n.update_catalogs(ROOT):
        print(path.relative_to(ROOT))


@task
def i18n_compile(c):
    """Compile the catalogs into .cache/translations/ (the build compiles its own)."""
    from clemency.i18n import catalogs as i18n  # noqa: PLC0415

    for path in i18n.compile_catalogs(ROOT):
        print(path.relative_to(ROOT))


@task
def clean(c, cache=False):
    """Delete output/ and build scratch (and, with --cache, every cache in .cache/)."""
    from clemency.build import scratch  # noqa: PLC0415

    for folder in (OUTPUT, scratch.root(OUTPUT), *((CACHE,) if cache else ())):
        shutil.rmtree(folder, ignore_errors=True)


@task(
    help={
        "due_markdown": "print only the reminder issue's text (Markdown, no names); "
        "nothing if no review is due"
    }
)
def consent(c, due_markdown=False):
    """List every story's consent (name, photo, review date, state) and the reviews due soon."""
    from clemency.build.sources import read_project_settings  # noqa: PLC0415
    from clemency.content import consent_records  # noqa: PLC0415
    from clemency.content.catalog import today  # noqa: PLC0415

    settings = read_project_settings(PUBLISH_SETTINGS)
    day = today(settings)
    records = consent_records.read_all(Path(settings["PATH"]) / settings["STORIES_PATH"], day)
    if due_markdown:
        print(consent_records.due_markdown(records, day), end="")
        return
    print(consent_records.table(records, day, mask=consent_records.in_ci()))


LINTED = ("src", "tests", "bench", "tools", "tasks.py", "pelicanconf.py", "publishconf.py")


@task
def lint(c):
    """Check the Python code with ruff (rules and format in pyproject.toml)."""
    c.run(f"{sys.executable} -m ruff check --quiet {' '.join(LINTED)}", pty=False)
    c.run(f"{sys.executable} -m ruff format --check --quiet {' '.join(LINTED)}", pty=False)


@task(pre=[lint])
def test(c):
    """Run the linter, then the test suite (unit, whole-site build and browser tests)."""
    c.run(f"{sys.executable} -m pytest", pty=False)
