"""Word senses the verb dictionary must tell apart: a pattern that fires on the wrong sense of
its verb is a defect, so each case pairs a sentence with the root code it must (or must not)
get. The sentences are written for these tests, one sense distinction each.
"""

from __future__ import annotations

import pytest

import tacitus

DATE = "2020-06-15"


def first_code(pipeline, text: str) -> str | None:
    coding = tacitus.code_text(text, date=DATE, pipeline=pipeline)
    return coding.events[0].cameo if coding.events else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # sitting down is a meeting only with someone
        ("The Danish minister sat down after her long speech.", None),
        ("The Danish minister sat down with the Swedish minister.", "040"),
        # leaving a court split is no withdrawal; leaving the ICC is
        ("The judge's death left the court evenly split.", None),
        ("Burundi left the International Criminal Court.", "160"),
        # coming under fire over remarks is criticism; from troops it is fighting
        ("The Mexican president came under fire from the American president over his remarks.", "111"),
        ("The Indian patrol came under fire from Pakistani troops.", "190"),
        # ripping a deal is criticism; ripping it up is reneging
        ("The Republican senator ripped the Iran nuclear deal.", "111"),
        ("The American president ripped up the Iran nuclear deal.", "127"),
        # threatening to strike a place is a military threat, not a labour strike
        ("North Korea threatened to strike Guam.", "1384"),
        ("French teachers threatened to strike.", "133"),
        # retaking the House is an election, retaking a city is fighting
        ("Democrats retook the House in the midterm elections.", None),
        ("Iraqi forces retook Mosul from the Islamic State.", "192"),
        # cutting off the internet restricts freedoms; cutting off a highway is a blockade
        ("The Ethiopian government cut off the internet in Tigray.", "1721"),
        ("The Houthi rebels cut off the highway to the Yemeni capital.", "191"),
        # a ceasefire agreement violated is a ceasefire violation, other agreements are not
        ("Turkey violated the ceasefire agreement in northern Syria.", "196"),
        ("The Egyptian army violated the peace agreement.", "128"),
        # releasing an album is no release of a person
        ("Sony released the singer's new album.", None),
    ],
)
def test_sense(pipeline, text, expected):
    assert first_code(pipeline, text) == expected
