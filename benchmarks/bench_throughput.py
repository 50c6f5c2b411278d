"""Throughput of Tacitus against spaCy's own parsing, in the same run, on real news text.

    PYTHONPATH=src python benchmarks/bench_throughput.py [--limit N] [--processes 1 2] [--repeat R]
        [--cpu] [--chunks K]

Corpus: the <text> of the articles in ../shared/gold/geo/*.xml and the texts of
../shared/gold/quotes-polnear/dev/text/, written to a JSONL file first (not timed).
For each number of processes P it times, R rounds, the configurations interleaved in each:

  spacy       nlp.pipe over the texts with the model as spaCy loads it, restricted to the
              pipes Tacitus reads (parse alone; spaCy's own components throughout)
  parse       the same with the pipeline Tacitus loads (tacitus.nlp.load: its array
              attribute ruler, which gives the same annotations, and its paragraph breaks)
  tacitus     end to end: read the JSONL → detect language → parse → code → store in SQLite
  fast        the same with the fast path (only candidate sentences parsed)
  fastparse   the fast path's prefilter and parse alone (no coding, no store)

and prints, per configuration, the median seconds, words/s and the median over rounds of
its ratio to spaCy's time in the same round (the machine may be shared: read the ratios,
not the absolute figures). It compares the fast path's events with the full path's: an
event is kept when the fast path has the same (CAMEO code, trigger offset, source code,
target code); "found" counts those with the same code at the same trigger whatever the
actors. It reports the peak resident memory of the main process and of the worker processes.

With ``--chunks K`` (1 process) the corpus is cut into K parts and all five configurations
run on one part, in rotating order, before the next: a slow spell of a shared machine then
slows every configuration alike, and the rounds scatter far less. Rounds after the first
re-code the same texts, with every per-word cache (spaCy's lemmas, Tacitus's gazetteer
memo) warm; ``--limit 0 --repeat 1 --chunks 20`` codes the whole corpus once instead, every
part new text as in a real corpus, and counts the fast path's loss on three times the events.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import resource
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def corpus(limit: int | None) -> list[dict]:
    """Articles from the geo gold XML files and the polnear dev texts, interleaved."""
    from lxml import etree

    geo: list[dict] = []
    for path in sorted((SHARED / "gold" / "geo").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        for n, element in enumerate(root.iter("text")):
            text = (element.text or "").strip()
            if text:
                geo.append({"id": f"{path.stem}-{n}", "text": text})
    polnear = [{"id": p.stem, "text": p.read_text(encoding="utf-8")}
               for p in sorted((SHARED / "gold" / "quotes-polnear" / "dev" / "text").glob("*.txt"))]
    mixed = [x for pair in zip(geo, polnear, strict=False) for x in pair] + geo[len(polnear):]
    return mixed[:limit] if limit else mixed


def words(texts: list[str]) -> int:
    return sum(len(re.findall(r"\S+", t)) for t in texts)


@functools.lru_cache(maxsize=1)
def stock_nlp():
    """The model as spaCy loads it, without the pipes Tacitus does not read."""
    import spacy

    from tacitus.nlp import MODEL, NEEDED_PIPES

    names = spacy.load(MODEL).pipe_names
    return spacy.load(MODEL, exclude=[n for n in names if n not in NEEDED_PIPES])


def time_spacy(texts: list[str], processes: int, batch_size: int, stock: bool = True,
               clock=time.perf_counter) -> float:
    from tacitus.nlp import load

    nlp = stock_nlp() if stock else load()
    start = clock()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=processes):
        pass
    return clock() - start


def time_tacitus(path: Path, processes: int, batch_size: int, fast: bool,
                 clock=time.perf_counter, db: Path | None = None) -> tuple[float, dict]:
    """End to end into a fresh SQLite file (or into `db`, adding to what it holds);
    returns (seconds, {article id: event keys} of every article in the store)."""
    from tacitus.ingest.batch import ingest
    from tacitus.ingest.readers import read_inputs
    from tacitus.pipeline import default_pipeline
    from tacitus.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = db or Path(tmp) / "bench.db"
        start = clock()
        with open_store(db) as store:
            ingest(read_inputs([path]), store, default_pipeline(), batch_size=batch_size,
                   workers=processes, fast=fast)
        seconds = clock() - start
        with open_store(db) as store:
            keys: dict[str, set] = {}
            for stored in store.iter_articles():
                keys[stored.article.id] = {
                    (e.cameo, e.trigger.start, e.source and e.source.code, e.target and e.target.code)
                    for e in stored.coding.events
                }
    return seconds, keys


# ---------------------------------------------------------------------------------------
# --stages: where the time of one single-process ingest goes
# ---------------------------------------------------------------------------------------

# (label, module, attribute path, depth): functions timed by wrapping them (module None:
# an iterator timed by _timed_iter); a stage includes the deeper stages that follow it.
STAGES = (
    ("read inputs (JSONL)", None, "", 0),
    ("language detection", "tacitus.ingest.batch", "detect_language", 0),
    ("known hashes (store)", "tacitus.store.db", "Store.known_hashes", 0),
    ("spaCy parse (nlp.pipe)", None, "", 0),
    ("fast-path prefilter (inside parse)", "tacitus.run.fastpath", "Prefilter.mask", 1),
    ("coding (code_doc)", "tacitus.pipeline", "Pipeline.code_doc_explained", 0),
    ("date from text", "tacitus.pipeline", "article_date_from_text", 1),
    ("discard rules (story, issues)", "tacitus.dictionaries.discards", "Discards.story_reason", 1),
    ("issue tags", "tacitus.dictionaries.discards", "Discards.issue_tags", 1),
    ("actor mentions", "tacitus.actors.recognize", "ActorRecognizer.find_mentions", 1),
    ("coreference", "tacitus.pipeline", "resolve_coreference", 1),
    ("quotes", "tacitus.pipeline", "extract_quotes", 1),
    ("first person in quotes", "tacitus.pipeline", "_first_person_in_quotes", 1),
    ("event coding", "tacitus.events.code", "EventCoder.code", 1),
    ("discarded sentences", "tacitus.dictionaries.discards", "Discards.sentence_discarded", 1),
    ("places", "tacitus.pipeline", "find_places", 1),
    ("dateline", "tacitus.pipeline", "_dateline_place", 1),
    ("event dates and locations", "tacitus.pipeline", "Pipeline._finish_event", 1),
    ("quote links", "tacitus.pipeline", "_link_quotes", 1),
    ("actor aggregation", "tacitus.pipeline", "aggregate_actors", 1),
    ("store writes (add_codings)", "tacitus.store.db", "Store.add_codings", 0),
    ("article row", "tacitus.store.db", "Store._insert_article", 1),
    ("events, quotes, actors, places", "tacitus.store.db", "Store._insert_annotations", 1),
    ("event clusters", "tacitus.store.writes", "assign_clusters", 2),
    ("near duplicates (MinHash)", "tacitus.store.writes", "link_near_duplicate", 1),
)


def _timed(totals: dict, label: str, fn):
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + time.perf_counter() - start
    return wrapper


def _timed_iter(totals: dict, label: str, iterable):
    """An iterator that adds the time spent producing each item to totals[label]."""
    iterator = iter(iterable)
    while True:
        start = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            return
        finally:
            totals[label] = totals.get(label, 0.0) + time.perf_counter() - start
        yield item


def _install_timers(totals: dict) -> list[tuple]:
    """Wrap every function of STAGES; return what to restore."""
    import importlib

    import spacy

    restore = []
    for label, module_name, path, _ in STAGES:
        if module_name is None:  # timed by _timed_iter
            continue
        owner = importlib.import_module(module_name)
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        restore.append((owner, name, getattr(owner, name)))
        setattr(owner, name, _timed(totals, label, getattr(owner, name)))
    pipe = spacy.language.Language.pipe
    restore.append((spacy.language.Language, "pipe", pipe))
    spacy.language.Language.pipe = lambda self, *a, **k: _timed_iter(totals, STAGES[3][0], pipe(self, *a, **k))
    return restore


def stage_breakdown(path: Path, texts: list[str], batch_size: int, fast: bool) -> None:
    """Time one single-process ingest, stage by stage, and each pipe of the pipeline
    Tacitus loads and of the stock one on the texts."""
    from tacitus.ingest.batch import ingest
    from tacitus.ingest.readers import read_inputs
    from tacitus.nlp import load
    from tacitus.pipeline import default_pipeline
    from tacitus.store import open_store

    for label, nlp in (("Tacitus's pipeline (tacitus.nlp.load)", load()), ("stock spaCy", stock_nlp())):
        _time_pipes(label, nlp, texts, batch_size)
    totals: dict[str, float] = {}
    restore = _install_timers(totals)
    try:
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "stages.db") as store:
            start = time.perf_counter()
            items = _timed_iter(totals, STAGES[0][0], read_inputs([path]))
            ingest(items, store, default_pipeline(), batch_size=batch_size, fast=fast)
            total = time.perf_counter() - start
    finally:
        for owner, name, original in reversed(restore):
            setattr(owner, name, original)
    top = sum(totals.get(label, 0.0) for label, _, _, depth in STAGES if depth == 0)
    print(f"\nstages of one {'fast ' if fast else ''}ingest, 1 process: {total:.1f} s end to end")
    print(f"  {'stage':<36}{'seconds':>9}{'share':>8}")
    for label, _, _, depth in STAGES:
        if label in totals:
            seconds = totals[label]
            print(f"  {'  ' * depth + label:<36}{seconds:>9.2f}{seconds / total:>8.1%}")
    print(f"  {'other (generators, bookkeeping)':<36}{total - top:>9.2f}{(total - top) / total:>8.1%}")


def _time_pipes(label: str, nlp, texts: list[str], batch_size: int) -> None:
    """Print the seconds each pipe of `nlp` takes over the texts."""
    start = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    components = [("tokenizer", time.perf_counter() - start)]
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        components.append((name, time.perf_counter() - start))
    parse = sum(seconds for _, seconds in components)
    print(f"\n{label}, each pipe alone on the same texts: {parse:.1f} s")
    for name, seconds in components:
        print(f"  {name:<36}{seconds:>9.2f}{seconds / parse:>8.1%}")


def time_fastparse(texts: list[str], processes: int, batch_size: int, clock=time.perf_counter) -> float:
    """The fast path's prefilter and parse alone: what it saves of spaCy's work."""
    from tacitus.nlp import load
    from tacitus.pipeline import default_pipeline

    nlp = load()
    prefilter = default_pipeline().prefilter  # as the ingest uses it
    start = clock()
    for _ in prefilter.parse(nlp, texts, batch_size=batch_size, n_process=processes):
        pass
    return clock() - start


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def compare(full: dict, fast: dict) -> tuple[int, int, int, int]:
    """(events of the full path, lost: no identical event in the fast path, not found: no
    fast event with the same code at the same trigger, new: fast events the full path lacks)."""
    total = sum(len(v) for v in full.values())
    lost = sum(len(v - fast.get(k, set())) for k, v in full.items())
    missing = sum(len({e[:2] for e in v} - {e[:2] for e in fast.get(k, set())}) for k, v in full.items())
    new = sum(len(v - full.get(k, set())) for k, v in fast.items())
    return total, lost, missing, new


def measure(path: Path, texts: list[str], p: int, args) -> None:
    """R interleaved rounds of the four configurations at P processes; print medians."""
    times: dict[str, list[float]] = {"spacy": [], "parse": [], "tacitus": [], "fast": [], "fastparse": []}
    ratios: dict[str, list[float]] = {name: [] for name in times}
    for _ in range(args.repeat):
        clock = time.process_time if args.cpu else time.perf_counter
        spacy_s = time_spacy(texts, p, args.batch_size, clock=clock)
        own_s = time_spacy(texts, p, args.batch_size, stock=False, clock=clock)
        full_s, full_keys = time_tacitus(path, p, args.batch_size, False, clock=clock)
        fast_s, fast_keys = time_tacitus(path, p, args.batch_size, True, clock=clock)
        parse_s = time_fastparse(texts, p, args.batch_size, clock=clock)
        for name, seconds in (("spacy", spacy_s), ("parse", own_s), ("tacitus", full_s), ("fast", fast_s),
                              ("fastparse", parse_s)):
            times[name].append(seconds)
            ratios[name].append(spacy_s / seconds)
    _report(times, ratios, [{"text": t} for t in texts], p, args)
    total, lost, missing, new = compare(full_keys, fast_keys)
    print(f"  fast path events: {total - lost}/{total} identical, {lost} lost ({lost / max(total, 1):.1%}); "
          f"{missing} ({missing / max(total, 1):.1%}) with no event of that code at that trigger; {new} new")


def measure_chunked(articles: list[dict], p: int, args) -> None:
    """As `measure`, but the corpus is cut into `args.chunks` parts and every configuration
    runs on each part in turn (the order rotating from part to part) before the next part:
    a slow spell of a shared machine then falls on all configurations alike instead of on
    whichever ran through it. A configuration's time in a round is the sum over the parts;
    the end-to-end runs of a round add to one store each, as a batch resumed in parts."""
    names = ["spacy", "parse", "tacitus", "fast", "fastparse"]
    clock = time.process_time if args.cpu else time.perf_counter
    parts = [articles[k :: args.chunks] for k in range(args.chunks)]
    times: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    full_keys: dict = {}
    fast_keys: dict = {}
    for _ in range(args.repeat):
        sums = dict.fromkeys(names, 0.0)
        with tempfile.TemporaryDirectory() as tmp:
            dbs = {"tacitus": Path(tmp) / "full.db", "fast": Path(tmp) / "fast.db"}
            for k, part in enumerate(parts):
                path = Path(tmp) / f"part{k}.jsonl"
                path.write_text("".join(json.dumps(a) + "\n" for a in part), encoding="utf-8")
                texts = [a["text"] for a in part]
                for name in names[k % len(names) :] + names[: k % len(names)]:
                    if name in ("spacy", "parse"):
                        sums[name] += time_spacy(texts, p, args.batch_size, stock=name == "spacy", clock=clock)
                    elif name == "fastparse":
                        sums[name] += time_fastparse(texts, p, args.batch_size, clock=clock)
                    else:
                        seconds, keys = time_tacitus(path, p, args.batch_size, name == "fast", clock=clock,
                                                     db=dbs[name])
                        sums[name] += seconds
                        (fast_keys if name == "fast" else full_keys).update(keys)
        for name in names:
            times[name].append(sums[name])
            ratios[name].append(sums["spacy"] / sums[name])
    _report(times, ratios, articles, p, args, f", {args.chunks} parts interleaved")
    total, lost, missing, new = compare(full_keys, fast_keys)
    print(f"  fast path events: {total - lost}/{total} identical, {lost} lost ({lost / max(total, 1):.1%}); "
          f"{missing} ({missing / max(total, 1):.1%}) with no event of that code at that trigger; {new} new")


def _report(times, ratios, articles, p: int, args, how: str = "") -> None:
    n_words = words([a["text"] for a in articles])
    print(f"\n{p} process{'es' if p > 1 else ''}, {args.repeat} rounds (medians"
          f"{', CPU seconds' if args.cpu else ''}{how}):")
    for name, values in times.items():
        seconds = median(values)
        print(f"  {name:<10} {seconds:7.1f} s  {n_words / seconds:8.0f} words/s  "
              f"{len(articles) / seconds:6.2f} articles/s  {median(ratios[name]):5.2f}× spaCy  "
              f"(rounds: {' '.join(f'{r:.2f}' for r in ratios[name])})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="articles (default 300; 0 = all)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds; medians are reported")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--stages", action="store_true",
                        help="instead: time each stage of a single-process ingest (and --fast one)")
    parser.add_argument("--fast", action="store_true", help="with --stages: the fast path")
    parser.add_argument("--cpu", action="store_true",
                        help="time CPU seconds of this process instead of wall time (steadier on a "
                             "shared machine; with --processes 1 only, workers' time is not counted)")
    parser.add_argument("--chunks", type=int, default=1,
                        help="cut the corpus into this many parts and run every configuration on "
                             "each part in turn (steadier ratios on a shared machine; 1 process only)")
    args = parser.parse_args(argv)
    if args.cpu and args.processes != [1]:
        parser.error("--cpu counts this process only: use it with --processes 1")
    if args.chunks > 1 and args.processes != [1]:
        parser.error("--chunks starts the workers again for every part: use it with --processes 1")

    from tacitus.nlp import load
    from tacitus.pipeline import default_pipeline

    articles = corpus(args.limit or None)
    texts = [a["text"] for a in articles]
    n_words = words(texts)
    print(f"corpus: {len(texts)} articles, {n_words} words")
    load()
    default_pipeline()
    list(load().pipe(texts[:8]))  # warm up
    list(stock_nlp().pipe(texts[:8]))
    from tacitus.pipeline import code_text

    code_text(texts[0], pipeline=default_pipeline())  # loads the gazetteer, lexicons, tables
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
        if args.stages:
            stage_breakdown(path, texts, args.batch_size, args.fast)
            return
        for p in args.processes:
            if args.chunks > 1:
                measure_chunked(articles, p, args)
            else:
                measure(path, texts, p, args)
    own, children = peak_mb()
    print(f"\npeak RSS: main process {own:.0f} MB, largest worker process {children:.0f} MB")


if __name__ == "__main__":
    main()
