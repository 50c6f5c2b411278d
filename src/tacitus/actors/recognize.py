"""Find actor mentions in a parsed article and give each a CAMEO actor code.

Mentions come from dictionary phrases (countries, organisations, groups, people,
institutions, role words) found by the phrase index, plus spaCy's PERSON and ORG
entities the dictionaries do not know. Phrases that sit in one noun phrase are composed
into one mention the way a human coder reads them:

    "US State Department Spokesman Ned Price"  USA + State Department + spokesman + person → USAGOV
    "Syrian government forces"                 SYR + government + forces (head)            → SYRMIL
    "the government of Syria"                  government + of-phrase country              → SYRGOV
    "a diplomat in New York"                   role only, no country                       → GOV, code None

In-text evidence comes first (nationality adjectives, titles, of-phrases, possessives);
the knowledge base fills in what the text leaves out (a person's role on the article's
date). Coreference (``coref.py``) then links surnames, titles and pronouns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..dictionaries.actors import ActorDictionary, ActorEntry, AgentEntry
from ..model import Mention
from ..nlp import children, entities, per_doc, sentence_index, text, token_at_char, tokens, words
from .coref import actor_key
from .index import PhraseIndex, PhraseMatch

# Dependencies that keep a word inside the noun phrase of its head.
NP_INTERNAL = frozenset({"compound", "amod", "nmod", "poss", "nn", "det", "nummod", "quantmod"})
NOMINAL = frozenset({"NOUN", "PROPN"})
# Prepositions whose object is a place, not a participant ("in Damascus").
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within",
     "into", "from", "through", "over", "beyond", "toward", "towards", "via"}
)
FORMER = frozenset({"former", "ex", "ex-", "erstwhile", "onetime", "one-time", "ousted", "deposed",
                    "exiled", "toppled", "overthrown", "retired", "outgoing", "late"})
# Roles whose holders "in X" are usually of X: "opposition groups in Zimbabwe", "rebels in
# Darfur" — unlike diplomats, troops or refugees, who are often foreign where they are.
LOCAL_ROLES = frozenset({"OPP", "REB", "INS", "CVL", "COP", "JUD", "LEG", "PTY", "LAB", "EDU",
                         "HLH", "BUS", "UAF", "SEP", "RAD", "MOD", "ELI", "MED", "AGR"})
INDEFINITE = frozenset({"a", "an", "one", "some", "several", "two", "three", "many"})
PRIMARY_ROLES = ("GOV", "MIL", "REB", "INS", "OPP", "COP", "JUD", "SPY", "UAF", "IMG")
ENTITY_PRIORITY = {"institution": 0, "group": 1, "igo": 2, "ngo": 2, "media": 2, "organization": 2,
                   "party": 2, "state": 4, "region": 5}


@dataclass(frozen=True, slots=True)
class _Item:
    """A phrase match or an NER entity, as token offsets into the doc."""

    start: int
    end: int
    entry: ActorEntry | None = None
    agent: AgentEntry | None = None
    form: str = "name"
    ner: str | None = None  # PERSON or ORG for entities the dictionaries do not know

    @property
    def is_person(self) -> bool:
        return (self.entry is not None and self.entry.kind == "person") or self.ner == "PERSON"


@dataclass(frozen=True)
class ActorRecognizer:
    """A compiled actor dictionary, ready to find mentions in documents."""

    dictionary: ActorDictionary
    index: PhraseIndex
    countries: frozenset[str]
    # PETRARCH reads every agent phrase as an actor ("the official news agency" → ---GOV);
    # the built-in reading drops role words that describe things ("humanitarian aid").
    every_role_word_is_an_actor: bool = False

    @classmethod
    def build(cls, dictionary: ActorDictionary, *, every_role_word_is_an_actor: bool = False) -> ActorRecognizer:
        countries = frozenset(
            e.country for e in dictionary.entries.values() if e.kind == "state" and e.country
        )
        index = PhraseIndex([*dictionary.phrases, *dictionary.agent_phrases])
        return cls(dictionary=dictionary, index=index, countries=countries,
                   every_role_word_is_an_actor=every_role_word_is_an_actor)

    def find_mentions(self, doc, date: dt.date | None = None) -> list[Mention]:
        """Mentions in `doc` with codes resolved for the article `date` (before coref)."""
        items = self._items(doc, date)
        groups = _group_items(doc, items)
        sentence_of = sentence_index(doc)
        mentions = []
        for head, members in groups:
            mention = self._compose(doc, head, members, date, sentence_of, items)
            if mention is not None:
                mentions.append(mention)
        return _merge_appositions(doc, mentions)

    # -- items ------------------------------------------------------------------------

    def _items(self, doc, date: dt.date | None = None) -> list[_Item]:
        items: list[_Item] = []
        covered = set()
        matches = self.index.match_words(*words(doc))
        # Keys named somewhere in the story without ambiguity support ambiguous names
        # ("Georgia" in a story that also says "Tbilisi" or "Georgian government").
        supported = {m.phrase.key for m in matches if not m.phrase.ambiguous}
        ent_at = None  # token -> its entity, built when an ambiguous name first needs it
        for match in matches:
            if match.phrase.ambiguous and match.phrase.key not in supported:
                # Needs the parser's word that this exact span is a place or nationality
                # (not a person, not part of a longer name like "St. John's University"),
                # or a position where names act.
                if ent_at is None:
                    ent_at = {i: ent for ent in entities(doc) for i in range(ent.start, ent.end)}
                ent = ent_at.get(match.start)
                exact = ent is not None and (ent.start, ent.end) == (match.start, match.end)
                label = ent.label_ if ent is not None else None
                if label == "PERSON" or (ent is not None and not exact):
                    continue
                if not (label in ("GPE", "NORP", "LOC") or _actor_position(_root(doc, match.start, match.end))):
                    continue
            item = self._item_for(doc, match, date)
            if item is None:
                continue
            items.append(item)
            covered.update(range(item.start, item.end))
        lowers, all_tokens = words(doc)[0], tokens(doc)
        for ent in entities(doc):
            if ent.label_ not in ("PERSON", "ORG"):
                continue
            if any(i in covered for i in range(ent.start, ent.end)):
                continue
            start, end = ent.start, ent.end
            while start < end and lowers[start] in ("the", "a", "an"):
                start += 1
            while end > start and all_tokens[end - 1].tag_ == "POS":
                end -= 1
            if start < end:
                items.append(_Item(start, end, ner=ent.label_))
        items.sort(key=lambda it: it.start)
        return items

    def _item_for(self, doc, match: PhraseMatch, date: dt.date | None = None) -> _Item | None:
        phrase = self._choose(match, date)
        key = phrase.key
        if key.startswith("agent:"):
            agent = self.dictionary.agents.get(key)
            return None if agent is None else _Item(match.start, match.end, agent=agent, form="term")
        entry = self.dictionary.entries.get(key)
        if entry is None:
            return None
        root = _root(doc, match.start, match.end)
        if phrase.form == "metonym" and _is_locative(root):
            return None
        if phrase.form == "metonym" and root.dep_ == "compound" and not self._agent_at(root.head):
            return None  # "Damascus airport" (but "the Khartoum government" is an actor)
        if phrase.form == "surname" and not (
            self._surname_stands_alone(doc, match, entry, date)
            or self._surname_as_modifier(root, match)
        ):
            return None
        if entry.codes and not entry.codes_on(date) and entry.kind == "state":
            return None  # a state that did not exist on the article's date
        return _Item(match.start, match.end, entry=entry, form=phrase.form)

    def _agent_at(self, token) -> bool:
        return any(
            p.key.startswith("agent:") for m in self.index.match([token]) for p in (m.alternatives or (m.phrase,))
        )

    def _surname_stands_alone(self, doc, match: PhraseMatch, entry: ActorEntry, date) -> bool:
        """A bare surname names a knowledge-base person only when that is safe: the
        article is dated, the person holds a role on the date, nobody else in the
        knowledge base with that surname does, and the parser sees a person there.
        (After a full mention, coreference links surnames anyway.)"""
        if date is None or not any(c.holds_on(date) and (c.start or c.end) for c in entry.codes):
            return False
        rivals = [
            p for p in (match.alternatives or ()) if p.key != entry.key and p.form == "surname"
            and (other := self.dictionary.entries.get(p.key)) is not None
            and any(c.holds_on(date) and (c.start or c.end) for c in other.codes)
        ]
        if rivals:
            return False
        token = doc[match.start]
        if _inside_longer_name(doc, match.start, match.end):
            return False  # "Khan Younis", "Rice University": a longer name, not the person
        return token.ent_type_ in ("PERSON", "") and token.pos_ in ("PROPN", "NOUN")

    def _surname_as_modifier(self, root, match: PhraseMatch) -> bool:
        """"the Bush administration", "Assad's forces": a surname qualifying a role word
        gives the role its country, when every person with that surname shares it."""
        if root.dep_ not in ("compound", "poss") or not self._agent_at(root.head):
            return False
        countries = {
            self.dictionary.entries[p.key].country
            for p in (match.alternatives or (match.phrase,))
            if p.form == "surname" and p.key in self.dictionary.entries
        }
        return len(countries) == 1 and None not in countries

    def _choose(self, match: PhraseMatch, date: dt.date | None):
        """Among homonyms ("Assad": Hafez or Bashar), the one that holds on the date.

        Actors whose codes hold on the date come first, then people with a dated role on
        it, then the most recent role; agents (role words) lose to named actors.
        """
        options = match.alternatives or (match.phrase,)
        if len(options) == 1:
            return options[0]

        def rank(phrase):
            entry = self.dictionary.entries.get(phrase.key)
            if entry is None:
                return (0, 0, 0, dt.date.min)
            holding = entry.codes_on(date)
            dated = [c for c in holding if c.start is not None or c.end is not None]
            latest = max((c.start or dt.date.min for c in entry.codes), default=dt.date.min)
            # A full name beats a bare surname ("Montenegro" the country, not its premier).
            return (phrase.form != "surname", 1 + bool(holding), len(dated), latest)

        return max(options, key=rank)

    # -- composition -------------------------------------------------------------------

    def _compose(self, doc, head, members: list[_Item], date, sentence_of, items) -> Mention | None:
        entities = [m for m in members if m.entry is not None]
        agents = [m for m in members if m.agent is not None]
        people = [m for m in members if m.is_person]
        if not entities and not people and (
            not any(m.start <= head.i < m.end for m in members)
            or (head.dep_ in ("amod", "compound", "nmod") and head.head.pos_ in NOMINAL)
        ) and not self.every_role_word_is_an_actor and not _names_an_organisation(head):
            return None  # a role word modifying a thing: "humanitarian aid", "military equipment"
        start = min(m.start for m in members)
        end = max(m.end for m in members)
        # A name right after "to"/"for" names a title's domain, not an affiliation:
        # "UN Special Envoy to Syria Geir Pedersen", "US Representative to the United
        # Nations Linda Thomas-Greenfield". The title before the preposition is the
        # person's affiliation.
        title_code = None
        lowers = words(doc)[0]
        before = start - 1
        while before >= 0 and lowers[before] in ("the", "a", "an"):
            before -= 1
        title_word = before - 1
        if (
            before >= 1
            and lowers[before] in ("to", "for")
            and people
            and any(it.agent is not None and it.start <= title_word < it.end for it in items)
        ):
            entities = [e for e in entities if e.start > people[-1].start or e.entry.kind == "person"
                        or e.end > people[-1].start]
            title_code = self._title_before(doc, before, items)
            kept = [m for m in members if m.entry is None or m in entities]
            start = min(m.start for m in kept)
        person = people[-1] if people else None
        non_person = [e for e in entities if e.entry.kind != "person"]
        non_person.sort(key=lambda e: (ENTITY_PRIORITY.get(e.entry.kind, 3), -e.start))
        base = non_person[0].entry if non_person else None

        # Agents written to go before the actor code (PETRARCH "[NGO~]": "MSF Arnor" → NGOARN).
        prefixes = [a.agent.code for a in agents if a.agent.prefix_position]
        roles = _roles([a for a in agents if not a.agent.prefix_position], head)
        if base is None and roles and person is None:
            base = _affiliation_by_place(head, roles, items)
        if not roles and any(e.form == "metonym" for e in entities if e.entry is base):
            roles = ["GOV"]  # "Damascus said", "the Kremlin denied"
        former = _former_words(doc)
        if former and former[0] < end and any(
                min(start, head.left_edge.i) <= i < end for i in former):
            roles = ["ELI"]

        start_char, end_char = _char_span(doc, start, end)
        common = dict(
            text=text(doc)[start_char:end_char],
            start=start_char,
            end=end_char,
            sentence=sentence_of[start],
            head=head.idx,
        )
        if person is not None and not (person.start <= head.i < person.end):
            # A person modifies a role word: "the Biden administration", "Putin's troops".
            # The mention is the institution, with the person's country.
            person_code = person.entry.code_on(date) if person.entry is not None else None
            country = (base.country if base is not None else None) or _country_of(
                person_code, self.countries
            )
            code = (country + "".join(roles)) if country and roles else (person_code if not roles else None)
            if base is not None and base.kind != "state":
                code = _compose_code(base, roles, self.countries, date)
            return Mention(code=code, country=country, roles=tuple(roles), how="dictionary",
                           kind="role" if roles else "unknown", **common)

        kb_entry = person.entry if person is not None and person.entry is not None else None
        code, country, kind = self._code(base, roles, kb_entry, date)
        if title_code is not None and (code is None or kb_entry is None):
            code, country = title_code
        name = kb_id = None
        if kb_entry is not None:
            name, kb_id = kb_entry.name, kb_entry.key
        elif person is not None:
            first, last = _char_span(doc, person.start, person.end)
            name = text(doc)[first:last]
        elif base is not None and (base.kind != "state" or not roles):
            name, kb_id = base.name, base.key
        if person is not None:
            kind = "person"
        elif not entities and not agents:
            kind = "organization"  # an ORG entity the dictionaries do not know
        elif base is None:
            kind = "role"
        how = "kb" if kb_entry is not None else ("ner" if not entities and not agents else "dictionary")
        if prefixes and code:
            code = "".join(prefixes) + code
        elif prefixes:
            roles = [*prefixes, *roles]
        return Mention(code=code, country=country, roles=tuple(roles), kb_id=kb_id, name=name,
                       how=how, kind=kind, **common)

    def _title_before(self, doc, prep_index: int, all_items) -> tuple[str, str | None] | None:
        """The code of a title phrase ending just before `prep_index` ("US Representative")."""
        if prep_index == 0:
            return None
        left = doc[prep_index - 1].left_edge.i
        items = [it for it in all_items if it.start >= left and it.end <= prep_index]
        if not items or not any(it.agent is not None for it in items):
            return None
        non_person = [it.entry for it in items if it.entry is not None and it.entry.kind != "person"]
        non_person.sort(key=lambda e: ENTITY_PRIORITY.get(e.kind, 3))
        base = non_person[0] if non_person else None
        roles = _roles([it for it in items if it.agent is not None], doc[prep_index - 1])
        code = _compose_code(base, roles, self.countries, None)
        if code is None:
            return None
        return code, (base.country if base is not None else None)

    def _code(self, base, roles, person, date) -> tuple[str | None, str | None, str]:
        """Build the actor code from an in-text base entity, roles and a KB person."""
        in_text = _compose_code(base, roles, self.countries, date)
        in_text_country = base.country if base is not None else None
        kind = base.kind if base is not None else ("role" if roles else "unknown")
        if person is None:
            return in_text, in_text_country, kind
        has_text_role = bool(roles) and roles != ["ELI"]
        if base is not None and has_text_role:
            return in_text, in_text_country, "person"
        kb_code = person.code_on(date)
        if roles == ["ELI"]:
            country = in_text_country or person.country
            return (country + "ELI" if country else None), country, "person"
        if kb_code is not None:
            return kb_code, _country_of(kb_code, self.countries), "person"
        if in_text is not None:
            return in_text, in_text_country, "person"
        # Out of office on this date: a former office holder is an elite of the country.
        country = person.country
        if country and any(c.end is not None and date and c.end < date for c in person.codes):
            return country + "ELI", country, "person"
        return country, country, "person"


def _affiliation_by_place(head, roles: list[str], items) -> ActorEntry | None:
    """"refugees from Syria" (any role), "opposition groups in Zimbabwe" (local roles)."""
    for prep in children(head):
        if prep.dep_ != "prep":
            continue
        word = prep.lower_
        if word == "from" or (word in ("in", "inside", "within") and roles[0] in LOCAL_ROLES):
            for obj in children(prep):
                if obj.dep_ != "pobj" or any(c.dep_ == "conj" for c in children(obj)):
                    continue  # "lawmakers in Fornost and Gondor": whose is not one place
                for it in items:
                    if it.entry is not None and it.entry.kind == "state" and it.start <= obj.i < it.end:
                        return it.entry
    return None


def _root(doc, start: int, end: int):
    """``doc[start:end].root``; a one-word phrase (most are) is its own root: no Span needed.
    Longer ones are kept per Doc: a phrase's root is asked for when it is matched, made an
    item and grouped."""
    if end - start == 1:
        return tokens(doc)[start]
    roots = per_doc(doc, "tacitus.actors.roots", lambda d: {})
    root = roots.get((start, end))
    if root is None:
        root = roots[(start, end)] = doc[start:end].root
    return root


def _former_words(doc) -> list[int]:
    """Where the Doc's "former", "ex-", "late" … stand, found once per Doc: most stories
    have none, and then no mention needs its phrase's left edge to look for one."""
    return per_doc(doc, "tacitus.actors.former", _former_positions)


def _former_positions(doc) -> list[int]:
    lowers = words(doc)[0]
    return [] if FORMER.isdisjoint(lowers) else [i for i, w in enumerate(lowers) if w in FORMER]


def _names_an_organisation(token) -> bool:
    """Does the noun phrase this modifier sits in end in a name ("the official news
    agency WFNA")? Then the role word describes an organisation, not a thing."""
    head = token
    while head.dep_ in NP_INTERNAL and head.head.i != head.i and head.head.pos_ in NOMINAL:
        head = head.head
    return head.i != token.i and (head.pos_ == "PROPN" or head.ent_type_ in ("ORG", "PERSON", "NORP"))


def _char_span(doc, start: int, end: int) -> tuple[int, int]:
    """The character offsets of the tokens start:end (``doc[start:end].start_char`` and
    ``end_char``, read off the cached tokens instead of a new Span)."""
    all_tokens = tokens(doc)
    last = all_tokens[end - 1]
    return all_tokens[start].idx, last.idx + len(words(doc)[2][end - 1])


def _country_of(code: str | None, countries: frozenset[str]) -> str | None:
    if code and code[:3] in countries:
        return code[:3]
    return None


def _compose_code(base: ActorEntry | None, roles: list[str], countries, date=None) -> str | None:
    if base is None:
        return None
    code = base.code_on(date)
    if code is None:
        return None
    if base.kind == "state":  # roles the code already has are not added again (USAGOV + GOV)
        have = {code[i : i + 3] for i in range(3, len(code), 3)}
        return code + "".join(r for r in roles if r not in have)
    if base.kind in ("institution",):
        return code
    # Organisations and groups keep their own code; troops of an IGO are its military arm.
    if "MIL" in roles and "MIL" not in code[3:]:
        return code + "MIL" if base.kind in ("igo",) else code
    return code


def _roles(agents: list[_Item], head) -> list[str]:
    """Role codes from the role words of one noun phrase.

    The head word's role wins ("government forces" → MIL) unless the head is a generic
    word such as "leader" or "spokesman", which defers to its modifiers ("opposition
    leader" → OPP).
    """
    if not agents:
        return []
    on_head = [a for a in agents if a.start <= head.i < a.end]
    others = [a for a in agents if a not in on_head]
    chosen: AgentEntry | None = None
    if on_head and not on_head[0].agent.generic:
        chosen = on_head[0].agent
    else:
        specific = [a for a in others if not a.agent.generic]
        if specific:
            chosen = specific[-1].agent
        elif on_head:
            chosen = on_head[0].agent
        else:
            chosen = others[-1].agent
    code = chosen.code
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def _is_locative(token) -> bool:
    head = token
    while head.dep_ == "conj":
        head = head.head
    return (
        (head.dep_ == "pobj"
        and head.head.lower_ in LOCATIVE_PREPS)
        or head.dep_ in ("npadvmod",)
    )


def _actor_position(token) -> bool:
    """Is this word in a position where a name acts (subject, object, possessor)?"""
    head = token
    while head.dep_ == "conj":
        head = head.head
    if head.dep_ in ("nsubj", "nsubjpass", "dobj", "poss", "agent", "iobj", "dative", "appos"):
        return True
    return head.dep_ == "pobj" and head.head.lower_ in ("with", "against", "by", "between", "of")


def _full_stop_between(all_tokens, a: int, b: int) -> bool:
    """Whether a sentence-ending mark stands between tokens `a` and `b`: no noun phrase
    runs across one, whatever the parse says. (The fast path's restored names, each
    closed by a full stop, are sometimes parsed as one phrase: "The Washington Post.
    media. officer" would make the officer a journalist.)"""
    return any(t.text in (".", "!", "?") for t in all_tokens[min(a, b) + 1 : max(a, b)])


def _group_items(doc, items: Sequence[_Item]) -> list[tuple[object, list[_Item]]]:
    """Group items that sit in the same noun phrase, keyed by the phrase's head token."""
    owner: dict[int, _Item] = {}
    for item in items:
        for i in range(item.start, item.end):
            owner[i] = item
    groups: dict[int, list[_Item]] = {}
    all_tokens = tokens(doc)
    for item in items:
        head = _root(doc, item.start, item.end)
        while True:
            parent = head.head
            if parent.i == head.i:
                break
            if head.dep_ in NP_INTERNAL and parent.pos_ in NOMINAL and parent.i in owner:
                if _full_stop_between(all_tokens, head.i, parent.i):
                    break  # a misparse across sentences ("… The Washington Post. officer")
                head = parent
                continue
            # "the government of Syria": an of-phrase attached to a role word
            if (
                head.dep_ == "pobj"
                and parent.lower_ == "of"
                and parent.head.i in owner
                and owner[parent.head.i].agent is not None
            ):
                head = parent.head
                continue
            break
        groups.setdefault(head.i, []).append(item)
    result = [(all_tokens[i], members) for i, members in sorted(groups.items())]
    # "Hungarian and Romanian officials": the second adjective modifies "officials" too.
    extra = []
    for head_token, members in result:
        if len(members) != 1 or members[0].entry is None or head_token.dep_ != "conj":
            continue
        first = head_token.head
        while first.dep_ == "conj":
            first = first.head
        noun = first.head
        if first.dep_ in NP_INTERNAL and noun.i in groups and noun.i != first.i:
            roles = [m for m in groups[noun.i] if m.agent is not None]
            if roles:
                extra.append((head_token, noun, members + roles))
    for token, noun, members in extra:
        result = [(h, m) for h, m in result if h.i != token.i]
        result.append((noun, members))
    result.sort(key=lambda hm: min(m.start for m in hm[1]))
    return result


def _merge_appositions(doc, mentions: list[Mention]) -> list[Mention]:
    """Give a name and its appositive description one code: "Geir Pedersen, the UN envoy"."""
    index_of_head = {m.head: i for i, m in enumerate(mentions)}  # entries get replaced below
    token_at = token_at_char(doc)
    result = list(mentions)
    for i in range(len(result)):
        mention = result[i]
        head = token_at.get(mention.head)
        if head is None or head.dep_ != "appos":
            continue
        j = index_of_head.get(head.head.idx)
        if j is None or j == i:
            continue
        other = result[j]
        if mention.code and other.code and mention.code[:3] != other.code[:3]:
            continue  # two actors of their own, listed ("Mordor, the awful Fornost, and …")
        if any(c.lower_ in INDEFINITE for c in children(head) if c.dep_ == "det"):
            continue
        better = _more_specific(mention, other)
        named = other if other.kind == "person" else mention if mention.kind == "person" else better
        key = actor_key(named)
        result[i] = replace(_with_code(mention, better), actor=key)
        result[j] = replace(_with_code(other, better), actor=key)
    return result


def _more_specific(a: Mention, b: Mention) -> Mention:
    def score(m: Mention) -> tuple[int, int]:
        return (int(m.country is not None) + int(bool(m.roles)) + int(m.kb_id is not None), len(m.code or ""))

    return a if score(a) >= score(b) else b


def _with_code(mention: Mention, source: Mention) -> Mention:
    if mention is source or (mention.code and mention.country and mention.roles):
        return mention
    return replace(
        mention,
        code=source.code,
        country=source.country,
        roles=source.roles,
        kb_id=mention.kb_id or source.kb_id,
        name=mention.name or source.name,
    )


def _inside_longer_name(doc, start: int, end: int) -> bool:
    """Whether the words start:end are only part of a longer proper name: the named entity
    around them runs on, or a capitalised proper noun follows that they modify."""
    if end < len(doc):
        after = doc[end]
        if after.ent_iob_ == "I" and doc[end - 1].ent_iob_ in ("B", "I"):
            return True
        if after.pos_ == "PROPN" and after.text[:1].isupper() and doc[end - 1].head.i == after.i:
            return True
    return False
