"""Every input becomes an Article or an InputFailure with a reason; nothing raises."""

from __future__ import annotations

import datetime as dt
import io
import json

from tacitus.ingest.readers import ReadOptions, read_inputs, read_stdin
from tacitus.model import Article, InputFailure


def read(paths, **kw):
    return list(read_inputs(paths, ReadOptions(**kw)))


def test_text_file_becomes_an_article(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Syria rejects talks\n\nDamascus rejected the proposal.", encoding="utf-8")
    [item] = read([f])
    assert isinstance(item, Article) and item.id == "story" and item.title == "Syria rejects talks"


def test_missing_empty_binary_bad_utf8_and_huge_files_are_failures(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01\x02")
    (tmp_path / "latin1.txt").write_bytes("Sanaa caf\xe9 talks".encode("latin-1"))
    (tmp_path / "huge.txt").write_bytes(b"a " * 600)
    (tmp_path / "good.txt").write_text("Israel met Egypt.", encoding="utf-8")
    items = read([tmp_path, tmp_path / "missing.txt"], max_bytes=1000)
    reasons = {i.source.rsplit("/", 1)[-1]: i.reason for i in items if isinstance(i, InputFailure)}
    assert reasons == {
        "binary.txt": "binary file (contains NUL bytes), not text",
        "empty.txt": "empty file",
        "huge.txt": "file too large",
        "latin1.txt": "not valid UTF-8",
        "missing.txt": "no such file",
    }
    assert [i.id for i in items if isinstance(i, Article)] == ["good"]


def test_jsonl_lines_are_articles_and_bad_lines_are_failures(tmp_path):
    f = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Israel met Egypt.", "date": "2021-03-05", "url": "http://x"}),
        "{not json",
        json.dumps({"id": "a3", "title": "no text"}),
        json.dumps({"id": "a4", "text": "Iran met Iraq.", "date": "yesterday"}),
    ]
    f.write_text("\n".join(lines), encoding="utf-8")
    items = read([f])
    assert isinstance(items[0], Article) and items[0].date == dt.date(2021, 3, 5) and items[0].url == "http://x"
    assert [i.reason for i in items[1:]] == ["invalid JSON line", "no text", "bad date"]
    assert items[1].source.endswith(":2")


def test_date_option_overrides_article_dates(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(json.dumps({"id": "a", "text": "Iran met Iraq.", "date": "2020-01-01"}), encoding="utf-8")
    [item] = read([f], date=dt.date(2021, 1, 1))
    assert item.date == dt.date(2021, 1, 1)


def test_stdin_is_read_as_one_article():
    [item] = read_stdin(ReadOptions(), io.BytesIO("Iran met Iraq.".encode()))
    assert item.id == "stdin" and item.text == "Iran met Iraq."
