"""Unit tests for the length-based sentence aligner (checker.align)."""

from __future__ import annotations

import math
import random
from itertools import pairwise

import pytest

import checker.align.length as length_module
from checker.align import align, length_ratio, log_two_sided_tail, text_length
from checker.align.anchors import sentence_anchors
from checker.align.stats import ASYMPTOTIC_Z
from checker.model import Bead

EN = (
    "The Lyon city council met on Tuesday evening to discuss the new housing plan.",
    "More than 200 residents attended the meeting.",
    "Several of them complained that rents had risen by 35% since 2015, forcing young families "
    "to move to the suburbs.",
    "Mayor Grégory Doucet promised to build 1,500 affordable flats near the old railway station.",
    "Critics said the plan came too late.",
    "A final vote is expected next month.",
    "Until then, the council will hold public hearings in every district.",
    "The first one will take place on 12 March.",
)
FR = (
    "Le conseil municipal de Lyon s'est réuni mardi soir pour discuter du nouveau plan de "
    "logement.",
    "Plus de 200 habitants ont assisté à la réunion.",
    "Plusieurs d'entre eux se sont plaints de la hausse des loyers de 35 % depuis 2015, qui a "
    "obligé de jeunes familles à partir en banlieue.",
    "Le maire Grégory Doucet a promis de construire 1 500 logements abordables près de "
    "l'ancienne gare.",
    "Les critiques ont estimé que le plan arrivait trop tard.",
    "Un vote final est attendu le mois prochain.",
    "D'ici là, le conseil organisera des audiences publiques dans chaque quartier.",
    "La première aura lieu le 12 mars.",
)
ZH = (
    "国务院总理李克强3日主持召开国务院常务会议。",
    "会议决定进一步减税降费，支持小微企业发展。",
    "据统计，今年前三季度全国新增减税降费超过1.5万亿元。",
    "会议还部署了稳就业工作。",
    "会议强调，要加大对高校毕业生和农民工就业的支持力度。",
)
ZH_EN = (
    "Premier Li Keqiang presided over an executive meeting of the State Council on the 3rd.",
    "The meeting decided to further cut taxes and fees to support the development of small and "
    "micro businesses.",
    "According to statistics, new tax and fee cuts nationwide exceeded 1.5 trillion yuan in the "
    "first three quarters of this year.",
    "The meeting also made arrangements to stabilize employment.",
    "The meeting stressed the need to step up support for the employment of college graduates "
    "and migrant workers.",
)


def pairs(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.source, b.target) for b in beads]


def one_to_one(n: int, *, skip: int = -1) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [((i,), (i,)) for i in range(n) if i != skip]


def assert_covers(beads: list[Bead], n: int, m: int) -> None:
    """Every index once, in order, with allowed bead types."""
    assert [i for b in beads for i in b.source] == list(range(n))
    assert [j for b in beads for j in b.target] == list(range(m))
    allowed = {"1-1", "1-0", "0-1", "2-1", "1-2", "2-2", "1-3", "3-1"}
    assert all(b.kind in allowed for b in beads)


# --- the normal tail -------------------------------------------------------------------------


def test_log_tail_is_finite_and_strictly_decreasing_up_to_1e4() -> None:
    zs = [k / 100 for k in range(0, 5001)]  # 0 .. 50 in steps of 0.01, across the switch
    zs += [50 * 1.01**k for k in range(1, 530)]  # geometric up to ~9.6e3
    zs.append(1e4)
    values = [log_two_sided_tail(z) for z in zs]
    assert all(math.isfinite(v) for v in values)
    assert all(b < a for a, b in pairwise(values))
    assert values[0] == 0.0


@pytest.mark.parametrize("z", [0.0, 0.5, 1.0, 1.96, 3.0, 8.0, 15.0, 19.99, 20.0])
def test_log_tail_matches_erfc_where_erfc_is_representable(z: float) -> None:
    assert log_two_sided_tail(z) == pytest.approx(math.log(math.erfc(z / math.sqrt(2))), rel=1e-12)


@pytest.mark.parametrize("z", [20.0001, 25.0, 30.0, 37.0])
def test_log_tail_asymptotic_branch_agrees_with_erfc(z: float) -> None:
    # erfc still has a (tiny) double value here, so the series can be checked against it
    assert log_two_sided_tail(z) == pytest.approx(math.log(math.erfc(z / math.sqrt(2))), rel=1e-12)


def test_log_tail_is_continuous_at_the_switch_and_symmetric() -> None:
    below = log_two_sided_tail(ASYMPTOTIC_Z)
    assert log_two_sided_tail(math.nextafter(ASYMPTOTIC_Z, math.inf)) <= below
    above = log_two_sided_tail(ASYMPTOTIC_Z + 1e-9)
    assert above < below
    assert below - above == pytest.approx((ASYMPTOTIC_Z + 1 / ASYMPTOTIC_Z) * 1e-9, rel=1e-4)
    assert log_two_sided_tail(-3.5) == log_two_sided_tail(3.5)


def test_naive_tail_underflows_where_ours_does_not() -> None:
    z = 40.0
    assert math.erfc(z / math.sqrt(2)) == 0.0  # log of this is what loses sentences elsewhere
    assert log_two_sided_tail(z) == pytest.approx(
        -z * z / 2 - math.log(z) - 0.5 * math.log(math.pi / 2)
    )


# --- helpers ---------------------------------------------------------------------------------


def test_text_length_ignores_whitespace() -> None:
    assert text_length(" a b\tc\n") == 3
    assert text_length("新华社 北京") == 5
    assert text_length("") == 0


def test_length_ratio_reflects_chinese_to_english() -> None:
    c = length_ratio([text_length(s) for s in ZH], [text_length(s) for s in ZH_EN])
    assert 3.0 < c < 5.0


@pytest.mark.parametrize(
    "text",
    ["It cost 1,500 euros.", "Es kostete 1.500 Euro.", "Il a coûté 1 500 euros.", "花了1500欧元。"],
)
def test_numbers_are_normalised_across_separators(text: str) -> None:
    assert "1500" in sentence_anchors(text)


def test_latin_words_in_chinese_text_are_anchors() -> None:
    assert {"iphone", "nba"} <= sentence_anchors("苹果发布新款iPhone，NBA球星代言。")
    assert "１２" not in sentence_anchors("第１２届")  # full-width digits become ASCII
    assert "12" in sentence_anchors("第１２届")


# --- small alignments ------------------------------------------------------------------------


def test_parallel_text_aligns_one_to_one() -> None:
    assert pairs(align(EN, FR)) == one_to_one(8)


def test_one_to_two_split() -> None:
    split = FR[3].index(" a promis")
    target = [*FR[:3], FR[3][:split] + ".", FR[3][split + 1 :], *FR[4:]]
    expected = [((i,), (i,)) for i in range(3)] + [((3,), (3, 4))]
    expected += [((i,), (i + 1,)) for i in range(4, 8)]
    assert pairs(align(EN, target)) == expected


def test_two_to_one_merge() -> None:
    target = [*FR[:3], FR[3] + " " + FR[4], *FR[5:]]
    expected = [((i,), (i,)) for i in range(3)] + [((3, 4), (3,))]
    expected += [((i,), (i - 1,)) for i in range(5, 8)]
    assert pairs(align(EN, target)) == expected


def test_omitted_sentence_gives_one_to_zero() -> None:
    target = FR[:2] + FR[3:]
    expected = [((0,), (0,)), ((1,), (1,)), ((2,), ())]
    expected += [((i,), (i - 1,)) for i in range(3, 8)]
    assert pairs(align(EN, target)) == expected


def test_inserted_sentence_gives_zero_to_one() -> None:
    source = EN[:2] + EN[3:]
    expected = [((0,), (0,)), ((1,), (1,)), ((), (2,))]
    expected += [((i - 1,), (i,)) for i in range(3, 8)]
    assert pairs(align(source, FR)) == expected


def test_chinese_english_with_threefold_length_difference() -> None:
    assert pairs(align(ZH, ZH_EN)) == one_to_one(5)
    split = [
        *ZH_EN[:1],
        "The meeting decided to further cut taxes and fees.",
        "This will support the development of small and micro businesses.",
        *ZH_EN[2:],
    ]
    assert pairs(align(ZH, split)) == [
        ((0,), (0,)),
        ((1,), (1, 2)),
        ((2,), (3,)),
        ((3,), (4,)),
        ((4,), (5,)),
    ]
    assert pairs(align(ZH_EN, ZH)) == one_to_one(5)


# --- paragraphs ------------------------------------------------------------------------------

#: FR without "Les critiques ...": EN[4] has no translation.
FR_NO_CRITICS = FR[:4] + FR[5:]


def test_same_paragraph_count_aligns_paragraph_by_paragraph() -> None:
    source_paragraphs = [0, 0, 0, 0, 0, 1, 1, 1]
    target_paragraphs = [0, 0, 0, 0, 1, 1, 1]
    free = pairs(align(EN, FR_NO_CRITICS))
    assert ((5, 6), (5,)) in free  # without paragraphs the gap is closed in the wrong place
    beads = align(
        EN,
        FR_NO_CRITICS,
        source_paragraphs=source_paragraphs,
        target_paragraphs=target_paragraphs,
    )
    assert_covers(beads, len(EN), len(FR_NO_CRITICS))
    for b in beads:
        paragraphs = {source_paragraphs[i] for i in b.source} | {
            target_paragraphs[j] for j in b.target
        }
        assert len(paragraphs) == 1
    assert pairs(beads)[-3:] == [((5,), (4,)), ((6,), (5,)), ((7,), (6,))]


def test_paragraph_numbers_need_not_start_at_zero_or_be_consecutive() -> None:
    plain = align(
        EN, FR_NO_CRITICS, source_paragraphs=[0] * 5 + [1] * 3, target_paragraphs=[0] * 4 + [1] * 3
    )
    sparse = align(
        EN, FR_NO_CRITICS, source_paragraphs=[3] * 5 + [9] * 3, target_paragraphs=[7] * 4 + [8] * 3
    )
    assert plain == sparse


def test_unequal_paragraph_counts_penalise_beads_across_paragraphs() -> None:
    # three source paragraphs, two target paragraphs: aligned as one document
    source_paragraphs = [0, 0, 0, 0, 0, 1, 2, 2]
    beads = align(
        EN, FR_NO_CRITICS, source_paragraphs=source_paragraphs, target_paragraphs=[0] * 4 + [1] * 3
    )
    assert_covers(beads, len(EN), len(FR_NO_CRITICS))
    assert ((5, 6), (5,)) not in pairs(beads)
    for b in beads:
        assert len({source_paragraphs[i] for i in b.source}) <= 1
    # a paragraph break right after the untranslated sentence makes it a clean 1-0 bead
    beads = align(EN, FR_NO_CRITICS, source_paragraphs=[0, 0, 0, 0, 1, 1, 2, 2])
    assert ((4,), ()) in pairs(beads)


def test_paragraph_list_of_wrong_length_is_rejected() -> None:
    with pytest.raises(ValueError, match="source_paragraphs"):
        align(EN, FR, source_paragraphs=[0, 0])


# --- degenerate input ------------------------------------------------------------------------


def test_empty_sides() -> None:
    assert align([], []) == []
    assert align(["a", "b"], []) == [Bead((0,), ()), Bead((1,), ())]
    assert align([], ["a", "b"]) == [Bead((), (0,)), Bead((), (1,))]
    assert align([], ["a"], source_paragraphs=[], target_paragraphs=[5]) == [Bead((), (0,))]


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (["x" * 5000], ["a"] * 200),
        (["a"] * 200, ["x" * 5000]),
        (["x" * 5000, "y"], ["a", "b", "c"]),
        (["", "", "   "], ["", "word"]),
        (["a" * 3000, "b", "c" * 4000], ["d" * 2, "e" * 7000, "f"]),
    ],
)
def test_extreme_length_mismatch_loses_no_sentence(source: list[str], target: list[str]) -> None:
    assert_covers(align(source, target), len(source), len(target))


@pytest.mark.parametrize(
    ("source", "target"),
    [
        (["x" * 5000], ["a"] * 200),
        (["a"] * 200, ["x" * 5000]),
        (["a" * 3000, "b", "c" * 4000], ["d" * 2, "e" * 7000, "f"]),
        ([f"s{k} " + "w" * (20 + 7 * k % 50) for k in range(40)], ["t " * 15] * 55),
    ],
)
def test_wide_beads_lose_no_sentence_either(source: list[str], target: list[str]) -> None:
    beads = align(source, target, priors=length_module.WIDE_BEAD_PRIORS)
    assert [i for b in beads for i in b.source] == list(range(len(source)))
    assert [j for b in beads for j in b.target] == list(range(len(target)))
    assert all((len(b.source), len(b.target)) in length_module.WIDE_BEAD_PRIORS for b in beads)


def test_wide_beads_take_a_one_to_four_split() -> None:
    """A sentence cut in four: the narrow bead set must leave one piece out or merge it badly."""
    source = ["Alpha 1111 words go here and on and on.", "B" * 160 + " 2222.", "Gamma 3333 ends."]
    target = ["Alpha 1111 words go here and on.", *(["b" * 40 + "."] * 3), "B 2222.",
              "Gamma 3333 ends."]  # fmt: skip
    wide = align(source, target, priors=length_module.WIDE_BEAD_PRIORS)
    assert Bead((1,), (1, 2, 3, 4)) in wide
    assert Bead((1,), (1, 2, 3, 4)) not in align(source, target)


@pytest.mark.parametrize(
    "priors",
    [{(1, 1): 0.9, (0, 1): 0.05}, {(1, 1): 0.9, (1, 0): 0.05, (0, 1): 0.0}, {(0, 0): 0.1}],
)
def test_bead_priors_without_indels_are_rejected(priors: dict[tuple[int, int], float]) -> None:
    with pytest.raises(ValueError, match="bead priors"):
        align(["One."], ["Un."], priors=priors)


# --- band ------------------------------------------------------------------------------------


def test_band_is_doubled_when_the_path_leaves_the_diagonal(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)

    def words(k: int) -> str:
        return " ".join(
            "".join(rng.choice("abcdefghij") for _ in range(rng.randint(2, 8))) for _ in range(k)
        )

    source = [f"{words(rng.randint(4, 20))} {1000 + i} {words(3)}." for i in range(150)]
    inserted = [words(rng.randint(4, 20)) + "." for _ in range(40)]
    target = inserted + [s.upper() for s in source]

    widths: list[int] = []
    banded_dp = length_module._banded_dp

    def recording(*args: object) -> tuple[list[tuple[int, int]], bool]:
        widths.append(args[9])  # type: ignore[arg-type]  # the band width
        return banded_dp(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(length_module, "_banded_dp", recording)
    banded = align(source, target)
    assert widths[0] == length_module.MIN_BAND
    assert max(widths) > widths[0]

    monkeypatch.setattr(length_module, "MIN_BAND", 10**6)
    assert align(source, target) == banded
    found = set(pairs(banded))
    assert sum(((i,), (40 + i,)) in found for i in range(150)) >= 145
