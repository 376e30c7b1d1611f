"""How stories relate: featured on the home page, related to each other, grouped by the entries
of a vocabulary (an outcome's stories, a partner's)."""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable

from ..content.models import Story


def _newest_first(stories: Iterable[Story]) -> list[Story]:
    return sorted(stories, key=lambda s: (s.date, s.slug), reverse=True)


def featured(stories: Iterable[Story], count: int) -> list[Story]:
    """Featured stories, newest first, topped up with the newest others to `count`."""
    ordered = _newest_first(stories)
    chosen = [s for s in ordered if s.featured]
    chosen += [s for s in ordered if not s.featured]
    return chosen[:count]


# How much sharing an entry of each vocabulary makes two stories alike (LISTINGS_RELATED_WEIGHTS).
RELATED_WEIGHTS = {"partners": 2, "outcomes": 1}


def related(story: Story, others: Iterable[Story], count: int, weights: dict | None = None) -> list[Story]:
    """Up to `count` other stories: by default shared partners count twice, the same outcome once."""
    return Relations(others, weights).related(story, count)


class Relations:
    """related() for every story of a site at once: each story is scored only against the
    stories that share an entry of a weighted vocabulary with it, not against the whole site.

    Among equally alike stories, each page draws its own (those whose address hashes nearest
    its own, as XOR measures), not the newest: the newest won every tie, so every story of an
    outcome showed the same three, and each new story entered most related lists, re-rendering
    their pages (140 of 980 pages in the benchmark; 3 this way, on average)."""

    def __init__(self, stories: Iterable[Story], weights: dict[str, int] | None = None) -> None:
        self.weights = RELATED_WEIGHTS if weights is None else weights
        self.ordered = _newest_first(stories)  # when too few are alike: the newest
        self.draws = {s.slug: _draw(s.slug) for s in self.ordered}
        self.sharing: dict[tuple[str, str], list[Story]] = {}  # (vocabulary, key) -> its stories
        for s in self.ordered:
            for term in self._terms(s):
                self.sharing.setdefault(term, []).append(s)

    def _terms(self, story: Story) -> set[tuple[str, str]]:
        return {(name, e.key) for name in self.weights for e in story.terms.get(name, ())}

    def related(self, story: Story, count: int) -> list[Story]:
        scores: dict[str, int] = {}
        found: dict[str, Story] = {}
        for term in self._terms(story):
            for other in self.sharing.get(term, ()):
                scores[other.slug] = scores.get(other.slug, 0) + self.weights[term[0]]
                found[other.slug] = other
        scores.pop(story.slug, None)
        mine = _draw(story.slug)
        best = heapq.nsmallest(count, scores, key=lambda slug: (-scores[slug], self.draws[slug] ^ mine))
        picks = [found[slug] for slug in best]
        for other in self.ordered:  # too few alike: the newest others
            if len(picks) >= count:
                break
            if other.slug != story.slug and other.slug not in scores:
                picks.append(other)
        return picks


def _draw(slug: str) -> int:
    """A story's place in the draws (a hash of its address: the same in every build)."""
    return int.from_bytes(hashlib.blake2b(slug.encode(), digest_size=8).digest(), "big")


def by_term(stories: Iterable[Story], vocabulary: str, keys: Iterable[str]) -> dict[str, list[Story]]:
    """Entry key -> the stories that chose it, newest first, in vocabulary order; entries
    without stories left out."""
    groups: dict[str, list[Story]] = {key: [] for key in keys}
    for story in _newest_first(stories):
        for entry in story.terms.get(vocabulary, ()):
            if entry.key in groups:
                groups[entry.key].append(story)
    return {key: group for key, group in groups.items() if group}


def listing_of(listings: dict[str, list[dict]], vocabulary: str, key: str) -> dict | None:
    """The listing page (of LISTINGS) of entry `key` of `vocabulary`, if it has one."""
    return next((item for item in listings.get(vocabulary, ()) if item["entry"].key == key), None)
