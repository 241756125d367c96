"""Time :func:`checker.pipeline.check_pairs` (all rules, no reference) on one core.

Usage: ``python benchmarks/check_speed.py [--n 20000] [--chunk 1000] [--seed 1] [--wmt DIR]
[--stages]``

Checks line-aligned zh→en pairs in chunks of ``--chunk`` pairs per ``check_pairs`` call (one
chunk is one document, as the streaming engine calls it), with the reference-free quality
estimate every report carries, and prints pairs per second (wall clock and CPU) and the peak
resident memory of the process for:

(a) the 1,948 WMT21 zh-en pairs (source against ``hyp.Online-W``), when ``--wmt`` (default
    ``../shared/data/wmt21-zh-en``) holds them;
(b) ``--n`` seeded synthetic pairs from :mod:`benchmarks.synth` (made-up Chinese source,
    MT-like hypothesis with planted garbles), generated before the clock starts.

A warm-up run (a few hand-written pairs with Chinese numerals, dates and a name written two
ways, then 200 synthetic pairs of another seed) loads the lazy data first (CC-CEDICT, its
pinyin readings and English vocabulary, cn2an), so the figures are the steady-state rate of a
long-running worker (with the garbage collector's thresholds the ``checker`` command sets,
:data:`checker.cli.RUN_GC_THRESHOLDS`); no text of the measured sets is seen before the clock
starts. The bar is 10,000 pairs/s on one core (20,000 on two processes).

``--stages`` then checks the synthetic pairs once more with every rule's ``check``,
``check_pairs`` and ``screen_paragraphs``, the quality estimate and the splitting timed apart,
and prints microseconds per pair for each (the timing wrappers add a little; "the rest" is
the pipeline's own work: gathering findings, building segments).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from checker import pipeline  # noqa: E402
from checker.cli import RUN_GC_THRESHOLDS  # noqa: E402
from checker.detect import RULES  # noqa: E402
from checker.pipeline import check_pairs  # noqa: E402
from synth import synthetic_pairs  # noqa: E402

WMT_DIR = REPO_ROOT.parent / "shared" / "data" / "wmt21-zh-en"
WMT_SOURCE = "newstest2021.zh-en.src.zh"
WMT_SYSTEM = "newstest2021.zh-en.hyp.Online-W.en"
WARM_UP = 200
#: Hand-written pairs that make every lazily loaded table load during the warm-up.
WARM_PAIRS = [
    ("习近平主席在北京会见了蓬佩奥。", "President Xi Jinping met Pompeo in Beijing."),
    ("习近平表示，两国将在三个领域加强合作。",
     "Xi Jin-ping said the two countries would strengthen cooperation in three areas."),
    ("2021年3月5日（星期五），约一千二百人参加了会议。",
     "On Friday, March 5, 2021, about 1,200 people attended the meeting."),
    ("郑州地铁5号线下午4时恢复运营，全长四十公里。",
     "Zheng Zhou Metro Line 5 resumed at 4 p.m.; it is forty kilometres long."),
    ("郑州市政府发布通告。", "The Zhengzhou municipal government issued a notice."),
    ("总领馆发表声明。", "The Consulate-General issued a statement."),
    ("总领馆对此表示欢迎。", "The Consulate General welcomed it."),
]
BAR = 10_000

Pairs = Sequence[tuple[str | None, str]]


def _lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def wmt_pairs(directory: Path) -> list[tuple[str | None, str]] | None:
    """The WMT21 zh-en source and Online-W lines as pairs, or None when absent."""
    src, hyp = directory / WMT_SOURCE, directory / WMT_SYSTEM
    if not (src.is_file() and hyp.is_file()):
        return None
    return list(zip(_lines(src), _lines(hyp), strict=True))


def run(pairs: Pairs, chunk: int) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and findings for checking ``pairs`` chunk by chunk."""
    findings = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(pairs), chunk):
        report = check_pairs(pairs[i : i + chunk], src_lang="zh", tgt_lang="en")
        findings += len(report.findings)
    return time.perf_counter() - wall, time.process_time() - cpu, findings


@contextlib.contextmanager
def timed_stages() -> Iterator[Counter[str]]:
    """Time every rule's ``check``/``check_pairs`` (and ``screen_paragraphs``),
    ``segment_qualities`` and ``make_document``
    (seconds per stage, summed into the yielded counter) until the block ends."""
    seconds: Counter[str] = Counter()
    undo: list[tuple[Any, str, Any]] = []

    def wrap(owner: Any, name: str, label: str, as_method: bool) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            out = original(*args, **kwargs)
            if hasattr(out, "__next__"):
                out = iter(list(out))  # a generator does its work when it is read
            seconds[label] += time.perf_counter() - start
            return out

        undo.append((owner, name, owner.__dict__[name] if as_method else original))
        setattr(owner, name, timed)

    for rule_id, cls in RULES.items():
        for name in ("check", "check_pairs", "screen_paragraphs"):
            if name in cls.__dict__:
                wrap(cls, name, rule_id, True)
    wrap(pipeline, "segment_qualities", "segment quality", False)
    wrap(pipeline, "make_document", "make document", False)
    try:
        yield seconds
    finally:
        for owner, name, original in reversed(undo):
            setattr(owner, name, original)


def print_stages(pairs: Pairs, chunk: int, run_all: Callable[[Pairs, int], Any]) -> None:
    """Microseconds per pair of each timed stage, biggest first, and of the rest."""
    with timed_stages() as seconds:
        wall = run_all(pairs, chunk)[0]
    per_pair = 1e6 / len(pairs)
    print(f"stages     {wall * per_pair:7.1f} µs a pair in all")
    for label, spent in seconds.most_common():
        print(f"  {label:<28} {spent * per_pair:7.1f} µs")
    print(f"  {'the rest':<28} {(wall - sum(seconds.values())) * per_pair:7.1f} µs")


def _line(label: str, n: int, wall: float, cpu: float, findings: int) -> str:
    return (
        f"{label:<10} {n:>7,} pairs  {wall:7.2f} s wall  {n / wall:>9,.0f} pairs/s"
        f"  ({n / cpu:,.0f}/s CPU)  {findings:,} findings"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=20_000, help="synthetic pairs (default 20000)")
    parser.add_argument("--chunk", type=int, default=1_000, help="pairs per check_pairs call")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic pairs")
    parser.add_argument("--wmt", type=Path, default=WMT_DIR, help="folder of the WMT21 files")
    parser.add_argument("--stages", action="store_true", help="also time each rule and stage")
    args = parser.parse_args(argv)
    gc.set_threshold(*RUN_GC_THRESHOLDS)  # as the checker command runs

    warm = WARM_PAIRS + [
        (p.source, p.hypothesis) for p in synthetic_pairs(WARM_UP, args.seed + 1_000)
    ]
    t = time.perf_counter()
    run(warm, args.chunk)
    print(f"warm-up    {len(warm):>7,} pairs  {time.perf_counter() - t:7.2f} s (lazy data loads)")

    wmt = wmt_pairs(args.wmt)
    if wmt is None:
        print(f"wmt        skipped: {args.wmt / WMT_SOURCE} not found")
    else:
        print(_line("wmt", len(wmt), *run(wmt, args.chunk)))
    synth = [(p.source, p.hypothesis) for p in synthetic_pairs(args.n, args.seed)]
    print(_line("synthetic", len(synth), *run(synth, args.chunk)))
    if args.stages:
        print_stages(synth, args.chunk, run)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS   {peak_mb:,.0f} MB   (bar: {BAR:,} pairs/s on one core)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
