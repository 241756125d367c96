"""Glossaries for the ``terminology`` rule: how source terms must, and must not, be translated.

Two file formats are read by :func:`load_glossary`, chosen by the file extension:

**TSV** (any extension but ``.tbx``/``.xml``; :func:`parse_glossary` parses the text), one entry
a line::

    # source term <TAB> target terms <TAB> note (optional)
    习近平	Xi Jinping|President Xi|!Chairman Xi	official English name
    新冠肺炎	COVID-19
    *	!Peking|!Formosa	old names, wrong anywhere

- the target terms are separated by ``|``; a term written ``!term`` is *forbidden*, the others
  are *allowed*;
- a segment whose source contains the source term must contain one of its allowed terms, and a
  forbidden term of that entry is reported when the segment's source contains the source term;
- a source term of ``*`` (or an empty one) means "anywhere": such a line may only list
  forbidden terms, and they are reported in every target;
- blank lines and lines whose first non-blank character is ``#`` are skipped; fields are
  stripped of surrounding spaces; a line may not have fewer than 2 or more than 3 fields;
- the same source term on two lines is accepted when both give the same targets and is an
  error otherwise (put all the translations of a term on one line).

**TBX** (``.tbx``, ``.xml``; TBX-Basic / TBX v2 ``<martif>`` with ``<termEntry>``, ``<langSet>``,
``<tig>``/``<ntig>``, and TBX v3 ``<tbx>`` with ``<conceptEntry>``, ``<langSec>``,
``<termSec>``): every term of the source language in an entry becomes a source term whose
allowed terms are the entry's target-language terms; a target term whose
``administrativeStatus`` (or ``normativeAuthorization``) is deprecated, superseded or
not recommended is forbidden. The source language is ``source_lang`` when given, else the
first language of the first entry; the target language is ``target_lang``, else the first
other language. Homographs (one source term in two entries) are merged. XML is parsed with
:mod:`defusedxml` (entity declarations and external references are refused).

Every problem raises :class:`checker.errors.InputError`, whose text is one line naming the
file and, for TSV, the line.

Matching (:class:`TermMatcher`) ignores case and character width (full-width letters match
ASCII ones), treats any run of white space as one space, and treats curly apostrophes and
Unicode hyphens as their ASCII forms. In Chinese, Japanese and Korean text a term matches as a
substring; elsewhere it matches whole words only, a final ``s``/``es``/``ies`` plural being
allowed on the last word (``bank`` matches ``banks``) and dotted initials reading as letters
(``U.S.`` matches ``US``). A term of two to four capitals (``US``, ``WHO``, ``AIDS``) matches
only capitals, so ``US`` does not match ``us``; longer ones ignore case (``COVID-19`` matches
``Covid-19``). Matches are leftmost-longest and do not overlap (``北京大学`` wins over
``北京`` inside it).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checker.errors import InputError
from checker.langs import CJK_LANGS
from checker.read import display_name, read_text

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

PathLike = str | os.PathLike[str]

#: Extensions (after dropping ``.gz``) read as TBX; everything else is read as TSV.
TBX_EXTENSIONS = (".tbx", ".xml")

#: Length-preserving character folding applied before matching: full-width ASCII, odd spaces,
#: curly apostrophes and Unicode hyphens become their ASCII forms.
_FOLD = {o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, 0x00A0: 0x20, 0x202F: 0x20, 0x2007: 0x20, 0x2009: 0x20})
_FOLD.update({0x2019: 0x27, 0x2018: 0x27, 0x02BC: 0x27, 0x2010: 0x2D, 0x2011: 0x2D})

#: A word: letters and digits, or single letters with dots (``U.S.``, read as ``us``).
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+")
_LATIN_EDGE = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: TBX status values (lower case, substring) that make a term forbidden.
_FORBIDDEN_STATUS = ("deprecated", "superseded", "notrecommended", "forbidden")


def fold(text: str) -> str:
    """``text`` with width, apostrophes and hyphens folded and letters lower-cased.

    The result has the same length as ``text``, so offsets found in it index ``text``.

    >>> print(fold("ＣＯＶＩＤ－19 Xi’s"))
    covid-19 xi's
    """
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)


def _collapse(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Entry:
    """One glossary entry.

    ``source`` is the source term ("" for terms forbidden anywhere); ``allowed`` are the
    translations that may be used for it; ``forbidden`` the ones that must not be; ``line`` is
    where the entry was read (TSV only).
    """

    source: str
    allowed: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    note: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Match:
    """A term found in a text: its span and the ``(entry index, kind, term)`` items it is.

    ``kind`` is ``"source"``, ``"allowed"`` or ``"forbidden"``; ``exact`` is False when it
    matched through a plural ending.
    """

    start: int
    end: int
    items: tuple[tuple[int, str, str], ...]
    exact: bool = True


def _word(text: str, start: int, end: int) -> str:
    """A word as looked up: ``text[start:end]`` without the dots of ``u.s.``."""
    word = text[start:end]
    return word.replace(".", "") if word.endswith(".") else word


def _is_capitals(term: str) -> bool:
    """Is ``term`` a short abbreviation in capitals (``US``, ``WHO``, ``AIDS``)?"""
    letters = [c for c in term if c.isalpha()]
    return 2 <= len(letters) <= 4 and all(c.isupper() for c in letters)


def _singulars(token: str) -> tuple[str, ...]:
    """The forms ``token`` may have had before a plural ending (``cities``: ``city``...)."""
    if len(token) <= 3 or not token.endswith("s") or not token.isalpha():
        return ()
    out = [token[:-1]]
    if token.endswith("es") and len(token) > 4:
        out.append(token[:-2])
    if token.endswith("ies") and len(token) > 4:
        out.append(token[:-3] + "y")
    return tuple(out)


def _plurals(word: str) -> tuple[str, ...]:
    """The plural forms :func:`_singulars` undoes (``city``: ``citys``, ``cityes``, ``cities``)."""
    if not word.isalpha() or len(word) < 3:
        return ()
    out = [word + "s", word + "es"]
    if word.endswith("y"):
        out.append(word[:-1] + "ies")
    return tuple(out)


class TermMatcher:
    """Finds a set of terms in texts of one language (see the module docstring for the rules).

    ``substring`` mode (Chinese, Japanese, Korean) looks terms up at each character; word mode
    looks up runs of whole words, so its cost does not grow with the size of the glossary.
    """

    def __init__(self, terms: Iterable[tuple[str, tuple[int, str, str]]], *, substring: bool):
        self.substring = substring
        self._terms: dict[str, list[tuple[int, str, str]]] = {}
        self._capitals: set[tuple[int, str, str]] = set()
        for term, item in terms:
            key = self._term_key(term)
            if not key:
                continue
            self._terms.setdefault(key, []).append(item)
            if _is_capitals(term):
                self._capitals.add(item)
        if substring:
            self._lengths: dict[str, list[int]] = {}
            for key in self._terms:
                self._lengths.setdefault(key[0], []).append(len(key))
            for lengths in self._lengths.values():
                lengths.sort(reverse=True)
        else:
            # first word (or plural of a one-word term) -> word counts of terms, longest first
            counts: dict[str, set[int]] = {}
            for key in self._terms:
                words = _WORD.findall(key)
                counts.setdefault(words[0], set()).add(len(words))
                if len(words) == 1:
                    for plural in _plurals(words[0]):
                        counts.setdefault(plural, set()).add(1)
            self._counts_of = {w: sorted(c, reverse=True) for w, c in counts.items()}

    def __bool__(self) -> bool:
        return bool(self._terms)

    def _term_key(self, term: str) -> str:
        if self.substring:
            return " ".join(fold(term).split())
        words = list(_WORD.finditer(fold(term)))
        if not words:
            return ""
        return self._key(fold(term), [(m.start(), m.end()) for m in words])

    @staticmethod
    def _key(text: str, spans: Sequence[tuple[int, int]], last: str | None = None) -> str:
        """The lookup key of the words ``spans`` of folded ``text`` (``last`` replaces the last)."""
        parts = []
        for k, (a, b) in enumerate(spans):
            if k:
                gap = text[spans[k - 1][1] : a]
                parts.append("".join(gap.split()) or " ")
            parts.append(last if last is not None and k == len(spans) - 1 else _word(text, a, b))
        return "".join(parts)

    def _accept(
        self, text: str, start: int, end: int, items: list[tuple[int, str, str]]
    ) -> tuple[tuple[int, str, str], ...]:
        """The items that may match ``text[start:end]`` (capitals-only terms need capitals)."""
        if not self._capitals:
            return tuple(items)
        upper = not any(c.islower() for c in text[start:end])
        return tuple(i for i in items if upper or i not in self._capitals)

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches of the terms in ``text``."""
        if not self._terms or not text:
            return []
        folded = fold(text)
        if self.substring:
            return self._find_substrings(text, folded)
        return self._find_words(text, folded)

    def _find_substrings(self, text: str, folded: str) -> list[Match]:
        out = []
        i, n = 0, len(folded)
        lengths_of, terms = self._lengths, self._terms
        while i < n:
            lengths = lengths_of.get(folded[i])
            if lengths is not None:
                for length in lengths:
                    if i + length > n:
                        continue  # a shorter slice would find a shorter term at a wrong length
                    items = terms.get(folded[i : i + length])
                    if items is None or not self._latin_bounded(folded, i, i + length):
                        continue
                    accepted = self._accept(text, i, i + length, items)
                    if accepted:
                        out.append(Match(i, i + length, accepted))
                        i += length - 1
                        break
            i += 1
        return out

    @staticmethod
    def _latin_bounded(folded: str, start: int, end: int) -> bool:
        """A Latin-lettered edge of a substring match must not run on into a Latin word."""
        if _LATIN_EDGE.match(folded[start]) and start and _LATIN_EDGE.match(folded[start - 1]):
            return False
        return not (
            _LATIN_EDGE.match(folded[end - 1])
            and end < len(folded)
            and _LATIN_EDGE.match(folded[end])
        )

    def _find_words(self, text: str, folded: str) -> list[Match]:
        spans = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
        out = []
        terms, counts_of = self._terms, self._counts_of
        i, n = 0, len(spans)
        while i < n:
            a, b = spans[i]
            counts = counts_of.get(_word(folded, a, b))
            found = None
            for count in counts or ():
                if i + count > n:
                    continue
                window = spans[i : i + count]
                last_word = _word(folded, *window[-1])
                for last, exact in ((None, True), *((s, False) for s in _singulars(last_word))):
                    items = terms.get(self._key(folded, window, last))
                    if items is None:
                        continue
                    accepted = self._accept(text, a, window[-1][1], items)
                    if accepted:
                        found = Match(a, window[-1][1], accepted, exact)
                        break
                if found is not None:
                    out.append(found)
                    i += count
                    break
            if found is None:
                i += 1
        return out


@dataclass(frozen=True)
class Glossary:
    """A parsed glossary: its entries, the file it came from and, for TBX, its languages."""

    entries: tuple[Entry, ...]
    name: str = "<glossary>"
    source_lang: str | None = None
    target_lang: str | None = None
    _matchers: dict[tuple[str, bool], TermMatcher] = field(
        default_factory=dict, compare=False, repr=False
    )
    _entry_matchers: dict[tuple[str, int, bool], TermMatcher] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __len__(self) -> int:
        return len(self.entries)

    @functools.cached_property
    def anywhere(self) -> bool:
        """Has the glossary terms forbidden in every target (source ``*``)?"""
        return any(not e.source for e in self.entries)

    def applies_to(self, source_lang: str, target_lang: str) -> bool:
        """Do the glossary's languages (when it declares them) match the pair's?"""
        return _same_lang(self.source_lang, source_lang) and _same_lang(
            self.target_lang, target_lang
        )

    def allowed_in(self, index: int, text: str, lang: str) -> bool:
        """Does ``text`` contain an allowed term of entry ``index``, overlaps with others allowed?

        :meth:`target_matcher` finds non-overlapping matches, so ``Nancy`` for 南希 is hidden
        inside ``Nancy Pelosi`` for 佩洛西; this looks for the entry's own terms only.
        """
        entry = self.entries[index]
        substring = lang.split("-")[0].lower() in CJK_LANGS
        key = ("allowed", index, substring)
        matcher = self._entry_matchers.get(key)
        if matcher is None:
            matcher = TermMatcher(
                ((t, (index, "allowed", t)) for t in entry.allowed), substring=substring
            )
            self._entry_matchers[key] = matcher
        return bool(matcher.find(text))

    def source_matcher(self, lang: str) -> TermMatcher:
        """A matcher of the entries' source terms in source text of language ``lang``."""
        return self._matcher(
            "source",
            lang,
            ((e.source, (k, "source", e.source)) for k, e in enumerate(self.entries) if e.source),
        )

    def target_matcher(self, lang: str) -> TermMatcher:
        """A matcher of the allowed and forbidden terms in target text of language ``lang``."""

        def terms() -> Iterable[tuple[str, tuple[int, str, str]]]:
            for k, e in enumerate(self.entries):
                for t in e.allowed:
                    yield t, (k, "allowed", t)
                for t in e.forbidden:
                    yield t, (k, "forbidden", t)

        return self._matcher("target", lang, terms())

    def _matcher(
        self, side: str, lang: str, terms: Iterable[tuple[str, tuple[int, str, str]]]
    ) -> TermMatcher:
        substring = lang.split("-")[0].lower() in CJK_LANGS
        matcher = self._matchers.get((side, substring))
        if matcher is None:
            matcher = self._matchers[(side, substring)] = TermMatcher(terms, substring=substring)
        return matcher


def _same_lang(declared: str | None, lang: str) -> bool:
    if declared is None or not lang or lang == "und":
        return True
    a, b = declared.lower().replace("_", "-"), lang.lower().replace("_", "-")
    return a == b or a.split("-")[0] == b.split("-")[0]


# --------------------------------------------------------------------------- TSV


def parse_glossary(text: str, name: str) -> Glossary:
    """Parse the text of a TSV glossary file named ``name`` (see the module docstring).

    >>> g = parse_glossary("习近平\\tXi Jinping|!Chairman Xi\\tname\\n*\\t!Peking\\n", "g.tsv")
    >>> [(e.source, e.allowed, e.forbidden) for e in g.entries]
    [('习近平', ('Xi Jinping',), ('Chairman Xi',)), ('', (), ('Peking',))]
    """
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if number == 1 and stripped.startswith(("<?xml", "<martif", "<tbx")):
            raise InputError(name, "looks like TBX (XML); give the file a .tbx extension", line=1)
        entry = _tsv_entry(line, name, number)
        key = _collapse(fold(entry.source))
        if entry.source and key in seen:
            first = entries[seen[key]]
            if _same_targets(first, entry):
                continue
            raise InputError(
                name,
                f"source term “{entry.source}” is already on line {first.line} with other "
                "target terms (list all of its translations on one line)",
                line=number,
            )
        if entry.source:
            seen[key] = len(entries)
        entries.append(entry)
    return Glossary(tuple(entries), name)


def _tsv_entry(line: str, name: str, number: int) -> Entry:
    fields = line.split("\t")
    if len(fields) not in (2, 3):
        raise InputError(
            name,
            f"expected 2 or 3 tab-separated fields (source term, target terms, note), "
            f"found {len(fields)}",
            line=number,
        )
    source = _collapse(fields[0])
    note = _collapse(fields[2]) if len(fields) == 3 else ""
    anywhere = source in ("", "*")
    if not fields[1].strip():
        raise InputError(name, "no target terms (the second field is empty)", line=number)
    allowed: list[str] = []
    forbidden: list[str] = []
    for part in fields[1].split("|"):
        term = _collapse(part)
        is_forbidden = term.startswith("!")
        if is_forbidden:
            term = _collapse(term[1:])
        if not term:
            raise InputError(name, "empty target term (check the '|' and '!' signs)", line=number)
        if not _WORD.search(term):
            raise InputError(name, f"target term “{term}” has no letters or digits", line=number)
        (forbidden if is_forbidden else allowed).append(term)
    if anywhere and allowed:
        raise InputError(
            name,
            f"a line without a source term (empty or *) may only list forbidden terms "
            f"(!term), not “{allowed[0]}”",
            line=number,
        )
    both = {_collapse(fold(t)) for t in allowed} & {_collapse(fold(t)) for t in forbidden}
    if both:
        raise InputError(
            name, f"“{sorted(both)[0]}” is listed as both allowed and forbidden", line=number
        )
    return Entry("" if anywhere else source, tuple(allowed), tuple(forbidden), note, number)


def _same_targets(a: Entry, b: Entry) -> bool:
    def norm(terms: tuple[str, ...]) -> set[str]:
        return {_collapse(fold(t)) for t in terms}

    return norm(a.allowed) == norm(b.allowed) and norm(a.forbidden) == norm(b.forbidden)


# --------------------------------------------------------------------------- TBX


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _element_text(element: Element) -> str:
    return _collapse("".join(element.itertext()))


def _term_status(group: Element) -> str:
    """The lower-cased administrative status of a term group (``tig``, ``ntig``, ``termSec``)."""
    for el in group.iter():
        if _local(el.tag) == "termNote" and el.get("type") in (
            "administrativeStatus",
            "normativeAuthorization",
        ):
            return _element_text(el).lower()
    return ""


def _langset_terms(langset: Element) -> list[tuple[str, bool]]:
    """``(term, forbidden)`` of every term of a ``<langSet>``/``<langSec>``."""
    out = []
    groups = [g for g in langset if _local(g.tag) in ("tig", "ntig", "termSec", "termGrp")]
    if not groups:
        groups = [langset]
    for group in groups:
        status = _term_status(group)
        forbidden = any(s in status.replace(" ", "") for s in _FORBIDDEN_STATUS)
        for el in group.iter():
            if _local(el.tag) == "term":
                term = _element_text(el)
                if term and _WORD.search(term):
                    out.append((term, forbidden))
    return out


def _entry_note(entry: Element) -> str:
    for el in entry.iter():
        if (_local(el.tag) == "descrip" and el.get("type") == "definition") or _local(
            el.tag
        ) == "note":
            text = _element_text(el)
            if text:
                return text
    return ""


def parse_tbx(
    root: Element, name: str, *, source_lang: str | None = None, target_lang: str | None = None
) -> Glossary:
    """Build a glossary from a parsed TBX document (see the module docstring)."""
    if _local(root.tag) not in ("martif", "tbx"):
        raise InputError(name, f"is not a TBX file (root element <{_local(root.tag)}>)")
    concepts = [el for el in root.iter() if _local(el.tag) in ("termEntry", "conceptEntry")]
    if not concepts:
        raise InputError(name, "has no <termEntry> or <conceptEntry> elements")
    by_lang: list[tuple[Element, dict[str, list[tuple[str, bool]]]]] = []
    for concept in concepts:
        langs: dict[str, list[tuple[str, bool]]] = {}
        for langset in concept:
            if _local(langset.tag) in ("langSet", "langSec"):
                lang = (langset.get(_XML_LANG) or langset.get("lang") or "").strip()
                if lang:
                    langs.setdefault(lang, []).extend(_langset_terms(langset))
        by_lang.append((concept, langs))
    first_langs = next((list(langs) for _, langs in by_lang if langs), [])
    src = source_lang or (first_langs[0] if first_langs else None)
    if src is None:
        raise InputError(name, "has no <langSet xml:lang> with terms")
    if target_lang is None:
        target_lang = next(
            (lang for _, langs in by_lang for lang in langs if not _same_lang(src, lang)), None
        )
    if target_lang is None:
        raise InputError(name, f"has terms in one language only ({src})")
    merged: dict[str, Entry] = {}
    for concept, langs in by_lang:
        sources = [t for lang, ts in langs.items() if _same_lang(src, lang) for t, _ in ts]
        targets = [t for lang, ts in langs.items() if _same_lang(target_lang, lang) for t in ts]
        if not sources or not targets:
            continue
        allowed = tuple(dict.fromkeys(t for t, bad in targets if not bad))
        forbidden = tuple(dict.fromkeys(t for t, bad in targets if bad and t not in allowed))
        note = _entry_note(concept)
        for term in dict.fromkeys(sources):
            key = _collapse(fold(term))
            old = merged.get(key)
            if old is None:
                merged[key] = Entry(term, allowed, forbidden, note)
            else:
                merged[key] = Entry(
                    old.source,
                    tuple(dict.fromkeys(old.allowed + allowed)),
                    tuple(dict.fromkeys(old.forbidden + forbidden)),
                    old.note or note,
                )
    if not merged:
        raise InputError(name, f"has no entry with terms in both {src} and {target_lang}")
    return Glossary(tuple(merged.values()), name, src, target_lang)


# --------------------------------------------------------------------------- files


def load_glossary(
    path: PathLike, *, source_lang: str | None = None, target_lang: str | None = None
) -> Glossary:
    """Read a glossary file: TBX for ``.tbx``/``.xml`` (optionally ``.gz``), TSV otherwise.

    ``source_lang``/``target_lang`` choose the languages of a multilingual TBX file (TSV files
    have no languages). Raises :class:`checker.errors.InputError` for a file that cannot be
    read or parsed, with a one-line message naming the file (and the line, for TSV).
    """
    name = display_name(path)
    lower = name.lower().removesuffix(".gz")
    if lower.endswith(TBX_EXTENSIONS):
        from checker.read.formats import parse_xml

        return parse_tbx(parse_xml(path), name, source_lang=source_lang, target_lang=target_lang)
    return parse_glossary(read_text(path), name)
