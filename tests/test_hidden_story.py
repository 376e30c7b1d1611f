"""`status: hidden`: at its address for whoever has the link; listed, fed and found nowhere."""

from __future__ import annotations

import gzip

import pytest

from clemency.sitecheck import check_output
from conftest import add_story, build, copy_project, site_text

HIDDEN_TITLE = "A quiet story for those with the link"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("project"))
    add_story(project, "valid_story")
    index = add_story(project, "pseudonym", slug="lina")
    index.write_text(
        index.read_text()
        .replace("title: A changed name", f"title: {HIDDEN_TITLE}")
        .replace("outcome:", "status: hidden\noutcome:")
    )
    (index.parent / "index.km.md").write_text(
        f"---\ntitle: {HIDDEN_TITLE} (km)\nsummary: Khmer summary.\n---\nKhmer text.\n"
    )
    return build(project, SEARCH_PAGEFIND=True)


@pytest.mark.parametrize("path", ["stories/lina/index.html", "km/stories/lina/index.html"])
def test_a_hidden_story_is_published_at_its_address_with_noindex(site, path):
    page = (site / path).read_text()
    assert HIDDEN_TITLE in page
    assert '<meta name="robots" content="noindex">' in page
    assert "data-pagefind-body" not in page


def test_a_hidden_story_is_listed_nowhere(site):
    own = {"stories/lina/index.html", "km/stories/lina/index.html"}  # linked to each other
    listed = [
        path
        for path, text in site_text(site).items()
        if path not in own and ("stories/lina/" in text or HIDDEN_TITLE in text)
    ]
    assert listed == []
    assert "Mara kept her family together" in (site / "stories" / "index.html").read_text()
    assert "stories/valid-story/" in (site / "sitemap.xml").read_text()


def test_a_hidden_story_is_not_in_the_search_index(site):
    fragments = list((site / "pagefind" / "fragment").iterdir())
    texts = [gzip.decompress(f.read_bytes()).decode("utf-8", "ignore") for f in fragments]
    assert any("Mara kept her family together" in t for t in texts)  # the index works
    assert not any(HIDDEN_TITLE in t or "stories/lina/" in t for t in texts)


def test_the_site_check_accepts_noindex_only_where_the_sitemap_agrees(site):
    problems = check_output(site, forbidden=[], production=True, validate_html=False)
    assert not [p for p in problems if "noindex" in p.message]
    listed = site / "stories" / "valid-story" / "index.html"
    listed.write_text(
        listed.read_text().replace("</head>", '<meta name="robots" content="noindex">\n</head>')
    )
    problems = check_output(site, forbidden=[], production=True, validate_html=False)
    assert [p.path for p in problems if "noindex" in p.message] == [listed]


def test_consent_rules_apply_to_hidden_stories_unchanged(project):
    from clemency.content import catalog, vocab
    from conftest import ROOT, TODAY

    index = add_story(project, "consent_withdrawn")
    index.write_text(index.read_text().replace("outcome:", "status: hidden\noutcome:"))
    cat = catalog.load(project / "stories", vocab.load(ROOT / "content" / "data")[0], TODAY)
    assert not cat.published and cat.is_unpublished(index)
