"""What visitors get from the theme, read from a real build of the fixture site."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest

from conftest import ROOT
from theme import site_fixture
from theme.pages import read
from theme.site_fixture import PRODUCTION_URL

# The session's fixture sites (see site_fixture.py), made visible to this module's tests.
visitor_site = site_fixture.visitor_site
production_site = site_fixture.production_site
preview_site = site_fixture.preview_site

# One page of each template.
TEMPLATES = {
    "home": "index.html",
    "story index": "stories/index.html",
    "story": "stories/featured-full-name-two-partners/index.html",
    "outcome listing": "stories/outcome/conviction-vacated/index.html",
    "partner listing": "stories/partner/khaag/index.html",
    "page": "about/index.html",
    "get help": "get-help/index.html",
    "support": "support/index.html",
    "partners": "partners/index.html",
    "search": "search/index.html",
    "not found": "404.html",
}
STORY = TEMPLATES["story"]


def settings():
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))


def html_files(site):
    """The pages this theme renders (other plugins, e.g. the story editor, bring their own)."""
    return sorted(p for p in site.rglob("*.html") if 'class="scp-body' in p.read_text())


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_is_built_with_landmarks_and_one_h1(visitor_site, name):
    page = read(visitor_site / TEMPLATES[name])
    assert page.find("html")[0].attrs["lang"] == "en"
    assert len(page.find("main", id="main")) == 1
    assert page.find("a", class_="scp-skip-link")[0].attrs["href"] == "#main"
    assert page.find("header", class_="scp-header") and page.find("footer", class_="scp-footer")
    assert [n for n, _ in page.headings()].count(1) == 1, page.headings()
    levels = [n for n, _ in page.headings()]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_home_has_the_purpose_line_featured_stories_and_its_calls_to_action(visitor_site):
    config = settings()
    page = read(visitor_site / "index.html")
    assert page.find("h1")[0].text.strip() == config["HOME_HEADLINE"]
    assert page.find("p", class_="scp-hero__lead")[0].text.strip() == config["HOME_PURPOSE"]
    titles = [t.text for t in page.find("a", class_="scp-card__link")]
    assert titles[0] == "Nadia Fictional kept her family together"  # featured first
    assert len(titles) == config["LISTINGS_FEATURED_COUNT"]
    # In the first screenful from 768 px wide: none waits for the visitor to scroll.
    assert {img.attrs["loading"] for img in page.find("img", class_="scp-card__picture")} == {"eager"}
    ctas = page.find("a", class_="scp-cta__link")
    # Donate and Volunteer wait for their addresses (tests/theme/test_contact.py).
    shown = [c for c in config["CTAS"] if c["key"] not in ("donate", "volunteer")]
    assert [c.text.replace("→", "").strip() for c in ctas] == [c["label"] for c in shown]
    assert [c.attrs["href"] for c in ctas] == [f"/{c['url']}" for c in shown]
    assert page.find("a", class_="scp-header__cta")[0].attrs["href"] == "/get-help/"


def test_story_index_cards_name_people_only_as_consent_allows(visitor_site):
    page = read(visitor_site / "stories" / "index.html")
    names = [t.text.strip() for t in page.find("p", class_="scp-card__name")]
    assert "Nadia Fictional" in names  # consent: full
    assert "Tomas" in names and "Lastnamehidden" not in page.html  # consent: first
    assert "Lina (name changed)" in names  # consent: pseudonym
    assert "Anonymousperson" not in page.html and "Unseen" not in page.html  # anonymous
    assert len(page.find("article", class_="scp-card")) == 5
    badges = [t.text.strip() for t in page.find("p", class_="scp-badge")]
    assert "Conviction vacated" in badges and "Case in progress" in badges


def test_no_output_file_mentions_a_withdrawn_or_anonymous_client(visitor_site):
    for path in visitor_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".json", ".webmanifest"):
            text = path.read_text(encoding="utf-8")
            for hidden in (
                "Withdrawnperson",
                "Withdrawnstory",
                "consent-withdrawn",
                "Anonymousperson",
                "Lastnamehidden",
            ):
                assert hidden not in text, (path, hidden)


def test_story_page_puts_content_notes_before_the_story(visitor_site):
    page = read(visitor_site / STORY)
    notes = page.html.index("scp-notice--content")
    body = page.html.index("scp-story__body")
    assert notes < body
    assert "This story mentions incarceration, family separation." in page.text


def test_story_page_pull_quote_comes_from_a_plain_markdown_blockquote(visitor_site):
    page = read(visitor_site / STORY)
    quotes = page.find("blockquote")
    assert [q.text.strip() for q in quotes] == ["Home is where my children are."]
    css = stylesheet_text(visitor_site)
    assert ".scp-prose blockquote{" in css


def test_story_outcome_box_has_relief_attorneys_and_partner_links(visitor_site):
    page = read(visitor_site / STORY)
    box = page.html[page.html.index('class="scp-outcome"') :]
    box = box[: box.index("</section>")]
    # The outcome is named once, at the top, linking to its stories; the box explains it.
    assert "Conviction vacated" not in box
    (badge,) = page.find("a", class_="scp-story__outcome")
    assert badge.text.strip() == "Conviction vacated"
    assert badge.attrs["href"] == "/stories/outcome/conviction-vacated/"
    assert page.text.count("Conviction vacated") == 1
    assert "A court set the old conviction aside" in box
    assert "Ada Counsel, Counsel &amp; Partners" in box and "Ben Advocate" in box
    assert ">Attorneys<" in box and ">Partners<" in box
    assert 'href="https://www.nwirp.org/"' in box and 'href="https://www.khaagwa.org/"' in box
    assert 'href="/stories/partner/nwirp/"' in box  # NWIRP has more stories


def test_pseudonym_story_says_the_name_was_changed(visitor_site):
    page = read(visitor_site / "stories" / "pseudonym-name-changed" / "index.html")
    assert "Lina is not this person's real name: it was changed to protect their privacy." in page.text


def test_related_stories_prefer_shared_partners(visitor_site):
    page = read(visitor_site / STORY)
    related = page.html[page.html.index("scp-related-title") :]
    links = re.findall(r'class="scp-card__link" href="([^"]+)"', related)
    assert len(links) == 3
    assert "/stories/featured-full-name-two-partners/" not in links
    # The three that share KhAAG or NWIRP, in this page's own draw; not the one sharing neither.
    assert set(links) == {"/stories/with-photo/", "/stories/first-name-only/", "/stories/anonymous-no-name/"}


def test_share_links_are_plain_encoded_urls_without_scripts(visitor_site):
    page = read(visitor_site / STORY)
    shares = {
        t.attrs["class"].split("--")[-1]: t.attrs["href"]
        for t in page.find("a")
        if "scp-share__link" in t.attrs.get("class", "")
    }
    assert set(shares) == {"email", "facebook", "x", "linkedin", "whatsapp"}
    story_url = "http://127.0.0.1:8000/stories/featured-full-name-two-partners/"
    assert unquote(shares["facebook"].split("u=")[1]) == story_url
    assert shares["email"].startswith("mailto:?subject=Nadia%20Fictional")
    assert f"Or copy its address: {story_url}" in page.text


def test_listing_pages_by_outcome_and_partner_work_without_javascript(visitor_site):
    outcome = read(visitor_site / TEMPLATES["outcome listing"])
    assert [t.text for t in outcome.find("a", class_="scp-card__link")] == [
        "Nadia Fictional kept her family together"
    ]
    partner = read(visitor_site / TEMPLATES["partner listing"])
    assert partner.find("h1")[0].text == "Khmer Anti-Deportation Advocacy Group"
    assert {t.text for t in partner.find("a", class_="scp-card__link")} == {
        "Nadia Fictional kept her family together",
        "A father waits for a decision",
    }
    index = read(visitor_site / "stories" / "index.html")
    browse = {t.attrs["href"] for t in index.find("a", class_="scp-browse__link")}
    assert "/stories/partner/nwirp/" in browse and "/stories/outcome/case-pending/" in browse
    for href in browse:
        assert (visitor_site / href.strip("/") / "index.html").is_file(), href
    for page in (outcome, partner, index):
        assert not page.find("script", src=None) or all(
            t.attrs.get("type") == "application/ld+json" for t in page.find("script")
        )


def test_pages_carry_no_inline_script_or_style(visitor_site):
    for path in html_files(visitor_site):
        page = read(path)
        assert not page.find("style"), path
        assert not [t for t in page.tags if "style" in t.attrs], path
        assert not [t for t in page.tags for a in t.attrs if a.startswith("on")], path
        for script in page.find("script"):
            assert script.attrs.get("src") or script.attrs.get("type") == "application/ld+json"


def test_head_has_policy_referrer_canonical_and_one_stylesheet(visitor_site):
    for name, rel in TEMPLATES.items():
        page = read(visitor_site / rel)
        head = page.html[: page.html.index("</head>")]
        assert head.index('http-equiv="Content-Security-Policy"') < head.index("<link"), name
        assert page.meta("referrer") == "no-referrer"
        sheets = [t.attrs["href"] for t in page.find("link", rel="stylesheet")]
        assert sheets[0].startswith("/theme/bundle/site.") and sheets[0].endswith(".css")
        assert len(sheets) == (2 if name == "search" else 1), (name, sheets)
        if name != "not found":
            canonical = page.find("link", rel="canonical")[0].attrs["href"]
            assert canonical.startswith("http://127.0.0.1:8000/"), canonical  # FEED_DOMAIN
        # The site check takes no other site's share image, and a local build has no public one.
        assert page.meta("og:image").startswith("/"), name


def test_scripts_load_only_on_the_search_page(visitor_site):
    for path in html_files(visitor_site):
        srcs = [t.attrs["src"] for t in read(path).find("script") if t.attrs.get("src")]
        if path.relative_to(visitor_site).as_posix().endswith("search/index.html"):
            assert srcs == ["/pagefind/pagefind-ui.js", "/theme/js/search.js"]
        else:
            assert srcs == [], path


def test_search_index_holds_the_stories_and_the_help_page(visitor_site):
    entry = json.loads((visitor_site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 5 + 1  # "detained" finds Get help
    search = read(visitor_site / "search" / "index.html")
    listed = [
        t.attrs["href"]
        for t in search.find("a")
        if t.attrs["href"].startswith("/stories/") and t.attrs["href"].count("/") == 3
    ]
    assert len(set(listed)) == 5  # without JavaScript, every story is listed


def stylesheet_text(site) -> str:
    (css,) = (site / "theme" / "bundle").glob("site.*.css")
    return css.read_text()


def test_one_stylesheet_in_layer_order_with_dark_mode_overriding_variables_only(visitor_site):
    css = stylesheet_text(visitor_site)
    order = [
        css.index(marker)
        for marker in (
            "--scp-teal:",
            "body{",
            ".scp-container{",
            ".scp-card{",
            ".scp-visually-hidden",
            "@media print",
        )
    ]
    assert order == sorted(order)
    for block in re.findall(r"prefers-color-scheme:dark\)\{:root\{([^}]*)\}", css):
        declarations = [d for d in block.split(";") if d.strip()]
        assert declarations and all(d.strip().startswith("--") for d in declarations)
    assert "@import" not in css and "url(http" not in css
    assert "Noto Sans Khmer" in css and "@font-face" not in css


def test_open_graph_twitter_and_json_ld_in_production(production_site):
    page = read(production_site / STORY)
    url = f"{PRODUCTION_URL}/stories/featured-full-name-two-partners/"
    assert page.find("link", rel="canonical")[0].attrs["href"] == url
    assert page.meta("og:url") == url and page.meta("og:type") == "article"
    assert page.meta("og:title") == "Nadia Fictional kept her family together"
    for key in ("og:image", "twitter:image"):
        image = page.meta(key)
        assert image.startswith(PRODUCTION_URL + "/"), image
        assert (production_site / image.removeprefix(PRODUCTION_URL + "/")).is_file()
    assert page.meta("twitter:card") == "summary_large_image"
    types = {node["@type"]: node for node in page.jsonld()}
    assert {"Organization", "Article", "BreadcrumbList"} <= set(types)
    assert types["Article"]["url"] == url and types["Article"]["datePublished"] == "2026-03-10"
    assert types["Organization"]["logo"]["url"] == f"{PRODUCTION_URL}/icon-512.png"
    for rel in TEMPLATES.values():
        canonical = read(production_site / rel).find("link", rel="canonical")
        if rel == "404.html":
            assert not canonical
        else:
            assert canonical[0].attrs["href"] == f"{PRODUCTION_URL}/{rel.removesuffix('index.html')}"
    home = read(production_site / "index.html")
    assert {n["@type"] for n in home.jsonld()} == {"Organization", "WebSite"}


def test_sitemap_robots_manifest_and_icons(production_site):
    sitemap = (production_site / "sitemap.xml").read_text()
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    for rel in TEMPLATES.values():
        if rel != "404.html":
            url = f"{PRODUCTION_URL}/{rel.removesuffix('index.html')}"
            assert url in locs, url
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap  # ready for hreflang
    assert "404" not in sitemap
    robots = (production_site / "robots.txt").read_text()
    assert "Allow: /" in robots and f"Sitemap: {PRODUCTION_URL}/sitemap.xml" in robots
    manifest = json.loads((production_site / "site.webmanifest").read_text())
    assert manifest["name"] == "Seattle Clemency Project"
    for icon in manifest["icons"]:
        assert (production_site / icon["src"]).is_file()
    assert (production_site / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (production_site / "theme" / "img" / "favicon.svg").is_file()
    assert (production_site / "apple-touch-icon.png").is_file()
    headers = (production_site / "_headers").read_text()
    assert "Content-Security-Policy: default-src 'self'" in headers


def test_the_stylesheet_and_share_images_are_cached_for_a_year(production_site):
    from clemency.site.security import IMMUTABLE, IMMUTABLE_PATHS

    headers = (production_site / "_headers").read_text()
    for path in IMMUTABLE_PATHS:
        assert f"\n{path}\n  Cache-Control: {IMMUTABLE}\n" in headers
    page = read(production_site / STORY)
    sheet = page.find("link", rel="stylesheet")[0].attrs["href"].removeprefix(PRODUCTION_URL)
    image = page.meta("og:image").removeprefix(PRODUCTION_URL)
    for address in (sheet, image):
        folder = next(p[:-1] for p in IMMUTABLE_PATHS if address.startswith(p[:-1]))
        # Every file there is named by a hash, so a changed file gets a new address.
        for file in (production_site / folder.strip("/")).iterdir():
            assert re.search(r"[0-9a-f]{10,}", file.name), file


def test_feed_lists_stories(production_site):
    feed = (production_site / "feeds" / "stories.atom.xml").read_text()
    assert feed.count("<entry>") == 5
    assert f"{PRODUCTION_URL}/stories/featured-full-name-two-partners/" in feed


def test_preview_builds_say_so_and_stay_out_of_search_engines(preview_site):
    for path in html_files(preview_site):
        page = read(path)
        assert page.meta("robots") == "noindex, nofollow", path
        assert page.find("p", class_="preview-banner"), path
    assert "Disallow: /" in (preview_site / "robots.txt").read_text()


def test_not_found_page_links_from_the_site_root(visitor_site):
    page = read(visitor_site / "404.html")
    for tag in page.find("a"):
        href = tag.attrs["href"]
        assert href.startswith(("/", "#", "http", "mailto:")), href
    assert not page.find("link", rel="canonical")


def test_story_hero_picture_with_caption_credit_and_alt(visitor_site):
    page = read(visitor_site / "stories" / "with-photo" / "index.html")
    (hero,) = page.find("img", class_="scp-story__picture")
    assert hero.attrs["alt"] == "A woman smiles in front of a house."
    assert hero.attrs["loading"] == "eager" and hero.attrs["fetchpriority"] == "high"
    assert hero.attrs["width"] and hero.attrs["height"] and hero.attrs["sizes"]
    (caption,) = page.find("figcaption")
    assert " ".join(caption.text.split()) == "Rosa at home. Photo: Test Photographer"
    # Without a photo the header is the picture: a light field, no image and no letter.
    placeholder = read(visitor_site / STORY)
    assert not placeholder.find("figure")
    (header,) = placeholder.find("header", class_="scp-story__header")
    assert "scp-field" in header.attrs["class"].split()


def test_cards_show_the_card_picture_lazily(visitor_site):
    page = read(visitor_site / "stories" / "index.html")
    cards = page.find("img", class_="scp-card__picture")
    assert len(cards) == 5
    assert [img.attrs["loading"] for img in cards] == ["eager"] + ["lazy"] * 4
    assert all(img.attrs["sizes"].endswith("calc(100vw - 2rem)") for img in cards)


def test_social_image_is_the_stories_own_in_production(production_site):
    page = read(production_site / STORY)
    assert page.meta("og:image").startswith(f"{PRODUCTION_URL}/cards/")
    assert page.meta("og:image:width") == "1200" and page.meta("og:image:height") == "630"


def gate(site, site_url="", production=True, validate_html=False):
    """The project's own site check (the gate `invoke build` runs), on a fixture build."""
    from clemency.build.gate import outbound_origins
    from clemency.sitecheck import check_output

    config = settings()
    partners = ["https://www.nwirp.org/", "https://www.khaagwa.org/"]
    theme_pages = {p for p in html_files(site)}
    problems = check_output(
        site,
        site_url=site_url,
        production=production,
        allowed_origins=outbound_origins(config, partners),
        forbidden=["Zed Withdrawnperson"],
        validate_html=validate_html,
    )
    # Only what the theme renders is this module's business.
    return [
        p.format(site) for p in problems if p.path in theme_pages or p.path.suffix not in (".html", ".htm")
    ]


def test_the_production_site_passes_the_gate_with_valid_html(production_site):
    assert gate(production_site, PRODUCTION_URL, validate_html=True) == []


def test_local_and_preview_builds_pass_the_gate(visitor_site, preview_site):
    assert gate(visitor_site) == []
    assert gate(preview_site, production=False) == []
