"""Security plugin: the Content-Security-Policy <meta> in every page and `_headers` in the site.

The policy itself lives in clemency.site.security; this plugin only hands it to the theme
(`CSP_META`, a ready <meta> tag) and writes the headers file when the build finishes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from ..site import security as headers

log = logging.getLogger(__name__)

DEFAULTS = {
    "SECURITY_HEADERS_FILE": True,
    # False only for a live-reload preview: its injected inline script needs no policy in <head>.
    "SECURITY_CSP_META": True,
}


def initialized(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    settings["CSP_META"] = Markup(headers.csp_meta_tag()) if settings["SECURITY_CSP_META"] else ""


def write_headers(pelican) -> None:
    if pelican.settings["SECURITY_HEADERS_FILE"]:
        headers.write_headers_file(
            Path(pelican.settings["OUTPUT_PATH"]), pelican.settings.get("SECURITY_HEADERS_EXTRA")
        )


def register() -> None:
    signals.initialized.connect(initialized)
    signals.finalized.connect(write_headers)
