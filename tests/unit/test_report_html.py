"""The HTML report: highlights at the right offsets, untrusted text kept as text, no URLs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.model import Finding, Report, Segment
from checker.pipeline import check_pairs, check_texts, flag_text
from checker.report.html import category_slug, highlight, histogram, render_html, script_json

CORPORA = Path(__file__).resolve().parents[2] / "corpora"

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [
            n for n in self.iter()
            if n.tag == tag and (cls is None or cls in (n.attrs.get("class") or "").split())
        ]


class TreeBuilder(HTMLParser):
    """Just enough of a DOM for the tests; fails on unbalanced tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.stack == [builder.root], "unclosed tags"
    return builder.root


def mark_ranges(cell: Node) -> list[tuple[str, int, int]]:
    """(rule, start, end) of each finding drawn in ``cell``; split pieces of one mark merged."""
    pieces: list[tuple[str, str, int, int]] = []

    def walk(node: Node, pos: int) -> int:
        for c in node.children:
            if isinstance(c, str):
                pos += len(c)
                continue
            start = pos
            pos = walk(c, pos)
            if c.tag == "mark":
                pieces.append((c.attrs["data-rule"] or "", c.attrs["title"] or "", start, pos))
        return pos

    walk(cell, 0)
    merged: dict[tuple[str, str], list[list[int]]] = {}
    for rule, title, a, b in sorted(pieces, key=lambda p: (p[2], p[3])):
        spans = merged.setdefault((rule, title), [])
        if spans and spans[-1][1] == a:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    return sorted((rule, a, b) for (rule, _), spans in merged.items() for a, b in spans)


def rows(tree: Node) -> dict[int, Node]:
    return {int(tr.attrs["data-index"] or -1): tr for tr in tree.find_all("tr", "seg")}


def cell(row: Node, side: str) -> Node:
    (td,) = row.find_all("td", side)
    return td


def assert_faithful(report: Report, page: str) -> None:
    """Every segment has a row whose cells give back its text, with marks at the findings."""
    tree = parse(page)
    by_index = rows(tree)
    assert sorted(by_index) == [s.index for s in report.segments]
    for seg in report.segments:
        row = by_index[seg.index]
        sides = [("target", seg.target)]
        if seg.source is not None:
            sides.append(("source", seg.source))
        for side, text in sides:
            td = cell(row, side)
            assert td.text() == text
            expected = sorted((f.rule, f.start, f.end) for f in seg.findings if f.side == side)
            assert mark_ranges(td) == expected
            for mark in td.find_all("mark"):
                assert mark.attrs["tabindex"] == "0"
                assert "f" in (mark.attrs["class"] or "").split()
        for f in seg.findings:
            text = seg.target if f.side == "target" else seg.source or ""
            assert text[f.start : f.end] == f.text


@pytest.fixture(scope="module")
def metro() -> Report:
    return check_texts(
        (CORPORA / "metro.zh").read_text(encoding="utf-8"),
        (CORPORA / "metro.mt.en").read_text(encoding="utf-8"),
        source_name="metro.zh",
        target_name="metro.mt.en",
        reference_text=(CORPORA / "metro.en").read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="module")
def metro_page(metro: Report) -> str:
    return render_html(metro)


def test_every_segment_and_mark_in_place(metro: Report, metro_page: str) -> None:
    assert metro.findings, "the corpus should have findings"
    assert_faithful(metro, metro_page)


def test_each_unsplit_mark_holds_exactly_its_finding_text(metro: Report, metro_page: str) -> None:
    tree = parse(metro_page)
    texts = {(f.rule, f.text) for f in metro.findings}
    for mark in tree.find_all("mark"):
        if not mark.find_all("mark")[1:]:  # a mark with a nested mark holds more than its text
            rule = mark.attrs["data-rule"]
            assert any(r == rule and mark.text() in t for r, t in texts)


def test_header_summary_scores_and_histogram(metro: Report, metro_page: str) -> None:
    tree = parse(metro_page)
    assert "metro.zh" in metro_page and "metro.mt.en" in metro_page
    assert metro.version in metro_page
    assert metro.scores is not None
    for name, signature in metro.scores["signatures"].items():
        assert signature in metro_page
        assert f"{metro.scores['corpus'][name]:.2f}" in metro_page
    seg0 = rows(tree)[0]
    assert seg0.find_all("td", "reference")[0].text() == metro.segments[0].reference
    assert "bleu" in seg0.find_all("ul", "scores")[0].text()
    (svg,) = tree.find_all("svg")
    bars = svg.find_all("rect", "bar")
    assert len(bars) == 10
    titles = [t.text() for t in svg.find_all("title")]
    assert sum(int(t.rsplit(": ", 1)[1].split()[0]) for t in titles) == len(metro.segments)
    for rule in metro.summary()["by_rule"]:
        assert tree.find_all("input") and any(
            i.attrs.get("value") == rule for i in tree.find_all("input")
        )


def test_worst_segments_link_to_rows(metro: Report, metro_page: str) -> None:
    tree = parse(metro_page)
    (worst,) = tree.find_all("ol", "worst")
    links = [a.attrs["href"] for a in worst.find_all("a")]
    assert 0 < len(links) <= 10
    ids = {n.attrs.get("id") for n in tree.iter()}
    assert all(href is not None and href[1:] in ids for href in links)
    qualities = {s.index: s.quality for s in metro.segments}
    shown = [qualities[int((h or "")[len("#seg-"):])] for h in links]
    assert shown == sorted(shown)
    assert shown[0] == min(q for q in qualities.values() if q is not None)


def test_lang_attributes_and_accessibility(metro_page: str) -> None:
    tree = parse(metro_page)
    assert tree.find_all("html")[0].attrs["lang"] == "en"
    assert all(td.attrs["lang"] == "zh" for td in tree.find_all("td", "source"))
    assert all(td.attrs["lang"] == "en" for td in tree.find_all("td", "target"))
    assert len(tree.find_all("button")) == 2
    assert tree.find_all("h1") and tree.find_all("h2")
    assert ":focus" in metro_page and "outline" in metro_page
    assert "@media print" in metro_page and "attr(data-rule)" in metro_page
    # The filter controls only appear when the script runs.
    assert "hidden" in next(n for n in tree.iter() if n.attrs.get("id") == "controls").attrs


def test_self_contained_no_urls(metro_page: str) -> None:
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", metro_page, re.I)
    tree = parse(metro_page)
    for node in tree.iter():
        assert "src" not in node.attrs
        assert node.tag not in ("link", "img", "iframe", "object", "embed")
        assert not any(k.startswith("on") for k in node.attrs), node.tag
        assert not (node.attrs.get("href") or "#").split("#")[0]


PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</textarea>",
    "{{ 7*7 }}",
    "</td></tr></table><a href=\"https://evil.example/\">x</a>",
)


def _script_tags(page: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", page, re.I)


def _assert_inert(page: str) -> None:
    assert _script_tags(page) == ['<script type="application/json" id="data">', "<script>"]
    assert "<img" not in page and "</textarea" not in page.lower()
    assert not re.search(r"<a\s+href=\"https?:", page)
    tree = parse(page)
    for node in tree.iter():
        assert not any(k.startswith("on") for k in node.attrs), node
        assert node.tag not in ("img", "textarea")
    (data,) = [n for n in tree.find_all("script") if n.attrs.get("id") == "data"]
    json.loads(data.text())


def test_payloads_in_segments_render_as_text() -> None:
    target = " ".join(f"He wrote {p} on Monday.Then he left." for p in PAYLOADS)
    report = flag_text(target, tgt_lang="en")
    page = render_html(report)
    _assert_inert(page)
    assert_faithful(report, page)
    texts = "".join(td.text() for td in parse(page).find_all("td", "target"))
    for p in PAYLOADS:
        assert p in texts
    assert "49" not in texts


def test_payloads_in_aligned_pairs_and_reference() -> None:
    pairs = [(f"他写了{p}。", f"He wrote {p} , then  left 换乘.") for p in PAYLOADS]
    report = check_pairs(pairs, src_lang="zh", tgt_lang="en", references=[p for p in PAYLOADS])
    assert report.findings
    page = render_html(report)
    _assert_inert(page)
    assert_faithful(report, page)
    refs = [td.text() for td in parse(page).find_all("td", "reference")]
    assert refs == list(PAYLOADS)


def test_html_in_rule_message_and_suggestion_is_text() -> None:
    evil = '</mark><script>alert(1)</script>"><img src=x onerror=alert(1)>{{ 7*7 }}'
    target = "A <b>bold</b> claim {{ 7*7 }}."
    finding = Finding(0, "target", 2, 13, "x-rule", "Style/Odd", "critical", target[2:13],
                      message=evil, suggestion=evil)
    seg = Segment(0, None, target, (), (0,), findings=(finding,), quality=50.0)
    report = Report("0.0", None, "en", (seg,), target_name='"><script>x</script>')
    page = render_html(report)
    _assert_inert(page)
    assert_faithful(report, page)
    tree = parse(page)
    (mark,) = tree.find_all("mark")
    assert mark.attrs["title"] == f"x-rule: {evil} → {evil}"
    assert mark.attrs["data-message"] == evil
    assert "cat-style" in (mark.attrs["class"] or "")
    assert evil in tree.find_all("ul", "findings")[0].text()


def test_urls_only_inside_escaped_user_text() -> None:
    report = flag_text("See https://example.com/a?b=<c> for more.Then go.", tgt_lang="en")
    assert report.findings
    page = render_html(report)
    tree = parse(page)
    for node in tree.iter():
        for key, value in node.attrs.items():
            if key not in ("title", "data-message"):  # the finding's own words, escaped
                assert "http" not in (value or ""), (node.tag, key)
    # Every URL in the page is one of the user's, in a text cell or a finding's message.
    user = "".join(td.text() for td in tree.find_all("td", "target")) + "".join(
        ul.text() for ul in tree.find_all("ul", "findings")
    )
    for mark in tree.find_all("mark"):
        user += (mark.attrs["title"] or "") + (mark.attrs["data-message"] or "")
    assert page.count("https://") == user.count("https://") >= 1


def test_report_without_findings_renders() -> None:
    report = flag_text("The weather is fine today. Everyone went out.", tgt_lang="en")
    assert not report.findings
    page = render_html(report)
    assert_faithful(report, page)
    tree = parse(page)
    assert tree.find_all("mark") == []
    assert "No findings." in page
    assert not tree.find_all("td", "source") and not tree.find_all("td", "reference")


def test_report_without_segments_renders() -> None:
    page = render_html(Report("0.1.0", "zh", "en", ()))
    tree = parse(page)
    assert rows(tree) == {}
    assert len(tree.find_all("rect", "bar")) == 10


F = {"rule": "r", "category": "Fluency/Spelling", "severity": "minor", "message": "m",
     "suggestion": None}

SPANS = (
    pytest.param([(0, 3), (3, 6)], id="touching"),
    pytest.param([(1, 8), (2, 4)], id="nested"),
    pytest.param([(1, 5), (3, 8)], id="crossing"),
    pytest.param([(0, 9), (0, 9)], id="same"),
    pytest.param([(4, 4)], id="empty"),
    pytest.param([(-3, 2), (7, 99)], id="out-of-range"),
    pytest.param([(0, 9), (1, 5), (3, 8), (2, 2), (5, 6)], id="tangle"),
)


@pytest.mark.parametrize("spans", SPANS)
def test_highlight_keeps_text_and_balances_tags(spans: list[tuple[int, int]]) -> None:
    text = "a<b>&c\"d'"
    findings = [{**F, "rule": f"r{i}", "start": a, "end": b} for i, (a, b) in enumerate(spans)]
    tree = parse(f"<p>{highlight(text, findings)}</p>")
    (p,) = tree.find_all("p")
    assert p.text() == text
    got = sorted((r, a, b) for r, a, b in mark_ranges(p))
    want = sorted(
        (f"r{i}", max(0, a), min(len(text), b)) for i, (a, b) in enumerate(spans)
    )
    if any(a == b for _, a, b in want):  # empty marks have no extent to merge
        got = sorted(set(got))
        want = sorted(set(want))
    assert got == want


def test_highlight_counts_code_points() -> None:
    text = "𝐀😀 换乘 x"
    out = highlight(text, [{**F, "start": 3, "end": 5}])
    (mark,) = parse(f"<p>{out}</p>").find_all("mark")
    assert mark.text() == "换乘"


def test_helpers() -> None:
    assert category_slug("Accuracy/Untranslated") == "accuracy"
    assert category_slug("Locale convention") == "other"
    assert category_slug("Locale/Number format") == "locale"
    assert category_slug(None) == "other"
    assert [b["count"] for b in histogram([0, 9.99, 10, 55, 100, 100])] == [
        2, 1, 0, 0, 0, 1, 0, 0, 0, 2
    ]
    assert script_json({"x": "</script><!--"}) == '{"x": "\\u003c/script>\\u003c!--"}'
