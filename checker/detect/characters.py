"""Character-level rules: CJK left in Latin text, full-width punctuation, mojibake, invisibles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ftfy import TextFixerConfig, fix_text
from ftfy.badness import is_bad

from checker.detect.base import Hit, Rule, Unit, register
from checker.detect.data import (
    CJK_RUN,
    FULLWIDTH_MAP,
    INVISIBLE,
    JOINER_LANGS,
    MOJIBAKE_CANDIDATE,
    SPACE_AFTER,
    SPACE_BEFORE,
)
from checker.langs import CJK_LANGS
from checker.model import Severity

#: ftfy settings that leave clean CJK punctuation, curly quotes and entities alone.
FTFY_CONFIG = TextFixerConfig(
    fix_character_width=False, uncurl_quotes=False, unescape_html=False, explain=False
)
_TRAILING_PUNCT = ".,;:!?)]}\"'”’"
_LEADING_PUNCT = "([{\"'“‘"
_TOKEN = re.compile(r"\S+")
#: Every code point :data:`CJK_RUN` matches is in U+1100–U+11FF or from U+2E80 on (checked by
#: a test): text with none of these has no CJK run, and ``re`` finds that faster than ``regex``.
_CJK_HINT_CHARS = "\u1100-\u11ff\u2e80-\U0010ffff"
_CJK_HINT = re.compile(f"[{_CJK_HINT_CHARS}]")
#: Full-width punctuation and forms, as one class (what :class:`FullwidthPunctuation` looks at).
_FULLWIDTH_CHARS = "".join(re.escape(c) for c in FULLWIDTH_MAP) + "\uff01-\uff5e"
_FULLWIDTH = re.compile(f"[{_FULLWIDTH_CHARS}]")
#: :data:`MOJIBAKE_CANDIDATE` (a class of plain ranges) for ``re``, which runs it faster.
_MOJIBAKE_CHARS = MOJIBAKE_CANDIDATE.pattern[1:-1]
_MOJIBAKE_CANDIDATE = re.compile(MOJIBAKE_CANDIDATE.pattern)
#: Control characters other than tab and newline (category Cc), and :data:`INVISIBLE`.
_INVISIBLE_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(re.escape(c) for c in INVISIBLE)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


@register
class UntranslatedScript(Rule):
    id = "untranslated-script"
    category = "Accuracy/Untranslated"
    severity = Severity.MAJOR
    excluded_languages = CJK_LANGS | {"und"}
    description = "Chinese, Japanese or Korean characters left in a target of another script."
    screen_chars = _CJK_HINT_CHARS

    def check(self, unit: Unit) -> Iterator[Hit]:
        if unit.text.isascii() or not _CJK_HINT.search(unit.text):
            return
        for m in CJK_RUN.finditer(unit.text):
            yield Hit(m.start(), m.end(), f"untranslated text “{m.group()}”",
                      measure=float(len(m.group())))


@register
class FullwidthPunctuation(Rule):
    id = "fullwidth-punctuation"
    category = "Fluency/Punctuation"
    severity = Severity.MINOR
    excluded_languages = CJK_LANGS | {"und"}
    description = "Full-width or CJK punctuation (，。：（）) in Latin-script text."
    screen_chars = _FULLWIDTH_CHARS

    def check(self, unit: Unit) -> Iterator[Hit]:
        text = unit.text
        if text.isascii():
            return
        for m in _FULLWIDTH.finditer(text):
            pos = m.start()
            ch = text[pos]
            o = ord(ch)
            if ch in FULLWIDTH_MAP:
                plain = FULLWIDTH_MAP[ch]
            elif 0xFF01 <= o <= 0xFF5E:
                plain = unicodedata.normalize("NFKC", ch)
            else:
                continue
            suggestion = plain
            nxt = text[pos + 1 : pos + 2]
            prev = text[pos - 1 : pos] if pos else ""
            if plain in SPACE_AFTER and nxt.isalnum():
                suggestion = plain + " "
            if plain in SPACE_BEFORE and prev.isalnum():
                suggestion = " " + plain
            yield Hit(pos, pos + 1, f"full-width “{ch}” in {unit.lang} text; write “{plain}”",
                      suggestion)


@register
class Mojibake(Rule):
    id = "mojibake"
    category = "Fluency/Character encoding"
    severity = Severity.MAJOR
    description = "Text garbled by a wrong encoding (Ã©, â€œ, æ–°é—») or lost characters (�)."
    screen_chars = _MOJIBAKE_CHARS

    def check(self, unit: Unit) -> Iterator[Hit]:
        text = unit.text
        if text.isascii() or not _MOJIBAKE_CANDIDATE.search(text):
            return  # no token can hold a candidate character
        for m in _TOKEN.finditer(text):
            if m.group().isascii() or not _MOJIBAKE_CANDIDATE.search(m.group()):
                continue
            start, end = m.span()
            while end > start + 1 and text[end - 1] in _TRAILING_PUNCT:
                end -= 1
            while start < end - 1 and text[start] in _LEADING_PUNCT:
                start += 1
            word = text[start:end]
            if "\ufffd" in word:
                yield Hit(start, end, "replacement character “\ufffd”: text was lost in decoding")
                continue
            fixed = _roundtrip(word)
            if fixed is None and is_bad(word):
                repaired = fix_text(word, FTFY_CONFIG)
                if repaired == word:
                    yield Hit(start, end, f"garbled characters in “{word}”")
                    continue
                fixed = repaired
            if fixed is not None:
                yield Hit(start, end, f"mojibake: “{word}” should read “{fixed}”", fixed)


def _roundtrip(word: str) -> str | None:
    """The text ``word`` was before UTF-8 bytes were decoded as cp1252/Latin-1, if it was.

    Catches short mojibake that ftfy's badness heuristic misses, such as ``æ–°é—»`` for 新闻.

    >>> _roundtrip("cafÃ©"), _roundtrip("café"), _roundtrip("æ–°é—»")
    ('café', None, '新闻')
    """
    for enc in ("cp1252", "latin-1"):
        try:
            fixed = word.encode(enc).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != word and not fixed.isascii():
            return fixed
    return None


@register
class InvisibleCharacters(Rule):
    id = "invisible-characters"
    category = "Fluency/Character encoding"
    severity = Severity.MINOR
    description = "Control, zero-width, soft-hyphen and direction-override characters."
    screen_chars = _INVISIBLE_CHARS

    def check(self, unit: Unit) -> Iterator[Hit]:
        text = unit.text
        # every control character and every invisible one but U+FFFC is unprintable
        if text.isprintable() and "\ufffc" not in text:
            return
        joiners_ok = unit.lang in JOINER_LANGS
        for m in _INVISIBLE.finditer(text):
            pos = m.start()
            ch = text[pos]
            if ch in INVISIBLE:
                name, safe = INVISIBLE[ch]
                if joiners_ok and ch in "\u200c\u200d\u200e\u200f":
                    continue
                if ch == "\u200d" and _is_emoji_join(text, pos):
                    continue
            elif unicodedata.category(ch) == "Cc" and ch not in "\t\n":
                name, safe = f"CONTROL CHARACTER U+{ord(ch):04X}", True
            else:
                continue
            yield Hit(pos, pos + 1, f"invisible character {name} (U+{ord(ch):04X})",
                      "" if safe else None)


def _is_emoji_join(text: str, pos: int) -> bool:
    """A zero-width joiner between two pictographs builds one emoji (👩‍💻)."""
    before = text[pos - 1 : pos]
    after = text[pos + 1 : pos + 2]
    return bool(before and after) and all(
        unicodedata.category(c) == "So" or ord(c) >= 0x1F000 for c in (before, after)
    )
