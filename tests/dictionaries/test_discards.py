"""PhraseSet.counts: the cheap tests that rule categories out never change a count."""

from __future__ import annotations

import pytest

from tacitus.dictionaries.discards import PhraseSet, load_builtin_discards


def _regex_counts(phrases: PhraseSet, text: str) -> dict[str, int]:
    return {name: len(p.findall(text)) for name, p in phrases._patterns.items()}


TEXTS = [
    "Refugees and asylum-seekers crossed; the IAEA inspected enrichment sites.",
    "The World Cup final: Brazil beat Argentina 2-1 at the stadium.",
    "a cease-fire, a CEASEFIRE, a cease fire and peace talks",
    "pre-election_polling, electionS, re-election, the election.",
    "Nuclear talks in \u0130stanbul",  # dotted capital I: lower-casing changes the length
    "The Kelvin sign \u212a and the long s \u017f in sanctions and \u017fanctions",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_counts_equal_the_regular_expressions_counts(text):
    discards = load_builtin_discards()
    for phrases in (discards.story, discards.issues, discards.sentence):
        assert phrases.counts(text) == _regex_counts(phrases, text)


def test_a_large_set_rules_out_by_words_and_still_counts_whole_phrases():
    phrases = PhraseSet({f"cat{n}": (f"word{n}", f"two words{n}") for n in range(20)}
                        | {"hits": ("vote count", "re-run", "x")})
    assert phrases._by_words
    counts = phrases.counts("A VOTE COUNT, a vote counter, a re-run and x-ray; word3 but not word33.")
    assert counts["hits"] == 3  # "vote count", "re-run", "x" (before "-ray"); not "vote counter"
    assert counts["cat3"] == 1 and counts["cat4"] == 0
    assert sum(counts.values()) == 4


def test_a_large_set_counts_overlapping_phrases_as_its_expression_does():
    """Where phrases overlap, the first match (the longest phrase at a place) wins and the
    scan goes on after it: tried only where a phrase starts, the count is the same."""
    phrases = PhraseSet({f"cat{n}": (f"word{n}", "peace talks", "talks", "talks on peace", "a b", "b c")
                         for n in range(5)})
    assert phrases._by_words
    for text in ("peace talks talks on peace a b c b c", "PEACE TALKS.talks-peace", "xpeace talks",
                 "talks on peace talks", "a b c", "word2 word22"):
        assert phrases.counts(text) == _regex_counts(phrases, text), text
    assert phrases.counts("talks on peace talks")["cat0"] == 2  # "talks on peace", "talks"
