"""The JSON API over the shared test database: filters, pages, articles, timelines, writes."""

from __future__ import annotations

import csv
import io
import json

from .conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_events_pages_follow_the_cursor_to_the_end_without_repeats(client):
    total = client.get("/api/facets").json()["total"]
    seen, cursor = [], None
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/events", params=params).json()
        seen += [e["id"] for e in body["events"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == total > 20


def test_events_filter_by_actor_code_and_quad(client):
    events = client.get("/api/events", params={"actor": "usa", "quad": 3}).json()["events"]
    assert events
    for e in events:
        assert e["quad_class"] == 3
        codes = [(e["source"] or {}).get("code") or "", (e["target"] or {}).get("code") or ""]
        assert any(c.startswith("USA") for c in codes)
    roots = {e["root"] for e in client.get("/api/events", params={"code": "11"}).json()["events"]}
    assert roots == {"11"}


def test_events_filter_by_dyad_date_and_text(client):
    body = client.get("/api/events", params={"dyad": "USA-IRN"}).json()
    assert body["events"] and all(e["source"]["code"].startswith("USA") and
                                  e["target"]["code"].startswith("IRN") for e in body["events"])
    dated = client.get("/api/events", params={"since": "2024-03-20", "until": "2024-03-22"}).json()
    assert all("2024-03-20" <= e["date"] <= "2024-03-22" for e in dated["events"])
    found = client.get("/api/events", params={"q": "drones"}).json()["events"]
    assert found and all("drone" in client.get(f"/api/articles/{e['article_id']}").json()["text"].lower()
                         for e in found)


def test_invalid_filters_are_422_not_500(client):
    for params in ({"quad": 9}, {"code": "abc"}, {"since": "yesterday"}, {"actor": "U S"},
                   {"cursor": "garbage"}, {"mood": "angry"}, {"limit": 0}):
        assert client.get("/api/events", params=params).status_code == 422, params


def test_blank_form_fields_count_as_absent(client):
    full = client.get("/api/facets").json()["total"]
    assert client.get("/api/facets?actor=&quad=&since=&q=").json()["total"] == full


def test_article_carries_its_coding_and_event_ids(client):
    event = client.get("/api/events", params={"limit": 1, "code": "11"}).json()["events"][0]
    body = client.get(f"/api/articles/{event['article_id']}").json()
    assert event["id"] in body["event_ids"]
    coding = body["coding"]
    assert set(coding) >= {"article", "events", "quotes", "actors", "places"}
    trigger = coding["events"][body["event_ids"].index(event["id"])]["trigger"]
    assert body["text"][trigger["start"]:trigger["end"]] == trigger["text"]
    assert client.get("/api/articles/999999").status_code == 404


def test_dyad_timeline_counts_both_directions(client):
    body = client.get("/api/dyads/ISR/EGY/timeline", params={"interval": "day"}).json()
    ways = {p["direction"] for p in body["points"]}
    assert "a->b" in ways
    assert sum(p["events"] for p in body["points"]) >= 3
    for p in body["points"]:
        assert sum(p["quad_counts"]) == p["events"]
    month = client.get("/api/dyads/ISR/EGY/timeline", params={"interval": "month"}).json()
    assert {p["period"][-2:] for p in month["points"]} == {"01"}


def test_actors_trend_network_and_map(client):
    actors = client.get("/api/actors", params={"prefix": "USA"}).json()
    assert actors and all(a["code"].startswith("USA") for a in actors)
    trend = client.get("/api/trend", params={"interval": "week"}).json()
    assert sum(p["events"] for p in trend) == client.get("/api/facets").json()["total"]
    net = client.get("/api/network").json()
    codes = {n["code"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in codes and e["target"] in codes for e in net["edges"])
    places = {p["name"] for p in client.get("/api/map").json()}
    assert {"Cairo", "Jerusalem", "Doha"} <= places


def test_downloads_match_the_filter(client):
    expected = client.get("/api/facets", params={"actor": "RUS"}).json()["total"]
    text = client.get("/api/events.csv", params={"actor": "RUS"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == expected > 0
    assert all(r["source_code"].startswith("RUS") or r["target_code"].startswith("RUS") for r in rows)
    lines = client.get("/api/events.jsonl", params={"actor": "RUS"}).text.splitlines()
    assert len(lines) == expected and json.loads(lines[0])["cameo"]


def test_write_endpoints_are_disabled_without_a_token(open_client):
    for path, body in (("/api/code", {"text": "Iran threatened Israel."}),
                       ("/api/articles", {"articles": [{"text": "Iran threatened Israel."}]})):
        r = open_client.post(path, json=body, headers=AUTH)
        assert r.status_code == 403
        assert "--token" in r.json()["detail"]


def test_write_endpoints_need_the_right_token(client):
    body = {"text": "Iran threatened Israel."}
    assert client.post("/api/code", json=body).status_code == 401
    assert client.post("/api/code", json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.post("/api/code", json=body, headers={"Authorization": TOKEN}).status_code == 401


def test_code_endpoint_codes_posted_text(client):
    r = client.post("/api/code", headers=AUTH,
                    json={"text": "Russia's foreign minister sharply criticized NATO on Tuesday.",
                          "date": "2021-03-05"})
    assert r.status_code == 200
    events = r.json()["events"]
    assert [(e["source"]["code"], e["cameo"], e["target"]["code"]) for e in events][:1] == [
        ("RUSGOV", "111", "IGONAT")]


def test_ingest_endpoint_stores_articles(client):
    text = "Japan praised Australia for its help after the storm on Monday."
    before = client.get("/api/summary").json()["articles"]
    r = client.post("/api/articles", headers=AUTH,
                    json={"articles": [{"text": text, "title": "Japan thanks Australia", "date": "2024-04-01"}]})
    assert r.status_code == 200 and r.json()["stored"] == 1
    assert client.get("/api/summary").json()["articles"] == before + 1
    again = client.post("/api/articles", headers=AUTH, json={"articles": [{"text": text}]})
    assert again.json()["duplicates"] == 1


def test_oversized_bodies_are_413(client):
    big = {"text": "Iran threatened Israel. " * 20_000}  # ~480 kB, over the 200 kB test limit
    r = client.post("/api/code", json=big, headers=AUTH)
    assert r.status_code == 413
    long_text = {"text": "a" * 30_000}  # under the body limit, over the 20,000-character text limit
    assert client.post("/api/code", json=long_text, headers=AUTH).status_code == 413


def test_chunked_oversized_body_is_413(client):
    def chunks():
        for _ in range(100):
            yield b"x" * 10_000

    r = client.post("/api/code", content=chunks(), headers={**AUTH, "content-type": "application/json"})
    assert r.status_code == 413


def test_openapi_schema_lists_the_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/events", "/api/articles/{article_id}", "/api/dyads/{a}/{b}/timeline",
                 "/api/actors", "/api/code", "/api/articles", "/api/events.csv"):
        assert path in paths
