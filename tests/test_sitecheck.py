"""The output checks: a clean built site passes; each planted problem is reported, naming its file."""

from __future__ import annotations

import html as html_module
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from clemency.images.metadata import find_metadata
from clemency.site import security as headers
from clemency.sitecheck import check_output, validity

SITE_URL = "https://clemency.example"
PARTNER = "https://partner.example/about"
WITHDRAWN = "Wendy Withdrawnson"  # a fictional client whose consent was withdrawn
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def html(title: str, body: str, head: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        '<link rel="stylesheet" href="/theme/css/site.css">\n'
        f"{head}</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def jpeg(path: Path, **save) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (16, 12), (180, 90, 40)).save(path, **save)
    return path


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (47.0, 36.0, 12.0), 3: "W", 4: (122.0, 19.0, 48.0)}
    return exif


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A tiny built site with one of everything the checks look at, all of it correct."""
    out = tmp_path / "output"
    write(
        out / "index.html",
        html(
            "Home",
            (
                '<main id="main">\n'
                '<a href="#main">Skip</a> <a href="#top">Top</a>\n'
                '<a href="/about/">About</a> <a href="about/#team">Team</a>\n'
                f'<a href="{SITE_URL}/about/">About, absolute</a>\n'
                f'<a href="{PARTNER}">Partner</a>\n'
                '<a href="mailto:help@clemency.example">Email</a> <a href="tel:+12065550100">Call</a>\n'
                '<picture><source type="image/webp" sizes="16px" srcset="/media/photo-1a2b.webp '
                '16w, /media/photo-1a2b-2x.webp 32w">\n'
                '<img src="/media/photo-1a2b.jpg" srcset="media/photo-1a2b.jpg 16w" sizes="16px" '
                'alt="A client smiling" width="16" height="12"></picture>\n'
                '<script type="application/ld+json">{"@type": "Organization"}</script>\n'
                '<script src="/theme/js/menu.js"></script>\n'
                "</main>"
            ),
            head=(
                f'<meta property="og:image" content="{SITE_URL}/media/photo-1a2b.jpg">\n'
                '<link rel="alternate" type="application/atom+xml" title="Stories" '
                'href="/feeds/stories.atom.xml">\n'
                '<link rel="icon" href="/theme/img/icon.png">\n'
            ),
        ),
    )
    write(
        out / "about" / "index.html",
        html("About", ('<main>\n<h1>About</h1>\n<h2 id="team">Team</h2>\n<a href="../">Home</a>\n</main>')),
    )
    write(
        out / "theme" / "css" / "site.css",
        (
            "/* url(commented-out.png) is ignored */\n"
            'body { background: url("../img/icon.png"); }\n'
            ".x { background-image: url(data:image/png;base64,iVBORw0KGgo=); }\n"
        ),
    )
    write(out / "theme" / "js" / "menu.js", "document.documentElement.classList.add('js');\n")
    write(out / "feeds" / "stories.atom.xml", '<?xml version="1.0"?><feed></feed>\n')
    write(out / "robots.txt", "User-agent: *\nAllow: /\n")
    write(out / ".well-known" / "security.txt", "Contact: mailto:help@clemency.example\n")
    jpeg(out / "media" / "photo-1a2b.jpg", icc_profile=b"\0" * 128)
    for name in ("photo-1a2b.webp", "photo-1a2b-2x.webp"):
        jpeg(out / "media" / name, format="WEBP")
    (out / "theme" / "img").mkdir(parents=True)
    Image.new("RGBA", (4, 4)).save(out / "theme" / "img" / "icon.png")
    return out


def run(out: Path, **options) -> list:
    options = {
        "site_url": SITE_URL,
        "allowed_origins": [PARTNER],
        "forbidden": [WITHDRAWN],
        "validate_html": False,
        **options,
    }
    return check_output(out, **options)


def messages(problems) -> list[str]:
    return [p.format() for p in problems]


def test_a_clean_site_has_no_problems(site):
    assert messages(run(site)) == []


def test_a_missing_output_folder_says_to_build(tmp_path):
    [problem] = run(tmp_path / "nothing-here")
    assert "invoke build" in problem.message


def add_page(body: str, head: str = "", name: str = "stories/planted/index.html"):
    def plant(out: Path) -> Path:
        return write(out / name, html("Planted", body, head))

    return plant


def add_file(name: str, text: str = "x\n"):
    return lambda out: write(out / name, text)


def add_image(name: str, **save):
    return lambda out: jpeg(out / name, **save)


def png_with_text(out: Path) -> Path:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Somebody")
    path = out / "media" / "chart.png"
    Image.new("RGB", (4, 4)).save(path, pnginfo=info)
    return path


PLANTED: dict[str, tuple[Callable[[Path], Path], str]] = {
    # name: (plant it, words the problem must say)
    "jpeg_with_gps": (add_image("media/photo-gps.jpg", exif=gps_exif()), "GPS position"),
    "jpeg_with_comment": (add_image("media/photo-com.jpg", comment=b"IMG_2041"), "comment"),
    "webp_with_xmp": (add_image("media/photo-xmp.webp", format="WEBP", xmp=b"<x:xmpmeta/>"), "XMP"),
    "png_with_text": (png_with_text, "text (Author)"),
    "broken_link": (add_page('<a href="/stories/nobody/">Gone</a>'), "'/stories/nobody/' is broken"),
    "broken_image": (add_page('<img src="../missing.jpg" alt="">'), "'../missing.jpg' is broken"),
    "broken_srcset": (
        add_page(
            '<img src="/media/photo-1a2b.jpg" alt="" srcset="/media/photo-1a2b.jpg 1x, /media/nope.jpg 2x">'
        ),
        "'/media/nope.jpg' is broken",
    ),
    "missing_anchor": (add_page('<a href="/about/#board">Board</a>'), 'no element with id="board"'),
    "broken_css_url": (
        add_file("theme/css/extra.css", "a { background: url(gone.png) }\n"),
        "'gone.png' is broken",
    ),
    "external_script": (
        add_page('<script src="https://cdn.example/track.js"></script>'),
        "loads 'https://cdn.example/track.js' from https://cdn.example",
    ),
    "external_stylesheet": (
        add_page("", head='<link rel="stylesheet" href="https://fonts.example/css?family=Sans">\n'),
        "from https://fonts.example",
    ),
    "external_css_font": (
        add_file("theme/css/fonts.css", '@import "https://fonts.example/a.css";\n'),
        "from https://fonts.example",
    ),
    "external_iframe": (
        add_page('<iframe src="https://video.example/embed/1" title="v"></iframe>'),
        "from https://video.example",
    ),
    "external_share_image": (
        add_page("", head='<meta property="og:image" content="https://img.example/a.jpg">\n'),
        "Share images must be our own",
    ),
    "outbound_link_not_allowed": (
        add_page('<a href="https://tracker.example/x">x</a>'),
        "https://tracker.example, which is not an allowed",
    ),
    "javascript_link": (add_page('<a href="javascript:void(0)">x</a>'), "javascript:"),
    "stray_markdown": (add_file("stories/sophy/index.md", "---\ntitle: x\n---\n"), "source or backup file"),
    "stray_front_matter_yaml": (add_file("data/outcomes.yml"), "source or backup file"),
    "stray_python": (add_file("pelicanconf.py"), "source or backup file"),
    "original_photo": (add_file("stories/sophy/IMG_2041.HEIC"), "original photo"),
    "dotfile": (add_file(".DS_Store"), "hidden (dot) file"),
    "dot_folder": (add_file(".git/config"), "hidden (dot) file"),
    "cache_folder": (add_file("__pycache__/tasks.cpython-311.pyc"), "cache or draft"),
    "drafts_folder": (add_file("drafts/new-story.html", "<p>draft</p>"), "cache or draft"),
    "withdrawn_name_in_page": (add_page(f"<p>{WITHDRAWN} won her case.</p>"), "W*** W***"),
    "withdrawn_name_in_feed": (
        add_file("feeds/all.atom.xml", "<title>WENDY  withdrawnson</title>"),
        "W*** W***",
    ),
    "withdrawn_story_page": (
        add_page("<p>A story.</p>", name="stories/wendy-withdrawnson/index.html"),
        "W*** W***",
    ),
    "withdrawn_story_link": (add_page('<a href="/stories/wendy-withdrawnson/">x</a>'), "W*** W***"),
    "inline_script": (add_page("<script>alert(1)</script>"), "inline <script>"),
    "event_handler": (add_page('<button onclick="go()">Go</button>'), "onclick= attribute"),
    "inline_style": (add_page('<p style="color: red">x</p>'), "style= attribute"),
    "style_block": (add_page("", head="<style>p { color: red }</style>\n"), "<style> block"),
    "noindex_in_production": (
        add_page("", head='<meta name="robots" content="noindex, nofollow">\n'),
        "noindex",
    ),
    "preview_banner_in_production": (add_page('<div class="preview-banner">Preview</div>'), "preview-banner"),
}


@pytest.mark.parametrize("name", PLANTED)
def test_each_planted_problem_is_reported_naming_its_file(site, name):
    plant, words = PLANTED[name]
    planted = plant(site)
    problems = run(site)
    assert problems, f"{name}: nothing reported"
    named = [p for p in problems if Path(p.path) == planted]
    assert named, f"{name}: no problem names {planted}: {messages(problems)}"
    assert any(words in p.message for p in named), messages(named)


def test_the_withdrawn_name_is_not_repeated_in_the_report(site):
    add_page(f"<p>{WITHDRAWN}</p>")(site)
    problems = run(site)
    assert problems, "the planted withdrawn name was not reported"
    for problem in problems:
        assert "Withdrawnson" not in problem.format()


def test_names_match_without_accents_case_or_extra_spaces(site):
    add_page("<p>JOSE  Ruíz</p>")(site)
    assert run(site, forbidden=["José Ruiz"])
    assert not run(site, forbidden=["Jose Ruizz"])


def test_names_in_any_script_are_found_and_punctuation_alone_matches_nothing(site):
    assert not run(site, forbidden=["Сергей Иванов", " - ", ""])
    add_page("<p>Сергей  Иванов</p>")(site)
    assert run(site, forbidden=["Сергей Иванов"])


def test_a_short_name_does_not_match_inside_other_words(site):
    add_page("<p>Banana and Anabel</p>")(site)
    assert not run(site, forbidden=["Ana"])


def test_preview_pages_must_be_noindex_and_show_the_banner(site):
    problems = messages(run(site, production=False))
    assert any("index.html" in p and 'lacks <meta name="robots"' in p for p in problems)
    assert any("about/index.html" in p and "preview-banner" in p for p in problems)
    for page in (site / "index.html", site / "about" / "index.html"):
        text = (
            page.read_text()
            .replace("</head>", '<meta name="robots" content="noindex">\n</head>')
            .replace("<body>", '<body>\n<p class="preview-banner">Preview — not public</p>')
        )
        page.write_text(text)
    assert messages(run(site, production=False)) == []


def test_a_site_under_a_base_path_resolves_its_own_links(site):
    base = f"{SITE_URL}/repo"
    for page in (site / "index.html", site / "about" / "index.html"):
        text = re.sub(r'(?<=[" ])/(?!/)', "/repo/", page.read_text())  # root-relative URLs
        page.write_text(text.replace(f"{SITE_URL}/", f"{base}/"))
    assert messages(run(site, site_url=base)) == []
    planted = add_page('<a href="/about/">About</a>')(site)
    problems = run(site, site_url=base)
    assert any(
        Path(p.path) == planted and "'/about/' points outside the site" in p.message for p in problems
    ), messages(problems)


def test_the_site_check_names_metadata_with_the_pipelines_detector(tmp_path):
    assert find_metadata(jpeg(tmp_path / "clean.jpg")) == []
    assert find_metadata(jpeg(tmp_path / "icc.jpg", icc_profile=b"\0" * 128)) == []
    assert {"EXIF", "GPS position"} <= set(find_metadata(jpeg(tmp_path / "gps.jpg", exif=gps_exif())))


def test_an_unreadable_image_is_reported(site):
    broken = write(site / "media" / "broken.jpg", "not a jpeg")
    [problem] = run(site)
    assert Path(problem.path) == broken and "cannot be read" in problem.message


# The Nu HTML Checker needs Java and node_modules/vnu-jar (`npm ci`).
def _vnu_or_skip():
    if validity.find_java() and validity.find_jar():
        return
    reason = "Java or vnu.jar missing: apt-get install openjdk-17-jre-headless; npm ci"
    if IN_CI:
        pytest.fail(f"CI must validate HTML. {reason}")
    pytest.skip(reason)


@pytest.mark.slow
def test_the_html_checker_passes_valid_pages_and_names_invalid_ones(site):
    _vnu_or_skip()
    assert messages(run(site, validate_html=True)) == []
    bad = add_page("<p>unclosed <div></p></span>")(site)
    (site / "notes.txt").write_text("<p>not html, not checked</p>")
    problems = run(site, validate_html=True)
    assert problems and all(Path(p.path) == bad for p in problems), messages(problems)
    assert all(p.message.startswith("invalid HTML") and p.line for p in problems)


@pytest.mark.slow
def test_the_html_checker_keeps_its_classes_for_the_next_run_and_still_names_errors(site, tmp_path):
    _vnu_or_skip()
    bad = add_page("<p>unclosed <div></p></span>")(site)
    scratch = tmp_path / "scratch"
    first = validity.validate([bad], scratch=scratch)
    [archive] = scratch.glob("*.jsa")  # made by the first run, whole, under its final name
    assert validity.validate([bad], scratch=scratch) == first and first[bad]
    archive.write_text("not an archive")  # a damaged one is ignored, never a failed check
    assert validity.validate([bad], scratch=scratch) == first
    assert [p.name for p in scratch.iterdir()] == [archive.name]  # no temporary files left


def test_a_missing_html_checker_is_a_problem_that_says_how_to_install(site, monkeypatch):
    monkeypatch.setenv("VNU_JAR", str(site / "no-such.jar"))
    [problem] = run(site, validate_html=True)
    assert "vnu.jar was not found" in problem.message and "npm ci" in problem.message
    monkeypatch.setattr(validity, "find_java", lambda: None)
    [problem] = run(site, validate_html=True)
    assert "Java was not found" in problem.message and "apt-get install" in problem.message


# The security policy the inline and origin checks enforce (clemency.site.security).
def test_the_policy_allows_only_this_site_and_pagefind_wasm():
    policy = headers.content_security_policy()
    directives = dict(d.split(" ", 1) if " " in d else (d, "") for d in policy.split("; "))
    assert directives["default-src"] == directives["style-src"] == "'self'"
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "'unsafe-eval'" not in policy


def test_the_meta_policy_is_the_header_policy_without_header_only_directives():
    header, meta = headers.content_security_policy(), headers.content_security_policy(meta=True)
    assert "frame-ancestors" not in meta and "frame-ancestors 'none'" in header
    assert set(meta.split("; ")) < set(header.split("; "))
    tag = headers.csp_meta_tag()
    assert tag.startswith('<meta http-equiv="Content-Security-Policy" content="')
    assert html_module.unescape(tag.split('content="')[1].rstrip('">')) == meta


def test_the_headers_file_carries_the_policy_and_caches_hashed_media(site):
    path = headers.write_headers_file(site)
    text = path.read_text()
    assert path.name == "_headers" and text.startswith("/*\n")
    assert f"  Content-Security-Policy: {headers.content_security_policy()}\n" in text
    for line in (
        "Referrer-Policy: no-referrer",
        "X-Content-Type-Options: nosniff",
        "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()",
        "/media/*\n  Cache-Control: public, max-age=31536000, immutable",
    ):
        assert line in text
    assert messages(run(site)) == [], "_headers is a file the site is meant to ship"


def cache_control(headers_text: str, path: str) -> str | None:
    """The Cache-Control a host that reads `_headers` sends for `path` ("/a/*" is a prefix)."""
    found = None
    for block in headers_text.split("\n\n"):
        rule, *lines = block.strip().splitlines()
        matches = path.startswith(rule[:-1]) if rule.endswith("*") else path == rule
        for line in lines:
            name, _, value = line.strip().partition(": ")
            if matches and name == "Cache-Control":
                found = value
    return found


def test_hash_named_assets_are_cached_for_a_year_and_nothing_else_is():
    from clemency.plugins import assets, languages

    text = headers.headers_file()
    stylesheet = "/" + assets.DEFAULTS["ASSETS_CSS_SAVE_AS"].format(hash="4d03950ca0")
    card = f"/{languages.DEFAULTS['LANGUAGES_SOCIAL_CARDS_DIR']}/aec78664a5b6a7f7.jpg"
    for path in (stylesheet, card, "/media/photo-1a2b-656.avif"):
        assert cache_control(text, path) == "public, max-age=31536000, immutable", path
    # Addresses that keep their name when what they hold changes must be asked for again.
    for path in (
        "/",
        "/km/",
        "/stories/sophy/",
        "/feeds/stories.atom.xml",
        "/favicon.ico",
        "/theme/js/search.js",
        "/theme/css/base.css",
        "/pagefind/pagefind-entry.json",
        "/pagefind/pagefind-ui.js",
        "/share-card.png",
        "/site.webmanifest",
    ):
        assert cache_control(text, path) is None, path


def test_vendored_editor_and_search_code_is_not_searched_for_names(site):
    # A short first name can occur by chance in the word lists of third-party bundles.
    write(site / "admin" / "decap-cms.js", "var words = ['ana', 'wendy withdrawnson'];\n")
    write(site / "pagefind" / "pagefind-ui.js", "var t = 'Wendy Withdrawnson';\n")
    assert not [p for p in run(site) if "withheld" in p.message]
    add_page(f"<p>{WITHDRAWN}</p>")(site)
    assert [p for p in run(site) if "withheld" in p.message]


def test_headers_file_gives_the_editor_its_own_policy_without_combining():
    text = headers.headers_file(
        {"/admin/*": [("Content-Security-Policy", "default-src 'self'"), ("Cache-Control", "no-cache")]}
    )
    admin = text.split("\n/admin/*\n")[1]
    assert admin.splitlines() == [
        "  ! Content-Security-Policy",
        "  Content-Security-Policy: default-src 'self'",
        "  Cache-Control: no-cache",
    ]
    assert text.startswith("/*\n  Content-Security-Policy: default-src 'self'; script-src 'self'")


def test_the_same_relative_link_is_judged_from_each_page_that_writes_it(site):
    """A URL from the root is one target from any page; a relative one is not: the same
    'photo.jpg' is fine beside one page and broken beside another, even after the first."""
    jpeg(site / "stories" / "a" / "photo.jpg")
    for folder in ("a", "b"):
        write(site / "stories" / folder / "index.html", html(folder, '<img src="photo.jpg" alt="">'))
    found = messages(run(site))
    assert len(found) == 1 and "stories/b/index.html" in found[0] and "'photo.jpg' is broken" in found[0]
