"""Quote attribution: quotation marks, cues, content spans, speakers and their resolution."""

from __future__ import annotations

import pytest

from tacitus import nlp
from tacitus.errors import DictionaryError
from tacitus.model import Mention, Quote
from tacitus.quotes import extract_quotes, find_quotations, load_cues


@pytest.fixture(scope="module")
def parse():
    nlp.load()  # load once for the module
    return nlp.parse


def quotes_of(parse, text: str, mentions=()) -> tuple[Quote, ...]:
    quotes = extract_quotes(parse(text), mentions)
    for q in quotes:  # offsets always cover the content, and the speaker as written
        assert text[q.start:q.end] == q.content
        if q.speaker.start is not None:
            assert text[q.speaker.start:q.speaker.end] == q.speaker.text
        if q.cue_start is not None:
            assert text[q.cue_start:q.cue_end] == q.cue
    return quotes


def only(quotes):
    assert len(quotes) == 1, quotes
    return quotes[0]


# ----------------------------------------------------------------- quotation marks


@pytest.mark.parametrize(("text", "expected"), [
    ('He said "no deal" twice.', ["no deal"]),
    ("He said “no deal” twice.", ["no deal"]),
    ("Il a dit « pas d'accord » hier.", ["pas d'accord"]),
    ("It’s ‘in their heads,’ he said.", ["in their heads,"]),
    ("''Tell that to the janitor,'' Mr. Biden said.", ["Tell that to the janitor,"]),
    ('“She called it “hell” and left,” he said.', ["She called it “hell” and left,"]),
    ("Clinton’s aides don’t know; the ’90s were different.", []),
    ('"A," he said, "B."', ["A,", "B."]),
])
def test_find_quotations(text, expected):
    assert [text[q.start:q.end] for q in find_quotations(text)] == expected


def test_quote_over_paragraphs_reopens_each_paragraph():
    text = '"First part of it,\n\n"second part,\n\n"and the end," she said.'
    found = find_quotations(text)
    assert [text[q.start:q.end] for q in found] == ["First part of it,", "second part,",
                                                     "and the end,"]
    assert [(q.continues, q.continued, q.balanced) for q in found] == [
        (True, False, True), (True, True, True), (False, True, True)]


def test_unclosed_quotation_ends_with_its_paragraph():
    text = 'He said "this never ends.\n\nNext paragraph.'
    (q,) = find_quotations(text)
    assert text[q.start:q.end] == "this never ends." and not q.balanced


# ------------------------------------------------------------------------ lexicon


def test_builtin_lexicon_is_large_and_has_lemmas_and_forms():
    lexicon = load_cues()
    assert len(lexicon) >= 80
    assert lexicon.verbs["say"].forms >= {"said", "says", "saying"}
    assert lexicon.verbs["tell"].addressee_object
    assert "for" in lexicon.verbs["call"].preps
    assert ("according", "to") in lexicon.phrases


def test_bad_lexicon_raises_dictionary_error(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text("verbs:\n  say: {kind: gossip}\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="kind"):
        load_cues(path)
    with pytest.raises(DictionaryError):
        load_cues(tmp_path / "missing.yaml")


def test_bare_on_in_preps_is_caught(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text("verbs:\n  call: {kind: speech, preps: [for, on]}\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="preps"):
        load_cues(path)
    assert "on" in load_cues().verbs["call"].preps


@pytest.mark.parametrize("preps", ["on", "[on]"])
def test_bare_on_as_the_only_prep_is_caught(tmp_path, preps):
    path = tmp_path / "cues.yaml"
    path.write_text(f"verbs:\n  call: {{kind: speech, preps: {preps}}}\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="preps"):
        load_cues(path)


def test_a_single_prep_is_a_word_not_its_letters(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text('verbs:\n  call: {kind: speech, preps: "on"}\n', encoding="utf-8")
    assert load_cues(path).verbs["call"].preps == frozenset({"on"})


# ----------------------------------------------------------------- kinds of quotes


def test_direct_quote_after_cue_with_colon(parse):
    q = only(quotes_of(parse, 'The minister said: "We will not negotiate under fire."'))
    assert (q.speaker.text, q.cue, q.direct) == ("The minister", "said", True)
    assert q.content == "We will not negotiate under fire."


def test_direct_quote_before_cue(parse):
    q = only(quotes_of(parse, "“We have no plans to do so,” Price told reporters."))
    assert (q.speaker.text, q.cue, q.content, q.direct) == (
        "Price", "told", "We have no plans to do so", True)


def test_interrupted_quote_gives_pieces_with_one_cue(parse):
    quotes = quotes_of(parse, "“We will not accept this,” the minister said, “and we will respond.”")
    assert [q.content for q in quotes] == ["We will not accept this", "and we will respond."]
    assert len({(q.cue_start, q.speaker.text) for q in quotes}) == 1


def test_quote_over_paragraphs_has_one_speaker(parse):
    text = '"This is the first part of a long statement,\n\n"and this goes on," said the senator.'
    quotes = quotes_of(parse, text)
    assert len(quotes) == 2
    assert {q.speaker.text for q in quotes} == {"the senator"}


def test_mixed_quote_content_is_the_whole_clause(parse):
    text = ('A diplomat in New York said Pedersen was likely to "request the backing of the '
            'Security Council" for the plan.')
    q = only(quotes_of(parse, text))
    assert q.content == ('Pedersen was likely to "request the backing of the Security Council" '
                         "for the plan")
    assert not q.direct


@pytest.mark.parametrize(("text", "speaker", "cue", "content"), [
    ("Price said that the United States would not normalize relations with Assad.",
     "Price", "said", "that the United States would not normalize relations with Assad"),
    ("Aid deliveries resumed on Monday, according to the United Nations.",
     "the United Nations", "according to", "Aid deliveries resumed on Monday"),
    ("Troops withdrew from the town overnight, the ministry said in a statement.",
     "the ministry", "said", "Troops withdrew from the town overnight"),
    ("Lavrov told reporters that Moscow would respond.",
     "Lavrov", "told", "that Moscow would respond"),
    ("The general warned that the ceasefire could collapse within days.",
     "The general", "warned", "that the ceasefire could collapse within days"),
    ("The latest test, North Korea said, was its biggest yet.",
     "North Korea", "said", "The latest test"),
    ("Rights groups called for an independent inquiry into the killings.",
     "Rights groups", "called for", "an independent inquiry into the killings"),
])
def test_indirect_speech(parse, text, speaker, cue, content):
    q = quotes_of(parse, text)[0]
    assert (q.speaker.text, q.cue, q.content, q.direct) == (speaker, cue, content, False)


def test_transcript_labels_are_speakers(parse):
    quotes = quotes_of(parse, "Partial transcript:\n\nPENCE: Donald Trump will win.\n\n"
                              "WALLACE: Thank you, governor.")
    assert [(q.speaker.text, q.content) for q in quotes] == [
        ("PENCE", "Donald Trump will win"), ("WALLACE", "Thank you, governor")]


def test_a_reported_report_is_one_attribution(parse):
    quotes = quotes_of(parse, "Obama said Clinton told him that the deal was dead.")
    assert [(q.speaker.text, q.cue) for q in quotes] == [("Obama", "said")]


def test_cue_inside_a_quotation_is_not_an_attribution(parse):
    quotes = quotes_of(parse, '"I think we should leave now," the senator said.')
    assert [(q.speaker.text, q.cue) for q in quotes] == [("the senator", "said")]


def test_scare_quotes_alone_are_not_quotes(parse):
    assert quotes_of(parse, "The so-called “peace plan” was published on Monday.") == ()


# ----------------------------------------------------------------------- bad input


def test_unbalanced_quotation_mark_gives_a_note(parse):
    q = only(quotes_of(parse, 'He said "this never ends and I am tired of it.\n\nThe end.'))
    assert q.note == "unbalanced quotation mark"
    assert q.content == "this never ends and I am tired of it."


def test_quote_without_speaker_gives_a_note(parse):
    q = only(quotes_of(parse, '"Nobody knows what will happen next in the region, frankly."\n\n'
                              "The weather was fine."))
    assert q.note == "no speaker found"
    assert q.speaker.text is None and q.cue is None and q.direct


@pytest.mark.parametrize("text", ["", "   \n\n ", '"', "“”", "‘", '""""', "said said said"])
def test_odd_input_does_not_raise(parse, text):
    assert isinstance(quotes_of(parse, text), tuple)


# ------------------------------------------------------------------------ speakers

PRICE_TEXT = ('The U.S. will not normalize relations, State Department spokesman Ned Price '
              'said on Tuesday. "We have no plans to do so," Price told reporters.\n\n'
              'He added: "Our position has not changed."')


def price_mentions(text: str) -> list[Mention]:
    start = text.index("Ned Price")
    return [Mention(text="State Department spokesman Ned Price", start=text.index("State"),
                    end=start + 9, sentence=0, code="USAGOV", country="USA", name="Ned Price",
                    actor="ned-price", how="dictionary"),
            Mention(text="Price", start=text.index("Price told"), end=text.index(" told"),
                    sentence=1, code=None, how="ner")]


def test_speaker_resolves_to_mention_with_code(parse):
    first = quotes_of(parse, PRICE_TEXT, price_mentions(PRICE_TEXT))[0]
    assert (first.speaker.resolved, first.speaker.code, first.speaker.actor) == (
        "Ned Price", "USAGOV", "ned-price")


def test_surname_and_pronoun_resolve_to_the_full_person(parse):
    quotes = quotes_of(parse, PRICE_TEXT, price_mentions(PRICE_TEXT))
    by_cue = {q.cue: q.speaker for q in quotes}
    assert by_cue["told"].text == "Price" and by_cue["told"].resolved == "Ned Price"
    assert by_cue["told"].code == "USAGOV"
    assert by_cue["added"].text == "He" and by_cue["added"].resolved == "Ned Price"


def test_without_mentions_names_come_from_the_parser(parse):
    by_cue = {q.cue: q.speaker for q in quotes_of(parse, PRICE_TEXT)}
    assert by_cue["added"].resolved == "Ned Price"
    assert by_cue["added"].code is None


def test_anonymous_source_keeps_its_description(parse):
    text = ("Ned Price spoke in Washington. A diplomat in New York said Pedersen was likely "
            "to ask for more time.")
    mentions = [Mention(text="Ned Price", start=0, end=9, sentence=0, code="USAGOV",
                        name="Ned Price", actor="ned-price"),
                Mention(text="A diplomat in New York", start=text.index("A diplomat"),
                        end=text.index(" said"), sentence=1, code=None, roles=("GOV",))]
    speaker = only(quotes_of(parse, text, mentions)).speaker
    assert speaker.anonymous
    assert speaker.resolved == "A diplomat in New York"
    assert speaker.actor is None and speaker.code is None


def test_unknown_speaker_keeps_its_text_with_no_code(parse):
    speaker = only(quotes_of(parse, "The spokesman for the rebels said the town had fallen.",
                             [])).speaker
    assert speaker.text == "The spokesman for the rebels" and speaker.code is None


def test_pronoun_does_not_take_an_organisation_as_antecedent(parse):
    text = ("Ned Price spoke first. The ministry said the talks had failed. "
            "He added that the United States would wait.")
    by_cue = {q.cue: q.speaker for q in quotes_of(parse, text)}
    assert by_cue["added"].resolved == "Ned Price"


def test_relative_pronoun_source_resolves_to_its_noun(parse):
    text = "The talks were led by Geir Pedersen, who said the process was stuck."
    speaker = only(quotes_of(parse, text)).speaker
    assert speaker.text == "who" and speaker.resolved == "Geir Pedersen"


def test_kinds_keep_only_those_cues(parse):
    text = "Moscow wants to delay the vote. The ministry said the talks had failed."
    assert {q.cue for q in quotes_of(parse, text)} == {"wants", "said"}
    assert [q.cue for q in extract_quotes(parse(text), kinds={"speech"})] == ["said"]


# ------------------------------------------------------------ cues beyond verbs


def cue_content_speaker(quotes):
    return [(q.cue, q.content, q.speaker.text) for q in quotes]


@pytest.mark.parametrize(("text", "expected"), [
    ("Residents were frustrated that the police released only some of the video.",
     [("frustrated", "that the police released only some of the video", "Residents")]),
    ("It was clear that Clinton is reaching out to black voters.",
     [("clear", "that Clinton is reaching out to black voters", None)]),
    ("Voting rights advocates have expressed deep concern about the policy.",
     [("concern", "the policy", "Voting rights advocates")]),
    ("Critics have raised questions about his business practices.",
     [("questions", "his business practices", "Critics")]),
    ("In the latest poll, Clinton led Trump by five points.",
     [("In", "Clinton led Trump by five points", "the latest poll")]),
])
def test_adjective_noun_and_document_cues(parse, text, expected):
    assert cue_content_speaker(quotes_of(parse, text)) == expected


def test_passive_subject_is_content_and_agent_is_source(parse):
    q = only(quotes_of(parse, "The plan was endorsed by the union on Monday."))
    assert (q.cue, q.content, q.speaker.text, q.kind) == ("endorsed", "The plan", "the union",
                                                           "stance")


def test_evidential_verb_has_no_source_and_its_subject_is_content(parse):
    quotes = quotes_of(parse, "The lack of enthusiasm seems to be a real issue for her campaign.")
    assert {q.cue for q in quotes} == {"seems"} and all(q.speaker.text is None for q in quotes)
    assert [q.content for q in quotes] == ["The lack of enthusiasm",
                                           "to be a real issue for her campaign"]


def test_pro_form_content(parse):
    q = only(quotes_of(parse, "Robby Mook said as much in an interview on Thursday."))
    assert (q.content, q.speaker.text) == ("as much", "Robby Mook")


def test_quotation_only_cue(parse):
    q = only(quotes_of(parse, '"We will win this election," she continued.'))
    assert (q.cue, q.content, q.direct) == ("continued", "We will win this election", True)
    assert quotes_of(parse, "She continued to fight for the bill.") == ()


def test_block_quote_after_colon(parse):
    q = only(quotes_of(parse, "The governor added:\n\nIt is typical of her. She knows nothing."))
    assert (q.cue, q.speaker.text, q.content) == ("added", "The governor",
                                                  "It is typical of her. She knows nothing")


@pytest.mark.parametrize("text", [
    "Republicans won 52 percent of the vote compared to 24 percent last year.",  # preposition
    "Imagine the spectacle of a president in court.",  # imperative
    "They saw the tweet on Monday.",  # perception verb with a bare object
])
def test_not_attributions(parse, text):
    assert quotes_of(parse, text) == ()


# ------------------------------------------------------------ content boundaries


def test_adverbial_clause_before_the_cue_is_not_content(parse):
    text = ("While he acknowledged funding was a major reason, Ham also noted several "
            "intangibles left him disillusioned.")
    q = only(quotes_of(parse, text))
    assert (q.cue, q.content) == ("noted", "several intangibles left him disillusioned")


def test_parenthetical_cue_in_relative_clause_reports_that_clause(parse):
    quotes = quotes_of(parse, "The park is near the stadium, which, Tompkins said, is usually "
                              "full of activities.")
    assert [q.content for q in quotes] == ["which", "is usually full of activities"]
    assert {q.speaker.text for q in quotes} == {"Tompkins"}


def test_closing_apposition_is_not_content(parse):
    q = only(quotes_of(parse, "Mr. Schultz said he did not support Mr. Trump, the presumed "
                              "Putin favorite."))
    assert q.content == "he did not support Mr. Trump"


def test_stranded_speaker_with_apposition(parse):
    q = only(quotes_of(parse, '"He is absolutely right about the generals," Flynn, a top '
                              'Trump surrogate, said on Thursday.'))
    assert q.speaker.text == "Flynn, a top Trump surrogate" and q.direct


# ------------------------------------------------------------------ nesting


def test_aside_in_a_relative_clause_stands_on_its_own(parse):
    quotes = quotes_of(parse, "He attacked other candidates for accepting donations, which he "
                              "said were accompanied by favors.")
    by_cue = {}
    for q in quotes:
        by_cue.setdefault(q.cue, []).append(q.content)
    assert by_cue["attacked"] == ["other candidates for accepting donations"]
    assert "were accompanied by favors" in by_cue["said"]


def test_coordinated_speech_cues_are_two_attributions(parse):
    quotes = quotes_of(parse, "China said it was resolutely opposed to the test and warned "
                              "North Korea to refrain from further actions.")
    assert cue_content_speaker(quotes) == [
        ("said", "it was resolutely opposed to the test", "China"),
        ("warned", "North Korea to refrain from further actions", "China")]


def test_second_speech_cue_of_a_reported_clause_stands_apart(parse):
    quotes = quotes_of(parse, "Merrill says Machado promised to keep supporting Clinton and "
                              "said she would stand up to the attacks.")
    assert cue_content_speaker(quotes) == [
        ("says", "Machado promised to keep supporting Clinton", "Merrill"),
        ("said", "she would stand up to the attacks", "Machado")]


def test_coordinated_speech_cue_of_any_form_stands_apart(parse):
    # The second cue is a bare infinitive coordinated inside the first's content.
    quotes = quotes_of(parse, "The candidate refuses to release his tax records or explain "
                              "how his wife became a citizen.")
    got = {cue: content for cue, content, _ in cue_content_speaker(quotes)}
    assert got == {"refuses": "to release his tax records",
                   "explain": "how his wife became a citizen"}


@pytest.mark.parametrize("sentence, cue, content", [
    ("He has sought to protect breaks important to real estate, the bedrock of his business "
     "and one of the most lavishly subsidized industries in the code.",
     "sought", "to protect breaks important to real estate"),
    ("The moderators asked the candidates to discuss their own ideas and refrain from "
     "attacking their opponent, a request not always honored.",
     "asked", "the candidates to discuss their own ideas and refrain from attacking their opponent"),
])
def test_a_second_object_after_a_comma_is_an_apposition_not_content(parse, sentence, cue, content):
    # The parser hangs the apposition on the cue as a second direct object.
    assert [(q.cue, q.content) for q in quotes_of(parse, sentence)] == [(cue, content)]


def test_cue_inside_a_relative_clause_of_what_it_reports_stands_apart(parse):
    # PolNeAR never nests attributions: the outer content stops where the clause starts.
    quotes = quotes_of(parse, "Critics said the money paid for what the senators said was "
                              "economic gerrymandering.")
    by_cue: dict[int, list[str]] = {}
    for q in quotes:
        by_cue.setdefault(q.cue_start, []).append(q.content)
    assert list(by_cue.values()) == [["the money paid for"],
                                     ["what", "was economic gerrymandering"]]


@pytest.mark.parametrize("sentence, content", [
    ("Mr. Smith notes that three things are happening at once: Home values are rising, "
     "interest rates are low and lenders are a bit looser than they were.",
     "that three things are happening at once: Home values are rising, interest rates are "
     "low and lenders are a bit looser than they were"),
    ("The senator said there was one problem: The bill had no money.",
     "there was one problem: The bill had no money"),
])
def test_a_content_runs_on_past_a_colon_to_the_end_of_its_sentence(parse, sentence, content):
    assert [q.content for q in quotes_of(parse, sentence)] == [content]


def test_a_quotation_after_a_colon_is_left_to_placement(parse):
    quotes = quotes_of(parse, 'The senator said there was one problem: "The bill has no money."')
    assert "The bill has no money." in [q.content for q in quotes]
    assert not any("problem: " in q.content for q in quotes)


def test_subject_hung_as_an_apposition_on_a_fronted_phrase_is_the_source(parse):
    # The parser hangs "a diplomat" on "Awsat" and leaves "said" without a subject.
    (quote,) = quotes_of(parse, "In remarks to Asharq Al-Awsat, a diplomat in New York said that "
                                "the US contacts have focused on the efforts of the envoy.")
    assert quote.speaker.text == "a diplomat in New York" and quote.speaker.anonymous


def test_participle_cue_hung_on_the_reported_clause_is_the_reporters(parse):
    # The parser hangs "adding" on "continues", inside what Price said.
    quotes = quotes_of(parse, "State Department spokesman Ned Price said that the administration "
                              "“continues to promote a political settlement” in Syria, adding that "
                              "this effort was taking place in close consultation with allies.")
    assert [(q.cue, q.speaker.text) for q in quotes] == [
        ("said", "State Department spokesman Ned Price"),
        ("adding", "State Department spokesman Ned Price")]


def test_an_aside_holding_quoted_words_stays_in_the_content(parse):
    # A non-restrictive clause is the reporter's aside, but not when it quotes the source.
    (quote,) = quotes_of(parse, "The diplomat said that Pedersen was likely to “request the "
                                "backing of the permanent members”, namely the United States and "
                                "China, which “have reiterated their support for his efforts.”")
    assert quote.content.startswith("that Pedersen was likely")
    assert quote.content.rstrip("”").endswith("their support for his efforts.")


def test_speech_participle_inside_a_content_is_its_own_attribution(parse):
    quotes = quotes_of(parse, "Their gut reaction is to tell the American people that we're "
                              "defeating the terrorist group abroad while systematically "
                              "downplaying connections between radical Islam and attackers at home.")
    assert [(q.cue, q.content) for q in quotes] == [
        ("tell", "that we're defeating the terrorist group abroad"),
        ("downplaying", "connections between radical Islam and attackers at home")]


def test_a_standing_after_a_named_object_is_content(parse):
    (quote,) = quotes_of(parse, "POLITICO’s Battleground States average shows Clinton likewise "
                                "ahead by 3.7 percentage points, using an average of recent polls.")
    assert (quote.cue, quote.content) == ("shows", "Clinton likewise ahead by 3.7 percentage points")


@pytest.mark.parametrize("sentence, content", [
    ('Obama told black voters he would consider it a "personal insult" if they did not vote '
     'for Mrs. Clinton, implicitly putting his name on the line.',
     'he would consider it a "personal insult" if they did not vote for Mrs. Clinton'),
    ("Mexico pledged that it would lift restrictions that kept Mexican trucks from hauling "
     "cargo inside the United States, forcing them instead to dump their loads at the border.",
     "that it would lift restrictions that kept Mexican trucks from hauling cargo inside the "
     "United States"),
])
def test_a_trailing_participle_phrase_is_the_reporters_on_any_closing_word(parse, sentence,
                                                                            content):
    # The parser hangs the participle on a word deep in the content, not on its head.
    assert [q.content for q in quotes_of(parse, sentence)] == [content]


def with_parse(parse, text: str, parsed: list[tuple[int, str]]):
    """`text` tagged by the model, with the dependency parse given as (head, dep) per
    token: a parse the model gives only in some contexts, fixed for the test."""
    from spacy.tokens import Doc

    doc = parse(text)
    assert len(doc) == len(parsed), [t.text for t in doc]
    return Doc(doc.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
               tags=[t.tag_ for t in doc], pos=[t.pos_ for t in doc],
               lemmas=[t.lemma_ for t in doc], heads=[h for h, _ in parsed],
               deps=[d for _, d in parsed])


def test_parenthetical_cue_after_a_fronted_subordinate_clause_reports_the_sentence(parse):
    # In its article the parser hangs "said" on "was", the fronted clause, not on "be".
    text = ("Though that transition was relatively seamless, he said, replacing Clinton would be "
            "much more acrimonious.")
    doc = with_parse(parse, text, [
        (3, "mark"), (2, "det"), (3, "nsubj"), (13, "advcl"), (5, "advmod"), (3, "acomp"),
        (8, "punct"), (8, "nsubj"), (3, "parataxis"), (8, "punct"), (13, "csubj"),
        (10, "dobj"), (13, "aux"), (13, "ROOT"), (15, "advmod"), (16, "advmod"),
        (13, "acomp"), (13, "punct")])
    assert [q.content for q in extract_quotes(doc)] == [
        "Though that transition was relatively seamless",
        "replacing Clinton would be much more acrimonious"]


# ------------------------------------------------------------------ lexicon


def test_lexicon_sections_and_options(tmp_path):
    lexicon = load_cues()
    assert "frustrated" in lexicon.adjectives and "poll" in lexicon.documents
    assert "about" in lexicon.nouns["concern"].preps
    assert lexicon.verbs["continue"].quotations_only
    assert lexicon.verbs["seem"].subject_content and lexicon.verbs["see"].clause_only
    path = tmp_path / "cues.yaml"
    path.write_text("verbs:\n  say: {kind: speech}\nnouns:\n  claim: {}\n"
                    "adjectives:\n  sure: {kind: belief}\n", encoding="utf-8")
    custom = load_cues(path)
    assert custom.nouns["claim"].kind == "speech" and len(custom) == 3
    bad_object, bad_section = tmp_path / "object.yaml", tmp_path / "section.yaml"
    bad_object.write_text("verbs:\n  say: {kind: speech, object: listener}\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="object"):
        load_cues(bad_object)
    bad_section.write_text("verbs:\n  say: {kind: speech}\nnouns: [claim]\n", encoding="utf-8")
    with pytest.raises(DictionaryError, match="nouns"):
        load_cues(bad_section)


# ------------------------------------------------------------------ span boundaries


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("Trump is raising questions about his microphone problems during Monday's debate.",
     "questions", "his microphone problems during Monday's debate"),
    ("She will present her proposals in a speech Friday in Florida.",
     "present", "her proposals in a speech Friday in Florida"),
])
def test_phrases_after_a_nominal_content_belong_to_it(parse, text, cue, content):
    q = only([q for q in quotes_of(parse, text) if q.cue == cue])
    assert q.content == content


def test_phrase_after_a_comma_is_not_content(parse):
    q = only(quotes_of(parse, "She will present her proposals, in a speech Friday."))
    assert q.content == "her proposals"


def test_gerund_conjunct_after_a_nominal_content_belongs_to_it(parse):
    q = only(quotes_of(parse, "She has mentioned refinancing student loans and forcing "
                              "universities to spend more."))
    assert q.content == "refinancing student loans and forcing universities to spend more"


def test_name_object_takes_no_trailing_phrase(parse):
    q = only(quotes_of(parse, "Trump attacked Machado in early-morning tweets."))
    assert q.content == "Machado"


def test_cue_noun_without_an_owner_is_no_attribution(parse):
    assert not quotes_of(parse, "Efforts to enact a climate treaty stalled in Copenhagen.")


def test_concession_after_the_content_is_the_reporters(parse):
    quotes = quotes_of(parse, "Trump claimed that paying no income taxes was smart, although "
                              "he again refused to pledge to release his tax returns.")
    assert [q.content for q in quotes if q.cue == "claimed"] == [
        "that paying no income taxes was smart"]


def test_as_clause_cue_reports_the_clause_it_hangs_on(parse):
    q = only(quotes_of(parse, "As many tax experts have pointed out, Mr. Trump is free to "
                              "disclose his returns."))
    assert (q.cue, q.content, q.speaker.text) == (
        "pointed", "Mr. Trump is free to disclose his returns", "many tax experts")


def test_as_clause_cue_without_subject_has_no_source(parse):
    q = only(quotes_of(parse, "But in July 2012, Patriot failed as predicted."))
    assert q.content == "in July 2012, Patriot failed" and q.speaker.text is None


@pytest.mark.parametrize(("text", "cue", "speaker", "content"), [
    ("Railing Against Trump, Sanders Vows To Eliminate Tax Breaks Used By Developers.",
     "Vows", "Sanders", "To Eliminate Tax Breaks Used By Developers"),
    ("DuVernay's film documents how black life has been impacted by racism.",
     "documents", "DuVernay's film", "how black life has been impacted by racism"),
])
def test_cue_verb_tagged_as_plural_noun(parse, text, cue, speaker, content):
    q = only([q for q in quotes_of(parse, text) if q.cue == cue])
    assert (q.speaker.text, q.content) == (speaker, content)


def test_that_clause_hung_on_the_addressee_is_the_content(parse):
    q = only(quotes_of(parse, "In Honolulu last week, he told a meeting of Pacific Island "
                              "leaders that few people understood the stakes better than "
                              "residents."))
    assert q.content == "that few people understood the stakes better than residents"


def test_quoted_subheading_is_not_a_quote(parse):
    text = ('"I am skeptical he can pull it off," the professor said.\n\n'
            "''Legend in the Coal Fields.''\n\nMr. Clarke grew up in Kentucky.")
    assert [q.content for q in quotes_of(parse, text)] == ["I am skeptical he can pull it off"]


def test_that_clause_hung_on_a_time_phrase_is_the_content(parse):
    q = only(quotes_of(parse, "Still, The New York Times reported at the time that the RT "
                              "editor in chief, Margarita Simonyan, conveyed to Ms. Martin "
                              "that her statement was not in line with our editorial policy."))
    assert q.cue == "reported" and q.content.startswith("that the RT editor in chief")


def test_clause_of_time_on_the_cue_says_when_not_what(parse):
    quotes = quotes_of(parse, '"I am not going to follow a script to show that we are all '
                              'united," Orban told reporters after the meeting broke up.')
    assert [q.content for q in quotes] == [
        "I am not going to follow a script to show that we are all united"]


def test_a_rule_line_taken_for_an_object_is_not_content(parse):
    text = ("Rival Hillary Clinton had mocked the complaint, saying anybody who complains "
            "about a microphone “is not having a good night.”\n\n___.\n\nTrump spoke later.")
    assert [q.content for q in quotes_of(parse, text) if q.cue == "mocked"] == ["the complaint"]


def test_cue_demoted_to_a_participle_in_a_verbless_parse(parse):
    q = only(quotes_of(parse, "One of the docs who sent the letter called Oz a quack, fake "
                              "and charlatan."))
    assert (q.cue, q.content) == ("called", "Oz a quack, fake and charlatan")
    assert q.speaker.text == "One of the docs who sent the letter"


@pytest.mark.parametrize(("text", "content"), [
    ("WASHINGTON ― Trump's remarks are an insult to all Americans, the lawmakers said.",
     "Trump's remarks are an insult to all Americans"),
    ("NATO — the alliance — is obsolete, Trump said.", "NATO — the alliance — is obsolete"),
])
def test_dateline_is_not_content(parse, text, content):
    assert [q.content for q in quotes_of(parse, text)] == [content]


def test_headline_cue_takes_the_rest_of_its_line(parse):
    text = ("Flynn says Trump 'absolutely right' in saying generals reduced to rubble.\n\n"
            "Mike Flynn spoke on Thursday.")
    q = only(quotes_of(parse, text))
    assert (q.cue, q.speaker.text) == ("says", "Flynn")
    assert q.content == "Trump 'absolutely right' in saying generals reduced to rubble"


def test_headline_rule_leaves_the_body_alone(parse):
    text = ("A day in Ohio.\n\nFlynn says Trump 'absolutely right' in saying generals "
            "reduced to rubble.")
    assert [q.content for q in quotes_of(parse, text) if q.cue == "says"] != [
        "Trump 'absolutely right' in saying generals reduced to rubble"]


@pytest.mark.parametrize(("text", "cue", "content"), [
    ("Mrs. Clinton has embraced his approach, promising to meet and in some cases exceed "
     "his goals without new legislation.",
     "promising", "to meet and in some cases exceed his goals without new legislation"),
    ("She started off by emphasizing economic fairness, and a need to raise the minimum wage.",
     "emphasizing", "economic fairness, and a need to raise the minimum wage"),
])
def test_conjunct_hung_above_the_cue_continues_the_content(parse, text, cue, content):
    assert [q.content for q in quotes_of(parse, text) if q.cue == cue] == [content]


def test_phrase_hung_on_a_cue_noun_goes_on_its_content(parse):
    q = only(quotes_of(parse, "Trump has faced questions about business practices at a "
                              "foundation that bears his name."))
    assert (q.cue, q.content) == ("questions",
                                  "business practices at a foundation that bears his name")


def test_quote_after_a_colon_then_said_then_another_quote(parse):
    text = ("Sen. Claire McCaskill scolded him: “The scientific community is against you,” "
            "she said. “I don’t understand why you need to go there.”")
    assert [(q.cue, q.content) for q in quotes_of(parse, text)] == [
        ("scolded", "The scientific community is against you"),
        ("said", "I don’t understand why you need to go there.")]


def test_quote_opening_its_sentence_is_all_of_the_content(parse):
    text = "The senator had one message for him: “The scientific community is against you,” she said."
    quotes = [q for q in quotes_of(parse, text) if q.cue == "said"]
    assert [q.content for q in quotes] == ["The scientific community is against you"]


def test_content_opening_with_a_quotation_ends_with_it(parse):
    text = ("Trump interrupted her, saying “That makes me smart,” when Clinton blasted him for "
            "not paying income tax.")
    quotes = [q for q in quotes_of(parse, text) if q.cue == "saying"]
    assert [q.content for q in quotes] == ["That makes me smart"]


def test_a_byline_closes_its_quote(parse):
    text = ("“I would rather live anywhere else than in a world where he is president.” ― "
            "Adriana Rodarte\n“No candidate who insults our grandmothers as criminals deserves "
            "to lead this nation of ours.”\n")
    quotes = quotes_of(parse, text)
    assert [(q.cue, q.speaker.text) for q in quotes] == [("―", "Adriana Rodarte"), (None, None)]


def test_gerund_on_a_noun_makes_the_noun_the_source(parse):
    quotes = quotes_of(parse, "The union released a statement announcing the pick.")
    assert [(q.cue, q.speaker.text, q.content) for q in quotes if q.cue == "announcing"] == [
        ("announcing", "a statement", "the pick")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Amid charges that the show spread questionable medical advice, ratings fell.",
     [("charges", "that the show spread questionable medical advice", None)]),
    ("Efforts to raise the minimum wage have stalled in Congress.", []),
])
def test_cue_noun_without_an_owner_needs_a_that_clause(parse, text, expected):
    assert cue_content_speaker(quotes_of(parse, text)) == expected


def test_belief_verb_takes_a_nominal_content(parse):
    quotes = quotes_of(parse, "Voters recognize the danger that the policy has created.")
    assert cue_content_speaker(quotes) == [
        ("recognize", "the danger that the policy has created", "Voters")]


def test_addressee_of_an_infinitive_is_content(parse):
    quotes = quotes_of(parse, "Scott asked the crowd to welcome the governor.")
    assert cue_content_speaker(quotes) == [("asked", "the crowd to welcome the governor", "Scott")]


@pytest.mark.parametrize(("text", "content"), [
    ("The latest poll shows Clinton with a lead of three points.",
     "Clinton with a lead of three points"),
    ("Critics attacked Machado in tweets.", "Machado"),
])
def test_a_name_takes_only_a_predicating_phrase(parse, text, content):
    assert [q.content for q in quotes_of(parse, text)] == [content]


def test_called_on_takes_the_person_and_the_infinitive(parse):
    q = only(quotes_of(parse, "Schiff called on President Obama to retaliate against Russia."))
    assert (q.cue, q.content) == ("called on", "President Obama to retaliate against Russia")


def test_a_date_is_not_what_a_cue_noun_is_about(parse):
    text = ("Minyon Moore, a senior adviser to the Clinton campaign, called Mr. Obama's remarks "
            "on Saturday \"a true wake-up call\" to his coalition of supporters.")
    assert [(q.cue, q.content) for q in quotes_of(parse, text)] == [
        ("called", "Mr. Obama's remarks on Saturday \"a true wake-up call\"")]


def test_a_nationality_adjective_owns_a_cue_noun(parse):
    quotes = quotes_of(parse, "European reluctance to hand over security powers to Brussels is strong.")
    assert cue_content_speaker(quotes) == [
        ("reluctance", "to hand over security powers to Brussels", "European")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Trump unleashed a flurry of tweets shaming Machado.",
     ("unleashed", "a flurry of tweets shaming Machado", "Trump")),
    ("Warren grilled the chief executive.", ("grilled", "the chief executive", "Warren")),
    ("The ministry issued a warning to travelers.", ("issued", "a warning to travelers",
                                                     "The ministry")),
])
def test_verbs_added_to_the_lexicon(parse, text, expected):
    assert expected in cue_content_speaker(quotes_of(parse, text))


@pytest.mark.parametrize(("text", "content"), [
    ("The governor said after the meeting he would not sign the bill.",
     "he would not sign the bill"),
    ("The mayor said on Tuesday the city will hire more teachers.",
     "the city will hire more teachers"),
])
def test_reported_clause_without_that_after_a_phrase(parse, text, content):
    """A finite clause with its own subject and no subordinator, hung on the cue as an
    adverbial clause because a phrase came between them, is what was said."""
    assert [q.content for q in quotes_of(parse, text)] == [content]


def test_adverbial_clause_with_a_subordinator_is_not_content(parse):
    quotes = quotes_of(parse, "The senator spoke to reporters after he left the hearing.")
    assert all("he left" not in q.content for q in quotes)


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("Voters like Mary, she said.", "Voters like Mary", "she"),
    ("Leaders like Smith, she added.", "Leaders like Smith", "she"),
    ("Rules unclear on whether part-time workers are covered, experts say.",
     "Rules unclear on whether part-time workers are covered", "experts"),
])
def test_fragment_before_a_closing_cue_is_its_content(parse, text, content, speaker):
    """A cue that closes its sentence after a comma reports what comes before the comma,
    even when that is no clause; the speaker is the subject right before the cue."""
    quote = only(quotes_of(parse, text))
    assert (quote.content, quote.speaker.text) == (content, speaker)


@pytest.mark.parametrize("note", [
    "Editor’s note: The senator has repeatedly\npledged to ban all imports.",
    "Correction: An earlier version said the mayor vowed to resign.",
])
def test_publisher_notes_hold_no_attributions(parse, note):
    """A paragraph in which the publisher speaks ("Editor's note: …", a correction) is
    nobody's attribution; the paragraph before it keeps its own."""
    text = "The mayor said the budget was balanced.\n\n" + note
    assert [q.content for q in quotes_of(parse, text)] == ["the budget was balanced"]


def test_clause_before_a_parenthetical_cue_hung_on_the_cue_is_content(parse):
    """"If X, Y argues, Z": the parser hangs the "if" clause on the cue; it is part of
    what is argued, and the cue's own words start at its subject."""
    quotes = quotes_of(parse, "If the talks fail, Mr. Smith argues, there are other options"
                              " on the table.")
    assert [q.content for q in quotes] == ["If the talks fail",
                                           "there are other options on the table"]
    assert {q.speaker.text for q in quotes} == {"Mr. Smith"}


def test_cue_tagged_as_a_noun_closing_its_sentence_reports_the_clause_before(parse):
    text = ("Silence is not a habit when it comes to the mayor’s business dealings, the"
            " Republican mayoral candidate’s former lawyer maintains.")
    quote = only(quotes_of(parse, text))
    assert quote.content == "Silence is not a habit when it comes to the mayor’s business dealings"
    assert quote.speaker.text == "the Republican mayoral candidate’s former lawyer"


@pytest.mark.parametrize(("text", "content", "speaker"), [
    ("The senator’s remarks, which came during a town hall, have drawn scrutiny from"
     " several veterans groups.", "The senator’s remarks", "several veterans groups"),
    ("The campaign video has faced ridicule online all week.", "The campaign video", None),
])
def test_reaction_noun_after_a_verb_of_undergoing_takes_the_subject(parse, text, content,
                                                                    speaker):
    """"X drew criticism from Y": the reaction is Y's, and X (without a closing aside) is
    what it is about."""
    quote = only(quotes_of(parse, text))
    assert (quote.content, quote.speaker.text) == (content, speaker)


@pytest.mark.parametrize("text", [
    "The governor voiced criticism of the plan.",  # the subject voices it: a source
    # a share, not a reaction (with its "from" phrase: without a source the sentence
    # never reached the guard)
    "The mayor received 38 percent support from voters.",
])
def test_reaction_noun_needs_a_verb_of_undergoing(parse, text):
    assert all(q.content not in ("The governor", "The mayor") for q in quotes_of(parse, text))


@pytest.mark.parametrize(("text", "expected"), [
    ("The senators have not said when they would take up the bill.",
     ["when they would take up the bill"]),
    ("The mayor spoke to reporters when she left the hearing.", []),  # time of the speaking
])
def test_open_question_taken_for_an_adverbial_clause(parse, text, expected):
    """"said when they would …": a wh-clause with a modal is an indirect question, what
    was (not) said; a clause of time on the cue has no modal."""
    assert [q.content for q in quotes_of(parse, text)] == expected


@pytest.mark.parametrize(("text", "content"), [
    ("Officials said the delay was not deliberate; they learned of the problem on Friday.",
     "the delay was not deliberate"),
    ('The senator said the plan was "a disaster; a total mess" and should be dropped.',
     'the plan was "a disaster; a total mess" and should be dropped'),  # quoted: no bound
])
def test_content_after_a_cue_ends_at_a_semicolon(parse, text, content):
    assert [q.content for q in quotes_of(parse, text)] == [content]


@pytest.mark.parametrize("text", [
    "Markets fell sharply; the recovery will take years, the minister warned.",
    "The talks stalled on Monday; the recovery will take years, officials said.",
])
def test_content_before_a_cue_starts_after_a_semicolon(parse, text):
    assert [q.content for q in quotes_of(parse, text)] == ["the recovery will take years"]


def test_a_line_of_blanks_costs_no_backtracking():
    """The fast path blanks whole paragraphs into lines of spaces; the label pattern
    ("NAME: …") once backtracked over every split of such a run (20,000 spaces: 12 s).
    An alarm of 5 s stops the old pattern long before it ends; the new one takes
    microseconds. Labels are still found after blanks."""
    import signal

    from tacitus.quotes.cues import _LABEL

    def stop(*_):
        raise TimeoutError("the label pattern backtracks over a run of blanks")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(5)
    try:
        assert _LABEL.match(" " * 50_000 + "x") is None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert _LABEL.match("   “ John Kerry : we will go").group(1) == "John Kerry"
    assert _LABEL.match("\t SMITH:  go").group(1) == "SMITH"
