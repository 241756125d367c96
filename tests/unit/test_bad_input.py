"""The bad-input matrix ("a tool that never dies on a bad line"), in process.

Every bad file gives one stderr line naming the file (and the line or byte offset) and exit
code 2, never a traceback; every file that can be read gives every input line or sentence in
the output exactly once, with finding offsets that index the segment's text. The cases that
need a real process (a closed standard output, Ctrl-C) are in ``tests/cli/test_bad_input_cli.py``.

NUL policy: a raw NUL byte (or a NUL character in UTF-16/32) is an error with its byte offset
in every format, because it means binary data or BOM-less UTF-16; a NUL written as an escape
(JSON ``\\u0000``, XLIFF ``<cp hex="0"/>``) is kept and flagged by ``invisible-characters``.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import NoReturn

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import cli as cli_module
from checker import read as read_module
from checker import stream
from checker.cli import EXIT_OK, EXIT_USAGE, cli
from checker.errors import ConfigError, InputError
from checker.pipeline import check_pairs, flag_text
from checker.read import NUL_MESSAGE, decode, read_text
from checker.read.formats import FORMATS, read_units

ZH_LINES = ["重庆市周五起施行反间谍工作条例。", "你好。", "谢谢大家的关注。"]
EN_LINES = ["The anti -spy rules took effect on Friday.", "Hello.", "Thanks for watching."]

#: The ways a pair of texts reaches the checker; each builds files and returns the arguments.
MODES = ("flag", "documents", "aligned", "tsv", "jsonl")


def invoke(args: list[str], code: int) -> Result:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == code, (result.output, result.stderr, result.exception)
    assert "Traceback" not in result.output
    return result


def one_line_error(result: Result, *needles: str) -> str:
    """The single stderr line of a failed run, checked to contain every needle."""
    err = result.stderr.rstrip("\n")
    assert "\n" not in err, err
    assert err.startswith("checker: error: "), err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


def report(result: Result) -> dict:
    return json.loads(result.stdout)


def assert_offsets(out: dict) -> int:
    """Every finding's span indexes its segment's text; returns the number of findings."""
    n = 0
    for seg in out["segments"]:
        for f in seg["findings"]:
            text = seg["target"] if f["side"] == "target" else seg["source"]
            assert text[f["start"] : f["end"]] == f["text"], (f, text)
            n += 1
    return n


def _json_bytes(value: bytes) -> bytes:
    """``value`` inside a JSON string: quotes and backslashes escaped, every other byte raw."""
    return value.replace(b"\\", b"\\\\").replace(b'"', b'\\"')


def build(tmp_path: Path, mode: str, src: bytes, tgt: bytes) -> tuple[list[str], Path]:
    """Files holding ``src`` and ``tgt`` (raw bytes, one line each) for ``mode``.

    Returns the ``checker`` arguments and the file that holds ``tgt``.
    """
    if mode == "tsv":
        path = tmp_path / "pairs.tsv"
        path.write_bytes(src + b"\t" + tgt + b"\n")
        return ["check", str(path)], path
    if mode == "jsonl":
        path = tmp_path / "pairs.jsonl"
        path.write_bytes(b'{"source": "' + _json_bytes(src) + b'", "target": "'
                         + _json_bytes(tgt) + b'"}\n')
        return ["check", str(path)], path
    target = tmp_path / "target.en"
    target.write_bytes(tgt + b"\n")
    if mode == "flag":
        return ["flag", str(target)], target
    source = tmp_path / "source.zh"
    source.write_bytes(src + b"\n")
    extra = ["--aligned"] if mode == "aligned" else []
    return ["check", *extra, str(source), str(target)], target


# --------------------------------------------------------------------------- 1. bad UTF-8

GOOD_ZH = "重庆市周五起施行反间谍工作条例。".encode()
GOOD_EN = "The “anti-spy” rules took effect on Friday — in Chongqing.".encode()


@pytest.mark.parametrize("mode", [*MODES, "xliff"])
def test_invalid_utf8_mid_file_names_file_and_byte_offset(tmp_path: Path, mode: str) -> None:
    bad = GOOD_EN + b" \xff\xfe " + GOOD_EN
    if mode == "xliff":
        path = tmp_path / "a.xlf"
        path.write_bytes(b'<xliff version="1.2"><file><body><trans-unit id="1"><source>'
                         + GOOD_ZH + b"</source><target>" + bad
                         + b"</target></trans-unit></body></file></xliff>\n")
        args = ["check", str(path)]
    else:
        args, path = build(tmp_path, mode, GOOD_ZH, bad)
    offset = path.read_bytes().index(b"\xff")
    err = one_line_error(invoke([*args, "-f", "json"], EXIT_USAGE), str(path))
    assert f"(byte {offset})" in err and "UTF-8" in err


def test_stray_byte_in_ascii_never_swallows_a_letter() -> None:
    """A lone high byte in English text used to pair with the next letter as GB18030
    (``\\x81The`` → ``乀he``): a multi-byte legacy reading must look like CJK text."""
    en = b"The city opened a new metro line on Friday. Trains run every five minutes.\n" * 5
    for stray in (b"\x81", b"\xc0\xaf", b"\x81\x81", b"\xff"):
        try:
            text = decode(en + stray + en, "x.en")
        except InputError as exc:
            assert exc.byte_offset == len(en)
            continue
        ascii_only = "".join(ch for ch in text if ch.isascii())
        assert ascii_only == (en + en).decode("ascii"), (stray, text[len(en) - 3 : len(en) + 5])


# --------------------------------------------------------------------------- 2. NUL


@pytest.mark.parametrize("mode", [*MODES, "xliff", "tmx"])
def test_raw_nul_byte_is_an_error_with_its_offset_in_every_format(
    tmp_path: Path, mode: str
) -> None:
    bad = b"Hello\x00 world."
    if mode in ("xliff", "tmx"):
        path = tmp_path / f"a.{'xlf' if mode == 'xliff' else 'tmx'}"
        seg = (b'<tu><tuv xml:lang="zh"><seg>' + GOOD_ZH + b'</seg></tuv><tuv xml:lang="en"><seg>'
               + bad + b"</seg></tuv></tu>")
        body = (b'<xliff version="1.2"><file><body><trans-unit id="1"><source>x</source><target>'
                + bad + b"</target></trans-unit></body></file></xliff>"
                if mode == "xliff" else b'<tmx version="1.4"><header srclang="zh"/><body>'
                + seg + b"</body></tmx>")
        path.write_bytes(body)
        args = ["check", str(path)]
    else:
        args, path = build(tmp_path, mode, GOOD_ZH, bad)
    offset = path.read_bytes().index(b"\x00")
    err = one_line_error(invoke(args, EXIT_USAGE), str(path), f"(byte {offset})", "NUL")
    assert NUL_MESSAGE in err


def test_utf16_without_bom_is_refused_not_read_as_garbage(tmp_path: Path) -> None:
    path = tmp_path / "a.en"
    path.write_bytes("Hello world. It is fine.\n".encode("utf-16-le"))
    one_line_error(invoke(["flag", str(path)], EXIT_USAGE), str(path), "(byte 1)", "UTF-16")


def test_nul_character_in_utf16_with_bom_names_its_byte(tmp_path: Path) -> None:
    path = tmp_path / "a.en"
    path.write_bytes("Hi 😀\x00 there.".encode("utf-16"))  # BOM 2 + 3*2 + 4 (surrogate pair)
    one_line_error(invoke(["flag", str(path)], EXIT_USAGE), str(path), "(byte 12)", "NUL")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.jsonl", '{"source": "你好。", "target": "Hello\\u0000 world."}\n'),
        ("a.xlf", '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"><file>'
                  '<unit id="u"><segment><source>你好。</source><target>Hello<cp hex="0"/> world.'
                  "</target></segment></unit></file></xliff>"),
    ],
)
def test_escaped_nul_is_kept_and_flagged(tmp_path: Path, name: str, data: str) -> None:
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    out = report(invoke(["check", "-f", "json", str(path)], EXIT_OK))
    (seg,) = out["segments"]
    assert seg["target"] == "Hello\x00 world."
    assert [(f["rule"], f["text"]) for f in seg["findings"]] == [("invisible-characters", "\x00")]
    assert_offsets(out)


def test_raw_control_characters_in_jsonl_strings_are_kept_as_in_tsv(tmp_path: Path) -> None:
    """Strict JSON forbids raw control characters in strings; like TSV, the reader keeps them
    and the invisible-characters rule flags them (a raw tab is kept and not flagged)."""
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_bytes(b'{"source": "\xe4\xbd\xa0\xe5\xa5\xbd", "target": "Hel\x01lo\tworld."}\n')
    tsv = tmp_path / "a.tsv"
    tsv.write_bytes("你好\tHel\x01lo\u3000world.\n".encode())
    for path in (jsonl, tsv):
        out = report(invoke(["check", "-f", "json", str(path)], EXIT_OK))
        assert [f["text"] for f in out["segments"][0]["findings"]
                if f["rule"] == "invisible-characters"] == ["\x01"]


# --------------------------------------------------------------------------- 3. long line

LONG_UNIT = "The city opened a new metro line on Friday and trains run often. "


@pytest.mark.parametrize("mode", ["flag", "aligned", "tsv", "jsonl"])
def test_long_single_line_is_checked_whole(tmp_path: Path, mode: str) -> None:
    """A 128 KB line (no numbers: ``number-mismatch`` is quadratic in the numbers of a segment,
    see the 20 MB measurement in the report) is one segment holding every sentence."""
    line = (LONG_UNIT * (2**17 // len(LONG_UNIT))).strip()
    args, _ = build(tmp_path, mode, "重庆市周五起施行条例，地铁开通。".encode() * 2000,
                    line.encode())
    out = report(invoke([*args, "-f", "json"], EXIT_OK))
    if mode == "flag":
        assert " ".join(seg["target"] for seg in out["segments"]) == line
    else:
        (seg,) = out["segments"]
        assert seg["target"] == line
    sentences = [i for seg in out["segments"] for i in seg["target_sentences"]]
    assert sentences == list(range(line.count(". ") + 1))


# --------------------------------------------------------------------------- 4. line counts


@pytest.mark.parametrize(
    ("src_text", "tgt_text", "n_src", "n_tgt"),
    [
        ("你好。\n谢谢。\n再见。\n", "Hello.\nThanks.\n", 3, 2),
        ("你好。\n谢谢。\n", "Hello.\nThanks.\nBye.\n", 2, 3),
        ("你好。\n谢谢。\n再见。", "Hello.\n\n\n\n", 3, 4),  # no final newline; empty lines
    ],
)
def test_mismatched_line_counts_name_both_files_and_counts(
    tmp_path: Path, src_text: str, tgt_text: str, n_src: int, n_tgt: int
) -> None:
    src, tgt = tmp_path / "a.zh", tmp_path / "a.en"
    src.write_text(src_text, encoding="utf-8")
    tgt.write_text(tgt_text, encoding="utf-8")
    for fmt in ("json", "jsonl"):
        result = invoke(["check", "--aligned", "-f", fmt, str(src), str(tgt)], EXIT_USAGE)
        one_line_error(result, str(src), str(tgt), f"has {n_src}", f"has {n_tgt}")


def test_mismatched_reference_count_names_both_files(tmp_path: Path) -> None:
    src, tgt, ref = tmp_path / "a.zh", tmp_path / "a.en", tmp_path / "r.en"
    src.write_text("\n".join(ZH_LINES) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(EN_LINES) + "\n", encoding="utf-8")
    ref.write_text("Hello.\n", encoding="utf-8")
    result = invoke(["check", "--aligned", "--ref", str(ref), str(src), str(tgt)], EXIT_USAGE)
    one_line_error(result, str(src), str(ref), "has 1", "has 3")


# --------------------------------------------------------------------------- 5. empty lines


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_empty_and_blank_lines_stay_segments_in_order(tmp_path: Path, newline: str) -> None:
    src_lines = ["", "你好。", "", "", " ", "谢谢。", "\u3000", ""]
    tgt_lines = ["", "Hello .", "", "\t", "", "Thanks.", "", ""]
    src, tgt = tmp_path / "a.zh", tmp_path / "a.en"
    src.write_bytes(newline.join(src_lines).encode() + newline.encode())
    tgt.write_bytes(newline.join(tgt_lines).encode() + newline.encode())
    out = report(invoke(["check", "--aligned", "-f", "json", str(src), str(tgt)], EXIT_OK))
    assert [(s["index"], s["source"], s["target"]) for s in out["segments"]] == [
        (k, s.strip(), t.strip())
        for k, (s, t) in enumerate(zip(src_lines, tgt_lines, strict=True))]
    lines = invoke(["check", "--aligned", "-f", "jsonl", str(src), str(tgt)], EXIT_OK)
    rows = [json.loads(line) for line in lines.stdout.split("\n") if line]
    assert [r["target"] for r in rows[:-1]] == [t.strip() for t in tgt_lines]
    assert rows[-1]["summary"]["segments"] == len(tgt_lines)


def test_empty_lines_across_chunks_keep_one_segment_per_line(tmp_path: Path) -> None:
    n = 2 * stream.CHUNK + 50
    tgt_lines = ["" if k % 7 == 3 else f"Line {k} is here." for k in range(n)]
    src, tgt = tmp_path / "a.en", tmp_path / "b.en"
    src.write_text("".join(f"Source {k}.\n" for k in range(n)), encoding="utf-8")
    tgt.write_text("".join(f"{t}\n" for t in tgt_lines), encoding="utf-8")
    args = ["check", "--aligned", "-j", "1", "--rules", "spacing", "-f", "jsonl"]
    rows = [json.loads(x) for x in invoke([*args, str(src), str(tgt)], EXIT_OK).stdout.split("\n")
            if x]
    assert [(r["index"], r["target"]) for r in rows[:-1]] == list(enumerate(tgt_lines))


# --------------------------------------------------------------------------- 6. whitespace


@pytest.mark.parametrize("mode", [*MODES, "xliff"])
def test_whitespace_only_file_is_one_line_error(tmp_path: Path, mode: str) -> None:
    blank = " \t\n\u3000\u00a0\n\n".encode()
    if mode == "xliff":
        path = tmp_path / "a.xlf"
        path.write_bytes(blank)
        args = ["check", str(path)]
    elif mode in ("tsv", "jsonl"):
        args, path = build(tmp_path, mode, b" ", b"\t")
        path.write_bytes(blank)
    else:
        args, path = build(tmp_path, mode, GOOD_ZH, b"")
        path.write_bytes(blank)
    err = one_line_error(invoke(args, EXIT_USAGE), str(path))
    assert "whitespace" in err or "empty" in err


# --------------------------------------------------------------------------- 7-9. scripts

SCRIPTS = {
    "emoji": "I love it 😀 and the anti -spy law.The US said so 👩\u200d💻 today.",
    "astral": "The 𝐛𝐨𝐥𝐝 text 🇨🇳 and anti -spy rules.The end ,ok.",
    "arabic": "قال المسؤولون إن القانون دخل حيز التنفيذ . anti -spy لا.",
    "hebrew": "החוק נכנס לתוקף השנה ,כן. \u202eevil\u202c anti -spy.",
    "mixed": "The 重庆 law (قانون) took effect.Отлично ,да. anti -spy 😀 שלום.",
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_scripts_keep_offsets_and_every_sentence(tmp_path: Path, mode: str, script: str) -> None:
    text = SCRIPTS[script]
    args, _ = build(tmp_path, mode, "重庆市😀周五起施行条例。".encode(), text.encode())
    out = report(invoke([*args, "--tgt-lang", "en", "-f", "json"], EXIT_OK))
    assert assert_offsets(out) > 0
    hyphen = [f for s in out["segments"] for f in s["findings"] if f["rule"] == "spaced-hyphen"]
    assert [f["text"] for f in hyphen] == ["anti -spy"]
    assert "".join(s["target"] for s in out["segments"]).replace(" ", "") == text.replace(" ", "")
    for fmt in ("text", "tsv", "jsonl", "html"):
        invoke([*args, "--tgt-lang", "en", "-f", fmt], EXIT_OK)


def test_offsets_after_emoji_are_code_points() -> None:
    target = "😀😀 anti -spy 𠀋."
    (f,) = [f for f in flag_text(target, tgt_lang="en").findings if f.rule == "spaced-hyphen"]
    assert (f.start, f.end) == (3, 12) and target[f.start : f.end] == f.text == "anti -spy"


# --------------------------------------------------------------------------- 11. unreadable


def _unreadable_path(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.en"
    if kind == "directory":
        path.mkdir()
    elif kind == "denied":
        path.write_text("Hello.\n", encoding="utf-8")
        path.chmod(0)
    return path


@pytest.mark.parametrize("kind", ["missing", "directory", "denied"])
@pytest.mark.parametrize("role", ["flag", "source", "target", "aligned", "ref", "glossary"])
def test_unreadable_files_are_one_line_errors(tmp_path: Path, kind: str, role: str) -> None:
    if kind == "denied" and os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode (see the simulated test below)")
    bad = str(_unreadable_path(tmp_path, kind))
    good_zh, good_en = tmp_path / "ok.zh", tmp_path / "ok.en"
    good_zh.write_text("你好。\n", encoding="utf-8")
    good_en.write_text("Hello.\n", encoding="utf-8")
    args = {
        "flag": ["flag", bad],
        "source": ["check", bad, str(good_en)],
        "target": ["check", str(good_zh), bad],
        "aligned": ["check", "--aligned", str(good_zh), bad],
        "ref": ["check", "--ref", bad, str(good_zh), str(good_en)],
        "glossary": ["check", "--glossary", bad, str(good_zh), str(good_en)],
    }[role]
    err = one_line_error(invoke(args, EXIT_USAGE), bad)
    assert {"missing": "no such file", "directory": "directory",
            "denied": "permission denied"}[kind] in err.lower()


@pytest.mark.parametrize("suffix", [".tsv", ".jsonl", ".xlf", ".tmx"])
def test_unreadable_bilingual_files(tmp_path: Path, suffix: str) -> None:
    missing = str(tmp_path / f"nope{suffix}")
    one_line_error(invoke(["check", missing], EXIT_USAGE), missing, "no such file")
    folder = tmp_path / f"folder{suffix}"
    folder.mkdir()
    one_line_error(invoke(["check", str(folder)], EXIT_USAGE), str(folder), "directory")


def test_permission_denied_simulated_even_as_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.en"
    path.write_text("Hello.\n", encoding="utf-8")

    class Denied(type(Path())):  # type: ignore[misc]
        def open(self, *_args: object, **_kwargs: object) -> NoReturn:  # type: ignore[override]
            raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(read_module, "Path", Denied)
    one_line_error(invoke(["flag", str(path)], EXIT_USAGE), str(path), "permission denied")


def test_unwritable_output_is_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "a.en"
    target.write_text("Hello.\n", encoding="utf-8")
    out = str(tmp_path / "no" / "such" / "folder" / "out.json")
    one_line_error(invoke(["flag", "-o", out, str(target)], EXIT_USAGE), out)


# --------------------------------------------------------------------------- 10, 12 in process


def test_closed_stdout_exits_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In process: a BrokenPipeError from the output ends the run with 141 and no message
    (the real pipe is in tests/cli/test_bad_input_cli.py)."""
    target = tmp_path / "a.en"
    target.write_text("Hello.\n", encoding="utf-8")

    def broken(*_args: object, **_kwargs: object) -> str:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli_module, "render", broken)
    result = invoke(["flag", str(target)], cli_module.EXIT_BROKEN_PIPE)
    assert result.stderr == ""


def test_interrupt_exits_130_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "a.en"
    target.write_text("Hello.\n", encoding="utf-8")

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "flag_file", interrupted)
    result = invoke(["flag", str(target)], cli_module.EXIT_INTERRUPTED)
    assert result.stderr == "checker: interrupted\n"


# --------------------------------------------------------------------------- bugs found


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ('{"source": "a", "target": "x\\ud800y"}', "lone surrogate \\ud800"),
        ('{"source": "a\\udfff", "target": "x"}', "lone surrogate \\udfff"),
        ('{"source": "a", "target": "x", "id": "\\ud83d"}', '"id" has a lone surrogate'),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"source": "a", "target": "x", "id": ' + "9" * 5000 + "}", "digits"),
    ],
)
def test_jsonl_lines_that_crashed_are_one_line_errors(
    tmp_path: Path, line: str, needle: str
) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"source": "你好", "target": "Hello"}\n' + line + "\n", encoding="utf-8")
    one_line_error(invoke(["check", str(path)], EXIT_USAGE), f"{path}:2", needle)


@pytest.mark.parametrize("hex_value", ["D800", "zz", "110000", "-1", ""])
def test_xliff_bad_code_point_is_an_error_not_a_crash_or_a_loss(
    tmp_path: Path, hex_value: str
) -> None:
    path = tmp_path / "a.xlf"
    path.write_text('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"><file>'
                    '<unit id="u7"><segment><source>a</source><target>x<cp hex="'
                    f'{hex_value}"/>y</target></segment></unit></file></xliff>', encoding="utf-8")
    one_line_error(invoke(["check", str(path)], EXIT_USAGE), str(path), "unit u7", "<cp")


def test_large_aligned_file_applies_the_same_nul_policy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "WHOLE_FILE_BYTES", 16)
    src, tgt = tmp_path / "a.zh", tmp_path / "a.en"
    src.write_text("你好。\n谢谢。\n", encoding="utf-8")
    tgt.write_bytes(b"Hello there.\nThanks\x00 a lot.\n")
    args = ["check", "--aligned", str(src), str(tgt)]
    streamed = one_line_error(invoke(args, EXIT_USAGE), f"{tgt} (byte 19)", "NUL")
    monkeypatch.setattr(stream, "WHOLE_FILE_BYTES", 2**20)  # the same file, read whole
    assert one_line_error(invoke(args, EXIT_USAGE)) == streamed


# --------------------------------------------------------------------------- 13. fuzz

_PIECES = st.sampled_from(
    ["\t", "\n", "\r", "\r\n", "\x00", "\ufeff", "<", ">", "&", "&amp;", "&#0;", "&#x1F600;",
     '"', "{", "}", ":", "\\", "\\u0000", "\\ud800", "]]>", "<seg>", "</seg>", "😀", "\u202e",
     "é", "重庆", "ا", "\x85", "\u2028", ".", "。", "anti -spy", "year.The", "3.5", "二十九"]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=12).map("".join)
_BYTES = st.one_of(
    st.binary(max_size=120),
    _TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.tuples(_TEXT, st.sampled_from(["utf-16", "utf-16-le", "gb18030", "latin-1", "utf-8-sig"]))
    .map(lambda x: x[0].encode(x[1], "replace")),
    st.tuples(_TEXT, st.binary(max_size=3), _TEXT)
    .map(lambda x: x[0].encode("utf-8", "replace") + x[1] + x[2].encode("utf-8", "replace")),
)
_DIR = Path(tempfile.mkdtemp(prefix="checker-fuzz-"))  # hypothesis and tmp_path do not mix
atexit.register(shutil.rmtree, _DIR, ignore_errors=True)
_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def _documents(source: str, target: str) -> dict[str, str]:
    """The same pair in each format, the texts inserted raw (markup characters included)."""
    return {
        "tsv": f"{source}\t{target}\n",
        "jsonl": json.dumps({"source": source, "target": target}) + "\n",
        "tmx": f'<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>'
               f'{source}</seg></tuv><tuv xml:lang="en"><seg>{target}</seg></tuv></tu>'
               "</body></tmx>",
        "xliff": f'<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"><file>'
                 f'<unit id="u"><segment><source>{source}</source><target>{target}</target>'
                 "</segment></unit></file></xliff>",
        "wmt": f'<refset><doc docid="d"><seg id="1">{source}</seg><seg id="2">{target}</seg>'
               "</doc></refset>",
    }


def _read_all(path: Path) -> None:
    for fmt in FORMATS:
        try:
            units = read_units(path, fmt)
        except InputError:
            continue
        for unit in units:  # whatever a reader returns must be writable as UTF-8
            for text in (unit.source, unit.target, unit.reference, unit.id):
                if text is not None:
                    text.encode("utf-8")


@_FUZZ
@given(_BYTES)
def test_fuzz_readers_on_arbitrary_bytes(data: bytes) -> None:
    try:
        text = decode(data, "fuzz")
    except InputError:
        pass
    else:
        assert "\x00" not in text  # the NUL policy
        text.encode("utf-8")
    path = _DIR / "bytes.sgm"
    path.write_bytes(data)
    try:
        read_text(path)
    except InputError:
        pass
    _read_all(path)


@_FUZZ
@given(_TEXT, _TEXT, st.sampled_from(["utf-8", "utf-16", "gb18030"]))
def test_fuzz_readers_on_structured_files(source: str, target: str, encoding: str) -> None:
    for fmt, doc in _documents(source, target).items():
        path = _DIR / f"doc.{fmt}"
        path.write_bytes(doc.encode(encoding, "replace"))
        _read_all(path)


@_FUZZ
@given(
    st.lists(st.tuples(st.one_of(st.none(), _TEXT), _TEXT), max_size=4),
    st.sampled_from([None, "en", "zh", "fr", "ar", "ja"]),
    st.sampled_from([None, "en", "zh", "de", "he"]),
)
def test_fuzz_rules_on_arbitrary_pairs(
    pairs: list[tuple[str | None, str]], src_lang: str | None, tgt_lang: str | None
) -> None:
    pairs = [(None if s is None else s.encode("utf-8", "replace").decode(),
              t.encode("utf-8", "replace").decode()) for s, t in pairs]
    try:
        result = check_pairs(pairs, src_lang=src_lang, tgt_lang=tgt_lang)
    except (InputError, ConfigError):
        return
    assert len(result.segments) == len(pairs)
    for seg in result.segments:
        for f in seg.findings:
            text = seg.target if f.side == "target" else seg.source
            assert text is not None and text[f.start : f.end] == f.text
    for _, target in pairs:
        try:
            flag_text(target, tgt_lang=tgt_lang)
        except (InputError, ConfigError):
            pass
