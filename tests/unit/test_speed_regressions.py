"""The shortcuts the rules take for speed give the same answers as the plain way.

Each fast path (a cheap test that settles most texts, a pattern tried only where a match can
start, a cache) is checked against the straightforward computation it replaces, on seeded
random texts built from the fragments that matter to it, or on every code point for the
character classes. ``benchmarks/check_speed.py`` measures the speed itself.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence

import pytest
from conftest import name_spans_reference, random_texts

from checker.chars import is_space
from checker.detect import accuracy, characters, fluency, numbers, terms
from checker.detect.base import Unit
from checker.detect.data import (
    CJK_RUN, ECHO_OF_OK, FULLWIDTH_MAP, FUNCTION_WORDS, INVISIBLE, MOJIBAKE_CANDIDATE,
)
from checker.score import quality
from checker.split import _PROTECTED, glued_boundaries, protected_spans, split
from checker.split import _cjk_boundaries, _latin_boundaries, _may_glue
from checker.split.data import UNSPACED_LANGS

ROUNDS = 3000


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
    "Élan", "4.1", "’", "Ǆ",
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
    for text in random_texts(SPLIT_FRAGMENTS, seed):
        assert protected_spans(text) == [m.span() for m in _PROTECTED.finditer(text)], text
        assert glued_boundaries(text) == _glued_reference(text), text
        for lang in ("en", "zh"):
            assert split(text, lang) == _split_reference(text, lang), (text, lang)


def test_may_glue_is_every_terminator_before_a_capital() -> None:
    """A terminator, then more of them or closing quotes, then a character that may be a
    capital: an upper-case character, or any letter outside ASCII."""
    closers = "\"'”’)]}）」』》〉】"
    for text in random_texts(list(".!?…。！？ a\u3000\u00a0\n\t\x1c\x85Zé”)1Ⅷ"), 3, 20000, 8):
        plain = False
        for i, c in enumerate(text):
            if c not in ".!?…。！？":
                continue
            j = i + 1
            while j < len(text) and (text[j] in ".!?…。！？" or text[j] in closers):
                j += 1
            if j < len(text) and (text[j].isupper() or (not text[j].isascii()
                                                        and text[j].isalnum()
                                                        and not text[j].isdecimal())):
                plain = True
        assert _may_glue(text) == plain, text
    for text in ("It began.Élan grew.", "It rose 4.1 points.The end", "Done.”Then"):
        assert glued_boundaries(text) == _glued_reference(text) != [], text


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


def _plain_candidates(
    low: list[str], max_phrase: int, min_loop: int, any_head: bool = False
) -> set[int]:
    """The first written form of ``Repetition._candidates``: a word-by-word chained search.

    ``any_head`` takes every word before "of" as the head of an "X of … X" echo, as that form
    did; the rule now asks only about heads ``_echo_of`` reads (not a function word, a word of
    ECHO_OF_OK, a word of one or two letters or a number).
    """
    n = len(low)
    out: set[int] = set()
    if n < 2:
        return out
    for k in range(1, n - 1):
        head = low[k - 1]
        if not any_head and (
            head in FUNCTION_WORDS or head in ECHO_OF_OK or len(head) < 3 or head.isdigit()
        ):
            continue
        if low[k] == "of" and any(
            fluency._same_lemma(low[j], head) for j in range(k + 1, min(k + 4, n))
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
def test_repetition_candidate_set_is_the_chained_search(max_phrase: int, min_loop: int) -> None:
    rng = random.Random(max_phrase * 10 + min_loop)
    rule = fluency.Repetition()
    rule.max_phrase = max_phrase
    rule.min_loop = min_loop
    for _ in range(3000):
        size = rng.randint(0, 30)
        low = [rng.choice(_ECHO_WORDS[: rng.randint(2, len(_ECHO_WORDS))]) for _ in range(size)]
        assert rule._candidates(low) == _plain_candidates(low, max_phrase, min_loop), low


_ECHO_WORDS = ["the", "of", "a", "secret", "secrets", "boxes", "box", "ab", "abs", "x", "one",
               "ones", "12", "million", "Secret", "other", "others"]


@pytest.mark.parametrize("max_phrase", [1, 3, 6])
@pytest.mark.parametrize("min_loop", [1, 3])
def test_repetition_hits_are_those_of_every_head_asked(max_phrase: int, min_loop: int) -> None:
    """Leaving out the "X of … X" heads that _echo_of never reads loses no hit."""

    class EveryHead(fluency.Repetition):
        def _candidates(self, low: list[str]) -> set[int]:
            return _plain_candidates(low, self.max_phrase, self.min_loop, any_head=True)

    rules = [fluency.Repetition(), EveryHead()]
    for r in rules:
        r.max_phrase, r.min_loop = max_phrase, min_loop
    rng = random.Random(max_phrase * 10 + min_loop)
    for _ in range(2000):
        size = rng.randint(0, 20)
        text = " ".join(rng.choice(_ECHO_WORDS) for _ in range(size))
        text += rng.choice(["", ".", " of secrets"])
        unit = Unit(text=text, lang="en", sentences=((0, len(text)),) if text else ())
        a, b = (list(r.check(unit)) for r in rules)
        assert a == b, text


@pytest.mark.parametrize("max_phrase", [1, 2, 3, 6, 8])
def test_said_again_matches_where_each_phrase_length_does(max_phrase: int) -> None:
    """The one pattern of ``_said_again`` (first word, rest, both again) matches at every
    place where a phrase of 1 to ``max_phrase`` written words is said twice in a row, and at
    no other, a line break never inside."""
    strict = fluency._said_again(max_phrase, False)
    phrase = re.compile(f"(?=(?:([^\\n])\\1|([^\\n]{{2,{max(2, max_phrase)}}})\\2))")
    for text in random_texts(list("abcab\n"), 3, 3000, max_phrase * 3 + 4):
        expected = {
            m.start()
            for m in phrase.finditer(text)
            if max_phrase > 1 or m.group(1) is not None
        }
        assert {k for k in range(len(text) + 1) if strict.match(text, k)} == expected, text


OTHER_WORD_FRAGMENTS = [
    "don", "t", "A", "b", "of", "1", " ", "’", "'", "é", "É", "ß", "İ", "Σ", "“", "”", "‘",
    "—", "…", "\u00a0", "：", "\x01", "_", "\x1f", "-",
]


def _restored(words: list[str], text: str) -> list[str]:
    """Words of :func:`fluency._other_words` with ’ as the text writes it."""
    return words if "\x01" in text else [w.replace("\x01", "’") for w in words]


def test_not_word_marks_are_never_in_a_word() -> None:
    for mark in fluency._NOT_WORD_MARKS:
        assert not mark.isascii() and not re.fullmatch(r"[^\W_]|['’]", mark), mark


def test_other_words_are_the_words() -> None:
    """The words of a text outside ASCII read by the byte table (its typographic quotes and
    dashes written as spaces, ’ as \\x01) are its words, ’ apart."""
    by_table = 0
    common = ["don", "t", " ", "’", "“", "—"] * 5  # texts the byte table reads
    for text in random_texts(OTHER_WORD_FRAGMENTS + common, 16, 20000, 12):
        found = fluency._other_words(text)
        assert _restored(found, text) == fluency._lower_words(text), text
        by_table += any("\x01" in w for w in found)
    assert by_table > 200  # the byte table is tried


def test_screen_words_are_each_paragraphs() -> None:
    texts = list(random_texts(OTHER_WORD_FRAGMENTS + ["a b. ", "x"] * 6, 17, 6000, 8))
    rng = random.Random(17)
    for _ in range(ROUNDS):
        paragraphs = rng.sample(texts, rng.randint(1, 8))
        joined = " \x00 ".join(paragraphs)
        words = fluency._screen_words(paragraphs, joined)
        each: list[list[str]] = [[]]
        for w in words:
            if w == "\x00":
                each.append([])
            else:
                each[-1].append(w)
        assert len(each) == len(paragraphs), paragraphs
        for found, paragraph in zip(each, paragraphs, strict=True):
            assert _restored(found, paragraph) == fluency._lower_words(paragraph), paragraph
        if all("\x01" not in p for p in paragraphs):
            assert _restored(words, "") == fluency._lower_words(joined, breaks=True)


def test_ascii_words_are_the_word_pattern_words() -> None:
    for text in random_texts(list("aB1 '_.-\t,\x1fZ"), 4, 20000, 14):
        assert fluency._ascii_words(text) == [w.lower() for w in fluency._WORD.findall(text)]


def test_spacing_gates() -> None:
    for text in random_texts(list(" \t\u00a0,.;:!?)]}aZ1_é(²٣五"), 5, 20000, 6):
        assert (fluency._SPACE_THEN_MARK.search(text) is not None) == any(
            s + m in text for s in " \t\u00a0" for m in ",.;:!?)]}"
        )
        assert (fluency._MARK_THEN_LETTER.search(text) is not None) == any(
            text[i] in ",;" and text[i + 1].isalnum() and not text[i + 1].isdecimal()
            for i in range(len(text) - 1)
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
    for text in random_texts(EN_FRAGMENTS, seed):
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
    for text in random_texts(ZH_FRAGMENTS, seed):
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
    for text in random_texts([*EN_FRAGMENTS, "K", "İ", "ſ", "IV", "XX", "Part", "VX"], 3):
        assert numbers._lower_words(text) == set(re.findall(r"[A-Za-z]+", text.lower()))
        assert numbers._roman_hint(text) == (numbers._ROMAN_HINT.search(text) is not None)
        assert numbers._halfwidth(text) == (
            text.translate(numbers.FULLWIDTH_DIGITS) if numbers._FULLWIDTH.search(text) else text
        )


def _counts(mentions: Sequence[numbers.Mention]) -> bool:
    return any(m.strong or m.kind in ("year", "iso", "code") for m in mentions)


@pytest.mark.parametrize("seed", [1, 2])
def test_may_count_is_necessary(seed: int) -> None:
    for text in random_texts(ZH_FRAGMENTS, seed, most=8):
        if _counts(numbers.zh_mentions(text)):
            assert numbers._may_count(text, "zh"), text
    for text in random_texts(EN_FRAGMENTS, seed, most=8):
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


def test_name_spans_and_keys() -> None:
    rng = random.Random(6)
    for _ in range(ROUNDS):
        text = "".join(
            rng.choice(NAME_WORDS) + rng.choice(NAME_GAPS) for _ in range(rng.randint(0, 10))
        )
        for max_words in (4, 2):
            assert list(terms._name_spans(text, max_words)) == list(
                name_spans_reference(text, max_words)
            ), text


def test_norm_words_and_name_key() -> None:
    alphabet = "ａＡ１，：（）　…Ｋ一二ſẛ̣é\u0301 a.-_the and THE Thé ﬁ①⼀"
    for text in random_texts(list(alphabet), 7, 20000, 12):
        folded = unicodedata.normalize("NFKC", text).casefold()
        assert terms._norm_words(text) == tuple(terms._WORD.findall(folded)), text
        decomposed = unicodedata.normalize("NFKD", text)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
        assert terms.name_key(text) == terms._NOT_ALNUM.sub("", plain).lower(), text


# --- accuracy and quality ------------------------------------------------------------------------


def test_dangling_end_is_the_pattern() -> None:
    words = [
        *accuracy._DANGLING_WORDS, "The", "AND", "x", "_", "1", "Ünd", "théir", "nothe", "ſuch",
        "tHE", "a_", "_a", "an1", "K", "\u212aan",
    ]
    gaps = [
        " ", ".", "...", "\n", " .\n", "", "-", "é", "_", "’", "\u3000", "。", "\t", "'", "\x1f",
        "\x7f", "(",
    ]
    rng = random.Random(8)
    for _ in range(ROUNDS * 3):
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(rng.randint(0, 5)))
        m = accuracy._DANGLING_END.search(text)
        assert accuracy._dangling_end(text) == (m.group(1) if m else None), text


def test_quality_patterns() -> None:
    plain = re.compile(r"\b[A-Z][a-z]{3,}\b")  # transliteration candidates: 4+ letters
    han = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
    for text in random_texts(list("aZbQ _-'9é\u00c9.\n’中国，"), 9, 20000, 12):
        assert quality._CAPITALISED.findall(text) == plain.findall(text), text
        found = quality._HAN_RUN_OR_TOKEN.findall(text)
        assert sum(map(len, found)) == len(han.findall(text))
        assert found.count("") == len(re.findall(r"[A-Za-z0-9]+", text))


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


# --- numbers: the readers' shortcuts -------------------------------------------------------------

FULLWIDTH_FRAGMENTS = [
    "１", "２０", "％", "．", "，", "：", "／", "，，", "中文", "a", " ", "5", "。",
]


def test_halfwidth_of_chinese_text() -> None:
    for text in random_texts(FULLWIDTH_FRAGMENTS, 21, most=8):
        numbers._halfwidth_of.cache_clear()
        assert numbers._halfwidth(text) == text.translate(numbers.FULLWIDTH_DIGITS), text


def test_numeral_runs_and_chinese_number_matches() -> None:
    for text in random_texts([*ZH_FRAGMENTS, "１２", "٣", "4万", "三4", "1,234", "5.5", "x"], 22):
        text = numbers._halfwidth(text)
        numerals, runs = numbers._numeral_runs(text)
        runs_of_class = re.finditer(numbers._ZH_NUMBER_START.pattern + "+", text)
        assert numerals == [m.span() for m in runs_of_class]
        assert runs == [m.start() for m in re.finditer(r"\d+", text)], text
        assert _spans(iter(numbers._zh_numbers(text, numerals))) == _spans(
            numbers._matches_at(
                numbers._ZH_NUMBER, text, numbers._starts(numbers._ZH_NUMBER_START, text)
            )
        ), text


#: Pieces of Chinese text with digits, most of which zh_mentions reads as plain (see
#: numbers._zh_plain), and what would make it read them otherwise next to a digit.
PLAIN_ZH_FRAGMENTS = [
    "1", "23", "2020", "1990", "204", "1,200", "674,850", "3.5", ".07", "-07-26", ".7.1", ",",
    ".", "多", "余", "%", "约", "近", "超过", "左右", "以上", "第", "号", "、", "和", "及", "等",
    "上述", "首", "周", "星期", "新冠", "全天候", "日夜", "成", "倍", "增长", "米", "公里", "里",
    "千米", "斤", "年代", "个", "人", "家", "的", "，", "。", "；", "：", "a", "G", "COVID-",
    "MH", "km", "-", "–", "~", "至", "年", "月", "日", " 日", "时", "点", "半", "一", "十", "百",
    "分之", "/", "(", "（", "@", "www.", "٣", "１２", "，5", "2020.7.1", "2021-07-26",
    "1999.12.31", " 年", "约2020 年", "万", "亿", "千", "两", "零", "〇", "廿",
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plain_chinese_reading_is_the_full_one(seed: int) -> None:
    plain = 0
    for text in random_texts(PLAIN_ZH_FRAGMENTS, 70 + seed, rounds=ROUNDS * 2, most=12):
        text = numbers._halfwidth(text)
        if numbers._zh_plain(text):
            plain += 1
            assert numbers._zh_plain_mentions(text) == numbers._zh_all_mentions(text), text
            assert _spans(numbers._ZH_DIGITS.finditer(text)) == _spans(
                numbers._ZH_NUMBER.finditer(text)
            ), text
            assert [m.groups() for m in numbers._ZH_DIGITS.finditer(text)] == [
                m.groups() for m in numbers._ZH_NUMBER.finditer(text)
            ], text
        assert numbers.zh_mentions(text) == _zh_mentions_reference(text), text
    assert plain > ROUNDS // 4  # (the fragments make many texts plain)


def _word_starts_reference(folded: str, words: set[str]) -> list[int]:
    """:func:`numbers._word_starts` as it was: every occurrence, then whether it is whole."""
    out = []
    n = len(folded)
    for w in words:
        k = len(w)
        i = folded.find(w)
        while i >= 0:
            if (i == 0 or folded[i - 1] == " ") and (i + k == n or folded[i + k] == " "):
                out.append(i)
            i = folded.find(w, i + k)
    return sorted(out)


def test_known_words_and_word_starts() -> None:
    fragments = [*EN_FRAGMENTS, "K", "İ", "ſix", "ONE", "Twenty-One", "a", "an", "money", "often"]
    for text in random_texts(fragments, 23):
        known = numbers._known_words(text)
        assert known == numbers._lower_words(text) & numbers._KNOWN_WORDS, text
        folded = numbers._folded(text)
        if text.isascii():
            assert numbers._folded_bytes(text).decode() == folded
        for words in (known, known & numbers._NUMBER_WORDS, {"a", "one", "first"}):
            assert numbers._word_starts(folded, words) == _word_starts_reference(folded, words)


def test_strong_number_words() -> None:
    words = [*numbers._NUMBER_WORDS, "tens", "sevens", "Twenty-", "THREE", "ſix", "K", "é", "x"]
    for text in random_texts([*EN_FRAGMENTS, *words, " ", "-", "."], 30):
        expected = not numbers._STRONG_NUMBER_WORDS.isdisjoint(numbers._known_words(text))
        assert numbers._has_strong_word(text) == expected, text


def test_digit_ordinal_at_runs() -> None:
    for text in random_texts(["1", "23", "st", "nd", "th", "rd", " ", "x", "s", "1st", "٣rd"], 24):
        runs = [m.start() for m in numbers._DIGIT_RUN.finditer(text)]
        assert runs == [m.start() for m in re.finditer(r"\d+", text)]
        expected = numbers._DIGIT_ORDINAL.search(text) is not None
        assert any(numbers._DIGITS_THEN_ORDINAL.match(text, r) for r in runs) == expected, text


def _en_dates_reference(text: str) -> list[numbers.DateMention]:
    """:func:`numbers.en_dates` as it was: the weekdays looked for on their own."""
    out = list(numbers._en_dates_of(text)[0])
    weekdays = "day" in text or (
        "." in text and numbers._WEEKDAY_ABBREVIATION.search(text) is not None
    )
    names = [m.start() for m in numbers._WEEKDAY_HINT.finditer(text)] if weekdays else []
    for m in numbers._matches_at(numbers._EN_WEEKDAY, text, names) if names else ():
        name = (m.group(1) or m.group(2)).lower()
        out.append(numbers.DateMention(m.start(), m.end(), weekday=numbers.EN_WEEKDAYS[name]))
    out.sort(key=lambda d: d.start)
    return out


def test_has_digit() -> None:
    for ch in map(chr, range(0x3100)):
        assert numbers._has_digit(f"a{ch}b") == (numbers._HAS_DIGIT.search(ch) is not None), ch
    for text in random_texts([*EN_FRAGMENTS, "١", "x", "中"], 28):
        assert numbers._has_digit(text) == (numbers._HAS_DIGIT.search(text) is not None), text


def test_digit_runs_and_iso_starts() -> None:
    fragments = [*EN_FRAGMENTS, *ZH_FRAGMENTS, "١٢", "2020.1.5", "1999/12/31", "20201-1-1"]
    for text in random_texts(fragments, 29):
        runs = [m.start() for m in re.finditer(r"\d+", text)]
        assert numbers._digit_runs(text) == runs, text
        assert _spans(numbers._matches_at(numbers._ISO_DATE, text, runs)) == _spans(
            numbers._matches_at(numbers._ISO_DATE, text, numbers._iso_starts(text, runs))
        ), text


def test_month_and_weekday_hints() -> None:
    fragments = [*EN_FRAGMENTS, "Mon", "Monday", "Sat.", "Sunset", "Thurs.", " 5", "MarMay"]
    for text in random_texts(fragments, 25):
        numbers._EN_DATES.clear()
        dates, parts, weekdays = numbers._en_dates_of(text)
        assert list(weekdays) == [m.start() for m in numbers._WEEKDAY_HINT.finditer(text)], text
        runs = [m.start() for m in re.finditer(r"\d+", text)]
        plain = numbers._en_date_spans(text, bool(runs), runs)
        assert (list(dates), list(parts)) == plain, text
        assert numbers.en_dates(text) == _en_dates_reference(text), text


def test_gloss_gap_start() -> None:
    alphabet = list("aZ.$€-% \t\u3000中国9(（,") + ["", "  "]
    for text in random_texts(alphabet, 26, most=14):
        for end in range(len(text) + 1):
            first = numbers._gloss_gap_start(text, end)
            for e in range(end + 1):
                matches = numbers._GLOSS_GAP.fullmatch(text, e, end) is not None
                assert matches == (e >= first), (text, e, end)


GLOSS_FRAGMENTS = [
    "6,000", " mu ", "(", "（", "400", " hectares", ")", "约合", "7000", "美元", "5万元", "about ",
    "one", " ", "  ", "三", "，", "(or ", "3.5", "km", "x1", "二十",
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_weaken_glosses_by_gap(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(27)
    for _ in range(ROUNDS // 3):
        text = "".join(rng.choice(GLOSS_FRAGMENTS) for _ in range(rng.randint(1, 60)))
        found = numbers.mentions(text, lang)
        monkeypatch.setattr(numbers, "_GLOSS_SCAN", 10**9)
        plain = list(found)
        numbers._weaken_glosses(numbers._halfwidth(text), plain)
        monkeypatch.setattr(numbers, "_GLOSS_SCAN", 0)
        fast = list(found)
        numbers._weaken_glosses(numbers._halfwidth(text), fast)
        assert fast == plain, text


# --- numbers: comparing mentions -----------------------------------------------------------------

VALUES = [0.0, 1.0, 2.0, 3.0, 24.0, 29.0, 29.6, 30.0, 31.0, 1200.0, 1.2e6, 1234567.0, 1e12, 7.0]
VALUES += [0.07 * 100, 0.1 + 0.2, 0.3, 1.15 * 100, 115.0]  # equal within 1e-9, not exactly
KINDS = ["number", "percent", "ordinal", "time", "year", "date", "code", "word", "iso"]


def _random_mention(rng: random.Random, kinds: Sequence[str] = KINDS) -> numbers.Mention:
    kind = rng.choice(kinds)
    if kind == "time":
        minute, second = rng.choice([0, 30, 42, 43]), rng.choice([0, 0, 50])
        values = numbers._time_values(rng.randrange(24), minute, second)
    else:
        values = tuple(rng.choice(VALUES) for _ in range(rng.choice([1, 1, 1, 2, 3])))
    start = rng.randrange(100)
    return numbers.Mention(
        start,
        start + rng.randrange(1, 6),
        values,
        rng.choice([1.0, 1.0, 0.1, 10.0, 1e4, 1e5]),
        rng.random() < 0.7,
        kind,
        rng.random() < 0.2,
        rng.random() < 0.5,
    )


def _mention_matches_reference(source: numbers.Mention, target: numbers.Mention) -> bool:
    """:func:`numbers.mention_matches` without its shortcut for one value each."""
    rounding = target.unit * 0.499 if target.kind not in ("word", "code", "date") else 0.0
    tol = rounding if source.unit < target.unit else 0.0
    if target.approx and target.kind != "time" and target.unit >= 1:
        widened = numbers._trailing_zero_unit(target.value, target.unit) / 2
        tol = max(tol, min(widened, 0.05 * abs(target.value)))
    if target.kind in ("date", "iso") and source.kind not in ("date", "year", "time", "iso"):
        return False
    if target.kind == "iso" and source.kind == "iso":
        return source.value == target.value
    if target.kind == "time" and source.kind in ("time", "date", "iso", "year"):
        return source.kind == "time" and numbers._same_time(source.values[0], target.values[0])
    main = target.values[0]
    for i, vs in enumerate(source.values):
        for vt in target.values:
            if vs >= numbers.TIME_BASE or vt >= numbers.TIME_BASE:
                if vs == vt:
                    return True
                continue
            t_tol = (tol if i == 0 else max(tol, rounding)) if vt == main else 0.0
            if abs(vs - vt) <= t_tol + 1e-9 * max(abs(vs), abs(vt), 1.0):
                return True
    return False


def test_weak_word_values_are_every_value() -> None:
    # every Roman numeral _ROMAN reads (strings of I, V, X up to 8 long it matches whole)
    romans = set()
    for size in range(1, 9):
        for letters in itertools.product("IVX", repeat=size):
            numeral = "".join(letters)
            m = numbers._ROMAN.fullmatch(numeral) or numbers._ROMAN.fullmatch(f"Part {numeral}")
            if m is not None and (m.group("r") or m.group("r1")) == numeral:
                romans.add(float(numbers._roman_value(numeral)))
    weak = set(numbers._WEAK_WORD_VALUES)
    assert romans <= weak
    words = [*numbers.EN_ORDINALS, *numbers.EN_TENS, *numbers.EN_NUMBER_LIKE, "Phase IV", "XIV"]
    texts = [" ".join(w) for w in itertools.product(words, ["", "s", "-first", "-Fifths"])]
    for text in texts + list(random_texts([*words, "s", "-", " ", "II", "X", "V"], 32, most=6)):
        for m in numbers._en_weak_words(text, bytearray(len(text))):
            assert set(m.values) <= weak, (text, m)
    rng = random.Random(33)
    candidates = [*numbers._WEAK_WORD_VALUES, *VALUES, 204.0, 1994.0, 674850.0, math.inf]
    for _ in range(ROUNDS * 5):
        s = _random_mention(rng)
        v = rng.choice(candidates) * rng.choice([1.0, 1.0, 1 + 1e-10, 1 - 1e-10, 1 + 1e-8, 1.5])
        s = s._replace(values=(v, *s.values[1:]))
        w = rng.choice(numbers._WEAK_WORD_VALUES)
        t = numbers.Mention(0, 1, (w,), strong=False, kind="word")
        if numbers.mention_matches(s, t):
            assert numbers._may_match_weak(s), (s, t)


def test_mention_matches_and_exact_values() -> None:
    rng = random.Random(31)
    for _ in range(ROUNDS * 5):
        s, t = _random_mention(rng), _random_mention(rng)
        expected = _mention_matches_reference(s, t)
        assert numbers.mention_matches(s, t) == expected, (s, t)
        if numbers._exact(t) and set(s.values) & set(t.values):
            assert expected, (s, t)
    for _ in range(ROUNDS):
        target = [_random_mention(rng) for _ in range(rng.randrange(4))]
        exact = numbers._exact_values(target)
        assert exact is not None
        for s in (_random_mention(rng) for _ in range(3)):
            if exact & set(s.values):
                assert any(numbers.mention_matches(s, t) for t in target), (s, target)


def test_matches_looked_up_by_value() -> None:
    rng = random.Random(32)
    for _ in range(ROUNDS // 2):
        kinds = rng.sample(KINDS, rng.randint(1, 3))  # a few kinds: more of each to compare
        sources = [_random_mention(rng, kinds) for _ in range(rng.randrange(12))]
        targets = [_random_mention(rng, kinds) for _ in range(rng.randrange(12))]
        by_source = numbers._ByValue(sources, of_targets=False)
        by_target = numbers._ByValue(targets, of_targets=True)
        for t in targets:
            expected = any(numbers.mention_matches(s, t) for s in sources)
            assert by_source.any_match(t) == expected, (sources, t)
        for s in sources:
            expected = any(numbers.mention_matches(s, t) for t in targets)
            assert by_target.any_match(s) == expected, (s, targets)


def test_nearest_source_mentions() -> None:
    rng = random.Random(33)
    for _ in range(ROUNDS // 3):
        items = [_random_mention(rng) for _ in range(rng.randrange(10))]
        source, target = "s" * rng.randrange(1, 120), "t" * rng.randrange(1, 120)
        pair = numbers.Pair(0, source, target, "zh", "en")
        pool, plain = numbers._Nearest(list(items), pair.source), list(items)
        for t in (_random_mention(rng) for _ in range(rng.randrange(12))):
            expected = numbers._closest(plain, t, pair)
            if expected is not None:
                plain.remove(expected)
            assert pool.pop(t, pair.target) == expected
        assert pool.left(len(items)) == plain


def _random_date(rng: random.Random) -> numbers.DateMention:
    start = rng.randrange(50)
    end = start + rng.randrange(1, 5)
    if rng.random() < 0.2:
        return numbers.DateMention(start, end, weekday=rng.choice([1, 2, 3]))
    return numbers.DateMention(
        start,
        end,
        rng.choice([None, 2020, 2021]),
        rng.choice([None, 1, 2, 3]),
        rng.choice([None, 1, 2, 3]),
    )


def _start(d: numbers.DateMention) -> int:
    return d.start


def test_dates_picked_by_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(34)
    for _ in range(ROUNDS):
        source = sorted((_random_date(rng) for _ in range(rng.randrange(12))), key=_start)
        target = sorted((_random_date(rng) for _ in range(rng.randrange(12))), key=_start)
        pair = numbers.Pair(0, "s" * rng.randrange(1, 60), "t" * rng.randrange(1, 60), "zh", "en")
        picker, plain = numbers._DatePicker(list(source), pair.source), list(source)
        for t in target if source else ():
            if not plain:
                break
            expected = numbers._pick(plain, t, pair)
            rank = picker.pick(t, pair.target)
            assert source[rank] == expected
            plain.remove(expected)
            picker.take(rank)
        src = numbers._SourceDates.of(source, "2020年"[: rng.randrange(6)])
        months = frozenset(rng.sample([1, 2, 3], rng.randrange(3)))
        monkeypatch.setattr(numbers, "_DATES_INDEX_ABOVE", 10**9)
        expected = numbers.date_conflicts(target, src, pair, months)
        monkeypatch.setattr(numbers, "_DATES_INDEX_ABOVE", -1)
        assert numbers.date_conflicts(target, src, pair, months) == expected, (source, target)


# --- numbers: the rule ---------------------------------------------------------------------------


def _number_mismatch_reference(pairs: Sequence[numbers.Pair]) -> list[object]:
    """NumberMismatch as the plain computation: every pair read whole (no gate, no step
    over all pairs, no weak word left for later), every mention compared with every other."""
    cache: dict[tuple[int, str], list[numbers.Mention]] = {}

    def side(k: int, which: str) -> list[numbers.Mention]:
        if (k, which) not in cache:
            p = pairs[k]
            text, lang = (p.source, p.source_lang) if which == "s" else (p.target, p.target_lang)
            cache[k, which] = numbers.mentions(text, lang) if text.strip() else []
        return cache[k, which]

    out: list[object] = []
    matches = numbers.mention_matches
    for k, pair in enumerate(pairs):
        if not pair.source.strip() or not pair.target.strip():
            continue
        source, target = side(k, "s"), side(k, "t")
        checked = [t for t in target if numbers.NumberMismatch._checked(t, pair, source)]
        if not checked and not any(m.strong for m in source):
            continue
        extra = [t for t in checked if not any(matches(s, t) for s in source)]
        missing = [
            s
            for s in source
            if s.strong
            and not any(matches(s, t) for t in target)
            and not numbers._spelled_in_name(pair.source[s.start : s.end], pair.target)
        ]
        near = [s for j in (k - 1, k + 1) if 0 <= j < len(pairs) for s in side(j, "s")]
        extra = [
            t
            for t in extra
            if abs(t.value) < 10
            or t.kind in ("code", "time")
            or not any(matches(s, t) for s in near)
        ]
        unmatched = [
            x
            for x in source
            if x.pairable and x not in missing and not any(matches(x, y) for y in target)
        ]
        for t in extra:
            s = numbers._closest(missing + unmatched, t, pair)
            if s is not None:
                (missing if s in missing else unmatched).remove(s)
            out.append(numbers.NumberMismatch._extra_hit(k, pair, t, s))
        out += [numbers.NumberMismatch._missing_hit(k, s) for s in missing]
    return out


RULE_ZH = [
    *ZH_FRAGMENTS, "约", "（约合", "美元）", "亩", "5号线", "北京、上海、广州3地", "新冠",
    "COVID-19",
]
RULE_EN = [
    *EN_FRAGMENTS, "three", "twenty-nine", "a hundred", "Wudaoliang", "about 30", "(", ")",
    " decades", "5 mu (0.3 hectares)", "COVID-19", "Line 5", "first", "twice", "IV", "2021",
    "3 and a half", "two and a half million", "ten percent", "twenty-nine %", "second", "both",
]


def _rule_pairs(seed: int, count: int, most: int = 8) -> list[numbers.Pair]:
    rng = random.Random(seed)
    out = []
    for k in range(count):
        source = "".join(rng.choice(RULE_ZH) for _ in range(rng.randint(0, most)))
        target = " ".join(rng.choice(RULE_EN) for _ in range(rng.randint(0, most)))
        out.append(numbers.Pair(k, source, target, "zh", "en"))
    return out


@pytest.mark.parametrize("index_above", [2000, 0])
def test_number_mismatch_against_the_plain_computation(index_above: int) -> None:
    """The gates, the steps over all pairs, the weak words read when needed, the values looked
    up (index_above=0: for every pair) give the findings of the plain computation."""
    rule = numbers.NumberMismatch()
    rule.index_above = index_above
    for seed in range(3):
        pairs = _rule_pairs(seed, 400)
        assert list(rule.check_pairs(pairs)) == _number_mismatch_reference(pairs), seed
        flipped = [numbers.Pair(p.index, p.target, p.source, "en", "zh") for p in pairs]
        assert list(rule.check_pairs(flipped)) == _number_mismatch_reference(flipped), seed


def test_may_be_checked_is_necessary() -> None:
    for pair in _rule_pairs(5, ROUNDS):
        source = numbers.mentions(pair.source, "zh")
        target = numbers.mentions(pair.target, "en")
        if any(numbers.NumberMismatch._checked(t, pair, source) for t in target):
            assert numbers._may_be_checked(pair), pair.target


def _big_pair(count: int, seed: int) -> numbers.Pair:
    """A pair with ``count`` numbers, dates and the like on each side, one in ten different."""
    rng = random.Random(seed)
    months = ["January", "March", "July", "Sept.", "December"]
    zh, en = [], []
    for _ in range(count):
        v, y, d = rng.randrange(10, 10**6), rng.randrange(1990, 2030), rng.randint(1, 28)
        m = rng.randrange(len(months))
        w = v if rng.random() < 0.9 else v + 1
        zh.append(
            rng.choice(
                [f"有{v}人", f"{y}年{m + 1}月{d}日", f"增长{v % 99}%", f"约{v}元（约合{w}美元）"]
            )
        )
        en.append(
            rng.choice([f"{w:,} people", f"{months[m]} {d}, {y}", f"{w % 99} percent", "(about 7)"])
        )
    return numbers.Pair(0, "，".join(zh) + "。", ", ".join(en) + ".", "zh", "en")


def test_a_pair_with_many_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """A segment with 20,000 numbers a side is compared by value (it used to take hours); on a
    smaller one, the findings are those of the plain computation."""
    pairs = [_big_pair(20000, 41)]
    assert list(numbers.NumberMismatch().check_pairs(pairs))
    list(numbers.DateMismatch().check_pairs(pairs))
    small = [_big_pair(300, 42), _big_pair(250, 43)]
    assert list(numbers.NumberMismatch().check_pairs(small)) == _number_mismatch_reference(small)
    dates = list(numbers.DateMismatch().check_pairs(small))
    monkeypatch.setattr(numbers, "_DATES_INDEX_ABOVE", 10**9)
    assert dates == list(numbers.DateMismatch().check_pairs(small))


# --- numbers: the readers as they were -----------------------------------------------------------
# The readers before their shortcuts (the spans taken kept in bytes, a gate before each family of
# patterns, the patterns tried only where they can start, the texts read a step at a time, the
# weak English words read apart, the single number word valued at once), built of the same
# unchanged pieces: what they find must be the same.


def _overlaps_reference(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any((a < end and start < b for a, b in spans))


def _is_code_reference(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 2) : start]
    if before[-1:].isalpha() and before[-1:].isascii():
        letters = numbers._LETTERS_AT_END.search(text[max(0, start - 4) : start])
        return letters is None or letters.group() not in numbers._CURRENCY_CODES
    if numbers._one_of(before[-1:], "-–") and before[:1].isalpha() and before[:1].isascii():
        return True
    after = text[end : end + 1]
    if after.isascii() and after.isalpha():
        word = numbers._LETTERS.match(text, end)
        unit = word is not None and (
            word.group() in numbers._GLUED_UNITS
            or (word.group().islower() and (len(word.group()) > 1 or word.group() in "mgtlhskbx"))
        )
        return not unit
    return False


def _url_codes_reference(
    text: str, out: list[numbers.Mention], taken: list[tuple[int, int]]
) -> None:
    for m in numbers._urls(text):
        taken.append(m.span())
        for d in numbers._DIGIT_RUN.finditer(m.group()):
            out.append(
                numbers.Mention(
                    m.start() + d.start(),
                    m.start() + d.end(),
                    (float(d.group()),),
                    strong=False,
                    kind="code",
                )
            )


def _add_zh_number_reference(text: str, m: re.Match[str], out: list[numbers.Mention]) -> None:
    start, end = m.span()
    n, more, scale = (m.group("n"), m.group("more"), m.group("scale"))
    before = text[max(0, start - 2) : start]
    after = text[end : end + 4]
    strong, pairable = (True, True)
    kind = "percent" if m.group("pct") else "number"
    approx = (
        bool(more)
        or before.endswith(numbers.ZH_APPROX_BEFORE)
        or after.startswith(numbers.ZH_APPROX_AFTER)
    )
    if n[0].isdigit():
        if _is_code_reference(text, m.start("n"), m.end("n")):
            out.append(
                numbers.Mention(
                    start, m.end("n"), (float(n.replace(",", "")),), strong=False, kind="code"
                )
            )
            return
        value = float(n.replace(",", ""))
        unit = numbers._unit_of(n, ".")
        if len(n) == 4 and 1900 <= value < 2100 and (not scale) and (not m.group("pct")):
            kind = "year"
    else:
        parsed = numbers.zh_numeral_value(n)
        if parsed is None:
            out.append(
                numbers.Mention(start, end, numbers._loose_values(n), strong=False, kind="word")
            )
            return
        value, unit = (parsed, 1.0)
        strong = numbers._zh_numeral_is_count(text, start, m.end("n"), n, before)
        if len(n) == 1 and strong:
            strong = False
        elif not strong:
            pairable = False
        vague = before.endswith(("几", "数")) or (
            before.endswith(("上", "成")) and n[0] in "十百千万亿"
        )
        if vague or numbers._one_of(after[:1], "几"):
            strong = pairable = False
    values: tuple[float, ...] = (value,)
    if scale:
        factor = numbers._ZH_SCALES[scale]
        values, value, unit = ((value * factor,), value * factor, unit * factor)
    if after.startswith("年代") and value < 100:
        values = (value, 1900 + value, 2000 + value)
    if after.startswith("成") and (not scale):
        values = (*values, value * 10)
        strong = False
    elif after.startswith("倍") and text[max(0, start - 4) : start].endswith(numbers._ZH_GROWTH):
        values = (*values, value + 1)
    if n[-1] == "千" and after[:1] in ("米", "克", "瓦"):
        values = (*values, value / 1000)
    if after.startswith(numbers._ZH_UNIT_WORDS):
        for unit_word, factor in numbers.ZH_UNIT_CONVERSIONS.items():
            if after.startswith(unit_word):
                values = (*values, value * factor)
                break
    if "半" in after[:3] and numbers._half_after(after):
        values = (*values, value + 0.5)
    if before.endswith(numbers._ZH_ORDINAL_BEFORE):
        kind = "ordinal"
        start -= 1
    if value in (0, 1) or (value == 2 and (not n[0].isdigit()) and (not scale)):
        strong = False
        pairable = pairable and value == 2
    if after.startswith("号"):
        strong = False
    if strong and (
        numbers._counts_list(text, start, value) or before.endswith(numbers._ZH_ANAPHORIC)
    ):
        strong = False
    if numbers._range_to_date(text, end):
        strong, pairable, kind = (False, False, "date")
    out.append(numbers.Mention(start, end, values, unit, strong, kind, approx, pairable))


def _zh_mentions_reference(text: str) -> list[numbers.Mention]:
    text = text.translate(numbers.FULLWIDTH_DIGITS)
    out: list[numbers.Mention] = []
    taken: list[tuple[int, int]] = []

    def add(m: numbers.Mention) -> None:
        out.append(m)
        taken.append((m.start, m.end))

    _url_codes_reference(text, out, taken)
    first = numbers._first_digit(text)
    digits = first >= 0
    iso = digits and ("19" in text or "20" in text)
    for m in numbers._ISO_DATE.finditer(text) if iso else ():
        if not _overlaps_reference(taken, *m.span()):
            add(numbers._iso_mention(m))
    colon = digits and (":" in text or "：" in text)
    for m in numbers._CLOCK.finditer(text) if colon else ():
        if not _overlaps_reference(taken, *m.span()):
            add(
                numbers.Mention(
                    m.start(),
                    m.end(),
                    numbers._clock_values(m),
                    strong=False,
                    kind="time",
                    pairable=True,
                )
            )
    for m in numbers._PAIRED.finditer(text) if colon or (digits and "/" in text) else ():
        if not _overlaps_reference(taken, *m.span()):
            add(numbers._paired(m, strong=False))
    for date, parts in numbers._zh_dates(text):
        if not _overlaps_reference(taken, date.start, date.end):
            for p in parts:
                add(p)
    for m in numbers._ZH_TIME.finditer(text):
        if _overlaps_reference(taken, *m.span("h")):
            continue
        h, pre = (m.group("h"), m.group("pre"))
        if not h.isdigit() and (not (pre or m.group("m") or m.group("half"))):
            continue
        hour = numbers._zh_int(h)
        minute = 30 if m.group("half") else numbers._zh_int(m.group("m")) if m.group("m") else 0
        if hour is None or minute is None or hour > 24:
            continue
        if pre in ("下午", "傍晚", "晚上", "夜间", "夜里", "晚") and hour < 12:
            hour += 12
        start = m.start("pre") if pre else m.start("h")
        formula = hour % 24 == 0 or numbers._one_of(
            numbers._char_before(text, start), numbers._RANGE
        )
        stamped = numbers._one_of(numbers._char_before(text, start), "日号")
        add(
            numbers.Mention(
                start,
                m.end(),
                numbers._time_values(hour, minute),
                strong=not (formula or stamped),
                kind="time",
                pairable=not formula,
            )
        )
    for m in numbers._ZH_PERCENT.finditer(text) if "分之" in text else ():
        if _overlaps_reference(taken, *m.span()):
            continue
        if m.group("per"):
            n = numbers._zh_float(m.group("n"))
            if n is None:
                continue
            values = (n,) if m.group("per") == "百" else (n, n / 10)
            add(numbers.Mention(m.start(), m.end(), values, kind="percent"))
        else:
            den, num = (numbers._zh_float(m.group("den")), numbers._zh_float(m.group("num")))
            if not den or num is None:
                continue
            add(
                numbers.Mention(
                    m.start(), m.end(), (num / den, num / den * 100, den, num), kind="percent"
                )
            )
    for m in numbers._ZH_NUMBER.finditer(text):
        start, end = m.span()
        if _overlaps_reference(taken, start, end):
            continue
        _add_zh_number_reference(text, m, out)
        taken.append((start, end))
    for m in numbers._ZH_HALF.finditer(text) if "半" in text else ():
        if not _overlaps_reference(taken, *m.span()):
            add(
                numbers.Mention(
                    m.start(), m.end(), numbers.ZH_HALF_UNITS[m.group(1)], strong=False, kind="word"
                )
            )
    for m in numbers._ZH_NUMBER_WORD.finditer(text):
        if not _overlaps_reference(taken, *m.span()):
            values = tuple(float(v) for v in numbers.ZH_NUMBER_WORDS[m.group()])
            out.append(numbers.Mention(m.start(), m.end(), values, strong=False, kind="word"))
    out.sort(key=lambda x: x.start)
    _weaken_glosses_reference(text, out)
    return out


def _weaken_glosses_reference(text: str, found: list[numbers.Mention]) -> None:
    if "(" not in text and "（" not in text:
        return
    for i, m in enumerate(found):
        if not m.strong or i == 0:
            continue
        head = text[max(0, m.start - 40) : m.start]
        bracket = numbers._GLOSS_OPEN.search(head)
        if bracket is None:
            continue
        opened = m.start - len(head) + bracket.start()
        if numbers._VERIFIABLE_GLOSS.match(text, m.end):
            continue
        if any(
            
                p.end <= opened and numbers._GLOSS_GAP.fullmatch(text, p.end, opened)
                for p in found[:i]
            
        ):
            found[i] = m._replace(strong=False)


def _en_date_spans_reference(
    text: str, digits: bool = True, runs: numbers.Sequence[int] | None = None
) -> tuple[list[numbers.DateMention], list[numbers.Mention]]:
    dates: list[numbers.DateMention] = []
    parts: list[numbers.Mention] = []
    spans: list[tuple[int, int]] = []
    if runs is None:
        runs = numbers._digit_starts(text, numbers._first_digit(text)) if digits else []
    months = [m.start() for m in numbers._MONTH_HINT.finditer(text)]
    for regex in (numbers._EN_DATE_DM, numbers._EN_DATE_MD) if months else ():
        if regex is numbers._EN_DATE_DM and (not digits):
            continue
        for m in regex.finditer(text):
            if _overlaps_reference(spans, *m.span()):
                continue
            d, y = (m.group("d"), m.group("y"))
            if d and (not 1 <= int(d) <= 31):
                if regex is numbers._EN_DATE_DM:
                    continue
                d = None
            if not numbers._month_ok(text, m, bool(d or y)):
                continue
            end = m.end("d") if d and (not y) and (regex is numbers._EN_DATE_MD) else m.end()
            if regex is numbers._EN_DATE_MD and (not d) and (not y):
                end = m.end("mon")
            month = numbers.EN_MONTHS[m.group("mon").rstrip(".").lower()]
            d2 = m.groupdict().get("d2")
            if d2 and d and (not y):
                end = m.end("d2")
            dates.append(
                numbers.DateMention(
                    m.start(), end, int(y) if y else None, month, int(d) if d else None
                )
            )
            if d2 and d and (1 <= int(d2) <= 31):
                dates.append(
                    numbers.DateMention(
                        m.start("d2"), m.end("d2"), int(y) if y else None, month, int(d2)
                    )
                )
            spans.append((m.start(), end))
            for group in ("d", "d2", "y"):
                if group == "d2" and (not (d2 and d)):
                    continue
                if m.group(group) and (group == "y" or d):
                    value = (float(m.group(group)),)
                    kind = "year" if group == "y" else "date"
                    parts.append(
                        numbers.Mention(
                            m.start(group), m.end(group), value, strong=False, kind=kind
                        )
                    )
    iso = digits and ("19" in text or "20" in text)
    for m in numbers._ISO_DATE.finditer(text) if iso else ():
        if not _overlaps_reference(spans, *m.span()):
            dates.append(
                numbers.DateMention(
                    m.start(), m.end(), int(m.group(1)), int(m.group(3)), int(m.group(4))
                )
            )
            spans.append(m.span())
            parts.append(numbers._iso_mention(m))
    ordinal = digits and bool(runs) and (numbers._DIGIT_ORDINAL.search(text, runs[0]) is not None)
    for m in numbers._EN_DAY_ONLY.finditer(text) if ordinal else ():
        if not _overlaps_reference(spans, *m.span()):
            dates.append(numbers.DateMention(m.start(1), m.end(), day=int(m.group(1))))
            parts.append(
                numbers.Mention(
                    m.start(1), m.end(), (float(m.group(1)),), strong=False, kind="date"
                )
            )
    return (dates, parts)


def _latin_mentions_reference(text: str, lang: str) -> list[numbers.Mention]:
    text = text.translate(numbers.FULLWIDTH_DIGITS)
    english = lang == "en"
    out: list[numbers.Mention] = []
    taken: list[tuple[int, int]] = []
    _url_codes_reference(text, out, taken)
    first = numbers._first_digit(text)
    digits = first >= 0
    if english:
        parts = _en_date_spans_reference(text)[1] if digits else ()
        for p in parts:
            out.append(p)
            taken.append((p.start, p.end))
        for m in numbers._EN_TIME.finditer(text):
            if _overlaps_reference(taken, *m.span()):
                continue
            if m.group("h24"):
                hour, minute, ap = (int(m.group("h24")), int(m.group("m24")), "")
            else:
                hour, minute = (int(m.group("h")), int(m.group("m") or 0))
                ap = m.group("ap").lower().replace(".", "").replace(" ", "")
            if ap == "pm" and hour < 12:
                hour += 12
            out.append(
                numbers.Mention(m.start(), m.end(), numbers._time_values(hour, minute), kind="time")
            )
            taken.append(m.span())
    elif digits:
        for m in numbers._ISO_DATE.finditer(text):
            out.append(numbers._iso_mention(m))
            taken.append(m.span())
    colon = digits and (":" in text or "：" in text)
    for m in numbers._CLOCK.finditer(text) if colon else ():
        if not _overlaps_reference(taken, *m.span()):
            out.append(numbers.Mention(m.start(), m.end(), numbers._clock_values(m), kind="time"))
            taken.append(m.span())
    for m in numbers._PAIRED.finditer(text) if colon or (digits and "/" in text) else ():
        if not _overlaps_reference(taken, *m.span()):
            out.append(numbers._paired(m))
            taken.append(m.span())
    if english or lang in numbers.DECIMAL_POINT_LANGS:
        regex, decimal, group = (numbers._EN_NUMBER, ".", ",")
    else:
        key = "comma_space" if lang in numbers._SPACE_GROUP_LANGS else "comma"
        regex, decimal, group = (numbers._OTHER_NUMBER[key], ",", ".")
    for m in regex.finditer(text):
        if _overlaps_reference(taken, *m.span("n")):
            continue
        mention = _latin_number_reference(text, m, decimal, group, english)
        if mention is not None:
            out.append(mention)
            taken.append((mention.start, mention.end))
    if english:
        out += _en_word_mentions_reference(text, taken)
    for m in re.finditer(r"\w+", text) if lang in numbers.SMALL_NUMBER_WORDS else ():
        value = numbers.SMALL_NUMBER_WORDS[lang].get(m.group().lower())
        if value is not None and not _overlaps_reference(taken, *m.span()):
            out.append(numbers.Mention(*m.span(), (float(value),), strong=False, kind="word"))
    out.sort(key=lambda x: x.start)
    _weaken_glosses_reference(text, out)
    if english and ("decade" in text or "entur" in text):
        for i, x in enumerate(out):
            decades = numbers._TIMES_UNIT.match(text, x.end)
            if decades and x.kind in ("number", "word"):
                factor = 100.0 if decades.group(1).lower().startswith("c") else 10.0
                out[i] = x._replace(values=(*x.values, x.value * factor))
    return out


def _latin_number_reference(
    text: str, m: re.Match[str], decimal: str, group: str, english: bool
) -> numbers.Mention | None:
    n = m.group("n")
    start, end = m.span()
    if n.isdecimal():
        digits = n
    else:
        digits = numbers._NOT_DIGIT_OR[decimal].sub("", n).replace(decimal, ".")
    value = float(digits)
    unit = numbers._unit_of(digits, ".")
    values: tuple[float, ...] = (value,)
    if numbers._GROUPED_ONCE.fullmatch(n):
        other = float(n.replace(decimal, "").replace(group, "."))
        values = (value, other)
    elif " " in n:
        values = (value, *(float(p) for p in n.split(" ")))
    if _is_code_reference(text, m.start("n"), m.end("n")):
        return numbers.Mention(start, m.end("n"), values, strong=False, kind="code")
    suffix = (m.group("suffix") or "").strip().lower().lstrip("-").strip()
    kind = "percent" if m.group("pct") else "number"
    strong = True
    suffix = numbers._MISSPELLED_SCALES.get(suffix, suffix)
    if suffix in numbers.EN_SCALES:
        values = tuple(v * numbers.EN_SCALES[suffix] for v in values)
        unit *= numbers.EN_SCALES[suffix]
        value *= numbers.EN_SCALES[suffix]
    elif suffix in numbers.EN_SCALE_ABBREV:
        factor = numbers.EN_SCALE_ABBREV[suffix]
        values = (value * factor, value)
        unit *= factor
        value *= factor
    elif suffix in ("st", "nd", "rd", "th"):
        kind = "ordinal"
    elif (
        suffix in ("s", "'s", "’s")
        and value % 10 == 0
        and (10 <= value < 100 or 1800 <= value < 2100)
    ):
        values = (value, 1900 + value) if value < 100 else (value, value % 100)
    elif suffix and (not m.group("pct")):
        end = m.end("n")
    if m.group("pct") and (not suffix):
        end = m.end()
    half = numbers._EN_HALF.match(text, end)
    if half:
        values = (*values, value + 0.5)
    prev = text[max(0, start - 30) : start].lower().split()
    approx = bool(prev) and (
        prev[-1] in numbers.EN_APPROX_BEFORE
        or " ".join(prev[-2:]) in ("more than", "less than", "fewer than", "up to", "at least")
    )
    if not english and value <= 20 and (value == int(value)) and (kind != "percent"):
        strong = False
    return numbers.Mention(start, end, values, unit, strong, kind, approx)


def _en_word_mentions_reference(text: str, taken: list[tuple[int, int]]) -> list[numbers.Mention]:
    out = []
    lower = set(re.findall("[A-Za-z]+", text.lower()))
    present = lower & numbers._NUMBER_WORDS
    if present and lower & numbers._SCALE_WORDS:
        present |= lower & numbers._ARTICLES
    for run in numbers._EN_WORD_NUMBER.finditer(text) if present else ():
        if _overlaps_reference(taken, *run.span()):
            continue
        for a, b, value in numbers.en_word_numbers(run.group()):
            start, end = (run.start() + a, run.start() + b)
            values: tuple[float, ...] = (value,)
            if numbers._EN_HALF.match(text, end):
                values = (value + 0.5, value)
            pct = numbers._PERCENT_AFTER.match(text[end:])
            prev = text[max(0, start - 30) : start].lower().split()
            approx = bool(prev) and prev[-1] in numbers.EN_APPROX_BEFORE
            low = text[start:end].lower()
            strong = value >= 3 and (not numbers._en_word_idiom(text, start, end))
            if low in numbers.EN_SCALES:
                strong = False
            unit = 1.0
            last = low.split()[-1]
            if last in numbers.EN_SCALES and value >= 1000:
                unit = float(numbers.EN_SCALES[last])
            out.append(
                numbers.Mention(
                    start,
                    end + (pct.end() if pct else 0),
                    values,
                    unit,
                    strong,
                    "percent" if pct else "word",
                    approx,
                )
            )
        taken.append(run.span())
    roman = numbers._roman_hint(text)
    for m in numbers._ROMAN.finditer(text) if roman else ():
        group = "r" if m.group("r") else "r1"
        if not _overlaps_reference(taken, *m.span(group)):
            out.append(
                numbers.Mention(
                    m.start(group),
                    m.end(group),
                    (float(numbers._roman_value(m.group(group))),),
                    strong=False,
                    kind="word",
                )
            )
    for regex, table, keys, _starts in (
        (
            numbers._EN_ORDINAL_WORD,
            numbers.EN_ORDINALS,
            numbers._ORDINAL_WORDS,
            numbers._ORDINAL_STARTS,
        ),
        (
            numbers._EN_NUMBER_LIKE,
            numbers.EN_NUMBER_LIKE,
            numbers._NUMBER_LIKE_WORDS,
            numbers._NUMBER_LIKE_WORDS,
        ),
    ):
        if keys.isdisjoint(lower):
            continue
        for m in regex.finditer(text):
            if _overlaps_reference(taken, *m.span()):
                continue
            low = m.group().lower()
            if table is numbers.EN_ORDINALS:
                parts = low.rstrip("s").split("-") if low not in numbers.EN_ORDINALS else [low]
                value = sum(numbers.EN_TENS.get(p, numbers.EN_ORDINALS.get(p, 0)) for p in parts)
                values: tuple[float, ...] = (float(value),)
                if low.endswith("s") and low not in numbers.EN_ORDINALS:
                    values = (float(value), 1 / value if value else 0.0)
            else:
                values = tuple(float(v) for v in numbers.EN_NUMBER_LIKE[low])
            out.append(numbers.Mention(m.start(), m.end(), values, strong=False, kind="word"))
    return out



READ_ZH = [
    *ZH_FRAGMENTS, *GLOSS_FRAGMENTS, "5号线", "北京、上海、广州3地", "以上4人", "增长两倍",
    "三成", "八十年代", "三千米", "1000斤", "三年半", "1至9月", "24至25日", "2020-07-26",
    "19:44:50", "3：0", "24/7", "COVID-19", "G20", "5G", "https://x.cn/a1", "几十", "上万",
    "百分之五", "三分之一", "二〇二三", "五六百", "（约", "约合", "多", "余", "左右", "１２",
    "．", "％", "第", "号", "日元", "日本", "半年",
]
READ_EN = [
    *EN_FRAGMENTS, *RULE_EN, "RMB280 Million", "Ten Thousand Mu", "one or two", "two to three",
    "5,000", "1.200", "1,5", "30 000", "1 200", "$1.2bn", "5m", "10k", "3rd", "1980s", "'s",
    "9:30 a.m.", "1700 hours", "o'clock", "noon", "Phase II", "Part IV", "XX", "(about 400",
    "hectares)", "centuries", "two decades", "20%", "per cent", "pct", "percentage points",
    "Jan. 5", "5 March 2021", "the 5th", "on the 1st", "Thurs.", "Sunday", "2021-07-26",
]


def test_zh_mentions_against_the_plain_reading() -> None:
    for seed in (51, 52):
        for text in random_texts(READ_ZH, seed, most=12):
            assert numbers.zh_mentions(text) == _zh_mentions_reference(text), text


@pytest.mark.parametrize("lang", ["en", "de", "fr"])
def test_latin_mentions_against_the_plain_reading(lang: str) -> None:
    texts = [" ".join(t.split("\x00")) for t in random_texts([*READ_EN, "\x00"], 53, most=14)]
    texts += list(random_texts(READ_EN, 54, rounds=ROUNDS // 3, most=14))
    expected = [_latin_mentions_reference(text, lang) for text in texts]
    assert [numbers.latin_mentions(text, lang) for text in texts] == expected
    # read a step at a time over all the texts, the weak words apart (as NumberMismatch does)
    together = [
        numbers._latin_finish(text, lang, found + numbers._en_weak_words(text, taken))
        if lang == "en"
        else numbers._latin_finish(text, lang, found)
        for text, found, taken in numbers._read_latin(texts, lang)
    ]
    assert together == expected


def test_one_number_word_at_once() -> None:
    for word in numbers._NUMBER_WORDS:
        for written in (word, word.upper(), word.capitalize()):
            assert numbers.en_word_numbers(written) == [
                (0, len(written), float(numbers._WORD_VALUE[word]))
            ]


def test_number_patterns_groups_in_order() -> None:
    # add_zh_number and _latin_number read the groups of a match at once (Match.groups())
    assert numbers._ZH_NUMBER.groupindex == {"n": 1, "more": 2, "scale": 3, "pct": 4}
    for pattern in (numbers._EN_NUMBER, *numbers._OTHER_NUMBER.values()):
        assert pattern.groupindex == {"n": 1, "suffix": 2, "pct": 3}
        assert pattern.groups == 3
    assert numbers._ZH_NUMBER.groups == 4


WIDE_FRAGMENTS = [
    "，", "。", "（", "）", "：", "％", "１２", "ＡＢ", "ａｂ", "～", "\u3000", "…", "...", "新闻",
    "Ａ", "ｚ", "！", "？", "\uff5e", "\uff01", "\uff5f", "\uff00", "Ｉｎ", "a", "B", " ", "é",
    "ﬁ", "①", "㎞", "²", "\u0301", "Å",
]


def test_halfwidth_forms_against_the_translate_table() -> None:
    from checker.chars import halfwidth_forms

    table = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
    for text in random_texts(WIDE_FRAGMENTS, 61, most=12):
        assert halfwidth_forms(text) == text.translate(table), text
    every = _all_code_points()
    assert halfwidth_forms(every) == every.translate(table)


def test_norm_words_against_the_plain_normalisation() -> None:
    """The repeated-segment key: NFKC of the text, case-folded, its words."""
    for text in random_texts(WIDE_FRAGMENTS, 62, most=12):
        plain = tuple(terms._WORD.findall(unicodedata.normalize("NFKC", text).casefold()))
        assert terms._norm_words(text) == plain, text
