"""The command line, in-process through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CORPORA

from checker.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, cli

GOOD_EN = "The city opened a new metro line on Friday. Trains run every five minutes.\n"
BAD_EN = "The revised anti -spy law took effect this year.The United States said so.\n"


def invoke(args: list[str], code: int, stdin: bytes | str | None = None) -> Result:
    """Run the CLI and check its exit code (the sqlfluff ``invoke_assert_code`` pattern)."""
    result = CliRunner().invoke(cli, args, input=stdin)
    assert result.exit_code == code, (result.output, result.stderr)
    return result


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return str(path)


def test_flag_json_shape(tmp_path: Path) -> None:
    path = write(tmp_path, "a.en", BAD_EN)
    out = json.loads(invoke(["flag", "-f", "json", path], EXIT_OK).stdout)
    assert set(out) >= {"version", "source_lang", "target_lang", "summary", "segments"}
    assert out["source_lang"] is None and out["target_lang"] == "en"
    assert out["summary"]["by_rule"] == {"glued-sentence": 1, "spaced-hyphen": 1}
    seg = out["segments"][0]
    assert seg["source"] is None and seg["target_sentences"] == [0, 1]
    f = seg["findings"][0]
    assert set(f) >= {"rule", "category", "severity", "side", "start", "end", "text", "message",
                      "suggestion"}
    assert seg["target"][f["start"] : f["end"]] == f["text"] == "anti -spy"
    assert f["suggestion"] == "anti-spy"


def test_check_corpus_json_covers_every_sentence_once() -> None:
    src, tgt = str(CORPORA / "metro.zh"), str(CORPORA / "metro.mt.en")
    out = json.loads(invoke(["check", "-f", "json", src, tgt], EXIT_OK).stdout)
    assert out["source_lang"] == "zh" and out["target_lang"] == "en"
    src_ids = [i for s in out["segments"] for i in s["source_sentences"]]
    tgt_ids = [i for s in out["segments"] for i in s["target_sentences"]]
    assert src_ids == list(range(len(src_ids))) and tgt_ids == list(range(len(tgt_ids)))
    assert out["summary"]["findings"] > 0


def test_text_report_underlines_and_summarises(tmp_path: Path) -> None:
    text = invoke(["flag", write(tmp_path, "a.en", BAD_EN)], EXIT_OK).stdout
    assert "anti -spy" in text and "^^^^^^^^^" in text and "“anti-spy”" in text
    assert "2 findings" in text


def test_fail_on_gates_exit_code(tmp_path: Path) -> None:
    bad = write(tmp_path, "a.en", BAD_EN)
    invoke(["flag", "--fail-on", "minor", bad], EXIT_FINDINGS)
    invoke(["flag", "--fail-on", "major", bad], EXIT_OK)
    invoke(["flag", "--fail-on", "minor", write(tmp_path, "b.en", GOOD_EN)], EXIT_OK)


def test_stdin_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    invoke(["flag", "-f", "json", "-o", str(out), "-"], EXIT_OK, stdin=BAD_EN)
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["findings"] == 2


def test_rules_select_and_ignore(tmp_path: Path) -> None:
    bad = write(tmp_path, "a.en", BAD_EN)
    out = json.loads(invoke(["flag", "-f", "json", "--rules", "spaced-hyphen", bad], 0).stdout)
    assert out["summary"]["by_rule"] == {"spaced-hyphen": 1}
    out = json.loads(invoke(["flag", "-f", "json", "--ignore", "spaced-hyphen", bad], 0).stdout)
    assert out["summary"]["by_rule"] == {"glued-sentence": 1}


def test_rules_command_lists_every_rule() -> None:
    infos = json.loads(invoke(["rules", "-f", "json"], EXIT_OK).stdout)
    ids = {i["id"] for i in infos}
    assert {"spaced-hyphen", "glued-sentence", "stray-fragment", "repetition", "mojibake",
            "untranslated-script", "fullwidth-punctuation", "spacing",
            "unbalanced-brackets-quotes", "invisible-characters"} <= ids
    assert all(i["severity"] in ("minor", "major", "critical") for i in infos)


def _one_line_error(result: Result, name: str) -> str:
    err = result.stderr.strip()
    assert "\n" not in err and "Traceback" not in result.output
    assert name in err
    return err


@pytest.mark.parametrize(
    ("label", "data", "needle"),
    [
        ("undecodable", "新闻报道。".encode() * 10 + b"\xff\xfe" + "新闻。".encode(), "byte 150"),
        ("binary", b"\x00\x01\x02\x03binary\xff", "binary"),
        ("empty", b"", "empty"),
    ],
)
def test_bad_file_is_one_line_exit_2(tmp_path: Path, label: str, data: bytes, needle: str) -> None:
    path = write(tmp_path, f"{label}.en", data)
    result = invoke(["flag", path], EXIT_USAGE)
    assert needle in _one_line_error(result, path)


def test_missing_file_and_directory_exit_2(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.en")
    assert "no such file" in _one_line_error(invoke(["flag", missing], EXIT_USAGE), missing)
    result = invoke(["check", str(tmp_path), write(tmp_path, "a.en", GOOD_EN)], EXIT_USAGE)
    assert "directory" in _one_line_error(result, str(tmp_path))


def test_unknown_rule_and_format_exit_2(tmp_path: Path) -> None:
    good = write(tmp_path, "a.en", GOOD_EN)
    assert "no-such-rule" in invoke(["flag", "--rules", "no-such-rule", good], EXIT_USAGE).stderr
    invoke(["flag", "-f", "xml", good], EXIT_USAGE)


def test_both_stdin_exit_2() -> None:
    invoke(["check", "-", "-"], EXIT_USAGE, stdin="x")


REF_EN = "The city opened a new metro line on Friday.\nTrains run every five minutes.\n"
SYS_A = "The city opened a new subway line on Friday.\nTrains run each five minutes.\n"
SYS_B = "City open new line Friday.\nTrain run five minute.\n"


def test_score_ranks_systems_with_signatures(tmp_path: Path) -> None:
    ref = write(tmp_path, "ref.en", REF_EN)
    a, b = write(tmp_path, "a.en", SYS_A), write(tmp_path, "b.en", SYS_B)
    out = json.loads(invoke(["score", "--ref", ref, "-m", "bleu,chrf", "-f", "json", b, a],
                            EXIT_OK).stdout)
    by_name = {s["name"]: s["scores"] for s in out["systems"]}
    assert by_name[a]["chrf"]["score"] > by_name[b]["chrf"]["score"]
    assert all("nrefs:1" in sig for sig in out["signatures"].values())
    text = invoke(["score", "--ref", ref, "-m", "bleu,chrf", "--test", "none", a, b], 0).stdout
    assert text.index(a) < text.index(b)  # ranked best first


def test_score_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    ref = write(tmp_path, "ref.en", REF_EN)
    short = write(tmp_path, "short.en", "Only one line.\n")
    result = invoke(["score", "--ref", ref, short], EXIT_USAGE)
    assert short in _one_line_error(result, short)
    empty = write(tmp_path, "empty.en", "")
    assert "empty" in _one_line_error(invoke(["score", "--ref", ref, empty], EXIT_USAGE), empty)
    missing = str(tmp_path / "missing.en")
    _one_line_error(invoke(["score", "--ref", missing, write(tmp_path, "a.en", SYS_A)],
                           EXIT_USAGE), missing)


def test_check_with_reference_adds_scores(tmp_path: Path) -> None:
    src = str(CORPORA / "metro.zh")
    out = json.loads(invoke(["check", "-f", "json", "--ref", str(CORPORA / "metro.en"), src,
                             str(CORPORA / "metro.mt.en")], EXIT_OK).stdout)
    assert set(out["scores"]["corpus"]) == {"bleu", "chrf", "chrf++"}
    assert out["scores"]["signatures"]["bleu"].startswith("nrefs:1")
    refs = [s["reference"] for s in out["segments"]]
    assert all(set(s["scores"]) == {"bleu", "chrf", "chrf++"} for s in out["segments"])
    joined = " ".join(r for r in refs if r)
    assert joined.split() == (CORPORA / "metro.en").read_text(encoding="utf-8").split()
    assert 0 < out["summary"]["quality"] <= 100
    assert all(0 <= s["quality"] <= 100 for s in out["segments"])


def test_sort_quality_lists_worst_first() -> None:
    args = ["check", "--sort", "quality", str(CORPORA / "flood.zh"), str(CORPORA / "flood.mt.en")]
    text = invoke(args, EXIT_OK).stdout
    qualities = [float(line.split("quality ")[1].split()[0]) for line in text.splitlines()
                 if line.startswith("[") and "quality " in line]
    assert qualities == sorted(qualities) and qualities[0] < 100


def test_check_aligned_keeps_lines_and_checks_counts(tmp_path: Path) -> None:
    src = write(tmp_path, "a.zh", "重庆市周五起施行条例。\n\n你好。\n")
    tgt = write(tmp_path, "a.en", "The anti -spy law took effect.The US said so.\n\nHello .\n")
    out = json.loads(invoke(["check", "--aligned", "-f", "json", src, tgt], EXIT_OK).stdout)
    assert [s["target"] for s in out["segments"]] == [
        "The anti -spy law took effect.The US said so.", "", "Hello ."]
    assert out["summary"]["by_rule"] == {"glued-sentence": 1, "spaced-hyphen": 1, "spacing": 1}
    short = write(tmp_path, "b.en", "One line.\n")
    err = _one_line_error(invoke(["check", "--aligned", src, short], EXIT_USAGE), short)
    assert "has 1 lines" in err and "has 3" in err


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="zh" target-language="en" datatype="plaintext" original="x"><body>
<trans-unit id="u1"><source>重庆市周五起施行条例。</source>
<target>The law took effect this year.The US said so.</target></trans-unit>
<trans-unit id="u2"><source>你好。</source><target>Hello ,</target></trans-unit>
</body></file></xliff>
"""
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<xliff version="1.2"><file><body><trans-unit id="1"><source>&lol2;</source>
<target>x</target></trans-unit></body></file></xliff>
"""


def test_check_bilingual_files_keep_unit_ids(tmp_path: Path) -> None:
    out = json.loads(invoke(["check", "-f", "json", write(tmp_path, "a.xlf", XLIFF)], 0).stdout)
    assert [s["id"] for s in out["segments"]] == ["u1", "u2"]
    assert out["summary"]["by_rule"] == {"glued-sentence": 1, "spacing": 1}
    tsv = write(tmp_path, "a.tsv", "你好。\tHello hello .\tHello.\n\t\t\n")
    out = json.loads(invoke(["check", "-f", "json", tsv], 0).stdout)
    assert len(out["segments"]) == 2 and "chrf" in out["scores"]["corpus"]


def test_check_refuses_entity_expansion(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.xlf", BILLION_LAUGHS)
    err = _one_line_error(invoke(["check", path], EXIT_USAGE), path)
    assert "entity" in err


def test_fix_in_place_keeps_backup_and_changes_only_flagged_spans(tmp_path: Path) -> None:
    text = "The anti -spy law took effect this year.The city ,said so.\r\n\r\nEssence of it.\r\n"
    path = write(tmp_path, "a.en", text)
    diff = invoke(["fix", "--in-place", path], EXIT_OK).stdout
    assert diff.startswith(f"--- a/{path}") and "+The anti-spy law" in diff
    assert (tmp_path / "a.en.bak").read_bytes() == text.encode()
    fixed = (tmp_path / "a.en").read_bytes().decode()
    expected = ("The anti-spy law took effect this year. The city, said so.\r\n"
                "\r\nEssence of it.\r\n")
    assert fixed == expected
    out = json.loads(invoke(["flag", "-f", "json", path], EXIT_OK).stdout)
    assert out["summary"]["findings"] == 0


def test_fix_stdout_diff_and_bad_options(tmp_path: Path) -> None:
    path = write(tmp_path, "a.en", BAD_EN)
    assert invoke(["fix", path], EXIT_OK).stdout == (
        "The revised anti-spy law took effect this year. The United States said so.\n")
    diff = invoke(["fix", "--diff", path], EXIT_OK).stdout.splitlines()
    assert [d for d in diff if d.startswith(("+", "-")) and d[:3] not in ("+++", "---")] == [
        "-" + BAD_EN.rstrip("\n"),
        "+The revised anti-spy law took effect this year. The United States said so.",
    ]
    assert "not fixable" in invoke(["fix", "--rules", "repetition", path], EXIT_USAGE).stderr


def test_jsonl_and_tsv_outputs(tmp_path: Path) -> None:
    src, tgt = str(CORPORA / "metro.zh"), str(CORPORA / "metro.mt.en")
    full = json.loads(invoke(["check", "-f", "json", src, tgt], EXIT_OK).stdout)
    lines = invoke(["check", "-f", "jsonl", src, tgt], EXIT_OK).stdout.splitlines()
    assert [json.loads(line) for line in lines[:-1]] == full["segments"]
    assert json.loads(lines[-1])["summary"] == full["summary"]
    rows = invoke(["check", "-f", "tsv", src, tgt], EXIT_OK).stdout.splitlines()
    assert rows[0].split("\t")[:4] == ["index", "id", "source", "target"]
    assert len(rows) == len(full["segments"]) + 1
    assert all(len(r.split("\t")) == len(rows[0].split("\t")) for r in rows)
    tabbed = write(tmp_path, "t.tsv", "你好。\tHello\\tworld .\n")
    row = invoke(["check", "-f", "tsv", tabbed], EXIT_OK).stdout.splitlines()[1]
    assert len(row.split("\t")) == len(rows[0].split("\t"))


#: The line breaks JSON may leave raw inside a string (NEL, LINE and PARAGRAPH SEPARATOR), and
#: the control characters str.splitlines also splits on, which JSON always escapes.
ODD_BREAKS = "\x85\u2028\u2029\x0b\x0c\x1c\x1d\x1e"


@pytest.mark.parametrize(
    "mode", ["flag", "documents", "aligned", "aligned-ref", "units"],
)
def test_every_jsonl_line_survives_splitlines(tmp_path: Path, mode: str) -> None:
    """A JSONL reader that splits with ``str.splitlines`` gets one record per output line."""
    zh = ["重庆市周五起施行条例。", "你好。", "谢谢。"]
    en = [f"The rules took{c}effect on Friday." for c in ODD_BREAKS[:3]]
    en.append("Hello" + ODD_BREAKS + "there.")
    zh.append("你好。")
    src = write(tmp_path, "a.zh", "\n".join(zh) + "\n")
    tgt = write(tmp_path, "a.en", "\n".join(en) + "\n")
    ref = write(tmp_path, "ref.en", "\n".join(e + ODD_BREAKS for e in en) + "\n")
    units = write(tmp_path, "u.tsv", "".join(f"{z}\t{e}\t{e}\n" for z, e in zip(zh, en,
                                                                                strict=True)))
    args = {
        "flag": ["flag", tgt],
        "documents": ["check", src, tgt],
        "aligned": ["check", "--aligned", src, tgt],
        "aligned-ref": ["check", "--aligned", "--ref", ref, src, tgt],
        "units": ["check", units],
    }[mode]
    text = invoke([*args, "--tgt-lang", "en", "-f", "jsonl"], EXIT_OK).stdout
    for char in "\x85\u2028\u2029":
        assert char not in text
    lines = text.splitlines()
    assert lines == text.split("\n")[:-1]
    records = [json.loads(line) for line in lines]
    assert "summary" in records[-1] and all("summary" not in r for r in records[:-1])
    targets = "".join(r["target"] for r in records[:-1])
    assert all(c in targets for c in "\x85\u2028\u2029")  # the text itself is kept
    if mode != "flag":
        assert [r["index"] for r in records[:-1]] == list(range(len(records) - 1))
    if mode == "aligned-ref":
        assert [r["reference"] for r in records[:-1]] == [e + ODD_BREAKS for e in en]
        assert set(records[-1]["scores"]["corpus"]) == {"bleu", "chrf", "chrf++"}


def test_config_file_sets_rules_severity_and_gate(tmp_path: Path) -> None:
    bad = write(tmp_path, "a.en", BAD_EN)
    cfg = write(tmp_path, "checker.toml",
                'ignore = ["glued-sentence"]\nfail_on = "major"\n\n[severity]\n'
                '"spaced-hyphen" = "major"\n')
    out = json.loads(invoke(["flag", "-f", "json", "--config", cfg, bad], EXIT_FINDINGS).stdout)
    assert out["summary"]["by_rule"] == {"spaced-hyphen": 1}
    assert out["summary"]["by_severity"] == {"major": 1}
    pyproject = write(tmp_path, "pyproject.toml", '[tool.checker]\nselekt = ["spacing"]\n')
    err = _one_line_error(invoke(["flag", "--config", pyproject, bad], EXIT_USAGE), pyproject)
    assert "selekt" in err
    typo = write(tmp_path, "typo.toml", 'ignore = ["spaced-hypen"]\n')
    assert "spaced-hypen" in _one_line_error(invoke(["flag", "--config", typo, bad], 2), typo)


def test_config_thresholds(tmp_path: Path) -> None:
    text = write(tmp_path, "a.en", "The plan covers new measures.Very good\n")
    cfg = write(tmp_path, "checker.toml", '[threshold.stray-fragment]\nmax_words = 1\n')
    out = json.loads(invoke(["flag", "-f", "json", "--config", cfg, text], EXIT_OK).stdout)
    assert "stray-fragment" not in out["summary"]["by_rule"]
    out = json.loads(invoke(["flag", "-f", "json", text], EXIT_OK).stdout)
    assert out["summary"]["by_rule"]["stray-fragment"] == 1
    bad = write(tmp_path, "bad.toml", '[threshold.spacing]\nwidth = 3\n')
    assert "no threshold" in _one_line_error(invoke(["flag", "--config", bad, text], 2), bad)


def _wmt(kind: str, lang: str, segs: dict[str, list[str]]) -> str:
    docs = "".join(
        f'<doc docid="{doc}" sysid="x">' + "".join(
            f'<seg id="{i}">{text}</seg>' for i, text in enumerate(texts, 1)) + "</doc>"
        for doc, texts in segs.items())
    attr = "srclang" if kind == "srcset" else "trglang"
    return f'<{kind} setid="t" {attr}="{lang}">{docs}</{kind}>\n'


def test_check_wmt_source_and_system_pair_by_id(tmp_path: Path) -> None:
    source = {"d1": ["反间谍法。", "你好。"], "d2": ["谢谢。"]}
    src = write(tmp_path, "src.xml", _wmt("srcset", "zh", source))
    # the system lists its documents in another order
    hyp = write(tmp_path, "hyp.xml", _wmt("tstset", "en", {"d2": ["Thanks ."],
                                                          "d1": ["The anti -spy law.", "Hello."]}))
    out = json.loads(invoke(["check", "-f", "json", src, hyp], EXIT_OK).stdout)
    assert [(s["id"], s["target"]) for s in out["segments"]] == [
        ("d1:1", "The anti -spy law."), ("d1:2", "Hello."), ("d2:1", "Thanks .")]
    assert out["summary"]["by_rule"] == {"spaced-hyphen": 1, "spacing": 1}


def test_align_beads_and_presplit_round_trip(tmp_path: Path) -> None:
    src = write(tmp_path, "a.zh", "重庆市周五起施行条例。美国表示关切。\n\n当局称一切正常。\n")
    tgt = write(tmp_path, "a.en",
                "The regulations took effect on Friday.The United States expressed concern.\n\n"
                "Officials said all was well. Nothing else happened.\n")
    beads = invoke(["align", "-f", "beads", src, tgt], EXIT_OK).stdout.splitlines()
    assert beads[0] == "[0]:[0]" and beads[1] == "[1]:[1]"
    assert beads[-1] in ("[2]:[2,3]", "[]:[3]")
    # one sentence per line in, the same sentences out, every line in exactly one bead
    lines_src = ["第一句。", "第二句很长，说了很多很多的事情。", "第三句。"]
    lines_tgt = ["First.", "The second sentence is long.", "It says many things.", "Third."]
    ps = write(tmp_path, "s.zh", "\n".join(lines_src) + "\n")
    pt = write(tmp_path, "s.en", "\n".join(lines_tgt) + "\n")
    out = json.loads(invoke(["align", "--presplit", "-f", "json", ps, pt], EXIT_OK).stdout)
    assert [i for b in out["beads"] for i in b["source"]] == [0, 1, 2]
    assert [i for b in out["beads"] for i in b["target"]] == [0, 1, 2, 3]
    assert " ".join(b["target_text"] for b in out["beads"] if b["target"]) == " ".join(lines_tgt)
    rows = invoke(["align", "--presplit", "-f", "tsv", ps, pt], EXIT_OK).stdout.splitlines()
    assert rows[0].startswith("source_ids\ttarget_ids") and len(rows) == len(out["beads"]) + 1


def test_rules_text_lists_pair_rules_with_their_language_pairs() -> None:
    out = invoke(["rules"], EXIT_OK).stdout
    lines = {line.split()[0]: line for line in out.splitlines() if line and not line[0].isspace()}
    assert {"number-mismatch", "omission", "terminology", "spaced-hyphen"} <= set(lines)
    assert "->" in lines["number-mismatch"] and "->" not in lines["spaced-hyphen"]


def test_glossary_option_runs_the_terminology_rule(tmp_path: Path) -> None:
    src = write(tmp_path, "a.zh", "江州地铁今天开通。\n江州地铁今天开通。\n")
    tgt = write(tmp_path, "a.en", "The Kiangchow subway opened today.\n"
                                  "Jiangzhou's new train line opened today.\n")
    terms = write(tmp_path, "terms.tsv",
                  "江州\tJiangzhou\n地铁\tmetro|subway\n*\t!Kiangchow\told spelling\n")
    args = ["check", "-f", "json", "--aligned", "--rules", "terminology", src, tgt]
    assert json.loads(invoke(args, EXIT_OK).stdout)["summary"]["by_rule"] == {}
    out = json.loads(invoke([*args, "--glossary", terms], EXIT_OK).stdout)
    found = [[(f["side"], f["text"]) for f in s["findings"]] for s in out["segments"]]
    assert ("target", "Kiangchow") in found[0]  # a forbidden term
    assert found[1] == [("source", "地铁")]  # the term has none of its allowed translations
    bad = write(tmp_path, "bad.tsv", "江州\tJiangzhou\n地铁\t\n")
    err = _one_line_error(invoke([*args, "--glossary", bad], EXIT_USAGE), bad)
    assert f"{bad}:2" in err


def test_config_file_names_a_glossary_relative_to_itself(tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "terms.tsv").write_text("江州\tJiangzhou\n", encoding="utf-8")
    config = write(folder, "checker.toml", 'glossary = "terms.tsv"\nselect = ["terminology"]\n')
    src = write(tmp_path, "a.zh", "江州地铁今天开通。\n")
    tgt = write(tmp_path, "a.en", "The Jiang Zhou metro opened today.\n")
    out = json.loads(invoke(["check", "-f", "json", "--config", config, src, tgt], EXIT_OK).stdout)
    assert out["summary"]["by_rule"] == {"terminology": 1}
