"""Streaming: line-based input checked in chunks, on all cores, written out as it goes.

A team checking training data has millions of sentence pairs; holding them, or their report,
in memory is not an option. Three inputs are streamed: line-aligned files
(``check --aligned``, :func:`aligned_pairs`), TSV and JSON Lines bilingual files (``check
FILE``, :func:`scan_units`) and a translation checked line by line on its own (``flag
--aligned``, source ``None``). They are read lazily (:func:`iter_lines`), cut into chunks of
:data:`CHUNK` rows, each chunk is checked by :func:`checker.pipeline.check_pairs` as one
document (so the accuracy rules that compare segments, such as ``inconsistency`` and the length
norm of ``omission``, look within a chunk, and a chunk numbers its own sentences), and the
chunk reports come back in input order, from a pool of ``jobs`` processes with a bounded number
of chunks in flight, so memory stays flat whatever the input's length. Segment indices are
global (row k of the input is segment k) and a bilingual file's unit ids stay on their
segments. The worker processes ignore Ctrl-C; the main process takes it, cancels the chunks not
yet started and lets the caller stop.

With references, each chunk's segments get their sentence scores, and each chunk also
brings back the sacrebleu sufficient statistics of its corpus scores (:class:`ChunkReport`);
:class:`CorpusTotals` sums them, so the run's corpus scores are those of the whole file.

:class:`ReportStream` turns the chunk reports into output: JSON Lines and TSV are written
chunk by chunk and flushed; the other formats need the whole report and get one merged
:class:`~checker.model.Report` at the end, identical to a run over the whole file in chunks.
An input of one chunk (up to :data:`CHUNK` rows) gives what a run over the whole file gives.
"""

from __future__ import annotations

import codecs
import gc
import io
import math
import os
import signal
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, fields, replace
from itertools import islice, zip_longest
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from checker.detect import DetectorConfig
from checker.errors import InputError
from checker.langs import SAMPLE_CHARS, detect_language
from checker.model import Report, Segment
from checker.read import NUL_MESSAGE, display_name, open_binary
from checker.read.formats import LINE_PARSERS, Unit, parse_lines
from checker.score import metrics
from checker.score.metrics import CorpusScore
from checker.score.quality import count_words

#: Pairs per chunk: one document for the rules that compare segments.
CHUNK = 1000
#: Files up to this size are read whole (the reader's full encoding detection); larger UTF-8
#: files are decoded incrementally, so memory stays within about this much per file.
WHOLE_FILE_BYTES = 8 * 2**20
#: Bytes read at a time from a large file.
BLOCK = 2**20
#: Chunks in flight per worker process (bounds memory while keeping workers busy).
IN_FLIGHT_PER_JOB = 2

#: One segment's input: ``(source, target, reference)``, or ``(source, target, reference, id)``
#: whose id the segment keeps (a :class:`~checker.read.formats.Unit` is such a row). ``source``
#: is ``None`` for a target checked on its own, ``reference`` ``None`` without a reference.
Row = tuple[str | None, str, str | None] | tuple[str | None, str, str | None, str | None]
#: A chunk: the global index of its first row, and its rows.
Block = tuple[int, list[Row]]


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
    no_reference = (None,) if len(files) == 2 else ()
    for count, lines in enumerate(zip_longest(*files)):
        if None in lines:  # a file has ended before the others
            short = [k for k, x in enumerate(lines) if x is None]
            rest = [sum(1 for _ in f) + 1 for f in files]  # +1: the line just read
            totals = [count + (0 if x is None else r) for x, r in zip(lines, rest, strict=True)]
            k = short[0] if short[0] != 0 else next(i for i in range(len(files)) if i not in short)
            msg = (f"has {totals[k]} lines but {display_name(names[0])} has {totals[0]}; "
                   "line-aligned files must match")
            raise InputError(display_name(names[k]), msg)
        yield lines + no_reference  # type: ignore[misc]


#: Bilingual formats with one unit per line, which are streamed (the XML formats are not).
LINE_FORMATS = tuple(LINE_PARSERS)


@dataclass(frozen=True)
class UnitFile:
    """A TSV or JSON Lines bilingual file to stream, with what :func:`scan_units` found in it.

    ``has_source`` and ``has_references`` are the whole-file reader's decisions (any unit with
    a source; any unit with a reference), ``src_lang``/``tgt_lang`` the given or detected
    languages. :meth:`rows` reads the units again, lazily.
    """

    path: str | os.PathLike[str]
    fmt: str
    has_source: bool
    has_references: bool
    src_lang: str | None
    tgt_lang: str
    #: Standard input's lines, which cannot be read twice (a file is read again instead).
    held: list[str] | None = field(default=None, repr=False)

    def rows(self) -> Iterator[Unit]:
        """The units, as rows ``(source, target, reference, id)``, read lazily."""
        lines = self.held if self.held is not None else iter_lines(self.path)
        for _, unit in parse_lines(lines, self.fmt, display_name(self.path)):
            yield unit

    def job(self, config: DetectorConfig) -> Job:
        """The :class:`Job` that checks this file's rows as the whole-file reader would."""
        name = display_name(self.path)
        return Job(self.src_lang, self.tgt_lang, config, name, name,
                   with_references=self.has_references, has_source=self.has_source)


def scan_units(
    path: str | os.PathLike[str],
    fmt: str,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> UnitFile:
    """A first, cheap pass over a TSV or JSON Lines file (``fmt``): what the check needs to know
    about the whole file before its first chunk is checked.

    :func:`~checker.pipeline.check_units_file` decides from all the units whether the file has a
    source side (any unit with a source: JSON Lines may leave it out) and whether references
    are scored (any unit with one), and detects the languages from the start of the joined
    texts. A stream has to decide before it checks its first chunk, and deciding from the first
    chunk alone would let a file whose sources or references start after it lose them (or check
    its chunks differently), so this pass reads units, with the one line parser of
    :mod:`checker.read.formats`, until the answers are settled: a source and a reference seen
    and a few thousand characters of text on both sides for language detection (those that
    :func:`~checker.langs.detect_language` reads). That is usually within the first lines; a file
    without references is read to its end, which costs the decoding and parsing (about 8 µs a
    unit), small next to the checking. Memory stays as :func:`iter_lines` keeps it (a block of
    a large file) plus the language samples; standard input, which cannot be read twice, is
    held whole, as :func:`iter_lines` would hold it anyway. A bad line met here is an
    :class:`InputError` with its line number, before any output; a file without units is one
    too.
    """
    name = display_name(path)
    held = None
    if str(path) == "-":
        from checker.pipeline import read_lines

        held = read_lines(path)
    reader = iter_lines(path) if held is None else None
    samples: dict[bool, list[str]] = {True: [], False: []}  # source side?, texts
    sampled = {True: -1, False: -1}  # characters joined so far (one "\n" between two texts)
    has_source = has_references = found = False
    try:
        for _, unit in parse_lines(held if reader is None else reader, fmt, name):
            found = True
            has_source = has_source or unit.source is not None
            has_references = has_references or unit.reference is not None
            for side, text in ((True, unit.source or ""), (False, unit.target)):
                if sampled[side] < SAMPLE_CHARS:
                    samples[side].append(_flat(text))
                    sampled[side] += len(samples[side][-1]) + 1
            if has_source and has_references and min(sampled.values()) >= SAMPLE_CHARS:
                break
    finally:
        if reader is not None:
            reader.close()  # a file left early: close it now
    if not found:
        raise InputError(name, "contains no translation units")
    if src_lang is None and has_source:
        src_lang = detect_language("\n".join(samples[True]))
    if tgt_lang is None:
        tgt_lang = detect_language("\n".join(samples[False]))
    return UnitFile(path, fmt, has_source, has_references, src_lang, tgt_lang, held)


@dataclass(frozen=True)
class Job:
    """What every chunk is checked with (sent to the worker processes)."""

    src_lang: str | None
    tgt_lang: str | None
    config: DetectorConfig
    source_name: str = "<source>"
    target_name: str = "<target>"
    with_references: bool = False
    #: Whether the input has a source side, decided once for the whole input (a bilingual
    #: file: :func:`scan_units`) so that every chunk is checked alike; ``None``: each chunk
    #: decides as :func:`~checker.pipeline.check_pairs` does (any source not ``None``).
    has_source: bool | None = None
    #: "jsonl" or "tsv": the worker renders its chunk's lines and returns a
    #: :class:`RenderedChunk` (a string and counts) rather than the report's objects.
    render: str | None = None


@dataclass(frozen=True)
class RenderedChunk:
    """A chunk checked and rendered in the worker: its output lines and what the summary needs.

    Sending text back is cheaper than sending a report's records, and the rendering then runs
    on every worker rather than in the one process that writes.
    """

    #: The lines: JSON Lines as UTF-8 bytes (they are written as they are), TSV as text.
    text: str | bytes
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


def check_chunk(job: Job, base: int, rows: Sequence[Row]) -> Report:
    """Check one chunk as a document; segment ``k`` of it becomes segment ``base + k``.

    A row's id (its fourth item, see :data:`Row`) becomes its segment's ``id``. With references
    the chunk is scored too, and comes back as a :class:`ChunkReport`.
    """
    from checker.pipeline import CHECK_METRICS, check_pairs, one_line, score_segments

    report = check_pairs(
        [(row[0], row[1]) for row in rows],
        source_name=job.source_name,
        target_name=job.target_name,
        src_lang=job.src_lang,
        tgt_lang=job.tgt_lang,
        config=job.config,
        first_index=base,
        has_source=job.has_source,
    )
    ids = [row[3] if len(row) > 3 else None for row in rows]
    if any(i is not None for i in ids):
        report = replace(report, segments=tuple(
            replace(seg, id=i) for seg, i in zip(report.segments, ids, strict=True)
        ))
    statistics, tokenized = None, 0
    if job.with_references:
        # Scored as check_pairs scores with references; the run's corpus scores come from the
        # chunks' summed statistics.
        scorer = metrics.SentenceScorer(tgt_lang=report.target_lang, metrics=CHECK_METRICS)
        segments, statistics, tokenized = score_segments(
            report.segments, [one_line(row[2] or "") for row in rows], scorer
        )
        report = replace(report, segments=tuple(segments))
    if job.render is not None:
        return _rendered(report, job.render, statistics, tokenized)
    if not job.with_references:
        return report
    fields_of = {f.name: getattr(report, f.name) for f in fields(Report)}
    return ChunkReport(**fields_of, statistics=statistics, tokenized=tokenized)


def _rendered(
    report: Report, fmt: str | None, statistics: dict[str, Any] | None, tokenized: int
) -> RenderedChunk:
    """The chunk's JSON Lines or TSV lines (TSV without its header; no text when ``fmt`` is
    None) and its counts."""
    from checker.report.lines import jsonl_bytes, render_tsv

    text: str | bytes
    if fmt == "jsonl":
        text = jsonl_bytes([s.to_dict() for s in report.segments])
    elif fmt == "tsv":
        text = render_tsv(report).split("\n", 1)[1]
    else:
        text = ""
    by_rule: Counter[str] = Counter()
    by_severity: dict[str, int] = {}
    flagged = 0
    for seg in report.segments:
        flagged += bool(seg.findings)
        for f in seg.findings:
            by_rule[f.rule] += 1
            by_severity[f.severity] = by_severity.get(f.severity, 0) + 1
    penalty, words = pooled_estimate(report)
    return RenderedChunk(
        text, len(report.segments), flagged, dict(by_rule), by_severity, penalty, words,
        report.source_lang, report.target_lang, statistics, tokenized,
    )


def pooled_estimate(report: Report) -> tuple[float, float]:
    """A chunk's pooled quality penalty and word count, which :class:`ReportStream` adds up.

    A report's quality is ``100 * exp(-penalty / words)`` over all its segments
    (:func:`checker.score.quality.document_quality`). The segments' details are rounded for
    display, and their sums can move a run's quality by a hundredth or more; so the words are
    counted again (:func:`segment_words`) and the penalty is taken back from the chunk's exact
    quality. A run of one chunk gets that chunk's quality, a longer one the quality of all its
    segments pooled, as a run over the whole input in chunks would.
    """
    if report.pooled is not None:  # the exact sums, as the pipeline pooled them
        return report.pooled
    words = 0.0
    for seg in report.segments:
        words += segment_words(seg)
    if report.quality is not None and report.quality > 0.0:
        return math.log(100.0 / report.quality) * max(words, 1.0), words
    # A quality of 0 (a penalty hundreds of times the words) cannot be inverted: the details.
    penalty = sum(float((seg.quality_detail or {}).get("penalty", 0.0)) for seg in report.segments)
    return penalty, words


def segment_words(segment: Segment) -> float:
    """The words a segment's quality estimate is divided by, as
    :func:`checker.score.quality.segment_quality` counts them: the source's words, or the
    target's when there is no source text, and at least one (its details show them rounded)."""
    source = segment.source or ""
    words = count_words(source) if source.strip() else count_words(segment.target)
    return max(words, 1.0)


def chunks(rows: Iterable[Row], size: int) -> Iterator[Block]:
    """(first index, rows) for consecutive chunks of ``size`` rows."""
    it = iter(rows)
    base = 0
    while True:
        block = list(islice(it, size))
        if not block:
            return
        yield base, block
        base += len(block)


def with_languages(job: Job, first: Sequence[Row]) -> Job:
    """Fix undetected languages from the first chunk, so that every chunk uses the same.

    The text is joined as :func:`~checker.pipeline.check_pairs` joins it, and
    :func:`~checker.langs.detect_language` reads its first few thousand characters: an input
    whose first chunk is that long gets the languages a run over the whole input gives.
    """
    src_lang, tgt_lang = job.src_lang, job.tgt_lang
    if src_lang is None and any(row[0] for row in first):
        src_lang = detect_language("\n".join(_flat(row[0] or "") for row in first))
    if tgt_lang is None:
        tgt_lang = detect_language("\n".join(_flat(row[1]) for row in first))
    return replace(job, src_lang=src_lang, tgt_lang=tgt_lang)


def _flat(text: str) -> str:
    """A text on one line, line breaks read as spaces, as ``check_pairs`` reads every text."""
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def check_stream(
    rows: Iterable[Row],
    job: Job,
    *,
    jobs: int = 1,
    chunk: int | None = None,
    scheduler: str | None = None,
) -> Iterator[Report]:
    """Chunk reports in input order; ``jobs`` > 1 checks chunks in that many processes.

    ``rows`` are :data:`Row` tuples; languages that ``job`` leaves undetected are detected on
    the first chunk (:func:`with_languages`) and used for every chunk.

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


def _start_worker(gc_thresholds: tuple[int, ...]) -> None:
    """Worker start-up: the main process's garbage-collector thresholds (see
    :data:`checker.cli.RUN_GC_THRESHOLDS`), and Ctrl-C left to the main process.

    A terminal's Ctrl-C reaches the whole process group. Workers that took it would print
    their own ``KeyboardInterrupt`` tracebacks, and one dying with a task in hand can leave the
    pool deadlocked; the main process cancels what is left instead (:func:`_pool_stream`).
    """
    gc.set_threshold(*gc_thresholds)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _pool_stream(
    job: Job,
    started: list[Block],
    blocks: Iterator[Block],
    jobs: int,
) -> Iterator[Report]:
    """The chunks on ``jobs`` worker processes, a bounded number in flight, in input order.

    When the run ends early (Ctrl-C in the main process, an error, or the consumer stops
    reading), the chunks not yet started are cancelled and the pool is not waited for: the
    workers finish the chunk in hand and exit.
    """
    pool = ProcessPoolExecutor(
        max_workers=jobs, initializer=_start_worker, initargs=(gc.get_threshold(),)
    )
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
    first: Block,
    blocks: Iterator[Block],
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
        #: (source, target) language of the first chunk (rendered chunks carry no report).
        self.languages: tuple[str | None, str] | None = None

    def add(self, report: Report | RenderedChunk) -> None:
        """Count a chunk and, in a streaming format, write its lines (rendering them here when
        the worker sent the report itself)."""
        from checker.report.lines import TSV_COLUMNS

        if isinstance(report, RenderedChunk):
            chunk = report
        else:
            if self.head is None:
                self.head = report
            if not self.streaming:
                self.kept.extend(report.segments)
            chunk = _rendered(
                report, self.fmt if self.streaming else None,
                report.statistics if isinstance(report, ChunkReport) else None,
                report.tokenized if isinstance(report, ChunkReport) else 0,
            )
        first = self.languages is None
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
        if not self.streaming:
            return
        if first and self.fmt == "tsv":
            self._write("\t".join(TSV_COLUMNS) + "\n" + chunk.text)
        else:
            self._write(chunk.text)

    def _write(self, text: str | bytes) -> None:
        """Write whole lines and flush them, so that what a stopped run leaves is readable.

        UTF-8 bytes go straight to the binary buffer of a UTF-8 text stream (no decoding and
        encoding again); other streams get them as text.
        """
        out = self.out
        if isinstance(text, bytes):
            buffer = getattr(out, "buffer", None)
            encoding = (getattr(out, "encoding", None) or "").lower().replace("_", "-")
            if buffer is None or encoding not in ("utf-8", "utf8") or os.linesep != "\n":
                text = text.decode("utf-8")
            else:
                out.flush()  # type: ignore[union-attr]
                buffer.write(text)
                buffer.flush()
                return
        out.write(text)  # type: ignore[union-attr]
        out.flush()  # type: ignore[union-attr]

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
    does this class, over :class:`ChunkReport` statistics computed in the worker processes;
    both turn the sums into scores with :func:`checker.score.metrics.scores_from_statistics`.
    """

    def __init__(self) -> None:
        self.totals: dict[str, metrics.StatisticsSum] = {}
        self.target_lang: str | None = None
        self.segments = 0
        self.tokenized = 0
        self.warned = False

    def add_statistics(
        self, target_lang: str, statistics: dict[str, Any], segments: int, tokenized: int
    ) -> None:
        """One chunk's statistics, of ``segments`` segments."""
        if not self.totals:
            self.target_lang = target_lang
        for key, partial in statistics.items():
            self.totals.setdefault(key, metrics.StatisticsSum()).add(partial)
        self.segments += segments
        self.tokenized += tokenized

    def scores(self) -> dict[str, CorpusScore] | None:
        """Per metric, the score sacrebleu gives the summed statistics (``None``: no chunk)."""
        if not self.segments:
            return None
        if "bleu" in self.totals and not self.warned:
            self.warned = True  # once per run, however often the scores are asked for
            metrics.warn_if_tokenized(self.tokenized)
        return metrics.scores_from_statistics(
            self.totals, tokenize=metrics.bleu_tokenizer(self.target_lang),
            segments=self.segments,
        )
