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
        self._starts: tuple[frozenset[str], frozenset[str], dict[str, dict]] | None = None
        for phrase in phrases:
            self.add(phrase)

    def add(self, phrase: Phrase) -> None:
        self._starts = None  # the first words change
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
        n = len(lowers)
        if self._root.prefix_children:
            candidates: Iterable[int] = range(n)
        else:
            # Most words start no phrase: rule them out as _steps from the root would, in
            # one pass (a word starts one by its form, or ends a one-word one by its lemma).
            forms, lemma_forms, seconds = self._start_words()
            candidates = [i for i, (lower, lemma) in enumerate(zip(lowers, lemmas, strict=True))
                          if lower in forms or (lemma != lower and lemma in lemma_forms)]
            # A first word that is no phrase of its own ("the", "prime") needs a second word
            # that goes on from it: most candidates fail there.
            candidates = [i for i in candidates if lowers[i] not in seconds
                          or (lemmas[i] != lowers[i] and lemmas[i] in lemma_forms)
                          or (i + 1 < n and (lowers[i + 1] in seconds[lowers[i]]
                                             or lemmas[i + 1] in seconds[lowers[i]]))]
        free = 0  # the first token no earlier match covers
        for i in candidates:
            if i < free:
                continue
            best = self._longest_at(i, n, lowers, lemmas, texts)
            if best:
                length = len(best[0].tokens)
                out.append(PhraseMatch(i, i + length, best[0], tuple(best)))
                free = i + length
        return out

    def _start_words(self) -> tuple[frozenset[str], frozenset[str], dict[str, dict]]:
        """The words that step from the root; those of them that end a phrase there (a
        lemma may only end one); and for first words that are no phrase themselves (and
        have no stem after them), the words that may follow. Kept until a phrase is added."""
        if self._starts is None:
            starts = self._root.children
            self._starts = (
                frozenset(starts),
                frozenset(w for w, node in starts.items() if node.hits),
                {w: node.children for w, node in starts.items()
                 if not node.hits and not node.prefix_children},
            )
        return self._starts

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
