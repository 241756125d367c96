"""A text rule's ``screen`` must match wherever the rule reports: ``run_rules`` skips the
paragraphs it does not match in, so a screen that missed a hit would lose a finding."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from checker.detect import RULES, DetectorConfig, run_rules
from checker.detect.base import BaseRule, Rule, Unit
from checker.detect import fluency
from checker.detect.fluency import _lower_words
from checker.model import Document
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

    unscreened = [(h.rule.id, h.start, h.end, h.hit) for h in run_rules(doc, _unscreened(rules))]
    assert screened == unscreened


def _unscreened(rules: list[BaseRule]) -> list[BaseRule]:
    """Each rule with its screens taken away (``screen`` and ``screen_paragraphs``)."""
    plain: list[BaseRule] = []
    for rule in rules:
        if isinstance(rule, Rule):
            bare = type(
                "Bare", (type(rule),), {"screen": None, "screen_paragraphs": _every_paragraph}
            )()
            bare.__dict__.update(rule.__dict__)
            plain.append(bare)
        else:
            plain.append(rule)
    return plain


def _every_paragraph(self: Rule, doc: Document) -> None:
    return None


# Words that make repetitions: a small vocabulary, "of", plurals, apostrophes, capitals.
WORDS = st.sampled_from(
    ["the", "The", "of", "Of", "secret", "secrets", "Secrets", "version", "versions", "a", "as",
     "state", "states", "don't", "'tis", "it's", "ok", "café", "Über", "über", "3", "30",
     "China", "news", "new", "news'", "of the", "Standing", "Committee"]
)
SEPARATORS = st.sampled_from([" ", " ", " ", ", ", ". ", " - ", "  ", "\t", "'", "; "])
PARAGRAPH = st.lists(st.tuples(WORDS, SEPARATORS), max_size=25).map(
    lambda ws: "".join(w + sep for w, sep in ws).strip()
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(paragraphs=["Fine.", "They guard secret of state secrets."], max_phrase=6, min_loop=3)
@example(paragraphs=["of the the", "news of of news, it's news"], max_phrase=1, min_loop=3)
@example(paragraphs=["a b c a b c", "x"], max_phrase=3, min_loop=1)
@given(
    paragraphs=st.lists(PARAGRAPH, min_size=1, max_size=8),
    max_phrase=st.integers(1, 6),
    min_loop=st.integers(1, 3),
)
def test_repetition_is_asked_about_every_paragraph_with_a_candidate(
    paragraphs: list[str], max_phrase: int, min_loop: int
) -> None:
    """The paragraphs Repetition.screen_paragraphs picks for a whole document hold every
    paragraph whose words give a candidate, and a run with them gives the hits of a run
    without."""
    rule = RULES["repetition"]()
    rule.max_phrase, rule.min_loop = max_phrase, min_loop  # type: ignore[attr-defined]
    text = "\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 1
    doc = make_document(text, "x", "en", spans)
    chosen = rule.screen_paragraphs(doc)
    assert chosen is not None
    for k, p in enumerate(paragraphs):
        if rule._candidates(_lower_words(p)):  # type: ignore[attr-defined]
            assert k in chosen
    screened = [(h.rule.id, h.start, h.end, h.hit) for h in run_rules(doc, [rule])]
    unscreened = [(h.rule.id, h.start, h.end, h.hit) for h in run_rules(doc, _unscreened([rule]))]
    assert screened == unscreened


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    documents=st.lists(st.lists(PARAGRAPH, min_size=1, max_size=4), min_size=1, max_size=4),
    keep=st.integers(1, 12),
)
def test_the_repetition_screen_is_the_same_with_codes_kept_or_not(
    documents: list[list[str]], keep: int
) -> None:
    """The word codes kept from one document to the next (and cleared when more than ``keep``
    words) pick the paragraphs that fresh codes for each document pick."""
    rule = RULES["repetition"]()
    kept = fluency._WordCodes(keep=keep)
    widest = 0  # the most distinct words of one document so far
    for paragraphs in documents:
        doc = _line_doc(paragraphs)
        widest = max(widest, len(set(_lower_words(doc.text))))
        saved = fluency._CODES
        try:
            fluency._CODES = fluency._WordCodes(keep=1 << 15)
            fresh = rule.screen_paragraphs(doc)
            fluency._CODES = kept
            again = rule.screen_paragraphs(doc)
        finally:
            fluency._CODES = saved
        assert again == fresh
        assert len(kept.codes) - 1 <= max(keep, widest)  # the NUL's code aside


def _line_doc(paragraphs: list[str]) -> Document:
    text = "\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        spans.append((pos, pos + len(p)))
        pos += len(p) + 1
    return make_document(text, "x", "en", spans)
