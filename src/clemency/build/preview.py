"""The live preview: one warm process that rebuilds on save and reloads the browser.

Pages are served under the production Content-Security-Policy: the reload client is a
same-origin script file (/_preview/reload.js) listening to /_preview/events (server-sent events),
so no inline script is needed. When a save breaks the build, every page shows what is wrong, in
plain words with file and line, until the next good save reloads the fixed page.
Never imports Pelican; `rebuild` is whatever build function the task hands it.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..problems import ERROR
from ..site import search, security
from . import scratch

PREFIX = "/_preview/"
EDITOR = "/admin/"
CLIENT = """\
// Live reload for the local preview: reload the page when the server says it changed.
// Each event is "<build> <page> <page> ..." ("*": every page).
(function () {
  "use strict";
  var events = new EventSource("/_preview/events");
  var seen = null;
  var here = window.location.pathname.replace(/index\\.html$/, "");
  events.addEventListener("build", function (event) {
    var words = event.data.split(" ");
    var pages = words.slice(1);
    if (seen !== null && words[0] !== seen && (pages.indexOf("*") >= 0 || pages.indexOf(here) >= 0)) {
      window.location.reload();
    }
    seen = words[0];
  });
})();
"""
SCRIPT_TAG = b'<script src="/_preview/reload.js" defer></script>'
STEP_MS = 20  # how long a burst of writes (an editor's save) is gathered into one rebuild
HISTORY = 64  # builds whose changed pages are remembered for a browser told late


EVERY_PAGE = "*"
# Files whose change shows on every page (styles, scripts, images, fonts); others (feeds, the
# sitemap, the search index) reload none.
SHOWN_EVERYWHERE = {".css", ".js", ".avif", ".webp", ".jpg", ".jpeg", ".png", ".svg", ".ico", ".woff2"}


@dataclass(frozen=True)
class Outcome:
    """A rebuild's answer: what is wrong (None: it built), and the pages it changed, as
    addresses ("/stories/x/"); None means every page."""

    error: str | None = None
    pages: frozenset[str] | None = None


def changed_pages(files: Iterable[str], index: str = search.INDEX) -> frozenset[str] | None:
    """The pages to reload for these changed files (relative paths); None: every page."""
    pages = set()
    for rel in files:
        suffix = Path(rel).suffix.lower()
        if suffix in (".html", ".htm"):
            pages.add("/" + rel.removesuffix("index.html"))
        elif suffix in SHOWN_EVERYWHERE and not rel.startswith(f"{index}/"):
            return None
    return frozenset(pages)


class PreviewState:
    """The build number the browser last saw, what is wrong (if the last build failed), and
    which pages that build changed (the browsers showing another page do not reload)."""

    def __init__(self) -> None:
        self.build = 0
        self.error: str | None = None
        # The pages each recent build changed (None: every page), so that a browser told late
        # about two builds reloads for either.
        self.history: dict[int, frozenset[str] | None] = {0: None}
        self.changed = threading.Condition()

    def publish(self, outcome: Outcome | str | None) -> None:
        """outcome: an Outcome, or only the error (None: a good build that changed everything)."""
        if not isinstance(outcome, Outcome):
            outcome = Outcome(error=outcome)
        with self.changed:
            # A failed build shows on every page, and so does the good build after it.
            failing = outcome.error is not None or self.error is not None
            self.build += 1
            self.error = outcome.error
            self.history[self.build] = None if failing else outcome.pages
            self.history.pop(self.build - HISTORY, None)
            self.changed.notify_all()

    def event(self, seen: int) -> str:
        """The event for a browser that last heard of build `seen`: this build, and every page
        changed since ("*" if that is every page, or too long ago to say)."""
        with self.changed:
            changed = [self.history.get(build) for build in range(seen + 1, self.build + 1)]
            build = self.build
        pages = set().union(*changed) if changed and None not in changed else {EVERY_PAGE}
        return " ".join([str(build), *sorted(pages)])

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.build != seen, timeout)
            return self.build


def error_page(message: str) -> bytes:
    """The page shown instead of the site while the last save cannot be built."""
    policy = html.escape(security.content_security_policy(meta=True), quote=True)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        '<meta name="robots" content="noindex">\n'
        "<title>The preview cannot be built</title>\n"
        f"{SCRIPT_TAG.decode()}\n</head>\n<body>\n"
        '<p class="preview-banner">Preview — not public</p>\n'
        "<main>\n<h1>The last change cannot be built</h1>\n"
        "<p>Fix what is listed below and save again: this page reloads by itself. "
        "Nothing was published.</p>\n"
        f'<pre id="preview-error">{html.escape(message)}</pre>\n</main>\n</body>\n</html>\n'
    ).encode()


class _Handler(http.server.SimpleHTTPRequestHandler):
    state: PreviewState

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        # The policy itself is each page's own <meta> tag, as on GitHub Pages; the editor under
        # /admin/ brings its own.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        if not security.is_loopback_host(self.headers.get("Host"), self.server.server_address[1]):
            # A page elsewhere that points its own name at 127.0.0.1 must not read the preview.
            return self._send(421, "text/plain; charset=utf-8", b"Not this computer's preview.\n")
        path = self.path.split("?", 1)[0]
        if path == PREFIX + "reload.js":
            return self._send(200, "text/javascript; charset=utf-8", CLIENT.encode())
        if path == PREFIX + "events":
            return self._events()
        if path.startswith(EDITOR):  # the editor must not reload under the staffer's typing
            return super().do_GET()
        if self.state.error is not None and self._is_page(path):
            return self._send(500, "text/html; charset=utf-8", error_page(self.state.error))
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            body = file.read_bytes().replace(b"</head>", SCRIPT_TAG + b"\n</head>", 1)
            return self._send(200, "text/html; charset=utf-8", body)
        return super().do_GET()

    do_HEAD = do_GET

    def _is_page(self, path: str) -> bool:
        return path.endswith(("/", ".html")) or "." not in path.rsplit("/", 1)[-1]

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = -1
        try:
            while True:
                build = self.state.wait(seen, timeout=15)
                if build == seen:
                    self.wfile.write(b": still here\n\n")  # keeps the connection open
                else:
                    event = self.state.event(seen)
                    self.wfile.write(f"event: build\ndata: {event}\n\n".encode())
                    seen = int(event.split(" ", 1)[0])
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


def serve(output: Path, state: PreviewState, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """Start serving `output` in a thread; the caller stops it with shutdown()."""
    handler = type("PreviewHandler", (_Handler,), {"state": state})
    server = http.server.ThreadingHTTPServer((host, port), partial(handler, directory=str(output)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class SearchIndex:
    """The live preview shows a save first and indexes it for search just after.

    A rebuild may keep the last build's index (`keep_for`) only while the names the site check
    forbids are those the index was made under: an index made before a story lost consent is
    never kept. After a rebuild that kept it, a thread indexes the new pages into scratch space,
    checks the new index with the preview's checks, and swaps it in, unless another save came
    first (that save's rebuild starts its own). `lock` is held by every build into `output`.
    """

    def __init__(self, output: Path, lock: threading.Lock, command=search.COMMAND) -> None:
        self.output = Path(output)
        self.lock = lock
        self.command = command
        self.generation = 0
        self.indexed_under: tuple[str, ...] | None = None

    def keep_for(self, forbidden: tuple[str, ...]) -> str:
        """The folder whose index the next build may keep, or '' (index now)."""
        current = (self.output / search.INDEX / "pagefind.js").is_file()
        return str(self.output) if current and forbidden == self.indexed_under else ""

    def built(self, forbidden: tuple[str, ...], kept: bool, check: Callable[[Path], list]) -> None:
        """After a good build (with the lock held): index it now or soon."""
        self.generation += 1
        if not kept:
            self.indexed_under = forbidden
            return
        generation = self.generation
        threading.Thread(target=self._refresh, args=(generation, forbidden, check), daemon=True).start()

    def _refresh(self, generation: int, forbidden: tuple[str, ...], check: Callable[[Path], list]) -> None:
        folder = scratch.make(self.output, "search")
        try:
            errors = search.build_index(self.output, folder, self.command)
            if errors or [p for p in check(folder, partial=search.INDEX) if p.level == ERROR]:
                return  # the next full index (a save that changes the names) says what is wrong
            with self.lock:
                if generation != self.generation:
                    return
                old = folder / "old"
                (self.output / search.INDEX).rename(old)
                (folder / search.INDEX).rename(self.output / search.INDEX)
                self.indexed_under = forbidden
        except OSError:
            return  # the site changed under the indexer: the next save indexes again
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def watch(
    paths: list[Path],
    rebuild: Callable[[], Outcome | str | None],
    state: PreviewState,
    stop: threading.Event,
    since: float | None = None,
    first: Callable[[set[Path]], Outcome | None] | None = None,
) -> None:
    """Rebuild whenever a watched file changes; tell the browsers (with the error, if any).

    The operating system says when a file changes (watchfiles: inotify on Linux, FSEvents on
    macOS), so a save is seen within a few milliseconds without scanning a thousand stories.
    Editors' swap and backup files are ignored. since: when the build before this watch began
    (time.time()); a file saved after it, before the watch was listening, is built at once.
    first(saved files): a quicker answer to show before the rebuild (clemency.build.textedit),
    or None; asked only while the last build is good.
    """
    import watchfiles  # noqa: PLC0415 - only the live preview needs it

    existing = [str(p) for p in paths if p.exists()]
    listening = False
    for changes in watchfiles.watch(
        *existing, stop_event=stop, step=STEP_MS, rust_timeout=500, yield_on_timeout=True
    ):
        if not listening:
            listening = True  # the first answer (a change, or none in 0.5 s): it is listening now
            if changes or (since is not None and saved_since(paths, since)):
                state.publish(rebuild())
            continue
        if changes:
            if first is not None and state.error is None:
                shown = first({Path(path) for _change, path in changes})
                if shown is not None:
                    state.publish(shown)
                    time.sleep(0)
            state.publish(rebuild())
            time.sleep(0)  # let the event stream threads run


def saved_since(paths: list[Path], since: float) -> bool:
    """Whether any file under `paths` was written at or after `since` (time.time())."""
    after = int(since * 1e9)
    for path in paths:
        if path.is_file():
            if path.stat().st_mtime_ns >= after:
                return True
            continue
        for folder, _dirs, files in os.walk(path):
            for name in files:
                with contextlib.suppress(OSError):
                    if (Path(folder) / name).stat().st_mtime_ns >= after:
                        return True
    return False
