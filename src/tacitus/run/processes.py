"""Code on several local processes, each parsing *and* coding its share of the articles.

spaCy's own ``nlp.pipe(n_process=N)`` parses in N processes but sends every Doc back to
the calling process, which must deserialise it and then run all of Tacitus's coding alone:
on two cores that is three busy processes, and the Doc round trip costs as much as a
stage. Here each worker process parses a chunk of articles and codes it, and sends back
only the Codings; the calling process reads inputs and stores results meanwhile.

Workers are forked from the calling process, so they share the loaded model, dictionaries
and gazetteer pages with it (copy-on-write) and start at once. Each has its own task queue
holding at most ``AHEAD`` chunks, and sends its results back through its own pipe, in
order, so the oldest chunk still out is always the one it is working on. A worker that
dies (killed, out of memory, a crash in native code) turns that chunk into failures, one
per article, and is replaced; the chunks queued behind it go to the replacement.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from ..model import Article, Coding, InputFailure

log = logging.getLogger(__name__)

AHEAD = 2  # chunks queued per worker: the next one is waiting when a worker finishes
Result = Coding | InputFailure


def fork_available() -> bool:
    """Whether worker processes can be forked here (Linux, macOS; not Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _work(pipeline, fast: bool, batch_size: int, tasks, results: Connection) -> None:
    """A worker's loop: code each chunk of articles from `tasks` until None arrives."""
    from .local import code_stream

    while (articles := tasks.get()) is not None:
        results.send(list(code_stream(pipeline, articles, batch_size=batch_size, fast=fast)))
    results.close()


@dataclass(eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    tasks: object  # multiprocessing Queue of chunks
    results: Connection
    out: list[tuple[int, list[Article]]] = field(default_factory=list)  # chunks sent, oldest first


def _start(context, pipeline, fast: bool, batch_size: int) -> _Worker:
    tasks = context.Queue()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_work, args=(pipeline, fast, batch_size, tasks, send), daemon=True,
                              name="tacitus-coder")
    process.start()
    send.close()  # the worker holds the sending end: its death closes the pipe
    return _Worker(process, tasks, receive)


def _stop(worker: _Worker) -> None:
    try:
        worker.tasks.put(None)
        worker.process.join(timeout=5)
    finally:
        if worker.process.is_alive():
            worker.process.terminate()
            worker.process.join(timeout=5)
        worker.tasks.close()
        worker.tasks.cancel_join_thread()
        worker.results.close()


def _numbered(items: Iterable[Article | InputFailure], size: int) -> Iterator[tuple[int, list, bool]]:
    """(sequence number, items, needs coding): runs of up to `size` articles, and each
    failure on its own, numbered in input order."""
    seq = 0
    chunk: list[Article] = []
    for item in items:
        if isinstance(item, InputFailure):
            if chunk:
                yield seq, chunk, True
                seq, chunk = seq + 1, []
            yield seq, [item], False
            seq += 1
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield seq, chunk, True
            seq, chunk = seq + 1, []
    if chunk:
        yield seq, chunk, True


def _died(worker: _Worker) -> list[Result]:
    """Failures for the chunk a dead worker was coding."""
    worker.process.join(timeout=5)
    _, articles = worker.out.pop(0)
    reason = f"coding failed: worker process died (exit code {worker.process.exitcode})"
    log.error("%s; %d articles of its chunk recorded as failures", reason, len(articles))
    return [InputFailure(a.source or a.id, "coding failed", reason) for a in articles]


WARM_UP = "Russia's foreign minister met U.S. officials in Geneva on Monday, the ministry said."


def _warm_up(pipeline) -> None:
    """Code one sentence here, so the model and every lazily built table (gazetteer,
    lexicons) exist before the fork and are shared by all workers instead of built in each."""
    from ..nlp import load

    nlp = load(pipeline.model)
    pipeline.code_doc(Article(id="warm-up", text=WARM_UP), nlp(WARM_UP))


def code_in_processes(pipeline, items: Iterable[Article | InputFailure], *, workers: int,
                      batch_size: int = 16, fast: bool = False) -> Iterator[Result]:
    """Code every Article of `items` on `workers` forked processes; yield a Coding or an
    InputFailure per input, in input order."""
    _warm_up(pipeline)
    context = multiprocessing.get_context("fork")
    pool = [_start(context, pipeline, fast, batch_size) for _ in range(max(1, workers))]
    chunks = _numbered(items, max(1, batch_size))
    finished: dict[int, list[Result]] = {}
    next_out, exhausted = 0, False
    try:
        while True:
            exhausted = exhausted or _dispatch(pool, chunks, finished)
            while next_out in finished:
                yield from finished.pop(next_out)
                next_out += 1
            busy = [w for w in pool if w.out]
            if not busy:
                if exhausted:
                    return
                continue
            for conn in wait([w.results for w in busy]):
                worker = next(w for w in busy if w.results is conn)
                _receive(worker, finished, pool, context, pipeline, fast, batch_size)
    finally:
        for worker in pool:
            _stop(worker)


def _dispatch(pool: list[_Worker], chunks: Iterator, finished: dict[int, list[Result]]) -> bool:
    """Queue chunks until every worker has AHEAD of them (failures go straight to
    `finished`); True when the input is exhausted."""
    while True:
        worker = min(pool, key=lambda w: len(w.out))
        if len(worker.out) >= AHEAD:
            return False
        found = next(chunks, None)
        if found is None:
            return True
        seq, chunk, needs_coding = found
        if needs_coding:
            worker.tasks.put(chunk)
            worker.out.append((seq, chunk))
        else:
            finished[seq] = chunk


def _receive(worker: _Worker, finished: dict, pool: list[_Worker], context, pipeline, fast: bool,
             batch_size: int) -> None:
    """Take one result from a worker; replace the worker if it died, requeueing its chunks."""
    try:
        results = worker.results.recv()
    except (EOFError, OSError):
        seq = worker.out[0][0]
        finished[seq] = _died(worker)
        replacement = _start(context, pipeline, fast, batch_size)
        for seq, chunk in worker.out:
            replacement.tasks.put(chunk)
            replacement.out.append((seq, chunk))
        pool[pool.index(worker)] = replacement
        _stop(worker)
        return
    seq, _ = worker.out.pop(0)
    finished[seq] = results
