"""The fast path: parse only the sentences that could yield an event.

An event needs an actor and a trigger. Before parsing, a cheap pass splits the text into
sentences with a regular expression, and keeps a sentence only if it contains (a) a phrase
of the actor dictionaries (or a personal pronoun, which coreference may resolve), and
(b) a word that lemmatises, by the parser's own lemma rules and exception lists applied
without part-of-speech tags, to a trigger of the verb dictionary. Every other sentence is
blanked out with spaces (newlines kept), so the text keeps its length and every character
offset stays valid, while the parser sees one whitespace token where a sentence was.

What this loses, and it is measured by ``benchmarks/bench_throughput.py``: events whose
actor is only reachable through a dropped sentence (coreference to an antecedent the
prefilter dropped), and actors, places and quotes in dropped sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_SENTENCE_END = re.compile(
    r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+(?=[\"'“‘(\[]?[A-Z0-9])"  # ". Next", ".” Next"
    r"|\n\s*\n|\n(?=\s*[A-Z\"“])"  # paragraph and line breaks before a capital
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d+")
PRONOUNS = frozenset({"he", "she", "they", "we", "i", "his", "her", "their", "its", "it"})
MAX_PHRASE = 6


@dataclass(frozen=True)
class Prefilter:
    """The word lists the fast path tests sentences against (built once per pipeline)."""

    actor_phrases: frozenset[tuple[str, ...]]
    actor_stems: frozenset[str]  # PETRARCH-style prefix phrases ("argentin")
    triggers: frozenset[str]  # verb and event-noun lemmas of the verb dictionary
    exceptions: dict[str, tuple[str, ...]]  # irregular form → lemmas ("met" → "meet")
    rules: tuple[tuple[str, str], ...]  # (suffix, replacement) lemma rules
    pronouns: bool = True
    # Also keep sentences that name an actor without a trigger: they are the antecedents
    # that coreference resolves surnames and pronouns to in later, event-bearing sentences.
    antecedents: bool = True

    @classmethod
    def from_pipeline(cls, pipeline, nlp) -> Prefilter:
        actors = pipeline.dictionaries.actors
        phrases = [*actors.phrases, *actors.agent_phrases]
        verbs = pipeline.dictionaries.verbs
        exceptions, rules = _lemma_tables(nlp)
        return cls(
            actor_phrases=frozenset(p.tokens for p in phrases if not p.prefix and len(p.tokens) <= MAX_PHRASE),
            actor_stems=frozenset(p.tokens[0] for p in phrases if p.prefix and len(p.tokens) == 1),
            triggers=frozenset(k.lower() for k in (*verbs.by_lemma, *verbs.by_noun)),
            exceptions=exceptions,
            rules=rules,
        )

    def lemmas(self, word: str) -> set[str]:
        """Every lemma the word could have, whatever its part of speech."""
        found = {word, *self.exceptions.get(word, ())}
        for suffix, replacement in self.rules:
            if word.endswith(suffix) and len(word) > len(suffix):
                found.add(word[: len(word) - len(suffix)] + replacement)
        return found

    def has_trigger(self, words: list[str]) -> bool:
        return any(not self.triggers.isdisjoint(self.lemmas(w)) for w in words)

    def has_actor(self, words: list[str], pronouns: bool = True) -> bool:
        n = len(words)
        for i, word in enumerate(words):
            if pronouns and self.pronouns and word in PRONOUNS:
                return True
            for length in range(1, min(MAX_PHRASE, n - i) + 1):
                span = tuple(words[i : i + length])
                if span in self.actor_phrases:
                    return True
                if length == 1 and word.endswith("s") and (word[:-1],) in self.actor_phrases:
                    return True  # plural of a role word: "troops", "rebels"
            if self.actor_stems and any(word[:k] in self.actor_stems for k in range(3, len(word) + 1)):
                return True
        return False

    def keep(self, sentence: str) -> bool:
        words = [w.lower() for w in _TOKEN.findall(sentence)]
        if not words:
            return False
        if self.has_trigger(words):
            return self.has_actor(words) or _has_name(sentence)
        return self.antecedents and self.has_actor(words, pronouns=False)

    def mask(self, text: str) -> tuple[str, int, int]:
        """The text with non-candidate sentences blanked; (masked, kept, total) sentences."""
        pieces: list[str] = []
        kept = total = 0
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            if not sentence.strip():
                pieces.append(sentence)
                continue
            total += 1
            if self.keep(sentence):
                kept += 1
                pieces.append(sentence)
            else:
                pieces.append(_blank(sentence))
        return "".join(pieces), kept, total


_NAME = re.compile(r"(?<=\S\s)[A-Z][a-z]+")  # a capitalised word not opening the sentence


def _has_name(sentence: str) -> bool:
    """A capitalised word inside the sentence: maybe a person the parser's NER will find."""
    return _NAME.search(sentence) is not None


def _blank(sentence: str) -> str:
    return "".join("\n" if c == "\n" else " " for c in sentence)


def sentence_spans(text: str) -> Iterable[tuple[int, int]]:
    """Character spans covering the whole text, split at likely sentence ends."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, match.start()
        yield match.start(), match.end()  # the separator (whitespace and closing marks)
        start = match.end()
    yield start, len(text)


def _lemma_tables(nlp) -> tuple[dict[str, tuple[str, ...]], tuple[tuple[str, str], ...]]:
    """Irregular forms and suffix rules for verbs and nouns from the model's lemmatizer."""
    exceptions: dict[str, set[str]] = {}
    rules: set[tuple[str, str]] = set()
    if "lemmatizer" not in nlp.pipe_names:
        return {}, ()
    lookups = nlp.get_pipe("lemmatizer").lookups
    exc = lookups.get_table("lemma_exc") if lookups.has_table("lemma_exc") else {}
    rule_table = lookups.get_table("lemma_rules") if lookups.has_table("lemma_rules") else {}
    for pos in ("verb", "noun"):
        for form, lemmas in _items(exc.get(pos, {})):
            exceptions.setdefault(form, set()).update(lemmas)
        for suffix, replacement in rule_table.get(pos, []):
            rules.add((suffix, replacement))
    return {k: tuple(sorted(v)) for k, v in exceptions.items()}, tuple(sorted(rules))


def _items(table) -> list[tuple[str, list[str]]]:
    return list(table.items()) if hasattr(table, "items") else []
