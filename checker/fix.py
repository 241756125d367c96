"""Apply the safe suggestions of the mechanical rules to a translation (behind ``checker fix``).

Only rules whose suggestions are mechanical and meaning-preserving are applied
(:data:`FIXABLE_RULES`): a broken hyphen, a missing space between sentences, stray spaces,
full-width punctuation in Latin text and invisible characters. Everything else a reviewer
must judge, so it is left alone. Every edit replaces exactly one flagged span, so a character
outside the flagged spans is never changed; none of these functions prints or exits.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from checker.detect import DetectorConfig
from checker.model import Finding
from checker.pipeline import flag_text

#: Rules whose suggestions are applied: mechanical repairs that cannot change the meaning.
FIXABLE_RULES: frozenset[str] = frozenset(
    {"spaced-hyphen", "glued-sentence", "spacing", "fullwidth-punctuation",
     "invisible-characters"}
)

# Reasons a finding was not applied (``FixResult.skip_reasons``).
NOT_FIXABLE = "not a fixable rule"
SOURCE_SIDE = "not on the target side"
NO_SUGGESTION = "no suggestion"
NO_OFFSETS = "no document offsets"
TEXT_MISMATCH = "text at its offsets differs from the finding"
OVERLAP = "overlaps another fix"
NO_CHANGE = "suggestion equals the text"
PASSES_EXHAUSTED = "not applied: max_passes reached"


@dataclass(frozen=True)
class FixResult:
    """The repaired text and what was (not) applied to get it.

    ``skipped[i]`` was left alone for the reason ``skip_reasons[i]`` (one of the module's
    reason constants). For :func:`apply_fixes` every offset indexes the input text. For
    :func:`fix_text` each applied finding's offsets index the text of the pass that applied
    it, while the skipped findings come from a final check of ``text`` and index ``text``.
    """

    text: str
    applied: tuple[Finding, ...] = ()
    skipped: tuple[Finding, ...] = ()
    skip_reasons: tuple[str, ...] = ()
    #: Detection runs that applied at least one fix (``fix_text`` only).
    passes: int = 0

    @property
    def changed(self) -> bool:
        """Whether any fix was applied."""
        return bool(self.applied)

    def counts(self) -> dict[str, int]:
        """Applied fixes per rule id, sorted by rule id (for summaries)."""
        out: dict[str, int] = {}
        for f in self.applied:
            out[f.rule] = out.get(f.rule, 0) + 1
        return dict(sorted(out.items()))


def apply_fixes(
    text: str,
    findings: Iterable[Finding],
    rules: frozenset[str] = FIXABLE_RULES,
) -> FixResult:
    """Replace each fixable finding's span of ``text`` with its suggestion.

    Only target-side findings of ``rules`` with a suggestion are used, and only when
    ``text[doc_start:doc_end]`` still equals the finding's text (findings from another text
    are refused rather than misapplied). When spans overlap, the first by position (then the
    shorter, then rule id) wins and the other is skipped: two edits of the same characters
    cannot both be honoured. The text is rebuilt once from the kept, non-overlapping edits, so
    every offset refers to the input text. A finding cut at a segment end carries a
    suggestion shortened to match its span, so it is applied like any other.
    """
    skipped: list[tuple[Finding, str]] = []
    candidates: list[Finding] = []
    for f in findings:
        reason = _refusal(text, f, rules)
        if reason is None:
            candidates.append(f)
        else:
            skipped.append((f, reason))
    candidates.sort(key=lambda f: (f.doc_start, f.doc_end, f.rule, f.suggestion or ""))
    kept: list[Finding] = []
    for f in candidates:
        if kept and f.doc_start < kept[-1].doc_end:
            skipped.append((f, OVERLAP))
        else:
            kept.append(f)
    pieces: list[str] = []
    pos = 0
    for f in kept:  # in text order, so the text is rebuilt once rather than once per fix
        pieces += [text[pos : f.doc_start], f.suggestion or ""]
        pos = f.doc_end
    pieces.append(text[pos:])
    return _result("".join(pieces), kept, skipped)


def _result(
    text: str, applied: Sequence[Finding], skipped: list[tuple[Finding, str]], passes: int = 0
) -> FixResult:
    """A FixResult with the skipped findings in text order beside their reasons."""
    skipped.sort(key=lambda p: (p[0].doc_start, p[0].doc_end, p[0].rule))
    return FixResult(
        text=text,
        applied=tuple(applied),
        skipped=tuple(f for f, _ in skipped),
        skip_reasons=tuple(r for _, r in skipped),
        passes=passes,
    )


def _refusal(text: str, f: Finding, rules: frozenset[str]) -> str | None:
    """Why ``f`` cannot be applied to ``text``, or None when it can."""
    if f.rule not in rules:
        return NOT_FIXABLE
    if f.side != "target":
        return SOURCE_SIDE
    if f.suggestion is None:
        return NO_SUGGESTION
    if not 0 <= f.doc_start < f.doc_end <= len(text):
        return NO_OFFSETS
    if text[f.doc_start : f.doc_end] != f.text:
        return TEXT_MISMATCH
    if f.suggestion == f.text:
        return NO_CHANGE
    return None


def fix_text(
    text: str,
    *,
    lang: str | None = None,
    rules: frozenset[str] = FIXABLE_RULES,
    max_passes: int = 3,
) -> FixResult:
    """Check ``text`` with the fixable rules, apply their fixes, and repeat until clean.

    One fix can reveal another (``year。The`` becomes ``year. The`` only after the full stop
    is replaced and the glued sentence is seen), so detection reruns on the repaired text,
    at most ``max_passes`` times. ``applied`` accumulates over the passes. The language is
    detected once (unless given) and kept, so a repair cannot switch the rules that apply.
    Fixes still pending after the last pass are reported as skipped (``PASSES_EXHAUSTED``).
    """
    config = DetectorConfig(select=frozenset(rules))
    applied: list[Finding] = []
    passes = 0
    current = text
    while True:
        report = flag_text(current, tgt_lang=lang, config=config)
        lang = report.target_lang
        result = apply_fixes(current, report.findings, rules)
        if not result.applied or passes >= max_passes:
            skipped = list(zip(result.skipped, result.skip_reasons, strict=True))
            skipped += [(f, PASSES_EXHAUSTED) for f in result.applied]
            return _result(current, applied, skipped, passes)
        applied.extend(result.applied)
        current = result.text
        passes += 1


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of ``before`` → ``after`` labelled ``a/name`` and ``b/name``.

    Empty when nothing changed. Lines are split at ``\\n`` only: ``str.splitlines`` would also
    split at U+2028, U+0085 and other characters the fixer itself may be removing. A last
    line without a newline is marked the way ``diff`` does, so ``patch`` accepts the output.
    """
    lines = difflib.unified_diff(
        _lines(before),
        _lines(after),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(text: str) -> list[str]:
    """``text`` cut after each ``\\n``, the newlines kept."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out
