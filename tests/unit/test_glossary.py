"""Glossaries: the TSV and TBX formats, one-line errors with file and line, term matching."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.glossary import (
    Entry,
    Glossary,
    TermMatcher,
    fold,
    load_glossary,
    parse_glossary,
    parse_tbx,
)
from checker.read.formats import ENTITY_MESSAGE, EXTERNAL_MESSAGE

DATA = Path(__file__).resolve().parent.parent / "data"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def one_line_error(exc: pytest.ExceptionInfo[InputError], name: str, line: int | None) -> str:
    message = str(exc.value)
    assert "\n" not in message
    where = name if line is None else f"{name}:{line}"
    assert message.startswith(f"{where}: "), message
    assert exc.value.line == line
    return message


# --------------------------------------------------------------------------- TSV


def test_tsv_entries_notes_comments_and_forbidden_terms() -> None:
    text = (
        "\ufeff# a comment\n"
        "\n"
        "习近平\tXi Jinping | President Xi |!Chairman Xi\tofficial name\n"
        "  # an indented comment\n"
        "地铁\tmetro|subway\n"
        "*\t!Peking|! Formosa\told names\n"
        "\t!Kiangchow\n"
        "林海涛\t!Lin Hai-tao\n"
    )
    glossary = parse_glossary(text, "terms.tsv")
    assert glossary.name == "terms.tsv"
    assert glossary.source_lang is None and glossary.target_lang is None
    assert glossary.entries == (
        Entry("习近平", ("Xi Jinping", "President Xi"), ("Chairman Xi",), "official name", 3),
        Entry("地铁", ("metro", "subway"), (), "", 5),
        Entry("", (), ("Peking", "Formosa"), "old names", 6),
        Entry("", (), ("Kiangchow",), "", 7),
        Entry("林海涛", (), ("Lin Hai-tao",), "", 8),
    )
    assert glossary.anywhere


def test_tsv_repeated_identical_line_is_accepted_once() -> None:
    glossary = parse_glossary("地铁\tmetro|subway\n地铁\tSubway | metro\n", "g.tsv")
    assert [e.source for e in glossary.entries] == ["地铁"]
    assert not glossary.anywhere


def test_tsv_crlf_line_endings() -> None:
    glossary = parse_glossary("地铁\tmetro\r\n江州\tJiangzhou\tcity\r\n", "g.tsv")
    assert [(e.source, e.allowed, e.note) for e in glossary.entries] == [
        ("地铁", ("metro",), ""),
        ("江州", ("Jiangzhou",), "city"),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "地铁 metro",
            "expected 2 or 3 tab-separated fields (source term, target terms, note), found 1",
        ),
        ("地铁\tmetro\tnote\textra", "expected 2 or 3 tab-separated fields"),
        ("地铁\t  \tnote", "no target terms (the second field is empty)"),
        ("地铁\tmetro||subway", "empty target term (check the '|' and '!' signs)"),
        ("地铁\tmetro|!", "empty target term"),
        ("地铁\t---", "target term “---” has no letters or digits"),
        (
            "\tmetro",
            "a line without a source term (empty or *) may only list forbidden terms "
            "(!term), not “metro”",
        ),
        ("*\t!Peking|Beijing", "may only list forbidden terms (!term), not “Beijing”"),
        ("地铁\tmetro|!Metro", "“metro” is listed as both allowed and forbidden"),
        ("地铁\tsubway", "source term “地铁” is already on line 2 with other target terms"),
    ],
)
def test_tsv_bad_line_names_file_and_line(line: str, message: str) -> None:
    text = "# glossary\n地铁\tmetro\n" + line + "\n"
    with pytest.raises(InputError) as exc:
        parse_glossary(text, "terms.tsv")
    assert message in one_line_error(exc, "terms.tsv", 3)


def test_tsv_that_is_really_tbx_is_refused() -> None:
    with pytest.raises(InputError) as exc:
        parse_glossary('<?xml version="1.0"?>\n<martif/>\n', "terms.txt")
    assert "give the file a .tbx extension" in one_line_error(exc, "terms.txt", 1)


def test_load_tsv_files(tmp_path: Path) -> None:
    glossary = load_glossary(DATA / "glossary_zh_en.tsv")
    assert glossary.name == str(DATA / "glossary_zh_en.tsv")
    assert {e.source for e in glossary.entries} >= {"江州", "地铁", "林海涛", ""}
    plain = write(tmp_path, "terms.txt", "地铁\tmetro\n")
    assert load_glossary(plain).entries == (Entry("地铁", ("metro",), (), "", 1),)
    packed = tmp_path / "terms.tsv.gz"
    packed.write_bytes(gzip.compress("地铁\tmetro\n".encode()))
    assert load_glossary(packed).entries == (Entry("地铁", ("metro",), (), "", 1),)


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.tsv"
    with pytest.raises(InputError) as exc:
        load_glossary(missing)
    assert "no such file" in one_line_error(exc, str(missing), None)
    bad = write(tmp_path, "bad.tsv", "地铁\tmetro\n江州\n")
    with pytest.raises(InputError) as exc:
        load_glossary(bad)
    assert "expected 2 or 3 tab-separated fields" in one_line_error(exc, str(bad), 2)
    empty = write(tmp_path, "empty.tsv", "")
    with pytest.raises(InputError):
        load_glossary(empty)


# --------------------------------------------------------------------------- TBX


def test_tbx_basic_v2_terms_status_and_notes() -> None:
    glossary = load_glossary(DATA / "glossary_zh_en.tbx")
    assert (glossary.source_lang, glossary.target_lang) == ("zh-CN", "en-US")
    assert glossary.entries == (
        Entry("江州", ("Jiangzhou",), ("Kiangchow",), "The city of the example corpora."),
        Entry("地铁", ("metro", "subway"), ()),
    )


def test_tbx_language_choice() -> None:
    french = load_glossary(DATA / "glossary_zh_en.tbx", target_lang="fr")
    assert french.entries == (Entry("地铁", ("métro",), ()),)
    reverse = load_glossary(DATA / "glossary_zh_en.tbx", source_lang="en", target_lang="zh")
    assert [(e.source, e.allowed) for e in reverse.entries] == [
        ("Jiangzhou", ("江州",)),
        ("Kiangchow", ("江州",)),
        ("metro", ("地铁",)),
        ("subway", ("地铁",)),
    ]


def test_tbx_v3_concept_entries() -> None:
    glossary = load_glossary(DATA / "glossary_v3.tbx")
    assert (glossary.source_lang, glossary.target_lang) == ("zh", "en")
    assert glossary.entries == (Entry("云溪", ("Yunxi",), ("Yun-hsi",)),)


def test_tbx_homographs_are_merged(tmp_path: Path) -> None:
    entry = (
        '<termEntry><langSet xml:lang="zh"><tig><term>行</term></tig></langSet>'
        '<langSet xml:lang="en"><tig><term>{}</term></tig></langSet></termEntry>'
    )
    text = f"<martif><text><body>{entry.format('bank')}{entry.format('row')}</body></text></martif>"
    glossary = load_glossary(write(tmp_path, "g.tbx", text))
    assert glossary.entries == (Entry("行", ("bank", "row"), ()),)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE martif [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<martif><text><body><termEntry>
<langSet xml:lang="zh"><tig><term>&lol2;</term></tig></langSet>
<langSet xml:lang="en"><tig><term>lol</term></tig></langSet>
</termEntry></body></text></martif>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry>
<langSet xml:lang="zh"><tig><term>&xxe;</term></tig></langSet>
<langSet xml:lang="en"><tig><term>x</term></tig></langSet>
</termEntry></body></text></martif>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_tbx_entity_declarations_are_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "bomb.tbx", text)
    with pytest.raises(InputError) as exc:
        load_glossary(path)
    assert one_line_error(exc, str(path), None) in (
        f"{path}: {ENTITY_MESSAGE}",
        f"{path}: {EXTERNAL_MESSAGE}",
    )


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("<martif><text><body>\n<termEntry>\n</body></martif>", "is not well-formed XML", 3),
        ("<tmx version='1.4'/>", "is not a TBX file (root element <tmx>)", None),
        ("<martif><text><body/></text></martif>", "has no <termEntry> or <conceptEntry>", None),
        (
            "<martif><text><body><termEntry><langSet xml:lang='zh'><tig><term>江州</term></tig>"
            "</langSet></termEntry></body></text></martif>",
            "has terms in one language only (zh)",
            None,
        ),
        (
            "<martif><text><body><termEntry><langSet xml:lang='zh'><tig><term>江州</term></tig>"
            "</langSet></termEntry><termEntry><langSet xml:lang='en'><tig><term>Jiangzhou</term>"
            "</tig></langSet></termEntry></body></text></martif>",
            "has no entry with terms in both zh and en",
            None,
        ),
        ("<martif><text><body><termEntry/></body></text></martif>", "has no <langSet", None),
    ],
)
def test_tbx_errors_are_one_line(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    path = write(tmp_path, "bad.tbx", text)
    with pytest.raises(InputError) as exc:
        load_glossary(path)
    assert message in one_line_error(exc, str(path), line)


def test_parse_tbx_checks_the_root() -> None:
    import defusedxml.ElementTree as SafeET

    with pytest.raises(InputError, match="is not a TBX file"):
        parse_tbx(SafeET.fromstring("<xliff/>"), "x.tbx")


# --------------------------------------------------------------------------- matching


def words(terms: list[str]) -> TermMatcher:
    return TermMatcher(((t, (k, "allowed", t)) for k, t in enumerate(terms)), substring=False)


def found(matcher: TermMatcher, text: str) -> list[str]:
    return [text[m.start : m.end] for m in matcher.find(text)]


def test_fold_keeps_offsets() -> None:
    text = "ＣＯＶＩＤ－19\u3000Xi’s"
    assert fold(text) == "covid-19 xi's"
    assert len(fold(text)) == len(text)
    assert len(fold("İstanbul")) == len("İstanbul")


def test_whole_words_any_case_width_and_spacing() -> None:
    matcher = words(["Xi Jinping", "metro", "COVID-19"])
    text = "XI  JINPING rode the Ｍｅｔｒｏ; ｃｏｖｉｄ－19 metronome Xi-Jinping"
    assert found(matcher, text) == ["XI  JINPING", "Ｍｅｔｒｏ", "ｃｏｖｉｄ－19"]


def test_plural_and_possessive_endings() -> None:
    matcher = words(["city", "bank", "Xi Jinping"])
    assert found(matcher, "Cities, banks and Xi Jinping’s speech") == [
        "Cities",
        "banks",
        "Xi Jinping",
    ]
    assert [m.exact for m in matcher.find("banks bank")] == [False, True]


def test_capitals_terms_match_capitals_only() -> None:
    matcher = words(["US", "WHO"])
    assert found(matcher, "Tell us who said it: the U.S. and the WHO") == ["U.S.", "WHO"]


def test_leftmost_longest_without_overlaps() -> None:
    matcher = words(["Nancy", "Nancy Pelosi", "Pelosi"])
    assert found(matcher, "Nancy Pelosi met Nancy") == ["Nancy Pelosi", "Nancy"]
    cjk = TermMatcher(
        [("北京", (0, "source", "北京")), ("北京大学", (1, "source", "北京大学"))], substring=True
    )
    assert [(m.start, m.end) for m in cjk.find("他在北京大学和北京工作")] == [(2, 6), (7, 9)]


def test_substring_mode_at_the_end_of_the_text() -> None:
    matcher = TermMatcher(
        [("新华社", (0, "source", "新华社")), ("新华", (1, "source", "新华"))], substring=True
    )
    assert [(m.start, m.end, m.items[0][0]) for m in matcher.find("据新华")] == [(1, 3, 1)]


def test_substring_mode_keeps_latin_words_whole() -> None:
    matcher = TermMatcher(
        [("WHO", (0, "source", "WHO")), ("世卫组织", (1, "source", "世卫组织"))], substring=True
    )
    text = "世卫组织（WHO）说，WHOLE不算"
    assert [text[m.start : m.end] for m in matcher.find(text)] == ["世卫组织", "WHO"]


def test_glossary_languages() -> None:
    glossary = Glossary((Entry("地铁", ("metro",)),), source_lang="zh-CN", target_lang="en")
    assert glossary.applies_to("zh", "en-GB")
    assert not glossary.applies_to("ja", "en")
    assert Glossary(()).applies_to("ja", "fr")
    assert glossary.allowed_in(0, "Take the Metro.", "en")
    assert not glossary.allowed_in(0, "Take the train.", "en")
