"""Untrusted article text never becomes markup; headers, limits and SQL hold."""

from __future__ import annotations

import re

import pytest

from .conftest import HOSTILE_URL


@pytest.fixture(scope="module")
def hostile_id(client) -> int:
    hits = client.get("/api/events", params={"q": "onerror", "limit": 1000}).json()["events"]
    return hits[0]["article_id"]


def _pages(client, hostile_id: int) -> dict[str, str]:
    paths = ["/", "/events", "/events?actor=RUS", f"/articles/{hostile_id}", "/dyads/RUS/IGONAT",
             "/actors/RUS", "/network", "/map", "/events?q=%3Cscript%3E"]
    return {p: client.get(p).text for p in paths}


def test_markup_in_articles_is_escaped_on_every_page(client, hostile_id):
    for path, html in _pages(client, hostile_id).items():
        assert "<script>window.__pwned" not in html, path
        assert "<img src=x" not in html, path
        assert "<b>rule</b>" not in html and "<i>x</i>" not in html, path
        assert 'onerror="window' not in html, path
    article = client.get(f"/articles/{hostile_id}").text
    assert "&lt;script&gt;window.__pwned" in article  # shown, as text
    assert "&lt;img src=x onerror=" in article


def test_every_script_tag_is_ours(client, hostile_id):
    for path, html in _pages(client, hostile_id).items():
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert tag in ('<script type="application/json" id="chart-data">',
                           '<script src="/vendor/plotly.min.js">', '<script src="/static/tacitus.js">'), (path, tag)


def test_chart_data_cannot_close_its_script_block(client, hostile_id):
    html = client.get("/map").text
    block = html.split('id="chart-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block  # tojson escapes them as \\u003c, \\u003e
    assert "Brussels \\u003ci\\u003ex" in block


def test_javascript_url_is_never_a_link(client, hostile_id):
    html = client.get(f"/articles/{hostile_id}").text
    assert f'href="{HOSTILE_URL}' not in html
    assert not re.search(r'href="\s*javascript:', html, re.I)
    assert 'class="muted unsafe-url"' in html


def test_security_headers_on_pages_and_api(client):
    for path in ("/", "/api/summary", "/articles/999999", "/static/tacitus.css"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'self'" in csp
        assert "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_sql_in_parameters_is_data(client):
    before = client.get("/api/summary").json()["events"]
    for q in ("'; DROP TABLE events; --", '" OR 1=1 --', "x') UNION SELECT * FROM articles --",
              "NEAR(a b)", "*", '"'):
        r = client.get("/api/events", params={"q": q})
        assert r.status_code == 200, q
        assert client.get("/api/search", params={"q": q}).status_code == 200, q
    assert client.get("/api/summary").json()["events"] == before


def test_oversized_declared_length_is_413_before_reading(client):
    r = client.post("/api/articles", content=b"{}", headers={"content-length": "999999999",
                                                                "content-type": "application/json"})
    assert r.status_code == 413


def test_pages_report_bad_input_as_html(client):
    r = client.get("/events", params={"quad": "7"})
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]
    assert "quad" in r.text
    assert client.get("/articles/999999").status_code == 404


def test_a_loopback_server_refuses_foreign_host_names(web_db):
    from fastapi.testclient import TestClient

    from tacitus.web import WebSettings, create_app
    from tacitus.web.app import loopback_hosts

    app = create_app(web_db, WebSettings(allowed_hosts=loopback_hosts("127.0.0.1")))
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        assert local.get("/api/summary").status_code == 200
        assert local.get("/api/summary", headers={"host": "evil.example:8000"}).status_code == 400
    assert loopback_hosts("0.0.0.0") is None
    app.state.store.close()
