"""The number and date normalisers behind number-mismatch and date-mismatch, and the rules."""

from __future__ import annotations

import pytest

from checker.detect import DetectorConfig, numbers
from checker.detect.base import Pair
from checker.detect.numbers import (
    DateMismatch,
    Mention,
    NumberMismatch,
    en_dates,
    en_word_numbers,
    format_value,
    latin_mentions,
    mention_matches,
    zh_dates,
    zh_mentions,
    zh_numeral_value,
)
from checker.pipeline import check_pairs

# --- Chinese numerals ------------------------------------------------------------------------

ZH_NUMERALS = (
    ("二十九", 29),
    ("两百", 200),
    ("一千二百", 1200),
    ("一千零五", 1005),
    ("〇", 0),
    ("二〇二三", 2023),
    ("三点五", 3.5),
    ("一万二千", 12000),
    ("一亿二千万", 120_000_000),
    ("百万", 1_000_000),
    ("十二", 12),
)


@pytest.mark.parametrize(("run", "value"), ZH_NUMERALS)
def test_chinese_numeral_values(run: str, value: float) -> None:
    assert zh_numeral_value(run) == pytest.approx(value)


@pytest.mark.parametrize("run", ["五六", "三七", "二三十", "十四五"])
def test_runs_that_are_not_one_number(run: str) -> None:
    # 五六个 "five or six", 二三十 "twenty or thirty", 十四五 "the 14th Five-Year Plan"
    assert zh_numeral_value(run) is None


def _zh(text: str) -> list[tuple[str, float, bool, str]]:
    return [(text[m.start : m.end], m.value, m.strong, m.kind) for m in zh_mentions(text)]


def _strong_zh(text: str) -> list[tuple[str, float]]:
    return [(text[m.start : m.end], m.value) for m in zh_mentions(text) if m.strong]


ZH_SCALES = (
    ("投资1.2亿元", "1.2亿", 120_000_000),
    ("新增3万人", "3万", 30_000),
    ("总额1.2万亿元", "1.2万亿", 1.2e12),
    ("共有12,000人", "12,000", 12_000),
    ("全长１２公里", "１２", 12),
    ("转移一万二千余人", "一万二千余", 12_000),
    ("三十多万人", "三十多万", 300_000),
)


@pytest.mark.parametrize(("text", "span", "value"), ZH_SCALES)
def test_chinese_scale_words_and_separators(text: str, span: str, value: float) -> None:
    assert _strong_zh(text) == [(span, pytest.approx(value))]


def test_chinese_percentages_and_fractions() -> None:
    assert _zh("增长百分之五") == [("百分之五", 5.0, True, "percent")]
    assert _zh("下降5%") == [("5%", 5.0, True, "percent")]
    third = zh_mentions("约三分之一的企业")
    assert [m.kind for m in third] == ["percent"]
    assert 3.0 in third[0].values and pytest.approx(1 / 3) in third[0].values


def test_chinese_ordinals() -> None:
    assert _zh("第23届") == [("第23", 23.0, True, "ordinal")]
    [third] = zh_mentions("第三届")
    assert (third.value, third.kind, third.strong) == (3.0, "ordinal", False)


def test_chinese_clock_times_and_dates() -> None:
    found = _zh("9月28日上午9时30分开通")
    assert [(span, kind) for span, _, _, kind in found] == [
        ("9", "date"),
        ("28", "date"),
        ("上午9时30分", "time"),
    ]
    assert not any(strong for _, _, strong, kind in found if kind == "date")
    assert _zh("2023年") == [("2023", 2023.0, True, "year")]


YI_AND_LIANG_IN_WORDS = (
    "一些企业一起推进",
    "推动统一大市场",
    "一带一路建设",
    "这是第一次",
    "一个人",
    "两国关系",
    "两岸同胞",
    "十分重要",
    "四川三峡",
    "千方百计",
    "万一出现",
    "五六个人",
    "几十万人",
)


@pytest.mark.parametrize("text", YI_AND_LIANG_IN_WORDS)
def test_numerals_inside_words_are_never_strong(text: str) -> None:
    assert _strong_zh(text) == []


def test_a_count_with_a_measure_word_may_be_paired() -> None:
    [seven] = zh_mentions("七座桥梁")
    assert (seven.value, seven.strong, seven.pairable) == (7.0, False, True)
    assert _strong_zh("二十二座车站") == [("二十二", 22.0)]


def test_approximate_chinese_numbers() -> None:
    assert [m.approx for m in zh_mentions("近30名专家和200余名代表")] == [True, True]


# --- English and other Latin-script numbers -----------------------------------------------------


def _en(text: str, lang: str = "en") -> list[tuple[str, float]]:
    return [(text[m.start : m.end], m.value) for m in latin_mentions(text, lang) if m.strong]


SEPARATORS = (
    ("1,200 people", "en", "1,200", 1200),
    ("1.200 people", "en", "1.200", 1.2),
    ("1.200 Menschen", "de", "1.200", 1200),
    ("1,5 Prozent", "de", "1,5 Prozent", 1.5),
    ("1 200 habitants", "fr", "1 200", 1200),
    ("１２ people", "en", "１２", 12),
    ("29.6 km", "en", "29.6", 29.6),
)


@pytest.mark.parametrize(("text", "lang", "span", "value"), SEPARATORS)
def test_separators_follow_the_language(text: str, lang: str, span: str, value: float) -> None:
    found = _en(text, lang)
    if lang == "de" and "Prozent" in text:
        span = "1,5"
    assert found == [(span, pytest.approx(value))]


ENGLISH = (
    ("1.2 million yuan", "1.2 million", 1.2e6),
    ("120 million", "120 million", 1.2e8),
    ("30 thousand jobs", "30 thousand", 30_000),
    ("$1.2bn", "1.2bn", 1.2e9),
    ("5 percent", "5 percent", 5),
    ("5 per cent", "5 per cent", 5),
    ("5%", "5%", 5),
    ("the 3rd round", "3rd", 3),
    ("twenty-nine people", "twenty-nine", 29),
    ("two hundred and fifty", "two hundred and fifty", 250),
    ("seven of which", "seven", 7),
    ("at 4 p.m.", "4 p.m.", None),
    ("at 1700 hours", "1700 hours", None),
)


@pytest.mark.parametrize(("text", "span", "value"), ENGLISH)
def test_english_numbers(text: str, span: str, value: float | None) -> None:
    [(found, v)] = _en(text)
    assert found == span
    if value is not None:
        assert v == pytest.approx(value)


def test_english_clock_times_match_chinese_ones() -> None:
    [pm] = latin_mentions("at 4 p.m.", "en")
    [zh] = zh_mentions("16时")
    assert mention_matches(zh, pm)
    assert format_value(pm) == "16:00"


def test_word_numbers_split_where_english_does() -> None:
    assert [v for _, _, v in en_word_numbers("three nine")] == [3.0, 9.0]
    assert [v for _, _, v in en_word_numbers("twenty-nine")] == [29.0]
    assert [v for _, _, v in en_word_numbers("a million")] == [1e6]


ENGLISH_WEAK = (
    "one of them",
    "the first time",
    "both sides",
    "twice a year",
    "a dozen eggs",
    "COVID-19 and 5G and G20",
    "Level II",
    "the second-level response",
    "one or two people",
)


@pytest.mark.parametrize("text", ENGLISH_WEAK)
def test_english_words_that_count_loosely_are_never_reported(text: str) -> None:
    assert _en(text) == []


def test_currency_codes_are_not_names() -> None:
    assert _en("RMB280 million") == [("280 million", pytest.approx(2.8e8))]


def test_conversions_in_brackets() -> None:
    # a currency conversion cannot be checked: never reported
    assert _en("30,000 yuan (about 4,200 U.S. dollars)") == [("30,000", 30000.0)]
    # a conversion from a Chinese unit can: 6000亩 is 400 hectares, 1000斤 500 kg
    assert _en("6,000 mu (400 hectares)") == [("6,000", 6000.0), ("400", 400.0)]
    assert _number_hits("种植6000亩", "planted 6,000 mu (400 hectares)") == []
    assert _number_hits("种植6000亩", "planted 6,000 mu (4,000 hectares)") == [
        ("target", "4,000", 4000.0)
    ]


# --- matching ----------------------------------------------------------------------------------


def _m(value: float, unit: float = 1.0, approx: bool = False, kind: str = "number") -> Mention:
    return Mention(0, 1, (value,), unit, kind=kind, approx=approx)


MATCHES = (
    (_m(1_234_567), _m(1.2e6, 1e5), True),  # rounded in the target
    (_m(29.6, 0.1), _m(30), True),
    (_m(29), _m(28), False),
    (_m(1.2e8, 1e7), _m(1.2e7, 1e6), False),  # 1.2亿 is not 12 million
    (_m(3e4, 1e4), _m(3.1e4), False),  # 3万 is 30,000, never 31,000
    (_m(1.5, 0.1), _m(2), False),
    (_m(29), _m(30, approx=True), True),  # "about 30"
    (_m(461), _m(500, approx=True), False),  # "more than 500" is not 461
    (_m(1.3, 0.1), _m(1, kind="word"), False),  # "first" does not round 1.3
    (_m(24), _m(24, kind="date"), False),  # the 24 of "July 24" is not 24例
)


@pytest.mark.parametrize(("source", "target", "expected"), MATCHES)
def test_matching(source: Mention, target: Mention, expected: bool) -> None:
    assert mention_matches(source, target) is expected


def _number_hits(source: str, target: str, src: str = "zh", tgt: str = "en") -> list[tuple]:
    pair = Pair(0, source, target, src, tgt)
    return [
        (h.side, (target if h.side == "target" else source)[h.start : h.end], h.measure)
        for h in NumberMismatch().check_pairs([pair])
    ]


SAME_VALUE = (
    ("共有1.2万人", "12,000 people"),
    ("共有1.2万人", "12 thousand people"),
    ("共有12000人", "12,000 people"),
    ("投资1.2亿元", "120 million yuan"),
    ("增长百分之五", "up 5 per cent"),
    ("第三次会议", "the third meeting"),
    ("第3次会议", "the 3rd meeting"),
    ("其中7座", "seven of which"),
    ("9时30分", "at 9:30"),
    ("2023年", "in 2023"),
    ("近30人", "nearly 30 people"),
    ("线路全长29.6公里", "the 29.6 km line"),
    ("上世纪八十年代", "the 1980s"),
    ("过去半年", "the past six months"),
)


@pytest.mark.parametrize(("source", "target"), SAME_VALUE)
def test_one_value_in_two_forms_is_a_match(source: str, target: str) -> None:
    assert _number_hits(source, target) == []


def test_wrong_target_number_is_reported_with_its_counterpart() -> None:
    pair = Pair(0, "设车站二十二座。", "It has 21 stations.", "zh", "en")
    [hit] = NumberMismatch().check_pairs([pair])
    assert (hit.side, pair.target[hit.start : hit.end], hit.measure) == ("target", "21", 21.0)
    assert hit.other is not None and pair.source[hit.other[0] : hit.other[1]] == "二十二"
    assert "21" in hit.message and "22" in hit.message


def test_missing_source_number_is_reported_on_the_source() -> None:
    assert _number_hits("开放避难场所46处。", "Shelters have been opened.") == [
        ("source", "46", 46.0)
    ]


def test_unit_conversion_is_mostly_out_of_scope_but_rounding_is_not() -> None:
    # 35摄氏度 → 95 °F is reported (the rule converts only a few units) ...
    assert _number_hits("气温35摄氏度", "95 degrees Fahrenheit") == [("target", "95", 95.0)]
    # ... kilometres to miles it knows, and the same distance rounded is fine
    assert _number_hits("全长5公里", "3.1 miles long") == []
    assert _number_hits("全长29.6公里", "29.6 km long") == []
    assert _number_hits("全长29.6公里", "nearly 30 km long") == []


def test_languages_the_rules_understand() -> None:
    assert NumberMismatch().applies_to_pair("zh", "en")
    assert NumberMismatch().applies_to_pair("de", "fr")
    assert not NumberMismatch().applies_to_pair("ja", "en")
    assert DateMismatch().applies_to_pair("zh", "en")
    assert not DateMismatch().applies_to_pair("de", "fr")


def test_digits_between_latin_languages() -> None:
    assert _number_hits("Es kostet 1.200 Euro.", "Il coûte 1 300 euros.", "de", "fr") == [
        ("target", "1 300", 1300.0)
    ]
    assert _number_hits("Es kostet 1.200 Euro.", "Il coûte 1 200 euros.", "de", "fr") == []


SNOW = "Heavy snow closed three mountain passes overnight."


@pytest.mark.parametrize(
    ("lang", "target"),
    [
        ("de", "Starker Schneefall sperrte über Nacht drei Bergpässe."),
        ("fr", "De fortes chutes de neige ont fermé trois cols pendant la nuit."),
        ("es", "Fuertes nevadas cerraron tres puertos de montaña durante la noche."),
        ("de", "Starker Schneefall sperrte über Nacht 3 Bergpässe."),
        # compounds are not read: a number in English words the other side may spell is quiet
        ("de", "Neunundzwanzig Menschen starben."),
    ],
)
def test_english_number_words_against_another_language(lang: str, target: str) -> None:
    source = "Twenty-nine people died." if target.startswith("Neun") else SNOW
    assert _number_hits(source, target, "en", lang) == []
    assert _number_hits(target, source, lang, "en") == []  # either way round


def test_a_wrong_or_missing_small_number_against_another_language() -> None:
    wrong = "Starker Schneefall sperrte über Nacht vier Bergpässe."
    assert _number_hits(SNOW, wrong, "en", "de") == [("source", "three", 3.0)]
    assert _number_hits(wrong, SNOW, "de", "en") == [("target", "three", 3.0)]
    missing = "Starker Schneefall sperrte über Nacht Bergpässe."
    assert _number_hits(SNOW, missing, "en", "de") == [("source", "three", 3.0)]
    # a digit spelled out on the other side (style guides spell out numbers up to twelve)
    spelled = "Heavy snow closed 3 mountain passes overnight."
    assert _number_hits(spelled, "Starker Schneefall sperrte über Nacht drei Bergpässe.",
                        "en", "de") == []  # fmt: skip
    # "neuf" (new) may be read as 9, but a weak mention is never reported
    assert _number_hits("They built a new bridge.", "Ils ont bâti un pont neuf.", "en", "fr") == []


# --- dates -------------------------------------------------------------------------------------

ZH_DATES = (
    ("9月1日", (None, 9, 1, None)),
    ("2023年9月1日", (2023, 9, 1, None)),
    ("2023年", (2023, None, None, None)),
    ("9月", (None, 9, None, None)),
    ("28日", (None, None, 28, None)),
    ("周五", (None, None, None, 5)),
    ("星期五", (None, None, None, 5)),
    ("礼拜五", (None, None, None, 5)),
)


@pytest.mark.parametrize(("text", "parts"), ZH_DATES)
def test_chinese_dates(text: str, parts: tuple) -> None:
    [d] = zh_dates(text)
    assert (d.year, d.month, d.day, d.weekday) == parts


EN_DATES = (
    ("September 1", (None, 9, 1, None)),
    ("Sept. 1", (None, 9, 1, None)),
    ("Sep 1", (None, 9, 1, None)),
    ("1 September", (None, 9, 1, None)),
    ("September 1, 2023", (2023, 9, 1, None)),
    ("in September", (None, 9, None, None)),
    ("on Friday", (None, None, None, 5)),
)


@pytest.mark.parametrize(("text", "parts"), EN_DATES)
def test_english_dates(text: str, parts: tuple) -> None:
    [d] = en_dates(text)
    assert (d.year, d.month, d.day, d.weekday) == parts


@pytest.mark.parametrize("text", ["It may rain.", "the Long March", "每周一次"])
def test_words_that_are_not_dates(text: str) -> None:
    assert (zh_dates(text) if text[0] == "每" else en_dates(text)) == []


def _date_hits(source: str, target: str) -> list[str]:
    pair = Pair(0, source, target, "zh", "en")
    return [target[h.start : h.end] for h in DateMismatch().check_pairs([pair])]


DATE_AGREES = (
    ("9月1日", "on Sept. 1"),
    ("9月1日", "on September 1, 2023"),  # no year in the source: not flagged for one
    ("2023年9月1日", "on September 1"),
    ("周五", "on Friday"),
    ("9月", "in September"),
    ("12日", "on Tuesday"),  # a date given as a weekday: nothing to compare
    ("1-9月", "from January to September"),
)


@pytest.mark.parametrize(("source", "target"), DATE_AGREES)
def test_dates_that_agree(source: str, target: str) -> None:
    assert _date_hits(source, target) == []


DATE_CONFLICTS = (
    ("9月1日", "on September 2", "September 2"),
    ("3月5日", "on May 3", "May 3"),
    ("周五", "on Thursday", "Thursday"),
    ("9月", "in October", "October"),
)


@pytest.mark.parametrize(("source", "target", "span"), DATE_CONFLICTS)
def test_dates_that_conflict(source: str, target: str, span: str) -> None:
    assert _date_hits(source, target) == [span]


def test_a_wrong_year_is_a_number_not_a_date() -> None:
    source, target = "2023年9月1日起施行", "in force from September 1, 2022"
    assert _date_hits(source, target) == []
    assert _number_hits(source, target) == [("target", "2022", 2022.0)]
    # a year the translation adds to a date without one is not flagged
    assert _number_hits("7月26日电", "July 26, 2020") == []


def test_a_name_whose_number_the_source_implies() -> None:
    assert _number_hits("新冠肺炎疫情", "the COVID-19 epidemic") == []
    assert _number_hits("新冠肺炎疫情", "the COVID-18 epidemic") == [("target", "18", 18.0)]
    assert _number_hits("A股市场", "the COVID-18 epidemic") == []  # a name the source lacks


def test_through_the_pipeline() -> None:
    config = DetectorConfig(select=frozenset({"number-mismatch", "date-mismatch"}))
    report = check_pairs(
        [("9月1日起，票价上涨百分之三十。", "From September 2, fares rise 13%.")],
        src_lang="zh",
        tgt_lang="en",
        config=config,
    )
    found = [(f.rule, f.text, f.other_text) for f in report.findings]
    assert found == [
        ("date-mismatch", "September 2", "9月1日"),
        ("number-mismatch", "13%", "百分之三十"),
    ]


# --- the same findings, however the rules get to them --------------------------------------------

WEAK_COUNTERPARTS = (
    ("会议开了2次", "they met twice"),
    ("第2届", "the second session"),
    ("IV期试验", "Phase IV trials"),
)


@pytest.mark.parametrize(("source", "target"), WEAK_COUNTERPARTS)
def test_a_weak_english_word_renders_a_source_number(source: str, target: str) -> None:
    # the target's weak words (twice, second, IV) are read only when a number needs them
    assert _number_hits(source, target) == []


def _all_cases() -> list[Pair]:
    cases = [*SAME_VALUE, *DATE_AGREES, *WEAK_COUNTERPARTS]
    cases += [(source, target) for source, target, _ in DATE_CONFLICTS]
    cases += [("设车站二十二座。", "It has 21 stations.")]
    cases += [("开放避难场所46处。", "Shelters opened.")]
    cases += [("气温35摄氏度", "95 degrees Fahrenheit"), ("全长29.6公里", "nearly 30 km long")]
    return [Pair(k, source, target, "zh", "en") for k, (source, target) in enumerate(cases)]


def test_the_same_findings_by_value(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pair with many mentions has them looked up by value (and its dates by their parts):
    forced on every pair, that finds what comparing each with each finds."""
    pairs = _all_cases()
    one_by_one = NumberMismatch()
    one_by_one.index_above = 10**9
    by_value = NumberMismatch()
    by_value.index_above = 0
    assert list(by_value.check_pairs(pairs)) == list(one_by_one.check_pairs(pairs))
    dates = list(DateMismatch().check_pairs(pairs))
    assert dates
    monkeypatch.setattr(numbers, "_DATES_INDEX_ABOVE", -1)
    assert list(DateMismatch().check_pairs(pairs)) == dates


def test_pairs_read_together_as_one_by_one() -> None:
    # the pairs of a chunk are read a step at a time over all of them: the findings of each
    # pair are those it has alone (no pair here has a neighbour with its numbers)
    pairs = _all_cases()
    alone = [
        (k, h)
        for k, pair in enumerate(pairs)
        for h in NumberMismatch().check_pairs([Pair(0, pair.source, pair.target, "zh", "en")])
    ]
    together = list(NumberMismatch().check_pairs(pairs))
    assert [(h.pair, h.message) for h in together] == [(k, h.message) for k, h in alone]


@pytest.mark.parametrize(
    ("source", "target", "tgt_lang"),
    [
        ("编号1234567890123456的文件", "The file number", "en"),  # past the clock-time keys
        ("价格1 200’202元", "prix 1 200’202 yuans", "fr"),  # a group mark inside a spaced number
    ],
)
def test_odd_numbers_are_read_without_crashing(source: str, target: str, tgt_lang: str) -> None:
    report = check_pairs([(source, target)], src_lang="zh", tgt_lang=tgt_lang)
    for f in report.findings:
        assert f.message and 0 <= f.start <= f.end
