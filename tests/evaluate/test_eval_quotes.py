"""The PolNeAR scorer: reading brat standoff, normalising spans, matching, and one real run."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import SHARED, need_shared

from tacitus.errors import EvaluationError
from tacitus.evaluate.quotes import (
    FALSE_POSITIVE_CATEGORIES,
    MISS_CATEGORIES,
    Attribution,
    GoldAttribution,
    QuoteReport,
    _false_positive_category,
    annotator_agreement,
    attributions_of,
    diagnose_parsed,
    diagnose_quotes,
    evaluate_quotes,
    match,
    normalise,
    read_ann,
    read_polnear,
    score_article,
)
from tacitus.model import Quote, Speaker

POLNEAR_DEV = SHARED / "gold" / "quotes-polnear" / "dev"


TEXT = 'Officials said the talks failed. "We tried," he said, "but no."'
#        0         1         2         3         4         5         6
#        0123456789012345678901234567890123456789012345678901234567890123


def span(sub: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(sub, start + 1)
    return start, start + len(sub)


def write_polnear(root: Path) -> Path:
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    (root / "text" / "story.txt").write_text(TEXT, encoding="utf-8")
    s, c, t = span("Officials"), span("said"), span("the talks failed")
    q1, q2, he, said2 = span('"We tried,"'), span('"but no."'), span("he"), span("said", 1)
    ann = "\n".join([
        f"T1\tSource {s[0]} {s[1]}\tOfficials", f"T2\tCue {c[0]} {c[1]}\tsaid",
        f"T3\tContent {t[0]} {t[1]}\tthe talks failed", f"T4\tAttribution {c[0]} {c[1]}\tsaid",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tContent {q1[0]} {q1[1]};{q2[0]} {q2[1]}\t\"We tried,\" \"but no.\"",
        f"T6\tSource {he[0]} {he[1]}\the", f"T7\tCue {said2[0]} {said2[1]}\tsaid",
        f"T8\tAttribution {said2[0]} {said2[1]}\tsaid",
        "E2\tAttribution:T8 Content:T5 Cue:T7 Source:T6",
    ])
    (root / "attributions" / "story_ab12.ann").write_text(ann + "\n", encoding="utf-8")
    return root


def test_read_ann_keeps_discontinuous_pieces(tmp_path):
    gold = read_ann(write_polnear(tmp_path) / "attributions" / "story_ab12.ann")
    assert len(gold) == 2
    assert gold[1].content == (span('"We tried,"'), span('"but no."'))
    assert gold[0].source == (span("Officials"),)


def test_read_ann_joins_a_role_filled_twice(tmp_path):
    # '"A," X said. "B."' is annotated as one attribution with Content and Content2.
    q1, q2, he, said2 = span('"We tried,"'), span('"but no."'), span("he"), span("said", 1)
    path = tmp_path / "story_ab12.ann"
    path.write_text("\n".join([
        f"T1\tContent {q1[0]} {q1[1]}\t\"We tried,\"", f"T2\tSource {he[0]} {he[1]}\the",
        f"T3\tCue {said2[0]} {said2[1]}\tsaid", f"T4\tAttribution {said2[0]} {said2[1]}\tsaid",
        f"T5\tContent {q2[0]} {q2[1]}\t\"but no.\"",
        "E1\tAttribution:T4 Cue:T3 Source:T2 Content:T1 Content2:T5",
    ]) + "\n", encoding="utf-8")
    (gold,) = read_ann(path)
    assert gold.content == (q1, q2)
    assert gold.source == (he,) and gold.cue == (said2,)


def test_bad_ann_line_raises(tmp_path):
    path = tmp_path / "bad.ann"
    path.write_text("T1\tSource twelve\tx\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad\.ann:1"):
        read_ann(path)


def test_read_polnear_needs_attributions(tmp_path):
    with pytest.raises(EvaluationError):
        read_polnear(tmp_path)


def test_normalise_ignores_quote_marks_spaces_and_edge_punctuation():
    assert normalise(TEXT, (span('"We tried,"'),)) == normalise(TEXT, (span("We tried"),))
    assert normalise(TEXT, (span("the talks failed."),)) == normalise(TEXT, (span("the talks failed"),))
    assert normalise(TEXT, None) == frozenset()


def test_match_is_one_to_one_at_half_overlap():
    gold = [GoldAttribution(content=(span("the talks failed"),), source=None, cue=None)]
    half = Attribution(content=(span("talks failed"),), source=None)  # 11 of 14 characters
    too_little = Attribution(content=(span("failed"),), source=None)
    assert match(TEXT, gold, [half, half]) == [(0, 0, pytest.approx(11 / 14))]
    assert match(TEXT, gold, [too_little]) == []


def test_quotes_sharing_a_cue_are_one_attribution():
    he = Speaker(text="he", resolved=None, code=None, start=span("he")[0], end=span("he")[1])
    pieces = [Quote(speaker=he, cue="said", content=TEXT[s:e], direct=True, start=s, end=e,
                    cue_start=span("said", 1)[0], cue_end=span("said", 1)[1])
              for s, e in (span("We tried"), span("but no."))]
    alone = Quote(speaker=Speaker(None, None, None), cue=None, content="Officials", direct=True,
                  start=0, end=9)
    grouped = attributions_of([*pieces, alone])
    assert [a.content for a in grouped] == [(span("We tried"), span("but no.")), ((0, 9),)]
    assert grouped[0].source == (span("he"),) and grouped[1].source is None


def test_score_article_counts_content_and_speakers(tmp_path):
    gold = read_ann(write_polnear(tmp_path) / "attributions" / "story_ab12.ann")
    predicted = [Attribution(content=(span("the talks failed"),), source=(span("Officials"),)),
                 Attribution(content=(span("We tried"), span("but no")), source=(span("said", 1),))]
    counts = score_article(TEXT, gold, predicted)
    report = QuoteReport(annotations=1, **counts)
    assert (report.gold, report.predicted, report.strict_matched) == (2, 2, 2)
    assert (report.speaker_scored, report.speaker_strict) == (2, 1)
    assert report.to_dict()["content_strict"]["f1"] == 1.0
    assert "content strict" in report.format()


def test_annotators_are_scored_against_each_other_where_an_article_has_two(tmp_path):
    root = write_polnear(tmp_path)
    with pytest.raises(EvaluationError, match="no article is annotated twice"):
        annotator_agreement(root)
    # a second annotator marked only the first attribution
    first = (root / "attributions" / "story_ab12.ann").read_text(encoding="utf-8").splitlines()[:5]
    (root / "attributions" / "story_cd34.ann").write_text("\n".join(first) + "\n", encoding="utf-8")
    agreement = annotator_agreement(root)
    # two ordered pairs: 2 gold / 1 predicted, then 1 gold / 2 predicted; one match each way
    assert (agreement.annotations, agreement.gold, agreement.predicted) == (2, 3, 3)
    assert agreement.overlap_matched == 2 and agreement.unit == "annotator pairs"
    report = evaluate_quotes(root)
    assert report.agreement == agreement
    assert report.to_dict()["agreement"]["content_overlap"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert "the annotators against each other (2 annotator pairs" in report.format()


@pytest.mark.shared
@pytest.mark.slow
def test_polnear_dev_sample_scores_in_a_sane_range():
    need_shared()
    report = evaluate_quotes(POLNEAR_DEV, limit=4)
    assert report.annotations >= 4 and report.gold > 15
    precision, _, f1 = report.overlap
    assert f1 > 0.5 and precision > 0.5
    assert report.speaker_overlap_accuracy > 0.7


def test_diagnose_sorts_every_miss_and_false_positive(tmp_path):
    root = write_polnear(tmp_path)
    ann = root / "attributions" / "story_ab12.ann"
    # a third gold attribution that nothing predicts, with a cue the lexicon does not know
    w = span("We tried")
    ann.write_text(ann.read_text(encoding="utf-8") + "\n".join([
        f"T9\tContent {w[0]} {w[1]}\tWe tried", f"T10\tCue {span('but')[0]} {span('but')[1]}\tbut",
        f"T11\tAttribution {span('but')[0]} {span('but')[1]}\tbut",
        "E3\tAttribution:T11 Content:T9 Cue:T10"]) + "\n", encoding="utf-8")
    report = diagnose_quotes(root)
    score = evaluate_quotes(root)
    assert set(report.misses) == set(MISS_CATEGORIES)
    assert set(report.false_positives) == set(FALSE_POSITIVE_CATEGORIES)
    assert sum(report.misses.values()) == score.gold - score.overlap_matched
    assert sum(report.false_positives.values()) == score.predicted - score.overlap_matched
    assert "misses:" in report.format(examples=1)


def test_false_positive_category_tells_boundary_from_split_from_nothing():
    gold = [normalise(TEXT, (span("the talks failed"),)), normalise(TEXT, (span("We tried"),))]
    talks = normalise(TEXT, (span("talks"),))
    assert _false_positive_category(talks, gold, hit_gold=set()) == FALSE_POSITIVE_CATEGORIES[0]
    assert _false_positive_category(talks, gold, hit_gold={0}) == FALSE_POSITIVE_CATEGORIES[1]
    across = normalise(TEXT, ((span("failed")[0], span("tried")[1]),))  # touches both golds
    assert _false_positive_category(across, gold, hit_gold={0}) == FALSE_POSITIVE_CATEGORIES[0]
    assert _false_positive_category(normalise(TEXT, (span("Officials"),)), gold, {0, 1}) \
        == FALSE_POSITIVE_CATEGORIES[2]


def test_diagnose_parsed_sorts_cached_parses_like_diagnose_quotes(tmp_path):
    from tacitus import nlp

    root = write_polnear(tmp_path)
    report = diagnose_parsed(read_polnear(root), {TEXT: nlp.parse(TEXT)})
    expected = diagnose_quotes(root)
    assert (report.misses, report.false_positives) == (expected.misses, expected.false_positives)
