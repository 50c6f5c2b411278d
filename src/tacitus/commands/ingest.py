"""`tacitus ingest PATH... --db tacitus.db`: read, code and store articles; record failures."""

from __future__ import annotations

import argparse
import sys

from .common import (
    add_dictionary_flags,
    add_progress_flag,
    iso_date,
    pipeline_from_args,
    progress_enabled,
)
from .storeflags import add_db_flag, open_db


def register(sub) -> None:
    p = sub.add_parser(
        "ingest",
        help="code articles into a database",
        description="Read files, directories, JSONL, CSV, HTML, WARC and RSS/Atom feeds; code "
        "every English article and store it with its events, quotes, actors and places. Inputs "
        "already stored (same content) are skipped, so an interrupted run can simply be "
        "started again. Every input that cannot be read is stored as a failure (see "
        "`tacitus errors`).",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, or - for stdin")
    add_db_flag(p)
    p.add_argument("--date", type=iso_date, help="publication date YYYY-MM-DD (overrides the input's)")
    p.add_argument("--columns", metavar="MAP",
                   help="JSONL/CSV field mapping, e.g. text=body,date=published,title=headline,url=link,id=guid")
    p.add_argument("--max-bytes", type=int, default=None, help="largest article accepted (setting max_bytes)")
    p.add_argument("--batch-size", type=int, default=None, help="articles per parsing batch")
    p.add_argument("--workers", type=int, default=None, help="parser processes (setting workers)")
    p.add_argument("--fast", action="store_true",
                   help="parse only sentences where a verb pattern could match, and the names of the others "
                        "(faster, loses some events: see docs/scale.md)")
    p.add_argument("--all-languages", action="store_true",
                   help="code every article without detecting its language")
    add_progress_flag(p)
    add_dictionary_flags(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .. import config
    from ..ingest.batch import ingest
    from ..ingest.readers import ReadOptions, parse_columns, read_inputs

    options = ReadOptions(
        max_bytes=config.get("max_bytes", args.max_bytes), date=args.date,
        columns=parse_columns(args.columns),
    )
    pipeline = pipeline_from_args(args)
    with open_db(args) as store:
        summary = ingest(
            read_inputs(args.paths, options), store, pipeline,
            batch_size=config.get("batch_size", args.batch_size),
            workers=config.get("workers", args.workers),
            progress=progress_enabled(args), detect=not args.all_languages, fast=args.fast,
        )
    print(summary.line())
    if summary.failures:
        print(f"tacitus: {summary.failures} inputs failed; list them with `tacitus errors --db {args.db}`",
              file=sys.stderr)
    return 0 if summary.stored or summary.duplicates or not summary.inputs else 1
