"""Tolerate small typos: map an unknown search term to the closest indexed term."""

from __future__ import annotations

from collections.abc import Iterable

_MIN_LENGTH = 5
_LONG_WORD = 8


def closest_term(term: str, vocabulary: Iterable[str]) -> str | None:
    """The vocabulary term one edit away (two for long words), or None if none or a tie."""
    if len(term) < _MIN_LENGTH or term.isdigit():
        return None
    allowed = 2 if len(term) >= _LONG_WORD else 1
    best: str | None = None
    best_distance = allowed + 1
    tied = False
    for candidate in vocabulary:
        if abs(len(candidate) - len(term)) > allowed or candidate[0] != term[0]:
            continue
        distance = edit_distance(term, candidate, limit=allowed)
        if distance < best_distance:
            best, best_distance, tied = candidate, distance, False
        elif distance == best_distance:
            tied = True
    return None if tied or best is None else best


def edit_distance(first: str, second: str, *, limit: int) -> int:
    """Optimal-string-alignment distance (swaps of neighbours count once), capped at limit + 1."""
    previous_previous: list[int] = []
    previous = list(range(len(second) + 1))
    for i, left in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, right in enumerate(second, start=1):
            cost = 0 if left == right else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and left == second[j - 2] and first[i - 2] == right:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return min(previous[-1], limit + 1)
