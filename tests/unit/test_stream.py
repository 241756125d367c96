"""Streaming: lazy line reading, chunked checking on several processes, output as it goes."""

from __future__ import annotations

import codecs
import gzip
import io
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import stream
from checker.cli import cli
from checker.detect import DetectorConfig
from checker.errors import InputError
from checker.pipeline import CHECK_METRICS, check_aligned_files, read_lines
from checker.score.metrics import corpus_scores


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
