"""`tacitus errors --db …`: the inputs that could not be read or coded, and why."""

from __future__ import annotations

import argparse
import json
import sys

from .storeflags import add_db_flag, open_db


def register(sub) -> None:
    p = sub.add_parser("errors", help="list inputs that failed, with their reasons",
                       description="List every input stored as a failure: its source, the reason "
                       "and details, and how often it was seen.")
    add_db_flag(p)
    p.add_argument("--reason", help="only failures with this reason")
    p.add_argument("--limit", type=int, default=0, help="most failures to list (default: all)")
    p.add_argument("--format", choices=("table", "jsonl"), default="table")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_db(args, must_exist=True) as store:
        shown, offset = 0, 0
        out = sys.stdout
        while True:
            batch = store.failures(limit=500, offset=offset, reason=args.reason)
            for f in batch:
                if args.limit and shown >= args.limit:
                    return 0
                if args.format == "jsonl":
                    out.write(json.dumps({"source": f.source, "reason": f.reason, "detail": f.detail,
                                          "first_seen": f.first_seen.isoformat(),
                                          "last_seen": f.last_seen.isoformat(),
                                          "attempts": f.attempts}) + "\n")
                else:
                    detail = f" ({f.detail})" if f.detail else ""
                    again = f" [seen {f.attempts}×]" if f.attempts > 1 else ""
                    out.write(f"{f.source}: {f.reason}{detail}{again}\n")
                shown += 1
            if len(batch) < 500:
                break
            offset += 500
        if not shown and args.format == "table":
            out.write("(no failures)\n")
    return 0
