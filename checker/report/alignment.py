"""Alignment listings for ``checker align``: text, beads, TSV and JSON."""

from __future__ import annotations

import json

from checker.model import Bead, Document
from checker.report.lines import _cell


def _ids(ids: tuple[int, ...]) -> str:
    return "[" + ",".join(str(i) for i in ids) + "]"


def _text(doc: Document, ids: tuple[int, ...]) -> str:
    return " ".join(doc.sentences[i].text for i in ids)


def render_alignment(source: Document, target: Document, beads: list[Bead], fmt: str) -> str:
    """The beads of an alignment in format ``fmt`` (text, beads, tsv or json).

    ``beads`` is one ``[source ids]:[target ids]`` line per bead, as in the Bleualign and
    Vecalign evaluations: ``[0]:[0,1]``, ``[3]:[]``, ``[]:[7]``.
    """
    if fmt == "beads":
        return "".join(f"{_ids(b.source)}:{_ids(b.target)}\n" for b in beads)
    if fmt == "tsv":
        rows = ["source_ids\ttarget_ids\tsource\ttarget"]
        rows += [
            "\t".join((_ids(b.source), _ids(b.target), _cell(_text(source, b.source)),
                       _cell(_text(target, b.target))))
            for b in beads
        ]
        return "\n".join(rows) + "\n"
    if fmt == "json":
        data = {
            "source_lang": source.lang,
            "target_lang": target.lang,
            "beads": [
                {"source": list(b.source), "target": list(b.target),
                 "source_text": _text(source, b.source), "target_text": _text(target, b.target)}
                for b in beads
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    out = []
    for k, b in enumerate(beads):
        out.append(f"[{k}] {b.kind}  {_ids(b.source)}:{_ids(b.target)}")
        out.append(f"  {source.lang}: {_text(source, b.source)}")
        out.append(f"  {target.lang}: {_text(target, b.target)}")
    return "\n".join(out) + "\n"
