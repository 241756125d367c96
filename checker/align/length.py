"""Length-based sentence alignment in the spirit of Gale & Church (1993), with cheap anchors.

Why length: the length of a sentence in characters predicts the length of its translation well
enough to align whole documents without any dictionary, in any language pair, in linear time.
Gale & Church model the target length of a bead as normal around ``c`` times the source length,
with a variance that grows with the length; each bead costs ``-log P(bead type)`` plus ``-log`` of
the two-sided normal tail of the standardised length difference, and dynamic programming finds
the cheapest monotone path of beads.

What this version adds, and why:

- ``c`` (target characters per source character) is the ratio of the two documents' total
  lengths, not a constant: Chinese to English is about 3, German to French about 1.
- The variance ``s2`` scales with ``c**2``, not ``c``: a translation's length varies in
  proportion to its source, so the spread in target characters per source character grows with
  ``c``. Measured on gold 1-1 pairs, the robust ``s2 / c**2`` is 1.6 for WMT21 zh-en
  references (c = 3.4) and 1.5-1.9 for Text+Berg de-fr (c = 1.0), while ``s2 / c`` is 5.5
  against 1.9. The normal model's tails are too light for real data, though, and alignments are
  best with ``s2`` about three times the robust 1-1 variance. So a first pass aligns with the
  prior ``S2_PER_C2 * c**2``; the median squared standardised difference of its 1-1 beads,
  divided by the chi-square(1) median and times ``S2_INFLATION``, is the document's estimate
  (robust to the few wrong or loose beads that would dominate a mean); it is shrunk towards the
  prior (``S2_PRIOR_WEIGHT`` pseudo-beads, geometric mean), clamped to ``S2_CLAMP`` either way,
  and a second pass aligns with it when it moved by more than ``S2_RERUN_FACTOR``.
- A 1-0 or 0-1 bead costs its prior only. Gale & Church score it as a match of the sentence
  against nothing, a cost that grows with the square root of its length, so a long omitted
  sentence is cheaper to hide in a neighbour's 2-1 bead than to leave out. Dropping that term
  (with NLTK's prior of 0.0099 per direction) raised strict F1 on the Text+Berg dev document
  from .807 to .820 and on a synthetic zh-en set built from WMT21 (merges, splits, omissions)
  from .933 to .946.
- The tail probability is taken in log space without underflow (:mod:`checker.align.stats`),
  so an extreme length mismatch costs a large finite amount and never loses a sentence.
- Beads whose sides share numbers, Latin-script names/acronyms or quotation marks get a bonus
  (:mod:`checker.align.anchors`) of ``ANCHOR_BONUS`` nats per shared anchor, weighted by the
  anchor's rarity in the document.
- With the same number of paragraphs on both sides the paragraphs are aligned one to one;
  otherwise beads that join sentences of different paragraphs on one side pay a penalty.
- The programme runs in a band around the scaled diagonal ``j = i * m / n``; if the best path
  comes within ``BAND_MARGIN`` cells of the band's edge the band is doubled and the programme
  rerun. Back-pointers are kept only inside the band (one byte per cell) and costs only for the
  last three rows, so memory grows linearly with the document.

The constants were chosen on the Text+Berg dev document and the synthetic WMT21 zh-en set, not
on the Text+Berg test documents that ``benchmarks/align_eval.py`` reports.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from checker.align.anchors import anchor_weights, sentence_anchors
from checker.align.stats import ASYMPTOTIC_Z, log_two_sided_tail
from checker.model import Bead

#: Bead types as (source sentences, target sentences) with prior probabilities: Gale & Church's
#: estimates for 1-1, 1-0/0-1 (their figure for the pair, used for each direction as NLTK does),
#: 2-1/1-2 (split evenly between the directions) and 2-2, plus a small allowance for 1-3/3-1.
#: A 1-0 or 0-1 bead costs its prior only (see the module docstring).
BEAD_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099,
    (0, 1): 0.0099,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
    (2, 2): 0.011,
    (3, 1): 0.005,
    (1, 3): 0.005,
}
#: :data:`BEAD_PRIORS` plus the wider beads that human aligners use where a translator
#: restructured a passage (2-3, 3-2, 1-4, 4-1, 3-3: 19 of the 422 gold beads of the Text+Berg
#: dev document), for aligners with a bilingual dictionary. With length alone they over-merge
#: (Text+Berg dev .846 either way, WMT21 dev Online-W .945 -> .941); with dictionary evidence
#: they help (Text+Berg dev, FreeDict: .851 -> .877; WMT21 zh-en dev, CC-CEDICT: reference A
#: .960 -> .963, Online-W .964 -> .966).
WIDE_BEAD_PRIORS: dict[tuple[int, int], float] = {
    **BEAD_PRIORS,
    (2, 3): 0.002,
    (3, 2): 0.002,
    (1, 4): 0.002,
    (4, 1): 0.002,
    (3, 3): 0.001,
}
#: Prior variance of the target length per source character, in units of ``c**2``.
S2_PER_C2 = 6.0
#: Factor between the robust (median) variance of 1-1 beads and the ``s2`` the aligner uses.
S2_INFLATION = 3.0
#: Weight of the prior ``s2``, in 1-1 beads, against the document's own estimate.
S2_PRIOR_WEIGHT = 20.0
#: The document's ``s2`` estimate is kept within this factor of the prior.
S2_CLAMP = 4.0
#: Median of the chi-square distribution with one degree of freedom: median(z**2) for a normal z.
CHI2_1_MEDIAN = 0.454936
#: Skip the second pass when the re-estimated ``s2`` is within this factor of the first one.
S2_RERUN_FACTOR = 1.1
#: Lengths below this many characters are treated as this long when scaling the variance, so
#: that empty sentences and punctuation-only lines do not divide by zero.
MIN_MEAN_LENGTH = 1.0
#: Cost bonus (nats) for a shared anchor of weight 1 (an anchor that occurs once on each side);
#: about the cost of a 2-1 bead over a 1-1 bead plus a 2-sigma length mismatch.
ANCHOR_BONUS = 6.0
#: Cost (nats) of a bead that joins sentences of two paragraphs on the same side.
PARAGRAPH_MIX_PENALTY = 5.0
#: Initial half-width of the band around the diagonal, in sentences.
MIN_BAND = 30
#: The band is doubled when the best path comes this close to its edge.
BAND_MARGIN = 3

_BeadTable = tuple[tuple[tuple[int, int], ...], tuple[float, ...]]


def _bead_table(priors: Mapping[tuple[int, int], float]) -> _BeadTable:
    """Bead types and their prior costs; 1-0 and 0-1 must be among them (every path exists)."""
    if priors.get((1, 0), 0) <= 0 or priors.get((0, 1), 0) <= 0:
        msg = "bead priors must give 1-0 and 0-1 beads a positive probability"
        raise ValueError(msg)
    if any(p <= 0 or di < 0 or dj < 0 or di + dj == 0 for (di, dj), p in priors.items()):
        msg = "bead priors must be positive, for beads of at least one sentence"
        raise ValueError(msg)
    return tuple(priors), tuple(-math.log(p) for p in priors.values())


_DEFAULT_TABLE = _bead_table(BEAD_PRIORS)
_SQRT_HALF = math.sqrt(0.5)
_UNSET = 255


@dataclass(frozen=True)
class ExtraAnchors:
    """Anchors from another signal: per-sentence anchor sets and each anchor's weight."""

    source: Sequence[frozenset[str] | set[str]]
    target: Sequence[frozenset[str] | set[str]]
    weights: Mapping[str, float]


def merge_anchors(first: ExtraAnchors, second: ExtraAnchors | None) -> ExtraAnchors:
    """Two signals' anchors together: per-sentence unions, weights of ``second`` winning."""
    if second is None:
        return first
    return ExtraAnchors(
        [a | b for a, b in zip(first.source, second.source, strict=True)],
        [a | b for a, b in zip(first.target, second.target, strict=True)],
        {**first.weights, **second.weights},
    )


class PairCost(Protocol):
    """A signal that scores candidate beads directly (the semantic aligner's window similarity).

    ``row(di, dj, i, j_lo, j_hi)`` returns, for the bead of ``di`` source and ``dj`` target
    sentences (both at least 1) that ends before source sentence ``i`` and before each target
    sentence ``j`` in ``j_lo..j_hi`` (inclusive; document coordinates), the extra cost in nats
    to add to that bead: negative for a bonus. Entries for ``j < dj`` are ignored.
    """

    def row(self, di: int, dj: int, i: int, j_lo: int, j_hi: int) -> Sequence[float]: ...


class SumCost:
    """Several :class:`PairCost` signals added up (``None`` entries are skipped)."""

    def __init__(self, *costs: PairCost | None) -> None:
        self.costs = [c for c in costs if c is not None]

    def row(self, di: int, dj: int, i: int, j_lo: int, j_hi: int) -> list[float]:
        out = [0.0] * (j_hi - j_lo + 1)
        for cost in self.costs:
            for k, v in enumerate(cost.row(di, dj, i, j_lo, j_hi)):
                out[k] += v
        return out


def text_length(text: str) -> int:
    """Return the length of ``text`` in characters, not counting whitespace.

    Whitespace is left out because Chinese and Japanese use none between words while European
    languages use one every five or six characters; counting it would inflate ``c`` and the
    variance for no information.

    >>> text_length("Hello,  world!")
    12
    >>> text_length("你好，世界。")
    6
    """
    return len("".join(text.split()))


def length_ratio(source_lengths: Sequence[int], target_lengths: Sequence[int]) -> float:
    """Return ``c``, target characters per source character, from the documents' total lengths.

    Under the length model (target length normal around ``c`` times the source length, variance
    proportional to it) the weighted least-squares estimate of ``c`` is total target length over
    total source length, the same for every alignment that leaves nothing out, so it needs no
    alignment. It falls back to 1 when either side has no characters at all.

    >>> length_ratio([10, 20], [30, 60])
    3.0
    >>> length_ratio([], [5])
    1.0
    """
    total_s = sum(source_lengths)
    total_t = sum(target_lengths)
    if total_s <= 0 or total_t <= 0:
        return 1.0
    return total_t / total_s


def align(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    extra_anchors: ExtraAnchors | None = None,
    s2: float | None = None,
    pair_cost: PairCost | None = None,
    priors: Mapping[tuple[int, int], float] | None = None,
) -> list[Bead]:
    """Align source and target sentences into monotone beads covering every sentence once.

    ``extra_anchors`` adds anchors found by another signal (the lexical second pass) with their
    own weights; ``s2`` fixes the length variance and skips its estimation (one pass);
    ``pair_cost`` adds a per-bead cost from another signal (see :class:`PairCost`);
    ``priors`` replaces the bead types and their priors (:data:`BEAD_PRIORS`; it must include
    1-0 and 0-1, e.g. :data:`WIDE_BEAD_PRIORS`).

    ``source``/``target`` are sentence texts in reading order; ``*_paragraphs[i]`` is the
    paragraph number of sentence ``i``. A paragraph is a run of equal consecutive numbers, so
    any numbering is accepted. Bead types are 1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 1-3 and 3-1, or
    those of ``priors``; when one side is empty every sentence of the other gets a 1-0 or 0-1
    bead. Raises ``ValueError`` if a paragraph list is not as long as its sentence list, or if
    ``priors`` lacks 1-0 or 0-1.

    >>> align(["One.", "Two. Three."], ["Un.", "Deux.", "Trois."])
    [Bead(source=(0,), target=(0,)), Bead(source=(1,), target=(1, 2))]
    >>> align([], ["Hello."])
    [Bead(source=(), target=(0,))]
    """
    table = _DEFAULT_TABLE if priors is None else _bead_table(priors)
    n, m = len(source), len(target)
    source_runs = _paragraph_runs(source_paragraphs, n, "source_paragraphs")
    target_runs = _paragraph_runs(target_paragraphs, m, "target_paragraphs")
    if n == 0 or m == 0:
        return [Bead((i,), ()) for i in range(n)] + [Bead((), (j,)) for j in range(m)]

    source_lengths = [text_length(s) for s in source]
    target_lengths = [text_length(t) for t in target]
    c = length_ratio(source_lengths, target_lengths)
    s2_prior = S2_PER_C2 * c * c

    source_anchors = [sentence_anchors(s) for s in source]
    target_anchors = [sentence_anchors(t) for t in target]
    weights = anchor_weights(source_anchors, target_anchors)
    if extra_anchors is not None:
        weights.update(extra_anchors.weights)
        source_anchors = [a | b for a, b in zip(source_anchors, extra_anchors.source, strict=True)]
        target_anchors = [a | b for a, b in zip(target_anchors, extra_anchors.target, strict=True)]
    shared = weights.keys()
    source_anchors = [a & shared for a in source_anchors]
    target_anchors = [a & shared for a in target_anchors]

    if source_runs is not None and target_runs is not None and source_runs[-1] == target_runs[-1]:
        blocks = _paragraph_blocks(source_runs, target_runs)
        source_runs = target_runs = None  # every block lies within one paragraph
    else:
        blocks = [(0, n, 0, m)]

    widths: list[int | None] = [None] * len(blocks)

    def run(s2: float) -> list[tuple[int, int, int, int]]:
        spans: list[tuple[int, int, int, int]] = []
        for k, block in enumerate(blocks):
            block_spans, widths[k] = _align_block(
                source_lengths,
                target_lengths,
                source_anchors,
                target_anchors,
                source_runs,
                target_runs,
                weights,
                block,
                c,
                s2,
                widths[k],
                pair_cost,
                table,
            )
            spans.extend(block_spans)
        return spans

    if s2 is not None:
        spans = run(s2)
    else:
        spans = run(s2_prior)
        s2 = _reestimate_s2(spans, source_lengths, target_lengths, c, s2_prior)
        if max(s2, s2_prior) > S2_RERUN_FACTOR * min(s2, s2_prior):
            spans = run(s2)
    return [Bead(tuple(range(a, b)), tuple(range(x, y))) for a, b, x, y in spans]


def document_s2(source: Sequence[str], target: Sequence[str], beads: Sequence[Bead]) -> float:
    """The length variance :func:`align` would settle on, given a first alignment ``beads``."""
    source_lengths = [text_length(s) for s in source]
    target_lengths = [text_length(t) for t in target]
    c = length_ratio(source_lengths, target_lengths)
    s2_prior = S2_PER_C2 * c * c
    spans = [
        (b.source[0], b.source[-1] + 1, b.target[0], b.target[-1] + 1)
        for b in beads
        if b.source and b.target
    ]
    s2 = _reestimate_s2(spans, source_lengths, target_lengths, c, s2_prior)
    return s2 if max(s2, s2_prior) > S2_RERUN_FACTOR * min(s2, s2_prior) else s2_prior


def _paragraph_runs(paragraphs: Sequence[int] | None, count: int, name: str) -> list[int] | None:
    """Map each sentence to the index of its paragraph run (0, 0, 1, 2, 2, ...), or None."""
    if paragraphs is None:
        return None
    if len(paragraphs) != count:
        msg = f"{name} has {len(paragraphs)} entries for {count} sentences"
        raise ValueError(msg)
    runs: list[int] = []
    run = -1
    previous: object = object()
    for p in paragraphs:
        if p != previous:
            run += 1
            previous = p
        runs.append(run)
    return runs


def _paragraph_blocks(
    source_runs: Sequence[int], target_runs: Sequence[int]
) -> list[tuple[int, int, int, int]]:
    """Pair the k-th source paragraph with the k-th target paragraph as sentence ranges."""

    def bounds(runs: Sequence[int]) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        start = 0
        for i in range(1, len(runs) + 1):
            if i == len(runs) or runs[i] != runs[start]:
                out.append((start, i))
                start = i
        return out

    return [
        (a, b, x, y)
        for (a, b), (x, y) in zip(bounds(source_runs), bounds(target_runs), strict=True)
    ]


def _reestimate_s2(
    spans: Sequence[tuple[int, int, int, int]],
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
    c: float,
    s2_prior: float,
) -> float:
    """Estimate ``s2`` robustly from the 1-1 beads of a first alignment, shrunk to the prior.

    The median of the squared standardised differences ignores the few wrong or loose beads
    that would dominate a mean; the estimate is combined with the prior geometrically, weighted
    by bead counts, and clamped to ``S2_CLAMP`` times either way.
    """
    values = []
    for a, b, x, y in spans:
        if b - a == 1 and y - x == 1:
            ls = source_lengths[a]
            lt = target_lengths[x]
            mean = max((ls + lt / c) * 0.5, MIN_MEAN_LENGTH)
            values.append((lt - c * ls) ** 2 / mean)
    if not values:
        return s2_prior
    estimate = S2_INFLATION * statistics.median(values) / CHI2_1_MEDIAN
    estimate = min(max(estimate, s2_prior / S2_CLAMP), s2_prior * S2_CLAMP)
    k = len(values)
    log_s2 = (S2_PRIOR_WEIGHT * math.log(s2_prior) + k * math.log(estimate)) / (S2_PRIOR_WEIGHT + k)
    return math.exp(log_s2)


def _align_block(
    source_lengths: Sequence[int],
    target_lengths: Sequence[int],
    source_anchors: Sequence[frozenset[str]],
    target_anchors: Sequence[frozenset[str]],
    source_runs: Sequence[int] | None,
    target_runs: Sequence[int] | None,
    weights: dict[str, float],
    block: tuple[int, int, int, int],
    c: float,
    s2: float,
    width: int | None = None,
    pair_cost: PairCost | None = None,
    table: _BeadTable | None = None,
) -> tuple[list[tuple[int, int, int, int]], int]:
    """Align one block of sentences; return beads as (source start, end, target start, end).

    Starts with a band half-width of ``width`` if given (the width a previous pass settled on),
    else ``MIN_BAND``, and doubles it while the best path grazes the band edge; a band that
    covers the whole matrix is final. Returns the width used, too. A fixed starting width keeps
    time and memory linear in the block's length whenever the translation stays near the
    diagonal, which is the common case; only documents that need a wider band pay for one.
    """
    s_lo, s_hi, t_lo, t_hi = block
    n, m = s_hi - s_lo, t_hi - t_lo
    if width is None:
        width = MIN_BAND
    if n == 0 or m == 0:
        spans = [(i, i + 1, t_lo, t_lo) for i in range(s_lo, s_hi)] + [
            (s_lo, s_lo, j, j + 1) for j in range(t_lo, t_hi)
        ]
        return spans, width
    while True:
        steps, grazed = _banded_dp(
            source_lengths[s_lo:s_hi],
            target_lengths[t_lo:t_hi],
            source_anchors[s_lo:s_hi],
            target_anchors[t_lo:t_hi],
            None if source_runs is None else source_runs[s_lo:s_hi],
            None if target_runs is None else target_runs[t_lo:t_hi],
            weights,
            c,
            s2,
            width,
            pair_cost,
            (s_lo, t_lo),
            table,
        )
        if not grazed:
            break
        width *= 2
    out = []
    i, j = s_lo, t_lo
    for di, dj in steps:
        out.append((i, i + di, j, j + dj))
        i += di
        j += dj
    return out, width


def _band(n: int, m: int, width: int) -> tuple[list[int], list[int]]:
    """Return per-row column bounds [lo, hi] of a band of half-width ``width`` around i*m/n.

    Row ``i`` reaches from ``floor(i*m/n) - width`` to ``ceil((i+1)*m/n) + width``, so row
    ``i``'s lowest column never exceeds row ``i-1``'s highest and a path through 1-0 and 0-1
    beads always exists, whatever the slope.
    """
    lo = []
    hi = []
    for i in range(n + 1):
        lo.append(max(0, (i * m) // n - width))
        hi.append(min(m, -((-(i + 1) * m) // n) + width))
    return lo, hi


def _banded_dp(
    ls: Sequence[int],
    lt: Sequence[int],
    sa: Sequence[frozenset[str]],
    ta: Sequence[frozenset[str]],
    sruns: Sequence[int] | None,
    truns: Sequence[int] | None,
    weights: dict[str, float],
    c: float,
    s2: float,
    width: int,
    pair_cost: PairCost | None = None,
    offset: tuple[int, int] = (0, 0),
    table: _BeadTable | None = None,
) -> tuple[list[tuple[int, int]], bool]:
    """Run the banded programme; return the bead steps (di, dj) and whether the band was grazed.

    Costs are kept for the current and previous three rows only (beads span at most three
    source sentences); back-pointers are one byte per band cell. Everything that depends on the
    source side of a bead alone (its length, anchors, paragraph mix) is worked out once per row
    and bead type, and the target side's once per column, so the inner loop does only the
    length arithmetic and one ``erfc``.
    """
    n, m = len(ls), len(lt)
    lo, hi = _band(n, m, width)
    ps = [0]
    for x in ls:
        ps.append(ps[-1] + x)
    pt = [0]
    for x in lt:
        pt.append(pt[-1] + x)
    # Per target span ending at column j of dj sentences: shared-anchor set and paragraph cost.
    bead_types, prior_costs = _DEFAULT_TABLE if table is None else table
    max_dj = max(dj for _, dj in bead_types)
    keep = max(di for di, _ in bead_types) + 1  # rows of costs a bead can reach back to
    t_anchors: list[list[frozenset[str]]] = [[] for _ in range(max_dj + 1)]
    t_mix: list[list[float]] = [[] for _ in range(max_dj + 1)]
    no_anchors: frozenset[str] = frozenset()
    for dj in range(1, max_dj + 1):
        for j in range(m + 1):
            if j < dj:
                t_anchors[dj].append(no_anchors)
                t_mix[dj].append(0.0)
                continue
            sets = [x for x in ta[j - dj : j] if x]
            t_anchors[dj].append(no_anchors.union(*sets) if sets else no_anchors)
            mixed = truns is not None and truns[j - dj] != truns[j - 1]
            t_mix[dj].append(PARAGRAPH_MIX_PENALTY if mixed else 0.0)

    half_inv_c = 0.5 / c
    inf = math.inf
    erfc = math.erfc
    log = math.log
    sqrt = math.sqrt
    sqrt_half = _SQRT_HALF
    asym = ASYMPTOTIC_Z
    min_mean = MIN_MEAN_LENGTH
    tail = log_two_sided_tail

    rows: list[list[float]] = [[] for _ in range(keep)]  # rows i, i-1, ... (by i % keep)
    back: list[bytearray] = []
    for i in range(n + 1):
        row_lo = lo[i]
        row_hi = hi[i]
        size = row_hi - row_lo + 1
        cur = [inf] * size
        bp = bytearray([_UNSET]) * size
        rows[i % keep] = cur
        # Row-constant part of each bead type that ends in this row.
        plan = []
        for k, (di, dj) in enumerate(bead_types):
            pi = i - di
            if pi < 0:
                continue
            a = ps[i] - ps[pi]
            s_set = no_anchors
            extra = prior_costs[k]
            pair_row = None
            if di and dj and pair_cost is not None:
                pair_row = pair_cost.row(
                    di, dj, offset[0] + i, offset[1] + row_lo, offset[1] + row_hi
                )
            if di and dj:
                s_set = no_anchors.union(*sa[pi:i])
                if sruns is not None and sruns[pi] != sruns[i - 1]:
                    extra += PARAGRAPH_MIX_PENALTY
            plan.append(
                (
                    k,
                    dj,
                    rows[pi % keep],
                    lo[pi],
                    hi[pi],
                    c * a,
                    0.5 * a,
                    extra,
                    s_set,
                    t_anchors[dj],
                    t_mix[dj],
                    not (di and dj),
                    pair_row,
                )
            )
        for j in range(row_lo, row_hi + 1):
            if i == 0 and j == 0:
                cur[0] = 0.0
                continue
            best = inf
            best_k = _UNSET
            pt_j = pt[j]
            for (
                k,
                dj,
                prev_row,
                p_lo,
                p_hi,
                ca,
                half_a,
                extra,
                s_set,
                t_sets,
                t_pen,
                indel,
                pair_row,
            ) in plan:
                pj = j - dj
                if pj < p_lo or pj > p_hi:
                    continue
                prev = prev_row[pj - p_lo]
                if indel:
                    cost = prev + extra
                    if cost < best:
                        best = cost
                        best_k = k
                    continue
                b = pt_j - pt[pj]
                mean = half_a + b * half_inv_c
                if mean < min_mean:
                    mean = min_mean
                z = abs(b - ca) / sqrt(s2 * mean)
                if z <= asym:
                    cost = prev + extra - log(erfc(z * sqrt_half))
                else:
                    cost = prev + extra - tail(z)
                if s_set:
                    common = s_set & t_sets[j]
                    if common:
                        cost -= ANCHOR_BONUS * sum([weights[x] for x in common])
                if dj > 1:
                    cost += t_pen[j]
                if pair_row is not None:
                    cost += pair_row[j - row_lo]
                if cost < best:
                    best = cost
                    best_k = k
            cur[j - row_lo] = best
            bp[j - row_lo] = best_k
        back.append(bp)

    steps: list[tuple[int, int]] = []
    grazed = False
    i, j = n, m
    while i > 0 or j > 0:
        row_lo = lo[i]
        row_hi = hi[i]
        if (row_lo > 0 and j - row_lo < BAND_MARGIN) or (row_hi < m and row_hi - j < BAND_MARGIN):
            grazed = True
        k = back[i][j - row_lo]
        if k == _UNSET:  # every band cell has a finite 1-0 or 0-1 predecessor
            msg = f"aligner bug: no back-pointer at ({i}, {j})"
            raise RuntimeError(msg)
        di, dj = bead_types[k]
        steps.append((di, dj))
        i -= di
        j -= dj
    steps.reverse()
    return steps, grazed
