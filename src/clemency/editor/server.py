"""`invoke cms`: the story editor on this computer, with the live preview beside it.

Starts decap-server (Decap CMS's local backend: the editor reads and writes the files in this
folder, no GitHub login) and the live preview (`invoke serve`), both on loopback only, and stops
both on Ctrl+C. Never imports Pelican: the preview runs in its own process.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HOST = "127.0.0.1"


def decap_server_command(root: Path) -> list[str] | None:
    """How to start decap-server from this project's node_modules, or None if not installed."""
    local = Path(root) / "node_modules" / ".bin" / "decap-server"
    if local.is_file():
        return [str(local)]
    npx = shutil.which("npx")
    if npx and (Path(root) / "node_modules" / "decap-server").is_dir():
        return [npx, "--no-install", "decap-server"]
    return None


def decap_server_env(root: Path, host: str, cms_port: int) -> dict[str, str]:
    # BIND_HOST: decap-server listens on every interface without it. MODE=fs writes files
    # directly (the editorial workflow is for the hosted editor: see docs/hosting-the-editor.md).
    return {**os.environ, "PORT": str(cms_port), "BIND_HOST": host, "MODE": "fs",
            "GIT_REPO_DIRECTORY": str(Path(root).resolve()), "LOG_LEVEL": "warn"}


def preview_env(host: str, port: int, cms_port: int) -> dict[str, str]:
    """The preview build's admin page must point at this decap-server and this preview."""
    return {**os.environ, "DECAP_SERVER_PORT": str(cms_port),
            "CLEMENCY_PREVIEW_URL": f"http://{host}:{port}"}


def run(root: Path, host: str = HOST, port: int = 8000, cms_port: int = 8081) -> int:
    """Run decap-server and the live preview until Ctrl+C; return an exit code."""
    root = Path(root).resolve()
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"invoke cms serves only this computer (127.0.0.1), not {host}: the editor "
              "writes files without asking who you are.", file=sys.stderr)
        return 2
    command = decap_server_command(root)
    if command is None:
        print("The story editor is not installed. In the project folder run: npm ci\n"
              "(it installs decap-cms and decap-server from package-lock.json), then run "
              "invoke cms again.", file=sys.stderr)
        return 1
    processes: list[subprocess.Popen] = []
    # A terminal's Ctrl+C is SIGINT; a process manager's stop is SIGTERM: both stop the children.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        processes.append(subprocess.Popen(
            command, cwd=root, env=decap_server_env(root, host, cms_port),
            start_new_session=True))
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "invoke", "serve", "--port", str(port)], cwd=root,
            env=preview_env(host, port, cms_port), start_new_session=True))
        print(f"Story editor: http://{host}:{port}/admin/  (press Login: no password needed)\n"
              f"Preview:      http://{host}:{port}/\n"
              "Saved stories are written to stories/ in this folder. Ctrl+C stops both.",
              flush=True)
        while True:
            for process in processes:
                code = process.poll()
                if code is not None:
                    print(f"{_name(process)} stopped (exit code {code}); stopping the rest.",
                          file=sys.stderr)
                    return code or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping the editor and the preview.")
        return 0
    finally:
        stop(processes)
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def stop(processes: list[subprocess.Popen], timeout: float = 5.0) -> None:
    """Ask each process group to stop (SIGTERM), then kill what is left after `timeout`."""
    for process in processes:
        if process.poll() is None:
            _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for process in processes:
        try:
            process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)


def _name(process: subprocess.Popen) -> str:
    return "decap-server" if "decap-server" in " ".join(map(str, process.args)) else "the preview"
