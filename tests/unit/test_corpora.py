"""Golden end-to-end test on the bundled corpora: every planted fault found, clean text quiet."""

from __future__ import annotations

import json

import pytest
from conftest import CORPORA

from checker.pipeline import check_files, flag_file
from checker.read import paragraph_spans, read_text

DOCS = sorted(p.name[: -len(".mt.en")] for p in CORPORA.glob("*.mt.en"))


def _labels(name: str) -> list[dict]:
    lines = (CORPORA / f"{name}.mt.labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_there_are_at_least_three_documents() -> None:
    assert len(DOCS) >= 3
    for name in DOCS:
        for suffix in (".zh", ".en", ".mt.en", ".mt.labels.jsonl"):
            assert (CORPORA / f"{name}{suffix}").is_file()


@pytest.mark.parametrize("name", DOCS)
def test_labels_are_well_formed(name: str) -> None:
    text = read_text(CORPORA / f"{name}.mt.en")
    versions = (".zh", ".en", ".mt.en")
    counts = {len(paragraph_spans(read_text(CORPORA / f"{name}{s}"))) for s in versions}
    assert len(counts) == 1, "the three versions must have the same paragraphs"
    labels = _labels(name)
    for label in labels:
        assert text[label["start"] : label["end"]] == label["text"], label
    assert labels == sorted(labels, key=lambda lab: (lab["start"], lab["end"]))
    for a, b in zip(labels, labels[1:], strict=False):
        pair = {a["rule"], b["rule"]} == {"glued-sentence", "stray-fragment"}
        assert a["end"] <= b["start"] or pair, (a, b)


def _match(findings: list, labels: list[dict]) -> tuple[list[dict], list]:
    """Labels no finding of the same rule overlaps, and findings that overlap no label."""
    found, extra = set(), []
    for f in findings:
        hits = [i for i, lab in enumerate(labels)
                if lab["rule"] == f.rule and lab["start"] < f.doc_end and f.doc_start < lab["end"]]
        found.update(hits)
        if not hits:
            extra.append(f)
    return [lab for i, lab in enumerate(labels) if i not in found], extra


@pytest.mark.parametrize("name", DOCS)
@pytest.mark.parametrize("mode", ["flag", "check"])
def test_every_planted_fault_is_found_and_nothing_else(name: str, mode: str) -> None:
    mt = CORPORA / f"{name}.mt.en"
    report = flag_file(mt) if mode == "flag" else check_files(CORPORA / f"{name}.zh", mt)
    missed, extra = _match([f for f in report.findings if f.side == "target"], _labels(name))
    assert missed == []
    assert [(f.rule, f.text) for f in extra] == []


@pytest.mark.parametrize("name", DOCS)
def test_clean_translation_is_quiet(name: str) -> None:
    report = check_files(CORPORA / f"{name}.zh", CORPORA / f"{name}.en")
    assert [(f.side, f.rule, f.text) for f in report.findings] == []


@pytest.mark.parametrize("name", DOCS)
def test_finding_offsets_index_segment_text(name: str) -> None:
    report = check_files(CORPORA / f"{name}.zh", CORPORA / f"{name}.mt.en")
    doc = read_text(CORPORA / f"{name}.mt.en")
    for seg in report.segments:
        for f in seg.findings:
            text = seg.target if f.side == "target" else seg.source
            assert text[f.start : f.end] == f.text
            if f.side == "target":
                assert doc[f.doc_start : f.doc_end] == f.text


def test_seed_document() -> None:
    """The user's example: 11 spaced hyphens, 4 glued sentences, Essence, secrets of secrets."""
    from conftest import shared_path

    seed = shared_path("seeds", "000_29c1c7446bed0eb9.txt")
    report = flag_file(seed)
    texts = [(f.rule, f.text) for f in report.findings]
    hyphens = [t for r, t in texts if r == "spaced-hyphen"]
    assert len(hyphens) == 11 and all(" -" in t for t in hyphens)
    glued = sorted(t for r, t in texts if r == "glued-sentence")
    assert glued == ["cooperation.Return", "measures.Essence", "secrets.The", "year.The"]
    assert ("stray-fragment", "Essence") in texts
    assert ("repetition", "secrets of secrets") in texts
    faulty = ("anti -", "Anti -", "self -", ".Return", ".Essence", ".The", "secrets of secrets",
              "version of the local version")
    for seg in report.segments:
        if not any(x in seg.target for x in faulty):
            assert seg.findings == (), seg.target
