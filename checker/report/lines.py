"""Line-oriented reports for pipelines: JSON Lines and TSV, from the same data as the JSON.

JSONL: one segment object per line (exactly the objects of the JSON report's ``segments``),
then one ``{"summary": …}`` line that also carries the version, languages and corpus scores.
Non-ASCII text is written as is, except the three line breaks JSON allows raw in a string but
``str.splitlines`` (and so many a JSONL reader) splits on: NEL, LINE SEPARATOR and PARAGRAPH
SEPARATOR are written ``\\u0085``, ``\\u2028``, ``\\u2029`` (:func:`jsonl_line`).
TSV: a header, then one row per segment; tabs, newlines and backslashes inside text are
written as ``\\t``, ``\\n`` and ``\\\\`` so every segment stays on one line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import orjson

from checker.model import Report

TSV_COLUMNS = ("index", "id", "source", "target", "reference", "quality", "findings", "rules")

#: Line breaks that ``json.dumps(ensure_ascii=False)`` leaves raw, with their JSON escapes. The
#: other characters ``str.splitlines`` splits on (CR, LF, VT, FF, FS, GS, RS) are control
#: characters, which JSON always escapes.
_RAW_LINE_BREAKS = (("\x85", "\\u0085"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
#: :data:`_RAW_LINE_BREAKS` in UTF-8.
_RAW_LINE_BREAK_BYTES = tuple(
    (char.encode("utf-8"), escape.encode("ascii")) for char, escape in _RAW_LINE_BREAKS
)


def jsonl_line(record: dict[str, Any]) -> str:
    r"""``record`` as one line of JSON Lines (no final newline), whatever line splitter reads it.

    >>> line = jsonl_line({"target": "a\u2028b\x85c 重庆"})
    >>> line
    '{"target":"a\\u2028b\\u0085c 重庆"}'
    >>> len(line.splitlines()), json.loads(line)["target"] == "a\u2028b\x85c 重庆"
    (1, True)
    """
    return _escape_line_breaks(_dumps(record))


def jsonl_bytes(records: Iterable[dict[str, Any]]) -> bytes | str:
    r""":func:`jsonl_lines` as UTF-8 bytes, written by orjson and never decoded; or, when orjson
    refuses a record (see :func:`_dumps`), :func:`jsonl_lines` itself.

    >>> jsonl_bytes([{"a": "重庆"}, {"b": "x\u2029\x85"}]).decode()
    '{"a":"重庆"}\n{"b":"x\\u2029\\u0085"}\n'
    """
    records = list(records)
    try:
        data = b"".join([orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in records])
    except TypeError:  # orjson.JSONEncodeError
        return jsonl_lines(records)
    for raw, escape in _RAW_LINE_BREAK_BYTES:  # in UTF-8, these bytes are these characters
        if raw in data:
            data = data.replace(raw, escape)
    return data


def jsonl_lines(records: Iterable[dict[str, Any]]) -> str:
    r"""``records`` as JSON Lines, each line ended: :func:`jsonl_line` of each, at once.

    >>> jsonl_lines([{"a": 1}, {"b": "x\u2029"}])
    '{"a":1}\n{"b":"x\\u2029"}\n'
    >>> jsonl_lines([{"a": 1}, {"big": 2**70}])  # more than orjson writes: json writes them all
    '{"a":1}\n{"big":1180591620717411303424}\n'
    """
    records = list(records)
    try:  # orjson's bytes, joined and decoded once
        text = b"".join([orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in records])
        return _escape_line_breaks(text.decode())
    except TypeError:  # orjson.JSONEncodeError: see _dumps
        return _escape_line_breaks("".join([_dumps(r) + "\n" for r in records]))


def _dumps(record: dict[str, Any]) -> str:
    """Compact JSON, non-ASCII text as is: orjson (several times faster than :mod:`json` on a
    segment record), or :mod:`json` for what orjson refuses (a lone surrogate, an integer of
    more than 64 bits). Floats are written as short as they read back."""
    try:
        return orjson.dumps(record).decode()
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def _escape_line_breaks(text: str) -> str:
    for char, escape in _RAW_LINE_BREAKS:
        if char in text:
            text = text.replace(char, escape)
    return text


def summary_record(data: dict[str, Any]) -> dict[str, Any]:
    """The last JSON Lines record, from ``Report.to_dict()``-shaped ``data`` (its ``segments``
    need not be there): the summary, version, languages and, with a reference, the scores."""
    tail: dict[str, Any] = {"summary": data["summary"], "version": data["version"],
                            "source_lang": data["source_lang"], "target_lang": data["target_lang"]}
    if data.get("scores") is not None:
        tail["scores"] = data["scores"]
    return tail


def render_jsonl(report: Report, **_options: object) -> str:
    data = report.to_dict()
    return jsonl_lines([*data["segments"], summary_record(data)])


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
