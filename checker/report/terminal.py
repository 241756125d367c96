"""The colour-terminal report: :func:`render_text`'s content, drawn with rich into a string.

Every finding's span is highlighted in the segment text itself (background by MQM top-level
category, bold for major, bold + underline for critical), followed by one line per finding and
a summary table.

Document text is untrusted: it only ever enters rich as plain ``str`` appended to
:class:`rich.text.Text` (``Text.append(s, style)``), never through markup parsing, so text such
as ``[/bold]`` or ``[red]x[/red]`` prints literally and cannot raise ``MarkupError``. The console
is also created with ``markup=False``, ``emoji=False`` and ``highlight=False`` as a second line
of defence.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from checker.model import Finding, Report, Segment
from checker.report.text import _shown, _signal_reasons, shown_segments

DEFAULT_WIDTH = 100
INDENT = "    "

#: Background colour of a highlighted span, by MQM top-level category.
CATEGORY_COLOURS: dict[str, str] = {
    "Accuracy": "red",
    "Fluency": "blue",
    "Style": "magenta",
    "Terminology": "green",
    "Locale": "yellow",
    "Other": "grey50",
}
#: Foreground drawn on each background, chosen for contrast.
_FOREGROUND: dict[str, str] = {
    "red": "bright_white",
    "blue": "bright_white",
    "magenta": "bright_white",
    "green": "black",
    "yellow": "black",
    "grey50": "black",
}
SEVERITY_STYLES: dict[str, str] = {"minor": "yellow", "major": "bold red", "critical": "bold red"}
EMPTY_SPAN_MARK = "‸"  # drawn where a zero-width finding (an insertion point) sits

LABEL = Style(dim=True)
SUGGESTION = Style(color="green")


def category_colour(category: str) -> str:
    """Background colour for an MQM category such as ``"Fluency/Punctuation"``.

    >>> category_colour("Fluency/Punctuation"), category_colour("Design")
    ('blue', 'grey50')
    """
    top = category.split("/", 1)[0].strip()
    return CATEGORY_COLOURS.get(top, CATEGORY_COLOURS["Other"])


def finding_style(f: Finding) -> Style:
    """The style of ``f``'s span: category background, bold (major) / bold + underline
    (critical)."""
    bg = category_colour(f.category)
    severity = str(getattr(f.severity, "value", f.severity)).lower()
    return Style(
        color=_FOREGROUND[bg],
        bgcolor=bg,
        bold=True if severity in ("major", "critical") else None,
        underline=True if severity == "critical" else None,
    )


def _severity_rank(f: Finding) -> int:
    severity = str(getattr(f.severity, "value", f.severity)).lower()
    return {"minor": 1, "major": 2, "critical": 3}.get(severity, 0)


def quality_style(quality: float) -> str:
    """Green from 90, yellow from 70, red below."""
    if quality >= 90:
        return "green"
    if quality >= 70:
        return "yellow"
    return "red"


def _plain(s: str) -> str:
    return "".join(_shown(c) for c in s)


def highlight(text: str, findings: Sequence[Finding]) -> Text:
    """``text`` as a :class:`Text` with every finding's ``[start, end)`` span styled.

    Offsets are code points into ``text``; the text is sliced at every span boundary and each
    piece appended with the combined style of the findings covering it (overlaps stack).
    Zero-width findings are drawn as a styled ``‸`` at their position.
    """
    n = len(text)
    spans = [(max(0, min(f.start, n)), max(0, min(f.end, n)), f) for f in findings]
    bounds = sorted({0, n, *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    pieces: list[tuple[str, Style | None]] = []
    for i, a in enumerate(bounds):
        pieces.extend((EMPTY_SPAN_MARK, finding_style(f)) for s, e, f in spans if s == e == a)
        if i + 1 == len(bounds):
            break
        b = bounds[i + 1]
        covering = [f for s, e, f in spans if s <= a and e >= b and s < e]
        # the most severe finding is applied last, so its background wins on overlaps
        styles = [finding_style(f) for f in sorted(covering, key=_severity_rank)]
        piece = (_plain(text[a:b]), Style.combine(styles) if styles else None)
        if pieces and pieces[-1][1] == piece[1] and pieces[-1][0] != EMPTY_SPAN_MARK:
            pieces[-1] = (pieces[-1][0] + piece[0], piece[1])  # same style: one run
        else:
            pieces.append(piece)
    out = Text()
    for s, style in pieces:
        out.append(s, style)
    return out


def _segment_header(report: Report, seg: Segment) -> Text:
    out = Text()
    out.append(f"[{seg.index}]", Style(bold=True))
    if seg.source is not None:
        out.append(f"  {len(seg.source_sentences)}-{len(seg.target_sentences)}", LABEL)
    if seg.findings:
        out.append(f"  {len(seg.findings)} finding(s)", Style(color="red"))
    else:
        out.append("  ok", Style(color="green"))
    if seg.quality is not None:
        out.append("  quality ")
        out.append(f"{seg.quality:.1f}", Style(color=quality_style(seg.quality), bold=True))
    if seg.scores:
        out.append("  " + " ".join(f"{k} {v:.1f}" for k, v in seg.scores.items()), LABEL)
    return out


def _text_line(label: str, body: Text) -> Text:
    line = Text("  ")
    line.append(f"{label}: ", LABEL)
    line.append_text(body)
    return line


def _finding_lines(f: Finding) -> list[Text]:
    severity = str(getattr(f.severity, "value", f.severity))
    line = Text(INDENT)
    line.append(f.rule, Style(bold=True))
    line.append(" · ")
    line.append(severity, SEVERITY_STYLES.get(severity.lower(), ""))
    line.append(" · ")
    line.append(_plain(f.message))
    lines = [line]
    if f.other_text is not None:
        other = Text(INDENT + "  ")
        other.append(f"{'source' if f.side == 'target' else 'target'}: ", LABEL)
        other.append("“" + _plain(f.other_text) + "”")
        lines.append(other)
    if f.suggestion is not None:
        fix = Text(INDENT + "  ")
        fix.append("fix: ", LABEL)
        fix.append("“")
        fix.append(_plain(f.text), finding_style(f))
        fix.append("” → “")
        fix.append(_plain(f.suggestion), SUGGESTION)
        fix.append("”")
        lines.append(fix)
    return lines


def _report_header(report: Report) -> Text:
    out = Text()
    out.append(f"checker {report.version}", Style(bold=True))
    if report.source_name is not None:
        out.append(f"  source: {report.source_name} ({report.source_lang})")
    out.append(f"  target: {report.target_name or '-'} ({report.target_lang})")
    return out


def _summary_table(report: Report) -> Table:
    counts: dict[tuple[str, str], int] = {}
    for f in report.findings:
        key = (f.rule, str(getattr(f.severity, "value", f.severity)))
        counts[key] = counts.get(key, 0) + 1
    table = Table(title=Text("Findings by rule"), title_justify="left")
    table.add_column(Text("rule"))
    table.add_column(Text("severity"))
    table.add_column(Text("count"), justify="right")
    for (rule, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(
            Text(rule), Text(severity, SEVERITY_STYLES.get(severity.lower(), "")), Text(str(n))
        )
    return table


def _summary_line(report: Report) -> Text:
    s = report.summary()
    out = Text()
    out.append(
        f"{s['segments']} segments, {s['flagged_segments']} flagged, {s['findings']} findings"
    )
    sev = ", ".join(f"{n} {k}" for k, n in s["by_severity"].items())
    if sev:
        out.append(f" ({sev})")
    if report.quality is not None:
        out.append("\nquality ")
        out.append(f"{report.quality:.1f}", Style(color=quality_style(report.quality), bold=True))
        out.append(" / 100 (reference-free estimate)", LABEL)
    return out


def _corpus_scores(report: Report) -> list[Text]:
    if not report.scores:
        return []
    signatures = report.scores.get("signatures", {}) or {}
    lines = []
    for name, score in (report.scores.get("corpus", {}) or {}).items():
        line = Text()
        line.append(f"{name} ", Style(bold=True))
        line.append(f"{score:.2f}")
        if signatures.get(name):
            line.append(f"  {signatures[name]}", LABEL)
        lines.append(line)
    return lines


def make_console(width: int | None = None) -> Console:
    """A colour console writing into a ``StringIO`` (read it back with ``file.getvalue()``)."""
    return Console(
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        width=width or DEFAULT_WIDTH,
        no_color=False,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    )


def render_terminal(
    report: Report,
    *,
    only_flagged: bool = False,
    sort: str = "document",
    width: int | None = None,
    **_options: object,
) -> str:
    """The report for a colour terminal, as a string of text with ANSI escapes.

    ``sort="quality"`` lists the worst segments first; ``only_flagged`` skips segments without
    findings; ``width`` is the terminal width (default 100).
    """
    console = make_console(width)
    console.print(_report_header(report))
    console.print()
    for seg in shown_segments(report, only_flagged=only_flagged, sort=sort):
        console.print(_segment_header(report, seg))
        if seg.source is not None:
            src = [f for f in seg.findings if f.side != "target"]
            console.print(_text_line(report.source_lang or "src", highlight(seg.source, src)))
        tgt = [f for f in seg.findings if f.side == "target"]
        console.print(_text_line(report.target_lang, highlight(seg.target, tgt)))
        if seg.reference is not None:
            console.print(_text_line("ref", Text(_plain(seg.reference))))
        for f in seg.findings:
            for line in _finding_lines(f):
                console.print(line)
        for reason in _signal_reasons(seg):
            line = Text(INDENT)
            line.append("quality: ", LABEL)
            line.append(_plain(str(reason)))
            console.print(line)
        console.print()
    if report.findings:
        console.print(_summary_table(report))
    console.print(_summary_line(report))
    for line in _corpus_scores(report):
        console.print(line)
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


__all__ = ["CATEGORY_COLOURS", "category_colour", "highlight", "render_terminal"]
