"""No active content beyond the theme's own scripts: frames of inline HTML, script addresses,
plugins, <base>, redirects and SVG/MathML tricks. The second line of defence behind the sanitiser.

Each rule is a small table or function of one tag and its attributes (`findings`), so a page
reader can call it while it walks the page; `check` reports what the reader collected.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..problems import Problem

if TYPE_CHECKING:  # pages.py reads pages with `findings`: a runtime import would be circular
    from .pages import Page

# Attributes that hold a URL a browser may follow, load or run, on any element (HTML, SVG and
# MathML; SVG animation's to/from/values/by can set an href).
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "cite",
        "longdesc",
        "usemap",
        "codebase",
        "classid",
        "profile",
        "manifest",
        "icon",
        "dynsrc",
        "lowsrc",
        "ping",
        "srcset",
        "imagesrcset",
        "to",
        "from",
        "values",
        "by",
        "archive",
    }
)
# Schemes that run code, whatever the element.
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:")
# Only these elements may carry data: addresses (tiny placeholder images, never run).
DATA_ALLOWED = frozenset({"img", "source", "image"})
# Attributes that are code or a whole document wherever they appear.
ATTRIBUTES = {
    "srcdoc": "srcdoc= holds a whole HTML document, scripts included",
    "formaction": "formaction= sends a form (and can run a javascript: address)",
}
# Elements the site never needs and that run or embed foreign code or change every link.
ELEMENTS = {
    "base": "<base> changes where every relative link and form on the page points",
    "object": "<object> embeds plugin content",
    "embed": "<embed> embeds plugin content",
    "applet": "<applet> runs plugin code",
    "frame": "<frame> loads another document",
    "frameset": "<frameset> loads other documents",
    "portal": "<portal> loads another document",
    "handler": "SVG <handler> is script",
    "listener": "SVG <listener> attaches script",
    "maction": "MathML <maction> can follow an address when clicked",
}
# SVG animation elements: harmless for shapes, but animating an href rewrites a link to script.
ANIMATION = frozenset({"animate", "set", "animatemotion", "animatetransform"})
LINK_ATTRIBUTES = frozenset({"href", "xlink:href"})
# <meta http-equiv> values the theme may write; any other (refresh, set-cookie...) is refused.
HTTP_EQUIV_ALLOWED = frozenset({"content-security-policy", "content-type"})
# What a browser ignores inside a URL: leading spaces and controls, tabs and line breaks anywhere.
URL_JUNK_LEADING = re.compile(r"^[\x00-\x20]+")
URL_JUNK_INSIDE = re.compile(r"[\t\n\r]")


def url_scheme_finding(tag: str, name: str, value: str) -> str:
    """Why this URL attribute runs code ('' when it does not): javascript:, or data: off images."""
    if name not in URL_ATTRIBUTES or ":" not in value:  # no scheme, nothing to run
        return ""
    parts = value.split(";") if name in ("values",) else [value]
    for part in parts:
        url = URL_JUNK_INSIDE.sub("", URL_JUNK_LEADING.sub("", part)).lower()
        if url.startswith(SCRIPT_SCHEMES):
            return f"{name}= on <{tag}> is a {url.split(':', 1)[0]}: address, which runs code"
        if url.startswith("data:") and tag not in DATA_ALLOWED:
            return f"{name}= on <{tag}> is a data: address, which can carry a whole page or script"
    return ""


def attribute_finding(tag: str, name: str, value: str) -> str:
    """Why this attribute is active content ('' when it is not)."""
    if name in ATTRIBUTES:
        return f"{ATTRIBUTES[name]} on <{tag}>"
    if tag in ANIMATION and name == "attributename" and value.strip().lower() in LINK_ATTRIBUTES:
        return f'<{tag} attributeName="{value}"> rewrites a link while the page shows'
    return url_scheme_finding(tag, name, value)


def element_finding(tag: str, attrs: dict[str, str]) -> str:
    """Why this element is active content ('' when it is not)."""
    if tag in ELEMENTS:
        return ELEMENTS[tag]
    equiv = attrs.get("http-equiv", "").strip().lower()
    if tag == "meta" and equiv and equiv not in HTTP_EQUIV_ALLOWED:
        return f'<meta http-equiv="{equiv}"> acts like a server header (a redirect, a cookie)'
    return ""


# The attributes attribute_finding can object to; every other one is inert wherever it is.
_WATCHED = URL_ATTRIBUTES | ATTRIBUTES.keys() | {"attributename"}


def findings(tag: str, attrs: list[tuple[str, str | None]]) -> list[str]:
    """Every reason this start tag is active content; [] for an ordinary tag."""
    found = []
    if tag in ELEMENTS or tag == "meta":
        found.append(element_finding(tag, {name: value or "" for name, value in attrs}))
    found += [attribute_finding(tag, name, value or "") for name, value in attrs if name in _WATCHED]
    return [f for f in dict.fromkeys(found) if f]


def check_page(path, page: Page) -> list[Problem]:
    """Each piece of active content the page's parse found (Page.active)."""
    return [
        Problem(
            path,
            (
                f"active content: {reason}. Story and page text never needs it and the site "
                "never publishes it: remove it from the text or the template that writes it."
            ),
            line=line,
        )
        for line, reason in page.active
    ]
