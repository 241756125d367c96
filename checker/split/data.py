"""Word lists for the sentence splitter (data apart from logic, as ftfy's chardata does)."""

from __future__ import annotations

#: Languages written without spaces between words: split on CJK terminators.
UNSPACED_LANGS = frozenset({"zh", "ja"})

#: Closing quotes and brackets that belong to the sentence before them.
CLOSERS = "\"'”’)]}）」』》〉】"

#: Abbreviations that precede a name or a number and so never end a sentence (lower-cased,
#: without the final period).
ABBREVIATIONS_NEVER_END = frozenset(
    """
    mr mrs ms messrs dr prof sr st mt gen gov sen rep col lt sgt capt cmdr adm rev hon pres
    supt insp no nos vol vols fig figs pp p art sec ch para op
    jan feb mar apr jun jul aug sep sept oct nov dec
    vs v cf approx ca e.g i.e viz
    mme mlle dott sig sra srta fr
    """.split()
)

#: Abbreviations that can also end a sentence; they end one only before a typical sentence
#: starter ("... in the U.S. The talks ...").
ABBREVIATIONS_MAY_END = frozenset(
    """
    u.s u.k u.n e.u u.s.a p.r.c etc a.m p.m inc co corp ltd llc plc bros jr al dept univ assn
    est ave blvd rd km kg cm mm sq ft oz lb lbs min max hr hrs yr yrs
    """.split()
)

#: Words that typically start an English sentence; after an ambiguous abbreviation such as
#: "U.S." or "a.m." a following starter means the abbreviation ended the sentence.
SENTENCE_STARTERS = frozenset(
    """
    The A An This That These Those It Its He She They We I You His Her Their Our My There Here
    In On At For From With Without By After Before During Since Under Over As If When While
    Although Though Because But And Or So Yet However Meanwhile Moreover Furthermore Also
    Still Then Thus Therefore Instead Earlier Later Last Next Some Many Most Other Such Both
    Each Every No Not Only One Two Three According What Why How Who Where Which
    """.split()
)
