"""The shortcuts of the number readers (checker.detect.numbers) against the plain readings they
stand for, on seeded random texts built from fragments that sit on their edges."""

from __future__ import annotations

import re

import pytest
from conftest import random_texts

from checker.detect import numbers

ROUNDS = 3000

#: Pieces of Chinese text around digits: units right after a digit or after a space, numbers
#: with group marks and decimals, and what makes a text not plain.
ZH_UNIT_FRAGMENTS = [
    "1", "23", "2020", "1,200", "3.5", ",", ".", " ", "  ", "年", "月", "日", "号", "时", "点",
    " 年", "多", "余", "%", "人", "的", "，", "。", "٣", "１２", "1,23", "12,345.6", "首", "周",
    "一", "-", "2020-", "半", "分之",
]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plain_chinese_reading_finds_a_unit_where_the_text_does(seed: int) -> None:
    """_zh_plain_mentions gives up (None) exactly where _zh_plain finds a digit before a
    unit, and zh_mentions reads every text as the full reader does."""
    plain = units = 0
    for text in random_texts(ZH_UNIT_FRAGMENTS, 90 + seed, rounds=ROUNDS, most=8):
        text = numbers._halfwidth(text)
        assert numbers.zh_mentions(text) == numbers._zh_all_mentions(text), text
        if numbers._zh_plain_words(text) is None:
            continue
        found = numbers._zh_plain_mentions(text)
        has_unit = numbers._ZH_DIGIT_UNIT.search(text) is not None
        assert (found is None) == has_unit, text
        assert numbers._zh_plain(text) == (not has_unit), text
        plain += not has_unit
        units += has_unit
    assert plain > ROUNDS // 20 and units > ROUNDS // 20


#: Numbers with every group mark and decimal mark the Latin-script patterns take, in ASCII
#: digits and others (what \d matches), and what stands around them.
GROUPED_FRAGMENTS = [
    "1", "12", "123", ",", ".", " ", "\u00a0", "\u202f", "\u2009", "'", "’", "1,200", "1.200",
    "1 200", "1\u00a0200", "1’200", "1'200", "12,345.67", "1.234,5", "١٢", "١,٢٠٠", "٣.٥",
    "1,23", "1.2.3", " million", "%", " percent", "a", "-", "5th",
]  # fmt: skip



@pytest.mark.parametrize("lang", ["en", "de", "fr", "it", "sv"])
def test_number_digits_as_the_regex_cleans_them(lang: str) -> None:
    """_number_digits takes out the group marks alone when the number has no other (a space,
    an apostrophe): the digits the regex clean-up gives, for every number the patterns read."""
    english = lang == "en"
    if english:
        regex, decimal, group = numbers._EN_NUMBER, ".", ","
    else:
        key = "comma_space" if lang in numbers._SPACE_GROUP_LANGS else "comma"
        regex, decimal, group = numbers._OTHER_NUMBER[key], ",", "."
    seen = 0
    for text in random_texts(GROUPED_FRAGMENTS, 7, rounds=ROUNDS, most=8):
        for m in regex.finditer(text):
            n = m.group("n")
            expected = numbers._NOT_DIGIT_OR[decimal].sub("", n).replace(decimal, ".")
            assert numbers._number_digits(n, decimal, group) == expected, n
            seen += not n.isdecimal()
    assert seen > ROUNDS // 10


#: Number words, their prefixes and longer words that start with them, in any case.
WORD_FRAGMENTS = [
    "one", "ones", "eight", "eighteen", "eighty", "eightyfold", "seven", "seventeen", "Seventy",
    "SIX", "sixteens", "hundred", "Hundreds", "thousand", "a ", "an ", " and ", " ", "-", "ten",
    "tenth", "twelve", "twenty", "two", "th", "ree", "thirteen", "four", "forty", "fourty",
    "İ", "K", "ſix", "million", "billion", "trillion", "zero", "nine", "ninety", ",",
]  # fmt: skip


def test_number_words_as_a_trie() -> None:
    """_EN_WORD_NUMBER (its number words as a trie) matches as with the words alternated
    longest first."""
    words = sorted(
        [*numbers.EN_UNITS, *numbers.EN_TENS, *numbers.EN_SCALES], key=len, reverse=True
    )
    alternation = "|".join(words)
    pattern = numbers._EN_WORD_NUMBER.pattern.replace(numbers._EN_WORD, alternation)
    assert pattern != numbers._EN_WORD_NUMBER.pattern
    reference = re.compile(pattern, re.I)
    for text in random_texts(WORD_FRAGMENTS, 11, rounds=ROUNDS, most=10):
        assert [m.span() for m in numbers._EN_WORD_NUMBER.finditer(text)] == [
            m.span() for m in reference.finditer(text)
        ], text


#: What may stand around a number in Chinese text: letters of a code or a unit, dashes, other
#: scripts.
CODE_FRAGMENTS = [
    "5", "19", "370", "1,200", "3.5", "G", "MH", "COVID-", "COVID–", "–", "-", "km", "kg", "x",
    "m", "元", "中", "，", "é", "ß", "Ａ", "Ω", " ", "(", "%", "多", "RMB", "US$", "号", "第",
]  # fmt: skip


def test_code_asked_where_it_may_hold() -> None:
    """add_zh_number asks _is_code only when the character before a number is ASCII (or a
    dash, or none) or an ASCII letter follows it: elsewhere _is_code is False."""
    asked = 0
    for text in random_texts(CODE_FRAGMENTS, 13, rounds=ROUNDS, most=8):
        for m in numbers._ZH_NUMBER.finditer(text):
            start, n_end = m.start(), m.end("n")
            if not m.group("n")[0].isdigit():
                continue
            last, nxt = text[start - 1 : start], text[n_end : n_end + 1]
            if last.isascii() or last == "–" or (nxt.isascii() and nxt.isalpha()):
                asked += 1
            else:
                assert not numbers._is_code(text, start, n_end), text
        assert numbers.zh_mentions(text) == numbers._zh_all_mentions(numbers._halfwidth(text))
    assert asked > ROUNDS // 10


def test_plain_chinese_words_found_with_the_plain_test() -> None:
    """_zh_plain_words: None where _ZH_NOT_PLAIN (or 分之, www., an ISO date's start) makes a
    text not plain, else whether _ZH_NUMBER_WORD_START finds a character."""
    fragments = [*ZH_UNIT_FRAGMENTS, "上", "全天", "新冠", "星期", "百年", "(", "@", "：", "www."]
    seen = {None: 0, True: 0, False: 0}
    for text in random_texts(fragments, 17, rounds=ROUNDS, most=8):
        text = numbers._halfwidth(text)
        plain = not (
            "分之" in text
            or "www." in text
            or numbers._ZH_NOT_PLAIN.search(text)
            or (("-" in text or "." in text) and numbers._ISO_HINT.search(text))
        )
        words = numbers._ZH_NUMBER_WORD_START.search(text) is not None
        expected = words if plain else None
        assert numbers._zh_plain_words(text) is expected, text
        seen[expected] += 1
    assert min(seen.values()) > ROUNDS // 20, seen


@pytest.mark.parametrize("lang", ["en", "de"])
def test_latin_code_asked_where_it_may_hold(lang: str) -> None:
    """_latin_number asks _is_code only with a letter or a dash before the number or a letter
    after it: elsewhere _is_code is False."""
    regex = numbers._EN_NUMBER if lang == "en" else numbers._OTHER_NUMBER["comma"]
    asked = 0
    for text in random_texts([*CODE_FRAGMENTS, "'", "_", "١٢"], 19, rounds=ROUNDS, most=8):
        for m in regex.finditer(text):
            start, n_end = m.start(), m.end("n")
            before, after = text[start - 1 : start], text[n_end : n_end + 1]
            if before.isalpha() or before in ("-", "–") or after.isalpha():
                asked += 1
            else:
                assert not numbers._is_code(text, start, n_end), text
    assert asked > ROUNDS // 10


def test_number_word_starts_without_the_words_of_the_text() -> None:
    """In ASCII text, _en_number_words tries _EN_WORD_NUMBER where _NUMBER_WORD_BYTES finds a
    number word and (with a scale word) where an article stands: the starts _padded_starts
    gives for the words of _known_words it used to try, and the same mentions as trying the
    pattern everywhere."""
    fragments = [*WORD_FRAGMENTS, "a", "an", "half", "Half", "and a half", "%", " per cent"]
    fragments += [" 3", "one-two", "hundred-", "_one", "one1", "(", "é"]
    from test_speed_regressions import _en_word_mentions_reference

    found = 0
    for text in random_texts(fragments, 23, rounds=ROUNDS, most=10):
        if not text.isascii():
            continue
        lower = numbers._known_words(text)
        present = lower & numbers._NUMBER_WORDS
        if lower & numbers._SCALE_WORDS:
            present |= lower & numbers._ARTICLES
        padded = b" %b " % numbers._folded_bytes(text)
        expected = numbers._padded_starts(padded, present) if present else []
        matches = list(numbers._NUMBER_WORD_BYTES.finditer(padded))
        words = [m.start() for m in matches]
        if any(m.group(1) in numbers._SCALE_BYTES for m in matches):
            words = sorted(words + numbers._padded_starts(padded, numbers._ARTICLES))
        assert words == expected, text
        assert (b" half " in padded) == ("half" in lower), text
        mentions = numbers._en_word_mentions(text, bytearray(len(text)))
        assert sorted(mentions) == sorted(_en_word_mentions_reference(text, [])), text
        found += bool(mentions)
    assert found > ROUNDS // 10


def _counts_list_reference(text: str, start: int, value: float) -> bool:
    """numbers._counts_list as it was: the list counted in the clause before the number."""
    head = text[max(0, start - 60) : start]
    head = head[max(head.rfind("，"), head.rfind("。"), head.rfind("；"), head.rfind("：")) + 1 :]
    items = head.count("、") + 1 + head.count("和") + head.count("及")
    return items >= 3 and items == value and not head.endswith("等")


def test_counts_list_only_after_a_list() -> None:
    """_counts_list gives up where no 、, 和 or 及 stands in the 60 characters before the
    number: the answer of counting the list there."""
    fragments = ["北京", "、", "和", "及", "等", "，", "。", "；", "：", "上海大学", "3", "5所"]
    lists = 0
    for text in random_texts([*fragments, "学" * 30], 29, rounds=ROUNDS, most=14):
        for start in range(len(text) + 1):
            for value in (3.0, 4.0, 5.0):
                expected = _counts_list_reference(text, start, value)
                assert numbers._counts_list(text, start, value) == expected, (text, start)
                lists += expected
    assert lists > ROUNDS // 10


def test_strong_read_by_its_index() -> None:
    # NumberMismatch maps _STRONG (an itemgetter) over mentions
    mention = numbers.Mention(0, 1, (1.0,), strong=False)
    assert numbers._STRONG(mention) is mention.strong is False
    assert numbers._STRONG(mention._replace(strong=True)) is True


def test_english_screen_on_one_translation() -> None:
    """_may_count of English text: a digit, else a strong number word, as _has_digit and
    _has_strong_word tell apart."""
    fragments = [*WORD_FRAGMENTS, "3", "0", "9", "3million", "one3", "١", "half", "Ten", "é"]
    seen = 0
    for text in random_texts(fragments, 31, rounds=ROUNDS, most=6):
        expected = numbers._has_digit(text) or numbers._has_strong_word(text)
        assert numbers._may_count(text, "en") == expected, text
        seen += expected
    assert ROUNDS // 10 < seen < ROUNDS - ROUNDS // 10
