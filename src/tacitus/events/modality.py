"""Negation and mood of a trigger, read from the parse.

Negation: "not"/"never" on the verb, a refusal verb controlling it ("refused to meet"),
or a negated noun governing it ("there is no question of normalizing", "no plans to").
Mood: one of model.MOODS, from modal auxiliaries, conditional clauses, control verbs
of intention ("agreed to", "plans to") or demand ("urged X to"), and reported futures.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from types import MappingProxyType

from ..nlp import children

NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nt"})
REFUSAL_VERBS = frozenset({"refuse", "decline", "fail", "reject", "deny", "oppose", "resist",
                           "avoid", "refrain", "balk", "rule", "unwilling", "reluctant", "cease",
                           "stop", "halt", "abandon", "forgo", "forego"})
# "decide" is not among them: an authority's decision to lift sanctions or grant asylum
# is the act itself (both gold sets code "decided to ease sanctions" as the easing).
INTENT_VERBS = frozenset({"agree", "promise", "pledge", "vow", "offer", "plan", "intend",
                          "prepare", "expect", "aim", "seek", "want", "hope", "threaten",
                          "vote", "resolve", "commit", "undertake", "volunteer", "consent",
                          "arrange", "schedule", "set", "go", "about", "ready", "willing", "likely",
                          "determined", "poised", "due", "propose", "move", "prepared",
                          "eager", "keen", "intent", "resolved", "swear", "committed"})
# Verbs that commit their subject to what their that-clause says will happen: "agreed
# that their countries should cooperate" is agreeing to cooperate.
COMMISSIVE_VERBS = frozenset({"agree", "promise", "pledge", "vow", "swear", "undertake"})
COMMITTING_AUX = frozenset({"should", "would", "will", "shall", "must", "'ll", "wo"})
DEMAND_VERBS = frozenset({"urge", "ask", "call", "demand", "order", "tell", "press", "pressure",
                          "request", "insist", "appeal", "implore", "push", "encourage", "invite",
                          "require", "instruct", "force", "compel", "persuade", "warn", "advise",
                          "challenge", "beg", "plead", "exhort"})
HYPOTHETICAL_VERBS = frozenset({"consider", "mull", "weigh", "contemplate", "explore", "study",
                                "plot", "conspire", "scheme", "try", "attempt",
                                "discuss", "debate", "may", "might", "could", "possible", "capable"})
SPEECH_VERBS = frozenset({"say", "tell", "state", "announce", "declare", "add", "report", "write",
                          "claim", "insist", "warn", "note", "stress", "confirm", "indicate",
                          "predict", "expect", "believe", "think", "reply", "respond", "promise"})
# Verbs whose complement is an allegation, not a reported fact.
ALLEGATION_VERBS = frozenset({"accuse", "charge", "blame", "suspect", "allege", "deny", "indict"})
# Nouns whose that-clause is an allegation ("claims that Russia hacked …"), and nouns whose
# clause becomes one when it is denied ("rejected reports that troops had shelled …").
ALLEGATION_NOUNS = frozenset({"claim", "allegation", "accusation", "charge", "rumor", "rumour",
                              "speculation", "suggestion", "assertion", "insinuation"})
REPORT_NOUNS = frozenset({"report", "story", "account", "statement"})
DENIAL_VERBS = frozenset({"deny", "reject", "dismiss", "refute", "rebut", "dispute", "discount",
                          "disprove", "debunk"})
@functools.lru_cache(maxsize=1)
def speech_lemmas() -> frozenset[str]:
    """Verbs that report speech or claims: the built-in list and the quote-cue lexicon's
    speech and report cues ("reiterated", "insisted", "concluded" …), so events and quotes
    agree on what reported speech is."""
    from ..quotes.lexicon import load_cues

    cues = load_cues()
    return SPEECH_VERBS | frozenset(
        lemma for lemma, cue in cues.verbs.items() if cue.kind in ("speech", "report")
    )


def speech_nouns() -> frozenset[str]:
    """Nouns that carry a reported clause: "a reminder that", "a declaration that"."""
    from ..quotes.lexicon import load_cues

    cues = load_cues()
    return frozenset(n for n, cue in cues.nouns.items() if cue.kind in ("speech", "report"))


# Predicates that deny an act's possibility when it is their subject.
IMPOSSIBLE = frozenset({"impossible", "unthinkable", "unacceptable", "inconceivable",
                        "unimaginable", "excluded"})
# Predicates of possibility that deny it when negated ("… is not an option").
POSSIBLE = frozenset({"option", "possible", "possibility", "choice", "alternative", "feasible",
                      "acceptable", "allowed", "permitted", "realistic"})
# Nouns that control an infinitive as their verbs do: "a refusal to" as "refused to",
# "a threat to" as "threatened to" (read-only: a module-level table).
NOUN_VERBS = MappingProxyType({
    "refusal": "refuse", "failure": "fail", "threat": "threaten", "intention": "intend",
    "commitment": "commit", "readiness": "ready", "willingness": "willing",
    "determination": "resolve", "agreement": "agree"})
# Verbs of phase that add no mood of their own ("resume", "continue", "start").
ASPECT_VERBS = frozenset({"resume", "continue", "start", "begin", "keep", "restart", "renew"})
CONDITION_MARKS = frozenset({"if", "unless", "provided", "providing", "should", "whether"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "'d"})
DEMAND_AUX = frozenset({"must", "should", "ought"})


@dataclass(frozen=True, slots=True)
class Modality:
    negated: bool
    mood: str
    negation_reason: str | None = None
    mood_reason: str | None = None
    controller: object | None = None  # the control verb whose complement this trigger is
    future: bool = False  # announced or intended, even when also conditional
    modal: bool = False  # under "may", "could", "might", "would": possible, even when also conditional


def _children(token, dep: str) -> list:
    return [c for c in children(token) if c.dep_ == dep]


def _has_negator(token) -> str | None:
    for c in children(token):
        if c.dep_ == "neg" or (c.dep_ in ("advmod", "det", "preconj") and c.lower_ in NEGATORS):
            # "no longer" is negation; "not only" is not
            if c.lower_ == "not" and any(g.lower_ == "only" for g in children(c)):
                continue
            return c.text
    return None


def negation_of(trigger) -> tuple[bool, str | None]:
    """Is the trigger negated, and by what?"""
    word = _has_negator(trigger)
    if word:
        return True, f"'{word}' on '{trigger.text}'"
    # Negation on an auxiliary or copula head: "did not", "is not going to".
    for aux in _children(trigger, "aux"):
        word = _has_negator(aux)
        if word:
            return True, f"'{word}' on '{aux.text}'"
    ruled_out = _ruled_out(trigger)
    if ruled_out:
        return True, ruled_out
    # Walk up through control and complement links.
    token = trigger
    for _ in range(4):
        dep = token.dep_
        head = token.head
        if head.i == token.i:
            break
        if dep == "xcomp" or (dep in ("pcomp", "pobj", "acl", "advcl") and head.pos_ in ("ADP", "NOUN", "ADJ", "VERB")):
            lemma = head.lemma_.lower()
            if head.pos_ == "NOUN" and dep == "acl" and NOUN_VERBS.get(lemma) in REFUSAL_VERBS:
                return True, f"controlled by '{head.text}'"  # "Iran's refusal to release …"
            if lemma in REFUSAL_VERBS and dep in ("xcomp", "pcomp", "pobj", "advcl"):
                if lemma == "rule" and not any(c.lower_ == "out" for c in children(head)):
                    pass
                else:
                    return True, f"controlled by '{head.text}'"
            word = _has_negator(head)
            if word and (dep in ("xcomp", "pcomp") or (dep == "acl" and _non_finite(token))):
                return True, f"'{word}' on '{head.text}'"
            if head.pos_ == "ADP" and head.lower_ in ("of", "to", "on", "for") and head.head.pos_ == "NOUN":
                noun = head.head
                word = _has_negator(noun)
                if word:
                    return True, f"'{word} {noun.text}'"
            if head.pos_ == "ADP" and head.lower_ == "without":
                return True, "'without'"
            token = head
            continue
        break
    return False, None


def _ruled_out(trigger) -> str | None:
    """An act that is the subject of a denial of its possibility: "removing the sanctions
    is out of the question", "sending troops is not an option", "… is impossible". A
    negated predicate of any other kind says nothing of the act ("lifting the sanctions
    did not help": they were lifted)."""
    if trigger.dep_ != "csubj":
        return None
    predicate = trigger.head
    word = _has_negator(predicate)
    for c in children(predicate):
        lemma = c.lemma_.lower()
        if word and c.dep_ in ("attr", "acomp") and lemma in POSSIBLE:
            return f"'{word} {predicate.text} {c.text}' on its subject"
        if not word and c.dep_ == "acomp" and lemma in IMPOSSIBLE:
            return f"'{c.text}'"
        if c.dep_ == "prep" and c.lower_ == "out" and "question" in {t.lower_ for t in c.subtree}:
            return "'out of the question'"
    return None


def _non_finite(clause) -> bool:
    """An infinitive or gerund clause ("no plans to meet"), not a that-clause ("no doubt that")."""
    if any(c.dep_ == "mark" for c in children(clause)):
        return False
    return clause.tag_ in ("VB", "VBG") and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in children(clause)
    )


def _condition(trigger) -> str | None:
    """Why the trigger's clause is conditional ("if"/"unless" clause), or None."""
    clause = trigger
    for _ in range(3):
        for c in children(clause):
            if c.dep_ == "mark" and c.lower_ in CONDITION_MARKS and clause.dep_ == "advcl":
                return f"'{c.text}' clause"
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in children(c)):
                return f"condition '{c.text}'"
        if clause.dep_ in ("xcomp", "conj") and clause.head.i != clause.i:
            clause = clause.head
        else:
            break
    return None


def mood_of(trigger) -> tuple[str, str | None, object | None]:
    """The mood of a trigger: (mood, reason, controlling verb or None)."""
    return _conditioned(trigger, _plain_mood(trigger))


def _conditioned(trigger, plain: tuple[str, str | None, object | None]) -> tuple[str, str | None, object | None]:
    """The mood of a trigger given its `_plain_mood`: conditional under a condition."""
    mood, why, controller = plain
    condition = _condition(trigger)
    if condition is not None:
        return "conditional", condition, controller
    return mood, why, controller


def _aux_words(trigger) -> set[str]:
    return {c.lower_ for c in children(trigger) if c.dep_ in ("aux", "auxpass")}


def _plain_mood(trigger) -> tuple[str, str | None, object | None]:
    """The mood a trigger has apart from any condition on it."""
    aux_words = _aux_words(trigger)
    reported = _under_speech(trigger)
    if committed_clause(trigger):
        return "intended", f"committed to by '{trigger.head.text}'", trigger.head
    if aux_words & DEMAND_AUX:
        return "demanded", f"'{(aux_words & DEMAND_AUX).pop()}'", None
    if aux_words & FUTURE_AUX:
        return "intended", f"'{(aux_words & FUTURE_AUX).pop()}'", None
    if "would" in aux_words and reported:
        return "intended", "reported 'would'", None
    if aux_words & HYPOTHETICAL_AUX:
        return "hypothetical", f"'{(aux_words & HYPOTHETICAL_AUX).pop()}'", None
    if "going" in aux_words or _going_to(trigger):
        return "intended", "'going to'", None
    if trigger.dep_ == "ROOT" and "to" in aux_words and trigger.tag_ == "VB":
        return "intended", "headline 'to'", None  # "Iran to hold talks with the EU"
    alleged = _allegation_noun(trigger)
    if alleged is not None:
        return "hypothetical", f"alleged in '{alleged.text}'", None
    # Alleged: "accused Iran of violating the deal", "denied attacking the convoy".
    if trigger.dep_ in ("pcomp", "xcomp", "ccomp"):
        governor = trigger.head.head if trigger.head.pos_ == "ADP" else trigger.head
        if governor.lemma_.lower() in ALLEGATION_VERBS:
            return "hypothetical", f"alleged by '{governor.text}'", governor
    # An aspect verb passes on its own mood: "prepared to resume shelling" is intended.
    head = trigger.head
    if trigger.dep_ in ("xcomp", "pcomp") and head.lemma_.lower() in ASPECT_VERBS and head.dep_ == "xcomp":
        mood, why, controller = _plain_mood(head)
        if mood != "asserted":
            return mood, why, controller
    # A purpose shares the mood of the act it is the purpose of: "forces must ensure
    # security to allow aid to reach …", "will send troops to protect …".
    if trigger.dep_ == "advcl" and head.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in children(trigger)
    ) and not _finite_clause(trigger) and not any(c.lower_ == "only" for c in children(trigger)):
        # (not a result: "would dismiss her proposals, only to laud them later")
        mood, why, controller = _plain_mood(head)
        if mood in ("demanded", "intended", "hypothetical"):
            return mood, f"purpose of '{head.text}' ({why})", controller
    # Control verbs: "agreed to withdraw", "urged Israel to withdraw", "considering sending".
    if trigger.dep_ in ("xcomp", "pcomp", "advcl", "acl", "ccomp") and trigger.head.i != trigger.i:
        head = trigger.head
        if head.pos_ == "ADP":
            head = head.head
        lemma = head.lemma_.lower()
        if head.pos_ == "NOUN":  # "Russia's threat to invade …" as "Russia threatened to …"
            lemma = NOUN_VERBS.get(lemma, lemma)
        if trigger.dep_ == "advcl" and _finite_clause(trigger) and lemma not in DEMAND_VERBS:
            return "asserted", None, None  # "Back when it signed …", "until they gain …"
        if trigger.dep_ == "advcl" and trigger.tag_ in ("VBG", "VBN") and trigger.i < head.i:
            return "asserted", None, None  # a participle before its verb: "Railing against Trump, Sanders vows …"
        if trigger.dep_ in ("xcomp", "acl", "pcomp", "advcl") or lemma in DEMAND_VERBS:
            if lemma in DEMAND_VERBS and not _told_fact(trigger, lemma):
                return "demanded", f"controlled by '{head.text}'", head
            if lemma in INTENT_VERBS or head.lower_ in INTENT_VERBS:
                obliging = _obliging_aux(head)
                if obliging is not None:  # "said the US must be ready to mediate"
                    return "demanded", f"'{obliging}' on '{head.text}'", None
                return "intended", f"controlled by '{head.text}'", head
            if lemma in HYPOTHETICAL_VERBS:
                return "hypothetical", f"controlled by '{head.text}'", head
    return "asserted", None, None


def _told_fact(clause, lemma: str) -> bool:
    """A that-clause of a verb that both tells and bids ("tell", "warn", "insist") which
    says what is so, not what is to be done: "officials told AFP that the army lifted the
    blockade" (but "told Poland that it must withdraw", "insisted that Israel withdraw")."""
    if clause.dep_ != "ccomp" or lemma not in SPEECH_VERBS:
        return False
    if clause.tag_ == "VB" and not any(c.dep_ == "aux" for c in children(clause)):
        return False  # a bare subjunctive: "insisted that Israel withdraw"
    return not any(c.dep_ in ("aux", "auxpass") and c.lower_ in DEMAND_AUX for c in children(clause))


def _obliging_aux(controller) -> str | None:
    """"must"/"should" on a verb of intent or readiness, or on the copula of its adjective
    ("Israel must agree to withdraw", "the US should be ready to mediate"): what it
    controls is then asked of its subject, not intended by it."""
    verb = controller.head if controller.dep_ == "acomp" else controller
    for c in children(verb):
        if c.dep_ in ("aux", "auxpass") and c.lower_ in DEMAND_AUX:
            return c.text
    return None


def _allegation_noun(trigger):
    """The noun whose that-clause holds the trigger when that clause is a claim, not a
    reported fact: "denied claims that Russia hacked the election", "rejected reports that
    its troops had shelled the town"."""
    if trigger.dep_ not in ("acl", "ccomp", "relcl") or trigger.head.pos_ != "NOUN":
        return None
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in children(trigger)):
        return None
    noun = trigger.head
    lemma = noun.lemma_.lower()
    if lemma in ALLEGATION_NOUNS:
        return noun
    if lemma in REPORT_NOUNS and noun.head.lemma_.lower() in DENIAL_VERBS:
        return noun
    return None


def committed_clause(clause) -> bool:
    """A that-clause of a commissive verb with a modal: "agreed that they would withdraw",
    "pledged that Iran will not be attacked"."""
    if clause.dep_ != "ccomp" or clause.head.i == clause.i:
        return False
    if clause.head.lemma_.lower() not in COMMISSIVE_VERBS:
        return False
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in COMMITTING_AUX for c in children(clause))


def _finite_clause(clause) -> bool:
    """A clause with its own subject or conjunction ("when it signed", "until they
    gain"), not a controlled infinitive ("prepared to resume")."""
    return any(c.dep_ in ("mark", "nsubj", "nsubjpass") for c in children(clause))


def _going_to(trigger) -> bool:
    head = trigger.head
    return trigger.dep_ == "xcomp" and head.lower_ == "going" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in children(trigger)
    )


def _under_speech(trigger) -> bool:
    token = trigger
    for _ in range(4):
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in speech_lemmas():
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def modality_of(trigger) -> Modality:
    negated, why_not = negation_of(trigger)
    plain_mood = _plain_mood(trigger)  # read once: mood_of would read it again
    plain = plain_mood[0]
    mood, why_mood, controller = _conditioned(trigger, plain_mood)
    # hypothetical through its own "may", "could", "might", "would" (not through a verb
    # of considering): the auxiliary is the first reason _plain_mood gives that mood
    modal = plain == "hypothetical" and not _aux_words(trigger).isdisjoint(HYPOTHETICAL_AUX)
    return Modality(negated, mood, why_not, why_mood, controller, future=plain == "intended", modal=modal)
