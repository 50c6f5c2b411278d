"""`tacitus export --db … --format jsonl|csv|parquet|gdelt OUT`: write a database out."""

from __future__ import annotations

import argparse
import sys

from .storeflags import add_db_flag, add_filter_flags, filter_from_args, open_db


def register(sub) -> None:
    p = sub.add_parser(
        "export", help="export a database to JSONL, CSV, Parquet or GDELT 2.0",
        description="jsonl: the output contract, one object per article. csv, parquet: one row "
        "per event (with --unique, one per event cluster). gdelt: the GDELT 2.0 event table, "
        "61 tab-separated columns, one row per event cluster with NumMentions, NumSources and "
        "NumArticles. Event filters apply to csv, parquet and gdelt.",
    )
    p.add_argument("out", metavar="OUT", help="output file, or - for standard output")
    add_db_flag(p)
    p.add_argument("--format", choices=("jsonl", "csv", "parquet", "gdelt"), required=True)
    add_filter_flags(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..store.export import export

    with open_db(args, must_exist=True) as store:
        n = export(store, args.format, args.out, filter_from_args(args))
    unit = "articles" if args.format == "jsonl" else "events"
    print(f"exported {n} {unit} to {args.out}", file=sys.stderr)
    return 0
