"""System comparison: corpus scores with 95% confidence intervals and paired significance tests.

The tests are sacrebleu's own (:class:`sacrebleu.significance.PairedTest`), run the way its
command line runs them for ``--paired-bs`` and ``--paired-ar``: the metrics cache the reference
statistics, the first system handed to the test is the baseline, and every other system is
compared with it. Paired bootstrap resampling (``bs``, 1,000 resamples by default) gives each
system's bootstrap mean and the half-width of its 95% confidence interval along with the
p-value; approximate randomisation (``ar``, 10,000 trials by default) gives the p-value and,
here, a 1,000-resample bootstrap confidence interval as well (sacrebleu's command line leaves
it out unless asked).

sacrebleu seeds its random generator from ``SACREBLEU_SEED`` (default 12345). We pin the seed
for the duration of the test, so a result never depends on the caller's environment, and
sacrebleu writes it into every signature (``seed:12345``).

Significance says whether a difference from the baseline is unlikely to be chance; it does not
say which system is better. The score does that.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any


from checker.errors import ConfigError
from checker.score.metrics import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_METRICS,
    METRICS,
    LengthMismatchError,
    _check_metric_keys,
    _segment_refs,
    corpus_scores,
    make_metric,
)

#: Significance tests by sacrebleu's short name.
TESTS = {"bs": "paired bootstrap resampling", "ar": "approximate randomisation"}
DEFAULT_TEST = "bs"
#: sacrebleu's defaults: resamples for ``bs``, trials for ``ar``.
DEFAULT_SAMPLES = {"bs": 1000, "ar": 10000}
#: Bootstrap resamples behind the confidence interval when the test itself gives none.
CI_RESAMPLES = 1000
#: sacrebleu's default seed.
DEFAULT_SEED = 12345
#: A difference from the baseline is significant when p < ALPHA (sacrebleu marks it with *).
ALPHA = 0.05


@dataclass(frozen=True)
class MetricResult:
    """One system's figures for one metric.

    ``mean`` and ``ci`` are the bootstrap mean and the half-width of the 95% confidence
    interval around it (sacrebleu's ``μ = mean ± ci``), ``None`` when no test was run.
    ``p_value`` is ``None`` for the baseline and without a test.
    """

    score: float
    mean: float | None = None
    ci: float | None = None
    p_value: float | None = None
    significant: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "mean": self.mean,
            "ci": self.ci,
            "p_value": self.p_value,
            "significant": self.significant,
        }


@dataclass(frozen=True)
class SystemResult:
    """One system: its name, whether it is the baseline, and a result per metric key."""

    name: str
    baseline: bool
    scores: dict[str, MetricResult]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "baseline": self.baseline,
            "scores": {key: r.to_dict() for key, r in self.scores.items()},
        }


@dataclass(frozen=True)
class ScoreResult:
    """Scores of one or more systems against the same references: what the renderers draw from.

    ``systems`` keep the order they were given in; ``test`` is ``"bs"``, ``"ar"`` or ``None``
    (scores only); ``samples`` is the number of resamples or trials (0 without a test).
    """

    metrics: tuple[str, ...]
    signatures: dict[str, str]
    baseline: str
    systems: tuple[SystemResult, ...]
    segments: int
    test: str | None = None
    samples: int = 0
    seed: int | None = DEFAULT_SEED
    alpha: float = ALPHA

    def to_dict(self) -> dict[str, Any]:
        """The one JSON schema of score results (see :mod:`checker.report.scores`)."""
        return {
            "metrics": list(self.metrics),
            "metric_info": {
                key: {
                    "name": METRICS[key].name,
                    "higher_is_better": METRICS[key].higher_is_better,
                }
                for key in self.metrics
            },
            "signatures": dict(self.signatures),
            "baseline": self.baseline,
            "segments": self.segments,
            "test": None
            if self.test is None
            else {
                "method": self.test,
                "description": TESTS[self.test],
                "samples": self.samples,
                "seed": self.seed,
                "alpha": self.alpha,
            },
            "systems": [s.to_dict() for s in self.systems],
        }


@contextlib.contextmanager
def _sacrebleu_seed(seed: int | None) -> Iterator[None]:
    """Pin ``SACREBLEU_SEED`` (sacrebleu reads it from the environment) and restore it after."""
    saved = os.environ.get("SACREBLEU_SEED")
    os.environ["SACREBLEU_SEED"] = "None" if seed is None else str(seed)
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SACREBLEU_SEED"]
        else:
            os.environ["SACREBLEU_SEED"] = saved


def _baseline_index(names: Sequence[str], baseline: int | str) -> int:
    if isinstance(baseline, int):
        if not -len(names) <= baseline < len(names):
            msg = f"baseline index {baseline} out of range for {len(names)} systems"
            raise ValueError(msg)
        return baseline % len(names)
    if baseline not in names:
        msg = f"baseline {baseline!r} is not one of the systems: {', '.join(names)}"
        raise ValueError(msg)
    return list(names).index(baseline)


def _check_systems(
    systems: Sequence[tuple[str, Sequence[str]]], refs: Sequence[Sequence[str | None]]
) -> list[tuple[str, list[str]]]:
    if not systems:
        msg = "no system to score"
        raise ValueError(msg)
    names = [name for name, _ in systems]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        msg = f"system names must be unique: {', '.join(duplicates)}"
        raise ValueError(msg)
    checked = []
    for name, hyps in systems:
        hyps = list(hyps)
        if len(hyps) != len(refs):
            raise LengthMismatchError(len(hyps), len(refs))
        checked.append((name, hyps))
    if not refs:
        msg = "no segments to score"
        raise ValueError(msg)
    return checked


def check_settings(
    metrics: Sequence[str], test: str | None, samples: int, seed: int | None
) -> tuple[str, ...]:
    """The metric keys, or :class:`ConfigError` (a ``ValueError``) for a bad setting."""
    try:
        keys = _check_metric_keys(metrics)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if test is not None and test not in TESTS:
        msg = f"unknown significance test {test!r}; choose from {', '.join(TESTS)} or None"
        raise ConfigError(msg)
    if samples < 0:
        msg = f"the number of resamples must be positive (0: sacrebleu's default), got {samples}"
        raise ConfigError(msg)
    if seed == 0:  # PairedTest reads a seed of 0 as "no seed" and would not be reproducible
        msg = "seed 0 means 'unseeded' to sacrebleu; choose another seed, or None for unseeded"
        raise ConfigError(msg)
    return keys


def compare_systems(
    systems: Sequence[tuple[str, Sequence[str]]],
    refs: Sequence[Sequence[str | None]],
    *,
    tgt_lang: str | None,
    metrics: Sequence[str] = DEFAULT_METRICS,
    test: str | None = DEFAULT_TEST,
    samples: int = 0,
    baseline: int | str = 0,
    seed: int | None = DEFAULT_SEED,
    jobs: int = 1,
) -> ScoreResult:
    """Score named systems against shared references and test each against the baseline.

    ``systems`` are ``(name, hypotheses)`` pairs; ``refs`` holds one sequence of references per
    segment. ``baseline`` is an index into ``systems`` or a name (default: the first system).
    ``test`` is ``"bs"`` (paired bootstrap resampling), ``"ar"`` (approximate randomisation)
    or ``None`` for scores only; ``samples`` overrides sacrebleu's number of resamples/trials.
    With a single system there is nothing to compare: it gets a bootstrap confidence interval.
    ``jobs`` is handed to sacrebleu (one worker per compared system at most). ``seed`` pins
    sacrebleu's random generator (``None``: unseeded, results vary from run to run).

    Every figure comes from sacrebleu, so a score equals ``corpus_score`` and a p-value equals
    what ``sacrebleu --paired-bs``/``--paired-ar`` prints for the same systems and baseline.
    """
    keys = check_settings(metrics, test, samples, seed)
    refs = [_segment_refs(r) for r in refs]
    checked = _check_systems(systems, refs)
    names = [name for name, _ in checked]
    base = _baseline_index(names, baseline)
    if test is None:
        return _scores_only(checked, refs, keys, names[base], tgt_lang, jobs)
    samples = samples or DEFAULT_SAMPLES[test]
    streams = [list(s) for s in zip_longest(*refs)]
    objects = {key: make_metric(key, tgt_lang=tgt_lang, references=streams) for key in keys}
    with _sacrebleu_seed(seed):
        if len(checked) == 1:
            per_system, signatures = _single_system(checked[0], objects, test, samples, seed)
        else:
            per_system, signatures = _paired_test(checked, base, objects, test, samples, jobs)
    return ScoreResult(
        metrics=keys,
        signatures=signatures,
        baseline=names[base],
        systems=tuple(
            SystemResult(name, i == base, per_system[name]) for i, name in enumerate(names)
        ),
        segments=len(refs),
        test=test,
        samples=samples,
        seed=seed,
    )


def _scores_only(
    checked: list[tuple[str, list[str]]],
    refs: list[tuple[str | None, ...]],
    keys: tuple[str, ...],
    baseline: str,
    tgt_lang: str | None,
    jobs: int,
) -> ScoreResult:
    results = []
    signatures: dict[str, str] = {}
    for name, hyps in checked:
        scores = corpus_scores(
            hyps, refs, tgt_lang=tgt_lang, metrics=keys, jobs=jobs, chunk_size=DEFAULT_CHUNK_SIZE
        )
        signatures = {key: s.signature for key, s in scores.items()}
        results.append(
            SystemResult(
                name, name == baseline, {key: MetricResult(s.score) for key, s in scores.items()}
            )
        )
    return ScoreResult(
        metrics=keys,
        signatures=signatures,
        baseline=baseline,
        systems=tuple(results),
        segments=len(refs),
        test=None,
        samples=0,
        seed=None,
    )


def _single_system(
    system: tuple[str, list[str]],
    objects: dict[str, Any],
    test: str,
    samples: int,
    seed: int | None,
) -> tuple[dict[str, dict[str, MetricResult]], dict[str, str]]:
    """A confidence interval the way PairedTest computes the baseline's (no p-value)."""
    import numpy as np
    from sacrebleu.significance import _bootstrap_resample, estimate_ci

    name, hyps = system
    n_boot = samples if test == "bs" else CI_RESAMPLES
    scores: dict[str, MetricResult] = {}
    signatures: dict[str, str] = {}
    for key, metric in objects.items():
        stats = metric._extract_corpus_statistics(hyps, None)
        score = metric._aggregate_and_compute(stats).score
        _, boot = _bootstrap_resample(stats, metric, n_boot)
        mean, ci = estimate_ci(np.array([b.score for b in boot]))
        scores[key] = MetricResult(score, float(mean), float(ci))
        sig = metric.get_signature()
        sig.update("seed", str(seed).lower())
        sig.update("bs", n_boot)
        signatures[key] = sig.format()
    return {name: scores}, signatures


def _paired_test(
    checked: list[tuple[str, list[str]]],
    base: int,
    objects: dict[str, Any],
    test: str,
    samples: int,
    jobs: int,
) -> tuple[dict[str, dict[str, MetricResult]], dict[str, str]]:
    """Run sacrebleu's PairedTest with the baseline first, as its command line does."""
    from sacrebleu.significance import PairedTest

    ordered = [checked[base]] + [s for i, s in enumerate(checked) if i != base]
    paired = PairedTest(
        ordered,
        objects,
        references=None,
        test_type=test,
        n_samples=samples,
        n_ar_confidence=0 if test == "ar" else -1,
        n_jobs=max(1, jobs),
    )
    signatures, table = paired()
    sacrebleu_names = list(signatures)  # one per metric, in the order the metrics were given
    keys = list(objects)
    per_system: dict[str, dict[str, MetricResult]] = {}
    for row, (name, _) in enumerate(ordered):
        scores = {}
        for key, sb_name in zip(keys, sacrebleu_names, strict=True):
            r = table[sb_name][row]
            p = None if row == 0 else float(r.p_value)
            scores[key] = MetricResult(
                score=float(r.score),
                mean=None if r.mean is None else float(r.mean),
                ci=None if r.ci is None else float(r.ci),
                p_value=p,
                significant=p is not None and p < ALPHA,
            )
        per_system[name] = scores
    formatted = {key: signatures[n].format() for key, n in zip(keys, sacrebleu_names, strict=True)}
    return per_system, formatted
