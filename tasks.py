"""Tasks for the site: `invoke -l` lists them. Run them from the project folder."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"
CACHE = ROOT / ".cache"
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
HOST, PORT = "127.0.0.1", 8000


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


def _build(settings_file: Path, output: Path = OUTPUT, strict: bool = False, **overrides) -> None:
    """Build atomically and run the site checks on the new folder before it replaces `output`.

    output/ itself is not rebuilt when nothing the build reads has changed since its last good
    build (clemency.buildstamp); strict: check every file's bytes (check and publish).
    """
    from clemency import buildstamp  # noqa: PLC0415 - keeps `invoke -l` fast

    stamped = output == OUTPUT
    inputs = buildstamp.fingerprint(ROOT, settings_file, overrides)
    if stamped and (files := buildstamp.up_to_date(ROOT, output, inputs)) is not None:
        print(f"Nothing changed since the last build: {output.name}/ is up to date "
              f"({files} files, all site checks passed).")
        return

    from clemency.build import build_site  # noqa: PLC0415
    from clemency.gate import output_checker  # noqa: PLC0415
    from clemency.problems import ProblemsFound  # noqa: PLC0415
    from clemency.sources import read_project_settings  # noqa: PLC0415

    if stamped:
        buildstamp.forget(ROOT)
    _show_progress()
    try:
        settings = read_project_settings(settings_file, overrides)
        result = build_site(settings_file, output, settings_overrides=overrides,
                            check=output_checker(settings, strict=strict))
    except ProblemsFound as exc:
        _fail(f"{exc}\nThe build stopped; the last good site in {output.name}/ is unchanged.")
    if stamped:
        buildstamp.record(ROOT, output, inputs, result.files)
    print(f"Built {result.files} files ({len(result.changed)} new or changed) into "
          f"{output.name}/ in {result.seconds:.1f} s; all site checks passed.")


@task
def build(c, preview=False):
    """Build the site into output/ (only replaced when the build succeeds)."""
    _build(DEV_SETTINGS, STORIES_PREVIEW=preview)


@task
def publish(c):
    """Build the production site (publishconf.py) into output/."""
    _build(PUBLISH_SETTINGS, strict=True)


@task
def check(c):
    """Check stories and pages, then build the production site aside and check every file."""
    import tempfile  # noqa: PLC0415

    from clemency.i18n import check_catalogs  # noqa: PLC0415
    from clemency.sources import check_sources, read_project_settings, report  # noqa: PLC0415

    problems, notices = check_sources(read_project_settings(PUBLISH_SETTINGS))
    problems += check_catalogs(ROOT)
    for notice in notices:
        print(f"note: {notice}")
    if problems:
        print(report(problems, ROOT))
    if any(p.level == "error" for p in problems):
        raise SystemExit(1)
    print("Stories and pages: ready. Building the production site to check its files...")
    with tempfile.TemporaryDirectory(prefix="check-") as scratch:
        _build(PUBLISH_SETTINGS, Path(scratch) / "site", strict=True)
    print("All stories, pages and built files are ready to publish.")


@task(help={"name": "the client's name, as it may be published, e.g. \"Test Person\""})
def new_story(c, name):
    """Start a new story: stories/<name>/index.md with every field explained."""
    from clemency.plugins.stories import today  # noqa: PLC0415
    from clemency.scaffold import StoryExists, create  # noqa: PLC0415

    try:
        path = create(ROOT / "stories", name, today({}))
    except (StoryExists, ValueError) as exc:
        _fail(str(exc))
    print(f"Created {path.relative_to(ROOT).as_posix()}.")
    print("Fill in the fields, put the photo in the same folder, then run: invoke check")


@task
def serve(c, port=PORT):
    """Preview the site at http://127.0.0.1:8000; it rebuilds and reloads when a file is saved."""
    import threading  # noqa: PLC0415

    from jinja2 import FileSystemBytecodeCache  # noqa: PLC0415

    from clemency import preview  # noqa: PLC0415
    from clemency.build import build_site  # noqa: PLC0415
    from clemency.gate import output_checker  # noqa: PLC0415
    from clemency.problems import ProblemsFound  # noqa: PLC0415
    from clemency.sources import read_project_settings  # noqa: PLC0415

    overrides = {"STORIES_PREVIEW": True}
    # Compiled templates are kept between rebuilds (keyed by each template's source).
    (CACHE / "jinja").mkdir(parents=True, exist_ok=True)
    jinja = read_project_settings(DEV_SETTINGS)["JINJA_ENVIRONMENT"]
    overrides["JINJA_ENVIRONMENT"] = {**jinja,
                                      "bytecode_cache": FileSystemBytecodeCache(CACHE / "jinja")}

    def rebuild() -> str | None:
        """One build in this warm process, with the quick per-file checks; the error, if any."""
        try:
            settings = read_project_settings(DEV_SETTINGS, overrides)
            check = output_checker(settings, validate_html=False)
            result = build_site(DEV_SETTINGS, OUTPUT, settings_overrides=overrides, check=check)
        except ProblemsFound as exc:
            print(f"{exc}\nFix the problems above; the preview shows them until the next save.")
            return str(exc)
        except Exception as exc:  # noqa: BLE001 - the preview must outlive any broken save
            message = f"The build failed: {exc}. Undo the last change, or ask for help with it."
            print(message)
            return message
        print(f"Rebuilt in {result.seconds:.1f} s.")
        return None

    state = preview.PreviewState()
    state.publish(rebuild())
    server = preview.serve(OUTPUT, state, HOST, int(port))
    print(f"Preview: http://{HOST}:{port}/  (Ctrl+C to stop)")
    stop = threading.Event()
    watched = [ROOT / name for name in ("stories", "content", "theme", "pelicanconf.py")]
    try:
        preview.watch(watched, rebuild, state, stop)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


@task
def cms(c, port=PORT, cms_port=8081):
    """Edit stories in the browser at http://127.0.0.1:8000/admin/, with the live preview."""
    from clemency.cms_server import run  # noqa: PLC0415

    raise SystemExit(run(ROOT, host=HOST, port=int(port), cms_port=int(cms_port)))


@task
def i18n_extract(c):
    """Collect every interface string into theme/translations/messages.pot."""
    from clemency import i18n  # noqa: PLC0415

    print(i18n.write_pot(ROOT).relative_to(ROOT))


@task
def i18n_update(c):
    """Add new strings to each language's catalog (then translate them); refresh REVIEW.md."""
    from clemency import i18n  # noqa: PLC0415

    for path in i18n.update_catalogs(ROOT):
        print(path.relative_to(ROOT))


@task
def i18n_compile(c):
    """Compile the catalogs into .cache/translations/ (the build compiles its own)."""
    from clemency import i18n  # noqa: PLC0415

    for path in i18n.compile_catalogs(ROOT):
        print(path.relative_to(ROOT))


@task
def clean(c, cache=False):
    """Delete output/ (and, with --cache, the caches in .cache/: photos, site checks)."""
    for folder in (OUTPUT, CACHE) if cache else (OUTPUT,):
        shutil.rmtree(folder, ignore_errors=True)


@task
def test(c):
    """Run the test suite (unit, whole-site build and browser tests)."""
    c.run(f"{sys.executable} -m pytest", pty=False)
