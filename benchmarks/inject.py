"""Plant accuracy faults in clean parallel text and measure each accuracy rule on them.

Usage: ``python benchmarks/inject.py [--data DIR] [--half dev|test|all] [--rate 0.15]
[--seed 7] [--rules number-mismatch ...] [--labels FILE] [--false-alarms]``

Clean text: the WMT21 zh-en source with human reference A (``../shared/data/wmt21-zh-en``;
consecutive blocks of ``BLOCK`` lines stand for documents; ``--half`` picks the first or the
second half of the 1,948 lines) and the project's own corpora (each Chinese story aligned with
its clean English version by ``checker``'s aligner; the beads are the segments). Without the
WMT data only the corpora are used.

For each rule, a copy of the clean documents gets faults of that rule's kind planted in about
``--rate`` of the segments where the kind applies (four times that for the rare kinds, dates
and punctuation), at known places:

- ``number-mismatch``: a number of the target changed (29 -> 31, 1.2 -> 12, 300 -> 3000);
- ``date-mismatch``: the day or month of an English date changed (``July 26``, ``the 26th``,
  ``in July``), or a weekday swapped;
- ``untranslated``: the target replaced by its source, or its second half by the source's;
- ``omission``: the target's last sentence or second half dropped, or the whole target emptied;
- ``addition``: a sentence from another document appended to the target;
- ``punctuation-parity``: a question turned into a statement, a bracketed part the target says
  nowhere else dropped, the quotation marks of quoted speech (``表示：“…”``) dropped;
- ``url-email-handle``: a URL, e-mail address, @handle or #hashtag planted on both sides and
  altered in the target (in as many other segments it is planted unaltered, as clean controls);
- ``inconsistency``: one later occurrence of a name that occurs in two or more segments of a
  document spelled differently (``Xi Jinping`` -> ``Xi Jin-ping``, ``Zhengzhou`` -> ``Zheng-zhou``);
- ``terminology``: a glossary is built from the clean text (CC-CEDICT words whose English
  gloss every clean translation of them uses), and in the faulty segments that English term is
  replaced by another word.

Then only that rule runs over the faulty copy, and the script prints, per rule, precision (the
share of segments it flags that carry a planted fault) and recall (the share of planted
segments it flags), counted per segment. ``--false-alarms`` also runs every registered rule over
the clean text and prints findings per 1,000 segments by rule and severity: the false-alarm
rate on human translations. ``--labels FILE`` writes every planted fault as JSON lines.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from checker.detect import RULES, DetectorConfig  # noqa: E402
from checker.pipeline import align_documents, check_pairs, make_document  # noqa: E402

DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "wmt21-zh-en"
CORPORA = REPO_ROOT / "corpora"
STORIES = ("metro", "harvest", "flood", "courier")
#: Consecutive WMT lines that stand for one document.
BLOCK = 40

Doc = list[tuple[str, str]]


@dataclass
class Planted:
    """One planted fault: document, segment, kind and what was changed."""

    doc: int
    segment: int
    rule: str
    detail: str


@dataclass
class Faulty:
    docs: list[Doc]
    planted: list[Planted] = field(default_factory=list)
    glossary: str | None = None


# ---------------------------------------------------------------- clean data


def read_lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def wmt_docs(data: Path, half: str) -> list[Doc]:
    src = read_lines(data / "newstest2021.zh-en.src.zh")
    ref = read_lines(data / "newstest2021.zh-en.ref.A.en")
    mid = len(src) // 2
    lo, hi = {"dev": (0, mid), "test": (mid, len(src)), "all": (0, len(src))}[half]
    pairs = list(zip(src[lo:hi], ref[lo:hi], strict=True))
    return [pairs[k : k + BLOCK] for k in range(0, len(pairs), BLOCK)]


def corpus_docs() -> list[Doc]:
    docs = []
    for story in STORIES:
        zh = (CORPORA / f"{story}.zh").read_text(encoding="utf-8")
        en = (CORPORA / f"{story}.en").read_text(encoding="utf-8")
        source = make_document(zh, f"{story}.zh", "zh")
        target = make_document(en, f"{story}.en", "en")
        pairs = []
        for bead in align_documents(source, target):
            s = " ".join(source.sentences[i].text for i in bead.source)
            t = " ".join(target.sentences[j].text for j in bead.target)
            pairs.append((s, t))
        docs.append(pairs)
    return docs


# ---------------------------------------------------------------- injectors

Injector = Callable[[str, str, random.Random, "Context"], tuple[str, str, str] | None]


@dataclass
class Context:
    """What injectors may need beyond the pair: other documents' sentences."""

    foreign: list[str]


_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_MONTH_ABBR = r"|Jan\.|Feb\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\."
_MONTH_RE = re.compile(
    r"\b(" + "|".join(_MONTHS) + _MONTH_ABBR + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b"
)
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_WEEKDAY_RE = re.compile(r"\b(" + "|".join(_WEEKDAYS) + r")\b")
_NUMBER_RE = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_SRC_DIGITS = re.compile(r"[0-9０-９]")
_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def inject_number(src: str, tgt: str, rng: random.Random, ctx: Context) -> tuple | None:
    if not _SRC_DIGITS.search(src) and not re.search(r"[一二三四五六七八九十百千万亿两]", src):
        return None
    dates = [m.span(2) for m in _MONTH_RE.finditer(tgt)]
    candidates = [
        m for m in _NUMBER_RE.finditer(tgt) if not any(a <= m.start() < b for a, b in dates)
    ]
    if not candidates:
        return None
    m = rng.choice(candidates)
    old = m.group()
    digits = old.replace(",", "")
    if "." in digits:
        whole, frac = digits.split(".", 1)
        new = f"{whole}{frac[0]}.{frac[1:]}" if len(frac) > 1 else f"{whole}{frac}"
    else:
        value = int(digits)
        new_value = rng.choice([value + rng.randint(1, 9), value * 10, max(value - 1, 0) or 2])
        if new_value == value:
            new_value = value + 3
        new = f"{new_value:,}" if "," in old else str(new_value)
    return src, tgt[: m.start()] + new + tgt[m.end() :], f"{old} -> {new}"


_DAY_ONLY_RE = re.compile(r"\b(?:the )?(\d{1,2})(st|nd|rd|th)\b")
_MONTH_ONLY_RE = re.compile(
    r"\b(?:in|since|until|by|from|of|last|next|this) (" + "|".join(_MONTHS) + r")\b"
)


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def inject_date(src: str, tgt: str, rng: random.Random, ctx: Context) -> tuple | None:
    if not re.search(r"[月日号]|星期|周[一二三四五六日]", src):
        return None
    options = []
    for m in _MONTH_RE.finditer(tgt):
        options.append(("day", m))
        options.append(("month", m))
    if re.search(r"\d+日|[一二三四五六七八九十]+日", src):
        spans = [m.span() for m in _MONTH_RE.finditer(tgt)]
        options.extend(
            ("ordinal", m)
            for m in _DAY_ONLY_RE.finditer(tgt)
            if not any(a <= m.start() < b for a, b in spans)
        )
    if re.search(r"\d+月|[一二三四五六七八九十]+月", src):
        options.extend(("month-only", m) for m in _MONTH_ONLY_RE.finditer(tgt))
    if re.search(r"星期|周[一二三四五六日]|礼拜", src):
        options.extend(("weekday", m) for m in _WEEKDAY_RE.finditer(tgt))
    if not options:
        return None
    kind, m = rng.choice(options)
    if kind == "weekday":
        old = m.group()
        new = rng.choice([w for w in _WEEKDAYS if w != old])
        return src, tgt[: m.start()] + new + tgt[m.end() :], f"{old} -> {new}"
    if kind in ("day", "ordinal"):
        group = 2 if kind == "day" else 1
        day = int(m.group(group))
        if not 1 <= day <= 31:
            return None
        new_day = day + rng.choice([1, 2, 3]) if day < 26 else day - rng.choice([1, 2, 3])
        a, b = m.span(group)
        new = str(new_day)
        if kind == "ordinal":
            b = m.end(2)
            new += _ordinal(new_day)
        return src, tgt[:a] + new + tgt[b:], f"day {day} -> {new_day}"
    group = 1
    month = m.group(group)
    new_month = rng.choice([x for x in _MONTHS if not x.startswith(month[:3])])
    a, b = m.span(group)
    return src, tgt[:a] + new_month + tgt[b:], f"{month} -> {new_month}"


def inject_untranslated(src: str, tgt: str, rng: random.Random, ctx: Context) -> tuple | None:
    if len(src) < 10 or len(tgt.split()) < 6:
        return None
    if rng.random() < 0.5:
        return src, src, "target replaced by source"
    cut_s = src.find("，", len(src) // 3)
    cut_t = tgt.find(", ", len(tgt) // 3)
    if cut_s < 0 or cut_t < 0:
        return src, src, "target replaced by source"
    return src, tgt[: cut_t + 2] + src[cut_s + 1 :], "second half left in the source language"


def inject_omission(src: str, tgt: str, rng: random.Random, ctx: Context) -> tuple | None:
    words = tgt.split()
    if len(words) < 12:
        return None
    r = rng.random()
    if r < 0.25:
        return src, "", "target emptied"
    sentences = _SENT_END.split(tgt)
    if len(sentences) >= 2 and r < 0.6:
        kept = " ".join(sentences[: len(sentences) // 2])
        if len(kept) <= 0.6 * len(tgt):
            return src, kept, "later sentences dropped"
    cut = tgt.find(", ", len(tgt) // 3, 2 * len(tgt) // 3)
    if cut >= 0:
        return src, tgt[:cut] + ".", "clause dropped"
    return src, " ".join(words[: len(words) // 2]) + ".", "second half dropped"


def inject_addition(src: str, tgt: str, rng: random.Random, ctx: Context) -> tuple | None:
    if len(tgt.split()) < 4:
        return None
    extra = rng.choice(ctx.foreign)
    return src, f"{tgt} {extra}", "unrelated sentence appended"


def inject_punctuation(src: str, tgt: str, rng: random.Random, ctx: Context) -> tuple | None:
    s = src.rstrip()
    t = tgt.rstrip()
    options = []
    if s.endswith(("？", "?")) and t.endswith("?"):
        options.append("question")
    bracket = re.search(r" ?\([^()]{2,60}\)", tgt)
    if bracket and re.search(r"（[^（）]+）|\([^()]+\)", src):
        rest = tgt[: bracket.start()] + tgt[bracket.end() :]
        words = re.findall(r"\w{3,}", bracket.group().lower())
        if words and not all(re.search(rf"\b{re.escape(w)}\b", rest.lower()) for w in words):
            options.append("bracket")  # its content is said nowhere else in the target
    speech = re.search(r"(?:[：:]|说|表示|指出|称|道)\s*“[^”]{8,}”", src)
    if speech and re.search(r"[“”\"]", tgt):
        options.append("quote")
    if not options:
        return None
    kind = rng.choice(options)
    if kind == "question":
        return src, t[:-1] + ".", "question turned into a statement"
    if kind == "bracket":
        assert bracket is not None
        what = bracket.group().strip()
        return src, tgt[: bracket.start()] + tgt[bracket.end() :], f"bracket {what} dropped"
    unquoted = re.sub(r"\s?[“”\"]\s?", " ", tgt).replace("  ", " ").strip()
    return src, unquoted, "quotation marks of quoted speech dropped"


_HANDLE_WORDS = "river harbor civic metro lantern summit orchard beacon".split()


def _handle(rng: random.Random) -> tuple[str, str]:
    """A planted identifier and an altered copy of it."""
    word = rng.choice(_HANDLE_WORDS)
    kind = rng.randrange(4)
    if kind == 0:
        value = f"https://www.{word}news.cn/2021/{rng.randint(100, 999)}.html"
        altered = value.replace(".cn/", ".com/")
    elif kind == 1:
        value = f"press@{word}-daily.cn"
        altered = value.replace("@", "@@") if rng.random() < 0.3 else value.replace("press", "news")
    elif kind == 2:
        value = f"@{word.title()}Daily"
        altered = value[1:]
    else:
        value = f"#{word.title()}Week"
        altered = f"#{word.title()} Week"
    return value, altered


def inject_url(src: str, tgt: str, rng: random.Random, ctx: Context) -> tuple | None:
    value, altered = _handle(rng)
    return (
        f"{src}详情见{value}。",
        f"{tgt} Details: {altered}.",
        f"{value} -> {altered}",
    )


def plant_url_control(src: str, tgt: str, rng: random.Random) -> tuple[str, str]:
    value, _ = _handle(rng)
    return f"{src}详情见{value}。", f"{tgt} Details: {value}."


_NAME_RE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?\b")
_COMMON = frozenset(
    """The This That These Those There Then When While After Before However But And Or In On At
    For From With Without Since China Chinese It He She They We I A An As By Of To If Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Beijing Shanghai Xinhua According""".split()
)


def _vary(name: str) -> str | None:
    """Another spelling of a name: words hyphenated, or one long word split at a syllable."""
    if " " in name:
        return name.replace(" ", "-", 1)
    if len(name) < 8:
        return None
    vowels = "aeiou"
    mid = len(name) // 2
    for i in sorted(range(2, len(name) - 2), key=lambda i: abs(i - mid)):
        c, before = name[i].lower(), name[i - 1].lower()
        if c in vowels or c == "g" or name[i : i + 2].lower() == "ng":
            continue
        if c == "h" and before in "zcs":
            continue
        if before in vowels + "ng":
            return f"{name[:i]}-{name[i:]}"
    return None


def plant_inconsistency(doc: Doc, rng: random.Random) -> tuple[Doc, list[tuple[int, str]]]:
    """Vary one later occurrence of up to two names that occur in two or more segments."""
    seen: dict[str, list[int]] = defaultdict(list)
    for k, (_, t) in enumerate(doc):
        for name in set(_NAME_RE.findall(t)):
            first = name.split()[0]
            if first not in _COMMON and len(name) >= 6:
                seen[name].append(k)
    names = sorted(n for n, ks in seen.items() if len(ks) >= 2 and _vary(n))
    rng.shuffle(names)
    out = list(doc)
    planted: list[tuple[int, str]] = []
    used: set[int] = set()
    for name in names[:2]:
        k = seen[name][-1]
        if k in used or seen[name][0] == k:
            continue
        variant = _vary(name)
        assert variant is not None
        s, t = out[k]
        t2 = re.sub(rf"\b{re.escape(name)}\b", variant, t, count=1)
        if t2 == t:
            continue
        out[k] = (s, t2)
        used.add(k)
        planted.append((k, f"{name} -> {variant}"))
    return out, planted


#: Kinds that apply to few segments are planted in more of them, for enough cases to count.
RATE_FACTOR = {"date-mismatch": 4.0, "punctuation-parity": 4.0}

INJECTORS: dict[str, Injector] = {
    "number-mismatch": inject_number,
    "date-mismatch": inject_date,
    "untranslated": inject_untranslated,
    "omission": inject_omission,
    "addition": inject_addition,
    "punctuation-parity": inject_punctuation,
    "url-email-handle": inject_url,
}


def plant(docs: Sequence[Doc], rule: str, rate: float, seed: int) -> Faulty:
    """A copy of ``docs`` with faults of ``rule``'s kind in about ``rate`` of the segments."""
    rng = random.Random(f"{seed}:{rule}")
    faulty = Faulty([list(d) for d in docs])
    if rule == "inconsistency":
        for d, doc in enumerate(faulty.docs):
            new, planted = plant_inconsistency(doc, rng)
            faulty.docs[d] = new
            faulty.planted.extend(Planted(d, k, rule, what) for k, what in planted)
        return faulty
    if rule == "terminology":
        return plant_terminology(faulty, rng, rate)
    injector = INJECTORS[rule]
    rule_rate = min(rate * RATE_FACTOR.get(rule, 1.0), 1.0)
    for d, doc in enumerate(faulty.docs):
        others = [t for e, od in enumerate(docs) if e != d for _, t in od if len(t.split()) >= 8]
        ctx = Context(foreign=others[:200] or ["The weather stayed fine all week."])
        for k, (s, t) in enumerate(doc):
            if rng.random() >= rule_rate:
                if rule == "url-email-handle" and rng.random() < rate:
                    doc[k] = plant_url_control(s, t, rng)
                continue
            result = injector(s, t, rng, ctx)
            if result is None:
                continue
            s2, t2, what = result
            doc[k] = (s2, t2)
            faulty.planted.append(Planted(d, k, rule, what))
    return faulty


def plant_terminology(faulty: Faulty, rng: random.Random, rate: float) -> Faulty:
    """Build a glossary the clean text obeys, then break it in some segments."""
    from checker.score.lexicon import english_key, load_lexicon

    lexicon = load_lexicon()
    word_re = re.compile(r"[A-Za-z]{4,}")
    # source word -> the English surface word(s) used for it, per segment
    uses: dict[str, list[set[str]]] = defaultdict(list)
    for doc in faulty.docs:
        for s, t in doc:
            words = {w.lower() for w in word_re.findall(t)}
            keys = {english_key(w): w for w in words}
            for w in set(lexicon.segment(s)):
                if len(w) < 2:
                    continue
                glossed = {keys[k] for k in lexicon.glosses(w) if k in keys}
                uses[w].append(glossed)
    entries: dict[str, str] = {}
    for w, per_segment in uses.items():
        if len(per_segment) < 2:
            continue
        common = set.intersection(*per_segment)
        if len(common) == 1:
            entries[w] = next(iter(common))
    chosen = sorted(entries)
    rng.shuffle(chosen)
    chosen = sorted(chosen[:300])
    faulty.glossary = "\n".join(f"{w}\t{entries[w]}" for w in chosen) + "\n"
    replacement = "matter"
    for d, doc in enumerate(faulty.docs):
        for k, (s, t) in enumerate(doc):
            present = [w for w in chosen if w in s]
            if not present or rng.random() >= rate * 2:
                continue
            w = rng.choice(present)
            term = entries[w]
            t2, n = re.subn(rf"\b{re.escape(term)}\b", replacement, t, flags=re.IGNORECASE)
            if n == 0 or replacement in t.lower():
                continue
            doc[k] = (s, t2)
            faulty.planted.append(Planted(d, k, "terminology", f"{w}: {term} -> {replacement}"))
    return faulty


# ---------------------------------------------------------------- running the rules


def flagged_segments(
    docs: Sequence[Doc], config: DetectorConfig
) -> tuple[dict[str, set[tuple[int, int]]], Counter, int]:
    """Per rule, the (document, segment) pairs it flags; findings by (rule, severity)."""
    flagged: dict[str, set[tuple[int, int]]] = defaultdict(set)
    counts: Counter = Counter()
    segments = 0
    for d, doc in enumerate(docs):
        report = check_pairs(doc, src_lang="zh", tgt_lang="en", config=config)
        segments += len(doc)
        for seg in report.segments:
            for f in seg.findings:
                flagged[f.rule].add((d, seg.index))
                counts[(f.rule, f.severity)] += 1
    return flagged, counts, segments


def _glossary_config(rule: str, glossary: str | None) -> DetectorConfig:
    if glossary is None:
        return DetectorConfig(select=frozenset({rule}))
    from checker.glossary import parse_glossary

    return DetectorConfig(
        select=frozenset({rule}), glossary=parse_glossary(glossary, "<planted glossary>")
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Plant, check and print precision/recall per rule (and false alarms); exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--half", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--rate", type=float, default=0.15)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rules", nargs="+", default=[*INJECTORS, "inconsistency", "terminology"])
    parser.add_argument("--labels", type=Path, help="write the planted faults as JSON lines")
    parser.add_argument("--false-alarms", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="print N misses and false hits")
    args = parser.parse_args(argv)

    docs = corpus_docs()
    origin = "corpora"
    if args.data.is_dir():
        docs = wmt_docs(args.data, args.half) + docs
        origin = f"WMT21 zh-en ref A ({args.half} half) + corpora"
    else:
        print(f"WMT21 data not found at {args.data}; using the project corpora only.")
    total = sum(len(d) for d in docs)
    print(f"clean text: {origin}: {len(docs)} documents, {total} segments")

    labels = []
    print(f"{'rule':<20} {'planted':>7} {'flagged':>7} {'P':>6} {'R':>6} {'seconds':>8}")
    for rule in args.rules:
        if rule not in RULES:
            print(f"{rule:<20} not registered")
            continue
        faulty = plant(docs, rule, args.rate, args.seed)
        gold = {(p.doc, p.segment) for p in faulty.planted}
        start = time.perf_counter()
        flagged, _, _ = flagged_segments(faulty.docs, _glossary_config(rule, faulty.glossary))
        seconds = time.perf_counter() - start
        found = flagged.get(rule, set())
        p = len(found & gold) / len(found) if found else 0.0
        r = len(found & gold) / len(gold) if gold else 0.0
        print(f"{rule:<20} {len(gold):>7} {len(found):>7} {p:>6.3f} {r:>6.3f} {seconds:>8.1f}")
        for planted in faulty.planted:
            labels.append({**planted.__dict__})
        if args.show:
            _show(faulty, gold, found, args.show)
    if args.labels:
        with args.labels.open("w", encoding="utf-8") as out:
            for label in labels:
                out.write(json.dumps(label, ensure_ascii=False) + "\n")

    if args.false_alarms:
        start = time.perf_counter()
        _, counts, segments = flagged_segments(docs, DetectorConfig())
        seconds = time.perf_counter() - start
        print(f"\nfindings per 1,000 clean segments ({segments} segments, {seconds:.1f} s):")
        print(f"{'rule':<28} {'severity':<9} {'count':>6} {'per 1k':>7}")
        for (rule, severity), n in sorted(counts.items(), key=lambda kv: -kv[1]):
            print(f"{rule:<28} {severity:<9} {n:>6} {1000 * n / segments:>7.2f}")
    return 0


def _show(faulty: Faulty, gold: set, found: set, limit: int) -> None:
    by_key = {(p.doc, p.segment): p for p in faulty.planted}
    for d, k in sorted(gold - found)[:limit]:
        s, t = faulty.docs[d][k]
        print(f"    MISS {by_key[(d, k)].detail}\n      src {s[:160]}\n      tgt {t[:160]}")
    for d, k in sorted(found - gold)[:limit]:
        s, t = faulty.docs[d][k]
        print(f"    FALSE\n      src {s[:160]}\n      tgt {t[:160]}")


if __name__ == "__main__":
    sys.exit(main())
