"""The array attribute ruler and lemmatizer give the Doc the stock pipes give, attribute
for attribute."""

from __future__ import annotations

import functools

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.pipeline import AttributeRuler

from tacitus.nlp import MODEL, NEEDED_PIPES, PARAGRAPHS, load
from tacitus.pipes import ArrayAttributeRuler, ArrayLemmatizer, compile_ruler, use_array_ruler
from tests.conftest import need_shared

COLUMNS = [POS, MORPH, LEMMA, DEP, TAG, HEAD]
# Sentences that reach the model's special patterns: contractions and dialect lemmas,
# pronoun case from the dependency, determiners used as pronouns, "do"/"have" as main
# verbs, "but" as an adverb, expletive "there", auxiliaries, whitespace tokens.
SENTENCES = (
    "I ain't gonna say it, y'all, and we're not doin' nothin' about 'em.",
    "You told me that it was fine, but I saw it and they gave it to you.",
    "There is no question of normalizing relations; there were talks.\n\n  That is all.",
    "He did his homework and has a car; she had done it before they'd left.",
    "Let's go, c'mon, we got ta leave 'cause it's late and I'll call.",
    "Those who came saw this, and all but two left.  The U.S. will not normalize relations.",
)


@functools.lru_cache(maxsize=1)
def stock():
    """The model as spaCy loads it, with Tacitus's pipes but the stock attribute ruler."""
    full = spacy.load(MODEL)
    nlp = spacy.load(MODEL, exclude=[n for n in full.pipe_names if n not in NEEDED_PIPES])
    load()  # registers the paragraph component
    nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


def _same(texts) -> None:
    ours = load()
    assert isinstance(ours.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert isinstance(ours.get_pipe("lemmatizer"), ArrayLemmatizer)
    assert not isinstance(stock().get_pipe("lemmatizer"), ArrayLemmatizer)
    assert isinstance(stock().get_pipe("attribute_ruler"), AttributeRuler)
    assert not isinstance(stock().get_pipe("attribute_ruler"), ArrayAttributeRuler)
    for text, a, b in zip(texts, ours.pipe(texts), stock().pipe(texts), strict=True):
        assert (a.to_array(COLUMNS) == b.to_array(COLUMNS)).all(), text
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b], text


def test_same_annotations_as_the_stock_pipes():
    _same(SENTENCES)
    _same(SENTENCES)  # and again, from the lemma cache


def test_the_rule_gives_the_stock_lemmas_from_its_index_sets():
    """A word first seen is lemmatised by spaCy's rule with the word index read as sets:
    the same lemmas as the stock rule (caches emptied, so both compute), and the lookups
    are left as they were (lists, which serialise)."""
    ours, theirs = load().get_pipe("lemmatizer"), stock().get_pipe("lemmatizer")
    text = ("The ministers were meeting; talks stalled as rebels fled, troops shelled villages "
            "and envoys flew home. Officials said the strikes worsened, cities burned, geese "
            "ran, mice hid and the best analyses were written by leaves of data.")
    doc = stock()(text)
    for token in doc:
        ours.cache.clear()
        theirs.cache.clear()
        assert ours.rule_lemmatize(token) == theirs.rule_lemmatize(token), token.text
    assert {type(v) for v in ours.lookups.get_table("lemma_index").values()} == {list}
    assert ours.to_bytes()
    assert [t.lemma_ for t in load()(text)] == [t.lemma_ for t in doc]


def test_lemmas_follow_the_part_of_speech_and_morphology():
    """One written form, several lemmas: the cache is keyed by more than the word."""
    doc = load()("He left the meeting. The meeting was long; they are meeting again. She saw the saw.")
    assert [t.lemma_ for t in doc if t.lower_ == "meeting"] == ["meeting", "meeting", "meet"]
    assert [t.lemma_ for t in doc if t.lower_ == "saw"] == ["see", "saw"]


def test_the_model_patterns_all_compile():
    """Else the ruler silently runs on spaCy's Matcher and the speed is gone."""
    assert compile_ruler(load().get_pipe("attribute_ruler")) is not None


def test_same_annotations_on_real_news():
    shared = need_shared()
    texts = [p.read_text(encoding="utf-8") for p in sorted((shared / "gold" / "quotes-polnear" / "dev" / "text").glob("*.txt"))[:15]]
    texts.append((shared / "examples" / "syria-normalization.txt").read_text(encoding="utf-8"))
    _same(texts)


def _pair(patterns):
    """A blank English pipeline with a stock ruler and one with an array ruler."""
    pipelines = []
    for array in (False, True):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add_patterns(patterns)
        if array:
            use_array_ruler(nlp)
        pipelines.append(nlp)
    return pipelines


def test_later_entries_win_and_indices_count_from_either_end():
    patterns = [
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"LEMMA": "first"}, "index": -1},
        {"patterns": [[{"LOWER": {"IN": ["york", "jersey"]}}]], "attrs": {"LEMMA": "second"}},
        {"patterns": [[{"LOWER": {"REGEX": "^new$"}}, {}]], "attrs": {"LEMMA": "third", "TAG": "NNP"}, "index": 1},
        {"patterns": [[{"ORTH": "in", "IS_SPACE": False}]], "attrs": {"POS": "ADP"}},
        {"patterns": [[{"LOWER": {"NOT_IN": ["in", "new", "york", "jersey", "."]}}]], "attrs": {"LEMMA": "other"}},
    ]
    slow, fast = _pair(patterns)
    assert isinstance(fast.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    text = "In New York and New Jersey rain fell in York."
    a, b = slow(text), fast(text)
    assert [t.lemma_ for t in b] == [t.lemma_ for t in a]
    assert [t.tag_ for t in b] == [t.tag_ for t in a]
    assert [t.pos_ for t in b] == [t.pos_ for t in a]
    assert (b[2].lemma_, b[5].lemma_, b[9].lemma_, b[8].pos_, b[6].lemma_) == ("third", "third", "second", "ADP", "other")
    assert fast.get_pipe("attribute_ruler").match(b) == slow.get_pipe("attribute_ruler").match(a)


def test_a_batch_matches_as_its_docs_one_by_one():
    """Docs piped together are matched as one column of tokens: a pattern of two tokens
    must not match the last word of one Doc with the first of the next."""
    patterns = [
        {"patterns": [[{"LOWER": "new"}, {"LOWER": "york"}]], "attrs": {"LEMMA": "city"}, "index": 0},
        {"patterns": [[{"LOWER": "york"}]], "attrs": {"TAG": "NNP"}},
    ]
    slow, fast = _pair(patterns)
    texts = ["I love New", "York is big", "", "New York", "new", "york new york"]
    piped = list(fast.pipe(texts, batch_size=4))
    assert [[t.lemma_ for t in d] for d in piped] == [[t.lemma_ for t in slow(x)] for x in texts]
    assert [[t.tag_ for t in d] for d in piped] == [[t.tag_ for t in slow(x)] for x in texts]
    assert [t.lemma_ for t in piped[0]] == ["", "", ""]  # "New" + the next Doc's "York": no match
    assert [t.lemma_ for t in piped[5]] == ["", "city", ""]


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "rain", "OP": "+"}],  # operators
    [{"LENGTH": {">=": 4}}],  # comparisons
    [{"_": {"mine": True}}],  # extension attributes
])
def test_patterns_beyond_the_array_matcher_fall_back_to_spacy(pattern):
    from spacy.tokens import Token

    Token.set_extension("mine", default=False, force=True)
    slow, fast = _pair([{"patterns": [pattern], "attrs": {"LEMMA": "x"}}])
    assert compile_ruler(fast.get_pipe("attribute_ruler")) is None
    text = "Rain rain fell in York."
    assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in slow(text)]


def test_the_ruler_scores_as_the_stock_ruler_does():
    """nlp.evaluate reads part of speech, morphology and lemmas through the ruler's scorer."""
    ruler = load().get_pipe("attribute_ruler")
    assert isinstance(ruler, ArrayAttributeRuler) and ruler.scorer is not None
    assert ruler.scorer.__name__ == stock().get_pipe("attribute_ruler").scorer.__name__


@pytest.mark.filterwarnings("ignore:.*W036")  # spaCy's own warning for a ruler left empty
def test_patterns_added_or_cleared_after_use_take_effect():
    """The compiled patterns are rebuilt after add() and clear(), as the stock Matcher is."""
    slow, fast = _pair([{"patterns": [[{"LOWER": "rain"}]], "attrs": {"LEMMA": "first"}}])
    text = "Rain fell in York."
    assert fast(text)[0].lemma_ == "first"  # compiled now
    for nlp in (slow, fast):
        nlp.get_pipe("attribute_ruler").add([[{"LOWER": "york"}]], {"LEMMA": "added"})
    assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in slow(text)]
    assert fast(text)[3].lemma_ == "added"
    for nlp in (slow, fast):
        nlp.get_pipe("attribute_ruler").clear()
    assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in slow(text)]
    assert fast(text)[0].lemma_ != "first"
    for nlp in (slow, fast):  # a pattern of one token matching any token
        nlp.get_pipe("attribute_ruler").add([[{}]], {"LEMMA": "any"})
    assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in slow(text)] == ["any"] * 5
