"""Sentence alignment: pair source and target sentences into monotone beads.

:func:`align` is a length-based aligner (Gale & Church 1993) with per-document length ratio and
variance, number/name anchors, paragraph constraints and a banded, linear-memory programme; see
:mod:`checker.align.length` for the model and its choices.
"""

from checker.align.length import align, length_ratio, text_length
from checker.align.stats import log_two_sided_tail

__all__ = ["align", "length_ratio", "log_two_sided_tail", "text_length"]
