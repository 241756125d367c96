"""Hypothesis properties: splitting is lossless, and every sentence lands in one segment."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.chars import SPACE
from checker.pipeline import check_texts, flag_text
from checker.split import (
    _CJK_TERMINATORS, _LATIN_TERMINATORS, CLOSERS, _cjk_boundaries, _latin_boundaries,
    _one_sentence, is_whole_sentence, split,
)
from checker.split.data import UNSPACED_LANGS

# Text rich in the characters the splitter and rules care about, plus arbitrary Unicode.
PIECES = st.sampled_from(
    [" ", "  ", "\n", ".", "。", "！", "?", "…", "”", "“", "\"", "(", ")", "U.S.", "Dr.",
     "3.5", "year.The", "anti -spy", "www.a.com", "The", "the", "新闻", "a", "é", "\u200b",
     "4.1", "e.g.", "a.m.", ".É", ".Ⅷ", ".Ⓐ", ".ǅ", "’", "'", "-", "）", "\u3000"]
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


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@example("他说. 好", "zh")
@example("涨了6.3%", "zh")
@example("It rose 4.1 points", "en")
@example("At 9 a.m.The talks", "en")
@example("Done.Élan", "fr")
@given(TEXT, LANG)
def test_whole_sentence_test_is_the_scanners(text: str, lang: str) -> None:
    """The quick one-sentence test is the generic one, and the boundary scanners, which
    :func:`split` skips when it passes, find no boundary inside such a text."""
    cjk = lang in UNSPACED_LANGS
    terminators = _CJK_TERMINATORS if cjk else _LATIN_TERMINATORS
    head = text.rstrip(CLOSERS).rstrip(terminators)
    generic = not any(c in head for c in terminators) and not (cjk and "." in text)
    if generic:  # and a text with a terminator inside may still be one sentence (4.1)
        assert _one_sentence(text, lang)
    if is_whole_sentence(text, lang):
        scanner = _cjk_boundaries if cjk else _latin_boundaries
        assert [b for b in scanner(text) if 0 < b < len(text)] == []
        assert split(text, lang) == [(0, len(text))]


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
