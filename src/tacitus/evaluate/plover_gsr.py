"""Score actors and event types on the PLOVER gold-standard records of CAMEO-manual sentences.

The file (../shared/gold/plover-gsr/PLOVER_GSR_CAMEO.txt) is a JSON list; each record has
the sentence `text`, gold `source`/`target` actors (`code`: a country, or the generic IGO/
NGO; optional `sector`: GOV, MIL, REB, CVL…) and a PLOVER `event` in the older 0.5b1
category names.

Actors: a gold actor is found when some actor Tacitus found in the sentence has that
country (or, for IGO/NGO, a code starting with it); its sector is right when the found
actor carries that role. Recall is over gold actors. Precision is over the actor codes
Tacitus gives the sentence's main (first) event — the gold codes one event per sentence —
each counted right when it matches a gold actor; precision over every event's actors and
over every actor mentioned is also given, though those penalise other events and
bystanders the gold never lists.

Event type: the 0.5b1 category maps to CAMEO roots (below); the sentence is right when the
root of its first event — the main-clause event, what the sentence chiefly reports — is
among them. Sentences with no event count as wrong and are reported.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import EvaluationError
from ..model import Article
from .common import pct, ratio, table

# PLOVER 0.5b1 category → CAMEO roots it covers.
CATEGORY_ROOTS: dict[str, frozenset[str]] = {
    "AGREE": frozenset({"03"}),
    "CONSULT": frozenset({"04"}),
    "SUPPORT": frozenset({"05"}),
    "COOPERATE": frozenset({"06"}),
    "AID": frozenset({"07"}),
    "CONCEDE": frozenset({"08"}),
    "RETREAT": frozenset({"08"}),
    "INVESTIGATE": frozenset({"09"}),
    "DEMAND": frozenset({"10"}),
    "DISAPPROVE": frozenset({"11"}),
    "REJECT": frozenset({"12"}),
    "THREATEN": frozenset({"13"}),
    "PROTEST": frozenset({"14"}),
    "MOBILIZE": frozenset({"15"}),
    "SANCTION": frozenset({"16"}),
    "COERCE": frozenset({"17"}),
    "ASSAULT": frozenset({"18", "20"}),
    "FIGHT": frozenset({"19"}),
}
GENERIC = frozenset({"IGO", "NGO", "NGM", "MNC", "IMG", "INT"})


@dataclass(frozen=True)
class GoldRecord:
    id: str
    text: str
    category: str
    actors: tuple[tuple[str, str | None], ...]  # (code, sector) of sources and targets


@dataclass
class PloverReport:
    sentences: int = 0
    gold_actors: int = 0
    actors_found: int = 0
    sectors_given: int = 0
    sectors_right: int = 0
    event_actor_codes: int = 0
    event_actor_right: int = 0
    main_actor_codes: int = 0
    main_actor_right: int = 0
    all_actor_codes: int = 0
    all_actor_right: int = 0
    events_right: int = 0
    events_any_right: int = 0
    uncoded: int = 0
    by_category: dict[str, list[int]] = field(default_factory=dict)  # [n, right, uncoded]
    confusions: Counter = field(default_factory=Counter)

    @property
    def actor_recall(self) -> float:
        return ratio(self.actors_found, self.gold_actors)

    @property
    def actor_precision(self) -> float:
        return ratio(self.event_actor_right, self.event_actor_codes)

    @property
    def event_accuracy(self) -> float:
        return ratio(self.events_right, self.sentences)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["confusions"] = {f"{g}->{p}": n for (g, p), n in self.confusions.most_common()}
        d.update(
            actor_recall=self.actor_recall,
            actor_precision=self.actor_precision,
            actor_precision_all_mentions=ratio(self.all_actor_right, self.all_actor_codes),
            actor_precision_main_event=ratio(self.main_actor_right, self.main_actor_codes),
            sector_accuracy=ratio(self.sectors_right, self.sectors_given),
            event_accuracy=self.event_accuracy,
            event_accuracy_any=ratio(self.events_any_right, self.sentences),
        )
        return d

    def format(self) -> str:
        d = self.to_dict()
        head = table(
            ("measure", "value", "count"),
            [
                ("actor recall (country)", pct(d["actor_recall"]), f"{self.actors_found}/{self.gold_actors}"),
                ("actor precision (main event)", pct(d["actor_precision_main_event"]), f"{self.main_actor_right}/{self.main_actor_codes}"),
                ("actor precision (all event actors)", pct(d["actor_precision"]), f"{self.event_actor_right}/{self.event_actor_codes}"),
                ("actor precision (all mentions)", pct(d["actor_precision_all_mentions"]), f"{self.all_actor_right}/{self.all_actor_codes}"),
                ("sector accuracy (where given)", pct(d["sector_accuracy"]), f"{self.sectors_right}/{self.sectors_given}"),
                ("event type accuracy (first event)", pct(d["event_accuracy"]), f"{self.events_right}/{self.sentences}"),
                ("event type among any event", pct(d["event_accuracy_any"]), f"{self.events_any_right}/{self.sentences}"),
                ("sentences with no event", pct(ratio(self.uncoded, self.sentences)), f"{self.uncoded}/{self.sentences}"),
            ],
            title=f"PLOVER GSR ({self.sentences} CAMEO-manual sentences)",
        )
        rows = [
            (cat, n, pct(ratio(right, n)), unc)
            for cat, (n, right, unc) in sorted(self.by_category.items())
        ]
        per = table(("category", "n", "accuracy", "uncoded"), rows, title="\nby gold category")
        conf = "\nmost frequent confusions (gold → predicted root): " + ", ".join(
            f"{g}→{p} ×{n}" for (g, p), n in self.confusions.most_common(8)
        )
        return head + per + conf + "\n"


def read_gold(path: Path) -> list[GoldRecord]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"{path}: cannot read PLOVER GSR JSON: {exc}") from None
    records = []
    for item in data:
        category = item.get("event")
        if category not in CATEGORY_ROOTS or not item.get("text"):
            continue
        actors = []
        for side in ("source", "target"):
            for actor in item.get(side) or []:
                if isinstance(actor, dict) and actor.get("code"):
                    sector = actor.get("sector")
                    sector = sector[:3] if sector and sector != "***" else None
                    actors.append((actor["code"], sector))
        records.append(GoldRecord(item["id"], item["text"], category, tuple(actors)))
    return records


def _matches(gold_code: str, code: str | None, country: str | None) -> bool:
    if not code:
        return False
    if gold_code in GENERIC:
        return code.startswith(gold_code)
    return country == gold_code or code[:3] == gold_code


def _has_sector(sector: str, code: str, roles: tuple[str, ...]) -> bool:
    chunks = {code[i : i + 3] for i in range(3, len(code), 3)} | set(roles)
    return sector in chunks


def evaluate_plover_gsr(path: Path, *, pipeline=None, limit: int | None = None) -> PloverReport:
    from ..pipeline import default_pipeline

    pipeline = pipeline or default_pipeline()
    records = read_gold(path)[:limit]
    report = PloverReport()
    articles = [Article(id=r.id, text=r.text, source=str(path)) for r in records]
    for record, coding in zip(records, pipeline.code_articles(articles), strict=True):
        report.sentences += 1
        stats = report.by_category.setdefault(record.category, [0, 0, 0])
        stats[0] += 1
        found = [(a.code, a.country, a.roles) for a in coding.actors if a.code]
        for gold_code, sector in record.actors:
            report.gold_actors += 1
            hits = [f for f in found if _matches(gold_code, f[0], f[1])]
            if hits:
                report.actors_found += 1
            if sector:
                report.sectors_given += 1
                if any(_has_sector(sector, f[0], f[2]) for f in hits):
                    report.sectors_right += 1
        event_codes = {
            (ref.code, ref.country)
            for e in coding.events
            for ref in (e.source, e.target)
            if ref is not None and ref.code
        }
        for code, country in event_codes:
            report.event_actor_codes += 1
            if any(_matches(g, code, country) for g, _ in record.actors):
                report.event_actor_right += 1
        if coding.events:
            main = coding.events[0]
            for ref in (main.source, main.target):
                if ref is not None and ref.code:
                    report.main_actor_codes += 1
                    if any(_matches(g, ref.code, ref.country) for g, _ in record.actors):
                        report.main_actor_right += 1
        for code, country, _ in {(c, k, ()) for c, k, _ in found}:
            report.all_actor_codes += 1
            if any(_matches(g, code, country) for g, _ in record.actors):
                report.all_actor_right += 1
        roots = CATEGORY_ROOTS[record.category]
        if not coding.events:
            report.uncoded += 1
            stats[2] += 1
            continue
        first = coding.events[0].root
        if first in roots:
            report.events_right += 1
            stats[1] += 1
        else:
            report.confusions[(record.category, first)] += 1
        if any(e.root in roots for e in coding.events):
            report.events_any_right += 1
    return report
