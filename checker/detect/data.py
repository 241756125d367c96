"""Heuristic data for the detector rules: word lists, character tables, compiled patterns.

Kept apart from the rule logic (as ftfy keeps ``chardata`` apart from ``badness``) so that a
list can be extended without reading the code that uses it.
"""

from __future__ import annotations

import regex

from checker.langs import LATIN_LANGS

#: Words after ``X- `` that make it a suspended hyphen (``low- and middle-income``).
SUSPENDED_HYPHEN_FOLLOWERS = frozenset(
    "and or to nor through than versus vs but as & und oder et ou y o e".split()
)

#: Words legitimately doubled in English (``had had``, ``that that``).
DOUBLED_WORD_OK = frozenset(
    "had that bye ha haha ho tut knock chop yada blah so no bang boo hush pooh tsk".split()
)

#: Nouns and adjectives legitimately echoed around "of" (``best of the best``).
ECHO_OF_OK = frozenset(
    """
    best worst king kings lord lords song songs holy holies heart hearts one ones
    thousand thousands million millions hundred hundreds billion billions trillion trillions
    dozen dozens tens layers percent
    """.split()
)

#: English function words: never the head of an echoed phrase, and allowed between the echoes.
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those of in on at to for from by with as and or but nor not no
    is are was were be been being has have had do does did will would shall should can could
    may might must it its he she they we i you his her their our my your them us him me
    which who whom whose what when where why how all any some each every both either neither
    such than then there here so if
    """.split()
)

#: One- or two-word sentences that are fine on their own in news copy.
FRAGMENT_OK = frozenset(
    """
    yes no why how indeed really exactly absolutely certainly thanks okay ok sure right wrong
    maybe perhaps never always nothing everything nobody everybody not again why not
    """.split()
)

#: Punctuation a space must not precede, per language family (French spaces before ;:!?).
NO_SPACE_BEFORE = ",.;:!?)]}"
NO_SPACE_BEFORE_FRENCH = ",.)]}"

#: Opening and closing bracket/quote pairs checked for balance.
PAIRS = {
    "(": ")",
    "[": "]",
    "{": "}",
    "“": "”",
    "«": "»",
    "《": "》",
    "「": "」",
    "『": "』",
    "（": "）",
    "【": "】",
    "〈": "〉",
}
CLOSING = {v: k for k, v in PAIRS.items()}

#: Full-width and CJK punctuation and what it becomes in Latin-script text.
FULLWIDTH_MAP = {
    "，": ",",
    "。": ".",
    "、": ",",
    "；": ";",
    "：": ":",
    "？": "?",
    "！": "!",
    "（": "(",
    "）": ")",
    "【": "[",
    "】": "]",
    "「": "“",
    "」": "”",
    "『": "‘",
    "』": "’",
    "《": "“",
    "》": "”",
    "〈": "‘",
    "〉": "’",
    "～": "~",
    "　": " ",
    "．": ".",
    "＂": '"',
    "＇": "'",
}
#: Punctuation that takes a space after it in English when a word follows.
SPACE_AFTER = set(",.;:?!)]”’")
#: Punctuation that takes a space before it in English when a word precedes.
SPACE_BEFORE = set("([“‘")

#: CJK characters (Han, kana, Hangul) in a Latin-script target.
CJK_RUN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}ー々〆]+")

#: Characters that are invisible or control text direction, with whether removing them is safe.
INVISIBLE = {
    "\u00ad": ("SOFT HYPHEN", True),
    "\u200b": ("ZERO WIDTH SPACE", True),
    "\u200c": ("ZERO WIDTH NON-JOINER", False),
    "\u200d": ("ZERO WIDTH JOINER", False),
    "\u200e": ("LEFT-TO-RIGHT MARK", False),
    "\u200f": ("RIGHT-TO-LEFT MARK", False),
    "\u2060": ("WORD JOINER", True),
    "\u2061": ("FUNCTION APPLICATION", True),
    "\u2062": ("INVISIBLE TIMES", True),
    "\u2063": ("INVISIBLE SEPARATOR", True),
    "\u2064": ("INVISIBLE PLUS", True),
    "\ufeff": ("ZERO WIDTH NO-BREAK SPACE (BOM)", True),
    "\ufffc": ("OBJECT REPLACEMENT CHARACTER", True),
    "\u180e": ("MONGOLIAN VOWEL SEPARATOR", True),
    "\u202a": ("LEFT-TO-RIGHT EMBEDDING", False),
    "\u202b": ("RIGHT-TO-LEFT EMBEDDING", False),
    "\u202c": ("POP DIRECTIONAL FORMATTING", False),
    "\u202d": ("LEFT-TO-RIGHT OVERRIDE", False),
    "\u202e": ("RIGHT-TO-LEFT OVERRIDE", False),
    "\u2066": ("LEFT-TO-RIGHT ISOLATE", False),
    "\u2067": ("RIGHT-TO-LEFT ISOLATE", False),
    "\u2068": ("FIRST STRONG ISOLATE", False),
    "\u2069": ("POP DIRECTIONAL ISOLATE", False),
}
#: Languages where joiners and direction marks are part of normal writing.
JOINER_LANGS = frozenset("ar fa ur he yi hi bn mr ne si ta te ml kn gu pa ps ku".split())

#: Characters worth a mojibake look: Latin-1/cp1252 letters and symbols that UTF-8 read as
#: cp1252 produces (Ã, Â, â€, Ã©, ...), and the replacement character.
MOJIBAKE_CANDIDATE = regex.compile(
    r"[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013-\u203a\u20ac\u2122\ufffd]"
)

#: Languages the spacing and hyphen rules understand (Latin script, spaces between words).
SPACED_LATIN = LATIN_LANGS
