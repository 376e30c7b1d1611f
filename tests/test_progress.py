"""The progress line of long work: done/total, rate, time left; never more than one every few s."""

from __future__ import annotations

from clemency.progress import line, reporter


def test_the_line_says_done_total_rate_and_time_left():
    assert line("photos: images made", 40, 200, 20.0) == (
        "photos: 40/200 images made, 2.0/s, about 1 min 20 s left"
    )
    assert line("photos: images made", 200, 200, 100.0) == "photos: 200/200 images made, 2.0/s"
    assert line("photos: images made", 0, 200, 0.0) == "photos: 0/200 images made"


def test_lines_come_at_most_every_interval_and_once_at_the_end():
    now = [0.0]
    said: list[str] = []
    report = reporter("photos: images made", said.append, every=2.0, clock=lambda: now[0])
    for done in range(1, 11):
        now[0] = done * 0.5
        report(done, 10)
    assert said == [
        "photos: 4/10 images made, 2.0/s, about 3 s left",
        "photos: 8/10 images made, 2.0/s, about 1 s left",
        "photos: 10/10 images made, 2.0/s",
    ]


def test_short_work_says_nothing():
    said: list[str] = []
    report = reporter("photos: images made", said.append, every=2.0, clock=lambda: 0.1)
    report(1, 1)
    assert said == []
