"""What every browser test shares: Debian's Chromium, axe-core, a loopback server, browser
contexts that reach nothing but loopback, and the rule that in CI (CI=true) a missing browser
fails the test instead of skipping it."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# axe-core comes from the project's own node_modules (`npm ci`). Outside CI, a developer may
# point AXE_CORE_JS at another copy.
# What a page under test may load over the network: this computer's servers only.
LOOPBACK = ("http://127.0.0.1:", "http://localhost:")
NETWORK = re.compile(r"^(https?|wss?|ftp)://")
AXE = Path(os.environ.get("AXE_CORE_JS") or ROOT / "node_modules" / "axe-core" / "axe.min.js")


def need(condition: bool, message: str) -> None:
    if not condition:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true: browser tests must run)")
        pytest.skip(message)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port); yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium():
    """Debian's Chromium through Playwright, closed afterwards."""
    need(CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def loopback_context(browser, **options):
    """A new browser context (Playwright's options: locale, viewport...) that reaches only
    loopback; every other address is refused and listed in the context's `other_origins`.

    Playwright answers the routes only while the test is inside one of its calls: wait with
    page.wait_for_timeout(), never time.sleep(), while the page is loading something."""
    context = browser.new_context(**options)
    context.other_origins = []

    def only_loopback(route):
        if route.request.url.startswith(LOOPBACK):
            route.continue_()
        else:
            context.other_origins.append(route.request.url)
            route.abort()

    # Only network requests: routing the page's own blob: reads (a photo being uploaded) stalls them.
    context.route(NETWORK, only_loopback)
    try:
        yield context
    finally:
        context.close()
