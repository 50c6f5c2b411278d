"""Time loading the Phoenix (PETRARCH) dictionaries and the memory they take.

    PYTHONPATH=src python benchmarks/bench_petrarch_load.py [--dir PATH] [--recognizer]

For each file: load time, entries read, lines left out (the Phoenix files have a few
malformed lines; they are read with errors="skip"), and the process's peak RSS after it.
The spaCy model is loaded first (its load time and RSS are printed separately), because
multi-part names are tokenized with its tokenizer. With --recognizer, also times building
the phrase index over all actor and agent files.
"""

from __future__ import annotations

import argparse
import logging
import resource
import time
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared/dictionaries/petrarch2"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, load, count) -> object:
    started = time.perf_counter()
    result = load()
    elapsed = time.perf_counter() - started
    print(f"{label:<36} {elapsed:6.2f} s  {count(result):>8,}  peak RSS {peak_rss_mb():7.1f} MB")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--recognizer", action="store_true", help="also build the phrase index")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)

    from tacitus.dictionaries.petrarch import (
        load_discards,
        load_issues,
        load_petrarch_actors,
        load_petrarch_agents,
        load_petrarch_verbs,
    )
    from tacitus.nlp import load

    print(f"{'file':<36} {'time':>8}  {'entries':>8}")
    timed("spaCy model", load, lambda _: 0)
    d = args.dir
    actors = [
        timed(name, lambda name=name: load_petrarch_actors(d / name, errors="skip"), lambda r: len(r.entries))
        for name in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
                     "Phoenix.MilNonState.actors.txt")
    ]
    agents = timed("Phoenix.agents.txt", lambda: load_petrarch_agents(d / "Phoenix.agents.txt", errors="skip"),
                   lambda r: len(r.agents))
    timed("CAMEO.2.0.txt (patterns)", lambda: load_petrarch_verbs(d / "CAMEO.2.0.txt", errors="skip"), len)
    timed("Phoenix.discards.txt (story phrases)", lambda: load_discards(d / "Phoenix.discards.txt"),
          lambda r: len(r.story.categories))
    timed("Phoenix.IssueCoding.txt (codes)", lambda: load_issues(d / "Phoenix.IssueCoding.txt"),
          lambda r: len(r.issues.categories))
    if args.recognizer:
        from tacitus.actors.recognize import ActorRecognizer

        merged = actors[0]
        for part in (*actors[1:], agents):
            merged = merged.merged(part)
        timed("phrase index (all actors + agents)", lambda: ActorRecognizer.build(merged),
              lambda r: r.index.size)


if __name__ == "__main__":
    main()
