"""The Dask backend: the same chunks on a distributed cluster give the same output as -j 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import stream
from checker.cli import cli

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")


def _files(tmp_path: Path, n: int) -> tuple[str, str]:
    src = tmp_path / "a.zh"
    tgt = tmp_path / "a.en"
    zh = [f"第{k}条：价格上涨了{k % 9 + 2}%。" for k in range(n)]
    en = [f"Item {k}: prices rose {k % 9 + 2}%." if k % 4 else f"Item {k}: the anti -spy law."
          for k in range(n)]
    src.write_text("\n".join(zh) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(en) + "\n", encoding="utf-8")
    return str(src), str(tgt)


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_local_cluster_output_equals_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "CHUNK", 30)
    src, tgt = _files(tmp_path, 100)
    base = ["check", "--aligned", "-f", "jsonl", src, tgt]
    one = _run([*base, "-j", "1"])
    local = _run([*base, "-j", "2", "--scheduler", "local"])
    assert local == one
    assert len(one.splitlines()) == 101  # 100 segments and the summary


def test_running_scheduler_by_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream, "CHUNK", 40)
    src, tgt = _files(tmp_path, 90)
    base = ["check", "--aligned", "-f", "jsonl", src, tgt]
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        remote = _run([*base, "--scheduler", cluster.scheduler_address])
    assert remote == _run([*base, "-j", "1"])


def test_scheduler_needs_line_aligned_input(tmp_path: Path) -> None:
    src, tgt = _files(tmp_path, 3)
    result = CliRunner().invoke(cli, ["check", "--scheduler", "local", src, tgt])
    assert result.exit_code == 2
    assert "--scheduler works on line-aligned input" in result.output


def test_units_file_and_flag_aligned_on_a_local_cluster_equal_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other two streamed inputs: a JSON Lines file (ids kept) and ``flag --aligned``."""
    import json

    monkeypatch.setattr(stream, "CHUNK", 25)
    src, tgt = _files(tmp_path, 60)
    units = tmp_path / "u.jsonl"
    pairs = zip(Path(src).read_text(encoding="utf-8").splitlines(),
                Path(tgt).read_text(encoding="utf-8").splitlines(), strict=True)
    units.write_text("".join(json.dumps({"id": f"k{k}", "src": s, "mt": t}) + "\n"
                             for k, (s, t) in enumerate(pairs)), encoding="utf-8")
    outputs = {}
    for name, base in (("units", ["check", "-f", "jsonl", str(units)]),
                       ("flag", ["flag", "--aligned", "-f", "jsonl", tgt])):
        outputs[name] = _run([*base, "-j", "1"])
        assert _run([*base, "-j", "2", "--scheduler", "local"]) == outputs[name]
    checked = [json.loads(x) for x in outputs["units"].splitlines()[:-1]]
    assert [x["id"] for x in checked] == [f"k{k}" for k in range(60)]
    flagged = [json.loads(x) for x in outputs["flag"].splitlines()[:-1]]
    assert [x["target"] for x in flagged] == Path(tgt).read_text(encoding="utf-8").splitlines()
