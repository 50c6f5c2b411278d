"""The penta-class map and the reader of the ConfliBERT sentence file."""

from __future__ import annotations

import pytest

from tacitus.errors import EvaluationError
from tacitus.evaluate.pentaclass import PentaReport, penta_class, read_gold


@pytest.mark.parametrize(
    ("root", "expected"),
    [("01", 0), ("02", 0), ("03", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3),
     ("14", 4), ("15", 4), ("16", 4), ("17", 4), ("20", 4), (None, None)],
)
def test_penta_class_of_root(root, expected):
    assert penta_class(root) == expected


def test_root_16_read_as_the_labels_read_it_is_a_second_figure():
    report = PentaReport(gold=[3, 4, 1], roots=["16", "19", None])
    assert report.predicted == [4, 4, None] and report.accuracy == 1 / 3
    other = report.to_dict()["root_16_as_verbal_conflict"]
    assert other["accuracy"] == 2 / 3
    assert "root 16 as verbal conflict" in report.format()


def test_read_gold_takes_sentence_and_label(tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text("Iran expelled two British diplomats.\t3\n\nRebels attacked the town.\t4\n", encoding="utf-8")
    assert read_gold(path) == [("Iran expelled two British diplomats.", 3), ("Rebels attacked the town.", 4)]


def test_read_gold_rejects_a_line_without_label(tmp_path):
    path = tmp_path / "gold.tsv"
    path.write_text("no label here\n", encoding="utf-8")
    with pytest.raises(EvaluationError):
        read_gold(path)
