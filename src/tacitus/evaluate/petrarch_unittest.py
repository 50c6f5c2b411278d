"""Run PETRARCH's own unit-test records through Tacitus with PETRARCH's validation
dictionaries, and score the events against the records' expected codings.

The records file (``PETR.UnitTest.records.xml``) holds ``<Sentence>`` records, each with a
date, an id, a category, the text, and one or more expected codings:

- ``<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064">`` — one expected event;
  ``---`` is an actor without a code, ``---GOV`` an agent without a country;
- ``<EventCoding noevents="True">`` — nothing should be coded;
- ``<EventCoding error="storydiscard">`` (or ``sentencediscard``, ``dateline``,
  ``bad_input_parse``) — PETRARCH refuses the record, so nothing should be coded.

``<Config option="require_dyad" value="false">`` elements between records change an option
for the records that follow (as PETRARCH's validation run does); ``require_dyad`` and
``new_actor_length`` are applied, the ``comma_*`` options (PETRARCH's deletion of
comma-delimited clauses from its parse trees) are not. The dictionaries are the
``PETR.Validate.*`` files next to the records file. Each text is parsed by spaCy through the
normal :class:`~tacitus.pipeline.Pipeline`, with the record's date as the article date; the
records' own Treebank parses are only compared with the text, to flag records whose parse
was made from a different sentence than the text shows.

A record passes when the set of (source, target, code) triples coded equals the expected
set. Repeated ids are keyed ``ID#2`` for the second occurrence.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvaluationError

log = logging.getLogger(__name__)

Triple = tuple[str, str, str]
NULL = "---"
DICTIONARY_FILES = {
    "actors": "PETR.Validate.actors.txt",
    "agents": "PETR.Validate.agents.txt",
    "verbs": "PETR.Validate.verbs.txt",
    "discards": "PETR.Validate.discards.txt",
}


@dataclass(frozen=True, slots=True)
class UnitTestRecord:
    """One ``<Sentence>`` record and what PETRARCH should code for it."""

    id: str
    category: str
    date: dt.date
    text: str
    expected: frozenset[Triple]
    error: str | None = None  # PETRARCH refuses the record: storydiscard, dateline, …
    options: tuple[tuple[str, str], ...] = ()  # <Config> options in force
    parse_matches_text: bool = True  # the record's Treebank parse has the text's words

    def option(self, name: str, default: str) -> str:
        return dict(self.options).get(name, default)

    @property
    def require_dyad(self) -> bool:
        return self.option("require_dyad", "true").lower() != "false"

    @property
    def new_actor_length(self) -> int:
        try:
            return int(self.option("new_actor_length", "0"))
        except ValueError:
            raise EvaluationError(f"record {self.id}: new_actor_length is not a number") from None


@dataclass(frozen=True, slots=True)
class RecordResult:
    record: UnitTestRecord
    produced: frozenset[Triple]
    discarded: str | None = None

    @property
    def passed(self) -> bool:
        return self.produced == self.record.expected

    @property
    def missing(self) -> frozenset[Triple]:
        return self.record.expected - self.produced

    @property
    def extra(self) -> frozenset[Triple]:
        return self.produced - self.record.expected

    def describe(self) -> str:
        """One record's diff, for debugging."""
        r = self.record
        lines = [f"{r.id} [{r.category}] {'PASS' if self.passed else 'FAIL'}: {r.text}"]
        if not r.parse_matches_text:
            lines.append("  (the words of the record's Treebank parse differ from its text)")
        if r.error:
            lines.append(f"  PETRARCH error expected: {r.error}")
        if self.discarded:
            lines.append(f"  discarded: {self.discarded}")
        for label, triples in (("expected", r.expected), ("missing", self.missing), ("extra", self.extra)):
            if triples:
                lines.append(f"  {label}: " + ", ".join("/".join(t) for t in sorted(triples)))
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Scores:
    true_positives: int
    expected: int
    produced: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.produced if self.produced else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "true_positives": self.true_positives,
                "expected": self.expected, "produced": self.produced}


def _scores(results: Iterable[RecordResult], key=lambda t: t) -> Scores:
    tp = exp = prod = 0
    for r in results:
        expected = {key(t) for t in r.record.expected}
        produced = {key(t) for t in r.produced}
        tp += len(expected & produced)
        exp += len(expected)
        prod += len(produced)
    return Scores(tp, exp, prod)


def _root(triple: Triple) -> Triple:
    return (triple[0], triple[1], triple[2][:2])


def _dyad(triple: Triple) -> tuple[str, str]:
    """The actors of an expected or coded event, the event code ignored."""
    return (triple[0], triple[1])


@dataclass
class UnitTestReport:
    """Results of the PETRARCH unit tests, with scores overall and per category."""

    results: list[RecordResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def pass_rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    @property
    def triples(self) -> Scores:
        return _scores(self.results)

    @property
    def roots(self) -> Scores:
        """Scores with event codes cut to their two-digit root."""
        return _scores(self.results, _root)

    @property
    def dyads(self) -> Scores:
        """Scores of (source, target) actor codes, the event code ignored: how well the
        actors are found and resolved, apart from the verb patterns."""
        return _scores(self.results, _dyad)

    def categories(self) -> dict[str, list[RecordResult]]:
        out: dict[str, list[RecordResult]] = {}
        for r in self.results:
            out.setdefault(r.record.category, []).append(r)
        return out

    def failures(self, category: str | None = None) -> list[RecordResult]:
        return [r for r in self.results if not r.passed and category in (None, r.record.category)]

    def format(self) -> str:
        """A table of the results: overall, then per category."""
        t, root = self.triples, self.roots
        mismatched = [r for r in self.results if not r.record.parse_matches_text]
        lines = [
            f"PETRARCH unit tests: {self.passed}/{self.total} records pass ({self.pass_rate:.1%})",
            f"triples  P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f}"
            f"  ({t.true_positives} of {t.expected} expected, {t.produced} coded)",
            f"roots    P {root.precision:.3f}  R {root.recall:.3f}  F1 {root.f1:.3f}",
            f"actors   P {self.dyads.precision:.3f}  R {self.dyads.recall:.3f}  F1 {self.dyads.f1:.3f}"
            "  (source/target pairs, event code ignored)",
            f"records whose Treebank parse has other words than the text: {len(mismatched)}"
            f" ({sum(r.passed for r in mismatched)} pass)",
            "",
            f"{'category':<10} {'records':>7} {'pass':>5} {'rate':>7} {'triple F1':>9}",
        ]
        for name, results in sorted(self.categories().items()):
            passed = sum(r.passed for r in results)
            scores = _scores(results)
            f1 = f"{scores.f1:>9.3f}" if scores.expected else f"{'-':>9}"  # nothing to find
            lines.append(f"{name:<10} {len(results):>7} {passed:>5} {passed / len(results):>7.1%} {f1}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "records": self.total,
            "passed": self.passed,
            "pass_rate": round(self.pass_rate, 4),
            "triples": self.triples.to_dict(),
            "roots": self.roots.to_dict(),
            "actor_pairs": self.dyads.to_dict(),
            "categories": {
                name: {"records": len(rs), "passed": sum(r.passed for r in rs),
                       "triples": _scores(rs).to_dict()}
                for name, rs in sorted(self.categories().items())
            },
            "failures": [
                {"id": r.record.id, "category": r.record.category,
                 "missing": sorted("/".join(t) for t in r.missing),
                 "extra": sorted("/".join(t) for t in r.extra),
                 "parse_matches_text": r.record.parse_matches_text}
                for r in self.failures()
            ],
        }


# ---------------------------------------------------------------------------------------
# Reading the records
# ---------------------------------------------------------------------------------------


def _attr(element: ET.Element, name: str, path: Path) -> str:
    value = element.get(name)
    if value is None:
        raise EvaluationError(f"{path}: a <{element.tag}> has no {name} attribute")
    return value.strip()


def _code(value: str) -> str:
    """An expected actor or event code; PETRARCH writes a text actor as '"INJURY TOLL"'."""
    return value.strip() or NULL


def _words(text: str) -> list[str]:
    """Lower-case words, with contractions split as the Treebank splits them (is n't)."""
    text = re.sub(r"n't\b", " n't", text.lower())
    return re.findall(r"[a-z0-9_]+", text)  # "Dol_Amroth" is one word, "Dol Amroth" two


def _parse_words(parse: str) -> list[str]:
    leaves = re.findall(r"\(\S+ ([^()\s]+)\)", parse)
    return [w for w in _words(" ".join(leaves)) if w not in ("lrb", "rrb")]


def _record(element: ET.Element, options: dict[str, str], path: Path) -> UnitTestRecord:
    rid = _attr(element, "id", path)
    try:
        date = dt.datetime.strptime(_attr(element, "date", path), "%Y%m%d").date()
    except ValueError:
        raise EvaluationError(f"{path}: record {rid}: date is not YYYYMMDD") from None
    text_el = element.find("Text")
    if text_el is None or not (text_el.text or "").strip():
        raise EvaluationError(f"{path}: record {rid} has no <Text>")
    text = " ".join(text_el.text.split())
    expected: set[Triple] = set()
    error = None
    for coding in element.findall("EventCoding"):
        if coding.get("error") is not None:
            error = coding.get("error").strip()
        elif coding.get("noevents") is not None:
            continue
        else:
            expected.add(tuple(_code(_attr(coding, a, path)) for a in ("sourcecode", "targetcode", "eventcode")))
    parse_el = element.find("Parse")
    parse_ok = parse_el is None or _parse_words(parse_el.text or "") == _words(text)
    return UnitTestRecord(
        id=rid, category=_attr(element, "category", path), date=date, text=text,
        expected=frozenset(expected), error=error, options=tuple(sorted(options.items())),
        parse_matches_text=parse_ok,
    )


def read_unittest_records(path: Path) -> list[UnitTestRecord]:
    """The records of a PETRARCH validation file, in order, with the options in force."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise EvaluationError(f"{path}: cannot read the records: {exc}") from None
    sentences = root.find("Sentences")
    if sentences is None:
        raise EvaluationError(f"{path}: no <Sentences> element")
    options: dict[str, str] = {}
    records: list[UnitTestRecord] = []
    seen: dict[str, int] = {}
    for element in sentences:
        if element.tag == "Config":
            options[_attr(element, "option", path)] = _attr(element, "value", path)
        elif element.tag == "Sentence":
            record = _record(element, options, path)
            seen[record.id] = seen.get(record.id, 0) + 1
            if seen[record.id] > 1:
                record = _renamed(record, f"{record.id}#{seen[record.id]}")
            records.append(record)
    return records


def _renamed(record: UnitTestRecord, rid: str) -> UnitTestRecord:
    from dataclasses import replace

    return replace(record, id=rid)


# ---------------------------------------------------------------------------------------
# Coding the records
# ---------------------------------------------------------------------------------------


def load_validation_dictionaries(directory: Path):
    """The PETR.Validate.* dictionaries of a records folder as Tacitus dictionaries."""
    from ..dictionaries.petrarch import (
        load_discards,
        load_petrarch_actors,
        load_petrarch_agents,
        load_petrarch_verbs,
    )
    from ..pipeline import Dictionaries

    files = {kind: directory / name for kind, name in DICTIONARY_FILES.items()}
    for kind, file in files.items():
        if not file.is_file():
            raise EvaluationError(f"{directory}: the {kind} dictionary {file.name} is missing")
    actors = load_petrarch_actors(files["actors"]).merged(load_petrarch_agents(files["agents"]))
    verbs = load_petrarch_verbs(files["verbs"], codes="any")  # the suite's own (WEIS-like) codes
    return Dictionaries(actors=actors, verbs=verbs, discards=load_discards(files["discards"]))


def _actor_code(ref, mentions_by_span: dict) -> str:
    """PETRARCH's way of writing an event's actor: its code, ---ROLE, or ---."""
    if ref is None:
        return NULL
    if ref.code:
        return ref.code
    mention = mentions_by_span.get((ref.start, ref.end))
    roles = "".join(mention.roles) if mention is not None else ""
    return NULL + roles


def triples_of(coding) -> frozenset[Triple]:
    """The (source, target, code) triples of a coding, written as PETRARCH writes them."""
    spans = {(m.start, m.end): m for m in coding.mentions}
    return frozenset(
        (_actor_code(e.source, spans), _actor_code(e.target, spans), e.cameo) for e in coding.events
    )


def code_records(records: Sequence[UnitTestRecord], dictionaries) -> list[RecordResult]:
    """Code each record's text with a pipeline built for the options in force."""
    from ..events.code import CodingOptions
    from ..model import Article
    from ..nlp import load
    from ..pipeline import Pipeline

    pipelines: dict[tuple[bool, int], Pipeline] = {}
    nlp = load()
    results = []
    docs = nlp.pipe((r.text for r in records), batch_size=32)
    for record, doc in zip(records, docs, strict=True):
        key = (record.require_dyad, record.new_actor_length)
        if key not in pipelines:
            options = CodingOptions.petrarch(require_dyad=key[0], new_actor_length=key[1])
            pipelines[key] = Pipeline(dictionaries, options=options)
        article = Article(id=record.id, text=record.text, date=record.date, source="petrarch-unittest")
        coding = pipelines[key].code_doc(article, doc)
        results.append(RecordResult(record, triples_of(coding), coding.discarded))
    return results


def evaluate_petrarch_unittest(
    records_xml: Path,
    *,
    dictionary_dir: Path | None = None,
    ids: Iterable[str] | None = None,
    categories: Iterable[str] | None = None,
    limit: int | None = None,
) -> UnitTestReport:
    """Code PETRARCH's unit-test records with its validation dictionaries and score them.

    `dictionary_dir` defaults to the records' folder; `ids`, `categories` or `limit` (the
    first N records) restrict the run (for a quick check or a test).
    """
    records_xml = Path(records_xml)
    records = read_unittest_records(records_xml)
    if ids is not None:
        wanted = set(ids)
        records = [r for r in records if r.id in wanted]
    if categories is not None:
        cats = set(categories)
        records = [r for r in records if r.category in cats]
    records = records[:limit] if limit else records
    dictionaries = load_validation_dictionaries(Path(dictionary_dir or records_xml.parent))
    return UnitTestReport(code_records(records, dictionaries))
