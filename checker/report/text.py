"""The plain-text report: every segment, each finding underlined with carets, then a summary.

Carets line up under wide (CJK) characters, and invisible characters are shown as ``<U+200B>``
so that the underline has something to sit under.
"""

from __future__ import annotations

import unicodedata

from checker.model import Finding, Report, Segment

CONTEXT = 32  # characters of context shown on each side of a span
INDENT = "    "


def _shown(ch: str) -> str:
    """How one character is drawn in a context line."""
    if ch in "\n\t":
        return " "
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf") or ch == "\u00ad":
        return f"<U+{ord(ch):04X}>"
    return ch


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def underline(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[str, str]:
    """A context line around ``text[start:end]`` and a caret line under the span.

    >>> line, carets = underline("the revised anti -spy law, requiring", 12, 21)
    >>> print(line); print(carets)
    the revised anti -spy law, requiring
                ^^^^^^^^^
    """
    a = max(0, start - context)
    b = min(len(text), end + context)
    before = "".join(_shown(c) for c in text[a:start])
    span = "".join(_shown(c) for c in text[start:end]) or "^"
    after = "".join(_shown(c) for c in text[end:b])
    lead = "…" if a > 0 else ""
    tail = "…" if b < len(text) else ""
    line = f"{lead}{before}{span}{after}{tail}"
    carets = " " * _width(lead + before) + "^" * max(1, _width(span))
    return line, carets


def _finding_lines(seg: Segment, f: Finding) -> list[str]:
    text = seg.target if f.side == "target" else (seg.source or "")
    line, carets = underline(text, f.start, f.end)
    lines = [
        f"{INDENT}{f.rule} · {f.severity} · {f.category} · {f.side} {f.start}-{f.end}",
        f"{INDENT}  {line}",
        f"{INDENT}  {carets}",
        f"{INDENT}  {f.message}",
    ]
    if f.other_text is not None:
        other = "source" if f.side == "target" else "target"
        lines.append(f"{INDENT}  {other}: “{f.other_text}” ({f.other_start}-{f.other_end})")
    if f.suggestion is not None:
        lines.append(f"{INDENT}  fix: “{f.text}” → “{f.suggestion}”")
    return lines


def render_text(
    report: Report, *, only_flagged: bool = False, sort: str = "document", **_options: object
) -> str:
    """The report as plain text; ``sort="quality"`` lists the worst segments first."""
    out = [_header(report), ""]
    for seg in shown_segments(report, only_flagged=only_flagged, sort=sort):
        out.append(_segment_header(report, seg))
        if seg.source is not None:
            out.append(f"  {report.source_lang or 'src'}: {seg.source}")
        out.append(f"  {report.target_lang}: {seg.target}")
        if seg.reference is not None:
            out.append(f"  ref: {seg.reference}")
        for f in seg.findings:
            out.extend(_finding_lines(seg, f))
        for reason in _signal_reasons(seg):
            out.append(f"{INDENT}quality: {reason}")
        out.append("")
    out.extend(_summary(report))
    return "\n".join(out) + "\n"


def shown_segments(report: Report, *, only_flagged: bool, sort: str) -> list[Segment]:
    """The segments a person-facing report lists, in the order asked for.

    ``sort="quality"``: worst first (ties in document order); ``only_flagged``: with findings.
    """
    segments = [s for s in report.segments if s.findings or not only_flagged]
    if sort == "quality":
        segments.sort(key=lambda s: (s.quality if s.quality is not None else 100.0, s.index))
    return segments


def _segment_header(report: Report, seg: Segment) -> str:
    parts = [f"[{seg.index}]"]
    if report.source_lang is not None:
        parts.append(f"{len(seg.source_sentences)}-{len(seg.target_sentences)}")
    parts.append(f"{len(seg.findings)} finding(s)" if seg.findings else "ok")
    if seg.quality is not None:
        parts.append(f"quality {seg.quality:.1f}")
    if seg.scores:
        parts.append(" ".join(f"{k} {v:.1f}" for k, v in seg.scores.items()))
    return "  ".join(parts)


def _signal_reasons(seg: Segment) -> list[str]:
    """Reasons behind the quality estimate other than the findings already listed."""
    if not seg.quality_detail:
        return []
    return [r for r in seg.quality_detail.get("reasons", []) if not _is_finding_reason(r, seg)]


def _is_finding_reason(reason: str, seg: Segment) -> bool:
    return any(f"({f.rule})" in reason for f in seg.findings)


def _header(report: Report) -> str:
    parts = [f"checker {report.version}"]
    if report.source_name is not None:
        parts.append(f"source: {report.source_name} ({report.source_lang})")
    parts.append(f"target: {report.target_name or '-'} ({report.target_lang})")
    return "  ".join(parts)


def _summary(report: Report) -> list[str]:
    s = report.summary()
    sev = ", ".join(f"{n} {k}" for k, n in s["by_severity"].items())
    lines = [
        f"{s['segments']} segments, {s['flagged_segments']} flagged, "
        f"{s['findings']} findings" + (f" ({sev})" if sev else "")
    ]
    if report.quality is not None:
        lines.append(f"quality {report.quality:.1f} / 100 (reference-free estimate)")
    if report.scores:
        for name, score in report.scores.get("corpus", {}).items():
            lines.append(f"{name} {score:.2f}  {report.scores.get('signatures', {}).get(name, '')}")
    width = max((len(r) for r in s["by_rule"]), default=0)
    for rule, n in sorted(s["by_rule"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {rule:<{width}}  {n}")
    return lines
