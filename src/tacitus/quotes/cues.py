"""Attributions read off the dependency parse: one per cue word, with its source and content."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy
from spacy import parts_of_speech
from spacy.strings import hash_string

from ..nlp import children, tokens
from ..nlp import sentence_of as token_sentence  # (spans.sentence_of is by character offsets)
from .lexicon import Cue, CueLexicon, member
from .marks import Quotation
from .spans import (
    clean_span,
    clip,
    cut_out,
    end_char,
    fragments,
    sentence_of,
    strip_marks,
    token_span,
    within,
)


@dataclass(slots=True)
class Attribution:
    """A cue with its source and content pieces, built up before it becomes Quotes."""

    cue: str | None
    cue_start: int | None
    cue_end: int | None
    source: tuple[int, int] | None
    content: list[tuple[int, int]] = field(default_factory=list)
    kind: str = "speech"
    source_head: int | None = None  # token index of the source's head word
    cue_token: int | None = None  # token index of the cue word, for cues read off the parse
    antecedent: tuple[int, int] | None = None  # what a relative pronoun source stands for
    quotations: list[Quotation] = field(default_factory=list)
    clause: tuple[int, int] | None = None  # the cue's own clause, quoted text left out


_SUBJECTS = ("nsubj", "csubj")


_CLIMB = ("xcomp", "conj", "advcl", "pcomp", "prep", "acomp")


def _subject(verb, depth: int = 0, quoted: Sequence[tuple[int, int]] = ()):
    """The token heading the source of a cue verb: its subject, or the subject of the verb
    it hangs from ("went on to say", "X attacked Y, saying …", "said A and added B"), or
    the noun it modifies ("a poll showing that …")."""
    subjects = [c for c in children(verb) if c.dep_ in _SUBJECTS and not within(quoted, c.idx)]
    if not subjects and depth == 0 and _on_reported_clause(verb):
        return _subject(verb.head.head, 1, quoted)  # "X said Y continues Z, adding that …"
    if subjects:  # two (a misparse: "MOSCOW (Reuters) - Russia said"): the nearest before
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    for child in children(verb):
        if child.dep_ == "agent":  # passive: "was told by X"
            return next((g for g in children(child) if g.dep_ == "pobj"), None)
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    if depth < 3 and verb.dep_ in _CLIMB and verb.head.i != verb.i:
        return _subject(verb.head, depth + 1, quoted)
    return None


def _on_reported_clause(verb) -> bool:
    """A participle cue after a comma that the parser hung on the clause another verb
    reports ("Price said the administration continues to promote a settlement, adding
    that …"): it is the reporter's act, and its subject the reporting verb's, not the
    reported clause's."""
    return verb.tag_ == "VBG" and verb.dep_ == "advcl" and verb.head.dep_ == "ccomp" \
        and verb.i > 0 and verb.doc[verb.i - 1].text == ","


def _source_span(subject) -> tuple[int, int]:
    """The source phrase: the subject's subtree, without a modifying cue clause."""
    if subject.dep_ not in _SUBJECTS and subject.dep_ != "pobj":  # noun modified by acl
        return subject.left_edge.idx, subject.idx + len(subject.text)
    return token_span([subject])


def _content_parts(verb, cue: Cue) -> list:
    """Tokens heading the content of a cue verb: clausal complement, infinitive, object,
    or object of a content preposition ("called for", "warned of")."""
    parts = []
    object_end = -1
    nominal = not cue.addressee_object and not (cue.clause_only and not _predicated(verb))
    for child in children(verb):
        dep = child.dep_
        if child.n_lefts + child.n_rights == 0 and not any(ch.isalnum() for ch in child.text):
            continue  # a rule "___" or a stray mark the parser took for an object
        if dep in ("ccomp", "xcomp", "oprd") or (dep == "dobj" and nominal):
            parts.append(child)
            object_end = child.right_edge.i if dep == "dobj" else object_end
        elif dep == "prep" and child.lower_ in cue.preps:
            parts.extend(g for g in children(child) if g.dep_ in ("pobj", "pcomp"))
        elif dep == "prep" and 0 <= object_end < child.i and child.lower_ in _REASON_PREPS:
            parts.append(child)  # "slammed Kaine for his work …", "described it as …"
        elif (dep == "dobj" and cue.addressee_object) or (dep == "prep" and child.i > verb.i):
            parts.extend(_stray_complement(child))  # "reported at the time that …"
        elif dep == "advcl" and child.i > verb.i and (_bare_clause(child) or _open_question(child)):
            parts.append(child)  # "said after the meeting he would not sign …"
    if any(p.dep_ == "ccomp" for p in parts):
        return _one_object([p for p in parts if p.dep_ != "relcl"])
    if cue.addressee_object and any(p.dep_ == "xcomp" and _infinitive(p) for p in parts):
        parts += [c for c in children(verb) if c.dep_ == "dobj"]  # "asked the crowd to …"
    return _one_object(parts)


_APPOSING = frozenset({",", "--", "—", "–", "-"})


def _one_object(parts: list) -> list:
    """`parts` without a second direct object the parser found after a comma or dash, once
    some content precedes it: a verb takes one object, and such a phrase is an apposition
    on the content ("sought to protect breaks for real estate, the bedrock of his
    business"; "asked them to refrain from attacks, a request not always honored")."""
    kept: list = []
    for part in parts:
        if part.dep_ == "dobj" and any(k.i < part.i for k in kept) \
                and part.doc[part.left_edge.i - 1].text in _APPOSING:
            continue
        kept.append(part)
    return kept


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _bare_clause(clause) -> bool:
    """A finite clause with a subject of its own and no subordinator or wh-word, which
    the parser hung on the cue as an adverbial clause when a phrase came between them
    ("The governor said after the meeting he would not sign …"): a reported clause whose
    "that" was left out — an adverbial clause always has its subordinator."""
    lefts = list(clause.lefts)
    return (clause.tag_ in _FINITE_TAGS or any(g.tag_ == "MD" for g in lefts)) \
        and any(g.dep_ in ("nsubj", "nsubjpass") for g in lefts) \
        and not any(g.dep_ in ("mark", "advmod") or g.tag_ in ("WDT", "WP", "WRB") for g in lefts)


_WH_WORDS = frozenset({"when", "whether", "how", "why", "where", "if"})


def _open_question(clause) -> bool:
    """An indirect question about what is yet to be, taken for an adverbial clause
    ("have not said when they would take up the bill"): a wh-word opening a clause with a
    subject and a modal. A clause of time on the cue has no modal ("said when he
    resigned")."""
    lefts = list(clause.lefts)
    return bool(lefts) and lefts[0].lower_ in _WH_WORDS and lefts[0].i == clause.left_edge.i \
        and any(g.tag_ == "MD" for g in lefts) and any(g.dep_ in ("nsubj", "nsubjpass") for g in lefts)


def _bare_clause_start(clause) -> int:
    """Where a bare reported clause starts: at its subject, leaving out a phrase the cue
    shares ("said after the meeting he would …")."""
    return min(g.left_edge.idx for g in clause.lefts if g.dep_ in ("nsubj", "nsubjpass"))


def _infinitive(verb) -> bool:
    return any(g.dep_ == "aux" and g.lower_ == "to" for g in verb.lefts)


def _stray_complement(addressee) -> list:
    """A that-clause the parser hung on the addressee as a relative clause ("told a
    meeting of leaders that few people understood …"): "that" is its subordinator, not a
    relative pronoun, and the clause has a subject of its own."""
    return [t for t in addressee.subtree if t.dep_ in ("relcl", "acl") and any(
        g.dep_ in ("mark", "advmod") and g.lower_ == "that" for g in t.lefts) and any(
        g.dep_ in ("nsubj", "nsubjpass") for g in t.lefts)][:1]


_REASON_PREPS = frozenset({"for", "as", "over"})


def _predicated(verb) -> bool:
    """Whether the verb's object is followed by an "as" predicate ("saw it as a dig"),
    whether the parser hung the "as" on the verb or on the object."""
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ == "as":
            return True
        if child.dep_ == "dobj" and any(g.dep_ == "prep" and g.lower_ == "as" for g in child.rights):
            return True
    return False
_EXPLETIVES = frozenset({"it", "there"})


def _pro_form(verb) -> list[tuple[int, int]]:
    """A word standing for the content: "said so", "said as much", "said yes"."""
    for child in verb.rights:
        if child.dep_ == "advmod" and child.lower_ == "so" and child.i == verb.i + 1:
            return [(child.idx, end_char(child))]
        if child.dep_ == "advmod" and child.lower_ == "much" and child.i > 0 \
                and child.doc[child.i - 1].lower_ == "as":
            return [(child.doc[child.i - 1].idx, end_char(child))]
        if child.dep_ == "intj" and child.lower_ in ("yes", "no"):
            return [(child.idx, end_char(child.right_edge))]
    return []


def _passive_subject(verb, cue: Cue):
    """The subject of a passive cue, which is (part of) what was said or judged: "the
    plan was endorsed by X", "Clinton is expected to win", "it was rated as false" — but
    not the addressee of "was told that …", nor an expletive "it"."""
    if cue.addressee_object:
        return None
    subject = next((c for c in verb.lefts if c.dep_ == "nsubjpass"), None)
    if subject is None or subject.lower_ in _EXPLETIVES:
        return None
    return subject


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
    cue ("…, adding that …"), nor a clause of time, which on the cue tells when it was
    said ("said …, when he resigned from the network")."""
    return [c for c in verb.rights if c.i > after and c.dep_ == "advcl" and lexicon.verb(c) is None
            and any(g.dep_ == "mark" and g.lower_ not in _TEMPORAL for g in c.lefts)]


_TEMPORAL = frozenset({"when", "after", "before", "as", "since", "while"})


def _right_spine(head) -> Iterator:
    """The words from the right edge of `head`'s phrase up to `head`: those a phrase that
    closes the content can hang on."""
    token = head.right_edge
    while True:
        yield token
        if token.i == head.i or token.head.i == token.i:
            return
        token = token.head


def _participle_cut(head) -> int | None:
    """Where a content should end before a trailing participle phrase after a comma on
    its last clause ("… to sign up 5 million people, focusing on the young"; "… if they
    did not vote for her, implicitly putting his name on the line"): that phrase is the
    reporter's, not the source's. None if there is none."""
    doc = head.doc
    cuts = []
    for token in _right_spine(head):
        for child in children(token):  # (cached dependents: those right of the word count)
            if child.i > token.i and child.dep_ == "advcl" and child.tag_ in ("VBG", "VBN") \
                    and not any(g.dep_ == "mark" for g in child.lefts):
                comma = doc[child.left_edge.i - 1]
                if comma.text == ",":
                    cuts.append(comma.idx)
    return min(cuts, default=None)


_CONCESSIVE = frozenset({"although", "though", "whereas", "while"})


def _comment_cut(head) -> int | None:
    """Where a content should end before the reporter's concession on its last clause,
    after a comma ("…was smart, although he again refused to pledge …"): an adverbial
    clause whose subject is usually the source, not part of what was said."""
    doc = head.doc
    cuts = []
    for token in _right_spine(head):
        for child in children(token):  # (the cached dependents; only those to the right count)
            if child.dep_ != "advcl" or child.i < token.i:
                continue
            before = doc[child.left_edge.i - 1]
            if before.text == "," and any(
                    g.dep_ == "mark" and g.lower_ in _CONCESSIVE for g in child.lefts):
                cuts.append(before.idx)
    return min(cuts, default=None)


def _as_clause_host(verb) -> list[tuple[int, int]]:
    """The content of a cue in an "as" clause ("As many experts have pointed out, Trump is
    free to …", "Patriot failed, as predicted"): the clause it hangs on, without it."""
    if verb.dep_ != "advcl" or not any(g.dep_ == "mark" and g.lower_ == "as" for g in verb.lefts):
        return []
    host = verb.head
    if host.pos_ not in ("VERB", "AUX"):
        return []
    doc = verb.doc
    first, last = verb.left_edge.i, verb.right_edge.i
    return [(host.left_edge.idx, doc[first].idx), (end_char(doc[last]), end_char(host.right_edge))]


def _content_spans(verb, subject, parts, region: tuple[int, int], lexicon: CueLexicon,
                   text: str, quoted: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """The content of a cue verb: its complements, or for an attribution after the reported
    clause ("…, sources said"; "…, the source added") the sentence up to the cue's clause."""
    before = [p for p in parts if p.i < verb.i and _is_reported_clause(p)]
    after = [p for p in parts if p.i > verb.i]
    if before and subject is not None and not any(p.dep_ == "ccomp" for p in after):
        # The reported clause comes first; anything parsed after the cue is a misattachment.
        pieces = [(region[0], _clause_start(verb, subject))]
        trailing = _trailing_clauses(verb, lexicon, verb.i)
        return pieces + ([token_span(trailing)] if trailing else [])
    if after:
        if any(p.dep_ == "ccomp" for p in after):
            after += _trailing_clauses(verb, lexicon, max(p.right_edge.i for p in after))
        after += _stray_conjuncts(verb, after, lexicon)
        after += _phrase_tail(verb, after)
        after += _raised_conjuncts(verb, after, lexicon)
        start, end = token_span(after)
        first = min(after, key=lambda p: p.left_edge.i)
        if first.dep_ == "advcl" and _bare_clause(first):  # see `_bare_clause`
            start = max(start, _bare_clause_start(first))
        cuts = [_participle_cut(p) for p in after] + [_comment_cut(p) for p in after]
        if any(mark in text[start:end] for mark in _ASIDE_MARKS):
            aside = _aside_cut(verb.doc[max(p.right_edge.i for p in after)], start)
            if aside is not None and not any(aside <= q < end for q, _ in quoted):
                cuts.append(aside)  # an aside with quoted words is the source's: no cut
        return [(start, min([end] + [c for c in cuts if c is not None]))]
    head = verb.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head  # "The difference now, he told me, is …": the clause, not the noun
    while verb.dep_ == "parataxis" and head.dep_ == "advcl" and head.head.i > verb.i \
            and head.head.pos_ in ("VERB", "AUX"):
        head = head.head  # "Though X was seamless, he said, Y would be …": the whole sentence
    # "The plan failed, he said": the cue hangs off the reported clause, after a comma.
    inverted = verb.dep_ in ("parataxis", "ccomp", "conj") and lexicon.verb(head) is None
    own = _aside_start(verb, subject) if inverted and subject is not None else verb.left_edge
    if not inverted or subject is None or head.left_edge.i >= own.i \
            or not (own.is_punct or verb.doc[own.i - 1].is_punct):
        return []
    after = verb.right_edge.idx + len(verb.right_edge.text)
    start = max(region[0], head.left_edge.idx)  # "…, which, he said, is …": the clause only
    return [(start, own.idx), (after, head.right_edge.idx + len(head.right_edge.text))]


def _aside_start(verb, subject):
    """Where a parenthetical cue's own words start: at its subject when the parser hung
    the clause before it on the cue ("If the talks fail, Mr. Smith argues, there are …":
    the "if" clause is what he argues), else at the left edge of its phrase."""
    edge = subject.left_edge
    if subject.head.i == verb.i and subject.i < verb.i and edge.i > verb.left_edge.i \
            and verb.doc[edge.i - 1].text == ",":
        return edge
    return verb.left_edge


def _semicolon_bound(verb, spans: list[tuple[int, int]], text: str,
                     quoted: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """A content kept to the cue's side of a semicolon, which joins clauses that stand on
    their own ("Leaders condemn the test; others vow a response": the test alone is
    condemned; "said the delay was an error; they learned of it Friday"): a piece before
    the cue starts after the last semicolon (and goes if no verb is left), one after the
    cue ends at the first. Semicolons inside quoted words do not count."""
    out = []
    for start, end in spans:
        marks = [k for k in _found(text, ";", start, end) if not within(quoted, k)]
        if marks and end <= verb.idx:
            rest = verb.doc.char_span(marks[-1] + 1, end, alignment_mode="contract")
            if rest is None or not any(t.pos_ in ("VERB", "AUX") for t in rest):
                continue
            start = marks[-1] + 1
        elif marks and start >= verb.idx:
            end = marks[0]
        out.append((start, end))
    return out


def _found(text: str, mark: str, start: int, end: int) -> Iterator[int]:
    """Each offset of `mark` in text[start:end] (str.find, not a Python loop per character)."""
    at = text.find(mark, start, end)
    while at >= 0:
        yield at
        at = text.find(mark, at + 1, end)


def _aside_cut(last, start: int) -> int | None:
    """Where a content should end before a closing aside on its last noun: an apposition
    or a non-restrictive relative clause after a comma or dash ("… Mr. Trump, the presumed
    Putin favorite"; "… with NATO, the existing alliance that …"; "… Scott, who has
    never …")."""
    doc = last.doc
    token = last
    while token.head.i != token.i and token.head.idx >= start:
        if token.dep_ in _ASIDES and token.head.i < token.left_edge.i:
            before = doc[token.left_edge.i - 1]
            if before.text in (*_ASIDE_MARKS, "--") and before.idx > start:
                return before.idx
        token = token.head
    return None


_ASIDES = ("appos", "relcl", "acl")
_ASIDE_MARKS = (",", "—", "–", "-", "(")


_PREDICATING = frozenset({"as", "with"})  # "shows Clinton with a lead", "X as Y"
_TAIL_DEPS = frozenset({"prep", "npadvmod", "dative"})
_NOMINAL_PARTS = frozenset({"dobj", "pobj", "pcomp"})


def _phrase_tail(verb, parts) -> list:
    """Phrases the parser hung on the cue that go on its nominal content: "raised
    questions about his problems during the debate", "cited remarks Trump made about
    Machado as examples of …", "will present her proposals in a speech Friday", and a
    standing on a name ("shows Clinton ahead by 3.7 points"). A small parser attaches such
    phrases to the verb as often as to the noun; PolNeAR's content runs to the end of the
    verb phrase. Only phrases right after the content, with no comma between, and only
    after a nominal content (a clause has its own edges)."""
    if not parts or any(p.dep_ not in _NOMINAL_PARTS for p in parts):
        return []
    named = any(p.pos_ != "NOUN" for p in parts)
    last = max(p.right_edge.i for p in parts)
    found: list = []
    standing = False  # "ahead"/"behind" after the name: the phrases after it measure it
    for child in verb.rights:
        if child.i <= last:
            continue
        if child.left_edge.i != last + 1:
            break
        if child.dep_ == "advmod" and child.lower_ in _STANDING and not found:
            standing = True
        elif child.dep_ not in _TAIL_DEPS:
            break
        elif named and not standing and child.lower_ not in _PREDICATING:
            break  # a name or pronoun takes no modifier: "attacked Machado in tweets"
        found.append(child)
        last = child.right_edge.i
    return found


_STANDING = frozenset({"ahead", "behind", "up", "down"})  # "shows Clinton ahead by 3 points"


_COORDINATION = frozenset({",", "and", "or"})


def _raised_conjuncts(verb, parts, lexicon: CueLexicon) -> list:
    """Conjuncts that continue the content right after its end but that the parser hung on
    a word above the cue ("promising to meet and in some cases exceed his goals", "cited
    her years as secretary of State and as a U.S. senator", "emphasizing fairness, and a
    need to raise the wage"): a coordinated word with no subject of its own that is no cue
    either. Conjuncts of the cue itself are `_stray_conjuncts`' business."""
    doc = verb.doc
    above = None  # the cue's ancestors, read only when a coordinator follows (rarely)
    found = []
    last = max(p.right_edge.i for p in parts)
    while True:
        k = last + 1
        while k < len(doc) and doc[k].lower_ in _COORDINATION:
            k += 1
        if k == last + 1 or k >= len(doc) or doc[k - 1].lower_ == ",":
            return found  # nothing coordinated, or a bare comma (a new clause)
        if above is None:
            above = {a.i for a in verb.ancestors}
        # the widest conjunct of a word above the cue that starts right there
        conjunct = next((t for t in (*doc[k].ancestors, doc[k]) if t.dep_ == "conj"
                         and t.head.i in above and t.left_edge.i == k), None)
        if conjunct is None or lexicon.verb(conjunct) is not None \
                or any(g.dep_ in ("nsubj", "nsubjpass") for g in conjunct.lefts):
            return found
        found.append(conjunct)
        last = conjunct.right_edge.i


def _stray_conjuncts(verb, parts, lexicon: CueLexicon) -> list:
    """Conjuncts the parser hung on the cue that continue its content instead: "wants to
    triple X, grow Y and create Z", "mentioned refinancing loans and forcing …" — a noun,
    a gerund beside a nominal content, or a verb of the content head's form rather than
    the cue's, that is no cue itself and has no subject of its own."""
    # the conjuncts right of the cue (from the cached dependents; most cues have none)
    conjuncts = [c for c in children(verb) if c.i > verb.i and c.dep_ == "conj"]
    if not conjuncts:
        return []
    head = max(parts, key=lambda p: p.i)
    form = head.tag_ if head.dep_ != "xcomp" else "VB"
    nominal = head.dep_ in _NOMINAL_PARTS
    found = []
    for child in conjuncts:
        if child.i < head.i or lexicon.verb(child) is not None:
            continue
        if any(g.dep_ in ("nsubj", "nsubjpass") for g in child.lefts):
            continue
        if child.pos_ in ("NOUN", "PROPN") or (child.tag_ == form != verb.tag_) or (
                nominal and child.tag_ == "VBG" != verb.tag_):
            found.append(child)
    return found


_SUBORDINATORS = frozenset({"while", "although", "though", "if", "when", "because", "as",
                            "after", "before", "since", "unless", "whereas", "once", "until"})


def _is_reported_clause(part) -> bool:
    """A clausal complement that is not an adverbial clause the parser took for one
    ("While he acknowledged …, Ham noted …")."""
    return part.dep_ == "ccomp" and not any(
        g.dep_ == "mark" and g.lower_ in _SUBORDINATORS for g in part.lefts)


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


def _stranded_apposition(verb):
    """The head of a subjectless cue's subject that the parser hung, as an apposition, on
    the phrase before it ("In remarks to Asharq Al-Awsat, a diplomat in New York said
    …": "diplomat" hangs on "Awsat"): an apposition after a comma that runs up to the
    cue. None otherwise."""
    if verb.i == 0:
        return None
    token = verb.doc[verb.i - 1]
    while token.dep_ != "appos":
        if token.head.i == token.i or token.head.i >= verb.i:
            return None
        token = token.head
    first = token.left_edge.i
    if first == 0 or verb.doc[first - 1].text != "," or token.right_edge.i != verb.i - 1:
        return None
    return token


def _fronted_fragment(verb, region: tuple[int, int]):
    """(subject, content) for a cue that closes its sentence after a comma, when what it
    reports is no clause the parser could hang on it ("Voters like Mary, she said.";
    "Rules unclear on who is covered, experts say."): the subject is the one right before
    the cue, the content all of the sentence before the comma. None otherwise."""
    doc = verb.doc
    subject = max((c for c in verb.lefts if c.dep_ in _SUBJECTS), key=lambda c: c.i, default=None)
    if subject is None or any(not t.is_punct and not t.is_space
                              for t in doc[verb.i + 1:token_sentence(verb).end]):
        return None
    comma = subject.left_edge.i - 1
    if comma < 1 or doc[comma].text != "," or doc[comma].idx <= region[0]:
        return None
    content = clip([(region[0], doc[comma].idx)], region)
    return (subject, content) if content else None


def _demoted_main_verb(verb, cue: Cue, text: str, ends: Sequence[int]) -> Attribution | None:
    """A past-tense cue the parser read as a participle on the subject, in a sentence it
    left with no verb at its root ("Aaron Kall, the director of debate, compared Trump to
    a coach"; "One of the docs who sent the letter called Oz a quack"): the root's phrase
    up to the cue is the source, the words after the cue the content."""
    root = token_sentence(verb).root
    if verb.tag_ != "VBN" or root.pos_ not in ("PROPN", "NOUN", "NUM", "PRON") or cue.quotations_only:
        return None
    rights = [c for c in verb.rights if not c.is_punct]
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if not rights or before is None or root.left_edge.i >= verb.i:
        return None
    region = sentence_of(ends, verb.idx)
    content = fragments(text, clip([token_span(rights)], region))
    source = next(iter(clip([(root.left_edge.idx, before.idx + len(before.text))], region)), None)
    if not content or source is None:
        return None
    return Attribution(cue=verb.text, cue_start=verb.idx, cue_end=end_char(verb),
                       source=clean_span(text, *source), content=content, kind=cue.kind,
                       source_head=root.i, cue_token=verb.i)


def verb_attribution(verb, cue: Cue, text: str, ends: Sequence[int], lexicon: CueLexicon,
                      quoted: Sequence[tuple[int, int]] = ()) -> Attribution | None:
    """Source, cue and content for one cue verb, from the dependency parse (a subject
    inside quoted words is the quote's, not the cue's)."""
    if verb.dep_ in ("amod", "compound") or not (verb.pos_ == "VERB" or verb.tag_.startswith("VB")):
        return None
    subject = _subject(verb, quoted=quoted)
    parts = [] if cue.quotations_only else _content_parts(verb, cue)
    if verb.dep_ == "acl" and not any(p.dep_ in ("ccomp", "xcomp") for p in parts):
        demoted = _demoted_main_verb(verb, cue, text, ends)
        if demoted is not None or verb.tag_ != "VBG" or not parts:
            return demoted  # a past participle describing a noun: "a plan called X"
        # "a statement announcing the pick", "a tweet attacking Machado": the noun is the source
    if verb.dep_ == "prep" and verb.tag_ == "VBN":
        return None  # a participle as preposition: "24% compared to 11%"
    if subject is None and verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(
            c.dep_ in ("aux", "auxpass", "nsubjpass") for c in verb.lefts):
        return None  # an imperative: "Imagine the spectacle"
    judged = None  # "X seems to be Y": X is part of what is judged, and nobody judges
    if cue.subject_content and subject is not None:
        judged = subject if parts and subject.lower_ not in _EXPLETIVES else None
        subject = None
    cue_end = verb.idx + len(verb.text)
    particle = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if particle is not None and particle.head.i == verb.i and any(p.head.i == particle.i for p in parts):
        cue_end = particle.idx + len(particle.text)  # "called for", "warned of"
    region = sentence_of(ends, verb.idx)
    content = clip(_semicolon_bound(verb, _content_spans(verb, subject, parts, region, lexicon,
                                                         text, quoted), text, quoted), region)
    source = _source_span(subject) if subject is not None else None
    if source is not None:  # within the cue's sentence: never a headline line before it
        source = next(iter(clip([source], region)), None)
        subject = subject if source is not None else None
    antecedent = None
    if subject is not None and subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        noun = subject.head.head
        antecedent = (noun.left_edge.idx, noun.idx + len(noun.text))
    if subject is None and all(p.i < verb.i for p in parts) and not cue.subject_content:
        stranded = _stranded_subject(verb)
        if stranded is not None:  # "…, State Department spokesman Ned Price said."
            subject = verb.doc[stranded[1] - 1]
            source = (verb.doc[stranded[0]].idx, subject.idx + len(subject.text))
            content = clip([(region[0], source[0])], region)
    if subject is None and verb.tag_ in _FINITE_TAGS and not cue.subject_content:
        apposed = _stranded_apposition(verb)
        if apposed is not None:  # "In remarks to the paper, a diplomat in New York said …"
            subject = apposed
            source = next(iter(clip([(apposed.left_edge.idx, end_char(verb.doc[verb.i - 1]))],
                                    region)), None)
            subject = subject if source is not None else None
    if not content and subject is not None and cue.kind == "speech":
        fronted = _fronted_fragment(verb, region)
        if fronted is not None:  # "Voters like Mary, she said."
            subject, content = fronted[0], _semicolon_bound(verb, fronted[1], text, quoted)
            source = next(iter(clip([_source_span(subject)], region)), None)
    if not content and subject is not None:
        content = _pro_form(verb)
    if not content and _as_clause_host(verb):  # "as X pointed out, …", "as predicted"
        content = clip(_as_clause_host(verb), region)
        if subject is not None and subject.head.i != verb.i:
            subject = source = None  # not the host clause's subject
    patient = _passive_subject(verb, cue)
    if patient is not None and (content or subject is not None):
        content = clip([token_span([patient])], region) + content
    if judged is not None and content and not any(s <= judged.idx < e for s, e in content):
        content = clip([token_span([judged])], region) + content
    if cue.quotations_only:
        content = []
    if any(s < verb.idx and cue_end < e for s, e in content):  # "which he said were …"
        own = _clause_start(verb, subject) if subject is not None and subject.i < verb.i \
            else verb.idx
        content = cut_out(content, (own, cue_end))
    if source is not None:
        source = clean_span(text, *source)
        content = _headline_rest(text, cue_end, content) or content
    return Attribution(
        cue=text[verb.idx:cue_end], cue_start=verb.idx, cue_end=cue_end, source=source,
        content=_past_colon(text, fragments(text, content), region, cue_end), kind=cue.kind,
        source_head=subject.i if subject is not None else None, antecedent=antecedent,
        cue_token=verb.i,
    )


_COLON_GOES_ON = re.compile(r"\s*:\s+(?=[A-Z])")


def _past_colon(text: str, content: list[tuple[int, int]], region: tuple[int, int],
                cue_end: int) -> list[tuple[int, int]]:
    """`content` run on to the end of its sentence when it stops at a colon and the sentence
    goes on with a capital ("notes that three things are happening at once: Home values are
    rising, rates are low …"): the colon introduces what the clause announces, which the
    parser hangs elsewhere. A quotation after a colon is placement's business."""
    if not content or content[-1][1] <= cue_end:
        return content
    start, end = content[-1]
    colon = _COLON_GOES_ON.match(text, end, min(end + 5, region[1]))
    if colon is None or region[1] <= colon.end():
        return content
    return [*content[:-1], clean_span(text, start, region[1], content=True)]


_HEADLINE_WORDS = 16  # a first line longer than this is a sentence of the story


def _headline_rest(text: str, cue_end: int,
                   content: list[tuple[int, int]]) -> list[tuple[int, int]] | None:
    """The content of a cue in the article's headline ("Flynn says Trump 'absolutely
    right' in saying …", "Obama Seeks More Muslim Refugees As He …"): headline grammar
    leaves out the words the parser needs, so all that follows the cue on the line is
    what was said. None when the cue is not on the first line, that line is too long to be
    a headline, or the content comes before the cue."""
    line_end = text.find("\n")
    if not content or line_end < 0 or cue_end >= line_end or min(s for s, _ in content) < cue_end:
        return None
    if len(text[:line_end].split()) > _HEADLINE_WORDS:
        return None
    return [(cue_end, line_end)]


def mistagged_verb_attribution(token, cue: Cue, text: str,
                                ends: Sequence[int]) -> Attribution | None:
    """A cue verb in -s the tagger took for a plural noun heading its sentence ("Sanders
    Vows To Eliminate Tax Breaks", "DuVernay's film documents how …", "Federal court
    rules against …"): the words before it are the source, those after the content; a cue
    closing its sentence ("…, the mayor's lawyer maintains.") reports the clause before the
    comma, and its source is what stands after the comma."""
    if token.tag_ != "NNS" or token.dep_ != "ROOT" or token.lower_ not in cue.forms:
        return None
    comma = max((c.i for c in token.lefts if c.is_punct), default=-1)
    lefts = [c for c in token.lefts if c.i > comma and c.pos_ in ("PROPN", "NOUN", "PRON")] \
        or [c for c in token.lefts if not c.is_punct]  # "Railing against X, Sanders vows"
    rights = [c for c in token.rights if not c.is_punct]
    if not rights:  # "…, the mayor's former lawyer maintains.": the clause before it
        rights = [c for c in token.lefts if c.i < comma and c.dep_ == "ccomp"]
        lefts = [c for c in lefts if c.i > comma]
    if not lefts or not rights or not any(c.pos_ in ("PROPN", "NOUN", "PRON") for c in lefts):
        return None
    region = sentence_of(ends, token.idx)
    source = clip([token_span(lefts)], region)
    content = fragments(text, clip([token_span(rights)], region))
    if not content or not source:
        return None
    start, end = clean_span(text, *source[0])
    head = max(lefts, key=lambda c: c.i)
    return Attribution(cue=token.text, cue_start=token.idx, cue_end=end_char(token),
                       source=(start, end), content=content, kind=cue.kind,
                       source_head=head.i, cue_token=token.i)


def noun_attribution(noun, cue: Cue, text: str, ends: Sequence[int]) -> Attribution | None:
    """"Trump's claim that …", "his plan to …", "questions about X", "criticism of X by Y":
    the clause, infinitive or prepositional object is the content; the source is a
    possessive, a "by"/"from" phrase, or the subject of the verb the noun is the object of
    ("advocates have expressed concern about X")."""
    parts = []
    for c in noun.rights:
        if c.dep_ in ("acl", "ccomp", "relcl") and any(
                (g.dep_ == "mark" and g.lower_ == "that") or (g.dep_ == "aux" and g.lower_ == "to")
                for g in c.lefts):
            parts.append(c)
        elif c.dep_ == "prep" and c.lower_ in cue.preps:
            parts.extend(g for g in children(c) if g.dep_ in ("pobj", "pcomp")
                         and g.ent_type_ not in ("DATE", "TIME"))  # "remarks on Saturday"
    if not parts:
        return _undergone(noun, cue, text, ends)
    owner = _noun_source(noun)
    if owner is None and not any(_that_clause(p) for p in parts):
        return None  # "efforts to …" with nobody's name on it; but "charges that …" is a claim
    region = sentence_of(ends, noun.idx)
    parts += _phrase_tail(noun, parts)  # "questions about X at a foundation": X's phrase
    if noun.dep_ == "dobj" and all(p.dep_ in _NOMINAL_PARTS for p in parts):
        parts += _phrase_tail(noun.head, parts)  # "raised questions about X during Y"
    content = fragments(text, clip([token_span(parts)], region))
    if not content:
        return None
    return Attribution(cue=noun.text, cue_start=noun.idx, cue_end=noun.idx + len(noun.text),
                       source=clean_span(text, *_source_span(owner)) if owner is not None else None,
                       content=content, kind=cue.kind,
                       source_head=owner.i if owner is not None else None, cue_token=noun.i)


_UNDERGOING = frozenset({"draw", "face", "receive", "earn", "attract"})


def _undergone(noun, cue: Cue, text: str, ends: Sequence[int]) -> Attribution | None:
    """"X drew criticism from Y", "the video has faced ridicule online": a cue noun that is
    the object of a verb of undergoing names a reaction to its subject, which is the
    content (without a closing aside: "X's remarks, which came …, have drawn scrutiny");
    the source is the "from" phrase, if any."""
    verb = noun.head
    if not cue.subject_content or noun.dep_ != "dobj" or verb.lemma_.lower() not in _UNDERGOING \
            or any(c.like_num or c.lower_ == "percent" for c in noun.subtree):
        return None  # "the mayor received 38 percent support": a share, not a reaction
    subject = next((c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.tag_ in ("WDT", "WP", "PRP", "EX"):
        return None
    start, end = token_span([subject])
    cut = next((c for c in subject.rights if c.dep_ in _ASIDES
                and c.doc[c.left_edge.i - 1].text in _ASIDE_MARKS), None)
    if cut is not None:
        end = end_char(cut.doc[cut.left_edge.i - 2])
    source = next((g for p in (*noun.rights, *verb.rights) if p.dep_ == "prep" and p.lower_ == "from"
                   for g in children(p) if g.dep_ == "pobj"), None)
    content = fragments(text, clip([(start, end)], sentence_of(ends, noun.idx)))
    if not content:
        return None
    return Attribution(cue=noun.text, cue_start=noun.idx, cue_end=end_char(noun), kind=cue.kind,
                       source=clean_span(text, *token_span([source])) if source is not None else None,
                       content=content, source_head=source.i if source is not None else None,
                       cue_token=noun.i)


def _that_clause(part) -> bool:
    return part.dep_ in ("acl", "ccomp", "relcl") and any(g.lower_ == "that" for g in part.lefts)


def _noun_source(noun):
    """Whose claim, plan or criticism a cue noun is (see `noun_attribution`)."""
    for c in children(noun):
        if c.dep_ == "poss":
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "from") and c.i > noun.i:
            return next((g for g in children(c) if g.dep_ == "pobj"), None)
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        return _subject(noun.head)
    return next((c for c in noun.lefts  # "the Trump claim that …", "European reluctance to …"
                 if c.dep_ in ("compound", "amod") and c.ent_type_ in _AGENTS), None)


_AGENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})  # "the Trump claim that …"


def adjective_attribution(adj, cue: Cue, text: str, ends: Sequence[int]) -> Attribution | None:
    """"Residents were frustrated that …", "she is convinced the plan will fail", "it is
    clear that …", "critical of X": the clause, infinitive or prepositional object is the
    content; the subject the source (none for an expletive "it")."""
    if adj.dep_ not in ("acomp", "ROOT", "ccomp", "conj", "xcomp", "advcl", "oprd"):
        return None
    holders = [adj]
    if adj.dep_ in ("acomp", "oprd", "xcomp") and adj.head.pos_ in ("AUX", "VERB"):
        holders.append(adj.head)
    parts = []
    for holder in holders:
        for c in holder.rights:
            if c.dep_ in ("ccomp", "xcomp") and c.i > adj.i:
                parts.append(c)
            elif c.dep_ == "prep" and c.lower_ in cue.preps and holder is adj:
                parts.extend(g for g in children(c) if g.dep_ in ("pobj", "pcomp"))
    if not parts:
        return None
    subject = next((c for h in holders for c in h.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and subject.lower_ in _EXPLETIVES:
        subject = None
    region = sentence_of(ends, adj.idx)
    content = fragments(text, clip([token_span(parts)], region))
    if not content:
        return None
    return Attribution(cue=adj.text, cue_start=adj.idx, cue_end=adj.idx + len(adj.text),
                       source=clean_span(text, *token_span([subject])) if subject is not None else None,
                       content=content, kind=cue.kind,
                       source_head=subject.i if subject is not None else None, cue_token=adj.i)


def document_attribution(noun, cue: Cue, text: str, ends: Sequence[int],
                         lexicon: CueLexicon) -> Attribution | None:
    """"In a CNN poll, Clinton led by 5 points", "… safe in his eyes": a clause that hangs
    an "in" phrase on a poll, report, interview or view is that source's content — unless
    the clause is itself an attribution ("he said in an interview")."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "in" or prep.head.i == prep.i:
        return None
    anchor = prep.head
    while anchor.pos_ not in ("VERB", "AUX") and anchor.head.i != anchor.i:
        anchor = anchor.head
    if anchor.pos_ not in ("VERB", "AUX") or lexicon.verb(anchor) is not None:
        return None
    phrase_end = end_char(prep.right_edge)
    content = [(anchor.left_edge.idx, prep.idx), (phrase_end, end_char(anchor.right_edge))]
    content = fragments(text, clip(content, sentence_of(ends, noun.idx)))
    if not content:
        return None
    return Attribution(cue=prep.text, cue_start=prep.idx, cue_end=end_char(prep), kind=cue.kind,
                       source=clean_span(text, noun.left_edge.idx, phrase_end),
                       content=content, source_head=noun.i, cue_token=prep.i)


def phrase_attribution(token, lexicon: CueLexicon, text: str,
                        ends: Sequence[int]) -> Attribution | None:
    """"according to X", "as reported by X" starting at `token`: X is the source, the
    clause the phrase hangs on is the content."""
    doc = token.doc
    if token.i + 1 >= len(doc) or doc[token.i + 1].lower_ not in lexicon.phrase_seconds:
        return None
    for n in range(lexicon.longest_phrase, 1, -1):
        cue = lexicon.phrases.get(tuple(t.lower_ for t in doc[token.i:token.i + n]))
        if cue is None:
            continue
        last = doc[token.i + n - 1]
        obj = next((c for c in children(last) if c.dep_ == "pobj"), None)
        anchor = token.head
        while anchor.pos_ not in ("VERB", "AUX") and anchor.dep_ != "ROOT" \
                and anchor.head.i != anchor.i:
            anchor = anchor.head
        phrase_start, phrase_end = token.left_edge, doc[max(token.right_edge.i, last.right_edge.i)]
        content = [(anchor.left_edge.idx, phrase_start.idx),
                   (phrase_end.idx + len(phrase_end.text),
                    anchor.right_edge.idx + len(anchor.right_edge.text))]
        return Attribution(
            cue=text[token.idx:last.idx + len(last.text)], cue_start=token.idx,
            cue_end=last.idx + len(last.text), kind=cue.kind,
            source=clean_span(text, *token_span([obj])) if obj is not None else None,
            content=fragments(text, clip(content, sentence_of(ends, token.idx))),
            source_head=obj.i if obj is not None else None,
        )
    return None


# A speaker label at the start of a paragraph: "PENCE: …", "Sen. Warren: …".
# (possessive runs of blanks: with plain ones, a line of n spaces — the fast path blanks
# whole paragraphs — took time in n², 12 s for 20,000)
_LABEL = re.compile(r"[ \t]*+(?:''|[\"“«])?[ \t]*+((?:[A-Z][\w.’'-]*[ \t]+){0,3}[A-Z][\w.’'-]*)[ \t]*:[ \t]+(?=\S)")


_NOT_LABELS = frozenset({"update", "note", "editor's note", "editor’s note", "photo", "video",
                         "watch", "read", "related", "source", "credit", "warning", "correction",
                         "q", "a", "advertisement", "see", "more", "listen", "breaking",
                         "clarification", "the latest", "latest"})  # notes and column heads


def label_attributions(text: str, doc) -> Iterator[Attribution]:
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
        content = clean_span(text, match.end(), start + len(line.rstrip("\r\n")), content=True)
        content = strip_marks(text, *content)
        yield Attribution(cue=":", cue_start=colon, cue_end=colon + 1,
                           source=(match.start(1), match.end(1)), content=[content])


def _names_someone(doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and (span.text.isupper() or any(t.pos_ == "PROPN" for t in span))


_VERB = parts_of_speech.VERB
_NNS = hash_string("NNS")
_VERB_TAGS = numpy.array(sorted(hash_string(t) for t in ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")),
                         dtype=numpy.uint64)


def cue_candidates(doc, lexicon: CueLexicon) -> list:
    """Tokens whose lemma or form is a cue word, or that start a cue phrase (first and
    second words match), found in one vectorised pass over the doc."""
    from spacy.attrs import LEMMA, LOWER, POS, TAG

    if not len(doc):
        return []
    table = doc.to_array([LEMMA, LOWER, POS, TAG])
    words = table[:, :2]
    verbal = (table[:, 2] == _VERB) | member(table[:, 3], _VERB_TAGS)
    found = member(words, lexicon.hashes).any(axis=1)
    found |= verbal & member(words, lexicon.verb_hashes).any(axis=1)
    found |= (table[:, 3] == _NNS) & member(table[:, 1], lexicon.verb_hashes)  # "Trump vows"
    firsts, seconds = lexicon.phrase_hashes
    lower = table[:, 1]
    found[:-1] |= member(lower[:-1], firsts) & member(lower[1:], seconds)
    all_tokens = tokens(doc)  # (the Doc's cached Tokens, not a new one per candidate)
    return [all_tokens[i] for i in numpy.flatnonzero(found).tolist()]
