"""Score quote attribution against PolNeAR (brat standoff: Source, Cue, Content spans).

The gold folder holds ``text/<article>.txt`` and ``attributions/<article>_<annotator>.ann``;
an article annotated twice is scored once per annotation file. Each ``E`` line is one
attribution: Content (often in several pieces), Cue, and usually a Source.

How predictions are read: quotes that share a cue (same cue offsets) are one attribution
whose content is the union of their pieces (an interrupted or multi-paragraph quote);
a quote without a cue is an attribution of its own.

Normalisation — a span (gold or predicted, one piece or several) is compared as the set of
its non-space character offsets, after trimming from each piece's ends whitespace,
quotation marks and the punctuation ``, . ; : ! ? — – -``. So ``"I will," he said`` scored
against the gold ``"I will,"`` is the same as ``I will``; a leading "that" is *not* removed
(PolNeAR keeps it in the content, and so does the extractor).

Scores:
* content, strict: a predicted content matches a gold one when the normalised sets are
  equal; at ≥ 50 % overlap when the shared characters are at least half of *both* (i.e.
  ``|G ∩ P| / max(|G|, |P|) ≥ 0.5``). Matching is one-to-one, greedy by overlap; precision,
  recall and F1 follow.
* speaker, on the attributions matched at ≥ 50 % overlap whose gold has a Source: strict
  (normalised span equal) and ≥ 50 % overlap of the Source span, as above. Gold attributions
  without a Source are counted apart (``no_source_agree``: we gave no speaker either).
  Pronoun speakers are scored as spans (PolNeAR's Source is the pronoun as written); a
  "resolved to the right person" variant needs gold coreference, which PolNeAR lacks.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import EvaluationError
from ..model import Quote

log = logging.getLogger(__name__)

Span = tuple[tuple[int, int], ...]  # one or more (start, end) pieces

_EDGE = set(" \t\r\n\u00a0\"'“”‘’«»„,.;:!?—–-―…")


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    content: Span
    source: Span | None
    cue: Span | None


@dataclass(frozen=True, slots=True)
class Attribution:
    """A predicted attribution: content pieces and the speaker span."""

    content: Span
    source: Span | None


@dataclass(frozen=True, slots=True)
class QuoteReport:
    annotations: int  # .ann files scored (or annotator pairs, see `unit`)
    gold: int
    predicted: int
    strict_matched: int
    overlap_matched: int
    speaker_scored: int  # matched attributions whose gold has a Source
    speaker_strict: int
    speaker_overlap: int
    no_source_gold: int  # matched attributions whose gold has no Source
    no_source_agree: int
    gold_direct: int  # gold contents that are quotations
    direct_recalled: int  # … of them matched at ≥ 50 % overlap
    unit: str = "annotation files"  # what `annotations` counts ("annotator pairs" …)
    # the annotators scored against each other on the articles annotated more than once
    agreement: QuoteReport | None = None

    @staticmethod
    def _prf(matched: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = matched / predicted if predicted else 0.0
        r = matched / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def strict(self) -> tuple[float, float, float]:
        return self._prf(self.strict_matched, self.predicted, self.gold)

    @property
    def overlap(self) -> tuple[float, float, float]:
        return self._prf(self.overlap_matched, self.predicted, self.gold)

    @property
    def speaker_strict_accuracy(self) -> float:
        return self.speaker_strict / self.speaker_scored if self.speaker_scored else 0.0

    @property
    def speaker_overlap_accuracy(self) -> float:
        return self.speaker_overlap / self.speaker_scored if self.speaker_scored else 0.0

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = asdict(self)
        for name in ("strict", "overlap"):
            p, r, f = getattr(self, name)
            out[f"content_{name}"] = {"precision": round(p, 4), "recall": round(r, 4),
                                      "f1": round(f, 4)}
        out["speaker_strict_accuracy"] = round(self.speaker_strict_accuracy, 4)
        out["speaker_overlap_accuracy"] = round(self.speaker_overlap_accuracy, 4)
        out["agreement"] = self.agreement.to_dict() if self.agreement is not None else None
        return out

    def format(self) -> str:
        """A plain-text table of the scores."""
        rows = [f"PolNeAR attributions: {self.annotations} {self.unit}, "
                f"{self.gold} gold, {self.predicted} predicted",
                f"{'':26}{'precision':>10}{'recall':>10}{'F1':>10}"]
        for label, (p, r, f) in (("content strict", self.strict),
                                 ("content >=50% overlap", self.overlap)):
            rows.append(f"{label:26}{p:10.3f}{r:10.3f}{f:10.3f}")
        direct = self.direct_recalled / self.gold_direct if self.gold_direct else 0.0
        rows += [
            f"{'recall, direct quotes':26}{'':10}{direct:10.3f}   ({self.gold_direct} gold)",
            f"speaker accuracy on {self.speaker_scored} matched attributions with a gold source:",
            f"{'  strict span':26}{self.speaker_strict_accuracy:10.3f}",
            f"{'  >=50% overlap':26}{self.speaker_overlap_accuracy:10.3f}",
            f"gold without source, matched: {self.no_source_gold}, "
            f"we gave no speaker: {self.no_source_agree}",
        ]
        if self.agreement is not None:
            a = self.agreement
            rows.append(f"the annotators against each other ({a.annotations} {a.unit} on the "
                        f"articles annotated more than once): content F1 {a.overlap[2]:.3f} at "
                        f">=50% overlap, {a.strict[2]:.3f} strict; speaker "
                        f"{a.speaker_overlap_accuracy:.3f}")
        return "\n".join(rows)


# ------------------------------------------------------------------------ reading


def read_ann(path: Path) -> list[GoldAttribution]:
    """The attributions of one brat .ann file (discontinuous spans kept as pieces)."""
    spans: dict[str, Span] = {}
    events: list[dict[str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read ({exc})") from exc
    for number, line in enumerate(lines, 1):
        parts = line.split("\t")
        try:
            if line.startswith("T"):
                _, offsets = parts[1].split(" ", 1)
                spans[parts[0]] = tuple(
                    (int(a), int(b)) for a, b in (p.split() for p in offsets.split(";")))
            elif line.startswith("E"):
                events.append(dict(arg.split(":", 1) for arg in parts[1].split()[1:]))
        except (IndexError, ValueError) as exc:
            raise EvaluationError(f"{path}:{number}: not a brat line: {line!r}") from exc
    gold = []
    for args in events:
        content = _role(spans, args, "Content")
        if content is None:
            continue
        gold.append(GoldAttribution(content=content, source=_role(spans, args, "Source"),
                                    cue=_role(spans, args, "Cue")))
    return gold


_NUMBERED_ROLE = re.compile(r"([A-Za-z]+?)(\d*)")


def _role(spans: dict[str, Span], args: dict[str, str], role: str) -> Span | None:
    """The pieces of one role of an event line, in text order. brat numbers a role that an
    annotator filled twice ("Content:T18 Content2:T22": a quote, its attribution, and the
    quote's second sentence): every numbered filler is a further piece of the same role."""
    pieces = [piece for name, ref in args.items()
              if (m := _NUMBERED_ROLE.fullmatch(name)) and m.group(1) == role
              for piece in spans.get(ref, ())]
    return tuple(sorted(set(pieces))) or None


def read_polnear(folder: Path, limit: int | None = None) -> list[tuple[str, str, list[GoldAttribution]]]:
    """(annotation name, article text, attributions) for each .ann file under `folder`."""
    annotations = sorted((folder / "attributions").glob("*.ann"))
    if not annotations:
        raise EvaluationError(f"{folder}: no attributions/*.ann files (is this a PolNeAR split?)")
    texts: dict[str, str] = {}
    out = []
    for ann in annotations:
        article = re.sub(r"_[^_]+$", "", ann.stem)
        if article not in texts:
            if limit is not None and len(texts) >= limit:
                break
            path = folder / "text" / f"{article}.txt"
            try:
                texts[article] = path.read_text(encoding="utf-8")
            except OSError as exc:
                raise EvaluationError(f"{path}: cannot read the article ({exc})") from exc
        out.append((ann.stem, texts[article], read_ann(ann)))
    return out


# ------------------------------------------------------------------------ scoring


def normalise(text: str, span: Span | None) -> frozenset[int]:
    """Non-space character offsets of a span, each piece trimmed of quote marks, spaces and
    edge punctuation (see the module docstring)."""
    if not span:
        return frozenset()
    chars: set[int] = set()
    for start, end in span:
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        chars.update(i for i in range(start, end) if not text[i].isspace())
    return frozenset(chars)


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """Shared characters as a share of the larger span (≥ 0.5 means half of both)."""
    if not a or not b:
        return 0.0
    return len(a & b) / max(len(a), len(b))


def attributions_of(quotes: Iterable[Quote]) -> list[Attribution]:
    """Group quotes into attributions: pieces with the same cue are one attribution."""
    groups: dict[object, list[Quote]] = {}
    for n, quote in enumerate(quotes):
        key = (quote.cue_start, quote.cue_end) if quote.cue_start is not None else ("alone", n)
        groups.setdefault(key, []).append(quote)
    out = []
    for pieces in groups.values():
        speaker = pieces[0].speaker
        source = ((speaker.start, speaker.end),) if speaker.start is not None else None
        out.append(Attribution(content=tuple((q.start, q.end) for q in pieces), source=source))
    return out


def match(text: str, gold: Sequence[GoldAttribution], predicted: Sequence[Attribution],
          threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """One-to-one (gold index, predicted index, overlap) pairs at or above `threshold`."""
    g_sets = [normalise(text, g.content) for g in gold]
    p_sets = [normalise(text, p.content) for p in predicted]
    pairs = []
    for i, g in enumerate(g_sets):
        for j, p in enumerate(p_sets):
            if g and p and not g.isdisjoint(p):
                score = overlap(g, p)
                if score >= threshold:
                    pairs.append((score, i, j))
    pairs.sort(key=lambda x: -x[0])
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for score, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            out.append((i, j, score))
    return out


def _is_direct(text: str, span: Span) -> bool:
    first = text[span[0][0]:span[0][1]].lstrip()
    return bool(first) and first[0] in "\"“«'‘"


def score_article(text: str, gold: Sequence[GoldAttribution],
                  predicted: Sequence[Attribution]) -> dict[str, int]:
    """Counts for one annotation file (summed into a QuoteReport)."""
    loose = match(text, gold, predicted, 0.5)
    strict = [m for m in loose if m[2] == 1.0]
    counts = dict(gold=len(gold), predicted=len(predicted), strict_matched=len(strict),
                  overlap_matched=len(loose), speaker_scored=0, speaker_strict=0,
                  speaker_overlap=0, no_source_gold=0, no_source_agree=0,
                  gold_direct=sum(_is_direct(text, g.content) for g in gold),
                  direct_recalled=sum(_is_direct(text, gold[i].content) for i, _, _ in loose))
    for i, j, _ in loose:
        g_src = normalise(text, gold[i].source)
        p_src = normalise(text, predicted[j].source)
        if not g_src:
            counts["no_source_gold"] += 1
            counts["no_source_agree"] += not p_src
            continue
        counts["speaker_scored"] += 1
        counts["speaker_strict"] += g_src == p_src
        counts["speaker_overlap"] += overlap(g_src, p_src) >= 0.5
    return counts


def evaluate_quotes(folder: Path, *, limit: int | None = None, n_process: int = 1) -> QuoteReport:
    """Parse the PolNeAR articles under `folder`, extract quotes, and score them."""
    from .. import nlp
    from ..quotes import extract_quotes

    items = read_polnear(Path(folder), limit)
    texts = list(dict.fromkeys(text for _, text, _ in items))
    predicted = {}
    for text, doc in zip(texts, nlp.parse_many(texts, n_process=n_process), strict=True):
        predicted[text] = attributions_of(extract_quotes(doc))
    totals: dict[str, int] = {}
    for name, text, gold in items:
        counts = score_article(text, gold, predicted[text])
        log.debug("%s: %s", name, counts)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    return QuoteReport(annotations=len(items), **totals, agreement=_agreement(items))


# ------------------------------------------------------------------ error analysis

MISS_CATEGORIES = (  # checked in this order: cue placement first, then overlap, then lexicon
    "boundary: prediction too long",  # the gold content lies inside a predicted one
    "boundary: prediction too short",  # a predicted content lies inside the gold one
    "boundary: crossing",  # they overlap, neither inside the other, under half shared
    "cue inside a quotation",  # the gold cue is quoted words ("I think …")
    "cue inside a predicted content",  # a nested attribution we folded into another
    "cue in the lexicon, nothing found",  # the cue word is known, no attribution came of it
    "cue not in the lexicon",
    "no cue",
)
FALSE_POSITIVE_CATEGORIES = (
    "boundary: overlaps an unmatched gold content",  # under half shared with it
    "split: overlaps only gold contents matched by other predictions",  # a piece or a nested cue
    "no gold content overlaps",
)


@dataclass(frozen=True)
class ErrorReport:
    """Misses and false positives at >= 50 % overlap, each counted under one category,
    with a few examples of each (annotation name, cue, content) for reading."""

    misses: dict[str, int]
    false_positives: dict[str, int]
    examples: dict[str, list[tuple[str, str, str]]]

    def format(self, examples: int = 0) -> str:
        rows = [f"misses: {sum(self.misses.values())}"]
        rows += [f"  {n:5}  {c}" for c, n in self.misses.items()]
        rows += [f"false positives: {sum(self.false_positives.values())}"]
        rows += [f"  {n:5}  {c}" for c, n in self.false_positives.items()]
        for category, found in self.examples.items():
            if examples and found:
                rows.append(f"-- {category}")
                rows += [f"   [{name}] {cue!r}: {content[:140]!r}" for name, cue, content
                         in found[:examples]]
        return "\n".join(rows)


def _cue_word(doc, cue: Span | None):
    """The head word of a gold cue span (a verb, noun or adjective if there is one)."""
    if not cue:
        return None
    tokens = [t for a, b in cue for t in (doc.char_span(a, b, alignment_mode="expand") or ())]
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return next((t for t in heads if t.pos_ in ("VERB", "NOUN", "ADJ")), heads[0] if heads else None)


def _miss_category(text: str, doc, gold: GoldAttribution, predicted: Sequence[Attribution],
                   quoted: Sequence[tuple[int, int]], lexicon) -> str:
    at = gold.cue[0][0] if gold.cue else -1
    if any(s <= at < e for s, e in quoted):
        return MISS_CATEGORIES[3]
    if any(s <= at < e for p in predicted for s, e in p.content):
        return MISS_CATEGORIES[4]
    g = normalise(text, gold.content)
    best = max(predicted, key=lambda p: overlap(g, normalise(text, p.content)), default=None)
    shared = normalise(text, best.content) if best is not None else frozenset()
    if shared and not g.isdisjoint(shared):
        if g <= shared:
            return MISS_CATEGORIES[0]
        return MISS_CATEGORIES[1] if shared <= g else MISS_CATEGORIES[2]
    if not gold.cue:
        return MISS_CATEGORIES[7]
    word = _cue_word(doc, gold.cue)
    known = word is not None and (lexicon.verb(word) is not None or any(
        w in table for w in (word.lemma_.lower(), word.lower_)
        for table in (lexicon.nouns, lexicon.adjectives, lexicon.documents)))
    return MISS_CATEGORIES[5] if known else MISS_CATEGORIES[6]


def diagnose_quotes(folder: Path, *, limit: int | None = None, n_process: int = 1) -> ErrorReport:
    """Parse the PolNeAR articles under `folder`, extract quotes, and sort every miss and
    false positive into a category (`MISS_CATEGORIES`, `FALSE_POSITIVE_CATEGORIES`): what
    to work on next, measured rather than guessed."""
    from .. import nlp

    items = read_polnear(Path(folder), limit)
    texts = list(dict.fromkeys(text for _, text, _ in items))
    docs = dict(zip(texts, nlp.parse_many(texts, n_process=n_process), strict=True))
    return diagnose_parsed(items, docs)


def diagnose_parsed(items: Sequence[tuple[str, str, list[GoldAttribution]]],
                    docs: dict[str, object]) -> ErrorReport:
    """`diagnose_quotes` over annotations already read (`read_polnear`) and articles already
    parsed (`docs`: article text -> spaCy Doc), so that a caller with cached parses can sort
    the errors of any subset of the files (one half of the dev split, say)."""
    from ..quotes import extract_quotes, find_quotations, load_cues

    lexicon = load_cues()
    parsed = {}
    for text in dict.fromkeys(text for _, text, _ in items):
        quoted = [(q.start, q.end) for q in find_quotations(text)]
        parsed[text] = (docs[text], extract_quotes(docs[text]), quoted)
    misses = dict.fromkeys(MISS_CATEGORIES, 0)
    wrong = dict.fromkeys(FALSE_POSITIVE_CATEGORIES, 0)
    examples: dict[str, list[tuple[str, str, str]]] = {c: [] for c in (*misses, *wrong)}
    for name, text, gold in items:
        doc, quotes, quoted = parsed[text]
        predicted = attributions_of(quotes)
        pairs = match(text, gold, predicted)
        hit_gold, hit_predicted = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
        for i, g in enumerate(gold):
            if i not in hit_gold:
                category = _miss_category(text, doc, g, predicted, quoted, lexicon)
                misses[category] += 1
                examples[category].append((name, _text_of(text, g.cue), _text_of(text, g.content)))
        cues = {(q.start, q.end): q.cue for q in quotes}
        gold_sets = [normalise(text, g.content) for g in gold]
        for j, p in enumerate(predicted):
            if j not in hit_predicted:
                category = _false_positive_category(normalise(text, p.content), gold_sets, hit_gold)
                wrong[category] += 1
                examples[category].append((name, cues.get(p.content[0]) or "", _text_of(text, p.content)))
    return ErrorReport(misses, wrong, examples)


def _false_positive_category(mine: frozenset[int], gold_sets: Sequence[frozenset[int]],
                              hit_gold: set[int]) -> str:
    """Where an unmatched prediction lies: across a gold content nothing matched (a boundary
    error), only across gold contents other predictions matched (one attribution predicted
    twice, or a nested cue the annotators left inside another's content), or on no gold."""
    touched = [i for i, g in enumerate(gold_sets) if not mine.isdisjoint(g)]
    if not touched:
        return FALSE_POSITIVE_CATEGORIES[2]
    return FALSE_POSITIVE_CATEGORIES[1 if all(i in hit_gold for i in touched) else 0]


def _text_of(text: str, span: Span | None) -> str:
    return " || ".join(text[a:b] for a, b in span or ())


def annotator_agreement(folder: Path) -> QuoteReport:
    """Score each annotator against each other one on the articles annotated more than once
    (every ordered pair) — the human ceiling for this measure. PolNeAR's dev split has two
    such articles with six annotators each: an indication, not a benchmark."""
    agreement = _agreement(read_polnear(Path(folder)))
    if agreement is None:
        raise EvaluationError(f"{folder}: no article is annotated twice")
    return agreement


def _agreement(items: Sequence[tuple[str, str, list[GoldAttribution]]]) -> QuoteReport | None:
    """`annotator_agreement` over annotations already read; None if no article has two."""
    by_text: dict[str, list[list[GoldAttribution]]] = {}
    for _, text, gold in items:
        by_text.setdefault(text, []).append(gold)
    totals: dict[str, int] = {}
    pairs = 0
    for text, versions in by_text.items():
        for i, reference in enumerate(versions):
            for j, other in enumerate(versions):
                if i == j:
                    continue
                pairs += 1
                as_predicted = [Attribution(content=g.content, source=g.source) for g in other]
                for key, value in score_article(text, reference, as_predicted).items():
                    totals[key] = totals.get(key, 0) + value
    if not pairs:
        return None
    return QuoteReport(annotations=pairs, unit="annotator pairs", **totals)
