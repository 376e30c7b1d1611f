"""Editor plugin: writes the story editor (Decap CMS) into the built site at /admin/.

The editor's config (admin/config.json) is generated from the story schema
(clemency.editor.config); the Decap bundle is
copied from node_modules (pinned in package-lock.json), never loaded from a CDN. Without
node_modules the plugin logs a warning and writes a page saying how to install it: the public
site never fails to build because of the editor.
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
from pathlib import Path
from string import Template

import yaml
from pelican import signals

from .. import CHECKOUT
from ..content import vocab as vocabularies
from ..editor import STATIC
from ..editor import config as cms
from ..files import link_or_copy
from ..i18n import catalogs as i18n
from . import listed_in

log = logging.getLogger(__name__)

SCRIPTS = (
    "manual-init.js",
    "backend-key.js",
    "files.js",
    "staff.js",
    "preview.js",
    "review.js",
    "start.js",
    "admin.css",
)
LOCAL_PREVIEW_URL = "http://127.0.0.1:8000"

DEFAULTS = {
    "ADMIN_PATH": "admin",
    # JSON is YAML, and Decap reads it as such. Not config.yml: the site gate (sitecheck.stray)
    # refuses .yml files in the output as sources; exempt admin/config.yml there to use that name.
    "ADMIN_CONFIG_FILE": "config.json",
    "ADMIN_REPO": "",  # "owner/name"; empty: $GITHUB_REPOSITORY (set in GitHub Actions)
    "ADMIN_BRANCH": "main",
    "ADMIN_LOCAL_BACKEND": None,  # None: on for local builds (SITEURL empty)
    # `invoke cms` (clemency.editor.server) passes its ports to the preview build in these variables.
    "ADMIN_LOCAL_BACKEND_PORT": int(os.environ.get("DECAP_SERVER_PORT") or cms.DEFAULT_LOCAL_BACKEND_PORT),
    "ADMIN_PREVIEW_URL": os.environ.get("CLEMENCY_PREVIEW_URL", ""),  # empty: SITEURL or local
    # This run's secret of the guard in front of decap-server (clemency.editor.guard); the
    # editor page sends it with every request to the local backend. Never in production builds.
    "ADMIN_LOCAL_BACKEND_KEY": os.environ.get("CLEMENCY_EDITOR_KEY", ""),
    "ADMIN_AUTH_URL": "",  # the OAuth client for GitHub logins, see docs/hosting-the-editor.md
    "ADMIN_AUTH_ENDPOINT": "auth",
    "ADMIN_DECAP_DIST": "",  # empty: node_modules/decap-cms/dist of the project
}


def settings_with_defaults(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings


def decap_dist(settings: dict) -> Path | None:
    """The folder holding decap-cms.js, or None when the npm packages are not installed."""
    if settings["ADMIN_DECAP_DIST"]:
        candidates = [Path(settings["ADMIN_DECAP_DIST"])]
    else:
        candidates = [
            Path(settings["PATH"]) / "node_modules" / "decap-cms" / "dist",
            CHECKOUT / "node_modules" / "decap-cms" / "dist",
        ]
    return next((p for p in candidates if (p / "decap-cms.js").is_file()), None)


def hosted_editor_gaps(settings: dict) -> str:
    """For a production build: why /admin/ is left out (the fix), or "" when it is complete."""
    settings_with_defaults(settings)
    local = settings["ADMIN_LOCAL_BACKEND"]
    if (not settings.get("SITEURL", "")) if local is None else bool(local):
        return ""
    repo = settings["ADMIN_REPO"] or os.environ.get("GITHUB_REPOSITORY", "")
    return cms.hosted_editor_gaps(repo, settings["ADMIN_AUTH_URL"])


def editor_config(settings: dict) -> tuple[dict, dict, str]:
    """(Decap config, settings for the admin scripts, the admin page's CSP) for these settings."""
    vocab, problems = vocabularies.load(
        Path(settings["PATH"]) / settings.get("STORIES_DATA_PATH", "content/data")
    )
    for problem in problems:  # the stories plugin reports these as errors already
        log.debug("admin: %s", problem.message)
    site_url = settings.get("SITEURL", "")
    local = settings["ADMIN_LOCAL_BACKEND"]
    local = not site_url if local is None else bool(local)
    backend_url = f"http://127.0.0.1:{int(settings['ADMIN_LOCAL_BACKEND_PORT'])}/api/v1"
    preview_url = settings["ADMIN_PREVIEW_URL"] or site_url or LOCAL_PREVIEW_URL
    config = cms.decap_config(
        vocab,
        repo=(settings["ADMIN_REPO"] or os.environ.get("GITHUB_REPOSITORY") or cms.PLACEHOLDER_REPO),
        branch=settings["ADMIN_BRANCH"],
        local=local,
        site_url=site_url,
        languages=tuple(i18n.site_languages(settings)),
        local_backend_url=backend_url,
        auth_base_url=settings["ADMIN_AUTH_URL"],
        auth_endpoint=settings["ADMIN_AUTH_ENDPOINT"],
    )
    script_settings = cms.admin_settings(config, preview_url=preview_url)
    if local:
        script_settings["localBackend"] = {"url": backend_url, "key": settings["ADMIN_LOCAL_BACKEND_KEY"]}
    csp = cms.admin_content_security_policy(
        local_backend_url=backend_url if local else "", preview_url=preview_url
    )
    return config, script_settings, csp


def enabled(settings: dict) -> bool:
    return listed_in(settings, __name__)


def write_admin(pelican) -> None:
    if not enabled(pelican.settings):
        return
    settings = settings_with_defaults(pelican.settings)
    gaps = hosted_editor_gaps(settings)
    if gaps:
        log.warning("admin: %s", gaps)
        return
    target = Path(pelican.output_path) / settings["ADMIN_PATH"]
    target.mkdir(parents=True, exist_ok=True)
    sitename = html.escape(settings.get("SITENAME", ""))
    try:
        config, script_settings, csp = editor_config(settings)
    except cms.UnmappedField as exc:
        log.warning("admin: the story editor was not built: %s", exc)
        return
    config_file = settings["ADMIN_CONFIG_FILE"]
    if config_file.endswith((".yml", ".yaml")):
        text = (
            "# Generated from the story schema by clemency.editor.config at build time; do not edit.\n"
            + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
        )
    else:
        text = json.dumps(config, indent=2, ensure_ascii=False) + "\n"
    _write(target / config_file, text)
    dist = decap_dist(settings)
    if dist is None:
        log.warning(
            "admin: the story editor's files (node_modules/decap-cms) are not installed, "
            "so /%s/ only says how to install them. Run `npm ci` in the project folder, "
            "then build again.",
            settings["ADMIN_PATH"],
        )
        page = Template((STATIC / "not-installed.html").read_text(encoding="utf-8"))
        _write(target / "index.html", page.substitute(sitename=sitename))
        return
    version = _decap_version(dist)
    _copy_bundle(dist, target)
    for name in SCRIPTS:
        shutil.copyfile(STATIC / name, target / name)
    page = Template((STATIC / "index.html").read_text(encoding="utf-8"))
    _write(
        target / "settings.js",
        "// Generated by the admin plugin from the site's settings.\n"
        f"window.ClemencyAdminSettings = {json.dumps(script_settings, sort_keys=True)};\n",
    )
    csp_attribute = html.escape(csp, quote=False).replace('"', "&quot;")
    preview = bool(settings.get("STORIES_PREVIEW"))  # the site gate wants these on every page
    _write(
        target / "index.html",
        page.substitute(
            preview_head=(
                '<meta name="robots" content="noindex">\n<link rel="stylesheet" href="admin.css">\n'
            )
            if preview
            else "",
            preview_banner=('<p class="preview-banner">Preview — not public</p>\n' if preview else ""),
            sitename=sitename,
            csp=csp_attribute,
            config_file=html.escape(config_file),
            decap_version=html.escape(version),
        ),
    )
    log.info("admin: story editor (Decap CMS %s) written to /%s/", version, settings["ADMIN_PATH"])


def _copy_bundle(dist: Path, target: Path) -> None:
    """decap-cms.js with the chunks and WebAssembly it loads on demand; no source maps."""
    for path in sorted(dist.iterdir()):
        name = path.name
        if (
            name == "decap-cms.js"
            or name.endswith((".decap-cms.js", ".wasm"))
            or name == "decap-cms.js.LICENSE.txt"
        ):
            # Linked, not copied: the bundle is megabytes and the same in every build.
            link_or_copy(path, target / name)


def _decap_version(dist: Path) -> str:
    try:
        return json.loads((dist.parent / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return "unknown"


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def add_headers(pelican) -> None:
    """Give `_headers` the editor's own policy for its folder; the site-wide one would break it."""
    if not enabled(pelican.settings):
        return
    settings = settings_with_defaults(pelican.settings)
    if hosted_editor_gaps(settings):
        return
    try:
        csp = editor_config(settings)[2]
    except cms.UnmappedField:
        return
    extra = settings.setdefault("SECURITY_HEADERS_EXTRA", {})
    extra[f"/{settings['ADMIN_PATH'].strip('/')}/*"] = [
        ("Content-Security-Policy", csp),
        ("X-Frame-Options", "SAMEORIGIN"),
        # GitHub's login opens in a popup that must be able to answer the editor.
        ("Cross-Origin-Opener-Policy", "same-origin-allow-popups"),
        ("Cache-Control", "no-cache"),
    ]


def register() -> None:
    signals.initialized.connect(add_headers)
    signals.finalized.connect(write_admin)
