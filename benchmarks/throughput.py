"""Pairs per second and peak memory of `checker` against OpusFilter and plain baselines.

Usage: ``python benchmarks/throughput.py [--n 200000] [--seed 1] [--jobs 1 2]
[--opusfilter-python PATH] [--only NAME ...] [--keep DIR]``

Writes ``--n`` seeded synthetic zh→en pairs (``benchmarks/synth.py``: made-up Chinese sources,
MT-like English hypotheses with about 5 % planted garbles, English references) to line-aligned
files, then runs each command in its own process, side by side on the same files, and prints
wall-clock seconds, pairs per second and the peak resident memory of the command and every
process it started (``getrusage(RUSAGE_CHILDREN)`` of a wrapper process):

- ``checker check --aligned -f jsonl`` (all rules, no reference), with ``-j`` 1 and 2;
- ``checker flag --aligned -f jsonl``: the target-side rules only, one segment per line;
- ``checker check --aligned --ref REF -f jsonl``: all rules plus sentence and corpus BLEU,
  chrF and TER against the references;
- ``checker score -m bleu,chrf --test none``: BLEU and chrF against the references;
- OpusFilter 3 with LengthRatio, TerminalPunctuation, NonZeroNumerals, Repetition and
  CharacterScore (its Python API, in a separate environment given by
  ``--opusfilter-python``, since OpusFilter pins its own dependencies);
- a naive pass of one compiled regular expression over the targets, and the ``sacrebleu``
  command for BLEU and chrF.

Nothing is downloaded; OpusFilter is skipped when its Python is not given or lacks it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

#: Runs a command and prints its wall time and the peak RSS (KiB) of its process tree.
WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
seconds = time.perf_counter() - start
print(code, seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""

OPUSFILTER = """
import sys, time
from opusfilter.filters import (CharacterScoreFilter, LengthRatioFilter, NonZeroNumeralsFilter,
                                RepetitionFilter, TerminalPunctuationFilter)
filters = [LengthRatioFilter(threshold=3, unit="char"), TerminalPunctuationFilter(),
           NonZeroNumeralsFilter(), RepetitionFilter(),
           CharacterScoreFilter(scripts=["Han", "Latin"], thresholds=[0.5, 0.5])]
def pairs():
    with open(sys.argv[1], encoding="utf-8") as s, open(sys.argv[2], encoding="utf-8") as t:
        for a, b in zip(s, t):
            yield [a.rstrip("\\n"), b.rstrip("\\n")]
def kept(batch):
    scores = zip(*[list(f.score(batch)) for f in filters])
    return sum(all(f.accept(x) for f, x in zip(filters, row)) for row in scores)
total, batch = 0, []
for pair in pairs():
    batch.append(pair)
    if len(batch) == 1000:
        total += kept(batch)
        batch = []
total += kept(batch) if batch else 0
print(total, file=sys.stderr)
"""

NAIVE = r"""
import re, sys
pattern = re.compile(r"\w -\w|[a-z][.!?][A-Z]|\b(\w+) \1\b|  +| [,.;:]")
hits = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if pattern.search(line):
            hits += 1
print(hits, file=sys.stderr)
"""


def write_pairs(folder: Path, n: int, seed: int) -> tuple[Path, Path, Path]:
    src, hyp, ref = folder / "src.zh", folder / "hyp.en", folder / "ref.en"
    with src.open("w", encoding="utf-8") as s, hyp.open("w", encoding="utf-8") as h, \
            ref.open("w", encoding="utf-8") as r:
        for pair in synth.synthetic_pairs(n, seed):
            s.write(pair.source + "\n")
            h.write(pair.hypothesis + "\n")
            r.write(pair.reference + "\n")
    return src, hyp, ref


def measure(command: Sequence[str]) -> tuple[int, float, float]:
    """(exit code, seconds, peak RSS in MiB) of ``command`` and its children."""
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]) / 1024


def main(argv: Sequence[str] | None = None) -> int:
    """Write the pairs, run every command, print the table; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--opusfilter-python", default=None, help="a Python with opusfilter")
    parser.add_argument("--only", nargs="+", default=None, help="run only these rows")
    parser.add_argument("--keep", type=Path, default=None, help="write the pairs here")
    args = parser.parse_args(argv)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="checker-throughput-"))
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    src, hyp, ref = write_pairs(folder, args.n, args.seed)
    print(f"{args.n} pairs written to {folder} in {time.perf_counter() - start:.1f} s")

    bin_dir = Path(sys.executable).parent
    checker = [str(bin_dir / "checker")]
    rows: list[tuple[str, list[str]]] = []
    for j in args.jobs:
        rows.append((f"checker check -j {j}",
                     [*checker, "check", "--aligned", "-j", str(j), "-f", "jsonl", str(src),
                      str(hyp)]))
    for j in args.jobs:
        rows.append((f"checker flag -j {j}",
                     [*checker, "flag", "--aligned", "-j", str(j), "-f", "jsonl", str(hyp)]))
    for j in args.jobs:
        rows.append((f"checker check --ref -j {j}",
                     [*checker, "check", "--aligned", "-j", str(j), "--ref", str(ref), "-f",
                      "jsonl", str(src), str(hyp)]))
    rows.append(("checker score bleu,chrf",
                 [*checker, "score", "-m", "bleu,chrf", "--test", "none", "--ref", str(ref),
                  str(hyp)]))
    sacrebleu = shutil.which("sacrebleu", path=str(bin_dir)) or shutil.which("sacrebleu")
    if sacrebleu:
        rows.append(("sacrebleu bleu,chrf",
                     [sacrebleu, str(ref), "-i", str(hyp), "-m", "bleu", "chrf", "-b"]))
    rows.append(("naive regex pass", [sys.executable, "-c", NAIVE, str(hyp)]))
    of_python = args.opusfilter_python
    if of_python and subprocess.call([of_python, "-c", "import opusfilter"],
                                     stderr=subprocess.DEVNULL) == 0:
        rows.append(("OpusFilter 5 filters", [of_python, "-c", OPUSFILTER, str(src), str(hyp)]))
    else:
        print("OpusFilter: not measured (give --opusfilter-python with opusfilter installed)")

    print(f"{'command':<30} {'seconds':>8} {'pairs/s':>9} {'peak MiB':>9}")
    env_note = os.environ.get("OMP_NUM_THREADS")
    for name, command in rows:
        if args.only and not any(o in name for o in args.only):
            continue
        code, seconds, rss = measure(command)
        flag = "" if code in (0, 1) else f"  (exit {code})"
        print(f"{name:<30} {seconds:>8.1f} {args.n / seconds:>9.0f} {rss:>9.0f}{flag}")
    if env_note:
        print(f"OMP_NUM_THREADS={env_note}")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
