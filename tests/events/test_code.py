"""Event coding behaviours: (sentence, expected events) cases, one mechanism each."""

from __future__ import annotations

import pytest

import tacitus

DATE = "2021-03-05"


def events(pipeline, text):
    coding = tacitus.code_text(text, date=DATE, pipeline=pipeline)
    return [(e.source and e.source.code, e.cameo, e.target and e.target.code, e.negated, e.mood)
            for e in coding.events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # subject → source, object → target
        ("Russia's foreign minister criticized NATO.", [("RUSGOV", "111", "IGONAT", False, "asserted")]),
        # passive: the by-phrase is the source
        ("Syrian civilians were attacked by Russian troops.", [("RUSMIL", "190", "SYRCVL", False, "asserted")]),
        # coordination of subjects without a target: both directions
        ("Israel and Lebanon renewed talks.",
         [("ISR", "046", "LBN", False, "asserted"), ("LBN", "046", "ISR", False, "asserted")]),
        # negated cooperation is a refusal, never cooperation
        ("The United States will not normalize relations with Syria.", [("USA", "120", "SYR", True, "asserted")]),
        # refusal verb controlling a cooperative verb
        ("Syria refused to meet Turkey.", [("SYR", "125", "TUR", True, "asserted")]),
        # negated conflict is not an event
        ("Israel did not attack Hezbollah.", []),
        # announced material cooperation takes the intent code
        ("Russia agreed to withdraw troops from Ukraine.", [("RUS", "0356", "UKR", False, "intended")]),
        ("France will provide humanitarian aid to Syria.", [("FRA", "0333", "SYR", False, "intended")]),
        # a circumstance of time ("after weeks of protests by …") holds no target
        ("Ukraine and Poland renewed talks on grain imports after weeks of protests by Polish farmers.",
         [("UKR", "046", "POL", False, "asserted"), ("POL", "046", "UKR", False, "asserted")]),
        # nor does a complex preposition of circumstance ("on the basis of …")
        ("Russia will end the war on the basis of a UN Security Council resolution.",
         [("RUS", "0356", None, False, "intended")]),
        # a nominal event with a light verb takes the verb's subject
        ("Israel launched an attack on Hamas.", [("ISR", "190", "PSEREBHMS", False, "asserted")]),
    ],
)
def test_coding(pipeline, text, expected):
    assert events(pipeline, text) == expected


def test_appeal_is_refined_by_what_it_asks_and_the_asked_event_is_demanded(pipeline):
    got = events(pipeline, "The UN asked Israel to withdraw its troops from Lebanon.")
    assert got[0] == ("IGOUNO", "0256", "ISR", False, "asserted")
    assert ("ISR", "0874", "LBN", False, "demanded") in got


def test_conditional_clause_carries_conditional_mood(pipeline):
    got = events(pipeline, "If Iran releases the prisoners, the EU will lift sanctions.")
    assert ("IRN", "0841", None, False, "conditional") in got


def test_reported_speech_codes_the_inner_event_with_the_reporter(pipeline):
    coding = tacitus.code_text("Price said the US would not normalize relations with Syria.", date=DATE, pipeline=pipeline)
    event = coding.events[0]
    assert (event.source.code, event.cameo, event.target.code, event.negated) == ("USA", "120", "SYR", True)
    assert event.reporter is not None and event.reporter.code == "USAGOV"
    assert not any(e.cameo == "010" for e in coding.events)


def test_no_question_of_normalizing_is_negated(pipeline):
    got = events(pipeline, "There is no question of the US normalizing relations with Syria.")
    assert got and all(code.startswith("12") and neg for _, code, _, neg, _ in got)


def test_no_question_that_is_not_negation(pipeline):
    got = events(pipeline, "There is no question that France will provide humanitarian aid to Syria.")
    assert ("FRA", "0333", "SYR", False, "intended") in got


def test_events_carry_plover_goldstein_quad_trigger_and_rule(pipeline):
    e = tacitus.code_text("Russia's foreign minister criticized NATO.", pipeline=pipeline).events[0]
    assert e.plover.event == "DISAPPROVE" and e.goldstein == -2.0 and e.quad_class == 3
    assert e.trigger.text == "criticized" and e.rule
    assert "criticized NATO" in e.text[e.trigger.start - 20 : e.trigger.end + 10] or e.text.find("criticized") >= 0


def test_main_clause_event_comes_first(pipeline):
    coding = tacitus.code_text("Turkey condemned Israel after Israeli troops attacked Hamas.", pipeline=pipeline)
    assert [e.cameo for e in coding.events][:2] == ["111", "190"]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # an object constraint reads what a quantity counts
        ("Iran released dozens of prisoners.", ("IRN", "0841", None)),
        # a speaker saying what another must do demands it, coded act or not
        ("Russia said that Sudan must ensure security.", ("RUS", "100", "SDN")),
        # a possessive pronoun is not the target when a name is in the phrase
        ("Vladimir Putin met his Turkish counterpart in Ankara.", ("RUSGOV", "044", "TUR")),
        # the subject of "announced" is the source of the act the noun names
        ("Kuwait announced a suspension of flights to Iraq.", ("KWT", "160", "IRQ")),
        # a decision to act is the act, not an intention
        ("Japan decided to lift its sanctions on India.", ("JPN", "085", "IND")),
        # the one who issues a statement does what its participle says
        ("The Syrian parliament passed a bill lifting the emergency law.", ("SYRLEG", "0814", None)),
        # a letter whose content is coded is that content, not a bare 010
        ("Iran sent a letter to the United Nations threatening to expel the inspectors.", ("IRN", "136", None)),
    ],
)
def test_first_event(pipeline, text, first):
    coded = events(pipeline, text)
    assert coded, f"no event from {text!r}"
    assert coded[0][:3] == first


def test_pronoun_subject_of_reported_clause_is_the_speaker(pipeline):
    coding = tacitus.code_text("The farm bureau said it is skeptical of the new rules.", date=DATE, pipeline=pipeline)
    assert coding.events and coding.events[0].source.text.endswith("farm bureau")


def test_passive_without_agent_keeps_the_uncoded_patient(pipeline):
    coding = tacitus.code_text("Two local journalists were arrested in the capital.", date=DATE, pipeline=pipeline)
    assert [e.cameo for e in coding.events] == ["173"]
    assert coding.events[0].source is None and coding.events[0].target.text.endswith("journalists")
