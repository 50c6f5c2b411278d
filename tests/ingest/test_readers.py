"""Every input becomes an Article or an InputFailure with a reason; nothing raises."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from tacitus.errors import InputError
from tacitus.ingest.readers import (
    ReadOptions,
    parse_columns,
    parse_date,
    read_inputs,
    read_stdin,
    reader_for,
)
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
    [item] = read_stdin(ReadOptions(), io.BytesIO(b"Iran met Iraq."))
    assert item.id == "stdin" and item.text == "Iran met Iraq."


# --- collections and web formats ---

def read_one(path, **kw):
    return list(read_inputs([path], ReadOptions(**kw)))


def test_readers_are_chosen_by_suffix(tmp_path):
    names = {n: reader_for(tmp_path / n).name for n in
             ("a.txt", "a", "a.jsonl", "a.csv", "a.tsv", "a.html", "a.warc.gz", "a.warc", "a.rss", "a.xml", "a.md")}
    assert names == {"a.txt": "text", "a": "text", "a.jsonl": "jsonl", "a.csv": "csv", "a.tsv": "csv",
                     "a.html": "html", "a.warc.gz": "warc", "a.warc": "warc", "a.rss": "feed",
                     "a.xml": "feed", "a.md": "text"}


@pytest.mark.parametrize("value, expected", [
    ("2021-03-05", dt.date(2021, 3, 5)),
    ("2021-03-05T10:00:00Z", dt.date(2021, 3, 5)),
    ("2021-03-05T23:00:00-05:00", dt.date(2021, 3, 5)),
    ("Tue, 02 Mar 2021 10:00:00 GMT", dt.date(2021, 3, 2)),
    ("last Tuesday", None),
    ("", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_column_mapping_is_checked():
    assert parse_columns("text=body, date=published") == (("text", "body"), ("date", "published"))
    with pytest.raises(InputError):
        parse_columns("body")
    with pytest.raises(InputError):
        parse_columns("colour=red")


def test_jsonl_maps_columns_and_reports_each_bad_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"body": "Iran threatened Israel.", "published": "2021-03-02T09:00:00Z", "headline": "H"}\n'
                    '{"body": \n'
                    '[1, 2]\n'
                    '{"text": "no body field"}\n'
                    '\n'
                    '{"body": "Bad date.", "published": "soon"}\n')
    items = read_one(path, columns=parse_columns("text=body,date=published,title=headline"))
    assert isinstance(items[0], Article) and items[0].date == dt.date(2021, 3, 2) and items[0].title == "H"
    assert [(i.source.rsplit(":", 1)[1], i.reason) for i in items[1:]] == [
        ("2", "invalid JSON line"), ("3", "JSON line is not an object"), ("4", "no text"), ("6", "bad date")]


def test_jsonl_limit_applies_per_line_not_per_file(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text("".join(f'{{"text": "Article number {i} is about talks."}}\n' for i in range(200)))
    items = read_one(path, max_bytes=100)
    assert len(items) == 200 and all(isinstance(i, Article) for i in items)
    path.write_text('{"text": "' + "x" * 500 + '"}\n')
    assert read_one(path, max_bytes=100)[0].reason == "article too large"


def test_csv_rows_with_mapping(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text('guid,story,when,link\n1,"Turkey shelled Kurdish positions, officials said.",2021-03-02,https://x.org/1\n'
                    '2,,2021-03-03,https://x.org/2\n')
    items = read_one(path, columns=parse_columns("id=guid,text=story,date=when,url=link"))
    assert items[0].id == "1" and items[0].url == "https://x.org/1" and items[0].date == dt.date(2021, 3, 2)
    assert isinstance(items[1], InputFailure) and items[1].reason == "no text"


def test_tsv_uses_tabs(tmp_path):
    path = tmp_path / "a.tsv"
    path.write_text("text\tdate\nChina warned Taiwan.\t2021-03-02\n")
    assert read_one(path)[0].text == "China warned Taiwan."


def test_html_main_text_title_date_url(tmp_path, samples):
    path = tmp_path / "page.html"
    path.write_text(samples.HTML)
    [article] = read_one(path)
    assert article.title == "Talks in Geneva"
    assert article.date == dt.date(2021, 3, 5)
    assert article.url == "https://news.example.org/geneva-talks"
    assert "held talks in Geneva" in article.text and "Home | World" not in article.text


def test_html_without_text_is_a_failure(tmp_path, samples):
    path = tmp_path / "nav.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    [failure] = read_one(path)
    assert failure.reason == "no main text found in HTML"


def test_warc_responses_become_articles_other_types_failures(tmp_path, samples):
    path = tmp_path / "crawl.warc.gz"
    samples.write_warc(path, [("https://news.example.org/geneva-talks", "text/html; charset=utf-8", samples.HTML.encode()),
                      ("https://news.example.org/logo.png", "image/png", b"\x89PNG\r\n")])
    items = read_one(path)
    assert len(items) == 2
    assert isinstance(items[0], Article) and items[0].url == "https://news.example.org/geneva-talks"
    assert items[0].source.endswith("crawl.warc.gz#1")
    assert isinstance(items[1], InputFailure) and items[1].reason == "not an HTML page"


def test_truncated_warc_is_a_failure(tmp_path, samples):
    good = tmp_path / "good.warc"
    samples.write_warc(good, [("https://a.org/x", "text/html", samples.HTML.encode())])
    bad = tmp_path / "bad.warc"
    bad.write_bytes(good.read_bytes()[:-400])
    items = read_one(bad)
    assert items and all(isinstance(i, (Article, InputFailure)) for i in items)
    assert any(isinstance(i, InputFailure) for i in items) or items[0].text


def test_rss_and_atom_items(tmp_path, samples):
    rss = tmp_path / "world.rss"
    rss.write_text(samples.RSS)
    atom = tmp_path / "feed.atom"
    atom.write_text(samples.ATOM)
    items = read_one(rss) + read_one(atom)
    assert [i.title for i in items] == ["Iran rejects talks", "Aid to Yemen", "Protest in Minsk"]
    assert items[0].text.startswith("Iran rejected") and "<p>" not in items[0].text
    assert items[0].date == dt.date(2021, 3, 2) and items[1].id == "item-2"
    assert items[2].url == "https://atom.example.org/a" and items[2].date == dt.date(2021, 3, 7)


def test_xml_that_is_not_a_feed(tmp_path, samples):
    path = tmp_path / "data.xml"
    path.write_text("<articles><article>x</article></articles>")
    assert read_one(path)[0].reason == "XML that is not an RSS or Atom feed"
    path.write_text("<rss><channel><item>")
    assert read_one(path)[0].reason == "malformed XML"
