"""Code a stream of inputs on this machine, in batches, optionally over several processes.

Failures (inputs that could not be read) pass straight through, so a caller sees every
input exactly once: as a Coding or as an InputFailure. An article that breaks the coder
becomes an InputFailure too, instead of ending the batch.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from itertools import islice

from ..model import Article, Coding, InputFailure
from ..nlp import load

log = logging.getLogger(__name__)


def code_stream(
    pipeline,
    items: Iterable[Article | InputFailure],
    *,
    batch_size: int = 16,
    workers: int = 1,
    progress: bool = False,
    fast: bool = False,
) -> Iterator[Coding | InputFailure]:
    """Code every Article of `items`; yield Codings and InputFailures as they come.

    `workers` > 1 parses with spaCy's multiprocessing (``nlp.pipe(n_process=…)``); `fast`
    parses only the sentences that can yield an event (see :mod:`tacitus.run.fastpath`).
    """
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="coding", unit="article", file=sys.stderr, dynamic_ncols=True)
    nlp = load(pipeline.model)
    prepare = _fast_texts(pipeline, nlp) if fast else None
    iterator = iter(items)
    chunk_size = max(1, batch_size) * max(1, workers) * 4
    try:
        while True:
            chunk = list(islice(iterator, chunk_size))
            if not chunk:
                break
            articles = [x for x in chunk if isinstance(x, Article)]
            for failure in (x for x in chunk if isinstance(x, InputFailure)):
                if bar is not None:
                    bar.update(1)
                yield failure
            texts = (prepare(a.text) for a in articles) if prepare else (a.text for a in articles)
            docs = nlp.pipe(texts, batch_size=batch_size, n_process=max(1, workers))
            for article, doc in zip(articles, docs, strict=True):
                try:
                    result: Coding | InputFailure = pipeline.code_doc(article, doc)
                except Exception as exc:  # one bad article must not end the batch
                    log.exception("coding %s failed", article.id)
                    result = InputFailure(article.source or article.id, "coding failed", repr(exc))
                if bar is not None:
                    bar.update(1)
                yield result
    finally:
        if bar is not None:
            bar.close()


def _fast_texts(pipeline, nlp):
    """A function text → the text with non-candidate sentences blanked (same length)."""
    from .fastpath import Prefilter

    prefilter = Prefilter.from_pipeline(pipeline, nlp)
    return lambda text: prefilter.mask(text)[0]
