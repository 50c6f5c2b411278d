"""Cutting text into highlighted pieces: spans, overlaps, quotes, relocated offsets."""

from __future__ import annotations

from tacitus.model import ActorRef, Event, TextSpan
from tacitus.web.highlight import Span, cut, sentence_pieces


def test_pieces_cover_the_text_exactly_once():
    text = "Russia criticized NATO on Tuesday."
    pieces = cut(text, [Span(0, 6, "actor", "RUS"), Span(7, 17, "trigger", "111"), Span(18, 22, "actor")])
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.kind) for p in pieces if p.kind] == [
        ("Russia", "actor"), ("criticized", "trigger"), ("NATO", "actor")]


def test_overlapping_spans_keep_the_trigger_and_drop_out_of_range_ones():
    text = "Russian forces shelled Kharkiv."
    pieces = cut(text, [Span(0, 22, "actor"), Span(15, 22, "trigger"), Span(20, 99, "place")])
    kinds = [(p.text, p.kind) for p in pieces if p.kind]
    assert kinds == [("shelled", "trigger")]
    assert "".join(p.text for p in pieces) == text


def test_quotes_flag_the_pieces_inside_them():
    text = 'He said "Iran lies" today.'
    pieces = cut(text, [Span(9, 13, "actor", "IRN")], quotes=[(9, 18)])
    assert [(p.text, p.quote) for p in pieces] == [
        ('He said "', False), ("Iran", True), (" lies", True), ('" today.', False)]


def test_sentence_pieces_find_spans_when_offsets_do_not_match():
    sentence = "Iran condemned the United States."
    event = Event(sentence=3, text=sentence, source=ActorRef("Iran", "IRN", "IRN", 500, 504),
                  target=ActorRef("the United States", "USA", "USA", 515, 532), cameo="111",
                  name="Criticize", root="11", quad_class=3, goldstein=-2.0, plover=None,
                  trigger=TextSpan("condemned", 505, 514), rule="r", sentence_start=999)
    marked = [(p.text, p.label) for p in sentence_pieces(event) if p.kind]
    assert marked == [("Iran", "IRN"), ("condemned", "111"), ("the United States", "USA")]
