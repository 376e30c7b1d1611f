"""Every typing mistake in front matter is explained in one plain sentence, at the real line."""

from __future__ import annotations

import pytest

from clemency.content import catalog, frontmatter, vocab
from conftest import ROOT, TODAY, add_story

VOCAB, _ = vocab.load(ROOT / "content" / "data")

CONSENT = "consent:\n  name: first\n  photo: true\n  given: 2026-01-01\n  review: 2027-01-01\n"


def error(front: str) -> tuple[int | None, str]:
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse(f"---\n{front}---\nThe story.\n")
    return caught.value.line, caught.value.message


def test_a_tab_names_the_line_and_says_use_spaces():
    assert error("title: Home again\nconsent:\n  name: first\n\tphoto: true\n") == (
        5,
        ("line 5 starts with a Tab; use spaces.\n    before: [Tab]photo: true\n    after:    photo: true"),
    )


def test_a_line_that_lost_its_spaces_is_named_with_its_group_not_the_line_the_parser_stopped_at():
    front = "title: Home\nconsent:\n  name: first\n  photo: true\ngiven: 2026-01-01\n  review: 2027-01-01\n"
    assert error(front) == (
        6,
        (
            "line 6: `given:` belongs under `consent:`; indent it by two spaces like the lines above.\n"
            "    before: given: 2026-01-01\n"
            "    after:    given: 2026-01-01"
        ),
    )


def test_a_last_line_that_lost_its_spaces_reads_fine_and_the_check_says_where_it_belongs(project):
    index = add_story(project, "valid_story", "mara")
    index.write_text(index.read_text().replace("  review: 2027-01-01", "review: 2027-01-01"))
    cat = catalog.load(project / "stories", VOCAB, TODAY)
    assert [p.format(project) for p in cat.problems] == [
        "stories/m***/index.md:17: review: `review:` belongs under `consent:`; indent it by two "
        "spaces like the lines above.\n    before: review: 2027-01-01\n"
        "    after:    review: 2027-01-01"
    ]


def test_extra_spaces_before_a_field_outside_any_group():
    assert error("title: Home\ndate: 2026-01-10\n  summary: Back with her children.\n") == (
        4,
        (
            "line 4 starts with spaces, but `summary:` is not part of a group; remove the spaces at "
            "the start of the line.\n"
            "    before:   summary: Back with her children.\n"
            "    after:  summary: Back with her children."
        ),
    )


def test_a_field_that_does_not_line_up_inside_its_group():
    assert error("consent:\n  name: first\n   photo: true\n") == (
        4,
        (
            "line 4: `photo:` does not line up with `name:` above it in `consent:`; start it with two "
            "spaces like that line.\n"
            "    before:    photo: true\n"
            "    after:    photo: true"
        ),
    )


def test_an_attorney_firm_that_does_not_line_up_with_the_name():
    front = (
        "attorney:\n  - name: Ada Counsel\n    firm: Counsel LLP\n"
        "  - name: Ben Advocate\n   firm: Advocates\n"
    )
    assert error(front) == (
        6,
        (
            "line 6: `firm:` does not line up with `name:` above it in `attorney:`; start it with four "
            "spaces like that line.\n"
            "    before:    firm: Advocates\n"
            "    after:      firm: Advocates"
        ),
    )


def test_an_apostrophe_inside_single_quotes():
    assert error("title: 'Test Client's fight'\n") == (
        2,
        (
            "line 2: the text after `title:` is in single quotes and contains an apostrophe, which "
            "ends the quotes early; use double quotes around text that contains an apostrophe.\n"
            "    before: title: 'Test Client's fight'\n"
            '    after:  title: "Test Client\'s fight"'
        ),
    )


def test_a_colon_in_unquoted_text():
    assert error("title: Home\nsummary: Good news: she stays\n") == (
        3,
        (
            "line 3: the text after `summary:` contains a colon (:), which is read as the start of "
            "another field; put the whole text in double quotes.\n"
            "    before: summary: Good news: she stays\n"
            '    after:  summary: "Good news: she stays"'
        ),
    )


def test_a_hash_in_unquoted_text_is_a_notice_because_the_rest_of_the_line_is_lost():
    doc = frontmatter.parse("---\ntitle: Family #1 again\n---\nThe story.\n")
    assert doc.meta["title"] == "Family"
    assert doc.notices == [
        (
            2,
            (
                "line 2: everything from the # on is read as a note for you and is not published; if the "
                "# belongs to the text, put the whole text in double quotes.\n"
                "    before: title: Family #1 again\n"
                '    after:  title: "Family #1 again"'
            ),
        )
    ]


def test_a_quote_that_is_never_closed():
    assert error('title: "Home again\ndate: 2026-01-10\n') == (
        2,
        (
            'line 2: the text after `title:` opens with a double quote (") but never closes it; end '
            "the text with the same quote.\n"
            '    before: title: "Home again\n'
            '    after:  title: "Home again"'
        ),
    )


def test_a_list_that_is_never_closed():
    assert error("partners: [nwirp, khaag\ntitle: Home\n") == (
        2,
        (
            "line 2: the list after `partners:` opens with [ but never closes; end it with ].\n"
            "    before: partners: [nwirp, khaag\n"
            "    after:  partners: [nwirp, khaag]"
        ),
    )


def test_a_missing_first_line():
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse("title: Home\ndate: 2026-01-10\n---\nThe story.\n")
    assert (caught.value.line, caught.value.message) == (
        1,
        (
            "line 1 must be a line with only ---: the fields (title:, date:, ...) start after it, and "
            "another --- line ends them, before the story.\n"
            "    before: title: Home\n"
            "    after:  ---\n"
            "            title: Home"
        ),
    )


def test_a_missing_closing_line_names_the_first_line_of_the_story():
    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse("---\ntitle: Home\ndate: 2026-01-10\n\nMara's story, told with her consent.\n")
    assert (caught.value.line, caught.value.message) == (
        5,
        (
            "line 5 looks like the story's text, but the fields above it are not closed; add a line "
            "with only --- before the story.\n"
            "    before: Mara's story, told with her consent.\n"
            "    after:  ---\n"
            "            Mara's story, told with her consent."
        ),
    )


def test_a_missing_closing_line_before_a_later_rule_in_the_story():
    # A --- further down (a horizontal rule) makes the story's first paragraph part of the fields.
    assert error("title: Home\n\nMara's story, told with consent: hers.\n\nMore.\n") == (
        4,
        (
            "line 4 looks like the story's text, but the fields above it are not closed; add a line "
            "with only --- before the story.\n"
            "    before: Mara's story, told with consent: hers.\n"
            "    after:  ---\n"
            "            Mara's story, told with consent: hers."
        ),
    )


def test_a_date_that_does_not_exist_names_its_line():
    assert error("title: Home\ndate: 2026-13-45\n") == (
        3,
        (
            "line 3: 2026-13-45 is not a real date (month must be in 1..12). Dates are written "
            "YYYY-MM-DD, e.g. 2026-03-01."
        ),
    )


def test_a_duplicate_key_names_both_lines():
    assert error("consent:\n  withdrawn: true\n  name: first\n  withdrawn: false\n") == (
        5,
        (
            "`consent.withdrawn:` is written twice, on line 3 and line 5; only one can count. Keep "
            "the one that is right and delete the other."
        ),
    )


def test_a_duplicate_key_in_a_list_item_names_the_item():
    front = "attorney:\n  - name: Ada Counsel\n    firm: A\n    name: Ben Advocate\n"
    assert error(front)[1].startswith("`attorney[0].name:` is written twice, on line 3 and line 5")


def test_a_withdrawal_undone_by_a_duplicate_key_never_publishes_the_story(project):
    add_story(project, "duplicate_withdrawn")
    cat = catalog.load(project / "stories", VOCAB, TODAY)
    assert cat.published == {}
    assert [p.format(project) for p in cat.problems] == [
        "stories/duplicate-withdrawn/index.md:13: `consent.withdrawn:` is written twice, on line 8 "
        "and line 13; only one can count. Keep the one that is right and delete the other."
    ]


def test_an_alias_bomb_is_refused_before_it_grows():
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    assert error("\n".join(levels) + "\n") == (
        2,
        (
            "line 2 uses & or * (a YAML anchor or alias), which stories do not need; write the value "
            "out in full instead. If & or * belongs to the text, put the whole text in double quotes."
        ),
    )


def test_a_tag_is_refused():
    assert error("title: !!python/object:os.system x\n") == (
        2,
        (
            "line 2 uses ! (a YAML tag), which stories do not need; remove it. If ! belongs to the "
            "text, put the whole text in double quotes."
        ),
    )


def test_a_merge_key_is_refused():
    assert error("consent:\n  <<: {name: full}\n")[1].startswith("line 3 uses << (a YAML merge)")


def test_nesting_and_size_are_bounded():
    assert error("tags: [[[[[deep]]]]]\n") == (
        2,
        (
            "line 2 is nested 5 groups deep; a story's fields are at most 4 deep. Check the spaces at "
            "the start of the lines around it."
        ),
    )
    line, message = error(f'summary: "{"x" * 30_000}"\n')
    assert (line, message.split(";")[0]) == (2, "the fields above the closing --- hold 30,011 characters")


def test_a_quoted_iso_date_is_a_date(project):
    index = add_story(project, "valid_story", "mara")
    index.write_text(index.read_text().replace("review: 2027-01-01", "review: '2027-01-01'"))
    cat = catalog.load(project / "stories", VOCAB, TODAY)
    assert cat.problems == []
    (story,) = cat.published.values()
    assert str(story.consent.review) == "2027-01-01"
