"""`tacitus evaluate SET PATH`: score Tacitus on a gold set and print the figures."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import EvaluationError

# gold set name → (module, function, default path under ../shared, help)
SETS = {
    "plover-gsr": ("tacitus.evaluate.plover_gsr", "evaluate_plover_gsr",
                   "gold/plover-gsr/PLOVER_GSR_CAMEO.txt",
                   "actors and event types on the 322 CAMEO-manual sentences"),
    "pentaclass": ("tacitus.evaluate.pentaclass", "evaluate_pentaclass",
                   "gold/pentaclass/train.tsv",
                   "penta-class of the most salient event on ConfliBERT sentences"),
    "petrarch-unittest": ("tacitus.evaluate.petrarch_unittest", "evaluate_petrarch_unittest",
                          "gold/petrarch-unittest/PETR.UnitTest.records.xml",
                          "PETRARCH-2's unit-test records with their own dictionaries"),
    "quotes": ("tacitus.evaluate.quotes", "evaluate_quotes", "gold/quotes-polnear/dev",
               "quote attribution on PolNeAR (content span F1, speaker accuracy)"),
    "geo": ("tacitus.evaluate.geo", "evaluate_geo", "gold/geo",
            "toponym resolution on TR-News and LGL (exact id, country, within 161 km)"),
}


def register(sub) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score Tacitus on a gold set",
        description="Score Tacitus on a gold-standard set and print the figures. "
        "Sets: " + "; ".join(f"{k}: {v[3]}" for k, v in SETS.items()) + ". "
        "`all` runs every set from the --shared folder.",
    )
    p.add_argument("set", choices=(*SETS, "all"), help="which gold set")
    p.add_argument("path", nargs="?", type=Path, help="the gold file or folder (default: under --shared)")
    p.add_argument("--shared", type=Path, default=Path("../shared"), help="folder holding gold/ (default ../shared)")
    p.add_argument("--limit", type=int, help="score only the first N items (quick checks)")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=run)


def _evaluate(name: str, path: Path, limit: int | None):
    import importlib

    module_name, function, _, _ = SETS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise EvaluationError(f"the {name} evaluation is not available in this build ({exc.name})") from None
    if not path.exists():
        raise EvaluationError(f"{path}: no such gold file or folder")
    return getattr(module, function)(path, limit=limit)


def run(args: argparse.Namespace) -> int:
    names = list(SETS) if args.set == "all" else [args.set]
    results = {}
    for name in names:
        path = args.path if (args.path and args.set != "all") else args.shared / SETS[name][2]
        report = _evaluate(name, path, args.limit)
        results[name] = report.to_dict()
        if not args.json:
            sys.stdout.write(f"== {name}: {path}\n{report.format()}\n")
            sys.stdout.flush()
    if args.json:
        json.dump(results if args.set == "all" else results[names[0]], sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
    return 0
