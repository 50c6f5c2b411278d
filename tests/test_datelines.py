"""A wire dateline says where a story was filed and by whom, not who acted in it."""

from __future__ import annotations

import pytest

from tacitus.geo import dateline_span
from tacitus.pipeline import code_text


@pytest.mark.parametrize(("text", "covered"), [
    ("MOSCOW, March 3 (Reuters) - Russia condemned the strike.", "MOSCOW, March 3 (Reuters) - "),
    ("BEIRUT (AP) — Israeli jets struck.", "BEIRUT (AP) — "),
    ("DAMASCUS, Syria (Reuters) - Shelling resumed.", "DAMASCUS, Syria (Reuters) - "),
])
def test_the_dateline_span_covers_place_date_agency_and_dash(text, covered):
    start, end = dateline_span(text)
    assert text[start:end] == covered


def test_no_dateline_no_span():
    assert dateline_span("Russia condemned the strike on Monday.") is None


@pytest.mark.parametrize(("text", "cameo", "source"), [
    ("MOSCOW, March 3 (Reuters) - Russia condemned the strike.", "111", "RUS"),
    ("DAMASCUS, Syria (Reuters) - Syrian troops shelled the town.", "194", "SYRMIL"),
])
def test_the_dateline_is_no_actor_and_no_second_subject(text, cameo, source):
    coding = code_text(text)
    assert [(e.cameo, e.source.code if e.source else None) for e in coding.events] == [(cameo, source)]
    start, end = dateline_span(text)
    assert not [m.text for m in coding.mentions if m.start < end]  # the place stays a place
    assert coding.places and coding.places[0].start == start


def test_a_quote_after_a_dateline_is_the_subject_s():
    coding = code_text("MOSCOW, March 3 (Reuters) - Russia said it would respond to the sanctions.")
    (quote,) = coding.quotes
    assert (quote.speaker.text, quote.speaker.code) == ("Russia", "RUS")
