"""Streaming: line-aligned input checked in chunks, on all cores, written out as it goes.

A team checking training data has millions of sentence pairs; holding them, or their report,
in memory is not an option. Here line-aligned files are read lazily (:func:`iter_lines`), cut
into chunks of :data:`CHUNK` pairs, each chunk is checked by
:func:`checker.pipeline.check_pairs` as one document (so the accuracy rules that compare
segments, such as ``inconsistency`` and the length norm of ``omission``, look within a
chunk), and the chunk reports come back in input order, from a pool of ``jobs`` processes
with a bounded number of chunks in flight, so memory stays flat whatever the input's length.
Segment indices are global (line k of the input is segment k). The worker processes ignore
Ctrl-C; the main process takes it, cancels the chunks not yet started and lets the caller stop.

With a reference file, each chunk's segments get their sentence scores, and each chunk also
brings back the sacrebleu sufficient statistics of its corpus scores (:class:`ChunkReport`);
:class:`CorpusTotals` sums them, so the run's corpus scores are those of the whole file.

:class:`ReportStream` turns the chunk reports into output: JSON Lines and TSV are written
chunk by chunk and flushed; the other formats need the whole report and get one merged
:class:`~checker.model.Report` at the end, identical to a run over the whole file in chunks.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import os
import signal
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, fields, replace
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from checker.detect import DetectorConfig
from checker.errors import InputError
from checker.langs import detect_language
from checker.model import Report
from checker.read import NUL_MESSAGE, display_name, open_binary
from checker.score import metrics
from checker.score.metrics import CorpusScore

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
    (with or without BOM): they are decoded block by block with universal newlines, and each
    block gets the reader's NUL check (:data:`checker.read.NUL_MESSAGE`, with the byte offset
    in the file). A decoding error in the first block hands the file to the whole-file reader
    (a legacy encoding), a later one raises the whole-file reader's error, which names the byte
    offset.
    """
    from checker.pipeline import read_lines

    if str(path) == "-" or _size(path) <= WHOLE_FILE_BYTES:
        yield from read_lines(path)
        return
    name = display_name(path)
    try:
        with open_binary(path) as raw:
            head = raw.read(4)
    except (OSError, EOFError):  # a corrupt .gz file: the whole-file reader names the problem
        head = b""
    if not head or head.startswith(_WIDE_BOMS):
        yield from read_lines(path)  # UTF-16/32: rare for huge files; read whole
        return
    given = 0
    try:
        with open_binary(path) as raw:
            text = io.TextIOWrapper(
                io.BufferedReader(_NulChecked(raw, name), BLOCK),
                encoding="utf-8-sig", errors="strict", newline=None,
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
        raise InputError(name, msg) from None


#: Byte-order marks of the encodings whose text holds NUL bytes (read whole, not streamed).
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)


class _NulChecked(io.RawIOBase):
    """A binary stream that refuses a NUL byte, as the whole-file reader does, block by block.

    The error names the byte offset in the (decompressed) file, the offset
    :func:`checker.read.decode` gives for the same bytes.
    """

    def __init__(self, raw: BinaryIO, name: str) -> None:
        super().__init__()
        self.raw = raw
        self.name = name
        self.offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self.raw.read(len(buffer))
        except (OSError, EOFError) as exc:  # a truncated or corrupt .gz file
            raise InputError(self.name, f"cannot read: {exc}") from None
        nul = data.find(b"\x00")
        if nul >= 0:
            raise InputError(self.name, NUL_MESSAGE, byte_offset=self.offset + nul)
        buffer[: len(data)] = data
        self.offset += len(data)
        return len(data)


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
    Standard input (``-``) can stand for one of the files only.
    """
    if [str(source_path), str(target_path), str(reference_path)].count("-") > 1:
        msg = "standard input can be read for only one of the files"
        raise InputError(display_name("-"), msg)
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
    #: "jsonl" or "tsv": the worker renders its chunk's lines and returns a
    #: :class:`RenderedChunk` (a string and counts) rather than the report's objects.
    render: str | None = None


@dataclass(frozen=True)
class RenderedChunk:
    """A chunk checked and rendered in the worker: its output lines and what the summary needs.

    Sending text back is cheaper than sending a report's records, and the rendering then runs
    on every worker rather than in the one process that writes.
    """

    text: str
    segments: int
    flagged: int
    by_rule: dict[str, int]
    by_severity: dict[str, int]
    penalty: float
    words: float
    source_lang: str | None
    target_lang: str
    statistics: dict[str, Any] | None = None
    tokenized: int = 0


@dataclass(frozen=True)
class ChunkReport(Report):
    """A chunk's report with the sufficient statistics of its corpus scores (with references).

    ``statistics`` holds, per metric of :data:`checker.pipeline.CHECK_METRICS`, the chunk's
    sacrebleu statistics reduced as :mod:`checker.score.metrics` streams them (integer columns
    summed, float columns kept in input order), and ``tokenized`` the chunk's hypotheses that
    end in a tokenized period. :class:`ReportStream` adds them up, so the corpus scores of a
    streamed run are the same floats as those of one :func:`~checker.pipeline.check_pairs` call
    over all the lines. ``scores`` is the chunk's own corpus score, as ``check_pairs`` gives it.
    """

    statistics: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    tokenized: int = 0


def check_chunk(job: Job, base: int, rows: Sequence[tuple[str | None, str, str | None]]) -> Report:
    """Check one chunk as a document; segment ``k`` of it becomes segment ``base + k``.

    With references the chunk is scored too, and comes back as a :class:`ChunkReport`.
    """
    from checker.pipeline import CHECK_METRICS, check_pairs

    with _chunk_warnings_dropped(job.with_references):
        report = check_pairs(
            [(s, t) for s, t, _ in rows],
            source_name=job.source_name,
            target_name=job.target_name,
            src_lang=job.src_lang,
            tgt_lang=job.tgt_lang,
            config=job.config,
            references=[r or "" for _, _, r in rows] if job.with_references else None,
            first_index=base,
            corpus=False,  # the run's corpus scores come from the summed statistics
        )
    segments = report.segments
    statistics, tokenized = None, 0
    if job.with_references:
        # The hypotheses and references with_scores gave sacrebleu, in the same form.
        tokenized, statistics = metrics._chunk_statistics(
            CHECK_METRICS, metrics.bleu_tokenizer(report.target_lang),
            [seg.target for seg in segments], [(seg.reference,) for seg in segments],
        )
    if job.render is not None:
        return _rendered(report, job.render, statistics, tokenized)
    if not job.with_references:
        return report
    fields_of = {f.name: getattr(report, f.name) for f in fields(Report)}
    return ChunkReport(**fields_of, statistics=statistics, tokenized=tokenized)


def _rendered(
    report: Report, fmt: str, statistics: dict[str, Any] | None, tokenized: int
) -> RenderedChunk:
    """The chunk's JSON Lines or TSV lines (TSV without its header) and its counts."""
    from checker.report.lines import jsonl_line, render_tsv

    if fmt == "jsonl":
        text = "".join([jsonl_line(s.to_dict()) + "\n" for s in report.segments])
    else:
        text = render_tsv(report).split("\n", 1)[1]
    by_rule: Counter[str] = Counter()
    by_severity: dict[str, int] = {}
    flagged = 0
    penalty = words = 0.0
    for seg in report.segments:
        flagged += bool(seg.findings)
        for f in seg.findings:
            by_rule[f.rule] += 1
            by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
        detail = seg.quality_detail or {}
        penalty += float(detail.get("penalty", 0.0))
        words += float(detail.get("words", 0.0))
    return RenderedChunk(
        text, len(report.segments), flagged, dict(by_rule), by_severity, penalty, words,
        report.source_lang, report.target_lang, statistics, tokenized,
    )


@contextlib.contextmanager
def _chunk_warnings_dropped(active: bool) -> Iterator[None]:
    """Drop the metrics' warnings (a tokenized period) about one chunk's own corpus score.

    That score is not the run's; :class:`ReportStream` warns once, about the whole run, as a
    run over the whole file would.
    """
    if not active:
        yield
        return

    def drop(_record: logging.LogRecord) -> bool:
        return False

    metrics.logger.addFilter(drop)
    try:
        yield
    finally:
        metrics.logger.removeFilter(drop)


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
    yield from _pool_stream(job, [first, second], blocks, jobs)


def _ignore_interrupts() -> None:
    """Worker start-up: leave Ctrl-C to the main process.

    A terminal's Ctrl-C reaches the whole process group. Workers that took it would print
    their own ``KeyboardInterrupt`` tracebacks, and one dying with a task in hand can leave the
    pool deadlocked; the main process cancels what is left instead (:func:`_pool_stream`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool_stream(
    job: Job,
    started: list[tuple[int, list[tuple[str | None, str, str | None]]]],
    blocks: Iterator[tuple[int, list[tuple[str | None, str, str | None]]]],
    jobs: int,
) -> Iterator[Report]:
    """The chunks on ``jobs`` worker processes, a bounded number in flight, in input order.

    When the run ends early (Ctrl-C in the main process, an error, or the consumer stops
    reading), the chunks not yet started are cancelled and the pool is not waited for: the
    workers finish the chunk in hand and exit.
    """
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_ignore_interrupts)
    finished = False
    try:
        pending: deque[Future[Report]] = deque(
            pool.submit(check_chunk, job, base, block) for base, block in started
        )
        limit = jobs * IN_FLIGHT_PER_JOB
        for base, block in blocks:
            pending.append(pool.submit(check_chunk, job, base, block))
            while len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    finally:
        pool.shutdown(wait=finished, cancel_futures=not finished)


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
        self.corpus = CorpusTotals()
        #: (source, target) language of rendered chunks (which carry no report head).
        self.languages: tuple[str | None, str] | None = None

    def add(self, report: Report | RenderedChunk) -> None:
        from checker.report.lines import TSV_COLUMNS, jsonl_line, render_tsv

        if isinstance(report, RenderedChunk):
            self._add_rendered(report, TSV_COLUMNS)
            return
        first = self.head is None
        if first:
            self.head = report
        self.segments += len(report.segments)
        if isinstance(report, ChunkReport) and report.statistics is not None:
            self.corpus.add(report)
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
            text = "".join(jsonl_line(s.to_dict()) + "\n" for s in report.segments)
        else:
            text = render_tsv(report)
            if not first:
                text = text.split("\n", 1)[1]  # the header once, on top
        self._write(text)

    def _add_rendered(self, chunk: RenderedChunk, tsv_columns: Sequence[str]) -> None:
        """A chunk the worker rendered: count it, write its lines (streaming formats only)."""
        first = self.head is None and self.languages is None
        if first:
            self.languages = (chunk.source_lang, chunk.target_lang)
        self.segments += chunk.segments
        self.flagged += chunk.flagged
        self.by_rule.update(chunk.by_rule)
        for severity, n in chunk.by_severity.items():
            self.by_severity[severity] = self.by_severity.get(severity, 0) + n
        self.penalty += chunk.penalty
        self.words += chunk.words
        if chunk.statistics is not None:
            self.corpus.add_statistics(chunk.target_lang, chunk.statistics, chunk.segments,
                                       chunk.tokenized)
        if first and self.fmt == "tsv":
            self._write("\t".join(tsv_columns) + "\n" + chunk.text)
        else:
            self._write(chunk.text)

    def _write(self, text: str) -> None:
        """Write whole lines and flush them, so that what a stopped run leaves is readable."""
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

    def scores(self) -> dict[str, Any] | None:
        """The run's corpus scores and signatures, as :func:`~checker.pipeline.with_scores`
        gives them (``None`` without references)."""
        corpus = self.corpus.scores()
        if corpus is None:
            return None
        return {
            "corpus": {key: round(c.score, 4) for key, c in corpus.items()},
            "signatures": {key: c.signature for key, c in corpus.items()},
        }

    def finish(self) -> Report | None:
        """Write the JSON Lines summary line; return the merged report (other formats)."""
        from checker import __version__
        from checker.report.lines import jsonl_line, summary_record

        head = self.head
        scores = self.scores()
        if self.streaming:
            if self.fmt == "jsonl":
                langs = (head.source_lang, head.target_lang) if head else self.languages
                tail = summary_record({
                    "summary": self.summary(),
                    "version": __version__,
                    "source_lang": langs[0] if langs else None,
                    "target_lang": langs[1] if langs else None,
                    "scores": scores,
                })
                self._write(jsonl_line(tail) + "\n")
            return None
        if head is None:
            return None
        merged = {f.name: getattr(head, f.name) for f in fields(Report)}
        merged.update(segments=tuple(self.kept), quality=self.quality(), scores=scores)
        return Report(**merged)


class CorpusTotals:
    """Corpus scores of a streamed run: the chunks' sufficient statistics, summed in order.

    sacrebleu's ``corpus_score`` is ``_compute_score_from_stats`` of the summed per-segment
    statistics; :func:`checker.score.metrics.corpus_scores` streams exactly that sum, and so
    does this class, over :class:`ChunkReport` statistics computed in the worker processes.
    """

    def __init__(self) -> None:
        self.totals: dict[str, Any] = {}
        self.target_lang: str | None = None
        self.segments = 0
        self.tokenized = 0
        self.warned = False

    def add(self, report: ChunkReport) -> None:
        self.add_statistics(report.target_lang, report.statistics or {}, len(report.segments),
                            report.tokenized)

    def add_statistics(
        self, target_lang: str, statistics: dict[str, Any], segments: int, tokenized: int
    ) -> None:
        """One chunk's statistics, of ``segments`` segments."""
        if not self.totals:
            self.target_lang = target_lang
        for key, partial in statistics.items():
            self.totals.setdefault(key, metrics._Accumulator()).add(partial)
        self.segments += segments
        self.tokenized += tokenized

    def scores(self) -> dict[str, CorpusScore] | None:
        """Per metric, the score sacrebleu gives the summed statistics (``None``: no chunk)."""
        if not self.segments:
            return None
        if "bleu" in self.totals and self.tokenized >= metrics.TOKENIZED_WARNING_LINES \
                and not self.warned:
            self.warned = True
            metrics.logger.warning(
                "%d hypotheses end in a tokenized period (' .'): BLEU expects detokenized "
                "text, and tokenized input may lower the score",
                self.tokenized,
            )
        tokenize = metrics.bleu_tokenizer(self.target_lang)
        out = {}
        for key, acc in self.totals.items():
            # A fresh metric object: the signature reads num_refs from it.
            metric = metrics.METRICS[key].build(tokenize, False)
            metric.num_refs = next(iter(acc.ref_counts)) if len(acc.ref_counts) == 1 else -1
            totals = list(acc.totals or ())
            score = metric._compute_score_from_stats(totals)
            out[key] = CorpusScore(
                metric=key, name=score.name, score=score.score, signature=metrics.signature(metric),
                stats=tuple(totals), segments=self.segments,
            )
        return out
