"""`tacitus code PATH...`: code articles and print a table of events, or the JSONL contract."""

from __future__ import annotations

import argparse
import sys

from ..ingest.readers import ReadOptions, read_inputs
from ..model import Coding, Event, InputFailure
from ..serialize import coding_to_json
from .common import (
    add_dictionary_flags,
    add_progress_flag,
    iso_date,
    pipeline_from_args,
    progress_enabled,
    terminal_width,
)


def register(sub) -> None:
    p = sub.add_parser(
        "code",
        help="code articles and print their events",
        description="Code articles (files, directories, JSONL, or - for standard input) and "
        "print one row per event, or the JSON output contract with --format jsonl.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, .jsonl file, or - for stdin")
    p.add_argument("--format", choices=("table", "jsonl"), default="table", help="output format (default: table)")
    p.add_argument("--date", type=iso_date, help="publication date YYYY-MM-DD (overrides the input's)")
    p.add_argument("--mood", action="append", default=[], help="only events in this mood (repeatable)")
    p.add_argument("--wide", action="store_true", help="do not shorten evidence sentences in the table")
    p.add_argument("--max-bytes", type=int, default=None, help="largest input accepted (setting max_bytes)")
    p.add_argument("--batch-size", type=int, default=None, help="articles per parsing batch")
    p.add_argument("--workers", type=int, default=None, help="parser processes (setting workers)")
    add_progress_flag(p)
    add_dictionary_flags(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from .. import config
    from ..run.local import code_stream

    pipeline = pipeline_from_args(args)
    options = ReadOptions(max_bytes=config.get("max_bytes", args.max_bytes), date=args.date)
    items = read_inputs(args.paths, options)
    failures = 0
    first = True
    out = sys.stdout
    for result in code_stream(
        pipeline,
        items,
        batch_size=config.get("batch_size", args.batch_size),
        workers=config.get("workers", args.workers),
        progress=progress_enabled(args),
    ):
        if isinstance(result, InputFailure):
            failures += 1
            detail = f" ({result.detail})" if result.detail else ""
            print(f"tacitus: {result.source}: {result.reason}{detail}", file=sys.stderr)
            continue
        if args.mood:
            from dataclasses import replace

            result = replace(result, events=tuple(e for e in result.events if e.mood in args.mood))
        if args.format == "jsonl":
            out.write(coding_to_json(result) + "\n")
        else:
            if not first:
                out.write("\n")
            out.write(format_table(result, wide=args.wide))
        first = False
    out.flush()
    return 1 if failures and first else 0


def _side(ref) -> str:
    if ref is None:
        return "—"
    return f"{ref.text} [{ref.code or '?'}]"


def _state(event: Event) -> str:
    parts = []
    if event.negated:
        parts.append("negated")
    if event.mood != "asserted" or not parts:
        parts.append(event.mood)
    return ", ".join(parts)


def format_table(coding: Coding, *, wide: bool = False, width: int | None = None) -> str:
    """A readable table of an article's events, one row per event."""
    article = coding.article
    header = f"{article.id}"
    if article.date:
        header += f"  ({article.date.isoformat()})"
    if coding.discarded:
        return f"{header}: discarded — {coding.discarded}\n"
    header += (
        f"  {len(coding.events)} events, {len(coding.quotes)} quotes, "
        f"{len(coding.actors)} actors, {len(coding.places)} places\n"
    )
    if not coding.events:
        return header + "  (no events)\n"
    rows = [
        (str(i), _side(e.source), f"{e.cameo} {e.name}", _side(e.target), _state(e), e.text)
        for i, e in enumerate(coding.events, start=1)
    ]
    titles = ("#", "source", "event", "target", "mood", "evidence")
    caps = (3, 40, 36, 40, 18)
    widths = [min(cap, max(len(t), *(len(r[i]) for r in rows))) for i, (t, cap) in enumerate(zip(titles, caps, strict=False))]
    total = width or terminal_width()
    evidence_width = max(60, total - sum(widths) - 2 * len(widths))

    def cut(text: str, n: int) -> str:
        text = " ".join(text.split())
        return text if len(text) <= n else text[: n - 1] + "…"

    lines = [header, "  ".join(t.ljust(w) for t, w in zip(titles, widths, strict=False)) + "  evidence"]
    for row in rows:
        cells = [cut(c, w).ljust(w) for c, w in zip(row[:5], widths, strict=False)]
        evidence = " ".join(row[5].split())
        if not wide:
            evidence = cut(evidence, evidence_width)
        lines.append("  ".join(cells) + "  " + evidence)
    return "\n".join(lines) + "\n"
