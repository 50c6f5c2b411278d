"""Time toponym resolution against spaCy parsing on the TR-News and LGL articles.

    PYTHONPATH=src python benchmarks/bench_geo.py [--limit N] [--gold PATH ...] [--skip-build]
    PYTHONPATH=src python benchmarks/bench_geo.py --misses   # error analysis instead

Prints the gazetteer's load time from the on-disk cache and the memory it takes, its cold
build time (unless --skip-build), then spaCy's parse time per article (nlp.pipe) and
find_places time per article, and their ratio. Times are CPU seconds of this process
(``time.process_time``), so that other work on a shared machine does not skew the ratio;
find_places runs twice and the second (warm: names already expanded) run is reported too.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1].parent / "shared/gold/geo"
DEFAULT_GOLD = (GOLD / "TR-News.xml", GOLD / "lgl.xml")


def rss_mb() -> float:
    """Resident memory of this process in MB (Linux)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, nargs="+", default=list(DEFAULT_GOLD))
    parser.add_argument("--limit", type=int, default=None, help="articles per file")
    parser.add_argument("--skip-build", action="store_true", help="no cold index build")
    parser.add_argument("--misses", action="store_true",
                        help="print the gold-span misses grouped by cause instead of timing")
    args = parser.parse_args(argv)
    if args.misses:
        from tacitus.evaluate.geo import format_misses, misses

        for path in args.gold:
            print(f"== {path.name}")
            print(format_misses(misses(path, limit=args.limit)))
        return

    from tacitus.evaluate.geo import read_gold
    from tacitus.geo import find_places
    from tacitus.geo.gazetteer import _cache_path, build_index, load_gazetteer
    from tacitus.nlp import load

    texts = [a.text for path in args.gold for a in read_gold(path, limit=args.limit)]
    cached = _cache_path().exists()
    before = rss_mb()
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    seconds = time.perf_counter() - started
    print(f"gazetteer load ({'from the cache' if cached else 'built: no cache yet'}): "
          f"{seconds:.2f} s, {len(gazetteer):,} places, {len(gazetteer.index):,} names, "
          f"RSS +{rss_mb() - before:.0f} MB")
    if not args.skip_build:
        started = time.perf_counter()
        build_index()
        print(f"gazetteer cold build: {time.perf_counter() - started:.1f} s")

    nlp = load()
    list(nlp.pipe(texts[:5]))  # warm up
    started = time.process_time()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = time.process_time() - started
    n = len(texts)
    chars = sum(len(t) for t in texts)
    print(f"{n} articles, {chars / n:,.0f} chars each on average")
    print(f"spaCy parse:          {1000 * parse / n:7.2f} ms/article (CPU)")
    for label in ("find_places (cold): ", "find_places (warm): "):
        started = time.process_time()
        places = sum(len(find_places(doc, gazetteer=gazetteer)) for doc in docs)
        geo = time.process_time() - started
        print(f"{label} {1000 * geo / n:7.2f} ms/article  ({geo / parse:.1%} of parse time, "
              f"{places} places)")


if __name__ == "__main__":
    sys.exit(main())
