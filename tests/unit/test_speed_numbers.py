"""The shortcuts of the number readers (checker.detect.numbers) against the plain readings they
stand for, on seeded random texts built from fragments that sit on their edges."""

from __future__ import annotations

import pytest
from conftest import random_texts

from checker.detect import numbers

ROUNDS = 3000

#: Pieces of Chinese text around digits: units right after a digit or after a space, numbers
#: with group marks and decimals, and what makes a text not plain.
ZH_UNIT_FRAGMENTS = [
    "1", "23", "2020", "1,200", "3.5", ",", ".", " ", "  ", "年", "月", "日", "号", "时", "点",
    " 年", "多", "余", "%", "人", "的", "，", "。", "٣", "１２", "1,23", "12,345.6", "首", "周",
    "一", "-", "2020-", "半", "分之",
]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plain_chinese_reading_finds_a_unit_where_the_text_does(seed: int) -> None:
    """_zh_plain_mentions gives up (None) exactly where _zh_plain finds a digit before a
    unit, and zh_mentions reads every text as the full reader does."""
    plain = units = 0
    for text in random_texts(ZH_UNIT_FRAGMENTS, 90 + seed, rounds=ROUNDS, most=8):
        text = numbers._halfwidth(text)
        assert numbers.zh_mentions(text) == numbers._zh_all_mentions(text), text
        if not numbers._zh_plain_but_units(text):
            continue
        found = numbers._zh_plain_mentions(text)
        has_unit = numbers._ZH_DIGIT_UNIT.search(text) is not None
        assert (found is None) == has_unit, text
        assert numbers._zh_plain(text) == (not has_unit), text
        plain += not has_unit
        units += has_unit
    assert plain > ROUNDS // 20 and units > ROUNDS // 20
