"""The only door to decap-server: answers the story editor, and nobody else, on this computer.

decap-server (Decap CMS's local backend) reads, writes and deletes any file under the folder it
is given, answers any Host and any loopback Origin. A web page could reach it (DNS rebinding, or
a script in a previewed story) and rewrite the project's code or git hooks. So decap-server
listens on a private Unix socket, and this guard, on the loopback port the editor knows, passes
on only requests that:

- name this computer as Host (`127.0.0.1:<port>` or `localhost:<port>`);
- come from the editor's own page (Origin);
- carry the secret of this run (header X-Clemency-Editor-Key, from the editor page's settings);
- ask for a known action, on paths inside the editable folders only (stories/, content/pages/,
  content/data/, the media folder): never .git/, code, settings, workflows or outside the project.

A few actions are the guard's own (`make_server(actions=...)`, e.g. the review copy of
clemency.editor.review): they pass the same checks and are answered here, never forwarded.

Each refusal is logged in one plain line. Standard library only; never imports Pelican.
"""

from __future__ import annotations

import hmac
import http.client
import http.server
import json
import socket
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..site.security import is_loopback_host

API_PATH = "/api/v1"
KEY_HEADER = "X-Clemency-Editor-Key"
# What the editor may change. The media folder is cms.decap_config's "media_folder";
# tests/test_editor_guard.py checks that every folder the editor's config names is here.
EDITABLE_FOLDERS = ("stories", "content/pages", "content/data", "content/uploads")
# decap-server's actions in "fs" mode; the editorial workflow's are for the hosted editor only.
ACTIONS = frozenset(
    {
        "info",
        "entriesByFolder",
        "entriesByFiles",
        "getEntry",
        "persistEntry",
        "getMedia",
        "getMediaFile",
        "persistMedia",
        "deleteFile",
        "deleteFiles",
        "getDeployPreview",
    }
)
PATH_KEYS = frozenset({"path", "newPath", "folder", "mediaFolder"})
MAX_BODY = 60 * 1024 * 1024  # decap-server's own limit is 50 MB of JSON (photos, base64)
UPSTREAM_TIMEOUT = 120.0


class Refused(Exception):
    """A request the guard does not pass on; the message says why, in one plain line."""


class ActionFailed(Exception):
    """One of the guard's own actions could not be done; the message is for staff."""


# One of the guard's own actions: the request's params in, the JSON answer out.
Action = Callable[[dict], dict]


@dataclass(frozen=True)
class Policy:
    """Who may talk to decap-server through the guard, and about which files."""

    port: int  # the guard's own port: the only one a Host header may name
    origins: frozenset[str]  # the editor page's origins, e.g. "http://127.0.0.1:8000"
    key: str  # this run's secret
    root: Path  # the project folder decap-server edits
    folders: tuple[str, ...] = EDITABLE_FOLDERS

    def check_host(self, host: str | None) -> None:
        if not is_loopback_host(host, self.port):
            raise Refused(
                f"Host '{host or ''}' is not this computer's editor address (127.0.0.1:{self.port})"
            )

    def check_origin(self, origin: str | None) -> None:
        if origin not in self.origins:
            raise Refused(
                f"Origin '{origin or ''}' is not the story editor's page ({', '.join(sorted(self.origins))})"
            )

    def check_key(self, key: str | None) -> None:
        if not key or not hmac.compare_digest(key.encode(), self.key.encode()):
            raise Refused(f"the request lacks this run's {KEY_HEADER} (the editor page carries it)")

    def check_body(self, raw: bytes, own: Iterable[str] = ()) -> bytes:
        """The request as decap-server (or an `own` action) gets it: what was checked, re-encoded."""
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise Refused("the request is not JSON") from None
        if not isinstance(body, dict) or not isinstance(body.get("action"), str):
            raise Refused("the request names no action")
        action = body["action"]
        if action not in ACTIONS and action not in own:
            raise Refused(f"action '{action}' is not one the local editor uses")
        params = body.get("params", {})
        if params is not None and not isinstance(params, dict):
            raise Refused(f"action '{action}' has malformed params")
        for path in paths_in(params or {}):
            self.check_path(path)
        if action == "persistEntry":
            self._check_moves(params or {})
        return json.dumps(body).encode()

    def check_path(self, path: object) -> None:
        refusal = path_refusal(self.root, self.folders, path)
        if refusal:
            raise Refused(refusal)

    def _check_moves(self, params: dict) -> None:
        # A renamed entry moves every file of its folder (decap-server's "subfolders" mode):
        # an entry directly in an editable folder would move the whole folder.
        options = params.get("options") if isinstance(params.get("options"), dict) else {}
        if options.get("hasSubfolders") is False:
            return
        files = params.get("dataFiles") or [params.get("entry") or {}]
        for data_file in files:
            if not isinstance(data_file, dict) or not data_file.get("newPath"):
                continue
            old = PurePosixPath(str(data_file.get("path", ""))).parent
            new = PurePosixPath(str(data_file["newPath"])).parent
            if old != new and str(old) in (*self.folders, "."):
                raise Refused(f"renaming '{data_file.get('path')}' would move all of {old}/")


def paths_in(value: object) -> list[object]:
    """Every file or folder path in decap-server params, wherever it sits."""
    found: list[object] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in PATH_KEYS:
                found.append(item)
            elif key == "paths":
                found.extend(item if isinstance(item, list) else [item])
            else:
                found.extend(paths_in(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(paths_in(item))
    return found


def path_refusal(root: Path, folders: Iterable[str], path: object) -> str:
    """Why `path` (relative to the project) may not be read or written; '' when it may."""
    if not isinstance(path, str) or not path.strip():
        return f"path {path!r} is not a file name"
    shown = path if len(path) <= 120 else path[:117] + "..."
    if "\0" in path or "\\" in path or path.startswith("/"):
        return f"path '{shown}' is not a plain path inside the project"
    parts = PurePosixPath(path).parts
    if any(part == ".." for part in parts):
        return f"path '{shown}' climbs out of its folder (..)"
    if any(part.startswith(".") for part in parts):
        return f"path '{shown}' is a hidden file or folder (like .git)"
    normal = "/".join(parts)
    folder = next((f for f in folders if normal == f or normal.startswith(f + "/")), None)
    if folder is None:
        return (
            f"path '{shown}' is outside the folders the editor may change "
            f"({', '.join(f + '/' for f in folders)})"
        )
    real_root = root.resolve()
    real_folder = (real_root / folder).resolve()
    real = (real_root / normal).resolve()  # follows every symlink that exists
    if not real_folder.is_relative_to(real_root) or not real.is_relative_to(real_folder):
        return f"path '{shown}' leads outside {folder}/ through a symbolic link"
    return ""


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP over a Unix socket: decap-server's private door, unreachable from any web page."""

    def __init__(self, socket_path: str, timeout: float = UPSTREAM_TIMEOUT):
        super().__init__("localhost", timeout=timeout)
        self.socket_path = socket_path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(self.timeout)
            sock.connect(self.socket_path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


def stderr_line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def make_server(
    policy: Policy,
    upstream_socket: str,
    *,
    host: str = "127.0.0.1",
    log: Callable[[str], None] = stderr_line,
    actions: Mapping[str, Action] | None = None,
) -> http.server.ThreadingHTTPServer:
    """The guard, listening on (host, policy.port); call serve_forever() to run it.

    actions: the guard's own actions by name, answered here after the same checks.
    """
    actions = dict(actions or {})

    class Guard(http.server.BaseHTTPRequestHandler):
        server_version = "clemency-editor-guard"
        sys_version = ""

        def log_message(self, *args) -> None:
            pass  # only refusals are worth a line

        def do_OPTIONS(self) -> None:
            if self._refused(
                lambda: (
                    policy.check_host(self.headers.get("Host")),
                    policy.check_origin(self.headers.get("Origin")),
                    self._check_route(),
                )
            ):
                return
            self.send_response(204)
            self._cors()
            self.send_header("Access-Control-Allow-Methods", "POST")
            self.send_header("Access-Control-Allow-Headers", f"Content-Type, {KEY_HEADER}")
            self.send_header("Access-Control-Max-Age", "600")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            forwarded: list[bytes] = []

            def checks() -> None:
                policy.check_host(self.headers.get("Host"))
                policy.check_origin(self.headers.get("Origin"))
                self._check_route()
                policy.check_key(self.headers.get(KEY_HEADER))
                forwarded.append(policy.check_body(self._body(), own=actions))

            if self._refused(checks):
                return
            body = json.loads(forwarded[0])
            if body["action"] in actions:
                self._own(actions[body["action"]], body.get("params") or {})
                return
            try:
                status, content_type, data = self._forward(forwarded[0])
            except OSError as exc:
                log(f"editor backend: decap-server did not answer ({exc})")
                self._reply(502, {"error": "the local editor backend is not running"})
                return
            self.send_response(status)
            self._cors()
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._refused(lambda: self._raise(f"method {self.command} is not used by the editor"))

        do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

        def _own(self, action: Action, params: dict) -> None:
            answers: list[dict] = []
            try:
                if self._refused(lambda: answers.append(action(params))):
                    return
            except ActionFailed as exc:
                log(f"editor backend: {exc}".splitlines()[0])
                self._reply(422, {"error": str(exc)})
                return
            self._reply(200, answers[0])

        def _raise(self, message: str) -> None:
            raise Refused(message)

        def _check_route(self) -> None:
            if self.path != API_PATH:
                raise Refused(f"address '{self.path[:80]}' is not the editor's ({API_PATH})")

        def _body(self) -> bytes:
            if self.headers.get("Transfer-Encoding"):
                raise Refused("chunked requests are not accepted")
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                raise Refused("the request has no Content-Length") from None
            if not 0 <= length <= MAX_BODY:
                raise Refused(f"the request is larger than {MAX_BODY // 2**20} MB")
            return self.rfile.read(length)

        def _forward(self, body: bytes) -> tuple[int, str, bytes]:
            connection = UnixHTTPConnection(upstream_socket)
            try:
                connection.request(
                    "POST", API_PATH, body=body, headers={"Content-Type": "application/json; charset=utf-8"}
                )
                response = connection.getresponse()
                data = response.read()
                return (response.status, response.getheader("Content-Type", "application/json"), data)
            finally:
                connection.close()

        def _refused(self, checks: Callable[[], object]) -> bool:
            try:
                checks()
            except Refused as exc:
                log(f"editor backend refused {self.command} from {self.client_address[0]}: {exc}")
                self.close_connection = True
                self._reply(403, {"error": f"refused: {exc}"})
                return True
            return False

        def _reply(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self._cors()
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _cors(self) -> None:
            # Only the editor's page may read an answer; everyone else gets no CORS at all.
            origin = self.headers.get("Origin")
            if origin in policy.origins:
                self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")

    server = http.server.ThreadingHTTPServer((host, policy.port), Guard)
    server.daemon_threads = True
    return server
