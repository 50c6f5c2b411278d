"""Time quote extraction against parsing on real news (the PolNeAR dev articles).

    python benchmarks/bench_quotes.py [--limit N] [--repeat R] [--folder PATH]

Parses the articles with spaCy (``nlp.pipe``), then times ``extract_quotes`` alone over the
parsed docs (best of R runs) and prints milliseconds per article and the ratio to parsing,
in wall-clock time and in this process's CPU time (on a shared machine the CPU-time ratio
is the steadier one). Run by hand; the result goes in the README, not in the tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from tacitus import nlp
from tacitus.quotes import extract_quotes, load_cues

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "gold" / "quotes-polnear" / "dev" / "text"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT, help="folder of .txt articles")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--repeat", type=int, default=3, help="time extraction R times, keep the best")
    args = parser.parse_args(argv)

    paths = sorted(args.folder.glob("*.txt"))[: args.limit]
    if not paths:
        print(f"no .txt files under {args.folder}", file=sys.stderr)
        return 1
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp.load()
    load_cues()

    start, cpu = time.perf_counter(), time.process_time()
    docs = list(nlp.parse_many(texts))
    parse_s, parse_cpu = time.perf_counter() - start, time.process_time() - cpu

    runs, cpu_runs = [], []
    quotes = 0
    for _ in range(max(1, args.repeat)):
        start, cpu = time.perf_counter(), time.process_time()
        quotes = sum(len(extract_quotes(doc)) for doc in docs)
        runs.append(time.perf_counter() - start)
        cpu_runs.append(time.process_time() - cpu)
    best = min(runs)

    words = sum(len(doc) for doc in docs)
    n = len(docs)
    print(f"articles            {n}  ({words} tokens, {words / n:.0f} per article)")
    print(f"parse (nlp.pipe)    {1000 * parse_s / n:8.2f} ms/article")
    print(f"extract_quotes      {1000 * best / n:8.2f} ms/article  "
          f"(best of {len(runs)}; median {1000 * statistics.median(runs) / n:.2f})")
    print(f"quotes/parse ratio  {100 * best / parse_s:8.2f} % wall, "
          f"{100 * min(cpu_runs) / parse_cpu:.2f} % CPU")
    print(f"quotes found        {quotes}  ({quotes / n:.1f} per article)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
