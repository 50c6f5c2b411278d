"""`tacitus demo [--db demo.db]`: code the demo corpus that ships with Tacitus and summarise it."""

from __future__ import annotations

import argparse
from importlib import resources

from .storeflags import open_db

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def demo_corpus():
    """The path of the packaged demo corpus (twenty invented, dated news articles)."""
    return resources.files("tacitus") / "data" / "demo" / "articles.jsonl"


def register(sub) -> None:
    p = sub.add_parser("demo", help="code the built-in demo corpus into a database",
                       description="Code twenty short news articles that ship with Tacitus into a "
                       "database and print what was found. Works offline, needs no data of yours.")
    p.add_argument("--db", default="demo.db", metavar="PATH_OR_URL", help="database to create (default demo.db)")
    p.add_argument("--fast", action="store_true", help="use the fast path")
    p.add_argument("--serve", action="store_true", help="then serve the dashboard on it (see tacitus serve)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..ingest.batch import ingest
    from ..ingest.readers import read_inputs
    from ..pipeline import default_pipeline

    with resources.as_file(demo_corpus()) as path, open_db(args) as store:
        summary = ingest(read_inputs([path]), store, default_pipeline(), fast=args.fast)
        print(f"Demo corpus → {args.db}: {summary.line()}\n")
        print(format_summary(store))
        print(f"Explore: tacitus events --db {args.db} --actor RUS | tacitus events --db {args.db} "
              f"--code 11 | tacitus export --db {args.db} --format gdelt demo.tsv")
        if args.serve:
            from .serve import serve_store

            serve_store(store, args)
    return 0


def format_summary(store, examples: int = 6) -> str:
    """Articles, events by root and quad class, top dyads and a few example events."""
    from ..dictionaries.cameo import load_ontology
    from ..store import EventFilter
    from .events import format_events

    ontology = load_ontology()
    s = store.summary()
    f = store.event_facets(top=8)
    lines = [f"{s.articles} articles, {s.events} events ({s.unique_events} distinct after clustering), "
             f"{s.quotes} quotes, {s.actors} actor mentions, {s.near_duplicates} near-duplicate articles",
             "", "Events by CAMEO root:"]
    for root, n in sorted(f.roots, key=lambda x: (-x[1], x[0])):
        name = ontology[root].name if root in ontology else "?"
        lines.append(f"  {root} {name:<40} {n:>4}")
    lines += ["", "Events by quad class:"]
    lines += [f"  {q} {QUAD_NAMES.get(q, '?'):<40} {n:>4}" for q, n in sorted(f.quad_classes)]
    lines += ["", "Top dyads (source → target):"]
    lines += [f"  {a + ' → ' + b:<42} {n:>4}" for (a, b), n in f.dyads]
    lines += ["", "Example events:"]
    records = store.query_events(EventFilter(unique=True), limit=examples).events
    lines.append(format_events(records).rstrip())
    return "\n".join(lines) + "\n"
