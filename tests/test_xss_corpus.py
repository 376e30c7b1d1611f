"""Story text cannot run code: the sanitiser removes every known XSS vector, and the site check
catches each one planted straight into a built page (tests/fixtures/xss_vectors.yml)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
import yaml

from clemency.content.sanitize import clean, render_markdown
from clemency.sitecheck import check_output
from conftest import ROOT

VECTORS = yaml.safe_load((Path(__file__).parent / "fixtures" / "xss_vectors.yml").read_text())
MARKDOWN = runpy.run_path(str(ROOT / "pelicanconf.py"))["MARKDOWN"]
SITE_URL = "https://clemency.example"
# Nothing of these may survive the sanitiser, in any case.
NEVER_KEPT = (
    "javascript",
    "vbscript",
    "data:",
    "srcdoc",
    "formaction",
    "xlink",
    "<script",
    "<iframe",
    "<svg",
    "<math",
    "<base",
    "<meta",
    "<object",
    "<embed",
    "<style",
    "<form",
    "<input",
    "<button",
    "<link",
    "style=",
    "target=",
    "onerror",
    "onload",
    "onclick",
    "ontoggle",
    "onfocus",
    "onstart",
    "<!--",
)


def page(body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>A story</title>\n</head>\n<body>\n<main>\n<h1>A story</h1>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )


def site_problems(tmp_path: Path, body: str) -> list[str]:
    out = tmp_path / "output"
    (out / "stories" / "mara").mkdir(parents=True, exist_ok=True)
    (out / "stories" / "mara" / "index.html").write_text(page(body), encoding="utf-8")
    return [p.message for p in check_output(out, site_url=SITE_URL, validate_html=False)]


def test_the_corpus_holds_at_least_thirty_distinct_vectors():
    assert len(VECTORS) >= 30
    assert len({v["text"] for v in VECTORS}) == len(VECTORS)


def test_a_page_with_ordinary_story_text_passes_the_site_check(tmp_path):
    text = (
        "## Home again\n\nMara's *story*, told with [her consent](./) and "
        "[a partner](mailto:help@clemency.example).[^1]\n\n> A quote.\n\n"
        "[^1]: A footnote.\n"
    )
    safe = clean(render_markdown(text, MARKDOWN))
    assert safe.removals == ()
    assert site_problems(tmp_path, safe.html) == []


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_sanitiser_removes_the_vector_and_says_so(tmp_path, vector):
    safe = clean(render_markdown(vector["text"], MARKDOWN))
    kept = safe.html.lower()
    assert [word for word in NEVER_KEPT if word in kept] == [], safe.html
    assert safe.removals, "staff must be told their text changed"
    assert site_problems(tmp_path, safe.html) == []


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_the_site_check_catches_the_vector_planted_in_a_built_page(tmp_path, vector):
    unsafe = render_markdown(vector["text"], MARKDOWN)  # what the page would get unsanitised
    problems = site_problems(tmp_path, unsafe)
    assert problems, f"not caught: {unsafe}"
    assert any("is broken" not in p for p in problems), problems
