"""Event dates from a sentence and the article date; article dates from header text."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus import nlp
from tacitus.dates import DateResolution, article_date_from_text, resolve_date

D = dt.date
WED = D(2021, 3, 3)  # a Wednesday
NEW_YEAR = D(2021, 1, 1)  # a Friday
MONDAY_1ST = D(2021, 3, 1)


@pytest.fixture(scope="module")
def parse():
    nlp.load()
    return nlp.parse


def resolve(parse, sentence: str, article: dt.date | None) -> DateResolution:
    doc = parse(sentence)
    return resolve_date(doc[:], article)


@pytest.mark.parametrize(("sentence", "article", "date", "precision"), [
    # weekdays: the most recent one on or before the article date ...
    ("The minister met his counterpart on Friday.", WED, D(2021, 2, 26), "day"),
    ("Russia's foreign minister criticized NATO on Tuesday.", WED, D(2021, 3, 2), "day"),
    ("The talks ended on Wednesday.", WED, WED, "day"),
    ("He spoke on Tuesday night.", WED, D(2021, 3, 2), "day"),
    ("Friday's vote was postponed.", WED, D(2021, 2, 26), "day"),
    # ... across a month and a year boundary ...
    ("Rebels attacked the base on Saturday.", MONDAY_1ST, D(2021, 2, 27), "day"),
    ("Rebels attacked the base on Wednesday.", NEW_YEAR, D(2020, 12, 30), "day"),
    ("Troops left last Friday.", NEW_YEAR, D(2020, 12, 25), "day"),
    # ... and forward for the future tense and "next"
    ("Talks will resume on Friday.", WED, D(2021, 3, 5), "day"),
    ("The vote is scheduled for Monday.", D(2020, 12, 30), D(2021, 1, 4), "day"),
    ("It will happen next Friday.", NEW_YEAR, D(2021, 1, 8), "day"),
    # relative days
    ("He resigned yesterday.", MONDAY_1ST, D(2021, 2, 28), "day"),
    ("He resigned yesterday.", NEW_YEAR, D(2020, 12, 31), "day"),
    ("The cabinet meets today.", WED, WED, "day"),
    ("The army shelled the town two days ago.", MONDAY_1ST, D(2021, 2, 27), "day"),
    ("The president will speak tomorrow.", D(2020, 12, 31), NEW_YEAR, "day"),
    # weeks → a day inside the week, month precision
    ("Officials met last week.", WED, D(2021, 2, 25), "month"),
    ("The deal may collapse early next week.", WED, D(2021, 3, 9), "month"),
    ("Fighting eased three weeks ago.", WED, D(2021, 2, 11), "month"),
    # months and years
    ("Protests began in March.", WED, D(2021, 3, 1), "month"),
    ("Prices rose 3 percent in May.", WED, D(2020, 5, 1), "month"),
    ("Sales fell last month.", NEW_YEAR, D(2020, 12, 1), "month"),
    ("The talks collapsed in December 2019.", WED, D(2019, 12, 1), "month"),
    ("The group was founded in 2011.", WED, D(2011, 1, 1), "year"),
    ("Exports grew last year.", WED, D(2020, 1, 1), "year"),
    # seasons → year precision
    ("Rebels attacked last summer.", WED, D(2020, 1, 1), "year"),
    ("They will meet this fall.", WED, D(2021, 1, 1), "year"),
    # absolute days
    ("They met on March 3.", D(2021, 3, 10), D(2021, 3, 3), "day"),
    ("It happened on Dec. 30.", D(2021, 1, 2), D(2020, 12, 30), "day"),
    ("The summit on 3 March 2021 ended.", None, D(2021, 3, 3), "day"),
    ("The report dated 2021-03-03 said so.", None, D(2021, 3, 3), "day"),
    ("The ceasefire of March 3, 2021 held.", None, D(2021, 3, 3), "day"),
    # weekends → the Saturday
    ("Protesters gathered over the weekend.", MONDAY_1ST, D(2021, 2, 27), "day"),
    ("Talks will continue next weekend.", WED, D(2021, 3, 6), "day"),
    # the most precise expression wins
    ("He lost in 2016, and on Monday he conceded.", WED, D(2021, 3, 1), "day"),
])
def test_resolve_date(parse, sentence, article, date, precision):
    found = resolve(parse, sentence, article)
    assert (found.date, found.precision) == (date, precision)
    assert found.text is not None
    doc_text = sentence
    assert doc_text[found.start:found.end] == found.text


def test_no_expression_falls_back_to_article_date(parse):
    assert resolve(parse, "The minister criticized NATO.", WED) == DateResolution(WED, "day")


@pytest.mark.parametrize("sentence", ["You may go now.", "The march on the capital grew.",
                                      "May God bless the victims.",
                                      "The minister criticized NATO."])
def test_words_that_only_look_like_dates(parse, sentence):
    assert resolve(parse, sentence, WED).text is None


def test_relative_expression_without_article_date_is_unresolved(parse):
    found = resolve(parse, "The minister met his counterpart on Friday.", None)
    assert found.date is None and found.precision is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Syria talks\nPublished 2021-03-05\nBEIRUT — The envoy said", D(2021, 3, 5)),
    ("Syria talks\nMarch 5, 2021\nBEIRUT — The envoy said", D(2021, 3, 5)),
    ("Syria talks\nUpdated 5 March 2021 10:32 GMT\nThe envoy said", D(2021, 3, 5)),
    ("LOS ANGELES, Sept. 28, 2016 (UPI) — In a preview clip", D(2016, 9, 28)),
    ("WASHINGTON, March 3 (Reuters) - The U.S. said in 2021", D(2021, 3, 3)),
    ("WASHINGTON, March 3 (Reuters) - The U.S. said on Tuesday", None),
    ("The envoy said talks would resume.", None),
])
def test_article_date_from_text(text, expected):
    assert article_date_from_text(text) == expected


# The pre-check that skips date patterns whose words are absent must never skip a match.
PRECHECK_TEXTS = [
    "On Tues. they met.", "It happened 3 days ago.", "They left last summer.", "In fall 2019 it rose.",
    "WED. 4 talks", "Prices rose in mid-March.", "Over the weekend, talks failed.",
    "Friday's vote failed.", "On March 3rd, 2020 it began.", "It began 2020-03-04.",
    "It began 1/2/2019.", "This morning troops moved.", "A couple of weeks ago it rained.",
    "Unchanged since 1999.", "Talks resume next week.", "Early next month, they vote.",
    "In May the rebels may attack.", "The Kelvin sign \u212a and Ol\u00e1 on Friday.",
    "Tonight, yesterday or tomorrow.", "Troops said nothing about it.", "Sunni leaders met.",
    "Two days from now they vote.", "Early last year, prices fell.", "Next spring they plant.",
    "In May 2020 it rained.", "On 3 May they met.", "On May 3 they met.", "The previous month.",
    "\u201cWe met on Tuesday,\u201d he said.", "On May \u0663 they met.",
    "\u0130n MAY 2020", "L\u0131ast week", "\u212aabul, last \u212aatherine week",
]


@pytest.mark.parametrize("text", PRECHECK_TEXTS)
def test_date_precheck_skips_no_match(text):
    from tacitus import dates

    def every_scan(anchor, future):
        taken = []
        for pattern, resolver in dates.PATTERNS:
            for m in pattern.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken) or not dates._plausible(m, ()):
                    continue
                found = resolver(m, anchor, future(m.start()))
                taken.append((m.start(), m.end()))
                if found is not None:
                    yield m.start(), m.end(), *found

    assert len(dates._NEEDS) == len(dates.PATTERNS)
    future = lambda offset: offset % 2 == 0  # noqa: E731
    assert list(dates._candidates(text, WED, future)) == list(every_scan(WED, future))



@pytest.mark.parametrize("text", ["The talks resumed on ſunday.", "The ceasefire began two wee\u212as ago.",
                                  "The envoy arrived on Frıday.", "They met in Aprİl 2019.",
                                  "The talks ended yeſterday.", "The army withdrew laſt week.",
                                  "The envoy met them thıs morning."])
def test_letters_that_match_ascii_case_blind_are_read_as_ascii(parse, text):
    """Case-blind regexes take ſ, ı, İ and the Kelvin sign for s, i, i, k; the matched
    word must still be found in the month, weekday and unit tables."""
    assert resolve(parse, text, dt.date(2024, 3, 27)).precision in ("day", "month", "year")
