"""The `tacitus` console script, run as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tacitus.serialize import contract_schema


def tacitus(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    exe = shutil.which("tacitus") or str(Path(sys.executable).parent / "tacitus")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([exe, *args], input=stdin, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "a.txt").write_text("Russia's foreign minister sharply criticized NATO on Tuesday.", encoding="utf-8")
    (folder / "b.txt").write_text("The United States will not normalize relations with Syria.", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def test_code_prints_a_table_with_source_event_target_and_evidence(corpus):
    result = tacitus("code", str(corpus / "a.txt"), "--date", "2021-03-02")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Russia's foreign minister [RUSGOV]" in out and "111 Criticize or denounce" in out
    assert "NATO [IGONAT]" in out and "criticized NATO" in out


def test_jsonl_output_validates_against_the_contract(corpus):
    result = tacitus("code", str(corpus), "--format", "jsonl", "--date", "2021-03-02")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    for obj in lines:
        jsonschema.validate(obj, contract_schema())
    b = next(o for o in lines if o["article"]["id"] == "b")
    assert b["events"][0]["cameo"] == "120" and b["events"][0]["negated"] is True
    assert b["article"]["date"] == "2021-03-02"


def test_a_bad_file_is_reported_on_one_line_and_the_batch_goes_on(corpus):
    result = tacitus("code", str(corpus), "--format", "jsonl")
    assert result.returncode == 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("tacitus:")]
    assert errors == [f"tacitus: {corpus / 'empty.txt'}: empty file"]
    assert len(result.stdout.splitlines()) == 2


def test_dash_reads_standard_input():
    result = tacitus("code", "-", "--format", "jsonl", stdin="Israel and Lebanon renewed talks.")
    obj = json.loads(result.stdout)
    assert obj["article"]["id"] == "stdin" and {e["cameo"] for e in obj["events"]} == {"046"}


def test_bad_date_flag_is_a_usage_error():
    result = tacitus("code", "-", "--date", "March 5")
    assert result.returncode == 2 and "is not a date" in result.stderr


def test_missing_dictionary_file_is_a_clear_error():
    result = tacitus("code", "-", "--verbs", "/no/such/file.txt", stdin="Iran met Iraq.")
    assert result.returncode == 2
    assert result.stderr.strip() == "tacitus: error: /no/such/file.txt: no such dictionary file"


def test_explain_shows_patterns_and_negation():
    result = tacitus("explain", "The United States will not normalize relations with Syria.")
    assert result.returncode == 0
    assert "050.normalize-relations" in result.stdout or "normaliz" in result.stdout
    assert "negated" in result.stdout and "120" in result.stdout
