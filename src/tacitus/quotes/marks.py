"""Quotation marks: where quoted text starts and ends, paragraph by paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

DOUBLE_OPEN, DOUBLE_CLOSE, DOUBLE_EITHER = "“«„", "”»", '"'


SINGLE_OPEN, SINGLE_CLOSE, SINGLE_EITHER = "‘‹", "’›", "'"


QUOTE_CHARS = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_EITHER + SINGLE_OPEN + SINGLE_CLOSE + "'"


# What may stand before an opening mark and after a closing one.
_BEFORE_OPEN = "([{—–-―/:" + DOUBLE_OPEN + DOUBLE_EITHER


_AFTER_CLOSE = ".,;:!?)]}—–-―…*" + DOUBLE_CLOSE + DOUBLE_EITHER + SINGLE_CLOSE + "'"


_DOUBLE_MARK = re.compile(r"''|[\"“”«»„]")


_SINGLE_MARK = re.compile(r"[‘’'‹›]")


_ELISION = re.compile(r"\d\d?s\b|em\b|til\b|n\b|cause\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quotation:
    """A stretch of text inside quotation marks, within one paragraph.

    `start`/`end` cover the words inside the marks. A quote that runs on into the next
    paragraph has ``continues=True``; the paragraph that reopens it has ``continued=True``.
    ``balanced=False`` when the closing mark (or the opening one) is missing.
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    continues: bool = False
    continued: bool = False
    balanced: bool = True


def _context(text: str, i: int, width: int) -> tuple[bool, bool]:
    """(can open, can close) for a quotation mark at text[i:i+width]."""
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else "\n"
    can_open = (before.isspace() or before in _BEFORE_OPEN) and not after.isspace()
    can_close = not before.isspace() and (after.isspace() or after in _AFTER_CLOSE)
    return can_open, can_close


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _next_line_reopens(text: str, pos: int) -> bool:
    """Whether the next non-blank line after `pos` starts with an opening double mark."""
    match = re.compile(r"\s*(''|[\"“«„])").match(text, pos)
    return bool(match) and _context(text, match.start(1), len(match.group(1)))[0]


def _is_closing(mark: str, can_open: bool, can_close: bool, inner: str | None) -> bool:
    """Whether a double mark closes the innermost open quotation (whose mark is `inner`)."""
    if mark in DOUBLE_OPEN:
        return False
    if mark in DOUBLE_CLOSE:
        return not (can_open and not can_close)
    if inner is not None and inner not in DOUBLE_OPEN:  # a straight mark closes a straight one
        return True
    return can_close or not can_open


def _double_quotations(text: str, line_start: int, line_end: int,
                       continued: bool) -> tuple[list[Quotation], bool]:
    """Double-mark quotations of one line (outermost only; “…‘…’ or “…“…”…” nest);
    also whether the line's last quote runs on into the next paragraph."""
    found: list[Quotation] = []
    stack: list[tuple[int, str]] = []  # (offset, mark) of open quotations, outermost first
    for match in _DOUBLE_MARK.finditer(text, line_start, line_end):
        i, mark = match.start(), match.group()
        can_open, can_close = _context(text, i, len(mark))
        if not _is_closing(mark, can_open, can_close, stack[-1][1] if stack else None):
            if mark in DOUBLE_OPEN or can_open or stack:
                stack.append((i, mark))
            continue
        if stack:
            open_at, opener = stack.pop()
            if not stack:
                start, end = trimmed(text, open_at + len(opener), i)
                found.append(Quotation(start, end, open_at, i, continued=continued))
                continued = False
        elif can_close and not found:
            # A closing mark with nothing open: the opening one is missing (taken to be at
            # the start of the paragraph, unless the paragraph already quoted).
            start, end = trimmed(text, line_start, i)
            if end > start:
                found.append(Quotation(start, end, line_start, i, balanced=False))
    runs_on = False
    if stack:
        open_at, opener = stack[0]
        runs_on = _next_line_reopens(text, line_end)
        start, end = trimmed(text, open_at + len(opener), line_end)
        if end > start:
            found.append(Quotation(start, end, open_at, None, continues=runs_on,
                                   continued=continued, balanced=runs_on))
    return found, runs_on


def _single_quotations(text: str, line_start: int, line_end: int,
                       inside: Sequence[Quotation]) -> list[Quotation]:
    """‘…’ and '…' quotations of one line that are not inside a double-mark quotation."""
    found: list[Quotation] = []
    open_at: int | None = None
    for match in _SINGLE_MARK.finditer(text, line_start, line_end):
        i, mark = match.start(), match.group()
        if any(q.open_at <= i <= (q.close_at if q.close_at is not None else q.end) for q in inside):
            continue
        can_open, can_close = _context(text, i, 1)
        after = text[i + 1] if i + 1 < len(text) else " "
        if open_at is None:
            if (mark in SINGLE_OPEN or mark == "'") and can_open and after.isalnum() \
                    and not _ELISION.match(text, i + 1):
                open_at = i
        elif mark in SINGLE_CLOSE + "'" and can_close and not after.isalnum():
            start, end = trimmed(text, open_at + 1, i)
            if end > start:
                found.append(Quotation(start, end, open_at, i))
            open_at = None
    return found  # an unclosed single mark was an apostrophe or elision: no quotation


def find_quotations(text: str) -> tuple[Quotation, ...]:
    """All quotations in `text`, in order, paragraph by paragraph (a line is a paragraph)."""
    found: list[Quotation] = []
    continued = False
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, line_end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if line_end == line_start:
            continue
        doubles, continued = _double_quotations(text, line_start, line_end, continued)
        found.extend(doubles)
        found.extend(_single_quotations(text, line_start, line_end, doubles))
    return tuple(sorted(found, key=lambda q: q.start))
