"""The fast path's mechanisms: which sentences it keeps, which names, and the parse of the
kept text without its blanks, moved back onto the masked text's offsets."""

from __future__ import annotations

import pytest

from tacitus.run.fastpath import Prefilter, compact, expand


@pytest.fixture(scope="module")
def prefilter(pipeline, nlp):
    return Prefilter.from_pipeline(pipeline, nlp)


@pytest.mark.parametrize("sentence, keep", [
    ("The envoy said Iran must release the sailors at once.", True),  # a reported demand
    ("Iran should release the sailors, the envoy said.", True),  # the modal before the verb
    ("Voters shouldn't lose their right to vote, he said.", True),  # "shouldn't" is "should"
    ("The envoy said the sailors were in good health.", False),  # said, but nothing demanded
])
def test_a_speech_verb_with_must_or_should_is_kept(prefilter, sentence, keep):
    assert prefilter.keep(sentence) is keep


def test_lowercase_stop_words_are_no_names(prefilter):
    sentence = "What the plan is and who may pay for it was unclear to IS fighters and WHO."
    names = [sentence[a:b] for a, b in prefilter.name_spans(sentence)]
    assert not {"is", "may", "who"} & set(names)
    assert any("IS" in n for n in names) and any("WHO" in n for n in names)


def test_a_kept_sentence_with_a_pronoun_keeps_the_sentence_before(prefilter):
    text = ("Fidel Castro ruled Cuba for half a century until his death in 2016. "
            "Critics called him a dictator. The weather was fine. Russia criticized NATO.")
    plan = [(text[a:b], kept) for a, b, kept in prefilter.plan(text)]
    assert plan[1] == ("Critics called him a dictator.", True)
    assert plan[0][1] is True  # the antecedent's sentence, whole
    assert plan[2][1] is False
    assert plan[3] == ("Russia criticized NATO.", True)  # no pronoun: nothing before it added


def test_compact_shortens_blank_runs_only(prefilter):
    text = "Russia  criticized NATO.   The weather was cold.\n\nIran condemned Israel."
    masked = text.replace("The weather was cold.", " " * len("The weather was cold."))
    short, segments = compact(text, masked)
    assert short == "Russia  criticized NATO.\n\nIran condemned Israel."  # own spacing kept
    for start, target, length in segments:
        assert short[start : start + length] == masked[target : target + length]
    short, _ = compact(text, masked.replace("\n\n", "  "))
    assert short == "Russia  criticized NATO. Iran condemned Israel."  # no paragraph: a space


def test_expand_puts_the_compact_parse_back_on_the_masked_offsets(nlp):
    text = "The weather in Moscow was cold. Russia criticized NATO on Tuesday. Iran condemned Israel."
    masked = text.replace("The weather in Moscow was cold.", " " * 31)
    short, segments = compact(text, masked)
    doc = nlp(short)
    full = expand(doc, short, masked, segments)
    assert full is not None and full.text == masked
    words = [t for t in full if not t.is_space]
    assert [t.text for t in words] == [t.text for t in doc if not t.is_space]
    for new, old in zip(words, (t for t in doc if not t.is_space), strict=True):
        assert masked[new.idx : new.idx + len(new)] == old.text
        assert (new.dep_, new.head.text, new.lemma_, new.tag_, new.ent_type_) == (
            old.dep_, old.head.text, old.lemma_, old.tag_, old.ent_type_)
    assert [e.text for e in full.ents] == [e.text for e in doc.ents]
    assert len(list(full.sents)) == len(list(doc.sents))
    assert full[0].is_space and full[0].head.i == 1  # the leading blank joins the first sentence


def test_expand_refuses_texts_that_do_not_line_up(nlp):
    doc = nlp("Russia criticized NATO.")
    assert expand(doc, doc.text, "Russia criticised NATO.", ((0, 0, 23),)) is None


def test_parse_gives_a_doc_of_each_masked_text_in_order(prefilter, nlp):
    texts = [
        "The weather in Moscow was cold. Russia criticized NATO on Tuesday. Snow fell.",
        "Markets fell.",
        "Putin met Erdogan in Ankara.\n\nThe talks lasted an hour. He said Turkey must leave Syria.",
    ]
    docs = list(prefilter.parse(nlp, texts, batch_size=2))
    assert [d.text for d in docs] == [prefilter.mask(t)[0] for t in texts]
    assert all(len(d.text) == len(t) for d, t in zip(docs, texts, strict=True))
    ents = {e.text for d in docs for e in d.ents}
    assert {"Russia", "NATO"} <= ents


def test_a_hyphenated_word_lemmatises_by_its_last_part(prefilter):
    assert "fund" in prefilter.lemmas("self-funding")
    assert prefilter.keep("He was the only candidate self-funding his campaign.")


def test_a_pattern_that_forbids_a_particle_needs_no_word(prefilter):
    """``particle: none`` (193.fire-on: "fired on", not "fired back") rules a particle out;
    read as a required word "none", it skipped every "troops fired on …" sentence."""
    assert prefilter.keep("Helicopter gunships fired on the militant positions.")
    assert prefilter.keep("Police fired into the crowd outside the palace.")
    assert not prefilter.keep("The company fired its chief executive.")


def test_a_preposition_may_follow_a_long_object(prefilter):
    assert prefilter.keep("Mexico buys nearly $250 billion worth of stuff from the United States.")
    assert not prefilter.keep("Mexico buys a great many cars, trucks, buses and other vehicles every year from Japan.")


def test_names_across_a_title_and_one_lowercase_word_are_one_span(prefilter):
    sentence = "Officials said Mr. Clarke met the Republican presidential nominee Donald Trump on Friday."
    names = [sentence[a:b] for a, b in prefilter.name_spans(sentence)]
    assert any("Mr. Clarke" in n for n in names)  # not "Mr." and "Clarke." apart
    assert "Republican presidential nominee Donald Trump" in names
    assert "Friday" not in names  # a weekday is no antecedent


@pytest.mark.parametrize("sentence, keep", [
    ("Turkey backed the plan.", True),  # the verb
    ("Their backing of the plan ended in May.", False),  # "backing" after a determiner: a noun
    ("The phone stood on a desk.", False),  # no event noun "phone"
    ("The rally in the square drew thousands of people.", True),  # event noun "rally" (thousands)
    ("The armed men left the village.", True),  # a participle may be parsed as a verb
    ("Hamas claimed the attack on the base.", True),  # an event noun keeps its patterns
    # "@joint": two parties as subject make the drills joint (062), no word needed
    ("Brazil and Argentina performed war games.", True),
    ("The rivals each condemn the vote.", True),  # "each" after the subject: a verb follows
])
def test_after_a_determiner_only_event_nouns_count(prefilter, sentence, keep):
    assert prefilter.keep(sentence) is keep


def test_a_skipped_sentence_gives_each_name_once(prefilter):
    """Only a name's first occurrence is restored: later ones add tokens to parse and
    no antecedent the first did not already give."""
    text = ("Ned Price spoke in Washington on Monday. Ned Price spoke again in Washington. "
            "The weather was fine for Ned Price. Price criticized Assad.")
    masked = prefilter.mask(text)[0]
    assert masked.count("Ned Price") == 1 and masked.count("Washington") == 1
    assert masked.index("Ned Price") == text.index("Ned Price")
    assert masked.endswith("Price criticized Assad.")  # the kept sentence, whole
    assert len(masked) == len(text)


def test_a_pipeline_builds_its_prefilter_once(pipeline):
    """Its word caches serve every batch: a prefilter per batch started each one cold."""
    assert pipeline.prefilter is pipeline.prefilter
    assert isinstance(pipeline.prefilter, Prefilter)


def test_a_name_inside_a_longer_word_is_no_earlier_occurrence(prefilter):
    """"Israel" after "Israeli" (or "Iran" after "Iranian") is a name not yet given."""
    text = ("Israeli officials spoke on Monday. The weather was fine in Israel. "
            "Price criticized Assad.")
    masked = prefilter.mask(text)[0]
    assert masked[text.index("Israel."):].startswith("Israel")
