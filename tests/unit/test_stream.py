"""Streaming: lazy line reading, chunked checking on several processes, output as it goes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import stream
from checker.cli import cli
from checker.detect import DetectorConfig
from checker.errors import InputError
from checker.pipeline import read_lines


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
