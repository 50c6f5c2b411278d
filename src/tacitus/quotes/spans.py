"""Character spans of the article text: trimming, clipping, merging, raw sentence ends."""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Sequence

from ..nlp import tokens as doc_tokens
from .marks import QUOTE_CHARS, trimmed

_PUNCT_EDGE = " \t\r\n,;:—–-―"


_CONJ_START = re.compile(r"(?:and|but|or|so|yet)\b\s*", re.IGNORECASE)


def token_span(tokens) -> tuple[int, int]:
    """Character span from the first token's left edge to the last token's right edge."""
    first = min(t.left_edge.i for t in tokens)
    last = max(t.right_edge.i for t in tokens)
    cached = doc_tokens(tokens[0].doc)  # (the Doc's Tokens, not new ones)
    return cached[first].idx, cached[last].idx + len(cached[last].text)


def clean_span(text: str, start: int, end: int, *, content: bool = False) -> tuple[int, int]:
    """Trim whitespace and edge punctuation; for content also a leading conjunction and a
    final full stop, for anything else (a source) quotation marks too."""
    edge = _PUNCT_EDGE if content else _PUNCT_EDGE + QUOTE_CHARS
    while start < end and text[start] in edge:
        start += 1
    while end > start and text[end - 1] in edge + (".?!" if not content else ""):
        end -= 1
    if content:
        match = _CONJ_START.match(text, start, end)
        if match and match.end() < end:
            start = match.end()
        while end > start and (text[end - 1] in _PUNCT_EDGE or
                               (text[end - 1] == "." and _is_final_stop(text, end - 1))):
            end -= 1
    return start, end


def _is_final_stop(text: str, i: int) -> bool:
    """A full stop that ends the sentence (not one closing an abbreviation like "U.S.")."""
    return not (i >= 2 and text[i - 2] == "." and text[i - 1].isalpha())


def fragments(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    cleaned = (clean_span(text, *_after_dateline(text, s, e), content=True) for s, e in spans)
    return [(s, e) for s, e in cleaned if any(ch.isalnum() for ch in text[s:e])]


# "WASHINGTON ―", "LOS ANGELES, Sept. 28 (UPI) —", "HEMPSTEAD, N.Y. (AP) --": where the
# wire put the story, not part of anything anyone said.
_DATELINE = re.compile(r"[ \t]*[A-Z][A-Z.'’ -]{4,40}(?:,[ \t]+[A-Z][\w.]*(?:[ \t]+\d{1,2})?)?"
                       r"(?:[ \t]*\([A-Za-z ]{1,20}\))?[ \t]*(?:[―—–]|--)[ \t]*")


def _after_dateline(text: str, start: int, end: int) -> tuple[int, int]:
    """A content piece without the dateline that opens its paragraph."""
    if start and text[start - 1] != "\n":
        return start, end
    match = _DATELINE.match(text, start, end)
    if match is None or match.end() >= end or not re.search(r"[A-Z]{5}", match.group()):
        return start, end  # "NATO — the alliance …" is no dateline
    return match.end(), end


# Where a sentence ends in the raw text: . ! ? (and any closing quote) before a capital,
# or a line break. The parser's sentences sometimes run across both.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’')]*(?=\s+(?:''|[\"“‘'(])?[A-Z0-9])|\n")


_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col",
                            "st", "jr", "sr", "no", "vs", "rev", "prof", "sgt", "capt", "adm",
                            "inc", "corp", "co", "ltd", "jan", "feb", "aug", "sept", "sep",
                            "oct", "nov", "dec", "mt", "ft", "u.s", "u.n", "d.c", "e.u"})


def sentence_ends(text: str) -> list[int]:
    """Offsets where a sentence of the raw text ends (abbreviations and initials skipped)."""
    ends = [0]
    for match in _SENTENCE_END.finditer(text):
        at = match.start()
        if text[at - 1:at] == ".":
            before = text[max(0, at - 40):at - 1].rsplit(None, 1)
            word = before[-1].lstrip("\"“‘(").lower() if before else ""
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word:
                continue
        ends.append(match.end())
    ends.append(len(text))
    return ends


def sentence_of(ends: Sequence[int], pos: int) -> tuple[int, int]:
    """The raw-text sentence around `pos`."""
    k = bisect.bisect_right(ends, pos)
    return ends[k - 1], ends[min(k, len(ends) - 1)]


def clip(pieces: Iterable[tuple[int, int]], region: tuple[int, int]) -> list[tuple[int, int]]:
    clipped = ((max(s, region[0]), min(e, region[1])) for s, e in pieces)
    return [(s, e) for s, e in clipped if e > s]


def strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in QUOTE_CHARS:
        start += 1
    while end > start and text[end - 1] in QUOTE_CHARS + ",":
        end -= 1
    return trimmed(text, start, end)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def end_char(token) -> int:
    return token.idx + len(token.text)


def cut_out(pieces: Sequence[tuple[int, int]], cut: tuple[int, int]) -> list[tuple[int, int]]:
    """Content pieces with the characters of `cut` taken out."""
    out = []
    for s, e in pieces:
        out.extend(p for p in ((s, min(e, cut[0])), (max(s, cut[1]), e)) if p[1] > p[0])
    return out


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint union of character spans."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def within(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` falls inside one of the sorted, disjoint `spans`."""
    k = bisect.bisect_right(spans, (pos, sys.maxsize)) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]
