"""The toponym-resolution gold evaluation runs and stays above measured floors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tacitus.errors import EvaluationError
from tacitus.evaluate.geo import evaluate_geo, haversine_km

SHARED = Path(__file__).resolve().parents[2].parent / "shared"  # tests/evaluate -> repo -> ..
TR_NEWS = SHARED / "gold" / "geo" / "TR-News.xml"

pytestmark = pytest.mark.shared


def need_shared() -> None:
    if not SHARED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared missing under CI")
        pytest.skip("../shared not present")


def test_haversine_known_distance():
    # Damascus to Beirut is about 85 km.
    assert haversine_km(33.5138, 36.2765, 33.8938, 35.5018) == pytest.approx(85, abs=3)


def test_missing_gold_file_raises(tmp_path):
    with pytest.raises(EvaluationError):
        evaluate_geo(tmp_path / "nope.xml", detect=False)


def test_gold_span_scores_on_a_tr_news_slice():
    need_shared()
    report = evaluate_geo(TR_NEWS, limit=40, detect=False)
    (score,) = report.files
    assert score.articles == 40 and score.gold.toponyms > 300
    rates = score.gold.rates()
    # Measured on these 40 articles: exact 89.0%, country 94.8%, within 161 km 92.1%.
    assert rates["country"] >= 0.91
    assert rates["near161"] >= 0.88
    assert rates["exact"] >= 0.85
    assert "gold spans" in report.format()
    assert report.to_dict()["files"][0]["gold_rates"] == rates


def test_end_to_end_scores_on_a_tr_news_slice():
    need_shared()
    report = evaluate_geo(TR_NEWS, limit=8, detect=True)
    (score,) = report.files
    assert score.detected > 0
    # Measured on these 8 articles: recall 75.7%, country 97.2% of the recovered ones.
    assert score.recall >= 0.70
    assert score.end_to_end.rates()["country"] >= 0.92
    assert "recall" in report.format()
