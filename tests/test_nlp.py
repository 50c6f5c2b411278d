"""The parser front end: one model per process, the pipes the coder reads, paragraphs."""

from __future__ import annotations

from tacitus import nlp


def test_load_is_one_model_with_the_needed_pipes():
    model = nlp.load()
    assert model is nlp.load(nlp.MODEL)
    assert {"tagger", "parser", "ner", "lemmatizer"} <= set(model.pipe_names)


def test_a_blank_line_ends_a_sentence_even_without_a_full_stop():
    doc = nlp.parse("Ukraine and Poland renew talks on grain\n\nWARSAW - Ukraine and Poland renewed talks.")
    firsts = [s.text.strip() for s in nlp.sentences(doc)]
    assert firsts[0] == "Ukraine and Poland renew talks on grain"
    assert firsts[1].startswith("WARSAW")


def test_a_single_line_break_is_left_to_the_parser():
    doc = nlp.parse("The minister said the talks\nwould resume on Monday.")
    assert len(nlp.sentences(doc)) == 1


def test_words_are_the_tokens_lower_forms_lemmas_and_texts():
    doc = nlp.parse("The UN Security Council's envoys MET in Geneva.\n\nTalks resumed.")
    lowers, lemmas, texts = nlp.words(doc)
    assert lowers == [t.lower_ for t in doc]
    assert lemmas == [t.lemma_.lower() for t in doc]
    assert texts == [t.text for t in doc]
    assert nlp.words(doc) is nlp.words(doc)  # built once per Doc
    assert nlp.words(nlp.parse("")) == ([], [], [])


def test_pos_tags_are_the_tokens_parts_of_speech():
    doc = nlp.parse("The U.N. said  Russia must stop bombing Aleppo.\n\nOK, 3 dogs ran.")
    assert nlp.pos_tags(doc) == [t.pos_ for t in doc]
    assert "SPACE" in nlp.pos_tags(doc) and "VERB" in nlp.pos_tags(doc)
    assert nlp.pos_tags(doc) is nlp.pos_tags(doc)  # built once per Doc
    assert nlp.pos_tags(nlp.parse("")) == []
