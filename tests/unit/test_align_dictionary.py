"""Tests for the Chinese-English dictionary anchors of the sentence aligner.

The hand-written pairs below are cases where lengths alone pick the wrong beads (a sentence
left out of the translation, or two sentences joined in it) and CC-CEDICT glosses tell which
sentence is which. The last test re-aligns the dev half of WMT21 zh-en from ../shared/.
"""

from __future__ import annotations

import random
import sys

import pytest
from conftest import ROOT, shared_path

from checker.align import align
from checker.align.dictionary import align_dictionary, base_language, best_partners
from checker.model import Bead

RAIN_ZH = [
    "昨天下午北京下了一场大雨。",
    "全市学校今天停课一天。",
    "医院的病人数量明显增加了。",
    "警方提醒司机注意安全。",
]
#: The translation leaves out the hospital sentence.
RAIN_EN_NO_HOSPITAL = [
    "Heavy rain fell in Beijing yesterday afternoon.",
    "All schools in the city closed for a day.",
    "Police reminded drivers to stay safe.",
]
#: The translation leaves out the school sentence.
RAIN_EN_NO_SCHOOL = [
    "Heavy rain fell in Beijing yesterday afternoon.",
    "The number of patients in hospitals rose sharply.",
    "Police reminded drivers to stay safe.",
]
HARVEST_ZH = [
    "农民开始收割小麦。",
    "今年的天气很好。",
    "粮食价格有所下降。",
    "超市里的面包也更便宜了。",
]
#: The translation joins the grain-price and bread sentences into one.
HARVEST_EN = [
    "Farmers began to harvest wheat this week in the northern provinces.",
    "The weather was good.",
    "Grain prices fell and bread in supermarkets became cheaper.",
]


def _covers_once(beads: list[Bead], n: int, m: int) -> None:
    assert [i for b in beads for i in b.source] == list(range(n))
    assert [j for b in beads for j in b.target] == list(range(m))


def _mirror(beads: list[Bead]) -> list[Bead]:
    return [Bead(b.target, b.source) for b in beads]


def test_omission_that_lengths_hide_in_a_two_to_one_bead() -> None:
    assert Bead((2,), ()) not in align(RAIN_ZH, RAIN_EN_NO_HOSPITAL)
    assert align_dictionary(RAIN_ZH, RAIN_EN_NO_HOSPITAL) == [
        Bead((0,), (0,)),
        Bead((1,), (1,)),
        Bead((2,), ()),
        Bead((3,), (2,)),
    ]


def test_omission_of_the_other_sentence() -> None:
    assert Bead((1,), ()) not in align(RAIN_ZH, RAIN_EN_NO_SCHOOL)
    assert align_dictionary(RAIN_ZH, RAIN_EN_NO_SCHOOL) == [
        Bead((0,), (0,)),
        Bead((1,), ()),
        Bead((2,), (1,)),
        Bead((3,), (2,)),
    ]


def test_dictionary_decides_which_sentences_are_joined() -> None:
    assert Bead((2, 3), (2,)) not in align(HARVEST_ZH, HARVEST_EN)
    assert align_dictionary(HARVEST_ZH, HARVEST_EN) == [
        Bead((0,), (0,)),
        Bead((1,), (1,)),
        Bead((2, 3), (2,)),
    ]


@pytest.mark.parametrize(
    ("zh", "en"),
    [(RAIN_ZH, RAIN_EN_NO_HOSPITAL), (RAIN_ZH, RAIN_EN_NO_SCHOOL), (HARVEST_ZH, HARVEST_EN)],
)
def test_english_to_chinese_is_the_mirror_image(zh: list[str], en: list[str]) -> None:
    forward = align_dictionary(zh, en)
    backward = align_dictionary(en, zh, source_lang="en", target_lang="zh")
    assert _mirror(backward) == forward


def test_every_sentence_exactly_once() -> None:
    rng = random.Random(7)
    pool = list(
        zip(RAIN_ZH + HARVEST_ZH, RAIN_EN_NO_SCHOOL + HARVEST_EN + ["Extra."] * 2, strict=True)
    )
    for n, m in [(0, 0), (0, 3), (4, 0), (1, 1), (1, 5), (7, 2), (30, 26), (60, 75)]:
        zh = [rng.choice(pool)[0] for _ in range(n)]
        en = [rng.choice(pool)[1] for _ in range(m)]
        paragraphs = [k // 5 for k in range(n)]
        beads = align_dictionary(zh, en, source_paragraphs=paragraphs)
        _covers_once(beads, n, m)
        _covers_once(_mirror(align_dictionary(en, zh, source_lang="en", target_lang="zh")), n, m)


def test_languages_codes_and_fallback() -> None:
    assert base_language("zh-Hans-CN") == "zh"
    de = ["Das orchester spielte.", "Der minister kam heute sehr spät nach Hause zurück."]
    fr = ["L'orchestre a joué hier soir très longtemps.", "Le ministre est rentré."]
    assert align_dictionary(de, fr, source_lang="de", target_lang="fr") == align(de, fr)
    with pytest.raises(ValueError, match="source_paragraphs"):
        align_dictionary(RAIN_ZH, RAIN_EN_NO_SCHOOL, source_paragraphs=[0])


def test_best_partners_skip_ties() -> None:
    zh = [frozenset({"a"}), frozenset({"b"})]
    en = [frozenset({"a", "b"})]
    # The English sentence matches both equally: it names nobody; each Chinese one names it.
    assert best_partners(zh, en, {"a": 1.0, "b": 1.0}) == {(0, 0): 1.0, (1, 0): 1.0}


@pytest.mark.shared
def test_wmt21_dev_half_strict_f1() -> None:
    """The dev half of the WMT21 benchmark, reference and Online-W: strict F1 >= 0.95."""
    data = shared_path("data", "wmt21-zh-en")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import align_wmt_eval as bench

    source = bench.read_segments(data / bench.SOURCE_FILE)[:960]
    for target_name in ("ref", "Online-W"):
        target = bench.read_segments(bench._target_file(data, target_name))[:960]
        blocks = bench.make_blocks(source, target, 40, "none", "start", bench.DEFAULT_SEED)
        dictionary, _, _ = bench.evaluate(blocks, bench.with_dictionary())
        length_only, _, _ = bench.evaluate(blocks, bench.length_only)
        assert dictionary["f1_strict"] >= 0.95, target_name
        assert dictionary["f1_strict"] >= length_only["f1_strict"], target_name
