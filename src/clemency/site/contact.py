"""The program's own contact: phone, email, address, hours, languages, intake form.

Plain functions that never import Pelican; clemency.plugins.contact puts the result in every
template's context as `CONTACT` and hides the calls to action whose address is not set.
Every setting is defaulted here, once (`DEFAULTS`); pelicanconf.py documents them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..i18n.catalogs import native_label
from ..problems import Problem

DEFAULTS: dict = {
    # A phone number as people should read it, e.g. "(206) 555-0100".
    "CONTACT_PHONE": "",
    "CONTACT_EMAIL": "",
    # The postal address, one line of the envelope per line.
    "CONTACT_ADDRESS": "",
    # When someone answers, in plain words: "Monday to Friday, 9 am to 5 pm".
    "CONTACT_HOURS": "",
    # Language codes of the languages staff speak with callers ("en", "km"...).
    "CONTACT_LANGUAGES": [],
    # The address of the intake form (a full https:// address or a site path).
    "CONTACT_FORM_URL": "",
    # The page that opens with the "If someone was detained today" box (a page's slug).
    "CONTACT_HELP_PAGE": "get-help",
    # The donation page and the volunteer contact (an address or an email): the Donate and
    # Volunteer calls to action appear only when these are set.
    "CONTACT_DONATION_URL": "",
    "CONTACT_VOLUNTEER_URL": "",
}

# The settings a production site must fill before launch, and what each is for.
LAUNCH_REQUIRED = {
    "CONTACT_PHONE": "the phone number a person in crisis calls",
    "CONTACT_EMAIL": "the email address for questions",
    "CONTACT_ADDRESS": "the office's postal address",
    "CONTACT_HOURS": "when someone answers the phone",
    "CONTACT_LANGUAGES": "the languages staff speak with callers",
    "CONTACT_FORM_URL": "the address of the intake form",
}

# The call to action (its `key` in CTAS) each address setting switches on.
CTA_SETTINGS = {"donate": "CONTACT_DONATION_URL", "volunteer": "CONTACT_VOLUNTEER_URL"}

# Settings holding an address a page links to (the site check allows their origins).
LINK_SETTINGS = ("CONTACT_FORM_URL", "CONTACT_DONATION_URL", "CONTACT_VOLUNTEER_URL")

_EMAIL = re.compile(r"^[^@\s/:]+@[^@\s/]+\.[^@\s/]+$")


@dataclass(frozen=True)
class Contact:
    """What templates print: each part empty when its setting is not set."""

    phone: str = ""
    phone_href: str = ""  # tel:+12065550100
    email: str = ""
    email_href: str = ""  # mailto:...
    address_lines: tuple[str, ...] = ()
    hours: str = ""
    languages: tuple[str, ...] = ()  # each named in itself: "English", "ខ្មែរ"
    form_url: str = ""
    help_page: str = "get-help"


def with_defaults(settings: dict) -> dict:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    return settings


def tel_href(phone: str) -> str:
    """A tel: link for a number as written: digits and a leading +, nothing else."""
    digits = re.sub(r"[^\d+]", "", phone.strip())
    digits = digits[:1] + digits[1:].replace("+", "")
    return f"tel:{digits}" if re.search(r"\d", digits) else ""


def mail_href(address: str) -> str:
    """`mailto:` + an email address; an address that already is a link stays as it is."""
    address = address.strip()
    return f"mailto:{address}" if _EMAIL.match(address) else address


def contact_from(settings: dict) -> Contact:
    """The program's contact from the settings (defaults filled in)."""
    settings = with_defaults(dict(settings))
    phone = str(settings["CONTACT_PHONE"] or "").strip()
    email = str(settings["CONTACT_EMAIL"] or "").strip()
    address = str(settings["CONTACT_ADDRESS"] or "")
    languages = settings["CONTACT_LANGUAGES"] or []
    if isinstance(languages, str):
        languages = languages.split()
    return Contact(
        phone=phone,
        phone_href=tel_href(phone) if phone else "",
        email=email,
        email_href=mail_href(email) if email else "",
        address_lines=tuple(line.strip() for line in address.splitlines() if line.strip()),
        hours=str(settings["CONTACT_HOURS"] or "").strip(),
        languages=tuple(native_label(str(lang)) for lang in languages),
        form_url=str(settings["CONTACT_FORM_URL"] or "").strip(),
        help_page=str(settings["CONTACT_HELP_PAGE"] or ""),
    )


def visible_ctas(ctas: list[dict], settings: dict) -> list[dict]:
    """CTAS without Donate and Volunteer while their address is unset; with it, pointing there."""
    settings = with_defaults(dict(settings))
    shown = []
    for cta in ctas:
        setting = CTA_SETTINGS.get(cta.get("key", ""))
        if setting is None:
            shown.append(cta)
        elif settings[setting]:
            shown.append({**cta, "url": mail_href(str(settings[setting]))})
    return shown


def problems(settings: dict, settings_file: Path | str) -> list[Problem]:
    """Contact settings that are set but unusable (a phone with no digits, a bad email)."""
    settings = with_defaults(dict(settings))
    found = []
    phone = str(settings["CONTACT_PHONE"] or "").strip()
    if phone and not tel_href(phone):
        found.append(
            Problem(
                settings_file,
                f"{phone!r} has no digits to call. Write the "
                'number as people should dial it, e.g. "(206) 555-0100".',
                field="CONTACT_PHONE",
            )
        )
    email = str(settings["CONTACT_EMAIL"] or "").strip()
    if email and not _EMAIL.match(email):
        found.append(
            Problem(
                settings_file,
                f'{email!r} is not an email address. Write it as name@example.org, without "mailto:".',
                field="CONTACT_EMAIL",
            )
        )
    return found


def launch_blockers(settings: dict, settings_file: Path | str) -> list[Problem]:
    """One problem per contact setting a public site must have and this one lacks."""
    settings = with_defaults(dict(settings))
    return [
        Problem(
            settings_file,
            f"is empty: {purpose}. Visitors in crisis need it; fill it in before the site goes live.",
            field=name,
            level="launch",
        )
        for name, purpose in LAUNCH_REQUIRED.items()
        if not settings[name]
    ]
