"""File-level scoring: read line-aligned hypothesis and reference files, score, compare.

Files are read the way the ``sacrebleu`` command reads them, so that our figures match its
figures: UTF-8, one segment per line, lines split on ``\\n`` only (a stray ``\\r`` inside a line
does not start a new segment), trailing whitespace stripped, ``.gz`` files decompressed. One
difference: a UTF-8 byte-order mark at the start of a file is dropped (sacrebleu would glue it to
the first word). Every problem with a file raises :class:`checker.errors.InputError` naming it:
a missing or undecodable file (with the line and byte offset), an empty hypothesis file, and
hypothesis and reference files of different lengths (with both line counts).
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from checker.errors import ConfigError, InputError
from checker.read import display_name, open_binary
from checker.score.compare import (
    check_settings,
    DEFAULT_SEED,
    DEFAULT_TEST,
    MetricResult,
    ScoreResult,
    SystemResult,
    compare_systems,
)
from checker.score.metrics import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_METRICS,
    CorpusScore,
    LengthMismatchError,
    corpus_scores,
)

PathLike = str | os.PathLike[str]

_BOM = b"\xef\xbb\xbf"
_COUNT_BLOCK = 1 << 20


def _lines(stream: BinaryIO, name: str, close: bool) -> Iterator[str]:
    offset = 0
    # Standard input is left open for whoever reads it next; files we opened are closed.
    with stream if close else contextlib.nullcontext(stream):
        try:
            for lineno, raw in enumerate(stream, 1):
                if lineno == 1 and raw.startswith(_BOM):
                    raw = raw[len(_BOM) :]
                    offset += len(_BOM)
                try:
                    yield raw.decode("utf-8").rstrip()
                except UnicodeDecodeError as exc:
                    raise InputError(
                        name,
                        "is not valid UTF-8; fix or re-encode the file (e.g. with iconv)",
                        line=lineno,
                        byte_offset=offset + exc.start,
                    ) from None
                offset += len(raw)
        except (OSError, EOFError) as exc:  # a truncated or corrupt .gz file
            raise InputError(name, f"cannot read: {exc}") from None


def read_lines(path: PathLike, stdin: BinaryIO | None = None) -> Iterator[str]:
    """The segments of a line-aligned file, lazily (``-`` reads standard input).

    The file is opened at once, so a missing file raises :class:`InputError` here rather than
    at the first segment; decoding errors name the line and byte offset.
    """
    return _lines(open_binary(path, stdin), display_name(path), close=str(path) != "-")


def count_lines(path: PathLike) -> int | None:
    """Segments in a file, counted without decoding (``None`` for standard input).

    Counts what :func:`read_lines` yields: one per ``\\n``, plus a last line without one.
    """
    if str(path) == "-":
        return None
    count, last = 0, b"\n"
    with open_binary(path) as stream:
        try:
            while block := stream.read(_COUNT_BLOCK):
                count += block.count(b"\n")
                last = block[-1:]
        except (OSError, EOFError) as exc:
            raise InputError(display_name(path), f"cannot read: {exc}") from None
    return count + (last != b"\n")


def _mismatch(path: PathLike, other: PathLike, n: int, n_other: int) -> InputError:
    return InputError(
        display_name(path),
        f"{n} lines, but {display_name(other)} has {n_other}; hypothesis and reference files "
        "must be line-aligned (one segment per line)",
    )


def check_line_counts(hyp_path: PathLike, ref_paths: Sequence[PathLike]) -> int | None:
    """Fail early, before any scoring, when files are empty or differ in length.

    Returns the common line count (``None`` when a file is standard input and cannot be
    counted in advance; :func:`read_segments` then checks as it reads).
    """
    if not ref_paths:
        msg = "give at least one reference file"
        raise InputError(display_name(hyp_path), msg)
    n_hyp = count_lines(hyp_path)
    if n_hyp == 0:
        raise InputError(display_name(hyp_path), "is empty: nothing to score")
    for ref_path in ref_paths:
        n_ref = count_lines(ref_path)
        if n_hyp is not None and n_ref is not None and n_ref != n_hyp:
            raise _mismatch(hyp_path, ref_path, n_hyp, n_ref)
    return n_hyp


def read_segments(
    hyp_path: PathLike, ref_paths: Sequence[PathLike], stdin: BinaryIO | None = None
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """``(hypothesis, references)`` per line of line-aligned files, lazily.

    Raises :class:`InputError` for an empty hypothesis file and, once one file runs out before
    the others, for files of different lengths (naming the file and both line counts).
    """
    check_line_counts(hyp_path, ref_paths)
    hyp_lines = read_lines(hyp_path, stdin)
    ref_lines = [read_lines(p, stdin) for p in ref_paths]
    return _zip_segments(hyp_path, ref_paths, hyp_lines, ref_lines)


def _zip_segments(
    hyp_path: PathLike,
    ref_paths: Sequence[PathLike],
    hyp_lines: Iterator[str],
    ref_lines: list[Iterator[str]],
) -> Iterator[tuple[str, tuple[str, ...]]]:
    n = 0
    sentinel = None
    while True:
        hyp = next(hyp_lines, sentinel)
        refs = [next(it, sentinel) for it in ref_lines]
        if hyp is None and all(r is None for r in refs):
            break
        for ref_path, it, ref in zip(ref_paths, ref_lines, refs, strict=True):
            if (hyp is None) != (ref is None):
                n_hyp = n + (hyp is not None) + sum(1 for _ in hyp_lines)
                n_ref = n + (ref is not None) + sum(1 for _ in it)
                raise _mismatch(hyp_path, ref_path, n_hyp, n_ref)
        n += 1
        yield hyp, tuple(refs)  # type: ignore[misc]
    if n == 0:
        raise InputError(display_name(hyp_path), "is empty: nothing to score")


def read_references(ref_paths: Sequence[PathLike]) -> list[tuple[str, ...]]:
    """All references, one tuple per segment (the files must have the same length)."""
    readers = [read_lines(p) for p in ref_paths]
    refs: list[tuple[str, ...]] = []
    for row in itertools.zip_longest(*readers):
        if None in row:
            counts = [
                len(refs) + (r is not None) + sum(1 for _ in it)
                for r, it in zip(row, readers, strict=True)
            ]
            short = counts.index(min(counts))
            long = counts.index(max(counts))
            raise _mismatch(ref_paths[short], ref_paths[long], counts[short], counts[long])
        refs.append(row)
    return refs


def _check_paths(hyp_paths: Sequence[PathLike], ref_paths: Sequence[PathLike]) -> None:
    """Standard input can stand for one hypothesis file, never for a reference."""
    if not ref_paths:
        msg = "give at least one reference file"
        raise ConfigError(msg)
    if any(str(p) == "-" for p in ref_paths):
        msg = "references must be files: they are read once per system (- is for a hypothesis)"
        raise ConfigError(msg)
    if sum(str(p) == "-" for p in hyp_paths) > 1:
        msg = "standard input (-) can be given for one hypothesis file only"
        raise ConfigError(msg)


def score_file(
    hyp_path: PathLike,
    ref_paths: Sequence[PathLike],
    *,
    tgt_lang: str | None,
    metrics: Sequence[str] = DEFAULT_METRICS,
    jobs: int = 1,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> dict[str, CorpusScore]:
    """Streamed corpus scores of one hypothesis file (see :func:`corpus_scores`).

    Memory stays flat however large the files: neither side is ever held whole (the two views
    of the one segment stream drift apart by at most a chunk).
    """
    _check_options(metrics, None, 0, 0, [display_name(hyp_path)])
    _check_paths([hyp_path], ref_paths)
    left, right = itertools.tee(read_segments(hyp_path, ref_paths))
    try:
        return corpus_scores(
            (hyp for hyp, _ in left),
            (refs for _, refs in right),
            tgt_lang=tgt_lang,
            metrics=metrics,
            jobs=jobs,
            chunk_size=chunk_size,
        )
    except LengthMismatchError as exc:  # read_segments checks first; kept for safety
        raise InputError(display_name(hyp_path), str(exc)) from None


def _check_options(
    metrics: Sequence[str],
    test: str | None,
    samples: int,
    baseline: int | str,
    labels: Sequence[str],
) -> None:
    """Reject bad settings with :class:`ConfigError` before any file is read."""
    check_settings(metrics, test, samples, None)
    duplicates = sorted({n for n in labels if list(labels).count(n) > 1})
    if duplicates:
        msg = f"two systems are named {duplicates[0]!r}; give each system a distinct name"
        raise ConfigError(msg)
    if isinstance(baseline, int):
        if not -len(labels) <= baseline < len(labels):
            msg = f"baseline index {baseline} is out of range for {len(labels)} systems"
            raise ConfigError(msg)
    elif baseline not in labels:
        msg = f"baseline {baseline!r} is not one of the systems: {', '.join(labels)}"
        raise ConfigError(msg)


def score_files(
    hyp_paths: Sequence[PathLike],
    ref_paths: Sequence[PathLike],
    *,
    tgt_lang: str | None,
    metrics: Sequence[str] = DEFAULT_METRICS,
    test: str | None = DEFAULT_TEST,
    samples: int = 0,
    baseline: int | str = 0,
    names: Sequence[str] | None = None,
    seed: int | None = DEFAULT_SEED,
    jobs: int = 1,
) -> ScoreResult:
    """Score hypothesis files against shared reference files: what ``checker score`` runs.

    ``names`` label the systems (default: the paths as given); ``baseline`` is an index or a
    name. With ``test`` (``"bs"`` or ``"ar"``) the files are read into memory, since the tests
    resample whole test sets; with ``test=None`` each system is streamed through
    :func:`corpus_scores` (``jobs`` processes) and memory stays flat. Raises
    :class:`ConfigError` for bad settings before reading anything, and :class:`InputError`
    for unreadable, empty or misaligned files.
    """
    if not hyp_paths:
        msg = "give at least one hypothesis file"
        raise ConfigError(msg)
    labels = [display_name(p) for p in hyp_paths] if names is None else list(names)
    if len(labels) != len(hyp_paths):
        msg = f"{len(labels)} system names for {len(hyp_paths)} hypothesis files"
        raise ConfigError(msg)
    _check_options(metrics, test, samples, baseline, labels)
    _check_paths(hyp_paths, ref_paths)
    for hyp_path in hyp_paths:
        check_line_counts(hyp_path, ref_paths)
    if test is None:
        return _streamed(hyp_paths, ref_paths, labels, tgt_lang, metrics, baseline, jobs)
    refs = read_references(ref_paths)
    systems = []
    for label, path in zip(labels, hyp_paths, strict=True):
        hyps = list(read_lines(path))
        if not hyps:
            raise InputError(display_name(path), "is empty: nothing to score")
        if len(hyps) != len(refs):  # only standard input escapes check_line_counts
            raise _mismatch(path, ref_paths[0], len(hyps), len(refs))
        systems.append((label, hyps))
    return compare_systems(
        systems,
        refs,
        tgt_lang=tgt_lang,
        metrics=metrics,
        test=test,
        samples=samples,
        baseline=baseline,
        seed=seed,
        jobs=jobs,
    )


def _streamed(
    hyp_paths: Sequence[PathLike],
    ref_paths: Sequence[PathLike],
    labels: list[str],
    tgt_lang: str | None,
    metrics: Sequence[str],
    baseline: int | str,
    jobs: int,
) -> ScoreResult:
    base = baseline if isinstance(baseline, str) else labels[baseline]
    systems = []
    signatures: dict[str, str] = {}
    segments = 0
    for label, path in zip(labels, hyp_paths, strict=True):
        scores = score_file(path, ref_paths, tgt_lang=tgt_lang, metrics=metrics, jobs=jobs)
        signatures = {key: s.signature for key, s in scores.items()}
        segments = next(iter(scores.values())).segments
        results = {key: MetricResult(s.score) for key, s in scores.items()}
        systems.append(SystemResult(label, label == base, results))
    return ScoreResult(
        metrics=tuple(signatures),
        signatures=signatures,
        baseline=base,
        systems=tuple(systems),
        segments=segments,
        test=None,
        samples=0,
        seed=None,
    )
