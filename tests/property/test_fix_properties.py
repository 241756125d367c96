"""Hypothesis properties of ``checker.fix``: fixes touch only their spans, and fixing converges."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.detect import DetectorConfig
from checker.fix import FIXABLE_RULES, PASSES_EXHAUSTED, apply_fixes, fix_text
from checker.model import Finding
from checker.pipeline import flag_text

# Pieces the fixable rules (and their neighbours) react to, plus words, spaces and some noise.
PIECES = st.sampled_from(
    ["anti -spy", "self- examination", "year.The", "U.S.", " ,", ",and", "( x", "，", "。",
     "：", "（", "）", "\u200b", "\ufeff", "\u00ad", "  ", " ", "\n", "\n\n", "the", "The",
     "news", "Chongqing", "3.5", "-", ".", "\"", "”", "the the", "新闻", "é"]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=25).map("".join)
LANG = st.sampled_from(["en", "fr"])


def _rebuild(text: str, applied: tuple[Finding, ...]) -> str:
    """``text`` with each applied span replaced by its suggestion, everything else copied."""
    out, pos = [], 0
    for f in sorted(applied, key=lambda f: f.doc_start):
        assert pos <= f.doc_start, "applied fixes never overlap"
        out.append(text[pos : f.doc_start])
        out.append(f.suggestion or "")
        pos = f.doc_end
    out.append(text[pos:])
    return "".join(out)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, LANG)
def test_apply_changes_only_flagged_spans(text: str, lang: str) -> None:
    findings = flag_text(text, tgt_lang=lang).findings
    result = apply_fixes(text, findings)
    assert result.text == _rebuild(text, result.applied)
    for f in result.applied:
        assert f.rule in FIXABLE_RULES and f.side == "target"
        assert text[f.doc_start : f.doc_end] == f.text
    assert len(result.applied) + len(result.skipped) == len(findings)
    assert len(result.skipped) == len(result.skip_reasons)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT, LANG)
def test_fix_text_converges(text: str, lang: str) -> None:
    result = fix_text(text, lang=lang, max_passes=10)
    assert PASSES_EXHAUSTED not in result.skip_reasons
    again = apply_fixes(result.text, flag_text(result.text, tgt_lang=lang).findings)
    assert again.text == result.text and not again.applied
    if not result.applied:
        assert result.text == text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_fix_text_is_apply_repeated(text: str) -> None:
    """Every pass of ``fix_text`` changes only its own flagged spans."""
    config = DetectorConfig(select=FIXABLE_RULES)
    current, applied = text, []
    for _ in range(3):
        step = apply_fixes(current, flag_text(current, tgt_lang="en", config=config).findings)
        assert step.text == _rebuild(current, step.applied)
        if not step.applied:
            break
        applied.extend(step.applied)
        current = step.text
    result = fix_text(text, lang="en")
    assert result.text == current
    assert result.applied == tuple(applied)
