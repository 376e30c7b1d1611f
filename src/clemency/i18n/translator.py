"""Gettext for templates: the callables every template gets, answering in the language of the
file being written (the languages plugin activates it per file), with Babel's dates and numbers.

A string with no translation is shown in English and named once per language, with the command
that adds it to the catalog. Never imports Pelican.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

from . import catalogs as i18n

log = logging.getLogger(__name__)


class Translator:
    """The gettext callables every template gets; `active(lang)` says which catalog answers."""

    def __init__(self, default: str, catalogs: dict[str, tuple]):
        self.default = default
        self.lang = default
        self.catalogs = catalogs  # lang -> (translations, message ids it translates)
        self.misses: dict[str, set[str]] = {}

    @contextmanager
    def active(self, lang: str):
        previous, self.lang = self.lang, lang
        try:
            yield self
        finally:
            self.lang = previous

    def _catalog(self, lang: str, message: str):
        entry = self.catalogs.get(lang)
        if entry is None or not message:
            return None
        translations, known = entry
        if message not in known:
            if message not in self.misses.setdefault(lang, set()):
                self.misses[lang].add(message)
                log.warning(
                    'languages: "%s" has no %s translation, so it is shown in English. '
                    "Run `invoke i18n-update` and translate it in %s.",
                    message,
                    i18n.language_name(lang, "en"),
                    i18n.po_path(Path(), lang).as_posix(),
                )
            return None
        return translations

    def translate(self, lang: str, message: str) -> str:
        translations = self._catalog(lang, message)
        if translations is None:
            return message
        # A string used both alone and with a plural form is stored once, as a plural entry.
        result = translations.gettext(message)
        return translations.ngettext(message, message, 1) if result is message else result

    def gettext(self, message: str) -> str:
        return self.translate(self.lang, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translations = self._catalog(self.lang, singular)
        if translations is None:
            return singular if n == 1 else plural
        return translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        translations = self._catalog(self.lang, message)
        return message if translations is None else translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        translations = self._catalog(self.lang, singular)
        if translations is None:
            return singular if n == 1 else plural
        return translations.npgettext(context, singular, plural, n)

    def install(self, env) -> None:
        env.install_gettext_callables(
            self.gettext, self.ngettext, newstyle=True, pgettext=self.pgettext, npgettext=self.npgettext
        )
        env.filters["format_date"] = self.format_date
        env.filters["format_number"] = self.format_number

    def format_date(self, value, format: str = "long", lang: str | None = None) -> str:
        return i18n.format_date(value, lang or self.lang, format)

    def format_number(self, value, lang: str | None = None) -> str:
        return i18n.format_number(value, lang or self.lang)
