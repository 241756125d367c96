"""More shortcuts taken for speed, each checked against the plain computation it replaces
(see also ``test_speed_regressions.py``)."""

from __future__ import annotations

import random

import pytest

from checker.detect.fluency import Repetition, _same_lemma


def _plain_candidates(low: list[str], max_phrase: int, min_loop: int) -> set[int]:
    """The first written form of ``Repetition._candidates``: a word-by-word chained search."""
    n = len(low)
    out: set[int] = set()
    if n < 2:
        return out
    for k in range(1, n - 1):
        if low[k] == "of" and any(
            _same_lemma(low[j], low[k - 1]) for j in range(k + 1, min(k + 4, n))
        ):
            out.add(k - 1)
    last: dict[str, int] = {}
    prev = [-1] * n
    for i, w in enumerate(low):
        j = last.get(w, -1)
        last[w] = i
        if j < 0:
            continue
        prev[i] = j
        while j >= 0 and i - j <= max_phrase:
            if min_loop < 2 or low[j:i] == low[i : i + i - j]:
                out.add(j)
            j = prev[j]
    return out


@pytest.mark.parametrize("max_phrase", [1, 2, 3, 6, 8])
@pytest.mark.parametrize("min_loop", [1, 2, 3])
def test_repetition_candidates_match_the_chained_search(max_phrase: int, min_loop: int) -> None:
    rng = random.Random(max_phrase * 10 + min_loop)
    vocabulary = ["the", "of", "a", "secret", "secrets", "boxes", "box", "ab", "abs", "x"]
    rule = Repetition()
    rule.max_phrase = max_phrase
    rule.min_loop = min_loop
    for _ in range(3000):
        size = rng.randint(0, 30)
        low = [rng.choice(vocabulary[: rng.randint(2, len(vocabulary))]) for _ in range(size)]
        assert rule._candidates(low) == _plain_candidates(low, max_phrase, min_loop), low
