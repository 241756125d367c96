"""WMT21 zh→en, all 8 systems: our streamed scores equal the ``sacrebleu`` command's figures.

BLEU and chrF run on the whole test set (1,948 segments). sacrebleu's TER takes about two CPU
minutes per system on this test set, so by default TER runs on the segments whose reference
has at most :data:`TER_MAX_REF_WORDS` words; ``CHECKER_FULL_TER=1`` also runs our streamed TER
on the whole test set and compares it with the figures the ``sacrebleu`` command printed
(:data:`FULL_TER`, recorded with sacrebleu 2.6.0; recomputing them takes half an hour).

The ``sacrebleu`` commands start first and run in the background while we compute our side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import shared_path
from sacrebleu.metrics import BLEU, CHRF, TER

from checker.score import CorpusScore, read_lines, score_file, score_files

pytestmark = pytest.mark.shared

SYSTEMS = (
    "Borderline",
    "Facebook-AI",
    "HuaweiTSC",
    "NiuTrans",
    "Online-A",
    "Online-B",
    "Online-W",
    "SMU",
)
TER_MAX_REF_WORDS = 15
WIDTH = 2
#: TER on the whole test set as ``sacrebleu REF -i HYP... -m ter -b -w 2`` prints it (2.6.0).
FULL_TER = {
    "Borderline": "58.50",
    "Facebook-AI": "59.16",
    "HuaweiTSC": "62.92",
    "NiuTrans": "60.81",
    "Online-A": "65.64",
    "Online-B": "58.59",
    "Online-W": "62.70",
    "SMU": "59.64",
}
PAIRED_SYSTEMS = ("SMU", "Online-W", "Borderline")
PAIRED_SAMPLES = 1000


def hyp_name(system: str) -> str:
    return f"newstest2021.zh-en.hyp.{system}.en"


def sacrebleu_command(ref: Path, hyps: list[Path], *options: str) -> subprocess.Popen[str]:
    """Start ``python -m sacrebleu`` (JSON output, no colour) in the background."""
    cmd = [sys.executable, "-m", "sacrebleu", str(ref), "-i", *map(str, hyps), *options]
    env = {**os.environ, "NO_COLOR": "1", "SACREBLEU_SEED": "12345"}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finish(proc: subprocess.Popen[str]) -> list[dict]:
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return json.loads(out)


@dataclass
class Data:
    ref: Path
    hyps: dict[str, Path]
    ter_ref: Path
    ter_hyps: dict[str, Path]


@dataclass
class Commands:
    bleu_chrf: subprocess.Popen[str]
    ter: subprocess.Popen[str]
    paired: subprocess.Popen[str]


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Data:
    """The test set and the short-segment subset for TER."""
    root = shared_path("data", "wmt21-zh-en")
    ref = root / "newstest2021.zh-en.ref.A.en"
    hyps = {s: root / hyp_name(s) for s in SYSTEMS}
    ref_lines = list(read_lines(ref))
    keep = [i for i, line in enumerate(ref_lines) if len(line.split()) <= TER_MAX_REF_WORDS]
    sub = tmp_path_factory.mktemp("wmt21-short")
    ter_ref = sub / "ref.en"
    ter_ref.write_text("".join(ref_lines[i] + "\n" for i in keep), encoding="utf-8")
    ter_hyps = {}
    for system, path in hyps.items():
        lines = list(read_lines(path))
        ter_hyps[system] = sub / hyp_name(system)
        ter_hyps[system].write_text("".join(lines[i] + "\n" for i in keep), encoding="utf-8")
    return Data(ref=ref, hyps=hyps, ter_ref=ter_ref, ter_hyps=ter_hyps)


@pytest.fixture(scope="module")
def commands(data: Data) -> Iterator[Commands]:
    """The sacrebleu commands, started in the background (and stopped if left running)."""
    started = Commands(
        bleu_chrf=sacrebleu_command(
            data.ref, [data.hyps[s] for s in SYSTEMS], "-m", "bleu", "chrf", "-b", "-w", "2"
        ),
        ter=sacrebleu_command(
            data.ter_ref, [data.ter_hyps[s] for s in SYSTEMS], "-m", "ter", "-b", "-w", "2"
        ),
        paired=sacrebleu_command(
            data.ref, [data.hyps[s] for s in PAIRED_SYSTEMS], "-m", "bleu", "--paired-bs",
            "--paired-bs-n", str(PAIRED_SAMPLES), "-f", "json",
        ),
    )
    yield started
    for proc in (started.bleu_chrf, started.ter, started.paired):
        if proc.poll() is None:
            proc.kill()
        proc.communicate()


@pytest.fixture(scope="module")
def ours(data: Data, commands: Commands) -> dict[str, dict[str, CorpusScore]]:
    """Our streamed scores for every system: BLEU and chrF in full, TER on the subset."""
    out = {}
    for system in SYSTEMS:
        scores = score_file(
            data.hyps[system], [data.ref], tgt_lang="en", metrics=("bleu", "chrf"), jobs=2,
            chunk_size=250,
        )
        scores.update(
            score_file(data.ter_hyps[system], [data.ter_ref], tgt_lang="en", metrics=("ter",),
                       chunk_size=40)
        )
        out[system] = scores
    return out


@pytest.fixture(scope="module")
def cli(commands: Commands, ours: dict[str, dict[str, CorpusScore]]) -> dict[str, dict[str, str]]:
    """What the sacrebleu commands printed, per system (awaited after our side is done)."""
    printed: dict[str, dict[str, str]] = {s: {} for s in SYSTEMS}
    for proc in (commands.bleu_chrf, commands.ter):
        for row in finish(proc):
            system = Path(row.pop("system")).name.split(".")[-2]
            printed[system].update(row)
    return printed


@pytest.mark.parametrize("system", SYSTEMS)
def test_streamed_scores_print_like_the_sacrebleu_command(
    system: str, ours: dict[str, dict[str, CorpusScore]], cli: dict[str, dict[str, str]]
) -> None:
    mine = {ours[system][k].name: f"{ours[system][k].score:.{WIDTH}f}" for k in ours[system]}
    assert mine == cli[system]
    assert set(mine) == {"BLEU", "chrF2", "TER"}


@pytest.fixture(scope="module")
def api(data: Data) -> dict[str, Any]:
    """sacrebleu's metric objects with the references cached, as its command line builds them."""
    refs = [list(read_lines(data.ref))]
    return {
        "bleu": BLEU(references=refs),
        "chrf": CHRF(references=refs),
        "ter": TER(references=[list(read_lines(data.ter_ref))]),
    }


@pytest.mark.parametrize("system", SYSTEMS)
def test_streamed_scores_equal_the_python_api_to_the_last_bit(
    system: str, data: Data, ours: dict[str, dict[str, CorpusScore]], api: dict[str, Any]
) -> None:
    hyps = list(read_lines(data.hyps[system]))
    ter_hyps = list(read_lines(data.ter_hyps[system]))
    for key, lines in (("bleu", hyps), ("chrf", hyps), ("ter", ter_hyps)):
        assert ours[system][key].score == api[key].corpus_score(lines, None).score, key
        assert ours[system][key].signature == api[key].get_signature().format(), key


def test_comparison_equals_sacrebleu_paired_bs_command(data: Data, commands: Commands) -> None:
    result = score_files(
        [data.hyps[s] for s in PAIRED_SYSTEMS], [data.ref], tgt_lang="en", metrics=("bleu",),
        test="bs", samples=PAIRED_SAMPLES,
    )
    printed = finish(commands.paired)
    assert len(printed) == len(result.systems)
    for row, system in zip(printed, result.systems, strict=True):
        theirs, mine = row["BLEU"], system.scores["bleu"]
        assert (mine.score, mine.mean, mine.ci, mine.p_value) == (
            theirs["score"], theirs["mean"], theirs["ci"], theirs["p_value"]
        )
        assert row["system"].endswith(system.name)
    assert printed[0]["system"] == f"Baseline: {result.systems[0].name}"
    assert result.systems[0].baseline


@pytest.mark.skipif(not os.environ.get("CHECKER_FULL_TER"), reason="set CHECKER_FULL_TER=1")
@pytest.mark.parametrize("system", SYSTEMS)
def test_full_test_set_ter_prints_like_the_sacrebleu_command(system: str, data: Data) -> None:
    scores = score_file(data.hyps[system], [data.ref], tgt_lang="en", metrics=("ter",), jobs=2)
    assert f"{scores['ter'].score:.{WIDTH}f}" == FULL_TER[system]
