"""Sentence alignment: pair source and target sentences into beads.

Beads are monotone (in document order on both sides), except that the ``semantic`` mode pairs a
sentence moved elsewhere in the translation across the others
(:func:`checker.align.semantic.pair_moved`).

:func:`align` is a length-based aligner (Gale & Church 1993) with per-document length ratio and
variance, number/name anchors, paragraph constraints and a banded, linear-memory programme; see
:mod:`checker.align.length` for the model and its choices. Other signals ride on that programme:
:mod:`checker.align.lexical` (word pairs learned from a first pass, for two Latin-script
languages), :mod:`checker.align.dictionary` (CC-CEDICT, Chinese-English),
:mod:`checker.align.freedict` (installed FreeDict dictionaries, other pairs) and
:mod:`checker.align.semantic` (multilingual sentence embeddings, an optional extra).
:func:`align_sentences` picks among them by mode and language pair.
"""

from __future__ import annotations

from collections.abc import Sequence

from checker.align.length import (
    ExtraAnchors,
    PairCost,
    SumCost,
    align,
    length_ratio,
    text_length,
)
from checker.align.stats import log_two_sided_tail
from checker.errors import ConfigError
from checker.langs import is_latin
from checker.model import Bead

#: Aligner modes: ``auto`` picks the best default signal for the language pair.
ALIGNERS = ("auto", "length", "lexical", "dictionary", "semantic")

__all__ = [
    "ALIGNERS",
    "align",
    "align_sentences",
    "length_ratio",
    "log_two_sided_tail",
    "text_length",
]


def is_dictionary_pair(source_lang: str, target_lang: str) -> bool:
    """Whether the bundled CC-CEDICT dictionary covers the pair (Chinese and English)."""
    pair = {source_lang.split("-")[0].split("_")[0], target_lang.split("-")[0].split("_")[0]}
    return pair == {"zh", "en"}


def _has_dictionary(source_lang: str, target_lang: str) -> bool:
    from checker.align import freedict

    return is_dictionary_pair(source_lang, target_lang) or freedict.available(
        source_lang, target_lang
    )


def align_sentences(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_lang: str,
    target_lang: str,
    mode: str = "auto",
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    extra_anchors: ExtraAnchors | None = None,
    pair_cost: PairCost | None = None,
) -> list[Bead]:
    """Align two sentence lists with the signals of ``mode`` (one of :data:`ALIGNERS`).

    - ``length``: length, numbers, names and quotes (:func:`align`);
    - ``lexical``: a second pass with word pairs and cognates learned from the first;
    - ``semantic``: window embeddings (needs ``pip install 'checker[semantic]'``), on top of
      ``dictionary`` where the pair has a dictionary, else on top of ``length``; then sentences
      left unaligned on both sides that are each other's best match are paired across
      (:func:`checker.align.semantic.pair_moved`);
    - ``dictionary``: bilingual word evidence: CC-CEDICT for Chinese and English (either way
      round), an installed FreeDict dictionary for other pairs (with the lexical passes);
      without one, ``lexical`` for two Latin-script languages, else ``length``;
    - ``auto``: ``dictionary`` for Chinese-English and for pairs with a FreeDict dictionary,
      ``lexical`` for two Latin-script languages, else ``length``.

    ``extra_anchors`` and ``pair_cost`` come from other signals (the reference bridge of
    :mod:`checker.align.threeway`). Raises :class:`~checker.errors.ConfigError` for an unknown
    mode or a missing extra.
    """
    if mode not in ALIGNERS:
        msg = f"unknown aligner {mode!r} (one of: {', '.join(ALIGNERS)})"
        raise ConfigError(msg)
    if mode == "semantic" and source and target and _has_dictionary(source_lang, target_lang):
        from checker.align.semantic import WindowCost, pair_moved

        windows = WindowCost(source, target)
        beads = align_sentences(
            source, target, source_lang=source_lang, target_lang=target_lang,
            mode="dictionary", source_paragraphs=source_paragraphs,
            target_paragraphs=target_paragraphs, extra_anchors=extra_anchors,
            pair_cost=windows if pair_cost is None else SumCost(windows, pair_cost),
        )  # fmt: skip
        return pair_moved(beads, windows)
    if mode == "dictionary" and not is_dictionary_pair(source_lang, target_lang):
        from checker.align import freedict

        if freedict.available(source_lang, target_lang):
            return freedict.align_freedict(
                source, target, source_lang=source_lang, target_lang=target_lang,
                source_paragraphs=source_paragraphs, target_paragraphs=target_paragraphs,
                extra_anchors=extra_anchors, pair_cost=pair_cost,
            )  # fmt: skip
        mode = "auto"
    if mode == "auto":
        if _has_dictionary(source_lang, target_lang):
            return align_sentences(
                source, target, source_lang=source_lang, target_lang=target_lang,
                mode="dictionary", source_paragraphs=source_paragraphs,
                target_paragraphs=target_paragraphs, extra_anchors=extra_anchors,
                pair_cost=pair_cost,
            )  # fmt: skip
        if is_latin(source_lang) and is_latin(target_lang):
            mode = "lexical"
        else:
            mode = "length"
    kwargs = {
        "source_paragraphs": source_paragraphs,
        "target_paragraphs": target_paragraphs,
        "extra_anchors": extra_anchors,
        "pair_cost": pair_cost,
    }
    if mode == "lexical":
        from checker.align.lexical import align_lexical

        return align_lexical(source, target, **kwargs)
    if mode == "dictionary":
        from checker.align.dictionary import align_dictionary

        return align_dictionary(
            source, target, source_lang=source_lang, target_lang=target_lang, **kwargs
        )
    if mode == "semantic":
        from checker.align.semantic import align_semantic

        return align_semantic(source, target, **kwargs)
    return align(source, target, **kwargs)
