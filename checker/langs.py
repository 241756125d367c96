"""Languages and scripts: which language a document is in, and what its script implies.

Detection looks at the script first (Han, kana, Hangul and Cyrillic settle most of our
inputs at no cost); only Latin-script text goes to lingua, built for a handful of Latin
languages in low-accuracy mode (0.1 s and ~25 MB, against 1.5 s and 200 MB for the
high-accuracy model) because a whole document is plenty of evidence.
"""

from __future__ import annotations

import functools
import unicodedata

#: Languages written in Latin script with spaces between words that the rules understand.
LATIN_LANGS = frozenset(
    "en fr de es it pt nl sv da no nb fi pl cs sk ro hu tr id ms vi ca hr sl et lv lt".split()
)
#: Languages whose text is mostly CJK characters.
CJK_LANGS = frozenset({"zh", "ja", "ko"})
#: Latin-script languages handed to lingua for detection.
_LINGUA_LATIN = ("ENGLISH", "FRENCH", "GERMAN", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH")
#: Characters of a document sample used for detection.
SAMPLE_CHARS = 4000


def script_of(ch: str) -> str:
    """A coarse script class for one character.

    >>> [script_of(c) for c in "a中か한Я1"]
    ['latin', 'han', 'kana', 'hangul', 'cyrillic', 'other']
    """
    o = ord(ch)
    if ch.isascii():
        return "latin" if ch.isalpha() else "other"
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF:
        return "kana"
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "hangul"
    if (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
    ):
        return "han"
    if not ch.isalpha():
        return "other"
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return "other"


def script_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ch in text:
        s = script_of(ch)
        if s != "other":
            counts[s] = counts.get(s, 0) + 1
    return counts


@functools.lru_cache(maxsize=1)
def _latin_detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    langs = [getattr(Language, n) for n in _LINGUA_LATIN]
    return LanguageDetectorBuilder.from_languages(*langs).with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the main language of ``text`` (``"en"`` for undecidable Latin text).

    >>> detect_language("重庆市周五起施行新条例。")
    'zh'
    >>> detect_language("東京都は新しい条例を施行した。")
    'ja'
    """
    sample = text[:SAMPLE_CHARS]
    counts = script_counts(sample)
    if not counts:
        return "und"
    top = max(counts, key=lambda k: counts[k])
    cjk = counts.get("han", 0) + counts.get("kana", 0) + counts.get("hangul", 0)
    if cjk >= counts.get("latin", 0) * 0.25 and cjk > 0:
        if counts.get("kana", 0) > 0.05 * cjk:
            return "ja"
        if counts.get("hangul", 0) > counts.get("han", 0):
            return "ko"
        return "zh"
    if top == "cyrillic":
        return "ru"
    if top == "latin":
        found = _latin_detector().detect_language_of(sample)
        if found is None:
            return "en"
        return found.iso_code_639_1.name.lower()
    return "und"


def is_latin(lang: str) -> bool:
    return lang in LATIN_LANGS


def is_cjk(lang: str) -> bool:
    return lang in CJK_LANGS
