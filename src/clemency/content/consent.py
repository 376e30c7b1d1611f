"""What consent allows: whether a story may be published, and how its person is named."""

from __future__ import annotations

import datetime as dt
import secrets

from . import names
from .models import Consent

OK, MISSING, WITHDRAWN, EXPIRED = "ok", "missing", "withdrawn", "expired"


def state(consent: Consent | None, today: dt.date) -> str:
    if consent is None:
        return MISSING
    if consent.withdrawn:
        return WITHDRAWN
    if consent.review < today:
        return EXPIRED
    return OK


def display_name(client: str, level: str) -> str:
    """The name visitors see: `first` never shows a surname and `anonymous` shows no name."""
    if level == "anonymous":
        return ""
    if level == "first":
        return client.split()[0] if client.split() else ""
    return client.strip()


def initials(client: str, level: str) -> str:
    shown = display_name(client, level).split()
    if not shown:
        return ""
    if len(shown) == 1:
        return shown[0][0].upper()
    return (shown[0][0] + shown[-1][0]).upper()


def hidden_names(client: str, level: str) -> list[str]:
    """Parts of the client's name that must not appear anywhere in a published story."""
    if level == "anonymous":
        return names.parts(client)
    if level == "first":
        shown = {names.fold(w) for w in names.parts(display_name(client, level))}
        return [w for w in names.parts(" ".join(client.split()[1:])) if names.fold(w) not in shown]
    return []


def surnames(client: str) -> list[str]:
    """The words of the client's name after the first, less particles: what a story that is
    down withholds whatever its level ('María de la Cruz' -> Cruz)."""
    return hidden_names(client, "first")


def address(client: str, level: str, title: str = "") -> str:
    """The web address a story's folder should have: only the name consent allows, or none.

    full and pseudonym: the name as written; first: the first name; anonymous: the title's first
    words ('' when there is no title yet: the caller picks a neutral id).
    """
    if level == "anonymous":
        return "-".join(names.slugify(title).split("-")[:6])
    return names.slugify(display_name(client, level))


def address_problem(folder: str, client: str, level: str, title: str = "") -> str:
    """Why a story's folder (its address) says more than consent allows, with the fix; or ''."""
    hidden = hidden_names(client, level)
    if not names.mentioned(hidden, folder.replace("-", " ")):
        return ""
    better = address(client, level, title) or "story-" + folder_id()
    what = "the client's name" if level == "anonymous" else "the client's surname"
    return (
        f"the folder's name is the story's web address, and it holds {what}, which "
        f"consent.name '{level}' keeps off the site. Rename the folder to stories/{better}/ "
        "(its address changes; the old address is not redirected, so it simply stops "
        "working)."
    )


def folder_id() -> str:
    """A short random id for an anonymous story's address: it says nothing about the person."""
    return secrets.token_hex(3)
