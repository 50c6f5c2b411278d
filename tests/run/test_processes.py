"""Coding on forked worker processes: input order kept, a dead worker costs only its chunk."""

from __future__ import annotations

import os

import pytest

from tacitus.model import Article, Coding, InputFailure
from tacitus.nlp import MODEL
from tacitus.run.local import code_stream
from tacitus.run.processes import _numbered, fork_available

pytestmark = pytest.mark.skipif(not fork_available(), reason="needs fork")


class Dies:
    """A stand-in pipeline: codes nothing, and kills its process on the article "boom"."""

    model = MODEL

    def code_doc(self, article: Article, doc) -> Coding:
        if article.id == "boom":
            os._exit(3)
        assert doc.text == article.text
        return Coding(article=article, issues=(f"pid {os.getpid()}",))


def _items():
    items: list = [Article(id=f"a{i}", text=f"Text number {i}.") for i in range(12)]
    items.insert(5, Article(id="boom", text="This one kills the worker."))
    items.insert(9, InputFailure("bad.txt", "empty file"))
    return items


def test_results_come_in_input_order_from_several_processes():
    items = [x for x in _items() if getattr(x, "id", "") != "boom"]
    results = list(code_stream(Dies(), items, workers=2, batch_size=2))
    assert [getattr(r, "article", r) for r in results] == items
    pids = {r.issues[0] for r in results if isinstance(r, Coding)}
    assert len(pids) == 2 and f"pid {os.getpid()}" not in pids


def test_a_dead_worker_turns_its_chunk_into_failures_and_is_replaced():
    items = _items()
    results = list(code_stream(Dies(), items, workers=2, batch_size=2))
    assert len(results) == len(items)
    failed = [i for i, r in enumerate(results) if isinstance(r, InputFailure) and r.reason == "coding failed"]
    assert failed == [4, 5]  # "boom" and the article chunked with it
    assert "exit code 3" in results[5].detail
    assert all(isinstance(r, Coding) and r.article == x for r, x in zip(results, items, strict=True)
               if not isinstance(r, InputFailure))
    assert isinstance(results[9], InputFailure) and results[9].reason == "empty file"


def test_stopping_early_ends_the_workers():
    import multiprocessing

    stream = code_stream(Dies(), _items()[:4], workers=2, batch_size=1)
    next(stream)
    stream.close()
    assert not [p for p in multiprocessing.active_children() if p.name == "tacitus-coder"]


def test_chunks_are_numbered_in_input_order():
    a, b, c = (Article(id=x, text=x) for x in "abc")
    bad = InputFailure("x", "empty file")
    assert list(_numbered([a, b, bad, c], 2)) == [(0, [a, b], True), (1, [bad], False), (2, [c], True)]
