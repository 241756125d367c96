"""A text rule's ``screen`` must match wherever the rule reports: ``run_rules`` skips the
paragraphs it does not match in, so a screen that missed a hit would lose a finding."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.detect import RULES, DetectorConfig, run_rules
from checker.detect.base import Rule, Unit
from checker.pipeline import make_document

SCREENED = sorted(rid for rid, cls in RULES.items() if issubclass(cls, Rule) and cls.screen)

# What the screened rules react to, and text around it.
PIECES = st.sampled_from(
    ["anti -spy", "self- help", "year.The", "U.S.Army", " ,", ",and", " .", "( x", "[ y", "  ",
     "(", ")", "[", "]", "“", "”", "«", "»", '"', "（", "）", "，", "。", "：", "！", "Ｈ",
     "新闻", "東京", "한국", "cafÃ©", "â€œ", "æ–°é—»", "\ufffd", "\u200b", "\u200d", "\u00ad",
     "\x00", "\x07", "\x85", "\ufffc", "\u202e", "\t", "the", "The", "news", "3.5", "-", ".",
     "!", "?", "…", "é", " ", "\n"]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=30).map("".join)


def test_the_screened_rules_are_the_cheap_character_rules() -> None:
    assert set(SCREENED) >= {
        "spaced-hyphen", "glued-sentence", "spacing", "unbalanced-brackets-quotes",
        "untranslated-script", "fullwidth-punctuation", "mojibake", "invisible-characters",
    }  # fmt: skip


@pytest.mark.parametrize("rule_id", SCREENED)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, lang=st.sampled_from(["en", "fr", "de", "zh"]))
def test_a_rule_reports_only_where_its_screen_matches(rule_id: str, text: str, lang: str) -> None:
    rule = RULES[rule_id]()
    if not rule.applies_to(lang):
        return
    unit = Unit(text=text, lang=lang, sentences=((0, len(text)),) if text else ())
    if list(rule.check(unit)):
        assert rule.screen is not None and rule.screen.search(text) is not None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(TEXT, min_size=1, max_size=6), lang=st.sampled_from(["en", "zh"]))
def test_screened_documents_give_the_hits_of_every_paragraph_asked(
    paragraphs: list[str], lang: str
) -> None:
    """run_rules with the screens gives the hits it gives without them."""
    text = "\n".join(p.replace("\n", " ") for p in paragraphs)
    spans, pos = [], 0
    for p in text.split("\n"):
        spans.append((pos, pos + len(p)))
        pos += len(p) + 1
    doc = make_document(text, "x", lang, spans)
    rules = DetectorConfig().rules()
    screened = [(h.rule.id, h.start, h.end, h.hit) for h in run_rules(doc, rules)]

    plain = []  # each rule, its screen taken away
    for rule in rules:
        if isinstance(rule, Rule) and rule.screen is not None:
            bare = type("Bare", (type(rule),), {"screen": None})()
            bare.__dict__.update(rule.__dict__)
            plain.append(bare)
        else:
            plain.append(rule)
    unscreened = [(h.rule.id, h.start, h.end, h.hit) for h in run_rules(doc, plain)]
    assert screened == unscreened
