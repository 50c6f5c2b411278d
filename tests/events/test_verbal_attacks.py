"""A politician attacking a person is criticism (111); a state or an army attacking is force."""

from __future__ import annotations

import pytest

from tacitus.pipeline import code_text


@pytest.mark.parametrize(("text", "expected"), [
    ("Donald Trump spoke in Ohio on Monday. Trump attacked Hillary Clinton for her support of the war.",
     ("111", "USA", "USAELI")),
    ("Donald Trump spoke in Ohio on Monday. He attacked Hillary Clinton over her emails.", ("111", "USA", "USAELI")),
    ("Vladimir Putin spoke on Monday. Putin attacked Ukraine.", ("190", "RUSGOV", "UKR")),
    ("Vladimir Putin spoke on Monday. Putin attacked Ukrainian troops.", ("190", "RUSGOV", "UKRMIL")),
])
def test_who_attacks_whom_decides_words_or_force(text, expected):
    events = [e for e in code_text(text, date="2016-09-30").events if e.trigger.text == "attacked"]
    assert [(e.cameo, e.source.code, e.target.code) for e in events] == [expected]
