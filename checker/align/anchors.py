"""Cheap lexical anchors: numbers, names and acronyms that survive translation unchanged.

A length-only aligner cannot tell two similar-length sentences apart; a shared "1988", "NATO" or
"Daniel" usually can, in any language pair and without a dictionary. Each sentence is reduced to
a small set of normalised anchor strings; the aligner rewards beads whose two sides share anchors,
weighting each anchor by how rare it is in the document so that a number or name that recurs in
every paragraph does not pull sentences out of place.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

#: A number written with thousands separators: ``1,000``, ``1.000``, ``1 000``, ``1'000``,
#: ``1 000`` (thin / no-break spaces). The separators are removed before digit runs are read, so
#: "12,500" in English matches "12.500" in German and "12 500" in French.
THOUSANDS_RE = re.compile(r"(?<!\d)\d{1,3}(?:[,.'\u2019\u00a0\u202f\u2009 ]\d{3})+(?![\d])")
THOUSANDS_SEPARATORS_RE = re.compile(r"[,.'\u2019\u00a0\u202f\u2009 ]")
DIGITS_RE = re.compile(r"\d+")
#: A run of Latin-script letters (basic, Latin-1, Extended-A/B, Extended Additional).
LATIN_WORD_RE = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+")
#: Any letter of any script, to tell whether Latin is the sentence's main script.
LETTER_RE = re.compile(r"[^\W\d_]")
#: Quotation marks of the common European and CJK styles. A sentence that quotes someone usually
#: quotes in its translation too, so "has quotes" is a weak anchor of its own.
QUOTE_CHARS = frozenset('"«»“”„‟‹›「」『』《》')
QUOTE_ANCHOR = "\x00quote"
#: Latin tokens shorter than this are ignored (articles, initials).
MIN_LATIN_TOKEN = 2
#: A sentence whose letters are less than this fraction Latin is "non-Latin" (e.g. Chinese); every
#: Latin word in it is then a likely name, brand or acronym, capitalised or not.
LATIN_MINORITY = 0.5


def _digits(run: str) -> str:
    """Normalise a digit run to ASCII without leading zeros ("０９" -> "9")."""
    if not run.isascii():
        run = "".join(str(unicodedata.decimal(ch, 0)) for ch in run)
    return run.lstrip("0") or "0"


def sentence_anchors(text: str) -> frozenset[str]:
    """Return the anchor strings of one sentence: numbers, Latin names/acronyms, a quote mark.

    Numbers lose thousands separators and leading zeros; decimals become their digit runs, so
    "3.5" and "3,5" give the same anchors. Latin words count when they look like names (contain a
    capital letter) or when the sentence is mostly in another script, and are case-folded.

    >>> sorted(sentence_anchors("In 2019, NATO spent 1,000,000.5 euros on Daniel's plan."))
    ['1000000', '2019', '5', 'daniel', 'in', 'nato']
    >>> sorted(sentence_anchors("苹果公司发布了新款iPhone，售价6,999元。"))
    ['6999', 'iphone']
    """
    out: set[str] = set()
    if any(ch.isdigit() for ch in text):
        flat = THOUSANDS_RE.sub(lambda mo: THOUSANDS_SEPARATORS_RE.sub("", mo.group()), text)
        out.update(_digits(run) for run in DIGITS_RE.findall(flat))
    latin_words = LATIN_WORD_RE.findall(text)
    if latin_words:
        latin_letters = sum(len(w) for w in latin_words)
        minority = latin_letters < LATIN_MINORITY * len(LETTER_RE.findall(text))
        for w in latin_words:
            if len(w) >= MIN_LATIN_TOKEN and (minority or not w.islower()):
                out.add(w.casefold())
    if any(ch in QUOTE_CHARS for ch in text):
        out.add(QUOTE_ANCHOR)
    return frozenset(out)


def anchor_weights(
    source: Sequence[frozenset[str]], target: Sequence[frozenset[str]]
) -> dict[str, float]:
    """Return a weight in (0, 1] for each anchor found on both sides: 1 / (sentences containing it).

    The count is the larger of the two sides' document frequencies; an anchor that appears in
    one sentence on each side is a near-certain tie point, one that appears in ten is a hint.
    Anchors present on one side only can never be shared and get no weight.
    """
    df_s: Counter[str] = Counter()
    df_t: Counter[str] = Counter()
    for anchors in source:
        df_s.update(anchors)
    for anchors in target:
        df_t.update(anchors)
    return {a: 1.0 / max(df_s[a], df_t[a]) for a in df_s.keys() & df_t.keys()}
