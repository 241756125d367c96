"""Accuracy rules that compare source and target: untranslated, omission, addition,
punctuation-parity, url-email-handle (checker/detect/accuracy.py)."""

from __future__ import annotations

import pytest

from checker.detect import RULES, DetectorConfig, Pair
from checker.detect.accuracy import (
    Untranslated,
    find_addresses,
    length_stats,
    script_of_language,
    text_size,
    uncovered_end,
    word_keys,
)
from checker.model import Severity
from checker.pipeline import check_pairs

#: A made-up news story, one sentence a segment, with a plain translation.
STORY = [
    (
        "江州市地铁五号线于周五正式开通运营，全长29.6公里，共设22座车站。",
        "Jiangzhou's Metro Line 5 officially opened on Friday; the line is 29.6 kilometres long "
        "and has 22 stations.",
    ),
    (
        "市交通局表示，新线路将把城东到市中心的通勤时间缩短一半。",
        "The city's transport bureau said the new line would halve commuting time from the "
        "eastern districts to the city centre.",
    ),
    (
        "开通首日，超过十二万名乘客乘坐了五号线。",
        "More than 120,000 passengers rode Line 5 on its first day.",
    ),
    (
        "票价与其他线路相同，起步价为两元。",
        "Fares are the same as on other lines, starting at two yuan.",
    ),
    (
        "部分车站还设有母婴室和自助图书借阅机。",
        "Some stations also have nursing rooms and self-service book-lending machines.",
    ),
    (
        "市民可通过官方应用程序查询实时列车信息。",
        "Residents can check real-time train information through the official app.",
    ),
]


def found(rule: str, pairs, src_lang: str = "zh", tgt_lang: str = "en", **thresholds):
    config = DetectorConfig(
        select=frozenset({rule}),
        thresholds=tuple((rule, k, v) for k, v in thresholds.items()),
    )
    report = check_pairs(list(pairs), src_lang=src_lang, tgt_lang=tgt_lang, config=config)
    return [(seg.index, f) for seg in report.segments for f in seg.findings]


def story_with(k: int, target: str) -> list[tuple[str, str]]:
    pairs = list(STORY)
    pairs[k] = (pairs[k][0], target)
    return pairs


# --- registry -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "category", "severity"),
    [
        ("untranslated", "Accuracy/Untranslated", Severity.MAJOR),
        ("omission", "Accuracy/Omission", Severity.MAJOR),
        ("addition", "Accuracy/Addition", Severity.MAJOR),
        ("punctuation-parity", "Accuracy/Mistranslation", Severity.MINOR),
        ("url-email-handle", "Accuracy/Mistranslation", Severity.MAJOR),
    ],
)
def test_rules_are_registered_as_pair_rules(rule: str, category: str, severity: Severity) -> None:
    cls = RULES[rule]
    assert cls.scope == "pair"
    assert cls.category == category and cls.severity == severity
    info = cls.info()
    assert info["description"] and "source_languages" in info


def test_clean_story_is_quiet() -> None:
    for rule in ("untranslated", "omission", "addition", "punctuation-parity", "url-email-handle"):
        assert found(rule, STORY) == [], rule


# --- helpers ------------------------------------------------------------------------------------


def test_text_size_weighs_han_like_english_letters() -> None:
    assert text_size("Three people died.") == 15
    assert text_size("") == 0
    # Han counts about 3.7 Latin letters; digits and Latin letters in Chinese text count 1.
    assert text_size("三人死亡") == pytest.approx(14.8)
    assert text_size("5G网络") == pytest.approx(2 + 2 * 3.7)


def test_script_of_language() -> None:
    assert script_of_language("zh") == ("han",)
    assert script_of_language("ru") == ("cyrillic",)
    assert script_of_language("xx") == ()


def test_word_keys_survive_plural_e() -> None:
    assert "fare" in word_keys("fares") and "line" in word_keys("lines")


def test_length_norm_is_robust_to_one_bad_segment() -> None:
    pairs = [Pair(k, s, t, "zh", "en") for k, (s, t) in enumerate(STORY)]
    clean = length_stats(pairs, 20)
    bad = list(pairs)
    bad[1] = Pair(1, STORY[1][0], "The bureau said.", "zh", "en")
    shifted = length_stats(bad, 20)
    assert abs(shifted.centre - clean.centre) < 0.05
    assert shifted.z[1] is not None and shifted.z[1] < -3
    assert all(abs(z) < 2 for k, z in enumerate(shifted.z) if k != 1 and z is not None)


def test_small_document_leans_on_the_prior() -> None:
    one = [Pair(0, STORY[0][0], STORY[0][1], "zh", "en")]
    stats = length_stats(one, 20)
    assert stats.z[0] is not None and abs(stats.z[0]) < 1


def test_find_addresses_in_chinese_text() -> None:
    text = (
        "详情见www.jzmetro.example.cn，或写信至press@metro.example.cn，关注@JZMetro和#MetroLine5#。"
    )
    got = [(kind, value) for kind, _s, _e, value in find_addresses(text)]
    assert got == [
        ("URL", "www.jzmetro.example.cn"),
        ("e-mail address", "press@metro.example.cn"),
        ("handle", "@JZMetro"),
        ("hashtag", "#MetroLine5"),
    ]
    for _kind, start, end, value in find_addresses(text):
        assert text[start:end] == value


def test_find_addresses_ignores_look_alikes() -> None:
    assert find_addresses("the U.S. and Node.js, Room #3, C# code, 3号楼#2单元, issue #12") == []
    assert find_addresses("Visit http://www.gfbzb.example.gov.cn).")[0][3] == (
        "http://www.gfbzb.example.gov.cn"
    )


# --- untranslated -------------------------------------------------------------------------------


def test_copy_of_source_is_critical() -> None:
    src = "江州市地铁五号线于周五正式开通运营。"
    [(_k, f)] = found("untranslated", [(src, src)])
    assert f.severity == "critical" and f.side == "target" and f.text == src
    assert f.other_text == src and f.category == "Accuracy/Untranslated"


def test_copy_with_spaces_and_fullwidth_changes_is_still_a_copy() -> None:
    [(_k, f)] = found("untranslated", [("五号线周五开通（试运营）。", "五号线 周五开通(试运营).")])
    assert f.severity == "critical"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("NBA", "NBA"),
        ("张伟", "Zhang Wei"),
        ("www.jzmetro.example.cn", "www.jzmetro.example.cn"),
        ("2023-09-28 10:15", "2023-09-28 10:15"),
        ("By Lin Yue", "By Lin Yue"),
        ("代表们抵达北京参加两会。", "Delegates arrived in Beijing for the 两会 sessions."),
    ],
)
def test_legitimately_identical_or_short_segments_are_not_untranslated(
    source: str, target: str
) -> None:
    assert found("untranslated", [(source, target)]) == []


def test_mostly_source_script_target_is_major_over_the_whole_target() -> None:
    target = "江州市地铁五号线于周五 opened."
    [(_k, f)] = found("untranslated", [("江州市地铁五号线于周五正式开通运营。", target)])
    assert f.severity == "major" and f.text == target and f.measure > 0.5


def test_copied_clause_is_reported_with_its_source_counterpart() -> None:
    source = "江州市地铁五号线于周五正式开通运营，全长29.6公里，共设22座车站。"
    target = "Jiangzhou's Metro Line 5 officially opened on Friday, 全长29.6公里，共设22座车站."
    [(_k, f)] = found("untranslated", [(source, target)])
    assert f.text == "全长29.6公里，共设22座车站" and f.other_text == f.text


def test_short_cjk_run_is_left_to_untranslated_script() -> None:
    assert found("untranslated", [("他们抵达重庆。", "They arrived in 重庆 on Friday.")]) == []


def test_min_clause_threshold_is_configurable() -> None:
    pair = [("他们抵达重庆市。", "They arrived in 重庆市 on Friday after a long trip.")]
    assert found("untranslated", pair) == []
    assert len(found("untranslated", pair, min_clause=3)) == 1


def test_same_script_pair_uses_language_identification() -> None:
    source = "Die Stadt hat am Freitag eine neue U-Bahn-Linie eröffnet. Sie hat 22 Stationen."
    target = "The city opened a new metro line on Friday. Sie hat 22 Stationen und ist lang."
    [(_k, f)] = found("untranslated", [(source, target)], src_lang="de")
    assert f.text == "Sie hat 22 Stationen und ist lang." and f.severity == "major"
    [(_k, g)] = found("untranslated", [(source, source)], src_lang="de")
    assert g.severity == "critical"


def test_same_script_quote_in_target_language_is_fine() -> None:
    source = "Die Zeitung zitierte ihn auf Englisch: „We are not amused by this decision at all.“"
    target = "The newspaper quoted him in English: “We are not amused by this decision at all.”"
    assert found("untranslated", [(source, target)], src_lang="de") == []
    assert found("untranslated", [("Angela Merkel", "Angela Merkel")], src_lang="de") == []


def test_names_left_in_a_chinese_target_are_not_untranslated() -> None:
    pairs = [
        (
            "Apple released the new iPhone 12 Pro Max on Friday.",
            "苹果周五发布了新款iPhone 12 Pro Max手机。",
        ),
        ("The NBA finals start today.", "NBA总决赛今天开始。"),
        ("NBA", "NBA"),
    ]
    assert found("untranslated", pairs, src_lang="en", tgt_lang="zh") == []
    english = "The mayor said the new line would halve commuting times for eastern residents."
    [(_k, f)] = found("untranslated", [(english, english)], src_lang="en", tgt_lang="zh")
    assert f.severity == "critical"


def test_cyrillic_copy_and_german_names() -> None:
    russian = "Новая линия метро открылась в пятницу."
    [(_k, f)] = found("untranslated", [(russian, russian)], src_lang="ru")
    assert f.severity == "critical"
    names = [
        ("Michel Ziegenhagen, Lausanne", "Michel Ziegenhagen, Lausanne"),
        ("Albert Eggler: Gipfel über den Wolken.", "Albert Eggler, Gipfel über den Wolken."),
    ]
    assert found("untranslated", names, src_lang="de", tgt_lang="fr") == []


def test_untranslated_is_silent_on_pairs_it_does_not_understand() -> None:
    rule = Untranslated()
    assert not rule.applies_to_pair("xx", "en")
    # Chinese→Japanese shares Han characters: no judgement.
    assert (
        found("untranslated", [("东京的新线路开通了。", "東京の新線が開通した。")], tgt_lang="ja")
        == []
    )


# --- omission -----------------------------------------------------------------------------------


def test_empty_target_line_is_an_omission_of_the_whole_source() -> None:
    [(k, f)] = found("omission", story_with(2, ""))
    assert k == 2 and f.side == "source" and f.text == STORY[2][0]
    assert f.category == "Accuracy/Omission" and f.measure == 0.0


def test_much_shorter_target_is_an_omission_with_its_ratio() -> None:
    [(k, f)] = found("omission", story_with(1, "The city's transport bureau said."))
    assert k == 1 and f.side == "source" and f.text == STORY[1][0]
    assert f.other_text == "The city's transport bureau said."
    assert 0 < f.measure < 0.5


def test_sentence_dropped_from_an_aligned_document() -> None:
    from checker.pipeline import check_texts

    source = "".join(s for s, _ in STORY)
    target = " ".join(t for k, (_s, t) in enumerate(STORY) if k != 1)
    config = DetectorConfig(select=frozenset({"omission"}))
    report = check_texts(source, target, src_lang="zh", tgt_lang="en", config=config)
    findings = [f for seg in report.segments for f in seg.findings]
    assert len(findings) == 1 and STORY[1][0] in findings[0].text


def test_translation_cut_off_mid_phrase_is_an_omission() -> None:
    cut = "The city's transport bureau said the new line would halve commuting time from the."
    [(k, f)] = found("omission", story_with(1, cut))
    assert k == 1 and "mid-phrase" in f.message and f.measure < 1


def test_unrendered_end_of_the_source() -> None:
    source = "市防汛指挥部表示，全市已转移低洼地区群众一万二千余人，并开放应急避难场所四十六处。"
    target = (
        "The city flood control headquarters said that more than 12,000 residents of "
        "low-lying areas had been relocated."
    )
    span = uncovered_end(Pair(0, source, target, "zh", "en"), 4, 0.2)
    assert span is not None and "开放应急避难场所" in source[span[0] : span[1]]
    whole = target + " Forty-six emergency shelters have been opened."
    assert uncovered_end(Pair(0, source, whole, "zh", "en"), 4, 0.2) is None


def test_short_and_empty_segments_are_not_omissions() -> None:
    pairs = [("张伟", "Zhang Wei"), ("（完）", "(End)"), ("NBA", "NBA"), ("——", ""), ("", "")]
    assert found("omission", pairs) == []


def test_concise_translation_is_not_an_omission() -> None:
    assert found("omission", story_with(3, "Fares start at two yuan, as on other lines.")) == []


def test_a_document_with_long_translations_sets_its_own_norm() -> None:
    # A translator who explains everything: every target is ~1.8x the usual; none is an outlier.
    padded = [(s, t + " " + t[: int(len(t) * 0.8)]) for s, t in STORY]
    assert found("addition", padded) == []
    assert found("omission", padded) == []


# --- addition -----------------------------------------------------------------------------------


def test_target_without_source_is_an_addition() -> None:
    [(k, f)] = found("addition", [("", ""), ("", "The ceremony was attended by the mayor.")])
    assert k == 1 and f.side == "target" and f.text == "The ceremony was attended by the mayor."


def test_unrelated_sentence_is_an_addition() -> None:
    extra = (
        "The harvest festival in Dongling Province will feature folk music and a lantern "
        "parade along the river."
    )
    target = STORY[2][1] + " " + extra
    [(k, f)] = found("addition", story_with(2, target))
    assert k == 2 and f.text == target and f.measure > 1.5
    assert "The harvest festival" in f.message


def test_long_explanatory_translation_is_not_an_addition() -> None:
    pairs = story_with(
        3,
        "Fares are the same as on the other lines: a journey starts at two "
        "yuan (about 28 US cents).",
    )
    assert found("addition", pairs) == []
    idiom = [
        (
            "他说这是一举两得。",
            "He said it was “killing two birds with one stone”, meeting both goals at once.",
        )
    ]
    assert found("addition", idiom) == []


def test_outlier_threshold_is_configurable() -> None:
    pairs = story_with(
        3,
        "Fares are the same as on other lines, starting at two yuan, and "
        "officials say they will stay there.",
    )
    assert found("addition", pairs) == []
    assert len(found("addition", pairs, outlier_z10=10)) == 1


# --- punctuation-parity ---------------------------------------------------------------------------


def test_question_turned_statement() -> None:
    [(_k, f)] = found(
        "punctuation-parity", [("新线路何时才能开通？", "When will the new line open.")]
    )
    assert f.side == "target" and f.text == "When will the new line open."
    assert f.other_text == "新线路何时才能开通？" and f.severity == "minor"


def test_question_in_a_multi_sentence_segment_maps_to_its_sentence() -> None:
    pairs = [
        (
            "新线路已经开通。乘客最关心什么？票价。",
            "The new line has opened. What do passengers care about most. Fares.",
        )
    ]
    [(_k, f)] = found("punctuation-parity", pairs)
    assert f.text == "What do passengers care about most."


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("难道我们不应该保护这条河吗？", "Shouldn't we protect this river?"),
        ("他问记者：“新线路何时开通？”", "He asked the reporter when the new line would open."),
        ("《谁动了我的奶酪？》一书再版。", "The book Who Moved My Cheese was reprinted."),
        ("我们知道些什么？", "Here is what we know."),
        ("访问www.example.cn/a?id=3查询。", "Check www.example.cn/a?id=3 for details."),
    ],
)
def test_kept_or_reported_questions_are_fine(source: str, target: str) -> None:
    assert found("punctuation-parity", [(source, target)]) == []


def test_dropped_brackets() -> None:
    [(_k, f)] = found(
        "punctuation-parity",
        [("他曾在东陵大学（原东陵师范学院）任教。", "He taught at Dongling University.")],
    )
    assert f.side == "source" and f.text == "（原东陵师范学院）"
    [(_k, g)] = found(
        "punctuation-parity",
        [
            (
                "该项目由联合国开发计划署(UNDP)资助。",
                "The project is funded by the United Nations Development Programme.",
            )
        ],
    )
    assert g.text == "(UNDP)"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (
            "该项目由联合国开发计划署(UNDP)资助。",
            "The project is funded by the United Nations Development Programme (UNDP).",
        ),
        (
            "特朗普（Donald Trump）周五表示，他将出席会议。",
            "Donald Trump said on Friday that he would attend the meeting.",
        ),
        (
            "他曾在东陵大学（原东陵师范学院）任教。",
            "He taught at Dongling University, formerly Dongling Normal College.",
        ),
        (
            "周六（9月28日）举行了开通仪式。",
            "The opening ceremony was held on Saturday, September 28.",
        ),
        ("第（1）项规定", "Item 1 of the rules"),
    ],
)
def test_brackets_rendered_some_other_way_are_fine(source: str, target: str) -> None:
    assert found("punctuation-parity", [(source, target)]) == []


def test_speech_quotation_lost_but_scare_quotes_may_go() -> None:
    source = "市长在仪式上说：“这条线路将改变整个城东的面貌，我们会继续扩建。”"
    target = (
        "At the ceremony the mayor said this line would change the face of the entire "
        "eastern district and the city would keep expanding it."
    )
    [(_k, f)] = found("punctuation-parity", [(source, target)])
    assert f.side == "source" and f.text.startswith("“这条线路")
    assert (
        found(
            "punctuation-parity",
            [("这种“共享书柜”很受欢迎。", "These shared bookcases are very popular.")],
        )
        == []
    )


def test_title_must_be_marked() -> None:
    source = "该研究发表在《自然医学》杂志上。"
    [(_k, f)] = found(
        "punctuation-parity", [(source, "The study was published in the natural medicine journal.")]
    )
    assert f.text == "natural medicine" and f.other_text == "《自然医学》"
    for marked in (
        "The study was published in the journal Nature Medicine.",
        "The study was published in the journal “Nature Medicine”.",
        "The study was published in a journal.",
    ):
        assert found("punctuation-parity", [(source, marked)]) == [], marked


# --- url-email-handle ---------------------------------------------------------------------------


def test_altered_url_is_reported_on_the_target_with_the_source_url() -> None:
    [(_k, f)] = found(
        "url-email-handle",
        [("详情请访问www.jzmetro.example.cn查询。", "For details, visit www.jzmetro.example.com.")],
    )
    assert f.side == "target" and f.text == "www.jzmetro.example.com"
    assert f.other_text == "www.jzmetro.example.cn" and f.suggestion == "www.jzmetro.example.cn"
    assert f.severity == "major"


def test_missing_email_is_reported_on_the_source() -> None:
    [(_k, f)] = found(
        "url-email-handle",
        [("如有疑问，可发送邮件至service@metro.example.cn。", "Questions can be sent by e-mail.")],
    )
    assert f.side == "source" and f.text == "service@metro.example.cn" and f.other_text is None


def test_handles_and_hashtags() -> None:
    [(_k, f)] = found(
        "url-email-handle",
        [("官方账号@JZMetro发布消息。", "The official account @JZ_Metro posted a notice.")],
    )
    assert f.text == "@JZ_Metro" and f.other_text == "@JZMetro"
    assert (
        found(
            "url-email-handle",
            [("官方账号@JZMetro发布消息。", "The official account @jzmetro posted a notice.")],
        )
        == []
    )
    [(_k, g)] = found(
        "url-email-handle",
        [
            (
                "话题#MetroLine5#阅读量超过一亿。",
                "The hashtag #MetroLine was read 100 million times.",
            )
        ],
    )
    assert g.text == "#MetroLine"


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("详情请访问www.jzmetro.example.cn查询。", "For details, visit www.jzmetro.example.cn."),
        (
            "详情请访问http://www.jzmetro.example.cn/。",
            "For details, visit www.jzmetro.example.cn.",
        ),
        ("详情请访问HTTP://WWW.JZMETRO.EXAMPLE.CN。", "See http://www.jzmetro.example.cn."),
        (
            "网站(pip.tc260.example.org.cn)受理举报。",
            "The website (pip.tc260.example.org.cn) takes reports.",
        ),
    ],
)
def test_kept_urls_are_fine(source: str, target: str) -> None:
    assert found("url-email-handle", [(source, target)]) == []


def test_mangled_scheme_is_not_a_kept_url() -> None:
    [(_k, f)] = found(
        "url-email-handle",
        [("访问https://www.example.org/report。", "Visit htps://www.example.org/report.")],
    )
    assert f.side == "source" or f.text.startswith("www.example.org")
