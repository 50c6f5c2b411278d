"""Affiliation from where a story happens.

A role word with no country of its own — "police", "protesters", "the opposition",
"lawmakers" — names a local actor: whose police is told by the place. Recognition
already reads a place attached to the word ("police in Tulsa", "refugees from Syria");
this reads the rest of the evidence, as ICEWS does for its sectors: the places of the
mention's sentence, when they lie in exactly one country, else the story's dateline.
A sentence whose places lie in two countries says nothing ("police in Chicago arrested a
man from Mexico"), and nor does the dateline then; a place inside an actor's name ("the
US embassy in Ankara") says who, not where, and is not counted. Only local roles take part: a
government, an army or reporters may be anyone's wherever they are named. The mention
keeps how it was found (``how="place-context"`` or ``"dateline-context"``) so that every
such code can be told from one the text gives.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import replace

from ..model import Mention, Place

# Roles a story's place affiliates. Not GOV, MIL, SPY (national bodies, often foreign),
# MED (journalists report from anywhere), IGO/NGO roles, or people.
LOCAL_CONTEXT_ROLES = frozenset({"COP", "OPP", "CVL", "JUD", "LEG", "PTY", "LAB", "EDU", "HLH", "BUS",
                                 "AGR", "REB", "INS", "SEP", "RAD", "MOD", "UAF"})


def affiliate_by_place(
    mentions: Sequence[Mention],
    places: Sequence[Place],
    sentence_starts: Sequence[int],
    countries: Collection[str],
    dateline: Place | None = None,
) -> list[Mention]:
    """`mentions` with each unaffiliated local role given the country of its sentence's
    places (one country only) or, when its sentence names no place, of the dateline.

    `sentence_starts`: the character offset where each sentence of the Doc begins (a
    mention's `sentence` indexes it); `countries`: the actor codes of states, so that a
    place's country becomes an actor code only where the dictionaries know it."""
    named = [(m.start, m.end) for m in mentions if m.code is not None]
    by_sentence: dict[int, set[str]] = {}
    for place in places:
        if any(place.start < end and start < place.end for start, end in named):
            continue  # "the US embassy in Ankara": a place inside an actor says who, not where
        if place.geonameid is not None and place.country:
            sentence = bisect_right(sentence_starts, place.start) - 1
            by_sentence.setdefault(sentence, set()).add(place.country)
    fallback = dateline.country if dateline is not None and dateline.geonameid is not None else None
    out = []
    for mention in mentions:
        if _unaffiliated_local_role(mention):
            found = by_sentence.get(mention.sentence)
            country, how = (next(iter(found)), "place-context") if found else (fallback, "dateline-context")
            if country in countries and (not found or len(found) == 1):
                mention = replace(mention, country=country, code=country + "".join(mention.roles), how=how)
        out.append(mention)
    return out


def _unaffiliated_local_role(mention: Mention) -> bool:
    return (
        mention.code is None
        and mention.country is None
        and mention.kind == "role"
        and bool(mention.roles)
        and mention.roles[0] in LOCAL_CONTEXT_ROLES
    )
