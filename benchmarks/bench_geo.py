"""Time toponym resolution against spaCy parsing on the TR-News articles.

    PYTHONPATH=src python benchmarks/bench_geo.py [--limit N] [--gold PATH]

Prints the gazetteer's load time (from the on-disk cache, and a cold build unless
--skip-build), the process RSS after loading, spaCy parse time per article (nlp.pipe) and
find_places time per article, and their ratio.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

DEFAULT_GOLD = Path(__file__).resolve().parents[1].parent / "shared/gold/geo/TR-News.xml"


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--skip-build", action="store_true", help="no cold index build")
    args = parser.parse_args(argv)

    from tacitus.evaluate.geo import read_gold
    from tacitus.geo import find_places
    from tacitus.geo.gazetteer import build_index, load_gazetteer
    from tacitus.nlp import load

    texts = [a.text for a in read_gold(args.gold, limit=args.limit)]
    if not args.skip_build:
        started = time.perf_counter()
        build_index()
        print(f"gazetteer cold build: {time.perf_counter() - started:.2f} s")
    before = rss_mb()
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    print(f"gazetteer load (cache): {time.perf_counter() - started:.2f} s, "
          f"{len(gazetteer):,} places, {len(gazetteer.index):,} names, "
          f"RSS +{rss_mb() - before:.0f} MB (now {rss_mb():.0f} MB)")

    nlp = load()
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = time.perf_counter() - started
    started = time.perf_counter()
    places = sum(len(find_places(doc, gazetteer=gazetteer)) for doc in docs)
    geo = time.perf_counter() - started
    chars = sum(len(t) for t in texts)
    n = len(texts)
    print(f"{n} articles, {chars / n:,.0f} chars each on average, {places} places found")
    print(f"spaCy parse:  {1000 * parse / n:7.1f} ms/article")
    print(f"find_places:  {1000 * geo / n:7.1f} ms/article  "
          f"({geo / parse:.1%} of parse time)")


if __name__ == "__main__":
    sys.exit(main())
