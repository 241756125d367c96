"""Reading: encodings, line ends, paragraphs, and one-line errors for bad files."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest

from checker.errors import InputError
from checker.read import decode, paragraph_spans, read_text

ZH = "重庆市周五起施行反间谍工作条例，共二十九条。\n\n要求各机构加强安全防范。"
ZH_TRAD = "重慶市週五起施行反間諜工作條例，共二十九條。\n\n要求各機構加強安全防範。"

ENCODED = (
    ("utf-8", ZH.encode("utf-8")),
    ("utf-8-bom", codecs.BOM_UTF8 + ZH.encode("utf-8")),
    ("utf-16-le-bom", ZH.encode("utf-16")),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE + ZH.encode("utf-16-be")),
    ("gb18030", ZH.encode("gb18030")),
    ("gbk", ZH.encode("gbk")),
)


@pytest.mark.parametrize(("label", "data"), ENCODED, ids=[e[0] for e in ENCODED])
def test_decodes_unicode_and_legacy_chinese(label: str, data: bytes) -> None:
    assert decode(data, label) == ZH


def test_decodes_big5() -> None:
    assert decode(ZH_TRAD.encode("big5"), "big5.txt") == ZH_TRAD


def test_decodes_latin1_french_as_western() -> None:
    text = "Le café est très bon, déjà vu à Noël. " * 3
    assert decode(text.encode("latin-1"), "fr.txt") == text


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_ends_are_normalised(newline: str) -> None:
    text = decode(f"One.{newline}{newline}Two.{newline}".encode(), "x")
    assert text == "One.\n\nTwo.\n"


def test_paragraphs_are_blank_line_blocks() -> None:
    text = "  First line\nsame paragraph.\n \t\nSecond.\n\n\n\nThird."
    assert [text[a:b] for a, b in paragraph_spans(text)] == [
        "First line\nsame paragraph.",
        "Second.",
        "Third.",
    ]


def test_stdin_dash(tmp_path: Path) -> None:
    assert read_text("-", io.BytesIO(b"Hello.\n")) == "Hello.\n"


def _error(tmp_path: Path, data: bytes | None, name: str = "bad.txt") -> InputError:
    path = tmp_path / name
    if data is not None:
        path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_text(path)
    return info.value


def test_invalid_utf8_names_byte_offset(tmp_path: Path) -> None:
    good = "新闻报道。".encode() * 20
    err = _error(tmp_path, good + b"\xff\xfe\xfa" + good)
    assert err.byte_offset == len(good)
    assert str(err).startswith(str(tmp_path / "bad.txt"))
    assert f"(byte {len(good)})" in str(err)
    assert "\n" not in str(err)


def test_binary_file(tmp_path: Path) -> None:
    err = _error(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8")
    assert "binary" in str(err)
    assert err.byte_offset == 8


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    assert "empty" in str(_error(tmp_path, b""))
    assert "only whitespace" in str(_error(tmp_path, b" \n\t\n", "ws.txt"))


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert "no such file" in str(_error(tmp_path, None, "missing.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)
