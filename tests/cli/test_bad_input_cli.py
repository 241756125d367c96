"""The bad-input cases that need a real process: a closed standard output and Ctrl-C.

The rest of the matrix runs in process, in ``tests/unit/test_bad_input.py``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pipes")

#: The console script's entry point, run with this interpreter (the venv need not be on PATH).
CHECKER = [sys.executable, "-c", "import sys; from checker.cli import main; sys.exit(main())"]
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
#: One cheap rule and given languages: the runs only need to produce output, not find much.
QUICK = ["--rules", "spacing", "--src-lang", "zh", "--tgt-lang", "en"]


def _aligned_files(tmp_path: Path, n: int) -> tuple[str, str]:
    src, tgt = tmp_path / "a.zh", tmp_path / "a.en"
    src.write_text("".join(f"第{k}条：地铁今天开通。\n" for k in range(n)), encoding="utf-8")
    tgt.write_text("".join(f"Line {k}: the metro opened today .\n" for k in range(n)),
                   encoding="utf-8")
    return str(src), str(tgt)


@pytest.mark.parametrize(
    "args", [["rules"], ["check", "--aligned", "-j", "1", *QUICK, "-f", "jsonl"]],
    ids=["rules", "aligned-jsonl"],
)
def test_closed_stdout_exits_quietly(tmp_path: Path, args: list[str]) -> None:
    """``checker ... | head -1``: no BrokenPipeError traceback, status 0 or 141 (SIGPIPE)."""
    files = list(_aligned_files(tmp_path, 1100)) if "check" in args else []  # two chunks
    proc = subprocess.Popen([*CHECKER, *args, *files], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, as head does
    err = proc.stderr.read()
    code = proc.wait(timeout=120)
    assert first
    assert err == b"", err.decode(errors="replace")
    assert code in (0, EXIT_BROKEN_PIPE)


def _start_interruptible(tmp_path: Path, jobs: str) -> tuple[subprocess.Popen[bytes], Path]:
    """A long line-aligned JSON Lines run in its own process group, once it has written."""
    src, tgt = _aligned_files(tmp_path, 20_000)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [*CHECKER, "check", "--aligned", "-j", jobs, *QUICK, "-f", "jsonl", "-o", str(out), src,
         tgt],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.exists() and out.stat().st_size > 0:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    return proc, out


def _ctrl_c(proc: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """SIGINT to the whole process group, as a terminal's Ctrl-C; a hang is killed, and fails."""
    os.killpg(proc.pid, signal.SIGINT)
    try:
        return proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("checker hung after Ctrl-C")


def _assert_interrupted(proc: subprocess.Popen[bytes], stdout: bytes, stderr: bytes,
                        out: Path) -> None:
    """Status 130, one stderr line, and the JSON Lines written so far complete and valid."""
    assert proc.returncode == EXIT_INTERRUPTED, stderr.decode(errors="replace")
    assert stderr.decode().splitlines() == ["checker: interrupted"]
    assert stdout == b""
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    assert text == "" or text.endswith("\n"), "the last line is complete"
    rows = [json.loads(line) for line in text.split("\n") if line]
    assert [r["index"] for r in rows] == list(range(len(rows)))  # in order, none lost
    assert all("summary" not in r for r in rows)  # an interrupted run has no summary line


def test_ctrl_c_exits_130_with_valid_partial_jsonl(tmp_path: Path) -> None:
    proc, out = _start_interruptible(tmp_path, "1")
    stdout, stderr = _ctrl_c(proc)
    _assert_interrupted(proc, stdout, stderr, out)


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _ignores_sigint(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status").read_text()
    mask = int(next(x for x in status.splitlines() if x.startswith("SigIgn:")).split()[1], 16)
    return bool(mask & (1 << (signal.SIGINT - 1)))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_ctrl_c_with_worker_processes(tmp_path: Path) -> None:
    proc, out = _start_interruptible(tmp_path, "2")
    workers = _children(proc.pid)
    ignoring = [_ignores_sigint(pid) for pid in workers]
    stdout, stderr = _ctrl_c(proc)
    assert workers and all(ignoring), "worker processes must leave Ctrl-C to the main process"
    _assert_interrupted(proc, stdout, stderr, out)


def _scoring_files(tmp_path: Path, n: int) -> tuple[str, str]:
    """A system output and its reference, varied enough that sacrebleu has work to do."""
    words = "the city opened a new metro line on friday and trains run every five minutes".split()
    ref, hyp = tmp_path / "ref.en", tmp_path / "sys.en"
    refs = [" ".join(words[(k + i) % len(words)] for i in range(6 + k % 11)) for k in range(n)]
    ref.write_text("".join(r + "\n" for r in refs), encoding="utf-8")
    hyp.write_text("".join(r.replace("metro", "subway") + "\n" for r in refs), encoding="utf-8")
    return str(ref), str(hyp)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_ctrl_c_while_scoring_with_worker_processes(tmp_path: Path) -> None:
    """``checker score -j 2``: the workers leave Ctrl-C to the main process, which stops with
    130 and one line, no traceback (from it or from a worker), and does not hang."""
    ref, hyp = _scoring_files(tmp_path, 60_000)  # 30 chunks: seconds of work on two processes
    proc = subprocess.Popen(
        [*CHECKER, "score", "--ref", ref, "--test", "none", "-j", "2", "--tgt-lang", "en",
         "-m", "bleu,chrf", hyp],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        # The pool starts both workers at the first chunk; wait until both are set up.
        if len(workers) == 2 and all(_ignores_sigint(pid) for pid in workers):
            break
        time.sleep(0.05)
    else:
        stdout, stderr = _ctrl_c(proc) if proc.poll() is None else proc.communicate()
        pytest.fail(f"no two workers ignoring Ctrl-C (children {workers}, status "
                    f"{proc.returncode}): {stderr.decode(errors='replace')[-2000:]}")
    stdout, stderr = _ctrl_c(proc)
    assert proc.returncode == EXIT_INTERRUPTED, stderr.decode(errors="replace")
    assert stderr.decode().splitlines() == ["checker: interrupted"]
    assert stdout == b""


# --------------------------------------------------------------------------- 20 MB line

#: Opt-in: the 20 MB single-line runs take minutes (set CHECKER_SLOW_TESTS=1 to run them).
slow = pytest.mark.skipif(not os.environ.get("CHECKER_SLOW_TESTS"),
                          reason="takes minutes; set CHECKER_SLOW_TESTS=1")
BIG = 20 * 2**20
#: Budgets for one 20 MB line: about ten times what the linear rules need on this machine.
BIG_SECONDS = 600
BIG_RSS_BYTES = 4 * 2**30


def _big_line(unit: str) -> str:
    return unit * (BIG // len(unit.encode()))


def _run_measured(args: list[str], tmp_path: Path) -> tuple[int, float, int]:
    """Exit status, seconds and peak RSS (bytes) of one checker run, killed at the budget."""
    import threading

    errors = tmp_path / "stderr.txt"
    started = time.monotonic()
    with errors.open("wb") as err:
        proc = subprocess.Popen([*CHECKER, *args], stdout=subprocess.DEVNULL, stderr=err)
        timer = threading.Timer(BIG_SECONDS, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        timer.cancel()
    seconds = time.monotonic() - started
    code = proc.returncode = os.waitstatus_to_exitcode(status)
    assert code in (0, 1), (code, seconds, errors.read_text(errors="replace")[-2000:])
    return code, seconds, usage.ru_maxrss * 1024


@slow
@pytest.mark.parametrize(
    "mode",
    [
        "flag",
        pytest.param("aligned", marks=pytest.mark.xfail(strict=True, reason=(
            "quadratic on one long segment: number-mismatch (checker/detect/numbers.py) matches "
            "every source number against every target number; the quality estimate's "
            "transliteration signal (checker/score/quality.py) searches the whole source for "
            "every capitalised target word"))),
        pytest.param("documents", marks=pytest.mark.xfail(strict=True, reason=(
            "the length aligner's banded DP (checker/align/length.py) grows with the square of "
            "the sentences in one paragraph"))),
    ],
)
def test_twenty_megabyte_line(tmp_path: Path, mode: str) -> None:
    en = tmp_path / "big.en"
    en.write_text(_big_line("The city opened a new metro line on Friday, and trains run every "
                            "five minutes. ") + "\n", encoding="utf-8")
    if mode == "flag":
        args = ["flag", str(en)]
    else:
        zh = tmp_path / "big.zh"
        zh.write_text(_big_line("重庆市周五起施行反间谍工作条例，共二十九条，地铁每五分钟一班。")
                      + "\n", encoding="utf-8")
        aligned = ["--aligned", "-j", "1"] if mode == "aligned" else []
        args = ["check", *aligned, str(zh), str(en)]
    out = ["-f", "json", "-o", str(tmp_path / "out.json")]
    _, seconds, rss = _run_measured([*args, *out], tmp_path)
    assert seconds < BIG_SECONDS and rss < BIG_RSS_BYTES, (seconds, rss)
