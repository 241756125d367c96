"""The HTML report: one self-contained page (inline CSS, JS and SVG, no external URL).

The page is built from ``Report.to_dict()`` like every other format. The input is untrusted
(news text, and rule messages that quote it), so the template escapes everything; the only
markup built in Python is the highlighted segment text, where each slice of text is escaped
with :func:`markupsafe.escape` before it is joined with the ``<mark>`` tags. Offsets are Python
code points, so slicing the text in Python keeps them exact; nothing is computed in JavaScript.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from checker.model import Report

#: MQM top-level categories that have a colour; anything else is drawn as ``other``.
CATEGORIES = ("accuracy", "fluency", "style", "terminology", "locale", "other")
SEVERITIES = ("critical", "major", "minor")
HISTOGRAM_BINS = 10
WORST = 10

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("checker.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(report: Report, **_options: object) -> str:
    """The report as one self-contained HTML page."""
    data = report.to_dict()
    template = _ENV.get_template("report.html.j2")
    return template.render(
        **page_context(data, source_name=report.source_name, target_name=report.target_name)
    )


def page_context(
    data: Mapping[str, Any], *, source_name: str | None = None, target_name: str | None = None
) -> dict[str, Any]:
    """What the template draws: ``data`` (a ``Report.to_dict()``) plus precomputed pieces."""
    segments = [_segment_row(seg) for seg in data["segments"]]
    summary = data["summary"]
    has_source = data.get("source_lang") is not None or any(
        s["source"] is not None for s in data["segments"]
    )
    qualities = [s["quality"] for s in data["segments"] if s.get("quality") is not None]
    scored = [s for s in data["segments"] if s.get("quality") is not None and s["quality"] < 100]
    worst = sorted(scored, key=lambda s: (s["quality"], s["index"]))[:WORST]
    return {
        "data": data,
        "source_name": source_name,
        "target_name": target_name,
        "summary": summary,
        "by_severity": [(k, summary["by_severity"][k]) for k in _severity_order(
            summary["by_severity"])],
        "has_source": has_source,
        "has_reference": any(s.get("reference") is not None for s in data["segments"]),
        "score_names": _score_names(data["segments"]),
        "segments": segments,
        "histogram": histogram(qualities),
        "worst": worst,
        "rules": sorted(summary["by_rule"]),
        "severities": _severity_order(summary["by_severity"]),
        "js_data": script_json({"segments": len(segments)}),
    }


def _severity_order(severities: Iterable[str]) -> list[str]:
    known = [s for s in SEVERITIES if s in severities]
    return known + sorted(s for s in severities if s not in SEVERITIES)


def _score_names(segments: Sequence[Mapping[str, Any]]) -> list[str]:
    names: dict[str, None] = {}
    for seg in segments:
        for name in seg.get("scores") or {}:
            names[name] = None
    return list(names)


def _segment_row(seg: Mapping[str, Any]) -> dict[str, Any]:
    findings = seg["findings"]
    return {
        **seg,
        "source_html": highlight(seg["source"] or "", _on_side(findings, "source")),
        "target_html": highlight(seg["target"], _on_side(findings, "target")),
        "rules": " ".join(sorted({f["rule"] for f in findings})),
        "severities": " ".join(sorted({f["severity"] for f in findings})),
        "findings": [{**f, "cat": category_slug(f["category"])} for f in findings],
    }


def _on_side(findings: Iterable[Mapping[str, Any]], side: str) -> list[Mapping[str, Any]]:
    """Findings on ``side``, plus the counterpart spans on ``side`` of accuracy findings made
    on the other side (the source number a wrong target number stands for), marked as such."""
    out: list[Mapping[str, Any]] = []
    for f in findings:
        if f["side"] == side:
            out.append(f)
        elif f.get("other") is not None and f["other"]["side"] == side:
            out.append({**f, **f["other"], "counterpart": True})
    return out


def category_slug(category: str | None) -> str:
    """The MQM top-level category as a CSS class name.

    >>> category_slug("Fluency/Character encoding")
    'fluency'
    >>> category_slug("Design")
    'other'
    """
    top = (category or "").split("/", 1)[0].strip().lower()
    return top if top in CATEGORIES else "other"


def finding_title(f: Mapping[str, Any]) -> str:
    """``rule: message → suggestion`` (the tooltip text; plain text, escaped by the caller)."""
    title = f"{f['rule']}: {f['message']}"
    if f.get("suggestion") is not None:
        title += f" → {f['suggestion']}"
    return title


def _open_tag(f: Mapping[str, Any]) -> Markup:
    return Markup(
        '<mark class="f{cp} sev-{sev} cat-{cat}" data-rule="{rule}" data-severity="{sev}"'
        ' data-message="{msg}" tabindex="0" title="{title}">'
    ).format(
        cp=" counterpart" if f.get("counterpart") else "",
        sev=f["severity"],
        cat=category_slug(f["category"]),
        rule=f["rule"],
        msg=f["message"],
        title=finding_title(f),
    )


_CLOSE = Markup("</mark>")


@dataclass
class _Span:
    start: int
    end: int
    order: int
    finding: Mapping[str, Any]


def highlight(text: str, findings: Sequence[Mapping[str, Any]]) -> Markup:
    """``text`` escaped, with each finding's ``start``/``end`` span wrapped in a ``<mark>``.

    Spans that nest are nested; a span that crosses another one's end is split in two (closed
    and reopened), so the tags always balance and the text between them is never altered.
    Offsets outside the text are clamped; an empty span gives an empty mark at its position.

    >>> print(highlight("a <b> c", [{"start": 2, "end": 5, "rule": "r", "category": "Style",
    ...     "severity": "minor", "message": "m", "suggestion": None}]))
    a <mark class="f sev-minor cat-style" data-rule="r" data-severity="minor" \
data-message="m" tabindex="0" title="r: m">&lt;b&gt;</mark> c
    """
    n = len(text)
    spans = []
    for i, f in enumerate(findings):
        start = min(max(int(f["start"]), 0), n)
        end = min(max(int(f["end"]), start), n)
        spans.append(_Span(start, end, i, f))
    spans.sort(key=lambda s: (s.start, -s.end, s.order))
    bounds = sorted({0, n} | {s.start for s in spans} | {s.end for s in spans})
    out: list[str] = []
    stack: list[_Span] = []
    pending = list(reversed(spans))  # pop() yields the next span to open
    pos = 0
    for b in bounds:
        out.append(escape(text[pos:b]))
        pos = b
        # Close every open span that ends here; spans above it on the stack are split.
        if any(s.end == b for s in stack):
            reopen: list[_Span] = []
            while any(s.end == b for s in stack):
                top = stack.pop()
                out.append(_CLOSE)
                if top.end != b:
                    reopen.append(top)
            for s in reversed(reopen):
                out.append(_open_tag(s.finding))
                stack.append(s)
        while pending and pending[-1].start == b:
            s = pending.pop()
            out.append(_open_tag(s.finding))
            if s.end == b:
                out.append(_CLOSE)
            else:
                stack.append(s)
    for _ in stack:  # unreachable: every span ends at or before len(text)
        out.append(_CLOSE)
    return Markup("".join(out))


def histogram(qualities: Sequence[float], bins: int = HISTOGRAM_BINS) -> list[dict[str, Any]]:
    """Counts of segment quality in ``bins`` equal bins over 0-100 (100 falls in the last).

    >>> [b["count"] for b in histogram([0, 5, 95, 100], bins=2)]
    [2, 2]
    """
    width = 100 / bins
    counts = [0] * bins
    for q in qualities:
        counts[min(bins - 1, max(0, int(q // width)))] += 1
    top = max(counts, default=0) or 1
    return [
        {
            "low": round(i * width),
            "high": round((i + 1) * width),
            "count": c,
            "height": round(100 * c / top, 1),
        }
        for i, c in enumerate(counts)
    ]


def script_json(value: object) -> Markup:
    """``value`` as JSON that is safe inside ``<script type="application/json">``.

    >>> print(script_json({"a": "</script>"}))
    {"a": "\\u003c/script>"}
    """
    return Markup(json.dumps(value, ensure_ascii=False).replace("<", "\\u003c"))
