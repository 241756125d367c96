"""Reference-based scoring: sacrebleu's numbers through our wrappers, streaming, significance."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

from checker.errors import ConfigError, InputError
from checker.report.scores import render_scores_json, render_scores_text
from checker.score import metrics
from checker.score import (
    LengthMismatchError,
    SentenceScorer,
    bleu_tokenizer,
    compare_systems,
    corpus_scores,
    read_lines,
    read_segments,
    score_file,
    score_files,
    sentence_scores,
)

REFS_A = (
    "The revised anti-spy law took effect on Friday.",
    "Chongqing issued 29 rules to strengthen security.",
    "Prices rose by 3.5% in May, the statistics bureau said.",
    "The talks will continue next week in Beijing.",
    "",
    "Officials said the new metro line would open in 2024.",
    "Exports to Europe fell for the second month in a row.",
    "The company's shares closed 4 percent higher.",
    "Heavy rain hit the south of the province on Sunday.",
    "He told reporters the plan was \"still under discussion\".",
    "Schools will reopen on Monday.",
)
REFS_B = (
    "A revised counter-espionage law came into force on Friday.",
    "Chongqing published 29 regulations to tighten security.",
    "In May, prices went up 3.5 percent, according to the statistics bureau.",
    "Talks are to resume in Beijing next week.",
    "Nothing.",
    "The new metro line will open in 2024, officials said.",
    "Exports to Europe dropped for a second straight month.",
    "Shares in the company ended 4% up.",
    "Torrential rain struck the southern province on Sunday.",
    "The plan was still being discussed, he told reporters.",
    "Schools reopen Monday.",
)
REFS_C = (
    "The amended anti-espionage law took effect Friday.",
    "Chongqing set out 29 rules on security.",
    "Prices climbed 3.5 percent in May.",
    "Negotiations continue next week in Beijing.",
    "",
    "The metro line opens in 2024.",
    "European exports fell again.",
    "The shares rose 4 percent.",
    "Rain hit the south on Sunday.",
    "The plan is under discussion, he said.",
    "Schools will open again on Monday.",
)
SYS_GOOD = (
    "The revised anti -spy law took effect on Friday.",
    "Chongqing issued 29 rules to strengthen the security.",
    "Prices rose 3.5 percent in May, the statistics bureau said.",
    "The talks will continue next week in Beijing.",
    "",
    "Officials said the new metro line would open in 2024 .",
    "Exports to Europe fell for a second month in row.",
    "Company shares closed 4 percent higher.",
    "Heavy rain hit south of province on Sunday.",
    "He told reporters that the plan was still under discussion.",
    "Schools will reopen Monday.",
)
SYS_BAD = (
    "Revised law anti spy effect Friday took.",
    "Chongqing 29 rule security.",
    "Price up May.",
    "Talk continue Beijing week.",
    "Something.",
    "Metro open year.",
    "Europe export fall month month.",
    "Share company high.",
    "Rain the south Sunday the the.",
    "Plan discussion reporters.",
    "School Monday.",
)
SYS_CLOSE = tuple(s.replace("Friday", "Fri.") for s in SYS_GOOD)

#: (hypothesis, references, expected BLEU, chrF2, chrF2++, TER) from sacrebleu 2.6.
SENTENCE_CASES = (
    ("The cat sat on the mat.", ("The cat sat on the mat.",), 100.0, 100.0, 100.0, 0.0),
    (
        "The revised anti -spy law took effect this year.",
        ("The revised anti-spy law took effect this year.",),
        58.1431, 100.0, 94.6808, 25.0,
    ),
    (
        "Prices rose 3.5 percent in May.",
        ("Prices rose by 3.5% in May.", "In May, prices went up 3.5 percent."),
        31.1473, 57.6677, 58.5814, 30.7692,
    ),
)
SACREBLEU = {
    "bleu": lambda: BLEU(),
    "chrf": lambda: CHRF(),
    "chrf++": lambda: CHRF(word_order=2),
    "ter": lambda: TER(),
}
REF_SETS = (
    ("one-ref", (REFS_A,)),
    ("two-refs", (REFS_A, REFS_B)),
    ("three-refs", (REFS_A, REFS_B, REFS_C)),  # TER's average reference length is not dyadic
)
STREAM_SETTINGS = ((1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 4), (1, 100))


def per_segment(streams: tuple[tuple[str, ...], ...]) -> list[tuple[str, ...]]:
    return list(zip(*streams, strict=True))


# ------------------------------------------------------------------ sentence level


@pytest.mark.parametrize(("hyp", "refs", "bleu", "chrf", "chrfpp", "ter"), SENTENCE_CASES)
def test_sentence_scores_match_expectations(
    hyp: str, refs: tuple[str, ...], bleu: float, chrf: float, chrfpp: float, ter: float
) -> None:
    scores = sentence_scores(hyp, refs, tgt_lang="en")
    expected = {"bleu": bleu, "chrf": chrf, "chrf++": chrfpp, "ter": ter}
    assert scores == pytest.approx(expected, abs=5e-5)


@pytest.mark.parametrize("hyp", SYS_GOOD + SYS_BAD)
def test_sentence_scores_equal_sacrebleu_sentence_score(hyp: str) -> None:
    i = (SYS_GOOD + SYS_BAD).index(hyp) % len(REFS_A)
    refs = [REFS_A[i], REFS_B[i]]
    scorer = SentenceScorer(tgt_lang="en")
    ours = scorer(hyp, refs)
    theirs = {
        "bleu": BLEU(effective_order=True).sentence_score(hyp, refs).score,
        "chrf": CHRF().sentence_score(hyp, refs).score,
        "chrf++": CHRF(word_order=2).sentence_score(hyp, refs).score,
        "ter": TER().sentence_score(hyp, refs).score,
    }
    assert ours == theirs
    assert "eff:yes" in scorer.signatures()["bleu"]
    assert scorer.signatures()["bleu"].startswith("nrefs:2|")


def test_sentence_scores_from_statistics_equal_sacrebleu_sentence_score() -> None:
    """One extraction serves sentence and corpus scores: each sentence score from its row is
    sacrebleu's own sentence_score, with one or two references (one missing)."""
    hyps = list(SYS_GOOD + SYS_BAD)
    n = len(REFS_A)
    refs = [(REFS_A[i % n], REFS_B[i % n] if i % 3 else None) for i in range(len(hyps))]
    keys = metrics.METRIC_KEYS
    rows = metrics.segment_statistics(keys, "13a", hyps, refs)
    scorer = SentenceScorer(tgt_lang="en")
    made = {
        "bleu": BLEU(effective_order=True),
        "chrf": CHRF(),
        "chrf++": CHRF(word_order=2),
        "ter": TER(),
    }
    for i, (hyp, seg_refs) in enumerate(zip(hyps, refs, strict=True)):
        present = [r for r in seg_refs if r is not None]
        ours = scorer.from_statistics({k: rows[k][i] for k in keys}, len(present))
        assert ours == {k: m.sentence_score(hyp, present).score for k, m in made.items()}
        assert scorer.signatures()["bleu"].startswith(f"nrefs:{len(present)}|")


def test_check_pairs_scores_equal_sacrebleus_sentence_and_corpus_scores() -> None:
    from checker.pipeline import check_pairs

    hyps = list(SYS_GOOD + SYS_BAD)
    refs = [REFS_A[i % len(REFS_A)] for i in range(len(hyps))]
    report = check_pairs([(None, h) for h in hyps], tgt_lang="en", references=refs)
    bleu, chrf = BLEU(effective_order=True), CHRF()
    for seg, hyp, ref in zip(report.segments, hyps, refs, strict=True):
        assert seg.reference == ref
        assert seg.scores["bleu"] == round(bleu.sentence_score(hyp, [ref]).score, 4)
        assert seg.scores["chrf"] == round(chrf.sentence_score(hyp, [ref]).score, 4)
    corpus = report.scores["corpus"]
    assert corpus["bleu"] == round(BLEU().corpus_score(hyps, [refs]).score, 4)
    assert corpus["chrf++"] == round(CHRF(word_order=2).corpus_score(hyps, [refs]).score, 4)
    assert report.scores["signatures"]["bleu"].startswith("nrefs:1|case:mixed|eff:no|")


def test_sentence_scorer_needs_a_segment_before_signatures() -> None:
    with pytest.raises(ValueError, match="score a segment first"):
        SentenceScorer(metrics=("bleu",)).signatures()


def test_a_bare_string_is_not_a_list_of_references() -> None:
    with pytest.raises(TypeError, match="sequence of strings"):
        sentence_scores("a b c", "a b c")  # type: ignore[arg-type]


# ------------------------------------------------------------------ streaming corpus scores


@pytest.mark.parametrize(("label", "streams"), REF_SETS, ids=[r[0] for r in REF_SETS])
@pytest.mark.parametrize(("jobs", "chunk_size"), STREAM_SETTINGS)
def test_streamed_corpus_scores_equal_corpus_score_exactly(
    label: str, streams: tuple[tuple[str, ...], ...], jobs: int, chunk_size: int
) -> None:
    for hyps in (SYS_GOOD, SYS_BAD):
        ours = corpus_scores(
            iter(hyps), iter(per_segment(streams)), tgt_lang="en", jobs=jobs, chunk_size=chunk_size
        )
        for key, make in SACREBLEU.items():
            metric = make()
            theirs = metric.corpus_score(list(hyps), [list(s) for s in streams])
            assert ours[key].score == theirs.score, (key, label)  # same float, not approx
            assert ours[key].name == theirs.name
            assert ours[key].signature == metric.get_signature().format()
            assert ours[key].segments == len(hyps)


def test_chunk_statistics_summed_by_hand_give_sacrebleus_corpus_score() -> None:
    """The public pieces a caller with its own chunking uses (``checker check --ref`` streams
    through them): per-chunk statistics, their running sums, and the scores of the sums."""
    keys = tuple(SACREBLEU)
    sums = {key: metrics.StatisticsSum() for key in keys}
    for start in range(0, len(SYS_GOOD), 3):
        hyps = list(SYS_GOOD[start : start + 3])
        refs = [(r,) for r in REFS_A[start : start + 3]]
        _, partial = metrics.chunk_statistics(keys, "13a", hyps, refs)
        for key in keys:
            sums[key].add(partial[key])
    ours = metrics.scores_from_statistics(sums, tokenize="13a", segments=len(SYS_GOOD))
    assert ours == corpus_scores(SYS_GOOD, per_segment((REFS_A,)), tgt_lang="en", chunk_size=5)
    for key, make in SACREBLEU.items():
        metric = make()
        assert ours[key].score == metric.corpus_score(list(SYS_GOOD), [list(REFS_A)]).score
        assert ours[key].signature == metric.get_signature().format()


def test_variable_reference_counts_give_sacrebleus_var_signature() -> None:
    refs = [(a, b if i % 2 else None) for i, (a, b) in enumerate(zip(REFS_A, REFS_B, strict=True))]
    streams = [[a for a, _ in refs], [b for _, b in refs]]
    ours = corpus_scores(SYS_GOOD, refs, tgt_lang="en", jobs=1, chunk_size=2)
    for key, make in SACREBLEU.items():
        metric = make()
        assert ours[key].score == metric.corpus_score(list(SYS_GOOD), streams).score
        assert ours[key].signature == metric.get_signature().format()
        assert ours[key].signature.startswith("nrefs:var|")


def test_chinese_target_uses_the_zh_tokenizer() -> None:
    hyps = ["北京今天下雨了。", "上海的房价上涨了百分之三。"]
    refs = [("北京今天下大雨。",), ("上海房价上涨百分之三。",)]
    ours = corpus_scores(hyps, refs, tgt_lang="zh-Hans", metrics=("bleu",), chunk_size=1)
    expected = BLEU(tokenize="zh").corpus_score(hyps, [[r for (r,) in refs]]).score
    assert ours["bleu"].score == expected
    assert "tok:zh" in ours["bleu"].signature
    assert BLEU().corpus_score(hyps, [[r for (r,) in refs]]).score != expected


@pytest.mark.parametrize(
    ("lang", "choices"),
    (("zh", {"zh"}), ("zh_TW", {"zh"}), ("ja", {"ja-mecab", "char"}), ("ko", {"ko-mecab", "13a"}),
     ("en", {"13a"}), ("de", {"13a"}), (None, {"13a"})),
)
def test_bleu_tokenizer_follows_sacrebleu_with_fallbacks(lang: str | None, choices: set) -> None:
    assert bleu_tokenizer(lang) in choices


def test_mismatched_lengths_raise_with_both_counts() -> None:
    with pytest.raises(LengthMismatchError) as err:
        corpus_scores(SYS_GOOD, per_segment((REFS_A,))[:-2], tgt_lang="en", chunk_size=3)
    assert (err.value.hypotheses, err.value.references) == (11, 9)
    with pytest.raises(LengthMismatchError) as err:
        corpus_scores(SYS_GOOD[:4], per_segment((REFS_A,)), tgt_lang="en", chunk_size=4, jobs=2)
    assert (err.value.hypotheses, err.value.references) == (4, 11)
    assert isinstance(err.value, ValueError)


def test_nothing_to_score_and_bad_settings() -> None:
    with pytest.raises(ValueError, match="no segments"):
        corpus_scores([], [], tgt_lang="en")
    with pytest.raises(ValueError, match="unknown metric"):
        corpus_scores(SYS_GOOD, per_segment((REFS_A,)), tgt_lang="en", metrics=("meteor",))
    with pytest.raises(TypeError, match="sequence of strings"):
        corpus_scores(["a"], ["a"], tgt_lang="en")


# ------------------------------------------------------------------ files


def write_lines(path: Path, lines: tuple[str, ...] | list[str]) -> str:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


def test_read_lines_reads_like_the_sacrebleu_command(tmp_path: Path) -> None:
    path = tmp_path / "x.en"
    path.write_bytes(b"\xef\xbb\xbfone  \r\ntwo\rstill two\nthree")
    assert list(read_lines(path)) == ["one", "two\rstill two", "three"]
    gz = tmp_path / "x.en.gz"
    gz.write_bytes(gzip.compress(b"a\nb\n"))
    assert list(read_lines(gz)) == ["a", "b"]


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    hyp = write_lines(tmp_path / "sys.en", SYS_GOOD)
    short = write_lines(tmp_path / "ref.en", REFS_A[:9])
    with pytest.raises(InputError, match=r"sys\.en: 11 lines, but .*ref\.en has 9"):
        list(read_segments(hyp, [short]))
    empty = tmp_path / "empty.en"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.en: is empty"):
        score_file(str(empty), [short], tgt_lang="en")
    with pytest.raises(InputError, match="no such file"):
        read_lines(tmp_path / "missing.en")
    bad = tmp_path / "bad.en"
    bad.write_bytes(b"fine\nbad \xff byte\n")
    with pytest.raises(InputError, match=r"bad\.en:2 \(byte 9\): is not valid UTF-8"):
        list(read_lines(bad))


def test_mismatch_on_standard_input_is_found_while_reading(tmp_path: Path) -> None:
    import io

    ref = write_lines(tmp_path / "ref.en", REFS_A)
    stdin = io.BytesIO("".join(h + "\n" for h in SYS_GOOD[:5]).encode())
    with pytest.raises(InputError, match=r"<stdin>: 5 lines, but .* has 11"):
        list(read_segments("-", [ref], stdin=stdin))


def test_score_file_streams_and_equals_sacrebleu(tmp_path: Path) -> None:
    hyp = write_lines(tmp_path / "sys.en", SYS_GOOD)
    refs = [write_lines(tmp_path / "a.en", REFS_A), write_lines(tmp_path / "b.en", REFS_B)]
    ours = score_file(hyp, refs, tgt_lang="en", jobs=2, chunk_size=2)
    for key, make in SACREBLEU.items():
        assert ours[key].score == make().corpus_score(list(SYS_GOOD), [REFS_A, REFS_B]).score


def test_score_files_checks_every_file_first(tmp_path: Path) -> None:
    good = write_lines(tmp_path / "good.en", SYS_GOOD)
    bad = write_lines(tmp_path / "bad.en", SYS_BAD[:10])
    refs = [write_lines(tmp_path / "a.en", REFS_A), write_lines(tmp_path / "b.en", REFS_B)]
    with pytest.raises(InputError, match=r"bad\.en: 10 lines, but .*a\.en has 11"):
        score_files([good, bad], refs, tgt_lang="en")
    with pytest.raises(ConfigError, match="references must be files"):
        score_files([good], ["-"], tgt_lang="en")
    with pytest.raises(ConfigError, match="one hypothesis file only"):
        score_files(["-", "-"], refs, tgt_lang="en", names=["x", "y"])


def test_score_files_with_and_without_a_test_agree(tmp_path: Path) -> None:
    hyps = [write_lines(tmp_path / "good.en", SYS_GOOD), write_lines(tmp_path / "bad.en", SYS_BAD)]
    refs = [write_lines(tmp_path / "a.en", REFS_A)]
    tested = score_files(hyps, refs, tgt_lang="en", metrics=("bleu", "ter"), samples=50)
    plain = score_files(hyps, refs, tgt_lang="en", metrics=("bleu", "ter"), test=None, jobs=2)
    assert plain.test is None and tested.test == "bs"
    assert [s.name for s in plain.systems] == hyps
    for with_test, without in zip(tested.systems, plain.systems, strict=True):
        for key, r in without.scores.items():
            assert r.score == with_test.scores[key].score
            assert r.ci is None and r.p_value is None


def test_score_files_rejects_bad_settings_before_reading(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.en")
    with pytest.raises(ConfigError, match="unknown significance test"):
        score_files([missing], [missing], tgt_lang="en", test="t-test")
    with pytest.raises(ConfigError, match="not one of the systems"):
        score_files([missing], [missing], tgt_lang="en", baseline="nope")
    with pytest.raises(ConfigError, match="distinct name"):
        score_files([missing, missing], [missing], tgt_lang="en")


# ------------------------------------------------------------------ significance

SYSTEMS = (("good", SYS_GOOD), ("bad", SYS_BAD), ("close", SYS_CLOSE))


@pytest.mark.parametrize("test", ("bs", "ar"))
def test_comparison_shape_and_determinism(test: str) -> None:
    refs = per_segment((REFS_A, REFS_B))
    saved = os.environ.get("SACREBLEU_SEED")
    first = compare_systems(SYSTEMS, refs, tgt_lang="en", test=test, samples=200, baseline="bad")
    again = compare_systems(SYSTEMS, refs, tgt_lang="en", test=test, samples=200, baseline=1)
    assert first == again
    assert os.environ.get("SACREBLEU_SEED") == saved
    assert first.baseline == "bad"
    assert [s.name for s in first.systems] == ["good", "bad", "close"]  # input order kept
    assert [s.baseline for s in first.systems] == [False, True, False]
    assert first.metrics == ("bleu", "chrf", "chrf++", "ter")
    for system in first.systems:
        for key in first.metrics:
            r = system.scores[key]
            assert r.mean is not None and r.ci is not None and r.ci >= 0
            if system.baseline:
                assert r.p_value is None and not r.significant
            else:
                assert r.p_value is not None and 0 < r.p_value <= 1
                assert r.significant == (r.p_value < 0.05)
    for key, sig in first.signatures.items():
        assert "seed:12345" in sig and f"{test}:200" in sig, key
    streamed = corpus_scores(SYS_GOOD, refs, tgt_lang="en")
    assert {k: first.systems[0].scores[k].score for k in first.metrics} == {
        k: s.score for k, s in streamed.items()
    }


def test_comparison_equals_sacrebleus_paired_test() -> None:
    """Same figures as sacrebleu's PairedTest run the way its command line runs it."""
    refs = [list(REFS_A)]
    ours = compare_systems(
        SYSTEMS, per_segment((REFS_A,)), tgt_lang="en", metrics=("bleu", "chrf"), samples=100
    )
    metrics = {"BLEU": BLEU(references=refs), "chrF2": CHRF(references=refs)}
    os.environ["SACREBLEU_SEED"] = "12345"
    try:
        named = [(n, list(h)) for n, h in SYSTEMS]
        sigs, table = PairedTest(named, metrics, None, test_type="bs", n_samples=100)()
    finally:
        del os.environ["SACREBLEU_SEED"]
    for row, system in enumerate(ours.systems):
        for key, name in (("bleu", "BLEU"), ("chrf", "chrF2")):
            theirs, mine = table[name][row], system.scores[key]
            assert (mine.score, mine.mean, mine.ci, mine.p_value) == (
                theirs.score, theirs.mean, theirs.ci, theirs.p_value
            )
    assert ours.signatures["bleu"] == sigs["BLEU"].format()


def test_single_system_gets_a_confidence_interval_and_no_p_value() -> None:
    result = compare_systems([("only", SYS_GOOD)], per_segment((REFS_A,)), tgt_lang="en",
                             metrics=("chrf",), samples=50)
    (system,) = result.systems
    assert system.baseline and system.scores["chrf"].p_value is None
    assert system.scores["chrf"].ci is not None
    assert "bs:50" in result.signatures["chrf"]


def test_comparison_rejects_misaligned_systems_and_bad_settings() -> None:
    refs = per_segment((REFS_A,))
    with pytest.raises(LengthMismatchError):
        compare_systems([("a", SYS_GOOD[:3])], refs, tgt_lang="en")
    with pytest.raises(ValueError, match="unique"):
        compare_systems([("a", SYS_GOOD), ("a", SYS_BAD)], refs, tgt_lang="en")
    with pytest.raises(ValueError, match="seed 0"):
        compare_systems(SYSTEMS, refs, tgt_lang="en", seed=0)
    with pytest.raises(ValueError, match="not one of the systems"):
        compare_systems(SYSTEMS, refs, tgt_lang="en", baseline="zzz")


# ------------------------------------------------------------------ renderers


def test_text_table_ranks_marks_and_signs() -> None:
    refs = per_segment((REFS_A, REFS_B))
    result = compare_systems(SYSTEMS, refs, tgt_lang="en", samples=200, baseline="close")
    text = render_scores_text(result)
    rows = [line for line in text.splitlines() if line[:3].strip().isdigit()]
    assert [r.split()[1] for r in rows] == ["good", "close", "bad"]  # chrF, descending
    assert "close (baseline)" in text
    assert rows[2].count("*") == 4  # bad differs from the baseline on every metric
    assert "TER (lower is better)" in text
    assert text.count("version:") == 4 and "Signatures:" in text
    by_ter = render_scores_text(result, rank_by="ter")
    ter_rows = [line for line in by_ter.splitlines() if line[:3].strip().isdigit()]
    assert ter_rows[-1].split()[1] == "bad"  # TER ranks lowest first
    with pytest.raises(ValueError, match="cannot rank by"):
        render_scores_text(compare_systems(SYSTEMS[:1], refs, tgt_lang="en", metrics=("bleu",),
                                           test=None), rank_by="chrf")


def test_json_has_one_schema() -> None:
    refs = per_segment((REFS_A,))
    result = compare_systems(SYSTEMS, refs, tgt_lang="en", metrics=("bleu", "ter"), samples=100)
    data = json.loads(render_scores_json(result))
    assert data["metrics"] == ["bleu", "ter"]
    assert data["baseline"] == "good"
    assert set(data["signatures"]) == {"bleu", "ter"}
    assert data["test"]["method"] == "bs" and data["test"]["seed"] == 12345
    assert [s["name"] for s in data["systems"]] == ["good", "bad", "close"]
    entry = data["systems"][1]["scores"]["ter"]
    assert set(entry) == {"score", "mean", "ci", "p_value", "significant"}
    assert data["systems"][0]["scores"]["bleu"]["p_value"] is None
    assert data == result.to_dict()


def test_tokenized_input_is_warned_about_once(caplog: pytest.LogCaptureFixture) -> None:
    hyps = [f"Segment number {i} ." for i in range(120)]
    refs = [(f"Segment number {i}.",) for i in range(120)]
    with caplog.at_level("WARNING"):
        corpus_scores(hyps, refs, tgt_lang="en", metrics=("bleu",), chunk_size=7)
    warnings = [r for r in caplog.records if "tokenized period" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].getMessage().startswith("120 hypotheses")
