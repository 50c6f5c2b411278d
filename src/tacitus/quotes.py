"""Attributed quotes: who said (reported, believed, intended) what, and where it is written.

An attribution ties a *source* (the speaker) through a *cue* ("said", "according to",
"warned that", a colon after a name) to its *content*. Three kinds are found:

* direct quotes: text inside quotation marks ("…", “…”, « », ‘…’), including quotes that
  run over several paragraphs (each paragraph reopens the mark, only the last closes it);
* mixed quotes: a reported clause that contains quoted words
  (`the diplomat said Pedersen was likely to "request the backing of…"`): the content is
  the whole clause, and the quote is not direct;
* indirect speech: `Price said that …`, `according to …`, `…, the ministry said`,
  `X told reporters …`, `X warned that …`.

The mechanism: cue words from a lexicon (``dictionaries/data/cues.yaml``) are matched on
the dependency parse; the cue's subject is the source and its clausal or nominal
complement the content. Quotation marks are found by a scanner over the raw text, and a
quotation either widens the content of the cue it belongs to, or is attached to an
adjacent speech cue (`"…," he said`), to a speaker label (`PENCE: …`, `"…" ― Name`), or
continues the previous quote. Quotations of a sentence or more that nothing claims become
quotes with the note "no speaker found"; short scare quotes stay unattributed.

A content interrupted by its attribution (`"…," he said, "…"`) or spread over paragraphs
yields one :class:`Quote` per piece, all with the same speaker and the same cue offsets.

What counts as an attribution follows the PolNeAR annotation of US political news (the
gold set Tacitus is scored on): besides speech ("said", "told", "called for") it takes
reports and findings ("a poll shows", "The Post has learned"), stated beliefs and aims
("believes", "wants", "plans to") and positions taken in words ("supports", "attacked …
for …"); each cue carries its kind, and ``extract_quotes(kinds=...)`` narrows the set.
Conventions taken from that annotation: an indirect content keeps its "that"; a trailing
participle phrase of the reporter ("…, focusing on the young") is not content; an
attribution inside another's content is not reported separately ("Obama said Clinton
told him X" is Obama's), nor is a cue inside quoted words ("I think …").

Speakers are resolved against the article's actor mentions (from the actor module): a span
goes to the mention it contains; a pronoun to the previous quote's speaker or the nearest
preceding person; a bare surname to the nearest preceding mention ending in that name.
Anonymous sources ("a diplomat in New York") keep their description and never borrow a
name.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
import sys
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import numpy
import yaml

from .errors import DictionaryError
from .model import Mention, Quote, Speaker

log = logging.getLogger(__name__)

__all__ = ["Cue", "CueLexicon", "Quotation", "extract_quotes", "find_quotations", "load_cues"]

CUE_KINDS = ("speech", "report", "belief", "intention", "stance")

# ---------------------------------------------------------------------------- lexicon


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue verb or phrase and how its arguments map to source and content."""

    lemma: str
    kind: str
    forms: frozenset[str] = frozenset()
    addressee_object: bool = False  # "told reporters that …": the object is not content
    preps: frozenset[str] = frozenset()  # "called for X": X is content


@dataclass(frozen=True)
class CueLexicon:
    """The cue verbs (by lemma and by form), multi-word cues, and anonymous-source nouns."""

    verbs: Mapping[str, Cue]
    forms: Mapping[str, Cue]
    phrases: Mapping[tuple[str, ...], Cue]
    anonymous: frozenset[str]
    nouns: Mapping[str, Cue] = field(default_factory=lambda: MappingProxyType({}))

    @functools.cached_property
    def phrase_starts(self) -> frozenset[str]:
        return frozenset(words[0] for words in self.phrases)

    @functools.cached_property
    def longest_phrase(self) -> int:
        return max((len(words) for words in self.phrases), default=0)

    @functools.cached_property
    def hashes(self) -> numpy.ndarray:
        """spaCy string hashes of every lemma, form and phrase start, for fast lookup."""
        from spacy.strings import hash_string

        words = set(self.verbs) | set(self.forms) | self.phrase_starts | set(self.nouns)
        return numpy.array(sorted(hash_string(w) for w in words), dtype=numpy.uint64)

    def __len__(self) -> int:
        return len(self.verbs) + len(self.phrases) + len(self.nouns)

    def verb(self, token) -> Cue | None:
        """The cue for a verb token, by lemma, else by surface form (lemmatizer slips)."""
        return self.verbs.get(token.lemma_.lower()) or self.forms.get(token.lower_)


def _read_verb(path: str, lemma: str, entry: object) -> Cue:
    if not isinstance(entry, dict) or entry.get("kind") not in CUE_KINDS:
        raise DictionaryError(path, None, f"cue {lemma!r}: kind must be one of {CUE_KINDS}")
    obj = entry.get("object", "content")
    if obj not in ("content", "addressee"):
        raise DictionaryError(path, None, f"cue {lemma!r}: object must be content or addressee")
    forms = entry.get("forms") or [lemma]
    return Cue(
        lemma=lemma,
        kind=entry["kind"],
        forms=frozenset(str(f).lower() for f in forms),
        addressee_object=obj == "addressee",
        preps=frozenset(str(p).lower() for p in entry.get("preps") or ()),
    )


@functools.lru_cache(maxsize=8)
def load_cues(path: str | Path | None = None) -> CueLexicon:
    """Load a cue lexicon (the built-in ``cues.yaml`` by default); cached per path.

    Raises DictionaryError when the file is missing, is not YAML, or an entry is malformed.
    """
    if path is None:
        source = resources.files("tacitus.dictionaries") / "data" / "cues.yaml"
        name, text = "cues.yaml", source.read_text(encoding="utf-8")
    else:
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise DictionaryError(name, None, f"cannot read the cue lexicon: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DictionaryError(name, None if line is None else line + 1, str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("verbs"), dict):
        raise DictionaryError(name, None, "expected a mapping with a 'verbs' section")
    verbs = {str(k).lower(): _read_verb(name, str(k), v) for k, v in data["verbs"].items()}
    forms: dict[str, Cue] = {}
    for cue in verbs.values():
        for form in cue.forms:
            forms.setdefault(form, cue)
    phrases = {
        tuple(str(k).lower().split()): Cue(lemma=str(k), kind=(v or {}).get("kind", "speech"))
        for k, v in (data.get("phrases") or {}).items()
    }
    nouns = {str(k).lower(): Cue(lemma=str(k), kind=(v or {}).get("kind", "speech"))
             for k, v in (data.get("nouns") or {}).items()}
    anonymous = frozenset(str(w).lower() for w in data.get("anonymous") or ())
    log.debug("loaded %d cue verbs and %d phrases from %s", len(verbs), len(phrases), name)
    return CueLexicon(MappingProxyType(verbs), MappingProxyType(forms),
                      MappingProxyType(phrases), anonymous, MappingProxyType(nouns))


# ------------------------------------------------------------------ quotation marks

DOUBLE_OPEN, DOUBLE_CLOSE, DOUBLE_EITHER = "“«„", "”»", '"'
SINGLE_OPEN, SINGLE_CLOSE, SINGLE_EITHER = "‘‹", "’›", "'"
QUOTE_CHARS = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_EITHER + SINGLE_OPEN + SINGLE_CLOSE + "'"
# What may stand before an opening mark and after a closing one.
_BEFORE_OPEN = "([{—–-―/:" + DOUBLE_OPEN + DOUBLE_EITHER
_AFTER_CLOSE = ".,;:!?)]}—–-―…*" + DOUBLE_CLOSE + DOUBLE_EITHER + SINGLE_CLOSE + "'"
_DOUBLE_MARK = re.compile(r"''|[\"“”«»„]")
_SINGLE_MARK = re.compile(r"[‘’'‹›]")
_ELISION = re.compile(r"\d\d?s\b|em\b|til\b|n\b|cause\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quotation:
    """A stretch of text inside quotation marks, within one paragraph.

    `start`/`end` cover the words inside the marks. A quote that runs on into the next
    paragraph has ``continues=True``; the paragraph that reopens it has ``continued=True``.
    ``balanced=False`` when the closing mark (or the opening one) is missing.
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    continues: bool = False
    continued: bool = False
    balanced: bool = True


def _context(text: str, i: int, width: int) -> tuple[bool, bool]:
    """(can open, can close) for a quotation mark at text[i:i+width]."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else "\n"
    can_open = (before.isspace() or before in _BEFORE_OPEN) and not after.isspace()
    can_close = not before.isspace() and (after.isspace() or after in _AFTER_CLOSE)
    return can_open, can_close


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _next_line_reopens(text: str, pos: int) -> bool:
    """Whether the next non-blank line after `pos` starts with an opening double mark."""
    match = re.compile(r"\s*(''|[\"“«„])").match(text, pos)
    return bool(match) and _context(text, match.start(1), len(match.group(1)))[0]


def _is_closing(mark: str, can_open: bool, can_close: bool, inner: str | None) -> bool:
    """Whether a double mark closes the innermost open quotation (whose mark is `inner`)."""
    if mark in DOUBLE_OPEN:
        return False
    if mark in DOUBLE_CLOSE:
        return not (can_open and not can_close)
    if inner is not None and inner not in DOUBLE_OPEN:  # a straight mark closes a straight one
        return True
    return can_close or not can_open


def _double_quotations(text: str, line_start: int, line_end: int,
                       continued: bool) -> tuple[list[Quotation], bool]:
    """Double-mark quotations of one line (outermost only; “…‘…’ or “…“…”…” nest);
    also whether the line's last quote runs on into the next paragraph."""
    found: list[Quotation] = []
    stack: list[tuple[int, str]] = []  # (offset, mark) of open quotations, outermost first
    for match in _DOUBLE_MARK.finditer(text, line_start, line_end):
        i, mark = match.start(), match.group()
        can_open, can_close = _context(text, i, len(mark))
        if not _is_closing(mark, can_open, can_close, stack[-1][1] if stack else None):
            if mark in DOUBLE_OPEN or can_open or stack:
                stack.append((i, mark))
            continue
        if stack:
            open_at, opener = stack.pop()
            if not stack:
                start, end = _trimmed(text, open_at + len(opener), i)
                found.append(Quotation(start, end, open_at, i, continued=continued))
                continued = False
        elif can_close and not found:
            # A closing mark with nothing open: the opening one is missing (taken to be at
            # the start of the paragraph, unless the paragraph already quoted).
            start, end = _trimmed(text, line_start, i)
            if end > start:
                found.append(Quotation(start, end, line_start, i, balanced=False))
    runs_on = False
    if stack:
        open_at, opener = stack[0]
        runs_on = _next_line_reopens(text, line_end)
        start, end = _trimmed(text, open_at + len(opener), line_end)
        if end > start:
            found.append(Quotation(start, end, open_at, None, continues=runs_on,
                                   continued=continued, balanced=runs_on))
    return found, runs_on


def _single_quotations(text: str, line_start: int, line_end: int,
                       inside: Sequence[Quotation]) -> list[Quotation]:
    """‘…’ and '…' quotations of one line that are not inside a double-mark quotation."""
    found: list[Quotation] = []
    open_at: int | None = None
    for match in _SINGLE_MARK.finditer(text, line_start, line_end):
        i, mark = match.start(), match.group()
        if any(q.open_at <= i <= (q.close_at if q.close_at is not None else q.end) for q in inside):
            continue
        can_open, can_close = _context(text, i, 1)
        after = text[i + 1] if i + 1 < len(text) else " "
        if open_at is None:
            if (mark in SINGLE_OPEN or mark == "'") and can_open and after.isalnum() \
                    and not _ELISION.match(text, i + 1):
                open_at = i
        elif mark in SINGLE_CLOSE + "'" and can_close and not after.isalnum():
            start, end = _trimmed(text, open_at + 1, i)
            if end > start:
                found.append(Quotation(start, end, open_at, i))
            open_at = None
    return found  # an unclosed single mark was an apostrophe or elision: no quotation


def find_quotations(text: str) -> tuple[Quotation, ...]:
    """All quotations in `text`, in order, paragraph by paragraph (a line is a paragraph)."""
    found: list[Quotation] = []
    continued = False
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, line_end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if line_end == line_start:
            continue
        doubles, continued = _double_quotations(text, line_start, line_end, continued)
        found.extend(doubles)
        found.extend(_single_quotations(text, line_start, line_end, doubles))
    return tuple(sorted(found, key=lambda q: q.start))


# -------------------------------------------------------------- attributions (internal)


@dataclass(slots=True)
class _Attribution:
    """A cue with its source and content pieces, built up before it becomes Quotes."""

    cue: str | None
    cue_start: int | None
    cue_end: int | None
    source: tuple[int, int] | None
    content: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "speech"
    source_head: int | None = None  # token index of the source's head word
    antecedent: tuple[int, int] | None = None  # what a relative pronoun source stands for
    quotations: list[Quotation] = field(default_factory=list)
    clause: tuple[int, int] | None = None  # the cue's own clause, quoted text left out


_SUBJECTS = ("nsubj", "csubj")
_CLIMB = ("xcomp", "conj", "advcl", "pcomp", "prep", "acomp")
_PUNCT_EDGE = " \t\r\n,;:—–-―"
_CONJ_START = re.compile(r"(?:and|but|or|so|yet)\b\s*", re.IGNORECASE)


def _span(tokens) -> tuple[int, int]:
    """Character span from the first token's left edge to the last token's right edge."""
    first = min(t.left_edge.i for t in tokens)
    last = max(t.right_edge.i for t in tokens)
    doc = tokens[0].doc
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _clean(text: str, start: int, end: int, *, content: bool = False) -> tuple[int, int]:
    """Trim whitespace and edge punctuation; for content also a leading conjunction and a
    final full stop."""
    while start < end and text[start] in _PUNCT_EDGE:
        start += 1
    while end > start and text[end - 1] in _PUNCT_EDGE + (".?!" if not content else ""):
        end -= 1
    if content:
        match = _CONJ_START.match(text, start, end)
        if match and match.end() < end:
            start = match.end()
        while end > start and (text[end - 1] in _PUNCT_EDGE or
                               (text[end - 1] == "." and _is_final_stop(text, end - 1))):
            end -= 1
    return start, end


def _is_final_stop(text: str, i: int) -> bool:
    """A full stop that ends the sentence (not one closing an abbreviation like "U.S.")."""
    return not (i >= 2 and text[i - 2] == "." and text[i - 1].isalpha())


def _subject(verb, depth: int = 0, quoted: Sequence[tuple[int, int]] = ()):
    """The token heading the source of a cue verb: its subject, or the subject of the verb
    it hangs from ("went on to say", "X attacked Y, saying …", "said A and added B"), or
    the noun it modifies ("a poll showing that …")."""
    for child in verb.children:
        if child.dep_ in _SUBJECTS and not _within(quoted, child.idx):
            return child
        if child.dep_ == "agent":  # passive: "was told by X"
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if depth < 3 and verb.dep_ in _CLIMB and verb.head.i != verb.i:
        return _subject(verb.head, depth + 1, quoted)
    return None


def _source_span(subject) -> tuple[int, int]:
    """The source phrase: the subject's subtree, without a modifying cue clause."""
    if subject.dep_ not in _SUBJECTS and subject.dep_ != "pobj":  # noun modified by acl
        return subject.left_edge.idx, subject.idx + len(subject.text)
    return _span([subject])


def _content_parts(verb, cue: Cue) -> list:
    """Tokens heading the content of a cue verb: clausal complement, infinitive, object,
    or object of a content preposition ("called for", "warned of")."""
    parts = []
    object_end = -1
    for child in verb.children:
        dep = child.dep_
        if dep in ("ccomp", "xcomp", "oprd") or (dep == "dobj" and not cue.addressee_object):
            parts.append(child)
            object_end = child.right_edge.i if dep == "dobj" else object_end
        elif dep == "prep" and child.lower_ in cue.preps:
            parts.extend(g for g in child.children if g.dep_ in ("pobj", "pcomp"))
        elif dep == "prep" and 0 <= object_end < child.i and child.lower_ in _REASON_PREPS:
            parts.append(child)  # "slammed Kaine for his work …", "described it as …"
    return parts


_REASON_PREPS = frozenset({"for", "as", "over"})


def _fragments(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    cleaned = (_clean(text, s, e, content=True) for s, e in spans)
    return [(s, e) for s, e in cleaned if any(ch.isalnum() for ch in text[s:e])]


# Where a sentence ends in the raw text: . ! ? (and any closing quote) before a capital,
# or a line break. The parser's sentences sometimes run across both.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')]*(?=\s+(?:''|[\"“‘'(])?[A-Z0-9])|\n")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col",
                            "st", "jr", "sr", "no", "vs", "rev", "prof", "sgt", "capt", "adm",
                            "inc", "corp", "co", "ltd", "jan", "feb", "aug", "sept", "sep",
                            "oct", "nov", "dec", "mt", "ft", "u.s", "u.n", "d.c", "e.u"})


def _sentence_ends(text: str) -> list[int]:
    """Offsets where a sentence of the raw text ends (abbreviations and initials skipped)."""
    ends = [0]
    for match in _SENTENCE_END.finditer(text):
        at = match.start()
        if text[at - 1:at] == ".":
            word = text[:at - 1].rsplit(None, 1)[-1].lstrip("\"“‘(").lower() if at > 1 else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word:
                continue
        ends.append(match.end())
    ends.append(len(text))
    return ends


def _region(ends: Sequence[int], pos: int) -> tuple[int, int]:
    """The raw-text sentence around `pos`."""
    k = bisect.bisect_right(ends, pos)
    return ends[k - 1], ends[min(k, len(ends) - 1)]


def _clip(pieces: Iterable[tuple[int, int]], region: tuple[int, int]) -> list[tuple[int, int]]:
    clipped = ((max(s, region[0]), min(e, region[1])) for s, e in pieces)
    return [(s, e) for s, e in clipped if e > s]


def _clause_start(verb, subject) -> int:
    """Where the cue's own clause starts: its subject, auxiliaries or the verb."""
    own = (*_SUBJECTS, "aux", "neg", "advmod", "nsubjpass")
    first = min([verb.i] + [c.left_edge.i for c in verb.lefts if c.dep_ in own])
    if subject is not None and subject.head.i == verb.i:
        first = min(first, subject.left_edge.i)
    return verb.doc[first].idx


def _trailing_clauses(verb, lexicon: CueLexicon, after: int) -> list:
    """Adverbial clauses the parser hung on the cue that belong to what was said
    ("…, he said, until it went bankrupt"; "said that …, because …"), but not a further
    cue ("…, adding that …")."""
    return [c for c in verb.rights if c.i > after and c.dep_ == "advcl" and lexicon.verb(c) is None
            and any(g.dep_ == "mark" for g in c.lefts)]


def _participle_cut(head) -> int | None:
    """Where a content should end before a trailing participle phrase of its head
    ("… to sign up 5 million people, focusing on the young"): that phrase is the
    reporter's, not the source's. None if there is none."""
    for child in head.rights:
        if child.dep_ == "advcl" and child.tag_ in ("VBG", "VBN") \
                and not any(g.dep_ == "mark" for g in child.lefts):
            comma = child.doc[child.left_edge.i - 1]
            if comma.text == ",":
                return comma.idx
    return None


def _content_spans(verb, subject, parts, region: tuple[int, int],
                   lexicon: CueLexicon) -> list[tuple[int, int]]:
    """The content of a cue verb: its complements, or for an attribution after the reported
    clause ("…, sources said"; "…, the source added") the sentence up to the cue's clause."""
    before = [p for p in parts if p.i < verb.i]
    if before and subject is not None and any(p.dep_ == "ccomp" for p in before):
        # The reported clause comes first; anything parsed after the cue is a misattachment.
        pieces = [(region[0], _clause_start(verb, subject))]
        trailing = _trailing_clauses(verb, lexicon, verb.i)
        return pieces + ([_span(trailing)] if trailing else [])
    after = [p for p in parts if p.i > verb.i]
    if after:
        if any(p.dep_ == "ccomp" for p in after):
            after += _trailing_clauses(verb, lexicon, max(p.right_edge.i for p in after))
        start, end = _span(after)
        cuts = [_participle_cut(p) for p in after]
        return [(start, min([end] + [c for c in cuts if c is not None]))]
    head = verb.head
    # "The plan failed, he said": the cue hangs off the reported clause, after a comma.
    inverted = verb.dep_ in ("parataxis", "ccomp", "conj") and lexicon.verb(head) is None
    if not inverted or subject is None or head.left_edge.i >= verb.left_edge.i \
            or not (verb.left_edge.is_punct or verb.doc[verb.left_edge.i - 1].is_punct):
        return []
    after = verb.right_edge.idx + len(verb.right_edge.text)
    return [(region[0], verb.left_edge.idx), (after, head.right_edge.idx + len(head.right_edge.text))]


_NOUN_PHRASE = frozenset({"PROPN", "NOUN", "DET", "ADJ", "NUM"})


def _stranded_subject(verb) -> tuple[int, int] | None:
    """Token range of a noun phrase between a comma or closing quote and a subjectless cue
    ("…, State Department spokesman Ned Price said"; '…,” Flynn, a top Trump surrogate,
    said'), which the parser attached elsewhere."""
    doc = verb.doc
    first = verb.i
    while first > 0 and verb.i - first < 10 and (
            doc[first - 1].pos_ in _NOUN_PHRASE or doc[first - 1].text == ","):
        first -= 1
    while first < verb.i and doc[first].text == ",":
        first += 1
    last = verb.i
    while last > first and doc[last - 1].text == ",":
        last -= 1
    if last == first or first == 0 or doc[first - 1].text not in (",", "—", "–", "”", '"', "''"):
        return None
    if doc[last - 1].pos_ not in ("PROPN", "NOUN") and doc[first].pos_ != "PROPN":
        return None
    return first, last


def _verb_attribution(verb, cue: Cue, text: str, ends: Sequence[int], lexicon: CueLexicon,
                      quoted: Sequence[tuple[int, int]] = ()) -> _Attribution | None:
    """Source, cue and content for one cue verb, from the dependency parse (a subject
    inside quoted words is the quote's, not the cue's)."""
    if verb.dep_ in ("amod", "compound") or not (verb.pos_ == "VERB" or verb.tag_.startswith("VB")):
        return None
    subject = _subject(verb, quoted=quoted)
    parts = _content_parts(verb, cue)
    cue_end = verb.idx + len(verb.text)
    particle = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if particle is not None and particle.head.i == verb.i and any(p.head.i == particle.i for p in parts):
        cue_end = particle.idx + len(particle.text)  # "called for", "warned of"
    region = _region(ends, verb.idx)
    content = _clip(_content_spans(verb, subject, parts, region, lexicon), region)
    source = _source_span(subject) if subject is not None else None
    if source is not None and not _clip([source], region):
        source, subject = None, None
    antecedent = None
    if subject is not None and subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        noun = subject.head.head
        antecedent = (noun.left_edge.idx, noun.idx + len(noun.text))
    if subject is None and not parts:
        stranded = _stranded_subject(verb)
        if stranded is not None:  # "…, State Department spokesman Ned Price said."
            subject = verb.doc[stranded[1] - 1]
            source = (verb.doc[stranded[0]].idx, subject.idx + len(subject.text))
            content = _clip([(region[0], source[0])], region)
    if source is not None:
        source = _clean(text, *source)
    return _Attribution(
        cue=text[verb.idx:cue_end], cue_start=verb.idx, cue_end=cue_end, source=source,
        content=_fragments(text, content), kind=cue.kind,
        source_head=subject.i if subject is not None else None, antecedent=antecedent,
    )


def _noun_attribution(noun, cue: Cue, text: str, ends: Sequence[int]) -> _Attribution | None:
    """"Trump's claim that …", "his plan to …": the clause or infinitive is the content,
    a possessive (if any) the source."""
    parts = [c for c in noun.rights if (c.dep_ in ("acl", "ccomp") and (
        any(g.dep_ == "mark" and g.lower_ == "that" for g in c.lefts) or
        any(g.dep_ == "aux" and g.lower_ == "to" for g in c.lefts)))]
    if not parts:
        return None
    owner = next((c for c in noun.lefts if c.dep_ == "poss"), None)
    region = _region(ends, noun.idx)
    content = _fragments(text, _clip([_span(parts)], region))
    if not content:
        return None
    return _Attribution(cue=noun.text, cue_start=noun.idx, cue_end=noun.idx + len(noun.text),
                        source=_clean(text, *_span([owner])) if owner is not None else None,
                        content=content, kind=cue.kind,
                        source_head=owner.i if owner is not None else None)


def _phrase_attribution(token, lexicon: CueLexicon, text: str,
                        ends: Sequence[int]) -> _Attribution | None:
    """"according to X", "as reported by X" starting at `token`: X is the source, the
    clause the phrase hangs on is the content."""
    doc = token.doc
    for n in range(lexicon.longest_phrase, 1, -1):
        cue = lexicon.phrases.get(tuple(t.lower_ for t in doc[token.i:token.i + n]))
        if cue is None:
            continue
        last = doc[token.i + n - 1]
        obj = next((c for c in last.children if c.dep_ == "pobj"), None)
        anchor = token.head
        while anchor.pos_ not in ("VERB", "AUX") and anchor.dep_ != "ROOT" \
                and anchor.head.i != anchor.i:
            anchor = anchor.head
        phrase_start, phrase_end = token.left_edge, doc[max(token.right_edge.i, last.right_edge.i)]
        content = [(anchor.left_edge.idx, phrase_start.idx),
                   (phrase_end.idx + len(phrase_end.text),
                    anchor.right_edge.idx + len(anchor.right_edge.text))]
        return _Attribution(
            cue=text[token.idx:last.idx + len(last.text)], cue_start=token.idx,
            cue_end=last.idx + len(last.text), kind=cue.kind,
            source=_clean(text, *_span([obj])) if obj is not None else None,
            content=_fragments(text, _clip(content, _region(ends, token.idx))),
            source_head=obj.i if obj is not None else None,
        )
    return None


# A speaker label at the start of a paragraph: "PENCE: …", "Sen. Warren: …".
_LABEL = re.compile(r"[ \t]*(?:''|[\"“«])?[ \t]*((?:[A-Z][\w.’'-]*[ \t]+){0,3}[A-Z][\w.’'-]*)[ \t]*:[ \t]+(?=\S)")
_NOT_LABELS = frozenset({"update", "note", "editor's note", "editor’s note", "photo", "video",
                         "watch", "read", "related", "source", "credit", "warning", "correction",
                         "q", "a", "advertisement", "see", "more", "listen", "breaking"})


def _label_attributions(text: str, doc) -> Iterator[_Attribution]:
    """Transcript and headline attributions: a paragraph that opens with "NAME: …"."""
    pos = 0
    for index, line in enumerate(text.splitlines(keepends=True)):
        start, pos = pos, pos + len(line)
        match = _LABEL.match(text, start, pos)
        if match is None or match.group(1).lower() in _NOT_LABELS:
            continue
        label = match.group(1)
        is_name = label.isupper() or all(w[0].isupper() for w in label.split())
        if index > 0 and not (is_name and _names_someone(doc, match.start(1), match.end(1))):
            continue
        colon = text.index(":", match.end(1))
        content = _clean(text, match.end(), start + len(line.rstrip("\r\n")), content=True)
        content = _strip_marks(text, *content)
        yield _Attribution(cue=":", cue_start=colon, cue_end=colon + 1,
                           source=(match.start(1), match.end(1)), content=[content])


def _names_someone(doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and (span.text.isupper() or any(t.pos_ == "PROPN" for t in span))


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in QUOTE_CHARS:
        start += 1
    while end > start and text[end - 1] in QUOTE_CHARS + ",":
        end -= 1
    return _trimmed(text, start, end)


# -------------------------------------------------------- quotations → attributions


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _widen_with_quotations(attr: _Attribution, quotations: Sequence[Quotation],
                           used: set[int]) -> None:
    """A quotation that overlaps the content but reaches past it belongs to it whole."""
    pieces = list(attr.content)
    for n, q in enumerate(quotations):
        if (attr.cue_start is not None and q.start <= attr.cue_start < q.end) or q in attr.quotations:
            continue  # the cue is itself quoted: this is a nested attribution
        for k, piece in enumerate(pieces):
            if _overlaps(piece, (q.start, q.end)):
                pieces[k] = (min(piece[0], q.start), max(piece[1], q.end))
                attr.quotations.append(q)
                used.add(n)
    merged: list[tuple[int, int]] = []
    for piece in sorted(set(pieces)):
        if merged and piece[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], piece[1]))
        else:
            merged.append(piece)
    attr.content = merged


_COLON_INTRO = re.compile(r"[^.:;!?\"“”\n]{0,80}?:\s*(?=''|[\"“«‘'])")


def _quote_after_colon(text: str, cue_end: int | None,
                       quotations: Sequence[Quotation]) -> int | None:
    """Index of the quotation that a colon right after the cue's clause introduces."""
    match = _COLON_INTRO.match(text, cue_end) if cue_end is not None else None
    if match is None:
        return None
    k = bisect.bisect_left([q.open_at for q in quotations], match.end())
    return k if k < len(quotations) and quotations[k].open_at == match.end() else None


_BETWEEN_BEFORE = re.compile(r"[\s,;:—–―-]*")  # '"…," he said' — only punctuation between


def _adjacent(clause: tuple[int, int], text: str, quotations: Sequence[Quotation],
              used: set[int], sides: str = "both") -> list[int]:
    """Unclaimed quotations that touch the cue's clause, with only punctuation between:
    '"…," he said' (before), 'he said, "…"' (after), or both ('"…," he said, "…"')."""
    found = []
    for n, q in enumerate(quotations):
        if n in used:
            continue
        close = q.close_at if q.close_at is not None else q.end
        mark_end = close + (2 if text.startswith("''", close) else 1)
        before = q.close_at is not None and mark_end <= clause[0] and \
            _BETWEEN_BEFORE.fullmatch(text, mark_end, clause[0])
        after = q.open_at >= clause[1] and _BETWEEN_BEFORE.fullmatch(text, clause[1], q.open_at)
        if (before and sides != "after") or (after and sides != "before"):
            found.append(n)
    return found


def _paragraph_chain(owned: Sequence[Quotation], quotations: Sequence[Quotation],
                     used: set[int]) -> list[int]:
    """Unclaimed paragraphs of the multi-paragraph quotes that `owned` quotations belong to."""
    found: list[int] = []
    for q in owned:
        n = quotations.index(q)
        k = n
        while k > 0 and quotations[k].continued and quotations[k - 1].continues:
            k -= 1
            found.append(k)
        k = n
        while quotations[k].continues and k + 1 < len(quotations) and quotations[k + 1].continued:
            k += 1
            found.append(k)
    return sorted(k for k in set(found) if k not in used)


def _attach(attr: _Attribution, found: Iterable[int], quotations: Sequence[Quotation],
            used: set[int]) -> None:
    for n in found:
        q = quotations[n]
        attr.content.append((q.start, q.end))
        attr.quotations.append(q)
        used.add(n)
    attr.content.sort()


def _clause_span(verb, quoted: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """Characters of the cue's clause (subject, cue, adverbs), leaving out quoted text."""
    inside = [t for t in verb.subtree if not _within(quoted, t.idx)] or [verb]
    return inside[0].idx, inside[-1].idx + len(inside[-1].text)


# '"…" ― Sonya Herridge', '"…" — Oscar P. Quintero, 42': a name after a dash, to the end
# of the line or a comma (initials keep their full stops).
_DASH_SOURCE = re.compile(r"[ \t\u00a0]*[―—–][ \t\u00a0]*([A-Z](?:[^\n.,;:()]|\.(?=\s*[A-Z]))"
                          r"{1,60})")


def _starts_sentence(text: str, q: Quotation) -> bool:
    before = text[:q.open_at].rstrip(" \t\u00a0")
    return not before or before[-1] in "\n.!?:" + DOUBLE_CLOSE + DOUBLE_EITHER


def _speech_like(text: str, q: Quotation) -> bool:
    """A quotation long enough to be someone's words rather than a term or title."""
    words = len(text[q.start:q.end].split())
    return words >= 8 or (words >= 4 and _starts_sentence(text, q))


def _claim_rest(attrs: list[_Attribution], text: str, quotations: Sequence[Quotation],
                used: set[int]) -> list[_Attribution]:
    """Attribute the quotations no cue claimed: dash bylines, continuations, or none."""
    extra: list[_Attribution] = []
    quoting = [a for a in attrs if a.quotations]
    for n, q in enumerate(quotations):
        if n in used:
            continue
        dash = _DASH_SOURCE.match(text, (q.close_at or q.end) + 1) if q.close_at else None
        if dash:
            source = _clean(text, dash.start(1), dash.end(1))
            cue_at = text.index(text[dash.start():dash.start(1)].strip(), dash.start())
            extra.append(_Attribution(cue=text[cue_at], cue_start=cue_at, cue_end=cue_at + 1,
                                      source=source, content=[(q.start, q.end)], quotations=[q]))
            continue
        previous = [a for a in quoting + extra if a.quotations[-1].end <= q.start]
        last = max(previous, key=lambda a: a.quotations[-1].end, default=None)
        if last and (q.continued or _continues(text, last.quotations[-1], q)):
            last.content.append((q.start, q.end))
            last.quotations.append(q)
        elif _speech_like(text, q):
            extra.append(_Attribution(cue=None, cue_start=None, cue_end=None, source=None,
                                      content=[(q.start, q.end)], quotations=[q]))
    return extra


def _continues(text: str, previous: Quotation, q: Quotation) -> bool:
    """A quotation right after an attributed one, in the same or the next paragraph, and
    opening a sentence, goes on with the same speaker."""
    gap = text[previous.end:q.open_at]
    return gap.count("\n\n") + gap.count("\n") <= 2 and _starts_sentence(text, q) \
        and len(gap) < 300 and _speech_like(text, q)


# ------------------------------------------------------------------------ speakers

PRONOUNS = frozenset({"he", "she", "him", "her", "they", "them", "i", "we", "you", "it"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen", "president",
                    "senator", "governor", "secretary", "minister", "prime", "mayor", "judge",
                    "rev", "prof", "professor", "lt", "col", "sgt", "adm", "capt", "speaker"})


def _words(text: str) -> list[str]:
    return re.findall(r"[\w’'-]+", text.lower())


def _surname(text: str) -> str | None:
    """The name in "Price", "Mr. Price" or "Sen. Warren"; None if it is not a bare name."""
    words = [w for w in _words(text) if w.rstrip(".") not in TITLES]
    return words[-1] if len(words) == 1 and text[:1].isupper() else None


def _mention_in(span: tuple[int, int], head: int | None, mentions: Sequence[Mention]) -> Mention | None:
    """The mention inside (or overlapping) a speaker span, preferring the one at its head."""
    hits = [m for m in mentions if m.start < span[1] and span[0] < m.end]
    if not hits:
        return None
    at_head = [m for m in hits if head is not None and m.start <= head < m.end]
    return max(at_head or hits, key=lambda m: (m.end - m.start, -m.start))


def _is_person(mention: Mention, person_spans: Sequence[tuple[int, int]]) -> bool:
    return mention.how in ("person", "title") or any(
        s < mention.end and mention.start < e for s, e in person_spans)


@dataclass(frozen=True, slots=True)
class _Context:
    """What speaker resolution needs besides the source span itself, indexed once."""

    text: str
    doc: object
    mentions: Sequence[Mention]  # sorted by start
    lexicon: CueLexicon
    persons: Sequence[tuple[int, int]]  # where persons are named (entities, person mentions)
    people: Sequence[Mention]  # person mentions outside quoted text, sorted by end
    people_ends: Sequence[int]
    by_surname: Mapping[str, Sequence[Mention]]  # last word of a multi-word name → mentions


def _resolution_context(doc, text: str, mentions: Sequence[Mention], lexicon: CueLexicon,
             quotations: Sequence[Quotation]) -> _Context:
    persons = sorted((e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON")
    quoted = _merged((q.start, q.end) for q in quotations)
    people = sorted((m for m in mentions if _is_person(m, persons)
                     and not _within(quoted, m.start)), key=lambda m: m.end)
    by_surname: dict[str, list[Mention]] = {}
    for m in sorted(mentions, key=lambda m: m.end):
        words = _words(m.name or m.text)
        if len(words) > 1:
            by_surname.setdefault(words[-1], []).append(m)
    named = _merged(persons + [(m.start, m.end) for m in mentions if m.how == "person"])
    return _Context(text=text, doc=doc, mentions=sorted(mentions, key=lambda m: m.start),
                    lexicon=lexicon, persons=named, people=people, people_ends=[m.end for m in people],
                    by_surname=by_surname)


def _last_before(items: Sequence[Mention], before: int) -> Mention | None:
    """The item ending last at or before `before` (items sorted by end)."""
    k = bisect.bisect_right([m.end for m in items], before)
    return items[k - 1] if k else None


def _resolve(attr: _Attribution, ctx: _Context, previous: Speaker | None) -> Speaker:
    """Turn a source span into a Speaker, resolved to a person or organisation if possible."""
    if attr.source is None:
        return Speaker(text=None, resolved=None, code=None)
    s, e = attr.source
    written = ctx.text[s:e]
    base = Speaker(text=written, resolved=None, code=None, start=s, end=e)
    if attr.antecedent is not None:  # "…, who said": the noun the clause hangs on
        found = _mention_in(attr.antecedent, None, ctx.mentions)
        name = (found.name or found.text) if found else ctx.text[slice(*attr.antecedent)]
        return _with(base, found, name)
    words = _words(written)
    if len(words) == 1 and words[0] in PRONOUNS:
        return _resolve_pronoun(base, words[0], ctx, previous)
    head = ctx.doc[attr.source_head].idx if attr.source_head is not None else None
    found = _mention_in((s, e), head, ctx.mentions)
    if _is_anonymous(ctx.doc, attr, ctx.lexicon):
        return Speaker(text=written, resolved=written, code=found.code if found else None,
                       start=s, end=e, anonymous=True, actor=found.actor if found else None)
    surname = _surname(written)
    if surname and (found is None or not found.name):
        earlier = _earlier_with_surname(surname, s, ctx, previous)
        if isinstance(earlier, Speaker):
            return _like(base, earlier)
        if earlier is not None:
            return _with(base, earlier, earlier.name or earlier.text)
    if found is not None:
        return _with(base, found, found.name or found.text)
    return Speaker(text=written, resolved=written, code=None, start=s, end=e)


def _with(base: Speaker, mention: Mention | None, name: str | None) -> Speaker:
    return Speaker(text=base.text, resolved=name, code=mention.code if mention else None,
                   start=base.start, end=base.end, actor=mention.actor if mention else None)


def _like(base: Speaker, other: Speaker) -> Speaker:
    """`base` as written, resolved as `other` was."""
    return Speaker(text=base.text, resolved=other.resolved, code=other.code,
                   start=base.start, end=base.end, actor=other.actor)


def _resolve_pronoun(base: Speaker, pronoun: str, ctx: _Context,
                     previous: Speaker | None) -> Speaker:
    """"He added": the previous named speaker or the nearest earlier person outside quoted
    text, whichever was named last; other pronouns only as the actor module resolved them."""
    start = base.start or 0
    own = _mention_in((start, base.end or start), None, ctx.mentions)
    if own is not None and own.name:  # the actor module's coreference already knows
        return _with(base, own, own.name)
    if pronoun not in PERSON_PRONOUNS:
        return base
    k = bisect.bisect_right(ctx.people_ends, start)
    nearest = ctx.people[k - 1] if k else None
    if previous is not None and previous.resolved and not previous.anonymous \
            and (nearest is None or (previous.end or 0) >= nearest.start):
        return _like(base, previous)
    if nearest is not None:
        return _with(base, nearest, nearest.name or nearest.text)
    return base


def _earlier_with_surname(surname: str, before: int, ctx: _Context,
                          previous: Speaker | None) -> Mention | Speaker | None:
    """The nearest earlier mention (or the previous speaker) whose name ends in `surname`."""
    found = _last_before(ctx.by_surname.get(surname, ()), before)
    if found is not None:
        return found
    if previous is not None and previous.resolved and not previous.anonymous \
            and _words(previous.resolved)[-1:] == [surname]:
        return previous
    return None


def _is_anonymous(doc, attr: _Attribution, lexicon: CueLexicon) -> bool:
    """An unnamed source: a head like "official" or "diplomat" that neither is nor carries a
    name ("a diplomat in New York" is anonymous; "spokesman Ned Price" is not)."""
    span = doc.char_span(*attr.source, alignment_mode="expand")
    if span is None:
        return False
    head = doc[attr.source_head] if attr.source_head is not None else span.root
    if head.lower_ not in lexicon.anonymous and head.lemma_.lower() not in lexicon.anonymous:
        return False
    named = [c for c in head.children if c.dep_ in ("compound", "appos", "flat", "nmod")]
    return not any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for c in named for t in c.subtree)


# ---------------------------------------------------------------------- public API


def _cue_candidates(doc, lexicon: CueLexicon) -> list:
    """Tokens whose lemma or form is a cue or starts a cue phrase (one vectorised pass)."""
    from spacy.attrs import LEMMA, LOWER

    table = doc.to_array([LEMMA, LOWER])
    hits = numpy.flatnonzero(numpy.isin(table, lexicon.hashes).any(axis=1))
    return [doc[int(i)] for i in hits]


@dataclass(frozen=True, slots=True)
class _Scan:
    """The text-level facts every attribution step reads."""

    text: str
    lexicon: CueLexicon
    quotations: Sequence[Quotation]
    ends: Sequence[int]  # raw-text sentence ends
    quoted: Sequence[tuple[int, int]]  # merged quotation contents and transcript turns
    marked: Sequence[tuple[int, int]]  # merged quotations with their marks


def _attributions(doc, text: str, lexicon: CueLexicon,
                  quotations: Sequence[Quotation]) -> list[_Attribution]:
    """Every attribution in the document, with quotations attached where they belong."""
    used: set[int] = set()
    labelled = list(_label_attributions(text, doc))
    for attr in labelled:
        found = [n for n, q in enumerate(quotations) if _overlaps((q.start, q.end), attr.content[0])]
        attr.quotations.extend(quotations[n] for n in found)
        used.update(found)
    scan = _Scan(
        text=text, lexicon=lexicon, quotations=quotations, ends=_sentence_ends(text),
        # Cues inside quoted words or transcript turns belong to the quoted speaker's own
        # reasoning ("I think …"); PolNeAR, like most attribution work, leaves them out.
        quoted=_merged([(q.start, q.end) for q in quotations] + [a.content[0] for a in labelled]),
        marked=_merged([(q.open_at, (q.end if q.close_at is None else q.close_at) + 1)
                        for q in quotations]))
    attrs, pending = _cue_attributions(doc, scan, used)
    _place_quotations(attrs, pending, scan, used)
    attrs = _outermost([a for a in attrs + pending + labelled if a.content])
    attrs.extend(_claim_rest(attrs, text, quotations, used))
    return sorted(attrs, key=lambda a: min(s for s, _ in a.content))


def _cue_attributions(doc, scan: _Scan,
                      used: set[int]) -> tuple[list[_Attribution], list[_Attribution]]:
    """Attributions of the cue words outside quoted text: those with a content, and speech
    cues still looking for one (a quotation next to them)."""
    attrs: list[_Attribution] = []
    pending: list[_Attribution] = []
    lexicon, text = scan.lexicon, scan.text
    for token in _cue_candidates(doc, lexicon):
        if _within(scan.quoted, token.idx):
            continue
        if token.lower_ in lexicon.phrase_starts:
            attr = _phrase_attribution(token, lexicon, text, scan.ends)
            if attr is not None and attr.content:
                attrs.append(attr)
                continue
        if token.pos_ == "NOUN" and token.lemma_.lower() in lexicon.nouns:
            attr = _noun_attribution(token, lexicon.nouns[token.lemma_.lower()], text, scan.ends)
            attrs.extend([attr] if attr is not None else [])
            continue
        cue = lexicon.verb(token)
        attr = _verb_attribution(token, cue, text, scan.ends, lexicon, scan.quoted) if cue else None
        if attr is None:
            continue
        attr.clause = _clause_span(token, scan.marked)
        introduced = _quote_after_colon(text, attr.cue_end, scan.quotations)
        if introduced is not None and introduced not in used and attr.source is not None:
            # 'Kall said: "…"' — the colon hands the cue to the quotation, whatever the parse
            q = scan.quotations[introduced]
            attr.content, attr.quotations = [(q.start, q.end)], []
            used.add(introduced)
        if attr.content:
            attrs.append(attr)
        elif cue.kind == "speech" and attr.source is not None:
            pending.append(attr)
    return attrs, pending


def _place_quotations(attrs: list[_Attribution], pending: list[_Attribution], scan: _Scan,
                      used: set[int]) -> None:
    """Give quotations to attributions: those their content touches, those next to a
    contentless speech cue, the other half of an interrupted quote, and the other
    paragraphs of a quote over several paragraphs."""
    quotations, text = scan.quotations, scan.text
    for attr in attrs:
        _widen_with_quotations(attr, quotations, used)
    for attr in pending:
        _attach(attr, _adjacent(attr.clause, text, quotations, used), quotations, used)
    for attr in attrs:  # the other half of '"…," he said, "…"'
        if attr.quotations and attr.clause is not None:
            side = "after" if attr.quotations[0].end <= attr.clause[0] else "before"
            _attach(attr, _adjacent(attr.clause, text, quotations, used, side), quotations, used)
    for attr in attrs + pending:
        _attach(attr, _paragraph_chain(attr.quotations, quotations, used), quotations, used)


def _outermost(attrs: list[_Attribution]) -> list[_Attribution]:
    """Drop attributions whose cue lies inside another's content ("Obama said Clinton told
    him X" is one attribution, by Obama): a reported report is part of what was reported."""
    pieces = sorted((s, e, n) for n, a in enumerate(attrs) for s, e in a.content)
    starts = [s for s, _, _ in pieces]
    keep = []
    for n, attr in enumerate(attrs):
        at = attr.cue_start
        k = bisect.bisect_right(starts, at) if at is not None else 0
        inside = any(s <= at < e and m != n for s, e, m in pieces[:k]) if at is not None else False
        if not inside:
            keep.append(attr)
    return keep


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint union of character spans."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _within(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` falls inside one of the sorted, disjoint `spans`."""
    k = bisect.bisect_right(spans, (pos, sys.maxsize)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _entity_mentions(doc) -> list[Mention]:
    """Stand-in mentions from the parser's named entities, for when the actor module has
    not run: enough to resolve "Price" and "he" to "Ned Price", with no actor code."""
    return [Mention(text=e.text, start=e.start_char, end=e.end_char, sentence=-1, code=None,
                    how="person" if e.label_ == "PERSON" else "ner")
            for e in doc.ents if e.label_ in _NAMED]


def _direct(piece: tuple[int, int], quotations: Sequence[Quotation]) -> Quotation | None:
    """The quotation a content piece is (up to edge punctuation), if it is one."""
    for q in quotations:
        if q.start <= piece[0] + 1 and piece[1] - 1 <= q.end and q.start >= piece[0] - 1:
            return q
    return None


def extract_quotes(doc, mentions: Sequence[Mention] = (), *, lexicon: CueLexicon | None = None,
                   kinds: Collection[str] | None = None) -> tuple[Quote, ...]:
    """Find the attributed quotes of an article, in text order.

    `doc` is the spaCy Doc of the whole article; `mentions` are its actor mentions, used to
    resolve speakers (without them, the parser's named entities stand in, with no codes).
    `kinds` keeps only cues of those kinds (``CUE_KINDS``; e.g. ``{"speech"}`` for things
    said); quotations without a cue count as speech. Never raises on odd input: an
    unbalanced quotation mark or a quote with no findable speaker gives a Quote with a `note`.
    """
    lexicon = lexicon or load_cues()
    text = doc.text
    quotations = find_quotations(text)
    ctx = _resolution_context(doc, text, mentions or _entity_mentions(doc), lexicon, quotations)
    quotes: list[Quote] = []
    previous: Speaker | None = None  # the last speaker who is a named person
    for attr in _attributions(doc, text, lexicon, quotations):
        if kinds is not None and attr.kind not in kinds:
            continue
        speaker = _resolve(attr, ctx, previous)
        if _is_named_person(speaker, ctx):
            previous = speaker
        quotes.extend(_quotes_of(attr, speaker, text))
    return tuple(sorted(quotes, key=lambda q: (q.start, q.end)))


def _is_named_person(speaker: Speaker, ctx: _Context) -> bool:
    if not speaker.resolved or speaker.anonymous or speaker.start is None:
        return False
    if (speaker.text or "").lower() in PERSON_PRONOUNS:
        return True
    return any(s < speaker.end and speaker.start < e for s, e in ctx.persons)


def _quotes_of(attr: _Attribution, speaker: Speaker, text: str) -> Iterator[Quote]:
    """One Quote per content piece of an attribution."""
    for piece in attr.content:
        quoted = _direct(piece, attr.quotations)
        start, end = _strip_marks(text, quoted.start, quoted.end) if quoted else piece
        note = None
        if any(not q.balanced and _overlaps((q.start, q.end), piece) for q in attr.quotations):
            note = "unbalanced quotation mark"
        elif speaker.text is None:
            note = "no speaker found"
        yield Quote(speaker=speaker, cue=attr.cue, content=text[start:end],
                    direct=quoted is not None, start=start, end=end,
                    cue_start=attr.cue_start, cue_end=attr.cue_end, note=note,
                    kind=attr.kind or "speech")
