"""Reading: bytes → decoded, newline-normalised text → paragraphs.

Decoding order: a byte-order mark wins (UTF-8, UTF-16, UTF-32); then strict UTF-8; then, only
when the bytes do not look like damaged UTF-8, charset-normalizer restricted to
:data:`LEGACY_ENCODINGS` (restricting the candidates stops it from reading Latin-1 French as
cp1257, which it does when left to choose among all code pages), taking its first reading that
is plausible (a multi-byte CJK reading must look like CJK text, :func:`_plausible_reading`).

NUL policy, the same in every format: a raw NUL byte (or a NUL character in a UTF-16/32 file)
is an error with its byte offset (:data:`NUL_MESSAGE`), because it means binary data or BOM-less
UTF-16 that would otherwise be read as garbage. A NUL written as an escape (JSON ``\\u0000``,
XLIFF ``<cp hex="0"/>``) is a character like any other control character, which the
``invisible-characters`` rule flags. Files over 8 MiB that :mod:`checker.stream` reads
line by line (line-aligned text, TSV, JSON Lines) are decoded block by block
(:func:`checker.stream.iter_lines`), and every block gets the same check, with the same message
and the byte offset in the whole file.

Every failure raises :class:`checker.errors.InputError` with a one-line message that names the
file and, for undecodable bytes, the byte offset.
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
import sys
from pathlib import Path
from typing import BinaryIO

from checker.chars import SPACE, SPACE_CLASS, trim
from checker.errors import InputError

#: Legacy encodings we consider when a file is not UTF-8, in the order we trust them.
LEGACY_ENCODINGS = (
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
    "cp1252",
    "cp1251",
    "iso8859_15",
)

#: Multi-byte legacy encodings: a reading in one of them must look like CJK text (see
#: :func:`_plausible_reading`), or a stray byte in ASCII text becomes a Chinese character that
#: swallows the next letter (``\x81The`` read as GB18030 is ``乀he``).
_MULTIBYTE = frozenset({"gb18030", "big5", "shift_jis", "euc_jp", "euc_kr"})
#: Han ideographs, kana and Hangul syllables: the letters of a genuine CJK text.
_CJK_LETTERS = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f]+"
)
#: CJK punctuation, full-width and half-width forms, and the rest of the CJK blocks.
_CJK_OTHER = re.compile("[\u2e80-\u303f\u3100-\u33ff\ufe30-\ufe4f\uff00-\uffef]+")

#: The error for a NUL byte in a file without a byte-order mark (see the module docstring).
NUL_MESSAGE = (
    "contains a NUL byte: binary data, or UTF-16/UTF-32 text without a byte-order mark? "
    "Convert it to UTF-8 text"
)

#: Byte-order marks, the codec for what follows each, and its display name.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

_BLANK_LINES = re.compile(rf"\n[{re.escape(SPACE.replace(chr(10), ''))}]*\n[{SPACE_CLASS}]*")

STDIN_NAME = "<stdin>"


def display_name(path: str | os.PathLike[str]) -> str:
    """The name used for a path in messages and reports (``-`` is standard input)."""
    return STDIN_NAME if str(path) == "-" else str(path)


def open_binary(path: str | os.PathLike[str], stdin: BinaryIO | None = None) -> BinaryIO:
    """Open a file for reading bytes (``-``: standard input; ``.gz``: decompressed).

    OS errors become one-line :class:`InputError` messages naming the file.
    """
    name = display_name(path)
    if str(path) == "-":
        return stdin if stdin is not None else sys.stdin.buffer
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(name, "is a directory, not a text file")
        if p.suffix == ".gz":
            return gzip.open(p, "rb")  # type: ignore[return-value]
        return p.open("rb")
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory, not a text file") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None


def read_bytes(
    path: str | os.PathLike[str], stdin: BinaryIO | None = None, limit: int = -1
) -> bytes:
    """Read a file's bytes (``-`` reads standard input); ``limit``: at most that many."""
    stream = open_binary(path, stdin)
    try:
        return stream.read(limit)
    except (OSError, EOFError) as exc:  # a truncated or corrupt .gz file
        raise InputError(display_name(path), f"cannot read: {exc}") from None
    finally:
        if str(path) != "-":
            stream.close()


def decode(data: bytes, name: str) -> str:
    """Decode bytes to text with newlines normalised to ``\\n`` and no BOM.

    >>> decode("\\ufeff甲\\r\\n乙\\r丙".encode("utf-8"), "x")
    '甲\\n乙\\n丙'
    """
    text = _decode(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip(SPACE):
        raise InputError(name, "is empty" if not text else "contains only whitespace")
    return text


def _decode(data: bytes, name: str) -> str:
    if not data:
        raise InputError(name, "is empty")
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(
                    name, f"invalid {label} despite its byte-order mark",
                    byte_offset=len(bom) + exc.start,
                ) from None
            nul = text.find("\x00")
            if nul >= 0:
                offset = len(bom) + len(text[:nul].encode(codec))
                raise InputError(name, "contains a NUL character (U+0000)", byte_offset=offset)
            return text
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, NUL_MESSAGE, byte_offset=nul)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if _looks_like_damaged_utf8(data):
        raise InputError(
            name,
            "is not valid UTF-8; fix or re-encode the file (e.g. with iconv)",
            byte_offset=first_bad,
        )
    from charset_normalizer import from_bytes  # imported lazily: only legacy files need it

    for match in from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)):
        text = str(match)
        if _plausible_reading(text, match.encoding):
            return text
    raise InputError(
        name,
        "is not valid UTF-8 and no known legacy encoding reads it; convert it to UTF-8",
        byte_offset=first_bad,
    )


def _looks_like_damaged_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form valid UTF-8 sequences (a few bad bytes in UTF-8).

    Legacy Chinese encodings almost never form long runs of valid UTF-8 multi-byte sequences,
    so a file whose non-ASCII content is mostly valid UTF-8 is treated as broken UTF-8 rather
    than guessed at (a guess would silently turn the whole file into mojibake).
    """
    decoded = data.decode("utf-8", errors="replace")
    replaced = decoded.count("\ufffd")
    bad = replaced - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = _non_ascii(decoded) - replaced
    return good > 2 * bad


def _non_ascii(text: str) -> int:
    """How many characters of ``text`` are not ASCII (counted in C: files can be large)."""
    return len(text) - len(text.encode("ascii", errors="ignore"))


def _plausible_reading(text: str, encoding: str) -> bool:
    """Is ``text``, decoded from a legacy ``encoding``, believable as that encoding's text?

    Single-byte Western and Cyrillic readings always are (every byte is some letter). A
    multi-byte CJK reading must be mostly CJK: at least 90% of its non-ASCII characters, and
    either four CJK letters or a text that is largely non-ASCII. Otherwise a stray byte in an
    ASCII file pairs with the next letter into an ideograph, and that letter is lost silently.
    """
    if encoding not in _MULTIBYTE:
        return True
    letters = sum(len(m) for m in _CJK_LETTERS.findall(text))
    if not letters:
        return False
    other = sum(len(m) for m in _CJK_OTHER.findall(text))
    non_ascii = _non_ascii(text)
    if letters + other < 0.9 * non_ascii:
        return False
    return letters >= 4 or 4 * non_ascii >= len(text.strip(SPACE))


def read_text(path: str | os.PathLike[str], stdin: BinaryIO | None = None) -> str:
    """Read and decode one text file (``-`` for standard input)."""
    name = display_name(path)
    return decode(read_bytes(path, stdin), name)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the paragraphs of ``text``: blocks separated by blank lines, trimmed.

    >>> t = "One. Two.\\n\\n  Three.\\n  \\nFour"
    >>> [t[a:b] for a, b in paragraph_spans(t)]
    ['One. Two.', 'Three.', 'Four']
    """
    spans = []
    pos = 0
    for m in _BLANK_LINES.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return [t for a, b in spans if (t := trim(text, a, b)) is not None]
