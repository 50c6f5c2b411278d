"""Flags and helpers several sub-commands share."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def add_dictionary_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "dictionaries",
        "Replace (--verbs …) or extend (--add-verbs …) the built-in dictionaries. Files ending "
        "in .yaml/.yml are Tacitus format; anything else is read as PETRARCH/Phoenix format.",
    )
    for kind in ("verbs", "actors", "agents", "discards"):
        group.add_argument(f"--{kind}", action="append", default=[], metavar="FILE",
                           help=f"use these {kind} dictionaries instead of the built-in ones (repeatable)")
        group.add_argument(f"--add-{kind}", action="append", default=[], metavar="FILE",
                           dest=f"add_{kind}", help=f"add these {kind} dictionaries to the built-in ones")
    group.add_argument("--skip-bad-lines", action="store_true",
                       help="leave out (with a warning) dictionary lines that cannot be read, "
                       "instead of stopping at the first one")


def pipeline_from_args(args):
    """The pipeline the dictionary flags ask for (the cached built-in one if none)."""
    from ..dictionaries.load import build_dictionaries, uses_petrarch_verbs
    from ..events.code import CodingOptions
    from ..pipeline import Pipeline, default_pipeline

    wanted = any(getattr(args, k, None) for k in (
        "verbs", "actors", "agents", "discards", "add_verbs", "add_actors", "add_agents", "add_discards"))
    if not wanted:
        return default_pipeline()
    dictionaries = build_dictionaries(
        verbs=args.verbs, actors=args.actors, agents=args.agents, discards=args.discards,
        add_verbs=args.add_verbs, add_actors=args.add_actors, add_agents=args.add_agents,
        add_discards=args.add_discards,
        errors="skip" if getattr(args, "skip_bad_lines", False) else "raise",
    )
    options = (
        CodingOptions.petrarch(require_dyad=False)
        if uses_petrarch_verbs(args.verbs, args.add_verbs)
        else CodingOptions()
    )
    return Pipeline(dictionaries=dictionaries, options=options)


def progress_enabled(args) -> bool:
    if getattr(args, "progress", None) is not None:
        return args.progress
    return sys.stderr.isatty()


def add_progress_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--progress", dest="progress", action="store_true", default=None,
                        help="show a progress bar on stderr (default: when stderr is a terminal)")
    parser.add_argument("--no-progress", dest="progress", action="store_false")


def terminal_width() -> int:
    return max(60, shutil.get_terminal_size((120, 24)).columns)
