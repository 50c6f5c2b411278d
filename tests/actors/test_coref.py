"""Coreference from the parse: surnames, titles, pronouns; and actor aggregation."""

from __future__ import annotations

import datetime as dt

from tacitus.actors.coref import aggregate_actors
from tacitus.nlp import parse

DAY = dt.date(2021, 3, 5)


def test_surname_after_full_name_is_the_same_person(pipeline):
    ms = pipeline.mentions(parse("Linda Okafor, the US envoy, arrived. Okafor met officials."), DAY)
    okafor = [m for m in ms if m.text == "Okafor"]
    assert okafor and okafor[0].code == "USAGOV" and okafor[0].how == "coref-name"


def test_he_goes_to_the_nearest_person(pipeline):
    ms = pipeline.mentions(parse("US State Department Spokesman Ned Price spoke. He added that aid would come."), DAY)
    he = [m for m in ms if m.text == "He"]
    assert he and he[0].kb_id == "person:ned-price"


def test_definite_title_goes_to_the_earlier_title_holder(pipeline):
    ms = pipeline.mentions(parse("A diplomat in New York spoke to reporters. The diplomat said talks went well."), DAY)
    diplomats = [m for m in ms if "diplomat" in m.text.lower()]
    assert len(diplomats) == 2 and diplomats[0].actor == diplomats[1].actor


def test_it_in_a_reported_clause_is_the_reporter(pipeline):
    ms = pipeline.mentions(parse("The Biden administration said that it would not normalize relations."), DAY)
    it = [m for m in ms if m.text == "it"]
    assert it and it[0].code == "USAGOV"


def test_actors_merge_mentions_and_count_them(pipeline):
    ms = pipeline.mentions(parse("Ned Price spoke. Price said talks failed. He left."), DAY)
    actors = {a.kb_id: a for a in aggregate_actors(ms)}
    price = actors["person:ned-price"]
    assert price.mentions == 3 and price.text == "Ned Price" and price.code == "USAGOV"


def test_unknown_person_gets_name_key_not_shared_code_key(pipeline):
    ms = pipeline.mentions(parse("Linda Okafor, the US envoy, arrived. John Mbeki, the US consul, left."), DAY)
    keys = {m.actor for m in ms if m.kind == "person"}
    assert len(keys) >= 2


def test_titled_name_takes_the_affiliation_of_an_earlier_unnamed_title_holder(pipeline):
    ms = pipeline.mentions(parse("A gunman shot Russia's ambassador to Turkey. Ambassador Andrei Karlov died."), DAY)
    karlov = [m for m in ms if "Karlov" in m.text]
    assert karlov and karlov[0].code == "RUSGOV"
