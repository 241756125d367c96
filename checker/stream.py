"""Streaming: line-aligned input checked in chunks, on all cores, written out as it goes.

A team checking training data has millions of sentence pairs; holding them, or their report,
in memory is not an option. Here line-aligned files are read lazily (:func:`iter_lines`), cut
into chunks of :data:`CHUNK` pairs, each chunk is checked by
:func:`checker.pipeline.check_pairs` as one document (so the accuracy rules that compare
segments, such as ``inconsistency`` and the length norm of ``omission``, look within a
chunk), and the chunk reports come back in input order, from a pool of ``jobs`` processes
with a bounded number of chunks in flight, so memory stays flat whatever the input's length.
Segment indices are global (line k of the input is segment k).

:class:`ReportStream` turns the chunk reports into output: JSON Lines and TSV are written
chunk by chunk and flushed; the other formats need the whole report and get one merged
:class:`~checker.model.Report` at the end, identical to a run over the whole file in chunks.
"""

from __future__ import annotations

import codecs
import io
import os
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from checker.detect import DetectorConfig
from checker.errors import InputError
from checker.langs import detect_language
from checker.model import Report
from checker.read import display_name

#: Pairs per chunk: one document for the rules that compare segments.
CHUNK = 1000
#: Files up to this size are read whole (the reader's full encoding detection); larger UTF-8
#: files are decoded incrementally, so memory stays within about this much per file.
WHOLE_FILE_BYTES = 8 * 2**20
#: Bytes read at a time from a large file.
BLOCK = 2**20
#: Chunks in flight per worker process (bounds memory while keeping workers busy).
IN_FLIGHT_PER_JOB = 2


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not Linux
        return max(os.cpu_count() or 1, 1)


def iter_lines(path: str | os.PathLike[str]) -> Iterator[str]:
    """The lines of a line-aligned file, lazily; the same lines ``read_lines`` gives.

    Standard input and files up to :data:`WHOLE_FILE_BYTES` go through the reader whole (BOMs,
    UTF-16, legacy encodings, damaged UTF-8 with its byte offset). Larger files must be UTF-8
    (with or without BOM): they are decoded block by block with universal newlines. A decoding
    error in the first block hands the file to the whole-file reader (a legacy encoding), a
    later one raises the whole-file reader's error, which names the byte offset.
    """
    from checker.pipeline import read_lines

    if str(path) == "-" or _size(path) <= WHOLE_FILE_BYTES:
        yield from read_lines(path)
        return
    file = Path(path)
    with file.open("rb") as raw:
        head = raw.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from read_lines(path)  # UTF-16/32: rare for huge files; read whole
        return
    given = 0
    try:
        with file.open("rb") as raw:
            text = io.TextIOWrapper(
                io.BufferedReader(raw, BLOCK), encoding="utf-8-sig", errors="strict", newline=None
            )
            for line in text:
                given += 1
                yield line[:-1] if line.endswith("\n") else line
    except UnicodeDecodeError:
        if not given:  # a legacy encoding, most likely: the whole-file reader detects it
            yield from read_lines(path)
            return
        read_lines(path)  # raises the reader's one-line error with the byte offset
        msg = f"not valid UTF-8 after line {given} (convert the file to UTF-8)"
        raise InputError(display_name(path), msg) from None


def _size(path: str | os.PathLike[str]) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0  # the whole-file reader reports the problem


def aligned_pairs(
    source_path: str | os.PathLike[str],
    target_path: str | os.PathLike[str],
    reference_path: str | os.PathLike[str] | None = None,
) -> Iterator[tuple[str, str, str | None]]:
    """(source, target, reference) lines of line-aligned files, checking that the counts match.

    A count mismatch is an :class:`InputError` naming the shorter or longer file and both
    counts, raised when the shorter file ends (the lines before it have been yielded).
    """
    files = [iter_lines(source_path), iter_lines(target_path)]
    if reference_path is not None:
        files.append(iter_lines(reference_path))
    names = [source_path, target_path, reference_path]
    count = 0
    while True:
        lines = [next(f, None) for f in files]
        if all(x is None for x in lines):
            return
        if any(x is None for x in lines):
            short = [k for k, x in enumerate(lines) if x is None]
            rest = [sum(1 for _ in f) + 1 for f in files]  # +1: the line just read
            totals = [count + (0 if x is None else r) for x, r in zip(lines, rest, strict=True)]
            k = short[0] if short[0] != 0 else next(i for i in range(len(files)) if i not in short)
            msg = (f"has {totals[k]} lines but {display_name(names[0])} has {totals[0]}; "
                   "line-aligned files must match")
            raise InputError(display_name(names[k]), msg)
        count += 1
        yield lines[0], lines[1], (lines[2] if len(lines) > 2 else None)


@dataclass(frozen=True)
class Job:
    """What every chunk is checked with (sent to the worker processes)."""

    src_lang: str | None
    tgt_lang: str | None
    config: DetectorConfig
    source_name: str = "<source>"
    target_name: str = "<target>"
    with_references: bool = False


def check_chunk(job: Job, base: int, rows: Sequence[tuple[str | None, str, str | None]]) -> Report:
    """Check one chunk as a document; segment ``k`` of it becomes segment ``base + k``."""
    from checker.pipeline import check_pairs

    report = check_pairs(
        [(s, t) for s, t, _ in rows],
        source_name=job.source_name,
        target_name=job.target_name,
        src_lang=job.src_lang,
        tgt_lang=job.tgt_lang,
        config=job.config,
        references=[r or "" for _, _, r in rows] if job.with_references else None,
    )
    segments = tuple(
        replace(seg, index=base + seg.index, findings=tuple(
            replace(f, segment=base + f.segment) for f in seg.findings))
        for seg in report.segments
    )
    return replace(report, segments=segments)


def chunks(
    rows: Iterable[tuple[str | None, str, str | None]], size: int
) -> Iterator[tuple[int, list[tuple[str | None, str, str | None]]]]:
    """(first index, rows) for consecutive chunks of ``size`` rows."""
    it = iter(rows)
    base = 0
    while True:
        block = list(islice(it, size))
        if not block:
            return
        yield base, block
        base += len(block)


def with_languages(job: Job, first: Sequence[tuple[str | None, str, str | None]]) -> Job:
    """Fix undetected languages from the first chunk, so that every chunk uses the same."""
    src_lang, tgt_lang = job.src_lang, job.tgt_lang
    if src_lang is None and any(s for s, _, _ in first):
        src_lang = detect_language("\n".join(s or "" for s, _, _ in first))
    if tgt_lang is None:
        tgt_lang = detect_language("\n".join(t for _, t, _ in first))
    return replace(job, src_lang=src_lang, tgt_lang=tgt_lang)


def check_stream(
    rows: Iterable[tuple[str | None, str, str | None]],
    job: Job,
    *,
    jobs: int = 1,
    chunk: int | None = None,
    scheduler: str | None = None,
) -> Iterator[Report]:
    """Chunk reports in input order; ``jobs`` > 1 checks chunks in that many processes.

    ``scheduler`` sends the chunks to a Dask cluster instead: ``"local"`` starts a
    ``distributed.LocalCluster`` of ``jobs`` worker processes on 127.0.0.1 for the run, and an
    address such as ``tcp://10.0.0.5:8786`` uses a running scheduler (whose workers must have
    ``checker`` installed). The output is the same as with ``jobs=1``.
    """
    blocks = chunks(rows, chunk or CHUNK)
    first = next(blocks, None)
    if first is None:
        return
    job = with_languages(job, first[1])
    if scheduler is not None:
        yield from _dask_stream(job, first, blocks, jobs, scheduler)
        return
    second = next(blocks, None)
    if jobs <= 1 or second is None:  # one chunk: no processes to start
        yield check_chunk(job, *first)
        if second is not None:
            yield check_chunk(job, *second)
        for base, block in blocks:
            yield check_chunk(job, base, block)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: list[Future[Report]] = [
            pool.submit(check_chunk, job, *first),
            pool.submit(check_chunk, job, *second),
        ]
        limit = jobs * IN_FLIGHT_PER_JOB
        for base, block in blocks:
            pending.append(pool.submit(check_chunk, job, base, block))
            while len(pending) >= limit:
                yield pending.pop(0).result()
        while pending:
            yield pending.pop(0).result()


def _dask_stream(
    job: Job,
    first: tuple[int, list[tuple[str | None, str, str | None]]],
    blocks: Iterator[tuple[int, list[tuple[str | None, str, str | None]]]],
    jobs: int,
    scheduler: str,
) -> Iterator[Report]:
    """The chunks on a Dask cluster, a bounded number in flight, results in input order."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        from checker.errors import ConfigError

        msg = "--scheduler needs Dask: pip install 'checker[dask]'"
        raise ConfigError(msg) from None
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        limit = max(jobs, len(client.scheduler_info().get("workers", {})), 1) * IN_FLIGHT_PER_JOB
        pending = [client.submit(check_chunk, job, *first, pure=False)]
        for base, block in blocks:
            pending.append(client.submit(check_chunk, job, base, block, pure=False))
            while len(pending) >= limit:
                yield pending.pop(0).result()
        while pending:
            yield pending.pop(0).result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class ReportStream:
    """Collects chunk reports: writes JSON Lines / TSV as they come, or merges them."""

    def __init__(self, out: TextIO | None, fmt: str) -> None:
        self.out = out
        self.fmt = fmt
        self.by_rule: Counter[str] = Counter()
        self.by_severity: dict[str, int] = {}
        self.segments = 0
        self.flagged = 0
        self.penalty = 0.0
        self.words = 0.0
        self.head: Report | None = None
        self.kept: list[Any] = []
        self.streaming = out is not None and fmt in ("jsonl", "tsv")

    def add(self, report: Report) -> None:
        import json

        from checker.report.lines import TSV_COLUMNS, render_tsv

        if self.head is None:
            self.head = report
            if self.streaming and self.fmt == "tsv":
                self.out.write("\t".join(TSV_COLUMNS) + "\n")  # type: ignore[union-attr]
        self.segments += len(report.segments)
        for seg in report.segments:
            self.flagged += bool(seg.findings)
            for f in seg.findings:
                self.by_rule[f.rule] += 1
                self.by_severity[f.severity] = self.by_severity.get(f.severity, 0) + 1
            detail = seg.quality_detail or {}
            self.penalty += float(detail.get("penalty", 0.0))
            self.words += float(detail.get("words", 0.0))
        if not self.streaming:
            self.kept.extend(report.segments)
            return
        if self.fmt == "jsonl":
            text = "".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n"
                           for s in report.segments)
        else:
            text = render_tsv(report).split("\n", 1)[1]
        self.out.write(text)  # type: ignore[union-attr]
        self.out.flush()  # type: ignore[union-attr]

    def quality(self) -> float | None:
        from checker.score.quality import quality_from_penalty

        return quality_from_penalty(self.penalty, max(self.words, 1.0)) if self.segments else None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "segments": self.segments,
            "flagged_segments": self.flagged,
            "findings": sum(self.by_rule.values()),
            "by_rule": dict(sorted(self.by_rule.items())),
            "by_severity": self.by_severity,
        }
        quality = self.quality()
        if quality is not None:
            out["quality"] = round(quality, 2)
        return out

    def finish(self) -> Report | None:
        """Write the JSON Lines summary line; return the merged report (other formats)."""
        import json

        from checker import __version__

        head = self.head
        if self.streaming:
            if self.fmt == "jsonl":
                tail = {
                    "summary": self.summary(),
                    "version": __version__,
                    "source_lang": head.source_lang if head else None,
                    "target_lang": head.target_lang if head else None,
                }
                self.out.write(json.dumps(tail, ensure_ascii=False) + "\n")  # type: ignore[union-attr]
                self.out.flush()  # type: ignore[union-attr]
            return None
        if head is None:
            return None
        return replace(head, segments=tuple(self.kept), quality=self.quality())
