"""Factories for codings the store tests write (no parsing needed: fast)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from tacitus.model import (
    Actor,
    ActorRef,
    Article,
    Coding,
    Event,
    Location,
    Place,
    Plover,
    Quote,
    Speaker,
    TextSpan,
)

QUADS = {"01": 1, "04": 1, "05": 1, "06": 2, "07": 2, "11": 3, "16": 3, "17": 4, "19": 4}


def make_event(sentence: str, source: str | None, target: str | None, cameo: str,
               date: dt.date | None = dt.date(2021, 3, 2), **kw) -> Event:
    def ref(code, start):
        if code is None:
            return None
        return ActorRef(text=code.title(), code=code, country=code[:3], start=start, end=start + 3,
                        actor=f"code:{code}", name=code)

    root = cameo[:2]
    return Event(
        sentence=kw.pop("n", 0), text=sentence, source=ref(source, 0), target=ref(target, 10),
        cameo=cameo, name=f"code {cameo}", root=root, quad_class=QUADS.get(root, 1),
        goldstein=kw.pop("goldstein", -2.0), plover=Plover("ACCUSE", "disapprove"),
        trigger=TextSpan("criticized", 4, 14), rule=f"test.{cameo}", date=date,
        date_precision="day" if date else None, **kw,
    )


def make_coding(text: str, events=(), *, id: str = "a1", date=dt.date(2021, 3, 2),
                url: str | None = None, quotes=(), actors=None, places=(), discarded=None) -> Coding:
    article = Article(id=id, text=text, title=text.split(".")[0][:60], date=date, source=f"test/{id}",
                      url=url, language="en")
    if actors is None:
        codes = {c for e in events for c in (e.source and e.source.code, e.target and e.target.code) if c}
        actors = tuple(Actor(key=f"code:{c}", text=c.title(), code=c, country=c[:3], mentions=2,
                             kind="state") for c in sorted(codes))
    return Coding(article=article, events=tuple(events), quotes=tuple(quotes), actors=tuple(actors),
                  places=tuple(places), discarded=discarded, issues=("test",),
                  provenance={"tacitus": "test"})


def postgres_url() -> str:
    """The test PostgreSQL database URL, or skip; under CI=true it must be there."""
    url = os.environ.get("TACITUS_TEST_POSTGRES")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("TACITUS_TEST_POSTGRES is not set, and CI=true requires the PostgreSQL tests")
        pytest.skip("TACITUS_TEST_POSTGRES not set")
    return url


def _reset_postgres(url: str, drop: bool) -> None:
    import sqlalchemy as sa

    from tacitus.store.db import create_engine
    from tacitus.store.schema import metadata

    engine = create_engine(url)
    with engine.begin() as conn:
        if drop:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        elif sa.inspect(conn).has_table("articles"):
            names = ", ".join(t.name for t in metadata.sorted_tables if t.name != "schema_migrations")
            conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def fresh_postgres() -> str:
    """The test database with an empty public schema, once per session."""
    url = postgres_url()
    _reset_postgres(url, drop=True)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request):
    """An empty store on each backend: in-memory SQLite, and the test PostgreSQL database."""
    from tacitus.store import open_store

    if request.param == "sqlite":
        s = open_store(":memory:")
    else:
        url = request.getfixturevalue("fresh_postgres")
        _reset_postgres(url, drop=False)
        s = open_store(url)
    yield s
    s.close()


@pytest.fixture
def factories():
    return make_event, make_coding


@pytest.fixture
def rich_coding() -> Coding:
    text = "Russia criticized NATO in Brussels on Tuesday. \"We are concerned,\" Lavrov said."
    event = make_event(text[:47], "RUSGOV", "IGONAT", "111",
                       place=Location("Brussels", 2800866, "Brussels", "BEL", 50.85, 4.35, "sentence"),
                       quote=None, negated=False, mood="asserted")
    quote = Quote(speaker=Speaker("Lavrov", "Sergey Lavrov", "RUSGOV", 67, 73, actor="person:lavrov"),
                  cue="said", content="We are concerned,", direct=True, start=49, end=66,
                  cue_start=74, cue_end=78, events=(0,), note=None)
    place = Place("Brussels", 26, 34, 2800866, "Brussels", "BEL", "Brussels Capital", 50.85, 4.35,
                  "city", "sentence")
    return make_coding(text, [event], quotes=[quote], places=[place], url="https://www.example.com/a")
