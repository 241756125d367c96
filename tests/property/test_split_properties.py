"""Hypothesis properties: splitting is lossless, and every sentence lands in one segment."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.chars import SPACE
from checker.pipeline import check_texts, flag_text
from checker.split import split

# Text rich in the characters the splitter and rules care about, plus arbitrary Unicode.
PIECES = st.sampled_from(
    [" ", "  ", "\n", ".", "。", "！", "?", "…", "”", "“", "\"", "(", ")", "U.S.", "Dr.",
     "3.5", "year.The", "anti -spy", "www.a.com", "The", "the", "新闻", "a", "é", "\u200b"]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=30).map("".join)
LANG = st.sampled_from(["en", "zh", "fr", "ja"])


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, LANG)
def test_split_is_lossless(text: str, lang: str) -> None:
    spans = split(text, lang)
    pos = 0
    for a, b in spans:
        assert pos <= a < b <= len(text)
        assert not text[pos:a].strip(SPACE), "only white space between sentences"
        assert text[a:b] == text[a:b].strip(SPACE) and text[a:b]
        pos = b
    assert not text[pos:].strip(SPACE)
    rebuilt = text[: spans[0][0]] if spans else text
    for i, (a, b) in enumerate(spans):
        rebuilt += text[a:b] + text[b : spans[i + 1][0] if i + 1 < len(spans) else len(text)]
    assert rebuilt == text


def _nonblank(text: str) -> bool:
    return bool(text.strip(SPACE))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT.filter(_nonblank), TEXT.filter(_nonblank))
def test_every_sentence_in_exactly_one_segment(source: str, target: str) -> None:
    report = check_texts(source, target, src_lang="zh", tgt_lang="en")
    src = [i for s in report.segments for i in s.source_sentences]
    tgt = [i for s in report.segments for i in s.target_sentences]
    assert src == sorted(set(src)) and tgt == sorted(set(tgt))
    assert src == list(range(len(src))) and tgt == list(range(len(tgt)))
    for seg in report.segments:
        for f in seg.findings:
            text = seg.target if f.side == "target" else seg.source
            assert text is not None and text[f.start : f.end] == f.text


@settings(max_examples=100, deadline=None)
@given(TEXT.filter(_nonblank))
def test_flag_keeps_every_sentence(target: str) -> None:
    report = flag_text(target, tgt_lang="en")
    ids = [i for s in report.segments for i in s.target_sentences]
    assert ids == list(range(len(ids)))
    joined = "".join(s.target for s in report.segments)
    assert [c for c in joined if c not in SPACE] == [c for c in target if c not in SPACE]
