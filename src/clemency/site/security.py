"""The site's security policy, in one place: the `_headers` file and the <meta> fallback.

Hosts that honour `_headers` (Netlify, Cloudflare Pages) send the full policy as HTTP headers;
GitHub Pages cannot set headers, so the theme also prints `csp_meta_tag()` in every <head>.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path

# 'wasm-unsafe-eval': Pagefind's search runs WebAssembly; it allows no JavaScript eval().
CSP = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
    ("upgrade-insecure-requests", ""),
)
# Browsers ignore these in a <meta> policy: frame-ancestors (by spec) and, so that the local
# preview on http://127.0.0.1 keeps working, upgrade-insecure-requests.
HEADER_ONLY = {"frame-ancestors", "upgrade-insecure-requests"}

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in ("camera", "microphone", "geolocation", "interest-cohort", "browsing-topics")
)

SECURITY_HEADERS = (
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("X-Frame-Options", "DENY"),  # frame-ancestors for browsers that predate it
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
# Folders whose every file is named by a hash of what it holds, so a changed file gets a new
# address and a browser may keep the old one for a year: photo derivatives (photos plugin), the
# stylesheet (assets plugin, ASSETS_CSS_SAVE_AS) and the share cards (languages plugin). A folder,
# not a name pattern: Netlify and Cloudflare both match a path ending in "/*" the same way.
IMMUTABLE_PATHS = ("/media/*", "/theme/bundle/*", "/cards/*")
IMMUTABLE = "public, max-age=31536000, immutable"


def content_security_policy(*, meta: bool = False) -> str:
    """The Content-Security-Policy value; meta=True leaves out what a <meta> tag cannot carry."""
    directives = (f"{name} {value}".strip() for name, value in CSP if not (meta and name in HEADER_ONLY))
    return "; ".join(directives)


def csp_meta_tag() -> str:
    """The policy as a <meta http-equiv> tag, for hosts (GitHub Pages) that cannot set headers."""
    policy = html.escape(content_security_policy(meta=True), quote=False).replace('"', "&quot;")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def headers_file(extra: Mapping[str, Sequence[tuple[str, str]]] | None = None) -> str:
    """The text of `_headers` (Netlify and Cloudflare Pages format).

    extra: more path blocks, e.g. the editor's looser policy for "/admin/*". A header the site-wide
    block also sets is first detached with "! Name" (Cloudflare), so the two never combine.
    """
    site_wide = ["Content-Security-Policy", *(name for name, _ in SECURITY_HEADERS)]
    lines = ["/*", f"  Content-Security-Policy: {content_security_policy()}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS]
    for path in IMMUTABLE_PATHS:
        lines += ["", path, f"  Cache-Control: {IMMUTABLE}"]
    for path, block in sorted((extra or {}).items()):
        lines += ["", path]
        lines += [f"  ! {name}" for name, _ in block if name in site_wide]
        lines += [f"  {name}: {value}" for name, value in block]
    return "\n".join(lines) + "\n"


def write_headers_file(output_dir: Path, extra: Mapping | None = None) -> Path:
    """Write `_headers` into the built site; returns its path."""
    path = Path(output_dir) / "_headers"
    path.write_text(headers_file(extra), encoding="utf-8", newline="\n")
    return path


def is_loopback_host(host: str | None, port: int) -> bool:
    """Whether a request's Host header names this computer's own server (127.0.0.1 or localhost
    on `port`): a web page that renamed its address to 127.0.0.1 (DNS rebinding) names another."""
    return (host or "").strip().lower() in {f"127.0.0.1:{port}", f"localhost:{port}"}
