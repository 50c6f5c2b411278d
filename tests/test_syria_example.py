"""The canonical example article: the headline relation is US→Syria non-cooperation."""

from __future__ import annotations

import tacitus
from tests.conftest import need_shared


def test_us_syria_headline_is_non_cooperation_never_cooperation(pipeline):
    shared = need_shared()
    text = (shared / "examples" / "syria-normalization.txt").read_text(encoding="utf-8")
    coding = tacitus.code_text(text, date="2021-03-05", pipeline=pipeline)
    us_syria = [
        e for e in coding.events
        if e.source and e.target and (e.source.country == "USA") and (e.target.country == "SYR")
    ]
    assert us_syria, "no US→Syria event coded"
    assert us_syria[0].sentence == 0 and us_syria[0].root == "12" and us_syria[0].negated
    assert not any(e.quad_class in (1, 2) and e.root != "12" for e in us_syria if "normaliz" in e.text)
    codes = {a.kb_id: a.code for a in coding.actors}
    assert codes.get("person:ned-price") == "USAGOV"
    assert codes.get("person:geir-pedersen") == "IGOUNO"
