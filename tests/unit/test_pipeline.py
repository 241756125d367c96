"""The library API: documents, line-aligned pairs, and where findings land."""

from __future__ import annotations

from checker.detect import DetectorConfig
from checker.pipeline import check_pairs, check_texts, flag_text, make_document


def test_make_document_sentences_index_the_text() -> None:
    text = "第一段。第二句！\n\n第二段。"
    doc = make_document(text, "x.zh")
    assert doc.lang == "zh"
    assert [s.text for s in doc.sentences] == ["第一段。", "第二句！", "第二段。"]
    assert [s.paragraph for s in doc.sentences] == [0, 0, 1]
    assert all(text[s.start : s.end] == s.text for s in doc.sentences)


def test_check_pairs_keeps_one_segment_per_pair_and_empty_pairs() -> None:
    pairs = [
        ("重庆市周五起施行条例。", "The anti -spy law took effect.The US said so."),
        ("", ""),
        ("你好。", "Hello hello world ."),
    ]
    report = check_pairs(pairs, src_lang="zh", tgt_lang="en")
    assert len(report.segments) == 3
    first, empty, last = report.segments
    assert first.target_sentences == (0, 1) and first.source_sentences == (0,)
    assert empty.source == "" and empty.target == "" and empty.findings == ()
    assert [(f.rule, f.text) for f in first.findings] == [
        ("spaced-hyphen", "anti -spy"),
        ("glued-sentence", "effect.The"),
    ]
    assert [(f.rule, f.text) for f in last.findings] == [
        ("repetition", "Hello hello"),
        ("spacing", " ."),
    ]


def test_check_pairs_without_source() -> None:
    report = check_pairs([(None, "Fine text."), (None, "Bad ,text.")], tgt_lang="en")
    assert report.source_lang is None
    assert [s.source for s in report.segments] == [None, None]
    assert report.summary()["by_rule"] == {"spacing": 1}


def test_glued_finding_is_cut_at_segment_end_when_aligned_apart() -> None:
    report = check_texts("今年加强了防范。美国表示关切。",
                         "Security rose this year.The US was concerned.",
                         src_lang="zh", tgt_lang="en",
                         config=DetectorConfig(select=frozenset({"glued-sentence"})))
    (f,) = report.findings
    seg = report.segments[f.segment]
    assert seg.target[f.start : f.end] == f.text
    if len(seg.target_sentences) == 1:  # aligned 1-1: cut at the segment end
        assert (f.text, f.suggestion) == ("year.", "year. ")
    else:
        assert (f.text, f.suggestion) == ("year.The", "year. The")


def test_a_hit_in_the_white_space_between_sentences_stays_inside_a_segment() -> None:
    """A full-width space between two sentences is no segment's text: its finding is an empty
    one where the next segment starts, with no fix (it had negative offsets before)."""
    for target in (".\u3000 4.1", "Fine.\u3000Then it rained."):
        report = check_texts("。“", target, src_lang="zh", tgt_lang="en")
        found = [f for s in report.segments for f in s.findings
                 if f.rule == "fullwidth-punctuation"]
        assert len(found) == 1, target
        f = found[0]
        seg = report.segments[f.segment]
        assert 0 == f.start == f.end and f.text == "" and f.suggestion is None
        assert f.doc_start == f.doc_end == target.index(seg.target)


def test_flag_keeps_glued_sentences_together() -> None:
    report = flag_text("It rose this year.The US said so. Then it fell.", tgt_lang="en")
    assert [s.target_sentences for s in report.segments] == [(0, 1), (2,)]
    (f,) = report.findings
    assert (f.text, f.suggestion) == ("year.The", "year. The")


def test_progress_hook_sees_the_stages_in_order() -> None:
    from checker.pipeline import STAGES, progress_hook

    seen: list[str] = []
    with progress_hook(seen.append):
        check_texts("今年加强了防范。", "Security rose this year.", src_lang="zh", tgt_lang="en",
                    reference_text="Security increased this year.")
    assert seen == ["splitting", "aligning", "detecting", "scoring"]
    assert [STAGES.index(s) for s in seen] == sorted(STAGES.index(s) for s in seen)
    seen.clear()
    flag_text("Fine.", tgt_lang="en")
    assert seen == []  # outside the block nothing is reported


def test_glued_mt_sentences_align_one_to_one_and_merged_ones_two_to_one() -> None:
    from checker.pipeline import align_documents, make_document

    zh = "今年反间谍工作取得新进展。美国对此表示关注。市政府周一发布了新的交通规定。"
    glued = "Counter-espionage work made new progress this year.The United States expressed " \
        "concern about this. The city government issued new traffic rules on Monday."
    merged = "Counter-espionage work made new progress this year, and the United States " \
        "expressed concern about this. The city government issued new traffic rules on Monday."
    source = make_document(zh, "a.zh", "zh")
    kinds = [b.kind for b in align_documents(source, make_document(glued, "g.en", "en"))]
    assert kinds == ["1-1", "1-1", "1-1"]  # the splitter cuts at `year.The`
    kinds = [b.kind for b in align_documents(source, make_document(merged, "m.en", "en"))]
    assert kinds == ["2-1", "1-1"]


def test_crossing_bead_of_a_moved_sentence_reaches_every_report(monkeypatch) -> None:
    """``--aligner semantic`` pairs a moved sentence across (``semantic.pair_moved``): its
    segment holds the right texts and findings, and every format renders it."""
    import json

    from checker import pipeline
    from checker.model import Bead
    from checker.report import RENDERERS, render

    crossing = [Bead((0,), (0,)), Bead((1,), (2,)), Bead((2,), (1,))]
    monkeypatch.setattr(pipeline, "align_documents", lambda *_args, **_kw: crossing)
    report = check_texts(
        "第一句。第二句。第三句。",
        "One is fine. Three is fine too. Two has anti -spy in it.",
        src_lang="zh", tgt_lang="en",
    )  # fmt: skip
    assert [s.target for s in report.segments] == [
        "One is fine.", "Two has anti -spy in it.", "Three is fine too."
    ]  # fmt: skip
    (f,) = [f for f in report.findings if f.rule == "spaced-hyphen"]
    assert f.segment == 1 and report.segments[1].target[f.start : f.end] == "anti -spy"
    assert [s.target_sentences for s in report.segments] == [(0,), (2,), (1,)]
    for fmt in RENDERERS:
        assert "anti -spy" in render(report, fmt)
    assert json.loads(render(report, "json"))["segments"][1]["target_sentences"] == [2]
