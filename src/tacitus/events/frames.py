"""The syntactic frame of a trigger word: who is its subject, what its objects and
prepositional phrases are, which words make up its phrase, and how it is negated and in
what mood. Everything here reads the spaCy dependency parse; nothing knows about codes.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

from ..nlp import children, per_doc, sentence_index, sentence_of, sentences, subtree_indices
from ..nlp import words as doc_words
from .modality import DEMAND_VERBS, INTENT_VERBS, REFUSAL_VERBS, speech_lemmas, speech_nouns

# Dependents that start a clause of their own: their words are not part of this verb's phrase.
CLAUSAL = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "punct", "cc",
                     "mark", "appos", "acl", "dep", "meta"})
# Prepositions whose object is, by default, the target of an event ("in" is not: "rallied
# in Moscow" names a place, not a target).
TARGET_PREPS = ("with", "against", "to", "on", "at", "toward", "towards", "for", "into", "from",
                "over", "upon", "about")
# Adverbs that act as verb particles ("pulled out of", "backed down").
PARTICLES = frozenset({"out", "off", "up", "down", "back", "away", "over", "in", "on", "aside"})
# Verbs whose controlled verb takes the controller's object as its subject: "urged Israel
# to withdraw" (Israel withdraws), "called on Iran to release" (Iran releases).
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "order", "tell", "press", "persuade", "force",
                            "invite", "allow", "encourage", "warn", "request", "pressure",
                            "pressing", "implore", "instruct", "command", "compel", "permit",
                            "advise", "appeal", "challenge", "demand"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Heads that only count what their of-phrase names: "released three of the hostages",
# "killed dozens of civilians", "a number of prisoners".
QUANTITY_HEADS = frozenset({"number", "dozen", "dozens", "hundred", "hundreds", "thousand",
                            "thousands", "million", "millions", "score", "scores", "group",
                            "batch", "handful", "couple", "some", "all", "many", "most",
                            "several", "few", "part", "half", "majority", "rest", "total",
                            "one", "none", "each", "any", "both", "remainder", "lot", "lots"})
# Stretches of time that count the events of their of-phrase: "two days of talks",
# "weeks of protests", "a decade of sanctions".
DURATION_HEADS = frozenset({"hour", "day", "night", "week", "weekend", "month", "year", "decade"})
# Verbs that add little but tense and agency to an event noun: "launched an attack".
LIGHT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "mount", "make", "hold", "begin",
                         "start", "continue", "resume", "step", "intensify", "escalate", "wage",
                         "unleash", "initiate", "undertake", "perform", "commit", "execute"})

# Verbs whose object noun is an act of their subject's: "Italy announced a suspension of
# air links", "the president ordered the deployment of troops".
ANNOUNCING_VERBS = frozenset({"announce", "order", "approve", "authorize", "authorise", "decree",
                              "confirm"})


class _cached:
    """functools.cached_property without its per-read lock (Python 3.11 takes one on
    every first read; frames are built by the ten thousand and never shared between
    threads while being built): the value computed on first read is kept in the
    instance's __dict__, which later reads find first."""

    def __init__(self, compute):
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, frame, owner=None):
        if frame is None:
            return self
        value = frame.__dict__[self.name] = self.compute(frame)
        return value


@dataclass
class Frame:
    """The parts of a clause around one trigger token.

    Most frames are built only to be matched against a few patterns and dropped, so the
    parts that take a walk of their own through the parse (the phrase after
    the trigger, the subjects and other sources) are worked out on first read; they can
    be read and assigned as plain attributes."""

    trigger: object  # spacy Token
    lemma: str
    pos: str  # verb | noun
    passive: bool = False
    particles: set[str] = field(default_factory=set)
    objects: list = field(default_factory=list)  # object heads (passive: the subject)
    preps: list = field(default_factory=list)  # (preposition lemma, its object token)
    xcomps: list = field(default_factory=list)
    adverbs: set[str] = field(default_factory=set)  # "sexually assaulted", "forcibly returned"
    # Infinitive clauses of purpose the parser hung on the verb ("swore to fight",
    # "sent troops to fight the rebels"): their words count for a pattern's `words:`.
    purpose: list = field(default_factory=list)
    # A gerund the parser took for an adjective ("the US normalizing relations"): its
    # phrase and subjects are read off the noun it modifies.
    repaired: bool = False
    # An object the parser hung elsewhere (`shifted_object`, `shared_object`): its
    # phrase is read too.
    shifted: bool = False

    @_cached
    def domain(self) -> list:
        """Tokens of the phrase after the trigger."""
        if self.repaired:
            return [t for t in self.trigger.head.subtree if t.i > self.trigger.i]
        domain = _phrase_tokens(self.trigger)
        if self.shifted:
            for obj in self.objects:
                domain.extend([obj, *_phrase_tokens(obj, everything=True)])
        if self.pos == "noun":
            for prep in _light_verb_preps(self.trigger):
                domain.extend(prep.subtree)
        return domain

    @_cached
    def subjects(self) -> list:
        if self.repaired:
            return [c for c in children(self.trigger.head)
                    if c.dep_ in ("compound", "poss", "nmod") and c.i < self.trigger.i]
        if self.pos == "verb":
            return subjects_of(self.trigger)
        return self._noun_sources[0] if self._noun_sources else []

    @_cached
    def source_alternatives(self) -> list:
        """Further places to look for the source when `subjects` hold no actor, in order
        (event nouns: "the Israeli attack" → the modifier; "launched a suicide attack" →
        the subject of the light verb)."""
        if self.repaired or self.pos == "verb":
            return []
        return self._noun_sources[1:]

    @_cached
    def _noun_sources(self) -> list[list]:
        return noun_sources(self.trigger)

    @_cached
    def verb_preps(self) -> frozenset[str]:
        """Prepositions on the trigger itself that do not introduce a time: they can stand
        for a particle ("called on Israel", not "called Morrison on Wednesday")."""
        return frozenset(
            lemma for lemma, tok in self.preps
            if tok.head.head.i == self.trigger.i and tok.ent_type_ not in ("DATE", "TIME")
        )

    @_cached
    def object_words(self) -> frozenset[str]:
        """The objects' lower-cased forms and lemmas (read once the frame is built)."""
        lowers, lemmas = doc_words(self.trigger.doc)[:2]
        return frozenset([lowers[o.i] for o in self.objects] + [lemmas[o.i] for o in self.objects])

    @_cached
    def sentence_words(self) -> frozenset[str]:
        """The words and lemmas of the trigger's whole sentence: a superset of
        `domain_words` (a phrase never leaves its sentence: the parse's sentences are its
        trees), read without walking the phrase."""
        return sentence_words(self.trigger)

    @_cached
    def domain_words(self) -> frozenset[str]:
        """Words and lemmas of the phrase (and adverbs), computed once per frame."""
        lowers, lemmas = doc_words(self.trigger.doc)[:2]
        at = [t.i for t in self.domain]
        at.extend(t.i for t in self.purpose)
        # An event noun's own modifiers count too, as does a passive verb's subject,
        # which is its object ("UN sanctions against Iran were lifted").
        phrases = [self.trigger] if self.pos == "noun" else self.objects if self.passive else []
        for head in phrases:
            at.extend(subtree_indices(head))
        words = set(self.adverbs)
        words.update([lowers[i] for i in at])
        words.update([lemmas[i] for i in at])
        return frozenset(words)


def sentence_words(token) -> frozenset[str]:
    """The lower-cased forms and lemmas of the words of a token's sentence, gathered once
    per sentence."""
    doc = token.doc
    number = sentence_index(doc)[token.i]
    made = per_doc(doc, "tacitus.events.sentence_words", lambda d: {})
    found = made.get(number)
    if found is None:
        sent = sentences(doc)[number]
        lowers, lemmas = doc_words(doc)[:2]
        found = made[number] = frozenset(lowers[sent.start : sent.end]).union(lemmas[sent.start : sent.end])
    return found


def expand_conjuncts(token) -> list:
    """A token and the tokens coordinated with it ("Israel and Lebanon")."""
    out = [token]
    for child in children(token):
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(expand_conjuncts(child))
    return out


def is_passive(verb) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in children(verb)) or participial_passive(verb)


def participial_passive(verb) -> bool:
    """A past participle modifying a noun or a clause ("Backed by Russian airstrikes,
    Syrian troops …", "rebels armed by Iran"): passive, its noun is acted on."""
    if verb.tag_ == "VBN" and verb.dep_ == "conj" and verb.head.i != verb.i:
        return participial_passive(verb.head)  # "a coalition led by X and backed by Y"
    if verb.tag_ != "VBN" or verb.dep_ not in ("advcl", "acl"):
        return False
    if verb.head.dep_ == "ROOT" and verb.head.pos_ in ("NOUN", "PROPN"):
        return False  # "The Pope interceded with …" misparsed: the sentence's main verb
    return not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in children(verb))


def coordinated_subjects(frame: Frame) -> bool:
    """Whether the frame's subject names two or more parties: "China and Russia held …",
    "French and Egyptian warships launched …" (the coordination may sit on the
    modifier). Parties that act together act jointly."""
    subjects = frame.subjects
    if len(subjects) >= 2:
        return True
    return any(
        c.dep_ in ("amod", "compound", "nmod") and any(g.dep_ == "conj" for g in children(c))
        for s in subjects for c in children(s)
    )


def _nearest_subject(first, verb, kids):
    """A clause has one subject; given two (a misparse: "MOSCOW, March 3 (Reuters) -
    Russia condemned …" makes the dateline a subject too), the one nearest before the
    verb is it."""
    before = [c for c in kids if c.dep_ == "nsubj" and c.i < verb.i]
    return before[-1] if len(before) > 1 else first


# Verbs whose bare infinitive, with no subject of its own, is their own subject's act:
# "let free the prisoners", "helped establish a government".
BARE_INFINITIVE_VERBS = frozenset({"let", "help", "make"})
# Adjectives that say who did an act named by their gerund: "guilty of violating …",
# "responsible for shelling …" (not "capable of …", said of tools as much as of actors).
BLAME_ADJECTIVES = frozenset({"guilty", "responsible", "culpable", "complicit", "liable"})


def subjects_of(verb, depth: int = 0) -> list:
    """The subject tokens of a verb, through passives, control, coordination and relatives."""
    if depth > 6:
        return []
    passive = is_passive(verb)
    kids = children(verb)
    for child in kids:
        if passive and child.dep_ == "agent":
            objs = [c for c in children(child) if c.dep_ == "pobj"]
            if objs:
                return expand_conjuncts(objs[0])
        if not passive and child.dep_ in ("nsubj", "expl"):
            if child.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return expand_conjuncts(verb.head)
            if child.dep_ == "expl":
                continue
            return expand_conjuncts(_nearest_subject(child, verb, kids))
    if passive:
        return []
    if verb.dep_ == "xcomp" or (verb.dep_ in ("advcl", "ccomp") and verb.tag_ == "VB"
                                 and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(verb))):
        controller = verb.head
        if controller.lemma_.lower() in OBJECT_CONTROL:
            for child in children(controller):
                if child.dep_ in ("dobj", "dative", "iobj"):
                    return expand_conjuncts(child)
                if child.dep_ == "prep" and child.lower_ in ("on", "upon"):
                    objs = [c for c in children(child) if c.dep_ == "pobj"]
                    if objs:
                        return expand_conjuncts(objs[0])
        return subjects_of(controller, depth + 1)
    if verb.dep_ == "conj":
        return subjects_of(verb.head, depth + 1)
    if verb.dep_ == "ccomp" and verb.tag_ == "VB" and verb.head.lemma_.lower() in BARE_INFINITIVE_VERBS:
        return subjects_of(verb.head, depth + 1)  # "Ethiopia let free 74 prisoners"
    if verb.dep_ in ("acomp", "attr", "oprd"):  # "Pakistan is willing to withdraw"
        return subjects_of(verb.head, depth + 1)
    if verb.dep_ == "amod" and verb.lemma_.lower() in BLAME_ADJECTIVES and verb.i > verb.head.i:
        return expand_conjuncts(verb.head)  # "militias responsible for …": the militias
    if verb.dep_ == "relcl":
        return expand_conjuncts(verb.head)
    if verb.dep_ == "acl" and _to_infinitive(verb) and verb.head.pos_ == "NOUN":
        return _owner_of(verb.head)
    if main_verb_as_modifier(verb):
        return expand_conjuncts(verb.head)
    if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN"):
        return subjects_of(verb.head, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and _issued_text(verb.head):
        # "the PKK issued a declaration demanding …": the one who issued it demands
        return subjects_of(verb.head.head, depth + 1)
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG":
        # "accused X of violating" → X; "refrained from attacking" → the subject
        prep = verb.head
        governor = prep.head
        if governor.pos_ in ("VERB", "AUX"):
            for child in children(governor):
                if child.dep_ == "dobj" and prep.lower_ == "of":
                    return expand_conjuncts(child)
            return subjects_of(governor, depth + 1)
        if governor.lemma_.lower() in BLAME_ADJECTIVES and governor.dep_ in ("acomp", "oprd", "amod", "conj"):
            # "the army is guilty of violating the truce", "militias responsible for
            # shelling the town": whoever the adjective is said of
            return subjects_of(governor, depth + 1)
    if verb.pos_ in ("NOUN", "PROPN") and _headline_verb(verb):  # its compound
        return [c for c in children(verb) if c.dep_ == "compound" and c.i == verb.i - 1]
    return stranded_subject(verb)


# Names that can own a decision, a plan or a move.
OWNER_ENTITIES = frozenset({"PERSON", "NORP", "GPE", "ORG"})


# Nouns whose infinitive is what their owner decided, tried or means to do ("Britain's
# decision to leave the EU"); not a request, whose infinitive another is asked to do, nor
# a power or a reason, which say nothing of an act.
RESOLVE_NOUNS = frozenset({"decision", "move", "bid", "attempt", "effort", "plan", "intention",
                           "pledge", "promise", "vow", "commitment", "refusal", "offer",
                           "threat", "determination", "readiness", "willingness", "push",
                           "campaign", "drive", "resolve", "failure", "agreement"})


def _owner_of(noun) -> list:
    """Whose decision, plan or move a noun with an infinitive is: "Iran's decision to
    expel …", "a plan by the government to …", "the Israeli move to annex …"; nobody's
    when the noun names none ("efforts to end the war") or is no resolve of its owner's
    ("the administration's request to cooperate", "Congress' power to …")."""
    if noun.lemma_.lower() not in RESOLVE_NOUNS:
        return []
    for child in children(noun):
        if child.dep_ == "poss" and child.pos_ != "PRON":
            return expand_conjuncts(child)
    agent = next(_by_agents(noun), None)
    if agent is not None:
        return expand_conjuncts(agent)
    return [c for c in children(noun) if c.dep_ in ("amod", "compound", "nmod") and c.i < noun.i
            and c.ent_type_ in OWNER_ENTITIES][:1]


# Tags of a verb that carries its own tense (a finite verb needs a subject).
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
# Dependents of a verb that may stand between its subject and itself ("has", "not",
# "apparently", "both").
PRE_VERBAL = frozenset({"aux", "neg", "advmod", "det", "preconj"})


def stranded_subject(verb) -> list:
    """The subject of a finite main or reported verb that the parser hung inside the
    phrase before it: "In a meeting with the board of the Post Trump said …" (Trump as
    the object of "of"), "With the signing of the accord, the government and the rebels
    have agreed …" (the actors coordinated with "accord"), "With her film, DuVernay
    documents …" (an unattached "dep"). The noun right before the verb (past its
    auxiliaries and adverbs) is its subject, with the nouns coordinated with it up to
    the phrase it was attached to; not when a name runs into the name before it, which
    no actor mention separates."""
    if verb.dep_ not in ("ROOT", "ccomp") or verb.pos_ not in ("VERB", "AUX"):
        return []
    kids = children(verb)
    if verb.tag_ not in FINITE_TAGS and not any(c.dep_ == "aux" for c in kids):
        return []
    if any(c.dep_ in ("nsubjpass", "auxpass", "csubj", "expl") for c in kids):
        return []
    doc, start = verb.doc, sentence_of(verb).start
    i = verb.i - 1
    while i >= start and doc[i].head.i == verb.i and doc[i].dep_ in PRE_VERBAL:
        i -= 1
    if i < start:
        return []
    noun = doc[i]
    if noun.pos_ not in ("NOUN", "PROPN") or noun.ent_type_ in ("DATE", "TIME"):
        return []
    if noun.head.i == verb.i:
        # "With her film, DuVernay documents …"; the headline "Pakistan to expel refugees"
        return [noun] if noun.dep_ in ("dep", "npadvmod") else []
    holder = next((c for c in kids if c.i < verb.i and c.left_edge.i <= noun.i <= c.right_edge.i), None)
    if holder is None or holder.dep_ not in ("prep", "dep", "npadvmod") or holder.right_edge.i != noun.i:
        return []
    if noun.dep_ not in ("pobj", "conj", "appos", "dep") or noun.head.i == holder.i:
        return []  # "X in an interview appeared to …": the phrase's own object is no subject
    if noun.pos_ == "PROPN" and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in children(noun)):
        return []  # "the editors of the Financial Times Macron": the names are run together
    while noun.dep_ == "conj" and noun.head.i < noun.i and noun.head.dep_ != "pobj":
        noun = noun.head
    return expand_conjuncts(noun)


DOCUMENT_NOUNS = frozenset({"statement", "declaration", "letter", "communique", "communiqué",
                            "resolution", "report", "message", "note", "decree", "motion",
                            "bill", "petition", "memorandum", "video", "ultimatum"})


def _issued_text(noun) -> bool:
    """A statement, letter or the like that is the object of the verb that put it out."""
    lemma = noun.lemma_.lower()
    return noun.dep_ == "dobj" and (lemma in DOCUMENT_NOUNS or lemma in speech_nouns())


def _to_infinitive(clause) -> bool:
    """A to-infinitive clause ("the party to contest the elections")."""
    return clause.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(clause))


def _infinitival(clause) -> bool:
    """"calls to step down": an infinitive clause on a noun belongs to the noun's phrase."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in children(clause)) and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in children(clause)
    )


def _phrase_tokens(trigger, everything: bool = False) -> list:
    """Tokens of the trigger's phrase to its right (`everything`: on both sides), not
    crossing into other clauses."""
    out = []
    stack = [c for c in children(trigger) if (everything or c.i > trigger.i) and c.dep_ not in CLAUSAL]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for c in children(tok):  # each label read once (a Token attribute costs a look-up)
            dep = c.dep_
            if dep in PHRASE_STOPS:
                if dep == "relcl" and _infinitival(c):
                    stack.append(c)
            elif dep != "appos" or not stray_speaker(c):
                stack.append(c)
    out.sort(key=_by_index)
    return out


# Dependents that end the phrase below its first level: clauses and punctuation (an
# infinitive relative clause excepted: "calls to step down").
PHRASE_STOPS = frozenset({"relcl", "ccomp", "advcl", "punct"})
_by_index = operator.attrgetter("i")


def stray_speaker(token) -> bool:
    """The speaker of a closing "…, an editor at the news agency said." that the parser
    hung as an apposition on the noun before it: the verb of saying right after it is
    the sentence's root and has no subject of its own."""
    if token.dep_ != "appos":
        return False
    doc = token.doc
    after = token.right_edge.i + 1
    if after >= len(doc):
        return False
    verb = doc[after]
    return (verb.dep_ == "ROOT" and verb.lemma_.lower() in speech_lemmas()
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children(verb)))


def _purpose_words(clause) -> list:
    """The verb of a purpose clause and its objects, without their prepositional phrases:
    "to disperse the demonstrators", not "to investigate the feasibility of a force"."""
    out = []
    stack = [clause]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in children(tok) if c.dep_ not in CLAUSAL and c.dep_ not in ("prep", "agent"))
    return out


def misparsed_gerund(token) -> bool:
    """A gerund the parser took for an adjective: "the US normalizing relations" parsed as
    amod(relations → normalizing). Its head noun is really its object."""
    return token.dep_ == "amod" and token.lower_.endswith("ing") and token.pos_ in ("ADJ", "NOUN", "VERB")


# Dependents a noun takes and a verb never does.
NOMINAL_DEPENDENTS = frozenset({"det", "poss", "amod", "nummod", "case", "predet", "quantmod"})


def misparsed_verb(token) -> bool:
    """A verb the tagger took for a noun or a name while the parser still gave it a
    verb's dependents: "The Clinton campaign plans to hire …" (plans: a noun with a
    subject), "Black Lawmakers Rip Donald Trump" (headline capitals: a name with a
    subject and an object). A subject before it, or an object after it on a main,
    reported or coordinated clause, and none of a noun's own dependents (a determiner,
    a possessor, an adjective, a number)."""
    if token.pos_ not in ("NOUN", "PROPN") or not token.is_alpha:
        return False
    subject = obj = False
    for c in children(token):
        dep = c.dep_
        if dep in NOMINAL_DEPENDENTS:
            return False
        if dep == "nsubj" and c.i < token.i:
            subject = True
        elif dep == "dobj" and c.i > token.i:
            obj = True
    return subject or (obj and token.dep_ in ("ROOT", "ccomp", "conj")) or _headline_verb(token)


def _headline_verb(token) -> bool:
    """A headline's verb in -s that the parser made the head of a name or noun compound
    ("Clinton Breaks With Obama", "Sanders Vows To Eliminate …", "Federal court rules
    against …"): the root, its last compound right before it names an actor, and a
    preposition, infinitive or object follows it."""
    if token.dep_ != "ROOT" or not token.lower_.endswith("s") or token.i == sentence_of(token).start:
        return False
    before = token.doc[token.i - 1]
    if before.dep_ != "compound" or before.head.i != token.i or not _actor_like(before):
        return False
    return any(c.i > token.i and c.dep_ in ("prep", "advcl", "xcomp", "dobj", "ccomp") for c in children(token))


def _actor_like(token) -> bool:
    """A name, or a noun for a body of people ("court", "panel", "senate")."""
    if token.pos_ == "PROPN" or token.ent_type_ in OWNER_ENTITIES:
        return True
    return token.lemma_.lower() in HEADLINE_BODIES


# Nouns for bodies that act in headlines ("Federal court rules against …").
HEADLINE_BODIES = frozenset({"court", "judge", "panel", "committee", "senate", "house", "congress",
                             "parliament", "government", "army", "police", "council", "board",
                             "jury", "lawmakers", "officials", "regulators", "prosecutors"})


def gerund_lemmas(word: str) -> list[str]:
    """Candidate verb lemmas of an -ing form: normalizing → normaliz, normalize; shelling → shell."""
    stem = word.lower()[:-3]
    out = [stem, stem + "e"]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        out.append(stem[:-1])
    return out


def verb_lemmas(word: str) -> list[str]:
    """Candidate lemmas of an inflected verb when the lemmatizer got it wrong
    (staged → stag, fined → fin): staged → stage, fined → fine, banned → ban,
    carried → carry, attacks → attack."""
    w = word.lower()
    out = []
    if w.endswith("ied"):
        out.append(w[:-3] + "y")
    if w.endswith("ed"):
        out += [w[:-1], w[:-2]]
        if len(w) > 4 and w[-3] == w[-4]:
            out.append(w[:-3])
    if w.endswith("ing"):
        out += gerund_lemmas(w)
    if w.endswith("ies"):
        out.append(w[:-3] + "y")
    if w.endswith("es"):
        out.append(w[:-2])
    if w.endswith("s"):
        out.append(w[:-1])
    return out


def _repaired_gerund_frame(trigger, lemma: str) -> Frame:
    noun = trigger.head
    frame = Frame(trigger=trigger, lemma=lemma, pos="verb", repaired=True)
    frame.objects = expand_conjuncts(noun)
    for child in children(noun):
        if child.dep_ == "prep":
            _add_prep(frame, child)
    return frame


def build_frame(trigger, lemma: str | None = None) -> Frame:
    """The frame of a verb (or event noun) token; `lemma` overrides the parser's lemma.
    (Its phrase, subjects and other sources are read when first asked for.)"""
    if lemma is not None and misparsed_gerund(trigger):
        return _repaired_gerund_frame(trigger, lemma)
    pos = "noun" if trigger.pos_ in ("NOUN", "PROPN") and not misparsed_verb(trigger) else "verb"
    frame = Frame(trigger=trigger, lemma=lemma or trigger.lemma_.lower(), pos=pos)
    passive = False
    for child in children(trigger):
        dep = child.dep_
        if dep == "prt":
            frame.particles.add(child.lower_)
        elif dep in ("dobj", "attr", "oprd") or (dep == "nsubjpass"):
            frame.objects.extend(expand_conjuncts(child))
        elif dep in ("dative", "iobj"):
            if child.pos_ == "ADP":  # "provided aid to Syria": spaCy marks "to" as dative
                _add_prep(frame, child)
            else:
                frame.preps.append(("_dative", child))
        elif dep == "prep" or (dep == "agent" and pos == "noun"):
            _add_prep(frame, child)
        elif dep == "xcomp" or (dep == "ccomp" and _to_infinitive(child)):
            # "allowed the party to contest …" is parsed as a clause with a subject,
            # which is the verb's object ("will allow refugees to return home")
            frame.xcomps.append(child)
            if dep == "ccomp" and pos == "verb":
                subjects = [c for c in children(child) if c.dep_ == "nsubj" and c.pos_ != "PRON"]
                frame.objects.extend(t for c in subjects for t in expand_conjuncts(c))
                frame.shifted = frame.shifted or bool(subjects)  # its words are the phrase's
        elif dep == "advcl" and child.i > trigger.i and _infinitival(child):
            frame.purpose.extend(_purpose_words(child))
        elif dep == "advmod":
            frame.adverbs.add(child.lemma_.lower())
            if child.lower_ in PARTICLES:  # "pulled out of", parsed as an adverb
                frame.particles.add(child.lower_)
        if dep in ("nsubjpass", "auxpass"):
            passive = True
    # as is_passive(trigger), in the same walk; a participial passive has no passive
    # auxiliary or subject, so its noun is the one acted on
    participial = pos == "verb" and not passive and participial_passive(trigger)
    frame.passive = pos == "verb" and (passive or participial)
    if participial and not frame.objects:
        frame.objects = _participle_patient(trigger)
    elif pos == "verb" and not frame.passive and not frame.objects:
        frame.objects = shared_object(trigger) or shifted_object(trigger)
        frame.shifted = bool(frame.objects)
    if pos == "verb" and not frame.xcomps and frame.lemma in OBJECT_CONTROL:
        frame.xcomps = _complement_in_relative(frame.objects)
    for obj in list(frame.objects):
        frame.objects.extend(partitive_heads(obj))
    for obj in list(frame.objects):
        for child in children(obj):
            if child.dep_ == "prep":
                _add_prep(frame, child)
    if pos == "noun":
        for prep in _light_verb_preps(trigger):
            _add_prep(frame, prep)
    return frame


def _complement_in_relative(objects) -> list:
    """The infinitive of "allowed refugees who had lived in Iraq for a decade to return
    home", which the parser hangs on the relative clause's verb: for a verb that takes an
    object and an infinitive and has none of its own, the subjectless to-infinitive that
    closes its object's relative clause."""
    for obj in objects:
        for rel in children(obj):
            if rel.dep_ != "relcl":
                continue
            for x in children(rel):
                if (x.dep_ in ("advcl", "xcomp") and x.i == max(c.i for c in children(rel))
                        and x.tag_ == "VB" and _to_infinitive(x) and not _finite_clause_of(x)):
                    return [x]
    return []


def _finite_clause_of(clause) -> bool:
    return any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in children(clause))


def shared_object(verb) -> list:
    """The object of coordinated verbs, which the parser hangs on the last one only:
    "the rebels seized and looted the town" (seized the town too)."""
    for child in children(verb):
        if child.dep_ == "conj" and child.pos_ == "VERB" and child.i > verb.i:
            between = verb.doc[verb.i + 1 : child.i]
            if len(between) > 2 or not any(t.dep_ == "cc" for t in between):
                return []  # "seized weapons and looted the town": an object of its own
            if any(g.dep_ in ("nsubj", "nsubjpass", "expl") for g in children(child)):
                return []  # "troops withdrew and rebels seized the town": a clause of its own
            return [o for c in children(child) if c.dep_ == "dobj" for o in expand_conjuncts(c)]
    return []


# Verbs of being, having and moving, which a following clause never takes as object.
NOT_SHIFTING = frozenset({"be", "have", "get", "go", "come", "seem", "appear", "become", "remain"})
# Dependents that may come between a verb and an object shifted after them.
SHIFTED_OVER = frozenset({"prep", "agent", "npadvmod", "advmod"})


# Entities and nouns that measure time or amount: an adverbial, never a shifted object.
MEASURE_ENTITIES = frozenset({"DATE", "TIME", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})


def _stray_object(verb) -> list:
    """A shifted object the parser left in the phrase before it, as a second object of
    the preposition it follows ("freed on bail two ex-ministers")."""
    for c in children(verb):
        if c.i < verb.i:
            continue
        if c.dep_ == "prep":
            objs = [o for o in children(c) if o.dep_ == "pobj"]
            if len(objs) > 1 and objs[-1].pos_ == "NOUN" and objs[-1].ent_type_ not in MEASURE_ENTITIES:
                return [objs[-1]]
    return []


def shifted_object(verb) -> list:
    """An object written after an adverbial phrase that the parser made the subject of
    the next clause: "shortened by one hour the curfew imposed after the coup toppled …",
    "lifted on Friday the state of emergency declared after the coup". The noun phrase
    right after the verb's adverbial phrases is its object when it is the subject of a
    clause the verb heads or hangs from. Not for verbs of saying, intending or asking,
    whose next clause is what they report ("said on Friday the talks had failed")."""
    kids = children(verb)
    nxt = next((c for c in kids if c.i > verb.i), None)
    if nxt is None or nxt.i != verb.i + 1 or nxt.dep_ not in SHIFTED_OVER:
        return []  # no adverbial right after the verb (most verbs): nothing shifted
    lemma = verb.lemma_.lower()
    if (lemma in NOT_SHIFTING or lemma in speech_lemmas() or lemma in INTENT_VERBS
            or lemma in DEMAND_VERBS or lemma in REFUSAL_VERBS):
        return []  # for the stray object too: "told on Friday reporters …" reports
    stray = _stray_object(verb)
    if stray:
        return stray
    end = verb.i
    for c in children(verb):
        if c.i < verb.i:
            continue
        if c.left_edge.i != end + 1 or c.dep_ not in SHIFTED_OVER:
            break
        end = c.right_edge.i
    if end == verb.i or end + 1 >= sentence_of(verb).end:
        return []
    noun = verb.doc[end + 1]
    if noun.pos_ != "DET" and noun.dep_ != "poss":  # an object phrase opens with "the", "its" …
        return []
    while noun.dep_ in ("det", "amod", "compound", "nummod", "poss", "predet") and noun.head.i > noun.i:
        noun = noun.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun.dep_ not in ("nsubj", "nsubjpass"):
        return []
    clause = noun.head
    if clause.head.i != verb.i and verb.head.i != clause.i:
        return []
    return expand_conjuncts(noun)


def _participle_patient(verb, depth: int = 0) -> list:
    """What a participle modifier acts on: the noun it hangs from, the subject of the
    clause it qualifies, or, for "led by X and backed by Y", what the first one acts on."""
    if verb.dep_ == "conj" and depth < 3:
        return _participle_patient(verb.head, depth + 1)
    if verb.dep_ == "acl":
        return expand_conjuncts(verb.head)
    return subjects_of(verb.head)


def partitive_heads(noun, depth: int = 0) -> list:
    """What a quantity counts: "three of the dozens of hostages" → dozens, hostages; and
    what a stretch of time is filled with: "launched ten days of naval drills" → drills.
    The counted noun is what the verb acts on, so an object constraint reads it too."""
    if depth > 3:
        return []
    lemma = noun.lemma_.lower()
    quantity = noun.pos_ == "NUM" or noun.ent_type_ in ("CARDINAL", "QUANTITY", "PERCENT") or (
        lemma in QUANTITY_HEADS or noun.lower_ in QUANTITY_HEADS or lemma in DURATION_HEADS
    )
    if not quantity:
        return []
    out = []
    for child in children(noun):
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in children(child):
                if obj.dep_ == "pobj":
                    for counted in expand_conjuncts(obj):
                        out.append(counted)
                        out.extend(partitive_heads(counted, depth + 1))
    return out


def _lemma_in(verb, lemmas: frozenset[str]) -> bool:
    """Whether a verb's lemma is one of `lemmas`, also when the lemmatizer got it wrong
    ("staged" → "stag")."""
    return verb.lemma_.lower() in lemmas or (
        verb.pos_ in ("VERB", "AUX") and any(c in lemmas for c in verb_lemmas(verb.lower_))
    )


def light_verb_of(noun):
    """The light verb an event noun is the object of ("will not launch an offensive"),
    whose tense, mood and negation are the event's; or None."""
    if noun.dep_ in ("dobj", "nsubjpass") and noun.pos_ == "NOUN" and _lemma_in(noun.head, LIGHT_VERBS):
        return noun.head
    return None


def _light_verb_preps(noun) -> list:
    """"held demonstrations against the government": the prepositional phrases of the
    light verb (after the event noun) belong to the event noun."""
    if noun.dep_ not in ("dobj", "nsubjpass") or not _lemma_in(noun.head, LIGHT_VERBS):
        return []
    return [child for child in children(noun.head) if child.dep_ == "prep" and child.i > noun.i]


def _add_prep(frame: Frame, prep, depth: int = 0) -> None:
    lemma = prep.lower_
    objs = [c for c in children(prep) if c.dep_ in ("pobj", "pcomp")]
    for obj in objs:
        for tok in expand_conjuncts(obj):
            frame.preps.append((lemma, tok))
            # "called for sanctions against Nigeria": a phrase on the prepositional object
            if depth == 0:
                for c in children(tok):
                    if c.dep_ == "prep":
                        _add_prep(frame, c, depth + 1)
    # "away from", "out of": second preposition hanging off the first
    for c in children(prep):
        if c.dep_ == "prep":
            _add_prep(frame, c, depth + 1)


def _by_agents(noun):
    """The object of each by-phrase of a noun ("an attack by X", "a plan by Y")."""
    for child in children(noun):
        if child.dep_ == "prep" and child.lower_ == "by":
            obj = next((c for c in children(child) if c.dep_ == "pobj"), None)
            if obj is not None:
                yield obj


def noun_sources(noun) -> list[list]:
    """Where the source of a nominal event may be, in order of preference: the possessor
    ("Israel's attack"), the by-phrase ("attack by X"), each modifier ("the Israeli
    attack"), and the subject of a light verb ("Israel launched an attack on Hamas",
    "the Taliban carried out a suicide attack"). The coder takes the first that names an
    actor."""
    out: list[list] = []
    for child in children(noun):
        if child.dep_ == "poss":
            out.append(expand_conjuncts(child))
    out.extend(expand_conjuncts(agent) for agent in _by_agents(noun))
    for child in children(noun):
        if child.dep_ in ("amod", "compound", "nmod") and child.i < noun.i:
            out.append([child])
    if noun.dep_ in ("dobj", "nsubjpass") and _lemma_in(noun.head, LIGHT_VERBS | ANNOUNCING_VERBS):
        out.append(subjects_of(noun.head))
    return [group for group in out if group]


def main_verb_as_modifier(verb) -> bool:
    """The sentence's main verb parsed as a clause describing its subject, which became
    the root: "An official Syrian newspaper called Thursday on Arabs to unite …" (called:
    acl of newspaper). A verb in the past or present tense, not a participle, can be no
    reduced relative clause."""
    return (verb.dep_ == "acl" and verb.tag_ in FINITE_TAGS and verb.head.dep_ == "ROOT"
            and verb.head.pos_ in ("NOUN", "PROPN")
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children(verb)))


def clause_depth(token) -> int:
    """How far a token's clause lies from what the sentence chiefly reports: a reported or
    controlled clause (ccomp, xcomp) or a coordinated one is one step away; a subordinate
    clause of time, cause or manner (advcl) or a clause describing a noun (acl, relcl)
    is background, two steps away."""
    depth = 0
    while token.head.i != token.i:
        if token.dep_ in ("ccomp", "xcomp", "conj", "parataxis"):
            depth += 1
        elif token.dep_ in ("advcl", "relcl", "acl", "pcomp") and not main_verb_as_modifier(token):
            depth += 2
        token = token.head
    return depth
