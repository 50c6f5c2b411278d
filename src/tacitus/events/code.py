"""Turn matched patterns into coded events: sources and targets, negation and mood,
CAMEO practice for intentions, appeals and refusals, and the explanation of each step.

The order of decisions for one trigger:

1. the most specific pattern for the trigger's frame gives a code;
2. an appeal or demand that controls a coded verb is refined by what it asks for
   ("urged X to release" → appeal for release, 0253);
3. an announced or agreed event (mood "intended") takes its intent code (root 03 for
   cooperation, 13 for force): "agreed to withdraw" → 0356;
4. a negated event takes its CAMEO refusal code (root 12) or yields no event:
   "will not normalize relations" → 120, "did not attack" → nothing;
5. a control verb whose complement was coded adds nothing of its own ("agreed to …",
   "refused to …"), and a bare statement (010) needs a target and no coded content.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..dictionaries.cameo import CameoOntology
from ..model import ActorRef, Event, Mention, TextSpan
from .frames import (
    TARGET_PREPS,
    Frame,
    build_frame,
    clause_depth,
    gerund_lemmas,
    misparsed_gerund,
)
from .match import Attempt, PatternMatch, match_frame
from .modality import DEMAND_VERBS, INTENT_VERBS, REFUSAL_VERBS, SPEECH_VERBS, Modality, modality_of
from .patterns import VerbDictionary

STATEMENT = "010"
NULL_CODES = frozenset({"---", "", "000"})
SKIP_SUBTREE = frozenset({"relcl", "acl", "appos", "ccomp", "advcl", "parataxis"})
FIRST_PERSON = frozenset({"we", "i", "us", "me", "our", "my"})


@dataclass(frozen=True)
class CodingOptions:
    """Switches for CAMEO practice; the defaults are what the built-in dictionaries assume."""

    intent_codes: bool = True  # announced cooperation → 03x, announced force → 13x
    refine_appeals: bool = True  # 020/100 refined by what is asked for
    require_dyad: bool = False  # drop events without both a source and a target
    nominal_events: bool = True  # code event nouns ("the attack on …")
    statements_need_target: bool = True  # a bare 010 statement is a quote, not an event
    require_coded_actor: bool = False  # drop events where neither side has an actor code
    uncoded_sources: bool = True  # keep a subject the dictionaries do not know, code None


@dataclass
class TriggerTrace:
    """What happened at one candidate trigger: for `tacitus explain`."""

    token: str
    index: int
    lemma: str
    attempts: list[Attempt] = field(default_factory=list)
    chosen: str | None = None
    code: str | None = None
    modality: Modality | None = None
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    outcome: str = ""


@dataclass
class _Candidate:
    trigger: object
    frame: Frame
    match: PatternMatch
    modality: Modality
    code: str
    trace: TriggerTrace
    sources: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    dropped: bool = False


class MentionLookup:
    """Find the actor mention at or under a token."""

    def __init__(self, doc, mentions: list[Mention]) -> None:
        self.doc = doc
        ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
        self._starts = [m.start for m in ordered]
        self._mentions = ordered
        self._by_head: dict[int, list[Mention]] = {}
        for m in ordered:
            if m.head is not None and m.how != "pronoun":
                self._by_head.setdefault(m.head, []).append(m)

    def all_under(self, token) -> list[Mention]:
        """Every mention headed by this token ("Hungarian and Romanian officials" heads
        two), else the one under it."""
        headed = self._by_head.get(token.idx)
        if headed and len(headed) > 1:
            return list(headed)
        hit = self.under(token)
        return [hit] if hit is not None else []

    def at(self, token) -> Mention | None:
        """The mention covering this token, if any."""
        i = bisect.bisect_right(self._starts, token.idx) - 1
        while i >= 0:
            m = self._mentions[i]
            if m.start <= token.idx < m.end:
                return m
            if token.idx - m.start > 200:
                break
            i -= 1
        return None

    def under(self, token) -> Mention | None:
        """The mention covering the token, else the first one inside its phrase."""
        hit = self.at(token)
        if hit is not None:
            return hit
        stack = [c for c in token.children if c.dep_ not in SKIP_SUBTREE]
        found = []
        while stack:
            t = stack.pop()
            m = self.at(t)
            if m is not None:
                found.append((t.i, m))
                continue
            stack.extend(c for c in t.children if c.dep_ not in SKIP_SUBTREE)
        if not found:
            return None
        return min(found, key=lambda x: x[0])[1]


class EventCoder:
    """Codes the events of a parsed document with one verb dictionary."""

    def __init__(self, verbs: VerbDictionary, ontology: CameoOntology, options: CodingOptions | None = None):
        self.verbs = verbs
        self.ontology = ontology
        self.options = options or CodingOptions()

    # -- public --------------------------------------------------------------------

    def code(self, doc, mentions: list[Mention]) -> tuple[list[Event], list[TriggerTrace]]:
        lookup = MentionLookup(doc, mentions)
        events: list[Event] = []
        traces: list[TriggerTrace] = []
        for n, sent in enumerate(doc.sents):
            sent_events, sent_traces = self.code_sentence(sent, n, lookup)
            events.extend(sent_events)
            traces.extend(sent_traces)
        return events, traces

    def code_sentence(self, sent, number: int, lookup: MentionLookup):
        candidates = []
        traces = []
        for token in sent:
            lemma, patterns = self._patterns_for(token)
            if not patterns:
                continue
            frame = build_frame(token, lemma)
            match, attempts = match_frame(frame, patterns, lambda t: lookup.at(t) is not None)
            trace = TriggerTrace(token.text, token.i, frame.lemma, attempts)
            traces.append(trace)
            if match is None:
                trace.outcome = "no pattern matched"
                continue
            trace.chosen = match.pattern.id
            if match.pattern.code in NULL_CODES:
                trace.outcome = "pattern codes no event"
                continue
            modality = modality_of(token.head if misparsed_gerund(token) else token)
            trace.modality = modality
            candidates.append(_Candidate(token, frame, match, modality, match.pattern.code, trace))
        by_trigger = {c.trigger.i: c for c in candidates}
        self._refine_appeals(candidates, by_trigger)
        for c in candidates:
            self._apply_mood_and_negation(c)
        self._suppress_controllers(candidates, by_trigger)
        coded = {c.trigger.i for c in candidates if not c.dropped}
        events = []
        for c in candidates:
            if c.dropped:
                continue
            events.extend(self._events_for(c, sent, number, lookup, coded))
        events.sort(key=lambda e: (clause_depth(sent.doc[_token_index(sent, e)]), e.trigger.start))
        return events, traces

    # -- steps ---------------------------------------------------------------------

    def _patterns_for(self, token) -> tuple[str | None, list | None]:
        """The lemma to match and its patterns, for a candidate trigger word."""
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX"):
            if token.pos_ == "AUX" and token.dep_ not in ("ROOT", "ccomp", "conj", "xcomp", "advcl"):
                return None, None
            return lemma, self.verbs.by_lemma.get(lemma)
        if misparsed_gerund(token):
            for candidate in gerund_lemmas(token.text):
                if candidate in self.verbs.by_lemma:
                    return candidate, self.verbs.by_lemma[candidate]
        if token.pos_ == "NOUN" and self.options.nominal_events:
            return lemma, self.verbs.by_noun.get(lemma)
        if token.pos_ in ("ADJ", "ADP") and token.dep_ == "ROOT":
            return lemma, self.verbs.by_lemma.get(lemma)
        return None, None

    def _refine_appeals(self, candidates, by_trigger) -> None:
        if not self.options.refine_appeals:
            return
        for c in candidates:
            if c.code not in ("020", "100"):
                continue
            for x in c.frame.xcomps:
                inner = by_trigger.get(x.i)
                if inner is not None:
                    refined = self.ontology.asked_for(c.code, inner.code)
                    if refined != c.code:
                        c.trace.outcome += f"appeal refined by '{x.text}' ({inner.code}) → {refined}; "
                        c.code = refined
                    break

    def _apply_mood_and_negation(self, c: _Candidate) -> None:
        code = c.code
        original = code
        if self.options.intent_codes and c.modality.mood == "intended":
            intended = self.ontology.intended(code)
            if intended != code:
                c.trace.outcome += f"intended: {code} → {intended}; "
                code = intended
        if c.modality.negated:
            negated = self.ontology.negated(code)
            if negated is None:
                c.trace.outcome += f"negated ({c.modality.negation_reason}): {code} yields no event; "
                c.dropped = True
                return
            c.trace.outcome += f"negated ({c.modality.negation_reason}): {code} → {negated}; "
            code = negated
        c.code = code
        c.trace.code = code
        c.original = original  # type: ignore[attr-defined]

    def _suppress_controllers(self, candidates, by_trigger) -> None:
        coded_inner = {c.trigger.i for c in candidates if not c.dropped}
        for c in candidates:
            lemma = c.frame.lemma
            if lemma in DEMAND_VERBS or lemma not in (INTENT_VERBS | REFUSAL_VERBS):
                continue
            inner = [x for x in c.frame.xcomps if x.i in coded_inner or x.i in by_trigger]
            if inner:
                c.dropped = True
                c.trace.outcome += f"control verb: the coded complement '{inner[0].text}' carries the event; "

    def _events_for(self, c: _Candidate, sent, number: int, lookup: MentionLookup, coded: set[int]) -> list[Event]:
        sources = self._sources(c, lookup)
        targets = self._targets(c, lookup)
        c.trace.sources = [m.text for m in sources]
        c.trace.targets = [m.text for m in targets]
        if c.code == STATEMENT and self.options.statements_need_target:
            embedded = any(
                t.i in coded for ch in c.trigger.children if ch.dep_ == "ccomp" for t in ch.subtree
            )
            if not any(_coded(t) for t in targets) or embedded:
                c.trace.outcome += "bare statement: a quote, not an event"
                return []
        pairs = []
        if targets:
            pairs = [(s, t) for s in (sources or [None]) for t in targets]
        elif len(sources) >= 2:
            pairs = [(s, t) for s in sources for t in sources if s is not t]
        else:
            pairs = [(s, None) for s in sources]
        events = []
        reporter = self._reporter(c.trigger, lookup)
        for source, target in pairs:
            if source is not None and target is not None and _same_actor(source, target):
                continue
            if source is None and target is None:
                continue
            if self.options.require_coded_actor and not _coded(source) and not _coded(target):
                continue
            if self.options.require_dyad and not (_coded(source) and _coded(target)):
                continue
            events.append(self._event(c, sent, number, source, target, reporter))
        if not events:
            c.trace.outcome += "no actors"
        else:
            c.trace.outcome += f"coded {c.code}"
        return events

    def _sources(self, c: _Candidate, lookup: MentionLookup) -> list[Mention]:
        tokens = list(c.match.sources) or list(c.frame.subjects)
        found = _unique(m for t in tokens for m in lookup.all_under(t))
        if found or not self.options.uncoded_sources:
            return found
        # An agent the dictionaries do not know ("the Jani Khel tribe", "a car bomb") is
        # still the event's source: kept with its words and no code.
        return _unique(_noun_phrase_mention(t) for t in tokens)

    def _targets(self, c: _Candidate, lookup: MentionLookup) -> list[Mention]:
        rule = c.match.target_rule
        if rule == "none":
            return []
        if c.match.targets:
            found = _unique(lookup.under(t) for t in c.match.targets)
            if found or rule in ("prep", "object"):
                return found
        frame = c.frame
        direct = _unique(lookup.at(o) for o in frame.objects if not frame.passive)
        if frame.passive:
            direct = _unique(lookup.under(o) for o in frame.objects)
        if direct:
            return direct
        datives = _unique(lookup.under(t) for lemma, t in frame.preps if lemma == "_dative")
        if datives:
            return datives
        for prep in TARGET_PREPS:
            found = _unique(lookup.under(t) for lemma, t in frame.preps if lemma == prep)
            if found:
                return found
        return _unique(lookup.under(o) for o in frame.objects if not frame.passive)

    @staticmethod
    def _reporter(trigger, lookup: MentionLookup) -> Mention | None:
        token = trigger
        for _ in range(5):
            if token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH_VERBS:
                for child in token.head.children:
                    if child.dep_ == "nsubj":
                        return lookup.under(child)
                return None
            if token.head.i == token.i:
                return None
            token = token.head
        return None

    def _event(self, c: _Candidate, sent, number, source, target, reporter) -> Event:
        info = self.ontology[c.code]
        trigger = c.trigger
        original = getattr(c, "original", c.code)
        return Event(
            sentence=number,
            text=sent.text.strip(),
            source=_ref(source),
            target=_ref(target),
            cameo=c.code,
            name=info.name,
            root=info.root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover=self.ontology.plover(c.code),
            trigger=TextSpan(trigger.text, trigger.idx, trigger.idx + len(trigger.text)),
            rule=c.match.pattern.id,
            negated=c.modality.negated,
            mood=("asserted" if c.modality.negated and c.modality.mood == "intended" else c.modality.mood),
            reporter=_ref(reporter),
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            negated_code=original if c.modality.negated else None,
        )


def _noun_phrase_mention(token) -> Mention | None:
    """A mention without a code for a subject noun phrase no dictionary knows."""
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in ("expl",):
        return None
    left = token.left_edge.i
    right = token.i
    for child in token.children:  # include compounds and "of"-phrases, not clauses
        if child.i > token.i and child.dep_ in ("prep", "compound", "appos") and child.lower_ in ("of",):
            right = max(right, child.right_edge.i)
    span = token.doc[left : right + 1]
    while len(span) > 1 and span[0].pos_ in ("DET", "PUNCT"):
        span = span[1:]
    return Mention(
        text=span.text, start=span.start_char, end=span.end_char, sentence=0, code=None,
        how="noun-phrase", head=token.idx, kind="unknown",
    )


def _token_index(sent, event: Event) -> int:
    for t in sent:
        if t.idx == event.trigger.start:
            return t.i
    return sent.start


def _unique(mentions) -> list[Mention]:
    out = []
    seen = set()
    for m in mentions:
        if m is None:
            continue
        key = (m.start, m.end)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _same_actor(a: Mention, b: Mention) -> bool:
    if a.actor and b.actor and a.actor == b.actor:
        return True
    return a.start == b.start


def _coded(m: Mention | None) -> bool:
    return m is not None and (m.code is not None)


def _ref(m: Mention | None) -> ActorRef | None:
    if m is None:
        return None
    return ActorRef(
        text=m.text, code=m.code, country=m.country, start=m.start, end=m.end, actor=m.actor, name=m.name
    )
