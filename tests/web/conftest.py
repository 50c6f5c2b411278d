"""A small database the web tests share: the demo corpus coded by the real pipeline, an
article full of markup and a hostile URL, and a few hand-made located events for the map.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time

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

TOKEN = "test-token-123"

# An article that tries every trick: markup in the title, the text and the URL.
HOSTILE_TITLE = "Russia criticized NATO <script>window.__pwned = 1</script>"
HOSTILE_TEXT = (
    "Russia criticized NATO <img src=x onerror=\"window.__pwned=2\"> on Tuesday in Brussels. "
    "\"We will respond <script>window.__pwned=3</script>,\" Lavrov said."
)
HOSTILE_URL = "javascript:window.__pwned=4"


def _ref(text: str, code: str, start: int) -> ActorRef:
    return ActorRef(text=text, code=code, country=code[:3], start=start, end=start + len(text),
                    actor=f"code:{code}", name=text)


def hostile_coding() -> Coding:
    """A hand-made coding of HOSTILE_TEXT, so its markup reaches every page for sure."""
    text = HOSTILE_TEXT
    sentence_end = text.index("Brussels.") + len("Brussels.")
    trigger = text.index("criticized")
    event = Event(
        sentence=0, text=text[:sentence_end], source=_ref("Russia", "RUS", 0),
        target=_ref("NATO", "IGONAT", text.index("NATO")), cameo="111", name="Criticize or denounce",
        root="11", quad_class=3, goldstein=-2.0, plover=Plover("ACCUSE", "disapprove"),
        trigger=TextSpan("criticized", trigger, trigger + len("criticized")),
        rule="test.<b>rule</b>", date=dt.date(2024, 3, 12), date_precision="day",
        place=Location("Brussels", 2800866, "Brussels <i>x</i>", "BEL", 50.85, 4.35, "sentence"),
        sentence_start=0, sentence_end=sentence_end,
    )
    q_start = text.index("We will")
    q_end = text.index(",\" Lavrov")
    speaker = text.index("Lavrov")
    quote = Quote(speaker=Speaker("Lavrov", "Sergey <b>Lavrov</b>", "RUSGOV", speaker, speaker + 6),
                  cue="said", content=text[q_start:q_end], direct=True, start=q_start, end=q_end)
    brussels = text.index("Brussels")
    place = Place("Brussels", brussels, brussels + 8, 2800866, "Brussels", "BEL", None, 50.85, 4.35,
                  "city", "sentence")
    article = Article(id="hostile", text=text, title=HOSTILE_TITLE, date=dt.date(2024, 3, 12),
                      source="tests/hostile", url=HOSTILE_URL, language="en")
    actors = (Actor("code:RUS", "Russia", "RUS", "RUS", kind="state"),
              Actor("code:IGONAT", "NATO", "IGONAT", None, kind="igo"))
    return Coding(article=article, events=(event,), quotes=(quote,), actors=actors, places=(place,))


def located_coding(i: int, place: tuple[str, int, str, float, float], day: int) -> Coding:
    """A one-event article located at `place`, for the map."""
    name, geonameid, country, lat, lon = place
    text = f"Israel and Egypt held talks in {name} on trade."
    trigger = text.index("held talks")
    event = Event(
        sentence=0, text=text, source=_ref("Israel", "ISR", 0), target=_ref("Egypt", "EGY", 11),
        cameo="040", name="Consult", root="04", quad_class=1, goldstein=1.0,
        plover=Plover("CONSULT"), trigger=TextSpan("held talks", trigger, trigger + 10),
        rule="test.consult", date=dt.date(2024, 3, day), date_precision="day",
        place=Location(name, geonameid, name, country, lat, lon, "sentence"),
        sentence_start=0, sentence_end=len(text),
    )
    article = Article(id=f"located-{i}", text=text, title=f"Talks in {name}", date=dt.date(2024, 3, day),
                      source="tests/located", url=f"https://news.example/{i}", language="en")
    return Coding(article=article, events=(event,))


PLACES = [("Cairo", 360630, "EGY", 30.06, 31.25), ("Jerusalem", 281184, "ISR", 31.77, 35.22),
          ("Doha", 290030, "QAT", 25.29, 51.53)]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory, pipeline) -> str:
    """Path of the shared test database (built once per session)."""
    from tacitus.commands.demo import demo_corpus
    from tacitus.ingest.batch import ingest
    from tacitus.ingest.readers import read_inputs
    from tacitus.store import open_store

    path = str(tmp_path_factory.mktemp("web") / "web.db")
    with open_store(path) as store:
        ingest(read_inputs([str(demo_corpus())]), store, pipeline)
        store.add_coding(hostile_coding())
        for i, place in enumerate(PLACES):
            store.add_coding(located_coding(i, place, 10 + i))
    return path


@pytest.fixture(scope="session")
def web_app(web_db):
    from tacitus.web import WebSettings, create_app

    return create_app(web_db, WebSettings(token=TOKEN, max_body_bytes=200_000, max_code_chars=20_000))


@pytest.fixture(scope="session")
def client(web_app):
    from fastapi.testclient import TestClient

    with TestClient(web_app) as c:
        yield c


@pytest.fixture(scope="session")
def open_client(web_db):
    """A client of a server started without a token (write endpoints disabled)."""
    from fastapi.testclient import TestClient

    from tacitus.web import create_app

    with TestClient(create_app(web_db)) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(web_app):
    """The app served by uvicorn on a loopback port, in a thread; yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
