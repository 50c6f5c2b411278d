"""Affiliation of local roles from the places of their sentence or the dateline."""

from __future__ import annotations

import pytest

from tacitus.actors.context import affiliate_by_place
from tacitus.model import Mention, Place
from tacitus.pipeline import code_text

COUNTRIES = frozenset({"USA", "TUR", "MEX", "AFG", "SYR", "LBN"})


def role(text: str, start: int, sentence: int = 0, roles=("COP",), **kw) -> Mention:
    return Mention(text=text, start=start, end=start + len(text), sentence=sentence, code=None,
                   roles=roles, kind="role", **kw)


def place(text: str, start: int, country: str, geonameid: int | None = 1) -> Place:
    return Place(text=text, start=start, end=start + len(text), geonameid=geonameid, country=country)


def test_a_local_role_takes_its_sentence_s_one_country():
    out = affiliate_by_place([role("police", 0)], [place("Tulsa", 30, "USA")], [0], COUNTRIES)
    assert (out[0].code, out[0].country, out[0].how) == ("USACOP", "USA", "place-context")


def test_two_countries_in_the_sentence_say_nothing_not_even_the_dateline():
    places = [place("Chicago", 10, "USA"), place("Mexico", 40, "MEX")]
    out = affiliate_by_place([role("police", 0)], places, [0], COUNTRIES, dateline=place("KABUL", 0, "AFG"))
    assert out[0].code is None and out[0].how == "dictionary"


def test_without_a_place_in_the_sentence_the_dateline_speaks():
    out = affiliate_by_place([role("protesters", 60, sentence=1, roles=("OPP",))], [place("KABUL", 0, "AFG")],
                             [0, 50], COUNTRIES, dateline=place("KABUL", 0, "AFG"))
    assert (out[0].code, out[0].how) == ("AFGOPP", "dateline-context")


def test_places_of_other_sentences_unresolved_places_and_actor_names_do_not_count():
    mentions = [role("police", 60, sentence=1),
                Mention(text="US embassy", start=80, end=90, sentence=1, code="USAGOV", country="USA")]
    places = [place("Ankara", 10, "TUR"), place("US", 80, "USA"), place("Xville", 95, "MEX", geonameid=None)]
    out = affiliate_by_place(mentions, places, [0, 50], COUNTRIES)
    assert out[0].code is None  # Ankara is in sentence 0; "US" names an actor; Xville is unresolved


@pytest.mark.parametrize("kw", [
    {"roles": ("GOV",)},  # a government, an army, reporters may be anyone's
    {"roles": ("MED",)},
    {"roles": ()},
    {"roles": ("COP",), "country": "SYR"},  # affiliated by the text already
])
def test_only_unaffiliated_local_roles_take_part(kw):
    out = affiliate_by_place([role("them", 0, **kw)], [place("Tulsa", 30, "USA")], [0], COUNTRIES)
    assert out[0].code is None or out[0].how != "place-context"


def test_a_country_the_dictionaries_do_not_know_is_not_an_actor_code():
    out = affiliate_by_place([role("police", 0)], [place("Oslo", 30, "NOR")], [0], COUNTRIES)
    assert out[0].code is None


def test_end_to_end_an_arrest_in_tulsa_is_by_us_police():
    coding = code_text("Police arrested dozens of protesters in Tulsa on Friday.")
    (event,) = coding.events
    assert (event.cameo, event.source.code) == ("173", "USACOP")
