"""Scoring against references: BLEU, chrF, chrF++ and TER through sacrebleu, and significance.

Every number comes from sacrebleu; this package only chooses its settings, streams large inputs
and turns its results into plain records with the metrics' reproducibility signatures.

- :mod:`checker.score.metrics`: sentence scores (:func:`sentence_scores`,
  :class:`SentenceScorer`) and streamed corpus scores (:func:`corpus_scores`), equal to
  sacrebleu's ``sentence_score``/``corpus_score`` to the last bit.
- :mod:`checker.score.compare`: several systems against a baseline with sacrebleu's paired
  bootstrap resampling or approximate randomisation (:func:`compare_systems`).
- :mod:`checker.score.files`: the same for line-aligned files (:func:`score_files`,
  :func:`score_file`), with :class:`checker.errors.InputError` naming any bad file.

Rendering the results is :mod:`checker.report.scores`' job.
"""

from __future__ import annotations

from checker.score.compare import (
    ALPHA,
    DEFAULT_SEED,
    DEFAULT_TEST,
    TESTS,
    MetricResult,
    ScoreResult,
    SystemResult,
    compare_systems,
)
from checker.score.files import (
    check_line_counts,
    count_lines,
    read_lines,
    read_segments,
    score_file,
    score_files,
)
from checker.score.metrics import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_METRICS,
    METRIC_KEYS,
    METRICS,
    CorpusScore,
    LengthMismatchError,
    MetricSpec,
    SentenceScorer,
    bleu_tokenizer,
    corpus_scores,
    make_metric,
    sentence_scores,
)

__all__ = [
    "ALPHA",
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_METRICS",
    "DEFAULT_SEED",
    "DEFAULT_TEST",
    "METRICS",
    "METRIC_KEYS",
    "TESTS",
    "CorpusScore",
    "LengthMismatchError",
    "MetricResult",
    "MetricSpec",
    "ScoreResult",
    "SentenceScorer",
    "SystemResult",
    "bleu_tokenizer",
    "check_line_counts",
    "compare_systems",
    "corpus_scores",
    "count_lines",
    "make_metric",
    "read_lines",
    "read_segments",
    "score_file",
    "score_files",
    "sentence_scores",
]
