"""Parallel-corpus readers: TSV, JSONL, TMX, XLIFF, WMT, the dispatcher, and one-line errors."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read.formats import (
    ENTITY_MESSAGE,
    FORMATS,
    Unit,
    pair_wmt,
    read_jsonl,
    read_tmx,
    read_tsv,
    read_units,
    read_wmt,
    read_xliff,
)

ZH = "重庆市周五起施行反间谍工作条例。"
EN = "Chongqing's counter-espionage rules take effect on Friday."


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def assert_one_line_error(exc: pytest.ExceptionInfo[InputError], path: Path) -> str:
    message = str(exc.value)
    assert "\n" not in message
    assert message.startswith(str(path))
    return message


# --------------------------------------------------------------------------- TSV


def test_tsv_units_with_reference_and_empty_line(tmp_path: Path) -> None:
    path = write(tmp_path, "a.tsv", f"{ZH}\t{EN}\n\n源\t目标\t参考\n")
    assert read_tsv(path) == [Unit(ZH, EN), Unit("", ""), Unit("源", "目标", "参考")]


def test_tsv_legacy_encoding_and_crlf(tmp_path: Path) -> None:
    path = write(tmp_path, "a.tsv", f"{ZH}\t{EN}\r\n源\t目标\r\n", encoding="gb18030")
    assert read_tsv(path) == [Unit(ZH, EN), Unit("源", "目标")]


@pytest.mark.parametrize("bad_line", ["only one field", "a\tb\tc\td"])
def test_tsv_wrong_field_count_names_line(tmp_path: Path, bad_line: str) -> None:
    path = write(tmp_path, "a.tsv", f"{ZH}\t{EN}\n{bad_line}\n")
    with pytest.raises(InputError) as exc:
        read_tsv(path)
    message = assert_one_line_error(exc, path)
    assert exc.value.line == 2
    assert message.startswith(f"{path}:2: expected 2 or 3 tab-separated fields")


# --------------------------------------------------------------------------- JSONL


def test_jsonl_key_aliases_ids_and_blank_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"source": ZH, "target": EN, "reference": "ref", "id": "d1"}),
        "",
        json.dumps({"src": "源", "mt": "", "id": 7}, ensure_ascii=False),
        json.dumps({"tgt": "只有目标"}, ensure_ascii=False),
    ]
    path = write(tmp_path, "a.jsonl", "\n".join(lines) + "\n")
    assert read_jsonl(path) == [
        Unit(ZH, EN, "ref", "d1"),
        Unit("源", "", None, "7"),
        Unit(None, "只有目标"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"source": "a", "target": ', "invalid JSON"),
        ('{"source": "a"}', 'no "target"'),
        ('["a", "b"]', "expected a JSON object"),
        ('{"target": 3}', 'field "target" must be a string'),
    ],
)
def test_jsonl_bad_lines_name_line(tmp_path: Path, line: str, expected: str) -> None:
    path = write(tmp_path, "a.jsonl", '{"source": "x", "target": "y"}\n' + line + "\n")
    with pytest.raises(InputError) as exc:
        read_jsonl(path)
    message = assert_one_line_error(exc, path)
    assert message.startswith(f"{path}:2: {expected}")


# --------------------------------------------------------------------------- TMX

TMX = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
          creationtool="t" creationtoolversion="1" o-tmf="x"/>
  <body>
    <tu tuid="1">
      <tuv xml:lang="en-US"><seg>{EN}</seg></tuv>
      <tuv xml:lang="zh-CN"><seg>{ZH}</seg></tuv>
    </tu>
    <tu tuid="2">
      <tuv xml:lang="zh-CN"><seg>他说<bpt i="1">&lt;b&gt;</bpt>你好<ept i="1"
        >&lt;/b&gt;</ept>。</seg></tuv>
      <tuv xml:lang="en-US"><seg>He said <bpt i="1">&lt;b&gt;</bpt>hello<ept i="1"
        >&lt;/b&gt;</ept>.<ph x="2">&lt;br/&gt;</ph></seg></tuv>
    </tu>
    <tu tuid="3">
      <tuv xml:lang="zh-CN"><seg></seg></tuv>
      <tuv xml:lang="en-US"><seg/></tuv>
    </tu>
  </body>
</tmx>
"""


def test_tmx_header_srclang_inline_tags_and_empty_segments(tmp_path: Path) -> None:
    path = write(tmp_path, "a.tmx", TMX)
    assert read_tmx(path) == [
        Unit(ZH, EN, id="1"),
        Unit("他说你好。", "He said hello.", id="2"),
        Unit("", "", id="3"),
    ]


def test_tmx_given_languages_override_header(tmp_path: Path) -> None:
    path = write(tmp_path, "a.tmx", TMX)
    units = read_tmx(path, src_lang="en", tgt_lang="zh")
    assert units[0] == Unit(EN, ZH, id="1")


def test_tmx_honours_xml_encoding_declaration(tmp_path: Path) -> None:
    text = TMX.replace('encoding="UTF-8"', 'encoding="GB18030"')
    path = write(tmp_path, "gb.tmx", text, encoding="gb18030")
    assert read_tmx(path)[0] == Unit(ZH, EN, id="1")


def test_tmx_missing_target_language_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.tmx", TMX)
    with pytest.raises(InputError) as exc:
        read_tmx(path, tgt_lang="fr")
    assert "<tu> #1 (tuid 1) has no target-language <tuv> in 'fr'" in assert_one_line_error(
        exc, path
    )


# --------------------------------------------------------------------------- XLIFF

XLIFF12 = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="zh-CN" target-language="en" datatype="plaintext" original="news">
    <body>
      <group id="g">
        <trans-unit id="tu-1">
          <source>{ZH}</source>
          <target>{EN}</target>
          <alt-trans><source>别的</source><target>Other</target></alt-trans>
        </trans-unit>
      </group>
      <trans-unit id="tu-2"><source>他<g id="1">说</g>了<x id="2"/>。</source>
        <target>He <g id="1">said</g> it<x id="2"/>.</target></trans-unit>
      <trans-unit id="tu-3"><source>未翻译</source></trans-unit>
    </body>
  </file>
</xliff>
"""

XLIFF20 = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0"
       srcLang="zh-CN" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <segment><source>{ZH}</source><target>{EN}</target></segment>
    </unit>
    <unit id="u2">
      <segment id="s1"><source>第一句。</source><target>First.</target></segment>
      <ignorable><source> </source></ignorable>
      <segment id="s2"><source>第<pc id="1">二</pc>句<ph id="2"/>。</source>
        <target>Sec<cp hex="00AD"/>ond<ph id="2"/>.</target></segment>
    </unit>
    <unit id="u3"><segment><source></source><target></target></segment></unit>
  </file>
</xliff>
"""


def test_xliff12_trans_units_ids_inline_tags_and_untranslated(tmp_path: Path) -> None:
    path = write(tmp_path, "a.xlf", XLIFF12)
    assert read_xliff(path) == [
        Unit(ZH, EN, id="tu-1"),
        Unit("他说了。", "He said it.", id="tu-2"),
        Unit("未翻译", "", id="tu-3"),
    ]


def test_xliff20_units_segments_and_code_points(tmp_path: Path) -> None:
    path = write(tmp_path, "a.xliff", XLIFF20)
    assert read_xliff(path) == [
        Unit(ZH, EN, id="u1"),
        Unit("第一句。", "First.", id="u2/s1"),
        Unit("第二句。", "Sec\u00adond.", id="u2/s2"),
        Unit("", "", id="u3"),
    ]


def test_xliff_wrong_root_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.xlf", TMX)
    with pytest.raises(InputError) as exc:
        read_xliff(path)
    assert "is not an XLIFF file (root element <tmx>)" in assert_one_line_error(exc, path)


# --------------------------------------------------------------------------- WMT


def wmt(kind: str, segs: dict[str, list[str]], sysid: str = "ref") -> str:
    docs = "".join(
        f'<doc docid="{docid}" sysid="{sysid}" genre="news"><p>'
        + "".join(f'<seg id="{i}">{text}</seg>' for i, text in enumerate(texts, 1))
        + "</p></doc>\n"
        for docid, texts in segs.items()
    )
    return f'<{kind} setid="newstest" srclang="zh" trglang="en">\n{docs}</{kind}>\n'


def test_wmt_read_ids_and_text(tmp_path: Path) -> None:
    path = write(tmp_path, "src.xml", wmt("srcset", {"d1": [ZH, ""], "d2": ["甲 &amp; 乙"]}))
    assert read_wmt(path) == [
        Unit(None, ZH, id="d1:1"),
        Unit(None, "", id="d1:2"),
        Unit(None, "甲 & 乙", id="d2:1"),
    ]


def test_wmt_pair_by_doc_and_seg_id_not_position(tmp_path: Path) -> None:
    src = write(tmp_path, "src.xml", wmt("srcset", {"d1": [ZH, "二"], "d2": ["三"]}))
    # the system file lists the documents in another order
    tst = write(tmp_path, "tst.xml", wmt("tstset", {"d2": ["Three"], "d1": [EN, "Two"]}, "sys"))
    ref = write(tmp_path, "ref.sgm", wmt("refset", {"d1": ["r1", "r2"], "d2": ["r3"]}))
    assert pair_wmt(src, tst, ref) == [
        Unit(ZH, EN, "r1", "d1:1"),
        Unit("二", "Two", "r2", "d1:2"),
        Unit("三", "Three", "r3", "d2:1"),
    ]
    assert pair_wmt(src, tst)[0] == Unit(ZH, EN, None, "d1:1")


def test_wmt_pair_missing_segment_is_an_error(tmp_path: Path) -> None:
    src = write(tmp_path, "src.xml", wmt("srcset", {"d1": [ZH, "二"]}))
    tst = write(tmp_path, "tst.xml", wmt("tstset", {"d1": [EN]}, "sys"))
    with pytest.raises(InputError) as exc:
        pair_wmt(src, tst)
    assert "has no segment d1:2" in assert_one_line_error(exc, tst)


def test_wmt_sgml_that_is_not_xml_falls_back_to_lines(tmp_path: Path) -> None:
    text = (
        '<srcset setid="x" srclang="any">\n<doc sysid="ref" docid="d1" genre="news">\n'
        f"<seg id=1>{ZH}</seg>\n<seg id=2>A &amp; B & C</seg>\n</doc>\n</srcset>\n"
    )
    path = write(tmp_path, "src.sgm", text)
    assert read_wmt(path) == [Unit(None, ZH, id="d1:1"), Unit(None, "A & B & C", id="d1:2")]


# --------------------------------------------------------------------------- XML errors

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>&lol3;</seg></tuv>
<tuv xml:lang="zh"><seg>x</seg></tuv></tu></body></tmx>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE xliff [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<xliff version="1.2"><file><body><trans-unit id="1"><source>&xxe;</source>
<target>x</target></trans-unit></body></file></xliff>
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("bomb.tmx", BILLION_LAUGHS),
        ("xxe.xlf", EXTERNAL_ENTITY),
        ("bomb.xml", BILLION_LAUGHS.replace("tmx", "srcset")),
    ],
)
def test_entity_declarations_are_refused(tmp_path: Path, name: str, text: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as exc:
        read_units(path)
    assert assert_one_line_error(exc, path) == f"{path}: {ENTITY_MESSAGE}"


@pytest.mark.parametrize("name", ["bad.tmx", "bad.xlf", "bad.xml"])
def test_malformed_xml_gives_line_and_column(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, name, '<?xml version="1.0"?>\n<tmx>\n  <body></tu>\n</tmx>\n')
    with pytest.raises(InputError) as exc:
        read_units(path)
    message = assert_one_line_error(exc, path)
    assert exc.value.line == 3
    assert message == f"{path}:3: is not well-formed XML: mismatched tag (column 11)"


def test_empty_xml_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.tmx", "")
    with pytest.raises(InputError) as exc:
        read_tmx(path)
    assert assert_one_line_error(exc, path) == f"{path}: is empty"


# --------------------------------------------------------------------------- dispatcher


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.tsv", f"{ZH}\t{EN}\n", Unit(ZH, EN)),
        ("a.jsonl", json.dumps({"src": ZH, "tgt": EN}) + "\n", Unit(ZH, EN)),
        ("a.tmx", TMX, Unit(ZH, EN, id="1")),
        ("a.xlf", XLIFF12, Unit(ZH, EN, id="tu-1")),
        ("a.XLIFF", XLIFF20, Unit(ZH, EN, id="u1")),
        ("a.xml", wmt("srcset", {"d": [ZH]}), Unit(None, ZH, id="d:1")),
        ("a.sgm", wmt("srcset", {"d": [ZH]}), Unit(None, ZH, id="d:1")),
    ],
)
def test_dispatch_by_extension(tmp_path: Path, name: str, text: str, expected: Unit) -> None:
    assert read_units(write(tmp_path, name, text))[0] == expected


def test_dispatch_gz_and_explicit_format(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv.gz"
    path.write_bytes(gzip.compress(f"{ZH}\t{EN}\n".encode()))
    assert read_units(path) == [Unit(ZH, EN)]
    odd = write(tmp_path, "corpus.txt", json.dumps({"source": ZH, "target": EN}) + "\n")
    assert read_units(odd, "jsonl") == [Unit(ZH, EN)]


def test_dispatch_stdin_with_format(tmp_path: Path) -> None:
    stdin = io.BytesIO(TMX.encode())
    assert read_units("-", "tmx", stdin, src_lang="en")[0] == Unit(EN, ZH, id="1")


def test_dispatch_unknown_extension_or_format(tmp_path: Path) -> None:
    path = write(tmp_path, "corpus.txt", "a\tb\n")
    with pytest.raises(InputError) as exc:
        read_units(path)
    assert "cannot tell the format from extension '.txt'" in assert_one_line_error(exc, path)
    with pytest.raises(InputError) as exc:
        read_units(path, "csv")
    assert "unknown format 'csv'" in assert_one_line_error(exc, path)
    with pytest.raises(InputError, match="standard input"):
        read_units("-", stdin=io.BytesIO(b"a\tb\n"))
    assert set(FORMATS) == {"tsv", "jsonl", "tmx", "xliff", "wmt"}
