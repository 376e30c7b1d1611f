"""Every page is valid HTML, by the Nu HTML Checker (vnu.jar from npm's vnu-jar, run with Java)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..files import link_or_copy
from ..problems import Problem

JAR_IN_NODE_MODULES = Path("node_modules/vnu-jar/build/dist/vnu.jar")
JAVA_HINT = "Install Java: apt-get install openjdk-17-jre-headless (Debian) or set JAVA_HOME."
# A bounded heap: unbounded, Java takes a quarter of the machine's memory (1.27 GiB measured at
# 1,000 stories; about 300 MB resident with these options). A serial collector suits one short
# run; the quick (C1) compiler alone halves the CPU time of a run (measured: 10.8 against 22.2
# CPU s for 200 pages) but needs a deeper stack than the checker's documented 512k minimum.
# -Xlog:disable: Java's own warnings (e.g. a stale class archive) would go to stdout, the JSON's.
JAVA_OPTIONS = ("-Xss4m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xlog:disable")
# The checker's language detector loads a profile of every language at start (0.6 s and 100 MB of
# 0.9 s and 150 MB, measured): it only gives warnings, which --errors-only drops anyway.
CHECKER_OPTIONS = ("--no-langdetect", "--stdout", "--format", "json", "--errors-only")
JAR_HINT = "Run `npm ci` in the project folder (package.json pins vnu-jar), or set VNU_JAR."


def find_java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def find_jar(start: Path | None = None) -> Path | None:
    """VNU_JAR, else node_modules/vnu-jar in the working folder, this project, or a parent."""
    if os.environ.get("VNU_JAR"):
        jar = Path(os.environ["VNU_JAR"])
        return jar if jar.is_file() else None
    for base in (start or Path.cwd(), Path(__file__).resolve()):
        for folder in (base, *base.parents):
            if (folder / JAR_IN_NODE_MODULES).is_file():
                return folder / JAR_IN_NODE_MODULES
    return None


def validate(
    pages: list[Path], *, scratch: Path | None = None, java: str | None = None, jar: Path | None = None
) -> dict[Path, list[list]] | Problem:
    """The checker's errors for each page, as [message, line] rows; a Problem if it cannot run."""
    return start(pages, scratch=scratch, java=java, jar=jar).result()


class Run:
    """One run of the checker on a set of pages (see `prepare`): begin() starts it, result()
    waits for it (and begins it if nobody did)."""

    def __init__(self, pages: list[Path], answer=None) -> None:
        self.pages, self._answer = pages, answer
        self._command: list[str] | None = None
        self._process = None

    def ready(self, command: list[str], linked: dict[Path, Path], folder, made) -> None:
        """What begin() runs: `command` on the pages linked in `folder` (a TemporaryDirectory)."""
        self._command, self._linked, self._folder, self._made = command, linked, folder, made

    @property
    def begun(self) -> bool:
        return self._command is None or self._process is not None

    def begin(self) -> None:
        if self.begun:
            return
        # Files, not pipes: a pipe nobody reads while the other checks run fills up and stops it.
        self._stdout = Path(self._folder.name) / "stdout.json"
        self._stderr = Path(self._folder.name) / "stderr.txt"
        with self._stdout.open("w") as stdout, self._stderr.open("w") as stderr:
            self._process = subprocess.Popen(self._command, stdout=stdout, stderr=stderr)

    def result(self) -> dict[Path, list[list]] | Problem:
        if self._command is None:
            return self._answer
        self.begin()
        try:
            self._process.wait()
            if self._made is not None and self._made[0].is_file():
                self._made[0].replace(self._made[1])  # whole, or not at all, for the next run
            stdout, stderr = (f.read_text("utf-8", errors="replace") for f in (self._stdout, self._stderr))
            self._answer = self._read(stdout, stderr, self._process.returncode)
        finally:
            self._folder.cleanup()
            self._command = self._process = None
        return self._answer

    def _read(self, stdout: str, stderr: str, returncode: int) -> dict[Path, list[list]] | Problem:
        try:
            messages = json.loads(stdout).get("messages", [])
        except json.JSONDecodeError:
            detail = (stderr or stdout).strip()[-500:]
            return Problem(self.pages[0].parent, f"the HTML checker failed (exit {returncode}): {detail}")
        found: dict[Path, list[list]] = {page: [] for page in self.pages}
        for message in messages:
            if message.get("type") not in ("error", "non-document-error"):
                continue
            url = message.get("url", "")
            copy = Path(unquote(urlsplit(url).path)).resolve() if url.startswith("file:") else None
            page = self._linked.get(copy, self.pages[0])
            found[page].append([message.get("message", "").strip(), message.get("lastLine")])
        return found


def start(
    pages: list[Path], *, scratch: Path | None = None, java: str | None = None, jar: Path | None = None
) -> Run:
    """Start the checker on `pages` and return at once: it is a process of its own, so the
    site's other checks run beside it; Run.result() waits for it."""
    run = prepare(pages, scratch=scratch, java=java, jar=jar)
    run.begin()
    return run


def prepare(
    pages: list[Path], *, scratch: Path | None = None, java: str | None = None, jar: Path | None = None
) -> Run:
    """A run of the checker on `pages`, ready to begin (Run.begin), e.g. once another big process
    is done: the checker's Java and Pagefind together would be some 400 MB at 1,000 stories.

    One Java process for all pages, with a bounded heap: the pages are linked into one scratch
    folder (named by number, so that any set of pages, from anywhere, is one folder to walk).
    """
    if not pages:
        return Run(pages, {})
    java = java or find_java()
    jar = jar or find_jar()
    where = pages[0].parent
    if java is None:
        return Run(pages, Problem(where, f"HTML not validated: Java was not found. {JAVA_HINT}"))
    if jar is None:
        return Run(pages, Problem(where, f"HTML not validated: vnu.jar was not found. {JAR_HINT}"))
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    folder = tempfile.TemporaryDirectory(prefix="vnu-", dir=scratch)
    pages_folder = Path(folder.name) / "pages"
    pages_folder.mkdir()
    linked = {}
    for number, page in enumerate(pages):
        copy = pages_folder / f"{number}.html"
        link_or_copy(page, copy)
        linked[copy.resolve()] = page
    sharing, made = _class_sharing(java, jar, scratch)
    # JSON on stdout: Java itself may write notes to stderr (e.g. "Picked up JAVA_TOOL_OPTIONS").
    command = [java, *JAVA_OPTIONS, *sharing, "-jar", str(jar), *CHECKER_OPTIONS]
    command += ["--exit-zero-always", "--skip-non-html", str(pages_folder)]
    run = Run(pages)
    run.ready(command, linked, folder, made)
    return run


def _class_sharing(java: str, jar: Path, scratch: Path | None) -> tuple[list[str], tuple | None]:
    """Java options that load the checker's classes from an archive made by its first run (class
    data sharing: 0.9 s to 0.55 s a start, measured), and (made, its final name) if this run
    makes the archive.
    The archive is named by the Java and the jar it belongs to; Java ignores one that no longer
    matches them. No scratch folder (no cache), no archive."""
    if scratch is None:
        return [], None
    made_by = [str(Path(java).resolve()), str(jar.resolve())]
    made_by += [f"{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in map(Path, made_by)]
    archive = scratch / f"vnu-{hashlib.sha256(' '.join(made_by).encode()).hexdigest()[:16]}.jsa"
    if archive.is_file():
        return [f"-XX:SharedArchiveFile={archive}"], None
    making = archive.with_suffix(f".{os.getpid()}.tmp")
    return [f"-XX:ArchiveClassesAtExit={making}"], (making, archive)


def problems(path: Path, rows: list[list]) -> list[Problem]:
    """The checker's rows for one page, worded for the person who fixes the template."""
    return [
        Problem(path, f"invalid HTML: {message} Fix the template that writes it.", line=line)
        for message, line in rows
    ]
