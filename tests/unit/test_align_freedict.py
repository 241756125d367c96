"""Tests for the FreeDict dictionary aligner (German-French and any other installed pair).

Most tests write a small dictd dictionary of their own (index with base64 offsets, entries with
translation and definition lines, as FreeDict's WikDict-based dictionaries have them) and point
``CHECKER_DICTD_PATH`` at it. The last ones use Debian's ``dict-freedict-deu-fra`` and
``dict-freedict-fra-deu`` and skip when they are not installed.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.align import align, align_sentences, freedict
from checker.align.lexical import align_lexical
from checker.model import Bead

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

DEU_FRA = [
    ("Bauer", "Bauer /ˈbaʊ̯ɐ/ <n, masc>\nagriculteur, paysan\nPerson, die Landwirtschaft betreibt"),
    ("Berg", "Berg /bɛʁk/ <n, masc>\nmont\ngroße Erhebung im Gelände"),
    ("Brot", "Brot /bʁoːt/ <n, neut>\npain\nGebäck aus Mehl und Wasser"),
    ("Dorf", "Dorf /dɔʁf/ <n, neut>\nvillage\nkleine Siedlung"),
    ("Ernte", "Ernte /ˈɛʁntə/ <n, fem>\n1. récolte 2.\nEinbringen der Feldfrüchte"),
    ("frisch", "frisch /fʁɪʃ/ <adj>\nfrais\nneu, nicht alt"),
    ("ganz", "ganz /ɡant͡s/ <adj>\ntout, entier\nvollständig"),
    ("Gipfel", "Gipfel /ˈɡɪp͡fl̩/ <n, masc>\n1. sommet, cime 2.\nhöchste Stelle eines Berges"),
    ("Hütte", "Hütte /ˈhʏtə/ <n, fem>\ncabane, refuge\nkleines einfaches Haus"),
    ("Regen", "Regen /ˈʁeːɡn̩/ <n, masc>\npluie\nWasser, das aus Wolken fällt"),
    ("Schnee", "Schnee /ʃneː/ <n, masc>\nneige\ngefrorenes Wasser in Flocken"),
    ("Seil", "Seil /zaɪ̯l/ <n, neut>\ncorde\nein starker Strick"),
    ("Weizen", "Weizen /ˈvaɪ̯t͡sn̩/ <n, masc>\nblé, froment\nGetreideart"),
    ("Wetter", "Wetter /ˈvɛtɐ/ <n, neut>\ntemps, météo\nZustand der Atmosphäre"),
]
FRA_DEU = [
    ("brouillard", "brouillard /bʁu.jaʁ/ <n, masc>\nNebel"),
    ("toute", "toute /tut/ <adj>\nganz"),
    ("village", "village /vi.laʒ/ <n, masc>\nDorf"),
    ("glacier", "glacier /ɡla.sje/ <n, masc>\nGletscher"),
    ("mont", "mont /mɔ̃/ <n, masc>\nBerg"),
    ("montagne", "montagne /mɔ̃.taɲ/ <n, fem>\nBerg, Gebirge"),
    ("pain", "pain /pɛ̃/ <n, masc>\nBrot"),
    ("pluie", "pluie /plɥi/ <n, fem>\nRegen"),
    ("sommet", "sommet /sɔ.mɛ/ <n, masc>\nGipfel"),
    ("paysan", "paysan /pe.i.zɑ̃/ <n, masc>\nBauer"),
    ("blé", "blé /ble/ <n, masc>\nWeizen"),
    ("fraîche", "fraîche /fʁɛʃ/ <adj, fem>\nfrisch"),
    ("froment", "froment /fʁɔ.mɑ̃/ <n, masc>\nWeizen"),
    ("temps", "temps /tɑ̃/ <n, masc>\nWetter, Zeit"),
    ("corde", "corde /kɔʁd/ <n, fem>\nSeil"),
    ("cabane", "cabane /ka.ban/ <n, fem>\nHütte"),
    ("neige", "neige /nɛʒ/ <n, fem>\nSchnee"),
    ("récolte", "récolte /ʁe.kɔlt/ <n, fem>\nErnte"),
]


def _b64(value: int) -> str:
    digits = ""
    while True:
        digits = B64[value % 64] + digits
        value //= 64
        if not value:
            return digits


def write_dictd(folder: Path, name: str, entries: list[tuple[str, str]], *, dz: bool) -> None:
    """A dictd dictionary: ``<name>.index`` and ``<name>.dict`` (gzip'd as ``.dict.dz``)."""
    data = b""
    index = ["00databaseshort\tA\tB"]
    for head, text in entries:
        raw = (text + "\n").encode()
        index.append(f"{head}\t{_b64(len(data))}\t{_b64(len(raw))}")
        data += raw
    (folder / f"{name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    if dz:
        (folder / f"{name}.dict.dz").write_bytes(gzip.compress(data))
    else:
        (folder / f"{name}.dict").write_bytes(data)


@pytest.fixture
def dictd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Both directions of a small German-French dictionary, and only them, installed."""
    write_dictd(tmp_path, "freedict-deu-fra", DEU_FRA, dz=True)
    write_dictd(tmp_path, "freedict-fra-deu", FRA_DEU, dz=False)
    monkeypatch.setenv("CHECKER_DICTD_PATH", str(tmp_path))
    monkeypatch.setattr(freedict, "DICTD_DIRS", ())
    freedict.load_table.cache_clear()
    yield tmp_path
    freedict.load_table.cache_clear()


@pytest.fixture
def no_dictd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHECKER_DICTD_PATH", str(tmp_path))
    monkeypatch.setattr(freedict, "DICTD_DIRS", ())
    freedict.load_table.cache_clear()
    yield
    freedict.load_table.cache_clear()


# Sentences of about the same length, without names or numbers: lengths cannot tell them apart.
WEATHER_DE = [
    "Der Regen fiel den ganzen Tag auf das Dorf.",
    "Der Bauer brachte die Ernte vom Weizen ein.",
    "Oben am Gipfel lag schon frischer Schnee.",
    "Wir nahmen das Seil und gingen zur Hütte.",
    "Das Brot in der Hütte war hart und alt.",
    "Am Abend wurde das Wetter wieder besser.",
]
#: The translation leaves out the harvest sentence.
WEATHER_FR = [
    "La pluie tomba toute la journée sur le village.",
    "Au sommet, il y avait déjà de la neige fraîche.",
    "Nous prîmes la corde et allâmes à la cabane.",
    "Le pain de la cabane était dur et vieux.",
    "Le soir, le temps redevint meilleur.",
]
WEATHER_GOLD = [Bead((0,), (0,)), Bead((1,), ())] + [Bead((i,), (i - 1,)) for i in range(2, 6)]


def _covers_once(beads: list[Bead], n: int, m: int) -> None:
    assert [i for b in beads for i in b.source] == list(range(n))
    assert [j for b in beads for j in b.target] == list(range(m))


def test_index_offsets_and_entries_are_read_back(dictd: Path) -> None:
    entries = list(
        freedict.read_entries(dictd / "freedict-deu-fra.index", dictd / "freedict-deu-fra.dict.dz")
    )
    assert [h for h, _ in entries] == [h for h, _ in DEU_FRA]
    gipfel = dict(entries)["Gipfel"]
    assert gipfel.startswith("Gipfel /")
    assert gipfel.rstrip("\n") == dict(DEU_FRA)["Gipfel"]


def test_translation_lines_are_kept_and_definitions_dropped() -> None:
    french = {"sommet", "cime", "une"}
    german = {"höchste", "stelle", "eines", "berges", "une"}
    entry = "Gipfel /x/ <n>\n1. sommet, cime 2.\nhöchste Stelle eines Berges\n 3.\nune"
    assert list(freedict.translations(entry, french, german)) == ["sommet", "cime"]


def test_word_keys_meet_across_inflections() -> None:
    assert freedict.word_key("Gipfels", "de") == freedict.word_key("Gipfel", "de")
    assert freedict.word_key("sommets", "fr") == freedict.word_key("sommet", "fr")
    assert freedict.word_key("bestellen", "de") != freedict.word_key("besteigen", "de")
    assert freedict.word_key("Ägypten", "xx") == "ägypten"  # no suffixes for unknown languages


def test_both_directions_are_merged_either_way_round(dictd: Path) -> None:
    table = freedict.load_table("de", "fr")
    assert table is not None
    assert table.pairs["gipfel"] == {"sommet"}  # "cime" is not a French headword here
    assert table.pairs["berg"] == {"mont", "montagn"}  # montagne: French-German only
    assert not any("stelle" in keys for keys in table.pairs.values())  # a definition word
    reverse = freedict.load_table("fr-FR", "de")
    assert reverse is not None
    assert "gipfel" in reverse.pairs["sommet"]
    assert "berg" in reverse.pairs["montagn"]


def test_one_direction_is_enough(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_dictd(tmp_path, "freedict-deu-fra", DEU_FRA, dz=False)
    monkeypatch.setenv("CHECKER_DICTD_PATH", str(tmp_path))
    monkeypatch.setattr(freedict, "DICTD_DIRS", ())
    freedict.load_table.cache_clear()
    try:
        assert freedict.available("fr", "de")
        table = freedict.load_table("de", "fr")
        assert table is not None
        assert {"sommet", "cime"} <= table.pairs["gipfel"]
        assert not any("stelle" in keys for keys in table.pairs.values())  # a German headword?
    finally:
        freedict.load_table.cache_clear()


def test_unknown_or_missing_pairs_are_unavailable(dictd: Path) -> None:
    assert freedict.available("de", "fr")
    assert not freedict.available("de", "es")
    assert not freedict.available("de", "de")
    assert not freedict.available("xx", "fr")
    assert freedict.load_table("de", "es") is None


def test_the_dictionary_tells_which_sentence_was_dropped(dictd: Path) -> None:
    expected = WEATHER_GOLD
    beads = freedict.align_freedict(WEATHER_DE, WEATHER_FR, source_lang="de", target_lang="fr")
    assert beads == expected
    # Lengths alone, and the document's own word pairs, hide it in a 2-1 bead.
    assert align(WEATHER_DE, WEATHER_FR)[0] == Bead((0, 1), (0,))
    assert align_lexical(WEATHER_DE, WEATHER_FR)[0] == Bead((0, 1), (0,))
    # auto picks the dictionary when one is installed; so does dictionary, either way round.
    for mode in ("auto", "dictionary"):
        got = align_sentences(
            WEATHER_DE, WEATHER_FR, source_lang="de", target_lang="fr", mode=mode
        )
        assert got == expected
    mirrored = align_sentences(WEATHER_FR, WEATHER_DE, source_lang="fr", target_lang="de")
    assert mirrored == [Bead(b.target, b.source) for b in expected]


def test_without_a_dictionary_auto_and_dictionary_fall_back_to_lexical(no_dictd: None) -> None:
    assert not freedict.available("de", "fr")
    lexical = align_lexical(WEATHER_DE, WEATHER_FR)
    for mode in ("auto", "dictionary"):
        got = align_sentences(
            WEATHER_DE, WEATHER_FR, source_lang="de", target_lang="fr", mode=mode
        )
        assert got == lexical


VOCABULARY_DE = [h for h, _ in DEU_FRA] + ["Haus", "Wald", "Dorf", "Fluss"]
VOCABULARY_FR = [h for h, _ in FRA_DEU] + ["maison", "forêt", "rivière"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(VOCABULARY_DE), max_size=8), max_size=12),
    st.lists(st.lists(st.sampled_from(VOCABULARY_FR), max_size=8), max_size=12),
)
def test_every_sentence_is_in_exactly_one_bead(
    source_words: list[list[str]], target_words: list[list[str]]
) -> None:
    source = [" ".join(ws) + "." for ws in source_words]
    target = [" ".join(ws) + "." for ws in target_words]
    table = freedict.WordTable(
        "de", "fr", {"gipfel": frozenset({"sommet"}), "regen": frozenset({"pluie"})}
    )
    beads = freedict.align_freedict(
        source, target, source_lang="de", target_lang="fr", table=table
    )
    _covers_once(beads, len(source), len(target))


INSTALLED = Path("/usr/share/dictd/freedict-deu-fra.index").is_file()


@pytest.mark.skipif(not INSTALLED, reason="dict-freedict-deu-fra is not installed")
def test_debians_german_french_dictionary_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHECKER_DICTD_PATH", raising=False)
    freedict.load_table.cache_clear()
    table = freedict.load_table("de", "fr")
    assert table is not None
    assert len(table.pairs) > 10_000
    assert "glacier" in table.pairs["gletsch"]
    assert "sommet" in table.pairs["gipfel"]
    # The dropped sentence is found with the real dictionary too.
    beads = align_sentences(WEATHER_DE, WEATHER_FR, source_lang="de", target_lang="fr")
    assert beads == WEATHER_GOLD


def test_a_corrupt_dictionary_is_a_warning_and_lexical_alignment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    write_dictd(tmp_path, "freedict-deu-fra", DEU_FRA, dz=True)
    (tmp_path / "freedict-deu-fra.dict.dz").write_bytes(b"\x1f\x8b\x08 not gzip at all")
    monkeypatch.setenv("CHECKER_DICTD_PATH", str(tmp_path))
    monkeypatch.setattr(freedict, "DICTD_DIRS", ())
    freedict.load_table.cache_clear()
    try:
        assert freedict.available("de", "fr")
        with caplog.at_level("WARNING", logger="checker.align.freedict"):
            beads = align_sentences(WEATHER_DE, WEATHER_FR, source_lang="de", target_lang="fr")
        assert beads == align_lexical(WEATHER_DE, WEATHER_FR)
        assert "freedict-deu-fra.dict.dz" in caplog.text
        assert "aligning without a dictionary" in caplog.text
    finally:
        freedict.load_table.cache_clear()


def test_a_document_table_reads_only_what_the_documents_use(dictd: Path) -> None:
    full = freedict.load_table("de", "fr")
    table = freedict.document_table("de", "fr", WEATHER_DE, WEATHER_FR)
    assert full is not None and table is not None
    assert "bauer" in table.pairs and "berg" not in table.pairs  # no "Berg" in WEATHER_DE
    assert set(table.pairs) <= set(full.pairs)
    for key, targets in table.pairs.items():
        assert targets <= full.pairs[key]
    with_full = freedict.align_freedict(
        WEATHER_DE, WEATHER_FR, source_lang="de", target_lang="fr", table=full
    )
    assert with_full == WEATHER_GOLD
    assert freedict.align_freedict(
        WEATHER_DE, WEATHER_FR, source_lang="de", target_lang="fr", table=table
    ) == with_full


def test_semantic_mode_adds_the_embeddings_to_the_dictionary_aligner(
    dictd: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from checker.align import semantic

    built: list[tuple[int, int]] = []

    class NoOpinion:
        """Window costs that say nothing, so the dictionary alone decides."""

        def __init__(self, source: list[str], target: list[str]) -> None:
            built.append((len(source), len(target)))

        def row(self, di: int, dj: int, i: int, j_lo: int, j_hi: int) -> list[float]:
            return [0.0] * (j_hi - j_lo + 1)

    monkeypatch.setattr(semantic, "WindowCost", NoOpinion)
    beads = align_sentences(
        WEATHER_DE, WEATHER_FR, source_lang="de", target_lang="fr", mode="semantic"
    )
    assert built == [(len(WEATHER_DE), len(WEATHER_FR))]
    assert beads == WEATHER_GOLD  # the dictionary's answer; length alone merges
