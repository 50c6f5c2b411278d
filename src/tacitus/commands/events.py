"""`tacitus events --db …`: list stored events, filtered, as a table, JSONL or CSV."""

from __future__ import annotations

import argparse
import json
import sys

from .common import terminal_width
from .storeflags import add_db_flag, add_filter_flags, filter_from_args, open_db


def register(sub) -> None:
    p = sub.add_parser("events", help="list stored events",
                       description="List the events of a database, newest first, filtered by "
                       "actor, dyad, code, mood, date and text.")
    add_db_flag(p)
    add_filter_flags(p)
    p.add_argument("--format", choices=("table", "jsonl", "csv"), default="table")
    p.add_argument("--limit", type=int, default=50, help="most events to list (default 50; 0 = all)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..store.export import write_csv

    with open_db(args, must_exist=True) as store:
        flt = filter_from_args(args)
        records = _records(store, flt, args.limit)
        out = sys.stdout
        if args.format == "jsonl":
            for r in records:
                out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        elif args.format == "csv":
            write_csv(records, out)
        else:
            out.write(format_events(list(records)))
    return 0


def _records(store, flt, limit: int):
    cursor, shown = None, 0
    while True:
        page = store.query_events(flt, limit=min(1000, limit - shown) if limit else 1000, cursor=cursor)
        yield from page.events
        shown += len(page.events)
        cursor = page.next_cursor
        if cursor is None or (limit and shown >= limit):
            return


def format_events(records, width: int | None = None) -> str:
    """A table of stored events: date, source, code, target, mood, mentions, evidence."""
    if not records:
        return "(no events)\n"

    def cut(text: str, n: int) -> str:
        text = " ".join((text or "").split())
        return text if len(text) <= n else text[: n - 1] + "…"

    def side(ref) -> str:
        return f"{ref.text} [{ref.code or '?'}]" if ref else "—"

    rows = []
    for r in records:
        e = r.event
        state = ("negated " if e.negated else "") + e.mood
        rows.append((str(r.id), e.date.isoformat() if e.date else "?", side(e.source),
                     f"{e.cameo} {e.name}", side(e.target), state, str(r.num_mentions), e.text))
    titles = ("id", "date", "source", "event", "target", "mood", "n")
    caps = (7, 10, 28, 30, 28, 18, 4)
    widths = [min(c, max(len(t), *(len(row[i]) for row in rows))) for i, (t, c) in enumerate(zip(titles, caps, strict=True))]
    rest = max(40, (width or terminal_width()) - sum(widths) - 2 * len(widths))
    lines = ["  ".join(t.ljust(w) for t, w in zip(titles, widths, strict=True)) + "  evidence"]
    for row in rows:
        cells = [cut(c, w).ljust(w) for c, w in zip(row[:7], widths, strict=True)]
        lines.append("  ".join(cells) + "  " + cut(row[7], rest))
    return "\n".join(lines) + "\n"
