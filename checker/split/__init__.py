"""Sentence splitting: paragraph text → sentence spans, losslessly.

``split(text, lang)`` returns ``(start, end)`` spans such that everything outside the spans is
whitespace, so joining the sentences with the whitespace between them gives back the text.

Two splitters share one scanner over candidate ends (runs of ``.!?…。！？；`` and the closing
quotes/brackets after them):

* CJK (zh, ja): every terminator run ends a sentence; ASCII ``.`` only before whitespace.
* Space-delimited languages: a terminator ends a sentence when whitespace and a
  non-lowercase start follow, unless the word before is an abbreviation or an initial; it also
  ends one when the next sentence is *glued* on (``this year.The United States``,
  ``measures.Essence``), which MT output often does. The ``glued-sentence`` detector reports
  those same places, through :func:`glued_boundaries`.

URLs, e-mail addresses and domain names are never split.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

from checker.chars import SPACE_CLASS, SPACE_SET, is_space, trim
from checker.split.data import (
    ABBREVIATIONS_MAY_END,
    ABBREVIATIONS_NEVER_END,
    CLOSERS,
    UNSPACED_LANGS,
    SENTENCE_STARTERS,
)

__all__ = [
    "glued_boundaries", "is_whole_sentence", "protected_spans", "split", "split_paragraph",
]

_CLOSE = re.escape(CLOSERS)
_LATIN_END = re.compile(rf"[.!?…。！？]+[{_CLOSE}]*")
_CJK_END = re.compile(rf"(?:[。！？!?；…]+|\.(?=[{SPACE_CLASS}]))[{_CLOSE}]*")
_PROTECTED = re.compile(
    r"""
    (?:https?://|ftp://|www\.)[^\s<>"“”]+[^\s<>"“”.,;:!?)\]}'’]   # URLs
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                                 # e-mail addresses
    | (?<![\w.])(?:[A-Za-z0-9-]+\.)+
      (?:com|cn|org|net|gov|edu|int|info|biz|io|co|uk|hk|tw|jp|kr|de|fr|eu|ru|in|au|ca|us)
      (?![\w])                                                     # bare domain names
    """,
    re.VERBOSE | re.IGNORECASE,
)
#: What every match of :data:`_PROTECTED` contains (same flags): texts without it are skipped,
#: which spares the backtracking of the e-mail and domain branches over every word.
#: It starts with a literal ``.``, so the engine skips to each dot; ``@`` and ``://`` are
#: tested with ``in``.
_PROTECTED_HINT = re.compile(
    r"\.(?:(?<=www\.)|(?:com|cn|org|net|gov|edu|int|info|biz|io|co|uk|hk|tw|jp|kr|de|fr|eu|ru"
    r"|in|au|ca|us)(?![\w]))",
    re.IGNORECASE,
)
_LATIN_TERMINATORS = ".!?…。！？"
#: A full stop that ends a sentence in Chinese or Japanese text (:data:`_CJK_END`).
_DOT_THEN_SPACE = re.compile(rf"\.[{SPACE_CLASS}]")
#: What every sentence end inside a Latin-script text has (see :func:`_latin_boundaries`): a
#: run of terminators and closers, then white space, or a character that may start a glued
#: sentence (a capital: A-Z, or a letter outside ASCII). Decimals (4.1) and dotted
#: lower-case words (e.g., a.m.) have none.
_LATIN_MAY_END = re.compile(
    rf"[.!?…。！？][.!?…。！？{_CLOSE}]*(?:[{SPACE_CLASS}A-Z]|[^\W\d_\x00-\x7f])"
)
#: A run of terminators and closers, then a capital (A-Z, or a letter outside ASCII): every
#: glued boundary has one (:func:`_glued_next`).
TERMINATOR_THEN_CAPITAL = re.compile(
    rf"[.!?…。！？][.!?…。！？{_CLOSE}]*(?:[A-Z]|[^\W\d_\x00-\x7f])"
)
_CJK_TERMINATORS = "。！？!?；…"
_WORD_BEFORE = re.compile(r"([\w.'’-]*)$")
_NEXT_WORD = re.compile(r"[\w'’-]+")
_LOOKBACK = 64  # characters searched back for the word before a terminator


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses and domain names, which are never split or flagged.

    >>> t = "See chinanews.com or www.gov.cn/a.html today."
    >>> [t[a:b] for a, b in protected_spans(t)]
    ['chinanews.com', 'www.gov.cn/a.html']
    """
    if "@" not in text and "://" not in text and _PROTECTED_HINT.search(text) is None:
        return []
    return [m.span() for m in _PROTECTED.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _is_abbreviation(word: str) -> tuple[bool, bool]:
    """(is an abbreviation, may it end a sentence) for the word before a period."""
    w = word.rstrip(".").lstrip("'’-(")
    low = w.lower()
    if low in ABBREVIATIONS_NEVER_END or w in ABBREVIATIONS_NEVER_END:
        return True, False
    if low in ABBREVIATIONS_MAY_END or w in ABBREVIATIONS_MAY_END:
        return True, True
    if len(w) == 1 and w.isalpha() and w.isupper():  # an initial: "George W. Bush"
        return True, False
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", w):  # U.S, e.g, Ph.D
        return True, True
    return False, False


def _glued_next(text: str, pos: int) -> bool:
    """Does a sentence start right at ``pos`` (no space), glued to the one before?"""
    m = _NEXT_WORD.match(text, pos)
    if m is None:
        return False
    word = m.group()
    if not word[0].isupper():
        return False
    # "The", "Essence", "Return": a capital followed by lowercase letters.
    return len(word) >= 2 and word[1].islower() or word in {"A", "I"}


def _glued_left_ok(text: str, start: int) -> bool:
    """Is the word ending at ``start`` (before the terminator) a plain word or number?"""
    m = _WORD_BEFORE.search(text, max(0, start - _LOOKBACK), start)
    word = m.group(1) if m else ""
    if not word or "." in word.rstrip("."):
        return False  # "U.S.The", "e.g.The": abbreviations and dotted tokens
    abbr, _ = _is_abbreviation(word)
    if abbr:
        return False
    core = word.strip("'’-")
    if core.isdigit():
        return True  # "Jan. 5.The"
    return len(core) >= 2 and any(c.islower() for c in core)


def glued_boundaries(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Where a sentence is glued to the next with no space: ``(end_of_terminator, next_start)``.

    Both values are the same offset (no whitespace between); the first word after is at it.

    >>> t = "It began this year.The United States said so. See U.S.Army and 3.5 ok."
    >>> [(t[a-5:a], t[a:a+3]) for a, _ in glued_boundaries(t)]
    [('year.', 'The')]
    """
    if lang in UNSPACED_LANGS:
        return []
    return list(_glued(text))


@functools.lru_cache(maxsize=4096)
def _glued(text: str) -> tuple[tuple[int, int], ...]:
    """:func:`glued_boundaries` of a Latin-script text, remembered: the splitter and the
    ``glued-sentence`` rule ask about the same paragraphs."""
    if not _may_glue(text):
        return ()
    protected: list[tuple[int, int]] | None = None
    out = []
    for m in _LATIN_END.finditer(text):
        end = m.end()
        if end >= len(text) or is_space(text[end]):
            continue
        if protected is None:
            protected = protected_spans(text)
        if _inside(m.start(), protected):
            continue
        if not _glued_next(text, end):
            continue
        if not _glued_left_ok(text, m.start()):
            continue
        out.append((end, end))
    return tuple(out)


def _may_glue(text: str) -> bool:
    """Is a terminator (``.!?…。！？``), with more of them or closing quotes after it, followed
    by a capital (:data:`TERMINATOR_THEN_CAPITAL`)?

    Every glued boundary has one; most sentences have their terminators only before spaces,
    at the end or inside numbers (4.1).
    """
    return TERMINATOR_THEN_CAPITAL.search(text) is not None


def _one_sentence(text: str, lang: str) -> bool:
    """Does :func:`split` find no boundary inside ``text``?

    True when no terminator comes before the run of terminators and closers that ends the
    text (in Chinese and Japanese, no ASCII ``.`` before white space either: ``. `` ends a
    sentence there too), or, in other languages, when no terminator inside is followed by
    white space or a capital (:data:`_LATIN_MAY_END`): then the only sentence end is the
    text's end.
    """
    # a test per terminator, written out: "c in head" skips a text of another width at once,
    # and any() over a generator would cost more than the searches
    if lang in UNSPACED_LANGS:  # _CJK_TERMINATORS
        if "." in text and _DOT_THEN_SPACE.search(text):  # ". " ends a sentence (not 6.3)
            return False
        head = text.rstrip(CLOSERS).rstrip(_CJK_TERMINATORS)
        return not (
            "。" in head or "！" in head or "？" in head or "!" in head or "?" in head
            or "；" in head or "…" in head
        )
    head = text.rstrip(CLOSERS).rstrip(_LATIN_TERMINATORS)
    if not (
        "." in head or "!" in head or "?" in head or "…" in head
        or "。" in head or "！" in head or "？" in head
    ):
        return True
    # a terminator inside: a boundary needs white space or a capital after it (4.1 has none)
    return _LATIN_MAY_END.search(text) is None


def _latin_boundaries(text: str) -> Iterator[int]:
    protected = protected_spans(text)
    glued = {a for a, _ in glued_boundaries(text)}
    for m in _LATIN_END.finditer(text):
        end = m.end()
        if end >= len(text):
            continue
        if end in glued:
            yield end
            continue
        if not is_space(text[end]):
            continue
        if _inside(m.start(), protected):
            continue
        ws_end = end
        while ws_end < len(text) and is_space(text[ws_end]):
            ws_end += 1
        if ws_end >= len(text):
            continue
        nxt = text[ws_end]
        if nxt.islower():
            continue
        term = m.group()
        if term.startswith(".") and not term.startswith("..."):
            wm = _WORD_BEFORE.search(text, max(0, m.start() - _LOOKBACK), m.start())
            word = wm.group(1) if wm else ""
            abbr, may_end = _is_abbreviation(word)
            if abbr:
                if not may_end:
                    continue
                nm = _NEXT_WORD.match(text, ws_end)
                if nm is None or nm.group() not in SENTENCE_STARTERS:
                    continue
        yield end


def _cjk_boundaries(text: str) -> Iterator[int]:
    protected = protected_spans(text)
    for m in _CJK_END.finditer(text):
        end = m.end()
        if end < len(text) and not _inside(m.start(), protected):
            yield end


def split(text: str, lang: str = "en") -> list[tuple[int, int]]:
    """Sentence spans of one paragraph (or any text), whitespace outside the spans.

    >>> t = "Dr. Li met U.S. officials on Sept. 1 at 9:30 a.m. The talks went well.Then it rained."
    >>> [t[a:b] for a, b in split(t)]
    ['Dr. Li met U.S. officials on Sept. 1 at 9:30 a.m.', 'The talks went well.', 'Then it rained.']
    >>> t = "他说：“今天很好。”我们走吧！好。"
    >>> [t[a:b] for a, b in split(t, "zh")]
    ['他说：“今天很好。”', '我们走吧！', '好。']
    """
    bounds: Iterable[int] = ()
    if not _one_sentence(text, lang):
        bounds = _cjk_boundaries(text) if lang in UNSPACED_LANGS else _latin_boundaries(text)
    spans = []
    pos = 0
    for b in list(bounds) + [len(text)]:
        if b <= pos:
            continue
        spans.append((pos, b))
        pos = b
    return [t for a, b in spans if (t := trim(text, a, b)) is not None]


def split_paragraph(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` and return spans as offsets into ``text``."""
    chunk = text[start:end]
    if is_whole_sentence(chunk, lang):
        return [(start, end)]
    return [(start + a, start + b) for a, b in split(chunk, lang)]


def is_whole_sentence(text: str, lang: str) -> bool:
    """Is ``text`` one sentence with no white space around it (``split(text, lang)`` is
    ``[(0, len(text))]``)? A quick test that most lines of line-aligned input pass.

    >>> is_whole_sentence("It rained.", "en"), is_whole_sentence("It rained. Then", "en")
    (True, False)
    """
    return (
        bool(text)
        and text[0] not in SPACE_SET
        and text[-1] not in SPACE_SET
        and _one_sentence(text, lang)
    )
