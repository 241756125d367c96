"""The shortcuts the rules take for speed give the same answers as the plain way.

Each fast path (a cheap test that settles most texts, a pattern tried only where a match can
start, a cache) is checked against the straightforward computation it replaces, on seeded
random texts built from the fragments that matter to it, or on every code point for the
character classes. ``benchmarks/check_speed.py`` measures the speed itself.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence

import pytest

from checker.chars import is_space
from checker.detect import accuracy, characters, fluency, numbers, terms
from checker.detect.base import Unit
from checker.detect.data import CJK_RUN, FULLWIDTH_MAP, INVISIBLE, MOJIBAKE_CANDIDATE
from checker.score import quality
from checker.split import _PROTECTED, glued_boundaries, protected_spans, split
from checker.split import _cjk_boundaries, _latin_boundaries, _may_glue
from checker.split.data import UNSPACED_LANGS

ROUNDS = 3000


def _texts(
    fragments: Sequence[str], seed: int, rounds: int = ROUNDS, most: int = 10
) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(rounds):
        yield "".join(rng.choice(fragments) for _ in range(rng.randint(0, most)))


def _all_code_points() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


# --- character classes ---------------------------------------------------------------------------


def test_character_classes_match_the_rules_tests() -> None:
    every = _all_code_points()
    invisible = {c for c in every if c in INVISIBLE or (unicodedata.category(c) == "Cc"
                                                         and c not in "\t\n")}
    assert set(characters._INVISIBLE.findall(every)) == invisible
    # every invisible character but U+FFFC is unprintable: printable text has none of them
    assert {c for c in invisible if c.isprintable()} == {"\ufffc"}
    fullwidth = {c for c in every if c in FULLWIDTH_MAP or 0xFF01 <= ord(c) <= 0xFF5E}
    assert set(characters._FULLWIDTH.findall(every)) == fullwidth
    assert set(characters._MOJIBAKE_CANDIDATE.findall(every)) == set(
        MOJIBAKE_CANDIDATE.findall(every)
    )


def test_cjk_hint_covers_every_cjk_character() -> None:
    outside = "".join(c for c in _all_code_points() if not characters._CJK_HINT.match(c))
    assert CJK_RUN.search(outside) is None


# --- splitter ------------------------------------------------------------------------------------

SPLIT_FRAGMENTS = [
    "It began", " this year", ".", "The", " U.S.", "Army", " and 3.5", " ok", "!", "?", "…", "。",
    "！", "”", "\"", ")", " ", "  ", "\u3000", "\n", "see chinanews.com", " www.gov.cn/a.html",
    " a@b.cn", "e.g.", "Dr.", " a.m.", "他说", "今天很好", "Then", "x.Y", "WWW.X.COM", "：",
]


def _split_reference(text: str, lang: str) -> list[tuple[int, int]]:
    """:func:`checker.split.split` without its one-sentence shortcut."""
    from checker.chars import trim

    bounds = _cjk_boundaries(text) if lang in UNSPACED_LANGS else _latin_boundaries(text)
    spans, pos = [], 0
    for b in [*bounds, len(text)]:
        if b > pos:
            spans.append((pos, b))
            pos = b
    return [t for a, b in spans if (t := trim(text, a, b)) is not None]


def _glued_reference(text: str) -> list[tuple[int, int]]:
    """:func:`checker.split.glued_boundaries` as it was, without its shortcut or cache."""
    from checker.split import _LATIN_END, _glued_left_ok, _glued_next, _inside

    protected = [m.span() for m in _PROTECTED.finditer(text)]
    out = []
    for m in _LATIN_END.finditer(text):
        end = m.end()
        if end >= len(text) or is_space(text[end]):
            continue
        if _inside(m.start(), protected) or not _glued_next(text, end):
            continue
        if _glued_left_ok(text, m.start()):
            out.append((end, end))
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_splitter_shortcuts(seed: int) -> None:
    for text in _texts(SPLIT_FRAGMENTS, seed):
        assert protected_spans(text) == [m.span() for m in _PROTECTED.finditer(text)], text
        assert glued_boundaries(text) == _glued_reference(text), text
        for lang in ("en", "zh"):
            assert split(text, lang) == _split_reference(text, lang), (text, lang)


def test_may_glue_is_every_terminator_before_text() -> None:
    for text in _texts(list(".!?…。！？ a\u3000\u00a0\n\t\x1c\x85Z"), 3, 20000, 8):
        n = len(text)
        plain = any(
            c in ".!?…。！？" and i + 1 < n and not is_space(text[i + 1])
            for i, c in enumerate(text)
        )
        assert _may_glue(text) == plain, text


# --- fluency -------------------------------------------------------------------------------------

REPETITION_WORDS = [
    "the", "The", "of", "secret", "secrets", "a", "b", "had", "A", "I", "1", "2", "version",
    "versions", "Fang", "said", "été", "Été", "don’t", "don't", "’s", "x'y",
]
REPETITION_GAPS = [" ", "  ", ", ", ". ", "-", "'", " '", "''"]


def _repetition_reference(rule: fluency.Repetition, text: str) -> list[object]:
    """The rule asking its three tests at every word, as it did before it looked for
    candidates first."""
    words = list(fluency._WORD.finditer(text))
    low = [w.group().lower() for w in words]
    out, covered = [], -1
    for i in range(len(words)):
        if words[i].start() < covered:
            continue
        hit = rule._loop(text, words, low, i) or rule._doubled(text, words, low, i)
        hit = hit or rule._echo_of(text, words, low, i)
        if hit is not None:
            covered = hit.end
            out.append(hit)
    return out


@pytest.mark.parametrize(("max_phrase", "min_loop"), [(6, 3), (2, 2), (1, 1), (3, 5)])
def test_repetition_candidates(max_phrase: int, min_loop: int) -> None:
    rule = fluency.Repetition()
    rule.max_phrase, rule.min_loop = max_phrase, min_loop
    rng = random.Random(max_phrase * 10 + min_loop)
    for _ in range(ROUNDS):
        text = "".join(
            rng.choice(REPETITION_WORDS) + rng.choice(REPETITION_GAPS)
            for _ in range(rng.randint(1, 14))
        )
        assert list(rule.check(Unit(text, "en", ()))) == _repetition_reference(rule, text), text


def test_ascii_words_are_the_word_pattern_words() -> None:
    for text in _texts(list("aB1 '_.-\t,\x1fZ"), 4, 20000, 14):
        assert fluency._ascii_words(text) == [w.lower() for w in fluency._WORD.findall(text)]


def test_spacing_gates() -> None:
    for text in _texts(list(" \t\u00a0,.;:!?)]}aZ1_é("), 5, 20000, 6):
        assert (fluency._SPACE_THEN_MARK.search(text) is not None) == any(
            s + m in text for s in " \t\u00a0" for m in ",.;:!?)]}"
        )
        assert (fluency._MARK_THEN_ALNUM.search(text) is not None) == any(
            text[i] in ",;" and text[i + 1].isalnum() for i in range(len(text) - 1)
        )


# --- numbers -------------------------------------------------------------------------------------

EN_FRAGMENTS = [
    "1", "2", "12", "2020", "2021-07-26", "3.5", "1,200", "1 200", " million", " hundred",
    " and ", "a ", "an ", "A hundred", "twenty", "-", "one", "first", "twenty-first", "fifths",
    "twice", "half", "March", "May", "Sept.", " 5", "5th", "the ", "on ", "Monday", "Mon.",
    " 3 p.m.", "10:30", "1700 hours", "24/7", "3:0", "%", " percent", "COVID-19", "G20", "5G",
    "www.x.com", " ", ", ", ". ", "(", ")", "about ", "II", "Level I", "Jan", "Dec 25", "2nd",
    "１２", "é", "’", "Thurs.", "Tuesday",
]
ZH_FRAGMENTS = [
    "凌晨", "早上", "晚", "二十四", "点半", "16", "时间", "重点", "晚上", "十二", "7月", "一", "二",
    "两", "三", "十", "百", "千", "万", "亿", "零", "〇", "2021", "年", "月", "日", "号", "3", "点",
    "时", "分", "半", "个", "人", "百分之", "五", "分之", "第", "约", "多", "，", "。", "周",
    "星期", "下午", "：", ":", "/", "2020-07-26", "１", "（", "）", "首", "新冠", "一些", "成",
    "倍", "至", "年代", "廿",
]

#: Patterns that start with a digit no digit precedes: tried at the starts of runs of digits.
DIGIT_LED = [
    numbers._ISO_DATE, numbers._CLOCK, numbers._PAIRED, numbers._EN_TIME, numbers._EN_NUMBER,
    numbers._EN_DATE_DM, *numbers._OTHER_NUMBER.values(),
]


def _spans(matches: Iterator[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


@pytest.mark.parametrize("seed", [1, 2])
def test_patterns_tried_where_they_can_start(seed: int) -> None:
    for text in _texts(EN_FRAGMENTS, seed):
        runs = numbers._digit_starts(text, numbers._first_digit(text))
        for pattern in DIGIT_LED:
            assert _spans(numbers._matches_at(pattern, text, runs)) == _spans(
                pattern.finditer(text)
            ), (pattern.pattern, text)
        months = [m.start() for m in numbers._MONTH_HINT.finditer(text)]
        assert _spans(numbers._matches_at(numbers._EN_DATE_MD, text, months)) == _spans(
            numbers._EN_DATE_MD.finditer(text)
        ), text
        days = [m.start() for m in numbers._WEEKDAY_HINT.finditer(text)]
        assert _spans(numbers._matches_at(numbers._EN_WEEKDAY, text, days)) == _spans(
            numbers._EN_WEEKDAY.finditer(text)
        ), text
        lower = numbers._lower_words(text)
        for pattern, words in (
            (numbers._EN_WORD_NUMBER, (lower & numbers._NUMBER_WORDS) | numbers._ARTICLES),
            (numbers._EN_ORDINAL_WORD, lower & numbers._ORDINAL_STARTS),
            (numbers._EN_NUMBER_LIKE, lower & numbers._NUMBER_LIKE_WORDS),
        ):
            assert _spans(numbers._word_matches(pattern, text, words)) == _spans(
                pattern.finditer(text)
            ), (pattern.pattern, text)
    for text in _texts(ZH_FRAGMENTS, seed):
        text = numbers._halfwidth(text)
        for pattern, starts in (
            (numbers._ZH_DATE, numbers._starts(numbers._ZH_DATE_START, text)),
            (numbers._ZH_NUMBER, numbers._starts(numbers._ZH_NUMBER_START, text)),
            (numbers._ZH_TIME, numbers._zh_time_starts(text)),
        ):
            assert _spans(numbers._matches_at(pattern, text, starts)) == _spans(
                pattern.finditer(text)
            ), (pattern.pattern, text)


def test_word_and_hint_helpers() -> None:
    for text in _texts([*EN_FRAGMENTS, "K", "İ", "ſ", "IV", "XX", "Part", "VX"], 3):
        assert numbers._lower_words(text) == set(re.findall(r"[A-Za-z]+", text.lower()))
        assert numbers._roman_hint(text) == (numbers._ROMAN_HINT.search(text) is not None)
        assert numbers._halfwidth(text) == (
            text.translate(numbers.FULLWIDTH_DIGITS) if numbers._FULLWIDTH.search(text) else text
        )


def _counts(mentions: Sequence[numbers.Mention]) -> bool:
    return any(m.strong or m.kind in ("year", "iso", "code") for m in mentions)


@pytest.mark.parametrize("seed", [1, 2])
def test_may_count_is_necessary(seed: int) -> None:
    for text in _texts(ZH_FRAGMENTS, seed, most=8):
        if _counts(numbers.zh_mentions(text)):
            assert numbers._may_count(text, "zh"), text
    for text in _texts(EN_FRAGMENTS, seed, most=8):
        for lang in ("en", "de"):
            if _counts(numbers.latin_mentions(text, lang)):
                assert numbers._may_count(text, lang), (text, lang)


# --- terms ---------------------------------------------------------------------------------------

NAME_WORDS = [
    "Xi", "Jinping", "Jin-ping", "The", "the", "President", "General", "Secretary", "China's",
    "China’s", "U.S.", "US", "COVID-19", "3D", "a3D", "x-Ray", "X-Ray", "'The", "O'Neil",
    "McDonald", "José", "Ünal", "_A", "A_", "of", "Zheng", "Zhou", "Zhengzhou", "ZHENG", "I",
]
NAME_GAPS = [" ", "  ", ", ", ". ", "-", "'", "\n", "’", ""]


def _name_spans_reference(text: str, max_words: int = 4) -> Iterator[tuple[int, int, str, str]]:
    """:func:`checker.detect.terms._name_spans` as it was: every word, one by one."""
    run: list[tuple[int, str, str]] = []
    last_end = -1
    for m in terms._NAME_WORD.finditer(text):
        word = m.group()
        start, end = m.span()
        if not word[0].isupper():
            run = []
            continue
        possessive = terms._POSSESSIVE.search(word)
        if possessive:
            word, end = word[: possessive.start()], start + possessive.start()
        if run and (text[last_end:start].strip() or start == last_end):
            run = []
        run.append((start, word, terms.name_key(word)))
        last_end = end
        for k in range(max(0, len(run) - max_words), len(run)):
            words = run[k:]
            if words[0][1] in terms.TITLE_WORDS and any(
                w not in terms.TITLE_WORDS for _, w, _ in words
            ):
                continue
            if words[0][1].lower() in terms._LEADING_WORDS:
                continue
            yield (
                words[0][0],
                end,
                " ".join(w for _, w, _ in words).replace("’", "'"),
                "".join(key for _, _, key in words),
            )
        if possessive:
            run = []


def test_name_spans_and_keys() -> None:
    rng = random.Random(6)
    for _ in range(ROUNDS):
        text = "".join(
            rng.choice(NAME_WORDS) + rng.choice(NAME_GAPS) for _ in range(rng.randint(0, 10))
        )
        for max_words in (4, 2):
            assert list(terms._name_spans(text, max_words)) == list(
                _name_spans_reference(text, max_words)
            ), text


def test_norm_words_and_name_key() -> None:
    alphabet = "ａＡ１，：（）　…Ｋ一二ſẛ̣é\u0301 a.-_the and THE Thé ﬁ①⼀"
    for text in _texts(list(alphabet), 7, 20000, 12):
        folded = unicodedata.normalize("NFKC", text).casefold()
        assert terms._norm_words(text) == tuple(terms._WORD.findall(folded)), text
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
        assert terms.name_key(text) == terms._NOT_ALNUM.sub("", plain).lower(), text


# --- accuracy and quality ------------------------------------------------------------------------


def test_may_dangle_is_necessary() -> None:
    words = [*accuracy._DANGLING_WORDS, "The", "AND", "x", "_", "1", "Ünd", "théir", "nothe"]
    rng = random.Random(8)
    for _ in range(ROUNDS * 3):
        text = "".join(
            rng.choice(words) + rng.choice([" ", ".", "...", "\n", " .\n", "", "-", "é"])
            for _ in range(rng.randint(0, 5))
        )
        if accuracy._DANGLING_END.search(text):
            assert accuracy._may_dangle(text), text


def test_quality_patterns() -> None:
    plain = re.compile(r"\b[A-Z][a-z]+\b")
    han = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
    for text in _texts(list("aZbQ _-'9é\u00c9.\n’中国，"), 9, 20000, 12):
        assert quality._CAPITALISED.findall(text) == plain.findall(text), text
        assert sum(map(len, quality._HAN_RUN.findall(text))) == len(han.findall(text))


# --- caches --------------------------------------------------------------------------------------

CACHED: list[tuple[str, Callable[[str], list[object]]]] = [
    ("glued", lambda t: glued_boundaries(t)),
    ("zh dates", numbers.zh_dates),
    ("en dates", numbers.en_dates),
    ("zh mentions", numbers.zh_mentions),
    ("latin mentions", lambda t: numbers.latin_mentions(t, "en")),
]


@pytest.mark.parametrize(("name", "function"), CACHED)
def test_cached_results_are_not_shared_mutably(
    name: str, function: Callable[[str], list[object]]
) -> None:
    """A caller that changes the list it got back must not change what the next caller gets."""
    text = "2021年3月5日（周五）, on March 5, 2021, 1,200 people.The end."
    first = function(text)
    expected = list(first)
    assert expected, name
    first.clear()
    assert function(text) == expected, name
