"""`tacitus explain "sentence"`: the parse, the actors, and every pattern tried."""

from __future__ import annotations

import argparse
import sys

from .common import add_dictionary_flags, iso_date, pipeline_from_args


def register(sub) -> None:
    p = sub.add_parser(
        "explain",
        help="show how a sentence is coded",
        description="Print the dependency parse, the actors found, the verb patterns tried "
        "at each candidate trigger (and why each matched or not), negation and mood, and "
        "the events that result.",
    )
    p.add_argument("text", help="the sentence or passage (use - to read standard input)")
    p.add_argument("--date", type=iso_date, help="article date YYYY-MM-DD (for dated roles)")
    p.add_argument("--all", action="store_true", help="list non-matching patterns too")
    add_dictionary_flags(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..explain import explain

    text = sys.stdin.read() if args.text == "-" else args.text
    pipeline = pipeline_from_args(args)
    sys.stdout.write(explain(text, pipeline=pipeline, date=args.date, show_all=args.all))
    return 0
