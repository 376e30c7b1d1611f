"""Interface-language plugin: Jinja2's i18n extension with gettext callables in every template.

For now the callables are null translations (English as written in the templates); the
languages issue swaps in Babel catalogs here, and no template needs to change.
"""

from __future__ import annotations

import logging

from pelican import signals

log = logging.getLogger(__name__)

EXTENSION = "jinja2.ext.i18n"


def install_translations(generator) -> None:
    env = getattr(generator, "env", None)
    if env is None:
        return
    if not hasattr(env, "install_null_translations"):
        log.error("i18n: JINJA_ENVIRONMENT['extensions'] lacks '%s'; templates use _() and "
                  "{%% trans %%}. Add it in pelicanconf.py.", EXTENSION)
        return
    env.install_null_translations(newstyle=True)


def register() -> None:
    signals.generator_init.connect(install_translations)
