"""The database commands through the CLI: ingest, events, errors, export, demo, load."""

from __future__ import annotations

import csv
import json

import pytest

from tacitus.cli import main
from tests.conftest import need_shared


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline):
    """A database ingested through the CLI from a small folder (good and bad inputs)."""
    root = tmp_path_factory.mktemp("cli")
    folder = root / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Russia criticized NATO on Tuesday. The United States imposed sanctions on Iran.")
    (folder / "b.jsonl").write_text(
        json.dumps({"body": "Turkish troops attacked Kurdish rebels in Syria.", "when": "2021-03-04",
                    "link": "https://wire.example/1"}) + "\n"
        + json.dumps({"body": "Turkish troops attacked Kurdish rebels in Syria on Thursday.", "when": "2021-03-04",
                      "link": "https://paper.example/2"}) + "\n")
    (folder / "empty.txt").write_text("")
    path = root / "t.db"
    assert main(["ingest", str(folder), "--db", str(path), "--date", "2021-03-04",
                 "--columns", "text=body,date=when,url=link", "--no-progress"]) == 0
    return path


def test_ingest_prints_a_summary(tmp_path, pipeline, capsys):
    (tmp_path / "x.txt").write_text("Egypt hosted the Israeli foreign minister.")
    assert main(["ingest", str(tmp_path / "x.txt"), "--db", str(tmp_path / "x.db"), "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 inputs: 1 articles stored (") and "0 failures" in out


def test_events_table_and_filters(db, capsys):
    assert main(["events", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert "111 Criticize" in table and "NATO [IGONAT]" in table
    assert main(["events", "--db", str(db), "--actor", "USA", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all("USA" in (r["source"]["code"] + (r["target"] or {}).get("code", "")) for r in rows)
    assert main(["events", "--db", str(db), "--dyad", "RUS-IGONAT", "--code", "11", "--format", "csv"]) == 0
    parsed = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [r["cameo"] for r in parsed] == ["111"]
    assert main(["events", "--db", str(db), "--mood", "hypothetical"]) == 0
    assert capsys.readouterr().out == "(no events)\n"


def test_errors_lists_failures(db, capsys):
    assert main(["errors", "--db", str(db)]) == 0
    assert capsys.readouterr().out.strip().endswith("empty.txt: empty file")


def test_missing_database_is_a_clear_error(tmp_path, capsys):
    assert main(["events", "--db", str(tmp_path / "nope.db")]) == 2
    assert "no database at" in capsys.readouterr().err


def test_export_jsonl_csv_parquet(db, tmp_path):
    import pyarrow.parquet as pq

    assert main(["export", "--db", str(db), "--format", "jsonl", str(tmp_path / "a.jsonl")]) == 0
    objects = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text().splitlines()]
    assert len(objects) == 3 and all({"article", "events", "quotes", "actors", "places"} <= set(o) for o in objects)
    assert main(["export", "--db", str(db), "--format", "csv", str(tmp_path / "e.csv")]) == 0
    rows = list(csv.DictReader((tmp_path / "e.csv").open()))
    assert main(["export", "--db", str(db), "--format", "parquet", str(tmp_path / "e.parquet")]) == 0
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.num_rows == len(rows) == sum(len(o["events"]) for o in objects)
    assert sorted(table.column("cameo").to_pylist()) == sorted(r["cameo"] for r in rows)


def test_gdelt_export_has_61_columns_and_round_trips(db, tmp_path):
    from tacitus.store import EventFilter, open_store
    from tacitus.store.export import GDELT_COLUMNS

    header = need_shared() / "reference" / "gdelt" / "gdeltPyR_GPL3_GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"
    reference = [r[0] for r in list(csv.reader(header.open(encoding="utf-8")))[1:]]
    assert list(GDELT_COLUMNS) == reference and len(reference) == 61

    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    rows = [dict(zip(reference, line.split("\t"), strict=True)) for line in lines]
    assert rows and all(len(line.split("\t")) == 61 for line in lines)
    with open_store(db) as store:
        unique = {r.id: r for r in store.iter_events(EventFilter(unique=True))}
    assert len(rows) == len(unique)
    for row in rows:
        record = unique[int(row["GLOBALEVENTID"])]
        e = record.event
        assert row["EventCode"] == e.cameo and row["EventRootCode"] == e.root
        assert row["EventBaseCode"] == e.cameo[:3]
        assert row["Actor1Code"] == ((e.source.code or "") if e.source else "")
        assert row["Actor2Code"] == ((e.target.code or "") if e.target else "")
        assert row["SQLDATE"] == e.date.strftime("%Y%m%d")
        assert int(row["QuadClass"]) == e.quad_class and float(row["GoldsteinScale"]) == e.goldstein
        assert int(row["NumArticles"]) == record.num_articles
    attack = [r for r in rows if r["EventRootCode"] == "19"]
    assert attack and attack[0]["NumArticles"] == "2" and attack[0]["NumSources"] == "2"


def test_demo_codes_the_packaged_corpus(tmp_path, pipeline, capsys):
    assert main(["demo", "--db", str(tmp_path / "demo.db")]) == 0
    out = capsys.readouterr().out
    assert "20 articles stored" in out
    for section in ("Events by CAMEO root:", "Events by quad class:", "Top dyads", "Example events:"):
        assert section in out
    from tacitus.store import open_store

    with open_store(tmp_path / "demo.db") as store:
        s = store.summary()
        assert s.events >= 40 and s.near_duplicates >= 1 and s.unique_events < s.events
        assert {r for r, _ in store.event_facets().roots} >= {"04", "11", "19"}


def test_load_without_partitions_fails_clearly(tmp_path, capsys):
    assert main(["load", str(tmp_path), "--db", str(tmp_path / "x.db")]) == 2
    assert "no partitions" in capsys.readouterr().err
