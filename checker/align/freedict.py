"""Dictionary alignment for any language pair FreeDict covers (German-French, English-Spanish ...).

Why: between two European languages the length aligner's anchors (numbers, names, learned word
pairs, :mod:`checker.align.lexical`) say nothing about two neighbouring sentences without names;
a bilingual word list does. FreeDict's dictionaries are packaged by Debian
(``apt-get install dict-freedict-deu-fra dict-freedict-fra-deu``) in the dictd format and read
here at run time from ``/usr/share/dictd`` (or the folders in ``CHECKER_DICTD_PATH``); nothing
is copied into this project (they are CC BY-SA or GPL) and nothing is downloaded. Without them,
``auto`` falls back to the lexical aligner.

How:

- A dictd dictionary is an index (headword, base64 offset and length) into a text of entries.
  An entry's first line is the headword with its pronunciation and part of speech; the lines
  after it hold translations (comma-separated, senses numbered ``1.``, ``2.``) and, in the
  WikDict-based ones, definitions in the headword's language. A line's comma-separated item
  counts as a translation when at least half its words are headwords of the other language and
  not of the headword's own (read from the reverse dictionary's index when it is installed),
  which drops the definitions. Both directions are read and merged. A document pair needs
  only the entries of its own words (:func:`document_table`, about half a second for
  German-French; :func:`load_table` reads all of them in about two).
- Words are compared by a key (:func:`word_key`): lower case, one common inflection suffix of
  the language stripped, cut to ``KEY_LENGTHS`` letters, so ``Gipfels``/``Gipfel`` and
  ``sommets``/``sommet`` meet. Words shorter than ``MIN_WORD`` letters are ignored.
- Then the same evidence as the Chinese-English aligner (:mod:`checker.align.dictionary`):
  each sentence names its best partner by the rarity of the dictionary words they share, and
  that pair earns ``DICTIONARY_WEIGHT`` nats per unit of confidence; these anchors go into the
  lexical aligner's two passes (:func:`checker.align.lexical.align_lexical`), which add the
  document's own cognates and learned word pairs.
- The Chinese-English aligner's second pass penalises neighbouring sentences that the
  dictionary finds unrelated, which keeps a sentence left out of the translation from hiding
  in a neighbour's 2-1 bead. Here it only judges sentences that share no dictionary word at
  all, each with at least three words the dictionary knows (``UNRELATED_SHARE`` = 0): with
  CC-CEDICT's share of 0.4 and all content words counted, it split true 1-n beads of the
  Text+Berg dev document, whose FreeDict coverage is spotty (strict F1 .829 against .860
  without the pass); with this setting dev scores .851 and a dropped sentence among
  look-alikes is found (``tests/unit/test_align_freedict.py``).
- Beads may be as wide as 2-3, 3-2, 1-4, 4-1 and 3-3
  (:data:`checker.align.length.WIDE_BEAD_PRIORS`): with the dictionary to keep them honest
  they lift dev from .851 to .877.

Chosen on the Text+Berg dev document (best-partner weights of 1 to 8 nats scored .856-.860
there, without the second pass) and on hand-made omission cases.
"""

from __future__ import annotations

import functools
import gzip
import logging
import os
import re
import string
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from checker.align import dictionary, length, lexical
from checker.align.anchors import anchor_weights
from checker.model import Bead

logger = logging.getLogger(__name__)

#: Folders searched for ``freedict-<xxx>-<yyy>.index`` files, after those in
#: ``CHECKER_DICTD_PATH`` (separated by ``os.pathsep``).
DICTD_DIRS = ("/usr/share/dictd", "/usr/local/share/dictd")
#: FreeDict names its dictionaries with ISO 639-3 codes.
ISO_639_3 = {
    "cs": "ces", "da": "dan", "de": "deu", "el": "ell", "en": "eng", "es": "spa", "fi": "fin",
    "fr": "fra", "hu": "hun", "it": "ita", "nl": "nld", "pl": "pol", "pt": "por",
    "ro": "ron", "ru": "rus", "sv": "swe", "tr": "tur",
}  # fmt: skip
#: Inflection suffixes stripped (the first that matches, if the stem keeps ``MIN_STEM``
#: letters) before a word is cut to its key length. Languages not listed keep their words whole.
SUFFIXES: dict[str, tuple[str, ...]] = {
    "de": ("ungen", "ern", "en", "er", "es", "em", "e", "s", "n"),
    "nl": ("en", "e", "s"),
    "en": ("ies", "es", "ed", "ing", "s"),
    "fr": ("es", "s", "e", "x"),
    "es": ("es", "s", "a", "o"),
    "it": ("i", "e", "a", "o"),
    "pt": ("es", "s", "a", "o"),
}
#: Letters a word key keeps: German compounds and prefixed verbs need more than French words
#: to stay apart (``bestellen`` and ``besteigen`` share five).
KEY_LENGTHS: dict[str, int] = {"de": 8, "nl": 8}
DEFAULT_KEY_LENGTH = 7
MIN_STEM = 4
#: Words with fewer letters are ignored on both sides (articles, prepositions, pronouns).
MIN_WORD = 4
#: The most frequent fraction of a document's source words with a translation is ignored.
STOP_FRACTION = 0.01
#: Nats per unit of best-partner confidence (see :func:`checker.align.dictionary.best_partners`).
DICTIONARY_WEIGHT = 4.0
#: Sentences in the same or neighbouring beads of the first pass that share no dictionary word,
#: each with ``MIN_CONTENT_WORDS`` words the dictionary knows, are penalised in a second pass (see
#: :func:`checker.align.dictionary.unrelated_pairs`): 0 means sharing nothing at all, stricter
#: than for CC-CEDICT, whose coverage of news is much higher.
UNRELATED_SHARE = 0.0

_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORD_RE = re.compile(rf"[^\W\d_]{{{MIN_WORD},}}")
_SENSE_NUMBER = re.compile(r"(?:^|\s)\d+\.(?=\s|$)")
_B64_DIGITS = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
_B64 = {c: k for k, c in enumerate(_B64_DIGITS)}


def word_key(word: str, lang: str) -> str:
    """The key under which ``word`` of language ``lang`` meets its translations.

    >>> word_key("Gipfels", "de"), word_key("Gipfel", "de"), word_key("sommets", "fr")
    ('gipfel', 'gipfel', 'sommet')
    """
    word = word.lower()
    for suffix in SUFFIXES.get(lang, ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    return word[: KEY_LENGTHS.get(lang, DEFAULT_KEY_LENGTH)]


def _b64(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _B64[ch]
    return value


def read_index(path: Path) -> list[tuple[str, int, int]]:
    """A dictd index as (headword, byte offset, byte length), without the ``00database`` rows."""
    out = []
    with path.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[0].startswith("00database") or not parts[0]:
                continue
            try:
                out.append((parts[0], _b64(parts[1]), _b64(parts[2])))
            except KeyError:
                continue  # not base64: not an entry
    return out


def read_entries(
    index: Path, data: Path, keep: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, str]]:
    """(headword, entry text) of a dictd dictionary (``.dict`` or dictzip ``.dict.dz``), for
    the headwords ``keep`` accepts (all without it)."""
    raw = _data(data)
    for word, offset, size in _index(index):
        if keep is None or keep(word):
            yield word, raw[offset : offset + size].decode("utf-8", errors="replace")


@functools.lru_cache(maxsize=4)
def _index(path: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(read_index(path))


@functools.lru_cache(maxsize=4)
def _headwords(path: Path) -> frozenset[str]:
    return frozenset(w.lower() for w, _, _ in _index(path))


@functools.lru_cache(maxsize=2)
def _data(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes()) if path.suffix == ".dz" else path.read_bytes()


def translations(
    entry: str, other_words: AbstractSet[str], own_words: AbstractSet[str]
) -> Iterator[str]:
    """The other language's words in an entry's translation items (see the module docstring).

    >>> entry = "Gipfel /ɡɪp͡fl̩/ <n>\\n1. sommet, cime 2.\\nhöchste Stelle eines Berges"
    >>> sorted(translations(entry, {"sommet", "cime", "eines"}, {"eines", "stelle", "berges"}))
    ['cime', 'sommet']
    """
    for line in entry.split("\n")[1:]:
        for item in _SENSE_NUMBER.sub(" ", line).replace(";", ",").split(","):
            words = _WORD.findall(item)
            if not words:
                continue
            good = [w for w in words if w.lower() in other_words and w.lower() not in own_words]
            if len(good) * 2 >= len(words):
                yield from good


@dataclass(frozen=True, eq=False)
class WordTable:
    """Source-language word keys and the target-language keys of their translations."""

    source_lang: str
    target_lang: str
    pairs: Mapping[str, frozenset[str]]

    @functools.cached_property
    def target_keys(self) -> frozenset[str]:
        """Every target key that translates some source key."""
        return frozenset().union(*self.pairs.values())


def dictd_dirs() -> list[Path]:
    """Where dictd dictionaries are looked for: ``CHECKER_DICTD_PATH``, then ``DICTD_DIRS``."""
    extra = [p for p in os.environ.get("CHECKER_DICTD_PATH", "").split(os.pathsep) if p]
    return [Path(p) for p in (*extra, *DICTD_DIRS)]


def _find(a: str, b: str) -> tuple[Path, Path] | None:
    for folder in dictd_dirs():
        index = folder / f"freedict-{a}-{b}.index"
        if not index.is_file():
            continue
        for name in (f"freedict-{a}-{b}.dict.dz", f"freedict-{a}-{b}.dict"):
            if (folder / name).is_file():
                return index, folder / name
    return None


def _codes(source_lang: str, target_lang: str) -> tuple[str, str, str, str] | None:
    """Base languages and FreeDict's codes for them, or None for a pair FreeDict cannot have."""
    src, tgt = dictionary.base_language(source_lang), dictionary.base_language(target_lang)
    a, b = ISO_639_3.get(src), ISO_639_3.get(tgt)
    if a is None or b is None or a == b:
        return None
    return src, tgt, a, b


def available(source_lang: str, target_lang: str) -> bool:
    """Whether a FreeDict dictionary of the pair (either direction) is installed."""
    codes = _codes(source_lang, target_lang)
    if codes is None:
        return False
    _, _, a, b = codes
    return _find(a, b) is not None or _find(b, a) is not None


@functools.lru_cache(maxsize=4)
def load_table(source_lang: str, target_lang: str) -> WordTable | None:
    """The merged word table of both directions' dictionaries, or None if neither is installed.

    Reads every entry (about 2 s for German-French); :func:`document_table` reads only those
    a document pair can use.
    """
    return _table(source_lang, target_lang, None, None)


def document_table(
    source_lang: str, target_lang: str, source: Sequence[str], target: Sequence[str]
) -> WordTable | None:
    """The word table restricted to the entries a document pair can use: source headwords
    that occur in ``source`` and target headwords that occur in ``target`` (by key).

    Its pairs for the document's source words are those of :func:`load_table` whose target
    side occurs in ``target``, which is all the evidence looks at.
    """
    src = dictionary.base_language(source_lang)
    tgt = dictionary.base_language(target_lang)
    src_keys = {word_key(w, src) for text in source for w in _MIN_WORD_RE.findall(text)}
    tgt_keys = {word_key(w, tgt) for text in target for w in _MIN_WORD_RE.findall(text)}
    return _table(source_lang, target_lang, frozenset(src_keys), frozenset(tgt_keys))


def _table(
    source_lang: str,
    target_lang: str,
    src_keys: frozenset[str] | None,
    tgt_keys: frozenset[str] | None,
) -> WordTable | None:
    codes = _codes(source_lang, target_lang)
    if codes is None:
        return None
    src, tgt, a, b = codes
    forward, backward = _find(a, b), _find(b, a)
    if forward is None and backward is None:
        return None
    try:
        return _read_table(src, tgt, forward, backward, src_keys, tgt_keys)
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        names = ", ".join(str(p[1]) for p in (forward, backward) if p is not None)
        logger.warning("cannot read FreeDict's %s: %s; aligning without a dictionary", names, exc)
        return None


def _read_table(
    src: str,
    tgt: str,
    forward: tuple[Path, Path] | None,
    backward: tuple[Path, Path] | None,
    src_keys: frozenset[str] | None = None,
    tgt_keys: frozenset[str] | None = None,
) -> WordTable:
    src_words = _headwords(forward[0]) if forward else frozenset()
    tgt_words = _headwords(backward[0]) if backward else frozenset()
    pairs: dict[str, set[str]] = {}
    keys: dict[tuple[str, str], list[str]] = {}

    def keys_of(text: str, lang: str) -> list[str]:
        found = keys.get((text, lang))
        if found is None:
            found = keys[text, lang] = [word_key(w, lang) for w in _MIN_WORD_RE.findall(text)]
        return found

    def add(s_word: str, t_word: str) -> None:
        t_keys = keys_of(t_word, tgt)
        if not t_keys:
            return
        for s_key in keys_of(s_word, src):
            pairs.setdefault(s_key, set()).update(t_keys)

    def wanted(wanted_keys: frozenset[str] | None, lang: str) -> Callable[[str], bool] | None:
        if wanted_keys is None:
            return None
        return lambda head: any(k in wanted_keys for k in keys_of(head, lang))

    if forward is not None:
        for head, entry in read_entries(*forward, keep=wanted(src_keys, src)):
            for word in translations(entry, tgt_words or _Everything(src_words), src_words):
                add(head, word)
    if backward is not None:
        for head, entry in read_entries(*backward, keep=wanted(tgt_keys, tgt)):
            for word in translations(entry, src_words or _Everything(tgt_words), tgt_words):
                add(word, head)
    return WordTable(src, tgt, {k: frozenset(v) for k, v in pairs.items()})


class _Everything(set[str]):
    """Stands for the other language's vocabulary when its dictionary is not installed: any
    word that is not a headword of the installed one."""

    def __init__(self, own: frozenset[str]) -> None:
        super().__init__()
        self.own = own

    def __contains__(self, word: object) -> bool:
        return word not in self.own


def evidence(table: WordTable, source: Sequence[str], target: Sequence[str]) -> dictionary.Evidence:
    """Each source sentence's dictionary words and each target sentence's translated ones."""
    src, tgt = table.source_lang, table.target_lang
    words = [
        frozenset(k for w in _MIN_WORD_RE.findall(s) if (k := word_key(w, src)) in table.pairs)
        for s in source
    ]
    words, by_key = dictionary.drop_frequent(words, table.pairs.__getitem__, STOP_FRACTION)
    target_keys = [{word_key(w, tgt) for w in _MIN_WORD_RE.findall(t)} for t in target]
    found = [frozenset(w for k in keys for w in by_key.get(k, ())) for keys in target_keys]
    # Content words are those the dictionary knows: FreeDict misses many (compounds,
    # inflections), and a sentence is only judged unrelated on words it could have matched.
    known = table.target_keys
    return dictionary.Evidence(
        words, found, anchor_weights(words, found), [len(w) for w in words],
        [len(keys & known) for keys in target_keys],
    )


def align_freedict(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str,
    target_lang: str,
    table: WordTable | None = None,
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    dictionary_weight: float | None = None,
    extra_anchors: length.ExtraAnchors | None = None,
    pair_cost: length.PairCost | None = None,
) -> list[Bead]:
    """Align with length, anchors, FreeDict best partners and learned word pairs.

    Same contract as :func:`checker.align.length.align`. ``table`` defaults to the entries of
    the pair's installed dictionaries that the two documents can use (:func:`document_table`);
    without any dictionary, this is the lexical aligner.
    """
    if table is None and source and target:
        table = document_table(source_lang, target_lang, source, target)
    kwargs = {
        "source_paragraphs": source_paragraphs,
        "target_paragraphs": target_paragraphs,
        "pair_cost": pair_cost,
    }
    if table is None or not source or not target:
        return lexical.align_lexical(source, target, extra_anchors=extra_anchors, **kwargs)

    previous: list[list[Bead]] = []

    def run(extra: length.ExtraAnchors, s2: float | None) -> list[Bead]:
        # The penalised pass (s2 given) learns its word pairs from the first pass's beads
        # instead of aligning once more by length alone.
        first = previous[-1] if s2 is not None and previous else None
        beads = lexical.align_lexical(
            source, target, extra_anchors=extra, first_pass=first,
            priors=length.WIDE_BEAD_PRIORS, **kwargs,
        )  # fmt: skip
        previous.append(beads)
        return beads

    return dictionary.align_with_evidence(
        source,
        target,
        evidence(table, source, target),
        run,
        weight_nats=DICTIONARY_WEIGHT if dictionary_weight is None else dictionary_weight,
        share=UNRELATED_SHARE,
        extra_anchors=extra_anchors,
    )
