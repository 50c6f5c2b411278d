"""The cue lexicon: verbs, nouns, adjectives and phrases that tie a source to a content."""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import numpy
import yaml

from ..errors import DictionaryError

log = logging.getLogger(__name__)


CUE_KINDS = ("speech", "report", "belief", "intention", "stance")


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue verb or phrase and how its arguments map to source and content."""

    lemma: str
    kind: str
    forms: frozenset[str] = frozenset()
    addressee_object: bool = False  # "told reporters that …": the object is not content
    clause_only: bool = False  # "found that …" is a finding, "found a way" is not
    preps: frozenset[str] = frozenset()  # "called for X": X is content
    quotations_only: bool = False  # "…," she continued: a cue only beside a quotation
    subject_content: bool = False  # "X seems to be Y": the subject belongs to the content


@dataclass(frozen=True)
class CueLexicon:
    """The cue verbs (by lemma and by form), nouns, adjectives, multi-word cues, and the
    head nouns of anonymous sources."""

    verbs: Mapping[str, Cue]
    forms: Mapping[str, Cue]
    phrases: Mapping[tuple[str, ...], Cue]
    anonymous: frozenset[str]
    nouns: Mapping[str, Cue] = field(default_factory=lambda: MappingProxyType({}))
    adjectives: Mapping[str, Cue] = field(default_factory=lambda: MappingProxyType({}))
    documents: Mapping[str, Cue] = field(default_factory=lambda: MappingProxyType({}))

    @functools.cached_property
    def phrase_starts(self) -> frozenset[str]:
        return frozenset(words[0] for words in self.phrases)

    @functools.cached_property
    def phrase_seconds(self) -> frozenset[str]:
        return frozenset(words[1] for words in self.phrases if len(words) > 1)

    @functools.cached_property
    def longest_phrase(self) -> int:
        return max((len(words) for words in self.phrases), default=0)

    @functools.cached_property
    def hashes(self) -> numpy.ndarray:
        """Sorted spaCy string hashes of the cue nouns, adjectives and document nouns."""
        return _hashes(set(self.nouns) | set(self.adjectives) | set(self.documents))

    @functools.cached_property
    def verb_hashes(self) -> numpy.ndarray:
        """Sorted hashes of the cue verbs' lemmas and forms (cues only as verbs)."""
        return _hashes(set(self.verbs) | set(self.forms))

    @functools.cached_property
    def phrase_hashes(self) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Sorted hashes of the first and of the second words of the phrases."""
        return _hashes(self.phrase_starts), _hashes(self.phrase_seconds)

    def __len__(self) -> int:
        return len(self.verbs) + len(self.phrases) + len(self.nouns) + len(self.adjectives) \
            + len(self.documents)

    def verb(self, token) -> Cue | None:
        """The cue for a verb token, by lemma, else by surface form (lemmatizer slips)."""
        return self.verbs.get(token.lemma_.lower()) or self.forms.get(token.lower_)


def _hashes(words) -> numpy.ndarray:
    from spacy.strings import hash_string

    return numpy.array(sorted({hash_string(w) for w in words}), dtype=numpy.uint64)


def member(values: numpy.ndarray, hashes: numpy.ndarray) -> numpy.ndarray:
    """Which of `values` are among the sorted `hashes` (a vectorised set lookup)."""
    if not len(hashes):
        return numpy.zeros(values.shape, dtype=bool)
    at = numpy.minimum(numpy.searchsorted(hashes, values), len(hashes) - 1)
    return hashes[at] == values


def _read_entry(path: str, lemma: str, entry: object, *, default_kind: str | None = None) -> Cue:
    """One lexicon entry (verb, noun or adjective), checked."""
    if entry is None and default_kind is not None:
        entry = {}
    if not isinstance(entry, dict) or entry.get("kind", default_kind) not in CUE_KINDS:
        raise DictionaryError(path, None, f"cue {lemma!r}: kind must be one of {CUE_KINDS}")
    obj = entry.get("object", "content")
    if obj not in ("content", "addressee", "clause"):
        raise DictionaryError(path, None,
                              f"cue {lemma!r}: object must be content, addressee or clause")
    if entry.get("subject", "source") not in ("source", "content"):
        raise DictionaryError(path, None, f"cue {lemma!r}: subject must be source or content")
    only = entry.get("only")
    if only not in (None, "quotations"):
        raise DictionaryError(path, None, f"cue {lemma!r}: only may be 'quotations'")
    preps = _word_list(path, lemma, "preps", entry.get("preps"))
    forms = _word_list(path, lemma, "forms", entry.get("forms")) or [lemma]
    return Cue(
        lemma=lemma,
        kind=entry.get("kind", default_kind),
        forms=frozenset(str(f).lower() for f in forms),
        addressee_object=obj == "addressee",
        clause_only=obj == "clause",
        preps=frozenset(p.lower() for p in preps),
        quotations_only=only == "quotations",
        subject_content=entry.get("subject") == "content",
    )


def _word_list(path: str, lemma: str, key: str, value: object) -> list[str]:
    """A list of words of an entry (`preps:`, `forms:`): one word or a list of them. Bare
    on, off, yes and no are booleans in YAML, so a list holding one is refused rather than
    read as the word "true"; a single string is one word, not its letters."""
    if value is None:
        return []
    words = [value] if isinstance(value, str) else value
    if not isinstance(words, list) or any(not isinstance(w, str) for w in words):
        raise DictionaryError(path, None, f"cue {lemma!r}: {key} must be words (write \"on\" "
                                          "in quotes: bare on, off, yes, no are booleans in YAML)")
    return words


def _section(path: str, data: dict, name: str) -> dict[str, Cue]:
    """The entries of an optional section, keyed by lower-case lemma."""
    section = data.get(name) or {}
    if not isinstance(section, dict):
        raise DictionaryError(path, None, f"section {name!r} must be a mapping")
    return {str(k).lower(): _read_entry(path, str(k), v, default_kind="speech")
            for k, v in section.items()}


@functools.lru_cache(maxsize=8)
def load_cues(path: str | Path | None = None) -> CueLexicon:
    """Load a cue lexicon (the built-in ``cues.yaml`` by default); cached per path.

    Raises DictionaryError when the file is missing, is not YAML, or an entry is malformed.
    """
    if path is None:
        source = resources.files("tacitus.dictionaries") / "data" / "cues.yaml"
        name, text = "cues.yaml", source.read_text(encoding="utf-8")
    else:
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise DictionaryError(name, None, f"cannot read the cue lexicon: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise DictionaryError(name, None if line is None else line + 1, str(exc)) from exc
    if not isinstance(data, dict) or not isinstance(data.get("verbs"), dict):
        raise DictionaryError(name, None, "expected a mapping with a 'verbs' section")
    verbs = {str(k).lower(): _read_entry(name, str(k), v) for k, v in data["verbs"].items()}
    forms: dict[str, Cue] = {}
    for cue in verbs.values():
        for form in cue.forms:
            forms.setdefault(form, cue)
    phrases = {
        tuple(str(k).lower().split()): Cue(lemma=str(k), kind=(v or {}).get("kind", "speech"))
        for k, v in (data.get("phrases") or {}).items()
    }
    nouns, adjectives = _section(name, data, "nouns"), _section(name, data, "adjectives")
    documents = _section(name, data, "documents")
    anonymous = frozenset(str(w).lower() for w in data.get("anonymous") or ())
    log.debug("loaded %d cue verbs, %d nouns, %d adjectives and %d phrases from %s",
              len(verbs), len(nouns), len(adjectives), len(phrases), name)
    return CueLexicon(MappingProxyType(verbs), MappingProxyType(forms),
                      MappingProxyType(phrases), anonymous, MappingProxyType(nouns),
                      MappingProxyType(adjectives), MappingProxyType(documents))
