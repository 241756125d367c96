"""Golden positive and negative cases for every rule, from tests/cases/<rule>.json."""

from __future__ import annotations

import json

import pytest
from conftest import CASES

from checker.detect import RULES, DetectorConfig
from checker.pipeline import flag_text

CASE_FILES = sorted(CASES.glob("*.json"))


def _load() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in CASE_FILES]


def _params(kind: str) -> list:
    out = []
    for spec in _load():
        for case in spec.get(kind, []):
            marks = []
            if kind == "xfail":
                marks.append(pytest.mark.xfail(strict=True, reason=case["reason"]))
            out.append(
                pytest.param(spec["rule"], case.get("lang", spec["lang"]), case,
                             id=f"{spec['rule']}:{case['label']}", marks=marks)
            )
    return out


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
        for case in spec["positive"] + spec.get("xfail", []):
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
