"""Readers for parallel-corpus formats: TSV, JSONL, TMX 1.4, XLIFF 1.2/2.x and WMT XML/SGML.

Each reader turns one file into a list of :class:`Unit` (one aligned source/target segment),
ready for :func:`checker.pipeline.check_pairs`. Text formats are decoded with
:func:`checker.read.read_text` (BOM, UTF-8, legacy-encoding detection); XML formats hand the raw
bytes to the parser so that the XML declaration's ``encoding`` is honoured. TSV and JSON Lines
hold one unit per line: one function parses a line of each (:data:`LINE_PARSERS`,
:func:`parse_lines`), used by the whole-file readers here and by the lazy reader of
:mod:`checker.stream`, which streams such files in chunks.

All XML goes through :mod:`defusedxml.ElementTree`, never the standard-library parser: corpus
files come from outside, and an entity-expansion ("billion laughs") or external-entity file
must be refused rather than exhaust memory or read local files. Every failure raises
:class:`checker.errors.InputError` with a one-line message naming the file (and the line where
one is known).
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

import defusedxml
import defusedxml.ElementTree as SafeET

from checker.errors import InputError
from checker.read import NUL_MESSAGE, display_name, read_bytes, read_text

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

PathLike = str | os.PathLike[str]

#: Format names accepted by :func:`read_units` (and the CLI's ``--format``).
FORMATS = ("tsv", "jsonl", "tmx", "xliff", "wmt")

#: File extensions (lower case, after dropping ``.gz``) and the format each implies.
EXTENSIONS = {
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".tmx": "tmx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".xml": "wmt",
    ".sgm": "wmt",
}

ENTITY_MESSAGE = "refuses XML entity declarations (possible entity-expansion attack)"
EXTERNAL_MESSAGE = "refuses external XML references (possible external-entity attack)"

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Inline elements whose content is native markup (e.g. ``<b>``), not visible text: dropped.
_CODE_ELEMENTS = frozenset({"bpt", "ept", "ph", "it", "ut", "sub"})


class Unit(NamedTuple):
    """One aligned segment: source (``None`` when the format lacks it), target, reference, id.

    ``id`` is the TMX ``tuid``, the XLIFF unit / trans-unit id, the WMT ``docid:segid`` or the
    JSONL ``"id"``, so findings can be traced back to the original file. A named tuple: one is
    made per line of a TSV or JSON Lines file, and it is also a row
    ``(source, target, reference, id)`` of :func:`checker.stream.check_stream`.
    """

    source: str | None
    target: str
    reference: str | None = None
    id: str | None = None


# --------------------------------------------------------------------------- text formats


def parse_tsv_line(line: str, name: str, number: int) -> Unit:
    """One line of a TSV file: ``source<TAB>target[<TAB>reference]``; an empty line is an
    empty unit. ``name`` and ``number`` (1-based) are for the error message.

    >>> parse_tsv_line("源\\t目标\\t参考", "a.tsv", 1)
    Unit(source='源', target='目标', reference='参考', id=None)
    """
    if not line.strip():
        return Unit("", "")
    fields = line.split("\t")
    if len(fields) not in (2, 3):
        raise InputError(
            name,
            f"expected 2 or 3 tab-separated fields (source, target, reference), "
            f"found {len(fields)}",
            line=number,
        )
    return Unit(fields[0], fields[1], fields[2] if len(fields) == 3 else None)


def read_tsv(path: PathLike, stdin: BinaryIO | None = None) -> list[Unit]:
    """Read ``source<TAB>target[<TAB>reference]`` lines; an empty line is an empty unit.

    Empty lines are kept (not skipped) so that unit numbers stay equal to line numbers, which
    is how users find a flagged segment in their file.
    """
    return [unit for _, unit in parse_lines(_text_lines(path, stdin), "tsv", display_name(path))]


def _json_field(
    record: dict[str, object], keys: Iterable[str], name: str, number: int
) -> str | None:
    """The first of ``keys`` present in ``record`` (``None`` if none is), checked to be text."""
    for key in keys:
        if key in record:
            value = record[key]
            if value is None or isinstance(value, str):
                return _no_surrogates(value, f'field "{key}"', name, number)
            raise InputError(
                name, f'field "{key}" must be a string, not {type(value).__name__}', line=number
            )
    return None


def _no_surrogates(value: str | None, what: str, name: str, number: int) -> str | None:
    """``value``, refused when it holds a lone surrogate (a ``\\ud800`` escape in JSON).

    Such a string is not Unicode text: it cannot be written out as UTF-8, so it would crash
    the report at the very end instead of being named here.
    """
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        raise InputError(
            name, f"{what} has a lone surrogate \\u{code:04x} (not valid Unicode)", line=number
        ) from None
    return value


def parse_jsonl_line(line: str, name: str, number: int) -> Unit | None:
    """One line of a JSON Lines file as a unit; ``None`` for a blank line (skipped).

    ``name`` and ``number`` (1-based) are for the error message.

    >>> parse_jsonl_line('{"src": "源", "mt": "target", "id": 7}', "a.jsonl", 1)
    Unit(source='源', target='target', reference=None, id='7')
    """
    if not line.strip():
        return None
    try:
        record = json.loads(line, strict=False)
    except json.JSONDecodeError as exc:
        raise InputError(
            name, f"invalid JSON: {exc.msg} (column {exc.colno})", line=number
        ) from None
    except RecursionError:
        raise InputError(name, "invalid JSON: nested too deeply", line=number) from None
    except ValueError as exc:  # e.g. an integer beyond Python's digit limit
        raise InputError(name, f"invalid JSON: {exc}".split(";")[0], line=number) from None
    if not isinstance(record, dict):
        raise InputError(
            name, f"expected a JSON object, found {type(record).__name__}", line=number
        )
    target = _json_field(record, ("target", "tgt", "mt"), name, number)
    if target is None:
        raise InputError(name, 'no "target" (or "tgt", "mt") field', line=number)
    raw_id = record.get("id")
    return Unit(
        _json_field(record, ("source", "src"), name, number),
        target,
        _json_field(record, ("reference", "ref"), name, number),
        _no_surrogates(None if raw_id is None else str(raw_id), '"id"', name, number),
    )


def read_jsonl(path: PathLike, stdin: BinaryIO | None = None) -> list[Unit]:
    """Read one JSON object per line (``source``/``src``, ``target``/``tgt``/``mt``, ...).

    Blank lines are skipped (JSONL writers often end with one); the optional ``reference``/
    ``ref`` and ``id`` keys are kept. A line that is not a JSON object or has no target is an
    error rather than a silently dropped segment. Raw control characters inside strings, which
    strict JSON forbids, are accepted as characters (as in every other text format; the
    ``invisible-characters`` rule flags them).
    """
    lines = _text_lines(path, stdin)
    return [unit for _, unit in parse_lines(lines, "jsonl", display_name(path))]


#: The line-based formats: the parser of one line of each (``None``: a line with no unit).
LINE_PARSERS: dict[str, Callable[[str, str, int], Unit | None]] = {
    "tsv": parse_tsv_line,
    "jsonl": parse_jsonl_line,
}


def parse_lines(lines: Iterable[str], fmt: str, name: str) -> Iterator[tuple[int, Unit]]:
    """(line number, unit) for the decoded lines of a TSV or JSON Lines file, lazily.

    The whole-file readers (:func:`read_tsv`, :func:`read_jsonl`) and the streaming reader
    (:func:`checker.stream.unit_rows`) both go through here, so a line means the same in both.
    """
    parse = LINE_PARSERS[fmt]
    for number, line in enumerate(lines, 1):
        unit = parse(line, name, number)
        if unit is not None:
            yield number, unit


def _text_lines(path: PathLike, stdin: BinaryIO | None) -> list[str]:
    """The lines of a decoded text file (the final newline does not start another line)."""
    lines = read_text(path, stdin).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# --------------------------------------------------------------------------- XML


def parse_xml(path: PathLike, stdin: BinaryIO | None = None) -> Element:
    """Parse an XML file safely with defusedxml; every failure is a one-line InputError.

    The bytes go to the parser undecoded so the XML declaration's encoding (or a BOM) decides.
    Entity declarations and external references are refused; a DOCTYPE alone is allowed
    because TMX and XLIFF files often carry one.
    """
    name = display_name(path)
    data = read_bytes(path, stdin)
    if not data.strip():
        raise InputError(name, "is empty")
    if not data.startswith(_WIDE_XML_STARTS):
        nul = data.find(b"\x00")
        if nul >= 0:  # expat would say "invalid token"; name it as the text readers do
            raise InputError(name, NUL_MESSAGE, byte_offset=nul)
    try:
        try:
            return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True)
        except ValueError as exc:  # expat: "multi-byte encodings are not supported" (GB18030…)
            if isinstance(exc, defusedxml.DefusedXmlException) or "multi-byte" not in str(exc):
                raise
            data = _transcode_to_utf8(data, name)
            return SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True)
    except defusedxml.EntitiesForbidden:
        raise InputError(name, ENTITY_MESSAGE) from None
    except defusedxml.ExternalReferenceForbidden:
        raise InputError(name, EXTERNAL_MESSAGE) from None
    except defusedxml.DTDForbidden:
        raise InputError(name, "refuses XML document type declarations") from None
    except SafeET.ParseError as exc:
        _check_utf8(data, name)  # expat calls bad UTF-8 an "invalid token"; say what it is
        line, column = getattr(exc, "position", (None, None))
        reason = str(exc).split(": line ")[0]
        where = f" (column {column + 1})" if column is not None else ""
        raise InputError(name, f"is not well-formed XML: {reason}{where}", line=line) from None


#: How UTF-16 and UTF-32 XML begins (a byte-order mark, or ``<`` as a wide character): NUL
#: bytes are part of such files' encoding, so only the parser can judge them.
_WIDE_XML_STARTS = (
    b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00\x00<",
)

_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def _check_utf8(data: bytes, name: str) -> None:
    """Raise the text readers' error, with its byte offset, for XML that should be UTF-8 and
    is not (no byte-order mark, and no declared encoding or UTF-8 declared)."""
    if data.startswith(_WIDE_XML_STARTS):
        return
    match = _XML_DECLARATION.match(data)
    if match is not None and match.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            name, "is not valid UTF-8; fix or re-encode the file (e.g. with iconv)",
            byte_offset=exc.start,
        ) from None


def _transcode_to_utf8(data: bytes, name: str) -> bytes:
    """Re-encode XML declared in a multi-byte legacy encoding as UTF-8 for expat.

    Expat cannot parse GB18030, Big5 or Shift_JIS itself, yet Chinese and Japanese corpora
    use them; decoding with Python's codec and rewriting the declaration keeps them readable.
    """
    match = _XML_DECLARATION.match(data)
    if match is None:
        raise InputError(name, "uses an XML encoding the parser does not support")
    encoding = match.group(1).decode("ascii")
    try:
        text = data.decode(encoding)
    except LookupError:
        raise InputError(name, f"declares an unknown XML encoding {encoding!r}") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            name, f"is not valid {encoding} as its XML declaration says", byte_offset=exc.start
        ) from None
    start, end = match.span(1)
    head = data[:start].decode("ascii", errors="replace") + "UTF-8"
    return (head + text[len(data[:end].decode(encoding)) :]).encode("utf-8")


def _local(tag: object) -> str:
    """An element's tag without its ``{namespace}`` (comments and PIs have non-str tags)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: Element, local: str) -> list[Element]:
    """Direct children with the given local name, whatever their namespace."""
    return [child for child in element if _local(child.tag) == local]


def inline_text(element: Element) -> str:
    """The visible text of a segment element, with inline markup removed.

    Code-carrying elements (``bpt``, ``ept``, ``ph``, ``it``, ``ut``, ``sub``) lose their
    content, which is native formatting such as ``<b>``; text-wrapping elements (``hi``, ``g``,
    ``mrk``, ``pc``) keep theirs; XLIFF 2 ``<cp hex>`` becomes its character (a ``hex`` that
    names no character raises :class:`BadCodePoint`). Tail text after every element is kept,
    so the words around a tag are never lost.
    """
    parts = [element.text or ""]
    for child in element:
        local = _local(child.tag)
        if local == "cp":
            parts.append(_code_point(child.get("hex", "")))
        elif local and local not in _CODE_ELEMENTS:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


class BadCodePoint(ValueError):
    """An XLIFF ``<cp hex>`` that is not a Unicode scalar value (bad hex, a surrogate, too big)."""


def _code_point(hex_value: str) -> str:
    """The character of a ``<cp hex="…"/>``; :class:`BadCodePoint` when there is none.

    A bad one is an error rather than silently dropped text; a surrogate would also make the
    report impossible to write as UTF-8.
    """
    try:
        code = int(hex_value, 16)
    except ValueError:
        code = -1
    if not 0 <= code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise BadCodePoint(hex_value)
    return chr(code)


def _inline(element: Element, name: str, label: str) -> str:
    """:func:`inline_text`, with a bad ``<cp>`` turned into an InputError naming ``label``."""
    try:
        return inline_text(element)
    except BadCodePoint as exc:
        msg = f'{label}: <cp hex="{exc}"/> is not a valid character code'
        raise InputError(name, msg) from None


def _lang_matches(lang: str | None, wanted: str) -> bool:
    """True when ``lang`` is ``wanted`` or a regional variant of it (``zh-CN`` for ``zh``)."""
    if not lang:
        return False
    lang, wanted = lang.lower().replace("_", "-"), wanted.lower().replace("_", "-")
    return lang == wanted or lang.startswith(wanted + "-") or wanted.startswith(lang + "-")


def _tuv_lang(tuv: Element) -> str | None:
    """A ``<tuv>``'s language (``xml:lang``, or ``lang`` in TMX 1.1 files)."""
    return tuv.get(_XML_LANG) or tuv.get("lang")


def read_tmx(
    path: PathLike,
    stdin: BinaryIO | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> list[Unit]:
    """Read a TMX 1.4 file: one unit per ``<tu>``, id = ``tuid``.

    The source is the ``<tuv>`` in ``src_lang`` (default: the header's ``srclang``; the first
    ``<tuv>`` when that is ``*all*`` or absent); the target is the ``<tuv>`` in ``tgt_lang``
    (default: the first other language). A ``<tu>`` without a target is an error, since
    dropping it would silently shrink the corpus.
    """
    name = display_name(path)
    root = parse_xml(path, stdin)
    if _local(root.tag) != "tmx":
        raise InputError(name, f"is not a TMX file (root element <{_local(root.tag)}>)")
    headers = _children(root, "header")
    header_lang = headers[0].get("srclang") if headers else None
    if src_lang is None and header_lang and header_lang != "*all*":
        src_lang = header_lang
    units = []
    bodies = _children(root, "body")
    tus = [tu for body in bodies for tu in _children(body, "tu")]
    for number, tu in enumerate(tus, 1):
        tuid = tu.get("tuid")
        label = f"<tu> #{number}" + (f" (tuid {tuid})" if tuid else "")
        tuvs = [t for t in _children(tu, "tuv") if _children(t, "seg")]
        if src_lang is not None:
            source = next((t for t in tuvs if _lang_matches(_tuv_lang(t), src_lang)), None)
        else:
            source = tuvs[0] if tuvs else None
        if tgt_lang is not None:
            target = next((t for t in tuvs if _lang_matches(_tuv_lang(t), tgt_lang)), None)
        else:
            source_lang = _tuv_lang(source) if source is not None else src_lang
            target = next(
                (
                    t
                    for t in tuvs
                    if t is not source
                    and not (source_lang and _lang_matches(_tuv_lang(t), source_lang))
                ),
                None,
            )
        if target is None:
            wanted = f"in {tgt_lang!r} " if tgt_lang else ""
            raise InputError(name, f"{label} has no target-language <tuv> {wanted}".rstrip())
        units.append(
            Unit(
                None if source is None else _inline(_children(source, "seg")[0], name, label),
                _inline(_children(target, "seg")[0], name, label),
                id=tuid,
            )
        )
    return units


def read_xliff(path: PathLike, stdin: BinaryIO | None = None) -> list[Unit]:
    """Read XLIFF 1.2 (``<trans-unit>``) or 2.x (``<unit>``/``<segment>``); ids are kept.

    A unit without a ``<target>`` (untranslated) becomes an empty target rather than an error,
    so the checker reports it as a missing translation instead of refusing the whole file.
    XLIFF 2 units with several segments give one unit per segment, id ``unit/segment``.
    """
    name = display_name(path)
    root = parse_xml(path, stdin)
    if _local(root.tag) != "xliff":
        raise InputError(name, f"is not an XLIFF file (root element <{_local(root.tag)}>)")
    version = root.get("version", "")
    is_v2 = version.startswith("2") or "xliff:document:2" in str(root.tag)

    def text_of(parent: Element, local: str, unit_id: str | None) -> str | None:
        found = _children(parent, local)
        return _inline(found[0], name, f"unit {unit_id}") if found else None

    units = []
    if not is_v2:
        for tu in (e for e in root.iter() if _local(e.tag) == "trans-unit"):
            tu_id = tu.get("id")
            units.append(
                Unit(text_of(tu, "source", tu_id), text_of(tu, "target", tu_id) or "", id=tu_id)
            )
        return units
    for unit in (e for e in root.iter() if _local(e.tag) == "unit"):
        segments = _children(unit, "segment")
        unit_id = unit.get("id")
        for index, segment in enumerate(segments, 1):
            seg_id = unit_id
            if len(segments) > 1:
                seg_id = f"{unit_id}/{segment.get('id') or index}"
            units.append(
                Unit(
                    text_of(segment, "source", seg_id),
                    text_of(segment, "target", seg_id) or "",
                    id=seg_id,
                )
            )
    return units


# --------------------------------------------------------------------------- WMT

_SGM_DOC = re.compile(r"<doc\b[^>]*?\bdocid\s*=\s*\"?([^\">\s]+)", re.IGNORECASE)
_SGM_SEG = re.compile(r"<seg\b[^>]*?\bid\s*=\s*\"?([^\">\s]+)\"?[^>]*>(.*?)</seg>", re.I | re.S)


def _read_sgm_lines(text: str) -> list[Unit]:
    """Parse WMT SGML that is not well-formed XML (unquoted ids, bare ``&``), line by line.

    Older WMT ``.sgm`` releases are SGML, not XML; rejecting them would make the standard
    test sets unreadable, so they get the same tolerant treatment sacrebleu gives them.
    """
    units = []
    docid = None
    for line in text.split("\n"):
        doc = _SGM_DOC.search(line)
        if doc:
            docid = doc.group(1)
        for seg in _SGM_SEG.finditer(line):
            units.append(Unit(None, html.unescape(seg.group(2)), id=f"{docid}:{seg.group(1)}"))
    return units


def read_wmt(path: PathLike, stdin: BinaryIO | None = None) -> list[Unit]:
    """Read one side of a WMT test set (``srcset``/``refset``/``tstset``): a unit per ``<seg>``.

    Each unit's ``target`` is the segment text and its id ``docid:segid``; ``source`` is
    ``None`` because each WMT file holds one language — :func:`pair_wmt` joins the files.
    ``.sgm`` files that are not well-formed XML fall back to a line-based SGML reading.
    """
    name = display_name(path)
    try:
        root = parse_xml(path, stdin)
    except InputError as exc:
        if not (exc.message.startswith("is not well-formed XML") and _suffix(path) == ".sgm"):
            raise
        units = _read_sgm_lines(read_text(path, stdin))
        if not units:
            raise
        return _check_unique(units, name)
    units = []
    for doc in (e for e in root.iter() if _local(e.tag) == "doc"):
        docid = doc.get("docid") or doc.get("id")
        for seg in (e for e in doc.iter() if _local(e.tag) == "seg"):
            seg_id = f"{docid}:{seg.get('id')}"
            units.append(Unit(None, _inline(seg, name, f"segment {seg_id}"), id=seg_id))
    if not units:
        raise InputError(name, "has no <doc>…<seg> elements (not a WMT test-set file?)")
    return _check_unique(units, name)


def _check_unique(units: list[Unit], name: str) -> list[Unit]:
    """Refuse duplicate ``docid:segid`` ids: pairing by id would silently pick one of them."""
    seen: set[str | None] = set()
    for unit in units:
        if unit.id in seen:
            raise InputError(name, f"duplicate segment {unit.id}")
        seen.add(unit.id)
    return units


def pair_wmt(
    source_path: PathLike, target_path: PathLike, reference_path: PathLike | None = None
) -> list[Unit]:
    """Join a WMT source file with a system (and optionally a reference) file.

    Segments are paired by ``docid:segid``, not by position, because WMT system and reference
    files need not list documents in the source's order. The result follows the source order.
    Every source segment must appear in each other file and vice versa; otherwise an
    InputError names the file and the first unmatched segment.
    """
    sources = read_wmt(source_path)

    def by_id(path: PathLike) -> dict[str | None, str]:
        units = read_wmt(path)
        table = {unit.id: unit.target for unit in units}
        source_ids = {unit.id for unit in sources}
        missing = next((u.id for u in sources if u.id not in table), None)
        if missing is not None:
            raise InputError(display_name(path), f"has no segment {missing} (from the source)")
        extra = next((u.id for u in units if u.id not in source_ids), None)
        if extra is not None:
            raise InputError(display_name(path), f"segment {extra} is not in the source file")
        return table

    targets = by_id(target_path)
    references = by_id(reference_path) if reference_path is not None else None
    return [
        Unit(
            unit.target,
            targets[unit.id],
            None if references is None else references[unit.id],
            unit.id,
        )
        for unit in sources
    ]


# --------------------------------------------------------------------------- dispatch


def _suffix(path: PathLike) -> str:
    """The format-bearing extension, lower case, ignoring a trailing ``.gz``."""
    pure = PurePath(str(path))
    if pure.suffix.lower() == ".gz":
        pure = PurePath(pure.stem)
    return pure.suffix.lower()


def format_for(path: PathLike) -> str | None:
    """The format implied by a path's extension (``None`` when the extension is unknown)."""
    return EXTENSIONS.get(_suffix(path))


def read_units(
    path: PathLike,
    fmt: str | None = None,
    stdin: BinaryIO | None = None,
    *,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
) -> list[Unit]:
    """Read a parallel-corpus file in ``fmt`` (default: chosen by the file extension).

    ``src_lang``/``tgt_lang`` choose the languages in multilingual TMX files and are ignored
    by the other formats, whose files hold exactly one language pair.
    """
    name = display_name(path)
    if fmt is None:
        fmt = format_for(path)
        if fmt is None:
            what = "standard input" if name != str(path) else f"extension {_suffix(path)!r}"
            raise InputError(
                name, f"cannot tell the format from {what}; give one of {', '.join(FORMATS)}"
            )
    readers: dict[str, Callable[[PathLike, BinaryIO | None], list[Unit]]] = {
        "tsv": read_tsv,
        "jsonl": read_jsonl,
        "xliff": read_xliff,
        "wmt": read_wmt,
    }
    if fmt == "tmx":
        return read_tmx(path, stdin, src_lang=src_lang, tgt_lang=tgt_lang)
    if fmt not in readers:
        raise InputError(name, f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return readers[fmt](path, stdin)


__all__ = [
    "ENTITY_MESSAGE",
    "BadCodePoint",
    "EXTENSIONS",
    "FORMATS",
    "Unit",
    "format_for",
    "LINE_PARSERS",
    "inline_text",
    "pair_wmt",
    "parse_jsonl_line",
    "parse_lines",
    "parse_tsv_line",
    "parse_xml",
    "read_jsonl",
    "read_tmx",
    "read_tsv",
    "read_units",
    "read_wmt",
    "read_xliff",
]
