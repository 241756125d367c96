"""Detection: run the registered rules over a document and place their hits in segments.

Rules look at whole paragraphs (so a quote may open in one sentence and close in the next,
and ``year.The`` is seen even when the aligner puts ``year.`` and ``The`` in different
segments); :func:`locate` then turns each paragraph-level hit into a
:class:`~checker.model.Finding` with offsets into its segment's text.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

# Importing the rule modules fills the registry, in this order (the order rules run).
from checker.detect import fluency as _fluency  # noqa: F401, I001
from checker.detect import characters as _characters  # noqa: F401
from checker.detect import accuracy as _accuracy  # noqa: F401
from checker.detect import numbers as _numbers  # noqa: F401
from checker.detect import terms as _terms  # noqa: F401
from checker.detect.base import (
    RULES,
    BaseRule,
    Hit,
    Pair,
    PairHit,
    PairRule,
    Rule,
    Unit,
    register,
)
from checker.errors import ConfigError
from checker.model import Document, Finding, Severity

__all__ = [
    "RULES",
    "BaseRule",
    "DetectorConfig",
    "Hit",
    "Pair",
    "PairHit",
    "PairRule",
    "Rule",
    "Unit",
    "locate",
    "register",
    "run_pair_rules",
    "run_rules",
]

@dataclass(frozen=True)
class DetectorConfig:
    """Which rules run, and at what severity.

    ``select``: rule ids to run (``None``: all registered rules); ``ignore``: rule ids to skip;
    ``severities``: ``(rule id, severity)`` pairs that replace a rule's severity for every
    finding it makes. Unknown ids or severities raise :class:`~checker.errors.ConfigError` at
    construction, before any text is read.
    """

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severities: tuple[tuple[str, str], ...] = ()
    thresholds: tuple[tuple[str, str, int], ...] = ()
    #: A glossary for the ``terminology`` rule (see :mod:`checker.glossary`), or None.
    glossary: object | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        named = {r for r, _ in self.severities} | {r for r, _, _ in self.thresholds}
        for ids in (self.select or frozenset(), self.ignore, named):
            unknown = sorted(set(ids) - set(RULES))
            if unknown:
                msg = f"unknown rule id(s): {', '.join(unknown)} (see `checker rules`)"
                raise ConfigError(msg)
        for rule, severity in self.severities:
            if severity not in {s.value for s in Severity}:
                msg = f"unknown severity {severity!r} for rule {rule} (minor, major, critical)"
                raise ConfigError(msg)
        for rule, key, value in self.thresholds:
            known = RULES[rule].thresholds
            if key not in known:
                msg = (f"rule {rule} has no threshold {key!r} "
                       f"(it has: {', '.join(known) or 'none'})")
                raise ConfigError(msg)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                msg = f"threshold {rule}.{key} must be a positive whole number, not {value!r}"
                raise ConfigError(msg)

    def rules(self) -> list[BaseRule]:
        ids = [i for i in RULES if self.select is None or i in self.select]
        overrides = dict(self.severities)
        out = []
        for i in ids:
            if i in self.ignore:
                continue
            rule = RULES[i]()
            if i in overrides:
                rule.severity = Severity(overrides[i])  # type: ignore[misc]
                rule.fixed_severity = True  # type: ignore[misc]
            for rid, key, value in self.thresholds:
                if rid == i:
                    setattr(rule, key, value)
            if hasattr(rule, "glossary"):
                rule.glossary = self.glossary
            out.append(rule)
        return out


class DocHit(NamedTuple):
    """A hit with offsets into the whole document text (a named tuple: one is made for every
    hit and read once, by :func:`locate`)."""

    rule: Rule
    start: int
    end: int
    hit: Hit


def run_rules(doc: Document, rules: Sequence[BaseRule]) -> Iterator[DocHit]:
    """Run every text rule that understands ``doc.lang`` over each paragraph of ``doc``."""
    active = [r for r in rules if isinstance(r, Rule) and r.applies_to(doc.lang)]
    if not active:
        return
    paras = doc.paragraphs
    text, lang, last = doc.text, doc.lang, len(paras) - 1
    # The rules with a screen are asked only about the paragraphs it matches in (or touches:
    # a match found over the whole text may start before the paragraph it belongs to).
    # A rule without one may find the paragraphs to ask about itself (screen_paragraphs).
    marked: dict[int, set[int]] = {}  # id(rule): the paragraphs it is asked about
    for rule in active:
        if rule.screen is None:
            chosen = rule.screen_paragraphs(doc)
            if chosen is not None:
                marked[id(rule)] = chosen
    always = [r for r in active if r.screen is None and id(r) not in marked]
    screened = [r for r in active if r.screen is not None]
    asked: dict[int, list[Rule]] = {}
    if screened or marked:
        starts = [a for a, _ in paras]
        marked.update({id(r): set() for r in screened})  # the paragraphs touched
        # The one-class screens are looked for together: one pass of their union, then the
        # rules whose class has the character found.
        classes = [r for r in screened if r.screen_chars]
        if len(classes) < 2:
            classes = []  # one class alone is run as its own screen, below
        if classes:
            owners: dict[str, list[set[int]]] = {}
            union = _union_of(tuple(r.screen_chars or "" for r in classes))
            for m in union.finditer(text):
                char, pos = m.group(), m.start()
                found = owners.get(char)
                if found is None:
                    found = owners[char] = [
                        marked[id(r)] for r in classes if r.screen.match(char)  # type: ignore[union-attr]
                    ]
                first = max(bisect.bisect_right(starts, pos) - 1, 0)
                for paragraphs in found:
                    paragraphs.update(range(first, bisect.bisect_left(starts, pos + 1)))
        for rule in screened:
            if rule in classes:
                continue
            found_by = marked[id(rule)]
            for m in rule.screen.finditer(text):  # type: ignore[union-attr]
                first = max(bisect.bisect_right(starts, m.start()) - 1, 0)
                found_by.update(range(first, bisect.bisect_left(starts, m.end())))
        for p in sorted(set().union(*marked.values())):
            asked[p] = [r for r in active if id(r) not in marked or p in marked[id(r)]]
    # the paragraphs to ask about: all of them when a rule is asked about every one
    todo = range(len(paras)) if always else sorted(asked)
    sentences = doc.sentences
    of_sentence = [s.paragraph for s in sentences]  # in order
    for p in todo:
        here = asked.get(p, always)
        if not here:
            continue
        a, b = paras[p]
        following = text[paras[p + 1][0] : paras[p + 1][0] + 8] if p < last else ""
        first, end = bisect.bisect_left(of_sentence, p), bisect.bisect_right(of_sentence, p)
        unit = Unit(
            text=text[a:b],
            lang=lang,
            sentences=tuple([(s.start - a, s.end - a) for s in sentences[first:end]]),
            next_text=following,
        )
        for rule in here:
            for hit in rule.check(unit):
                yield DocHit(rule, a + hit.start, a + hit.end, hit)


@functools.lru_cache(maxsize=32)
def _union_of(classes: tuple[str, ...]) -> re.Pattern[str]:
    """One character class of the bodies ``classes`` (see :attr:`Rule.screen_chars`)."""
    return re.compile("[" + "".join(classes) + "]")


def locate(
    hits: Iterable[DocHit],
    doc: Document,
    side: str,
    sentence_segment: Sequence[int],
    segment_spans: dict[int, tuple[int, int]],
    offset: int = 0,
) -> list[Finding]:
    """Turn document-level hits into findings with offsets into their segment's text.

    A finding of segment ``k`` is numbered ``offset + k``.

    ``sentence_segment[i]`` is the segment of sentence ``i``; ``segment_spans[k]`` is the
    ``(start, end)`` of segment ``k``'s text in ``doc.text``. A hit that runs past the end of
    its segment (``year.The`` where ``The`` starts the next segment) is cut at the segment end;
    its suggestion is kept only when the cut-off part is unchanged by it. A hit that begins in
    the white space before its segment is cut at the segment's start, without a suggestion (a
    hit in that white space alone becomes an empty finding at the start).
    """
    starts = [s.start for s in doc.sentences]
    out = []
    for dh in hits:
        i = max(bisect.bisect_right(starts, dh.start) - 1, 0)
        if i + 1 < len(starts) and dh.start >= doc.sentences[i].end:
            i += 1  # in the whitespace between two sentences: belongs to the next
        seg = sentence_segment[i]
        seg_start, seg_end = segment_spans[seg]
        start, end = max(dh.start, seg_start), dh.end
        suggestion = dh.hit.suggestion
        if dh.start < seg_start:
            # begun in the white space before the segment (a full-width space between two
            # sentences), which no segment holds: reported where the segment starts, cut to
            # what lies inside it (nothing, for a hit in the white space alone), with no fix
            suggestion = None
            end = max(end, start)
        if end > seg_end:
            tail = doc.text[seg_end:end]
            if suggestion is not None and tail and suggestion.endswith(tail):
                suggestion = suggestion[: -len(tail)]
            else:
                suggestion = None
            end = seg_end
        rule = dh.rule
        out.append(
            Finding(
                segment=offset + seg,
                side=side,
                start=start - seg_start,
                end=end - seg_start,
                rule=rule.id,
                category=rule.category,
                severity=(
                    rule.severity if rule.fixed_severity else (dh.hit.severity or rule.severity)
                ).value,
                text=doc.text[start:end],
                message=dh.hit.message,
                suggestion=suggestion,
                doc_start=start,
                doc_end=end,
                measure=dh.hit.measure,
            )
        )
    return out


def run_pair_rules(
    pairs: Sequence[Pair],
    rules: Sequence[BaseRule],
    doc_starts: Sequence[tuple[int, int]] | None = None,
    offset: int = 0,
) -> list[Finding]:
    """Run the pair rules that understand the language pair; return their findings (those of
    pair ``k`` numbered ``offset`` + its index).

    ``doc_starts[k]`` is where pair ``k``'s source and target texts start in their documents
    (for the findings' document offsets), when the pairs come from documents.
    """
    if not pairs:
        return []
    src_lang, tgt_lang = pairs[0].source_lang, pairs[0].target_lang
    active = [
        r for r in rules if isinstance(r, PairRule) and r.applies_to_pair(src_lang, tgt_lang)
    ]
    out = []
    for rule in active:
        for hit in rule.check_pairs(pairs):
            pair = pairs[hit.pair]
            text = pair.target if hit.side == "target" else pair.source
            other_text = pair.source if hit.side == "target" else pair.target
            doc_start = doc_end = -1
            if doc_starts is not None:
                base = doc_starts[hit.pair][1 if hit.side == "target" else 0]
                doc_start, doc_end = base + hit.start, base + hit.end
            severity = rule.severity if rule.fixed_severity else (hit.severity or rule.severity)
            out.append(
                Finding(
                    segment=offset + pair.index,
                    side=hit.side,
                    start=hit.start,
                    end=hit.end,
                    rule=rule.id,
                    category=rule.category,
                    severity=severity.value,
                    text=text[hit.start : hit.end],
                    message=hit.message,
                    suggestion=hit.suggestion,
                    doc_start=doc_start,
                    doc_end=doc_end,
                    measure=hit.measure,
                    other_start=hit.other[0] if hit.other else -1,
                    other_end=hit.other[1] if hit.other else -1,
                    other_text=other_text[hit.other[0] : hit.other[1]] if hit.other else None,
                )
            )
    return out
