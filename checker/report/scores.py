"""Score tables: a :class:`~checker.score.ScoreResult` → text for a person or JSON for a machine.

Both renderers draw from ``ScoreResult.to_dict()`` (one schema for every format). The JSON keeps
the systems in the order they were given, with every figure at full precision; the text table
ranks them.

Ranking: by chrF when it was computed (:data:`DEFAULT_RANK_METRIC`), otherwise by the first
metric; TER, an error rate, ranks lowest first, and ties keep the input order. chrF rather
than BLEU because it agrees better with human rankings of systems (Kocmi et al., 2021, "To
Ship or Not to Ship") and needs no tokenizer, so one ranking rule serves every target language.
"""

from __future__ import annotations

import json
import textwrap
import unicodedata
from typing import Any

from checker.score import ScoreResult

DEFAULT_RANK_METRIC = "chrf"
#: Decimals shown in the text table (sacrebleu's command line shows 1 by default).
TEXT_WIDTH = 1
SIGNIFICANT_MARK = "*"
BASELINE_MARK = "(baseline)"
COLUMN_GAP = "  "
LEGEND_WIDTH = 100


def render_scores_json(result: ScoreResult, **_options: object) -> str:
    """The result as UTF-8 JSON: ``ScoreResult.to_dict()``, full-precision floats."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(s))
    return fill + s if right else s + fill


def rank_metric(data: dict[str, Any], rank_by: str | None = None) -> str:
    """The metric a table is ranked by: ``rank_by``, else chrF if computed, else the first."""
    if rank_by is not None:
        if rank_by not in data["metrics"]:
            msg = f"cannot rank by {rank_by!r}: it was not computed ({', '.join(data['metrics'])})"
            raise ValueError(msg)
        return rank_by
    return DEFAULT_RANK_METRIC if DEFAULT_RANK_METRIC in data["metrics"] else data["metrics"][0]


def _ranked(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    sign = -1.0 if data["metric_info"][key]["higher_is_better"] else 1.0
    order = sorted(
        range(len(data["systems"])),
        key=lambda i: (sign * data["systems"][i]["scores"][key]["score"], i),
    )
    return [data["systems"][i] for i in order]


def _cell(entry: dict[str, Any], width: int, marks: bool) -> str:
    """One score; with ``marks``, a mark or blanks of its width keep the numbers aligned."""
    text = f"{entry['score']:.{width}f}"
    if entry["ci"] is not None:
        text += f" ± {entry['ci']:.{width}f}"
    if marks:
        mark = SIGNIFICANT_MARK if entry["significant"] else " " * len(SIGNIFICANT_MARK)
        text += f" {mark}"
    return text


def _legend(data: dict[str, Any], key: str) -> list[str]:
    info = data["metric_info"]
    test = data["test"]
    lines = [f"Ranked by {info[key]['name']}; {data['segments']} segments."]
    if test is None:
        lines.append("No significance test was run.")
        return lines
    if len(data["systems"]) > 1:
        lines.extend(
            textwrap.wrap(
                f"{SIGNIFICANT_MARK} differs significantly from the baseline "
                f"{data['baseline']} (p < {test['alpha']:g}; {test['description']}, "
                f"{test['samples']} samples, seed {test['seed']}). Significance says that a "
                "difference is unlikely to be chance, not which system is better.",
                width=LEGEND_WIDTH,
                break_long_words=False,
            )
        )
    lines.append("± is the half-width of the 95% bootstrap confidence interval.")
    return lines


def render_scores_text(
    result: ScoreResult, *, rank_by: str | None = None, width: int = TEXT_WIDTH, **_options: object
) -> str:
    """A table of systems × metrics, ranked, with the baseline and significance marked.

    One row per system: rank, name, then each metric's score with ``± CI`` when a test was
    run and ``*`` when it differs significantly from the baseline. The legend and every
    metric's signature follow the table.
    """
    data = result.to_dict()
    key = rank_metric(data, rank_by)
    info = data["metric_info"]
    metrics = data["metrics"]
    header = ["#", "System"] + [
        info[m]["name"] + ("" if info[m]["higher_is_better"] else " (lower is better)")
        for m in metrics
    ]
    compared = data["test"] is not None and len(data["systems"]) > 1
    rows = []
    for rank, system in enumerate(_ranked(data, key), 1):
        marked = system["baseline"] and len(data["systems"]) > 1
        name = system["name"] + (f" {BASELINE_MARK}" if marked else "")
        cells = [_cell(system["scores"][m], width, compared) for m in metrics]
        rows.append([str(rank), name, *cells])
    widths = [max(_width(r[c]) for r in [header, *rows]) for c in range(len(header))]
    lines = []
    for r in [header, None, *rows]:
        if r is None:
            lines.append(COLUMN_GAP.join("-" * w for w in widths))
            continue
        cells = [
            _pad(cell, w, right=(c == 0 or c >= 2))
            for c, (cell, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append(COLUMN_GAP.join(cells).rstrip())
    lines.append("")
    lines.extend(_legend(data, key))
    lines.append("")
    lines.append("Signatures:")
    name_width = max(_width(info[m]["name"]) for m in metrics)
    for m in metrics:
        lines.append(f"  {_pad(info[m]['name'], name_width)}  {data['signatures'][m]}")
    return "\n".join(lines) + "\n"


__all__ = ["DEFAULT_RANK_METRIC", "rank_metric", "render_scores_json", "render_scores_text"]
