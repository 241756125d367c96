"""Hunalign-style lexical second pass over :func:`checker.align.length.align`.

A first length-plus-anchors pass gives 1-1 beads that are mostly right. From them this module
learns, for this document only and without any external model, word pairs that co-occur in 1-1
beads more than chance (Dice coefficient over bead-level co-occurrence, at least
``MIN_PAIR_COUNT`` beads) plus cognates (identical words or a shared prefix of
``COGNATE_PREFIX`` letters, useful for German-French names and loan words). Each pair becomes an
extra anchor ``"lex:<source word>|<target word>"`` that a source sentence carries when it
contains the source word and a target sentence when it contains the target word; the second
pass reruns the length DP of :mod:`checker.align.length` with these anchors added to the usual
ones, weighted ``LEXICAL_WEIGHT / ANCHOR_BONUS`` times their rarity weight, so a shared pair is
worth ``LEXICAL_WEIGHT`` nats at most.

The second pass is :func:`checker.align.length.align` itself, given the learned anchors through
its ``extra_anchors`` hook and the first pass's length variance.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from checker.align import length
from checker.align.anchors import anchor_weights
from checker.model import Bead

#: Tokens shorter than this are ignored (articles, prepositions, elision fragments).
MIN_TOKEN = 3
#: The most frequent fraction of word types per side is dropped as function words.
STOP_FRACTION = 0.01
#: A learned pair must co-occur in at least this many 1-1 beads.
MIN_PAIR_COUNT = 2
#: Minimum Dice coefficient 2*c(s,t) / (c(s) + c(t)) over 1-1 beads for a learned pair.
MIN_DICE = 0.5
#: Shared prefix length that makes two words cognates (identical words of this length or more
#: count too).
COGNATE_PREFIX = 5
#: Bonus (nats) for a shared lexical anchor of rarity weight 1.
LEXICAL_WEIGHT = 4.0

_WORD_RE = re.compile(r"\w+")


def tokens(text: str) -> set[str]:
    """Lower-cased word types of a sentence of at least ``MIN_TOKEN`` characters, no digits.

    >>> sorted(tokens("Die Alpen, 1864 bestiegen!"))
    ['alpen', 'bestiegen', 'die']
    """
    return {w for w in _WORD_RE.findall(text.lower()) if len(w) >= MIN_TOKEN and not w.isdigit()}


def _stopwords(sentences: Sequence[set[str]]) -> set[str]:
    df: Counter[str] = Counter()
    for s in sentences:
        df.update(s)
    k = int(len(df) * STOP_FRACTION)
    return {w for w, _ in df.most_common(k)}


def learn_pairs(
    source_tokens: Sequence[set[str]],
    target_tokens: Sequence[set[str]],
    beads: Sequence[Bead],
) -> set[tuple[str, str]]:
    """Word pairs (source, target) associated in the 1-1 beads, plus cognates in the document."""
    s_count: Counter[str] = Counter()
    t_count: Counter[str] = Counter()
    pair_count: Counter[tuple[str, str]] = Counter()
    for b in beads:
        if len(b.source) == 1 and len(b.target) == 1:
            s = source_tokens[b.source[0]]
            t = target_tokens[b.target[0]]
            s_count.update(s)
            t_count.update(t)
            pair_count.update((x, y) for x in s for y in t)
    pairs = {
        (x, y)
        for (x, y), k in pair_count.items()
        if k >= MIN_PAIR_COUNT and 2 * k / (s_count[x] + t_count[y]) >= MIN_DICE
    }
    # Cognates over the whole document vocabulary.
    by_prefix: dict[str, list[str]] = {}
    for t in set().union(*target_tokens) if target_tokens else ():
        if len(t) >= COGNATE_PREFIX:
            by_prefix.setdefault(t[:COGNATE_PREFIX], []).append(t)
    for s in set().union(*source_tokens) if source_tokens else ():
        if len(s) >= COGNATE_PREFIX:
            for t in by_prefix.get(s[:COGNATE_PREFIX], ()):
                pairs.add((s, t))
    return pairs


def lexical_anchors(
    source_tokens: Sequence[set[str]],
    target_tokens: Sequence[set[str]],
    pairs: set[tuple[str, str]],
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Per-sentence anchor sets ``lex:s|t`` for each learned pair whose word it contains."""
    by_s: dict[str, list[str]] = {}
    by_t: dict[str, list[str]] = {}
    for x, y in pairs:
        key = f"lex:{x}|{y}"
        by_s.setdefault(x, []).append(key)
        by_t.setdefault(y, []).append(key)
    src = [frozenset(k for w in toks for k in by_s.get(w, ())) for toks in source_tokens]
    tgt = [frozenset(k for w in toks for k in by_t.get(w, ())) for toks in target_tokens]
    return src, tgt


def align_lexical(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    first_pass: Sequence[Bead] | None = None,
    lexical_weight: float | None = None,
    extra_anchors: length.ExtraAnchors | None = None,
    pair_cost: length.PairCost | None = None,
    priors: Mapping[tuple[int, int], float] | None = None,
) -> list[Bead]:
    """Align twice: length + anchors, then again with learned lexical anchors added.

    Same contract as :func:`checker.align.length.align` (monotone beads covering every sentence
    exactly once). ``first_pass`` may be given to reuse an existing alignment;
    ``extra_anchors``, ``pair_cost`` and bead ``priors`` are used in both passes.
    """
    weight_nats = LEXICAL_WEIGHT if lexical_weight is None else lexical_weight
    n, m = len(source), len(target)
    if first_pass is None:
        first_pass = length.align(
            source,
            target,
            source_paragraphs=source_paragraphs,
            target_paragraphs=target_paragraphs,
            extra_anchors=extra_anchors,
            pair_cost=pair_cost,
            priors=priors,
        )
    if n == 0 or m == 0:
        return list(first_pass)
    s_tok = [tokens(s) for s in source]
    t_tok = [tokens(t) for t in target]
    s_stop = _stopwords(s_tok)
    t_stop = _stopwords(t_tok)
    s_tok = [t - s_stop for t in s_tok]
    t_tok = [t - t_stop for t in t_tok]
    pairs = learn_pairs(s_tok, t_tok, first_pass)
    s_lex, t_lex = lexical_anchors(s_tok, t_tok, pairs)
    scale = weight_nats / length.ANCHOR_BONUS
    weights = {key: scale * w for key, w in anchor_weights(s_lex, t_lex).items()}
    extra = length.merge_anchors(length.ExtraAnchors(s_lex, t_lex, weights), extra_anchors)
    return length.align(
        source,
        target,
        source_paragraphs=source_paragraphs,
        target_paragraphs=target_paragraphs,
        extra_anchors=extra,
        s2=length.document_s2(source, target, first_pass),  # the first pass's variance
        pair_cost=pair_cost,
        priors=priors,
    )
