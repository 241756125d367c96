"""The library API: read → split → align → detect → report, for one document pair.

``check_files``/``flag_files`` take paths (``-`` for standard input); ``check_texts`` and
``flag_text`` take decoded text. All of them return a :class:`~checker.model.Report` and raise
:class:`~checker.errors.InputError` or :class:`~checker.errors.ConfigError` on bad input; none
prints or exits.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from typing import BinaryIO

from checker import __version__
from checker.align import align_sentences
from checker.align.reference import align_reference
from checker.align.threeway import align_three_way
from checker.detect import DetectorConfig, Pair, locate, run_pair_rules, run_rules
from checker.errors import InputError
from checker.langs import detect_language
from checker.model import Bead, Document, Finding, Report, Segment, Sentence
from checker.chars import trim
from checker.read import display_name, paragraph_spans, read_text
from checker.read.formats import Unit, pair_wmt, read_units
from checker.score import metrics as _metrics
from checker.score.metrics import SentenceScorer
from checker.score.quality import document_quality, report_quality, segment_qualities
from checker.split import is_whole_sentence, split_paragraph

PathLike = str | os.PathLike[str]

#: The steps a run reports to a progress hook, in order.
STAGES = ("reading", "splitting", "aligning", "detecting", "scoring")
_PROGRESS: ContextVar[Callable[[str], None] | None] = ContextVar("checker_progress", default=None)


@contextmanager
def progress_hook(hook: Callable[[str], None]) -> Iterator[None]:
    """Call ``hook(stage)`` as a run inside this block reaches each of :data:`STAGES`."""
    token = _PROGRESS.set(hook)
    try:
        yield
    finally:
        _PROGRESS.reset(token)


def _stage(name: str) -> None:
    hook = _PROGRESS.get()
    if hook is not None:
        hook(name)


def make_document(
    text: str,
    name: str,
    lang: str | None = None,
    paragraphs: list[tuple[int, int]] | None = None,
) -> Document:
    """Split decoded text into paragraphs and sentences (detecting the language if not given).

    ``paragraphs`` overrides the blank-line paragraphs (line-aligned input: one per line).
    """
    lang = lang or detect_language(text)
    paragraphs = tuple(paragraph_spans(text) if paragraphs is None else paragraphs)
    sentences = []
    for p, (a, b) in enumerate(paragraphs):
        chunk = text[a:b]
        if is_whole_sentence(chunk, lang):  # most lines of line-aligned input
            sentences.append(Sentence(len(sentences), p, a, b, chunk))
            continue
        for s, e in split_paragraph(text, a, b, lang):
            sentences.append(Sentence(len(sentences), p, s, e, text[s:e]))
    return Document(name, text, lang, paragraphs, tuple(sentences))


def presplit_document(text: str, name: str, lang: str | None = None) -> Document:
    """A document whose sentences are its non-blank lines, as given (no re-splitting).

    Blank lines separate paragraphs, as in ordinary input.
    """
    lang = lang or detect_language(text)
    paragraphs = tuple(paragraph_spans(text))
    sentences = []
    for p, (a, b) in enumerate(paragraphs):
        pos = a
        for line in text[a:b].split("\n"):
            span = trim(text, pos, pos + len(line))
            if span is not None:
                sentences.append(Sentence(len(sentences), p, *span, text[span[0] : span[1]]))
            pos += len(line) + 1
    return Document(name, text, lang, paragraphs, tuple(sentences))


def align_files(
    source_path: PathLike,
    target_path: PathLike,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    presplit: bool = False,
    stdin: BinaryIO | None = None,
    aligner: str = "auto",
) -> tuple[Document, Document, list[Bead]]:
    """Split (unless ``presplit``: one sentence per line) and align two documents."""
    _stage("reading")
    _stdin_once(source_path, target_path)
    build = presplit_document if presplit else make_document
    source = build(read_text(source_path, stdin), display_name(source_path), src_lang)
    target = build(read_text(target_path, stdin), display_name(target_path), tgt_lang)
    _stage("aligning")
    return source, target, align_documents(source, target, aligner)


def align_documents(source: Document, target: Document, aligner: str = "auto") -> list[Bead]:
    """Align the sentences of two documents (paragraph by paragraph when the counts agree).

    ``aligner`` is a mode of :func:`checker.align.align_sentences`. ``auto`` uses a bilingual
    dictionary where there is one (CC-CEDICT for Chinese-English, an installed FreeDict
    dictionary otherwise) and gives two Latin-script languages a second, lexical pass
    (cognates and word pairs learned from the first pass): on Text+Berg de-fr strict F1 goes
    from .821 (length) to .839 (lexical) and .880 (FreeDict).
    """
    return align_sentences(
        [s.text for s in source.sentences],
        [s.text for s in target.sentences],
        source_lang=source.lang,
        target_lang=target.lang,
        mode=aligner,
        source_paragraphs=[s.paragraph for s in source.sentences],
        target_paragraphs=[s.paragraph for s in target.sentences],
    )


def build_report(
    source: Document | None,
    target: Document,
    beads: list[Bead],
    config: DetectorConfig,
    first_index: int = 0,
) -> Report:
    """Run the rules on both sides and gather the findings into one segment per bead.

    Segment ``k`` (bead ``k``) gets the index ``first_index + k`` (a chunk of a stream).
    """
    _stage("detecting")
    rules = config.rules()
    findings: dict[int, list[Finding]] = {}
    sides = [("target", target, [b.target for b in beads])]
    if source is not None:
        sides.append(("source", source, [b.source for b in beads]))
    for side, doc, ids_per_bead in sides:
        if not doc.sentences:
            continue
        sentence_segment = [0] * len(doc.sentences)
        spans: dict[int, tuple[int, int]] = {}
        for k, ids in enumerate(ids_per_bead):
            for i in ids:
                sentence_segment[i] = k
            if ids:
                spans[k] = (doc.sentences[ids[0]].start, doc.sentences[ids[-1]].end)
        hits = run_rules(doc, rules)
        for f in locate(hits, doc, side, sentence_segment, spans, first_index):
            findings.setdefault(f.segment - first_index, []).append(f)
    target_texts, target_spans, target_starts = _side(target, [b.target for b in beads])
    source_texts: list[str] | None = None
    if source is not None:
        source_texts, source_spans, source_starts = _side(source, [b.source for b in beads])
        src_lang, tgt_lang = source.lang, target.lang
        pairs = [
            Pair(k, source_texts[k], target_texts[k], src_lang, tgt_lang, source_spans[k],
                 target_spans[k])
            for k in range(len(beads))
        ]
        starts = list(zip(source_starts, target_starts, strict=True))
        for f in run_pair_rules(pairs, rules, starts, first_index):
            findings.setdefault(f.segment - first_index, []).append(f)
    no_findings: tuple[Finding, ...] = ()
    found_per_bead = [
        tuple(sorted(found, key=_finding_order)) if (found := findings.get(k)) else no_findings
        for k in range(len(beads))
    ]
    estimates = segment_qualities(zip(
        found_per_bead, source_texts or [None] * len(beads), target_texts, strict=True
    ))
    segments = [
        Segment(
            index=first_index + k,
            source=None if source_texts is None else source_texts[k],
            target=target_texts[k],
            source_sentences=bead.source,
            target_sentences=bead.target,
            findings=found_per_bead[k],
            quality=estimate.quality,
            quality_detail=estimate.detail(),
        )
        for k, (bead, estimate) in enumerate(zip(beads, estimates, strict=True))
    ]
    pooled = document_quality(estimates)
    return Report(
        version=__version__,
        source_lang=None if source is None else source.lang,
        target_lang=target.lang,
        segments=tuple(segments),
        source_name=None if source is None else source.name,
        target_name=target.name,
        quality=pooled.quality,
        pooled=(pooled.penalty, pooled.words),
    )


def with_quality(report: Report) -> Report:
    """Attach the reference-free quality estimate to every segment and to the document."""
    estimate = report_quality(report)
    segments = tuple(
        replace(seg, quality=sq.quality, quality_detail=sq.detail())
        for seg, sq in zip(report.segments, estimate.segments, strict=True)
    )
    return replace(report, segments=segments, quality=estimate.quality)


def _finding_order(f: Finding) -> tuple[int, int, int, str]:
    return (0 if f.side == "target" else 1, f.start, f.end, f.rule)


def _side(
    doc: Document, ids_per_bead: list[tuple[int, ...]]
) -> tuple[list[str], list[tuple[tuple[int, int], ...]], list[int]]:
    """Each bead's text on one side (the document text from its first to its last sentence),
    its sentences' offsets in that text, and where the text starts in the document (0 for a
    bead with no sentence on this side)."""
    sentences, text = doc.sentences, doc.text
    texts, spans, starts = [], [], []
    for ids in ids_per_bead:
        if len(ids) == 1:  # most beads: the text is the sentence
            sentence = sentences[ids[0]]
            texts.append(sentence.text)
            spans.append(((0, len(sentence.text)),))
            starts.append(sentence.start)
        elif ids:
            base = sentences[ids[0]].start
            texts.append(text[base : sentences[ids[-1]].end])
            spans.append(tuple([(sentences[i].start - base, sentences[i].end - base)
                                for i in ids]))
            starts.append(base)
        else:
            texts.append("")
            spans.append(())
            starts.append(0)
    return texts, spans, starts


def _side_text(doc: Document, ids: tuple[int, ...]) -> str:
    """A bead's text on one side: the document text from its first to its last sentence."""
    if not ids:
        return ""
    return doc.text[doc.sentences[ids[0]].start : doc.sentences[ids[-1]].end]


def check_texts(
    source_text: str,
    target_text: str,
    *,
    source_name: str = "<source>",
    target_name: str = "<target>",
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: DetectorConfig | None = None,
    reference_text: str | None = None,
    reference_name: str = "<reference>",
    aligner: str = "auto",
) -> Report:
    """Split, align and check a source document and its translation.

    With ``reference_text``, the reference is aligned to the translation (same language:
    character trigram overlap, :func:`checker.align.reference.align_reference`), each segment
    gets the reference sentences of its target sentences and sentence-level scores, and the
    report gets corpus scores with sacrebleu's signatures.
    """
    config = config or DetectorConfig()
    _stage("splitting")
    source = make_document(source_text, source_name, src_lang)
    target = make_document(target_text, target_name, tgt_lang)
    if reference_text is None:
        _stage("aligning")
        return build_report(source, target, align_documents(source, target, aligner), config)
    reference = make_document(reference_text, reference_name, target.lang)
    _stage("aligning")
    three = align_three_way(
        [s.text for s in source.sentences],
        [s.text for s in target.sentences],
        [s.text for s in reference.sentences],
        aligner=functools.partial(
            align_sentences, source_lang=source.lang, target_lang=target.lang, mode=aligner
        ),
        source_paragraphs=[s.paragraph for s in source.sentences],
        target_paragraphs=[s.paragraph for s in target.sentences],
        reference_paragraphs=[s.paragraph for s in reference.sentences],
    )
    report = build_report(source, target, three.beads, config)
    segments = tuple(
        replace(seg, alignment_confirmed=ok)
        for seg, ok in zip(report.segments, three.confirmed, strict=True)
    )
    report = replace(report, segments=segments)
    references = _reference_per_segment(report, target, reference, three.reference_beads)
    return with_scores(report, references)


def _reference_per_segment(
    report: Report,
    target: Document,
    reference: Document,
    reference_beads: Sequence[Bead] | None = None,
) -> list[str]:
    """The reference text that belongs to each segment, every reference sentence used once.

    ``reference_beads`` (target sentences, reference sentences) are computed with
    :func:`~checker.align.reference.align_reference` when not given. A reference sentence
    aligned to no target sentence joins the segment of the target sentence before it (or the
    first segment that has one).
    """
    seg_of = {}
    for seg in report.segments:
        for i in seg.target_sentences:
            seg_of[i] = seg.index
    first = next((s.index for s in report.segments if s.target_sentences), 0)
    ids: list[list[int]] = [[] for _ in report.segments]
    current = first
    if reference_beads is None:
        reference_beads = align_reference([s.text for s in target.sentences],
                                          [s.text for s in reference.sentences])
    for bead in reference_beads:
        if bead.source:
            current = seg_of[bead.source[0]]
        ids[current].extend(bead.target)
    return [_side_text(reference, tuple(x)) for x in ids]


#: Metrics ``check --ref`` computes. TER is left out: sacrebleu's TER costs about 40 ms a
#: segment, 50 times BLEU and chrF together (``checker score`` computes it).
CHECK_METRICS = ("bleu", "chrf", "chrf++")


def with_scores(
    report: Report,
    references: Sequence[str],
    metrics: Sequence[str] = CHECK_METRICS,
    *,
    corpus: bool = True,
) -> Report:
    """Attach sentence scores to each segment and corpus scores (with signatures) to the report
    (``corpus=False``: sentence scores only).

    sacrebleu's statistics are extracted once per segment and serve both: each sentence score
    is sacrebleu's ``sentence_score`` computed from the segment's row, the corpus score is its
    ``corpus_score`` computed from the summed rows (same floats as calling them directly).
    """
    _stage("scoring")
    scorer = SentenceScorer(tgt_lang=report.target_lang, metrics=metrics)
    sums = {key: _metrics.StatisticsSum() for key in scorer.metrics}
    segments: list[Segment] = []
    tokenized = 0
    size = _metrics.DEFAULT_CHUNK_SIZE
    for a in range(0, len(report.segments), size):
        part, statistics, periods = score_segments(
            report.segments[a : a + size], references[a : a + size], scorer
        )
        segments.extend(part)
        tokenized += periods
        for key, partial in statistics.items():
            sums[key].add(partial)
    if not corpus:
        return replace(report, segments=tuple(segments))
    if not segments:
        msg = "no segments to score"
        raise ValueError(msg)
    if "bleu" in sums:
        _metrics.warn_if_tokenized(tokenized)
    tokenize = _metrics.bleu_tokenizer(report.target_lang)
    corpus_scores = _metrics.scores_from_statistics(sums, tokenize=tokenize, segments=len(segments))
    scores = {
        "corpus": {key: round(c.score, 4) for key, c in corpus_scores.items()},
        "signatures": {key: c.signature for key, c in corpus_scores.items()},
    }
    return replace(report, segments=tuple(segments), scores=scores)


def score_segments(
    segments: Sequence[Segment], references: Sequence[str], scorer: SentenceScorer
) -> tuple[list[Segment], dict[str, _metrics.Partial], int]:
    """Score a batch of segments against one reference each.

    Returns the segments with their reference and sentence scores, the batch's summed
    statistics per metric (to add into a :class:`~checker.score.metrics.StatisticsSum`) and
    how many hypotheses end in a tokenized period.
    """
    if len(segments) != len(references):
        msg = f"{len(references)} references for {len(segments)} segments"
        raise ValueError(msg)
    if not segments:
        return [], {}, 0
    hyps = [seg.target for seg in segments]
    refs: list[tuple[str | None, ...]] = [(ref,) for ref in references]
    tokenize = _metrics.bleu_tokenizer(scorer.tgt_lang)
    rows = _metrics.segment_statistics(scorer.metrics, tokenize, hyps, refs)
    keys = scorer.metrics
    out = [
        replace(
            seg,
            reference=ref,
            scores=_rounded(scorer.from_statistics({k: rows[k][i] for k in keys}, 1)),
        )
        for i, (seg, ref) in enumerate(zip(segments, references, strict=True))
    ]
    return out, _metrics.reduce_statistics(rows, refs), sum(h.endswith(" .") for h in hyps)


def _rounded(scores: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in scores.items()}


def flag_text(
    target_text: str,
    *,
    target_name: str = "<target>",
    tgt_lang: str | None = None,
    config: DetectorConfig | None = None,
) -> Report:
    """Check a translation on its own: every sentence is a segment.

    Sentences glued together with no space (``this year.The United States``) stay in one
    segment, so the reader sees the glue and the fix covers both sides of it.
    """
    config = config or DetectorConfig()
    _stage("splitting")
    target = make_document(target_text, target_name, tgt_lang)
    groups: list[list[int]] = []
    for s in target.sentences:
        if groups and target.sentences[groups[-1][-1]].end == s.start:
            groups[-1].append(s.id)
        else:
            groups.append([s.id])
    beads = [Bead((), tuple(g)) for g in groups]
    return build_report(None, target, beads, config)


def _line_document(lines: Sequence[str], name: str, lang: str | None) -> Document:
    """A document whose paragraphs are the given lines, empty ones included."""
    spans, pos = [], 0
    for line in lines:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return make_document("\n".join(lines), name, lang, spans)


def check_pairs(
    pairs: Sequence[tuple[str | None, str]],
    *,
    source_name: str = "<source>",
    target_name: str = "<target>",
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: DetectorConfig | None = None,
    references: Sequence[str] | None = None,
    first_index: int = 0,
    corpus: bool = True,
    has_source: bool | None = None,
) -> Report:
    """Check segments that are already aligned: each ``(source, target)`` pair is one segment.

    ``references``, one per pair, adds sentence and corpus scores (see :func:`with_scores`;
    ``corpus=False`` leaves out the corpus scores, for a chunk of a run that sums its
    statistics). Pair ``k`` becomes segment ``first_index + k`` (a chunk of a stream).

    Pairs are never re-aligned; an empty pair stays an empty segment. A ``None`` source on every
    pair checks the targets alone. Line breaks inside a text are read as spaces' worth of
    whitespace by the splitter.

    ``has_source`` says whether the input has a source side: ``None`` decides from these pairs
    (any source not ``None``; a ``None`` source is then read as ""). A chunk of a larger input
    gets the decision taken for the whole input, so that all its chunks are checked alike.
    ``False`` with a source given is a ``ValueError`` (that source would be lost).
    """
    config = config or DetectorConfig()
    _stage("splitting")
    if has_source is None:
        has_source = any(src is not None for src, _ in pairs)
    elif not has_source and any(src is not None for src, _ in pairs):
        msg = "has_source=False, but a pair has a source"
        raise ValueError(msg)
    target = _line_document([one_line(t) for _, t in pairs], target_name, tgt_lang)
    source = (
        _line_document([one_line(s or "") for s, _ in pairs], source_name, src_lang)
        if has_source
        else None
    )
    beads = []
    src_ids = _ids_by_paragraph(source, len(pairs)) if source is not None else None
    tgt_ids = _ids_by_paragraph(target, len(pairs))
    for k in range(len(pairs)):
        beads.append(Bead(src_ids[k] if src_ids is not None else (), tgt_ids[k]))
    report = build_report(source, target, beads, config, first_index)
    if references is None:
        return report
    if len(references) != len(pairs):
        msg = f"{len(references)} references for {len(pairs)} segments"
        raise ValueError(msg)
    return with_scores(report, [one_line(r) for r in references], corpus=corpus)


def one_line(text: str) -> str:
    """A reference as one line: line breaks become spaces."""
    if "\n" not in text and "\r" not in text:  # most texts: two searches, not three
        return text
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _ids_by_paragraph(doc: Document, n: int) -> list[tuple[int, ...]]:
    ids: list[list[int]] = [[] for _ in range(n)]
    for s in doc.sentences:
        ids[s.paragraph].append(s.id)
    return [tuple(x) for x in ids]


def check_files(
    source_path: PathLike,
    target_path: PathLike,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: DetectorConfig | None = None,
    stdin: BinaryIO | None = None,
    reference_path: PathLike | None = None,
    aligner: str = "auto",
) -> Report:
    """:func:`check_texts` on files (``-`` reads standard input, for one of them)."""
    _stage("reading")
    _stdin_once(source_path, target_path, reference_path)
    return check_texts(
        read_text(source_path, stdin),
        read_text(target_path, stdin),
        source_name=display_name(source_path),
        target_name=display_name(target_path),
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        config=config,
        reference_text=None if reference_path is None else read_text(reference_path, stdin),
        reference_name=display_name(reference_path or "-"),
        aligner=aligner,
    )


def _stdin_once(*paths: PathLike | None) -> None:
    """Standard input can stand for one of the files only."""
    if sum(str(p) == "-" for p in paths if p is not None) > 1:
        msg = "standard input can be read for only one of the files"
        raise InputError(display_name("-"), msg)


def read_lines(path: PathLike, stdin: BinaryIO | None = None) -> list[str]:
    """The lines of a line-aligned file, empty ones kept (a final newline ends the last line)."""
    text = read_text(path, stdin)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def check_aligned_files(
    source_path: PathLike,
    target_path: PathLike,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: DetectorConfig | None = None,
    stdin: BinaryIO | None = None,
    reference_path: PathLike | None = None,
) -> Report:
    """:func:`check_pairs` on line-aligned files: line k of each file is segment k.

    The files must have the same number of lines; otherwise :class:`InputError` names the
    target (or reference) file and both counts.
    """
    _stage("reading")
    _stdin_once(source_path, target_path, reference_path)
    sources = read_lines(source_path, stdin)
    targets = read_lines(target_path, stdin)
    _same_count(source_path, len(sources), target_path, len(targets))
    references = None
    if reference_path is not None:
        references = read_lines(reference_path, stdin)
        _same_count(source_path, len(sources), reference_path, len(references))
    return check_pairs(
        list(zip(sources, targets, strict=True)),
        source_name=display_name(source_path),
        target_name=display_name(target_path),
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        config=config,
        references=references,
    )


def check_units_file(
    path: PathLike,
    *,
    fmt: str | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: DetectorConfig | None = None,
    stdin: BinaryIO | None = None,
) -> Report:
    """:func:`check_pairs` on a bilingual file (TSV, JSONL, TMX, XLIFF, WMT XML), ids kept.

    References in the file (a third TSV column, a JSONL ``reference``) are scored when any
    unit has one (a unit without one, such as an empty TSV line, is scored against "").
    """
    _stage("reading")
    units = read_units(path, fmt, stdin, src_lang=src_lang, tgt_lang=tgt_lang)
    return _check_units(units, display_name(path), display_name(path), src_lang, tgt_lang, config)


def check_wmt_files(
    source_path: PathLike,
    target_path: PathLike,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    config: DetectorConfig | None = None,
    reference_path: PathLike | None = None,
) -> Report:
    """A WMT XML source file and a system file (and reference), paired by ``docid:segid``."""
    _stage("reading")
    units = pair_wmt(source_path, target_path, reference_path)
    return _check_units(units, display_name(source_path), display_name(target_path), src_lang,
                        tgt_lang, config)


def _check_units(
    units: Sequence[Unit],
    source_name: str,
    target_name: str,
    src_lang: str | None,
    tgt_lang: str | None,
    config: DetectorConfig | None,
) -> Report:
    if not units:
        raise InputError(source_name, "contains no translation units")
    refs = [u.reference for u in units]
    report = check_pairs(
        [(u.source, u.target) for u in units],
        source_name=source_name,
        target_name=target_name,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        config=config,
        references=[r or "" for r in refs] if any(r is not None for r in refs) else None,
    )
    segments = tuple(replace(seg, id=u.id) for seg, u in zip(report.segments, units, strict=True))
    return replace(report, segments=segments)


def _same_count(a: PathLike, n_a: int, b: PathLike, n_b: int) -> None:
    if n_a != n_b:
        msg = f"has {n_b} lines but {display_name(a)} has {n_a}; line-aligned files must match"
        raise InputError(display_name(b), msg)


def flag_file(
    target_path: PathLike,
    *,
    tgt_lang: str | None = None,
    config: DetectorConfig | None = None,
    stdin: BinaryIO | None = None,
) -> Report:
    """:func:`flag_text` on a file (``-`` reads standard input)."""
    _stage("reading")
    return flag_text(
        read_text(target_path, stdin),
        target_name=display_name(target_path),
        tgt_lang=tgt_lang,
        config=config,
    )

