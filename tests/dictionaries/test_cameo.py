import pytest

from tacitus.dictionaries.cameo import load_ontology


@pytest.fixture(scope="module")
def ontology():
    return load_ontology()


def test_every_code_has_name_goldstein_and_quad_class(ontology):
    assert len(ontology.codes) >= 300
    for code, info in ontology.codes.items():
        assert info.name and -10 <= info.goldstein <= 10
        assert info.quad_class in (1, 2, 3, 4)
        assert info.root == code[:2]


@pytest.mark.parametrize(
    ("code", "goldstein", "quad"),
    [("111", -2.0, 3), ("0874", 10.0, 2), ("190", -10.0, 4), ("036", 4.0, 1), ("020", 3.0, 1)],
)
def test_known_values(ontology, code, goldstein, quad):
    assert ontology[code].goldstein == goldstein
    assert ontology[code].quad_class == quad


def test_plover_inherits_from_parent_and_uses_plover2_names(ontology):
    assert ontology.plover("111").event == "DISAPPROVE"
    assert ontology.plover("0874").event == "RETREAT"
    assert ontology.plover("091").event == "INVESTIGATE"
    assert ontology.plover("010") is None  # statements are not PLOVER events


def test_negated_cooperation_becomes_a_refusal(ontology):
    assert ontology.negated("050") == "120"
    assert ontology.negated("036") == "125"
    assert ontology.negated("0333") == "1223"
    assert ontology.negated("084") == "1243"


def test_negated_conflict_and_praise_yield_no_event(ontology):
    assert ontology.negated("190") is None
    assert ontology.negated("051") is None


def test_intended_events_take_intent_and_threat_codes(ontology):
    assert ontology.intended("0874") == "0356"
    assert ontology.intended("073") == "0333"
    assert ontology.intended("190") == "138"
    assert ontology.intended("111") == "111"


def test_appeals_are_refined_by_what_they_ask_for(ontology):
    assert ontology.asked_for("020", "084") == "0253"
    assert ontology.asked_for("100", "0874") == "106"
    assert ontology.asked_for("0233", "084") == "0233"  # a specific appeal stays


def test_unknown_code_is_an_error(ontology):
    with pytest.raises(KeyError):
        ontology["999"]
