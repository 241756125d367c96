"""Score :func:`checker.align.align` on the Text+Berg German-French gold alignments.

Usage: ``python benchmarks/align_eval.py [--data DIR] [--docs test0 test1 ...] [--show-errors]``

Reads ``DIR/<doc>.de``, ``DIR/<doc>.fr`` (one sentence per line) and the gold beads in
``DIR/<doc>.defr`` (``[source ids]:[target ids]`` per line), aligns each document without
paragraph information (the files carry none) and prints per-document and pooled strict and lax
precision, recall and F1, as defined for the Bleualign data by Sennrich & Volk (2011) and
implemented in Vecalign's ``score.py``, so the figures compare with published ones:

- precision is over the predicted beads, null beads included (a bead empty on both sides is
  ignored). A bead is a strict hit if it equals a gold bead (null gold beads included) and a lax
  hit if it is a strict hit or shares a source sentence and a target sentence with one gold bead;
- recall is the same computation with the roles swapped, restricted to the beads that are
  non-empty on both sides in gold and in prediction;
- counts are pooled over all documents before dividing; F1 = 2PR / (P + R).

The data lives outside the repository, in ``../shared/data/align-text+berg/`` next to the
repository root; without it the script says so and exits with status 0.
"""

from __future__ import annotations

import argparse
import ast
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "align-text+berg"
TEST_DOCS = tuple(f"test{k}" for k in range(7))

sys.path.insert(0, str(REPO_ROOT))

from checker.align import align  # noqa: E402

BeadIds = tuple[tuple[int, ...], tuple[int, ...]]


def read_lines(path: Path) -> list[str]:
    """Read one sentence per line, keeping empty lines as empty sentences."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_beads(path: Path) -> list[BeadIds]:
    """Read a ``.defr`` gold file: one ``[ids]:[ids]`` bead per line."""
    beads = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        src, tgt = line.split(":")
        beads.append((tuple(ast.literal_eval(src)), tuple(ast.literal_eval(tgt))))
    return beads


def hit_counts(gold: Iterable[BeadIds], test: Iterable[BeadIds]) -> tuple[int, int, int, int]:
    """Return (strict hits, strict misses, lax hits, lax misses) of ``test`` against ``gold``."""
    gold_set = {(s, t) for s, t in gold if s or t}
    test_set = {(s, t) for s, t in test if s or t}
    gold_targets_of_source: dict[int, set[int]] = defaultdict(set)
    for s, t in gold_set:
        for sid in s:
            gold_targets_of_source[sid].update(t)
    strict = strict_miss = lax = lax_miss = 0
    for s, t in test_set:
        if (s, t) in gold_set:
            strict += 1
            lax += 1
            continue
        strict_miss += 1
        linked: set[int] = set()
        for sid in s:
            linked |= gold_targets_of_source.get(sid, set())
        if linked.intersection(t):
            lax += 1
        else:
            lax_miss += 1
    return strict, strict_miss, lax, lax_miss


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(
    golds: Sequence[Sequence[BeadIds]], tests: Sequence[Sequence[BeadIds]]
) -> dict[str, float]:
    """Pooled strict and lax precision, recall and F1 over several documents."""
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(golds, tests, strict=True):
        for k, v in enumerate(hit_counts(gold, test)):
            p[k] += v
        both_gold = [(s, t) for s, t in gold if s and t]
        both_test = [(s, t) for s, t in test if s and t]
        for k, v in enumerate(hit_counts(both_test, both_gold)):
            r[k] += v
    out = {
        "p_strict": _ratio(p[0], p[0] + p[1]),
        "r_strict": _ratio(r[0], r[0] + r[1]),
        "p_lax": _ratio(p[2], p[2] + p[3]),
        "r_lax": _ratio(r[2], r[2] + r[3]),
    }
    out["f1_strict"] = _f1(out["p_strict"], out["r_strict"])
    out["f1_lax"] = _f1(out["p_lax"], out["r_lax"])
    return out


def _row(name: str, res: dict[str, float], seconds: float | None = None) -> str:
    cells = " ".join(
        f"{res[k]:7.3f}" for k in ("p_strict", "r_strict", "f1_strict", "p_lax", "r_lax", "f1_lax")
    )
    tail = f" {seconds:7.2f}s" if seconds is not None else ""
    return f"{name:<8} {cells}{tail}"


def main(argv: Sequence[str] | None = None) -> int:
    """Align and score the requested documents; return the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="Text+Berg directory")
    parser.add_argument("--docs", nargs="+", default=list(TEST_DOCS), help="document names")
    parser.add_argument(
        "--show-errors", action="store_true", help="print predicted beads that are not gold"
    )
    args = parser.parse_args(argv)

    if not args.data.is_dir():
        print(f"Text+Berg data not found at {args.data}; nothing to evaluate.")
        return 0

    header = f"{'doc':<8} {'P':>7} {'R':>7} {'F1':>7} {'P lax':>7} {'R lax':>7} {'F1 lax':>7}"
    print("strict / lax precision, recall, F1 (Vecalign score.py definitions)")
    print(header)
    golds, tests = [], []
    total = 0.0
    for doc in args.docs:
        source = read_lines(args.data / f"{doc}.de")
        target = read_lines(args.data / f"{doc}.fr")
        gold = read_beads(args.data / f"{doc}.defr")
        start = time.perf_counter()
        beads = align(source, target)
        seconds = time.perf_counter() - start
        total += seconds
        test = [(b.source, b.target) for b in beads]
        golds.append(gold)
        tests.append(test)
        print(_row(doc, score([gold], [test]), seconds))
        if args.show_errors:
            gold_set = set(gold)
            for s, t in test:
                if (s, t) not in gold_set:
                    print(f"    predicted {list(s)}:{list(t)}")
    print(_row("overall", score(golds, tests), total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
