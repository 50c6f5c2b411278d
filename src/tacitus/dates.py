"""Event dates: the article's own date from its text, and an event's date from its sentence.

News dates events relative to publication ("on Friday", "last week", "two days ago"), so an
event date is the article date moved by the expression in the event's sentence. The rules:

* A weekday ("on Friday", "Tuesday night", "Friday's vote") is the most recent such day on or
  before the article date — the news convention for past events — unless the clause is in
  the future tense ("will meet on Friday") or says "next"/"this", which look forward.
  "last Friday" is strictly before the article date.
* A month without a year ("in March", "early March") is the most recent March not after the
  article date ("next March" looks forward); a day without a year ("March 3") is the
  occurrence closest to the article date.
* Tacitus dates have three precisions, day, month and year (``model.DatePrecision``), so
  coarser or odd-shaped spans are mapped to the nearest honest one:
  - a week ("last week", "early next week", "three weeks ago") → precision "month", dated
    to a day inside that week (Thursday; Tuesday for "early", Friday for "late"), so the
    month is the one holding most of the week;
  - a season ("last summer") → precision "year", dated to the season's middle month
    (winter is December–February, dated by its January);
  - a weekend ("over the weekend", "next weekend") → its Saturday, precision "day";
  - "tonight", "this morning" → the article date; "last night" → the day before.
* When nothing in the sentence gives a date, the event takes the article date with
  precision "day" and ``text=None``. Without an article date, relative expressions cannot
  be resolved and give ``date=None``; absolute ones ("3 March 2021") still work.

Expressions are found by the patterns below over the sentence text; the parser's DATE
entities vouch for the ambiguous words ("May", "March" without a day or year must be one).
When a sentence holds several expressions, the most precise wins (day over month over year;
the first of equals), so "On Friday, the 2011 accord collapsed" is dated to Friday.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .nlp import children, span_entities, tokens
from .nlp import text as doc_text

__all__ = ["DateResolution", "article_date_from_text", "resolve_date"]

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True, slots=True)
class DateResolution:
    """The date of an event, how precise it is, and the words it came from (if any)."""

    date: dt.date | None
    precision: str | None  # "day", "month" or "year"; None when there is no date
    text: str | None = None
    start: int | None = None  # character offsets into the article text
    end: int | None = None


MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3,
    "a few": 3, "few": 3, "couple of": 2, "a couple of": 2,
}
SEASONS = {"spring": 4, "summer": 7, "fall": 10, "autumn": 10, "winter": 1}  # middle month

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Weekday names spelled out, or abbreviated with a full stop ("Fri."): "sun", "sat", "wed"
# and "mar" are words too.
_WEEKDAY = (r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday"
            r"|(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.)")
_COUNT = r"(?P<count>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"

Resolver = Callable[[re.Match, dt.date | None, bool], tuple[dt.date, str] | None]


# ------------------------------------------------------------------- date arithmetic


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _fold(word: str) -> str:
    """The lower-cased word, with the four letters of other scripts that case-blind
    matching takes for ASCII ones ("ſunday") read as their ASCII twins (_FOLDS), so that
    a matched word is always found in the tables."""
    return word.translate(_FOLDS).lower()


def _weekday_near(anchor: dt.date, weekday: int, direction: str) -> dt.date:
    """The `weekday` on-or-before ("past"), strictly before ("last"), on-or-after
    ("future") or strictly after ("next") the anchor date."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if direction == "past":
        return anchor - dt.timedelta(days=back)
    if direction == "last":
        return anchor - dt.timedelta(days=back or 7)
    if direction == "future":
        return anchor + dt.timedelta(days=ahead)
    return anchor + dt.timedelta(days=ahead or 7)


def _week_day(anchor: dt.date, weeks: int, part: str | None) -> dt.date:
    """A day inside the week `weeks` from the anchor's week: Tuesday for "early",
    Friday for "late", Thursday otherwise (so its month holds most of the week)."""
    monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=weeks)
    offset = {"early": 1, "late": 4}.get(part or "", 3)
    return monday + dt.timedelta(days=offset)


def _month_near(anchor: dt.date, month: int, direction: str) -> dt.date:
    """The first day of the most recent `month` not after the anchor ("past"), strictly
    before the anchor's month ("last"), or the next one after it ("next")."""
    year = anchor.year
    if direction == "next":
        year += month <= anchor.month
    elif direction == "last":
        year -= month >= anchor.month
    else:
        year -= month > anchor.month
    return dt.date(year, month, 1)


def _closest_year(anchor: dt.date, month: int, day: int) -> dt.date | None:
    """The month-day occurrence nearest the anchor ("Dec. 30" in a January story is last
    year's)."""
    options = [d for d in (_safe_date(anchor.year + k, month, day) for k in (-1, 0, 1)) if d]
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


def _season(anchor: dt.date, middle: int, which: str | None, future: bool) -> dt.date:
    """The 15th of a season's middle month: "last" is the last season fully over, "next" the
    next to start; otherwise the one under way, else the next one (future tense) or the
    last one (past)."""
    def first_month(day: dt.date) -> dt.date:
        return _shift_months(day.replace(day=1), -1)

    def after_last(day: dt.date) -> dt.date:  # first day of the month after the season
        return _shift_months(day.replace(day=1), 2)

    seasons = [dt.date(anchor.year + k, middle, 15) for k in (-2, -1, 0, 1, 2)]
    ended = max(c for c in seasons if after_last(c) <= anchor)
    upcoming = min(c for c in seasons if first_month(c) > anchor)
    if which == "last":
        return ended
    if which == "next":
        return upcoming
    current = [c for c in seasons if first_month(c) <= anchor < after_last(c)]
    return current[0] if current else upcoming if future else ended


# ----------------------------------------------------------------------- patterns


def _absolute_day(m: re.Match, anchor: dt.date | None, future: bool):
    groups = m.groupdict()
    month = MONTHS[_fold(groups["month"])] if groups.get("month") else int(groups["mnum"])
    day = _safe_date(int(m["year"]), month, int(m["day"]))
    return (day, "day") if day else None


def _month_year(m: re.Match, anchor, future):
    return dt.date(int(m["year"]), MONTHS[_fold(m["month"])], 1), "month"


def _year(m: re.Match, anchor, future):
    return dt.date(int(m["year"]), 1, 1), "year"


def _day_no_year(m: re.Match, anchor, future):
    if anchor is None:
        return None
    day = _closest_year(anchor, MONTHS[_fold(m["month"])], int(m["day"]))
    return (day, "day") if day else None


def _month_only(m: re.Match, anchor, future):
    if anchor is None:
        return None
    which = _fold(m.groupdict().get("which") or "")
    direction = "next" if which == "next" or (future and not which) else \
        "last" if which == "last" else "past"
    return _month_near(anchor, MONTHS[_fold(m["month"])], direction), "month"


def _weekday(m: re.Match, anchor, future):
    if anchor is None:
        return None
    which = _fold(m["which"] or "")
    direction = {"last": "last", "next": "next", "this": "future", "coming": "future"}.get(
        which, "future" if future else "past")
    weekday = WEEKDAYS[_fold(m["weekday"]).rstrip(".")]
    return _weekday_near(anchor, weekday, direction), "day"


_RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
                  "this evening": 0, "yesterday": -1, "last night": -1, "tomorrow": 1}


def _weekend(m: re.Match, anchor, future):
    """A weekend is dated to its Saturday (precision "day", a day off at most)."""
    if anchor is None:
        return None
    which = _fold(m["which"] or "")
    ahead = which in ("next", "coming") or (which == "this" and future) or (not which and future)
    if anchor.weekday() >= 5 and which in ("", "this"):  # said on the weekend itself
        return anchor - dt.timedelta(days=anchor.weekday() - 5), "day"
    return _weekday_near(anchor, 5, "next" if ahead else "last"), "day"


def _relative_day(m: re.Match, anchor, future):
    if anchor is None:
        return None
    return anchor + dt.timedelta(days=_RELATIVE_DAYS[" ".join(_fold(m["rel"]).split())]), "day"


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[" ".join(_fold(word).split())]


def _ago(m: re.Match, anchor, future):
    if anchor is None:
        return None
    n, unit = _count(m["count"]), _fold(m["unit"]).rstrip("s")
    sign = -1 if _fold(m["dir"]) == "ago" else 1
    if unit == "day":
        return anchor + dt.timedelta(days=sign * n), "day"
    if unit == "week":
        return _week_day(anchor, sign * n, None), "month"
    if unit == "month":
        return _shift_months(anchor, sign * n).replace(day=1), "month"
    return dt.date(anchor.year + sign * n, 1, 1), "year"


_STEP = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1,
         "coming": 1}


def _relative_unit(m: re.Match, anchor, future):
    """"last week", "early next week", "later this month", "next year"."""
    if anchor is None:
        return None
    words = _fold(m["which"]).split()
    step = _STEP[words[-1]]
    part = {"early": "early", "earlier": "early", "late": "late", "later": "late"}.get(
        _fold(m["part"] or ""))
    unit = _fold(m["unit"])
    if unit == "week":
        return _week_day(anchor, step, part), "month"
    if unit == "month":
        return _shift_months(anchor.replace(day=1), step), "month"
    return dt.date(anchor.year + step, 1, 1), "year"


def _season_expr(m: re.Match, anchor, future):
    if anchor is None:
        return None
    which = _fold(m["which"] or "") or None
    day = _season(anchor, SEASONS[_fold(m["season"])], which, future)
    return dt.date(day.year, 1, 1), "year"


def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# Most specific first; each resolver gets the match, the article date and the tense.
PATTERNS: tuple[tuple[re.Pattern, Resolver], ...] = (
    (_compile(rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"), _absolute_day),
    (_compile(rf"\b(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)/{_YEAR}\b"), _absolute_day),
    (_compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"), _absolute_day),
    (_compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b"), _absolute_day),
    (_compile(rf"\b{_MONTH},?\s+(?:of\s+)?{_YEAR}\b"), _month_year),
    (_compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|percent|million|billion))"), _day_no_year),
    (_compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b"), _day_no_year),
    (_compile(r"\b(?P<rel>today|tonight|yesterday|tomorrow|last\s+night"
              r"|this\s+(?:morning|afternoon|evening))\b"), _relative_day),
    (_compile(rf"\b(?:(?P<which>last|next|this|coming)\s+)?{_WEEKDAY}"), _weekday),
    (_compile(r"\b(?:(?P<which>last|this|next|past|coming)\s+|(?:over|during|on|at)\s+the\s+)"
              r"weekend\b"), _weekend),
    (_compile(rf"\b{_COUNT}\s+(?P<unit>days?|weeks?|months?|years?)\s+"
              r"(?P<dir>ago|from\s+now)\b"), _ago),
    (_compile(r"\b(?:(?P<part>early|earlier|late|later|mid)[\s-]+)?"
              r"(?P<which>last|past|previous|this|current|next|coming)\s+(?P<unit>week|month|year)\b"),
     _relative_unit),
    (_compile(r"\b(?P<which>last|this|next)\s+(?P<season>spring|summer|fall|autumn|winter)\b"),
     _season_expr),
    (_compile(r"\b(?P<which>)(?P<season>spring|summer|autumn|winter)\b"), _season_expr),
    (_compile(rf"\b(?:(?P<which>last|next|this)\s+|(?:in|since|by|until|during|early|mid|late|of)[\s-]+)"
              rf"{_MONTH}\b(?!\s+\d)"), _month_only),
    (_compile(rf"\b(?:in|since|during|until|by|throughout|of|early|mid|late)[\s-]+{_YEAR}\b"), _year),
)


def _candidates(text: str, anchor: dt.date | None, future: Callable[[int], bool],
                dates: Sequence[tuple[int, int]] = ()) -> Iterator[tuple[int, int, dt.date, str]]:
    """(start, end, date, precision) for every date expression in `text`, without overlaps.
    `dates` are the parser's DATE entities (offsets into `text`), which vouch for the
    ambiguous words."""
    signals = _date_signals(text)
    taken: list[tuple[int, int]] = []
    for (pattern, resolve), needs in zip(PATTERNS, _NEEDS, strict=True):
        if any(words.isdisjoint(signals) for words in needs):
            continue  # a word this pattern needs is not in the text: it cannot match
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if not _plausible(m, dates):
                continue
            found = resolve(m, anchor, future(m.start()))
            taken.append((m.start(), m.end()))
            if found is not None:
                yield m.start(), m.end(), found[0], found[1]


# What each pattern of PATTERNS (in order) needs in the text: one word of each set, where
# a word is a whole word, DIGIT (a digit) or WEEKDAY (a word that starts like a weekday:
# "Friday's", "Fri."). Most sentences lack them, and a look at their words is far cheaper
# than sixteen case-blind scans.
DIGIT, WEEKDAY = "<digit>", "<weekday>"
_MONTH_WORDS = frozenset(MONTHS)
_DAY_WORDS = frozenset({"today", "tonight", "yesterday", "tomorrow", "night", "morning",
                        "afternoon", "evening"})
_UNITS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years"})
_WHICH = frozenset({"last", "past", "previous", "this", "current", "next", "coming"})
_NUMBER = frozenset({DIGIT})
_NEEDS: tuple[tuple[frozenset[str], ...], ...] = (
    (_NUMBER,), (_NUMBER,),  # ISO and US numeric dates
    *[(_MONTH_WORDS, _NUMBER)] * 5,  # a month name with a day or a year
    (_DAY_WORDS,), (frozenset({WEEKDAY}),), (frozenset({"weekend"}),),
    (_UNITS, frozenset({"ago", "now"})),  # "three weeks ago", "two days from now"
    (frozenset({"week", "month", "year"}), _WHICH),  # "last week"
    (frozenset(SEASONS), frozenset({"last", "this", "next"})), (frozenset(SEASONS) - {"fall"},),
    (_MONTH_WORDS,), (_NUMBER,),  # a month alone, a year alone
)
_DATE_WORDS = frozenset().union(*(words for needs in _NEEDS for words in needs))
_WEEKDAY_STARTS = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
_ASCII_WORD = re.compile(r"[a-z]+|[0-9]")
_DIGITS = frozenset("0123456789")
_WEEKDAY_START = re.compile(r"(?<![a-z])(?:mon|tue|wed|thu|fri|sat|sun)")  # a word's start


# The only characters outside ASCII that case-blind matching takes for ASCII letters.
_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_ANY_DIGIT = re.compile(r"\d")  # any script's digits, as the patterns' \d


def _date_signals(text: str) -> frozenset[str]:
    """The date words of `text`, with DIGIT and WEEKDAY for digits and weekday-like
    words, to rule patterns out before scanning. A superset of what the patterns can
    see: a word a pattern matches is a whole run of ASCII letters once the four letters
    of other scripts that case-blind matching equates with ASCII ones are folded."""
    plain = text.isascii()
    lowered = text.lower() if plain else _fold(text)
    # (set operations over the distinct words, not a Python test per word)
    distinct = set(_ASCII_WORD.findall(lowered))
    found = distinct & _DATE_WORDS
    if not distinct.isdisjoint(_DIGITS):
        found.add(DIGIT)
    if _WEEKDAY_START.search(lowered):
        found.add(WEEKDAY)
    if not plain and _ANY_DIGIT.search(text):
        found.add(DIGIT)
    return frozenset(found)


_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "sept", "sep", "dec"})


def _plausible(m: re.Match, dates: Sequence[tuple[int, int]] | None = None) -> bool:
    """Rule out words that only look like dates: modal "may", "march" the verb. A bare
    "May" or "March" with no day or year must also be a DATE entity of the parse (when
    the parse is given): "May God bless" and "March on Washington" are not months."""
    groups = m.groupdict()
    month = groups.get("month")
    if month and _fold(month) in _AMBIGUOUS_MONTHS:
        if not month[0].isupper():
            return False
        bare = not groups.get("day") and not groups.get("year")
        if bare and dates is not None and not any(
                s <= m.start("month") < e for s, e in dates):
            return False
    day = groups.get("day")
    return not (day and not 1 <= int(day) <= 31)


# ------------------------------------------------------------------------ public API

_FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo"})
_FUTURE_HEADS = frozenset({"plan", "schedule", "expect", "due", "set", "go", "intend"})
_SCHEDULED = frozenset({"schedule", "plan", "expect"})


def _future_at(sentence) -> Callable[[int], bool]:
    """Whether the clause around a character offset of the sentence is in the future tense."""
    def future(offset: int) -> bool:
        at = sentence.start_char + offset
        # (the Doc's cached tokens: iterating the Span would build a Token object per word)
        words = tokens(sentence.doc)[sentence.start:sentence.end]
        token = next((t for t in words if t.idx >= at), None)
        if token is None:
            return False
        for _ in range(6):
            if token.pos_ in ("VERB", "AUX") and (
                    any(c.lower_ in _FUTURE_AUX for c in children(token))
                    or (token.dep_ == "xcomp" and token.head.lemma_ in _FUTURE_HEADS)
                    or (token.lemma_ in _SCHEDULED and token.tag_ == "VBN")):  # "is scheduled"
                return True
            if token.head.i == token.i:
                break
            token = token.head
        return False
    return future


def resolve_date(sentence, article_date: dt.date | None) -> DateResolution:
    """The date of the event told in `sentence` (a spaCy Span), given the article date.

    Falls back to the article date (precision "day", ``text=None``) when the sentence has
    no date expression; see the module docstring for the conventions.
    """
    offset = sentence.start_char
    text = doc_text(sentence.doc)[offset : sentence.end_char]  # sentence.text joins its tokens
    dates = [(e.start_char - offset, e.end_char - offset) for e in span_entities(sentence)
             if e.label_ == "DATE"]
    found = sorted(_candidates(text, article_date, _future_at(sentence), dates),
                   key=lambda c: (_PRECISION_RANK[c[3]], c[0]))
    if not found:
        return DateResolution(date=article_date, precision="day" if article_date else None)
    start, end, day, precision = found[0]
    return DateResolution(date=day, precision=precision, text=text[start:end],
                          start=offset + start, end=offset + end)


# A dateline: "WASHINGTON, March 3 (Reuters) -", "LOS ANGELES, Sept. 28 (UPI) —".
_DATELINE = re.compile(rf"^[A-Z][A-Z .'-]+,(?:\s+[A-Z][a-z]+,)?\s+(?i:{_MONTH})\s+{_DAY}\b",
                       re.MULTILINE)
_HEADER_LINES = 6


def _first_lines(text: str, count: int) -> list[str]:
    """The first `count` non-blank lines of `text` (as ``str.splitlines`` gives them), read
    from a prefix of the text: splitting a whole article for its header cost more than the
    rest of the date search."""
    reach = 2000
    while reach < len(text):
        complete = text[:reach].splitlines()[:-1]  # the last may run on past the prefix
        lines = [line for line in complete if line.strip()]
        if len(lines) >= count:
            return lines[:count]
        reach *= 4
    return [line for line in text.splitlines() if line.strip()][:count]


def article_date_from_text(text: str) -> dt.date | None:
    """The publication date written in the article's first lines, if any.

    A full date (ISO "2021-03-03", "March 3, 2021", "3 March 2021") in the header lines
    wins; a dateline without a year ("WASHINGTON, March 3 (Reuters) -") is dated only when
    a year is written in the header too. HTML metadata is read elsewhere.
    """
    header = "\n".join(_first_lines(text, _HEADER_LINES))
    signals = _date_signals(header)
    for (pattern, resolve), needs in zip(PATTERNS[:4], _NEEDS[:4], strict=True):
        if any(words.isdisjoint(signals) for words in needs):
            continue  # a word this pattern needs is not in the header (see _candidates)
        for m in pattern.finditer(header):
            found = resolve(m, None, False) if _plausible(m) else None
            if found is not None:
                return found[0]
    dateline = _DATELINE.search(header)
    year = re.search(rf"\b{_YEAR}\b", header)
    if dateline and year:
        return _safe_date(int(year["year"]), MONTHS[_fold(dateline["month"])], int(dateline["day"]))
    return None
