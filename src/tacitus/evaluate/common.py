"""Helpers shared by the gold-set evaluations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def macro_f1(gold: Sequence, predicted: Sequence, labels: Iterable) -> tuple[float, dict]:
    """Macro-averaged F1 over `labels`, and per-label (precision, recall, f1, support)."""
    per = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        prec, rec = ratio(tp, tp + fp), ratio(tp, tp + fn)
        per[label] = (prec, rec, f1(prec, rec), tp + fn)
    return (sum(v[2] for v in per.values()) / len(per) if per else 0.0), per


def table(headers: Sequence[str], rows: Sequence[Sequence], *, title: str | None = None) -> str:
    """A plain-text table with left-aligned first column and right-aligned figures."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    lines = [title] if title else []
    lines.append("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths, strict=True))))
    lines.append("  ".join("-" * w for w in widths))
    for r in cells:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))))
    return "\n".join(lines) + "\n"


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"
