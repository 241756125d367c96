"""The rule registry: small detector classes with stable ids, filled by ``@register``.

A rule looks at one :class:`Unit` of text (a paragraph, or a line of line-aligned input) in one
language and yields :class:`Hit` records with offsets into the unit's text. The engine in
:mod:`checker.detect` turns hits into :class:`checker.model.Finding` records with segment
offsets. Rules never see files, segments or the CLI.

The registry's order is the order the rules run and are listed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from checker.model import Severity


@dataclass(frozen=True)
class Unit:
    """A stretch of one side's text that rules look at, with its sentence spans.

    ``sentences`` are ``(start, end)`` offsets into ``text``; ``next_text`` is the start of the
    following unit (for quotations that run on into the next paragraph).
    """

    text: str
    lang: str
    sentences: tuple[tuple[int, int], ...]
    next_text: str = ""


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


class Rule:
    """Base class of a detector rule. Subclasses set the class attributes and ``check``."""

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

    def applies_to(self, lang: str) -> bool:
        if lang in self.excluded_languages:
            return False
        return self.languages is None or lang in self.languages

    def check(self, unit: Unit) -> Iterable[Hit]:
        raise NotImplementedError

    @classmethod
    def info(cls) -> dict[str, object]:
        return {
            "id": cls.id,
            "category": cls.category,
            "severity": cls.severity.value,
            "languages": sorted(cls.languages) if cls.languages is not None else "any",
            "excluded_languages": sorted(cls.excluded_languages),
            "description": cls.description,
            "thresholds": dict(cls.thresholds),
        }


RULES: dict[str, type[Rule]] = {}


def register(cls: type[Rule]) -> type[Rule]:
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
