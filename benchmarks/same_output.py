"""Dump the coding of the bench corpus (full and fast path) as contract JSON, to check that
a speed change leaves every output identical.

    PYTHONPATH=src python benchmarks/same_output.py OUT.json [--limit 200]
    cmp BEFORE.json OUT.json   (the same run on the commit before the change)

Also records the fast path's masked texts (Prefilter.mask), so a change to the prefilter
is checked too; the parse itself is checked through the codings it yields.
"""
import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_throughput import corpus


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--limit", type=int, default=200)
    args = ap.parse_args()
    from tacitus.model import Article
    from tacitus.pipeline import default_pipeline
    from tacitus.run.local import code_stream
    from tacitus.serialize import coding_to_dict

    arts = [Article(id=a["id"], text=a["text"], source="x") for a in corpus(args.limit)]
    pl = default_pipeline()
    out = {}
    for fast in (False, True):
        for c in code_stream(pl, arts, fast=fast):
            d = coding_to_dict(c)
            d.pop("provenance", None)
            out[f"{'fast' if fast else 'full'}:{c.article.id}"] = d
    out["masks"] = [pl.prefilter.mask(a.text)[0] for a in arts]
    Path(args.out).write_text(json.dumps(out, sort_keys=True, default=str))
    print(f"wrote {len(out)} entries to {args.out}")


if __name__ == "__main__":
    main()
