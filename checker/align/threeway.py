"""Three-way alignment: source, MT output and a human reference, each path checking the other.

Given a reference, there are two ways from a source sentence to the MT sentences that
translate it: directly (cross-lingual, the weakest alignment: length, anchors, lexicon), or
through the reference: source to reference (cross-lingual, but between two careful human texts,
which are mostly 1-1) and then reference to MT (monolingual character trigrams, far stronger
than any cross-lingual signal). This module computes both and uses each to check the other:

1. the *bridged* alignment links source sentence ``i`` to MT sentence ``j`` when some
   reference sentence lies in ``i``'s source-reference bead and in ``j``'s reference-MT bead;
2. the direct source-MT alignment is run with a bonus of up to ``BRIDGE_WEIGHT`` nats on each
   candidate bead, in proportion to how well the bridged links agree with it (the Jaccard
   overlap of the MT sentences its source sentences link to and its own MT sentences), so
   where length alone was unsure the bridge decides, and where the bridge is broken (the
   reference left out or rewrote a passage) length still holds. A bead scores by agreement,
   not by the number of links it holds, so merging two well-bridged beads into one gains
   nothing;
3. each final bead is marked as *confirmed* when the bridge links its source sentences to its
   MT sentences and to no MT sentence outside it, so a report can show which pairs two
   independent paths agree on.

The MT-reference beads are returned too: they decide which reference sentences each segment is
scored against.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from checker.align import length
from checker.align.reference import align_reference
from checker.model import Bead

#: Bonus (nats) for a source-MT bead that a bridged link through the reference supports.
BRIDGE_WEIGHT = 4.0

Aligner = Callable[..., list[Bead]]


@dataclass(frozen=True)
class ThreeWay:
    """The result: source-MT beads, MT-reference beads, and which source-MT beads agree."""

    beads: list[Bead]
    reference_beads: list[Bead]
    confirmed: list[bool]

    @property
    def agreement(self) -> float:
        """Share of beads with sentences on both sides that the bridge confirms."""
        both = [c for b, c in zip(self.beads, self.confirmed, strict=True) if b.source and b.target]
        return sum(both) / len(both) if both else 1.0


class BridgeCost:
    """The :class:`~checker.align.length.PairCost` of agreement with the bridged links.

    ``linked[i]`` is the set of target sentences source sentence ``i`` reaches through the
    reference. A bead's bonus is ``weight`` times the Jaccard overlap of the targets its source
    sentences reach and its own targets; a bead none of whose source sentences reaches
    anything gets nothing.
    """

    def __init__(self, linked: dict[int, set[int]], weight: float = BRIDGE_WEIGHT) -> None:
        self.linked = linked
        self.weight = weight

    def row(self, di: int, dj: int, i: int, j_lo: int, j_hi: int) -> list[float]:
        reach: set[int] = set()
        for k in range(i - di, i):
            reach |= self.linked.get(k, set())
        out = [0.0] * (j_hi - j_lo + 1)
        if not reach:
            return out
        lo, hi = min(reach), max(reach)
        for j in range(max(j_lo, dj), j_hi + 1):
            if j <= lo or j - dj > hi:
                continue  # no target of the bead is reached
            own = range(j - dj, j)
            shared = sum(1 for x in own if x in reach)
            if shared:
                out[j - j_lo] = -self.weight * shared / (len(reach) + dj - shared)
        return out


def bridge_links(
    source_reference: Sequence[Bead], reference_target: Sequence[Bead]
) -> set[tuple[int, int]]:
    """Links (source sentence, target sentence) through shared reference sentences.

    ``source_reference`` beads have source sentences on their source side and reference
    sentences on their target side; ``reference_target`` beads have target (MT) sentences on
    their source side and reference sentences on their target side, as
    :func:`checker.align.reference.align_reference` returns them.

    >>> sorted(bridge_links([Bead((0,), (0,)), Bead((1,), (1, 2))],
    ...                     [Bead((0, 1), (0,)), Bead((2,), (1,)), Bead((3,), (2,))]))
    [(0, 0), (0, 1), (1, 2), (1, 3)]
    """
    source_of_ref: dict[int, tuple[int, ...]] = {}
    for b in source_reference:
        for r in b.target:
            source_of_ref[r] = b.source
    links: set[tuple[int, int]] = set()
    for b in reference_target:
        for r in b.target:
            for i in source_of_ref.get(r, ()):
                links.update((i, j) for j in b.source)
    return links


def align_three_way(
    source: Sequence[str],
    target: Sequence[str],
    reference: Sequence[str],
    *,
    aligner: Aligner = length.align,
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    reference_paragraphs: Sequence[int] | None = None,
    weight: float = BRIDGE_WEIGHT,
) -> ThreeWay:
    """Align source with MT ``target`` using a ``reference`` translation as a bridge.

    ``aligner`` is the cross-lingual aligner (it must accept the paragraph keyword arguments
    of :func:`checker.align.length.align` and ``pair_cost``). Every sentence of each side
    is in exactly one bead of each returned alignment.
    """
    reference_beads = align_reference(target, reference)
    source_reference = aligner(
        source,
        reference,
        source_paragraphs=source_paragraphs,
        target_paragraphs=reference_paragraphs,
    )
    links = bridge_links(source_reference, reference_beads)
    linked_targets: dict[int, set[int]] = {}
    for i, j in links:
        linked_targets.setdefault(i, set()).add(j)
    beads = aligner(
        source,
        target,
        source_paragraphs=source_paragraphs,
        target_paragraphs=target_paragraphs,
        pair_cost=BridgeCost(linked_targets, weight),
    )
    confirmed = []
    for b in beads:
        reached = set().union(*(linked_targets.get(i, set()) for i in b.source))
        confirmed.append(bool(b.source and b.target) and reached == set(b.target))
    return ThreeWay(beads, reference_beads, confirmed)
