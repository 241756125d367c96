"""Hypothesis properties of checker.align.align: whatever the input, no sentence is lost."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.align import align, log_two_sided_tail
from checker.model import Bead

ALLOWED_KINDS = frozenset({"1-1", "1-0", "0-1", "2-1", "1-2", "2-2", "1-3", "3-1"})
MAX_SENTENCES = 14

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Arbitrary Unicode (no surrogates), biased towards the characters that matter to the
#: aligner: digits, separators, Latin capitals, CJK, whitespace, quotes.
SENTENCE = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="0123456789,. ABCxyz中文新闻“”«»\t\n\u3000１２", max_size=40),
    st.builds(lambda c, k: c * k, st.sampled_from("x中 "), st.integers(0, 3000)),
)
SENTENCES = st.lists(SENTENCE, max_size=MAX_SENTENCES)


@st.composite
def paragraph_numbers(draw: st.DrawFn, count: int) -> list[int] | None:
    """None, a non-decreasing numbering with gaps, or any numbering at all."""
    kind = draw(st.sampled_from(["none", "sorted", "arbitrary"]))
    if kind == "none":
        return None
    numbers = draw(st.lists(st.integers(-3, 6), min_size=count, max_size=count))
    return sorted(numbers) if kind == "sorted" else numbers


def check_beads(beads: list[Bead], n: int, m: int) -> None:
    assert all(isinstance(b, Bead) for b in beads)
    assert all(b.kind in ALLOWED_KINDS for b in beads)
    # monotone and covering: the concatenated indices are exactly 0..n-1 and 0..m-1 in order,
    # which also makes every bead a contiguous run on each side
    assert [i for b in beads for i in b.source] == list(range(n))
    assert [j for b in beads for j in b.target] == list(range(m))


@SETTINGS
@given(source=SENTENCES, target=SENTENCES)
def test_every_sentence_in_exactly_one_bead(source: list[str], target: list[str]) -> None:
    check_beads(align(source, target), len(source), len(target))


@SETTINGS
@given(data=st.data(), source=SENTENCES, target=SENTENCES)
def test_any_paragraph_numbering_keeps_every_sentence(
    data: st.DataObject, source: list[str], target: list[str]
) -> None:
    source_paragraphs = data.draw(paragraph_numbers(len(source)))
    target_paragraphs = data.draw(paragraph_numbers(len(target)))
    beads = align(
        source, target, source_paragraphs=source_paragraphs, target_paragraphs=target_paragraphs
    )
    check_beads(beads, len(source), len(target))


def _runs(numbers: list[int]) -> list[int]:
    out: list[int] = []
    for k, p in enumerate(numbers):
        out.append(0 if k == 0 else out[-1] + (p != numbers[k - 1]))
    return out


@SETTINGS
@given(
    data=st.data(),
    paragraphs=st.integers(1, 4),
    source=st.lists(SENTENCE, min_size=4, max_size=MAX_SENTENCES),
    target=st.lists(SENTENCE, min_size=4, max_size=MAX_SENTENCES),
)
def test_equal_paragraph_counts_never_mix_paragraphs(
    data: st.DataObject, paragraphs: int, source: list[str], target: list[str]
) -> None:
    def numbering(count: int) -> list[int]:
        cuts = data.draw(
            st.lists(
                st.integers(1, count - 1),
                min_size=paragraphs - 1,
                max_size=paragraphs - 1,
                unique=True,
            )
        )
        bounds = [0, *sorted(cuts), count]
        return [p * 10 for p in range(paragraphs) for _ in range(bounds[p + 1] - bounds[p])]

    source_paragraphs = numbering(len(source))
    target_paragraphs = numbering(len(target))
    beads = align(
        source, target, source_paragraphs=source_paragraphs, target_paragraphs=target_paragraphs
    )
    check_beads(beads, len(source), len(target))
    s_runs = _runs(source_paragraphs)
    t_runs = _runs(target_paragraphs)
    for b in beads:
        assert len({s_runs[i] for i in b.source} | {t_runs[j] for j in b.target}) == 1


@settings(max_examples=200, deadline=None)
@given(a=st.floats(0, 1e4), b=st.floats(0, 1e4))
def test_log_tail_is_finite_and_monotone(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert lo == hi or log_two_sided_tail(hi) <= log_two_sided_tail(lo)
    assert log_two_sided_tail(hi) <= 0.0
    assert log_two_sided_tail(-hi) == log_two_sided_tail(hi)
    assert abs(log_two_sided_tail(hi)) < float("inf")
