"""The `tacitus` command. Parses flags and calls library functions; no logic lives here.

Each sub-command lives in ``tacitus.commands.<name>`` and exposes ``register(subparsers)``,
which adds its parser and sets ``func(args) -> int`` as the default. Errors the library
raises on purpose (TacitusError) become one-line messages and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from . import __version__
from .errors import TacitusError

COMMANDS = (
    "code",
    "explain",
    "ingest",
    "events",
    "errors",
    "export",
    "demo",
    "evaluate",
    "serve",
    "run",
    "load",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tacitus",
        description="Political event data from news text: who did what to whom, when and where.",
    )
    parser.add_argument("--version", action="version", version=f"tacitus {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"tacitus.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"tacitus.commands.{name}":
                continue  # command not part of this build
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except TacitusError as exc:
        print(f"tacitus: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tacitus: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
