"""Tests for the lexical second pass of the sentence aligner (checker.align.lexical)."""

from __future__ import annotations

from checker.align import align
from checker.align.lexical import align_lexical, learn_pairs, tokens
from checker.model import Bead


def _covers_once(beads: list[Bead], n: int, m: int) -> None:
    src = [i for b in beads for i in b.source]
    tgt = [j for b in beads for j in b.target]
    assert src == list(range(n))
    assert tgt == list(range(m))


def test_every_sentence_exactly_once() -> None:
    source = [f"Satz nummer {k} mit dem wort haus{k % 3}." for k in range(40)]
    target = [f"Phrase numéro {k} avec le mot maison{k % 3}." for k in range(0, 40, 2)]
    target += ["Une phrase en plus.", "Encore une autre phrase de plus ici."]
    beads = align_lexical(source, target)
    _covers_once(beads, len(source), len(target))
    assert align_lexical([], ["Un."]) == [Bead((), (0,))]
    assert align_lexical(["Ein."], []) == [Bead((0,), ())]


def test_lexical_pass_fixes_length_only_mistake() -> None:
    source = [
        "Das orchester spielte.",
        "Der minister kam heute sehr spät nach Hause zurück.",
        "Es regnete.",
    ]
    target = ["L'orchestre a joué hier soir très longtemps.", "Le ministre est rentré."]
    assert Bead((0,), (0,)) not in align(source, target)
    beads = align_lexical(source, target)
    assert Bead((0,), (0,)) in beads
    _covers_once(beads, len(source), len(target))


def test_learn_pairs_from_one_to_one_beads_and_cognates() -> None:
    source = [tokens(s) for s in ["Der hund bellt.", "Der hund schläft.", "Die katze."]]
    target = [tokens(t) for t in ["Le chien aboie.", "Le chien dort.", "Le chat."]]
    beads = [Bead((k,), (k,)) for k in range(3)]
    pairs = learn_pairs(source, target, beads)
    assert ("hund", "chien") in pairs
    assert ("katze", "chat") not in pairs  # seen once only
