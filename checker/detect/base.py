"""The rule registry: small detector classes with stable ids, filled by ``@register``.

Two kinds of rule share the registry (and so ids, configuration and ``checker rules``):

- a text :class:`Rule` looks at one :class:`Unit` of text (a paragraph, or a line of
  line-aligned input) in one language and yields :class:`Hit` records with offsets into the
  unit's text;
- a :class:`PairRule` compares the two sides of aligned segments (MQM's Accuracy branch: numbers,
  omissions, untranslated text, terminology). It sees the whole document's segments at once as
  :class:`Pair` records, because some checks need them all (a term translated two ways, a
  length ratio that is an outlier against the document's own), and yields :class:`PairHit`
  records with offsets into one side of one pair and, where there is one, the counterpart span
  on the other side.

The engine in :mod:`checker.detect` turns hits into :class:`checker.model.Finding` records
with segment offsets. Rules never see files or the CLI.

The registry's order is the order the rules run and are listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from checker.model import Document, Severity, quick_init


class Unit(NamedTuple):
    """A stretch of one side's text that rules look at, with its sentence spans.

    ``sentences`` are ``(start, end)`` offsets into ``text``; ``next_text`` is the start of the
    following unit (for quotations that run on into the next paragraph). A named tuple: one
    is made for every paragraph or line, and read-only records are cheapest so.
    """

    text: str
    lang: str
    sentences: tuple[tuple[int, int], ...]
    next_text: str = ""


@quick_init
@dataclass(frozen=True)
class Hit:
    """What a rule reports: a span of the unit's text and why.

    ``severity`` overrides the rule's default when one occurrence is worse than usual;
    ``measure`` is the raw measurement behind the verdict, when there is one.
    """

    start: int
    end: int
    message: str
    suggestion: str | None = None
    severity: Severity | None = None
    measure: float | None = None


class Pair(NamedTuple):
    """One aligned segment as accuracy rules see it (a named tuple, like :class:`Unit`).

    ``source``/``target`` are the segment's texts ("" on a side with no sentence);
    ``*_sentences`` are ``(start, end)`` offsets of its sentences in those texts.
    """

    index: int
    source: str
    target: str
    source_lang: str
    target_lang: str
    source_sentences: tuple[tuple[int, int], ...] = ()
    target_sentences: tuple[tuple[int, int], ...] = ()


@quick_init
@dataclass(frozen=True)
class PairHit:
    """What a pair rule reports: a span of one side of pair ``pair`` and why.

    ``side`` is ``"target"`` or ``"source"``; ``other`` is the counterpart ``(start, end)`` on
    the other side, when there is one.
    """

    pair: int
    side: str
    start: int
    end: int
    message: str
    other: tuple[int, int] | None = None
    suggestion: str | None = None
    severity: Severity | None = None
    measure: float | None = None


class BaseRule:
    """What every rule declares: a stable id, an MQM category, a severity, its settings."""

    id: ClassVar[str]
    category: ClassVar[str]
    severity: ClassVar[Severity]
    description: ClassVar[str]
    #: Language codes the rule understands; ``None`` means every language.
    languages: ClassVar[frozenset[str] | None] = None
    #: Language codes the rule must stay silent on (checked after ``languages``).
    excluded_languages: ClassVar[frozenset[str]] = frozenset()
    #: Set on an instance whose severity a config replaced: hits then keep that severity.
    fixed_severity: ClassVar[bool] = False
    #: Numeric settings a config may change, with their defaults (instance attributes).
    thresholds: ClassVar[dict[str, int]] = {}
    #: "text" for rules over one side's text, "pair" for rules that compare the sides.
    scope: ClassVar[str] = "text"

    def applies_to(self, lang: str) -> bool:
        if lang in self.excluded_languages:
            return False
        return self.languages is None or lang in self.languages

    @classmethod
    def info(cls) -> dict[str, object]:
        return {
            "id": cls.id,
            "category": cls.category,
            "severity": cls.severity.value,
            "scope": cls.scope,
            "languages": sorted(cls.languages) if cls.languages is not None else "any",
            "excluded_languages": sorted(cls.excluded_languages),
            "description": cls.description,
            "thresholds": dict(cls.thresholds),
        }


class AnyOf:
    """A rule's screen of several patterns, matching where any of them does.

    Each pattern runs over the text on its own. ``re`` scans fast for a pattern that starts
    with a literal or with one character class, and tries an alternation of them at every
    character: two such scans take a third of the time of one alternation.
    """

    def __init__(self, *patterns: str) -> None:
        self.patterns = tuple(re.compile(p) for p in patterns)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches of each pattern in turn (not in text order)."""
        for pattern in self.patterns:
            yield from pattern.finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        for pattern in self.patterns:
            m = pattern.search(text)
            if m is not None:
                return m
        return None

    def __repr__(self) -> str:
        return f"AnyOf{tuple(p.pattern for p in self.patterns)!r}"


class Rule(BaseRule):
    """Base class of a text rule. Subclasses set the class attributes and ``check``."""

    #: A pattern found in every unit text the rule can report on (each hit needs one of its
    #: matches there), or None. :func:`checker.detect.run_rules` runs it once over a whole
    #: document and asks ``check`` only about the paragraphs it matches in: most paragraphs
    #: have no space before a hyphen, no bracket, no full-width character.
    screen: ClassVar[re.Pattern[str] | AnyOf | None] = None
    #: When the screen is one character class: the class's body (what goes between ``[`` and
    #: ``]``), from which ``screen`` is made. :func:`~checker.detect.run_rules` looks for the
    #: classes of all such rules in one pass over the text, not one pass per rule.
    screen_chars: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        chars = cls.__dict__.get("screen_chars")
        if chars:
            cls.screen = re.compile(f"[{chars}]")

    def screen_paragraphs(self, doc: Document) -> set[int] | None:
        """For a rule without a ``screen``: the paragraphs of ``doc`` (indexes into its
        ``paragraphs``) in which ``check`` may report, found for the whole document at once,
        or None (the default) to be asked about every paragraph."""
        return None

    def check(self, unit: Unit) -> Iterable[Hit]:
        raise NotImplementedError


class PairRule(BaseRule):
    """Base class of an accuracy rule that compares source and target.

    ``languages`` (inherited) is unused; a pair rule declares the source and the target
    languages it understands, ``None`` meaning any. On other pairs it stays silent.
    """

    scope: ClassVar[str] = "pair"
    source_languages: ClassVar[frozenset[str] | None] = None
    target_languages: ClassVar[frozenset[str] | None] = None

    def applies_to_pair(self, source_lang: str, target_lang: str) -> bool:
        ok_source = self.source_languages is None or source_lang in self.source_languages
        ok_target = self.target_languages is None or target_lang in self.target_languages
        return ok_source and ok_target

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterable[PairHit]:
        raise NotImplementedError

    @classmethod
    def info(cls) -> dict[str, object]:
        out = super().info()
        for key in ("source_languages", "target_languages"):
            value = getattr(cls, key)
            out[key] = sorted(value) if value is not None else "any"
        out.pop("languages")
        out.pop("excluded_languages")
        return out


RULES: dict[str, type[BaseRule]] = {}


def register(cls: type[BaseRule]) -> type[BaseRule]:
    """Class decorator adding a rule to :data:`RULES` under its id (ids are unique)."""
    for attr in ("id", "category", "severity", "description"):
        if not hasattr(cls, attr):
            msg = f"rule {cls.__name__} lacks {attr!r}"
            raise TypeError(msg)
    if cls.id in RULES:
        msg = f"duplicate rule id {cls.id!r}"
        raise ValueError(msg)
    RULES[cls.id] = cls
    return cls
