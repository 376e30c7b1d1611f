"""The theme's templates as source: every visible string translatable, parts documented."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

TEMPLATES = ROOT / "theme" / "templates"
TRANS_BLOCK = re.compile(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", re.S)
JINJA = re.compile(r"{#.*?#}|{{.*?}}|{%.*?%}", re.S)
TRANSLATABLE_ATTRIBUTES = re.compile(r'\b(aria-label|alt|title|placeholder)="([^"]*)"')
# What may stand in a template outside gettext: punctuation and symbols, no words.
NOT_WORDS = re.compile(r"^[\s·—→/|(),.:;&#;a-z0-9]*$")


def template_files():
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".html", ".svg"))


@pytest.mark.parametrize("path", template_files(), ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_every_visible_string_goes_through_gettext(path):
    source = JINJA.sub("", TRANS_BLOCK.sub("", path.read_text(encoding="utf-8")))
    for name, value in TRANSLATABLE_ATTRIBUTES.findall(source):
        assert not value.strip(), f'{name}="{value}" is not wrapped in _()'
    text = re.sub(r"<[^>]*>", " ", source)
    text = re.sub(r"&[a-z]+;", " ", text)
    for line in text.splitlines():
        assert NOT_WORDS.match(line) or not re.search(r"[A-Za-z]{2,}", line), (
            f'untranslated text {line.strip()!r}: wrap it in {{{{ _("...") }}}}'
        )


@pytest.mark.parametrize("path", sorted((TEMPLATES / "macros").glob("*.html")), ids=lambda p: p.name)
def test_macros_document_their_parameters(path):
    source = path.read_text(encoding="utf-8")
    assert source.startswith("{#"), "a macro file starts with a comment listing its parameters"
    for name, params in re.findall(r"{%-? macro (\w+)\(([^)]*)\)", source):
        doc = source[: source.index("#}")]
        assert name in doc, f"{name} is not described in the file's opening comment"
        for param in (p.split("=")[0].strip() for p in params.split(",") if p.strip()):
            assert param in doc, f"{name}({param}) is not described"


def test_the_context_contract_is_written_down():
    readme = (ROOT / "theme" / "README.md").read_text(encoding="utf-8")
    for name in (
        "article.story",
        "article.pictures",
        "article.related",
        "FEATURED_ARTICLES",
        "LISTINGS",
        "VOCABULARIES",
        "CSS_URL",
        "CSP_META",
        "CTAS",
        "absolute_url",
        "share_links",
        "social_image",
        "story_jsonld",
        "page_url",
        "href",
        "header_cta()",
        "help_url()",
        "listing(vocabulary, entry)",
    ):
        assert name in readme, name


# A loop that keeps one item ("for cta in CTAS if cta.key == ...") is a lookup: Python's job.
LOOKUP = re.compile(r"{%-?\s*for\s+\w+\s+in\s+[^%]*\bif\b[^%]*==", re.S)


@pytest.mark.parametrize("path", template_files(), ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_templates_print_what_python_decides_and_never_search_for_it(path):
    source = path.read_text(encoding="utf-8")
    found = LOOKUP.findall(source)
    assert not found, f"{found[0]!r}: compute it in src/clemency/site/ and pass it in (theme/README.md)"
