"""Flags the database commands share: --db, and the event filter flags."""

from __future__ import annotations

import argparse
import re

from .common import iso_date

MOODS = ("asserted", "intended", "conditional", "hypothetical", "demanded")


def add_db_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, metavar="PATH_OR_URL",
                        help="SQLite file or postgresql:// URL (setting db; default tacitus.db)")


def open_db(args: argparse.Namespace, *, must_exist: bool = False):
    """Open the store the --db flag (or the `db` setting) names."""
    from pathlib import Path

    from .. import config
    from ..errors import StoreError
    from ..store import open_store

    target = config.get("db", args.db)
    args.db = target
    if must_exist and "://" not in str(target) and not Path(target).exists():
        raise StoreError(f"no database at {target}: create one with `tacitus ingest PATH --db {target}`")
    return open_store(target)


def dyad(value: str) -> tuple[str, str]:
    parts = re.split(r"[-:>/,]", value.strip())
    if len(parts) != 2 or not all(parts):
        raise argparse.ArgumentTypeError(f"{value!r} is not a dyad: write SOURCE-TARGET, e.g. USA-SYR")
    return parts[0].upper(), parts[1].upper()


def add_filter_flags(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("event filters")
    g.add_argument("--actor", help="source or target actor code (prefix: USA matches USAGOV)")
    g.add_argument("--source", help="source actor code (prefix)")
    g.add_argument("--target", help="target actor code (prefix)")
    g.add_argument("--dyad", type=dyad, help="source-target, e.g. USA-SYR")
    g.add_argument("--country", help="source or target country (ISO alpha-3)")
    g.add_argument("--code", help="CAMEO code or root: 11 (all disapproval), 112, 0431…")
    g.add_argument("--quad", type=int, choices=(1, 2, 3, 4), help="quad class")
    g.add_argument("--plover", help="PLOVER event type, e.g. ACCUSE")
    g.add_argument("--mood", action="append", choices=MOODS, default=[], help="mood (repeatable)")
    g.add_argument("--negated", dest="negated", action="store_true", default=None, help="only negated events")
    g.add_argument("--not-negated", dest="negated", action="store_false", help="no negated events")
    g.add_argument("--since", type=iso_date, help="events on or after YYYY-MM-DD")
    g.add_argument("--until", type=iso_date, help="events on or before YYYY-MM-DD")
    g.add_argument("--text", help="full-text query over the articles")
    g.add_argument("--unique", action="store_true", help="one event per cluster (the first report)")


def filter_from_args(args: argparse.Namespace):
    from ..store import EventFilter

    return EventFilter(
        actor=args.actor, source=args.source, target=args.target, dyad=args.dyad,
        country=args.country, code=args.code, quad_class=args.quad, plover=args.plover,
        mood=tuple(args.mood), negated=args.negated, since=args.since, until=args.until,
        text=args.text, unique=args.unique,
    )
