"""The quick search for withheld names finds exactly what the whole-word pattern finds.

The site check reads every file of the site for these names; a quicker search that missed one
would publish a name consent withholds. Both are compared on generated text: letters of several
scripts, marks, digits, underscores, hyphens, apostrophes and every kind of space.
"""

import random
import re

from clemency.content.names import _one_space, finder, fold, pattern

WORDS = ["ann", "ann lee", "lee", "nguyễn văn", "søren", "ly", "an-na", "សុភី"]


def test_a_name_inside_a_longer_word_is_not_found_and_the_next_one_is():
    find = finder(["ann"])
    assert list(find(fold("joann, ann's friend; anna; _ann; ann2; ann"))) == ["ann", "ann", "ann"]


def test_the_quick_search_finds_what_the_pattern_finds_in_generated_text():
    rng = random.Random(5)
    spaces = [" ", "\n", "\t", "\xa0", "\u3000"]
    pieces = [*WORDS, "a", "n", "e", "jo", "_", "-", "'", "2", "ễ", "\u0301", "ុ", *spaces]
    whole, quick = pattern(WORDS), finder(WORDS)
    for _ in range(20_000):
        text = fold("".join(rng.choice(pieces) for _ in range(rng.randint(0, 10))))
        assert list(quick(text)) == [m.group() for m in whole.finditer(text)], repr(text)


def test_each_run_of_spaces_is_one_space_as_the_search_expects():
    """fold's spaces, read in C: the same as a regex's, whitespace of every kind, at either end."""
    rng = random.Random(9)
    spaces = [" ", "  ", "\n", "\t", "\r\n", "\xa0", "\u2003", "\x1c", "\x0b", "\x85"]
    pieces = ["a", "é", "ស", "\u200b", *spaces]  # a zero-width space is no space
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert _one_space(text) == re.sub(r"\s+", " ", text), repr(text)
    assert fold("  José\n\t Ruíz ") == " jose ruiz "
