"""Streaming: lazy line reading, chunked checking on several processes, output as it goes."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
from itertools import islice
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import stream
from checker.cli import cli
from checker.detect import RULES, DetectorConfig
from checker.errors import InputError
from checker.pipeline import (
    CHECK_METRICS,
    check_aligned_files,
    check_pairs,
    check_units_file,
    flag_file,
    read_lines,
)
from checker.read.formats import Unit
from checker.report import render as render_report
from checker.score.metrics import corpus_scores
from checker.score.quality import quality_from_penalty


@pytest.mark.parametrize(
    "data",
    [
        "一\n\n二\r\n三\r四".encode(),
        "\ufeffa\nb\n\n".encode(),
        b"x" * 50 + b"\n" + b"y\n" * 40,
        "emoji 😀 and RTL \u05e9\u05dc\u05d5\u05dd\nend".encode(),
    ],
)
def test_large_file_path_gives_the_same_lines_as_the_whole_file_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(data)
    whole = read_lines(path)
    monkeypatch.setattr(stream, "WHOLE_FILE_BYTES", 4)
    monkeypatch.setattr(stream, "BLOCK", 8)
    assert list(stream.iter_lines(path)) == whole


def test_large_legacy_file_falls_back_to_detection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("新华社北京电，今天天气很好。\n第二行。\n".encode("gbk") * 20)
    monkeypatch.setattr(stream, "WHOLE_FILE_BYTES", 16)
    assert list(stream.iter_lines(path)) == read_lines(path)


def test_bad_utf8_late_in_a_large_file_names_the_byte_offset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bad.txt"
    good = "好的一行。\n".encode() * 2000
    path.write_bytes(good + b"broken \xff here\n" + good)
    monkeypatch.setattr(stream, "WHOLE_FILE_BYTES", 16)
    monkeypatch.setattr(stream, "BLOCK", 64)
    with pytest.raises(InputError) as err:
        list(stream.iter_lines(path))
    assert str(err.value).startswith(f"{path} (byte {len(good) + 7})")


@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_nul_late_in_a_large_file_names_its_byte_offset_as_the_whole_file_reader_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    good = "好的一行。\n".encode() * 2000
    data = good + b"a NUL \x00 here\n" + good
    path = tmp_path / f"nul.txt{suffix}"
    path.write_bytes(gzip.compress(data) if suffix else data)
    with pytest.raises(InputError) as whole:
        read_lines(path)
    monkeypatch.setattr(stream, "WHOLE_FILE_BYTES", 16)
    monkeypatch.setattr(stream, "BLOCK", 64)
    lines = stream.iter_lines(path)
    assert next(lines) == "好的一行。"  # streamed: the first blocks are read and given out
    with pytest.raises(InputError) as err:
        list(lines)
    assert str(err.value) == str(whole.value)
    assert err.value.byte_offset == len(good) + 6


def test_large_gzip_file_streams_its_decompressed_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress("一行。\r\n第二行\n".encode() * 300))
    monkeypatch.setattr(stream, "WHOLE_FILE_BYTES", 16)
    monkeypatch.setattr(stream, "BLOCK", 64)
    assert list(stream.iter_lines(path)) == read_lines(path) == ["一行。", "第二行"] * 300


@pytest.mark.parametrize("codec", ["utf-16", "utf-32-be"])
def test_large_wide_file_with_a_bom_is_read_whole_not_refused_for_its_nul_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, codec: str
) -> None:
    path = tmp_path / "wide.txt"
    bom = codecs.BOM_UTF32_BE if codec == "utf-32-be" else b""
    path.write_bytes(bom + ("第一行\n第二行\n" * 10).encode(codec))
    monkeypatch.setattr(stream, "WHOLE_FILE_BYTES", 16)
    assert list(stream.iter_lines(path)) == ["第一行", "第二行"] * 10


def test_line_count_mismatch_names_the_file_and_both_counts(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("1\n2\n3\n", encoding="utf-8")
    b.write_text("1\n2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"b\.txt: has 2 lines but .*a\.txt has 3"):
        list(stream.aligned_pairs(a, b))


def _rows(n: int) -> list[tuple[str, str, None]]:
    rows = []
    for k in range(n):
        rows.append((f"第{k}条新闻说，价格上涨了{k % 7 + 2}%。",
                     f"News item {k} said prices rose {k % 7 + 2}%." if k % 5 else
                     f"News item {k} said the anti -spy law passed.The end.", None))
    rows.append(("", "", None))  # an empty line stays an empty segment
    return rows


def test_chunks_on_processes_equal_chunks_inline() -> None:
    job = stream.Job("zh", "en", DetectorConfig())
    rows = _rows(61)
    one = list(stream.check_stream(rows, job, jobs=1, chunk=20))
    two = list(stream.check_stream(rows, job, jobs=2, chunk=20))
    assert [r.to_dict() for r in one] == [r.to_dict() for r in two]
    indices = [s.index for r in one for s in r.segments]
    assert indices == list(range(62))
    assert all(f.segment == s.index for r in one for s in r.segments for f in s.findings)


def test_cli_streams_jsonl_and_tsv_the_same_with_any_number_of_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "CHUNK", 25)
    rows = _rows(70)
    src = tmp_path / "a.zh"
    tgt = tmp_path / "a.en"
    src.write_text("\n".join(s for s, _, _ in rows) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(t for _, t, _ in rows) + "\n", encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        for fmt in ("jsonl", "tsv", "json"):
            out = tmp_path / f"out.{jobs}.{fmt}"
            result = CliRunner().invoke(cli, ["check", "--aligned", "-j", jobs, "-f", fmt,
                                              "-o", str(out), str(src), str(tgt)])
            assert result.exit_code == 0, result.output
            outputs[jobs, fmt] = out.read_text(encoding="utf-8")
    for fmt in ("jsonl", "tsv", "json"):
        assert outputs["1", fmt] == outputs["2", fmt]
    lines = [json.loads(x) for x in outputs["1", "jsonl"].splitlines()]
    assert [x["index"] for x in lines[:-1]] == list(range(71))
    assert lines[-1]["summary"]["segments"] == 71
    assert lines[-1]["summary"]["by_rule"]["spaced-hyphen"] == 14
    whole = json.loads(outputs["1", "json"])
    assert whole["summary"] == lines[-1]["summary"]
    assert [s["target"] for s in whole["segments"]] == [t for _, t, _ in rows]
    assert len(outputs["1", "tsv"].splitlines()) == 72  # header and one row per line


# --------------------------------------------------------------------------- references

_WORDS = ("the city opened a new metro line on friday and trains run every five minutes while "
          "prices rose by three percent in the north of the country").split()


def _referenced_rows(n: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """Synthetic line-aligned (source, MT, reference) lines, varied enough to move every score."""
    rng = random.Random(seed)
    rows = []
    for k in range(n):
        ref = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(4, 18))).capitalize() + "."
        words = ref[:-1].split()
        for _ in range(rng.randint(0, 4)):  # the MT drops, swaps or changes a few words
            i = rng.randrange(len(words))
            words[i] = rng.choice([rng.choice(_WORDS), ""])
        mt = " ".join(w for w in words if w) + rng.choice([".", " .", "", "!"])
        rows.append((f"第{k}条：地铁今天开通，价格上涨了{k % 9 + 2}%。", mt, ref))
    if n > 5:
        rows[5] = (rows[5][0], rows[5][1], "")  # an empty reference line stays one
    return rows


def _write_rows(tmp_path: Path, rows: list[tuple[str, str, str]]) -> tuple[Path, Path, Path]:
    paths = tmp_path / "a.zh", tmp_path / "a.en", tmp_path / "ref.en"
    for path, column in zip(paths, zip(*rows, strict=True), strict=True):
        path.write_text("\n".join(column) + "\n", encoding="utf-8")
    return paths


def test_streamed_reference_scores_equal_a_whole_file_run(tmp_path: Path) -> None:
    rows = _referenced_rows(2000)
    src, tgt, ref = _write_rows(tmp_path, rows)
    config = DetectorConfig(select=frozenset({"spacing"}))
    whole = check_aligned_files(src, tgt, reference_path=ref, src_lang="zh", tgt_lang="en",
                                config=config)
    job = stream.Job("zh", "en", config, with_references=True)
    merged = stream.ReportStream(None, "json")
    chunks = 0
    for report in stream.check_stream(stream.aligned_pairs(src, tgt, ref), job, jobs=2,
                                      chunk=450):
        assert isinstance(report, stream.ChunkReport)
        merged.add(report)
        chunks += 1
    assert chunks == 5  # the last one short
    exact = merged.corpus.scores()
    assert exact is not None
    expected = corpus_scores([s.target for s in whole.segments],
                             [[s.reference] for s in whole.segments], tgt_lang="en",
                             metrics=CHECK_METRICS)
    assert list(exact) == list(expected) == list(CHECK_METRICS)
    for key, score in exact.items():
        assert score.score == pytest.approx(expected[key].score, abs=1e-9)
        assert 0 < score.score < 100  # a real score, not an empty or perfect corpus
        assert score.stats == expected[key].stats
        assert score.signature == expected[key].signature
        assert score.segments == 2000
    report = merged.finish()
    assert report is not None and whole.scores is not None
    assert report.scores == whole.scores  # the rounded scores and signatures of the report
    assert [s.scores for s in report.segments] == [s.scores for s in whole.segments]
    assert [s.reference for s in report.segments] == [r for _, _, r in rows]


def test_cli_streams_reference_scores_into_the_jsonl_summary_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "CHUNK", 40)
    rows = _referenced_rows(150)
    src, tgt, ref = _write_rows(tmp_path, rows)
    base = ["check", "--aligned", "--ref", str(ref), "--rules", "spacing", "--src-lang", "zh",
            "--tgt-lang", "en", str(src), str(tgt)]
    outputs = {}
    for jobs in ("1", "2"):
        for fmt in ("jsonl", "json"):
            result = CliRunner().invoke(cli, [*base, "-j", jobs, "-f", fmt])
            assert result.exit_code == 0, result.output
            outputs[jobs, fmt] = result.stdout
    assert outputs["1", "jsonl"] == outputs["2", "jsonl"]
    assert outputs["1", "json"] == outputs["2", "json"]
    lines = [json.loads(x) for x in outputs["1", "jsonl"].splitlines()]
    tail = lines[-1]
    whole = json.loads(outputs["1", "json"])
    monkeypatch.setattr(stream, "CHUNK", 1000)  # one chunk: the scores of the whole file
    single = json.loads(CliRunner().invoke(cli, [*base, "-f", "json"]).stdout)
    assert tail["scores"] == whole["scores"] == single["scores"]
    assert set(tail["scores"]["corpus"]) == set(tail["scores"]["signatures"]) == set(CHECK_METRICS)
    assert tail["scores"]["signatures"]["bleu"].startswith("nrefs:1|")
    assert [x["reference"] for x in lines[:-1]] == [r for _, _, r in rows]
    assert all(set(x["scores"]) == set(CHECK_METRICS) for x in lines[:-1])


def test_reference_with_a_different_line_count_is_named(tmp_path: Path) -> None:
    src, tgt, ref = _write_rows(tmp_path, _referenced_rows(5))
    ref.write_text("one\ntwo\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--aligned", "-f", "jsonl", "--ref", str(ref),
                                      str(src), str(tgt)])
    assert result.exit_code == 2
    assert result.stderr == f"checker: error: {ref}: has 2 lines but {src} has 5; " \
                            "line-aligned files must match\n"


@pytest.mark.parametrize("fmt", ["jsonl", "tsv"])
@pytest.mark.parametrize("references", [False, True])
def test_chunks_rendered_in_the_worker_write_what_the_reports_write(
    fmt: str, references: bool
) -> None:
    rows = [(s, t, f"Reference {k}: {t}" if references else None)
            for k, (s, t, _) in enumerate(_rows(53))]
    written = {}
    for render in (None, fmt):
        job = stream.Job("zh", "en", DetectorConfig(), with_references=references, render=render)
        out = io.StringIO()
        collected = stream.ReportStream(out, fmt)
        for chunk in stream.check_stream(rows, job, jobs=1, chunk=20):
            assert isinstance(chunk, stream.RenderedChunk) == (render is not None)
            collected.add(chunk)
        collected.finish()
        written[render] = out.getvalue()
    assert written[fmt] == written[None]
    assert len(written[fmt].splitlines()) == 55  # and the summary line, or the header
    if fmt == "jsonl":
        tail = json.loads(written[fmt].splitlines()[-1])
        assert tail["summary"]["segments"] == 54
        assert tail["source_lang"] == "zh"
        assert ("scores" in tail) == references


# --------------------------------------------------------------------------- bilingual files

#: Rules that judge one segment at a time: a run in chunks finds what a whole-file run finds
#: (``inconsistency`` and the length rules compare segments, a quotation rule peeks at the next
#: line), so that the two can be compared on files of several chunks.
ONE_SEGMENT_RULES = frozenset({"spaced-hyphen", "glued-sentence", "spacing", "stray-fragment",
                               "invisible-characters", "url-email-handle"})


def _unit_records(n: int, *, source_from: int = 0,
                  reference_from: int | None = None) -> list[dict[str, str]]:
    """JSON Lines records: ids, sources from unit ``source_from`` on, references from
    ``reference_from`` on, a target with a line break inside."""
    records = []
    for k, (zh, en, _) in enumerate(_rows(n)[:n]):
        record = {"id": f"u{k}", "target": en + ("\nStill the same unit." if k == 3 else "")}
        if k >= source_from:
            record["source"] = zh or ""
        if reference_from is not None and k >= reference_from:
            record["reference"] = en.replace("said", "says")
        records.append(record)
    return records


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(7, "")  # blank lines are no units
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    return path


def _run_cli(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("kind", ["jsonl", "tsv"])
def test_units_file_of_normal_size_gives_what_the_whole_file_reader_gives(
    tmp_path: Path, kind: str
) -> None:
    """One chunk, every rule: each output format is what checking the units whole gives."""
    if kind == "jsonl":
        path = _write_jsonl(tmp_path / "units.jsonl", _unit_records(60, reference_from=30))
    else:
        path = tmp_path / "units.tsv"
        rows = [f"{s}\t{t}" + (f"\tRef {k}: {t}" if k % 3 else "")
                for k, (s, t, _) in enumerate(_rows(60))]
        rows[11] = ""  # an empty line is an empty unit
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    whole = check_units_file(path)
    assert len(whole.segments) == (60 if kind == "jsonl" else 61)
    assert any(s.findings for s in whole.segments) and whole.scores is not None
    for fmt in ("jsonl", "tsv", "json", "text"):
        expected = render_report(whole, fmt)
        for jobs in ("1", "2"):
            assert _run_cli(["check", "-j", jobs, "-f", fmt, str(path)]) == expected, (fmt, jobs)


def test_units_file_in_several_chunks_gives_what_the_whole_file_reader_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sources that start after the first chunk and references after the second are seen, as
    the whole-file reader sees them: every unit gets a source ("" where it has none) and is
    scored; ids, global indices, findings, corpus scores and the summary all match. Only the
    sentence numbers differ: a chunk numbers its own sentences from 0."""
    monkeypatch.setattr(stream, "CHUNK", 9)
    path = _write_jsonl(tmp_path / "units.jsonl",
                        _unit_records(50, source_from=12, reference_from=23))
    rules = ",".join(sorted(ONE_SEGMENT_RULES))
    whole = check_units_file(path, config=DetectorConfig(select=ONE_SEGMENT_RULES))
    assert whole.source_lang == "zh" and whole.scores is not None

    def records(text: str) -> list[dict[str, object]]:
        out = [json.loads(x) for x in text.splitlines()]
        for segment in out[:-1]:
            assert segment.pop("source_sentences") is not None
            assert segment.pop("target_sentences") is not None
        return out

    expected = records(render_report(whole, "jsonl"))
    for jobs in ("1", "2"):
        got = _run_cli(["check", "--rules", rules, "-j", jobs, "-f", "jsonl", str(path)])
        assert records(got) == expected, jobs
        merged = json.loads(_run_cli(["check", "--rules", rules, "-j", jobs, "-f", "json",
                                      str(path)]))
        assert records("\n".join(json.dumps(x) for x in merged.pop("segments")) + "\n{}")[:-1] \
            == expected[:-1]
        assert merged == {k: v for k, v in whole.to_dict().items() if k != "segments"}
    lines = expected[:-1]
    assert [x["id"] for x in lines] == [f"u{k}" for k in range(50)]
    assert [x["index"] for x in lines] == list(range(50))
    assert [x["source"] for x in lines[:12]] == [""] * 12
    assert [x["reference"] for x in lines[:23]] == [""] * 23
    assert all("scores" in x for x in lines)
    assert sum(len(x["findings"]) for x in lines) > 10


def test_scan_settles_the_whole_file_decisions_without_reading_further(tmp_path: Path) -> None:
    """The first pass stops once a source, a reference and enough text to detect the languages
    were seen; the units are then read again lazily, a bad line named when it is reached."""
    records = _unit_records(400, source_from=40, reference_from=60)
    path = _write_jsonl(tmp_path / "u.jsonl", records)
    with path.open("a", encoding="utf-8") as f:
        f.write("{not json\n")  # line 403: after the point where the scan stops
    units = stream.scan_units(path, "jsonl")
    assert (units.has_source, units.has_references) == (True, True)
    assert (units.src_lang, units.tgt_lang) == ("zh", "en")
    rows = units.rows()
    first = next(rows)
    assert first == Unit(None, records[0]["target"], None, "u0")
    assert len([first, *islice(rows, 399)]) == 400
    with pytest.raises(InputError, match=r"u\.jsonl:403: invalid JSON"):
        next(rows)
    bare = _write_jsonl(tmp_path / "bare.jsonl", _unit_records(30))
    found = stream.scan_units(bare, "jsonl", src_lang="de", tgt_lang="fr")
    assert (found.has_source, found.has_references, found.src_lang, found.tgt_lang) == (
        True, False, "de", "fr")
    no_source = _write_jsonl(tmp_path / "t.jsonl", _unit_records(30, source_from=30))
    assert not stream.scan_units(no_source, "jsonl").has_source


@pytest.mark.parametrize("references", [False, True])
def test_bad_line_in_a_streamed_units_file_is_named_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, references: bool
) -> None:
    """Without references the first pass reads the whole file and finds the bad line before
    any output; with them it stops early, and the stream stops at the line, after whole lines."""
    monkeypatch.setattr(stream, "CHUNK", 50)
    records = _unit_records(400, reference_from=0 if references else None)
    path = _write_jsonl(tmp_path / "u.jsonl", records)
    text = path.read_text(encoding="utf-8").split("\n")
    text.insert(349, '{"source": "源", "target": 7}')  # line 350, after 348 units
    path.write_text("\n".join(text), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["check", "-j", "1", "-f", "jsonl", "-o", str(out),
                                      str(path)])
    assert result.exit_code == 2
    assert result.stderr == (f'checker: error: {path}:350: field "target" must be a string, '
                             "not int\n")
    if references:  # six whole chunks written before the seventh could be read
        written = out.read_text(encoding="utf-8").splitlines()
        assert [json.loads(x)["index"] for x in written] == list(range(300))
    else:
        assert not out.exists()


def test_large_units_file_streams_block_by_block_as_a_small_one_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write_jsonl(tmp_path / "u.jsonl", _unit_records(40, reference_from=5))
    small = _run_cli(["check", "-f", "jsonl", str(path)])
    monkeypatch.setattr(stream, "WHOLE_FILE_BYTES", 16)
    monkeypatch.setattr(stream, "BLOCK", 64)
    assert _run_cli(["check", "-f", "jsonl", str(path)]) == small
    data = path.read_bytes()
    cut = data.index(b'"u30"')
    path.write_bytes(data[:cut] + b"\x00" + data[cut:])
    result = CliRunner().invoke(cli, ["check", "-f", "jsonl", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"checker: error: {path} (byte {cut}): contains a NUL byte")


def test_rows_with_ids_keep_them_on_their_segments() -> None:
    rows = [Unit(s, t, None, f"id-{k}") for k, (s, t, _) in enumerate(_rows(25))]
    job = stream.Job("zh", "en", DetectorConfig())
    reports = list(stream.check_stream(rows, job, jobs=2, chunk=10))
    assert [s.id for r in reports for s in r.segments] == [f"id-{k}" for k in range(26)]
    plain = list(stream.check_stream([r[:3] for r in rows], job, jobs=1, chunk=10))
    assert [s.id for r in plain for s in r.segments] == [None] * 26


def test_has_source_is_decided_by_the_caller_or_from_the_pairs() -> None:
    pairs = [(None, "Hello -world ."), (None, "The end.")]
    alone = check_pairs(pairs, tgt_lang="en")
    assert alone.source_lang is None and [s.source for s in alone.segments] == [None, None]
    sided = check_pairs(pairs, src_lang="zh", tgt_lang="en", has_source=True)
    assert sided.source_lang == "zh" and [s.source for s in sided.segments] == ["", ""]
    assert {f.rule for f in sided.findings} > {f.rule for f in alone.findings}  # pair rules ran
    with pytest.raises(ValueError, match="has_source=False"):
        check_pairs([("你好。", "Hello.")], has_source=False)


def test_pooled_estimate_counts_the_words_the_quality_estimate_divides_by() -> None:
    """The stream's quality adds the chunks' exact penalties and words; the words must be
    those of :func:`checker.score.quality.segment_quality` (its details show them rounded)."""
    report = check_pairs([(s, t) for s, t, _ in _rows(40)] + [(None, "Only a target.")])
    for seg in report.segments:
        assert round(stream.segment_words(seg), 2) == seg.quality_detail["words"]
    penalty, words = stream.pooled_estimate(report)
    assert quality_from_penalty(penalty, words) == pytest.approx(report.quality, abs=1e-9)
    assert 0 < report.quality < 100


# --------------------------------------------------------------------------- flag --aligned


def test_flag_aligned_streams_one_segment_per_line_with_the_text_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "CHUNK", 12)
    rows = _rows(40)
    src = tmp_path / "a.zh"
    tgt = tmp_path / "a.en"
    src.write_text("\n".join(s for s, _, _ in rows) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(t for _, t, _ in rows) + "\n", encoding="utf-8")
    base = ["flag", "--aligned", "--tgt-lang", "en", "-f", "jsonl", str(tgt)]
    one = _run_cli([*base, "-j", "1"])
    assert _run_cli([*base, "-j", "2"]) == one
    lines = [json.loads(x) for x in one.splitlines()]
    segments, tail = lines[:-1], lines[-1]
    assert [(s["index"], s["target"]) for s in segments] == list(enumerate(t for _, t, _ in rows))
    assert segments[-1]["target"] == "" and segments[-1]["findings"] == []  # the empty line
    assert all(s["source"] is None for s in segments)
    assert tail["summary"]["segments"] == 41 and tail["source_lang"] is None
    text_rules = {rule for rule, cls in RULES.items() if cls.info()["scope"] != "pair"}
    checked = [json.loads(x) for x in _run_cli(
        ["check", "--aligned", "--src-lang", "zh", "--tgt-lang", "en", "-f", "jsonl", str(src),
         str(tgt)]).splitlines()[:-1]]
    expected = [[f for f in s["findings"] if f["side"] == "target" and f["rule"] in text_rules]
                for s in checked]
    assert [s["findings"] for s in segments] == expected
    assert sum(map(len, expected)) >= 16  # spaced hyphens and glued sentences, at least
    assert any(f["rule"] not in text_rules for s in checked for f in s["findings"])


def test_flag_without_aligned_keeps_its_output_and_refuses_jobs(tmp_path: Path) -> None:
    tgt = tmp_path / "a.en"
    tgt.write_text("One line -here .\nThe end.Next one.\n", encoding="utf-8")
    plain = _run_cli(["flag", "--tgt-lang", "en", "-f", "json", str(tgt)])
    assert plain == render_report(flag_file(tgt, tgt_lang="en"), "json")
    for option in (["-j", "2"], ["--scheduler", "local"]):
        result = CliRunner().invoke(cli, ["flag", *option, str(tgt)])
        assert result.exit_code == 2
        assert result.stderr == ("checker: error: -j and --scheduler work on line-aligned "
                                 "input: add --aligned\n")
