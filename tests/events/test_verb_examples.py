"""Every built-in verb pattern carries an example sentence; coding it must give the code.

The example is coded with the whole built-in dictionary, so this also checks that no
other pattern shadows it: the first event of the sentence (main clause first) must carry
the pattern's code.
"""

from __future__ import annotations

import pytest

from tacitus.events.patterns import load_builtin_verbs

PATTERNS = sorted(load_builtin_verbs().patterns(), key=lambda p: p.id)


def test_every_cameo_event_code_has_patterns_and_there_are_at_least_1500():
    from tacitus.dictionaries.cameo import load_ontology

    event_codes = {c for c in load_ontology().codes if len(c) >= 3}  # "01" etc. name roots
    covered = {p.code for p in PATTERNS}
    assert len(event_codes) > 280
    assert sorted(event_codes - covered) == []
    assert len(PATTERNS) >= 1500


def test_every_pattern_has_an_example():
    missing = [p.id for p in PATTERNS if not p.example]
    assert not missing, f"patterns without an example: {missing[:20]}"


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.id for p in PATTERNS])
def test_example_codes_to_its_pattern_code(pattern, pipeline):
    import tacitus

    coding = tacitus.code_text(pattern.example, date="2020-06-15", pipeline=pipeline)
    codes = [e.cameo for e in coding.events]
    assert codes, f"no event coded from {pattern.example!r}"
    assert codes[0] == pattern.code, (
        f"{pattern.example!r}: first event {codes[0]} by rule "
        f"{coding.events[0].rule}, expected {pattern.code} ({pattern.id})"
    )
