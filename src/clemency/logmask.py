"""Names kept out of every log line of a build, for CI logs (often public).

Once the stories plugin has read whose names consent hides, `cover` adds them here; from then
on every log record this process makes (Pelican's own, the plugins', any library's) is masked
as it is made, before any handler sees it, and `conceal` masks any other text a task prints.
Names only grow: a takedown's second build still masks the first one's. A staffer's own
terminal outside CI sees names (names.names_may_show).
"""

from __future__ import annotations

import logging
import traceback

from .content import consent, names

# Masked in any case: the name parts consent keeps off the site, every part of the name of a
# story that is not published (withdrawn, no consent, broken), and so its old folder.
_hidden: set[str] = set()
# Masked where written as a name (capitalised) or inside an address, as problems mask them:
# every client's name, so "Will" and "Hope" stay readable as words in a message.
_clients: set[str] = set()
_installed: list[bool] = []


def cover(catalog) -> None:
    """Mask the names of this catalog's clients in every later log record of this process."""
    for story in catalog.published.values():
        _clients.add(story.client)
        level = story.consent.name if story.consent else "anonymous"
        _hidden.update(consent.hidden_names(story.client, level))
    for name in catalog.unpublished_names:
        _clients.add(name)
        _hidden.update(names.parts(name))
    if not _installed:
        _install()


def forget() -> None:
    """Drop every name covered so far (a test's builds must not mask the next test's logs)."""
    _hidden.clear()
    _clients.clear()


def conceal(text: str) -> str:
    """`text` with every covered name masked, unless it is shown on a staffer's own terminal."""
    if not (_hidden or _clients) or names.names_may_show():
        return text
    return names.conceal(names.conceal(text, _hidden), _clients, capitalized=True)


def _install() -> None:
    make_record = logging.getLogRecordFactory()

    def masked_record(*args, **kwargs) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        _mask(record)
        return record

    logging.setLogRecordFactory(masked_record)
    _installed.append(True)


def _mask(record: logging.LogRecord) -> None:
    if not (_hidden or _clients) or names.names_may_show():
        return
    try:
        message = record.getMessage()
    except (TypeError, ValueError):  # arguments that do not fit: logging would print them raw
        message = f"{record.msg} {record.args}"
    record.msg, record.args = conceal(message), ()
    if record.exc_info and record.exc_info[1] is not None:
        # Formatters print exc_text when it is set, instead of formatting the traceback again.
        record.exc_text = conceal("".join(traceback.format_exception(*record.exc_info)).rstrip())
