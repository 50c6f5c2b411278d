"""Schemathesis fuzzes every operation of the OpenAPI schema: no input may cause a 5xx.

Bounded: a handful of valid and invalid examples per operation, on a small store of its own
(the write endpoints really code and store what they are sent).
"""

from __future__ import annotations

import pytest

from .conftest import PLACES, TOKEN, hostile_coding, located_coding

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402

EXAMPLES = {"positive": 12, "negative": 8}
SLOW = {"POST /api/code": 4, "POST /api/articles": 3}  # these run the NLP pipeline


@pytest.fixture(scope="module")
def fuzz_schema(tmp_path_factory, pipeline):
    from tacitus.store import open_store
    from tacitus.web import WebSettings, create_app

    store = open_store(str(tmp_path_factory.mktemp("fuzz") / "fuzz.db"))
    store.add_coding(hostile_coding())
    for i, place in enumerate(PLACES):
        store.add_coding(located_coding(i, place, 10 + i))
    app = create_app(store, WebSettings(token=TOKEN, max_body_bytes=100_000, max_code_chars=5_000))
    yield schemathesis.openapi.from_asgi("/api/openapi.json", app)
    store.close()


def _probe(op, mode, count: int, failures: list[str]):
    """A hypothesis test calling `op` with `count` generated cases, noting 5xx answers."""

    @settings(max_examples=count, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=op.as_strategy(generation_mode=mode))
    def probe(case) -> None:
        response = case.call(headers={"Authorization": f"Bearer {TOKEN}"})
        if response.status_code >= 500:
            failures.append(f"{op.label} {case.path_parameters} {case.query} "
                            f"{str(case.body)[:200]} -> {response.status_code}")

    return probe


def test_no_input_causes_a_server_error(fuzz_schema):
    from schemathesis import GenerationMode

    failures: list[str] = []
    operations = [result.ok() for result in fuzz_schema.get_all_operations()]
    assert len(operations) >= 12
    for op in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _probe(op, mode, SLOW.get(op.label, EXAMPLES[mode.value]), failures)()
            except Unsatisfiable:  # no invalid input exists (an operation without parameters)
                assert mode is GenerationMode.NEGATIVE, op.label
    assert failures == []
