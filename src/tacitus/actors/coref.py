"""Within-document coreference built from the parse (no downloaded model exists offline).

Three links, applied in reading order:

- names: a surname or shorter name after a full mention ("Price replied" after
  "Ned Price") is the same person;
- titles: a definite role description with no affiliation of its own ("the envoy",
  "the diplomat", "the minister") is the nearest earlier mention carrying that title;
- pronouns: "he"/"she" is the nearest earlier person (within a few sentences);
  "it"/"they" as the subject of a clause reported by an actor ("the administration said
  it would…") is that actor.

Then mentions are merged into actors (one per entity) with mention counts.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import replace

from ..model import Actor, Mention
from ..nlp import children, sentence_index, token_at_char, tokens, words

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"it", "they"})
SPEECH_LEMMAS = frozenset(
    {"say", "tell", "announce", "state", "declare", "add", "insist", "warn", "claim", "stress",
     "reiterate", "affirm", "confirm", "deny", "note", "argue", "explain", "indicate", "reply",
     "write", "report", "promise", "pledge", "vow", "threaten"}
)
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS
PRONOUN_WINDOW = 3  # sentences


@functools.lru_cache(maxsize=8192)  # (asked of every earlier name for each later name)
def _last_word(text: str) -> str:
    words = [w for w in text.replace("’s", "").replace("'s", "").split() if w[:1].isalpha()]
    return words[-1].lower() if words else ""


def resolve_coreference(doc, mentions: list[Mention]) -> list[Mention]:
    """Link mentions to earlier ones and add pronoun mentions; returns a new sorted list."""
    token_at = token_at_char(doc)
    out: list[Mention] = []
    lemmas = words(doc)[1]
    for mention in sorted(mentions, key=lambda m: m.start):
        out.append(_link_name_or_title(mention, out, token_at, lemmas))
    out.extend(_repeated_surnames(doc, out))
    out.sort(key=lambda m: m.start)
    out.extend(_pronoun_mentions(doc, out))
    out.sort(key=lambda m: m.start)
    out = _possessive_affiliation(doc, out)
    return _assign_actor_keys(out)


def _possessive_affiliation(doc, mentions: list[Mention]) -> list[Mention]:
    """"his government", "their troops": a role word whose possessor is a resolved
    pronoun takes the possessor's country."""
    token_at = token_at_char(doc)
    by_start = {m.start: m for m in mentions if m.how == "pronoun"}
    out = []
    for m in mentions:
        head = token_at.get(m.head)
        if m.code is None and m.roles and head is not None:
            owner = next(
                (by_start[c.idx] for c in children(head) if c.dep_ == "poss" and c.idx in by_start),
                None,
            )
            if owner is not None and owner.country:
                m = replace(m, country=owner.country, code=owner.country + "".join(m.roles),
                            how="coref-possessive")
        out.append(m)
    return out


def _link_name_or_title(mention: Mention, earlier: list[Mention], token_at, lemmas: list[str]) -> Mention:
    """`lemmas`: the lower-cased lemma of every token of the Doc (nlp.words)."""
    head = token_at.get(mention.head)
    # Surname or short name: same last word as an earlier named person.
    if mention.kind == "person" and mention.name and len(mention.text.split()) <= 2:
        last = _last_word(mention.text)
        for prev in reversed(earlier):
            # (the cheap tests first: most earlier mentions are no named person)
            if prev.kind != "person" or not prev.name:
                continue
            if not _same_given_name(mention.text, prev.name):
                continue  # "Andrew Cuomo" is not "Mario Cuomo"
            if _last_word(prev.name) == last and (
                len(prev.name.split()) > len(mention.text.split()) or prev.kb_id == mention.kb_id
            ):
                if prev.kb_id and mention.kb_id and prev.kb_id != mention.kb_id:
                    continue
                return _copy_identity(mention, prev, "coref-name")
    # Definite role description without affiliation: "the envoy", "the diplomat".
    if mention.code is None and mention.roles and head is not None and _is_definite(head):
        lemma = head.lemma_.lower()
        for prev in reversed(earlier):
            if lemma in prev.text.lower():  # (before the phrase's lemmas, which need its left edge)
                return _copy_identity(mention, prev, "coref-title")
            prev_head = token_at.get(prev.head)
            phrase = lemmas[prev_head.left_edge.i : prev_head.i + 1] if prev_head is not None else ()
            if lemma in phrase:
                return _copy_identity(mention, prev, "coref-title")
    # A titled name without affiliation after an unnamed title holder: "Russia's
    # ambassador … Ambassador Andrei Karlov" is the same (Russian) ambassador.
    if mention.code is None and mention.roles and mention.kind == "person":
        words = {w.lower().strip(".,") for w in mention.text.split()}
        for prev in reversed(earlier):
            prev_head = token_at.get(prev.head)
            if prev.code and prev.kind != "person" and prev_head is not None and prev_head.lemma_.lower() in words:
                return replace(
                    mention, code=prev.code, country=prev.country, roles=prev.roles,
                    actor=prev.actor or actor_key(prev), how="coref-title",
                )
    return mention


def _same_given_name(text: str, name: str) -> bool:
    """A one-word surname matches any earlier full name; a two-word name needs the same
    first name (or initial)."""
    words = [w for w in text.split() if w[:1].isalpha()]
    if len(words) < 2:
        return True
    other = [w for w in name.split() if w[:1].isalpha()]
    if len(other) < 2:
        return False
    a, b = words[0].rstrip(".").lower(), other[0].rstrip(".").lower()
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _repeated_surnames(doc, mentions: list[Mention]) -> list[Mention]:
    """Proper nouns the parser did not tag that repeat an earlier person's surname."""
    people = [m for m in mentions if m.kind == "person" and m.name and len(m.name.split()) > 1]
    if not people:
        return []
    surnames = [(prev, _last_word(prev.name)) for prev in reversed(people)]
    known = {surname for _, surname in surnames}
    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    all_tokens = tokens(doc)
    lowers, _, texts = words(doc)
    added = []
    # (the surname test first, in one pass: it rules out nearly every word)
    for i in [i for i, lower in enumerate(lowers) if lower in known]:
        lower = lowers[i]
        if not texts[i][:1].isupper():
            continue
        token = all_tokens[i]
        if token.idx in covered or token.pos_ not in ("PROPN", "NOUN"):
            continue
        for prev, surname in surnames:
            if prev.start < token.idx and surname == lower:
                added.append(
                    replace(prev, text=token.text, start=token.idx, end=token.idx + len(token.text),
                            sentence=sentence_index(doc)[token.i], head=token.idx, how="coref-name",
                            actor=prev.actor or actor_key(prev))
                )
                break
    return added


def _is_definite(head) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in children(head))


def _copy_identity(mention: Mention, prev: Mention, how: str) -> Mention:
    return replace(
        mention,
        code=mention.code if (mention.code and mention.kb_id) else (prev.code or mention.code),
        country=prev.country if prev.code else mention.country,
        roles=prev.roles or mention.roles,
        kb_id=prev.kb_id or mention.kb_id,
        name=prev.name or mention.name,
        actor=prev.actor or actor_key(prev),
        how=how,
    )


def _pronoun_mentions(doc, mentions: list[Mention]) -> list[Mention]:
    sent_of = sentence_index(doc)
    by_start = sorted(mentions, key=lambda m: m.start)
    head_token = {m.head: m for m in mentions}
    all_tokens = tokens(doc)
    added = []
    lowers = words(doc)[0]
    for i in [i for i, lower in enumerate(lowers) if lower in PRONOUNS]:  # (one pass)
        lower = lowers[i]
        token = all_tokens[i]
        if token.pos_ != "PRON":
            continue
        antecedent = None
        if lower in PERSON_PRONOUNS:
            antecedent = _nearest_person(token, by_start, sent_of)
        elif token.dep_ in ("nsubj", "nsubjpass"):
            antecedent = _reporting_subject(token, head_token)
        if antecedent is None:
            continue
        added.append(
            Mention(
                text=token.text,
                start=token.idx,
                end=token.idx + len(token.text),
                sentence=sent_of[token.i],
                code=antecedent.code,
                country=antecedent.country,
                roles=antecedent.roles,
                kb_id=antecedent.kb_id,
                name=antecedent.name,
                actor=antecedent.actor or actor_key(antecedent),
                how="pronoun",
                head=token.idx,
            )
        )
    return added


def _nearest_person(token, mentions: list[Mention], sent_of) -> Mention | None:
    sentence = sent_of[token.i]
    for prev in reversed(mentions):
        if prev.start >= token.idx:
            continue
        if sentence - prev.sentence > PRONOUN_WINDOW:
            break
        if prev.kind == "person" and prev.how != "pronoun":
            return prev
    return None


def _reporting_subject(token, head_token: dict[int, Mention]) -> Mention | None:
    """"The administration said it would …": the subject of the reporting verb."""
    clause = token.head
    while clause.dep_ in ("xcomp", "conj", "aux") and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ not in ("ccomp",) or clause.head.lemma_ not in SPEECH_LEMMAS:
        return None
    reporter = clause.head
    for child in children(reporter):
        if child.dep_ in ("nsubj",) and child.idx in head_token:
            mention = head_token[child.idx]
            return mention if mention.code else None
    return None


def actor_key(mention: Mention) -> str:
    if mention.actor:
        return mention.actor
    if mention.kb_id:
        return mention.kb_id
    if mention.kind == "person" and mention.name:
        return f"name:{mention.name}"
    if mention.code:
        return f"code:{mention.code}"
    return f"text:{mention.text.lower()}@{mention.start}"


def _assign_actor_keys(mentions: list[Mention]) -> list[Mention]:
    return [m if m.actor else replace(m, actor=actor_key(m)) for m in mentions]


def aggregate_actors(mentions: list[Mention]) -> tuple[Actor, ...]:
    """One Actor per distinct entity, with its most informative text and mention count."""
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.actor or actor_key(m), []).append(m)
    actors = []
    for key, ms in groups.items():
        if len(ms) == 1:  # most actors are named once: their mention is all there is
            code, best = ms[0].code or None, ms[0]
        else:
            named = [m for m in ms if m.how != "pronoun"] or ms
            codes = Counter(m.code for m in ms if m.code)
            code = codes.most_common(1)[0][0] if codes else None
            best = _representative(named, code)
        kind = best.kind if best.kind != "unknown" else _kind(best)
        actors.append(
            Actor(
                key=key,
                text=best.text,
                code=code,
                country=best.country,
                roles=best.roles,
                kb_id=best.kb_id,
                name=best.name,
                mentions=len(ms),
                kind=kind,
            )
        )
    actors.sort(key=lambda a: (-a.mentions, a.key))
    return tuple(actors)


def _representative(mentions: list[Mention], code: str | None) -> Mention:
    """The mention whose text best names the actor: its full name if written, else the
    most frequent surface form among mentions with the actor's code."""
    with_code = [m for m in mentions if m.code == code] or mentions
    name = next((m.name for m in with_code if m.name), None)
    if name:
        exact = [m for m in with_code if m.text == name]
        if exact:
            return exact[0]
        containing = [m for m in with_code if name in m.text]
        if containing:
            return min(containing, key=lambda m: len(m.text))
    counts = Counter(m.text for m in with_code)
    text = max(counts, key=lambda t: (counts[t], -len(t)))
    return next(m for m in with_code if m.text == text)


def _kind(m: Mention) -> str:
    kb = m.kb_id or ""
    if kb.startswith("person:") or m.how in ("ner-person",):
        return "person"
    if kb.startswith("country:"):
        return "state"
    if kb.startswith(("organization:", "group:", "institution:")):
        return kb.split(":", 1)[0]
    if m.code is None and m.roles:
        return "role"
    return "unknown"
