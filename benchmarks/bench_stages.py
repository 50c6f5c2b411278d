"""What each coding stage costs next to spaCy's own parse, on real news text.

    python benchmarks/bench_stages.py [--limit N] [--repeat R]

Parses the TR-News, LGL and PolNeAR articles (../shared) once with nlp.pipe, timing the
parse, then times each Tacitus stage on the parsed docs in the same process: actor
recognition + coreference, event coding, quote attribution, and geocoding. Prints each
stage's time as a share of parse time — the issues' budgets are actors < 10 %, events
< 15 %, quotes + places together < 10 %. The machine is shared, so the ratios (measured in
one run) are what to read, not the absolute figures.
"""

from __future__ import annotations

import argparse
import time
import xml.etree.ElementTree as ET
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def corpus(limit: int | None) -> list[str]:
    texts = []
    for name in ("TR-News.xml", "lgl.xml"):
        root = ET.parse(SHARED / "gold" / "geo" / name).getroot()
        texts += [a.findtext("text") or "" for a in root.iter("article")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "gold/quotes-polnear/dev/text").glob("*.txt"))]
    texts = [t for t in texts if t.strip()]
    return texts[:limit] if limit else texts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles to use (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="time each stage this many times, keep the best")
    args = parser.parse_args(argv)

    import datetime as dt

    from tacitus.actors.coref import resolve_coreference
    from tacitus.geo import build_gazetteer, find_places
    from tacitus.nlp import load
    from tacitus.pipeline import default_pipeline
    from tacitus.quotes import extract_quotes

    texts = corpus(args.limit)
    words = sum(len(t.split()) for t in texts)
    nlp = load()
    pipeline = default_pipeline()
    build_gazetteer()
    list(nlp.pipe(texts[:5]))  # warm up

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = time.perf_counter() - t0
    day = dt.date(2016, 12, 1)

    def best(fn):
        times = []
        result = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - t)
        return min(times), result

    t_actors, mentions = best(lambda: [resolve_coreference(d, pipeline.recognizer.find_mentions(d, day)) for d in docs])
    t_events, events = best(lambda: [pipeline.coder.code(d, m)[0] for d, m in zip(docs, mentions, strict=True)])
    t_quotes, _ = best(lambda: [extract_quotes(d, m) for d, m in zip(docs, mentions, strict=True)])
    t_places, _ = best(lambda: [find_places(d) for d in docs])

    print(f"{len(texts)} articles, {words:,} words; spaCy parse {parse:.1f} s ({words / parse:,.0f} words/s)")
    print(f"{'stage':<28}{'seconds':>10}{'share of parse':>16}{'budget':>10}")
    rows = [
        ("actors + coreference", t_actors, "10%"),
        ("event coding", t_events, "15%"),
        ("quotes", t_quotes, ""),
        ("places", t_places, ""),
        ("quotes + places", t_quotes + t_places, "10%"),
    ]
    for name, seconds, budget in rows:
        print(f"{name:<28}{seconds:>10.2f}{100 * seconds / parse:>15.1f}%{budget:>10}")
    print(f"events coded: {sum(len(e) for e in events):,}")


if __name__ == "__main__":
    main()
