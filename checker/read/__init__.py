"""Reading: bytes → decoded, newline-normalised text → paragraphs.

Decoding order: a byte-order mark wins (UTF-8, UTF-16, UTF-32); then strict UTF-8; then, only
when the bytes do not look like damaged UTF-8, charset-normalizer restricted to
:data:`LEGACY_ENCODINGS` (restricting the candidates stops it from reading Latin-1 French as
cp1257, which it does when left to choose among all code pages).

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

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
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
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    name, f"invalid {encoding.upper()} despite its byte-order mark",
                    byte_offset=exc.start,
                ) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(name, "looks like a binary file (NUL byte)", byte_offset=nul)
    if _looks_like_damaged_utf8(data):
        raise InputError(
            name,
            "is not valid UTF-8; fix or re-encode the file (e.g. with iconv)",
            byte_offset=first_bad,
        )
    from charset_normalizer import from_bytes  # imported lazily: only legacy files need it

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None:
        raise InputError(
            name,
            "cannot be decoded as UTF-8 or a known legacy encoding; convert it to UTF-8",
            byte_offset=first_bad,
        )
    return str(best)


def _looks_like_damaged_utf8(data: bytes) -> bool:
    """True when most non-ASCII bytes form valid UTF-8 sequences (a few bad bytes in UTF-8).

    Legacy Chinese encodings almost never form long runs of valid UTF-8 multi-byte sequences,
    so a file whose non-ASCII content is mostly valid UTF-8 is treated as broken UTF-8 rather
    than guessed at (a guess would silently turn the whole file into mojibake).
    """
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = sum(1 for ch in decoded if ord(ch) > 0x7F and ch != "\ufffd")
    return good > 2 * bad


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
