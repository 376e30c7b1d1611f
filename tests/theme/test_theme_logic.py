"""The theme plugins' pure parts, without Pelican: stylesheet, discovery files, relations, icons."""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from clemency.content.models import Consent, Entry, Outcome, Partner, Story
from clemency.images import brand, cards
from clemency.site import assets as stylesheet
from clemency.site import listings as relations
from clemency.site import seo as discovery

NWIRP = Partner("nwirp", "Northwest Immigrant Rights Project", "NWIRP", "https://www.nwirp.org/")
KHAAG = Partner("khaag", "Khmer Anti-Deportation Advocacy Group", "KhAAG", "https://khaagwa.org/")
PARDON = Outcome("pardon-granted", "Pardon granted", "The governor pardoned it.")
VACATED = Outcome("conviction-vacated", "Conviction vacated", "A court set it aside.")


def story(slug, day, outcome=PARDON, partners=(), featured=False) -> Story:
    consent = Consent("full", False, dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    return Story(
        slug=slug,
        path=Path(slug) / "index.md",
        lang="en",
        title=slug,
        date=dt.date(2026, 1, day),
        summary="",
        client="Fictional Person",
        body="",
        consent=consent,
        terms={"outcomes": [outcome], "partners": list(partners)},
        featured=featured,
    )


def test_minify_keeps_every_rule_and_meaningful_space():
    css = "/* note */\na :hover , b > c {\n  margin : calc(1rem + 2px) 0 ;\n}\n"
    assert stylesheet.minify(css) == "a :hover,b>c{margin : calc(1rem + 2px) 0}\n"


def test_bundle_keeps_file_order_and_fingerprint_follows_content(tmp_path):
    first, second = tmp_path / "tokens.css", tmp_path / "base.css"
    first.write_text(":root{--x:1}")
    second.write_text("body{color:red}")
    text = stylesheet.bundle([first, second])
    assert text.index("--x") < text.index("body")
    assert stylesheet.fingerprint(text) != stylesheet.fingerprint(text + " ")


def test_featured_first_then_newest():
    stories = [story("a", 1), story("b", 3), story("c", 2, featured=True)]
    assert [s.slug for s in relations.featured(stories, 2)] == ["c", "b"]


def test_related_prefers_shared_partners_then_outcome_then_newest():
    me = story("me", 5, partners=[NWIRP])
    others = [
        story("same-outcome", 9),
        story("shared-partner", 1, VACATED, [NWIRP]),
        story("nothing-shared", 8, VACATED),
        me,
    ]
    assert [s.slug for s in relations.related(me, others, 3)] == [
        "shared-partner",
        "same-outcome",
        "nothing-shared",
    ]


def test_equally_alike_stories_are_drawn_per_page_so_a_new_story_enters_few_related_lists():
    """Twenty-eight stories of one outcome, all equally alike: each page shows its own draw of them
    (not the same three newest everywhere), the same in every build, and a new story enters
    only the few lists that draw it, so adding one re-renders few pages."""
    stories = [story(f"s{i:02}", i + 1) for i in range(28)]
    shown = {s.slug: [r.slug for r in relations.Relations(stories).related(s, 3)] for s in stories}
    assert shown == {s.slug: [r.slug for r in relations.Relations(stories).related(s, 3)] for s in stories}
    assert len({slug for picks in shown.values() for slug in picks}) >= 20  # not three for all
    newest = story("s99", 28)
    after = relations.Relations([*stories, newest])
    entered = [s.slug for s in stories if [r.slug for r in after.related(s, 3)] != shown[s.slug]]
    assert all("s99" in [r.slug for r in after.related(s, 3)] for s in stories if s.slug in entered)
    assert len(entered) <= 8  # about 3 in 29; it used to enter all 28


def test_any_vocabulary_can_make_stories_alike_by_its_weight():
    family = Entry("family", {"label": "Family kept together"})
    me, partner, topic = (
        story("me", 1, partners=[NWIRP]),
        story("partner", 2, partners=[NWIRP]),
        story("topic", 3),
    )
    me.terms["topics"] = topic.terms["topics"] = [family]
    others = [partner, topic]
    assert [s.slug for s in relations.related(me, others, 2)] == ["partner", "topic"]  # topics unweighted
    weights = {**relations.RELATED_WEIGHTS, "topics": 3}
    assert [s.slug for s in relations.related(me, others, 2, weights)] == ["topic", "partner"]


def test_a_vocabulary_groups_its_stories_newest_first_and_leaves_out_entries_without_any():
    old, new = story("old", 1, partners=[NWIRP, KHAAG]), story("new", 2, partners=[NWIRP])
    groups = relations.by_term([old, new], "partners", ["khaag", "nwirp", "other"])
    assert {k: [s.slug for s in v] for k, v in groups.items()} == {"khaag": ["old"], "nwirp": ["new", "old"]}
    assert list(groups) == ["khaag", "nwirp"]  # the vocabulary's order
    pardoned = relations.by_term([old, new], "outcomes", ["pardon-granted"])["pardon-granted"]
    assert [s.slug for s in pardoned] == ["new", "old"]


def test_absolute_addresses():
    assert discovery.absolute_base("", "http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    assert discovery.absolute_base("https://a.example/site/", "x") == "https://a.example/site"
    assert discovery.absolute("https://a.example", "stories/x/") == "https://a.example/stories/x/"
    assert discovery.absolute("https://a.example", "https://b.example/y") == "https://b.example/y"
    assert discovery.absolute("", "/media/a.jpg") == "/media/a.jpg"


def test_sitemap_is_valid_xml_with_hreflang_alternates():
    xml = discovery.sitemap_xml(
        [
            discovery.SitemapEntry(
                "https://a.example/stories/x/",
                dt.date(2026, 1, 2),
                {"en": "https://a.example/stories/x/", "km": "https://a.example/km/stories/x/"},
            )
        ]
    )
    root = ET.fromstring(xml)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    assert root.find("s:url/s:lastmod", ns).text == "2026-01-02"
    assert [a.get("hreflang") for a in root.findall("s:url/x:link", ns)] == ["en", "km"]


def test_robots_allows_production_and_blocks_previews():
    assert "Allow: /" in discovery.robots_txt("https://a.example/sitemap.xml")
    assert "Disallow: /" in discovery.robots_txt("https://a.example/sitemap.xml", allow=False)


def test_jsonld_cannot_close_its_script_element():
    text = discovery.jsonld({"@type": "Thing", "name": "</script><script>alert(1)</script>"})
    assert "</script" not in text and "<" not in text
    assert json.loads(text)["@graph"][0]["name"].startswith("</script>")


def test_share_links_encode_the_address_and_title():
    (link,) = discovery.share_links(
        [{"name": "Email", "url": "mailto:?subject={title}&body={url}"}],
        url="https://a.example/stories/x/?a=1&b=2",
        title="Home & family",
    )
    assert link["url"] == (
        "mailto:?subject=Home%20%26%20family&body=https%3A%2F%2Fa.example%2Fstories%2Fx%2F%3Fa%3D1%26b%3D2"
    )
    assert link["key"] == "email"


def test_icons_are_drawn_at_their_sizes(tmp_path):
    written = brand.write_icons(tmp_path, "Site", "Tagline")

    def size(name):
        with Image.open(io.BytesIO(written[name].read_bytes())) as image:
            return image.size, image.info.get("sizes")

    assert size("icon-512.png")[0] == (512, 512)
    assert size("share-card.png")[0] == (1200, 630)
    assert {(16, 16), (32, 32), (48, 48)} <= set(size("favicon.ico")[1])
    corner, centre = brand.mark(64).getpixel((0, 0)), brand.mark(64).getpixel((32, 20))
    assert corner[3] == 0 and centre[:3] == brand.SAND


def test_icons_are_drawn_once_then_linked_from_the_cache_and_redrawn_for_a_new_name(tmp_path):
    cache = tmp_path / "cache"
    for folder in ("one", "two", "three", "four"):
        (tmp_path / folder).mkdir()
    drawn = brand.write_icons(tmp_path / "one", "Site", "Tagline")
    first = brand.write_icons(tmp_path / "two", "Site", "Tagline", cache)
    again = brand.write_icons(tmp_path / "three", "Site", "Tagline", cache)
    for name, path in drawn.items():
        assert first[name].read_bytes() == path.read_bytes()  # the cache changes no byte
        assert again[name].stat().st_ino == first[name].stat().st_ino  # linked, not drawn again
    renamed = brand.write_icons(tmp_path / "four", "Another Site", "Tagline", cache)
    assert renamed["share-card.png"].read_bytes() != drawn["share-card.png"].read_bytes()
    assert len(list(cache.iterdir())) == 1  # the old name's set is gone


def test_the_sites_share_card_is_drawn_as_a_story_card_is_with_the_mark_at_the_top_right():
    card = brand.share_card("Site", "Tagline")
    plain = cards.render_card(
        "Tagline", "en", site_name="Site", backdrop=Image.new("RGB", cards.SIZE, cards.TEAL)
    )
    assert card.size == cards.SIZE
    # The same drawer: left of the mark, the pixels are a story card's on brand teal.
    assert card.crop((0, 0, 1000, 630)).tobytes() == plain.crop((0, 0, 1000, 630)).tobytes()
    unit = brand.CARD_MARK_SIZE / 64
    arch_top = (1200 - cards.MARGIN - round(14 * unit), cards.NAME_TOP + round(3 * unit))
    assert all(abs(a - b) <= 2 for a, b in zip(card.getpixel(arch_top), brand.SAND, strict=True))
    assert plain.getpixel(arch_top) == cards.TEAL


def test_a_card_backdrop_must_be_the_cards_size():
    with pytest.raises(ValueError, match="backdrop"):
        cards.render_card("T", "en", site_name="S", backdrop=Image.new("RGB", (600, 315), cards.TEAL))
