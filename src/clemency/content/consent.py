"""What consent allows: whether a story may be published, and how its person is named."""

from __future__ import annotations

import datetime as dt

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
    words = client.split()
    if level == "anonymous":
        return [w for w in words if len(w) > 1]
    if level == "first":
        return [w for w in words[1:] if len(w) > 1]
    return []
