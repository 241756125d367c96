"""Time and measure streamed corpus scoring against the ``sacrebleu`` command (BLEU + chrF).

Usage: ``python benchmarks/score_speed.py [--n 200000] [--seed 1] [--jobs 2] [--chunk-size N]``

Writes ``--n`` seeded synthetic hypothesis/reference pairs (:mod:`benchmarks.synth`) to
temporary files, then runs, each as its own process:

(a) ``python -m sacrebleu REF -i HYP -m bleu chrf -b -w 4``;
(b) this script's ``--stream`` mode: :func:`checker.score.score_file` for BLEU and chrF with
    ``--jobs`` worker processes, printing the scores the same way.

For each it reports wall-clock seconds, the peak resident memory of the largest process
(``/usr/bin/time -v``'s "Maximum resident set size", or ``getrusage(RUSAGE_CHILDREN)``), and
the peak of the whole process tree's resident memory, sampled from ``/proc/PID/status`` every
100 ms (for (b) the parent plus its workers; pages they share after ``fork`` are counted in
each, so this overstates (b) a little). ``VmRSS`` is read rather than the exact ``Pss`` of
``smaps_rollup`` because the kernel walks the page tables for the latter: on a 10 GB process
that sampling alone took a large share of a core and slowed the run being measured.

The printed scores must be identical, string for string; the bar is (b) at least 2x faster
than (a) with at most a tenth of its peak memory. Exits 1 when the scores differ.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

WIDTH = 4  # decimals printed by both sides, compared as strings
METRICS = ("bleu", "chrf")
SPEED_BAR = 2.0
MEMORY_BAR = 0.1
POLL_SECONDS = 0.1
TIME_BIN = "/usr/bin/time"
_SCORE = re.compile(r"-?\d+\.\d+")


@dataclass
class Run:
    """What one measured command did."""

    label: str
    wall: float
    max_rss_kb: int
    tree_kb: int
    scores: list[str]


def write_files(n: int, seed: int, directory: Path) -> tuple[Path, Path]:
    """Write the synthetic hypotheses and references, one segment per line."""
    from synth import synthetic_pairs

    hyp, ref = directory / "hyp.en", directory / "ref.en"
    with hyp.open("w", encoding="utf-8") as h, ref.open("w", encoding="utf-8") as r:
        for pair in synthetic_pairs(n, seed):
            h.write(pair.hypothesis + "\n")
            r.write(pair.reference + "\n")
    return hyp, ref


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text(encoding="ascii")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        with Path(f"/proc/{pid}/status").open(encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(root: int) -> int:
    tree = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _rss_kb(pid)
        stack.extend(tree.get(pid, ()))
    return total


def measure(label: str, cmd: list[str]) -> Run:
    """Run ``cmd``, timing it and sampling its process tree's memory."""
    use_time = Path(TIME_BIN).exists()
    full = [TIME_BIN, "-v", *cmd] if use_time else cmd
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(POLL_SECONDS)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    poller.join()
    if proc.returncode != 0:
        sys.stderr.write(err)
        msg = f"{label}: exit status {proc.returncode}"
        raise SystemExit(msg)
    max_rss = 0
    if use_time:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
        max_rss = int(m.group(1)) if m else 0
    if not max_rss:  # ru_maxrss only ever grows: meaningful when this is the largest child
        max_rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return Run(label, wall, max_rss, max(peak, max_rss), _SCORE.findall(out))


def stream_main(hyp: str, ref: str, jobs: int, chunk_size: int | None) -> int:
    """The measured side (b): stream the files and print the scores like ``sacrebleu -b``."""
    from checker.score import DEFAULT_CHUNK_SIZE, score_file

    scores = score_file(
        hyp, [ref], tgt_lang="en", metrics=METRICS, jobs=jobs,
        chunk_size=chunk_size or DEFAULT_CHUNK_SIZE,
    )
    for key in METRICS:
        print(f"{scores[key].score:.{WIDTH}f}")
    return 0


def _gb(kb: int) -> str:
    return f"{kb / 1024 / 1024:.2f} GB" if kb >= 1024 * 1024 else f"{kb / 1024:.0f} MB"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the process exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="segment pairs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for (b)")
    parser.add_argument("--chunk-size", type=int, default=None, help="segments per chunk (b)")
    parser.add_argument("--keep", metavar="DIR", help="write the files here and keep them")
    parser.add_argument("--stream", nargs=2, metavar=("HYP", "REF"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stream:
        return stream_main(args.stream[0], args.stream[1], args.jobs, args.chunk_size)

    load_before = os.getloadavg()[0]
    directory = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="score_speed."))
    directory.mkdir(parents=True, exist_ok=True)
    try:
        t = time.perf_counter()
        hyp, ref = write_files(args.n, args.seed, directory)
        print(f"wrote {args.n:,} pairs to {directory} in {time.perf_counter() - t:.1f} s")
        sacre = measure(
            "sacrebleu command",
            [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", *METRICS,
             "-b", "-w", str(WIDTH)],
        )
        stream_cmd = [sys.executable, str(Path(__file__).resolve()), "--stream", str(hyp),
                      str(ref), "--jobs", str(args.jobs)]
        if args.chunk_size:
            stream_cmd += ["--chunk-size", str(args.chunk_size)]
        ours = measure(f"checker corpus_scores jobs={args.jobs}", stream_cmd)
    finally:
        if not args.keep:
            shutil.rmtree(directory, ignore_errors=True)

    rows = [("", "wall s", "peak RSS (largest process)", "peak RSS (process tree)", "BLEU",
             "chrF2")]
    for run in (sacre, ours):
        rows.append((run.label, f"{run.wall:.1f}", _gb(run.max_rss_kb), _gb(run.tree_kb),
                     *(run.scores + ["?", "?"])[:2]))
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    print(f"\nN = {args.n:,} segment pairs, seed {args.seed}, BLEU + chrF; {os.cpu_count()} CPUs, "
          f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    for r in rows:
        print("  ".join(cell.ljust(w) if c == 0 else cell.rjust(w)
                        for c, (cell, w) in enumerate(zip(r, widths, strict=True))))
    speedup = sacre.wall / ours.wall
    memory = ours.tree_kb / max(sacre.max_rss_kb, sacre.tree_kb)
    print(f"\nspeed-up {speedup:.2f}x (bar: >= {SPEED_BAR:g}x); memory {memory:.3f} of sacrebleu's "
          f"peak, process tree vs. sacrebleu's (bar: <= {MEMORY_BAR:g})")
    print(f"bar {'met' if speedup >= SPEED_BAR and memory <= MEMORY_BAR else 'NOT met'}")
    if sacre.scores != ours.scores or len(ours.scores) != len(METRICS):
        print(f"SCORES DIFFER: sacrebleu {sacre.scores} vs checker {ours.scores}")
        return 1
    print(f"scores identical to {WIDTH} decimals: {', '.join(ours.scores)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
