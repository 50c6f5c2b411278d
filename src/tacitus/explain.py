"""A readable account of how Tacitus coded a text: parse, actors, patterns, events."""

from __future__ import annotations

import datetime as dt
import io

from .model import Article
from .nlp import load


def explain(text: str, *, pipeline=None, date: dt.date | None = None, show_all: bool = False) -> str:
    """The explanation of coding `text`, as printable text."""
    from .pipeline import default_pipeline

    pipeline = pipeline or default_pipeline()
    doc = load(pipeline.model)(text)
    article = Article(id="explain", text=text, date=date, source="explain")
    coding, traces = pipeline.code_doc_explained(article, doc)
    out = io.StringIO()
    if coding.discarded:
        out.write(f"story discarded: {coding.discarded}\n")
    for n, sent in enumerate(doc.sents):
        out.write(f"sentence {n}: {sent.text.strip()}\n\n  parse:\n")
        for t in sent:
            if t.is_space:
                continue
            head = "ROOT" if t.head.i == t.i else f"{t.head.text}#{t.head.i}"
            ent = f"  {t.ent_type_}" if t.ent_type_ else ""
            out.write(f"    {t.i:>3} {t.text:<16} {t.lemma_:<14} {t.pos_:<6} {t.dep_:<10} → {head}{ent}\n")
        out.write("\n  actors:\n")
        mentions = [m for m in coding.mentions if m.sentence == n]
        if not mentions:
            out.write("    (none)\n")
        for m in mentions:
            extra = f"  kb={m.kb_id}" if m.kb_id else ""
            roles = f"  roles={'+'.join(m.roles)}" if m.roles else ""
            out.write(f"    {m.text!r:<40} {m.code or '—':<12} via {m.how}{roles}{extra}\n")
        out.write("\n  triggers:\n")
        sent_traces = [t for t in traces if sent.start <= t.index < sent.end]
        if not sent_traces:
            out.write("    (no word with a verb pattern)\n")
        for trace in sent_traces:
            out.write(f"    '{trace.token}' (lemma {trace.lemma}):\n")
            for attempt in trace.attempts:
                if attempt.matched or show_all:
                    mark = "✓" if attempt.matched else "✗"
                    out.write(f"      {mark} {attempt.pattern} [{attempt.code}] {attempt.reason}"
                              + (f" (score {attempt.score})" if attempt.matched else "") + "\n")
            hidden = sum(1 for a in trace.attempts if not a.matched)
            if hidden and not show_all:
                out.write(f"      … {hidden} other pattern(s) did not match (--all lists them)\n")
            if trace.chosen:
                out.write(f"      chosen: {trace.chosen}\n")
            if trace.modality is not None:
                m = trace.modality
                neg = f"negated ({m.negation_reason})" if m.negated else "not negated"
                mood = m.mood + (f" ({m.mood_reason})" if m.mood_reason else "")
                out.write(f"      {neg}; mood {mood}\n")
            if trace.sources or trace.targets:
                out.write(f"      source: {', '.join(trace.sources) or '—'}; target: {', '.join(trace.targets) or '—'}\n")
            if trace.outcome:
                out.write(f"      → {trace.outcome.strip()}\n")
        out.write("\n  events:\n")
        events = [e for e in coding.events if e.sentence == n]
        if not events:
            out.write("    (none)\n")
        for e in events:
            src = f"{e.source.text} [{e.source.code}]" if e.source else "—"
            tgt = f"{e.target.text} [{e.target.code}]" if e.target else "—"
            flags = ("negated, " if e.negated else "") + e.mood
            out.write(f"    {src} → {e.cameo} {e.name} → {tgt}  ({flags}; rule {e.rule})\n")
        out.write("\n")
    return out.getvalue()
