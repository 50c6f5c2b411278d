"""Story discards and issue tags.

CAMEO coders discard stories that are not political news (sports, weather, entertainment)
before coding, because "Brazil beat Argentina" is not an event between states. A story is
discarded when its title or first sentence contains a discard phrase, or when the whole
text contains phrases of one category at least `threshold` times (one passing mention of
"the World Cup" in a political story does not discard it). Issue tags ("refugees",
"nuclear", "elections") label a story when any of their phrases occurs.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from ..errors import DictionaryError

# Non-ASCII letters that re.IGNORECASE matches to an ASCII letter: long s, Kelvin sign,
# dotted and dotless I.
_ASCII_LOOKALIKES = re.compile("[\u017f\u212a\u0130\u0131]")
_WORD = re.compile(r"\w+")
# Phrase sets at most this large test their phrases as substrings (see PhraseSet._by_words).
_FEW_PHRASES = 24


@functools.lru_cache(maxsize=8)
def _words_of(text: str) -> frozenset[str] | None:
    """The words (runs of ``\\w``) of the lower-cased text, or None when the text has one
    of the non-ASCII letters re.IGNORECASE equates with an ASCII one. Cached: the story
    discards and the issue tags read the same article text. Lower-casing keeps every
    other character's place and keeps non-word characters non-word, so the words are the
    lower-cased words of the text."""
    if _ASCII_LOOKALIKES.search(text):
        return None
    return frozenset(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class PhraseSet:
    """Named categories of phrases, compiled to one regular expression per category."""

    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @functools.cached_property
    def _patterns(self) -> dict[str, re.Pattern]:
        return {
            name: re.compile(
                r"(?<![\w])(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")(?![\w])",
                re.IGNORECASE,
            )
            for name, phrases in self.categories.items()
            if phrases
        }

    @functools.cached_property
    def _needles(self) -> dict[str, tuple[str, ...] | None]:
        """Each category's phrases in lower case, when all are ASCII (else None): a text
        with a match contains one of them, lower-cased (see `counts`)."""
        return {
            name: tuple(p.lower() for p in phrases) if all(p.isascii() for p in phrases) else None
            for name, phrases in self.categories.items()
        }

    @functools.cached_property
    def _keys(self) -> dict[str, tuple[frozenset[str], tuple[frozenset[str], ...]] | None]:
        """Each category's phrases as the sets of their lower-cased words (runs of ``\\w``),
        with the union of those sets first, when all phrases are ASCII and have a word
        (else None). A match of a phrase is bounded by non-word characters, and so is
        every word inside it: each of its words is a whole word of the text (see
        `counts`)."""
        out = {}
        for name, needles in self._needles.items():
            keys = None if needles is None else tuple(frozenset(_WORD.findall(n)) for n in needles)
            out[name] = None if keys is None or not all(keys) else (frozenset().union(*keys), keys)
        return out

    @functools.cached_property
    def _by_words(self) -> bool:
        """Whether `counts` rules categories out by the text's words rather than by substring
        tests: the set of words costs about as much as a few dozen substring tests, and
        is built once per text for all the sets that read it."""
        return sum(len(phrases) for phrases in self.categories.values()) > _FEW_PHRASES

    def counts(self, text: str) -> dict[str, int]:
        """How many times each category's phrases occur in `text`. The regular expressions
        are tried only for categories that can match: one of whose phrases is in the
        lower-cased text (a plain substring test) or, for large sets, has all its words
        among the text's words (one set of words per text). Both tests are exact unless
        the text has one of the four non-ASCII letters that re.IGNORECASE equates with an
        ASCII one, and then every expression is tried."""
        if self._by_words:
            return self._counts_by_words(text)
        lowered = None if _ASCII_LOOKALIKES.search(text) else text.lower()
        out = {}
        for name, pattern in self._patterns.items():
            needles = self._needles.get(name)
            if lowered is not None and needles is not None and not any(n in lowered for n in needles):
                out[name] = 0
            else:
                out[name] = len(pattern.findall(text))
        return out

    def _counts_by_words(self, text: str) -> dict[str, int]:
        words = _words_of(text)
        lowered = None
        out = {}
        for name, pattern in self._patterns.items():
            keys = self._keys.get(name)
            if words is None or keys is None:
                out[name] = len(pattern.findall(text))
                continue
            if words.isdisjoint(keys[0]):
                out[name] = 0
                continue
            # the phrases whose words are all in the text: no other can match
            needles = [n for n, k in zip(self._needles[name], keys[1], strict=True) if k <= words]
            if lowered is None and needles:
                lowered = text.lower()
            out[name] = _count_at_needles(pattern, text, lowered, needles) if needles else 0
        return out

    def merged(self, other: PhraseSet) -> PhraseSet:
        cats = {k: tuple(v) for k, v in self.categories.items()}
        for k, v in other.categories.items():
            cats[k] = tuple(dict.fromkeys((*cats.get(k, ()), *v)))
        return PhraseSet(cats)


def _count_at_needles(pattern: re.Pattern, text: str, lowered: str, needles: list[str]) -> int:
    """``len(pattern.findall(text))``, with the expression tried only where one of the
    `needles` (lower-cased phrases of the pattern) starts in the lower-cased `lowered`:
    a match starts only there (the text has none of the letters re.IGNORECASE equates
    with ASCII ones, so lower-casing keeps every place), and findall's scan, which takes
    the first match at or after the end of the last, finds the same matches. An
    expression of dozens of phrases tried at every character of an article cost more than
    all the rest of the discards; str.find costs next to nothing."""
    starts = set()
    for needle in needles:
        i = lowered.find(needle)
        while i != -1:
            starts.add(i)
            i = lowered.find(needle, i + 1)
    count = end = 0
    for i in sorted(starts):
        if i >= end:
            m = pattern.match(text, i)
            if m is not None:
                count += 1
                end = m.end()
    return count


@dataclass(frozen=True)
class Discards:
    """Story-level discards, sentence-level discards, and issue tags."""

    story: PhraseSet = field(default_factory=PhraseSet)
    sentence: PhraseSet = field(default_factory=PhraseSet)
    issues: PhraseSet = field(default_factory=PhraseSet)
    threshold: int = 3

    def story_reason(self, text: str, title: str | None = None) -> str | None:
        """Why a story is discarded ("sports: 'World Cup'"), or None to code it."""
        lead = (title or "") + "\n" + text.strip().split("\n", 1)[0][:400]
        for name, count in self.story.counts(lead).items():
            if count:
                return f"{name} story (in the headline or lead)"
        for name, count in self.story.counts(text).items():
            if count >= self.threshold:
                return f"{name} story ({count} {name} phrases)"
        return None

    def sentence_discarded(self, sentence: str) -> bool:
        return any(self.sentence.counts(sentence).values())

    def issue_tags(self, text: str) -> tuple[str, ...]:
        return tuple(sorted(name for name, n in self.issues.counts(text).items() if n))

    def merged(self, other: Discards) -> Discards:
        return Discards(
            story=self.story.merged(other.story),
            sentence=self.sentence.merged(other.sentence),
            issues=self.issues.merged(other.issues),
            threshold=self.threshold,
        )


def _read_categories(path: Path, data, key: str) -> PhraseSet:
    section = data.get(key) or {}
    if not isinstance(section, dict):
        raise DictionaryError(str(path), None, f"`{key}` must map category names to phrase lists")
    cats = {}
    for name, phrases in section.items():
        if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
            raise DictionaryError(str(path), None, f"`{key}.{name}` must be a list of phrases")
        cats[str(name)] = tuple(phrases)
    return PhraseSet(cats)


def read_discards_yaml(path: Path) -> Discards:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DictionaryError(str(path), None if mark is None else mark.line + 1, f"invalid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise DictionaryError(str(path), 1, "expected a mapping with story/sentence/issues sections")
    return Discards(
        story=_read_categories(path, data, "story"),
        sentence=_read_categories(path, data, "sentence"),
        issues=_read_categories(path, data, "issues"),
        threshold=int(data.get("threshold", 3)),
    )


@functools.lru_cache(maxsize=1)
def load_builtin_discards() -> Discards:
    path = Path(str(resources.files("tacitus.dictionaries") / "data" / "discards.yaml"))
    return read_discards_yaml(path)
