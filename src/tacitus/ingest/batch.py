"""Ingest a stream of inputs into the store: every input ends as a stored article (coded,
discarded, skipped for its language, or already there) or as a stored failure.

Already-stored articles are recognised by content hash *before* parsing, so re-running an
interrupted batch costs little more than reading the inputs again. Codings are written
``WRITE_BATCH`` at a time, each batch in one transaction (a commit per article cost more
than its rows), so an interruption never leaves half an article behind and loses at most
the codings of one batch, which the next run codes again.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice

from ..model import Article, Coding, InputFailure
from ..store import Store
from .language import detect_language, is_english
from .readers import Item

log = logging.getLogger(__name__)

CHUNK = 256  # inputs checked against the store per query
WRITE_BATCH = 32  # codings written per transaction


@dataclass
class IngestSummary:
    """What became of the inputs of one ingest run."""

    inputs: int = 0
    stored: int = 0  # new articles written (coded, discarded or skipped)
    duplicates: int = 0  # content already stored, or repeated within the run
    skipped: int = 0  # stored uncoded: not English
    discarded: int = 0  # stored uncoded: a discard rule matched (sports, weather …)
    failures: int = 0
    events: int = 0

    def line(self) -> str:
        return (
            f"{self.inputs} inputs: {self.stored} articles stored ({self.events} events), "
            f"{self.duplicates} duplicates, {self.skipped} skipped for language, "
            f"{self.discarded} discarded, {self.failures} failures"
        )


def _new_articles(items: Iterable[Item], store: Store, summary: IngestSummary, bar,
                  detect: bool) -> Iterator[Item]:
    """Pass on failures and the articles still to code; record duplicates and other languages."""
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        seen: set[str] = set()  # repeats across chunks are caught by the store itself
        known = store.known_hashes(x.content_hash for x in chunk if isinstance(x, Article))
        for item in chunk:
            summary.inputs += 1
            if isinstance(item, InputFailure):
                yield item
                continue
            digest = item.content_hash
            if digest in known or digest in seen:
                summary.duplicates += 1
                _tick(bar)
                continue
            seen.add(digest)
            language = item.language or (detect_language(item.text) if detect else None)
            item = replace(item, language=language)
            if not is_english(language):
                if store.add_skipped(item, f"language {language}") is None:
                    summary.duplicates += 1
                else:
                    summary.stored += 1
                    summary.skipped += 1
                _tick(bar)
                continue
            yield item


def _tick(bar) -> None:
    if bar is not None:
        bar.update(1)


def store_failure(store: Store, failure: InputFailure, summary: IngestSummary) -> None:
    store.add_failure(failure)
    summary.failures += 1
    log.info("%s: %s", failure.source, failure.reason)


def store_codings(store: Store, codings: list[Coding], summary: IngestSummary) -> None:
    """Write codings in one transaction and count them."""
    for coding, article_id in zip(codings, store.add_codings(codings), strict=True):
        if article_id is None:
            summary.duplicates += 1
            continue
        summary.stored += 1
        summary.events += len(coding.events)
        if coding.discarded:
            summary.discarded += 1


def ingest(
    items: Iterable[Item],
    store: Store,
    pipeline,
    *,
    batch_size: int = 16,
    workers: int = 1,
    progress: bool = False,
    detect: bool = True,
    fast: bool = False,
) -> IngestSummary:
    """Code and store every article of `items`; store every failure. Returns the counts."""
    from ..run.local import code_stream

    summary = IngestSummary()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(desc="ingest", unit="article", file=sys.stderr, dynamic_ncols=True)
    pending: list[Coding] = []
    try:
        todo = _new_articles(items, store, summary, bar, detect)
        for result in code_stream(pipeline, todo, batch_size=batch_size, workers=workers, fast=fast):
            if isinstance(result, InputFailure):
                store_failure(store, result, summary)
            else:
                pending.append(result)
            if len(pending) >= WRITE_BATCH:
                store_codings(store, pending, summary)
                pending.clear()
            _tick(bar)
            if bar is not None:
                bar.set_postfix(stored=summary.stored, events=summary.events, failed=summary.failures,
                                refresh=False)
        store_codings(store, pending, summary)
    finally:
        if bar is not None:
            bar.close()
    return summary
