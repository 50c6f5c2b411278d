"""The model's rule-based pipes — attribute ruler and lemmatizer — run over arrays
instead of token by token, with the same results.

Attribute ruler.

The attribute ruler of ``en_core_web_sm`` maps fine tags to coarse parts of speech and
morphology and patches lemmas and a few dependency labels: 179 patterns, nearly all of one
token. spaCy runs them through its general ``Matcher``, which visits every pattern at every
token and calls a Python predicate for each ``IN``/``NOT_IN``/``REGEX`` test; measured on
news, that is 9–14% of the whole pipeline's time — more than the tagger and parser heads
together. :class:`ArrayAttributeRuler` finds the same matches with numpy comparisons over the
Doc's attribute columns (a pattern of n tokens is the conjunction of n shifted columns of
booleans) and writes the attributes back in one ``Doc.from_array``. ``nlp.pipe`` hands it a
batch of Docs at a time, matched as one column of tokens (no match across two Docs): the
loop over the patterns then runs once per batch, which halves the ruler's cost on news and
cuts it by two thirds on the fast path's short texts. The result is the same
Doc, attribute for attribute (``tests/test_pipes.py`` compares every token's part of speech,
morphology, lemma, dependency and tag with the stock ruler's on real news).

Patterns the array matcher does not understand (operators such as ``OP``, extension
attributes, fuzzy or subset predicates, attributes other than those in ``STRING_ATTRS`` and
``FLAG_ATTRS``) make the whole ruler fall back to spaCy's own ``Matcher``: one ruler, one
semantics.

Lemmatizer. spaCy's English rule lemmatizer builds a Token, reads its part of speech and
parses its morphology into a dict for every token, and caches only the words that need its
suffix rules (a singular noun or an infinitive is recomputed each time). Its result depends
on nothing but the word, the part of speech and the morphology, so
:class:`ArrayLemmatizer` keeps one lemma per (word, part of speech, morphology) — asking the
stock method the first time — and writes a Doc's lemmas at once. That first time is
itself costly in the stock rule: it looks each candidate form up in a list of the known
words of its part of speech (57,000 nouns), so the rule runs with those lists read as sets
(:meth:`ArrayLemmatizer.rule_lemmatize`; a fresh process lemmatises 200 articles in 0.45 s
instead of 2.8 s).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler

log = logging.getLogger(__name__)

FACTORY = "tacitus_attribute_ruler"
# Token attributes compared as string ids (read with Doc.to_array) and as boolean flags.
STRING_ATTRS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "LEMMA", "ENT_TYPE"})
FLAG_ATTRS = frozenset({"IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_TITLE", "IS_UPPER",
                        "IS_LOWER", "LIKE_NUM", "IS_STOP"})
_ALIASES = {"TEXT": "ORTH"}


@dataclass(frozen=True)
class Test:
    """One attribute test of one token of a pattern."""

    attr: str  # column name (after aliases)
    kind: str  # "eq", "in", "not_in", "regex"
    values: tuple = ()  # string ids / flag value, or the compiled regex (for "regex")


@dataclass(frozen=True)
class Compiled:
    """A pattern as tests per token, with the ruler entry (key) it belongs to."""

    key: int  # the ruler's entry number: later entries take precedence
    tokens: tuple[tuple[Test, ...], ...]
    index: int  # the token of the match that receives the attributes


def compile_token(spec: dict) -> tuple[Test, ...] | None:
    """The tests of one token's pattern dict, or None if it uses anything the array
    matcher does not do exactly as spaCy's Matcher does."""
    from spacy.strings import get_string_id

    tests = []
    for name, value in spec.items():
        attr = _ALIASES.get(name.upper(), name.upper())
        if attr in FLAG_ATTRS and isinstance(value, bool):
            tests.append(Test(attr, "eq", (int(value),)))
        elif attr not in STRING_ATTRS:
            return None
        elif isinstance(value, str):
            tests.append(Test(attr, "eq", (get_string_id(value),)))
        elif isinstance(value, dict) and len(value) == 1:
            (op, operand), = value.items()
            if op in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(v, str) for v in operand):
                tests.append(Test(attr, op.lower(), tuple(sorted({get_string_id(v) for v in operand}))))
            elif op == "REGEX" and isinstance(operand, str):
                tests.append(Test(attr, "regex", (re.compile(operand),)))
            else:
                return None
        else:
            return None
    return tuple(tests)


def compile_ruler(ruler: AttributeRuler) -> tuple[Compiled, ...] | None:
    """Every pattern of the ruler compiled, or None if one cannot be."""
    compiled = []
    for key, entry in enumerate(ruler.patterns):
        for pattern in entry["patterns"]:
            if not pattern or not all(isinstance(spec, dict) for spec in pattern):
                return None
            tokens = tuple(compile_token(spec) for spec in pattern)
            if any(t is None for t in tokens):
                return None
            compiled.append(Compiled(key, tokens, int(entry.get("index", 0))))
    return tuple(compiled)


class ArrayAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler whose matching runs over numpy columns (see the module
    docstring); it falls back to the stock Matcher when a pattern is beyond it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._compiled: tuple[Compiled, ...] | None = None
        self._writable = True  # every entry sets only attributes Doc.from_array writes
        self._stale = True  # patterns added since the last compilation
        self._regex: dict = {}  # (pattern, string id) → REGEX result, kept across Docs

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._stale = True

    def clear(self) -> None:
        super().clear()
        self._stale = True

    def __call__(self, doc):
        compiled = self._patterns()
        if compiled is None or not self._writable:
            return super().__call__(doc)
        try:
            self._apply([doc], compiled)
        except Exception as exc:  # as the stock ruler: the pipeline's error handler decides
            return self.get_error_handler()(self.name, self, [doc], exc)
        return doc

    def pipe(self, stream, *, batch_size: int = 128):
        """The Docs of each batch matched together, as one column of tokens: the loop over
        the ~180 patterns then runs once per batch instead of once per Doc, which on short
        texts (the fast path's) cost more than the comparisons themselves."""
        from spacy.util import minibatch

        compiled = self._patterns()
        if compiled is None or not self._writable:
            yield from super().pipe(stream, batch_size=batch_size)
            return
        for docs in minibatch(stream, size=batch_size):
            try:
                self._apply(docs, compiled)
            except Exception as exc:  # as the stock ruler: the pipeline's error handler decides
                self.get_error_handler()(self.name, self, docs, exc)
            yield from docs

    def match(self, doc):
        """The matches as the stock ruler's ``match`` gives them: (entry, match id, start,
        end), sorted so that later entries are applied last."""
        compiled = self._patterns()
        if compiled is None:
            return super().match(doc)
        strings = doc.vocab.strings
        found = {(p.key, start, start + len(p.tokens)) for p, starts in _hits([doc], compiled, self._regex)[0]
                 for start in starts.tolist()}
        return sorted((key, strings[str(key)], start, end) for key, start, end in found)

    def _apply(self, docs: list, compiled: tuple[Compiled, ...]) -> None:
        """Every match's attributes, later entries over earlier ones (the stock ruler
        applies matches sorted by entry), written with one ``Doc.from_array`` per Doc."""
        import numpy as np

        hits, bounds = _hits(docs, compiled, self._regex)
        writes = []
        for pattern, starts in hits:
            index = pattern.index
            if not -len(pattern.tokens) <= index < len(pattern.tokens):
                for doc in docs:  # spaCy reports it
                    super().set_annotations(doc, self.match(doc))
                return
            tokens = starts + (index if index >= 0 else len(pattern.tokens) + index)
            writes.append((tokens, self.attrs[pattern.key]))
        if not writes:
            return
        attrs = sorted({a for _, values in writes for a in values})
        column = {a: i for i, a in enumerate(attrs)}
        array = np.concatenate([doc.to_array(attrs).reshape(len(doc), len(attrs)) for doc in docs]).astype(np.uint64)
        for tokens, values in writes:  # in entry order: a later entry overwrites
            for attr, value in values.items():
                array[tokens, column[attr]] = value
        for doc, low, high in zip(docs, bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            if high > low:
                doc.from_array(attrs, array[low:high])

    def _patterns(self) -> tuple[Compiled, ...] | None:
        if self._stale:
            self._compiled = compile_ruler(self)
            self._writable = all(a in _WRITABLE for entry in self.attrs for a in entry)
            self._stale = False
            if self._compiled is None:
                log.debug("attribute ruler: a pattern needs spaCy's Matcher; using it for all")
        return self._compiled


def _writable() -> frozenset[int]:
    from spacy.attrs import DEP, LEMMA, MORPH, NORM, POS, TAG

    return frozenset({DEP, LEMMA, MORPH, NORM, POS, TAG})


_WRITABLE = _writable()


def _hits(docs: list, compiled: tuple[Compiled, ...], regex_cache: dict):
    """([(pattern, array of the token indices where a match of it starts)] for every pattern
    that matches somewhere, in the order of `compiled` (entry order); and the Docs' bounds).
    The Docs' tokens are read as one column, their indices counted through it (Doc k's
    tokens are bounds[k]:bounds[k + 1]); a match never runs from one Doc into the next."""
    import numpy as np

    bounds = np.cumsum([0, *(len(doc) for doc in docs)])
    n = int(bounds[-1])
    found_all: list = []
    if not n:
        return found_all, bounds
    columns, present = _columns(docs, compiled)
    strings = docs[0].vocab.strings
    results: dict[Test, object] = {}  # each distinct test computed once per batch
    for pattern in compiled:
        size = len(pattern.tokens)
        if size > n or any(t.kind == "eq" and t.values[0] not in present[t.attr]
                           for tests in pattern.tokens for t in tests):
            continue  # a value no Doc holds: no match, no array work
        hits = None
        for offset, tests in enumerate(pattern.tokens):
            for test in tests:
                found = results.get(test)
                if found is None:
                    found = results[test] = _evaluate(test, columns[test.attr], present[test.attr], strings,
                                                      regex_cache)
                window = found[offset : offset + n - size + 1]
                hits = window.copy() if hits is None else hits & window
            if hits is not None and not hits.any():
                break
        if hits is None:
            hits = np.ones(n - size + 1, dtype=bool)  # an empty dict matches any token
        starts = np.flatnonzero(hits)
        if size > 1 and len(docs) > 1 and len(starts):  # not across a boundary
            doc_of = np.searchsorted(bounds, starts, side="right")
            starts = starts[starts + size <= bounds[doc_of]]
        if len(starts):
            found_all.append((pattern, starts))
    return found_all, bounds


def _columns(docs: list, compiled) -> tuple[dict, dict]:
    """The Docs' columns the tests read (one column through all the Docs), and the set of
    values each holds."""
    import numpy as np
    from spacy.attrs import IDS

    names = sorted({test.attr for p in compiled for tests in p.tokens for test in tests})
    if not names:  # no patterns, or only empty dicts: Doc.to_array([]) would fail
        return {}, {}
    ids = [IDS[name] for name in names]
    array = np.concatenate([doc.to_array(ids).reshape(len(doc), len(names)) for doc in docs if len(doc)])
    columns = {name: array[:, i] for i, name in enumerate(names)}
    return columns, {name: set(column.tolist()) for name, column in columns.items()}


def _evaluate(test: Test, column, present: set, strings, regex_cache: dict):
    """The test's truth at every token (`present`: the values the column holds)."""
    import numpy as np

    if test.kind == "eq":
        return column == np.uint64(test.values[0])
    if test.kind in ("in", "not_in"):
        found = np.zeros(len(column), dtype=bool)
        for value in present.intersection(test.values):  # a few comparisons beat np.isin
            found |= column == np.uint64(value)
        return found if test.kind == "in" else ~found
    regex = test.values[0]
    values, inverse = np.unique(column, return_inverse=True)
    truth = []
    for value in values.tolist():  # each distinct word once, and once per process
        found = regex_cache.get((regex, value))
        if found is None:
            found = regex_cache[(regex, value)] = bool(regex.search(strings[value]))
        truth.append(found)
    return np.array(truth, dtype=bool)[inverse.reshape(-1)]


@Language.factory(FACTORY, default_config={"validate": False,
                                           "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}})
def make_array_attribute_ruler(nlp: Language, name: str, validate: bool, scorer) -> ArrayAttributeRuler:
    """The factory, with the stock ruler's defaults (its scorer too: ``nlp.evaluate``
    scores part of speech, morphology and lemmas through the ruler)."""
    return ArrayAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def use_array_ruler(nlp: Language, name: str = "attribute_ruler") -> None:
    """Replace the pipeline's attribute ruler by an ArrayAttributeRuler with the same
    patterns (same name, same place in the pipeline)."""
    if name not in nlp.pipe_names:
        return
    stock = nlp.get_pipe(name)
    if isinstance(stock, ArrayAttributeRuler) or not isinstance(stock, AttributeRuler):
        return
    patterns = stock.patterns
    ruler = nlp.replace_pipe(name, FACTORY)
    ruler.add_patterns(patterns)


# ---------------------------------------------------------------------------------------
# Lemmatizer
# ---------------------------------------------------------------------------------------


class ArrayLemmatizer(EnglishLemmatizer):
    """spaCy's English lemmatizer with one lemma kept per (word, part of speech,
    morphology) and a Doc's lemmas written at once (see the module docstring)."""

    def __call__(self, doc):
        from spacy.errors import Errors

        if not self._validated:
            self._validate_tables(Errors.E1004)
        try:
            _lemmatize(self, doc)
        except Exception as exc:  # as the stock lemmatizer: the error handler decides
            return self.get_error_handler()(self.name, self, [doc], exc)
        return doc

    def rule_lemmatize(self, token) -> list[str]:
        """spaCy's rule, run with its word index as sets. The rule asks, for each suffix
        rule that fits, whether the form it gives is a known word of that part of speech;
        the lookups hold those words as a list (thousands per part of speech), so each
        question was a scan of the list: about 0.2 ms per new word, most of a fresh
        process's lemmatizer time (2.8 s on 200 articles). Membership of a set is the same
        answer; the lookups themselves are left as they are (they serialise as lists)."""
        stock = self.lookups
        self.lookups = _index_as_sets(self, stock)
        try:
            return super().rule_lemmatize(token)
        finally:
            self.lookups = stock


def _index_as_sets(lemmatizer: EnglishLemmatizer, lookups):
    """`lookups` with its ``lemma_index`` table's word lists as frozensets (built once per
    lookups object, kept on the lemmatizer)."""
    from spacy.lookups import Lookups, Table

    kept = lemmatizer.__dict__.get("_index_sets")
    if kept is not None and kept[0] is lookups:
        return kept[1]
    indexed = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            sets = Table(name=name)
            for key, forms in table.items():  # keys are already string ids
                sets[key] = frozenset(forms)
            table = sets
        indexed.set_table(name, table)
    lemmatizer.__dict__["_index_sets"] = (lookups, indexed)
    return indexed


def _lemmatize(lemmatizer: EnglishLemmatizer, doc) -> None:
    import numpy as np
    from spacy.attrs import LEMMA, MORPH, ORTH, POS

    if not len(doc):
        return
    cache = lemmatizer.__dict__.setdefault("_array_cache", {})  # (orth, pos, morph) → lemma id
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
    lemmas = np.array([row[3] for row in rows], dtype=np.uint64)
    for i, (orth, pos, morph, lemma) in enumerate(rows):
        if lemma and not lemmatizer.overwrite:
            continue  # set by the attribute ruler: kept, as the stock lemmatizer keeps it
        found = cache.get((orth, pos, morph))
        if found is None:
            found = cache[(orth, pos, morph)] = strings.add(lemmatizer.lemmatize(doc[i])[0])
        lemmas[i] = found
    doc.from_array([LEMMA], lemmas)


def use_array_lemmatizer(nlp: Language, name: str = "lemmatizer") -> None:
    """Make the pipeline's English rule lemmatizer an ArrayLemmatizer (in place: the
    component keeps its tables, name and place)."""
    if name not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe(name)
    if type(lemmatizer) is EnglishLemmatizer and lemmatizer.mode == "rule":
        lemmatizer.__class__ = ArrayLemmatizer
        lemmatizer.lemmatize = lemmatizer.rule_lemmatize  # bound at init to the stock class's


def use_array_pipes(nlp: Language) -> None:
    """The attribute ruler and the lemmatizer over arrays (see the module docstring)."""
    use_array_ruler(nlp)
    use_array_lemmatizer(nlp)
