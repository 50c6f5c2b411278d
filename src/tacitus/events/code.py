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
import functools
from dataclasses import dataclass, field, replace

from ..actors.coref import PERSON_PRONOUNS
from ..dictionaries.cameo import CameoCode, CameoOntology
from ..model import ActorRef, Event, Mention, TextSpan
from ..nlp import (
    children,
    per_doc,
    pos_tags,
    sentence_of,
    sentences,
    subtree_indices,
    tokens,
    words,
)
from .frames import (
    DOCUMENT_NOUNS,
    LIGHT_VERBS,
    TARGET_PREPS,
    Frame,
    build_frame,
    clause_depth,
    gerund_lemmas,
    light_verb_of,
    misparsed_gerund,
    misparsed_verb,
    participial_passive,
    subjects_of,
    verb_lemmas,
)
from .match import Attempt, PatternMatch, match_frame
from .modality import (
    ASPECT_VERBS,
    DEMAND_VERBS,
    INTENT_VERBS,
    REFUSAL_VERBS,
    Modality,
    committed_clause,
    modality_of,
    speech_lemmas,
    speech_nouns,
)
from .patterns import Pattern, VerbDictionary
from .petrarch import (
    PhraseReader,
    embedded_triggers,
    has_object_phrase,
    petrarch_sources,
    petrarch_targets,
)

STATEMENT = "010"
NULL_CODES = frozenset({"---", "", "000"})
# Parts of speech a trigger can have (verbs, event nouns, gerunds misparsed as nouns or
# adjectives, verbs misparsed as nouns or names, predicate adjectives and prepositions);
# every other token is skipped unread.
TRIGGER_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN", "ADJ", "ADP"})
SKIP_SUBTREE = frozenset({"relcl", "acl", "appos", "ccomp", "advcl", "parataxis"})
# Prepositions of time, cause and concession introduce circumstances, never a participant:
# "renewed talks … after weeks of protests by Polish farmers" has no target in the farmers.
CIRCUMSTANTIAL_PREPS = frozenset({
    "after", "before", "during", "since", "until", "till", "amid", "amidst", "despite",
    "following", "throughout", "ahead", "prior", "because", "pending",
})
# Complex prepositions of circumstance: "on the basis of", "in line with", "in the wake of".
CIRCUMSTANTIAL_NOUNS = frozenset({
    "basis", "line", "accordance", "light", "view", "wake", "spite", "absence", "context",
    "framework", "name", "aftermath", "run-up", "course", "event", "face", "midst", "lieu",
})
FIRST_PERSON = frozenset({"we", "i", "us", "me", "our", "my"})
# Verbs whose subject organises or joins the event noun they take as object.
ORGANISING_VERBS = frozenset({"organize", "organise", "lead", "join", "plan", "coordinate"})
# Roots whose source may be an instrument or a blast ("a car bomb killed …").
FORCE_ROOTS = ("18", "19", "20")
# Nouns that name causes, ideas, texts and states of affairs: never the source of an event.
NON_AGENT_NOUNS = frozenset({
    "pneumonia", "disease", "illness", "virus", "cancer", "infection", "pandemic", "epidemic",
    "outbreak", "storm", "flood", "flooding", "earthquake", "weather", "drought", "hurricane",
    "heat", "rain", "snow", "accident", "crash", "law", "rule", "deal", "plan", "policy",
    "study", "survey", "poll", "data", "evidence", "budget",
    "price", "inflation", "economy", "market", "scandal", "crisis", "pressure", "fear", "concern",
    "problem", "issue", "move", "step", "idea", "proposal", "bid", "effort", "reason", "fact",
    "news", "rumor", "rumour", "situation", "event", "incident", "result", "change", "case",
    "process", "system", "program", "programme", "project", "goal",
    "spate", "wave", "series", "string", "rash", "flurry",  # "a spate of shootings demands …"
})
ABSTRACT_SUFFIXES = ("tion", "sion", "ment", "ness", "ity", "ism", "ance", "ence", "ship")
# Endings of nouns for people ("farmer", "activist", "student", "civilian"), with the
# words that end so and name none (besides NON_AGENT_NOUNS, which `_names_people` also reads).
AGENT_SUFFIXES = ("er", "or", "ist", "ent", "ant", "ian")
NOT_PEOPLE = frozenset({
    "border", "water", "summer", "winter", "center", "order", "paper", "power", "number",
    "corner", "quarter", "matter", "letter", "chapter", "shelter", "murder", "hunger", "poster",
    "fever", "computer", "transfer", "counter", "disaster", "theater",
    "river", "tower", "powder", "rubber", "timber", "hour", "floor", "door", "error", "color",
    "colour", "labor", "labour", "sector", "factor", "mirror", "terror", "horror", "motor",
    "vendor", "content", "moment", "percent", "talent",
    "plant", "grant", "giant", "restaurant", "warrant", "variant", "account", "payment",
    "current", "extent", "present", "component", "segment", "cement",
})
PEOPLE_NOUNS = frozenset({
    "student", "union", "trade-union", "opposition", "public", "youth", "civilian", "people",
    "citizen", "staff", "crowd", "mob", "party", "cleric", "clergy", "tribe", "tribal",
    "parent", "nurse", "doctor", "patient", "veteran", "pensioner", "resident", "refugee",
    "migrant", "police", "army", "rebel", "militia", "settler", "monk", "priest", "imam",
    "guerrilla", "guerilla", "jihadist", "militant", "insurgent",
})
# Nouns with those endings that name bodies of people.
COLLECTIVE_NOUNS = frozenset({
    "government", "parliament", "department", "movement", "regiment", "establishment",
    "management", "opposition", "administration", "coalition", "delegation", "commission",
    "organization", "organisation", "association", "federation", "corporation", "foundation",
    "institution", "nation", "mission", "division", "population", "congregation", "authority",
    "majority", "minority", "community", "society", "presidency", "agency", "alliance",
    "conference", "intelligence", "legation", "convention", "entity", "university",
    "municipality", "fraternity", "confederation", "junta", "leadership", "militia",
    "constituency", "electorate", "prosecution", "defence", "defense", "police", "insurgency",
    "resistance", "ministry", "embassy", "presidium", "directorate", "inspectorate", "secretariat",
    "city", "publication", "station", "network",
})

# The rule behind a speaker's "X must/should do Y" (a demand, 100), built in code because
# it hangs on the reported clause rather than on a verb pattern of the dictionary.
REPORTED_OBLIGATION = Pattern(id="100.reported-obligation", code="100", lemma="say",
                              example="Russia said Sudan must return the helicopter.", origin="code.py")


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
    negation_codes: bool = True  # negated events take refusal codes or yield none
    control_verbs: bool = True  # "agreed to X": the coded complement carries the event
    foreign_codes: bool = False  # allow event codes outside the CAMEO ontology (validation suites)
    petrarch_slots: bool = False  # source and target as PETRARCH reads them (events/petrarch.py)
    new_actor_length: int = 0  # PETRARCH: an uncoded noun phrase of at most N words is an actor

    @classmethod
    def petrarch(cls, require_dyad: bool = True, new_actor_length: int = 0) -> CodingOptions:
        """PETRARCH-compatible coding, for PETRARCH/Phoenix dictionaries: their patterns
        already say what negation, intention and appeals code as, every matched verb is
        an event, sources and targets are read as PETRARCH reads a verb phrase, and an
        agent without a country ("a senior official", ---GOV) counts as an actor. With
        `new_actor_length` N > 0 a noun phrase of at most N words naming no actor is an
        actor named by its text, as PETRARCH's option of that name does."""
        return cls(
            intent_codes=False,
            refine_appeals=False,
            require_dyad=require_dyad,
            nominal_events=False,
            statements_need_target=False,
            negation_codes=False,
            control_verbs=False,
            foreign_codes=True,
            petrarch_slots=True,
            new_actor_length=new_actor_length,
            require_coded_actor=True,
            uncoded_sources=False,
        )


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
    demanded_by: list = field(default_factory=list)  # who demands the act ("urged X to …")
    demanded_of: list = field(default_factory=list)  # to whom the demand is said ("a reminder to Iraq")
    inanimate: bool = False  # its only subject is a cause or an idea: no event
    original: str | None = None  # the code before negation recoded it


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
        stack = [c for c in children(token) if _descend(c)]
        found = []
        while stack:
            t = stack.pop()
            m = self.at(t)
            if m is not None:
                found.append((t.i, m))
                continue
            stack.extend(c for c in children(t) if _descend(c))
        if not found:
            return None
        # "his Turkish counterpart": the possessive pronoun is someone else's mention.
        named = [f for f in found if f[1].how != "pronoun"] or found
        return min(named, key=lambda x: x[0])[1]


class EventCoder:
    """Codes the events of a parsed document with one verb dictionary."""

    def __init__(self, verbs: VerbDictionary, ontology: CameoOntology, options: CodingOptions | None = None):
        self.verbs = verbs
        self.ontology = ontology
        self.options = options or CodingOptions()

    # -- public --------------------------------------------------------------------

    def code(self, doc, mentions: list[Mention]) -> tuple[list[Event], list[TriggerTrace]]:
        if self.options.petrarch_slots:  # names with no code and no role are not actors
            mentions = [m for m in mentions if self._is_actor(m)]
        lookup = MentionLookup(doc, mentions)
        events: list[Event] = []
        traces: list[TriggerTrace] = []
        possible = self._possible_triggers(doc)
        for n, sent in enumerate(sentences(doc)):
            first, last = bisect.bisect_left(possible, sent.start), bisect.bisect_left(possible, sent.end)
            sent_events, sent_traces = self.code_sentence(sent, n, lookup, possible[first:last])
            events.extend(sent_events)
            traces.extend(sent_traces)
        return events, traces

    def code_sentence(self, sent, number: int, lookup: MentionLookup, possible: list[int]):
        """Code one sentence. `possible`: the indices of its tokens that may be triggers
        (its share of the Doc's `_possible_triggers`)."""
        candidates = []
        traces = []
        speech_verbs = []  # for _reported_obligations, found in the same pass
        all_tokens, pos = tokens(sent.doc), pos_tags(sent.doc)
        lowers, lemmas, _ = words(sent.doc)
        for i in possible:
            token, tag = all_tokens[i], pos[i]
            lemma, patterns = self._patterns_for(token, tag, lowers[i], lemmas[i])
            if lemma is not None and tag == "VERB" and lemma in speech_lemmas():
                speech_verbs.append(token)
            if not patterns:
                continue
            frame = build_frame(token, lemma)
            match, attempts = match_frame(frame, patterns, lookup.at)
            trace = TriggerTrace(token.text, token.i, frame.lemma, attempts)
            traces.append(trace)
            if match is None:
                trace.outcome = "no pattern matched"
                continue
            trace.chosen = match.pattern.id
            if match.pattern.code in NULL_CODES and not getattr(match.pattern, "reverse_code", None):
                trace.outcome = "pattern codes no event"
                continue
            # a gerund read as an adjective, or an event noun of a light verb ("will not
            # launch an offensive"), takes the mood and negation of the verb over it
            governor = token.head if misparsed_gerund(token) else light_verb_of(token) if frame.pos == "noun" else None
            modality = modality_of(governor or token)
            trace.modality = modality
            candidates.append(_Candidate(token, frame, match, modality, match.pattern.code, trace))
        candidates.extend(self._reported_obligations(speech_verbs, candidates, traces))
        if self.options.petrarch_slots:
            inside = embedded_triggers([c.trigger for c in candidates])
            for c in candidates:
                if c.trigger.i in inside:
                    c.dropped = True
                    c.trace.outcome += "inside the phrase of another coded verb; "
        self._drop_embedded_nouns(candidates)
        by_trigger = {c.trigger.i: c for c in candidates}
        self._refine_appeals(candidates, by_trigger)
        for c in candidates:
            self._apply_mood_and_negation(c)
        self._demands_of_speakers(candidates, by_trigger)
        self._suppress_controllers(candidates, by_trigger)
        coded = {c.trigger.i for c in candidates if not c.dropped}
        events = []
        for c in candidates:
            if c.dropped:
                continue
            events.extend(self._events_for(c, sent, number, lookup, coded))
        if len(events) > 1:  # (the key walks the parse up to the root for each event)
            all_tokens = tokens(sent.doc)
            events.sort(key=lambda e: (_salience_depth(all_tokens[_token_index(sent, e)]), e.trigger.start))
        return events, traces

    # -- steps ---------------------------------------------------------------------

    def _reported_obligations(self, speech_verbs, candidates, traces) -> list[_Candidate]:
        """"Russia said Sudan must return the helicopter", "the Red Cross said the forces
        should ensure security": a speaker saying what another must do demands it (100),
        also when what is demanded has no pattern of its own (a coded demanded act is
        refined by `_demands_of_speakers` instead)."""
        if not self.options.refine_appeals:
            return []
        coded = {c.trigger.i for c in candidates}
        out = []
        for token in speech_verbs:
            if token.i in coded:
                continue
            clause = next((ch for ch in children(token) if ch.dep_ == "ccomp" and _obliged(ch)), None)
            if clause is None or any(i in coded for i in subtree_indices(clause)):
                continue
            obliged = [t for t in subjects_of(clause) if t.pos_ != "PRON"]
            if not obliged or not subjects_of(token):
                continue
            frame = build_frame(token)
            match = PatternMatch(REPORTED_OBLIGATION, 0, targets=tuple(obliged), target_rule="object")
            trace = TriggerTrace(token.text, token.i, frame.lemma, [], chosen=REPORTED_OBLIGATION.id)
            trace.outcome = f"'{clause.text}' is what the speaker says another must do; "
            traces.append(trace)
            out.append(_Candidate(token, frame, match, modality_of(token), "100", trace))
        return out

    def _possible_triggers(self, doc) -> list[int]:
        """The indices of the Doc's tokens that `_patterns_for` may give patterns (or that
        may be speech verbs), told by part of speech and words alone, without a Token:
        every verb and auxiliary; a noun, name, adjective or preposition only when its
        lemma, or its form (a gerund, an inflected verb), can reach a pattern. Nine in ten
        tokens are ruled out here, in one pass over the Doc."""
        by_lemma = self.verbs.by_lemma
        by_noun = self.verbs.by_noun if self.options.nominal_events else {}
        lowers, lemmas, _ = words(doc)
        out = []
        for i, tag in enumerate(pos_tags(doc)):
            if tag == "VERB" or tag == "AUX":
                out.append(i)
            elif tag not in TRIGGER_POS:
                continue
            elif lemmas[i] in by_lemma:
                out.append(i)
            elif tag == "NOUN":  # a verb, a gerund, an event noun
                if lowers[i].endswith("ing") or lemmas[i] in by_noun:
                    out.append(i)
            elif tag == "ADJ":  # a gerund
                if lowers[i].endswith("ing"):
                    out.append(i)
            elif tag == "PROPN" and any(c in by_lemma for c in _lemma_guesses(lowers[i])):
                out.append(i)  # a headline verb ("Lawmakers Rip Trump")
        return out

    def _patterns_for(self, token, pos: str, lower: str, lemma: str) -> tuple[str | None, list | None]:
        """The lemma to match and its patterns, for a candidate trigger word whose part of
        speech is `pos` (one of TRIGGER_POS; it rules out most before any lemma), lower-cased
        form `lower` and lower-cased lemma `lemma` (from the Doc's word lists)."""
        if pos in ("VERB", "AUX"):
            if pos == "AUX" and token.dep_ not in ("ROOT", "ccomp", "conj", "xcomp", "advcl"):
                return None, None
            if lemma not in self.verbs.by_lemma:
                guesses = (*irregular_lemmas(lower), *_lemma_guesses(lower))
                lemma = next((c for c in guesses if c in self.verbs.by_lemma), lemma)
            patterns = self.verbs.by_lemma.get(lemma)
            written = self.verbs.by_form.get(lower)  # PETRARCH verbs: by written form
            if written:
                patterns = [*written, *(patterns or ())]
            return lemma, patterns
        if pos in ("NOUN", "PROPN"):
            # "The campaign plans to …", "Lawmakers Rip Trump": a verb, or no trigger
            # (the dictionary is asked first: most nouns and names are no verb at all)
            by_lemma = self.verbs.by_lemma
            if pos == "PROPN":
                if not misparsed_verb(token):
                    return None, None
                verb = lemma if lemma in by_lemma else next((c for c in _lemma_guesses(lower) if c in by_lemma), None)
                return (verb, by_lemma[verb]) if verb is not None else (None, None)
            if lemma in by_lemma and misparsed_verb(token):
                return lemma, by_lemma[lemma]
        if pos != "ADP" and misparsed_gerund(token):
            for candidate in gerund_lemmas(token.text):
                if candidate in self.verbs.by_lemma:
                    return candidate, self.verbs.by_lemma[candidate]
        if pos == "NOUN":
            if not self.options.nominal_events:
                return None, None
            return lemma, self.verbs.by_noun.get(lemma)
        if token.dep_ in ("ROOT", "acomp", "ccomp", "conj"):
            # predicates like "is skeptical of", "was critical of"
            return lemma, self.verbs.by_lemma.get(lemma)
        return None, None

    @staticmethod
    def _drop_embedded_nouns(candidates) -> None:
        """An event noun inside a coded verb's phrase is that verb's content, not an event
        of its own: "threatened a wave of suicide bombings", "went on hunger strike"."""
        verbs = [c for c in candidates if c.frame.pos == "verb"]
        for c in candidates:
            if c.frame.pos != "noun" or c.dropped:
                continue
            owner = next((v for v in verbs if any(t.i == c.trigger.i for t in v.frame.domain)), None)
            if owner is not None and owner.frame.lemma not in LIGHT_VERBS:
                c.dropped = True
                c.trace.outcome += f"part of the phrase of '{owner.trigger.text}'; "

    def _refine_appeals(self, candidates, by_trigger) -> None:
        if not self.options.refine_appeals:
            return
        for c in candidates:
            if c.code not in ("020", "100"):
                continue
            asked = [*c.frame.xcomps, *(ch for ch in children(c.trigger) if ch.dep_ == "ccomp")]
            for x in asked:  # "urged X to withdraw", "demanded that X withdraw"
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
        announced = c.modality.mood == "intended" or (c.modality.mood == "conditional" and c.modality.future)
        if self.options.intent_codes and (announced or _conditional_threat(c, self.ontology.intended(code))):
            intended = self.ontology.intended(code)
            if intended != code:
                c.trace.outcome += f"intended: {code} → {intended}; "
                code = intended
        if c.modality.negated and self.options.negation_codes:
            negated = self.ontology.negated(code)
            if negated is None:
                c.trace.outcome += f"negated ({c.modality.negation_reason}): {code} yields no event; "
                c.dropped = True
                return
            c.trace.outcome += f"negated ({c.modality.negation_reason}): {code} → {negated}; "
            code = negated
        c.code = code
        c.trace.code = code
        c.original = original

    def _demands_of_speakers(self, candidates, by_trigger) -> None:
        """"Russia said that Sudan must return the helicopter" is a demand by Russia of
        Sudan (CAMEO 10x, refined by what is demanded), not Sudan returning anything. The
        same for a demanding verb with no pattern of its own ("pushed for the US to …")."""
        if not self.options.refine_appeals:
            return
        for c in candidates:
            if c.dropped or c.modality.mood != "demanded" or c.modality.negated:
                continue
            governor = c.modality.controller or _speech_verb_over(c.trigger)
            if governor is None:
                continue
            own = by_trigger.get(governor.i)
            if own is not None and not own.dropped and own.code != STATEMENT:
                continue  # the appeal or demand verb is coded itself ("urged X to …");
                # a bare statement ("told Poland that it must …") carries no demand
            demander = subjects_of(governor)
            if not demander:
                continue
            demanded = self.ontology.asked_for("100", c.code)
            c.trace.outcome += f"demanded by '{governor.text}': {c.code} → {demanded}; "
            c.code = demanded
            c.demanded_by = demander
            c.demanded_of = _addressees(governor)

    def _suppress_controllers(self, candidates, by_trigger) -> None:
        if not self.options.control_verbs:
            return
        # A pattern written for the pair ("threaten + resign" → 1313) codes the pair: the
        # complement it names adds no event of its own.
        for c in candidates:
            named = getattr(c.match.pattern, "xcomp", frozenset())
            if c.dropped or not named or "*" in named:
                continue
            for x in c.frame.xcomps:
                inner = by_trigger.get(x.i)
                if inner is not None and x.lemma_.lower() in named and not inner.dropped:
                    inner.dropped = True
                    inner.trace.outcome += f"part of the pattern '{c.match.pattern.id}'; "
        coded_inner = {c.trigger.i for c in candidates if not c.dropped}
        for c in candidates:
            if getattr(c.match.pattern, "xcomp", None):
                continue
            lemma = c.frame.lemma
            if lemma in DEMAND_VERBS or lemma not in (INTENT_VERBS | REFUSAL_VERBS):
                continue
            complements = [*c.frame.xcomps, *(ch for ch in children(c.trigger) if committed_clause(ch))]
            # "threatened to resume bombing": through a verb of phase to what it resumes
            complements += [x for a in complements if a.lemma_.lower() in ASPECT_VERBS
                            for x in children(a) if x.dep_ in ("xcomp", "pcomp")]
            inner = [x for x in complements if x.i in coded_inner or x.i in by_trigger]
            if inner:
                c.dropped = True
                c.trace.outcome += f"control verb: the coded complement '{inner[0].text}' carries the event; "

    def _events_for(self, c: _Candidate, sent, number: int, lookup: MentionLookup, coded: set[int]) -> list[Event]:
        acted_on = False  # a target is named, coded or not (then subjects act on it)
        if self.options.petrarch_slots:
            reader = PhraseReader(lookup.at, self.options.new_actor_length)
            targets = petrarch_targets(c.frame, c.match, reader)
            sources = petrarch_sources(c.frame, c.match, targets, reader)
        elif c.demanded_by:
            # a demand: from the one who demands, to the one asked to act
            sources = _unique(m for t in c.demanded_by for m in lookup.all_under(t))
            targets = [t for t in self._sources(c, lookup) if t.code is not None]
            if not targets:  # "told Iraq that it must …": failing the subject, the one told
                targets = _unique(m for t in c.demanded_of for m in lookup.all_under(t))
        else:
            sources = self._sources(c, lookup)
            if c.inanimate:
                return []
            # An uncoded target ("withdrew troops": whose?) says nothing about the dyad.
            found = self._targets(c, lookup)
            targets = [t for t in found if t.code is not None]
            acted_on = bool(found)
            if (not sources and not targets and c.frame.passive and self.options.uncoded_sources
                    and not participial_passive(c.trigger)):
                # "The Serb population was arrested": with no agent named, the one acted
                # on is all the event has; kept with its words and no code.
                targets = found or _unique(_noun_phrase_mention(o) for o in c.frame.objects)
        if targets and sources and all(_same_actor(s, t) for s in sources for t in targets):
            targets = []  # "X met his own officials": the event still happened, undirected
        c.trace.sources = [m.text for m in sources]
        c.trace.targets = [m.text for m in targets]
        if c.code == STATEMENT and self.options.statements_need_target and (
                not any(t.code is not None for t in targets) or _says_coded(c.trigger, coded)):
            c.trace.outcome += "bare statement: a quote, not an event"
            return []
        pairs = []
        if targets:
            pairs = [(s, t) for s in (sources or [None]) for t in targets]
        elif len(sources) >= 2 and not acted_on:
            # "Israel and Egypt signed an accord": with no one else named, each acts on the
            # other; "farmers and students protested against the government" have a target.
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
            if self.options.require_coded_actor and not self._is_actor(source) and not self._is_actor(target):
                continue
            if self.options.require_dyad and not (self._is_actor(source) and self._is_actor(target)):
                continue
            if self.options.petrarch_slots and not self._petrarch_pair(c, source, target):
                continue
            for code, s, t in _directions(c, source, target):
                for s_part, t_part in ((a, b) for a in _split_compound(s) for b in _split_compound(t)):
                    events.append(self._event(c, sent, number, s_part, t_part, reporter, code))
        if not events:
            c.trace.outcome += "no actors"
        else:
            c.trace.outcome += f"coded {c.code}"
        return events

    def _petrarch_pair(self, c: _Candidate, source, target) -> bool:
        """PETRARCH codes no event without a source, none from an actor to itself, and one
        with a null target only when the verb's phrase has a noun phrase to be it."""
        if not self._is_actor(source):
            return False
        if target is None:
            return has_object_phrase(c.trigger)
        return (source.code, source.roles) != (target.code, target.roles)

    def _is_actor(self, m: Mention | None) -> bool:
        """A mention that can be a source or target: it has a code (or, for PETRARCH
        dictionaries, at least a role: "a senior official" is ---GOV)."""
        if m is None:
            return False
        return m.code is not None or (self.options.petrarch_slots and bool(m.roles))

    def _sources(self, c: _Candidate, lookup: MentionLookup) -> list[Mention]:
        if c.match.target_rule == "source-prep":  # "Mosul fell to the Islamic State"
            return _unique(m for t in c.match.targets for m in lookup.all_under(t))
        tokens = list(c.match.sources) or list(c.frame.subjects)
        found = _unique(m for t in tokens for m in lookup.all_under(t))
        for group in [] if (found or c.match.sources) else c.frame.source_alternatives:
            found = _unique(m for t in group for m in lookup.all_under(t))
            if found:
                return found
        if found or not self.options.uncoded_sources:
            return found
        if tokens and all(t.pos_ == "PRON" for t in tokens) and not participial_passive(c.trigger):
            # "The farm bureau said it is skeptical": a pronoun subject of a reported
            # clause is, failing coreference, the one who reports it.
            tokens = _speaker_subjects(c.trigger) or tokens
            found = _unique(m for t in tokens for m in lookup.all_under(t))
            if found:
                return found
        # A modifier of an event noun ("a hunger strike", "protest demonstrations") says
        # what kind of event it is, not who acts.
        kinds = [t for t in tokens if t.head.i == c.trigger.i and t.dep_ in ("amod", "compound", "nmod")
                 and not _names_people(t)]
        if kinds and len(kinds) == len(tokens):
            governing = _governing_subjects(c.trigger)
            found = _unique(m for t in governing for m in lookup.all_under(t))
            if found:
                return found
            if governing or any(t.code for t in self._targets(c, lookup)):
                tokens = governing
            # else, as a last resort, the modifier stands for whoever acted ("a terror attack")
        if tokens and not c.code.startswith(FORCE_ROOTS) and not all(_can_act(t) for t in tokens):
            # "pneumonia forced her to leave", "a solution that would end the war": a
            # cause or an idea is no actor; only force has instruments as its source.
            # Nor are things listed with one ("a spate of shootings and protests").
            c.inanimate = True
            c.trace.outcome += f"the subject '{tokens[0].text}' cannot act; "
            return []
        # An agent the dictionaries do not know ("the Jani Khel tribe", "a car bomb") is
        # still the event's source: kept with its words and no code.
        return _unique(_noun_phrase_mention(t) for t in tokens)

    def _targets(self, c: _Candidate, lookup: MentionLookup) -> list[Mention]:
        rule = c.match.target_rule
        if rule == "none":
            return []
        if rule == "source-prep":  # the subject is what the source acted on
            return _unique(m for t in c.frame.subjects for m in lookup.all_under(t))
        if c.match.targets:
            found = _unique(lookup.under(t) for t in c.match.targets)
            if found or rule in ("prep", "object"):
                return found
        frame = c.frame
        # The object itself first, then its prepositions, and only then an actor inside
        # it: "UN sanctions against Iran were lifted" acts on Iran, not on the UN.
        direct = _unique(lookup.at(o) for o in frame.objects)
        if direct:
            return direct
        # "ridiculed Bornsten's missive on Trump": the object's possessor is acted on
        owners = _unique(lookup.under(p) for o in frame.objects for p in children(o)
                         if p.dep_ == "poss" and p.pos_ != "PRON")
        if owners:
            return owners
        datives = _unique(lookup.under(t) for lemma, t in frame.preps if lemma == "_dative")
        if datives:
            return datives
        for prep in TARGET_PREPS:
            found = _unique(lookup.under(t) for lemma, t in frame.preps
                            if lemma == prep and t.lemma_.lower() not in CIRCUMSTANTIAL_NOUNS)
            if found:
                return found
        return _unique(lookup.under(o) for o in frame.objects)

    @staticmethod
    def _reporter(trigger, lookup: MentionLookup) -> Mention | None:
        verb = _reporting_verb(trigger)
        subject = None if verb is None else next((c for c in children(verb) if c.dep_ == "nsubj"), None)
        return None if subject is None else lookup.under(subject)

    def _code_info(self, code: str) -> CameoCode:
        if code in self.ontology.codes or not self.options.foreign_codes:
            return self.ontology[code]
        return CameoCode(code, "(code of the verb dictionary)", 0.0, 0)

    def _event(self, c: _Candidate, sent, number, source, target, reporter, code: str | None = None) -> Event:
        code = code or c.code
        info = self._code_info(code)
        trigger = c.trigger
        original = c.original or c.code
        return Event(
            sentence=number,
            text=_sentence_text(sent),
            source=_ref(source),
            target=_ref(target),
            cameo=code,
            name=info.name,
            root=info.root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover=self.ontology.plover(code) if code in self.ontology.codes else None,
            trigger=TextSpan(trigger.text, trigger.idx, trigger.idx + len(trigger.text)),
            rule=c.match.pattern.id,
            negated=c.modality.negated,
            mood=_event_mood(c),
            reporter=_ref(reporter),
            sentence_start=sent.start_char,
            sentence_end=sent.end_char,
            negated_code=original if c.modality.negated else None,
        )


def _sentence_text(sent) -> str:
    """``sent.text.strip()``, joined once per sentence from the Doc's cached word texts
    and its array of trailing spaces (the Span builds a Token per word on every read, for
    every event of the sentence). The Span's text drops only a final space, which the
    strip drops anyway."""
    doc = sent.doc
    made = per_doc(doc, "tacitus.events.sentence_texts", lambda d: {})
    text = made.get(sent.start)
    if text is None:
        spaced = per_doc(doc, "tacitus.events.spaces", _trailing_spaces)
        start, end = sent.start, sent.end
        text = made[start] = "".join([
            word + " " if space else word
            for word, space in zip(words(doc)[2][start:end], spaced[start:end], strict=True)
        ]).strip()
    return text


def _trailing_spaces(doc) -> list[int]:
    """Whether each token is followed by a space (``token.whitespace_``), from the Doc's array."""
    from spacy.attrs import SPACY

    return doc.to_array(SPACY).tolist()


def _says_coded(trigger, coded: set[int]) -> bool:
    """Whether what a statement says is coded: a coded trigger in its reported clause, or
    on the letter or statement sent ("sent a letter to the WHO threatening to pull
    funding"; the letter itself is no event of it)."""
    return any(
        i in coded and (i != ch.i or ch.dep_ != "dobj")
        for ch in children(trigger)
        if ch.dep_ in ("ccomp", "dobj") or (ch.dep_ == "advcl" and ch.tag_ == "VBG")
        for i in subtree_indices(ch)
    )


def _event_mood(c: _Candidate) -> str:
    """A refusal ("will not normalize") and a demand ("said Sudan must return …") are
    asserted acts of their own; otherwise the trigger's mood."""
    if c.demanded_by:
        return "asserted"
    if c.modality.negated and c.modality.mood == "intended":
        return "asserted"
    return c.modality.mood


def _conditional_threat(c: _Candidate, intended: str) -> bool:
    """"The EU may halt mediation if the fighting goes on", "would cut aid unless …": a
    harm an actor says it may do on a condition is a threat (root 13), as "will halt …
    if" is; a conditional good ("may resume talks if …") stays conditional."""
    return c.modality.mood == "conditional" and c.modality.modal and intended.startswith("13")


# Prefixes that leave a verb's inflection alone: "retook" is "re" + "took".
VERB_PREFIXES = ("re", "over", "out", "under", "with", "up", "mis", "fore", "counter", "be")


@functools.lru_cache(maxsize=1)
def _irregular_verbs() -> dict[str, str]:
    """The lemmatizer's own table of irregular verb forms ("took" → "take")."""
    from ..nlp import load

    table = load().get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    return {form: lemmas[0] for form, lemmas in table["verb"].items() if lemmas}


@functools.lru_cache(maxsize=4096)
def irregular_lemmas(form: str) -> tuple[str, ...]:
    """Lemmas of an irregular verb form the tagger left unlemmatised: the form itself in
    the lemmatizer's exception table ("retook" tagged as a base form), or a prefix on a
    form in it ("outfought" → "outfight", "overran" → "overrun")."""
    table = _irregular_verbs()
    out = [table[form]] if form in table else []
    for prefix in VERB_PREFIXES:
        rest = form[len(prefix):]
        if form.startswith(prefix) and len(rest) > 2 and rest in table:
            out.append(prefix + table[rest])
    return tuple(out)


@functools.lru_cache(maxsize=8192)
def _lemma_guesses(form: str) -> tuple[str, ...]:
    """``verb_lemmas(form)``, worked out once per form: every name of a Doc is asked
    whether it could be a headline verb, and the same names come back article after
    article."""
    return tuple(verb_lemmas(form))


def _speech_verb_over(trigger):
    """The act of saying whose reported clause holds the trigger, if any: a verb ("said
    that Sudan must …") or, through a noun ("a reminder to Iraq that it must …"), the verb
    that governs the noun ("issued a reminder")."""
    token = trigger
    for _ in range(5):
        head = token.head
        if token.dep_ == "ccomp" and head.lemma_.lower() in speech_lemmas() | DEMAND_VERBS:
            return head
        if token.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" and head.lemma_.lower() in _obliging_nouns():
            return head.head if head.head.i != head.i else None
        if head.i == token.i:
            return None
        token = head
    return None


# Nouns of telling someone what to do, besides the quotes' nouns of speech: "issued a
# reminder to Iraq that it must …", "an ultimatum that the rebels must …".
REMINDING_NOUNS = frozenset({"reminder", "ultimatum", "notice", "instruction", "instructions",
                             "directive", "order", "admonition", "exhortation"})


@functools.lru_cache(maxsize=1)
def _obliging_nouns() -> frozenset[str]:
    return speech_nouns() | REMINDING_NOUNS


def _addressees(verb) -> list:
    """Whom a verb of saying addresses: "told Iraq", "issued a reminder to Iraq"."""
    out = []
    for c in children(verb):
        if c.dep_ in ("dobj", "iobj") and c.pos_ in ("PROPN", "NOUN") and c.lemma_.lower() not in _obliging_nouns():
            out.append(c)
        elif c.dep_ in ("dative", "prep") and c.lower_ == "to":
            out.extend(o for o in children(c) if o.dep_ == "pobj")
    return out


def _obliged(clause) -> bool:
    """A clause saying what its subject must or should do ("Sudan must return …")."""
    return any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in children(clause))


def _reporting_verb(trigger):
    """The speech verb whose reported clause (ccomp) holds the trigger, within five steps
    up the parse ("X said it would …" → said), or None."""
    token = trigger
    for _ in range(5):
        head = token.head
        if head.i == token.i:
            return None
        if token.dep_ == "ccomp" and head.lemma_.lower() in speech_lemmas():
            return head
        token = head
    return None


def _speaker_subjects(trigger) -> list:
    """The named subjects of the speech verb whose reported clause holds the trigger
    ("X said it would …" → X), or an empty list."""
    verb = _reporting_verb(trigger)
    return [] if verb is None else [t for t in subjects_of(verb) if t.pos_ != "PRON"]


def _names_people(token) -> bool:
    """A modifier that names who acts ("farmer protests", "student strikes"), not what kind
    of event it is ("street protests", "hunger strike", "border clashes")."""
    if token.ent_type_ in ("NORP", "ORG", "PERSON", "GPE"):
        return True
    lemma = token.lemma_.lower()
    if lemma in NOT_PEOPLE or lemma in NON_AGENT_NOUNS:
        return False
    return lemma in PEOPLE_NOUNS or (token.pos_ == "NOUN" and lemma.endswith(AGENT_SUFFIXES))


def _governing_subjects(noun) -> list:
    """The subject of the clause an event noun is part of, through its object and
    prepositional links ("protesters participating in a hunger strike", "the LRA is
    responsible for mass killings"), never through a circumstance ("after a terror attack")
    nor the object of any verb but one of organising ("the Council condemned the nuclear
    test" names no tester; "the unions called a general strike" names the strikers)."""
    token = noun
    for _ in range(4):
        if _circumstance(token):
            return []
        head = token.head
        if head.i == token.i or token.dep_ not in ("pobj", "prep", "acomp", "pcomp", "dobj"):
            return []
        if token.dep_ == "dobj" and head.lemma_.lower() not in LIGHT_VERBS | ORGANISING_VERBS:
            return []
        if head.pos_ in ("VERB", "AUX"):
            return [t for t in subjects_of(head) if t.i != noun.i]
        token = head
    return []


# Entities that name a time or an amount: never the one who acts. (Numbers may count
# people: "Thousands protested", "Two of them criticized".)
UNACTING_ENTITIES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"})


def _can_act(token) -> bool:
    """Whether a subject the dictionaries do not know can still be an actor: a name, a
    pronoun, a text speaking for its authors, or a noun for people; not a cause or an idea
    ("pneumonia", "a political solution", "the agreement")."""
    if token.ent_type_ in UNACTING_ENTITIES:
        return False  # "Tuesday saw …", "$5 billion will fund …"
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_:
        return True
    if token.text[:1].isupper() and (
        token.i != sentence_of(token).start or any(t.pos_ == "PROPN" for t in token.subtree if t.i != token.i)
    ):
        return True  # a name; a single capitalised word opening the sentence may be none
    lemma = token.lemma_.lower()
    if lemma in COLLECTIVE_NOUNS or lemma in DOCUMENT_NOUNS:
        return True
    return lemma not in NON_AGENT_NOUNS and not lemma.endswith(ABSTRACT_SUFFIXES)


def _noun_phrase_mention(token) -> Mention | None:
    """A mention without a code for a subject noun phrase no dictionary knows."""
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ in ("expl",):
        return None
    left = token.left_edge.i
    right = token.i
    for child in children(token):  # include compounds and "of"-phrases, not clauses
        if child.i > token.i and child.dep_ in ("prep", "compound", "appos") and child.lower_ in ("of",):
            right = max(right, child.right_edge.i)
    span = token.doc[left : right + 1]
    while len(span) > 1 and span[0].pos_ in ("DET", "PUNCT"):
        span = span[1:]
    return Mention(
        text=span.text, start=span.start_char, end=span.end_char, sentence=0, code=None,
        how="noun-phrase", head=token.idx, kind="unknown",
    )


def _directions(c: _Candidate, source, target) -> list[tuple[str, Mention | None, Mention | None]]:
    """The events of one source-target pair: the pattern's code, and for a PETRARCH paired
    code ``[a:b]`` also `b` from the target back to the source ("left for" → visit and
    receive a visit)."""
    out = []
    if c.code not in NULL_CODES:
        out.append((_attack_in_words(c, source, target), source, target))
    reverse = getattr(c.match.pattern, "reverse_code", None)
    if reverse and target is not None and source is not None:
        out.append((reverse, target, source))
    return out


# Verbs of force that also name an attack in words ("Trump attacked Clinton for her vote").
VERBAL_SENSE = frozenset({"attack", "assail", "pound", "savage", "batter"})
CRITICIZE = "111"


def _attack_in_words(c: _Candidate, source, target) -> str:
    """One person attacking another by name is criticism (CAMEO 111), not an armed attack
    (190): people in the news who carry a political code fight with words, and a pattern
    that names weapons or forces ("attacked … with artillery") keeps its force. A state, an
    army or a place as either party keeps the force ("Putin attacked Ukraine")."""
    pattern = c.match.pattern
    if (c.code[:2] in ("18", "19") and getattr(pattern, "lemma", None) in VERBAL_SENSE
            and not getattr(pattern, "words", ()) and _coded_person(source) and _person(target)):
        return CRITICIZE
    return c.code


def _person(m: Mention | None) -> bool:
    return m is not None and (m.kind == "person" or (m.how == "pronoun" and m.text.lower() in PERSON_PRONOUNS))


def _coded_person(m: Mention | None) -> bool:
    return _person(m) and m.code is not None


def _split_compound(m: Mention | None) -> list[Mention | None]:
    """A PETRARCH compound actor ("THE_SHIRE [FRO/BIL/SAM]") is one actor per code."""
    if m is None or not m.code or "/" not in m.code:
        return [m]
    return [replace(m, code=part) for part in m.code.split("/") if part]


def _salience_depth(token) -> int:
    """How far an event lies from what the sentence chiefly reports: its clause depth, and
    two steps more inside a circumstance of time or cause ("ordered patrols after violent
    protests": the protests are background to the order)."""
    depth = clause_depth(token)
    node = token
    while node.head.i != node.i:
        if _circumstance(node):
            return depth + 2
        node = node.head
    return depth


def _token_index(sent, event: Event) -> int:
    for t in tokens(sent.doc)[sent.start : sent.end]:
        if t.idx == event.trigger.start:
            return t.i
    return sent.start


def _circumstance(token) -> bool:
    """A preposition of time, cause or concession ("after", "because of", "despite")."""
    return token.dep_ == "prep" and token.lower_ in CIRCUMSTANTIAL_PREPS


def _descend(token) -> bool:
    """Whether a phrase's participant may sit under this dependent: not in a clause of its
    own, nor in a circumstance of time or cause."""
    if token.dep_ in SKIP_SUBTREE:
        return False
    if token.dep_ != "prep":
        return True
    if _circumstance(token):
        return False
    return not any(c.dep_ == "pobj" and c.lemma_.lower() in CIRCUMSTANTIAL_NOUNS for c in children(token))


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


def _ref(m: Mention | None) -> ActorRef | None:
    if m is None:
        return None
    return ActorRef(
        text=m.text, code=m.code, country=m.country, start=m.start, end=m.end, actor=m.actor, name=m.name
    )
