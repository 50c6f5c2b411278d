"""`tacitus load DIR --db …`: merge the Parquet partitions of `tacitus run` into a database."""

from __future__ import annotations

import argparse
from pathlib import Path

from .storeflags import add_db_flag, open_db


def register(sub) -> None:
    p = sub.add_parser("load", help="merge Parquet partitions of `tacitus run` into a database",
                       description="Store every partition of a cluster run, in order: codings, "
                       "articles skipped for their language, and failures. Articles already in "
                       "the database are skipped, so loading twice is harmless.")
    p.add_argument("directory", metavar="DIR")
    add_db_flag(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..run.dask import load_partitions

    if not any(Path(args.directory).glob("part-*.parquet")):
        raise InputError(args.directory, "no partitions (part-*.parquet) to load", "run `tacitus run` first")
    with open_db(args) as store:
        summary = load_partitions(args.directory, store)
    print(summary.line())
    return 0
