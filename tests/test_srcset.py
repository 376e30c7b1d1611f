"""A srcset's URLs, as the site check reads them to find broken and foreign images."""

import random

from clemency.sitecheck.urls import _parse_srcset_by_hand, parse_srcset


def test_the_urls_of_a_theme_srcset():
    value = "/media/a-1840.jpg 1840w, /media/a-920.jpg 920w,/media/b.jpg,, /media/c,d.jpg 2x"
    assert parse_srcset(value) == ["/media/a-1840.jpg", "/media/a-920.jpg", "/media/b.jpg", "/media/c,d.jpg"]


def test_a_descriptor_with_commas_in_parentheses_is_one_candidate():
    assert parse_srcset("/a.jpg f(1, 2), /b.jpg 2x") == ["/a.jpg", "/b.jpg"]


def test_the_quick_read_finds_every_url_the_spec_walk_finds():
    """Generated values, with the spaces and commas that make the spec's parse branch: the
    pattern read (in C) must give the same URLs as the character walk, or a broken or foreign
    image would pass the check unseen."""
    rng = random.Random(11)
    spaces = [" ", "\t", "\n", "\x0c", "\x1c", "\u2003", "\xa0"]
    pieces = ["/a.jpg", "b", ",", ",,", "1x", "2w", "é", "\x00", *spaces]
    for _ in range(20_000):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert parse_srcset(value) == _parse_srcset_by_hand(value), repr(value)
