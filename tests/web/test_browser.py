"""The dashboard in a real browser (Debian's chromium driven by Playwright), as a user uses it.

Every request the pages make is watched: anything not addressed to this machine is blocked
and fails the test. Set TACITUS_SCREENSHOTS=DIR to keep a screenshot of each page there
(the README's come from `TACITUS_SCREENSHOTS=docs/screenshots pytest tests/web/test_browser.py`).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("TACITUS_CHROMIUM", "/usr/bin/chromium"))
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--disable-extensions"]


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing, and CI=true requires the browser tests")
        pytest.skip(f"{CHROMIUM} not installed")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


class Watch:
    """What a page asked for and complained about."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []


@pytest.fixture
def page(browser, live_server):
    watch = Watch()
    context = browser.new_context(base_url=live_server, viewport={"width": 1400, "height": 1000})

    def guard(route):
        url = route.request.url
        watch.requests.append(url)
        if _is_local(url):
            route.continue_()
        else:
            watch.blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    pg.watch = watch
    yield pg
    context.close()
    assert watch.requests, "no request was seen: the guard is not working"
    assert watch.blocked == [], f"requests left the machine: {watch.blocked}"
    assert watch.errors == [], f"errors in the browser console: {watch.errors}"
    assert not any(urlsplit(u).hostname not in LOCAL_HOSTS for u in watch.requests
                   if urlsplit(u).scheme in ("http", "https"))


def _shot(pg, name: str) -> None:
    folder = os.environ.get("TACITUS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def _chart_drawn(pg) -> None:
    pg.wait_for_selector("#chart[data-ready=true]", timeout=20_000)
    assert pg.locator("#chart .main-svg").count() >= 1


def test_overview_draws_the_trend(page):
    page.goto("/")
    _chart_drawn(page)
    assert page.locator("#chart .bars .point").count() > 0
    assert page.locator("table.events tbody tr.event").count() == 10
    _shot(page, "overview")


def test_filter_then_follow_an_event_to_its_article(page):
    page.goto("/events")
    page.fill("input[name=actor]", "RUS")
    page.select_option("select[name=quad]", "3")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**/events?*actor=RUS*")
    rows = page.locator("table.events tbody tr.event")
    assert rows.count() > 0
    for i in range(rows.count()):
        assert "RUS" in rows.nth(i).locator("td").nth(1).inner_text() + rows.nth(i).locator("td").nth(3).inner_text()
        assert "q3" in rows.nth(i).get_attribute("class")
    assert page.locator("mark.ent-trigger").count() >= rows.count()
    _shot(page, "events")
    link = rows.first.locator("a.article-link")
    anchor = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_url("**/articles/*")
    assert page.locator(f"details#{anchor}").get_attribute("open") is not None
    assert page.locator(f"details#{anchor} code.rule").inner_text().strip()
    assert page.locator("#article-text .ent-trigger").count() > 0
    assert page.locator("#article-text .ent-actor").count() > 0
    _shot(page, "article")


def test_facet_link_and_pagination(page):
    page.goto("/events")
    total = int(page.inner_text("#total"))
    page.locator("aside.facets a", has_text="verbal conflict").first.click()
    page.wait_for_url("**quad=3**")
    assert int(page.inner_text("#total")) < total
    page.goto("/events")
    first = page.locator("table.events tbody tr.event").first.get_attribute("id")
    page.click("#next-page")
    page.wait_for_url("**cursor=**")
    assert page.locator("table.events tbody tr.event").first.get_attribute("id") != first


def test_dyad_page_draws_both_directions_with_evidence(page):
    page.goto("/dyads")
    page.fill("input[name=a]", "isr")
    page.fill("input[name=b]", "egy")
    page.click("form.filters button")
    page.wait_for_url("**/dyads/ISR/EGY")
    _chart_drawn(page)
    assert page.locator("#chart .scatterlayer .trace").count() >= 1
    assert page.locator("table.events tbody tr.event").count() >= 3
    page.click("text=day")
    page.wait_for_url("**interval=day**")
    _chart_drawn(page)
    _shot(page, "dyad")


def test_actor_network_and_map_pages_draw(page):
    page.goto("/actors")
    page.locator("table a.code", has_text="USA").first.click()
    page.wait_for_url("**/actors/USA*")
    _chart_drawn(page)
    _shot(page, "actor")
    page.goto("/network")
    _chart_drawn(page)
    assert page.locator("#chart .scatterlayer .trace").count() > 2
    _shot(page, "network")
    page.goto("/map")
    _chart_drawn(page)
    assert page.locator("#chart .scatterlayer .trace").nth(1).locator("path.point").count() >= 3
    _shot(page, "map")


def test_hostile_article_renders_as_text(page):
    page.goto("/events?q=onerror")
    row = page.locator("table.events tbody tr.event").first
    row.locator("a.article-link").click()
    page.wait_for_url("**/articles/*")
    text = page.inner_text("#article-text")
    assert "<img src=x onerror=" in text and "<script>window.__pwned=3</script>" in text
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#article-title")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#article-text img, #article-text script").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    page.goto("/map")
    _chart_drawn(page)
    assert page.evaluate("typeof window.__pwned") == "undefined"
