"""Score quote attribution on two halves of the PolNeAR dev split, and on the whole.

    python benchmarks/quotes_halves.py [--folder PATH] [--cache FILE] [--errors N]

The dev split is both where quote rules are developed and where they are measured. To
keep an eye on overfitting, its articles are sorted by file name and dealt alternately
into half A (1st, 3rd, …) and half B (2nd, 4th, …): rules are worked out on A, and a
change counts only if B does not get worse. Prints content P/R/F1 at >= 50 % overlap,
strict F1 and speaker accuracy for A, B and all. ``--cache`` keeps the parsed docs in a
spaCy DocBin so that reruns skip the parse. ``--errors N`` also sorts each half's misses
and false positives into categories (``diagnose_parsed``), with N examples of each. Run by
hand; nothing here is a test.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from tacitus import nlp
from tacitus.evaluate.quotes import (
    QuoteReport,
    attributions_of,
    diagnose_parsed,
    read_polnear,
    score_article,
)
from tacitus.quotes import extract_quotes

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "gold" / "quotes-polnear" / "dev"


def article_of(annotation: str) -> str:
    """The article an annotation file belongs to (its name without the annotator)."""
    return re.sub(r"_[^_]+$", "", annotation)


def parsed(texts: list[str], cache: Path | None) -> list:
    """spaCy docs of `texts`, read from or written to `cache` when one is given."""
    from spacy.tokens import DocBin

    if cache is not None and cache.exists():
        return list(DocBin().from_disk(cache).get_docs(nlp.load().vocab))
    docs = list(nlp.parse_many(texts))
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return docs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT, help="a PolNeAR split")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin file for the parses")
    parser.add_argument("--errors", type=int, default=None, metavar="N",
                        help="sort each half's errors into categories, with N examples of each")
    args = parser.parse_args(argv)

    items = read_polnear(args.folder)
    texts = list(dict.fromkeys(text for _, text, _ in items))
    docs = parsed(texts, args.cache)
    predicted = {text: attributions_of(extract_quotes(doc)) for text, doc in zip(texts, docs, strict=True)}
    articles = sorted({article_of(name) for name, _, _ in items})
    half = {article: "AB"[n % 2] for n, article in enumerate(articles)}
    for which in ("A", "B", None):
        totals: dict[str, int] = {}
        scored = 0
        for name, text, gold in items:
            if which is not None and half[article_of(name)] != which:
                continue
            scored += 1
            for key, value in score_article(text, gold, predicted[text]).items():
                totals[key] = totals.get(key, 0) + value
        report = QuoteReport(annotations=scored, **totals)
        p, r, f = report.overlap
        print(f"{which or 'all':>3}: {scored:3} files, {report.gold:5} gold, {report.predicted:5} predicted"
              f" | >=50%: P {p:.3f} R {r:.3f} F1 {f:.3f} | strict F1 {report.strict[2]:.3f}"
              f" | speaker {report.speaker_overlap_accuracy:.3f} (strict {report.speaker_strict_accuracy:.3f})")
    if args.errors is not None:
        by_text = dict(zip(texts, docs, strict=True))
        for which in ("A", "B"):
            subset = [item for item in items if half[article_of(item[0])] == which]
            print(f"--- half {which}\n" + diagnose_parsed(subset, by_text).format(examples=args.errors))


if __name__ == "__main__":
    main()
