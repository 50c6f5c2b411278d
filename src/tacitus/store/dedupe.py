"""Event de-duplication across articles: which stored event is this one a report of?

Two events are reports of the same event when they have the same source and target codes,
the same CAMEO root (code family), dates at most ``window_days`` apart, and evidence
sentences that share enough content words. The first event stored heads the cluster; the
cluster's counts follow GDELT: NumMentions (every report, several per article possible),
NumArticles (distinct articles) and NumSources (distinct outlets).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP_WORDS = """a an the and or but of to in on at by for with from as is are was were be been being has
    have had it its this that these those he she they them his her their we our you your i
    said says say not no will would could should may might can also after before over about
    into than then there here who whom which what when where while monday tuesday wednesday
    thursday friday saturday sunday"""
_STOP = frozenset(_STOP_WORDS.split())
STEM = 5  # compare words by their first letters: "Russia"/"Russian", "attack"/"attacked"


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    window_days: int = 2
    min_similarity: float = 0.25  # Jaccard similarity of the sentences' content-word stems
    max_candidates: int = 50


@functools.lru_cache(maxsize=8192)
def content_stems(sentence: str) -> frozenset[str]:
    """The content words of a sentence, lower-cased and cut to their first STEM letters."""
    return frozenset(
        w[:STEM] for w in (m.group(0).lower() for m in _WORD.finditer(sentence)) if w not in _STOP
    )


def sentence_similarity(a: str, b: str) -> float:
    """Jaccard similarity of two sentences' content-word stems (0 when either has none)."""
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def day_number(day: int) -> int:
    """YYYYMMDD → days since 0001-01-01, for windows that cross month ends."""
    return dt.date(day // 10000, day // 100 % 100, day % 100).toordinal()


def day_key(date: dt.date | None) -> int:
    return date.year * 10000 + date.month * 100 + date.day if date else 0


def shift_day(day: int, days: int) -> int:
    return day_key(dt.date.fromordinal(day_number(day) + days))


def best_match(sentence: str, candidates: list[tuple[int, str]], options: ClusterOptions) -> int | None:
    """The cluster id of the most similar candidate (cluster_id, sentence) above the threshold."""
    best, best_score = None, options.min_similarity
    for cluster_id, text in candidates:
        score = sentence_similarity(sentence, text)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = cluster_id, score
    return best
