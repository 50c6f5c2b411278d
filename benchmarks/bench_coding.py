"""Time Pipeline.code_doc alone (no parse, no store) on the bench corpus's parsed Docs.

    PYTHONPATH=src python benchmarks/bench_coding.py [--limit 200] [--rounds 5] [--fast]

Parses once (not timed), then codes every Doc `rounds` times (CPU seconds of this process;
each Doc's per-Doc caches are cleared before each round) and prints each round and the median.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import corpus


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("--profile", help="write a cProfile of one round here")
    args = ap.parse_args()
    from tacitus.model import Article
    from tacitus.nlp import load
    from tacitus.pipeline import default_pipeline

    arts = [Article(id=a["id"], text=a["text"], source="x") for a in corpus(args.limit)]
    pl = default_pipeline()
    nlp = load()
    texts = [a.text for a in arts]
    docs = list(pl.prefilter.parse(nlp, texts) if args.fast else nlp.pipe(texts, batch_size=16))
    pl.code_doc(arts[0], docs[0])  # loads lexicons, gazetteer
    rounds = []
    for _ in range(args.rounds):
        for d in docs:
            d.user_data.clear()
        start = time.process_time()
        for a, d in zip(arts, docs, strict=True):
            pl.code_doc(a, d)
        rounds.append(time.process_time() - start)
    print(f"{'fast' if args.fast else 'full'} coding, {len(docs)} docs: median {statistics.median(rounds):.3f} s, min {min(rounds):.3f} s "
          f"(rounds: {' '.join(f'{x:.3f}' for x in rounds)})")
    if args.profile:
        import cProfile
        for d in docs:
            d.user_data.clear()
        prof = cProfile.Profile()
        prof.enable()
        for a, d in zip(arts, docs, strict=True):
            pl.code_doc(a, d)
        prof.disable()
        prof.dump_stats(args.profile)


if __name__ == "__main__":
    main()
