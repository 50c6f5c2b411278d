"""The public API is small and explicit: `tacitus.__all__` is pinned here."""

import tacitus

EXPECTED = {
    "Actor", "ActorRef", "Article", "Coding", "ConfigError", "DictionaryError", "EvaluationError",
    "Event", "InputError", "Mention", "Pipeline", "Place", "Quote", "StoreError", "TacitusError",
    "__version__", "code_articles", "code_text",
}


def test_all_is_exactly_the_public_api():
    assert set(tacitus.__all__) == EXPECTED


def test_every_exported_name_exists():
    for name in tacitus.__all__:
        assert hasattr(tacitus, name), name


def test_code_text_returns_a_typed_coding():
    coding = tacitus.code_text("Russia's foreign minister criticized NATO.", date="2021-03-02")
    assert isinstance(coding, tacitus.Coding)
    assert all(isinstance(e, tacitus.Event) for e in coding.events)
