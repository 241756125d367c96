"""The colour-terminal report: ANSI output, spans highlighted in place, untrusted text literal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checker.model import Finding, Report, Segment
from checker.pipeline import check_texts
from checker.report.terminal import category_colour, highlight, render_terminal

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
WIDE = 400  # wide enough that no line wraps


def strip(s: str) -> str:
    return ANSI.sub("", s)


def finding(
    seg: int,
    text: str,
    target: str,
    *,
    rule: str = "r",
    category: str = "Fluency/X",
    severity: str = "minor",
    suggestion: str | None = None,
    side: str = "target",
    message: str = "msg",
) -> Finding:
    start = target.index(text)
    return Finding(
        segment=seg,
        side=side,
        start=start,
        end=start + len(text),
        rule=rule,
        category=category,
        severity=severity,
        text=text,
        message=message,
        suggestion=suggestion,
    )


def report(*segments: Segment, quality: float | None = None) -> Report:
    return Report(
        version="0.0-test",
        source_lang="zh",
        target_lang="en",
        segments=segments,
        source_name="s.zh",
        target_name="t.en",
        quality=quality,
    )


def seg(
    index: int,
    source: str | None,
    target: str,
    findings: tuple[Finding, ...] = (),
    quality: float | None = None,
) -> Segment:
    return Segment(
        index=index,
        source=source,
        target=target,
        source_sentences=(index,),
        target_sentences=(index,),
        findings=findings,
        quality=quality,
    )


def highlighted(out: str, text: str) -> bool:
    """``text`` appears immediately after an escape sequence (its span starts a styled run)."""
    return re.search(r"\x1b\[[0-9;]*m" + re.escape(text), out) is not None


def styled_mask(out: str) -> tuple[str, list[bool]]:
    """The output without escapes, and for each character whether a style is active on it."""
    plain: list[str] = []
    mask: list[bool] = []
    active = False
    pos = 0
    for m in ANSI.finditer(out):
        chunk = out[pos : m.start()]
        plain.append(chunk)
        mask.extend([active] * len(chunk))
        active = m.group() not in ("\x1b[0m", "\x1b[m")
        pos = m.end()
    plain.append(out[pos:])
    mask.extend([active] * (len(out) - pos))
    return "".join(plain), mask


def fully_styled(out: str, text: str) -> bool:
    """Some occurrence of ``text`` has every character under an active style."""
    plain, mask = styled_mask(out)
    n = len(text)
    starts = [i for i in range(len(plain) - n + 1) if plain.startswith(text, i)]
    return any(all(mask[i : i + n]) for i in starts)


def shown(s: str) -> str:
    return s.replace("\n", " ").replace("\u200b", "<U+200B>")


@pytest.fixture(scope="module")
def metro() -> Report:
    return check_texts(
        (CORPORA / "metro.zh").read_text(encoding="utf-8"),
        (CORPORA / "metro.mt.en").read_text(encoding="utf-8"),
        source_name="metro.zh",
        target_name="metro.mt.en",
        src_lang="zh",
        tgt_lang="en",
        reference_text=(CORPORA / "metro.en").read_text(encoding="utf-8"),
    )


def test_metro_has_ansi_and_all_segment_texts(metro: Report) -> None:
    out = render_terminal(metro, width=WIDE)
    assert "\x1b[" in out
    plain = strip(out)
    for s in metro.segments:
        assert shown(s.target) in plain
        if s.source is not None:
            assert shown(s.source) in plain
        if s.reference is not None:
            assert shown(s.reference) in plain
    assert metro.findings, "metro corpus is expected to have findings"
    for f in metro.findings:
        assert f.rule in plain
        assert f.message in plain
        if f.suggestion is not None:
            assert f"“{shown(f.text)}” → “{shown(f.suggestion)}”" in plain
    summary = metro.summary()
    assert f"{summary['segments']} segments, {summary['flagged_segments']} flagged" in plain
    for name in (metro.scores or {}).get("corpus", {}):
        assert name in plain


def test_metro_findings_highlighted_in_text(metro: Report) -> None:
    out = render_terminal(metro, width=WIDE)
    for f in metro.findings:
        if f.start < f.end and f.text.strip():
            assert fully_styled(out, shown(f.text)), f


def test_default_width_wraps_at_100(metro: Report) -> None:
    out = render_terminal(metro)
    assert max(len(line) for line in strip(out).splitlines()) <= 100


def test_span_highlight_by_slicing_code_points() -> None:
    target = "a 😀 emoji then 換乘 and tail"
    f = finding(0, "換乘", target, category="Accuracy/Untranslated", severity="major")
    text = highlight(target, [f])
    assert text.plain == target
    styled = [(text.plain[s.start : s.end], s.style) for s in text.spans]
    assert len(styled) == 1
    piece, style = styled[0]
    assert piece == "換乘"
    assert style.bgcolor is not None and style.bgcolor.name == "red"
    assert style.bold and not style.underline


def test_overlapping_and_empty_spans() -> None:
    target = "abcdefgh"
    f1 = Finding(0, "target", 1, 5, "r1", "Style", "critical", "bcde", "m")
    f2 = Finding(0, "target", 3, 7, "r2", "Fluency/X", "minor", "defg", "m")
    f3 = Finding(0, "target", 8, 8, "r3", "Other", "minor", "", "m")
    text = highlight(target, [f1, f2, f3])
    assert text.plain == "abcdefgh‸"
    pieces = [text.plain[s.start : s.end] for s in text.spans]
    # the overlap "de" keeps the critical finding's emphasis and background, so it joins "bc"
    assert pieces == ["bcde", "fg", "‸"]
    bcde, fg, mark = (s.style for s in text.spans)
    assert bcde.underline and bcde.bold and bcde.bgcolor.name == "magenta"
    assert not fg.bold and not fg.underline and fg.bgcolor.name == "blue"
    assert mark.bgcolor.name == "grey50"


def test_category_colours() -> None:
    assert category_colour("Accuracy/Mistranslation") == "red"
    assert category_colour("Fluency/Spelling") == "blue"
    assert category_colour("Style") == "magenta"
    assert category_colour("Terminology/Inconsistent") == "green"
    assert category_colour("Locale convention/Number") == "grey50"
    assert category_colour("Locale/Number") == "yellow"
    assert category_colour("whatever") == "grey50"


@pytest.mark.parametrize("nasty", ["[/bold]", "[red]x[/red]", "[link=http://x]", "[/]", ":smile:"])
def test_markup_in_document_text_is_literal(nasty: str) -> None:
    target = f"before {nasty} after"
    f = finding(0, nasty, target, message=f"saw {nasty}", suggestion=f"{nasty}!", rule="odd")
    r = report(seg(0, f"源 {nasty}", target, (f,), quality=50.0))
    out = render_terminal(r, width=WIDE)
    plain = strip(out)
    assert target in plain
    assert f"源 {nasty}" in plain
    assert f"saw {nasty}" in plain
    assert f"“{nasty}” → “{nasty}!”" in plain
    assert highlighted(out, nasty)
    assert fully_styled(out, nasty)
    assert "\x1b]8;" not in out  # no hyperlink escape from [link=...]


def test_sort_quality_puts_worst_first() -> None:
    good = seg(0, "好", "GOOD-SEGMENT", quality=100.0)
    bad_t = "BAD-SEGMENT here"
    bad = seg(1, "坏", bad_t, (finding(1, "BAD", bad_t, severity="critical"),), quality=20.0)
    mid_t = "MID-SEGMENT here"
    mid = seg(2, "中", mid_t, (finding(2, "MID", mid_t),), quality=80.0)
    r = report(good, bad, mid)
    plain = strip(render_terminal(r, sort="quality", width=WIDE))
    assert plain.index("BAD-SEGMENT") < plain.index("MID-SEGMENT") < plain.index("GOOD-SEGMENT")
    plain = strip(render_terminal(r, width=WIDE))
    assert plain.index("GOOD-SEGMENT") < plain.index("BAD-SEGMENT") < plain.index("MID-SEGMENT")


def test_only_flagged() -> None:
    t = "FLAGGED one"
    r = report(seg(0, "a", "CLEAN-ONE"), seg(1, "b", t, (finding(1, "FLAGGED", t),)))
    plain = strip(render_terminal(r, only_flagged=True, width=WIDE))
    assert "FLAGGED one" in plain and "CLEAN-ONE" not in plain
    plain = strip(render_terminal(r, width=WIDE))
    assert "CLEAN-ONE" in plain


def test_report_without_findings() -> None:
    r = report(seg(0, "你好", "Hello there", quality=100.0), quality=100.0)
    out = render_terminal(r, width=WIDE, unknown_option=True)
    plain = strip(out)
    assert "Hello there" in plain and "你好" in plain
    assert "1 segments, 0 flagged, 0 findings" in plain
    assert "quality 100.0" in plain


def test_empty_report_and_no_source() -> None:
    assert "0 segments" in strip(render_terminal(report()))
    r = Report(
        version="0", source_lang=None, target_lang="en", segments=(seg(0, None, "only target"),)
    )
    assert "only target" in strip(render_terminal(r))


def test_quality_colour_thresholds() -> None:
    r = report(
        seg(0, "a", "x", quality=95.0),
        seg(1, "b", "y", quality=75.0),
        seg(2, "c", "z", quality=40.0),
    )
    out = render_terminal(r, width=WIDE)
    # truecolor/standard escapes for green (32), yellow (33), red (31) right before the numbers
    assert re.search(r"\x1b\[[0-9;]*32[0-9;]*m95\.0", out)
    assert re.search(r"\x1b\[[0-9;]*33[0-9;]*m75\.0", out)
    assert re.search(r"\x1b\[[0-9;]*31[0-9;]*m40\.0", out)


def test_invisible_characters_shown() -> None:
    target = "zero\u200bwidth"
    f = Finding(0, "target", 4, 5, "invisible", "Fluency/X", "minor", "\u200b", "m")
    out = render_terminal(report(seg(0, "s", target, (f,))), width=WIDE)
    assert highlighted(out, "<U+200B>")


def test_no_color_env_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    out = render_terminal(report(seg(0, "s", "text")))
    assert "\x1b[" in out
