"""Every story's consent record, read strictly: for `invoke consent`, reminders and takedowns.

Pure: no Pelican, no vocabularies. A record that cannot be read with certainty is UNREADABLE,
which, like withdrawn, missing or past review, means the story must not be public.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import frontmatter
from .consent import EXPIRED, MISSING, OK, WITHDRAWN, hidden_names
from .names import fold, masked
from .schema import NAME_LEVELS

UNREADABLE = "unreadable"
DUE_DAYS = 30  # reminders start this many days before a review date


@dataclass(frozen=True)
class Record:
    """One story folder's consent, as far as it can be read."""

    folder: str  # the story's folder name under stories/
    state: str  # OK, MISSING, WITHDRAWN, EXPIRED or UNREADABLE
    client: str = ""
    level: str = ""  # consent.name: full, first, pseudonym or anonymous
    photo: bool | None = None
    review: dt.date | None = None

    @property
    def address(self) -> str:
        return f"stories/{self.folder}/"

    def masked_address(self) -> str:
        """'stories/z***/': enough for staff who know the stories, nothing for a public log."""
        return f"stories/{masked(self.folder)}/"

    def public_address(self) -> str:
        """The address, unless it spells a part of the name its consent level keeps hidden."""
        if not _spells_hidden_name(self.folder, self.client, self.level):
            return self.address
        return self.masked_address()

    def reason(self) -> str:
        """Why the story may not be public, in a few words (no name): 'consent withdrawn'."""
        return {
            OK: "consent given",
            WITHDRAWN: "consent withdrawn",
            MISSING: "no consent record",
            UNREADABLE: "consent record unreadable",
            EXPIRED: f"consent review was due {self.review}",
        }[self.state]


def in_ci(environ: dict | None = None) -> bool:
    """Whether this runs in CI, whose logs may be public: names are then masked."""
    value = (os.environ if environ is None else environ).get("CI", "")
    return value.strip().lower() in ("1", "true", "yes")


def read_record(folder: Path, today: dt.date) -> Record:
    """The consent of the story in `folder` (its index.md); a missing folder is MISSING."""
    name = folder.name
    index = folder / "index.md"
    try:
        data = index.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return Record(name, MISSING)
    return _record(data, name, today)


@functools.lru_cache(maxsize=4096)
def _record(data: bytes, name: str, today: dt.date) -> Record:
    # A takedown reads each story's record in the snapshot and in stories/: mostly the same bytes.
    try:
        meta = frontmatter.parse(frontmatter.decode(data)).meta
    except Exception:  # noqa: BLE001 - whatever the parser raises, the record is unreadable
        return Record(name, UNREADABLE)
    client = meta.get("client")
    client = client.strip() if isinstance(client, str) else ""
    consent = meta.get("consent")
    if consent is None:
        return Record(name, MISSING, client)
    if not isinstance(consent, dict):
        return Record(name, UNREADABLE, client)
    # Withdrawal first: a withdrawn story is withdrawn whatever else its record says.
    withdrawn = consent.get("withdrawn", False)
    if withdrawn is True:
        return Record(name, WITHDRAWN, client)
    level, photo, review = consent.get("name"), consent.get("photo"), _date(consent.get("review"))
    if withdrawn is not False or level not in NAME_LEVELS or not isinstance(photo, bool) or review is None:
        return Record(name, UNREADABLE, client)
    state = EXPIRED if review < today else OK
    return Record(name, state, client, level, photo, review)


def read_all(stories: Path, today: dt.date) -> list[Record]:
    """A record for every story folder in `stories`, in folder order."""
    if not stories.is_dir():
        return []
    return [
        read_record(entry, today)
        for entry in sorted(stories.iterdir())
        if entry.is_dir() and not entry.name.startswith((".", "_"))
    ]


def due(records: list[Record], today: dt.date, days: int = DUE_DAYS) -> list[Record]:
    """Stories whose review is past or within `days`: past ones are off the site until renewed."""
    limit = today + dt.timedelta(days=days)
    return sorted(
        (r for r in records if r.state in (OK, EXPIRED) and r.review <= limit),
        key=lambda r: (r.review, r.folder),
    )


def table(records: list[Record], today: dt.date, *, mask: bool) -> str:
    """The plain-text table `invoke consent` prints; `mask` hides names (for CI logs)."""
    rows = [("Story", "Client", "Name shown", "Photo", "Review", "State")]
    for r in records:
        client = masked(r.client) if mask else r.client
        rows.append(
            (
                r.masked_address() if mask else r.address,
                client or "-",
                r.level or "-",
                {True: "yes", False: "no", None: "-"}[r.photo],
                str(r.review) if r.review else "-",
                _state(r, today),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    soon = due(records, today)
    lines.append("")
    if soon:
        lines.append(f"Reviews due within {DUE_DAYS} days or past: {len(soon)}.")
        lines += [
            f"  {r.review}  {r.masked_address() if mask else r.address}  {_state(r, today)}" for r in soon
        ]
        lines.append("Re-confirm consent with each client, then update consent.review.")
    else:
        lines.append(f"No review is due within {DUE_DAYS} days.")
    return "\n".join(lines)


def due_markdown(records: list[Record], today: dt.date) -> str:
    """The body of the reminder issue: addresses and dates, never a name; '' if none is due."""
    soon = due(records, today)
    if not soon:
        return ""
    lines = [
        f"Consent reviews due within {DUE_DAYS} days, as of {today}. This issue is "
        "updated every day by the CI workflow; no client name is written here.",
        "",
    ]
    lines += ["| Story | Review date | |", "| --- | --- | --- |"]
    lines += [f"| `{r.public_address()}` | {r.review} | {_state(r, today)} |" for r in soon]
    lines += [
        "",
        "Re-confirm consent with each client, then update `consent.review` in the "
        "story's `index.md`. A story is taken off the site the day after its review "
        "date, and stays off until the date is renewed.",
    ]
    return "\n".join(lines) + "\n"


def _state(record: Record, today: dt.date) -> str:
    """A short state for the table: 'ok', 'ok, review in 9 days', 'off the site: withdrawn'."""
    if record.state == OK:
        days = (record.review - today).days
        if days > DUE_DAYS:
            return "ok"
        return "ok, review today" if days == 0 else f"ok, review in {days} days"
    return (
        "off the site: "
        + {
            WITHDRAWN: "withdrawn",
            MISSING: "no consent record",
            UNREADABLE: "record unreadable",
            EXPIRED: "review past",
        }[record.state]
    )


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _spells_hidden_name(folder: str, client: str, level: str) -> bool:
    hidden = {w for name in hidden_names(client, level) for w in re.split(r"[\W_]+", fold(name))}
    return bool({w for w in hidden if len(w) > 1} & set(folder.split("-")))
