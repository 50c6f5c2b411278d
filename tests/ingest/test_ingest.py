"""Ingesting into the store: nothing is lost, nothing is stored twice, interruptions resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tacitus.ingest.batch import ingest
from tacitus.ingest.readers import ReadOptions, read_inputs
from tacitus.store import open_store

FRENCH = ("Le ministre des Affaires étrangères a rencontré son homologue allemand à Berlin mardi pour "
          "discuter de la guerre en Ukraine et des nouvelles sanctions contre la Russie.")


def mixed_folder(root: Path, samples) -> int:
    """A folder of good and bad inputs of every kind; returns how many inputs it holds."""
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text("Russia criticized NATO on Tuesday.\n")
    (root / "sub" / "also-good.txt").write_text("The United States imposed sanctions on Iran.\n")
    (root / "empty.txt").write_text("")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (root / "huge.txt").write_text("Syria. " * 20_000)  # over the 50 kB limit below
    (root / "latin1.txt").write_bytes("Le président a déclaré à Genève.".encode("latin-1"))
    (root / "truncated.html").write_text(samples.HTML[: len(samples.HTML) // 2])
    (root / "french.txt").write_text(FRENCH)
    (root / "lines.jsonl").write_text(
        json.dumps({"id": "j1", "text": "China warned Taiwan on Monday.", "date": "2021-03-01"}) + "\n"
        + '{"id": "j2", "text": "broken\n'
        + json.dumps({"id": "j3", "text": "Egypt hosted talks between Israel and Hamas."}) + "\n")
    (root / "feed.rss").write_text(samples.RSS)  # two items
    (root / "rows.csv").write_text("text,date\n\"Turkey shelled Kurdish positions.\",2021-03-02\n,2021-03-02\n")
    samples.write_warc(root / "crawl.warc.gz", [
        ("https://a.example.org/x", "text/html", samples.HTML.replace("Geneva", "Vienna").encode()),
        ("https://a.example.org/logo.png", "image/png", b"\x89PNG")])
    return 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 3 + 2 + 2 + 2


def test_every_input_is_stored_or_recorded_as_a_failure(tmp_path, pipeline, samples):
    inputs = mixed_folder(tmp_path / "in", samples)
    with open_store(tmp_path / "t.db") as store:
        summary = ingest(read_inputs([tmp_path / "in"], ReadOptions(max_bytes=50_000)), store, pipeline)
        s = store.summary()
        failures = store.failures()
        assert summary.inputs == inputs
        assert s.articles + s.failures == inputs, [(f.source, f.reason) for f in failures]
        assert summary.stored == s.articles and summary.failures == s.failures
        reasons = {Path(f.source.split(":")[0].split("#")[0]).name: f.reason for f in failures}
        assert reasons["empty.txt"] == "empty file"
        assert reasons["binary.txt"].startswith("binary file")
        assert reasons["huge.txt"] == "file too large"
        assert reasons["latin1.txt"] == "not valid UTF-8"
        assert reasons["lines.jsonl"] == "invalid JSON line"
        assert s.by_status.get("skipped: language fr") == 1
        assert s.events >= 2
        # Re-ingesting the same folder stores nothing new and counts duplicates.
        again = ingest(read_inputs([tmp_path / "in"], ReadOptions(max_bytes=50_000)), store, pipeline)
        assert again.stored == 0 and again.duplicates == s.articles
        assert store.summary().articles == s.articles and store.summary().failures == s.failures


def test_duplicates_within_one_run_are_stored_once(tmp_path, pipeline):
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "in" / name).write_text("Iran threatened Israel on Sunday.")
    with open_store(":memory:") as store:
        summary = ingest(read_inputs([tmp_path / "in"]), store, pipeline)
        assert (summary.stored, summary.duplicates) == (1, 2)
        assert store.summary().articles == 1


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_a_killed_ingest_resumes_without_duplicates_or_losses(tmp_path):
    n = 60
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(
            f"Article {i}. Russia criticized NATO on Tuesday. Germany sent aid to Ukraine in week {i}.")
    db = tmp_path / "t.db"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    command = [sys.executable, "-m", "tacitus.cli", "ingest", str(folder), "--db", str(db),
               "--batch-size", "2", "--no-progress"]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(db) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _count(db)
    assert 0 < partial < n, "the kill must land mid-batch"
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{n - partial} articles stored" in done.stdout and f"{partial} duplicates" in done.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT content_hash) FROM articles").fetchone() == (n, n)
        per_article = conn.execute("SELECT count(*) FROM events GROUP BY article_id").fetchall()
        assert len(per_article) == n and all(c == per_article[0] for c in per_article)
