"""Shared fixtures: the pipeline is built once per test session (dictionaries compile once)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def need_shared() -> Path:
    """The ../shared folder, or skip (fail under CI, where it must be present)."""
    if not SHARED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared is missing, and CI=true requires it")
        pytest.skip("../shared not present")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():
    from tacitus.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def nlp():
    from tacitus.nlp import load

    return load()
