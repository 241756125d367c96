"""Target-side fluency rules: hyphens, glued sentences, stray fragments, repetition, spacing,
brackets and quotes. Each looks at one unit (paragraph) of Latin-script text."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from itertools import compress, groupby, islice
from operator import eq
from typing import ClassVar

from checker.detect.base import AnyOf, Hit, Rule, Unit, register
from checker.detect.data import (
    CLOSING,
    DOUBLED_WORD_OK,
    ECHO_OF_OK,
    FRAGMENT_OK,
    FUNCTION_WORDS,
    NO_SPACE_BEFORE,
    NO_SPACE_BEFORE_FRENCH,
    PAIRS,
    SPACED_LATIN,
    SUSPENDED_HYPHEN_FOLLOWERS,
)
from checker.model import Document, Severity
from checker.split import TERMINATOR_THEN_CAPITAL, glued_boundaries, protected_spans

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# "anti -spy": a word, spaces, a hyphen glued to the next word.
_HYPHEN_SPACE_BEFORE = re.compile(r"(?<![\w-])([^\W\d_][\w]*)( +)-([^\W\d_]\w*|\d+\b)")
# "anti- spy": a word with a hyphen glued on, spaces, the next word.
_HYPHEN_SPACE_AFTER = re.compile(r"(?<![\w-])([^\W_]\w*)-( +)([^\W\d_]\w*)")
_TERMINAL = set(".!?…。！？")
#: Every bracket and quote the balance check follows (the rest of the text it skips).
_BRACKET_CHARS = "".join(PAIRS) + "".join(CLOSING)
_BRACKET = re.compile("[" + re.escape(_BRACKET_CHARS) + "]")


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


@register
class SpacedHyphen(Rule):
    id = "spaced-hyphen"
    category = "Fluency/Spelling"
    severity = Severity.MINOR
    languages = SPACED_LATIN
    description = "A hyphenated word broken by a space (anti -spy, anti- spy)."
    # each pattern needs a space next to a hyphen: " -" or "- ", found from the hyphen (a
    # literal first is scanned for fast; " -|- " is tried at every character)
    screen = re.compile("-(?:(?<= -)| )")

    def check(self, unit: Unit) -> Iterator[Hit]:
        text = unit.text
        # each pattern needs a space next to a hyphen: most text is settled by two ``in``s
        before, after = " -" in text, "- " in text
        if not (before or after):
            return
        protected = protected_spans(text)
        for m in _HYPHEN_SPACE_BEFORE.finditer(text) if before else ():
            left, right = m.group(1), m.group(3)
            if right[0].isdigit() and not (left.isupper() and len(left) >= 2):
                continue  # "of -5 degrees" is a minus sign; "COVID -19" is a broken compound
            if left[0].islower() and right[0].isupper():
                continue  # "since March -ChinaNews": a headline separator, not a compound
            if _in_spans(m.start(), protected) or _in_spans(m.start(3), protected):
                continue
            yield self._hit(m.start(), m.end(), left, right)
        for m in _HYPHEN_SPACE_AFTER.finditer(text) if after else ():
            left, right = m.group(1), m.group(3)
            if right.lower() in SUSPENDED_HYPHEN_FOLLOWERS:
                continue  # "low- and middle-income", "six- to seven-fold"
            if _in_spans(m.start(), protected):
                continue
            yield self._hit(m.start(), m.end(), left, right)

    def _hit(self, start: int, end: int, left: str, right: str) -> Hit:
        fixed = f"{left}-{right}"
        return Hit(start, end, f"hyphenated word broken by a space; write “{fixed}”", fixed)


@register
class GluedSentence(Rule):
    id = "glued-sentence"
    category = "Fluency/Punctuation"
    severity = Severity.MINOR
    languages = SPACED_LATIN
    description = "A sentence end with no space before the next sentence (year.The)."
    screen = TERMINATOR_THEN_CAPITAL  # what every glued boundary has

    def check(self, unit: Unit) -> Iterator[Hit]:
        text = unit.text
        for pos, _ in glued_boundaries(text, unit.lang):
            start = pos
            # back over the terminator and closing quotes, then the word before it
            while start > 0 and not text[start - 1].isalnum():
                start -= 1
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
                start -= 1
            m = _WORD.match(text, pos)
            end = m.end() if m else pos
            fixed = f"{text[start:pos]} {text[pos:end]}"
            yield Hit(
                start, end, f"no space between two sentences; write “{fixed}”", fixed
            )


@register
class StrayFragment(Rule):
    id = "stray-fragment"
    category = "Accuracy/Addition"
    severity = Severity.MAJOR
    languages = SPACED_LATIN
    description = "A one- or two-word 'sentence' glued on or left without punctuation (Essence)."
    thresholds: ClassVar[dict[str, int]] = {"max_words": 2}
    max_words = 2  # longest "sentence", in words, that counts as a stray fragment

    def screen_paragraphs(self, doc: Document) -> set[int]:
        """The paragraphs of two or more sentences (``check`` looks at no other)."""
        sentences = doc.sentences
        pairs = zip(sentences, sentences[1:], strict=False)
        return {s.paragraph for r, s in pairs if r.paragraph == s.paragraph}

    def check(self, unit: Unit) -> Iterator[Hit]:
        text = unit.text
        sents = unit.sentences
        if len(sents) < 2:
            return  # a lone short paragraph is a heading or a dateline
        for i, (a, b) in enumerate(sents):
            # one word more than max_words settles it: the rest of the sentence is not read
            words = list(islice(_WORD.finditer(text, a, b), self.max_words + 1))
            if not words or len(words) > self.max_words:
                continue
            if all(w.group().isdigit() for w in words):
                continue  # list numbers
            if text[a] in "-–—":
                continue  # "- Xinhua": a source line after a headline
            glued = i > 0 and sents[i - 1][1] == a
            unterminated = text[b - 1] not in _TERMINAL and text[b - 1] not in "\"'”’)"
            if not glued:
                if not unterminated or i == 0:
                    continue
                phrase = " ".join(w.group().lower() for w in words)
                if phrase in FRAGMENT_OK or words[0].group().lower() in FRAGMENT_OK:
                    continue  # a bare "Yes" or "Why not" in reported speech
            start, end = words[0].start(), words[-1].end()
            how = "glued to the previous sentence" if glued else "with no sentence around it"
            yield Hit(start, end, f"stray fragment “{text[start:end]}” {how}")


@register
class Repetition(Rule):
    id = "repetition"
    category = "Fluency/Grammar"
    severity = Severity.MINOR
    languages = frozenset({"en"})
    description = "Doubled words (the the), echoed phrases (secrets of secrets), looping output."

    thresholds: ClassVar[dict[str, int]] = {"max_phrase": 6, "min_loop": 3}
    max_phrase = 6  # longest phrase (in words) looked for as a doubled or looping phrase
    min_loop = 3  # repeats that make a looping output (a major error)

    def check(self, unit: Unit) -> Iterator[Hit]:
        text = unit.text
        low = _lower_words(text)
        starts = self._candidates(low)
        if not starts:
            return
        words = list(_WORD.finditer(text))  # the words of ``low``, with their offsets
        covered = -1
        for i in sorted(starts):
            if words[i].start() < covered:
                continue
            hit = self._loop(text, words, low, i) or self._doubled(text, words, low, i)
            hit = hit or self._echo_of(text, words, low, i)
            if hit is not None:
                covered = hit.end
                yield hit

    def screen_paragraphs(self, doc: Document) -> set[int] | None:
        """The paragraphs in which :meth:`_candidates` may find a word, for a whole document.

        The document's words are written one character each (the same word, the same
        character; a paragraph's end, a line break: see :class:`_WordCodes`), and the tests of
        :meth:`_candidates` for words said again become a pattern over that string
        (:func:`_said_again`): one pass of ``re`` over the document instead of Python over
        each paragraph (the words as :func:`_screen_words` writes them). The pattern is the
        test itself or a weaker one, so no paragraph with a candidate is left out. The "X of
        … X" test is run on each "of" the string has (:func:`_echo_after`). None (ask every
        paragraph) when a paragraph holds a NUL, which the writing uses, or the words are too
        many to write.
        """
        text, spans = doc.text, doc.paragraphs
        paragraphs = [text[a:b] for a, b in spans]
        joined = " \x00 ".join(paragraphs)
        if joined.count("\x00") != len(spans) - 1:
            return None
        words = _screen_words(paragraphs, joined)
        encoded = _CODES.write(words)
        if encoded is None:
            return None
        said_again = _said_again(self.max_phrase, self.min_loop < 2)
        found = [m.start() for m in said_again.finditer(encoded)]
        of = _CODES.codes.get("of")
        if of is not None:
            k = encoded.find(of, 1)
            while k > 0:  # "of" is word k (one character a word)
                if _echo_after(words, k):
                    found.append(k)
                k = encoded.find(of, k + 1)
        # each word's paragraph: the line breaks before it (counted on from the word before)
        chosen: set[int] = set()
        paragraph = counted = 0
        for k in sorted(found):
            paragraph += encoded.count("\n", counted, k)
            counted = k
            chosen.add(paragraph)
        return chosen

    def _candidates(self, low: list[str]) -> set[int]:
        """The words that may start a hit, found on the lower-cased words alone.

        A hit needs a phrase of 1 to :attr:`max_phrase` words said again right after it (with
        ``min_loop`` 1: a word said again within that many words), or an "X of ... X" echo;
        at every other word :meth:`_loop`, :meth:`_doubled` and :meth:`_echo_of` find
        nothing, so they are not asked (most sentences have no candidate at all).
        """
        n = n_words = len(low)
        out: set[int] = set()
        if n < 2:
            return out
        if "of" in low:
            k = 0
            try:
                while True:
                    k = low.index("of", k + 1)
                    if _echo_after(low, k):
                        out.add(k - 1)
            except ValueError:
                pass  # no "of" after k
        loose = self.min_loop < 2
        widest = min(self.max_phrase, n_words - 1)
        if widest < 1:
            return out
        # a pair of places j < i = j + n (n <= max_phrase) holding the same word, found for
        # each n by comparing the word list with itself shifted (in C, not word by word);
        # n = 1 first: the same word twice in a row
        following = low[1:]
        out.update(compress(range(n_words - 1), map(eq, low, following)))
        if widest < 2:
            return out
        if not loose:
            # a phrase of two or more words said twice says its first two words twice
            bigrams = list(zip(low, following, strict=False))
            if len(set(bigrams)) == len(bigrams):
                return out
        for n in range(2, widest + 1):
            for j in compress(range(n_words - n), map(eq, low, low[n:])):
                if loose or low[j : j + n] == low[j + n : j + n + n]:
                    out.add(j)
        return out

    def _adjacent(self, text: str, words: list[re.Match[str]], i: int, j: int) -> bool:
        """Are words i..j separated by plain spaces only (no punctuation)?"""
        return all(not text[words[k].end() : words[k + 1].start()].strip() for k in range(i, j))

    def _loop(self, text: str, words, low, i):  # type: ignore[no-untyped-def]
        for n in range(1, self.max_phrase + 1):
            if i + n >= len(low) or low[i + n] != low[i]:
                continue  # cheap test before comparing whole phrases
            reps = 1
            while (
                i + (reps + 1) * n <= len(low)
                and low[i + reps * n : i + (reps + 1) * n] == low[i : i + n]
            ):
                reps += 1
            last = i + reps * n - 1
            if reps >= self.min_loop and self._adjacent(text, words, i, last):
                start, end = words[i].start(), words[last].end()
                phrase = text[words[i].start() : words[i + n - 1].end()]
                return Hit(
                    start, end, f"looping output: “{phrase}” repeated {reps} times",
                    phrase, severity=Severity.MAJOR, measure=float(reps),
                )
            # "of secrets of secrets" is left to _echo_of, which reports "secrets of secrets"
            echo = n == 2 and low[i] == "of"
            if reps == 2 and n >= 2 and not echo and self._adjacent(text, words, i, last):
                if any(w not in FUNCTION_WORDS for w in low[i : i + n]):
                    start, end = words[i].start(), words[last].end()
                    phrase = text[words[i].start() : words[i + n - 1].end()]
                    return Hit(start, end, f"phrase repeated: “{phrase}”", phrase, measure=2.0)
        return None

    def _doubled(self, text: str, words, low, i):  # type: ignore[no-untyped-def]
        if i + 1 >= len(words) or low[i] != low[i + 1] or not self._adjacent(text, words, i, i + 1):
            return None
        w1, w2 = words[i].group(), words[i + 1].group()
        if low[i] in DOUBLED_WORD_OK or w1.isdigit():
            return None
        if w1[0].isupper() and w2[0].isupper():
            return None  # reduplicated names: "Fang Fang", "Lang Lang"
        start, end = words[i].start(), words[i + 1].end()
        return Hit(start, end, f"word doubled: “{text[start:end]}”", w1)

    def _echo_of(self, text: str, words, low, i):  # type: ignore[no-untyped-def]
        head = low[i]
        if head in FUNCTION_WORDS or head in ECHO_OF_OK or len(head) < 3 or head.isdigit():
            return None
        if i + 2 >= len(words) or low[i + 1] != "of":
            return None
        # "secrets of secrets", "version of the local version": at most two words between
        if i > 0 and low[i - 1].isdigit():
            return None  # "134 million of the 700 million"
        for j in range(i + 2, min(i + 5, len(words))):
            if _same_lemma(low[j], head):
                if not self._adjacent(text, words, i, j):
                    return None
                if words[i].group()[0].isupper() and words[j].group()[0].isupper():
                    return None  # titles: "Standing Committee of the Provincial Committee"
                start, end = words[i].start(), words[j].end()
                return Hit(start, end, f"phrase echoes itself: “{text[start:end]}”")
            if j > i + 2 and low[j] == "of":
                return None
        return None


#: ASCII letters (lower-cased), digits and the apostrophe kept, every other byte a space: a
#: table for ``bytes.translate`` (which maps byte for byte in C; ``str.translate`` with a dict
#: looks each character up in Python's dict, ten times slower).
_WORD_BYTES = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 or c == 39 else 32
    for c in range(256)
)
#: :data:`_WORD_BYTES` that keeps NUL (see :func:`_lower_words`).
_WORD_BYTES_BREAKS = b"\x00" + _WORD_BYTES[1:]


def _lower_words(text: str, *, breaks: bool = False) -> list[str]:
    """The words of ``text`` (:data:`_WORD`), lower-cased; with ``breaks``, each NUL of the
    text too, as a word ``"\\x00"`` of its own when spaces are around it.

    >>> _lower_words("Don't stop"), _lower_words("Ça va \\x00 'bien'", breaks=True)
    (["don't", 'stop'], ['ça', 'va', '\\x00', 'bien'])
    """
    if text.isascii():
        return _ascii_words(text, _WORD_BYTES_BREAKS if breaks else _WORD_BYTES)
    return [w.lower() for w in (_WORD_OR_BREAK if breaks else _WORD).findall(text)]


def _screen_words(paragraphs: list[str], joined: str) -> list[str]:
    """``_lower_words(joined, breaks=True)``, ``joined`` being the paragraphs (no NUL in
    any) joined by ``" \\x00 "``, the words of a paragraph outside ASCII as
    :func:`_other_words` writes them (the same words, ’ written \\x01 in some).

    The runs of ASCII paragraphs are read by the byte table (:func:`_ascii_words`), the
    others one by one: a document with one word outside ASCII is not read by ``re`` word by
    word for that.
    """
    if joined.isascii():
        return _ascii_words(joined, _WORD_BYTES_BREAKS)
    words: list[str] = []
    for plain, group in groupby(paragraphs, key=str.isascii):
        words.append("\x00")  # the break before the run (before the first: taken out below)
        if plain:
            words += _ascii_words(" \x00 ".join(group), _WORD_BYTES_BREAKS)
        else:
            for paragraph in group:
                words += _other_words(paragraph)
                words.append("\x00")
            words.pop()
    del words[0]
    return words


#: Characters outside ASCII that are never in a word (:data:`_WORD`) nor an apostrophe, and
#: common in English text: :func:`_other_words` writes them as spaces.
_NOT_WORD_MARKS = "“”‘–—…•·«»°×℃□\u00a0\u200b：（）【】"
#: :data:`_WORD_BYTES` that keeps \x01 (’ in :func:`_other_words`).
_WORD_BYTES_CURLY = _WORD_BYTES[:1] + b"\x01" + _WORD_BYTES[2:]
#: :data:`_LONE_APOSTROPHE` for both apostrophes, ' and \x01 (’).
_LONE_APOSTROPHES = re.compile("['\x01](?:(?<![a-z0-9]['\x01])|(?![a-z0-9]))")


def _other_words(text: str) -> list[str]:
    """``_lower_words(text)`` for a text outside ASCII, ’ written \\x01 when the text has
    none: read by the byte table when the text has no character outside ASCII but ’ and
    :data:`_NOT_WORD_MARKS` (most English text with typographic quotes)."""
    plain = text
    for mark in _NOT_WORD_MARKS:
        if mark in plain:
            plain = plain.replace(mark, " ")
    if "’" in plain and "\x01" not in plain:
        plain = plain.replace("’", "\x01")
        if plain.isascii():
            low = plain.encode("ascii").translate(_WORD_BYTES_CURLY).decode("ascii")
            return _LONE_APOSTROPHES.sub(" ", low).split()
    elif plain.isascii():
        return _ascii_words(plain)
    return _lower_words(text)


#: :data:`_WORD`, or a NUL (see :func:`_lower_words`).
_WORD_OR_BREAK = re.compile(_WORD.pattern + "|\x00")
#: An apostrophe with no letter or digit on one side, in text :data:`_WORD_BYTES` wrote
#: (the apostrophe first: ``re`` scans for it fast).
_LONE_APOSTROPHE = re.compile(r"'(?:(?<![a-z0-9]')|(?![a-z0-9]))")
#: How many distinct words :meth:`Repetition.screen_paragraphs` can write (one code point
#: each from U+0100, the surrogates skipped).
_MAX_CODES = 0x110000 - 0x100 - 0x800


def _code(i: int) -> str:
    """The character that writes word ``i`` (U+0100 on, no surrogate, never a line break)."""
    return chr(0x100 + i) if i < 0xD800 - 0x100 else chr(0x100 + 0x800 + i)


class _CodeTable(dict[str, str]):
    """Word to character: a word not in the table yet is given the next character
    (:func:`_code`) where it is first looked up, so a document is written in one pass."""

    def __missing__(self, word: str) -> str:
        code = self[word] = _code(len(self) - 1)  # the NUL's line break is not counted
        return code


class _WordCodes:
    """Words written one character each for :meth:`Repetition.screen_paragraphs`: the same
    word, the same character (:attr:`codes`); a NUL, a paragraph's end, is written as a line
    break.

    The table is kept from one document to the next (a chunk of a stream is a document, and
    most of its words were seen in the chunks before), up to ``keep`` words; a document that
    takes it over that is written again on a table that starts again. Threads that write at
    once may give two words one character, which only makes the screen ask about more
    paragraphs.
    """

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.clear()

    def clear(self) -> None:
        self.codes = _CodeTable({"\x00": "\n"})

    def write(self, words: list[str]) -> str | None:
        """``words`` written by :attr:`codes`; None if they are more than :data:`_MAX_CODES`
        distinct words."""
        encoded = self._write(words)
        if encoded is None or len(self.codes) - 1 > self.keep:  # the NUL's code aside
            self.clear()  # too many words kept: this document is written on a table of its own
            encoded = self._write(words)
            if encoded is None:
                self.clear()
        return encoded

    def _write(self, words: list[str]) -> str | None:
        try:
            return "".join(map(self.codes.__getitem__, words))
        except ValueError:  # no character left to give (chr past U+10FFFF)
            return None


#: The words the repetition screen has written, kept across documents (see :class:`_WordCodes`).
_CODES = _WordCodes(keep=1 << 15)


@functools.lru_cache(maxsize=16)
def _said_again(max_phrase: int, loose: bool) -> re.Pattern[str]:
    """Over written words (see :meth:`Repetition.screen_paragraphs`), within a paragraph (``.``
    is no line break): a phrase of 1 to ``max_phrase`` words said twice in a row (its first
    word, then the rest, then both again: one pattern for every length, the rest found once);
    when ``loose``, a word said again within ``max_phrase`` words."""
    if max_phrase < 1:
        return re.compile("(?!)")  # no test but the echo
    if loose:
        return re.compile(f"(.).{{0,{max_phrase - 1}}}\\1")
    return re.compile(f"(.)(.{{0,{max_phrase - 1}}})\\1\\2")


def _echo_after(low: list[str], k: int) -> bool:
    """May "X of … X" start at word ``k - 1`` (``low[k]`` is "of")? A word that
    :meth:`Repetition._echo_of` reads as a head, said again (up to a plural ending) among
    the three words after "of", in the same paragraph (``"\\x00"`` ends one)."""
    head = low[k - 1]
    if head in _NOT_ECHO_HEADS or len(head) < 3 or head.isdigit():
        return False
    # _same_lemma(w, head) when w starts as head does (as the same word up to a plural must)
    stem = head[:3]
    for w in low[k + 1 : k + 4]:
        if w == "\x00":
            return False
        if w.startswith(stem) and _same_lemma(w, head):
            return True
    return False


#: Words that :meth:`Repetition._echo_of` does not read as the head of an echo.
_NOT_ECHO_HEADS = FUNCTION_WORDS | ECHO_OF_OK


def _ascii_words(text: str, table: bytes = _WORD_BYTES) -> list[str]:
    """``[w.lower() for w in _WORD.findall(text)]`` for ASCII text, in C: bytes mapped by a table.

    A word is a run of letters and digits, with single apostrophes inside it (don't); an
    apostrophe at either end of a run, or two in a row, separate words.

    >>> _ascii_words("Don't 'quote' a''b rock'n'roll")
    ["don't", 'quote', 'a', 'b', "rock'n'roll"]
    """
    plain = text.encode("ascii").translate(table).decode("ascii")
    if "'" in text:
        plain = _LONE_APOSTROPHE.sub(" ", plain)
    return plain.split()


def _same_lemma(a: str, b: str) -> bool:
    """Same word up to a plural ending.

    >>> _same_lemma("secret", "secrets"), _same_lemma("version", "versions"), _same_lemma("a", "as")
    (True, True, False)
    """
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long in (short + "s", short + "es")


#: A space, tab or no-break space right before punctuation (what ``Spacing._BEFORE`` needs).
_SPACE_THEN_MARK = re.compile(r"[ \t\u00a0][,.;:!?)\]}]")


#: A comma or semicolon right before a letter, not a digit (what ``Spacing._MISSING_AFTER``
#: needs: "402,854" is a number).
_MARK_THEN_LETTER = re.compile(r"[,;][^\W\d_]")


@register
class Spacing(Rule):
    id = "spacing"
    category = "Fluency/Punctuation"
    severity = Severity.MINOR
    languages = SPACED_LATIN
    description = (
        "Space before punctuation, missing space after a comma, double spaces, "
        "space inside brackets."
    )

    _BEFORE = re.compile(r"(?<=[^\s(\[{])([ \t\u00a0]+)([,.;:!?)\]}])")
    _MISSING_AFTER = re.compile(r"(?<=[^\W\d_])([,;])(?=[^\W\d_])")
    _DOUBLE = re.compile(r"(?<=[^\s.!?:;\"”’)])( {2,})(?=\S)")
    _AFTER_OPEN = re.compile(r"([(\[{])( +)(?=\S)")
    #: Each pattern needs two characters side by side (what ``check`` looks for first).
    #: (Found from the mark, which is rarer than the space: `` ,`` as ``,`` after a space.)
    screen = AnyOf(
        r"[,.;:!?)\]}(\[{](?:(?<=[ \t\u00a0][,.;:!?)\]}])|(?<=[,;])[^\W\d_]|(?<=[(\[{]) )", "  "
    )

    def check(self, unit: Unit) -> Iterator[Hit]:
        text = unit.text
        # Each pattern needs two characters side by side; ``in`` finds most texts have none.
        before = _SPACE_THEN_MARK.search(text) is not None
        missing = _MARK_THEN_LETTER.search(text) is not None
        double = "  " in text
        after_open = "( " in text or "[ " in text or "{ " in text
        if not (before or missing or double or after_open):
            return
        protected = protected_spans(text)
        banned = NO_SPACE_BEFORE_FRENCH if unit.lang == "fr" else NO_SPACE_BEFORE
        for m in self._BEFORE.finditer(text) if before else ():
            punct = m.group(2)
            if punct not in banned or _in_spans(m.end(), protected):
                continue
            after = text[m.end() : m.end() + 1]
            if punct == "." and (after == "." or after.isalnum()):
                continue  # " ..." ellipsis, " .NET", "a .45 calibre"
            if punct in ":;" and after in ")(-pPD":
                continue  # emoticons
            yield Hit(m.start(), m.end(), f"space before “{punct}”", punct)
        for m in self._MISSING_AFTER.finditer(text) if missing else ():
            if _in_spans(m.start(), protected):
                continue
            yield Hit(m.start(), m.end(), f"no space after “{m.group(1)}”", m.group(1) + " ")
        for m in self._DOUBLE.finditer(text) if double else ():
            yield Hit(m.start(), m.end(), "several spaces between words", " ",
                      measure=float(len(m.group(1))))
        for m in self._AFTER_OPEN.finditer(text) if after_open else ():
            if _in_spans(m.start(), protected):
                continue
            yield Hit(m.start(), m.end(), f"space after “{m.group(1)}”", m.group(1))


@register
class UnbalancedBracketsQuotes(Rule):
    id = "unbalanced-brackets-quotes"
    category = "Fluency/Punctuation"
    severity = Severity.MINOR
    languages = None
    description = "An opening bracket or quote never closed, or a closing one never opened."
    screen_chars = re.escape(_BRACKET_CHARS) + '"'

    def check(self, unit: Unit) -> Iterator[Hit]:
        text = unit.text
        stack: list[int] = []
        for m in _BRACKET.finditer(text):
            pos = m.start()
            ch = text[pos]
            if ch in PAIRS:
                stack.append(pos)
            elif ch in CLOSING:
                opener = CLOSING[ch]
                if stack and text[stack[-1]] == opener:
                    stack.pop()
                elif any(text[p] == opener for p in stack):
                    while text[stack[-1]] != opener:
                        yield self._unclosed(text, stack.pop())
                    stack.pop()
                else:
                    yield Hit(pos, pos + 1, f"“{ch}” closes nothing")
        # An English quotation running over paragraphs re-opens each paragraph and closes
        # only in the last: an open quote at the end is fine if the next paragraph opens one.
        for pos in stack:
            if text[pos] in "“«" and unit.next_text.lstrip()[:1] == text[pos]:
                continue
            yield self._unclosed(text, pos)
        if text.count('"') % 2 == 1:
            pos = text.rfind('"')
            yield Hit(pos, pos + 1, 'odd number of straight quotes (")')

    @staticmethod
    def _unclosed(text: str, pos: int) -> Hit:
        return Hit(pos, pos + 1, f"“{text[pos]}” is never closed")
