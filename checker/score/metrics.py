"""Reference-based metrics: thin wrappers over sacrebleu's BLEU, chrF, chrF++ and TER.

Nothing here re-implements a metric. The wrappers only choose sacrebleu's settings (the BLEU
tokenizer from the target language, ``effective_order`` for sentence-level BLEU), stream
corpus statistics in chunks, and turn sacrebleu's ``Score`` objects into plain records that
carry each metric's reproducibility signature.

Streaming works because every corpus score sacrebleu computes is a function of the sum of
per-segment sufficient statistics: ``Metric._extract_corpus_statistics`` gives the per-segment
statistics of a chunk and ``Metric._compute_score_from_stats`` turns summed statistics into the
corpus score (``corpus_score`` is exactly ``_aggregate_and_compute`` of all segment statistics,
which is ``_compute_score_from_stats(sum_of_lists(stats))``). Integer columns (all of BLEU and
chrF, TER's edit counts) are summed per chunk; float columns (TER's average reference length)
are sent back segment by segment and added in input order, the order ``sum_of_lists`` uses, so
the result is the same float as ``corpus_score`` on the whole input.
"""

from __future__ import annotations

import functools
import gc
import logging
import signal
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sacrebleu is imported where a metric is built: a run without references
    from sacrebleu.metrics.base import Metric  # starts without it (and numpy)


logger = logging.getLogger(__name__)

#: Metric keys in the order they are computed and shown.
METRIC_KEYS = ("bleu", "chrf", "chrf++", "ter")
DEFAULT_METRICS = METRIC_KEYS
#: Segments per chunk in :func:`corpus_scores`: big enough that pickling and process
#: hand-over cost little next to the statistics, small enough that memory stays flat.
DEFAULT_CHUNK_SIZE = 2000
#: Chunks in flight per worker process (bounds memory when the reader outpaces the workers).
CHUNKS_IN_FLIGHT_PER_JOB = 2
#: Cyclic-GC thresholds in worker processes. sacrebleu allocates millions of short-lived
#: Counters and tuples, none of them in reference cycles, so the default thresholds (700)
#: run the collector thousands of times for nothing (about 6% of a worker's time).
WORKER_GC_THRESHOLDS = (50_000, 20, 20)
#: BLEU tokenizer per target language, where sacrebleu's default ``13a`` is the wrong choice.
#: Each entry lists the preferred tokenizer first and the fallback used when it cannot be
#: built (``ja-mecab``/``ko-mecab`` need the optional MeCab packages, ``sacrebleu[ja]``/``[ko]``).
BLEU_TOKENIZERS: dict[str, tuple[str, ...]] = {
    "zh": ("zh",),
    "ja": ("ja-mecab", "char"),
    "ko": ("ko-mecab", "13a"),
}
DEFAULT_BLEU_TOKENIZER = "13a"
#: sacrebleu warns about tokenized input when this many hypotheses end in " .".
TOKENIZED_WARNING_LINES = 100


@dataclass(frozen=True)
class MetricSpec:
    """One entry of :data:`METRICS`: how to build the sacrebleu metric and how to read it.

    ``name`` is sacrebleu's own name for the score (``chrF2++``); ``higher_is_better`` is False
    for TER, an error rate.
    """

    key: str
    name: str
    higher_is_better: bool
    build: Callable[[str, bool], Metric]


def _build_bleu(tokenize: str, sentence_level: bool) -> Metric:
    from sacrebleu.metrics import BLEU

    # No trg_lang: the tokenizer is chosen here, and passing the language along with an
    # explicit fallback tokenizer only makes sacrebleu log a warning.
    return BLEU(tokenize=tokenize, effective_order=sentence_level)


def _build_chrf(word_order: int) -> Callable[[str, bool], Metric]:
    def build(_tokenize: str, _sentence_level: bool) -> Metric:
        from sacrebleu.metrics import CHRF

        return CHRF(word_order=word_order)

    return build


def _build_ter(_tokenize: str, _sentence_level: bool) -> Metric:
    from sacrebleu.metrics import TER

    return TER()


METRICS: dict[str, MetricSpec] = {
    "bleu": MetricSpec("bleu", "BLEU", True, _build_bleu),
    "chrf": MetricSpec("chrf", "chrF2", True, _build_chrf(0)),
    "chrf++": MetricSpec("chrf++", "chrF2++", True, _build_chrf(2)),
    "ter": MetricSpec("ter", "TER", False, _build_ter),
}


class LengthMismatchError(ValueError):
    """Hypotheses and references do not have the same number of segments.

    ``hypotheses`` and ``references`` hold both counts so that a file-level caller can name
    them in its own message.
    """

    def __init__(self, hypotheses: int, references: int) -> None:
        self.hypotheses = hypotheses
        self.references = references
        super().__init__(
            f"{hypotheses} hypothesis segments but {references} reference segments; "
            "hypotheses and references must be segment-aligned"
        )


@dataclass(frozen=True)
class CorpusScore:
    """A corpus-level score with what is needed to reproduce and audit it.

    ``stats`` are sacrebleu's summed sufficient statistics (BLEU: hypothesis length, reference
    length, matching and total n-grams; chrF: hypothesis, reference and matching counts per
    n-gram order; TER: edits and average reference length), ``segments`` the segment count.
    """

    metric: str
    name: str
    score: float
    signature: str
    stats: tuple[float, ...]
    segments: int


def _lang_base(lang: str | None) -> str:
    """``zh-Hans``, ``zh_CN`` and ``ZH`` all mean ``zh`` for tokenizer choice."""
    return (lang or "").replace("_", "-").split("-")[0].lower()


@functools.cache
def _tokenizer_usable(name: str) -> bool:
    from sacrebleu.metrics import BLEU

    try:
        BLEU(tokenize=name)
    except (ImportError, RuntimeError, AssertionError, OSError):
        return False
    return True


def bleu_tokenizer(tgt_lang: str | None) -> str:
    """The BLEU tokenizer sacrebleu would use for ``tgt_lang``, with a fallback that always works.

    Like sacrebleu: ``zh`` for Chinese, ``ja-mecab`` for Japanese and ``ko-mecab`` for Korean,
    ``13a`` otherwise. The MeCab tokenizers need optional packages; without them Japanese falls
    back to ``char`` (it has no spaces between words) and Korean to ``13a`` (it has). The name
    ends up in the signature, so a fallback is always visible in reports.

    >>> bleu_tokenizer("zh-Hans"), bleu_tokenizer("en"), bleu_tokenizer(None)
    ('zh', '13a', '13a')
    """
    for name in BLEU_TOKENIZERS.get(_lang_base(tgt_lang), ()):
        if _tokenizer_usable(name):
            return name
    return DEFAULT_BLEU_TOKENIZER


def _check_metric_keys(metrics: Sequence[str]) -> tuple[str, ...]:
    if isinstance(metrics, str):
        metrics = (metrics,)
    keys = tuple(metrics)
    unknown = [k for k in keys if k not in METRICS]
    if unknown:
        msg = f"unknown metric(s) {', '.join(unknown)}; choose from {', '.join(METRICS)}"
        raise ValueError(msg)
    if not keys:
        msg = "no metric selected"
        raise ValueError(msg)
    if len(set(keys)) != len(keys):
        msg = f"metric listed twice in {', '.join(keys)}"
        raise ValueError(msg)
    return keys


def make_metric(
    key: str,
    *,
    tgt_lang: str | None,
    sentence_level: bool = False,
    references: Sequence[Sequence[str | None]] | None = None,
) -> Metric:
    """A fresh sacrebleu metric object for ``key`` (one of :data:`METRIC_KEYS`).

    ``sentence_level`` turns on ``effective_order`` for BLEU, as sacrebleu recommends for
    single segments. ``references`` are reference *streams* as sacrebleu takes them (one list
    per reference, each as long as the test set); given, sacrebleu caches their statistics.
    """
    spec = METRICS[_check_metric_keys((key,))[0]]
    metric = spec.build(bleu_tokenizer(tgt_lang), sentence_level)
    if references is not None:
        metric._ref_cache = metric._cache_references(references)
    return metric


def signature(metric: Metric) -> str:
    """The metric's reproducibility signature in sacrebleu's long form."""
    return metric.get_signature().format()


class SentenceScorer:
    """Scores single segments with sacrebleu's ``sentence_score`` (BLEU with effective order).

    The metric objects are built once; :meth:`signatures` describes the last scored segment
    (sacrebleu fills in the number of references only once it has seen them).
    """

    def __init__(
        self, *, tgt_lang: str | None = None, metrics: Sequence[str] = DEFAULT_METRICS
    ) -> None:
        self.metrics = _check_metric_keys(metrics)
        self.tgt_lang = tgt_lang
        self._objects = {
            key: make_metric(key, tgt_lang=tgt_lang, sentence_level=True) for key in self.metrics
        }
        self._scored = False

    def __call__(self, hyp: str, refs: Sequence[str]) -> dict[str, float]:
        """Scores of one hypothesis against its references, keyed by metric."""
        refs = _segment_refs(refs)
        out = {key: m.sentence_score(hyp, list(refs)).score for key, m in self._objects.items()}
        self._scored = True
        return out

    def from_statistics(self, rows: Mapping[str, Sequence[Any]], n_refs: int) -> dict[str, float]:
        """Scores of one segment from its sacrebleu statistics, keyed by metric.

        ``rows[key]`` is the segment's row of :func:`segment_statistics` (extracted with
        :func:`bleu_tokenizer` of this scorer's language) and ``n_refs`` its number of
        references. This is the last step of sacrebleu's ``sentence_score``
        (``_aggregate_and_compute`` of the one row), so the floats are the same; a caller that
        needs the statistics for a corpus score anyway extracts them once instead of twice.
        """
        out = {}
        for key, metric in self._objects.items():
            metric.num_refs = n_refs
            out[key] = metric._aggregate_and_compute([list(rows[key])]).score
        self._scored = True
        return out

    def signatures(self) -> dict[str, str]:
        """Signature per metric (after at least one segment has been scored)."""
        if not self._scored:
            msg = "score a segment first: signatures record the number of references"
            raise ValueError(msg)
        return {key: signature(m) for key, m in self._objects.items()}


@functools.lru_cache(maxsize=16)
def _cached_scorer(tgt_lang: str | None, metrics: tuple[str, ...]) -> SentenceScorer:
    return SentenceScorer(tgt_lang=tgt_lang, metrics=metrics)


def sentence_scores(
    hyp: str,
    refs: Sequence[str],
    *,
    tgt_lang: str | None = None,
    metrics: Sequence[str] = DEFAULT_METRICS,
) -> dict[str, float]:
    """Sentence-level scores of one segment against its references, keyed by metric.

    Equal to sacrebleu's ``sentence_score`` (BLEU with ``effective_order=True``). Scoring many
    segments? Build a :class:`SentenceScorer` once; this function keeps a few cached.
    """
    return _cached_scorer(tgt_lang, _check_metric_keys(metrics))(hyp, refs)


# --------------------------------------------------------------------------- streaming


def _segment_refs(refs: Sequence[str | None]) -> tuple[str | None, ...]:
    """One segment's references, checked (a bare string is a common slip for ``[string]``)."""
    if isinstance(refs, str) or not isinstance(refs, Sequence):
        msg = (
            "each segment's references must be a sequence of strings, "
            f"got {type(refs).__name__}"
        )
        raise TypeError(msg)
    if not refs or all(r is None for r in refs):
        msg = "a segment has no reference"
        raise ValueError(msg)
    for r in refs:
        if r is not None and not isinstance(r, str):
            msg = f"references must be strings, got {type(r).__name__}"
            raise TypeError(msg)
    return tuple(refs)


@functools.cache
def _corpus_metric(key: str, tokenize: str) -> Metric:
    """One metric object per process and setting, reused for every chunk."""
    if key == "bleu":
        from sacrebleu.metrics import BLEU

        # force=True only silences sacrebleu's "tokenized period" warning, which it would give
        # per chunk; corpus_scores counts those lines over the whole input and warns once.
        return BLEU(tokenize=tokenize, force=True)
    return METRICS[key].build(tokenize, False)


#: What a worker sends back per metric: the distinct reference counts in the chunk and, per
#: statistics column, either the integer sum or the float values in input order.
Partial = tuple[frozenset[int], list["int | array[float]"]]


def chunk_statistics(
    keys: tuple[str, ...],
    tokenize: str,
    hyps: list[str],
    refs: list[tuple[str | None, ...]],
) -> tuple[int, dict[str, Partial]]:
    """Sufficient statistics of one chunk per metric, reduced so that the sum stays exact.

    Also returns how many hypotheses end in a tokenized period (``" ."``), which sacrebleu
    warns about. Runs in a worker process (or inline for ``jobs=1``); add the chunks' results,
    in input order, into one :class:`StatisticsSum` per metric.
    """
    rows = segment_statistics(keys, tokenize, hyps, refs)
    return sum(h.endswith(" .") for h in hyps), reduce_statistics(rows, refs)


def segment_statistics(
    keys: tuple[str, ...],
    tokenize: str,
    hyps: list[str],
    refs: list[tuple[str | None, ...]],
) -> dict[str, list[list[Any]]]:
    """Per metric, sacrebleu's statistics row of each segment (``_extract_corpus_statistics``).

    ``refs`` holds each segment's references (``None`` for a missing one). The rows feed
    both :func:`reduce_statistics` (corpus scores) and :meth:`SentenceScorer.from_statistics`
    (sentence scores).
    """
    width = max(len(r) for r in refs)
    streams = [[r[i] if i < len(r) else None for r in refs] for i in range(width)]
    return {
        key: _corpus_metric(key, tokenize)._extract_corpus_statistics(hyps, streams)
        for key in keys
    }


def reduce_statistics(
    rows_by_metric: Mapping[str, list[list[Any]]], refs: list[tuple[str | None, ...]]
) -> dict[str, Partial]:
    """Column sums of segment rows, per metric, kept exact (see :data:`Partial`)."""
    counts = _ref_counts(refs)
    out: dict[str, Partial] = {}
    for key, rows in rows_by_metric.items():
        ref_counts = counts
        columns: list[int | array[float]] = []
        for column in zip(*rows, strict=True):
            if all(type(v) is int for v in column):
                columns.append(sum(column))
            else:
                columns.append(array("d", column))
        out[key] = (ref_counts, columns)
    return out


def _ref_counts(refs: list[tuple[str | None, ...]]) -> frozenset[int]:
    return frozenset(sum(r is not None for r in seg) for seg in refs)


class StatisticsSum:
    """Running column totals of one metric's chunk statistics, added in input order like
    sacrebleu's ``sum_of_lists`` (see :func:`chunk_statistics`)."""

    def __init__(self) -> None:
        self.totals: list[Any] | None = None
        self.ref_counts: set[int] = set()

    def add(self, partial: Partial) -> None:
        ref_counts, columns = partial
        self.ref_counts |= ref_counts
        if self.totals is None:
            self.totals = [0] * len(columns)
        for j, part in enumerate(columns):
            if isinstance(part, int):
                if isinstance(self.totals[j], float):
                    # sacrebleu would add these integers one by one to a float; a chunk sum
                    # could round differently. No sacrebleu metric mixes types in a column.
                    msg = "a statistics column mixes integers and floats"
                    raise RuntimeError(msg)
                self.totals[j] += part
            else:
                total = self.totals[j]
                for value in part:
                    total += value
                self.totals[j] = total


def _chunks(
    hyps: Iterable[str], refs: Iterable[Sequence[str | None]], size: int
) -> Iterator[tuple[list[str], list[tuple[str | None, ...]]]]:
    """Checked, segment-aligned chunks; raises LengthMismatchError when one side runs out."""
    hyp_it, ref_it = iter(hyps), iter(refs)
    done = 0
    while True:
        hyp_chunk = list(islice(hyp_it, size))
        ref_chunk = [_segment_refs(r) for r in islice(ref_it, len(hyp_chunk) or 1)]
        if len(ref_chunk) != len(hyp_chunk):
            n_hyps = done + len(hyp_chunk) + sum(1 for _ in hyp_it)
            n_refs = done + len(ref_chunk) + sum(1 for _ in ref_it)
            raise LengthMismatchError(n_hyps, n_refs)
        if not hyp_chunk:
            return
        for h in hyp_chunk:
            if not isinstance(h, str):
                msg = f"hypotheses must be strings, got {type(h).__name__}"
                raise TypeError(msg)
        done += len(hyp_chunk)
        yield hyp_chunk, ref_chunk


def _worker_init() -> None:
    """Start-up of a worker process: leave Ctrl-C to the main process, and tune the garbage
    collector (ours alone; the caller's is untouched).

    A terminal's Ctrl-C reaches the whole process group. Workers that took it would print their
    own ``KeyboardInterrupt`` tracebacks, and one dying with a chunk in hand can leave the pool
    deadlocked; the main process cancels what is left instead (:func:`_partials`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    gc.set_threshold(*WORKER_GC_THRESHOLDS)


def _partials(
    chunks: Iterator[tuple[list[str], list[tuple[str | None, ...]]]],
    keys: tuple[str, ...],
    tokenize: str,
    jobs: int,
) -> Iterator[tuple[int, tuple[int, dict[str, Partial]]]]:
    """Per-chunk statistics in input order, computed inline or on a bounded process pool.

    When the run ends early (Ctrl-C in the main process, an error, or the consumer stops
    reading), the chunks not yet started are cancelled and the pool is not waited for: the
    workers finish the chunk in hand and exit.
    """
    if jobs <= 1:
        for hyp_chunk, ref_chunk in chunks:
            yield len(hyp_chunk), chunk_statistics(keys, tokenize, hyp_chunk, ref_chunk)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
    pending: deque[tuple[int, Future[tuple[int, dict[str, Partial]]]]] = deque()
    limit = jobs * CHUNKS_IN_FLIGHT_PER_JOB
    finished = False
    try:
        for hyp_chunk, ref_chunk in chunks:
            future = pool.submit(chunk_statistics, keys, tokenize, hyp_chunk, ref_chunk)
            pending.append((len(hyp_chunk), future))
            if len(pending) >= limit:
                n, oldest = pending.popleft()
                yield n, oldest.result()
        while pending:
            n, oldest = pending.popleft()
            yield n, oldest.result()
        finished = True
    finally:
        pool.shutdown(wait=finished, cancel_futures=not finished)


def corpus_scores(
    hyps: Iterable[str],
    refs: Iterable[Sequence[str | None]],
    *,
    tgt_lang: str | None,
    metrics: Sequence[str] = DEFAULT_METRICS,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> dict[str, CorpusScore]:
    """Corpus scores of one system, streamed: equal to sacrebleu's ``corpus_score``, same floats.

    ``refs`` yields one sequence of references per segment (``None`` marks a missing reference,
    as in sacrebleu). Input is read ``chunk_size`` segments at a time and never held whole;
    with ``jobs > 1`` chunks go to a pool of worker processes with at most
    ``jobs * CHUNKS_IN_FLIGHT_PER_JOB`` chunks in flight, so memory stays flat however long
    the input. Raises :class:`LengthMismatchError` when the two sides differ in length and
    ``ValueError`` when there is nothing to score.
    """
    keys = _check_metric_keys(metrics)
    if chunk_size < 1:
        msg = f"chunk_size must be at least 1, got {chunk_size}"
        raise ValueError(msg)
    tokenize = bleu_tokenizer(tgt_lang)
    sums = {key: StatisticsSum() for key in keys}
    segments = tokenized = 0
    for n, (periods, partial) in _partials(_chunks(hyps, refs, chunk_size), keys, tokenize, jobs):
        segments += n
        tokenized += periods
        for key in keys:
            sums[key].add(partial[key])
    if segments == 0:
        msg = "no segments to score"
        raise ValueError(msg)
    if "bleu" in keys:
        warn_if_tokenized(tokenized)
    return scores_from_statistics(sums, tokenize=tokenize, segments=segments)


def warn_if_tokenized(tokenized: int) -> None:
    """Warn, as sacrebleu does for BLEU, when many hypotheses end in a tokenized period."""
    if tokenized >= TOKENIZED_WARNING_LINES:
        logger.warning(
            "%d hypotheses end in a tokenized period (' .'): BLEU expects detokenized text, "
            "and tokenized input may lower the score",
            tokenized,
        )


def scores_from_statistics(
    sums: Mapping[str, StatisticsSum], *, tokenize: str, segments: int
) -> dict[str, CorpusScore]:
    """Per metric, the corpus score sacrebleu computes from the summed statistics, with its
    signature (``tokenize``: the BLEU tokenizer the statistics were extracted with).

    This is the end of sacrebleu's ``corpus_score`` (``_compute_score_from_stats`` of the summed
    per-segment statistics), so the scores are the same floats as sacrebleu's.
    """
    out = {}
    for key, acc in sums.items():
        # A fresh object: the signature reads num_refs from it, and the per-process cached
        # objects must not be touched.
        metric = METRICS[key].build(tokenize, False)
        metric.num_refs = next(iter(acc.ref_counts)) if len(acc.ref_counts) == 1 else -1
        totals = list(acc.totals or ())
        score = metric._compute_score_from_stats(totals)
        out[key] = CorpusScore(
            metric=key,
            name=score.name,
            score=score.score,
            signature=signature(metric),
            stats=tuple(totals),
            segments=segments,
        )
    return out
