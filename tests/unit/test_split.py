"""Sentence splitting: English abbreviations and glued sentences, Chinese terminators."""

from __future__ import annotations

import pytest

from checker.split import glued_boundaries, split

ENGLISH = (
    ("abbreviations",
     "Dr. Wang met U.S. officials on Sept. 1 at 9:30 a.m. in Washington.",
     ["Dr. Wang met U.S. officials on Sept. 1 at 9:30 a.m. in Washington."]),
    ("abbreviation-ends-sentence",
     "Talks were held in the U.S. The results were good.",
     ["Talks were held in the U.S.", "The results were good."]),
    ("decimals-and-initials",
     "Growth was 3.5 percent, George W. Bush said. J. K. Rowling agreed.",
     ["Growth was 3.5 percent, George W. Bush said.", "J. K. Rowling agreed."]),
    ("ellipsis",
     "He paused... and went on. Then... Nothing.",
     ["He paused... and went on.", "Then...", "Nothing."]),
    ("domain",
     "Read chinanews.com. It is free.",
     ["Read chinanews.com.", "It is free."]),
    ("quotes",
     "“We will go,” he said. “It is good.” They left!",
     ["“We will go,” he said.", "“It is good.”", "They left!"]),
    ("glued",
     "Security rose this year.The United States expressed concern.",
     ["Security rose this year.", "The United States expressed concern."]),
    ("glued-fragment",
     "More targeted anti-spy measures.Essence",
     ["More targeted anti-spy measures.", "Essence"]),
    ("question-lowercase",
     "“Why?” he asked. Nobody knew.",
     ["“Why?” he asked.", "Nobody knew."]),
    ("month-glued",
     "It took effect on Jan. 5.The city followed.",
     ["It took effect on Jan. 5.", "The city followed."]),
)

CHINESE = (
    ("terminators",
     "重庆市周五起施行条例。要求加强防范！你知道吗？好；就这样……",
     ["重庆市周五起施行条例。", "要求加强防范！", "你知道吗？", "好；", "就这样……"]),
    ("closing-quote",
     "他说：“今天很好。”我们走吧。",
     ["他说：“今天很好。”", "我们走吧。"]),
    ("decimal-and-domain",
     "收入增长1.2亿元，详见chinanews.com网站。",
     ["收入增长1.2亿元，详见chinanews.com网站。"]),
)


@pytest.mark.parametrize(("label", "text", "expected"), ENGLISH, ids=[c[0] for c in ENGLISH])
def test_english(label: str, text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split(text, "en")] == expected


@pytest.mark.parametrize(("label", "text", "expected"), CHINESE, ids=[c[0] for c in CHINESE])
def test_chinese(label: str, text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split(text, "zh")] == expected


def test_glued_boundaries_skip_abbreviations_urls_and_names() -> None:
    text = "See U.S.Army, ASP.NET, www.Example.Com and Mr.Smith today."
    assert [text[a : a + 4] for a, _ in glued_boundaries(text)] == []
    text = "It ended.Then it rained."
    assert [text[a:] for a, _ in glued_boundaries(text)] == ["Then it rained."]
