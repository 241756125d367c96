"""Accuracy rules that compare the numbers and dates of the source and the target.

Both rules read each side into *mentions*: a span with the value(s) it may stand for. A
mention is ``strong`` when it is plainly a number a translation must carry (Arabic digits, a
Chinese numeral with a measure word, ``twenty-nine``); weak mentions (一 in 一些, ``one``,
``first``, ``twice``, the digits of ``COVID-19``, the parts of a date) are never reported but
count as the counterpart of a number on the other side. A target number is compared against
every source mention and the other way round; rounding is allowed in the target only
(``1,234,567`` → ``1.2 million``, ``29.6`` → ``30``), and approximate target numbers
(``about 30``) are compared at the precision their trailing zeros give.

``number-mismatch`` reports a target number with no counterpart (paired, where it can be, with
the unmatched source number at the most similar position) and a source number missing from the
target. It leaves the months, days and years of full dates to ``date-mismatch``, which compares
months, days, years and weekdays, each source date accounting for one target date.

Both rules are meant for millions of segments: patterns are compiled once, each is tried only
on text that can hold what it looks for, and cn2an is imported on the first Chinese numeral.
The pairs are read a step at a time over all of them (the sources, then the targets), the
English words that make only weak mentions when a pair needs them; a pair with thousands of
numbers or dates has them looked up by value, not compared each with each, so that a segment
of 20 MB takes seconds.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import warnings
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from checker.detect.base import Pair, PairHit, PairRule, register
from checker.detect.numbers_data import (
    DECIMAL_POINT_LANGS,
    EN_APPROX_BEFORE,
    EN_MONTHS,
    EN_NUMBER_LIKE,
    EN_ORDINALS,
    EN_SCALE_ABBREV,
    EN_SCALES,
    EN_TENS,
    EN_UNITS,
    EN_WEEKDAYS,
    FULLWIDTH_DIGITS,
    ZH_APPROX_AFTER,
    ZH_APPROX_BEFORE,
    ZH_HALF_UNITS,
    ZH_MEASURES,
    ZH_NUMBER_WORDS,
    ZH_NUMERAL_PINYIN,
    ZH_NUMERAL_WORDS,
    ZH_UNIT_CONVERSIONS,
    ZH_WEEKDAYS,
)
from checker.langs import LATIN_LANGS
from checker.model import Severity

#: Values of clock times live above this offset, so they never equal a plain number.
TIME_BASE = 1e15


class Mention(NamedTuple):
    """A number on one side: ``values`` it may stand for (the first is the main one).

    ``unit`` is the place value of its last written digit (``1.2 million``: 100,000), so a
    number written with fewer digits may round one with more; ``kind`` is one of ``number``,
    ``percent``, ``ordinal``, ``time``, ``year``, ``date``, ``code``, ``word``.

    A named tuple rather than a frozen dataclass: a long text has hundreds of them, and a
    tuple is built several times faster (equality is the same: field by field).
    """

    start: int
    end: int
    values: tuple[float, ...]
    unit: float = 1.0
    strong: bool = True
    kind: str = "number"
    approx: bool = False
    #: Not reported when missing, but the likely counterpart of a wrong target number.
    pairable: bool = False

    @property
    def value(self) -> float:
        return self.values[0]


class DateMention(NamedTuple):
    """A date or weekday on one side; absent parts are None (a named tuple, as
    :class:`Mention`)."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None


# --- shared patterns -------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)[^\s，。；、）)\"”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_ISO_DATE = re.compile(
    r"(?<![\d.])((?:19|20)\d\d)([-/.])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?!\d)"
)
_CLOCK = re.compile(r"(?<![\d.:])([01]?\d|2[0-4])[:：] ?([0-5]\d)(?:: ?([0-5]\d))?(?![\d:])")
_DIGIT_RUN = re.compile(r"\d\d*")  # \d+, found faster (a first character to look for)
_RANGE = "-–—~～至到"

# --- Chinese ---------------------------------------------------------------------------------

_ZH_NUM_CHARS = "零〇一二两三四五六七八九十百千万亿廿卅"
_ZH_DIGIT_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_ZH_MULTIPLIER_VALUE = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
_ZH_VAGUE_PAIR = re.compile(r"([一二两三四五六七八九])([一二三四五六七八九])([十百千万亿]*)")
_ZH_DATE = re.compile(
    r"(?<![\d.])(?=[\d〇零一二三四五六七八九十]{1,4} ?[年月日号])"
    r"(?:(?P<y>\d{4}|[〇零一二三四五六七八九]{4}) ?年(?!代))?"
    r"(?:(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?)?"
    r"(?:(?P<d>3[01]|[12]\d|0?[1-9]|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
    r"(?:[日号]|(?<=月\d)(?=[和与及、至到\-—–~])|(?<=月\d\d)(?=[和与及、至到\-—–~])))?"
)
#: 1-9月 "January to September", 24至25日: the first end of the range has no unit of its own.
_ZH_DATE_RANGE = re.compile(
    r"(?<![\d.])(\d{1,2}|[一二三四五六七八九十]{1,3})[至到\-—–~～]"
    r"(\d{1,2}|[一二三四五六七八九十]{1,3})([月日号])"
)
#: 七八月份 "July and August" (but 十二月 is December).
_ZH_MONTH_PAIR = re.compile(
    r"(?<![十\d])(?=一二|二三|三四|四五|五六|六七|七八|八九)"
    r"([一二三四五六七八九])[二三四五六七八九]月"
)
#: What may follow N日 when it is not a date: 日元 (yen), 日本, 日报 (a daily), 日内 (days).
_ZH_NOT_DAY = re.compile(r"元|本|报(?!道|告|称|讯)|币|内|以内|之内|以上|左右")
_ZH_WEEKDAY = re.compile(r"(?:星期|礼拜|周)([一二三四五六日天])")
_ZH_TIME = re.compile(
    r"(?P<pre>凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜间|夜里|午夜|晚)?"
    r"(?P<h>2[0-4]|[01]?\d(?!\d)|二十[一二三四]?|十[一二]?|[一二两三四五六七八九])"
    r"(?:时|点(?![\d零〇一二三四五六七八九]))"
    r"(?:(?P<m>[0-5]?\d|[二三四五]?十[一二三四五六七八九]?|零?[一二三四五六七八九])分|(?P<half>半))?"
)
_ZH_PERCENT = re.compile(
    r"(?P<per>百|千)分之(?P<n>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百点]+)"
    r"|(?P<den>\d+|[一二两三四五六七八九十百千万]+)分之(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十点]+)"
)
_ZH_NUMBER = re.compile(
    r"(?P<n>\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    r"|[零〇一二两三四五六七八九十百千万亿廿卅]+(?:点[零〇一二三四五六七八九]+)?)"
    r"(?P<more>多|余)?(?P<scale>万亿|亿|万|千(?![米克瓦卡兆焦帕伏])|百(?![分姓货]))?(?P<pct>%)?"
)
#: The characters a match of :data:`_ZH_DATE`, :data:`_ZH_NUMBER` or :data:`_ZH_TIME` starts
#: with: they are tried there alone (see :func:`_matches_at`).
_ZH_DATE_START = re.compile(r"[\d〇零一二三四五六七八九十]")
_ZH_NUMBER_START = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿廿卅]")
#: A run of the characters of :data:`_ZH_NUMBER_START` (written so that its first character is
#: looked for alone, faster).
_ZH_NUMBER_RUN = re.compile(
    r"[\d零〇一二两三四五六七八九十百千万亿廿卅][\d零〇一二两三四五六七八九十百千万亿廿卅]*"
)
_ZH_TIME_FIRST = frozenset("凌早清上中下傍晚夜午二十一两三四五六七八九")
#: Characters from the start of a :data:`_ZH_TIME` match to its 时 or 点, at most.
_ZH_TIME_REACH = 5
_ZH_HALF = re.compile(r"(?<![一二两三四五六七八九十个])半(个小时|小时|个月|年|月|天|日|数|)")
_ZH_NUMBER_WORD = re.compile("|".join(sorted(ZH_NUMBER_WORDS, key=len, reverse=True)))
#: The first characters of :data:`ZH_NUMBER_WORDS` (text with none of them has none).
_ZH_NUMBER_WORD_START = re.compile(
    "[" + "".join(sorted({re.escape(w[0]) for w in ZH_NUMBER_WORDS})) + "]"
)
_GLOSS_OPEN = re.compile(
    r"[(（]\s*(?:about|approximately|around|roughly|some|nearly|over|more than|or|约|约合|合)?\s*$",
    re.I,
)
#: Units of a conversion the rule can check against a Chinese unit (亩, 斤, 里, 公里).
_VERIFIABLE_GLOSS = re.compile(
    r"\s*(?:million\s+|thousand\s+)?(?:hectares?|ha|kg|kilo(?:gram)?s?|km|kilomet(?:er|re)s?"
    r"|acres?|miles?)\b",
    re.I,
)
#: Between a number and the bracket of its conversion: a unit (`` mu ``, ``元``, `` yuan``).
_GLOSS_GAP = re.compile(r"\s*(?:[A-Za-z.$€£¥%-]+\s*){0,3}|[\u4e00-\u9fff]{0,4}")
_ZH_NUMERAL_WORD_RE = re.compile("|".join(ZH_NUMERAL_WORDS))
_HAS_DIGIT = re.compile(r"\d")
_FULLWIDTH = re.compile(r"[０-９％．，：／]")
_ZH_SCALES = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 1000, "百": 100}
_ZH_UNIT_WORDS = tuple(ZH_UNIT_CONVERSIONS)
_ZH_ORDINAL_BEFORE = "第"
_ZH_GROWTH = ("增长", "增加", "提高", "上升", "翻", "扩大", "增")
#: 以上4人 "the four (above)", 上述3家, 这5所: a count of things already named.
_ZH_ANAPHORIC = ("以上", "上述", "前述")
#: What a word of ZH_APPROX_BEFORE ends with and one of ZH_APPROX_AFTER starts with.
_ZH_APPROX_BEFORE_LAST = frozenset(w[-1] for w in ZH_APPROX_BEFORE)
_ZH_APPROX_AFTER_FIRST = frozenset(w[0] for w in ZH_APPROX_AFTER)
#: What the words add_zh_number looks for right after a number start with but 半 (年代, 成,
#: 倍, 米/克/瓦, the units of ZH_UNIT_CONVERSIONS).
_ZH_AFTER_FIRST = frozenset("年成倍米克瓦") | frozenset(w[0] for w in ZH_UNIT_CONVERSIONS)

# --- English and other Latin-script languages -------------------------------------------------

_FULL_MONTHS = [k.capitalize() for k in EN_MONTHS if len(k) > 4 or k in ("may", "june", "july")]
_SHORT_MONTHS = [k.capitalize() for k in sorted(EN_MONTHS, key=len, reverse=True) if len(k) <= 4]
_MONTH = rf"(?:{'|'.join(_FULL_MONTHS)}|(?:{'|'.join(_SHORT_MONTHS)})\.?)"
_EN_DATE_MD = re.compile(
    rf"(?<![\w.])(?P<mon>{_MONTH})(?:\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:.]\d)"
    rf"(?:\s*(?:[-–]|to|through|and)\s*(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|[:.]\d|\s*:|\s+[a-z]))?)?"
    rf"(?:,?\s+(?P<y>(?:1[89]|20)\d\d)(?!\d))?(?!\w|-\d)"
)
_EN_DATE_DM = re.compile(
    rf"(?<![\w.:])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})"
    rf"(?:,?\s+(?P<y>(?:1[89]|20)\d\d)(?!\d))?(?![\w-])"
)
_MONTH_HINT = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
#: What every match of :data:`_EN_WEEKDAY` starts with (a capital: they cannot overlap).
_WEEKDAY_HINT = re.compile(r"Mon|Tue|Wed|Thu|Fri|Sat|Sun")
#: What the abbreviated branch of :data:`_EN_WEEKDAY` needs (the full names end in "day").
_WEEKDAY_ABBREVIATION = re.compile(r"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.")
#: :data:`_MONTH_HINT` or :data:`_WEEKDAY_HINT`, looked for at once (the one read of a text
#: both rules need); none overlaps another, so each is found where it would be alone.
_DAY_HINT = re.compile(f"{_MONTH_HINT.pattern}|{_WEEKDAY_HINT.pattern}")
_WEEKDAY_HINTS = frozenset(_WEEKDAY_HINT.pattern.split("|"))
_EN_DAY_ONLY = re.compile(
    r"\b(?:the|on)\s+(?:the\s+)?([0-3]?\d)(?:st|nd|rd|th)\b(?!\s*[-–]?\s*[A-Za-z])"
)
_EN_WEEKDAY = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?\b"
    r"|\b(Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.(?=,?\s*(?:[A-Z][a-z]+\.?\s*)?\d)"
)
_EN_TIME = re.compile(
    r"(?<![\d.,])(?P<h>[01]?\d|2[0-4])(?:[:.](?P<m>[0-5]\d))?\s*"
    r"(?P<ap>[ap]\.\s?m\.|[ap]m\b|[AP]M\b|o['’]clock\b)"
    r"|(?<![\d.,])(?P<h24>[01]\d|2[0-4])(?P<m24>[0-5]\d)(?P<hrs>\s*(?:hours|hrs|h)\b)",
)
_EN_NUMBER = re.compile(
    r"(?<![\d,])(?<!\d\.)(?P<n>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,]|:\d)"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:,\d{3,})+|\d+(?:\.\d+)?)"
    r"(?![.,]\d)"
    r"(?P<suffix>(?:\s*(?:-\s*)?(?i:hundred|thousand|million|billion|trillion|milion|bill?on|trill?on)\b)"
    r"|(?:\s?(?:bn|mn|mln|tn|trn)\b)|(?:[mkbMKB]\b)"
    r"|st\b|nd\b|rd\b|th\b|s\b|['’]s\b)?"
    r"(?P<pct>\s*(?:%|percent\b|per\s?cent\b|pct\b|percentage\s+points?\b))?"
)
_OTHER_NUMBER = {
    "comma": re.compile(
        r"(?<![\d.,])(?P<n>\d{1,3}(?:[.\u00a0\u202f\u2009'’]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
        r"(?![.,]\d)(?P<suffix>)(?P<pct>\s*%)?"
    ),
    "comma_space": re.compile(
        r"(?<![\d.,])(?P<n>\d{1,3}(?:[ .\u00a0\u202f\u2009'’]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
        r"(?![.,]\d)(?P<suffix>)(?P<pct>\s*%)?"
    ),
}
#: Languages that group thousands with a plain space (1 200).
_SPACE_GROUP_LANGS = frozenset(
    {"fr", "sv", "no", "nb", "fi", "pl", "cs", "sk", "et", "lv", "lt", "hu", "ru", "uk", "bg"}
)


def _trie(words: Collection[str]) -> str:
    """An alternation of ``words`` (of letters) written as a trie, ``t(?:en|h(?:ree|...))``:
    the regex engine then tries one branch for each character read, not each word."""
    ends = "" in words
    by_first: dict[str, list[str]] = {}
    for w in sorted(w for w in words if w):
        by_first.setdefault(w[0], []).append(w[1:])
    branches = [first + _trie(rest) for first, rest in by_first.items()]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if ends else body


#: An English number word. (As a trie, the same matches as the alternation of the words
#: longest first: of the words that match at a place, each is a prefix of the longer ones,
#: and the trie tries the longer first too.)
_EN_WORD = _trie([*EN_UNITS, *EN_TENS, *EN_SCALES])
_EN_WORD_NUMBER = re.compile(
    rf"(?<![\w-])(?:an?\s+(?=(?:hundred|thousand|million|billion|trillion)\b))?"
    rf"(?:{_EN_WORD})(?:(?:(?<=hundred)\s+and\s+|[\s-]+)(?:{_EN_WORD}))*(?!\w)",
    re.I,
)
#: An English number word (group 1) in folded ASCII text padded with a space each side (see
#: :func:`_padded_starts`), the space before it taken (where it starts in the folded text),
#: not the space after it (the next word's).
_NUMBER_WORD_BYTES = re.compile(f" ({_EN_WORD})(?= )".encode("ascii"))
_SCALE_BYTES = frozenset(w.encode("ascii") for w in EN_SCALES)
_ORDINAL_ALT = "|".join(sorted(EN_ORDINALS, key=len, reverse=True))
_EN_ORDINAL_WORD = re.compile(
    rf"(?<![\w-])(?:(?:{'|'.join(EN_TENS)})-)?(?:{_ORDINAL_ALT})s?(?!\w)", re.I
)
_EN_NUMBER_LIKE = re.compile(
    rf"(?<![\w-])(?:{'|'.join(sorted(EN_NUMBER_LIKE, key=len, reverse=True))})(?![\w])", re.I
)
#: 24/7, 1/3, 3:0, 1:1: two numbers read together (a fraction, a score, a ratio).
_PAIRED = re.compile(r"(?<![\d/.,:])(\d{1,4})[/:](\d{1,4})(?![\d/:])")
_TIMES_UNIT = re.compile(r"\s*(?:-\s*)?(decades?|centur(?:y|ies))\b", re.I)
_ROMAN = re.compile(
    r"\b(?P<r>X{0,3}(?:IX|IV|VI{0,3}|I{2,3})|X{1,3}I{0,3})\b"
    r"|\b(?:Level|Phase|Grade|Class|Stage|Part|Type) (?P<r1>[IVX])\b"
)
_WORD_TOKEN = re.compile(r"[A-Za-z]+")
_NUMBER_WORDS = frozenset([*EN_UNITS, *EN_TENS, *EN_SCALES])
#: The words a match of :data:`_EN_WORD_NUMBER` may start with besides a number word.
_ARTICLES = frozenset({"a", "an"})
_SCALE_WORDS = frozenset(EN_SCALES)
#: The words a match of :data:`_EN_ORDINAL_WORD` may start with (twenty-first, fifths).
_ORDINAL_STARTS = frozenset([*EN_ORDINALS, *(o + "s" for o in EN_ORDINALS), *EN_TENS])
_ORDINAL_WORDS = frozenset(EN_ORDINALS)
_NUMBER_LIKE_WORDS = frozenset(EN_NUMBER_LIKE)
_ROMAN_HINT = re.compile(r"[IVX]{2}|Level|Phase|Grade|Class|Stage|Part|Type")
#: Every word a set of words above is taken from (see :func:`_known_words`).
_KNOWN_WORDS = _NUMBER_WORDS | _ARTICLES | _SCALE_WORDS | _ORDINAL_STARTS | _NUMBER_LIKE_WORDS
#: The known words as bytes (and back), and each between spaces (see _padded_starts).
_KNOWN_BYTES = {w.encode("ascii"): w for w in _KNOWN_WORDS}
_KNOWN_BYTE_WORDS = frozenset(_KNOWN_BYTES)
_PADDED_WORD = {w: b" %b " % w.encode("ascii") for w in _KNOWN_WORDS}
_NO_WORDS: frozenset[str] = frozenset()
_EN_HALF = re.compile(r"\s+and\s+a\s+half\b", re.I)
#: Two words before a number that make it approximate, and the words they end with.
_APPROX_PHRASES = ("more than", "less than", "fewer than", "up to", "at least")
_APPROX_PHRASE_ENDS = frozenset(p.split()[-1] for p in _APPROX_PHRASES)
_MISSPELLED_SCALES = {
    "milion": "million",
    "billon": "billion",
    "bilion": "billion",
    "trilion": "trillion",
    "trillon": "trillion",
}
_CURRENCY_CODES = frozenset(
    "RMB USD US HKD HK EUR GBP CNY JPY INR Rs TWD NT SGD S AUD A CAD C NZD NZ KRW Tk".split()
)
#: Letters glued to digits that make them a quantity, not a name: any lower-case unit (5km,
#: 28.4mg, 3rd, 1990s) and these (5G, A380, MH370 stay names).
_GLUED_UNITS = frozenset(
    "MW kW GW kWh MWh GWh MB GB TB KB mAh Hz kHz MHz GHz K M B L PM AM".split()
)


_LETTERS_AT_END = re.compile(r"[A-Za-z]+$")
_LETTERS = re.compile(r"[A-Za-z]+")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")
_NOT_DIGIT_OR = {sep: re.compile(r"[^\d" + re.escape(sep) + "]") for sep in ".,"}
_GROUPED_ONCE = re.compile(r"\d{1,3}[.,]\d{3}")
#: What ``float`` reads of a part of a spaced number (digits, a point: "3.530" reads 3.53).
_PLAIN_NUMBER = re.compile(r"\d*\.?\d+|\d+\.")
_PERCENT_AFTER = re.compile(r"\s*(?:percent\b|per\s?cent\b|%)")
#: The values of :data:`ZH_NUMBER_WORDS` as floats.
_ZH_NUMBER_WORD_VALUES = {w: tuple(float(v) for v in vs) for w, vs in ZH_NUMBER_WORDS.items()}
#: The full-width characters :data:`FULLWIDTH_DIGITS` maps, and what each becomes.
_HALFWIDTH_CHAR = {chr(k): chr(v) for k, v in FULLWIDTH_DIGITS.items()}
#: The values of :data:`EN_NUMBER_LIKE` as floats.
_NUMBER_LIKE_VALUES = {w: tuple(float(v) for v in vs) for w, vs in EN_NUMBER_LIKE.items()}
#: The value of a lone English number word (``three``, ``twenty``, ``hundred``, ``million``).
_WORD_VALUE = {**EN_UNITS, **EN_TENS, **EN_SCALES}
#: Builds a :class:`Mention` from all eight fields, in a third of the time ``Mention(...)``
#: takes (no keywords or defaults to resolve): the readers build one for every number.
_new = tuple.__new__
#: Sorts mentions by where they start (stable, as ``key=lambda m: m.start``).
_START = operator.itemgetter(0)
#: Whether a mention is strong (``m.strong``, mapped over mentions without a generator).
_STRONG = operator.itemgetter(4)

# Spans already taken by a reader are kept in a ``bytearray`` with a byte per character of the
# text, 1 where a mention (or a URL) stands: a later mention over any of them is dropped
# (``1 in taken[a:b]``, every span being non-empty). Unlike a list of spans, the test does not
# grow with the number of mentions, so a text with 100,000 numbers is read in linear time.

# --- small helpers ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def zh_numeral_value(run: str) -> float | None:
    """The value of a run of Chinese numerals, or None when it is not one number.

    >>> [zh_numeral_value(s) for s in ("二十九", "两百", "一千二百", "〇", "二〇二三", "三点五")]
    [29.0, 200.0, 1200.0, 0.0, 2023.0, 3.5]
    >>> zh_numeral_value("五六") is None, zh_numeral_value("十四五") is None
    (True, True)
    """
    if not run:
        return None
    if all(c in _ZH_DIGIT_VALUE for c in run):
        if len(run) == 1:
            return float(_ZH_DIGIT_VALUE[run])
        if len(run) >= 4 or "〇" in run or "零" in run:
            return float("".join(str(_ZH_DIGIT_VALUE[c]) for c in run))
        return None  # 五六个 "five or six", 三七 "three to seven"
    if all(c in _ZH_MULTIPLIER_VALUE for c in run):
        return float(math.prod(_ZH_MULTIPLIER_VALUE[c] for c in run))  # 百万, 万
    if re.search(r"[一二两三四五六七八九]{2}[十百千万亿]", run):
        return None  # 二三十 "twenty or thirty"
    import cn2an  # imported here: 0.2 s, paid only by texts with Chinese numerals

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = cn2an.cn2an(run, "normal")
        except (ValueError, KeyError, IndexError, TypeError):
            return None
    return float(value)


def _unit_of(digits: str, decimal: str) -> float:
    """Place value of the last digit written (``29.6`` → 0.1, ``30`` → 1)."""
    if decimal in digits:
        return 10.0 ** -len(digits.rsplit(decimal, 1)[1])
    return 1.0


def _trailing_zero_unit(value: float, unit: float) -> float:
    """``30`` → 10, ``12,000`` → 1,000, ``1.2 million`` → 100,000: the precision a round
    number written after ``about`` really has."""
    steps = round(value / unit)
    if steps <= 0:
        return unit
    while steps % 10 == 0:
        steps //= 10
        unit *= 10
    return unit


def mention_matches(source: Mention, target: Mention) -> bool:
    """Whether ``target`` renders ``source`` (the target may round, never the source).

    >>> m = lambda v, unit=1.0, approx=False: Mention(0, 1, (v,), unit, approx=approx)
    >>> mention_matches(m(1234567), m(1.2e6, 1e5)), mention_matches(m(29.6, 0.1), m(30))
    (True, True)
    >>> mention_matches(m(29), m(28)), mention_matches(m(1.2e6, 1e5), m(1.2e7, 1e6))
    (False, False)
    >>> mention_matches(m(29), m(30, approx=True)), mention_matches(m(28), m(30, approx=True))
    (True, False)
    >>> mention_matches(m(1.5, 0.1), m(2)), mention_matches(m(3e4, 1e4), m(3.1e4))
    (False, False)
    """
    rounding = target.unit * 0.499 if target.kind not in ("word", "code", "date") else 0.0
    # 29.6 → 30, 1,234,567 → 1.2 million; not 1.5 → 2, not 3万 → 31,000
    tol = rounding if source.unit < target.unit else 0.0
    if target.approx and target.kind != "time" and target.unit >= 1:
        # "about 30" for 29.6 or 31, not for 27; "more than 500" is not 461
        widened = _trailing_zero_unit(target.value, target.unit) / 2
        tol = max(tol, min(widened, 0.05 * abs(target.value)))
    if target.kind in ("date", "iso") and source.kind not in ("date", "year", "time", "iso"):
        return False  # the 24 of "July 24" does not render 24例
    if target.kind == "iso" and source.kind == "iso":
        return source.value == target.value
    if target.kind == "time" and source.kind in ("time", "date", "iso", "year"):
        # 9:30 is not 8:30 for sharing the 30, nor 19:42 the 7 of 2020-07-26
        return source.kind == "time" and _same_time(source.values[0], target.values[0])
    main = target.values[0]
    if len(source.values) == 1 and len(target.values) == 1:  # the loop below, for one pair
        vs = source.values[0]
        if vs >= TIME_BASE or main >= TIME_BASE:
            return vs == main
        return abs(vs - main) <= tol + 1e-9 * max(abs(vs), abs(main), 1.0)
    for i, vs in enumerate(source.values):
        for vt in target.values:
            if vs >= TIME_BASE or vt >= TIME_BASE:
                if vs == vt:
                    return True
                continue
            # a value the source implies (6500万亩 → 4.333 million hectares) may be rounded
            t_tol = (tol if i == 0 else max(tol, rounding)) if vt == main else 0.0
            if abs(vs - vt) <= t_tol + 1e-9 * max(abs(vs), abs(vt), 1.0):  # _close, inlined
                return True
    return False


def _exact(t: Mention) -> bool:
    """Whether any source mention with one of target mention ``t``'s values matches it: it
    is not of a kind mention_matches compares apart (a date, an ISO date, a clock time) nor
    rounded as an approximate number is (see mention_matches: then it cannot fail either)."""
    return t.kind not in ("date", "iso", "time") and not (t.approx and t.unit >= 1)


def _exact_values(target: list[Mention]) -> set[float] | None:
    """The values of the target mentions that are :func:`_exact`: a source mention with one
    is matched. None if some target mention could make mention_matches fail (an approximate
    number with no finite value), which must then be met in order."""
    values: set[float] = set()
    for t in target:
        if t.approx and t.unit >= 1 and t.kind != "time":
            if not math.isfinite(t.value):
                return None
        elif t.kind not in ("date", "iso", "time"):
            values.update(t.values)
    return values


def _matched_in(found: list[Mention], t: Mention) -> bool:
    """Whether a (source) mention of ``found`` matches target mention ``t``."""
    return any(mention_matches(s, t) for s in found)


def _halfwidth(text: str) -> str:
    """Full-width digits and signs as ASCII (one code point each: offsets keep)."""
    if text.isascii():
        return text
    return _halfwidth_of(text)


@functools.lru_cache(maxsize=4096)
def _halfwidth_of(text: str) -> str:
    """:func:`_halfwidth` of non-ASCII text, remembered: the number rules, the date rules and
    the date rule's source reading each ask for the same source texts."""
    # ``text.translate(FULLWIDTH_DIGITS)``, several times faster on Chinese text: each
    # character found is replaced (one code point by one), first the ， nearly every sentence has
    if "，" in text:
        text = text.replace("，", ",")
    if _FULLWIDTH.search(text) is not None:
        for ch in set(_FULLWIDTH.findall(text)):
            text = text.replace(ch, _HALFWIDTH_CHAR[ch])
    return text


def _digit_starts(text: str, first: int) -> list[int]:
    """Where each run of digits of ``text`` starts (from ``first``, the first digit).

    Every pattern here that starts with a digit also refuses a digit before it, so its matches
    start at these places only, and :func:`_matches_at` tries it there instead of at every
    character (the look-behind each of them starts with keeps the engine from skipping).
    """
    return [m.start() for m in _DIGIT_RUN.finditer(text, first)] if first >= 0 else []


def _starts(chars: re.Pattern[str], text: str) -> list[int]:
    """Where the characters of a one-character class stand in ``text``."""
    return [m.start() for m in chars.finditer(text)]


def _zh_time_starts(text: str) -> list[int]:
    """Where a match of :data:`_ZH_TIME` may start: at a character that begins its period
    (下午) or hour (三, 16), at most :data:`_ZH_TIME_REACH` before a 时 or 点."""
    out: set[int] = set()
    for unit in "时点":
        q = text.find(unit)
        while q >= 0:
            for p in range(max(0, q - _ZH_TIME_REACH), q):
                if text[p] in _ZH_TIME_FIRST or text[p].isdecimal():
                    out.add(p)
            q = text.find(unit, q + 1)
    return sorted(out)


#: Bytes of ASCII digits made ``0``, every other byte a space (see :func:`_digit_runs`).
_DIGIT_MARKS = bytes(48 if 48 <= c <= 57 else 32 for c in range(256))


def _digit_runs(text: str) -> list[int]:
    """Where each run of digits of ``text`` starts (``m.start()`` of each match of
    :data:`_DIGIT_RUN`); in ASCII text found with bytes.find in the text with its digits made
    ``0`` and every other character a space, faster than by the regex engine."""
    if not text.isascii():
        return [m.start() for m in _DIGIT_RUN.finditer(text)]
    find = text.encode("ascii").translate(_DIGIT_MARKS).find
    out = []
    i = find(48)
    while i >= 0:
        out.append(i)
        i = find(32, i)  # where the run ends
        if i < 0:
            break
        i = find(48, i)
    return out


#: What an ISO date (:data:`_ISO_DATE`) has after its year.
_ISO_SEPARATORS = ("-", "/", ".")
#: What the year of an ISO date starts with.
_CENTURIES = ("19", "20")


def _iso_starts(text: str, runs: list[int]) -> list[int]:
    """The runs of digits (their starts) a match of :data:`_ISO_DATE` may start at: 19 or 20
    and two digits more, then ``-``, ``/`` or ``.`` (tried there alone, the others cannot
    hold one: see :func:`_matches_at`)."""
    return [
        r for r in runs if text[r + 4 : r + 5] in _ISO_SEPARATORS and text.startswith(_CENTURIES, r)
    ]


def _has_digit(text: str) -> bool:
    """``_HAS_DIGIT.search(text) is not None``, faster on ASCII text (where ``\\d`` is
    ``[0-9]``): bytes.translate drops the digits without the regex engine's step per
    character, and a shorter result had some."""
    if text.isascii():
        return len(text.encode("ascii").translate(None, b"0123456789")) < len(text)
    return _HAS_DIGIT.search(text) is not None


def _first_digit(text: str) -> int:
    """Where the first digit of ``text`` is (-1: none).

    The patterns that begin with a digit are searched from there: no match of theirs starts
    earlier, and their look-behinds still see the text before it.
    """
    m = _HAS_DIGIT.search(text)
    return -1 if m is None else m.start()


#: The words of :data:`_ROMAN_HINT` (its ``[IVX]{2}`` is looked for in bytes).
_ROMAN_WORDS = re.compile(r"Level|Phase|Grade|Class|Stage|Part|Type")
#: Bytes I, V and X kept, every other byte a space.
_IVX = bytes(c if c in b"IVX" else 32 for c in range(256))


def _roman_hint(text: str) -> bool:
    """``_ROMAN_HINT.search(text) is not None``, faster: two of I, V, X side by side, or a
    word such as ``Level`` (non-ASCII characters become ``?``, which is none of them)."""
    if ("I" in text or "V" in text or "X" in text) and any(
        len(run) > 1 for run in text.encode("ascii", "replace").translate(_IVX).split()
    ):
        return True
    return _ROMAN_WORDS.search(text) is not None


#: A day written as an ordinal (what :data:`_EN_DAY_ONLY` needs).
_DIGIT_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")
#: A run of digits then what makes it an ordinal (where a run starts: see _en_date_spans).
_DIGITS_THEN_ORDINAL = re.compile(r"\d*(?:st|nd|rd|th)")
#: Bytes of ASCII letters kept (lower case); every other byte a space.
_ASCII_LETTERS = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256)
)


@functools.lru_cache(maxsize=256)
def _folded(text: str) -> str:
    """The lower-cased text with every character but an ASCII letter made a space (``?`` for
    a non-ASCII one first). Same length as ``text`` when it is ASCII."""
    folded = text.lower().encode("ascii", "replace").translate(_ASCII_LETTERS)
    return folded.decode("ascii")


@functools.lru_cache(maxsize=256)
def _lower_words(text: str) -> frozenset[str]:
    """``set(_WORD_TOKEN.findall(text.lower()))`` without the regex: runs of ASCII letters of
    the lower-cased text (any other character separates them). Remembered: the target's
    number words are asked for twice in a row."""
    return frozenset(_folded(text).split())


@functools.lru_cache(maxsize=4096)
def _known_words(text: str) -> frozenset[str]:
    """``_lower_words(text) & _KNOWN_WORDS``: the words of ``text`` the English readers look
    for (number words, ordinals, ``twice``...), found faster than all its words.

    An ASCII text is folded as bytes (see :func:`_folded_bytes`), its words then made of
    bytes: the same words, split and looked up faster. Remembered for more texts than the
    chunk :class:`NumberMismatch` reads at a time: it asks for them in several passes.
    """
    if text.isascii():
        found = _KNOWN_BYTE_WORDS.intersection(_folded_bytes(text).split())
        return frozenset([_KNOWN_BYTES[w] for w in found]) if found else _NO_WORDS
    return _KNOWN_WORDS.intersection(_folded(text).split())


#: :data:`_ASCII_LETTERS` with the digits made ``0`` (see :func:`_may_count`).
_FOLDED_OR_DIGIT = bytes(48 if 48 <= c <= 57 else b for c, b in enumerate(_ASCII_LETTERS))


def _folded_bytes(text: str) -> bytes:
    """:func:`_folded` of an ASCII text, as bytes (``str.lower`` changes no length there, and
    the table lower-cases as well)."""
    return text.encode("ascii").translate(_ASCII_LETTERS)


def _word_starts(folded: str, words: set[str]) -> list[int]:
    """Where the words stand in ``folded`` (see :func:`_folded`) as whole words, in order."""
    return _padded_starts(f" {folded} ".encode("ascii"), words)


def _padded_starts(padded: bytes, words: set[str]) -> list[int]:
    """:func:`_word_starts` with ``padded`` the folded text (as bytes) between two spaces: a
    whole word is then the word between two spaces, and nothing else is found."""
    out = []
    for w in words:
        pattern = _PADDED_WORD[w]
        i = padded.find(pattern)
        while i >= 0:
            out.append(i)  # in the folded text, the word starts there (after the space)
            i = padded.find(pattern, i + len(pattern) - 1)
    out.sort()
    return out


def _matches_at(
    pattern: re.Pattern[str], text: str, starts: Sequence[int]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` when every match can only start at one of ``starts``
    (ascending): the pattern is tried there alone, left to right, never inside a match."""
    end = 0
    for p in starts:
        if p < end:
            continue
        m = pattern.match(text, p)
        if m is not None:
            yield m
            end = m.end()


def _word_matches(
    pattern: re.Pattern[str], text: str, words: set[str]
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches start with one of ``words``
    (lower-cased) standing as a whole word: in ASCII text only there is it tried."""
    if not text.isascii():
        return pattern.finditer(text)
    return _matches_at(pattern, text, _word_starts(_folded(text), words))


def _urls(text: str) -> Iterator[re.Match[str]]:
    if "@" in text or "www." in text or "//" in text:
        yield from _URL.finditer(text)


def _same_time(a: float, b: float) -> bool:
    """Two clock keys agree, to the second when both give seconds (19:43:50 ≠ 19:42:50),
    else to the minute (19:43 = 19:43:50)."""
    x, y = int(a - TIME_BASE), int(b - TIME_BASE)
    return x == y if x % 60 and y % 60 else x // 60 == y // 60


def _one_of(ch: str, chars: str) -> bool:
    """``ch in chars`` for a one-character slice that may be empty (``"" in s`` is True)."""
    return ch != "" and ch in chars


def _char_before(text: str, i: int) -> str:
    return text[i - 1] if i > 0 else ""


def _taken_mask(text: str, spans: Sequence[tuple[int, int]] = ()) -> bytearray:
    """The ``taken`` bytes of ``text`` (see above) with ``spans`` marked."""
    taken = bytearray(len(text))
    for a, b in spans:
        taken[a:b] = b"\x01" * (b - a)
    return taken


def _time_values(hour: int, minute: int, second: int = 0) -> tuple[float, ...]:
    """A clock time's key (seconds into a 12-hour dial, above TIME_BASE), then its hour and
    minute as plain numbers (16时 may be "16:00", "4 p.m." or "1600 hours")."""
    key = TIME_BASE + ((hour % 12) * 60 + minute) * 60 + second
    values = [key, float(hour)]
    if hour > 12:
        values.append(float(hour - 12))
    values.append(float(minute))
    return tuple(values)


def _paired(m: re.Match[str], strong: bool = True) -> Mention:
    """Two numbers read together: ``3:0`` (a score, or a clock time gone wrong: ``8:2 am``,
    ``150:30``) is compared as a time; ``24/7``, ``1/3`` as a whole, any reading matching."""
    a, b = int(m.group(1)), int(m.group(2))
    if m.group(0)[len(m.group(1))] == ":":
        return Mention(m.start(), m.end(), _time_values(a, b), strong=strong, kind="time",
                       pairable=True)  # fmt: skip
    values = (a, b, a / b, a / b * 100) if b else (a, b)
    return Mention(m.start(), m.end(), tuple(map(float, values)), strong=strong, pairable=True)


def _clock_values(m: re.Match[str]) -> tuple[float, ...]:
    """Values of ``19:44:50``: the time, and the hour, minute and second as plain numbers."""
    second = int(m.group(3)) if m.group(3) else 0
    values = _time_values(int(m.group(1)), int(m.group(2)), second)
    return (*values, float(second)) if second else values


def _is_code(text: str, start: int, end: int) -> bool:
    """Digits that belong to a name or code (COVID-19, G20, 5G, MH370, Chang'e-5)."""
    if start:
        ch = text[start - 1]
        if ch.isascii():
            if ch.isalpha():
                letters = _LETTERS_AT_END.search(text[max(0, start - 4) : start])
                return letters is None or letters.group() not in _CURRENCY_CODES
            if ch == "-" and start > 1 and text[start - 2].isascii() and text[start - 2].isalpha():
                return True
        elif ch == "–" and start > 1 and text[start - 2].isascii() and text[start - 2].isalpha():
            return True
    after = text[end : end + 1]
    if after.isascii() and after.isalpha():
        word = _LETTERS.match(text, end)
        unit = word is not None and (
            word.group() in _GLUED_UNITS
            or (word.group().islower() and (len(word.group()) > 1 or word.group() in "mgtlhskbx"))
        )
        return not unit
    return False


# --- Chinese mentions ------------------------------------------------------------------------


def _in_numeral_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside a word such as 一带一路, 两岸, 十分, 统一."""
    for w in _ZH_NUMERAL_WORD_RE.finditer(text, max(0, start - 5), end + 5):
        if w.start() < end and start < w.end():
            return True
    return False


@functools.lru_cache(maxsize=4096)
def _zh_dates(text: str) -> tuple[tuple[DateMention, tuple[Mention, ...]], ...]:
    """The dates of half-width Chinese text with their parts as mentions, remembered:
    ``number-mismatch`` and ``date-mismatch`` read the same sources."""
    return tuple((date, tuple(parts)) for date, parts in _zh_date_parts(text))


def _zh_date_parts(text: str) -> Iterator[tuple[DateMention, list[Mention]]]:
    if "年" not in text and "月" not in text and "日" not in text and "号" not in text:
        return
    for m in _matches_at(_ZH_DATE, text, _starts(_ZH_DATE_START, text)):
        y, mo, d = m.group("y"), m.group("m"), m.group("d")
        if not (y or mo or d):
            continue
        if d and not mo:
            if not d.isdigit() or text[m.end() - 1] == "号" or _ZH_NOT_DAY.match(text, m.end()):
                continue
            prev = _char_before(text, m.start())
            if _one_of(prev, "第每近前后" + _ZH_NUM_CHARS):
                continue
        if mo and not y and not d and _one_of(_char_before(text, m.start()), "第每个"):
            continue
        year = _zh_int(y) if y else None
        month = _zh_int(mo) if mo else None
        day = _zh_int(d) if d else None
        parts = []
        for group, value in (("y", year), ("m", month), ("d", day)):
            if value is None:
                continue
            a, b = m.span(group)
            # a bare year is a number to translate; the year of a date may be left to context
            only_year = group == "y" and not mo and not d
            kind = "year" if group == "y" else "date"
            parts.append(
                Mention(a, b, (float(value),), strong=only_year, kind=kind, pairable=kind == "year")
            )
        yield DateMention(m.start(), m.end(), year, month, day), parts


def _zh_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    v = zh_numeral_value(s)
    return int(v) if v is not None else None


def zh_dates(text: str) -> list[DateMention]:
    """Dates and weekdays in Chinese text.

    >>> [(d.year, d.month, d.day, d.weekday) for d in zh_dates("2023年9月1日（周五）")]
    [(2023, 9, 1, None), (None, None, None, 5)]
    """
    text = _halfwidth(text)
    out = [d for d, _ in _zh_dates(text)]
    if ("19" in text or "20" in text) and _HAS_DIGIT.search(text):
        out += _iso_dates(text)
    dated = "月" in text or "日" in text or "号" in text
    for m in _ZH_MONTH_PAIR.finditer(text) if dated else ():
        out.append(DateMention(m.start(1), m.end(1), month=_ZH_DIGIT_VALUE[m.group(1)]))
    for m in _ZH_DATE_RANGE.finditer(text) if dated else ():
        first = _zh_int(m.group(1))
        if first is not None and 1 <= first <= (12 if m.group(3) == "月" else 31):
            part = "month" if m.group(3) == "月" else "day"
            out.append(DateMention(m.start(1), m.end(1), **{part: first}))
    weekdays = "周" in text or "星期" in text or "礼拜" in text
    for m in _ZH_WEEKDAY.finditer(text) if weekdays else ():
        if _one_of(text[m.end() : m.end() + 1], "年岁次个内"):
            continue  # 周三年, 每周一次 ("once a week") are not weekdays
        out.append(DateMention(m.start(), m.end(), weekday=ZH_WEEKDAYS[m.group(1)]))
    out.sort(key=lambda d: d.start)
    return out


def _iso_mention(m: re.Match[str]) -> Mention:
    """2020-07-26 as one number (a timestamp copied across): number-mismatch compares it whole
    with the source's own, and date-mismatch leaves it alone."""
    y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    values = (float(y * 10000 + mo * 100 + d), float(y), float(mo), float(d))
    return Mention(m.start(), m.end(), values, strong=False, kind="iso", pairable=True)


def _iso_dates(text: str) -> list[DateMention]:
    return [
        DateMention(m.start(), m.end(), int(m.group(1)), int(m.group(3)), int(m.group(4)))
        for m in _ISO_DATE.finditer(text)
    ]


def _url_codes(text: str, out: list[Mention], taken: bytearray) -> None:
    """Digits inside URLs: weak "code" mentions; the URL spans are taken from other readers."""
    for m in _urls(text):
        a, b = m.span()
        taken[a:b] = b"\x01" * (b - a)
        for d in _DIGIT_RUN.finditer(m.group()):
            out.append(
                Mention(
                    m.start() + d.start(),
                    m.start() + d.end(),
                    (float(d.group()),),
                    strong=False,
                    kind="code",
                )
            )


def zh_mentions(text: str) -> list[Mention]:
    """Numbers in Chinese text (offsets into ``text``).

    >>> [(text[m.start:m.end], m.value, m.strong) for text in ["1.2亿元和三万人"]
    ...  for m in zh_mentions(text)]
    [('1.2亿', 120000000.0, True), ('三万', 30000.0, True)]
    """
    text = _halfwidth(text)
    words = _zh_plain_words(text)
    if words is not None:
        found = _zh_plain_mentions(text, words)  # None: a digit before a unit (see _zh_plain)
        if found is not None:
            return found
    return _zh_all_mentions(text)


def _zh_all_mentions(text: str) -> list[Mention]:
    """:func:`zh_mentions` of half-width text, every reader tried."""
    out: list[Mention] = []
    taken = bytearray(len(text))
    if "@" in text or "www." in text or "//" in text:
        _url_codes(text, out, taken)
    numerals, runs = _numeral_runs(text)
    if runs and ("19" in text or "20" in text):
        for m in _matches_at(_ISO_DATE, text, _iso_starts(text, runs)):
            a, b = m.span()
            if 1 not in taken[a:b]:
                out.append(_iso_mention(m))
                taken[a:b] = b"\x01" * (b - a)
    colon = bool(runs) and (":" in text or "：" in text)
    for m in _matches_at(_CLOCK, text, runs) if colon else ():
        a, b = m.span()
        if 1 not in taken[a:b]:
            out.append(_new(Mention, (a, b, _clock_values(m), 1.0, False, "time", False, True)))
            taken[a:b] = b"\x01" * (b - a)
    for m in _matches_at(_PAIRED, text, runs) if colon or (runs and "/" in text) else ():
        a, b = m.span()
        if 1 not in taken[a:b]:
            out.append(_paired(m, strong=False))  # 3：0, a score the translation writes 3-0
            taken[a:b] = b"\x01" * (b - a)
    if "年" in text or "月" in text or "日" in text or "号" in text:
        for date, parts in _zh_dates(text):
            if 1 not in taken[date.start : date.end]:
                for p in parts:
                    out.append(p)
                    taken[p.start : p.end] = b"\x01" * (p.end - p.start)
    if "时" in text or "点" in text:
        _zh_times(text, out, taken)
    for m in _ZH_PERCENT.finditer(text) if "分之" in text else ():
        a, b = m.span()
        if 1 in taken[a:b]:
            continue
        if m.group("per"):
            n = _zh_float(m.group("n"))
            if n is None:
                continue
            values = (n,) if m.group("per") == "百" else (n, n / 10)
            out.append(Mention(a, b, values, kind="percent"))
        else:
            den, num = _zh_float(m.group("den")), _zh_float(m.group("num"))
            if not den or num is None:
                continue
            out.append(Mention(a, b, (num / den, num / den * 100, den, num), kind="percent"))
        taken[a:b] = b"\x01" * (b - a)
    for m in _zh_numbers(text, numerals):
        start, end = m.span()
        if 1 in taken[start:end]:
            # a number ahead of a date or time it overlaps: keep the part before it
            continue
        add_zh_number(text, m, out)
        taken[start:end] = b"\x01" * (end - start)
    for m in _ZH_HALF.finditer(text) if "半" in text else ():
        a, b = m.span()
        if 1 not in taken[a:b]:
            out.append(
                _new(Mention, (a, b, ZH_HALF_UNITS[m.group(1)], 1.0, False, "word", False, False))
            )
            taken[a:b] = b"\x01" * (b - a)
    if _ZH_NUMBER_WORD_START.search(text) is not None:
        for m in _ZH_NUMBER_WORD.finditer(text):
            a, b = m.span()
            if 1 not in taken[a:b]:
                values = _ZH_NUMBER_WORD_VALUES[m.group()]
                out.append(_new(Mention, (a, b, values, 1.0, False, "word", False, False)))
    if len(out) > 1:
        out.sort(key=_START)
    if "(" in text or "（" in text:
        _weaken_glosses(text, out)
    return out


#: What a Chinese text without which :func:`zh_mentions` reads digits and number words alone
#: (see :func:`_zh_plain`): a numeral, 半, a URL's @ or /, a slash or colon of a score or a
#: clock time, a bracket of a gloss.
_ZH_NOT_PLAIN = re.compile(r"[零〇一二两三四五六七八九十百千万亿廿卅半@/(（:：]")
#: A character of :data:`_ZH_NOT_PLAIN` or of :data:`_ZH_NUMBER_WORD_START` (see
#: :func:`_zh_plain_words`).
_ZH_NOT_PLAIN_OR_WORD = re.compile(
    f"[{_ZH_NOT_PLAIN.pattern[1:-1]}{_ZH_NUMBER_WORD_START.pattern[1:-1]}]"
)
#: A digit before the unit of a date or a time: every match of _ZH_DATE or _ZH_TIME in text
#: with no numeral has one (their lookahead, or their hour right before 时 or 点).
_ZH_DIGIT_UNIT = re.compile(r"\d ?[年月日号时点]")
#: What every match of :data:`_ISO_DATE` with a dash or a point has.
_ISO_HINT = re.compile(r"(?:19|20)\d\d[-.]")
#: :data:`_ZH_NUMBER` in text with no numeral (its scales are numerals: the group is never
#: set), written so that the regex engine looks for a digit alone.
_ZH_DIGITS = re.compile(
    r"(?P<n>\d\d*(?:(?:,\d{3})+(?:\.\d+)?|\.\d+)?)(?P<more>多|余)?(?P<scale>(?!))?(?P<pct>%)?"
)


def _zh_plain(text: str) -> bool:
    """Whether the mentions of (half-width) Chinese ``text`` are its digit numbers
    (:func:`add_zh_number`) and number words alone, as :func:`_zh_plain_mentions` reads them:
    it has no numeral, and nothing a URL, an ISO date, a clock time, a score or a fraction
    (24/7, 3:0), a date, a time, a percentage in words (分之), a half (半) or a gloss needs.
    Most sentences with numbers have a date or a numeral; the others are read several times
    faster."""
    return _zh_plain_words(text) is not None and _ZH_DIGIT_UNIT.search(text) is None


def _zh_plain_words(text: str) -> bool | None:
    """None unless the text is :func:`_zh_plain` but for a digit before a unit (which
    :func:`_zh_plain_mentions` looks for where it reads the digits: see there); else whether
    a number word may start in it (a character of :data:`_ZH_NUMBER_WORD_START`), found in
    the same search for the most part: the first character of either class tells which it
    is, and a text with a word's start is searched on from there for one that is not plain."""
    if "分之" in text or "www." in text:
        return None
    words = False
    first = _ZH_NOT_PLAIN_OR_WORD.search(text)
    if first is not None:
        if _ZH_NOT_PLAIN.match(text, first.start()) is not None:
            return None
        words = True
        if _ZH_NOT_PLAIN.search(text, first.end()) is not None:
            return None
    if ("-" in text or "." in text) and _ISO_HINT.search(text) is not None:
        return None
    return words


def _zh_plain_mentions(text: str, words: bool | None = None) -> list[Mention] | None:
    """:func:`zh_mentions` of half-width text that :func:`_zh_plain` accepts: the matches of
    :data:`_ZH_NUMBER` (those of :data:`_ZH_DIGITS` there), then the number words, which
    cannot overlap them (no word of ZH_NUMBER_WORDS has a digit, 多, 余 or %, and no other
    reader takes anything).

    Of text that :func:`_zh_plain_words` accepts, None if :func:`_zh_plain` does not: a
    match of :data:`_ZH_DIGIT_UNIT` has its digit in a match of _ZH_DIGITS (each digit is),
    the last of its number ("n", which takes a space or a unit after a digit in no branch),
    so it is looked for there alone, not in a read of the whole text.

    ``words``: whether a character of :data:`_ZH_NUMBER_WORD_START` is in the text, when the
    caller knows (see :func:`_zh_plain_words`)."""
    out: list[Mention] = []
    for m in _ZH_DIGITS.finditer(text):
        if _ZH_DIGIT_UNIT.match(text, m.end(1) - 1) is not None:  # (group 1: "n")
            return None
        add_zh_number(text, m, out)
    if words is None:
        words = _ZH_NUMBER_WORD_START.search(text) is not None
    if words:
        for m in _ZH_NUMBER_WORD.finditer(text):
            a, b = m.span()
            values = _ZH_NUMBER_WORD_VALUES[m.group()]
            out.append(_new(Mention, (a, b, values, 1.0, False, "word", False, False)))
    if len(out) > 1:
        out.sort(key=_START)
    return out


def _numeral_runs(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The spans of the runs of :data:`_ZH_NUMBER_START` characters (what a Chinese number
    starts with) and where each run of digits starts (:func:`_digit_starts`), found in them:
    one read of the text for both."""
    numerals = [m.span() for m in _ZH_NUMBER_RUN.finditer(text)]
    runs = []
    for a, b in numerals:
        if text[a:b].isdecimal():  # (what \d matches)
            runs.append(a)
        else:
            runs += [m.start() for m in _DIGIT_RUN.finditer(text, a, b)]
    return numerals, runs


def _zh_numbers(text: str, numerals: list[tuple[int, int]]) -> list[re.Match[str]]:
    """``_matches_at(_ZH_NUMBER, text, _starts(_ZH_NUMBER_START, text))``, faster (given the
    runs of :func:`_numeral_runs`): a match starts at every character of the class and takes
    one at least, so the ones tried are the first of each run, and where the last match ended
    if that is in a run."""
    out = []
    last = 0
    for p, run_end in numerals:
        p = max(p, last)
        while p < run_end:
            m = _ZH_NUMBER.match(text, p)
            if m is None:  # (never)
                p += 1
                continue
            out.append(m)
            p = last = m.end()
    return out


def _zh_times(text: str, out: list[Mention], taken: bytearray) -> None:
    """The clock times of Chinese text (下午三点, 16时20分) as mentions."""
    for m in _matches_at(_ZH_TIME, text, _zh_time_starts(text)):
        if 1 in taken[m.start("h") : m.end("h")]:
            continue
        h, pre = m.group("h"), m.group("pre")
        if not h.isdigit() and not (pre or m.group("m") or m.group("half")):
            continue
        hour = _zh_int(h)
        minute = 30 if m.group("half") else (_zh_int(m.group("m")) if m.group("m") else 0)
        if hour is None or minute is None or hour > 24:
            continue
        if pre in ("下午", "傍晚", "晚上", "夜间", "夜里", "晚") and hour < 12:
            hour += 12
        start = m.start("pre") if pre else m.start("h")
        # 0时, 24时 ("midnight", "the end of the day") and 0—24时 ("on July 25") are formulae;
        # the time of a dated timestamp (7月25日12时20分) a translation may leave to the date.
        formula = hour % 24 == 0 or _one_of(_char_before(text, start), _RANGE)
        stamped = _one_of(_char_before(text, start), "日号")
        out.append(
            Mention(
                start,
                m.end(),
                _time_values(hour, minute),
                strong=not (formula or stamped),
                kind="time",
                pairable=not formula,
            )
        )
        taken[start : m.end()] = b"\x01" * (m.end() - start)


def _weaken_glosses(text: str, found: list[Mention]) -> None:
    """A number in brackets right after another number is a conversion the translator (or the
    writer) added: ``6,000 mu (400 hectares)``, ``5万元（约合7000美元）``. Never reported."""
    if "(" not in text and "（" not in text:
        return
    ends = None
    for i, m in enumerate(found):
        if not m.strong or i == 0:
            continue
        head = text[max(0, m.start - 40) : m.start]
        bracket = _GLOSS_OPEN.search(head)
        if bracket is None:
            continue
        opened = m.start - len(head) + bracket.start()
        if _VERIFIABLE_GLOSS.match(text, m.end):
            continue  # 6500万亩 (4.33 million hectares): a conversion the rule can check
        if i <= _GLOSS_SCAN:
            glossed = any(
                p.end <= opened and _GLOSS_GAP.fullmatch(text, p.end, opened) for p in found[:i]
            )
        else:  # the same, without trying every mention before (a text with many numbers)
            if ends is None:
                ends = list(itertools.accumulate((p.end for p in found), max))
            glossed = _ends_between(found, ends, i, _gloss_gap_start(text, opened), opened)
        if glossed:
            found[i] = m._replace(strong=False)


#: Past this many mentions before one, _weaken_glosses looks for the number it glosses by
#: where the gap to it can start (see _gloss_gap_start) rather than trying every mention.
_GLOSS_SCAN = 32
#: The characters of a word in a gap _GLOSS_GAP allows (``[A-Za-z.$€£¥%-]``).
_GLOSS_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.$€£¥%-")


def _gloss_gap_start(text: str, end: int) -> int:
    """The first ``e`` for which ``_GLOSS_GAP.fullmatch(text, e, end)``: every ``e`` from
    there to ``end`` matches, none before.

    The pattern takes white space and up to three runs of the characters of words, or up to
    four Han characters: each side is read back from ``end`` for as long as it allows.
    """
    han = end
    while han > max(0, end - 4) and "\u4e00" <= text[han - 1] <= "\u9fff":
        han -= 1
    start, runs, in_word = end, 0, False
    while start > 0:
        ch = text[start - 1]
        if ch in _GLOSS_WORD_CHARS:
            if not in_word:
                if runs == 3:
                    break
                runs, in_word = runs + 1, True
        elif ch.isspace():  # what \s matches
            in_word = False
        else:
            break
        start -= 1
    return min(han, start)


def _ends_between(found: list[Mention], ends: list[int], i: int, low: int, high: int) -> bool:
    """Whether a mention before ``found[i]`` ends between ``low`` and ``high`` (inclusive);
    ``ends[j]`` is the last end of ``found[: j + 1]``, so the search stops where none can."""
    for j in range(i - 1, -1, -1):
        if ends[j] < low:
            return False
        if low <= found[j].end <= high:
            return True
    return False


def _zh_float(s: str) -> float | None:
    if _DECIMAL.fullmatch(s):
        return float(s)
    return zh_numeral_value(s)


def add_zh_number(text: str, m: re.Match[str], out: list[Mention]) -> None:
    """Turn one match of the general Chinese number pattern into a mention."""
    start, end = m.span()
    n, more, scale, pct = m.groups()  # (the groups of _ZH_NUMBER, in order)
    before = text[start - 2 : start] if start > 1 else text[:start]
    after = text[end : end + 4]
    last, first = before[-1:], after[:1]  # the characters around it ("" at an end)
    strong, pairable = True, True
    kind = "percent" if pct else "number"
    approx = (
        bool(more)
        or (last in _ZH_APPROX_BEFORE_LAST and before.endswith(ZH_APPROX_BEFORE))
        or (first in _ZH_APPROX_AFTER_FIRST and after.startswith(ZH_APPROX_AFTER))
    )
    digits = n[0].isdigit()
    if digits:
        n_end = start + len(n)
        # _is_code, asked only where it may hold: a character before that is ASCII or a dash
        # (or none), or an ASCII letter after (most numbers stand between Chinese characters)
        nxt = text[n_end : n_end + 1]
        if (last.isascii() or last == "–" or (nxt.isascii() and nxt.isalpha())) and _is_code(
            text, start, n_end
        ):
            value = float(n.replace(",", ""))
            out.append(_new(Mention, (start, n_end, (value,), 1.0, False, "code", False, False)))
            return
        value = float(n.replace(",", "")) if "," in n else float(n)
        unit = _unit_of(n, ".")
        if len(n) == 4 and 1900 <= value < 2100 and not scale and not pct:
            kind = "year"  # 2020湖南红色旅游文化节: may be the year of a date in the target
    else:
        parsed = zh_numeral_value(n)
        if parsed is None:
            out.append(Mention(start, end, _loose_values(n), strong=False, kind="word"))
            return
        value, unit = parsed, 1.0
        strong = _zh_numeral_is_count(text, start, start + len(n), n, before)
        if len(n) == 1 and strong:
            strong = False  # 三人, 五级: a count a translator may fold into the wording
        elif not strong:
            pairable = False
        vague = before.endswith(("几", "数")) or (
            before.endswith(("上", "成")) and n[0] in "十百千万亿"
        )  # 几十, 数百, 上万, 成千: "dozens", "hundreds", "tens of thousands"
        if vague or first == "几":
            strong = pairable = False
    values: tuple[float, ...] = (value,)
    if scale:
        factor = _ZH_SCALES[scale]
        values, value, unit = (value * factor,), value * factor, unit * factor
    if first and (first in _ZH_AFTER_FIRST or "半" in after[:3]):  # (most have none)
        if after.startswith("年代") and value < 100:
            values = (value, 1900 + value, 2000 + value)  # 八十年代 → the 1980s
        if after.startswith("成") and not scale:
            values = (*values, value * 10)  # 三成 → 30%
            strong = False
        elif after.startswith("倍") and text[max(0, start - 4) : start].endswith(_ZH_GROWTH):
            values = (*values, value + 1)  # 增长两倍: "grew by 200%" or "tripled"
        if n[-1] == "千" and first in ("米", "克", "瓦"):
            values = (*values, value / 1000)  # 三千米 → 3,000 m or 3 km
        if after.startswith(_ZH_UNIT_WORDS):
            for unit_word, factor in ZH_UNIT_CONVERSIONS.items():
                if after.startswith(unit_word):
                    values = (*values, value * factor)  # 1000斤 → 500 kg; 20里 → 10 km
                    break
        if "半" in after[:3] and _half_after(after):
            values = (*values, value + 0.5)
    if last == _ZH_ORDINAL_BEFORE:  # (before.endswith: it is one character)
        kind = "ordinal"
        start -= 1
    if value in (0, 1) or (value == 2 and not digits and not scale):
        strong = False  # 一 is often "a"; 两/二 "both", "another", "a couple of", "second"
        pairable = pairable and value == 2
    if first == "号":
        strong = False  # 5号线 "Line 5": a name the translation may shorten to "the line"
    if (
        strong
        # _counts_list counts at most 61 names (in 60 characters): other numbers count none
        and (
            (3 <= value <= 61 and value == int(value) and _counts_list(text, start, value))
            or before.endswith(_ZH_ANAPHORIC)
        )
    ):
        strong = False  # 北京、上海、广州3地: the translation may list them without the count
    if first and first in _RANGE and _range_to_date(text, end):
        strong, pairable, kind = False, False, "date"
    out.append(_new(Mention, (start, end, values, unit, strong, kind, approx, pairable)))


def _loose_values(run: str) -> tuple[float, ...]:
    """Values a run that is not one number may stand for: 五六百 → 5, 6, 500, 600."""
    values = [float(_ZH_DIGIT_VALUE[c]) for c in run if c in _ZH_DIGIT_VALUE]
    for a, b, mult in _ZH_VAGUE_PAIR.findall(run):
        factor = (zh_numeral_value(mult) if mult else None) or 1.0
        values += [_ZH_DIGIT_VALUE[a] * factor, _ZH_DIGIT_VALUE[b] * factor]
    for piece in re.findall(r"[十百千万亿]?[一二两三四五六七八九]?", run):
        v = zh_numeral_value(piece) if piece else None
        if v is not None:
            values.append(v)
    return tuple(dict.fromkeys(values)) or (0.0,)


def _counts_list(text: str, start: int, value: float) -> bool:
    """A count of the names listed just before it (北京交通大学、北京科技大学、北京邮电大学
    3所高校): redundant, so a translation may give the list alone. A list that ends in 等
    ("including") is partial, and its count is news."""
    low = max(0, start - 60)
    if (
        text.find("、", low, start) < 0
        and text.find("和", low, start) < 0
        and text.find("及", low, start) < 0
    ):
        return False  # (``items`` below is 1: no list)
    head = text[low:start]
    head = head[max(head.rfind("，"), head.rfind("。"), head.rfind("；"), head.rfind("：")) + 1 :]
    items = head.count("、") + 1 + head.count("和") + head.count("及")
    return items >= 3 and items == value and not head.endswith("等")


def _half_after(after: str) -> bool:
    """三年半, 两个半小时: a half added to the number."""
    return bool(re.match(r"(?:个)?[^\d\s，。]?半(?!年以|月以|决|导|数)", after))


def _range_to_date(text: str, end: int) -> bool:
    """1至9月, 3-5日: the first end of a range whose other end is a month or a day."""
    return bool(
        text[end : end + 1]
        and text[end] in _RANGE
        and re.match(r"[\d一二三四五六七八九十]{1,3}[月日号]", text[end + 1 : end + 5])
    )


def _zh_numeral_is_count(text: str, start: int, end: int, run: str, before: str) -> bool:
    """Whether a run of Chinese numerals is plainly a number, not part of a word."""
    if _in_numeral_word(text, start, end):
        return False
    if run[0] in "百千万亿":
        return False  # 百万富翁, 千万 ("by all means"), 万一 ("in case")
    has_multiplier = any(c in "十百千万亿廿卅" for c in run)
    if len(run) >= 2 and has_multiplier:
        return True
    return text[end : end + 3].startswith(ZH_MEASURES) or before.endswith(_ZH_ORDINAL_BEFORE)


# --- English and Latin-script mentions --------------------------------------------------------


def en_dates(text: str) -> list[DateMention]:
    """Dates and weekdays in English text.

    >>> [(d.year, d.month, d.day, d.weekday) for d in en_dates("Friday, Sept. 1, 2023")]
    [(None, None, None, 5), (2023, 9, 1, None)]
    """
    found, _, names = _en_dates_of(text)  # names: where _WEEKDAY_HINT matches
    out = list(found)
    # a weekday is a full name (it ends in "day") or an abbreviation: the start of one
    # (_WEEKDAY_ABBREVIATION) is a start of _WEEKDAY_HINT
    weekdays = names and (
        "day" in text or ("." in text and any(_WEEKDAY_ABBREVIATION.match(text, p) for p in names))
    )
    for m in _matches_at(_EN_WEEKDAY, text, names) if weekdays else ():
        name = (m.group(1) or m.group(2)).lower()
        out.append(DateMention(m.start(), m.end(), weekday=EN_WEEKDAYS[name]))
    if len(out) > 1:
        out.sort(key=_START)
    return out


def _month_ok(text: str, m: re.Match[str], has_day_or_year: bool) -> bool:
    name = m.group("mon").rstrip(".")
    if name == "May" and not has_day_or_year:
        prev = text[max(0, m.start() - 12) : m.start()].lower().split()
        return bool(prev) and prev[-1] in {
            "in",
            "of",
            "since",
            "until",
            "early",
            "late",
            "mid",
            "last",
            "next",
            "this",
            "by",
            "before",
            "after",
        }
    if name in ("March",) and text[max(0, m.start() - 5) : m.start()] == "Long ":
        return False
    if len(name) <= 4 and name.lower() not in ("june", "july") and not has_day_or_year:
        return m.group("mon").endswith(".") and name not in ("Mar", "Jan", "Dec")
    return True


#: What :func:`_en_dates_of` found, by text (the 4,096 texts read last, about).
_EN_DATES: dict[str, tuple[tuple[DateMention, ...], tuple[Mention, ...], Sequence[int]]] = {}
#: What :func:`_en_dates_of` finds in a text with no digit and no month or weekday name.
_NO_DATES: tuple[tuple[DateMention, ...], tuple[Mention, ...], Sequence[int]] = ((), (), ())


def _en_dates_of(
    text: str, runs: list[int] | None = None
) -> tuple[tuple[DateMention, ...], tuple[Mention, ...], Sequence[int]]:
    """:func:`_en_date_spans` of English text, and where :data:`_WEEKDAY_HINT` matches in it,
    remembered: ``number-mismatch`` and ``date-mismatch`` read the same targets. ``runs``:
    the starts of its runs of digits, when the caller has them."""
    found = _EN_DATES.get(text)
    if found is None:
        if runs is None:
            if not _has_digit(text):
                # no date but one with a month name, no weekday but one _DAY_HINT finds; as
                # _read_latin reads no dates of such a text, it is not remembered
                if _DAY_HINT.search(text) is None:
                    return _NO_DATES
                runs = []
            else:
                runs = _digit_runs(text)
        months, weekdays = [], []
        for m in _DAY_HINT.finditer(text):
            (weekdays if m.group() in _WEEKDAY_HINTS else months).append(m.start())
        # (with no month name and no digit, a text has no date but a weekday)
        dates, parts = ((), ())
        if months or runs:
            dates, parts = _en_date_spans(text, bool(runs), runs, months)
        found = _EN_DATES[text] = tuple(dates), tuple(parts), weekdays
        if len(_EN_DATES) > 4096:  # forget the older half
            for old in list(itertools.islice(_EN_DATES, 2048)):
                _EN_DATES.pop(old, None)
    return found


def _en_date_spans(
    text: str,
    digits: bool = True,
    runs: Sequence[int] | None = None,
    months: list[int] | None = None,
) -> tuple[list[DateMention], list[Mention]]:
    """Dates of English text and their parts as mentions; ``runs`` are the starts of its runs
    of digits (see :func:`_digit_starts`) and ``months`` where :data:`_MONTH_HINT` matches,
    worked out when not given."""
    dates: list[DateMention] = []
    parts: list[Mention] = []
    if runs is None:
        runs = _digit_starts(text, _first_digit(text)) if digits else []
    # every month name starts with one of _MONTH_HINT's (capitalised: they cannot overlap)
    if months is None:
        months = [m.start() for m in _MONTH_HINT.finditer(text)]
    iso = digits and ("19" in text or "20" in text)
    isos = _iso_starts(text, runs) if iso else []
    # _DIGIT_ORDINAL.search(text) is not None: the last digit of a run is the one followed
    ordinal = False
    match = _DIGITS_THEN_ORDINAL.match
    for r in runs if digits else ():
        if match(text, r) is not None:
            ordinal = True
            break
    if not (months or isos or ordinal):  # (most texts: a date needs one)
        return dates, parts
    spans = bytearray(len(text))  # what the dates found take (as ``taken`` above)
    for regex in (_EN_DATE_DM, _EN_DATE_MD) if months else ():
        if regex is _EN_DATE_DM and not digits:
            continue
        for m in _matches_at(regex, text, runs if regex is _EN_DATE_DM else months):
            if 1 in spans[m.start() : m.end()]:
                continue
            d, y = m.group("d"), m.group("y")
            if d and not 1 <= int(d) <= 31:
                if regex is _EN_DATE_DM:
                    continue
                d = None
            if not _month_ok(text, m, bool(d or y)):
                continue
            end = m.end("d") if d and not y and regex is _EN_DATE_MD else m.end()
            if regex is _EN_DATE_MD and not d and not y:
                end = m.end("mon")
            month = EN_MONTHS[m.group("mon").rstrip(".").lower()]
            d2 = m.groupdict().get("d2")
            if d2 and d and not y:
                end = m.end("d2")
            dates.append(
                DateMention(m.start(), end, int(y) if y else None, month, int(d) if d else None)
            )
            if d2 and d and 1 <= int(d2) <= 31:
                dates.append(
                    DateMention(m.start("d2"), m.end("d2"), int(y) if y else None, month, int(d2))
                )
            spans[m.start() : end] = b"\x01" * (end - m.start())
            for group in ("d", "d2", "y"):
                if group == "d2" and not (d2 and d):
                    continue
                if m.group(group) and (group == "y" or d):
                    # the year of a date is a number number-mismatch checks when the source
                    # gives a year (a translation may add one to 7月26日); days are not
                    value = (float(m.group(group)),)
                    kind = "year" if group == "y" else "date"
                    parts.append(
                        Mention(m.start(group), m.end(group), value, strong=False, kind=kind)
                    )
    for m in _matches_at(_ISO_DATE, text, isos):
        if 1 not in spans[m.start() : m.end()]:
            dates.append(
                DateMention(m.start(), m.end(), int(m.group(1)), int(m.group(3)), int(m.group(4)))
            )
            spans[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            parts.append(_iso_mention(m))
    for m in _EN_DAY_ONLY.finditer(text) if ordinal else ():
        if 1 not in spans[m.start() : m.end()]:
            dates.append(DateMention(m.start(1), m.end(), day=int(m.group(1))))
            parts.append(
                Mention(m.start(1), m.end(), (float(m.group(1)),), strong=False, kind="date")
            )
    return dates, parts


#: Number words of other Latin-script languages that are read, as weak mentions (never
#: reported, but the counterpart a number of the other side may have: ``three``, ``3`` and
#: ``drei``). Single words only: no compounds (``dreiundzwanzig``), and no word for 1, which
#: is also the article (``ein``, ``un``, ``uno``, ``een``).
SMALL_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "de": {
        "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
        "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
        "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
        "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
        "siebzig": 70, "achtzig": 80, "neunzig": 90, "hundert": 100, "tausend": 1000,
    },
    "fr": {
        "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
        "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
        "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40,
        "cinquante": 50, "soixante": 60, "cent": 100, "mille": 1000,
    },
    "es": {
        "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
        "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
        "quince": 15, "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50,
        "cien": 100, "mil": 1000,
    },
    "it": {
        "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "sette": 7, "otto": 8,
        "nove": 9, "dieci": 10, "undici": 11, "dodici": 12, "venti": 20, "trenta": 30,
        "cento": 100, "mille": 1000,
    },
    "pt": {
        "dois": 2, "duas": 2, "três": 3, "quatro": 4, "cinco": 5, "seis": 6, "sete": 7,
        "oito": 8, "nove": 9, "dez": 10, "onze": 11, "doze": 12, "vinte": 20, "trinta": 30,
        "cem": 100, "mil": 1000,
    },
    "nl": {
        "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
        "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "twintig": 20, "dertig": 30,
        "honderd": 100, "duizend": 1000,
    },
}  # fmt: skip
_SMALL_NUMBER_WORD = {
    lang: re.compile(r"\b(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")\b", re.I)
    for lang, words in SMALL_NUMBER_WORDS.items()
}


def _small_number_words(text: str, lang: str, taken: bytearray) -> list[Mention]:
    """The weak mentions of :data:`SMALL_NUMBER_WORDS` in ``text`` (where ``taken`` leaves
    room)."""
    pattern = _SMALL_NUMBER_WORD.get(lang)
    if pattern is None:
        return []
    words = SMALL_NUMBER_WORDS[lang]
    out = []
    for m in pattern.finditer(text):
        a, b = m.span()
        if 1 not in taken[a:b]:
            value = float(words[m.group().lower()])
            out.append(_new(Mention, (a, b, (value,), 1.0, False, "word", False, False)))
    return out


def latin_mentions(text: str, lang: str) -> list[Mention]:
    """Numbers in English (digits and words) or another Latin-script language (digits, and
    :data:`SMALL_NUMBER_WORDS` as weak mentions).

    >>> [(m.value, m.kind, m.strong) for m in latin_mentions("1,200 and 1.2 million, 5%", "en")]
    [(1200.0, 'number', True), (1200000.0, 'number', True), (5.0, 'percent', True)]
    >>> [m.value for m in latin_mentions("1.200 und 1,5 Prozent", "de")]
    [1200.0, 1.5]
    """
    text, out, taken = _latin_core(text, lang)
    if lang == "en":
        out += _en_weak_words(text, taken)
    return _latin_finish(text, lang, out)


def _latin_core(text: str, lang: str) -> tuple[str, list[Mention], bytearray]:
    """What :func:`latin_mentions` reads but for the English words that make only weak
    mentions (see :func:`_en_weak_words`), in no order: the text it read (made half-width),
    the mentions, and what they take of the text."""
    return _read_latin([text], lang)[0]


def _read_latin(texts: Sequence[str], lang: str) -> list[tuple[str, list[Mention], bytearray]]:
    """:func:`_latin_core` of each text, read a step at a time over all the texts: the same
    mentions, in a tenth less time than text after text (each step's code and patterns run
    on and on)."""
    english = lang == "en"
    read = []
    for text in texts:
        if not text.isascii():
            text = _halfwidth_of(text)
        out: list[Mention] = []
        taken = bytearray(len(text))
        if "@" in text or "www." in text or "//" in text:
            _url_codes(text, out, taken)
        read.append((text, out, taken, _digit_runs(text)))
    for text, _, _, runs in read if english else ():
        if runs and text not in _EN_DATES:
            _en_dates_of(text, runs)
    for text, out, taken, runs in read:
        if runs:
            _latin_digits(text, lang, runs, out, taken)
    if english:
        for text, out, taken, _ in read:
            out += _en_number_words(text, taken)
    elif lang in SMALL_NUMBER_WORDS:
        for text, out, taken, _ in read:
            out += _small_number_words(text, lang, taken)
    return [(text, out, taken) for text, out, taken, _ in read]


def _latin_digits(
    text: str, lang: str, runs: list[int], out: list[Mention], taken: bytearray
) -> None:
    """The mentions :func:`_latin_core` reads in text with digits (``runs``: where each run
    of them starts): dates, times, numbers. The patterns start with a digit no digit comes
    before, and are tried where a run starts (:func:`_matches_at`, inlined)."""
    english = lang == "en"
    if english:
        found = _EN_DATES.get(text)  # _en_dates_of(text, runs)
        for p in (found or _en_dates_of(text, runs))[1]:
            out.append(p)
            taken[p.start : p.end] = b"\x01" * (p.end - p.start)
        match, last = _EN_TIME.match, 0
        for p in runs:
            m = None if p < last else match(text, p)
            if m is None:
                continue
            a, end = m.span()
            last = end
            if 1 in taken[a:end]:
                continue
            if m.group("h24"):  # 1700 hours
                hour, minute, ap = int(m.group("h24")), int(m.group("m24")), ""
            else:
                hour, minute = int(m.group("h")), int(m.group("m") or 0)
                ap = m.group("ap").lower().replace(".", "").replace(" ", "")
            if ap == "pm" and hour < 12:
                hour += 12
            out.append(Mention(a, end, _time_values(hour, minute), kind="time"))
            taken[a:end] = b"\x01" * (end - a)
    else:
        for m in _matches_at(_ISO_DATE, text, _iso_starts(text, runs)):
            out.append(_iso_mention(m))
            a, b = m.span()
            taken[a:b] = b"\x01" * (b - a)
    colon = ":" in text or "：" in text
    for m in _matches_at(_CLOCK, text, runs) if colon else ():
        a, b = m.span()
        if 1 not in taken[a:b]:
            out.append(Mention(a, b, _clock_values(m), kind="time"))
            taken[a:b] = b"\x01" * (b - a)
    for m in _matches_at(_PAIRED, text, runs) if colon or "/" in text else ():
        a, b = m.span()
        if 1 not in taken[a:b]:
            out.append(_paired(m))
            taken[a:b] = b"\x01" * (b - a)
    if english or lang in DECIMAL_POINT_LANGS:
        regex, decimal, group = _EN_NUMBER, ".", ","
    else:
        key = "comma_space" if lang in _SPACE_GROUP_LANGS else "comma"
        regex, decimal, group = _OTHER_NUMBER[key], ",", "."
    # in English, \s+and\s+a\s+half\b (_EN_HALF) needs the word "half" (in ASCII letters:
    # no other letter matches them ignoring case), so its letters in lower case
    half = not english or "half" in text.lower()
    match, last = regex.match, 0
    for p in runs:
        m = None if p < last else match(text, p)
        if m is None:
            continue
        last = m.end()
        if 1 in taken[p : m.end("n")]:  # the span of "n", which starts the match (at p)
            continue
        mention = _latin_number(text, m, decimal, group, english, half)
        if mention is not None:
            out.append(mention)
            taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)


def _latin_finish(text: str, lang: str, out: list[Mention]) -> list[Mention]:
    """The mentions of :func:`latin_mentions` in order, made what their neighbours make them
    (a gloss in brackets, ``two decades``): ``out`` as :func:`_latin_core` and
    :func:`_en_weak_words` found them."""
    if len(out) > 1:
        out.sort(key=_START)
    if _latin_plain(text, lang):
        return out
    if "(" in text or "（" in text:
        _weaken_glosses(text, out)
    if lang == "en" and ("decade" in text or "entur" in text):
        for i, x in enumerate(out):
            decades = _TIMES_UNIT.match(text, x.end)
            if decades and x.kind in ("number", "word"):
                factor = 100.0 if decades.group(1).lower().startswith("c") else 10.0
                out[i] = x._replace(values=(*x.values, x.value * factor))
    return out


def _latin_plain(text: str, lang: str) -> bool:
    """Whether :func:`_latin_finish` only sorts the mentions of (half-width) ``text``."""
    return not (
        "(" in text or "（" in text or (lang == "en" and ("decade" in text or "entur" in text))
    )


def _latin_number(
    text: str, m: re.Match[str], decimal: str, group: str, english: bool, half: bool = True
) -> Mention | None:
    """The mention of a match of the number pattern of a Latin-script language; ``half``:
    whether :data:`_EN_HALF` may match in the text (the caller may know it cannot)."""
    n, suffix, pct = m.groups()  # (the groups of the number patterns, in order)
    start, end = m.span()
    n_end = start + len(n)  # m.end("n"): the number starts the match
    if n.isdecimal():  # digits alone (what \d matches): nothing to take out
        digits = n
        values: tuple[float, ...] = (float(n),)
        value, unit = values[0], 1.0
    else:
        digits = _number_digits(n, decimal, group)
        value = float(digits)
        unit = _unit_of(digits, ".")
        values = (value,)
        if _GROUPED_ONCE.fullmatch(n):
            # 1.200 / 1,200: the other convention's reading too
            other = float(n.replace(decimal, "").replace(group, "."))
            values = (value, other)
        elif " " in n:
            # 30 000 jobs, or "July 25 300"; a part with a group mark (1 200’202) is no number
            values = (value, *(float(p) for p in n.split(" ") if _PLAIN_NUMBER.fullmatch(p)))
    # _is_code, asked only where it may hold: a letter or a dash before, a letter after
    before, after = text[start - 1 : start], text[n_end : n_end + 1]
    if (
        before.isalpha() or before == "-" or before == "–" or after.isalpha()
    ) and _is_code(text, start, n_end):
        return Mention(start, n_end, values, strong=False, kind="code")
    kind = "percent" if pct else "number"
    strong = True
    if suffix:
        suffix = suffix.strip().lower().lstrip("-").strip()
        suffix = _MISSPELLED_SCALES.get(suffix, suffix)
        if suffix in EN_SCALES:
            values = tuple(v * EN_SCALES[suffix] for v in values)
            unit *= EN_SCALES[suffix]
            value *= EN_SCALES[suffix]
        elif suffix in EN_SCALE_ABBREV:
            factor = EN_SCALE_ABBREV[suffix]
            values = (value * factor, value)  # 5m: five million or five metres
            unit *= factor
            value *= factor
        elif suffix in ("st", "nd", "rd", "th"):
            kind = "ordinal"
        elif (
            suffix in ("s", "'s", "’s")
            and value % 10 == 0
            and (10 <= value < 100 or 1800 <= value < 2100)
        ):
            values = (value, 1900 + value) if value < 100 else (value, value % 100)  # the 1980s
        elif suffix and not pct:
            end = n_end
    if pct and not suffix:
        end = m.end()
    if half and _EN_HALF.match(text, end):
        values = (*values, value + 0.5)
    prev = text[max(0, start - 30) : start].lower().rsplit(None, 2)  # the last two words
    approx = bool(prev) and (
        prev[-1] in EN_APPROX_BEFORE
        or (prev[-1] in _APPROX_PHRASE_ENDS and " ".join(prev[-2:]) in _APPROX_PHRASES)
    )
    if not english and value <= 20 and value == int(value) and kind != "percent":
        strong = False  # may be a word on the other side: we read no words in this language
    return _new(Mention, (start, end, values, unit, strong, kind, approx, False))


def _number_digits(n: str, decimal: str, group: str) -> str:
    """The digits of number ``n`` and its decimal mark made ``.``, every other character (a
    group mark) taken out: ``_NOT_DIGIT_OR[decimal].sub("", n).replace(decimal, ".")``,
    without the regex engine when the group marks are ``group`` alone (1,200.5)."""
    digits = n.replace(group, "")
    if not digits.replace(decimal, "").isdecimal():  # (str.isdecimal: what \d matches)
        digits = _NOT_DIGIT_OR[decimal].sub("", n)  # a space, an apostrophe...
    return digits if decimal == "." else digits.replace(decimal, ".")


def _word_type(token: str) -> str:
    if token in EN_UNITS:
        return "unit"
    if token in EN_TENS:
        return "tens"
    return "hundred" if token == "hundred" else "scale"


#: Which number word may follow which in one number (``twenty-nine``, ``two hundred and
#: fifty``, ``three million``); ``three nine-foot pianos`` is two numbers.
_WORD_NEXT = {
    "unit": {"hundred", "scale"},
    "tens": {"unit", "hundred", "scale"},
    "hundred": {"unit", "tens", "scale"},
    "scale": {"unit", "tens", "scale"},
}


def en_word_numbers(words: str) -> list[tuple[int, int, float]]:
    """The numbers in a run of English number words: ``(start, end, value)``.

    >>> [v for _, _, v in en_word_numbers("twenty-nine")], en_word_numbers("three nine")
    ([29.0], [(0, 5, 3.0), (6, 10, 9.0)])
    >>> [v for _, _, v in en_word_numbers("two hundred and fifty")]
    [250.0]
    >>> [v for _, _, v in en_word_numbers("a million")]
    [1000000.0]
    """
    out = []
    total = current = 0
    start = end = -1
    prev = ""
    for tok in re.finditer(r"[A-Za-z]+", words):
        token = tok.group().lower()
        if token in ("a", "an", "and"):
            if token != "and":
                start, current = tok.start(), 1
                prev = "a"
            continue
        kind = _word_type(token)
        if (
            prev not in ("", "a")
            and kind not in _WORD_NEXT[prev]
            or (prev == "unit" and kind == "unit")
        ):
            out.append((start, end, float(total + current)))
            total = current = 0
            start, prev = -1, ""
        if start < 0:
            start = tok.start()
        if kind in ("unit", "tens"):
            if prev == "tens" and current % 10:
                pass
            current += EN_UNITS.get(token, 0) + EN_TENS.get(token, 0)
        elif kind == "hundred":
            current = max(current, 1) * 100
        else:
            total += max(current, 1) * EN_SCALES[token]
            current = 0
        end = tok.end()
        prev = kind
    if start >= 0 and prev not in ("", "a"):
        out.append((start, end, float(total + current)))
    return out


def _en_word_mentions(text: str, taken: bytearray) -> list[Mention]:
    """The mentions English words make (``twenty-nine``, ``IV``, ``first``, ``twice``) where
    ``taken`` (the spans the other readers took: see above) leaves room."""
    if not isinstance(taken, bytearray):  # a list of spans
        taken = _taken_mask(text, taken)
    return _en_number_words(text, taken) + _en_weak_words(text, taken)


def _word_finder(text: str) -> Callable[[re.Pattern[str], set[str]], Iterator[re.Match[str]]]:
    """``matches(pattern, words)``: :func:`_word_matches` of ``text``, its folded form worked
    out once: in ASCII text the pattern is tried where the words stand as whole words (found
    between spaces in the folded text, as bytes), in other text everywhere."""
    if not text.isascii():
        return lambda pattern, words: pattern.finditer(text)
    padded = b" %b " % _folded_bytes(text)
    return lambda pattern, words: _matches_at(pattern, text, _padded_starts(padded, words))


def _en_number_words(text: str, taken: bytearray) -> list[Mention]:
    """The English number words (``twenty-nine``, ``a hundred``), ``taken`` marked.

    A match of :data:`_EN_WORD_NUMBER` starts with a number word, or an article when the text
    has a scale word (``a hundred``), standing as a whole word. In ASCII text it is tried
    there alone: where :data:`_NUMBER_WORD_BYTES` finds one in the folded text (the starts
    :func:`_padded_starts` gives for the number words of :func:`_known_words`, found without
    splitting the text into its words), then where an article stands if one is a scale word.
    """
    out: list[Mention] = []
    runs: Iterator[re.Match[str]]
    if text.isascii():
        padded = b" %b " % _folded_bytes(text)
        found_words = [(m.start(), m.group(1)) for m in _NUMBER_WORD_BYTES.finditer(padded)]
        if not found_words:
            return out
        starts = [p for p, _ in found_words]
        if not _SCALE_BYTES.isdisjoint([w for _, w in found_words]):
            starts = sorted(starts + _padded_starts(padded, _ARTICLES))  # "a hundred"
        half = b" half " in padded  # "half" in _known_words(text) (see _EN_HALF below)
        runs = _matches_at(_EN_WORD_NUMBER, text, starts)
    else:
        lower = _known_words(text)  # what is asked of it is asked of _lower_words(text) alike
        if lower.isdisjoint(_NUMBER_WORDS):
            return out
        half = "half" in lower  # _EN_HALF needs it (and its letters, ASCII ones: see above)
        runs = _EN_WORD_NUMBER.finditer(text)
    percent = "%" in text or "per" in text  # _PERCENT_AFTER needs one
    for run in runs:
        r_start, r_end = run.span()
        if 1 in taken[r_start:r_end]:
            continue
        words = run.group()
        if words.isalpha() and words.isascii():  # one word (most runs): what it says
            found = [(0, len(words), float(_WORD_VALUE[words.lower()]))]
        else:
            found = en_word_numbers(words)
        for a, b, value in found:
            start, end = r_start + a, r_start + b
            values: tuple[float, ...] = (value,)
            if half and _EN_HALF.match(text, end):
                values = (value + 0.5, value)
            pct = _PERCENT_AFTER.match(text, end) if percent else None
            prev = text[max(0, start - 30) : start].lower().rsplit(None, 1)  # the last word
            approx = bool(prev) and (prev[-1] in EN_APPROX_BEFORE)
            low = text[start:end].lower()
            strong = value >= 3 and not _en_word_idiom(text, start, end)
            if low in EN_SCALES:
                strong = False  # "RMB280 Million", "Ten Thousand Mu": no number of its own
            unit = 1.0
            last = low.rsplit(None, 1)[-1]
            if last in EN_SCALES and value >= 1000:
                unit = float(EN_SCALES[last])
            kind = "percent" if pct else "word"
            mention = (start, pct.end() if pct else end, values, unit, strong, kind, approx, False)
            out.append(_new(Mention, mention))
        taken[r_start:r_end] = b"\x01" * (r_end - r_start)
    return out


def _en_weak_words(
    text: str, taken: bytearray, lower: frozenset[str] | None = None
) -> list[Mention]:
    """The English words that make weak mentions only (Roman numerals, ``first``, ``twice``),
    where ``taken`` leaves room (they take none: see :func:`_en_number_words`). Their mentions
    matter only as counterparts, so :class:`NumberMismatch` reads them when it needs them."""
    out: list[Mention] = []
    _roman_mentions(text, taken, out)
    if lower is None:
        lower = _known_words(text)
    if not lower:
        return out
    matches = None
    if not _ORDINAL_WORDS.isdisjoint(lower):
        matches = _word_finder(text)
        for m in matches(_EN_ORDINAL_WORD, lower & _ORDINAL_STARTS):
            if 1 in taken[m.start() : m.end()]:
                continue
            values = _ordinal_values(m.group().lower())
            mention = (m.start(), m.end(), values, 1.0, False, "word", False, False)
            out.append(_new(Mention, mention))
    if not _NUMBER_LIKE_WORDS.isdisjoint(lower):
        matches = matches or _word_finder(text)
        for m in matches(_EN_NUMBER_LIKE, lower & _NUMBER_LIKE_WORDS):
            if 1 in taken[m.start() : m.end()]:
                continue
            values = _NUMBER_LIKE_VALUES[m.group().lower()]
            mention = (m.start(), m.end(), values, 1.0, False, "word", False, False)
            out.append(_new(Mention, mention))
    return out


def _ordinal_values(low: str) -> tuple[float, ...]:
    """The values of an ordinal word (lower case): ``twenty-first`` 21, ``fifths`` 5 and 1/5."""
    parts = low.rstrip("s").split("-") if low not in EN_ORDINALS else [low]
    value = sum(EN_TENS.get(p, EN_ORDINALS.get(p, 0)) for p in parts)
    if low.endswith("s") and low not in EN_ORDINALS:
        return (float(value), 1 / value if value else 0.0)
    return (float(value),)


def _roman_mentions(text: str, taken: bytearray, out: list[Mention]) -> None:
    """Roman numerals (``Phase II``) as weak mentions."""
    for m in _ROMAN.finditer(text) if _roman_hint(text) else ():
        group = "r" if m.group("r") else "r1"
        if 1 not in taken[m.start(group) : m.end(group)]:
            out.append(
                Mention(
                    m.start(group),
                    m.end(group),
                    (float(_roman_value(m.group(group))),),
                    strong=False,
                    kind="word",
                )
            )


def _roman_value(numeral: str) -> int:
    """``III`` → 3, ``IV`` → 4, ``XII`` → 12."""
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(numeral):
        v = values[ch]
        total += -v if i + 1 < len(numeral) and values[numeral[i + 1]] > v else v
    return total


def _weak_word_values() -> list[float]:
    """Every value a mention of :func:`_en_weak_words` may have, sorted: those of the Roman
    numerals :data:`_ROMAN` matches, of the ordinals :data:`_EN_ORDINAL_WORD` matches and of
    :data:`EN_NUMBER_LIKE`."""
    romans = [x + tail for x in ("", "X", "XX", "XXX") for tail in ("IX", "IV", "II", "III")]
    romans += ["X" * x + "V" + "I" * i for x in range(4) for i in range(4)]
    romans += ["X" * x + "I" * i for x in range(1, 4) for i in range(4)] + ["I", "V", "X"]
    values = {float(_roman_value(r)) for r in romans}
    for tens in ("", *EN_TENS):
        for ordinal in EN_ORDINALS:
            for plural in ("", "s"):
                low = f"{tens}-{ordinal}{plural}" if tens else ordinal + plural
                values.update(_ordinal_values(low))
    for word_values in _NUMBER_LIKE_VALUES.values():
        values.update(word_values)
    return sorted(values)


_WEAK_WORD_VALUES = _weak_word_values()


def _may_match_weak(s: Mention) -> bool:
    """Whether a mention of :func:`_en_weak_words` may match source mention ``s`` (so that
    they must be read to tell). Each is a weak ``word`` and matches when a value of it is one
    of ``s`` but for the 1e-9 relative slack of :func:`mention_matches`; of the values of
    :data:`_WEAK_WORD_VALUES`, the nearest below and above each value are the nearest (an
    infinite value is within the slack of any, as there; NaN matches none)."""
    for v in s.values:
        i = bisect_left(_WEAK_WORD_VALUES, v)
        for w in _WEAK_WORD_VALUES[max(0, i - 1) : i + 1]:
            if abs(v - w) <= 1e-9 * max(abs(v), abs(w), 1.0):
                return True
    return False


def _en_word_idiom(text: str, start: int, end: int) -> bool:
    """``one or two``, ``two or three``: a word number that counts loosely."""
    after = text[end : end + 12].lower()
    before = text[max(0, start - 8) : start].lower()
    return after.startswith((" or ", " to ", "-to-")) or before.endswith((" or ", " to "))


# --- the rules -------------------------------------------------------------------------------


def mentions(text: str, lang: str) -> list[Mention]:
    """The number mentions of ``text`` in ``lang`` (``zh``, ``en``, other Latin: digits)."""
    if lang == "zh":
        return zh_mentions(text)
    return latin_mentions(text, lang)


def format_value(m: Mention) -> str:
    """A mention's value for a message: ``120,000,000``, ``5%``, ``16:00``."""
    v = m.value
    if m.kind == "iso":
        return f"{int(m.values[1])}-{int(m.values[2]):02d}-{int(m.values[3]):02d}"
    if v >= TIME_BASE and m.kind == "time":
        seconds = int(v - TIME_BASE)
        text = f"{int(m.values[1])}:{seconds // 60 % 60:02d}"
        return text + (f":{seconds % 60:02d}" if seconds % 60 else "")
    text = f"{v:,.0f}" if v == int(v) else f"{v:,.6f}".rstrip("0").rstrip(".")
    return text + ("%" if m.kind == "percent" else "")


def _position(m: Mention | DateMention, text: str) -> float:
    return (m.start + m.end) / 2 / max(len(text), 1)


def _closest(items: Sequence[Mention], target: Mention, pair: Pair) -> Mention | None:
    if not items:
        return None
    pos = _position(target, pair.target)
    return min(
        items,
        key=lambda s: (
            abs(_position(s, pair.source) - pos) + (0.3 if s.kind != target.kind else 0.0)
        ),
    )


#: Kinds of source mention a target date part or ISO date can match (see mention_matches).
_DATE_LIKE = frozenset({"date", "year", "time", "iso"})


class _ByValue:
    """The mentions of one side of a pair indexed by value, to tell whether any of them
    matches a mention of the other side (``any(mention_matches(s, t) for s in found)``)
    without trying them all: only those with a value within the widest tolerance
    :func:`mention_matches` may allow are tried. ``of_targets`` says whether the mentions
    found are the target's (each then brings its own tolerance) or the source's.

    Answers are remembered by what :func:`mention_matches` reads of a mention (its values,
    unit, kind and approximation): a text with thousands of equal numbers is looked up once.
    """

    def __init__(self, found: list[Mention], of_targets: bool) -> None:
        self.found = found
        self.of_targets = of_targets
        self.answers: dict[tuple[object, ...], bool] = {}
        #: Mentions with a value no order can place (infinite, or with no finite tolerance).
        self.anywhere: list[int] = []
        # The values, sorted, of the mentions "special" or not (a date-like source, which any
        # target may match; a target date or ISO date, which only date-like sources match) and
        # with a tolerance up to a power of two ("bound"; 0 for sources).
        groups: dict[tuple[bool, float], list[tuple[float, int]]] = {}
        for i, m in enumerate(found):
            special = m.kind in ("date", "iso") if of_targets else m.kind in _DATE_LIKE
            widths = _widths(m) if of_targets else [(v, 0.0) for v in m.values]
            for v, width in widths:
                if v != v:
                    continue  # NaN: mention_matches never matches it
                if not (math.isfinite(v) and math.isfinite(width)):
                    self.anywhere.append(i)
                    continue
                bound = math.ldexp(1.0, math.frexp(width)[1]) if width > 0 else 0.0
                groups.setdefault((special, bound), []).append((v, i))
        self.groups: list[tuple[bool, float, list[float], list[int]]] = []
        for (special, bound), entries in groups.items():
            entries.sort()
            self.groups.append((special, bound, [v for v, _ in entries], [i for _, i in entries]))

    def any_match(self, m: Mention) -> bool:
        """Whether a mention found matches ``m`` (a source mention if ``of_targets``)."""
        key = (m.values, m.unit, m.kind, m.approx)
        answer = self.answers.get(key)
        if answer is None:
            answer = self.answers[key] = any(map(self._matches(m), self._candidates(m)))
        return answer

    def _matches(self, m: Mention) -> Callable[[int], bool]:
        found = self.found
        if self.of_targets:
            return lambda i: mention_matches(m, found[i])
        return lambda i: mention_matches(found[i], m)

    def _candidates(self, m: Mention) -> Iterator[int]:
        """The mentions found (their indexes, each once) that may match ``m``."""
        tried: set[int] = set()
        if self.of_targets:  # m is a source mention; target dates match date-like ones only
            wanted = [(v, 0.0) for v in m.values]
            skip_special = m.kind not in _DATE_LIKE
        else:  # m is a target mention; a target date matches date-like sources only
            wanted = _widths(m)
            skip_special = False
        skip_plain = not self.of_targets and m.kind in ("date", "iso")
        for i in self.anywhere:
            if i not in tried:
                tried.add(i)
                yield i
        for v, width in wanted:
            if v != v:
                continue
            for special, bound, values, where in self.groups:
                if (skip_special and special) or (skip_plain and not special):
                    continue
                reach = width + bound
                if not (math.isfinite(v) and math.isfinite(reach)):
                    first, last = 0, len(values)
                else:
                    if v < TIME_BASE:
                        # more than the 1e-9 relative slack of mention_matches' comparison
                        reach += 1e-8 * (abs(v) + reach + 1.0)
                    first = bisect_left(values, v - reach)
                    last = bisect_right(values, v + reach)
                for j in range(first, last):
                    i = where[j]
                    if i not in tried:
                        tried.add(i)
                        yield i


def _widths(t: Mention) -> list[tuple[float, float]]:
    """Each value of target mention ``t`` with how far from it a source value may lie and
    still match (at most: :func:`mention_matches` may allow less), but for the ``1e-9``
    relative slack of its float comparison.

    Below :data:`TIME_BASE` that is the rounding and approximation of ``t``'s main value and
    nothing for its other values; at or above, values are equal or not but for the main value
    of a clock time, which matches the source's within the minute.
    """
    rounding = t.unit * 0.499 if t.kind not in ("word", "code", "date") else 0.0
    reach = rounding
    if t.approx and t.kind != "time" and t.unit >= 1:
        try:
            widened = _trailing_zero_unit(t.value, t.unit) / 2
            reach = max(reach, min(widened, 0.05 * abs(t.value)))
        except (OverflowError, ValueError):  # an infinite or NaN value: say anything matches
            reach = math.inf
    main = t.values[0]
    out = []
    for v in t.values:
        if v >= TIME_BASE:
            out.append((v, 61.0 if t.kind == "time" and v == main else 0.0))
        else:
            out.append((v, reach if v == main else 0.0))
    return out


class _Positions:
    """Items (by rank) sorted by position, to find the nearest ones not taken yet."""

    def __init__(self, entries: list[tuple[float, int]]) -> None:
        entries.sort()
        n = len(entries)
        self.positions = [p for p, _ in entries]
        self.ranks = [r for _, r in entries]
        # where to look next, to the left and to the right of each entry once it is taken
        # (followed past the entries taken, and shortened as it is followed)
        self.left, self.right = list(range(-1, n - 1)), list(range(1, n + 1))

    def _free(self, taken: list[bool], step: list[int], j: int, end: int) -> int:
        """The first entry from ``j`` on, following ``step``, not taken (``end``: none)."""
        path = []
        while j != end and taken[self.ranks[j]]:
            path.append(j)
            j = step[j]
        for p in path:
            step[p] = j
        return j

    def nearest(
        self, pos: float, extra: float, taken: list[bool], best: tuple[float, int] | None
    ) -> tuple[float, int] | None:
        """``best`` or, if less, the least ``(abs(position - pos) + extra, rank)`` of the
        items not taken: the nearest on each side of ``pos`` (and those as near, for ties),
        the keys only growing away from it."""
        positions, ranks = self.positions, self.ranks
        middle = bisect_right(positions, pos)
        for step, j, end in ((self.left, middle - 1, -1), (self.right, middle, len(positions))):
            j = self._free(taken, step, j, end)
            nearest = None
            while j != end:
                key = abs(positions[j] - pos) + extra
                if nearest is not None and key != nearest:
                    break
                nearest = key
                if best is None or (key, ranks[j]) < best:
                    best = (key, ranks[j])
                j = self._free(taken, step, step[j], end)
        return best


class _Nearest:
    """``_closest(items, t, pair)`` again and again, the item found taken out each time, in
    time that does not grow with the number of items (for pairs with many unmatched numbers).

    ``_closest`` takes the item whose position in the source is nearest the target's, with
    0.3 added for another kind; the first in ``items`` wins a tie. Here the items of each kind
    are sorted by position (:class:`_Positions`), and keys are computed as ``_closest``
    computes them, so that the same item wins.
    """

    def __init__(self, items: list[Mention], source: str) -> None:
        self.items = items
        self.taken = [False] * len(items)
        by_kind: dict[str, list[tuple[float, int]]] = {}
        for rank, s in enumerate(items):
            by_kind.setdefault(s.kind, []).append((_position(s, source), rank))
        self.kinds = [(kind, _Positions(entries)) for kind, entries in by_kind.items()]

    def pop(self, t: Mention, target: str) -> Mention | None:
        """``_closest(items not taken, t, pair)``, then taken."""
        pos = _position(t, target)
        best: tuple[float, int] | None = None
        for kind, positions in self.kinds:
            best = positions.nearest(pos, 0.3 if kind != t.kind else 0.0, self.taken, best)
        if best is None:
            return None
        self.taken[best[1]] = True
        return self.items[best[1]]

    def left(self, n: int) -> list[Mention]:
        """The items not taken among the first ``n``, in order."""
        return [s for rank, s in enumerate(self.items[:n]) if not self.taken[rank]]


_CODE_LETTERS_BEFORE = re.compile(r"([A-Za-z]{2,})[-–\s]?$")
_CODE_LETTERS_AFTER = re.compile(r"[A-Za-z]+")
#: Names whose number a Chinese source gives only in words (新冠 → COVID-19).
_ZH_NAMED = {"covid": ("新冠", "新型冠状")}


def _named_in_source(target: str, t: Mention, source: str) -> bool:
    """Whether the source has the name a target code belongs to (COVID-19 ↔ 新冠, G20 ↔ G20),
    so that its number can be checked: COVID-18 is then a wrong number, not another name."""
    return _name_in_source(*_code_name(target, t), source)


def _code_name(target: str, t: Mention) -> tuple[str, bool]:
    """The letters of the name a target code belongs to ("" if none), and whether they stand
    before its digits (COVID-19) rather than after them (5G)."""
    before = _CODE_LETTERS_BEFORE.search(target, max(0, t.start - 12), t.start)
    if before:
        return before.group(1), True
    after = _CODE_LETTERS_AFTER.match(target, t.end)
    return (after.group() if after else ""), False


@functools.lru_cache(maxsize=1024)
def _name_in_source(letters: str, before: bool, source: str) -> bool:
    """:func:`_named_in_source` once the target's letters are known (remembered: a target may
    have the same name many times, and the source be long)."""
    if not letters:
        return False
    if any(w in source for w in _ZH_NAMED.get(letters.lower(), ())):
        return True
    pattern = rf"{re.escape(letters)}[-–\s]?\d" if before else rf"\d{re.escape(letters)}"
    return re.search(pattern, source, re.I) is not None


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")


def _spelled_in_name(numeral: str, target: str) -> bool:
    """五 in 五道梁 rendered as the place name Wudaoliang (a capitalised word in pinyin)."""
    syllable = ZH_NUMERAL_PINYIN.get(numeral[:1])
    if syllable is None or len(numeral) > 2:
        return False
    return _spelled_in(syllable, target)


@functools.lru_cache(maxsize=1024)
def _spelled_in(syllable: str, target: str) -> bool:
    """Whether a capitalised word of ``target`` starts with ``syllable`` (remembered: the
    same numeral may be missing many times from a long target)."""
    return any(w.group().lower().startswith(syllable) for w in _CAPITALISED.finditer(target))


_NUMBER_LANGS = frozenset({"zh"}) | LATIN_LANGS
#: The English number words one of which an English word number of 3 or more has (the only
#: strong ones: zero, one and two, alone or side by side, make none).
_STRONG_NUMBER_WORDS = _NUMBER_WORDS - {"zero", "one", "two"}


#: A word of :data:`_STRONG_NUMBER_WORDS` in folded ASCII text between two spaces (see
#: :func:`_has_strong_word`).
_STRONG_WORD = re.compile(f" {_trie(_STRONG_NUMBER_WORDS)} ".encode("ascii"))


def _has_strong_word(text: str) -> bool:
    """``not _STRONG_NUMBER_WORDS.isdisjoint(_known_words(text))``; in ASCII text without
    splitting it into words: a word stands between spaces in the folded text padded with a
    space each side (as in :func:`_padded_starts`)."""
    if text.isascii():
        return _STRONG_WORD.search(b" %b " % _folded_bytes(text)) is not None
    return not _STRONG_NUMBER_WORDS.isdisjoint(_known_words(text))


#: Languages whose numbers written in words are read (一百二十, twenty-nine). Between one of
#: them and another language, a number in words may be a number in words on the other side
#: that is not read (``twenty-nine``, ``neunundzwanzig``): it may match a number there, but it
#: is not reported unless the other language's :data:`SMALL_NUMBER_WORDS` has its value.
_WORD_LANGS = frozenset({"zh", "en"})
#: The values :data:`SMALL_NUMBER_WORDS` can say, per language.
_SMALL_VALUES = {
    lang: frozenset(float(v) for v in words.values()) for lang, words in SMALL_NUMBER_WORDS.items()
}


def _digits_only(found: list[Mention], text: str, other_lang: str) -> list[Mention]:
    """``found`` with its mentions written without a digit made weak, but for values the
    words of ``other_lang`` that are read can say (see :data:`_WORD_LANGS`)."""
    if not any(m.strong for m in found):
        return found
    said = _SMALL_VALUES.get(other_lang, frozenset())
    return [
        m._replace(strong=False)
        if m.strong and m.value not in said and not _HAS_DIGIT.search(text, m.start, m.end)
        else m
        for m in found
    ]


_ZH_NUMERAL_PAIR = re.compile(f"[{_ZH_NUM_CHARS}]{{2}}")


def _may_count(text: str, lang: str) -> bool:
    """Can ``text`` hold a strong mention, or a year, ISO date or code that the target side
    may have to account for? A cheap necessary condition, so that most texts are not read.

    Each such mention has a digit, but for English number words (of 3 or more, so with a
    word of :data:`_STRONG_NUMBER_WORDS`) and, in Chinese, a run of two or more numerals (a
    lone 三 is never strong: 三人 may be folded into the wording), a fraction (百分之五) or a
    clock time (下午三点).
    """
    if lang == "en" and text.isascii():
        # _has_digit, then _has_strong_word, on one translation of the text (with no digit,
        # the folded text _has_strong_word searches)
        folded = text.encode("ascii").translate(_FOLDED_OR_DIGIT)
        return 48 in folded or _STRONG_WORD.search(b" %b " % folded) is not None
    if _has_digit(text):
        return True
    if lang == "zh":
        if "分之" in text or _ZH_NUMERAL_PAIR.search(text):
            return True
        return ("时" in text or "点" in text) and any(c in text for c in _ZH_NUM_CHARS)
    return lang == "en" and _has_strong_word(text)


def _may_be_checked(pair: Pair) -> bool:
    """Can the target have a mention :meth:`NumberMismatch._checked` keeps?

    In a Latin-script target every such mention (a strong number, a year or date, a code)
    has a digit, but for English number words of 3 or more (``twenty-nine``): what
    :func:`_may_count` asks of a text in a Latin-script language.
    """
    return pair.target_lang == "zh" or _may_count(pair.target, pair.target_lang)


@register
class NumberMismatch(PairRule):
    id = "number-mismatch"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR
    source_languages = _NUMBER_LANGS
    target_languages = _NUMBER_LANGS
    description = (
        "A number in the target that is not in the source, or one in the source missing from "
        "the target (digits, Chinese numerals, 万/亿, million, percentages, ordinals, times)."
    )

    #: Above this many (source + 1) × (target + 1) mentions, a pair's mentions are compared
    #: through indexes of their values (:meth:`_compare_by_value`): a segment of 20 MB with
    #: 100,000 numbers on each side is then not compared number by number.
    index_above = 2000

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        # the mentions of the sources and targets read, by pair
        sources: dict[int, list[Mention]] = {}
        targets: dict[int, list[Mention]] = {}
        # An English target is read without its weak words (_en_weak_words) when they change
        # no other mention: they are read if a source number needs a counterpart.
        unread: dict[int, tuple[str, bytearray]] = {}
        weak_words: dict[int, list[Mention]] = {}

        def side(k: int, which: str) -> list[Mention]:
            store = sources if which == "s" else targets
            found = store.get(k)
            if found is None:
                p = pairs[k]
                text, lang = (
                    (p.source, p.source_lang) if which == "s" else (p.target, p.target_lang)
                )
                blank = not text or text.isspace()  # (not text.strip(), without the copy)
                found = store[k] = [] if blank else mentions(text, lang)
            return found

        def weak(k: int) -> list[Mention]:
            """The target mentions side(k, "t") left out (the weak words of English)."""
            if k not in weak_words:
                weak_words[k] = _en_weak_words(*unread[k]) if k in unread else []
            return weak_words[k]

        def near(k: int, which: str) -> Iterator[Mention]:
            # A neighbour segment may hold the counterpart: an aligner that moved a clause, or
            # a translator who left out a number the previous sentence already gave (5号线).
            for j in (k - 1, k + 1):
                if 0 <= j < len(pairs):
                    yield from side(j, which)

        # The pairs are read in steps, each over all the pairs (the sources, then the targets,
        # then the comparisons): the same findings, in less time than pair after pair, the
        # same code and patterns running on and on. ("not x or x.isspace()" is "not
        # x.strip()" without the copy.)
        filled = [
            k
            for k, p in enumerate(pairs)
            if p.source and p.target and not p.source.isspace() and not p.target.isspace()
        ]
        counts = {k for k in filled if _may_count(pairs[k].source, pairs[k].source_lang)}
        # a pair neither side of which can hold a number this rule compares is not read
        read = [
            k for k in filled if k in counts or _may_count(pairs[k].target, pairs[k].target_lang)
        ]
        english = [k for k in read if pairs[k].source_lang == "en"]
        if english:  # read a step at a time over all the sources (see _read_latin)
            texts = [pairs[k].source for k in english]
            for k, (text, found, taken) in zip(english, _read_latin(texts, "en"), strict=True):
                sources[k] = _latin_finish(text, "en", found + _en_weak_words(text, taken))
        for k in read:
            found = side(k, "s")
            if pairs[k].target_lang not in _WORD_LANGS:
                sources[k] = _digits_only(found, pairs[k].source, pairs[k].target_lang)
        strongs = {k for k in read if any(map(_STRONG, sources[k]))}
        # without a strong source number, nothing to report but for a target one (which a
        # target that _may_count has already passed may have: see _may_be_checked)
        read = [k for k in read if k in strongs or k not in counts or _may_be_checked(pairs[k])]
        english = [k for k in read if pairs[k].target_lang == "en"]
        if english:
            # read a step at a time over all the targets, the weak words left out (they are
            # read for the pairs that need them: see weak)
            texts = [pairs[k].target for k in english]
            for k, (text, found, taken) in zip(english, _read_latin(texts, "en"), strict=True):
                if _latin_plain(text, "en"):
                    found.sort(key=_START)
                    unread[k] = (text, taken)
                else:
                    found = _latin_finish(text, "en", found + _en_weak_words(text, taken))
                targets[k] = found
        for k in read:
            found = side(k, "t")
            if pairs[k].source_lang not in _WORD_LANGS:
                targets[k] = _digits_only(found, pairs[k].target, pairs[k].source_lang)
        for k in read:
            pair = pairs[k]
            source = sources[k]
            strong = k in strongs
            target = targets[k]
            exact = _exact_values(target)
            if exact is None and k in unread:
                # a mention that may make mention_matches fail: the target is compared in
                # order, as a whole
                target = targets[k] = sorted(target + weak(k), key=_START)
                weak_words[k] = []
            if (len(source) + 1) * (len(target) + 1) > self.index_above:
                target = target + weak(k)
                yield from self._compare_by_value(k, pair, source, target, strong, near)
                continue
            checked = [t for t in target if t.strong or self._checked(t, pair, source)]
            if not checked and not strong:
                continue
            # A value both sides have is a match, but for the kinds and the approximate numbers
            # mention_matches treats apart (see _exact): those are compared one by one.
            if checked:
                values = {v for s in source for v in s.values}
                extra = [
                    t
                    for t in checked
                    if not (_exact(t) and not values.isdisjoint(t.values))
                    and not any(mention_matches(s, t) for s in source)
                ]
            else:
                extra = []
            if strong:
                missing = [
                    s
                    for s in source
                    if s.strong
                    and (exact is None or exact.isdisjoint(s.values))
                    and not any(mention_matches(s, t) for t in target)
                    # (the weak words are read only if they may match)
                    and not (_may_match_weak(s) and any(mention_matches(s, t) for t in weak(k)))
                    and not _spelled_in_name(pair.source[s.start : s.end], pair.target)
                ]
            else:
                missing = []
            # a number the neighbouring source gives, which the translator repeats ("本届" →
            # "the 23rd") or the aligner moved; one-digit numbers match there by chance
            if extra and any(not (abs(t.value) < 10 or t.kind in ("code", "time")) for t in extra):
                around = list(near(k, "s"))
                if len(extra) * len(around) > self.index_above:
                    matched = _ByValue(around, of_targets=False).any_match
                else:
                    matched = functools.partial(_matched_in, around)
                extra = [
                    t
                    for t in extra
                    if abs(t.value) < 10 or t.kind in ("code", "time") or not matched(t)
                ]
            if extra or missing:
                if extra:
                    target = target + weak(k)  # in no order: _report only looks for a match
                yield from self._report(k, pair, source, target, extra, missing)

    def _compare_by_value(
        self,
        k: int,
        pair: Pair,
        source: list[Mention],
        target: list[Mention],
        strong: bool,
        near: Callable[[int, str], Iterator[Mention]],
    ) -> Iterator[PairHit]:
        """The comparison of :meth:`check_pairs` for a pair with many mentions, with the same
        findings: the mentions that may match one are looked up by value (:class:`_ByValue`),
        and what depends on a mention's text alone is worked out once per text."""
        kinds = {s.kind for s in source}

        def checked(t: Mention) -> bool:  # _checked, the kinds of the source gathered once
            if t.strong:
                return True
            if t.kind in ("year", "iso"):
                return t.kind in kinds
            return t.kind == "code" and _named_in_source(pair.target, t, pair.source)

        def spelled_in_name(s: Mention) -> bool:
            return _spelled_in_name(pair.source[s.start : s.end], pair.target)

        checked_target = [t for t in target if checked(t)]
        if not checked_target and not strong:
            return
        sources = _ByValue(source, of_targets=False)
        targets = _ByValue(target, of_targets=True)
        extra = [t for t in checked_target if not sources.any_match(t)]
        missing = [
            s for s in source if s.strong and not targets.any_match(s) and not spelled_in_name(s)
        ]
        if any(not (abs(t.value) < 10 or t.kind in ("code", "time")) for t in extra):
            around = _ByValue(list(near(k, "s")), of_targets=False)
            extra = [
                t
                for t in extra
                if abs(t.value) < 10 or t.kind in ("code", "time") or not around.any_match(t)
            ]
        if not extra and not missing:
            return
        missed = set(missing)
        unmatched = (
            [x for x in source if x.pairable and x not in missed and not targets.any_match(x)]
            if extra
            else []
        )
        pool = _Nearest(missing + unmatched, pair.source)
        for t in extra:
            yield self._extra_hit(k, pair, t, pool.pop(t, pair.target))
        for s in pool.left(len(missing)):
            yield self._missing_hit(k, s)

    @staticmethod
    def _extra_hit(k: int, pair: Pair, t: Mention, s: Mention | None) -> PairHit:
        """The finding for target number ``t``, which source number ``s`` (if any) it most
        likely stands for."""
        measure = t.value if t.value < TIME_BASE else None
        if s is None:
            message = f"the target has {format_value(t)}, which is not in the source"
            return PairHit(k, "target", t.start, t.end, message, measure=measure)
        message = (
            f"the target has {format_value(t)} where the source has "
            f"{format_value(s)} (“{pair.source[s.start : s.end]}”)"
        )
        return PairHit(k, "target", t.start, t.end, message, (s.start, s.end), measure=measure)

    @staticmethod
    def _missing_hit(k: int, s: Mention) -> PairHit:
        """The finding for source number ``s``, which the target does not have."""
        message = f"the source has {format_value(s)}, which is missing from the target"
        return PairHit(
            k,
            "source",
            s.start,
            s.end,
            message,
            measure=s.value if s.value < TIME_BASE else None,
        )

    @staticmethod
    def _checked(t: Mention, pair: Pair, source: list[Mention]) -> bool:
        """Whether target mention ``t`` must have a source counterpart: a strong number, the
        year of a date when the source gives years, a code whose name the source has."""
        if t.strong:
            return True
        if t.kind in ("year", "iso"):
            return any(s.kind == t.kind for s in source)
        return t.kind == "code" and _named_in_source(pair.target, t, pair.source)

    def _report(
        self,
        k: int,
        pair: Pair,
        source: list[Mention],
        target: list[Mention],
        extra: list[Mention],
        missing: list[Mention],
    ) -> Iterator[PairHit]:
        """Pair each extra target number with the source number it most likely stands for."""
        unmatched = (
            [
                x
                for x in source
                if x.pairable
                and x not in missing
                and not any(mention_matches(x, y) for y in target)
            ]
            if extra
            else []
        )
        for t in extra:
            s = _closest(missing + unmatched, t, pair)
            if s is not None:
                if s in missing:
                    missing.remove(s)
                else:
                    unmatched.remove(s)
            yield self._extra_hit(k, pair, t, s)
        for s in missing:
            yield self._missing_hit(k, s)


def dates(text: str, lang: str) -> list[DateMention]:
    """The dates and weekdays of ``text`` in ``lang`` (``zh`` or ``en``)."""
    return zh_dates(text) if lang == "zh" else en_dates(text)


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Years a source mentions outside dates (2019-2020, 2020 edition).
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def format_date(d: DateMention) -> str:
    """``September 1, 2023``, ``September``, ``the 28th``, ``Friday``."""
    if d.weekday is not None:
        return _WEEKDAY_NAMES[d.weekday - 1]
    parts = []
    if d.month is not None:
        parts.append(_MONTH_NAMES[d.month - 1])
    if d.day is not None:
        parts.append(str(d.day) if d.month is not None else f"day {d.day}")
    text = " ".join(parts)
    if d.year is not None:
        text = f"{text}, {d.year}" if text else str(d.year)
    return text


@dataclass(frozen=True)
class _SourceDates:
    """What the source says about dates: the set of each part it mentions."""

    dates: list[DateMention]
    month_days: frozenset[tuple[int, int]]
    months: frozenset[int]
    days: frozenset[int]
    lone_days: frozenset[int]
    years: frozenset[int]
    weekdays: frozenset[int]

    @classmethod
    def of(cls, found: list[DateMention], text: str) -> _SourceDates:
        return cls(
            found,
            frozenset((d.month, d.day) for d in found if d.month and d.day),
            frozenset(d.month for d in found if d.month),
            frozenset(d.day for d in found if d.day),
            frozenset(d.day for d in found if d.day and not d.month),
            frozenset(d.year for d in found if d.year)
            | frozenset(int(y) for y in _YEAR.findall(text)),
            frozenset(d.weekday for d in found if d.weekday),
        )


def _pick(pool: list[DateMention], t: DateMention, pair: Pair) -> DateMention:
    """The source date in ``pool`` a wrong target date ``t`` most likely stands for."""
    pos = _position(t, pair.target)

    def shared(d: DateMention) -> int:
        return sum(
            1
            for a, b in ((d.month, t.month), (d.day, t.day), (d.year, t.year))
            if a is not None and a == b
        )

    return min(pool, key=lambda d: (-shared(d), abs(_position(d, pair.source) - pos)))


class _DatePicker:
    """``_pick(pool, t, pair)`` again and again (and the date picked taken out, if asked), in
    time that does not grow with the pool (for pairs with many dates).

    ``_pick`` takes the date sharing most parts (month, day, year) with ``t``, then the one
    nearest in position, then the first in the pool. Each date is filed under every set of
    its parts (with their values); the sets of ``t``'s parts are tried from the largest: the
    first whose dates are not all taken holds the dates sharing most, all as many.
    """

    def __init__(self, pool: list[DateMention], source: str) -> None:
        self.pool = pool
        self.taken = [False] * len(pool)
        groups: dict[tuple[tuple[int, ...], tuple[int, ...]], list[tuple[float, int]]] = {}
        self.groups_of: list[list[tuple[tuple[int, ...], tuple[int, ...]]]] = []
        for rank, d in enumerate(pool):
            position = _position(d, source)
            values = (d.month, d.day, d.year)
            present = [f for f in range(3) if values[f] is not None]
            keys = [
                (fields, tuple(values[f] for f in fields))
                for size in range(len(present) + 1)
                for fields in itertools.combinations(present, size)
            ]
            for key in keys:
                groups.setdefault(key, []).append((position, rank))
            self.groups_of.append(keys)
        self.left = {key: len(entries) for key, entries in groups.items()}
        self.groups = {key: _Positions(entries) for key, entries in groups.items()}

    def pick(self, t: DateMention, target: str) -> int:
        """Where in the pool ``_pick(dates not taken, t, pair)`` is (some must be left)."""
        pos = _position(t, target)
        values = (t.month, t.day, t.year)
        present = [f for f in range(3) if values[f] is not None]
        for size in range(len(present), -1, -1):
            best = None
            for fields in itertools.combinations(present, size):
                key = (fields, tuple(values[f] for f in fields))
                if self.left.get(key):
                    best = self.groups[key].nearest(pos, 0.0, self.taken, best)
            if best is not None:
                return best[1]
        msg = "no date left to pick"
        raise ValueError(msg)

    def take(self, rank: int) -> None:
        """Take the date at ``rank`` out (``pool.remove``: the date picked is the first of
        those equal to it, which tie with it)."""
        self.taken[rank] = True
        for key in self.groups_of[rank]:
            self.left[key] -= 1

    def __len__(self) -> int:
        """How many dates are not taken."""
        return self.left.get(((), ()), 0)


#: Ways a target date with a day may render a source date, tried in this order so that each
#: source date is used once: 9月1日 ↔ September 1, 1日 ↔ the 1st, 1日 ↔ September 1, ...
_DAY_PASSES = (
    lambda t, s, months: s.month == t.month and s.day == t.day,
    lambda t, s, months: t.month is None and s.month is None and s.day == t.day,
    # 26日 ↔ July 26, if July is a month the document's source has around here
    lambda t, s, months: s.month is None and s.day == t.day and (not months or t.month in months),
    lambda t, s, months: t.month is None and s.day == t.day,
)


def _differing_parts(t: DateMention, s: DateMention) -> list[str]:
    """Which of month and day a target date gets wrong against its source date."""
    return [
        p
        for p, a, b in (("month", t.month, s.month), ("day", t.day, s.day))
        if a is not None and b is not None and a != b
    ] or ["month" if s.day == t.day else "day"]


def date_conflicts(
    target: list[DateMention],
    src: _SourceDates,
    pair: Pair,
    months: frozenset[int] = frozenset(),
) -> list[tuple[DateMention, list[str], DateMention | None]]:
    """Target dates the source contradicts: ``(date, parts that differ, source date)``.

    Each source date accounts for one target date; a target date left over conflicts with a
    source date left over (July 26 twice for 7月25日 and 7月26日), or with the source's dates
    when it names a month, day or weekday the source has nowhere. A source without dates, or
    without the part in question (a year, a weekday), never conflicts. ``months``, when not
    empty, is the month the document names around the segment: the month a day-only source
    date (26日) stands for.
    """
    if len(target) * len(src.dates) > _DATES_INDEX_ABOVE:
        return _date_conflicts_indexed(target, src, pair, months)
    out: list[tuple[DateMention, list[str], DateMention | None]] = []
    with_day = [d for d in src.dates if d.day is not None]
    used: set[int] = set()
    leftover = [t for t in target if t.day is not None]
    for ok in _DAY_PASSES:  # every exact match first, then the looser ones
        for t in list(leftover):
            hit = next(
                (i for i, d in enumerate(with_day) if i not in used and ok(t, d, months)), None
            )
            if hit is not None:
                used.add(hit)
                leftover.remove(t)
    free = [d for i, d in enumerate(with_day) if i not in used]
    for t in leftover:
        if free:
            s = _pick(free, t, pair)
            free.remove(s)
        elif t.day in src.days or not with_day:
            continue  # a second mention of a date the source gives, or no day to compare
        else:
            s = _pick(with_day, t, pair)
        out.append((t, _differing_parts(t, s), s))
    flagged = {id(t) for t, _, _ in out}
    for t in target:
        if id(t) in flagged or t.weekday is not None:
            continue
        parts = []  # a wrong year is a number: number-mismatch reports it
        if t.day is None and t.month is not None and src.months and t.month not in src.months:
            parts.append("month")
        if parts:
            pool = [d for d in src.dates if d.weekday is None]
            out.append((t, parts, _pick(pool, t, pair) if pool else None))
    weekdays = [d for d in src.dates if d.weekday is not None]
    free = list(weekdays)
    leftover = []
    for t in (t for t in target if t.weekday is not None):
        same = next((d for d in free if d.weekday == t.weekday), None)
        if same is not None:
            free.remove(same)
        else:
            leftover.append(t)
    for t in leftover:
        if free:
            s = _pick(free, t, pair)
            free.remove(s)
        elif weekdays and t.weekday not in src.weekdays:
            s = _pick(weekdays, t, pair)
        else:
            continue
        out.append((t, ["weekday"], s))
    out.sort(key=lambda x: x[0].start)
    return out


#: Above this many target × source dates, date_conflicts finds the source date for each target
#: date through indexes (_date_conflicts_indexed), not by trying them all.
_DATES_INDEX_ABOVE = 2000


def _date_conflicts_indexed(
    target: list[DateMention],
    src: _SourceDates,
    pair: Pair,
    months: frozenset[int],
) -> list[tuple[DateMention, list[str], DateMention | None]]:
    """:func:`date_conflicts` for pairs with many dates: the same steps, each source date
    looked up by its parts (the first not used) or picked by :class:`_DatePicker`."""
    out: list[tuple[DateMention, list[str], DateMention | None]] = []
    with_day = [d for d in src.dates if d.day is not None]
    used = [False] * len(with_day)
    # the indexes of with_day by month and day, and by day, in order, after a pointer to the
    # first that may not be used yet
    by_month_day: dict[tuple[int | None, int | None], list[int]] = {}
    by_day: dict[int | None, list[int]] = {}
    for i, d in enumerate(with_day):
        by_month_day.setdefault((d.month, d.day), [0]).append(i)
        by_day.setdefault(d.day, [0]).append(i)

    def first_unused(found: list[int] | None, used: list[bool]) -> int | None:
        if found is None:
            return None
        p = found[0] + 1
        while p < len(found) and used[found[p]]:
            p += 1
        found[0] = p - 1
        return found[p] if p < len(found) else None

    leftover = [t for t in target if t.day is not None]
    for step in range(len(_DAY_PASSES)):  # the passes of _DAY_PASSES, by index
        matched = set()
        for t in leftover:
            if step == 0:  # s.month == t.month and s.day == t.day
                hit = first_unused(by_month_day.get((t.month, t.day)), used)
            elif step == 1:  # t.month is None and s.month is None and s.day == t.day
                hit = (
                    first_unused(by_month_day.get((None, t.day)), used) if t.month is None else None
                )
            elif step == 2:  # s.month is None and s.day == t.day and t.month may be implied
                hit = (
                    first_unused(by_month_day.get((None, t.day)), used)
                    if not months or t.month in months
                    else None
                )
            else:  # t.month is None and s.day == t.day
                hit = first_unused(by_day.get(t.day), used) if t.month is None else None
            if hit is not None:
                used[hit] = True
                matched.add(id(t))
        leftover = [t for t in leftover if id(t) not in matched]
    free = [d for i, d in enumerate(with_day) if not used[i]]
    free_picker = _DatePicker(free, pair.source) if leftover else None
    any_picker = None
    for t in leftover:
        if free_picker:
            rank = free_picker.pick(t, pair.target)
            free_picker.take(rank)
            s = free[rank]
        elif t.day in src.days or not with_day:
            continue  # a second mention of a date the source gives, or no day to compare
        else:
            any_picker = any_picker or _DatePicker(with_day, pair.source)
            s = with_day[any_picker.pick(t, pair.target)]
        out.append((t, _differing_parts(t, s), s))
    flagged = {id(t) for t, _, _ in out}
    pool = [d for d in src.dates if d.weekday is None]
    pool_picker = None
    for t in target:
        if id(t) in flagged or t.weekday is not None:
            continue
        # a wrong year is a number: number-mismatch reports it
        if t.day is None and t.month is not None and src.months and t.month not in src.months:
            s = None
            if pool:
                pool_picker = pool_picker or _DatePicker(pool, pair.source)
                s = pool[pool_picker.pick(t, pair.target)]
            out.append((t, ["month"], s))
    weekdays = [d for d in src.dates if d.weekday is not None]
    week_picker = _DatePicker(weekdays, pair.source)
    by_weekday: dict[int | None, list[int]] = {}
    for rank, d in enumerate(weekdays):
        by_weekday.setdefault(d.weekday, [0]).append(rank)
    leftover = []
    for t in (t for t in target if t.weekday is not None):
        same = first_unused(by_weekday.get(t.weekday), week_picker.taken)
        if same is not None:
            week_picker.take(same)
        else:
            leftover.append(t)
    any_picker = None
    for t in leftover:
        if week_picker:
            rank = week_picker.pick(t, pair.target)
            week_picker.take(rank)
            s = weekdays[rank]
        elif weekdays and t.weekday not in src.weekdays:
            any_picker = any_picker or _DatePicker(weekdays, pair.source)
            s = weekdays[any_picker.pick(t, pair.target)]
        else:
            continue
        out.append((t, ["weekday"], s))
    out.sort(key=lambda x: x[0].start)
    return out


@register
class DateMismatch(PairRule):
    id = "date-mismatch"
    category = "Accuracy/Mistranslation"
    severity = Severity.MAJOR
    source_languages = frozenset({"zh", "en"})
    target_languages = frozenset({"zh", "en"})
    description = (
        "A date or weekday in the target that contradicts the source: another month, day, "
        "year or weekday (9月1日 → September 2, 周五 → Thursday)."
    )

    #: Segments on each side whose months tell what month a day-only date (26日) is in.
    context = 10

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        source_dates: dict[int, list[DateMention]] = {}

        def source_of(j: int) -> list[DateMention]:
            if j not in source_dates:
                p = pairs[j]
                filled = p.source and not p.source.isspace()  # (not p.source.strip())
                source_dates[j] = dates(p.source, p.source_lang) if filled else []
            return source_dates[j]

        target_dates: dict[int, list[DateMention]] = {}

        def target_of(j: int) -> list[DateMention]:
            if j not in target_dates:
                p = pairs[j]
                filled = p.target and not p.target.isspace()
                target_dates[j] = dates(p.target, p.target_lang) if filled else []
            return target_dates[j]

        # ("not x or x.isspace()" is "not x.strip()" without the copy)
        filled = [
            k
            for k, p in enumerate(pairs)
            if p.source and p.target and not p.source.isspace() and not p.target.isspace()
        ]
        for k in filled:  # every target first (faster than pair after pair: see NumberMismatch)
            target_of(k)
        for k in filled:
            pair = pairs[k]
            target = target_dates[k]
            if not target:
                continue
            # an ISO date (2020-07-26) is a number string: number-mismatch checks it
            target = [t for t in target if not _ISO_DATE.fullmatch(pair.target, t.start, t.end)]
            if not target:
                continue
            found = source_of(k)
            if not found:
                continue
            src = _SourceDates.of(found, _halfwidth(pair.source))
            months = frozenset()
            if src.lone_days:
                # the month of 26日 is one the segment or the document around it names, in the
                # source or in the other segments' translations (a dateline, "on July 25")
                lo, hi = max(0, k - self.context), min(len(pairs), k + self.context + 1)
                around = {d.month for j in range(lo, hi) for d in source_of(j) if d.month}
                around |= {
                    d.month for j in range(lo, hi) if j != k for d in target_of(j) if d.month
                }
                if src.months or len(around) == 1:
                    months = src.months | around  # else: several months around, any may do
            target_days = {t.day for t in target if t.day}
            dropped_in: dict[int, list[DateMention]] = {}  # by month (for many dates)
            for t in target:
                if t.month and not t.day and not t.year and t.weekday is None:
                    # "July" for 7月26日 with no 26 anywhere: the day was dropped
                    if t.month not in dropped_in:
                        dropped_in[t.month] = [
                            d
                            for d in src.dates
                            if d.month == t.month and d.day and d.day not in target_days
                        ]
                    dropped = dropped_in[t.month]
                    if dropped and len(src.months) == 1:
                        s = dropped[0]
                        message = (
                            f"the day is missing: the target has {format_date(t)} where "
                            f"the source has {format_date(s)} "
                            f"(“{pair.source[s.start : s.end]}”)"
                        )
                        yield PairHit(k, "target", t.start, t.end, message, (s.start, s.end))
            for t, parts, s in date_conflicts(target, src, pair, months):
                what = " and ".join(parts)
                verb = "differ" if len(parts) > 1 else "differs"
                message = f"the {what} {verb}: the target has {format_date(t)}"
                if s is not None:
                    message += (
                        f" where the source has {format_date(s)} (“{pair.source[s.start : s.end]}”)"
                    )
                yield PairHit(
                    k,
                    "target",
                    t.start,
                    t.end,
                    message,
                    (s.start, s.end) if s is not None else None,
                )
