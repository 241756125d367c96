"""Shared test helpers: paths to the bundled corpora and the optional ../shared/ data."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from checker.detect import terms

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
CASES = Path(__file__).resolve().parent / "cases"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/, skipping the test when it is absent (a user's fresh clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"development data not available: {path}")
    return path


def name_spans_reference(text: str, max_words: int = 4) -> Iterator[tuple[int, int, str, str]]:
    """:func:`checker.detect.terms._name_spans` the plain way, as it was written first: every
    word, one by one (the reference of the tests of its shortcuts)."""
    run: list[tuple[int, str, str]] = []
    last_end = -1
    for m in terms._NAME_WORD.finditer(text):
        word = m.group()
        start, end = m.span()
        if not word[0].isupper():
            run = []
            continue
        possessive = terms._POSSESSIVE.search(word)
        if possessive:
            word, end = word[: possessive.start()], start + possessive.start()
        if run and (text[last_end:start].strip() or start == last_end):
            run = []
        run.append((start, word, terms.name_key(word)))
        last_end = end
        for k in range(max(0, len(run) - max_words), len(run)):
            words = run[k:]
            if words[0][1] in terms.TITLE_WORDS and any(
                w not in terms.TITLE_WORDS for _, w, _ in words
            ):
                continue
            if words[0][1].lower() in terms._LEADING_WORDS:
                continue
            yield (
                words[0][0],
                end,
                " ".join(w for _, w, _ in words).replace("’", "'"),
                "".join(key for _, _, key in words),
            )
        if possessive:
            run = []


def random_texts(
    fragments: Sequence[str], seed: int, rounds: int = 3000, most: int = 10
) -> Iterator[str]:
    """``rounds`` seeded texts of up to ``most`` fragments each, for the equivalence tests of
    the rules' shortcuts (the same seed, the same texts)."""
    rng = random.Random(seed)
    for _ in range(rounds):
        yield "".join(rng.choice(fragments) for _ in range(rng.randint(0, most)))
