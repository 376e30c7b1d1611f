"""One progress line for long work: done/total, rate and time left, at most every few seconds."""

from __future__ import annotations

import time
from collections.abc import Callable


def line(what: str, done: int, total: int, seconds: float) -> str:
    """'photos: 40/200 images made, 2.1/s, about 1 min 16 s left' (what: 'photos: images made')."""
    topic, _, unit = what.partition(": ")
    text = f"{topic}: {done}/{total} {unit}".rstrip()
    if done and seconds > 0:
        rate = done / seconds
        left = (total - done) / rate
        text += f", {rate:.1f}/s"
        if done < total:
            text += f", about {duration(left)} left"
    return text


def duration(seconds: float) -> str:
    seconds = max(1, round(seconds))
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def reporter(
    what: str, say: Callable[[str], None], every: float = 2.0, clock: Callable[[], float] = time.monotonic
) -> Callable[[int, int], None]:
    """A progress(done, total) callback that says a line every `every` seconds (and at the end
    of work long enough to have said one)."""
    started = clock()
    last = [started]

    def report(done: int, total: int) -> None:
        now = clock()
        if now - last[0] >= every or (done == total and last[0] != started):
            last[0] = now
            say(line(what, done, total, now - started))

    return report
