"""``checker.fix``: applying the mechanical rules' suggestions changes only the flagged spans."""

from __future__ import annotations

import difflib
from dataclasses import replace
from pathlib import Path

import pytest

from checker.fix import (
    FIXABLE_RULES,
    NO_SUGGESTION,
    NOT_FIXABLE,
    OVERLAP,
    SOURCE_SIDE,
    TEXT_MISMATCH,
    apply_fixes,
    fix_text,
    unified_diff,
)
from checker.model import Finding
from checker.pipeline import flag_text
from conftest import CORPORA, shared_path

SEED = ("seeds", "000_29c1c7446bed0eb9.txt")
MT_CORPORA = sorted(CORPORA.glob("*.mt.en"))
CLEAN_CORPORA = sorted(p for p in CORPORA.glob("*.en") if not p.name.endswith(".mt.en"))


def _finding(start: int, end: int, text: str, suggestion: str | None, *,
             rule: str = "spacing", side: str = "target") -> Finding:
    return Finding(segment=0, side=side, start=start, end=end, rule=rule, category="c",
                   severity="minor", text=text, message="m", suggestion=suggestion,
                   doc_start=start, doc_end=end)


def _changes_inside(before: str, after: str, spans: list[tuple[int, int]]) -> list[str]:
    """The changed regions of ``before`` (difflib opcodes) that lie in none of ``spans``."""
    outside = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if not any(a <= i1 and i2 <= b for a, b in spans):
            outside.append(f"{tag} {before[i1:i2]!r} -> {after[j1:j2]!r} at {i1}")
    return outside


def _kept_at(before: str, after: str, start: int, end: int) -> bool:
    """Whether ``before[start:end]`` lies in an unchanged region and reappears in ``after``."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for i, j, n in matcher.get_matching_blocks():
        if i <= start and end <= i + n:
            return after[j + start - i : j + end - i] == before[start:end]
    return False


def _fixable(text: str) -> list[Finding]:
    return [f for f in flag_text(text, tgt_lang="en").findings if f.rule in FIXABLE_RULES]


# --- apply_fixes ------------------------------------------------------------------------


def test_apply_replaces_spans_from_the_end() -> None:
    text = "an anti -spy law ,and more"
    findings = [
        _finding(3, 12, "anti -spy", "anti-spy", rule="spaced-hyphen"),
        _finding(16, 18, " ,", ",", rule="spacing"),
        _finding(17, 18, ",", ", ", rule="spacing"),
    ]
    result = apply_fixes(text, findings)
    assert result.text == "an anti-spy law,and more"
    assert [f.text for f in result.applied] == ["anti -spy", " ,"]
    assert result.skipped == (findings[2],)
    assert result.skip_reasons == (OVERLAP,)
    assert result.counts() == {"spaced-hyphen": 1, "spacing": 1}


def test_apply_touching_spans_both_apply() -> None:
    text = "a  b"
    findings = [_finding(1, 3, "  ", " "), _finding(3, 4, "b", "B")]
    assert apply_fixes(text, findings).text == "a B"


def test_apply_refuses_what_is_not_safe() -> None:
    text = "the the cat\u200b"
    findings = [
        _finding(0, 7, "the the", "the", rule="repetition"),
        _finding(11, 12, "\u200b", None, rule="invisible-characters"),
        _finding(11, 12, "\u200b", "", rule="invisible-characters", side="source"),
        _finding(0, 3, "cat", "dog"),
    ]
    result = apply_fixes(text, findings)
    assert result.text == text
    assert not result.applied
    assert dict(zip(result.skipped, result.skip_reasons, strict=True)) == {
        findings[0]: NOT_FIXABLE,
        findings[1]: NO_SUGGESTION,
        findings[2]: SOURCE_SIDE,
        findings[3]: TEXT_MISMATCH,
    }


def test_apply_custom_rules() -> None:
    text = "the the cat"
    finding = _finding(0, 7, "the the", "the", rule="repetition")
    assert apply_fixes(text, [finding], frozenset({"repetition"})).text == "the cat"


def test_apply_cut_finding_with_shortened_suggestion() -> None:
    """A glued sentence cut at its segment end carries ``year. `` for ``year.``: still right."""
    text = "this year.The end"
    finding = _finding(5, 10, "year.", "year. ", rule="glued-sentence")
    assert apply_fixes(text, [finding]).text == "this year. The end"


# --- fix_text ---------------------------------------------------------------------------


def test_fix_text_small() -> None:
    text = "The anti -spy law took effect this year.The United States ,as usual\u200b, objected."
    result = fix_text(text, lang="en")
    assert result.text == (
        "The anti-spy law took effect this year. The United States, as usual, objected."
    )
    assert not _fixable(result.text)
    assert not result.skipped


def test_fix_text_repeats_until_clean() -> None:
    """A full-width full stop hides a glued sentence until it is replaced."""
    text = "It rained all year\uff0e\u200bThe river rose."
    result = fix_text(text, lang="en")
    assert not _fixable(result.text)
    assert result.text == "It rained all year. The river rose."


def test_fix_text_max_passes_reports_pending() -> None:
    text = "anti -spy"
    result = fix_text(text, lang="en", max_passes=0)
    assert result.text == text and not result.applied
    assert [f.rule for f in result.skipped] == ["spaced-hyphen"]


def test_fix_text_rule_selection() -> None:
    text = "anti -spy law ,today"
    result = fix_text(text, lang="en", rules=frozenset({"spaced-hyphen"}))
    assert result.text == "anti-spy law ,today"


def test_fix_text_clean_text_unchanged() -> None:
    text = "Nothing to repair here. Really.\n\nSecond paragraph, fine.\n"
    result = fix_text(text, lang="en")
    assert result.text == text and not result.applied and result.passes == 0


# --- the seed document and the corpora --------------------------------------------------


def test_seed_document() -> None:
    path = shared_path(*SEED)
    text = path.read_text(encoding="utf-8")
    result = fix_text(text)
    rules = {f.rule for f in flag_text(result.text).findings}
    assert "spaced-hyphen" not in rules and "glued-sentence" not in rules
    assert "anti -spy" in text and "anti -spy" not in result.text
    assert "anti-spy" in result.text
    assert "year.The" in text and "year. The" in result.text
    spans = [(f.doc_start, f.doc_end) for f in _fixable(text)]
    assert not _changes_inside(text, result.text, spans)
    assert result.counts()["spaced-hyphen"] >= 1 and result.counts()["glued-sentence"] >= 1


@pytest.mark.parametrize("path", MT_CORPORA, ids=lambda p: p.name)
def test_corpora_fixable_rules_no_longer_fire(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    before = flag_text(text, tgt_lang="en").findings
    result = fix_text(text, lang="en")
    assert result.applied
    assert not _fixable(result.text)
    fixable = [f for f in before if f.rule in FIXABLE_RULES]
    spans = [(f.doc_start, f.doc_end) for f in fixable]
    assert not _changes_inside(text, result.text, spans)
    # Findings the fixer must not touch keep their characters (unless inside a fixed span).
    for f in before:
        if f.rule in FIXABLE_RULES or any(a < f.doc_end and f.doc_start < b for a, b in spans):
            continue
        assert _kept_at(text, result.text, f.doc_start, f.doc_end), f


@pytest.mark.parametrize("path", CLEAN_CORPORA, ids=lambda p: p.name)
def test_clean_corpora_unchanged(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    result = fix_text(text, lang="en")
    assert result.text == text
    assert not result.applied


def test_corpora_present() -> None:
    assert MT_CORPORA and CLEAN_CORPORA


# --- unified_diff -----------------------------------------------------------------------


def test_unified_diff_shape() -> None:
    before = "one\nanti -spy law\nthree\n"
    after = "one\nanti-spy law\nthree\n"
    diff = unified_diff(before, after, "doc.txt")
    lines = diff.splitlines()
    assert lines[0] == "--- a/doc.txt"
    assert lines[1] == "+++ b/doc.txt"
    assert lines[2].startswith("@@ -1,3 +1,3 @@")
    assert "-anti -spy law" in lines and "+anti-spy law" in lines
    assert " one" in lines and " three" in lines
    assert diff.endswith("\n")


def test_unified_diff_no_change_is_empty() -> None:
    assert unified_diff("same\n", "same\n", "x") == ""


def test_unified_diff_no_final_newline() -> None:
    diff = unified_diff("a -b", "a-b", "x")
    assert diff.endswith("+a-b\n\\ No newline at end of file\n")
    assert diff.count("\\ No newline at end of file") == 2


def test_unified_diff_splits_lines_at_newline_only() -> None:
    diff = unified_diff("a\u2028b\n", "ab\n", "x")
    assert "-a\u2028b\n" in diff and "+ab\n" in diff


def test_finding_replace_helper_sanity() -> None:
    """Offsets of a finding from another text are refused, not misapplied."""
    f = _finding(0, 2, " ,", ",")
    assert apply_fixes("xy ,", [replace(f)]).skip_reasons == (TEXT_MISMATCH,)
