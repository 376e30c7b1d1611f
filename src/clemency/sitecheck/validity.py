"""Every page is valid HTML, by the Nu HTML Checker (vnu.jar from npm's vnu-jar, run with Java)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..problems import Problem
from .site import Site

JAR_IN_NODE_MODULES = Path("node_modules/vnu-jar/build/dist/vnu.jar")
JAVA_HINT = "Install Java: apt-get install openjdk-17-jre-headless (Debian) or set JAVA_HOME."
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


def check(site: Site, *, java: str | None = None, jar: Path | None = None) -> list[Problem]:
    if not site.pages:
        return []
    java = java or find_java()
    jar = jar or find_jar()
    if java is None:
        return [Problem(site.output_dir, f"HTML not validated: Java was not found. {JAVA_HINT}")]
    if jar is None:
        return [Problem(site.output_dir, f"HTML not validated: vnu.jar was not found. {JAR_HINT}")]
    # One Java start for the whole site: the checker walks the folder itself.
    # JSON on stdout: Java itself may write notes to stderr (e.g. "Picked up JAVA_TOOL_OPTIONS").
    command = [java, "-Xss1m", "-jar", str(jar), "--stdout", "--format", "json", "--errors-only",
               "--exit-zero-always", "--skip-non-html", str(site.output_dir)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        messages = json.loads(run.stdout).get("messages", [])
    except json.JSONDecodeError:
        detail = (run.stderr or run.stdout).strip()[-500:]
        message = f"the HTML checker failed (exit {run.returncode}): {detail}"
        return [Problem(site.output_dir, message)]
    problems = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else site.output_dir
        problems.append(Problem(path, (
            f"invalid HTML: {message.get('message', '').strip()} Fix the template that writes it."
        ), line=message.get("lastLine")))
    return problems
