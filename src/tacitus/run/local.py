"""Code a stream of inputs on this machine, in batches, optionally over several processes.

Failures (inputs that could not be read) pass straight through, so a caller sees every
input exactly once, in input order: as a Coding or as an InputFailure. An article that
breaks the coder becomes an InputFailure too, instead of ending the batch.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from itertools import islice

from ..model import Article, Coding, InputFailure
from ..nlp import load
from .processes import code_in_processes, fork_available

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
    """Code every Article of `items`; yield a Coding or an InputFailure per input, in order.

    `workers` > 1 codes on that many forked processes, each parsing and coding its share
    (see :mod:`tacitus.run.processes`; where fork is missing, spaCy's ``n_process`` parses
    and this process codes); `fast` parses only the sentences that can yield an event (see
    :mod:`tacitus.run.fastpath`).
    """
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="coding", unit="article", file=sys.stderr, dynamic_ncols=True)
    if workers > 1 and fork_available():
        results = code_in_processes(pipeline, items, workers=workers, batch_size=batch_size, fast=fast)
    else:
        results = _code_here(pipeline, items, batch_size=batch_size, n_process=max(1, workers), fast=fast)
    try:
        for result in results:
            if bar is not None:
                bar.update(1)
            yield result
    finally:
        if bar is not None:
            bar.close()


def _code_here(pipeline, items: Iterable[Article | InputFailure], *, batch_size: int, n_process: int,
               fast: bool) -> Iterator[Coding | InputFailure]:
    """Code in this process (spaCy may parse on `n_process` processes), in input order."""
    nlp = load(pipeline.model)
    parse = _fast_parse(pipeline, nlp) if fast else nlp.pipe
    iterator = iter(items)
    while chunk := list(islice(iterator, max(1, batch_size) * n_process * 4)):
        articles = [x for x in chunk if isinstance(x, Article)]
        docs = iter(parse((a.text for a in articles), batch_size=batch_size, n_process=n_process))
        for item in chunk:
            yield item if isinstance(item, InputFailure) else _code_one(pipeline, item, next(docs))


def _code_one(pipeline, article: Article, doc) -> Coding | InputFailure:
    """The article's coding, or a failure if the coder broke on it (one bad article must
    not end the batch)."""
    try:
        return pipeline.code_doc(article, doc)
    except Exception as exc:
        log.exception("coding %s failed", article.id)
        return InputFailure(article.source or article.id, "coding failed", repr(exc))


def _fast_parse(pipeline, nlp):
    """A function like ``nlp.pipe`` that parses only what the fast path keeps (the Docs
    have the text with non-candidate sentences blanked: same length, same offsets)."""
    from functools import partial

    return partial(pipeline.prefilter.parse, nlp)
