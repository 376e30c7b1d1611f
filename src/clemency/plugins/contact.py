"""Contact plugin: the program's own phone, email, address and hours in every template.

Templates get `CONTACT` (a `clemency.site.contact.Contact`); `CTAS` loses Donate and Volunteer until
their addresses are set (CONTACT_DONATION_URL, CONTACT_VOLUNTEER_URL), and then points at them.
"""

from __future__ import annotations

import logging

from pelican import signals

from ..site import contact

log = logging.getLogger(__name__)


def initialized(pelican) -> None:
    settings = contact.with_defaults(pelican.settings)
    for problem in contact.problems(settings, "pelicanconf.py"):
        log.error("contact: %s", problem.format())
    settings["CONTACT"] = contact.contact_from(settings)
    settings["CTAS"] = contact.visible_ctas(settings.get("CTAS", []), settings)


def register() -> None:
    signals.initialized.connect(initialized)
