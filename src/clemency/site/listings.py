"""How stories relate: featured on the home page, related to each other, grouped by partner."""

from __future__ import annotations

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


def related(story: Story, others: Iterable[Story], count: int) -> list[Story]:
    """Up to `count` other stories: shared partners count twice, the same outcome once."""
    partners = {p.key for p in story.partners}

    def score(other: Story) -> int:
        shared = len(partners & {p.key for p in other.partners})
        return 2 * shared + (other.outcome.key == story.outcome.key)

    candidates = [o for o in _newest_first(others) if o.slug != story.slug]
    return sorted(candidates, key=score, reverse=True)[:count]  # stable: newest first on ties


def by_partner(stories: Iterable[Story], partner_keys: Iterable[str]) -> dict[str, list[Story]]:
    """Partner key -> its stories, newest first, in vocabulary order; partners with none left out."""
    ordered = _newest_first(stories)
    groups = {key: [s for s in ordered if key in {p.key for p in s.partners}] for key in partner_keys}
    return {key: group for key, group in groups.items() if group}
