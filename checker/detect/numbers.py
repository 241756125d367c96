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
"""

from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Iterator, Sequence
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
_DIGIT_RUN = re.compile(r"\d+")
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
_ZH_TIME_FIRST = frozenset("凌早清上中下傍晚夜午二十一两三四五六七八九")
#: Characters from the start of a :data:`_ZH_TIME` match to its 时 or 点, at most.
_ZH_TIME_REACH = 5
_ZH_HALF = re.compile(r"(?<![一二两三四五六七八九十个])半(个小时|小时|个月|年|月|天|日|数|)")
_ZH_NUMBER_WORD = re.compile("|".join(sorted(ZH_NUMBER_WORDS, key=len, reverse=True)))
#: The first characters of :data:`ZH_NUMBER_WORDS` (text with none of them has none).
_ZH_NUMBER_WORD_FIRST = "".join(sorted({w[0] for w in ZH_NUMBER_WORDS}))
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
_EN_WORD = "|".join(sorted([*EN_UNITS, *EN_TENS, *EN_SCALES], key=len, reverse=True))
_EN_WORD_NUMBER = re.compile(
    rf"(?<![\w-])(?:an?\s+(?=(?:hundred|thousand|million|billion|trillion)\b))?"
    rf"(?:{_EN_WORD})(?:(?:(?<=hundred)\s+and\s+|[\s-]+)(?:{_EN_WORD}))*(?!\w)",
    re.I,
)
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
_EN_HALF = re.compile(r"\s+and\s+a\s+half\b", re.I)
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
_PERCENT_AFTER = re.compile(r"\s*(?:percent\b|per\s?cent\b|%)")

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


def _halfwidth(text: str) -> str:
    """Full-width digits and signs as ASCII (one code point each: offsets keep)."""
    if text.isascii():
        return text
    return _halfwidth_of(text)


@functools.lru_cache(maxsize=4096)
def _halfwidth_of(text: str) -> str:
    """:func:`_halfwidth` of non-ASCII text, remembered: the number rules, the date rules and
    the date rule's source reading each ask for the same source texts."""
    return text.translate(FULLWIDTH_DIGITS) if _FULLWIDTH.search(text) else text


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


def _word_starts(folded: str, words: set[str]) -> list[int]:
    """Where the words stand in ``folded`` (see :func:`_folded`) as whole words, in order."""
    out = []
    n = len(folded)
    for w in words:
        k = len(w)
        i = folded.find(w)
        while i >= 0:
            if (i == 0 or folded[i - 1] == " ") and (i + k == n or folded[i + k] == " "):
                out.append(i)
            i = folded.find(w, i + k)
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


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


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
    before = text[max(0, start - 2) : start]
    if before[-1:].isalpha() and before[-1:].isascii():
        letters = _LETTERS_AT_END.search(text[max(0, start - 4) : start])
        return letters is None or letters.group() not in _CURRENCY_CODES
    if _one_of(before[-1:], "-–") and before[:1].isalpha() and before[:1].isascii():
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


def _url_codes(text: str, out: list[Mention], taken: list[tuple[int, int]]) -> None:
    """Digits inside URLs: weak "code" mentions; the URL spans are taken from other readers."""
    for m in _urls(text):
        taken.append(m.span())
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
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(m: Mention) -> None:
        out.append(m)
        taken.append((m.start, m.end))

    _url_codes(text, out, taken)
    first = _first_digit(text)
    digits = first >= 0
    runs = _digit_starts(text, first)
    iso = digits and ("19" in text or "20" in text)
    for m in _matches_at(_ISO_DATE, text, runs) if iso else ():
        if not _overlaps(taken, *m.span()):
            add(_iso_mention(m))
    colon = digits and (":" in text or "：" in text)
    for m in _matches_at(_CLOCK, text, runs) if colon else ():
        if not _overlaps(taken, *m.span()):
            add(
                Mention(
                    m.start(), m.end(), _clock_values(m), strong=False, kind="time", pairable=True
                )
            )
    for m in _matches_at(_PAIRED, text, runs) if colon or (digits and "/" in text) else ():
        if not _overlaps(taken, *m.span()):
            add(_paired(m, strong=False))  # 3：0, a score the translation writes 3-0
    for date, parts in _zh_dates(text):
        if not _overlaps(taken, date.start, date.end):
            for p in parts:
                add(p)
    for m in _matches_at(_ZH_TIME, text, _zh_time_starts(text)):
        if _overlaps(taken, *m.span("h")):
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
        add(
            Mention(
                start,
                m.end(),
                _time_values(hour, minute),
                strong=not (formula or stamped),
                kind="time",
                pairable=not formula,
            )
        )
    for m in _ZH_PERCENT.finditer(text) if "分之" in text else ():
        if _overlaps(taken, *m.span()):
            continue
        if m.group("per"):
            n = _zh_float(m.group("n"))
            if n is None:
                continue
            values = (n,) if m.group("per") == "百" else (n, n / 10)
            add(Mention(m.start(), m.end(), values, kind="percent"))
        else:
            den, num = _zh_float(m.group("den")), _zh_float(m.group("num"))
            if not den or num is None:
                continue
            add(Mention(m.start(), m.end(), (num / den, num / den * 100, den, num), kind="percent"))
    for m in _matches_at(_ZH_NUMBER, text, _starts(_ZH_NUMBER_START, text)):
        start, end = m.span()
        if _overlaps(taken, start, end):
            # a number ahead of a date or time it overlaps: keep the part before it
            continue
        add_zh_number(text, m, out)
        taken.append((start, end))
    for m in _ZH_HALF.finditer(text) if "半" in text else ():
        if not _overlaps(taken, *m.span()):
            add(Mention(m.start(), m.end(), ZH_HALF_UNITS[m.group(1)], strong=False, kind="word"))
    number_words = any(c in text for c in _ZH_NUMBER_WORD_FIRST)
    for m in _ZH_NUMBER_WORD.finditer(text) if number_words else ():
        if not _overlaps(taken, *m.span()):
            values = tuple(float(v) for v in ZH_NUMBER_WORDS[m.group()])
            out.append(Mention(m.start(), m.end(), values, strong=False, kind="word"))
    out.sort(key=lambda x: x.start)
    _weaken_glosses(text, out)
    return out


def _weaken_glosses(text: str, found: list[Mention]) -> None:
    """A number in brackets right after another number is a conversion the translator (or the
    writer) added: ``6,000 mu (400 hectares)``, ``5万元（约合7000美元）``. Never reported."""
    if "(" not in text and "（" not in text:
        return
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
        if any(p.end <= opened and _GLOSS_GAP.fullmatch(text, p.end, opened) for p in found[:i]):
            found[i] = m._replace(strong=False)


def _zh_float(s: str) -> float | None:
    if _DECIMAL.fullmatch(s):
        return float(s)
    return zh_numeral_value(s)


def add_zh_number(text: str, m: re.Match[str], out: list[Mention]) -> None:
    """Turn one match of the general Chinese number pattern into a mention."""
    start, end = m.span()
    n, more, scale = m.group("n"), m.group("more"), m.group("scale")
    before = text[max(0, start - 2) : start]
    after = text[end : end + 4]
    strong, pairable = True, True
    kind = "percent" if m.group("pct") else "number"
    approx = bool(more) or before.endswith(ZH_APPROX_BEFORE) or after.startswith(ZH_APPROX_AFTER)
    if n[0].isdigit():
        if _is_code(text, m.start("n"), m.end("n")):
            out.append(
                Mention(start, m.end("n"), (float(n.replace(",", "")),), strong=False, kind="code")
            )
            return
        value = float(n.replace(",", ""))
        unit = _unit_of(n, ".")
        if len(n) == 4 and 1900 <= value < 2100 and not scale and not m.group("pct"):
            kind = "year"  # 2020湖南红色旅游文化节: may be the year of a date in the target
    else:
        parsed = zh_numeral_value(n)
        if parsed is None:
            out.append(Mention(start, end, _loose_values(n), strong=False, kind="word"))
            return
        value, unit = parsed, 1.0
        strong = _zh_numeral_is_count(text, start, m.end("n"), n, before)
        if len(n) == 1 and strong:
            strong = False  # 三人, 五级: a count a translator may fold into the wording
        elif not strong:
            pairable = False
        vague = before.endswith(("几", "数")) or (
            before.endswith(("上", "成")) and n[0] in "十百千万亿"
        )  # 几十, 数百, 上万, 成千: "dozens", "hundreds", "tens of thousands"
        if vague or _one_of(after[:1], "几"):
            strong = pairable = False
    values: tuple[float, ...] = (value,)
    if scale:
        factor = _ZH_SCALES[scale]
        values, value, unit = (value * factor,), value * factor, unit * factor
    if after.startswith("年代") and value < 100:
        values = (value, 1900 + value, 2000 + value)  # 八十年代 → the 1980s
    if after.startswith("成") and not scale:
        values = (*values, value * 10)  # 三成 → 30%
        strong = False
    elif after.startswith("倍") and text[max(0, start - 4) : start].endswith(_ZH_GROWTH):
        values = (*values, value + 1)  # 增长两倍: "grew by 200%" or "tripled"
    if n[-1] == "千" and after[:1] in ("米", "克", "瓦"):
        values = (*values, value / 1000)  # 三千米 → 3,000 m or 3 km
    if after.startswith(_ZH_UNIT_WORDS):
        for unit_word, factor in ZH_UNIT_CONVERSIONS.items():
            if after.startswith(unit_word):
                values = (*values, value * factor)  # 1000斤 → 500 kg; 20里 → 10 km
                break
    if "半" in after[:3] and _half_after(after):
        values = (*values, value + 0.5)
    if before.endswith(_ZH_ORDINAL_BEFORE):
        kind = "ordinal"
        start -= 1
    if value in (0, 1) or (value == 2 and not n[0].isdigit() and not scale):
        strong = False  # 一 is often "a"; 两/二 "both", "another", "a couple of", "second"
        pairable = pairable and value == 2
    if after.startswith("号"):
        strong = False  # 5号线 "Line 5": a name the translation may shorten to "the line"
    if strong and (_counts_list(text, start, value) or before.endswith(_ZH_ANAPHORIC)):
        strong = False  # 北京、上海、广州3地: the translation may list them without the count
    if _range_to_date(text, end):
        strong, pairable, kind = False, False, "date"
    out.append(Mention(start, end, values, unit, strong, kind, approx, pairable))


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
    head = text[max(0, start - 60) : start]
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
    out = list(_en_dates_of(text)[0])
    weekdays = "day" in text or ("." in text and _WEEKDAY_ABBREVIATION.search(text) is not None)
    names = [m.start() for m in _WEEKDAY_HINT.finditer(text)] if weekdays else []
    for m in _matches_at(_EN_WEEKDAY, text, names) if names else ():
        name = (m.group(1) or m.group(2)).lower()
        out.append(DateMention(m.start(), m.end(), weekday=EN_WEEKDAYS[name]))
    out.sort(key=lambda d: d.start)
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


@functools.lru_cache(maxsize=4096)
def _en_dates_of(text: str) -> tuple[tuple[DateMention, ...], tuple[Mention, ...]]:
    """:func:`_en_date_spans` of English text, remembered: ``number-mismatch`` and
    ``date-mismatch`` read the same targets."""
    first = _first_digit(text)
    dates, parts = _en_date_spans(text, first >= 0, _digit_starts(text, first))
    return tuple(dates), tuple(parts)


def _en_date_spans(
    text: str, digits: bool = True, runs: Sequence[int] | None = None
) -> tuple[list[DateMention], list[Mention]]:
    """Dates of English text and their parts as mentions; ``runs`` are the starts of its runs
    of digits (see :func:`_digit_starts`), worked out when not given."""
    dates: list[DateMention] = []
    parts: list[Mention] = []
    spans: list[tuple[int, int]] = []
    if runs is None:
        runs = _digit_starts(text, _first_digit(text)) if digits else []
    # every month name starts with one of _MONTH_HINT's (capitalised: they cannot overlap)
    months = [m.start() for m in _MONTH_HINT.finditer(text)]
    for regex in (_EN_DATE_DM, _EN_DATE_MD) if months else ():
        if regex is _EN_DATE_DM and not digits:
            continue
        for m in _matches_at(regex, text, runs if regex is _EN_DATE_DM else months):
            if _overlaps(spans, *m.span()):
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
            spans.append((m.start(), end))
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
    iso = digits and ("19" in text or "20" in text)
    for m in _matches_at(_ISO_DATE, text, runs) if iso else ():
        if not _overlaps(spans, *m.span()):
            dates.append(
                DateMention(m.start(), m.end(), int(m.group(1)), int(m.group(3)), int(m.group(4)))
            )
            spans.append(m.span())
            parts.append(_iso_mention(m))
    ordinal = digits and bool(runs) and _DIGIT_ORDINAL.search(text, runs[0]) is not None
    for m in _EN_DAY_ONLY.finditer(text) if ordinal else ():
        if not _overlaps(spans, *m.span()):
            dates.append(DateMention(m.start(1), m.end(), day=int(m.group(1))))
            parts.append(
                Mention(m.start(1), m.end(), (float(m.group(1)),), strong=False, kind="date")
            )
    return dates, parts


def latin_mentions(text: str, lang: str) -> list[Mention]:
    """Numbers in English (digits and words) or another Latin-script language (digits).

    >>> [(m.value, m.kind, m.strong) for m in latin_mentions("1,200 and 1.2 million, 5%", "en")]
    [(1200.0, 'number', True), (1200000.0, 'number', True), (5.0, 'percent', True)]
    >>> [m.value for m in latin_mentions("1.200 und 1,5 Prozent", "de")]
    [1200.0, 1.5]
    """
    text = _halfwidth(text)
    english = lang == "en"
    out: list[Mention] = []
    taken: list[tuple[int, int]] = []
    _url_codes(text, out, taken)
    first = _first_digit(text)
    digits = first >= 0
    runs = _digit_starts(text, first)
    if english:
        # without digits a date has no day or year, and so no part that is a mention
        parts = _en_dates_of(text)[1] if digits else ()
        for p in parts:
            out.append(p)
            taken.append((p.start, p.end))
        for m in _matches_at(_EN_TIME, text, runs):
            if _overlaps(taken, *m.span()):
                continue
            if m.group("h24"):  # 1700 hours
                hour, minute, ap = int(m.group("h24")), int(m.group("m24")), ""
            else:
                hour, minute = int(m.group("h")), int(m.group("m") or 0)
                ap = m.group("ap").lower().replace(".", "").replace(" ", "")
            if ap == "pm" and hour < 12:
                hour += 12
            out.append(Mention(m.start(), m.end(), _time_values(hour, minute), kind="time"))
            taken.append(m.span())
    elif digits:
        for m in _matches_at(_ISO_DATE, text, runs):
            out.append(_iso_mention(m))
            taken.append(m.span())
    colon = digits and (":" in text or "：" in text)
    for m in _matches_at(_CLOCK, text, runs) if colon else ():
        if not _overlaps(taken, *m.span()):
            out.append(Mention(m.start(), m.end(), _clock_values(m), kind="time"))
            taken.append(m.span())
    for m in _matches_at(_PAIRED, text, runs) if colon or (digits and "/" in text) else ():
        if not _overlaps(taken, *m.span()):
            out.append(_paired(m))
            taken.append(m.span())
    if english or lang in DECIMAL_POINT_LANGS:
        regex, decimal, group = _EN_NUMBER, ".", ","
    else:
        key = "comma_space" if lang in _SPACE_GROUP_LANGS else "comma"
        regex, decimal, group = _OTHER_NUMBER[key], ",", "."
    for m in _matches_at(regex, text, runs):
        if _overlaps(taken, *m.span("n")):
            continue
        mention = _latin_number(text, m, decimal, group, english)
        if mention is not None:
            out.append(mention)
            taken.append((mention.start, mention.end))
    if english:
        out += _en_word_mentions(text, taken)
    out.sort(key=lambda x: x.start)
    _weaken_glosses(text, out)
    if english and ("decade" in text or "entur" in text):
        for i, x in enumerate(out):
            decades = _TIMES_UNIT.match(text, x.end)
            if decades and x.kind in ("number", "word"):
                factor = 100.0 if decades.group(1).lower().startswith("c") else 10.0
                out[i] = x._replace(values=(*x.values, x.value * factor))
    return out


def _latin_number(
    text: str, m: re.Match[str], decimal: str, group: str, english: bool
) -> Mention | None:
    n = m.group("n")
    start, end = m.span()
    if n.isdecimal():  # digits alone (what \d matches): nothing to take out
        digits = n
    else:
        digits = _NOT_DIGIT_OR[decimal].sub("", n).replace(decimal, ".")
    value = float(digits)
    unit = _unit_of(digits, ".")
    values: tuple[float, ...] = (value,)
    if _GROUPED_ONCE.fullmatch(n):
        # 1.200 / 1,200: the other convention's reading too
        other = float(n.replace(decimal, "").replace(group, "."))
        values = (value, other)
    elif " " in n:
        values = (value, *(float(p) for p in n.split(" ")))  # 30 000 jobs, or "July 25 300"
    if _is_code(text, m.start("n"), m.end("n")):
        return Mention(start, m.end("n"), values, strong=False, kind="code")
    suffix = (m.group("suffix") or "").strip().lower().lstrip("-").strip()
    kind = "percent" if m.group("pct") else "number"
    strong = True
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
    elif suffix and not m.group("pct"):
        end = m.end("n")
    if m.group("pct") and not suffix:
        end = m.end()
    half = _EN_HALF.match(text, end)
    if half:
        values = (*values, value + 0.5)
    prev = text[max(0, start - 30) : start].lower().split()
    approx = bool(prev) and (
        prev[-1] in EN_APPROX_BEFORE
        or " ".join(prev[-2:]) in ("more than", "less than", "fewer than", "up to", "at least")
    )
    if not english and value <= 20 and value == int(value) and kind != "percent":
        strong = False  # may be a word on the other side: we read no words in this language
    return Mention(start, end, values, unit, strong, kind, approx)


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


def _en_word_mentions(text: str, taken: list[tuple[int, int]]) -> list[Mention]:
    out = []
    lower = _lower_words(text)
    present = lower & _NUMBER_WORDS
    if present and lower & _SCALE_WORDS:
        present |= lower & _ARTICLES  # "a hundred"
    for run in _word_matches(_EN_WORD_NUMBER, text, present) if present else ():
        if _overlaps(taken, *run.span()):
            continue
        for a, b, value in en_word_numbers(run.group()):
            start, end = run.start() + a, run.start() + b
            values: tuple[float, ...] = (value,)
            if _EN_HALF.match(text, end):
                values = (value + 0.5, value)
            pct = _PERCENT_AFTER.match(text[end:])
            prev = text[max(0, start - 30) : start].lower().split()
            approx = bool(prev) and (prev[-1] in EN_APPROX_BEFORE)
            low = text[start:end].lower()
            strong = value >= 3 and not _en_word_idiom(text, start, end)
            if low in EN_SCALES:
                strong = False  # "RMB280 Million", "Ten Thousand Mu": no number of its own
            unit = 1.0
            last = low.split()[-1]
            if last in EN_SCALES and value >= 1000:
                unit = float(EN_SCALES[last])
            out.append(
                Mention(
                    start,
                    end + (pct.end() if pct else 0),
                    values,
                    unit,
                    strong,
                    "percent" if pct else "word",
                    approx,
                )
            )
        taken.append(run.span())
    roman = _roman_hint(text)
    for m in _ROMAN.finditer(text) if roman else ():
        group = "r" if m.group("r") else "r1"
        if not _overlaps(taken, *m.span(group)):
            out.append(
                Mention(
                    m.start(group),
                    m.end(group),
                    (float(_roman_value(m.group(group))),),
                    strong=False,
                    kind="word",
                )
            )
    for regex, table, keys, starts in (
        (_EN_ORDINAL_WORD, EN_ORDINALS, _ORDINAL_WORDS, _ORDINAL_STARTS),
        (_EN_NUMBER_LIKE, EN_NUMBER_LIKE, _NUMBER_LIKE_WORDS, _NUMBER_LIKE_WORDS),
    ):
        if keys.isdisjoint(lower):
            continue
        for m in _word_matches(regex, text, lower & starts):
            if _overlaps(taken, *m.span()):
                continue
            low = m.group().lower()
            if table is EN_ORDINALS:
                parts = low.rstrip("s").split("-") if low not in EN_ORDINALS else [low]
                value = sum(EN_TENS.get(p, EN_ORDINALS.get(p, 0)) for p in parts)
                values: tuple[float, ...] = (float(value),)
                if low.endswith("s") and low not in EN_ORDINALS:
                    values = (float(value), 1 / value if value else 0.0)
            else:
                values = tuple(float(v) for v in EN_NUMBER_LIKE[low])
            out.append(Mention(m.start(), m.end(), values, strong=False, kind="word"))
    return out


def _roman_value(numeral: str) -> int:
    """``III`` → 3, ``IV`` → 4, ``XII`` → 12."""
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(numeral):
        v = values[ch]
        total += -v if i + 1 < len(numeral) and values[numeral[i + 1]] > v else v
    return total


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
    if v >= TIME_BASE:
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


_CODE_LETTERS_BEFORE = re.compile(r"([A-Za-z]{2,})[-–\s]?$")
_CODE_LETTERS_AFTER = re.compile(r"[A-Za-z]+")
#: Names whose number a Chinese source gives only in words (新冠 → COVID-19).
_ZH_NAMED = {"covid": ("新冠", "新型冠状")}


def _named_in_source(target: str, t: Mention, source: str) -> bool:
    """Whether the source has the name a target code belongs to (COVID-19 ↔ 新冠, G20 ↔ G20),
    so that its number can be checked: COVID-18 is then a wrong number, not another name."""
    before = _CODE_LETTERS_BEFORE.search(target, max(0, t.start - 12), t.start)
    after = _CODE_LETTERS_AFTER.match(target, t.end)
    letters = before.group(1) if before else after.group() if after else ""
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
    return any(w.group().lower().startswith(syllable) for w in _CAPITALISED.finditer(target))


_NUMBER_LANGS = frozenset({"zh"}) | LATIN_LANGS


_ZH_NUMERAL_PAIR = re.compile(f"[{_ZH_NUM_CHARS}]{{2}}")


def _may_count(text: str, lang: str) -> bool:
    """Can ``text`` hold a strong mention, or a year, ISO date or code that the target side
    may have to account for? A cheap necessary condition, so that most texts are not read.

    Each such mention has a digit, but for English number words and, in Chinese, a run of
    two or more numerals (a lone 三 is never strong: 三人 may be folded into the wording), a
    fraction (百分之五) or a clock time (下午三点).
    """
    if _HAS_DIGIT.search(text):
        return True
    if lang == "zh":
        if "分之" in text or _ZH_NUMERAL_PAIR.search(text):
            return True
        return ("时" in text or "点" in text) and any(c in text for c in _ZH_NUM_CHARS)
    return lang == "en" and not _NUMBER_WORDS.isdisjoint(_lower_words(text))


def _may_be_checked(pair: Pair) -> bool:
    """Can the target have a mention :meth:`NumberMismatch._checked` keeps?

    In a Latin-script target every such mention (a strong number, a year or date, a code)
    has a digit, but for English number words (``twenty-nine``).
    """
    if pair.target_lang == "zh":
        return True
    text = pair.target
    if _HAS_DIGIT.search(text):
        return True
    return pair.target_lang == "en" and not _NUMBER_WORDS.isdisjoint(_lower_words(text))


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

    def check_pairs(self, pairs: Sequence[Pair]) -> Iterator[PairHit]:
        cache: dict[tuple[int, str], list[Mention]] = {}

        def side(k: int, which: str) -> list[Mention]:
            if (k, which) not in cache:
                p = pairs[k]
                text, lang = (
                    (p.source, p.source_lang) if which == "s" else (p.target, p.target_lang)
                )
                cache[k, which] = mentions(text, lang) if text.strip() else []
            return cache[k, which]

        def near(k: int, which: str) -> Iterator[Mention]:
            # A neighbour segment may hold the counterpart: an aligner that moved a clause, or
            # a translator who left out a number the previous sentence already gave (5号线).
            for j in (k - 1, k + 1):
                if 0 <= j < len(pairs):
                    yield from side(j, which)

        for k, pair in enumerate(pairs):
            if not pair.source.strip() or not pair.target.strip():
                continue
            if not _may_count(pair.source, pair.source_lang) and not _may_count(
                pair.target, pair.target_lang
            ):
                continue  # no side can hold a number this rule compares: neither is read
            source = side(k, "s")
            if not any(m.strong for m in source) and not _may_be_checked(pair):
                continue  # nothing to report either way: the target is not even read
            target = side(k, "t")
            checked = [t for t in target if self._checked(t, pair, source)]
            if not checked and not any(m.strong for m in source):
                continue
            extra = [t for t in checked if not any(mention_matches(s, t) for s in source)]
            missing = [
                s
                for s in source
                if s.strong
                and not any(mention_matches(s, t) for t in target)
                and not _spelled_in_name(pair.source[s.start : s.end], pair.target)
            ]
            # a number the neighbouring source gives, which the translator repeats ("本届" →
            # "the 23rd") or the aligner moved; one-digit numbers match there by chance
            extra = [
                t
                for t in extra
                if abs(t.value) < 10
                or t.kind in ("code", "time")
                or not any(mention_matches(s, t) for s in near(k, "s"))
            ]
            yield from self._report(k, pair, source, target, extra, missing)

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
        unmatched = [
            x
            for x in source
            if x.pairable and x not in missing and not any(mention_matches(x, y) for y in target)
        ]
        for t in extra:
            s = _closest(missing + unmatched, t, pair)
            measure = t.value if t.value < TIME_BASE else None
            if s is None:
                message = f"the target has {format_value(t)}, which is not in the source"
                yield PairHit(k, "target", t.start, t.end, message, measure=measure)
                continue
            if s in missing:
                missing.remove(s)
            else:
                unmatched.remove(s)
            message = (
                f"the target has {format_value(t)} where the source has "
                f"{format_value(s)} (“{pair.source[s.start : s.end]}”)"
            )
            yield PairHit(k, "target", t.start, t.end, message, (s.start, s.end), measure=measure)
        for s in missing:
            message = f"the source has {format_value(s)}, which is missing from the target"
            yield PairHit(
                k,
                "source",
                s.start,
                s.end,
                message,
                measure=s.value if s.value < TIME_BASE else None,
            )


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


#: Ways a target date with a day may render a source date, tried in this order so that each
#: source date is used once: 9月1日 ↔ September 1, 1日 ↔ the 1st, 1日 ↔ September 1, ...
_DAY_PASSES = (
    lambda t, s, months: s.month == t.month and s.day == t.day,
    lambda t, s, months: t.month is None and s.month is None and s.day == t.day,
    # 26日 ↔ July 26, if July is a month the document's source has around here
    lambda t, s, months: s.month is None and s.day == t.day and (not months or t.month in months),
    lambda t, s, months: t.month is None and s.day == t.day,
)


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
        parts = [
            p
            for p, a, b in (("month", t.month, s.month), ("day", t.day, s.day))
            if a is not None and b is not None and a != b
        ] or ["month" if s.day == t.day else "day"]
        out.append((t, parts, s))
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
                source_dates[j] = dates(p.source, p.source_lang) if p.source.strip() else []
            return source_dates[j]

        target_dates: dict[int, list[DateMention]] = {}

        def target_of(j: int) -> list[DateMention]:
            if j not in target_dates:
                p = pairs[j]
                target_dates[j] = dates(p.target, p.target_lang) if p.target.strip() else []
            return target_dates[j]

        for k, pair in enumerate(pairs):
            if not pair.source.strip() or not pair.target.strip():
                continue
            # an ISO date (2020-07-26) is a number string: number-mismatch checks it
            target = [
                t for t in target_of(k) if not _ISO_DATE.fullmatch(pair.target, t.start, t.end)
            ]
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
            for t in target:
                if t.month and not t.day and not t.year and t.weekday is None:
                    # "July" for 7月26日 with no 26 anywhere: the day was dropped
                    dropped = [
                        d
                        for d in src.dates
                        if d.month == t.month and d.day and d.day not in target_days
                    ]
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
