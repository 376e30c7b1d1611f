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
    """The checker's errors for each page, as [message, line] rows; a Problem if it cannot run.

    One Java process for all pages, with a bounded heap: the pages are linked into one scratch
    folder (named by number, so that any set of pages, from anywhere, is one folder to walk).
    """
    if not pages:
        return {}
    java = java or find_java()
    jar = jar or find_jar()
    where = pages[0].parent
    if java is None:
        return Problem(where, f"HTML not validated: Java was not found. {JAVA_HINT}")
    if jar is None:
        return Problem(where, f"HTML not validated: vnu.jar was not found. {JAR_HINT}")
    if scratch is not None:
        scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vnu-", dir=scratch) as folder:
        linked = {}
        for number, page in enumerate(pages):
            copy = Path(folder) / f"{number}.html"
            link_or_copy(page, copy)
            linked[copy.resolve()] = page
        # JSON on stdout: Java itself may write notes to stderr (e.g. "Picked up JAVA_TOOL_OPTIONS").
        sharing, made = _class_sharing(java, jar, scratch)
        command = [java, *JAVA_OPTIONS, *sharing, "-jar", str(jar), *CHECKER_OPTIONS]
        command += ["--exit-zero-always", "--skip-non-html", folder]
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        if made is not None and made[0].is_file():
            made[0].replace(made[1])  # whole, or not at all, for the next run
    try:
        messages = json.loads(run.stdout).get("messages", [])
    except json.JSONDecodeError:
        detail = (run.stderr or run.stdout).strip()[-500:]
        return Problem(where, f"the HTML checker failed (exit {run.returncode}): {detail}")
    found: dict[Path, list[list]] = {page: [] for page in pages}
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        copy = Path(unquote(urlsplit(url).path)).resolve() if url.startswith("file:") else None
        page = linked.get(copy, pages[0])
        found[page].append([message.get("message", "").strip(), message.get("lastLine")])
    return found


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
