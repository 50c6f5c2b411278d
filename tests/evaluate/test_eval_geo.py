"""The toponym-resolution gold evaluation runs and stays above measured floors."""

from __future__ import annotations

import pytest
from tests.conftest import SHARED, need_shared

from tacitus.errors import EvaluationError
from tacitus.evaluate.geo import evaluate_geo, format_misses, haversine_km, misses

TR_NEWS = SHARED / "gold" / "geo" / "TR-News.xml"
LGL = SHARED / "gold" / "geo" / "lgl.xml"

pytestmark = pytest.mark.shared


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
    # Measured on these 40 articles: exact 90.3%, country 97.4%, within 161 km 95.5%.
    assert rates["country"] >= 0.95
    assert rates["near161"] >= 0.93
    assert rates["exact"] >= 0.88
    assert "gold spans" in report.format()
    assert report.to_dict()["files"][0]["gold_rates"] == rates


def test_gold_span_scores_on_an_lgl_slice():
    need_shared()
    (score,) = evaluate_geo(LGL, limit=60, detect=False).files
    rates = score.gold.rates()
    # Measured on these 60 articles: exact 76.4%, country 94.5%, within 161 km 91.6%.
    assert rates["country"] >= 0.92
    assert rates["near161"] >= 0.89


@pytest.mark.slow
def test_gold_span_goals_on_both_files():
    """The issue's goals: at least 95% country and 85% within 161 km on each file."""
    need_shared()
    report = evaluate_geo(TR_NEWS.parent, detect=False)
    rates = {f.file: f.gold.rates() for f in report.files}
    # Measured: TR-News country 95.4%, 161 km 91.0%; LGL country 95.3%, 161 km 89.0%.
    for name in ("TR-News.xml", "lgl.xml"):
        assert rates[name]["country"] >= 0.95, (name, rates[name])
        assert rates[name]["near161"] >= 0.88, (name, rates[name])


def test_misses_are_grouped_by_cause():
    need_shared()
    found = misses(TR_NEWS, limit=20)
    assert found and {m.cause for m in found} <= {"not in gazetteer", "wrong country",
                                                   "same country, far"}
    text = format_misses(found)
    assert text.startswith(f"{len(found)} misses") and "gold" in text


def test_end_to_end_scores_on_a_tr_news_slice():
    need_shared()
    report = evaluate_geo(TR_NEWS, limit=8, detect=True)
    (score,) = report.files
    assert score.detected > 0
    # Measured on these 8 articles: recall 93.8%, country 98.5% of the recovered ones.
    assert score.recall >= 0.85
    assert score.end_to_end.rates()["country"] >= 0.95
    assert "recall" in report.format()
