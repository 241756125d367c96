"""The shortcuts the accuracy and consistency rules take for speed give the same answers as the
plain way they replace, on seeded random texts built from the fragments that matter to each."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Sequence

import pytest

from checker.detect import accuracy
from checker.detect.base import Pair

ROUNDS = 3000


def _texts(
    fragments: Sequence[str], seed: int, rounds: int = ROUNDS, most: int = 10
) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(rounds):
        yield "".join(rng.choice(fragments) for _ in range(rng.randint(0, most)))


_ALNUM_RUN = re.compile(r"[^\W_]+")


def _text_size_reference(text: str) -> float:
    """:func:`checker.detect.accuracy.text_size` as it was: one pattern per script."""
    size = float(sum(map(len, _ALNUM_RUN.findall(text))))
    if accuracy._CJK_ANY.search(text):
        others = re.search(f"[{accuracy._KANA}{accuracy._HANGUL}]", text) is not None
        for name in ("han", "kana", "hangul"):
            if (name == "han" or others) and accuracy._SCRIPT_RE[name].search(text):
                n = sum(map(len, accuracy._SCRIPT_RUN[name].findall(text)))
                size += n * (accuracy.SCRIPT_WEIGHT[name] - 1.0)
    return size


#: Han (with an unassigned code point of the block, U+FA6E, and one beyond the BMP), kana,
#: Hangul, their punctuation, full-width and Latin letters and digits.
SIZE_FRAGMENTS = [
    "中", "国", "经济", "\ufa6e", "\U00020001", "\u4dc0", "ア", "ー", "・", "の", "한", "\u3130",
    "，", "。", "“", " ", "_", "a", "Z", "é", "5", "５", "Ａ", "①", "²", "Ж", "-", "\u00a0",
]


def test_text_size() -> None:
    for text in _texts(SIZE_FRAGMENTS, 11, ROUNDS * 3, 12):
        assert accuracy.text_size(text) == _text_size_reference(text), text


def _uncovered_clauses_reference(pair: Pair, min_words: int) -> list[tuple[int, int]]:
    """:func:`checker.detect.accuracy.uncovered_clauses` as it was: each clause cut anew."""
    lex = accuracy._lexicon()
    keys = accuracy.target_keys(pair.target)
    clauses = list(accuracy._SOURCE_CLAUSE.finditer(pair.source))
    if len(clauses) < 2:
        return []
    digits = accuracy._DIGIT_SEPARATOR.sub("", pair.target)
    letters = "".join(pair.target.lower().split())
    out = []
    for m in clauses:
        clause = m.group()
        if any(
            accuracy._DIGIT_SEPARATOR.sub("", n.group()) in digits
            for n in accuracy._SOURCE_NUMBER.finditer(clause)
        ) or any(t.lower() in letters for t in accuracy._LATIN_TOKEN.findall(clause)):
            continue
        words = covered = 0
        for w in lex.segment(clause):
            if len(w) < 2:
                continue
            glosses = lex.glosses(w)
            if glosses:
                words += 1
                covered += bool(glosses & keys)
        if words >= min_words and not covered:
            out.append(accuracy._trim_span(pair.source, m.start(), m.end()))
    return out


def _uncovered_end_reference(pair: Pair, min_words: int, min_share: float) -> object:
    """:func:`checker.detect.accuracy.uncovered_end` as it was: each Han unit cut anew."""
    lex = accuracy._lexicon()
    keys = accuracy.target_keys(pair.target)
    digits = accuracy._DIGIT_SEPARATOR.sub("", pair.target)
    letters = "".join(pair.target.lower().split())
    units: list[tuple[int, int, bool]] = []
    for m in accuracy._UNIT.finditer(pair.source):
        text = m.group()
        if text[0].isdigit():
            units.append((m.start(), m.end(), accuracy._DIGIT_SEPARATOR.sub("", text) in digits))
        elif text[0].isascii():
            units.append((m.start(), m.end(), text.lower() in letters))
        else:
            pos = m.start()
            for w in lex.segment(text):
                glosses = lex.glosses(w) if len(w) >= 2 else frozenset()
                if glosses:
                    units.append((pos, pos + len(w), not glosses.isdisjoint(keys)))
                pos += len(w)
    run = 0
    for _s, _e, ok in reversed(units):
        if ok:
            break
        run += 1
    rest = units[: len(units) - run]
    if run < min_words or run < min_share * len(units) or not rest:
        return None
    if sum(ok for _s, _e, ok in rest) < accuracy.EDGE_MIN_REST * len(rest):
        return None
    return units[-run][0], units[-1][1]


#: Source words with glosses the target pieces render (or not), clause marks, numbers, Latin
#: words, a Han character beyond the BMP (outside the dictionary's runs) and one it lacks.
GAP_SOURCE = [
    "经济", "发展", "政府", "会议", "中国", "人民", "医院", "学校", "的", "了", "在", "，", "。",
    "；", "？", "：", ",", " ", "12", "1,200", "3.5", "12月", "SealWu", "NBA", "\U00020001",
    "\u9fff", "（", "）", "、",
]
GAP_TARGET = [
    "economy", "development", "government", "meeting", "China", "people", "hospital",
    "school", "12", "1200", "3,5", "Seal Wu", "nba", "the", " ", ".", ",",
]


def test_source_gaps_cut_the_source_once() -> None:
    if accuracy._lexicon() is None:
        pytest.skip("no CC-CEDICT")
    rng = random.Random(12)
    for _ in range(ROUNDS):
        source = "".join(rng.choice(GAP_SOURCE) for _ in range(rng.randint(0, 24)))
        target = " ".join(rng.choice(GAP_TARGET) for _ in range(rng.randint(0, 8)))
        pair = Pair(0, source, target, "zh", "en")
        tail = _uncovered_end_reference(pair, accuracy.EDGE_MIN_WORDS, accuracy.EDGE_MIN_SHARE)
        assert accuracy.uncovered_end(
            pair, accuracy.EDGE_MIN_WORDS, accuracy.EDGE_MIN_SHARE
        ) == tail, pair
        for least in (1, 3):
            assert accuracy.uncovered_clauses(pair, least) == _uncovered_clauses_reference(
                pair, least
            ), pair
        expected = [tail] if tail else _uncovered_clauses_reference(pair, 3)
        assert accuracy._source_gaps(pair) == expected, pair
