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
    if f.suggestion is not None:
        lines.append(f"{INDENT}  fix: “{f.text}” → “{f.suggestion}”")
    return lines


def render_text(report: Report, *, only_flagged: bool = False, **_options: object) -> str:
    out = [_header(report), ""]
    for seg in report.segments:
        if only_flagged and not seg.findings:
            continue
        kind = f"{len(seg.source_sentences)}-{len(seg.target_sentences)}"
        mark = f"{len(seg.findings)} finding(s)" if seg.findings else "ok"
        out.append(f"[{seg.index}] {kind} {mark}")
        if seg.source is not None:
            out.append(f"  {report.source_lang or 'src'}: {seg.source}")
        out.append(f"  {report.target_lang}: {seg.target}")
        for f in seg.findings:
            out.extend(_finding_lines(seg, f))
        out.append("")
    out.extend(_summary(report))
    return "\n".join(out) + "\n"


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
    width = max((len(r) for r in s["by_rule"]), default=0)
    for rule, n in sorted(s["by_rule"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {rule:<{width}}  {n}")
    return lines
