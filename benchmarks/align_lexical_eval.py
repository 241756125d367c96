"""Compare the length, lexical and FreeDict aligners on Text+Berg German-French.

Usage: ``python benchmarks/align_lexical_eval.py [--data DIR] [--docs dev] [--weight W ...]
[--drop RATE]``

Scores :func:`checker.align.align` (first pass),
:func:`checker.align.lexical.align_lexical` (second pass, one row per ``--weight``) and, when
FreeDict's German-French dictionaries are installed, :func:`checker.align.freedict.align_freedict`
(the default for German-French then; its row leaves out the dictionary's load time, printed
apart) with the definitions of ``benchmarks/align_eval.py``, pooled over the requested
documents, and prints the time of each. Tune on ``--docs dev`` only; the default documents are
the 7 test documents.

``--drop RATE`` first deletes that share of the French sentences that are 1-1 beads in gold
(seeded per document), as a translation that leaves sentences out; their German sentences
become gold 1-0 beads.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import align_eval  # noqa: E402

from checker.align import align  # noqa: E402
from checker.align import freedict, lexical  # noqa: E402
from checker.model import Bead  # noqa: E402

BeadIds = align_eval.BeadIds


def drop_targets(
    target: list[str], gold: list[BeadIds], rate: float, seed: str
) -> tuple[list[str], list[BeadIds]]:
    """Delete ``rate`` of the target sentences of gold 1-1 beads; renumber the gold."""
    rng = random.Random(seed)
    ones = sorted(t[0] for s, t in gold if len(s) == 1 and len(t) == 1)
    gone = set(rng.sample(ones, int(len(ones) * rate)))
    kept = [j for j in range(len(target)) if j not in gone]
    new = {j: k for k, j in enumerate(kept)}
    return [target[j] for j in kept], [(s, tuple(new[j] for j in t if j in new)) for s, t in gold]


def main(argv: Sequence[str] | None = None) -> int:
    """Align and score the requested documents with both passes; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=align_eval.DEFAULT_DATA)
    parser.add_argument("--docs", nargs="+", default=list(align_eval.TEST_DOCS))
    parser.add_argument(
        "--weight", type=float, nargs="+", default=[lexical.LEXICAL_WEIGHT], help="nats"
    )
    parser.add_argument("--drop", type=float, default=0.0, help="share of 1-1 targets to delete")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"Text+Berg data not found at {args.data}; nothing to evaluate.")
        return 0

    docs = []
    for doc in args.docs:
        source = align_eval.read_lines(args.data / f"{doc}.de")
        target = align_eval.read_lines(args.data / f"{doc}.fr")
        gold = align_eval.read_beads(args.data / f"{doc}.defr")
        if args.drop:
            target, gold = drop_targets(target, gold, args.drop, doc)
        docs.append((source, target, gold))
    golds = [g for _, _, g in docs]
    dropped = f"; {args.drop:.0%} of 1-1 targets dropped" if args.drop else ""
    print(f"docs: {' '.join(args.docs)}{dropped}")
    print(f"{'pass':<12} {'P':>7} {'R':>7} {'F1':>7} {'P lax':>7} {'R lax':>7} {'F1 lax':>7}")

    start = time.perf_counter()
    firsts = [align(s, t) for s, t, _ in docs]
    t_first = time.perf_counter() - start
    tests = [[(b.source, b.target) for b in beads] for beads in firsts]
    print(_row("first", align_eval.score(golds, tests), t_first))

    for w in args.weight:
        start = time.perf_counter()
        out = []
        for (s, t, _), first in zip(docs, firsts, strict=True):
            out.append(align_lexical_row(s, t, first, w))
        seconds = time.perf_counter() - start
        tests = [[(b.source, b.target) for b in beads] for beads in out]
        name = f"lex w={w:g}"
        print(_row(name, align_eval.score(golds, tests), seconds))

    start = time.perf_counter()
    table = freedict.load_table("de", "fr")
    if table is None:
        print("freedict: not installed (dict-freedict-deu-fra, dict-freedict-fra-deu)")
        return 0
    print(f"freedict: dictionary load {time.perf_counter() - start:.2f}s")
    start = time.perf_counter()
    out = [
        freedict.align_freedict(s, t, source_lang="de", target_lang="fr", table=table)
        for s, t, _ in docs
    ]
    seconds = time.perf_counter() - start
    tests = [[(b.source, b.target) for b in beads] for beads in out]
    print(_row("freedict", align_eval.score(golds, tests), seconds))
    return 0


def _row(name: str, res: dict[str, float], seconds: float) -> str:
    keys = ("p_strict", "r_strict", "f1_strict", "p_lax", "r_lax", "f1_lax")
    return f"{name:<12} " + " ".join(f"{res[k]:7.3f}" for k in keys) + f" {seconds:7.2f}s"


def align_lexical_row(
    source: list[str], target: list[str], first: list[Bead], weight: float
) -> list[Bead]:
    """Second pass only (the first pass is timed separately)."""
    return lexical.align_lexical(source, target, first_pass=first, lexical_weight=weight)


if __name__ == "__main__":
    sys.exit(main())
