"""Local coding: several parser processes give the same codings; the fast path's prefilter."""

from __future__ import annotations

import pytest

from tacitus.model import Article, InputFailure
from tacitus.run.fastpath import Prefilter, sentence_spans
from tacitus.run.local import code_stream
from tacitus.serialize import coding_to_dict

TEXTS = [
    "Russia criticized NATO on Tuesday. The weather in Moscow was cold.",
    "The United States imposed sanctions on Iran. Markets fell. Iran condemned the United States.",
    "Turkish troops attacked Kurdish rebels in Syria. The operation lasted a week.",
    "Egypt hosted the Israeli foreign minister. He met the Egyptian president in Cairo.",
]


def articles():
    return [Article(id=f"a{i}", text=t) for i, t in enumerate(TEXTS)]


@pytest.mark.slow
def test_two_parser_processes_code_exactly_like_one(pipeline):
    items = [*articles(), InputFailure("bad.txt", "empty file")]
    one = [coding_to_dict(c) if not isinstance(c, InputFailure) else c for c in code_stream(pipeline, items)]
    two = [coding_to_dict(c) if not isinstance(c, InputFailure) else c
           for c in code_stream(pipeline, items, workers=2, batch_size=1)]
    assert one == two
    assert sum(len(c["events"]) for c in one if isinstance(c, dict)) >= 4


def test_sentence_spans_cover_the_text():
    text = 'He said: "We will come." Then he left.\n\nA new paragraph. Dr. Smith (the envoy) agreed!'
    spans = list(sentence_spans(text))
    assert "".join(text[a:b] for a, b in spans) == text
    pieces = [text[a:b].strip() for a, b in spans if text[a:b].strip()]
    assert pieces[0] == 'He said: "We will come."' and pieces[1] == "Then he left."


@pytest.fixture(scope="module")
def prefilter(pipeline, nlp):
    return Prefilter.from_pipeline(pipeline, nlp)


@pytest.mark.parametrize("sentence, keep", [
    ("Russia criticized NATO on Tuesday.", True),
    ("Turkish troops attacked Kurdish rebels.", True),  # inflected verb
    ("He met the Egyptian president in Cairo.", True),  # irregular past "met" → meet
    ("The weather was cold and wet.", False),  # no trigger
    ("Markets fell sharply on the news.", False),
    ("The weather in Moscow was cold.", False),  # a name but no trigger: only the name stays
    ("Putin said it was cold.", False),  # "said" codes only with its required words
    ("Putin said to reporters that talks would resume.", True),  # "said to …" can code
    ("To Kyiv, Putin said nothing.", False),  # a verb's preposition follows it
    ("Putin said the plan, which he called a success, was going to work.", False),  # too far
])
def test_prefilter_keeps_sentences_where_a_pattern_could_match(prefilter, sentence, keep):
    assert prefilter.keep(sentence) is keep


def test_mask_keeps_the_names_of_skipped_sentences_before_a_kept_one(prefilter):
    text = "The weather in Moscow was cold. Russia criticized NATO on Tuesday. Snow fell in Kyiv."
    masked, kept, total = prefilter.mask(text)
    assert (kept, total) == (1, 3) and len(masked) == len(text)
    assert "Russia criticized NATO on Tuesday." in masked
    assert "Moscow" in masked and "weather" not in masked and "cold" not in masked
    assert "Kyiv" not in masked  # after the last kept sentence: no antecedent of anything


def test_mask_keeps_length_and_offsets(prefilter):
    text = TEXTS[1]
    masked, kept, total = prefilter.mask(text)
    assert len(masked) == len(text) and (kept, total) == (2, 3)
    assert "Markets" not in masked and "fell" not in masked
    for i, ch in enumerate(masked):
        assert ch == text[i] or ch in " ."  # a restored name is closed with a full stop


def test_fast_path_codes_the_same_events_on_simple_texts(pipeline):
    def key(c):
        return [(e.cameo, e.trigger.start, e.source and e.source.code, e.target and e.target.code)
                for e in c.events]

    full = [key(c) for c in code_stream(pipeline, articles())]
    fast = [key(c) for c in code_stream(pipeline, articles(), fast=True)]
    assert fast == full


def test_coding_freezes_the_loaded_data_and_collects_young_objects_less_often(pipeline):
    """After the first coding, the long-lived data sit in the collector's permanent
    generation and the youngest generation is collected every 50,000 allocations, not 700
    (see tacitus.pipeline._freeze_loaded_data)."""
    import gc

    list(code_stream(pipeline, articles()[:1]))
    assert gc.get_freeze_count() > 100_000
    assert gc.get_threshold() == (50_000, 20, 20)
