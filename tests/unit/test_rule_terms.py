"""The terminology and inconsistency rules: positives, negatives and hard negatives."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.detect import RULES, DetectorConfig
from checker.detect.base import Pair
from checker.detect.terms import Inconsistency, Terminology, find_anchor, name_key
from checker.glossary import load_glossary, parse_glossary
from checker.pipeline import check_pairs

DATA = Path(__file__).resolve().parent.parent / "data"


def findings(
    pairs: list[tuple[str, str]],
    rule: str,
    glossary: str | None = None,
    *,
    src_lang: str = "zh",
    tgt_lang: str = "en",
    thresholds: tuple[tuple[str, str, int], ...] = (),
) -> list[tuple[int, str, str, str | None]]:
    """(segment, side, text, counterpart text) of every finding, checking the offsets."""
    config = DetectorConfig(
        select=frozenset({rule}),
        glossary=parse_glossary(glossary, "<test>") if glossary is not None else None,
        thresholds=thresholds,
    )
    report = check_pairs(pairs, src_lang=src_lang, tgt_lang=tgt_lang, config=config)
    out = []
    for seg in report.segments:
        for f in seg.findings:
            text = seg.target if f.side == "target" else seg.source
            assert text is not None and text[f.start : f.end] == f.text
            if f.other_start >= 0:
                other = seg.source if f.side == "target" else seg.target
                assert other is not None and other[f.other_start : f.other_end] == f.other_text
            out.append((seg.index, f.side, f.text, f.other_text))
    return out


def messages(pairs: list[tuple[str, str]], rule: str, glossary: str | None = None) -> list[str]:
    config = DetectorConfig(
        select=frozenset({rule}),
        glossary=parse_glossary(glossary, "<test>") if glossary is not None else None,
    )
    report = check_pairs(pairs, src_lang="zh", tgt_lang="en", config=config)
    return [f.message for seg in report.segments for f in seg.findings]


def test_rules_are_registered_with_their_categories() -> None:
    assert RULES["terminology"] is Terminology
    assert RULES["inconsistency"] is Inconsistency
    info = Terminology.info()
    assert (info["category"], info["severity"], info["scope"]) == (
        "Terminology/Wrong term",
        "major",
        "pair",
    )
    info = Inconsistency.info()
    assert (info["category"], info["severity"]) == ("Terminology/Inconsistent use", "minor")
    assert info["thresholds"] == {"min_words": 8, "min_name_letters": 4}


# --------------------------------------------------------------------------- terminology

MAYOR = "林海涛\tLin Haitao|!Lin Hai-tao\tmayor\n江州\tJiangzhou\n*\t!Kiangchow\n"


def test_terminology_is_silent_without_a_glossary() -> None:
    rule = Terminology()
    assert rule.glossary is None
    pairs = [Pair(0, "江州今年新建了三座公园。", "Kiangchow built three parks.", "zh", "en")]
    assert list(rule.check_pairs(pairs)) == []
    assert (
        findings([("江州今年新建了三座公园。", "Kiangchow built three parks.")], "terminology")
        == []
    )


def test_config_hands_the_glossary_to_the_rule() -> None:
    glossary = parse_glossary(MAYOR, "g.tsv")
    (rule,) = DetectorConfig(select=frozenset({"terminology"}), glossary=glossary).rules()
    assert rule.glossary is glossary


def test_forbidden_terms_are_reported_on_the_target() -> None:
    pairs = [
        ("林海涛市长出席了仪式。", "Mayor Lin Hai-tao attended the ceremony."),
        ("江州今年新建了三座公园。", "Kiangchow built three new parks this year."),
    ]
    assert findings(pairs, "terminology", MAYOR) == [
        (0, "target", "Lin Hai-tao", "林海涛"),
        (1, "target", "Kiangchow", None),
    ]
    first, second = messages(pairs, "terminology", MAYOR)
    assert first == (
        "“Lin Hai-tao” is a forbidden term for “林海涛” (glossary); use “Lin Haitao” (mayor)"
    )
    assert second == "“Kiangchow” is a forbidden term (glossary)"


def test_forbidden_term_has_a_suggestion_when_the_fix_is_plain() -> None:
    config = DetectorConfig(
        select=frozenset({"terminology"}), glossary=parse_glossary(MAYOR, "g.tsv")
    )
    report = check_pairs(
        [("林海涛市长出席了仪式。", "Mayor Lin Hai-tao attended the ceremony.")],
        src_lang="zh",
        tgt_lang="en",
        config=config,
    )
    (finding,) = report.segments[0].findings
    assert (finding.suggestion, finding.severity, finding.rule) == (
        "Lin Haitao",
        "major",
        "terminology",
    )


def test_forbidden_term_needs_its_own_source_term() -> None:
    glossary = "林海涛\tLin Haitao|!Mayor Lin\n"
    pairs = [("林市长出席了会议。", "Mayor Lin attended the meeting.")]
    assert findings(pairs, "terminology", glossary) == []


def test_name_replaced_by_another_name_is_reported_on_the_source() -> None:
    pairs = [
        ("林海涛在江州考察。", "Lin Haitao visited Jiangzhou."),
        ("林海涛说，江州的经济增长很快。", "Lin Haitao said Nanling's economy was growing fast."),
    ]
    assert findings(pairs, "terminology", MAYOR) == [(1, "source", "江州", None)]
    (message,) = messages(pairs, "terminology", MAYOR)
    assert message == (
        "glossary term “江州” is not translated as “Jiangzhou”; the translation has “Nanling”"
    )


def test_name_spelled_another_way_is_reported() -> None:
    pairs = [("林海涛在江州考察。", "Lin Haitao visited Jiang-zhou.")]
    assert findings(pairs, "terminology", MAYOR) == [(0, "source", "江州", None)]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # left out or said another way: an omission, not a wrong term
        ("江州今年新建了三座公园。", "The city built three new parks this year."),
        ("林海涛表示，工程年底完工。", "He said the project would be done by the end of the year."),
        # short forms, plural and possessive, another case, full width
        ("林海涛市长表示，工程年底完工。", "Mayor Lin said the project would end this year."),
        ("林海涛表示，江州将扩建公园。", "Lin's plan: JIANGZHOU’s parks will grow."),
        ("江州地铁开通。", "Ｊｉａｎｇｚｈｏｕ's metro opened."),
        # the source term is part of another word, or of a title
        ("江州人喜欢散步。", "Jiangzhou people like walking."),
        ("他主演了电影《江州往事》。", "He starred in the film Once Upon a Time."),
        # names the source accounts for are not replacements
        ("江州市长林海涛会见了杜特尔特。", "The mayor met Duterte."),
    ],
)
def test_terminology_hard_negatives(source: str, target: str) -> None:
    assert findings([(source, target)], "terminology", MAYOR) == []


def test_country_initials_and_adjectives_count() -> None:
    glossary = "美国\tUnited States\n中国\tChina\n瑞士\tSwitzerland\n波兰\tPoland\n"
    pairs = [
        ("美国和中国的学者参加了会议。", "U.S. and Chinese scholars attended the meeting."),
        ("瑞士和波兰的代表也来了。", "Swiss and Polish delegates came too."),
        ("中美关系很重要。", "Sino-US relations matter."),
    ]
    assert findings(pairs, "terminology", glossary) == []
    assert findings([("美国代表发言。", "A Mexican delegate spoke.")], "terminology", glossary) == [
        (0, "source", "美国", None)
    ]


def test_term_inside_a_longer_term_of_the_target_counts() -> None:
    glossary = "南希\tNancy\n佩洛西\tNancy Pelosi\n"
    pairs = [("南希·佩洛西说，南希同意。", "Nancy Pelosi said she agreed.")]
    assert findings(pairs, "terminology", glossary) == []


def test_term_cut_by_dictionary_words_is_not_a_term() -> None:
    glossary = "南京\tNanjing\n"
    pairs = [("河南京剧团下月来演出。", "The Henan Opera Troupe will perform next month.")]
    assert findings(pairs, "terminology", glossary) == []
    pairs = [("南京下雨了。", "It rained in Suzhou.")]
    assert findings(pairs, "terminology", glossary) == [(0, "source", "南京", None)]


def test_missing_common_nouns_are_reported_naming_the_other_rendering() -> None:
    glossary = "地铁\tmetro|subway\n秋收\tautumn harvest\n"
    pairs = [
        ("地铁五号线开通。", "The underground line 5 opened."),
        ("秋收进展顺利。", "The fall harvest is going well."),
        ("地铁集团开展了自查。", "The company ran its own inspection."),
        ("地铁集团开展了自查。", "The Metro Group ran its own inspection."),
    ]
    assert findings(pairs, "terminology", glossary) == [
        (0, "source", "地铁", None),
        (1, "source", "秋收", None),
        (2, "source", "地铁", None),
    ]
    assert messages(pairs, "terminology", glossary) == [
        "glossary term “地铁” is not translated as “metro” or “subway”; the translation has "
        "“underground”",
        "glossary term “秋收” is not translated as “autumn harvest”; the translation has “fall”",
        "glossary term “地铁” is not translated as “metro” or “subway”",
    ]


def test_unknown_common_noun_is_reported_when_missing() -> None:
    glossary = "数字孪生\tdigital twin\n"
    assert findings(
        [("数字孪生城市建设加快。", "Smart city construction speeds up.")], "terminology", glossary
    ) == [(0, "source", "数字孪生", None)]


def test_tbx_glossary_keeps_to_its_languages() -> None:
    glossary = load_glossary(DATA / "glossary_zh_en.tbx")
    config = DetectorConfig(select=frozenset({"terminology"}), glossary=glossary)
    pairs = [("江州今年新建了三座公园。", "Kiangchow built three new parks this year.")]
    zh = check_pairs(pairs, src_lang="zh", tgt_lang="en", config=config)
    assert [f.text for s in zh.segments for f in s.findings] == ["Kiangchow"]
    ja = check_pairs(pairs, src_lang="ja", tgt_lang="en", config=config)
    assert [f.text for s in ja.segments for f in s.findings] == []


def test_other_languages_report_missing_terms_without_evidence() -> None:
    glossary = "railway station\tgare\n"
    pairs = [("The railway station reopens.", "La station rouvre.")]
    assert findings(pairs, "terminology", glossary, src_lang="en", tgt_lang="fr") == [
        (0, "source", "railway station", None)
    ]
    pairs = [("The railway stations reopen.", "Les gares rouvrent.")]
    assert findings(pairs, "terminology", glossary, src_lang="en", tgt_lang="fr") == []


def test_empty_target_is_left_to_the_omission_rules() -> None:
    assert findings([("江州今年新建了三座公园。", "")], "terminology", MAYOR) == []


# --------------------------------------------------------------------------- inconsistency


def test_name_key_and_anchor() -> None:
    assert name_key("Zheng Zhou") == name_key("Zhengzhou") == "zhengzhou"
    assert name_key("Shinzō Abe") == "shinzoabe"
    assert find_anchor("郑州下大雨。", "zhengzhou") == (0, 2)
    assert find_anchor("香港的天气", "hongkong") == (0, 2)
    assert find_anchor("今天下雨。", "zhengzhou") is None


VARIANTS = [
    ("林海涛市长主持了会议。", "Mayor Lin Haitao chaired the meeting."),
    ("林海涛表示，工程将加快建设。", "Lin Hai-tao said construction would speed up."),
    ("林海涛随后参观了车站。", "Lin Haitao then visited the station."),
]


def test_name_variant_is_reported_with_its_source_name() -> None:
    assert findings(VARIANTS, "inconsistency") == [(1, "target", "Lin Hai-tao", "林海涛")]
    (message,) = messages(VARIANTS, "inconsistency")
    assert message == "“Lin Hai-tao” is written “Lin Haitao” elsewhere in the document (segment 0)"


def test_the_most_common_form_wins_wherever_it_is() -> None:
    pairs = [VARIANTS[1], VARIANTS[0], VARIANTS[2]]
    assert findings(pairs, "inconsistency") == [(0, "target", "Lin Hai-tao", "林海涛")]


@pytest.mark.parametrize(
    ("first", "second", "reported"),
    [
        # a tie: the dictionary's form, then pinyin spelling, wins over the order
        ("Tsai Ingwen", "Tsai Ing-wen", "Tsai Ingwen"),
        ("Xi Jin Ping", "Xi Jinping", "Xi Jin Ping"),
        ("Zheng Zhou", "Zhengzhou", "Zheng Zhou"),
    ],
)
def test_ties_go_to_the_standard_spelling(first: str, second: str, reported: str) -> None:
    source = {"Tsai": "蔡英文", "Xi": "习近平", "Zheng": "郑州"}[first.split()[0]]
    pairs = [
        (f"{source}发表了讲话。", f"{first} was in the news."),
        (f"{source}再次成为焦点。", f"Once again {second} was in the news."),
    ]
    ((_, side, text, other),) = findings(pairs, "inconsistency")
    assert (side, text, other) == ("target", reported, source)


def test_person_names_keep_the_surname_apart() -> None:
    pairs = [
        ("张雄今年三十四岁。", "Zhangxiong is 34 this year."),
        ("张雄辞掉了工作。", "Zhang Xiong quit his job."),
    ]
    assert findings(pairs, "inconsistency") == [(0, "target", "Zhangxiong", "张雄")]


def test_each_other_form_is_reported_once_with_its_count() -> None:
    pairs = [("林海涛讲话。", "Lin Haitao spoke.")] * 3 + [
        ("林海涛讲话了。", "Lin Hai-tao spoke.")
    ] * 2
    config = DetectorConfig(select=frozenset({"inconsistency"}))
    report = check_pairs(pairs, src_lang="zh", tgt_lang="en", config=config)
    (finding,) = [f for s in report.segments for f in s.findings]
    assert (finding.segment, finding.text, finding.measure) == (3, "Lin Hai-tao", 2.0)
    assert finding.message.endswith("; “Lin Hai-tao” is used 2 times")


def test_diacritics_count_for_any_source_language() -> None:
    pairs = [
        ("安倍晋三が発言した。", "Shinzō Abe spoke."),
        ("安倍晋三が答えた。", "Shinzo Abe answered."),
        ("安倍晋三が帰った。", "Shinzō Abe left."),
    ]
    assert findings(pairs, "inconsistency", src_lang="ja") == [(1, "target", "Shinzo Abe", None)]


@pytest.mark.parametrize(
    "pairs",
    [
        # different people or places whose letters agree
        [
            ("郑舟是一名工程师。", "Zheng Zhou is an engineer."),
            ("郑州下了大雨。", "Rain hit Zhengzhou."),
        ],
        # case alone, with capitals or without a source name
        [
            ("新冠疫苗运抵。", "COVID-19 vaccines arrived."),
            ("新冠病例减少。", "Covid-19 cases fell."),
        ],
        [
            ("他去了商店。", "He went to the Apple Store."),
            ("她去了商店。", "She went to the apple store."),
        ],
        # too short to compare, or English words written two ways
        [("美国回应了。", "The U.S. responded."), ("美国官员回应了。", "US officials responded.")],
        [("详见网站。", "See the Web Site."), ("网站每天更新。", "The Website is updated daily.")],
        # a title before a name is not part of it
        [
            ("习近平总书记讲话。", "General Secretary Xi Jinping spoke."),
            ("习近平讲话。", "Xi Jinping spoke."),
        ],
        # consistent names, possessive
        [("林海涛讲话。", "Lin Haitao spoke."), ("林海涛的讲话。", "Lin Haitao's speech.")],
    ],
)
def test_name_hard_negatives(pairs: list[tuple[str, str]]) -> None:
    assert findings(pairs, "inconsistency") == []


def test_foreign_names_are_anchored_by_sound() -> None:
    pairs = [
        ("蓬佩奥周三发表讲话。", "Pompeo spoke on Wednesday."),
        ("蓬佩奥还说，谈判将继续。", "Pom-peo also said the talks would go on."),
        ("蓬佩奥随后离开。", "Pompeo then left."),
    ]
    assert findings(pairs, "inconsistency") == [(1, "target", "Pom-peo", "蓬佩奥")]


def test_names_the_chinese_source_does_not_name_count_when_hyphenated() -> None:
    pairs = [
        ("新华网北京电。", "BEIJING, Xinhuanet reports."),
        ("来源：新华网。", "Source: Xinhua Net."),
    ]
    assert findings(pairs, "inconsistency") == []
    pairs = [
        ("长期计划公布。", "The Long Term Plan is out."),
        ("这是长期计划。", "It is a Long-Term Plan."),
        ("长期计划很重要。", "The Long Term Plan matters."),
    ]
    assert findings(pairs, "inconsistency") == [(1, "target", "Long-Term Plan", None)]
    english = [
        ("ウェブサイトを見て。", "See the Web Site."),
        ("サイトは毎日更新。", "The Website is new."),
    ]
    assert findings(english, "inconsistency", src_lang="ja") == []
    english = [("長期計画。", "A Long-Term Plan"), ("長期計画です。", "The Long Term Plan is out.")]
    assert findings(english, "inconsistency", src_lang="ja") == []


def test_one_source_name_covers_segments_that_do_not_name_it() -> None:
    pairs = [
        ("艾福梅报道。", "Ai Fumei reports."),
        ("艾福梅说。", "Ai Fumei said."),
        ("她补充说。", "Ai-Fumei added."),
    ]
    assert findings(pairs, "inconsistency") == [(2, "target", "Ai-Fumei", None)]


def test_titles_alone_and_apostrophes() -> None:
    pairs = [
        ("政务司司长讲话。", "The Chief Secretary spoke."),
        ("政务司司长回应。", "The Chief-Secretary replied."),
        ("政务司司长离开。", "The Chief Secretary left."),
    ]
    assert findings(pairs, "inconsistency") == [(1, "target", "Chief-Secretary", None)]
    pairs = [("延安很美。", "Yan'an is lovely."), ("延安很远。", "Yan’an is far.")]
    assert findings(pairs, "inconsistency") == []


def test_names_need_a_latin_script_target() -> None:
    pairs = [("Lin Haitao spoke.", "林海涛讲话。"), ("Lin Hai-tao left.", "林海涛走了。")]
    assert findings(pairs, "inconsistency", src_lang="en", tgt_lang="zh") == []


REPEATED = "市民可拨打热线电话反映问题。"


def test_repeated_source_translated_differently() -> None:
    pairs = [
        (REPEATED, "Residents can report problems by calling the hotline."),
        ("五号线全长二十六公里。", "Line 5 is 26 kilometres long."),
        (REPEATED, "Citizens may phone the hotline to raise issues."),
        (REPEATED, "Residents can report problems by calling the hotline."),
    ]
    assert findings(pairs, "inconsistency") == [
        (2, "target", "Citizens may phone the hotline to raise issues.", REPEATED)
    ]
    (message,) = messages(pairs, "inconsistency")
    assert message == (
        "the same source is translated differently in segment 0: "
        "“Residents can report problems by calling the hotline.”"
    )


def test_repeated_source_works_for_any_language_pair() -> None:
    source = "Residents can call the city hotline to report problems with the new line."
    pairs = [(source, "市民可拨打市热线反映新线路的问题。"), (source, "居民可以打热线说新线的事。")]
    assert findings(pairs, "inconsistency", src_lang="en", tgt_lang="zh") == [
        (1, "target", "居民可以打热线说新线的事。", source)
    ]


def test_repeated_source_hard_negatives() -> None:
    same_words = [
        (REPEATED, "Residents can report problems by calling the hotline."),
        (REPEATED, "residents can report problems by calling the hotline!"),
        ("  " + REPEATED, "Residents  can report problems by calling the hotline."),
    ]
    assert findings(same_words, "inconsistency") == []
    short = [("（完）", "(End)"), ("（完）", "(Finish)")]
    assert findings(short, "inconsistency") == []
    assert findings(short, "inconsistency", thresholds=(("inconsistency", "min_words", 1),)) == [
        (1, "target", "(Finish)", "（完）")
    ]
    untranslated = [(REPEATED, "Residents can report problems."), (REPEATED, "")]
    assert findings(untranslated, "inconsistency") == []
