"""Monolingual alignment: MT output sentences against reference sentences, same language.

Across languages only length and anchors are cheap evidence; within one language the text
itself is. Each bead is scored by the Dice overlap of character trigram sets (lower-cased, no
whitespace), which is robust to the small wording differences between a translation and a
reference. A dynamic programme over 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1 beads, in a band around the
diagonal that widens when the path touches its edge, picks the cheapest monotone path; every
sentence of both sides lands in exactly one bead.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.model import Bead

#: Cost of leaving one sentence out (a 1-0 or 0-1 bead), in units of (1 - Dice).
SKIP_COST = 0.75
#: Extra cost of a bead that joins two sentences on one side, so 1-1 wins ties.
MERGE_COST = 0.08
#: Initial half-width of the band around the diagonal, in sentences.
MIN_BAND = 20
#: Bead types (hypothesis sentences, reference sentences).
BEADS = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))
N = 3


def trigrams(text: str) -> frozenset[str]:
    """Character trigrams of ``text`` without whitespace, lower-cased.

    >>> sorted(trigrams("Ab c"))
    ['abc']
    """
    s = "".join(text.lower().split())
    if len(s) < N:
        return frozenset({s}) if s else frozenset()
    return frozenset(s[i : i + N] for i in range(len(s) - N + 1))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return 2 * len(a & b) / (len(a) + len(b))


def align_reference(hypothesis: Sequence[str], reference: Sequence[str]) -> list[Bead]:
    """Align hypothesis (MT) sentences with reference sentences of the same language.

    ``Bead.source`` holds hypothesis ids and ``Bead.target`` reference ids.

    >>> hyp = ["The city opened a line.", "It runs fast.", "Tickets are cheap."]
    >>> ref = ["The city opened a new line. It runs very fast.", "Tickets are cheap."]
    >>> [b.kind for b in align_reference(hyp, ref)]
    ['2-1', '1-1']
    """
    n, m = len(hypothesis), len(reference)
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]
    hs = _with_pairs([trigrams(t) for t in hypothesis])
    rs = _with_pairs([trigrams(t) for t in reference])
    band = MIN_BAND
    while True:
        beads, touched = _banded(hs, rs, band)
        if not touched or band >= max(n, m):
            return beads
        band *= 2


Grams = tuple[list[frozenset[str]], list[frozenset[str]]]


def _with_pairs(grams: list[frozenset[str]]) -> Grams:
    """Each sentence's trigrams, and those of each sentence joined with the next (for merges)."""
    return grams, [a | b for a, b in zip(grams, grams[1:], strict=False)]


def _banded(hs: Grams, rs: Grams, band: int) -> tuple[list[Bead], bool]:
    """One banded pass: the beads, and whether the path came near the band's edge."""
    n, m = len(hs[0]), len(rs[0])
    inf = float("inf")
    lo = [max(0, int(i * m / n) - band) for i in range(n + 1)]
    hi = [min(m, int(i * m / n) + band) for i in range(n + 1)]
    lo[n], hi[n] = min(lo[n], m), m
    lo[0] = 0
    cost: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back: list[dict[int, tuple[int, int]]] = [{} for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        row = cost[i]
        for j in range(lo[i], hi[i] + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, (0, 0)
            for di, dj in BEADS:
                pi, pj = i - di, j - dj
                if pi < 0 or pj < 0:
                    continue
                prev = cost[pi].get(pj)
                if prev is None:
                    continue
                c = prev + _bead_cost(hs, rs, pi, i, pj, j)
                if c < best:
                    best, arg = c, (di, dj)
            if best < inf:
                row[j] = best
                back[i][j] = arg
    beads = []
    i, j = n, m
    touched = False
    while i > 0 or j > 0:
        di, dj = back[i][j]
        if (lo[i] > 0 and j - lo[i] < 2) or (hi[i] < m and hi[i] - j < 2):
            touched = True
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads, touched


def _bead_cost(hs: Grams, rs: Grams, i0: int, i1: int, j0: int, j1: int) -> float:
    di, dj = i1 - i0, j1 - j0
    if di == 0 or dj == 0:
        return SKIP_COST * (di + dj)
    a = hs[di - 1][i0]
    b = rs[dj - 1][j0]
    return (1.0 - _dice(a, b)) * max(di, dj) + MERGE_COST * (di + dj - 2)
