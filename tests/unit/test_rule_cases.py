"""Golden positive and negative cases for every rule, from tests/cases/<rule>.json."""

from __future__ import annotations

import json

import pytest
from conftest import CASES

from checker.detect import RULES, DetectorConfig
from checker.pipeline import check_pairs, flag_text

CASE_FILES = sorted(CASES.glob("*.json"))


def _load() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in CASE_FILES]


def _params(kind: str, scope: str = "text") -> list:
    out = []
    for spec in _load():
        if spec.get("scope", "text") != scope:
            continue
        for case in spec.get(kind, []):
            marks = []
            if kind == "xfail":
                marks.append(pytest.mark.xfail(strict=True, reason=case["reason"]))
            if scope == "text":
                langs = case.get("lang", spec["lang"])
            else:
                langs = (case.get("src_lang", spec["src_lang"]),
                         case.get("tgt_lang", spec["tgt_lang"]))
            out.append(
                pytest.param(spec["rule"], langs, case,
                             id=f"{spec['rule']}:{case['label']}", marks=marks)
            )
    return out


def _case_pairs(case: dict) -> list[tuple[str, str]]:
    if "pairs" in case:
        return [(s, t) for s, t in case["pairs"]]
    return [(case["source"], case["target"])]


def _found_pair(rule: str, langs: tuple[str, str], case: dict) -> list[list]:
    """[side, text, counterpart text] of every finding, in segment order."""
    config = DetectorConfig(select=frozenset({rule}))
    if case.get("glossary"):
        from checker.glossary import parse_glossary

        config = DetectorConfig(
            select=frozenset({rule}), glossary=parse_glossary(case["glossary"], "<case>")
        )
    report = check_pairs(_case_pairs(case), src_lang=langs[0], tgt_lang=langs[1], config=config)
    found = []
    for seg in report.segments:
        for f in seg.findings:
            text = seg.target if f.side == "target" else seg.source
            assert text is not None and text[f.start : f.end] == f.text
            if f.other_start >= 0:
                other = seg.source if f.side == "target" else seg.target
                assert other is not None and other[f.other_start : f.other_end] == f.other_text
            found.append([f.side, f.text, f.other_text])
    return found


def _found(rule: str, lang: str, text: str) -> list[list]:
    report = flag_text(text, tgt_lang=lang, config=DetectorConfig(select=frozenset({rule})))
    found = []
    for seg in report.segments:
        for f in seg.findings:
            assert seg.target[f.start : f.end] == f.text
            found.append([f.text, f.suggestion])
    return found


def test_case_files_are_well_formed() -> None:
    seen = set()
    for path, spec in zip(CASE_FILES, _load(), strict=True):
        assert path.stem == spec["rule"], path
        assert spec["rule"] in RULES, f"{path.name}: unknown rule"
        assert len(spec["positive"]) >= 3 and len(spec["negative"]) >= 3, path.name
        labels = [c["label"] for k in ("positive", "negative", "xfail") for c in spec.get(k, [])]
        assert len(labels) == len(set(labels)), f"{path.name}: duplicate labels"
        pair_scope = spec.get("scope", "text") == "pair"
        assert pair_scope == (RULES[spec["rule"]].scope == "pair"), f"{path.name}: scope"
        for case in spec["positive"] + spec.get("xfail", []):
            if pair_scope:
                texts = [x for p in _case_pairs(case) for x in p]
                for _side, text, _other in case["expect"]:
                    assert any(text in t for t in texts), f"{path.name}:{case['label']}: {text!r}"
                continue
            for text, _suggestion in case["expect"]:
                assert text in case["text"], f"{path.name}:{case['label']}: {text!r} not in text"
        seen.add(spec["rule"])
    assert seen == set(RULES), f"rules without cases: {sorted(set(RULES) - seen)}"


@pytest.mark.parametrize(("rule", "lang", "case"), _params("positive") + _params("xfail"))
def test_positive(rule: str, lang: str, case: dict) -> None:
    assert _found(rule, lang, case["text"]) == case["expect"]


@pytest.mark.parametrize(("rule", "lang", "case"), _params("negative"))
def test_negative(rule: str, lang: str, case: dict) -> None:
    assert _found(rule, lang, case["text"]) == []


@pytest.mark.parametrize(
    ("rule", "langs", "case"), _params("positive", "pair") + _params("xfail", "pair")
)
def test_pair_positive(rule: str, langs: tuple[str, str], case: dict) -> None:
    assert _found_pair(rule, langs, case) == case["expect"]


@pytest.mark.parametrize(("rule", "langs", "case"), _params("negative", "pair"))
def test_pair_negative(rule: str, langs: tuple[str, str], case: dict) -> None:
    assert _found_pair(rule, langs, case) == []
