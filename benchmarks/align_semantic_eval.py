"""Score the semantic aligner (window embeddings + length) on Text+Berg German-French.

Usage: ``python benchmarks/align_semantic_eval.py [--data DIR] [--docs dev] [--weight W ...]``

Needs the ``semantic`` extra (``pip install -e '.[semantic]'``). Embeds each document once, then
aligns it with each ``--weight`` (nats per unit of normalised distance, see
:mod:`checker.align.semantic`) and prints pooled strict and lax precision, recall and F1 with
the definitions of ``benchmarks/align_eval.py``, and the seconds spent embedding and aligning.
Each weight gets two rows: ``length`` (embeddings on the length programme alone) and, when
FreeDict's German-French dictionaries are installed, ``freedict`` (embeddings on the
dictionary aligner: what ``--aligner semantic`` runs for German-French then).
Tune on ``--docs dev`` only; the default documents are the 7 test documents.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import align_eval  # noqa: E402

from checker.align import freedict, length, semantic  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    """Embed, align and score the requested documents; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=align_eval.DEFAULT_DATA)
    parser.add_argument("--docs", nargs="+", default=list(align_eval.TEST_DOCS))
    parser.add_argument(
        "--weight", type=float, nargs="+", default=[semantic.SEMANTIC_WEIGHT], help="nats"
    )
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"Text+Berg data not found at {args.data}; nothing to evaluate.")
        return 0
    if not semantic.semantic_available():
        print("the semantic extra is not installed: pip install -e '.[semantic]'")
        return 0

    docs = []
    for doc in args.docs:
        docs.append(
            (
                align_eval.read_lines(args.data / f"{doc}.de"),
                align_eval.read_lines(args.data / f"{doc}.fr"),
                align_eval.read_beads(args.data / f"{doc}.defr"),
            )
        )
    golds = [g for _, _, g in docs]
    semantic.embed(["warm up"])  # model load, reported apart
    start = time.perf_counter()
    costs = [semantic.WindowCost(s, t) for s, t, _ in docs]
    t_embed = time.perf_counter() - start
    sentences = sum(len(s) + len(t) for s, t, _ in docs)
    print(f"docs: {' '.join(args.docs)}; embedding {sentences} sentences' windows: {t_embed:.1f}s")
    print(f"{'weight':<10} {'P':>7} {'R':>7} {'F1':>7} {'P lax':>7} {'R lax':>7} {'F1 lax':>7}")
    table = freedict.load_table("de", "fr")

    def on_length(s: list[str], t: list[str], cost: semantic.WindowCost) -> list:
        return length.align(s, t, pair_cost=cost)

    def on_freedict(s: list[str], t: list[str], cost: semantic.WindowCost) -> list:
        return freedict.align_freedict(
            s, t, source_lang="de", target_lang="fr", table=table, pair_cost=cost
        )

    runs = [("length", on_length)] + ([("freedict", on_freedict)] if table else [])
    for w in args.weight:
        for name, run in runs:
            start = time.perf_counter()
            tests = []
            for (s, t, _), cost in zip(docs, costs, strict=True):
                cost.weight = w
                tests.append([(b.source, b.target) for b in run(s, t, cost)])
            seconds = time.perf_counter() - start
            res = align_eval.score(golds, tests)
            keys = ("p_strict", "r_strict", "f1_strict", "p_lax", "r_lax", "f1_lax")
            cells = " ".join(f"{res[k]:7.3f}" for k in keys)
            print(f"{f'{w:g} {name}':<10} {cells} {seconds:7.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
