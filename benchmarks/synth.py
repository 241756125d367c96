"""Seeded synthetic news segments for benchmarks: English references, MT-like hypotheses.

``synthetic_pairs(n, seed)`` yields :class:`SynthPair` records lazily (memory stays flat for any
``n``). Each reference is a news-like English sentence of about 25 words drawn from
:data:`VOCABULARY` with Zipf-like frequencies (numbers and commas included); the hypothesis is
the reference after MT-like edits (substitutions, drops, insertions, swapped neighbours), so
corpus BLEU lands in the 30s and chrF in the 60s like real news systems. The source is a
Chinese rendering built from a small made-up lexicon (one to three Han characters per English
word, fixed for every seed), for benchmarks that need a source side.

About :data:`GARBLE_RATE` of the hypotheses carry one planted garble, named in
``SynthPair.garble``:

- ``spaced-hyphen``: a compound with a space before its hyphen (``anti -spy``);
- ``glued-sentence``: two sentences with no space after the full stop (``year.The``);
- ``doubled-word``: a word written twice (``the the``).

Usage as a script: ``python benchmarks/synth.py N [SEED]`` prints N pairs as TSV
(source, hypothesis, reference, garble).
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import NamedTuple

GARBLE_RATE = 0.05
GARBLES = ("spaced-hyphen", "glued-sentence", "doubled-word")
MEAN_WORDS = 25
SD_WORDS = 7
MIN_WORDS, MAX_WORDS = 6, 60
SUBSTITUTE_RATE = 0.15
DROP_RATE = 0.05
INSERT_RATE = 0.05
SWAP_RATE = 0.06
NUMBER_RATE = 0.03
COMMA_EVERY = (7, 14)
ZIPF_EXPONENT = 1.05
LEXICON_SEED = 20210101  # the made-up Chinese lexicon is the same for every seed

VOCABULARY = tuple(
    """
    the of to and in a that for is on said with was as by it at from has have will be are
    its government year not but this which were after an he new more also people than had
    been first two their would who one they percent there about we china state last into
    over other president official police country minister city week may out up could some
    including market news report since three million time told world economic under years
    while billion public national during most against company added any security group
    before between both health no local chinese international foreign trade according many
    called month when day support military law countries months so can our ministry did
    well development former because where should party political spokesman central plan
    region province meeting talks issue leaders agreement policy service data online
    financial growth prices companies further still high only need help all cooperation
    statement military's second half years' early measures rate workers officials team
    general power court part end made held take continue set taken show announced expected
    saying think work case political held major largest number least according held
    recent several past across held around level system higher strong next members
    investment industry energy global future capital technology research students schools
    hospital vaccine virus pandemic cases medical doctors patients beijing shanghai
    washington europe united states american british japan russia korea africa
    """.split()
)
HYPHENATED = (
    ("anti", "spy"),
    ("long", "term"),
    ("so", "called"),
    ("year", "on-year"),
    ("well", "known"),
    ("high", "speed"),
    ("self", "driving"),
    ("cross", "border"),
    ("e", "commerce"),
    ("state", "owned"),
)
_CJK_FIRST, _CJK_LAST = 0x4E00, 0x9FA5


class SynthPair(NamedTuple):
    """One synthetic segment: Chinese source, English hypothesis and reference, planted garble."""

    source: str
    hypothesis: str
    reference: str
    garble: str | None


def _build_lexicon() -> dict[str, str]:
    rng = random.Random(LEXICON_SEED)
    words = list(VOCABULARY) + [f"{a}-{b}" for a, b in HYPHENATED]
    return {
        w: "".join(chr(rng.randint(_CJK_FIRST, _CJK_LAST)) for _ in range(rng.randint(1, 3)))
        for w in words
    }


LEXICON = _build_lexicon()
_RANKS = range(1, len(VOCABULARY) + 1)
_CUM_WEIGHTS = tuple(accumulate(1.0 / rank**ZIPF_EXPONENT for rank in _RANKS))


def _number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return str(rng.randint(1990, 2030))
    if kind < 0.6:
        return f"{rng.randint(1, 99)}.{rng.randint(0, 9)}"
    return f"{rng.randint(1, 999):,}" if kind < 0.8 else f"{rng.randint(1_000, 999_999):,}"


def _no_echo(words: list[str], rng: random.Random) -> list[str]:
    """Redraw a word that repeats one of the two before it.

    Drawn independently, frequent words would fall next to themselves (``the the``) or echo
    across one word (``of the of``) in about every other sentence, which real news and real
    MT rarely do; the doubled-word garble is planted on purpose instead.
    """
    for i in range(1, len(words)):
        for _ in range(10):
            if words[i] not in words[max(0, i - 2) : i]:
                break
            words[i] = rng.choices(VOCABULARY, cum_weights=_CUM_WEIGHTS)[0]
    return words


def _reference_words(rng: random.Random) -> list[str]:
    length = min(MAX_WORDS, max(MIN_WORDS, round(rng.gauss(MEAN_WORDS, SD_WORDS))))
    words = rng.choices(VOCABULARY, cum_weights=_CUM_WEIGHTS, k=length)
    for i in range(length):
        if rng.random() < NUMBER_RATE:
            words[i] = _number(rng)
    return _no_echo(words, rng)


def _mt_edit(words: Sequence[str], rng: random.Random) -> list[str]:
    out: list[str] = []
    for w in words:
        r = rng.random()
        if r < DROP_RATE:
            continue
        if r < DROP_RATE + SUBSTITUTE_RATE:
            w = rng.choices(VOCABULARY, cum_weights=_CUM_WEIGHTS)[0]
        out.append(w)
        if rng.random() < INSERT_RATE:
            out.append(rng.choices(VOCABULARY, cum_weights=_CUM_WEIGHTS)[0])
    for i in range(len(out) - 1):
        if rng.random() < SWAP_RATE:
            out[i], out[i + 1] = out[i + 1], out[i]
    return _no_echo(out, rng) or list(words[:1])


def _punctuate(words: Sequence[str], comma_at: frozenset[int], end: str = ".") -> str:
    parts = []
    for i, w in enumerate(words):
        parts.append(w + ("," if i in comma_at and i < len(words) - 1 else ""))
    text = " ".join(parts)
    return text[:1].upper() + text[1:] + end


def _comma_positions(n: int, rng: random.Random) -> frozenset[int]:
    positions, i = set(), rng.randint(*COMMA_EVERY)
    while i < n - 2:
        positions.add(i)
        i += rng.randint(*COMMA_EVERY)
    return frozenset(positions)


def _source(words: Sequence[str], comma_at: frozenset[int]) -> str:
    out = []
    for i, w in enumerate(words):
        out.append(LEXICON.get(w, w))
        if i in comma_at and i < len(words) - 1:
            out.append("，")
    return "".join(out) + "。"


def _one_pair(rng: random.Random) -> SynthPair:
    ref_words = _reference_words(rng)
    garble = rng.choice(GARBLES) if rng.random() < GARBLE_RATE else None
    compound: tuple[str, str] | None = None
    if garble == "spaced-hyphen":
        compound = rng.choice(HYPHENATED)
        ref_words.insert(rng.randrange(len(ref_words) + 1), "-".join(compound))
    hyp_words = _mt_edit(ref_words, rng)
    comma_at = _comma_positions(len(ref_words), rng)
    hyp_comma_at = _comma_positions(len(hyp_words), rng)
    if garble == "spaced-hyphen" and compound is not None:
        joined = "-".join(compound)
        spaced = f"{compound[0]} -{compound[1]}"
        if joined in hyp_words:
            hyp_words[hyp_words.index(joined)] = spaced
        else:
            hyp_words.insert(rng.randrange(len(hyp_words) + 1), spaced)
    elif garble == "doubled-word":
        i = rng.randrange(len(hyp_words))
        hyp_words.insert(i, hyp_words[i])
    reference = _punctuate(ref_words, comma_at)
    if garble == "glued-sentence" and len(hyp_words) >= 4:
        cut = rng.randint(2, len(hyp_words) - 2)
        first = _punctuate(hyp_words[:cut], frozenset())
        second = _punctuate(hyp_words[cut:], frozenset())
        hypothesis = f"{first}{second}"  # no space: "... year.The ..."
    else:
        if garble == "glued-sentence":
            garble = None
        hypothesis = _punctuate(hyp_words, hyp_comma_at)
    return SynthPair(_source(ref_words, comma_at), hypothesis, reference, garble)


def synthetic_pairs(n: int, seed: int = 1) -> Iterator[SynthPair]:
    """``n`` seeded synthetic segment pairs, generated lazily (same seed, same pairs)."""
    rng = random.Random(seed)
    for _ in range(n):
        yield _one_pair(rng)


def main(argv: Sequence[str] | None = None) -> int:
    """Print pairs as TSV: source, hypothesis, reference, garble."""
    args = list(sys.argv[1:] if argv is None else argv)
    n = int(args[0]) if args else 10
    seed = int(args[1]) if len(args) > 1 else 1
    for pair in synthetic_pairs(n, seed):
        print("\t".join([pair.source, pair.hypothesis, pair.reference, pair.garble or ""]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
