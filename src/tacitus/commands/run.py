"""`tacitus run --cluster tcp://HOST:8786 PATH... --out DIR`: code on a Dask cluster."""

from __future__ import annotations

import argparse

from .common import add_progress_flag, iso_date, progress_enabled


def register(sub) -> None:
    p = sub.add_parser(
        "run", help="code a corpus on a Dask cluster into Parquet partitions",
        description="Read the inputs here, code them on the workers of a Dask distributed "
        "cluster (each worker loads the model once), and write one Parquet partition per "
        "batch of articles to --out. Merge them into a database with `tacitus load DIR --db …`. "
        "Without --cluster, a local cluster of --workers processes is started. A re-run skips "
        "partitions already written. Workers use the built-in dictionaries.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--out", required=True, metavar="DIR", help="directory for the Parquet partitions")
    p.add_argument("--cluster", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--workers", type=int, default=2, help="local worker processes when no --cluster (default 2)")
    p.add_argument("--partition-size", type=int, default=200, help="articles per partition (default 200)")
    p.add_argument("--date", type=iso_date, help="publication date YYYY-MM-DD (overrides the input's)")
    p.add_argument("--columns", metavar="MAP", help="JSONL/CSV field mapping, e.g. text=body,date=published")
    p.add_argument("--max-bytes", type=int, default=None, help="largest article accepted")
    p.add_argument("--fast", action="store_true", help="parse only sentences that can yield an event")
    add_progress_flag(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from distributed import Client, LocalCluster

    from .. import config
    from ..ingest.readers import ReadOptions, parse_columns, read_inputs
    from ..run.dask import run_on_cluster

    options = ReadOptions(max_bytes=config.get("max_bytes", args.max_bytes), date=args.date,
                          columns=parse_columns(args.columns))
    if args.cluster:
        client = Client(args.cluster)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        summary = run_on_cluster(read_inputs(args.paths, options), args.out, client,
                                 partition_size=args.partition_size, fast=args.fast,
                                 progress=progress_enabled(args))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print(summary.line())
    print(f"next: tacitus load {args.out} --db tacitus.db")
    return 0
