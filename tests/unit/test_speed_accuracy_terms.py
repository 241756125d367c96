"""The shortcuts the accuracy and consistency rules take for speed give the same answers as the
plain way they replace, on seeded random texts built from the fragments that matter to each."""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Sequence

import pytest
from conftest import name_spans_reference, random_texts

from checker.detect import accuracy, terms
from checker.detect.base import Pair

ROUNDS = 3000


_ALNUM_RUN = re.compile(r"[^\W_]+")


def _text_size_reference(text: str) -> float:
    """:func:`checker.detect.accuracy.text_size` as it was: one pattern per script."""
    size = float(sum(map(len, _ALNUM_RUN.findall(text))))
    if accuracy._CJK_ANY.search(text):
        others = re.search(f"[{accuracy._KANA}{accuracy._HANGUL}]", text) is not None
        for name in ("han", "kana", "hangul"):
            if (name == "han" or others) and accuracy._SCRIPT_RE[name].search(text):
                n = sum(map(len, accuracy._SCRIPT_RUN[name].findall(text)))
                size += n * (accuracy.SCRIPT_WEIGHT[name] - 1.0)
    return size


#: Han (with an unassigned code point of the block, U+FA6E, and one beyond the BMP), kana,
#: Hangul, their punctuation, full-width and Latin letters and digits.
SIZE_FRAGMENTS = [
    "中", "国", "经济", "\ufa6e", "\U00020001", "\u4dc0", "ア", "ー", "・", "の", "한", "\u3130",
    "，", "。", "“", " ", "_", "a", "Z", "é", "5", "５", "Ａ", "①", "²", "Ж", "-", "\u00a0",
]


def test_text_size() -> None:
    for text in random_texts(SIZE_FRAGMENTS, 11, ROUNDS * 3, 12):
        assert accuracy.text_size(text) == _text_size_reference(text), text


def test_measure_counts_letters_and_digits() -> None:
    for text in random_texts(SIZE_FRAGMENTS + ["\0"], 12, ROUNDS, 12):
        size, letters = accuracy.measure(text)
        assert size == accuracy.text_size(text)
        assert letters == sum(map(len, _ALNUM_RUN.findall(text))), text


def test_holding_finds_the_texts_a_pattern_is_in() -> None:
    rng = random.Random(17)
    fragments = ["a", "?", "中", "“", " ", "？", "", "b?c"]
    for _ in range(ROUNDS // 3):
        texts = list(random_texts(fragments, rng.randrange(1 << 30), rng.randint(0, 8), 4))
        for pattern, ascii_too in ((re.compile("[?]"), True), (re.compile("[中？]"), False)):
            expected = [k for k, text in enumerate(texts) if pattern.search(text)]
            assert accuracy._holding(texts, pattern, ascii_too) == expected, texts


#: Pieces of addresses, full-width forms among them, and what looks like one but is not.
ADDRESS_FRAGMENTS = [
    "www", "WWW", "ｗｗｗ", "Ｗｗw", ".", "．", "。", "com", "ｃｏｍ", "cn", "Com", "3", "5",
    "http", "ＨＴＴＰ", "s", ":", "：", "/", "／", "@", "＠", "#", "＃", "a", "b1", "_", "-",
    "中", "，", " ", "\u3000", "jz", "metro", "Line",
]


def test_address_screens_let_every_address_through() -> None:
    found = 0
    for text in random_texts(ADDRESS_FRAGMENTS, 18, ROUNDS * 10, 10):
        if accuracy.find_addresses(text):
            found += 1
            assert accuracy._ADDRESS_MARK.search(text), text
            assert accuracy._ADDRESS_HINT.search(text), text
    assert found > ROUNDS // 2  # many texts do hold one


def _uncovered_clauses_reference(pair: Pair, min_words: int) -> list[tuple[int, int]]:
    """:func:`checker.detect.accuracy.uncovered_clauses` as it was: each clause cut anew."""
    lex = accuracy._lexicon()
    keys = accuracy.target_keys(pair.target)
    clauses = list(accuracy._SOURCE_CLAUSE.finditer(pair.source))
    if len(clauses) < 2:
        return []
    digits = accuracy._DIGIT_SEPARATOR.sub("", pair.target)
    letters = "".join(pair.target.lower().split())
    out = []
    for m in clauses:
        clause = m.group()
        if any(
            accuracy._DIGIT_SEPARATOR.sub("", n.group()) in digits
            for n in accuracy._SOURCE_NUMBER.finditer(clause)
        ) or any(t.lower() in letters for t in accuracy._LATIN_TOKEN.findall(clause)):
            continue
        words = covered = 0
        for w in lex.segment(clause):
            if len(w) < 2:
                continue
            glosses = lex.glosses(w)
            if glosses:
                words += 1
                covered += bool(glosses & keys)
        if words >= min_words and not covered:
            out.append(accuracy._trim_span(pair.source, m.start(), m.end()))
    return out


def _uncovered_end_reference(pair: Pair, min_words: int, min_share: float) -> object:
    """:func:`checker.detect.accuracy.uncovered_end` as it was: each Han unit cut anew."""
    lex = accuracy._lexicon()
    keys = accuracy.target_keys(pair.target)
    digits = accuracy._DIGIT_SEPARATOR.sub("", pair.target)
    letters = "".join(pair.target.lower().split())
    units: list[tuple[int, int, bool]] = []
    for m in accuracy._UNIT.finditer(pair.source):
        text = m.group()
        if text[0].isdigit():
            units.append((m.start(), m.end(), accuracy._DIGIT_SEPARATOR.sub("", text) in digits))
        elif text[0].isascii():
            units.append((m.start(), m.end(), text.lower() in letters))
        else:
            pos = m.start()
            for w in lex.segment(text):
                glosses = lex.glosses(w) if len(w) >= 2 else frozenset()
                if glosses:
                    units.append((pos, pos + len(w), not glosses.isdisjoint(keys)))
                pos += len(w)
    run = 0
    for _s, _e, ok in reversed(units):
        if ok:
            break
        run += 1
    rest = units[: len(units) - run]
    if run < min_words or run < min_share * len(units) or not rest:
        return None
    if sum(ok for _s, _e, ok in rest) < accuracy.EDGE_MIN_REST * len(rest):
        return None
    return units[-run][0], units[-1][1]


#: Source words with glosses the target pieces render (or not), clause marks, numbers, Latin
#: words, a Han character beyond the BMP (outside the dictionary's runs) and one it lacks.
GAP_SOURCE = [
    "经济", "发展", "政府", "会议", "中国", "人民", "医院", "学校", "的", "了", "在", "，", "。",
    "；", "？", "：", ",", " ", "12", "1,200", "3.5", "12月", "SealWu", "NBA", "\U00020001",
    "\u9fff", "（", "）", "、",
]
GAP_TARGET = [
    "economy", "development", "government", "meeting", "China", "people", "hospital",
    "school", "12", "1200", "3,5", "Seal Wu", "nba", "the", " ", ".", ",",
]


def test_source_gaps_cut_the_source_once() -> None:
    if accuracy._lexicon() is None:
        pytest.skip("no CC-CEDICT")
    rng = random.Random(12)
    for _ in range(ROUNDS):
        source = "".join(rng.choice(GAP_SOURCE) for _ in range(rng.randint(0, 24)))
        target = " ".join(rng.choice(GAP_TARGET) for _ in range(rng.randint(0, 8)))
        pair = Pair(0, source, target, "zh", "en")
        tail = _uncovered_end_reference(pair, accuracy.EDGE_MIN_WORDS, accuracy.EDGE_MIN_SHARE)
        assert accuracy.uncovered_end(
            pair, accuracy.EDGE_MIN_WORDS, accuracy.EDGE_MIN_SHARE
        ) == tail, pair
        for least in (1, 3):
            assert accuracy.uncovered_clauses(pair, least) == _uncovered_clauses_reference(
                pair, least
            ), pair
        expected = [tail] if tail else _uncovered_clauses_reference(pair, 3)
        assert accuracy._source_gaps(pair) == expected, pair



def test_cut_is_the_lexicon_segmentation_word_by_word() -> None:
    """The lazy cut of a Han run gives the words :meth:`Lexicon.segment` gives, in order, on
    runs of dictionary words that overlap (经济发展, 中国人民), characters it lacks and Han
    characters beyond the BMP (which the dictionary's runs leave out)."""
    lex = accuracy._lexicon()
    if lex is None:
        pytest.skip("no CC-CEDICT")
    pieces = [g for g in GAP_SOURCE if accuracy._HAN_RUN.fullmatch(g)]
    pieces += ["中华人民共和国", "人民币", "发展中国家", "\u3400", "\U00020001", "\U0002a6d6"]
    for run in random_texts(pieces, 13, ROUNDS, 12):
        if run:
            assert list(accuracy._cut(lex, run)) == lex.segment(run), run


def _unexplained_reference(pair: Pair, min_words: int) -> object:
    """:func:`checker.detect.accuracy.unexplained` as it was: the whole source cut by the
    lexicon, every run of letters read."""
    lex = accuracy._lexicon()
    keys: set[str] = set()
    for w in lex.segment(pair.source):
        if len(w) >= 2:
            keys |= lex.glosses(w)
    flags = []
    for m in accuracy._ENGLISH_WORD.finditer(pair.target):
        w = m.group()
        if len(w) < 3 or w.lower() in accuracy._COMMON:
            continue
        ok = not keys.isdisjoint(accuracy.word_keys(w)) or w.lower() in pair.source.lower()
        flags.append((m.start(), m.end(), ok))
    sentences = []
    for a, b in pair.target_sentences or ((0, len(pair.target)),):
        inside = [ok for s, _e, ok in flags if a <= s < b]
        if len(inside) >= min_words:
            sentences.append((a, b, sum(inside) / len(inside)))
    run = (0, 0, 0)
    first = count = 0
    for i, (_s, _e, ok) in enumerate(flags):
        if ok:
            count = 0
            continue
        if count == 0:
            first = i
        count += 1
        if count > run[2]:
            run = (flags[first][0], flags[i][1], count)
    return accuracy.Unexplained(tuple(sentences), run)


def test_unexplained_reads_the_same_words() -> None:
    if accuracy._lexicon() is None:
        pytest.skip("no CC-CEDICT")
    rng = random.Random(14)
    words = GAP_TARGET + ["a", "of", "Seal", "ab", "NBA", "said", "economic", "x1y", "é"]
    for _ in range(ROUNDS // 3):
        source = "".join(rng.choice(GAP_SOURCE) for _ in range(rng.randint(0, 16)))
        target = rng.choice(["", " ", "-"]).join(
            rng.choice(words) for _ in range(rng.randint(0, 24)))
        cut = rng.randint(0, len(target))
        sentences = rng.choice([(), ((0, cut), (cut, len(target)))])
        pair = Pair(0, source, target, "zh", "en", (), sentences)
        for least in (1, 3):
            assert accuracy.unexplained(pair, least) == _unexplained_reference(pair, least), pair

# --- terms ---------------------------------------------------------------------------------------


#: Words (ASCII and not, capitalised or not) and what may stand between them, punctuation
#: outside ASCII above all: the text of ASCII words reads its capitalised words alone.
NAME_WORDS = [
    "Xi", "Jinping", "Jin-ping", "The", "the", "President", "China's", "China’s", "US", "a3D",
    "x-Ray", "O'Neil", "O’Neil", "McDonald", "José", "Émile", "éA", "²A", "Ünal", "of", "I",
    "Zheng", "Zhou", "ZHENG", "Ａ", "don’t", "Don’t",
]
NAME_GAPS = [" ", "  ", ", ", "“", "”", " — ", "\u00a0", "\u3000", "…", "’", "-", "«", "", "\n"]


def test_name_spans_with_punctuation_outside_ascii() -> None:
    rng = random.Random(13)
    for _ in range(ROUNDS * 2):
        text = "".join(
            rng.choice(NAME_WORDS) + rng.choice(NAME_GAPS) for _ in range(rng.randint(0, 10))
        )
        for max_words in (4, 2):
            assert list(terms._name_spans(text, max_words)) == list(
                name_spans_reference(text, max_words)
            ), text


#: Stable characters and marks, and what may break a word's edge: letters (cased, folding to
#: two, full-width), combining marks, compatibility ideographs and radicals, ligatures.
EDGE_FRAGMENTS = [
    "中", "国", "经济", "人", "0", "7", "2021", "，", "。", "“", "”", "（", "）", " ", "\u3000",
    "…", "—", "·", ".", "-", "'", "a", "Z", "ß", "İ", "ſ", "Ａ", "１", "_", "\u0301", "\u0308",
    "\uf900", "\u2f00", "\u2e9f", "ﬁ", "①", "㈠", "é", "\u00a0", "\ufa6e", "\U00020001",
]


def _stable_characters() -> str:
    return "".join(
        c
        for c in map(chr, range(0x110000))
        if not 0xD800 <= ord(c) <= 0xDFFF and re.fullmatch(f"[{terms._STABLE}]", c)
    )


def test_word_edges_are_those_of_the_folded_words() -> None:
    told = 0
    plain = [f for f in EDGE_FRAGMENTS if re.fullmatch(f"[{terms._STABLE}]+", f)]
    for text in random_texts(EDGE_FRAGMENTS + plain * 4, 14, ROUNDS * 10, 12):
        edges = terms._word_edges(text)
        if edges is not None:
            told += 1
            assert edges == terms._edges_of(terms._norm_words(text)), text
    assert told > ROUNDS  # the screen answers for many of them


def test_all_word_edges_are_each_texts() -> None:
    """The edges of many texts read in one pass, one a line, are those of each text (texts
    with a line break, a carriage return or other line ends of ``str.splitlines`` among
    them)."""
    plain = [f for f in EDGE_FRAGMENTS if re.fullmatch(f"[{terms._STABLE}]+", f)]
    fragments = EDGE_FRAGMENTS + plain * 6 + ["\r", "\u2028", "\x1c"]
    texts = [t for t in random_texts(fragments, 15, ROUNDS * 10, 7) if t]
    rng = random.Random(15)
    told = 0
    for _ in range(ROUNDS):
        some = rng.sample(texts, rng.randint(1, 12))
        if rng.random() < 0.1:
            some[rng.randrange(len(some))] += rng.choice(["\n", "\n中", "12\n"])
        expected = [terms._word_edges(text) for text in some]
        assert terms._all_word_edges(some) == expected, some
        told += sum(edge is not None for edge in expected)
    assert told > ROUNDS  # many texts have edges


def test_word_edges_characters_keep_and_part() -> None:
    """What the screen relies on, on the whole of Unicode: stable characters are words alone,
    unchanged, marks fold to separators, and no canonical composition involves either."""
    stable = _stable_characters()
    for c in stable:
        assert c.isalnum() and unicodedata.combining(c) == 0, hex(ord(c))
        assert terms._norm_words(c) == (c,), hex(ord(c))
    for c in terms._MARKS:
        assert unicodedata.combining(c) == 0 and terms._norm_words(c) == (), c
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):  # a pair that composes
            for part in parts:
                c = chr(int(part, 16))
                assert c not in stable and c not in terms._MARKS, (hex(code), c)


def _repeated_reference(rule: terms.Inconsistency, pairs: Sequence[Pair]) -> list[object]:
    """:meth:`Inconsistency._repeated_segments` grouping every source by its folded words."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for pos, pair in enumerate(pairs):
        if not pair.source.strip() or not pair.target.strip():
            continue
        groups.setdefault(terms._norm_words(pair.source), []).append(pos)
    out = []
    for key, members in groups.items():
        if len(members) < 2 or rule._segment_size(key) < rule.min_words:
            continue
        by_translation: dict[tuple[str, ...], list[int]] = {}
        for pos in members:
            by_translation.setdefault(terms._norm_words(pairs[pos].target), []).append(pos)
        if len(by_translation) < 2:
            continue
        usual = max(by_translation.values(), key=len)
        for translation in by_translation.values():
            if translation is not usual:
                out.extend((pos, usual[0]) for pos in translation)
    return out


def test_repeated_segments_fold_only_what_may_repeat() -> None:
    rule = terms.Inconsistency()
    rng = random.Random(15)
    # each source also written so that only folding makes it the same: a radical (⼀) or a
    # compatibility ideograph (豈) for the ideograph, full-width digits, capitals
    sources = [
        ("一场会议于2021年7月举行", "⼀场会议于２０２１年7月举行"),
        ("豈有此理的经济发展很快啊", "\uf900有此理的经济发展很快啊"),
        ("中国人民的NBA球星来华访问", "中国人民的nba球星来华访问"),
        ("短句", "短句"),
    ]
    marks = ["", "。", "，", " ", "“", "\u3000", "…", "Ａ", "①"]
    targets = ["It was held.", "it was held", "The economy grew.", "", " ", "NBA stars came."]
    hits = 0
    for _ in range(ROUNDS // 3):
        pairs = []
        for k in range(rng.randint(0, 12)):
            source = rng.choice(rng.choice(sources))
            source = rng.choice(marks) + source + rng.choice(marks)
            pairs.append(Pair(k, source, rng.choice(targets), "zh", "en"))
        found = [(h.pair, h.message) for h in rule._repeated_segments(pairs)]
        expected = _repeated_reference(rule, pairs)
        assert [pos for pos, _ in found] == [pos for pos, _ in expected], pairs
        assert all(
            f"segment {pairs[first].index}:" in message
            for (_, message), (_, first) in zip(found, expected, strict=True)
        )
        hits += len(found)
    assert hits > ROUNDS // 30  # the documents do repeat sources


def _document_names_reference(
    texts: Sequence[str], least: int
) -> dict[str, dict[str, list[terms._Name]]]:
    """:func:`checker.detect.terms._document_names` the plain way: every text's names, one by
    one, grouped by key and surface; the keys written two ways kept."""
    by_key: dict[str, dict[str, list[terms._Name]]] = {}
    for k, text in enumerate(texts):
        for start, end, surface, key in name_spans_reference(text):
            if len(key) >= least:
                by_key.setdefault(key, {}).setdefault(surface, []).append(
                    terms._Name(k, start, end, surface)
                )
    return {key: forms for key, forms in by_key.items() if len(forms) >= 2}


#: Names written two ways (in case, hyphens, spaces, apostrophes), as well as :data:`NAME_WORDS`.
NAME_VARIANTS = [
    "Zhengzhou", "ZhengZhou", "Zheng", "Zhou", "Xi", "Jinping", "Jin-ping", "JinPing",
    "O'Neil", "O’Neil", "ONeil", "Xinhua", "Net", "Xinhuanet", "Secretary", "General",
]


def test_cap_run_spans_are_the_pattern_runs() -> None:
    """The runs found in an ASCII text's classes are those of the pattern over the text, on
    every ASCII character (and outside ASCII, where the pattern itself is used)."""
    fragments = [chr(c) for c in range(128)] + ["Xi", "Jin", "ping", " ", "-", "'", "A", "b"] * 8
    fragments += ["’", "é", "\u00a0"]
    for text in random_texts(fragments, 19, ROUNDS * 10, 10):
        expected = [m.span() for m in terms._CAP_RUN.finditer(text)]
        assert terms._cap_run_spans(text) == expected, text


def test_document_names_are_each_texts() -> None:
    rng = random.Random(16)
    plain = [w for w in NAME_WORDS if w.isascii() and not re.search(r"[0-9_'-]", w)]
    collisions = 0
    for _ in range(ROUNDS // 3):
        texts = [
            "".join(
                rng.choice(
                    rng.choice((plain, NAME_WORDS, NAME_VARIANTS, NAME_VARIANTS, NAME_VARIANTS))
                )
                + rng.choice(NAME_GAPS)
                for _ in range(rng.randint(0, 8))
            )
            for _ in range(rng.randint(0, 6))
        ]
        for least in (0, 4):
            expected = _document_names_reference(texts, least)
            found = terms._document_names(texts, least)
            assert found == expected, texts
            assert list(found) == list(expected), texts  # the keys in the same order
            assert all(list(found[key]) == list(forms) for key, forms in expected.items())
            collisions += len(expected)
    assert collisions > ROUNDS // 3  # the texts do write names two ways
