"""Putting it together: quotations given to the cues they belong to, nested cues settled."""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .cues import (
    Attribution,
    adjective_attribution,
    cue_candidates,
    document_attribution,
    label_attributions,
    mistagged_verb_attribution,
    noun_attribution,
    phrase_attribution,
    verb_attribution,
)
from .lexicon import CueLexicon
from .marks import DOUBLE_CLOSE, DOUBLE_EITHER, QUOTE_CHARS, Quotation
from .spans import (
    clean_span,
    cut_out,
    end_char,
    fragments,
    merge_spans,
    overlaps,
    sentence_ends,
    within,
)


def _widen_with_quotations(attr: Attribution, quotations: Sequence[Quotation], used: set[int],
                           starts: Sequence[int], ends: Sequence[int]) -> None:
    """A quotation that overlaps the content but reaches past it belongs to it whole
    (`starts` and `ends` are the quotations' offsets, which both rise with the index)."""
    pieces = list(attr.content)
    if not pieces:
        return
    first = bisect.bisect_left(ends, min(s for s, _ in pieces) + 1)
    last = bisect.bisect_left(starts, max(e for _, e in pieces))
    for n in range(first, last):
        q = quotations[n]
        if (attr.cue_start is not None and q.start <= attr.cue_start < q.end) or q in attr.quotations:
            continue  # the cue is itself quoted: this is a nested attribution
        for k, piece in enumerate(pieces):
            if overlaps(piece, (q.start, q.end)):
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


# A cue's clause that ends its paragraph with a colon: "The governor added:"
_COLON_BLOCK = re.compile(r"[^.:;!?\"“”\n]{0,80}?:[ \t\u00a0]*\n\s*")


def _block_after_colon(text: str, cue_end: int | None) -> tuple[int, int] | None:
    """The next paragraph, when the cue's clause ends its own paragraph with a colon and
    what follows is not a quotation (those are handled as quotations): a block quote."""
    match = _COLON_BLOCK.match(text, cue_end) if cue_end is not None else None
    if match is None or text[match.end():match.end() + 1] in QUOTE_CHARS + "“«‘":
        return None
    end = text.find("\n", match.end())
    return match.end(), len(text) if end < 0 else end


# '"…," he said' — only punctuation between, within the paragraph
_BETWEEN_BEFORE = re.compile(r"[ \t\u00a0,;:—–―-]*")


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
            _BETWEEN_BEFORE.fullmatch(text, mark_end, clause[0]) and \
            not _ends_sentence(text, q, mark_end, clause[0])
        after = q.open_at >= clause[1] and _BETWEEN_BEFORE.fullmatch(text, clause[1], q.open_at)
        if (before and sides != "after") or (after and sides != "before"):
            found.append(n)
    return found


def _ends_sentence(text: str, q: Quotation, after: int, until: int) -> bool:
    """Whether a quotation closes its sentence ('"We won." Trump then said …'), so that
    the cue after it starts a new one rather than attributing it."""
    inside = text[q.start:q.end].rstrip(QUOTE_CHARS + " ")
    return inside.endswith(".") and "," not in text[after:until]


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


def _attach(attr: Attribution, found: Iterable[int], quotations: Sequence[Quotation],
            used: set[int]) -> None:
    for n in found:
        q = quotations[n]
        attr.content.append((q.start, q.end))
        attr.quotations.append(q)
        used.add(n)
    attr.content.sort()


def _clause_span(verb, quoted: Sequence[tuple[int, int]],
                 offsets: Sequence[int]) -> tuple[int, int]:
    """Characters of the cue's clause (subject, cue, adverbs), leaving out quoted text at
    its edges (`offsets` are the doc's token start offsets)."""
    doc = verb.doc
    lo, hi = verb.left_edge.i, verb.right_edge.i
    while lo < verb.i and within(quoted, offsets[lo]):
        lo = max(lo + 1, bisect.bisect_left(offsets, _quoted_end(quoted, offsets[lo])))
    while hi > verb.i and within(quoted, offsets[hi]):
        hi = min(hi - 1, bisect.bisect_left(offsets, _quoted_start(quoted, offsets[hi])) - 1)
    lo, hi = min(lo, verb.i), max(hi, verb.i)
    return offsets[lo], end_char(doc[hi])


def _quoted_end(quoted: Sequence[tuple[int, int]], pos: int) -> int:
    return quoted[bisect.bisect_right(quoted, (pos, sys.maxsize)) - 1][1]


def _quoted_start(quoted: Sequence[tuple[int, int]], pos: int) -> int:
    return quoted[bisect.bisect_right(quoted, (pos, sys.maxsize)) - 1][0]


# '"…" ― Sonya Herridge', '"…" — Oscar P. Quintero, 42': a name after a dash, to the end
# of the line or a comma (initials keep their full stops).
_DASH_SOURCE = re.compile(r"[ \t\u00a0]*[―—–][ \t\u00a0]*([A-Z](?:[^\n.,;:()]|\.(?=\s*[A-Z]))"
                          r"{1,60})")


_DASHES = frozenset("―—–")


def _starts_sentence(text: str, q: Quotation) -> bool:
    before = text[:q.open_at].rstrip(" \t\u00a0")
    return not before or before[-1] in "\n.!?:" + DOUBLE_CLOSE + DOUBLE_EITHER


def _speech_like(text: str, q: Quotation) -> bool:
    """A quotation long enough to be someone's words rather than a term or title."""
    words = len(text[q.start:q.end].split())
    return words >= 8 or (words >= 4 and _starts_sentence(text, q))


def _claim_rest(attrs: list[Attribution], text: str, quotations: Sequence[Quotation],
                used: set[int]) -> list[Attribution]:
    """Attribute the quotations no cue claimed: dash bylines, continuations, or none."""
    extra: list[Attribution] = []
    quoting = [a for a in attrs if a.quotations]
    for n, q in enumerate(quotations):
        if n in used:
            continue
        dash = _DASH_SOURCE.match(text, (q.close_at or q.end) + 1) if q.close_at else None
        if dash:
            source = clean_span(text, dash.start(1), dash.end(1))
            cue_at = text.index(text[dash.start():dash.start(1)].strip(), dash.start())
            extra.append(Attribution(cue=text[cue_at], cue_start=cue_at, cue_end=cue_at + 1,
                                      source=source, content=[(q.start, q.end)], quotations=[q]))
            continue
        previous = [a for a in quoting + extra if a.quotations[-1].end <= q.start]
        last = max(previous, key=lambda a: a.quotations[-1].end, default=None)
        signed = last is not None and last.cue in _DASHES  # a byline closes its quote
        if last and (q.continued or (not signed and _continues(text, last.quotations[-1], q))):
            last.content.append((q.start, q.end))
            last.quotations.append(q)
        elif _speech_like(text, q):
            extra.append(Attribution(cue=None, cue_start=None, cue_end=None, source=None,
                                      content=[(q.start, q.end)], quotations=[q]))
    return extra


def _heading(text: str, q: Quotation) -> bool:
    """A quoted subheading: a short paragraph of its own in Title Case (''All Bets Are
    Off.''), as some papers mark section titles — nobody's words."""
    if q.close_at is None:
        return False
    line_start = text.rfind("\n", 0, q.open_at) + 1
    line_end = text.find("\n", q.close_at)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:q.open_at].strip() or text[q.close_at:line_end].strip(QUOTE_CHARS + " .\t"):
        return False
    words = [w for w in text[q.start:q.end].split() if w[:1].isalpha()]
    return 0 < len(words) <= 8 and all(w[0].isupper() for w in words if len(w) > 3)


def _continues(text: str, previous: Quotation, q: Quotation) -> bool:
    """A quotation right after an attributed one, in the same or the next paragraph, and
    opening a sentence, goes on with the same speaker."""
    gap = text[previous.end:q.open_at]
    return gap.count("\n\n") + gap.count("\n") <= 2 and _starts_sentence(text, q) \
        and len(gap) < 300 and _speech_like(text, q)


@dataclass(frozen=True, slots=True)
class _Scan:
    """The text-level facts every attribution step reads."""

    text: str
    lexicon: CueLexicon
    quotations: Sequence[Quotation]
    ends: Sequence[int]  # raw-text sentence ends
    quoted: Sequence[tuple[int, int]]  # merged quotation contents and transcript turns
    marked: Sequence[tuple[int, int]]  # merged quotations with their marks
    offsets: Sequence[int] = ()  # where each token starts
    notes: Sequence[tuple[int, int]] = ()  # the publisher's notes ("Editor's note: …")


# A paragraph in which the publisher speaks about the article or its subject (HuffPost's
# "Editor's note: …" on the candidate, a correction): nobody's attribution,
# and PolNeAR discards it.
_NOTE = re.compile(r"^[ \t]*(?:editor[’']?s[ \t]+note|correction|clarification)[ \t]*:"
                   r"(?:.|\n(?![ \t]*\n))*",  # to the end of the paragraph (a blank line)
                   re.IGNORECASE | re.MULTILINE)


def find_attributions(doc, text: str, lexicon: CueLexicon,
                  quotations: Sequence[Quotation]) -> list[Attribution]:
    """Every attribution in the document, with quotations attached where they belong."""
    quotations = [q for q in quotations if not _heading(text, q)]
    used: set[int] = set()
    labelled = list(label_attributions(text, doc))
    for attr in labelled:
        found = [n for n, q in enumerate(quotations) if overlaps((q.start, q.end), attr.content[0])]
        attr.quotations.extend(quotations[n] for n in found)
        used.update(found)
    scan = _Scan(
        text=text, lexicon=lexicon, quotations=quotations, ends=sentence_ends(text),
        # Cues inside quoted words or transcript turns belong to the quoted speaker's own
        # reasoning ("I think …"); PolNeAR, like most attribution work, leaves them out.
        quoted=merge_spans([(q.start, q.end) for q in quotations] + [a.content[0] for a in labelled]),
        marked=merge_spans([(q.open_at, (q.end if q.close_at is None else q.close_at) + 1)
                            for q in quotations]),
        offsets=doc.to_array("IDX").tolist() if len(doc) else [],
        notes=[m.span() for m in _NOTE.finditer(text)])
    attrs, pending = _cue_attributions(doc, scan, used)
    _place_quotations(attrs, pending, scan, used)
    for attr in attrs:
        attr.content = _end_with_quotation(attr.content, text, quotations)
    attrs = _outermost(doc, text, [a for a in attrs + pending + labelled if a.content])
    attrs.extend(_claim_rest(attrs, text, quotations, used))
    return sorted(attrs, key=lambda a: min(s for s, _ in a.content))


_MARKS_NEAR = re.compile("[" + re.escape(QUOTE_CHARS) + ":]")


def _near_quotation(text: str, at: int) -> bool:
    """A quotation mark or colon close enough to a cue that it may introduce or close a
    quotation for it (a cheap test before parsing the cue's clause)."""
    return _MARKS_NEAR.search(text, max(0, at - 60), at + 40) is not None


_ANY_MARK = re.compile("[" + re.escape(QUOTE_CHARS) + "]")


def _from_quotation(attr: Attribution, text: str, quotations: Sequence[Quotation],
                    used: set[int]) -> list[tuple[int, int]]:
    """The content of a cue after a quotation that opens its own sentence ('It was late.
    "A," she said') starts where the quotation does: the words before the quotation are
    another clause, not what the cue reports. If a colon before gave that quotation to
    another cue ('X scolded him: "A," she said. "B."'), this cue has none of it: no
    content at all, so that the caller keeps it as a pending speech cue and placement
    gives it the quotation after it."""
    if attr.cue_start is None:
        return attr.content
    own = min(attr.cue_start, attr.source[0]) if attr.source is not None else attr.cue_start
    out = []
    for start, end in attr.content:
        if _ANY_MARK.search(text, end - 1, own) is None:
            out.append((start, end))  # no closing mark between content and cue: the usual case
            continue
        q = next((q for q in quotations if start < q.open_at and q.close_at is not None
                  and q.start < end <= q.close_at + 2 and q.close_at < own
                  and _BETWEEN_BEFORE.fullmatch(text, q.close_at + 1, own)), None)
        if q is not None and _starts_sentence(text, q):
            if quotations.index(q) in used:
                return []
            start = q.start
        out.append((start, end))
    return out


def _end_with_quotation(content: list[tuple[int, int]], text: str,
                        quotations: Sequence[Quotation]) -> list[tuple[int, int]]:
    """A content that opens with a quotation whose words end in punctuation ('saying "That
    makes me smart," when Clinton blasted him') ends with it: what follows the closing
    mark is the reporter's (a clause of time, the occasion), not the quoted words."""
    out = []
    for start, end in content:
        if _ANY_MARK.search(text, max(0, start - 2), start + 1) is None:
            out.append((start, end))  # the content does not open with a quotation
            continue
        q = next((q for q in quotations if q.open_at <= start <= q.start and q.close_at is not None
                  and q.close_at < end), None)
        if q is not None and text[q.start:q.end].rstrip(QUOTE_CHARS + " ")[-1:] in (",", ".", "!", "?") \
                and not any(q2.open_at > q.close_at and q2.start < end for q2 in quotations):
            end = q.end
        out.append((start, end))
    return out


def _cue_attributions(doc, scan: _Scan,
                      used: set[int]) -> tuple[list[Attribution], list[Attribution]]:
    """Attributions of the cue words outside quoted text: those with a content, and speech
    cues still looking for one (a quotation next to them)."""
    attrs: list[Attribution] = []
    pending: list[Attribution] = []
    lexicon, text = scan.lexicon, scan.text
    candidates = [t for t in cue_candidates(doc, lexicon)
                  if not within(scan.quoted, t.idx) and not within(scan.notes, t.idx)]
    verbs, held = [], set()  # held: cue nouns with a content, whose verb yields to them
    for token in candidates:
        if token.lower_ in lexicon.phrase_starts:
            attr = phrase_attribution(token, lexicon, text, scan.ends)
            if attr is not None and attr.content:
                attrs.append(attr)
                continue
        lemma = token.lemma_.lower()
        if lemma in lexicon.documents and token.dep_ == "pobj":
            attr = document_attribution(token, lexicon.documents[lemma], text, scan.ends, lexicon)
            if attr is not None:
                attrs.append(attr)
                continue
        verb_cue = lexicon.verb(token) if token.tag_ == "NNS" else None
        if verb_cue is not None:
            attr = mistagged_verb_attribution(token, verb_cue, text, scan.ends)
            if attr is not None:
                attrs.append(attr)
                continue
        if token.pos_ == "NOUN" and lemma in lexicon.nouns:
            attr = noun_attribution(token, lexicon.nouns[lemma], text, scan.ends)
            if attr is not None:
                attrs.append(attr)
                held.add(token.head.i if token.dep_ == "dobj" else -1)
            continue
        adjective = lexicon.adjectives.get(token.lower_) or lexicon.adjectives.get(lemma)
        if adjective is not None and (token.pos_ == "ADJ" or token.tag_ == "VBN"):
            attr = adjective_attribution(token, adjective, text, scan.ends)
            if attr is not None:
                attrs.append(attr)
                continue
        verbs.append(token)
    for token in verbs:
        if token.i in held:  # "expressed concern about X": the noun's attribution
            continue
        cue = lexicon.verb(token)
        if cue is not None and cue.quotations_only and not _near_quotation(text, token.idx):
            continue
        attr = verb_attribution(token, cue, text, scan.ends, lexicon, scan.quoted) if cue else None
        if attr is None:
            continue
        attr.clause = _clause_span(token, scan.marked, scan.offsets)
        introduced = _quote_after_colon(text, attr.cue_end, scan.quotations)
        if introduced is not None and introduced not in used and attr.source is not None:
            # 'Kall said: "…"' — the colon hands the cue to the quotation, whatever the parse
            q = scan.quotations[introduced]
            attr.content, attr.quotations = [(q.start, q.end)], []
            used.add(introduced)
        elif not attr.content and attr.source is not None:
            block = _block_after_colon(text, attr.cue_end)
            attr.content = fragments(text, [block]) if block else []
        else:
            attr.content = _from_quotation(attr, text, scan.quotations, used)
        if attr.content:
            attrs.append(attr)
        elif cue.kind == "speech" and attr.source is not None:
            pending.append(attr)
    return attrs, pending


def _place_quotations(attrs: list[Attribution], pending: list[Attribution], scan: _Scan,
                      used: set[int]) -> None:
    """Give quotations to attributions: those their content touches, those next to a
    contentless speech cue, the other half of an interrupted quote, and the other
    paragraphs of a quote over several paragraphs."""
    quotations, text = scan.quotations, scan.text
    starts, ends = [q.start for q in quotations], [q.end for q in quotations]
    for attr in attrs:
        _widen_with_quotations(attr, quotations, used, starts, ends)
    for attr in pending:
        _attach(attr, _adjacent(attr.clause, text, quotations, used), quotations, used)
    for attr in attrs:  # the other half of '"…," he said, "…"'
        if attr.quotations and attr.clause is not None:
            side = "after" if attr.quotations[0].end <= attr.clause[0] else "before"
            _attach(attr, _adjacent(attr.clause, text, quotations, used, side), quotations, used)
    for attr in attrs + pending:
        _attach(attr, _paragraph_chain(attr.quotations, quotations, used), quotations, used)


def _outermost(doc, text: str, attrs: list[Attribution]) -> list[Attribution]:
    """Settle attributions whose cue lies inside another's content. A reported report is
    part of what was reported ("Obama said Clinton told him X" is Obama's alone), but an
    aside is not: a second cue of the same clause ("said X and warned Y") or one in a
    non-restrictive relative clause ("…, which he said were …") stands on its own, and
    the outer content stops short of it."""
    keep = []
    index = _ContentIndex(attrs)
    for n, inner in enumerate(attrs):
        outer = index.container(n)
        if outer is None:
            keep.append(inner)
            continue
        cut = _aside(doc, inner, outer)
        if cut is None:
            continue
        if inner.source is None and doc[inner.cue_token].dep_ == "conj":
            inner.source, inner.source_head = outer.source, outer.source_head  # "and warned"
        outer.content = fragments(text, cut_out(outer.content, cut))
        index = _ContentIndex(attrs)
        if index.container(n) is None:
            keep.append(inner)
    return [a for a in keep if a.content]


class _ContentIndex:
    """Which attribution's content holds a given cue: content pieces sorted by start."""

    def __init__(self, attrs: Sequence[Attribution]):
        self.attrs = attrs
        self.pieces = sorted((s, e, m) for m, a in enumerate(attrs) for s, e in a.content)
        self.starts = [s for s, _, _ in self.pieces]
        self.reach = max((e - s for s, e, _ in self.pieces), default=0)

    def container(self, n: int) -> Attribution | None:
        """The attribution whose content holds the cue of ``attrs[n]``, if any."""
        at = self.attrs[n].cue_start
        if at is None:
            return None
        k = bisect.bisect_right(self.starts, at)
        lo = bisect.bisect_left(self.starts, at - self.reach)
        return next((self.attrs[m] for s, e, m in self.pieces[lo:k] if m != n and s <= at < e), None)


def _aside(doc, inner: Attribution, outer: Attribution) -> tuple[int, int] | None:
    """The characters to take out of `outer`'s content when `inner` stands on its own
    beside it (see `_outermost`); None when `inner` is part of what `outer` reports."""
    if inner.cue_token is None or outer.cue_token is None:
        return None
    extracted = _extracted_relative(doc[inner.cue_token])
    if extracted is not None:
        return extracted
    participle = _speech_participle(doc, inner)
    if participle is not None:
        return participle
    token, path = doc[inner.cue_token], []
    while token.i != outer.cue_token and token.head.i != token.i and len(path) < 16:
        path.append(token)
        token = token.head
    if token.i != outer.cue_token:
        return None
    first = path[0]
    if first.dep_ == "conj" and inner.kind == "speech":
        # "said X and warned Y", "refuses to release X or explain Y", but not "say he posed
        # a threat and refused to …" (no speech)
        lead = first.left_edge.i
        while lead > 0 and doc[lead - 1].dep_ in ("cc", "punct") and doc[lead - 1].head.i in (
                first.i, first.head.i):
            lead -= 1
        return doc[lead].idx, end_char(first.right_edge)
    for t in path:  # "…, which he said were …", "…, which, he said, is …"
        edge = t.left_edge
        if t.dep_ == "relcl" and edge.i > 0 and doc[edge.i - 1].text in (",", "—", "–", "("):
            return doc[edge.i - 1].idx, end_char(t.right_edge)
    return None


def _extracted_relative(verb) -> tuple[int, int] | None:
    """The characters of a relative clause whose relative word is the subject of what the
    cue reports ("amounting to what the senators said was gerrymandering"; "the test,
    which officials claim was a success"): PolNeAR gives such a cue its own attribution,
    content "what … was gerrymandering", and the clause is no part of the outer one's."""
    for clause in verb.rights:
        if clause.dep_ != "ccomp":
            continue
        for word in clause.lefts:
            if word.dep_ in ("nsubj", "nsubjpass") and word.tag_ in ("WP", "WDT") and word.i < verb.i:
                return word.idx, end_char(clause.right_edge)
    return None


def _speech_participle(doc, inner: Attribution) -> tuple[int, int] | None:
    """The characters of a speech cue's participle phrase with its own content after it
    ("…, saying, “Maybe he didn’t do a good job”"; "Sanders said, suggesting a few
    questions, including …"; "… abroad while systematically downplaying connections …"):
    what it reports is its own attribution, not more of the outer one."""
    verb = doc[inner.cue_token]
    if verb.tag_ != "VBG" or verb.dep_ != "advcl" or inner.kind != "speech" or not inner.content \
            or min(s for s, _ in inner.content) <= verb.idx:
        return None
    lead = verb.left_edge.i
    if lead > 0 and doc[lead - 1].text == ",":
        lead -= 1
    return doc[lead].idx, max(end_char(verb.right_edge), max(e for _, e in inner.content))
