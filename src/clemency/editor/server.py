"""`invoke cms`: the story editor on this computer, with the live preview beside it.

Starts decap-server (Decap CMS's local backend: the editor reads and writes the files in this
folder, no GitHub login) behind its guard (clemency.editor.guard), and the live preview
(`invoke serve`), all on loopback only, and stops them on Ctrl+C. Never imports Pelican: the
preview runs in its own process.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import CHECKOUT
from . import guard, review

HOST = "127.0.0.1"
SOCKET_PRELOAD = Path(__file__).resolve().parent / "decap_unix_socket.js"


def decap_server_command(root: Path) -> list[str] | None:
    """How to start decap-server from this project's node_modules, or None if not installed."""
    local = Path(root) / "node_modules" / ".bin" / "decap-server"
    if local.is_file():
        return [str(local)]
    npx = shutil.which("npx")
    if npx and (Path(root) / "node_modules" / "decap-server").is_dir():
        return [npx, "--no-install", "decap-server"]
    return None


def decap_server_env(root: Path, socket_path: str) -> dict[str, str]:
    """decap-server on a private Unix socket (SOCKET_PRELOAD), editing the files of `root`."""
    # MODE=fs writes files directly (the editorial workflow is for the hosted editor: see
    # docs/hosting-the-editor.md). PORT and BIND_HOST are ignored: the socket replaces them.
    preload = json.dumps(str(SOCKET_PRELOAD))  # NODE_OPTIONS takes a quoted path
    node_options = f"{os.environ.get('NODE_OPTIONS', '')} --require {preload}".strip()
    return {
        **os.environ,
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(Path(root).resolve()),
        "LOG_LEVEL": "warn",
        "NODE_OPTIONS": node_options,
        "CLEMENCY_DECAP_SOCKET": socket_path,
        "PORT": "0",
        "BIND_HOST": "127.0.0.1",
    }


def editor_origins(host: str, port: int) -> frozenset[str]:
    """The preview's origins, where the editor page lives: both names of this computer."""
    return frozenset({f"http://{host}:{port}", f"http://127.0.0.1:{port}", f"http://localhost:{port}"})


def preview_env(host: str, port: int, cms_port: int, key: str = "") -> dict[str, str]:
    """The preview build's admin page must point at this backend and carry this run's key."""
    return {
        **os.environ,
        "DECAP_SERVER_PORT": str(cms_port),
        "CLEMENCY_PREVIEW_URL": f"http://{host}:{port}",
        "CLEMENCY_EDITOR_KEY": key,
    }


@dataclass
class EditorBackend:
    """decap-server on a private socket and the guard in front of it, on (host, port)."""

    root: Path
    port: int
    origins: frozenset[str]
    key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    host: str = HOST
    log: object = guard.stderr_line
    process: subprocess.Popen | None = None
    _folder: str = ""
    _server: object = None
    _thread: threading.Thread | None = None

    def start(self, timeout: float = 30.0, **popen) -> EditorBackend:
        """Start both; return once decap-server answers through its socket."""
        command = decap_server_command(self.root) or decap_server_command(CHECKOUT)
        if command is None:
            raise FileNotFoundError("decap-server is not installed (npm ci)")
        self._folder = tempfile.mkdtemp(prefix="clemency-editor-")  # mode 0700: ours alone
        socket_path = str(Path(self._folder) / "decap.sock")
        self.process = subprocess.Popen(
            command,
            cwd=self.root,
            env=decap_server_env(self.root, socket_path),
            start_new_session=True,
            **popen,
        )
        root = Path(self.root).resolve()
        policy = guard.Policy(self.port, self.origins, self.key, root)
        # The review copy is the guard's own action: decap-server cannot build pages.
        actions = {review.ACTION: functools.partial(review.answer, root)}
        self._server = guard.make_server(policy, socket_path, host=self.host, log=self.log, actions=actions)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        _wait_for_socket(socket_path, self.process, timeout)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None
        if self.process is not None:
            stop([self.process])
        if self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> EditorBackend:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _wait_for_socket(socket_path: str, process: subprocess.Popen, timeout: float) -> None:
    body = json.dumps({"action": "info"}).encode()
    deadline = time.monotonic() + timeout
    while True:
        connection = guard.UnixHTTPConnection(socket_path, timeout=2)
        try:
            connection.request(
                "POST", guard.API_PATH, body=body, headers={"Content-Type": "application/json"}
            )
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            connection.close()
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"decap-server did not start (exit code {process.poll()})")
        time.sleep(0.2)


def run(root: Path, host: str = HOST, port: int = 8000, cms_port: int = 8081) -> int:
    """Run decap-server and the live preview until Ctrl+C; return an exit code."""
    root = Path(root).resolve()
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"invoke cms serves only this computer (127.0.0.1), not {host}: the editor "
            "writes files without asking who you are.",
            file=sys.stderr,
        )
        return 2
    command = decap_server_command(root)
    if command is None:
        print(
            "The story editor is not installed. In the project folder run: npm ci\n"
            "(it installs decap-cms and decap-server from package-lock.json), then run "
            "invoke cms again.",
            file=sys.stderr,
        )
        return 1
    processes: list[subprocess.Popen] = []
    backend = EditorBackend(root, cms_port, editor_origins(host, port), host=HOST)
    # A terminal's Ctrl+C is SIGINT; a process manager's stop is SIGTERM: both stop the children.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        try:
            backend.start()
        except (OSError, RuntimeError) as exc:
            print(
                f"The story editor's backend could not start on {HOST}:{cms_port} ({exc}). "
                "Is `invoke cms` already running? Stop it, or pick another port with "
                "--cms-port.",
                file=sys.stderr,
            )
            return 1
        processes.append(backend.process)
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "invoke", "serve", "--port", str(port)],
                cwd=root,
                env=preview_env(host, port, cms_port, backend.key),
                start_new_session=True,
            )
        )
        print(
            f"Story editor: http://{host}:{port}/admin/  (press Login: no password needed)\n"
            f"Preview:      http://{host}:{port}/\n"
            "Saved stories are written to stories/ in this folder. Ctrl+C stops both.",
            flush=True,
        )
        while True:
            for process in processes:
                code = process.poll()
                if code is not None:
                    print(f"{_name(process)} stopped (exit code {code}); stopping the rest.", file=sys.stderr)
                    return code or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nStopping the editor and the preview.")
        return 0
    finally:
        stop(processes)
        backend.stop()
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
