"""Code a corpus on a Dask distributed cluster and write the results as Parquet partitions.

The client reads the inputs (so workers need not see the input files), cuts the articles
into partitions of ``partition_size`` and sends each partition to a worker. A worker builds
the pipeline once per process (``default_pipeline`` is cached) and codes its partition; the
client writes what comes back to ``OUT/part-NNNNN.parquet`` (via a temporary file and a
rename, so a partition file is either complete or absent). A re-run skips partitions that
already exist. ``load_partitions`` then merges the partitions, in order, into a store.

Each partition row is one input: ``kind`` is "coding" (``coding`` holds the JSON output
contract, ``text`` the article text), "skipped" (not English) or "failure".
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..model import Article, Coding, InputFailure

log = logging.getLogger(__name__)

PARTITION_COLUMNS = ("kind", "seq", "source", "reason", "detail", "status", "text", "coding")


@dataclass
class RunSummary:
    partitions: int = 0
    skipped_partitions: int = 0  # already written by an earlier run
    articles: int = 0
    failures: int = 0
    events: int = 0

    def line(self) -> str:
        return (f"{self.partitions} partitions written ({self.skipped_partitions} already there): "
                f"{self.articles} articles coded or skipped, {self.events} events, {self.failures} failures")


def _row(kind: str, seq: int, **values: Any) -> dict[str, Any]:
    row = dict.fromkeys(PARTITION_COLUMNS)
    row.update(kind=kind, seq=seq, **values)
    return row


def failure_row(seq: int, failure: InputFailure) -> dict[str, Any]:
    return _row("failure", seq, source=failure.source, reason=failure.reason, detail=failure.detail)


def code_partition(articles: list[Article], fast: bool = False, detect: bool = True,
                   batch_size: int = 16) -> list[dict[str, Any]]:
    """Code one partition on a worker: one row per article (coding, skipped or failure)."""
    from ..ingest.language import detect_language, is_english
    from ..pipeline import default_pipeline
    from ..serialize import coding_to_dict
    from .local import code_stream

    pipeline = default_pipeline()  # built once per worker process, then cached
    out: list[dict[str, Any]] = []
    todo: list[Article] = []
    for article in articles:
        language = article.language or (detect_language(article.text) if detect else None)
        article = replace(article, language=language)
        if is_english(language):
            todo.append(article)
        else:
            out.append(_row("skipped", 0, source=article.source, status=f"skipped: language {language}",
                            text=article.text, coding=json.dumps(coding_to_dict(Coding(article=article)))))
    for result in code_stream(pipeline, todo, batch_size=batch_size, fast=fast):
        if isinstance(result, InputFailure):
            out.append(failure_row(0, result))
        else:
            out.append(_row("coding", 0, source=result.article.source, text=result.article.text,
                            status=f"discarded: {result.discarded}" if result.discarded else "coded",
                            coding=json.dumps(coding_to_dict(result), ensure_ascii=False)))
    return out


def _partitions(items: Iterable[Article | InputFailure], size: int) -> Iterator[tuple[list[Article], list[InputFailure]]]:
    articles: list[Article] = []
    failures: list[InputFailure] = []
    for item in items:
        if isinstance(item, InputFailure):
            failures.append(item)
        else:
            articles.append(item)
        if len(articles) >= size:
            yield articles, failures
            articles, failures = [], []
    if articles or failures:
        yield articles, failures


def write_partition(path: Path, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for seq, row in enumerate(rows):
        row["seq"] = seq
    schema = pa.schema([("kind", pa.string()), ("seq", pa.int64()), ("source", pa.string()),
                        ("reason", pa.string()), ("detail", pa.string()), ("status", pa.string()),
                        ("text", pa.string()), ("coding", pa.string())])
    table = pa.Table.from_pylist(rows, schema=schema)
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, str(tmp))
    tmp.replace(path)


def run_on_cluster(items: Iterable[Article | InputFailure], out_dir: str | Path, client, *,
                   partition_size: int = 200, fast: bool = False, detect: bool = True,
                   progress: bool = False) -> RunSummary:
    """Code `items` on the Dask cluster of `client`; write one Parquet file per partition."""
    from distributed import as_completed

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = RunSummary()
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = 2 * workers  # partitions in flight: bounds the client's memory
    pending = None  # as_completed over the partitions in flight (made on the first submit)
    inputs: dict[Any, tuple[Path, list[Article], list[InputFailure]]] = {}
    bar = _bar(progress)

    def finish(future) -> None:
        path, articles, failures = inputs.pop(future)
        try:
            rows = future.result()
        except Exception as exc:  # a worker died or raised: the partition's articles fail, the run goes on
            log.error("partition %s failed: %r", path.name, exc)
            rows = [failure_row(0, InputFailure(a.source or a.id, "coding failed on the cluster", repr(exc)))
                    for a in articles]
        rows = [failure_row(0, f) for f in failures] + rows
        write_partition(path, rows)
        _count(summary, rows)
        if bar is not None:
            bar.update(len(rows))

    for number, (articles, failures) in enumerate(_partitions(items, partition_size)):
        path = out / f"part-{number:05d}.parquet"
        if path.exists():
            summary.skipped_partitions += 1
            continue
        future = client.submit(code_partition, articles, fast, detect, pure=False)
        inputs[future] = (path, articles, failures)
        if pending is None:
            pending = as_completed([future])
        else:
            pending.add(future)
        while pending.count() >= window:
            finish(next(pending))
    for future in pending or ():
        finish(future)
    if bar is not None:
        bar.close()
    return summary


def _count(summary: RunSummary, rows: list[dict[str, Any]]) -> None:
    summary.partitions += 1
    for row in rows:
        if row["kind"] == "failure":
            summary.failures += 1
        else:
            summary.articles += 1
            if row["kind"] == "coding":
                summary.events += len(json.loads(row["coding"]).get("events", ()))


def _bar(progress: bool):
    if not progress:
        return None
    import sys

    from tqdm import tqdm

    return tqdm(desc="cluster", unit="input", file=sys.stderr, dynamic_ncols=True)


def read_partitions(out_dir: str | Path) -> Iterator[Coding | tuple[Article, str] | InputFailure]:
    """The rows of every partition, in partition order: Codings, (article, skip reason), failures."""
    import pyarrow.parquet as pq

    from ..serialize import coding_from_dict

    paths = sorted(Path(out_dir).glob("part-*.parquet"))
    for path in paths:
        for row in pq.read_table(str(path)).to_pylist():
            if row["kind"] == "failure":
                yield InputFailure(row["source"] or path.name, row["reason"] or "failed", row["detail"])
                continue
            coding = coding_from_dict(json.loads(row["coding"]), text=row["text"])
            if row["kind"] == "skipped":
                yield coding.article, row["status"].removeprefix("skipped: ")
            else:
                yield coding


def load_partitions(out_dir: str | Path, store):
    """Merge the partitions of a cluster run into a store (duplicates are stored once)."""
    from ..ingest.batch import WRITE_BATCH, IngestSummary, store_codings, store_failure

    summary = IngestSummary()
    pending: list[Coding] = []
    for item in read_partitions(out_dir):
        summary.inputs += 1
        if isinstance(item, tuple):
            article, reason = item
            if store.add_skipped(article, reason) is None:
                summary.duplicates += 1
            else:
                summary.stored += 1
                summary.skipped += 1
        elif isinstance(item, InputFailure):
            store_failure(store, item, summary)
        else:
            pending.append(item)  # codings go in WRITE_BATCH at a time, a transaction each
            if len(pending) >= WRITE_BATCH:
                store_codings(store, pending, summary)
                pending.clear()
    store_codings(store, pending, summary)
    return summary
