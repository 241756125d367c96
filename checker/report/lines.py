"""Line-oriented reports for pipelines: JSON Lines and TSV, from the same data as the JSON.

JSONL: one segment object per line (exactly the objects of the JSON report's ``segments``),
then one ``{"summary": …}`` line that also carries the version, languages and corpus scores.
TSV: a header, then one row per segment; tabs, newlines and backslashes inside text are
written as ``\\t``, ``\\n`` and ``\\\\`` so every segment stays on one line.
"""

from __future__ import annotations

import json
from typing import Any

from checker.model import Report

TSV_COLUMNS = ("index", "id", "source", "target", "reference", "quality", "findings", "rules")


def render_jsonl(report: Report, **_options: object) -> str:
    data = report.to_dict()
    lines = [json.dumps(seg, ensure_ascii=False) for seg in data["segments"]]
    tail: dict[str, Any] = {"summary": data["summary"], "version": data["version"],
                            "source_lang": data["source_lang"], "target_lang": data["target_lang"]}
    if "scores" in data:
        tail["scores"] = data["scores"]
    lines.append(json.dumps(tail, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def _cell(value: object) -> str:
    """One TSV field.

    >>> _cell("a\\tb\\nc\\\\d"), _cell(None), _cell(97.5)
    ('a\\\\tb\\\\nc\\\\\\\\d', '', '97.5')
    """
    if value is None:
        return ""
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def render_tsv(report: Report, **_options: object) -> str:
    rows = ["\t".join(TSV_COLUMNS)]
    for seg in report.segments:
        rules = sorted({f.rule for f in seg.findings})
        rows.append("\t".join(_cell(v) for v in (
            seg.index, seg.id, seg.source, seg.target, seg.reference,
            None if seg.quality is None else round(seg.quality, 2),
            len(seg.findings), ",".join(rules),
        )))
    return "\n".join(rows) + "\n"
