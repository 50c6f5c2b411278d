"""Score the penta-class of each sentence's most salient event against ConfliBERT labels.

Penta-class of a CAMEO root, as the evaluation defines it: 0 = 01–02 (statements,
appeals), 1 = 03–05 (verbal cooperation), 2 = 06–08 (material cooperation), 3 = 09–13
(verbal conflict), 4 = 14–20 (material conflict). The labels themselves read root 16
(reduce relations: sanctions, aid cuts, expelled diplomats, cancelled visits) as verbal
conflict: every sentence Tacitus codes 16 is labelled 3, in both halves of the file alike.
The report's headline figures use the definition above; a second line gives the figures
with 16 read as the labels read it, so neither is hidden. The most salient event is the
sentence's first event (main clause first). A sentence with no event is counted as
uncoded: wrong for accuracy, and a miss for its gold class in the F1 scores.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EvaluationError
from ..model import Article
from .common import macro_f1, pct, ratio, table

CLASSES = (0, 1, 2, 3, 4)
CLASS_NAMES = {
    0: "statements, appeals (01-02)",
    1: "verbal cooperation (03-05)",
    2: "material cooperation (06-08)",
    3: "verbal conflict (09-13)",
    4: "material conflict (14-20)",
}


def penta_class(root: str | None, *, sixteen_verbal: bool = False) -> int | None:
    """The class of a CAMEO root (None for no event); ``sixteen_verbal`` reads root 16
    as verbal conflict, the labels' convention."""
    if root is None:
        return None
    r = int(root)
    if r <= 2:
        return 0
    if r <= 5:
        return 1
    if r <= 8:
        return 2
    if r <= 13 or (sixteen_verbal and r == 16):
        return 3
    return 4


@dataclass
class PentaReport:
    gold: list[int] = field(default_factory=list)
    roots: list[str | None] = field(default_factory=list)  # the most salient event's root
    sixteen_verbal: bool = False

    @property
    def predicted(self) -> list[int | None]:
        return [penta_class(r, sixteen_verbal=self.sixteen_verbal) for r in self.roots]

    def with_sixteen_verbal(self) -> PentaReport:
        """The same predictions scored with root 16 as verbal conflict."""
        return PentaReport(gold=self.gold, roots=self.roots, sixteen_verbal=True)

    @property
    def sentences(self) -> int:
        return len(self.gold)

    @property
    def uncoded(self) -> int:
        return sum(p is None for p in self.predicted)

    @property
    def accuracy(self) -> float:
        return ratio(sum(g == p for g, p in zip(self.gold, self.predicted, strict=True)), self.sentences)

    def scores(self) -> tuple[float, dict]:
        return macro_f1(self.gold, self.predicted, CLASSES)

    def coded_accuracy(self) -> float:
        pairs = [(g, p) for g, p in zip(self.gold, self.predicted, strict=True) if p is not None]
        return ratio(sum(g == p for g, p in pairs), len(pairs))

    def to_dict(self) -> dict:
        macro, per = self.scores()
        return {
            "sentences": self.sentences,
            "accuracy": self.accuracy,
            "macro_f1": macro,
            "uncoded": self.uncoded,
            "uncoded_share": ratio(self.uncoded, self.sentences),
            "accuracy_on_coded": self.coded_accuracy(),
            "per_class": {c: {"precision": p, "recall": r, "f1": f, "support": s} for c, (p, r, f, s) in per.items()},
            "confusion": {f"{g}->{p}": n for (g, p), n in Counter(zip(self.gold, self.predicted, strict=True)).most_common()},
            "root_16_as_verbal_conflict": self._sixteen_summary(),
        }

    def _sixteen_summary(self) -> dict | None:
        if self.sixteen_verbal:
            return None
        other = self.with_sixteen_verbal()
        return {"accuracy": other.accuracy, "macro_f1": other.scores()[0]}

    def format(self) -> str:
        d = self.to_dict()
        head = table(
            ("measure", "value"),
            [
                ("sentences", d["sentences"]),
                ("accuracy", pct(d["accuracy"])),
                ("macro-F1", f"{d['macro_f1']:.3f}"),
                ("left uncoded", f"{d['uncoded']} ({pct(d['uncoded_share'])})"),
                ("accuracy on coded sentences", pct(d["accuracy_on_coded"])),
                ("root 16 as verbal conflict (the labels' reading): accuracy / macro-F1",
                 f"{pct(d['root_16_as_verbal_conflict']['accuracy'])} / "
                 f"{d['root_16_as_verbal_conflict']['macro_f1']:.3f}"),
            ],
            title="Penta-class of the most salient event (ConfliBERT labels)",
        )
        rows = [
            (f"{c} {CLASS_NAMES[c]}", f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", v["support"])
            for c, v in d["per_class"].items()
        ]
        return head + table(("class", "precision", "recall", "F1", "support"), rows, title="\nper class")


def read_gold(path: Path) -> list[tuple[str, int]]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"{path}: {exc.strerror}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        text, _, label = line.rpartition("\t")
        if not text or label.strip() not in {"0", "1", "2", "3", "4"}:
            raise EvaluationError(f"{path}:{number}: expected 'sentence<TAB>label 0-4'")
        rows.append((text, int(label)))
    return rows


def evaluate_pentaclass(path: Path, *, pipeline=None, limit: int | None = None) -> PentaReport:
    from ..pipeline import default_pipeline

    pipeline = pipeline or default_pipeline()
    rows = read_gold(path)[:limit]
    report = PentaReport()
    articles = [Article(id=f"pentaclass-{i}", text=t, source=str(path)) for i, (t, _) in enumerate(rows)]
    for (_, label), coding in zip(rows, pipeline.code_articles(articles, batch_size=64), strict=True):
        report.gold.append(label)
        report.roots.append(coding.events[0].root if coding.events else None)
    return report
