"""A token trie over dictionary phrases: finds every actor and agent phrase in a Doc.

Phrases are sequences of lower-cased tokens. Matching walks the trie from each token,
keeps the longest phrase that starts there, and moves past it (leftmost-longest, no
overlaps). The last token of a phrase may also match by lemma (so "troop" finds
"troops"), and PETRARCH stems match as prefixes ("argentin" finds "Argentina").
Each phrase carries per-token case rules (see ``dictionaries.actors.case_rule``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..dictionaries.actors import CASE_ANY, CASE_UPPER, Phrase

MIN_PREFIX = 3


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    prefix_children: dict[str, _Node] = field(default_factory=dict)
    hits: list[Phrase] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    start: int  # token index
    end: int  # token index, exclusive
    phrase: Phrase  # the first phrase written this way
    alternatives: tuple[Phrase, ...] = ()  # every phrase written this way (homonyms)


class PhraseIndex:
    """A trie of phrases; build once per dictionary, match many documents."""

    def __init__(self, phrases: Iterable[Phrase] = ()) -> None:
        self._root = _Node()
        self.size = 0
        for phrase in phrases:
            self.add(phrase)

    def add(self, phrase: Phrase) -> None:
        node = self._root
        last = len(phrase.tokens) - 1
        for i, token in enumerate(phrase.tokens):
            table = node.prefix_children if (phrase.prefix and i == last) else node.children
            node = table.setdefault(token, _Node())
        node.hits.append(phrase)
        self.size += 1

    def match(self, tokens) -> list[PhraseMatch]:
        """Leftmost-longest phrase matches over a Doc or Span (token offsets into it)."""
        tokens = list(tokens)
        lowers = [t.lower_ for t in tokens]
        lemmas = [t.lemma_.lower() for t in tokens]
        texts = [t.text for t in tokens]
        return self.match_words(lowers, lemmas, texts)

    def match_words(self, lowers: list[str], lemmas: list[str], texts: list[str]) -> list[PhraseMatch]:
        """``match`` over the tokens' lower-cased forms, lower-cased lemmas and texts
        (for a whole Doc: ``tacitus.nlp.words``)."""
        out: list[PhraseMatch] = []
        i, n = 0, len(lowers)
        starts = self._root.children
        any_start = bool(self._root.prefix_children)
        while i < n:
            # Most words start no phrase: rule them out as _steps from the root would.
            if not any_start and lowers[i] not in starts:
                lemma = lemmas[i]
                if lemma == lowers[i] or not getattr(starts.get(lemma), "hits", None):
                    i += 1
                    continue
            best = self._longest_at(i, n, lowers, lemmas, texts)
            if not best:
                i += 1
                continue
            length = len(best[0].tokens)
            out.append(PhraseMatch(i, i + length, best[0], tuple(best)))
            i += length
        return out

    def _longest_at(self, i, n, lowers, lemmas, texts) -> list[Phrase]:
        best: list[Phrase] = []
        frontier = [self._root]
        j = i
        while frontier and j < n:
            next_frontier = []
            for node in frontier:
                for child, extend in self._steps(node, lowers[j], lemmas[j]):
                    for phrase in child.hits:
                        if not _case_ok(texts, i, phrase.case):
                            continue
                        if not best or len(phrase.tokens) > len(best[0].tokens):
                            best = [phrase]
                        elif len(phrase.tokens) == len(best[0].tokens) and phrase not in best:
                            best.append(phrase)
                    if extend and (child.children or child.prefix_children):
                        next_frontier.append(child)
            frontier = next_frontier
            j += 1
        return best

    @staticmethod
    def _steps(node: _Node, lower: str, lemma: str):
        child = node.children.get(lower)
        if child is not None:
            yield child, True
        if lemma != lower:
            child = node.children.get(lemma)
            if child is not None and child.hits:
                yield child, False  # a lemma only ends a phrase ("troops" → "troop")
        if node.prefix_children:
            for k in range(MIN_PREFIX, len(lower) + 1):
                child = node.prefix_children.get(lower[:k])
                if child is not None:
                    yield child, False


def _case_ok(texts: list[str], start: int, rules: tuple[int, ...]) -> bool:
    for offset, rule in enumerate(rules):
        if rule == CASE_ANY:
            continue
        text = texts[start + offset]
        if rule == CASE_UPPER:
            letters = [c for c in text if c.isalpha()]
            if not letters or not all(c.isupper() for c in letters):
                return False
        elif not text[:1].isupper():
            return False
    return True
