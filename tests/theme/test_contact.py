"""Help in one tap: the program's own contact on Get help, in every footer and on the 404 page,
Donate and Volunteer only once their addresses are set, and `invoke check`'s launch blockers."""

from __future__ import annotations

from clemency.site import contact, links
from theme import site_fixture
from theme.pages import read
from theme.site_fixture import CONTACT

visitor_site = site_fixture.visitor_site
contact_site = site_fixture.contact_site


def test_a_phone_becomes_a_tel_link_as_dialled():
    assert contact.tel_href("(206) 555-0142") == "tel:2065550142"
    assert contact.tel_href("+1 206-555-0142 ") == "tel:+12065550142"
    assert contact.tel_href("call us") == ""


def test_donate_and_volunteer_wait_for_their_addresses():
    ctas = [
        {"key": "get-help", "url": "get-help/"},
        {"key": "donate", "url": "support/"},
        {"key": "volunteer", "url": "support/"},
    ]
    assert [c["key"] for c in contact.visible_ctas(ctas, {})] == ["get-help"]
    shown = contact.visible_ctas(
        ctas, {"CONTACT_DONATION_URL": "https://give.example/", "CONTACT_VOLUNTEER_URL": "v@x.example"}
    )
    assert [c["url"] for c in shown] == ["get-help/", "https://give.example/", "mailto:v@x.example"]


def test_a_setting_link_is_under_the_site_unless_it_is_a_full_address():
    assert links.href("get-help/", "/site") == "/site/get-help/"
    assert links.href("/support/#donate", "") == "/support/#donate"
    for full in ("https://give.example/", "mailto:v@x.example", "tel:2065550142"):
        assert links.href(full, "/site") == full


def test_the_header_leads_with_the_call_to_action_named_and_shown():
    ctas = [{"key": "get-help", "url": "get-help/"}, {"key": "donate", "url": "support/"}]
    assert links.header_cta(ctas, "donate") == ctas[1]
    assert links.header_cta(ctas, "volunteer") is None  # not shown: no button at all


def test_each_empty_contact_setting_is_a_launch_blocker_named_with_its_purpose():
    blockers = contact.launch_blockers({"CONTACT_EMAIL": "help@x.example"}, "pelicanconf.py")
    assert [b.field for b in blockers] == [
        "CONTACT_PHONE",
        "CONTACT_ADDRESS",
        "CONTACT_HOURS",
        "CONTACT_LANGUAGES",
        "CONTACT_FORM_URL",
    ]
    assert blockers[0].format() == (
        "pelicanconf.py: CONTACT_PHONE: is empty: the phone number a person in crisis calls. "
        "Visitors in crisis need it; fill it in before the site goes live."
    )
    assert contact.launch_blockers(CONTACT, "pelicanconf.py") == []


def test_unusable_contact_settings_are_explained():
    found = contact.problems({"CONTACT_PHONE": "ask us", "CONTACT_EMAIL": "mailto:x"}, "p.py")
    assert [p.field for p in found] == ["CONTACT_PHONE", "CONTACT_EMAIL"]
    assert 'e.g. "(206) 555-0100"' in found[0].message


def test_get_help_opens_with_the_detained_today_box_and_the_contact(contact_site):
    page = read(contact_site / "get-help" / "index.html")
    headings = [text for _, text in page.headings()]
    assert headings[:2] == ["Get help", "If someone was detained today"]
    calls = [a for a in page.find("a") if a.attrs["href"] == "tel:2065550142"]
    assert calls and calls[0].text == "(206) 555-0142"
    assert page.find("a", href="mailto:help@clemency.example")
    assert page.find("a", href="https://forms.clemency.example/intake")
    assert "Monday to Friday, 9 am to 5 pm" in page.text
    assert "English, ខ្មែរ, Español" in page.text
    assert "1 Fictional Way" in page.text
    # Whom else to call: the partners of content/data/partners.yml.
    assert page.find("a", class_="scp-urgent__partner", href="https://www.nwirp.org/")


def test_every_page_and_the_404_page_carry_the_phone(contact_site):
    pages = sorted(p for p in contact_site.rglob("*.html") if 'class="scp-body' in p.read_text())
    assert len(pages) > 20
    for path in pages:
        assert 'href="tel:2065550142"' in path.read_text(), path
    not_found = read(contact_site / "404.html")
    assert not_found.find("a", href="/get-help/")


def test_donate_and_volunteer_link_to_their_settings_once_set(contact_site, visitor_site):
    hrefs = [a.attrs["href"] for a in read(contact_site / "index.html").find("a", class_="scp-cta__link")]
    assert hrefs == ["/get-help/", "https://give.clemency.example/", "mailto:volunteer@clemency.example"]
    unset = read(visitor_site / "index.html")
    assert [a.attrs["href"] for a in unset.find("a", class_="scp-cta__link")] == ["/get-help/"]


def test_without_contact_settings_nothing_empty_is_shown(visitor_site):
    page = read(visitor_site / "get-help" / "index.html")
    assert not page.find("ul", class_="scp-contact")
    assert "tel:" not in page.html
    assert "Contact legal help today" in page.text  # the box still says what to do


def test_search_points_to_get_help(visitor_site):
    page = read(visitor_site / "search" / "index.html")
    assert page.find("a", href="/get-help/")
