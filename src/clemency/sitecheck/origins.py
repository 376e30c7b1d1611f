"""Nothing loads from another origin; outbound links go only to allow-listed origins."""

from __future__ import annotations

from ..problems import Problem
from .pages import Ref
from .site import Site


def check_refs(site: Site, path, refs: list[Ref]) -> list[Problem]:
    """Where one file's references load from, link to or send forms to."""
    problems = []
    from_path = site.url_path(path)
    for ref in refs:
        target = site.address.resolve(ref.url, from_path)
        where = f"<{ref.tag} {ref.attr}>" if ref.tag != "css" else "url()"
        message = _judge(site, ref.kind, ref.tag, target, ref.url, where)
        if message:
            problems.append(Problem(path, message, line=ref.line))
    return problems


def _judge(site: Site, kind: str, tag: str, target, url: str, where: str) -> str:
    if target.kind == "javascript":
        return (
            f"{where} uses a javascript: address, which the Content-Security-Policy blocks. "
            "Use a real link; put behaviour in a script file."
        )
    if kind == "share":
        if target.kind == "internal" and site.site_url and "://" not in url:
            return (
                f"{where} '{url}' must be a full address starting with {site.site_url} "
                "so that sites which show the preview can fetch it."
            )
        if target.kind != "internal":
            return (
                f"{where} '{url}' is not on this site. Share images must be our own "
                f"files, starting with {site.site_url or 'the site address'}."
            )
        return ""
    if kind == "load":
        if target.kind == "data" and tag in ("img", "source", "css", "image", "video"):
            return ""  # img-src allows data: (tiny placeholders)
        if target.kind == "internal":
            return ""
        thing = target.origin or target.kind
        return (
            f"{where} loads '{_short(url)}' from {thing}. Every page must load only this "
            "site's own files (privacy and the Content-Security-Policy): copy the file into "
            "the theme or drop it."
        )
    if target.kind in ("internal", "contact"):
        return ""
    if kind == "submit":
        return (
            f"{where} sends the form to '{_short(url)}'. The policy allows forms to post only "
            "to this site (form-action 'self'); link to the partner's form instead."
        )
    if target.kind == "external" and target.origin in site.allowed_origins:
        return ""
    if target.kind == "external":
        return (
            f"{where} links to {target.origin}, which is not an allowed outbound origin. "
            "Use a partner's address from content/data/partners.yml, or add the origin to "
            "the allowed list if the link is intended."
        )
    scheme = target.origin or target.kind
    return f"{where} '{_short(url)}': the site does not link to {scheme}: addresses. Remove it."


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."
