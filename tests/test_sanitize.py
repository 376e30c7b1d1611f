"""Story and page text: the allowlist keeps what the theme's Markdown writes and says what it
removed, with the file and line, so staff know their text changed."""

from __future__ import annotations

import runpy
from html import unescape
from pathlib import Path

from clemency.content.sanitize import clean, render_markdown, text_changes
from conftest import ROOT

MARKDOWN = runpy.run_path(str(ROOT / "pelicanconf.py"))["MARKDOWN"]


def html(text: str, **options) -> str:
    return clean(render_markdown(text, MARKDOWN), **options).html


def test_the_markdown_staff_write_comes_through_unchanged():
    text = (
        "# A\n\n## B\n\n*em* **strong** `code` [web](https://example.org) [mail](mailto:a@b.c) "
        "[here](../about/)\n\n- one\n- two\n\n1. first\n\n> quote\n\n| a | b |\n|---|---|\n"
        "| 1 | 2 |\n\nTerm\n:   Definition\n\nThe NIRP helps.[^n]\n\n*[NIRP]: Northwest Immigrant "
        "Rights Project\n\n<figure><figcaption>A caption</figcaption></figure>\n\n"
        "[^n]: A note.\n"
    )
    rendered = render_markdown(text, MARKDOWN)
    cleaned = clean(rendered)
    assert unescape(cleaned.html) == unescape(rendered)  # only entities are spelt differently
    assert cleaned.removals == ()
    assert '<sup id="fnref:n"><a class="footnote-ref" href="#fn:n">' in cleaned.html
    assert '<abbr title="Northwest Immigrant Rights Project">NIRP</abbr>' in cleaned.html


def test_comments_ids_classes_and_targets_are_removed():
    assert html("## Donate {#donate}") == '<h2 id="donate">Donate</h2>'
    out = html(
        '<!-- private note -->\n\n<p id="main" class="hero">x <a href="/a/" target="_top" '
        'class="footnote-ref">y</a></p>'
    )
    assert out.strip() == '<p>x <a href="/a/" class="footnote-ref">y</a></p>'


def test_images_stay_only_when_they_are_the_storys_own_processed_photos():
    text = "![Mara](/media/1a2b-656.jpg)\n\n![Other](https://elsewhere.example/x.jpg)"
    assert "<img" not in html(text)
    kept = html(text, images={"/media/1a2b-656.jpg"})
    assert '<img alt="Mara" src="/media/1a2b-656.jpg">' in kept
    assert "elsewhere" not in kept


def test_each_removal_is_a_notice_naming_the_file_and_line():
    body = 'First paragraph.\n\n<iframe srcdoc="<script>x()</script>"></iframe>\n\n<!-- hi -->\n'
    notices = text_changes(Path("stories/mara/index.md"), body, 20, MARKDOWN)
    # The <!-- note --> is the staff's own: dropped before Markdown, so nothing to warn about.
    assert [(n.level, n.field, n.line) for n in notices] == [("notice", "body", 22)]
    assert (
        notices[0]
        .format()
        .startswith("stories/mara/index.md:22: body: the text was changed for safety: <iframe> was removed.")
    )
    assert "hi" not in clean(render_markdown(body, MARKDOWN)).html


def test_a_javascript_link_in_markdown_is_named_with_its_address():
    (notice,) = text_changes(Path("x.md"), "Hi.\n\n[click](javascript:alert(1))\n", 5, MARKDOWN)
    assert notice.line == 7
    assert "href= 'javascript:alert(1)' on <a> was removed" in notice.message
