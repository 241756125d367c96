"""Score the semantic aligner (window embeddings + length) on Text+Berg German-French.

Usage: ``python benchmarks/align_semantic_eval.py [--data DIR] [--docs dev] [--weight W ...]
[--move N] [--seed S] [--moved MARGIN]``

Needs the ``semantic`` extra (``pip install -e '.[semantic]'``). Embeds each document once, then
aligns it with each ``--weight`` (nats per unit of normalised distance, see
:mod:`checker.align.semantic`) and prints pooled strict and lax precision, recall and F1 with
the definitions of ``benchmarks/align_eval.py``, and the seconds spent embedding and aligning.
``--move N`` first moves N sentences of each French document elsewhere (see
:func:`move_sentences`). ``--moved inf`` turns off the pairing of moved sentences
(:func:`checker.align.semantic.pair_moved`). Each weight gets two rows: ``length`` (embeddings
on the length programme alone) and, when FreeDict's German-French dictionaries are installed,
``freedict`` (embeddings on the dictionary aligner: what ``--aligner semantic`` runs for
German-French then).
Tune on ``--docs dev`` only; the default documents are the 7 test documents.
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

from checker.align import freedict, length, semantic  # noqa: E402


def move_sentences(
    source: list[str], target: list[str], gold: list, count: int, rng: random.Random
) -> tuple[list[str], list[str], list]:
    """Move ``count`` target sentences of gold 1-1 beads 5 to 30 places away (a moved
    sentence); the gold follows them."""
    ones = [b for b in gold if len(b[0]) == 1 and len(b[1]) == 1]
    moved = {b[1][0] for b in rng.sample(ones, min(count, len(ones)))}
    order = [j for j in range(len(target)) if j not in moved]
    for j in sorted(moved):
        at = order.index(j - 1) + 1 if j - 1 in order else 0
        shift = rng.choice((-1, 1)) * rng.randint(5, 30)
        order.insert(min(max(at + shift, 0), len(order)), j)
    new = {old: k for k, old in enumerate(order)}
    gold = [(a, tuple(sorted(new[j] for j in b))) for a, b in gold]
    return source, [target[j] for j in order], gold


def mutual_best(docs: list, costs: list, margin: float) -> tuple[int, int]:
    """How many sentence pairs are each other's most similar sentence with at least ``margin``
    (what :func:`checker.align.semantic.pair_moved` asks of left-overs), and how many of them
    lie in one gold bead."""
    mutual = inside = 0
    for (_, _, gold), cost in zip(docs, costs, strict=True):
        in_bead = {(i, j) for a, b in gold for i in a for j in b}
        xs, ys = cost.windows["s"][1], cost.windows["t"][1]
        sims = xs @ ys.T
        for i, j in enumerate(sims.argmax(axis=1).tolist()):
            m = sims[i, j] / (0.5 * (cost.norms["s"][1][i] + cost.norms["t"][1][j]))
            if int(sims[:, j].argmax()) == i and m >= margin:
                mutual += 1
                inside += (i, j) in in_bead
    return mutual, inside


def main(argv: Sequence[str] | None = None) -> int:
    """Embed, align and score the requested documents; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=align_eval.DEFAULT_DATA)
    parser.add_argument("--docs", nargs="+", default=list(align_eval.TEST_DOCS))
    parser.add_argument(
        "--weight", type=float, nargs="+", default=[semantic.SEMANTIC_WEIGHT], help="nats"
    )
    parser.add_argument(
        "--moved",
        type=float,
        default=semantic.MOVED_MARGIN,
        help="least margin at which moved sentences are paired (inf: keep the beads monotone)",
    )
    parser.add_argument(
        "--move",
        type=int,
        default=0,
        help="move this many target sentences of gold 1-1 beads per document 5-30 places away",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of --move")
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
    if args.move:
        rng = random.Random(args.seed)
        docs = [move_sentences(s, t, g, args.move, rng) for s, t, g in docs]
    golds = [g for _, _, g in docs]
    semantic.embed(["warm up"])  # model load, reported apart
    start = time.perf_counter()
    costs = [semantic.WindowCost(s, t) for s, t, _ in docs]
    t_embed = time.perf_counter() - start
    sentences = sum(len(s) + len(t) for s, t, _ in docs)
    print(f"docs: {' '.join(args.docs)}; embedding {sentences} sentences' windows: {t_embed:.1f}s")
    mutual, inside = mutual_best(docs, costs, args.moved)
    print(
        f"sentence pairs that are mutual best matches with a margin >= {args.moved:g}: {mutual}, "
        f"in one gold bead: {inside / max(mutual, 1):.1%}"
    )
    print(f"{'weight':<10} {'P':>7} {'R':>7} {'F1':>7} {'P lax':>7} {'R lax':>7} {'F1 lax':>7}")
    table = freedict.load_table("de", "fr")

    # Both end with semantic.pair_moved, as align_semantic and --aligner semantic do.
    def on_length(s: list[str], t: list[str], cost: semantic.WindowCost) -> list:
        return semantic.pair_moved(length.align(s, t, pair_cost=cost), cost, args.moved)

    def on_freedict(s: list[str], t: list[str], cost: semantic.WindowCost) -> list:
        beads = freedict.align_freedict(
            s, t, source_lang="de", target_lang="fr", table=table, pair_cost=cost
        )
        return semantic.pair_moved(beads, cost, args.moved)

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
